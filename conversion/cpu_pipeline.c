/* bitblas-lower-to-cpu: from bitblas ops on tensors to the LLVM dialect. */
#include "bitblas-c/Conversion.h"

#include <stdio.h>
#include <string.h>

/* Upstream half, after bitblas-lower-to-linalg. Bufferization of the function
 * boundaries lets callers write either tensor functions or memref functions
 * with bufferization.to_tensor / materialize_in_destination; loops keep the
 * lowering independent of vector support of the host. arith-expand turns bf16
 * truncation into integer ops: LLVM would call __truncsfbf2, which a JIT
 * process without compiler-rt cannot resolve. */
static const char kUpstream[] = "canonicalize,cse,"
                                "one-shot-bufferize{bufferize-function-boundaries},"
                                "buffer-deallocation-pipeline,"
                                "convert-linalg-to-loops,"
                                "arith-expand{include-bf16=true},"
                                "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
                                "convert-to-llvm,reconcile-unrealized-casts";

typedef struct {
  char text[512];
  size_t len;
} ErrorText;

static void collectError(MlirStringRef s, void *userData) {
  ErrorText *e = (ErrorText *)userData;
  size_t n = s.length < sizeof e->text - 1 - e->len ? s.length : sizeof e->text - 1 - e->len;
  memcpy(e->text + e->len, s.data, n);
  e->len += n;
  e->text[e->len] = '\0';
}

MlirLogicalResult bitblasBuildLowerToCPUPipeline(MlirOpPassManager pm,
                                                 const BitblasPipelineOptions *options) {
  (void)options;
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateLowerToLinalgPass());
  ErrorText err = {{0}, 0};
  MlirLogicalResult r = mlirOpPassManagerAddPipeline(
      pm, mlirStringRefCreate(kUpstream, sizeof kUpstream - 1), collectError, &err);
  if (mlirLogicalResultIsFailure(r))
    fprintf(stderr, "bitblas-lower-to-cpu: %s (are the upstream passes registered?)\n", err.text);
  return r;
}
