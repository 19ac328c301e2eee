/* bitblas-normalize: raises what frontends emit for (quantized) matmuls into
 * bitblas.matmul on tensors. The matchers live in normalize_*.c; this file is
 * the pass: it collects candidates with a walk, rewrites them one by one (each
 * rewrite replaces a single op, so the walk's list stays valid) and erases
 * producers that died. Anything not understood is left exactly as it was. */
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Passes.h"
#include "dialect/internal.h"
#include "normalize.h"
#include "pass_util.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/Dialect/Tensor.h"

#include <stdlib.h>
#include <string.h>

/* linalg ops with one result: what normRaiseContraction may raise. */
static bool isCandidate(MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  return name.length >= 7 && memcmp(name.data, "linalg.", 7) == 0 &&
         mlirOperationGetNumResults(op) == 1;
}

static bool allResultsUnused(MlirOperation op) {
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i)
    if (!normHasNoUse(mlirOperationGetResult(op, i)))
      return false;
  return true;
}

/* Producers of raised ops (fills, empties, dequantizing generics) that no one
 * reads any more. Listed producers are side-effect free tensor ops. */
static void eraseDead(NormDeadList *dead) {
  for (bool changed = true; changed;) {
    changed = false;
    for (intptr_t i = 0; i < dead->n; ++i) {
      MlirOperation op = dead->ops[i];
      if (mlirOperationIsNull(op) || !allResultsUnused(op))
        continue;
      /* Forget every copy of it before destroying, then queue its producers. */
      for (intptr_t j = 0; j < dead->n; ++j)
        if (mlirOperationEqual(dead->ops[j], op))
          dead->ops[j] = (MlirOperation){NULL};
      for (intptr_t k = 0, n = mlirOperationGetNumOperands(op); k < n; ++k) {
        MlirOperation d = normDef(mlirOperationGetOperand(op, k));
        if ((normOpIs(d, "tensor.empty") || normOpIs(d, "linalg.fill") ||
             normOpIs(d, "arith.constant")) &&
            dead->n < (intptr_t)(sizeof dead->ops / sizeof dead->ops[0]))
          dead->ops[dead->n++] = d;
      }
      mlirOperationDestroy(op);
      changed = true;
    }
  }
}

static void run(MlirOperation root, MlirExternalPass pass, void *userData) {
  (void)userData;
  BitblasOpList cands;
  if (!bitblasCollectOps(root, isCandidate, &cands)) {
    mlirEmitError(mlirOperationGetLocation(root), "bitblas-normalize: out of memory");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  NormDeadList *dead = (NormDeadList *)calloc(1, sizeof *dead);
  if (!dead) {
    free(cands.ops);
    mlirEmitError(mlirOperationGetLocation(root), "bitblas-normalize: out of memory");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  /* Dead producers are erased only at the end: they may still be on the
   * candidate list (a dead list that fills up just leaves dead ops behind). */
  for (int i = 0; i < cands.count; ++i)
    normRaiseContraction(cands.ops[i], dead);
  eraseDead(dead);
  free(dead);
  free(cands.ops);
}

/* bitblas.matmul is an IRDL (dynamic) op: it has no dialect handle to list as
 * a dependent dialect, so the pass loads it itself. Initialization runs once
 * per pass-manager run, before any op is visited, on the calling thread. */
static MlirLogicalResult initialize(MlirContext ctx, void *userData) {
  (void)userData;
  if (bitblasDialectIsLoaded(ctx) || mlirLogicalResultIsSuccess(bitblasLoadDialect(ctx)))
    return mlirLogicalResultSuccess();
  mlirEmitError(mlirLocationUnknownGet(ctx),
                "bitblas-normalize: cannot load the bitblas dialect; load it first "
                "(mlir-opt --irdl-file=<prefix>/share/bitblas/bitblas.irdl.mlir, or use bitblas-opt)");
  return mlirLogicalResultFailure();
}

static MlirDialectHandle (*const dependentDialects[])(void) = {
    mlirGetDialectHandle__arith__,
    mlirGetDialectHandle__linalg__,
    mlirGetDialectHandle__tensor__,
    NULL,
};

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasNormalize",
    .argument = "bitblas-normalize",
    .description = "Raise linalg (quantized) matmuls and dequantization into bitblas.matmul",
    .opName = "",
    .dependentDialects = dependentDialects,
    .run = run,
    .initialize = initialize,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateNormalizePass(void) { return bitblasCreatePassFromSpec(&spec); }
