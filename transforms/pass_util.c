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

MlirPass bitblasCreatePassFromSpec(const BitblasPassSpec *spec) {
  MlirDialectHandle handles[16];
  intptr_t n = 0;
  if (spec->dependentDialects)
    for (; spec->dependentDialects[n] && n < 16; ++n)
      handles[n] = spec->dependentDialects[n]();
  MlirExternalPassCallbacks callbacks = {construct, destruct, initializePass, clonePass,
                                         runPass};
  return mlirCreateExternalPass(
      mlirTypeIDCreate(spec->typeIdAnchor), mlirStringRefCreateFromCString(spec->name),
      mlirStringRefCreateFromCString(spec->argument),
      mlirStringRefCreateFromCString(spec->description),
      mlirStringRefCreateFromCString(spec->opName), n, handles, callbacks, (void *)spec);
}
