#include "pass_util.h"

#include "mlir-c/Support.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* The user data of every pass: immutable after creation, so clones (the pass
 * manager's, for threads) share it and the last destruct frees it. */
typedef struct {
  BitblasPassInstance inst;
  atomic_int refs;
} Shared;

static void construct(void *userData) { (void)userData; }

static void destruct(void *userData) {
  Shared *s = userData;
  if (atomic_fetch_sub(&s->refs, 1) == 1)
    free(s);
}

static void *clonePass(void *userData) {
  atomic_fetch_add(&((Shared *)userData)->refs, 1);
  return userData;
}

static MlirLogicalResult initializePass(MlirContext ctx, void *userData) {
  const BitblasPassSpec *spec = ((Shared *)userData)->inst.spec;
  return spec->initialize ? spec->initialize(ctx, userData) : mlirLogicalResultSuccess();
}

static void runPass(MlirOperation op, MlirExternalPass pass, void *userData) {
  ((Shared *)userData)->inst.spec->run(op, pass, userData);
}

MlirPass bitblasCreatePassWithParam(const BitblasPassSpec *spec, int64_t param) {
  Shared *s = malloc(sizeof *s);
  if (!s) {
    fprintf(stderr, "bitblas: out of memory creating pass %s\n", spec->argument);
    abort();
  }
  s->inst = (BitblasPassInstance){spec, param};
  atomic_init(&s->refs, 1);
  enum { kMaxDeps = 16 };
  MlirDialectHandle handles[kMaxDeps];
  intptr_t n = 0;
  if (spec->dependentDialects)
    for (; n < kMaxDeps && spec->dependentDialects[n]; ++n)
      handles[n] = spec->dependentDialects[n]();
  MlirExternalPassCallbacks callbacks = {construct, destruct, initializePass, clonePass, runPass};
  return mlirCreateExternalPass(
      mlirTypeIDCreate(spec->typeIdAnchor), mlirStringRefCreateFromCString(spec->name),
      mlirStringRefCreateFromCString(spec->argument),
      mlirStringRefCreateFromCString(spec->description),
      mlirStringRefCreateFromCString(spec->opName), n, handles, callbacks, s);
}

MlirPass bitblasCreatePassFromSpec(const BitblasPassSpec *spec) {
  return bitblasCreatePassWithParam(spec, 0);
}
