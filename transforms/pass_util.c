#include "pass_util.h"

#include "mlir-c/Support.h"

#include <stdlib.h>

/* Stateless passes: the spec is the user data, shared by clones. */
static void construct(void *userData) { (void)userData; }
static void destruct(void *userData) { (void)userData; }
static void *clonePass(void *userData) { return userData; }

static MlirLogicalResult initializePass(MlirContext ctx, void *userData) {
  const BitblasPassSpec *spec = (const BitblasPassSpec *)userData;
  return spec->initialize ? spec->initialize(ctx, userData) : mlirLogicalResultSuccess();
}

static void runPass(MlirOperation op, MlirExternalPass pass, void *userData) {
  const BitblasPassSpec *spec = (const BitblasPassSpec *)userData;
  spec->run(op, pass, userData);
}

static MlirPass createPass(const BitblasPassSpec *spec, MlirExternalPassCallbacks callbacks,
                          void *userData) {
  MlirDialectHandle handles[16];
  intptr_t n = 0;
  if (spec->dependentDialects)
    for (; spec->dependentDialects[n] && n < 16; ++n)
      handles[n] = spec->dependentDialects[n]();
  return mlirCreateExternalPass(
      mlirTypeIDCreate(spec->typeIdAnchor), mlirStringRefCreateFromCString(spec->name),
      mlirStringRefCreateFromCString(spec->argument),
      mlirStringRefCreateFromCString(spec->description),
      mlirStringRefCreateFromCString(spec->opName), n, handles, callbacks, userData);
}

MlirPass bitblasCreatePassFromSpec(const BitblasPassSpec *spec) {
  MlirExternalPassCallbacks callbacks = {construct, destruct, initializePass, clonePass,
                                         runPass};
  return createPass(spec, callbacks, (void *)spec);
}

/* Passes with a setting: each instance owns a copy of {spec, param}. */
static void destructInstance(void *userData) { free(userData); }
static void *cloneInstance(void *userData) {
  BitblasPassInstance *copy = malloc(sizeof *copy);
  if (copy)
    *copy = *(const BitblasPassInstance *)userData;
  return copy;
}
static MlirLogicalResult initializeInstance(MlirContext ctx, void *userData) {
  const BitblasPassInstance *inst = (const BitblasPassInstance *)userData;
  return inst->spec->initialize ? inst->spec->initialize(ctx, userData)
                                : mlirLogicalResultSuccess();
}
static void runInstance(MlirOperation op, MlirExternalPass pass, void *userData) {
  const BitblasPassInstance *inst = (const BitblasPassInstance *)userData;
  inst->spec->run(op, pass, userData);
}

MlirPass bitblasCreatePassWithParam(const BitblasPassSpec *spec, int64_t param) {
  BitblasPassInstance *inst = malloc(sizeof *inst);
  if (!inst)
    return (MlirPass){NULL};
  *inst = (BitblasPassInstance){spec, param};
  MlirExternalPassCallbacks callbacks = {construct, destructInstance, initializeInstance,
                                         cloneInstance, runInstance};
  return createPass(spec, callbacks, inst);
}
