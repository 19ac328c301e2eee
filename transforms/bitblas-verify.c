/* bitblas-verify: the dialect's C verifier as a pass (bitblas-opt runs it on
 * load, before any user pipeline). */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Passes.h"
#include "pass_util.h"

static void run(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)userData;
  if (mlirLogicalResultIsFailure(bitblasVerifyOperation(op)))
    mlirExternalPassSignalFailure(pass);
}

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasVerify",
    .argument = "bitblas-verify",
    .description = "Check bitblas ops beyond what IRDL verifies (types, shapes, groups, zeros)",
    .opName = "",
    .dependentDialects = NULL,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateVerifyPass(void) { return bitblasCreatePassFromSpec(&spec); }
