/* The table of bitblas passes: the single place a new pass is listed. */
#include "bitblas-c/Passes.h"

static const BitblasPassInfo kPasses[] = {
    {"bitblas-verify", "Check bitblas ops beyond what IRDL verifies", bitblasCreateVerifyPass},
    {NULL, NULL, NULL},
};

const BitblasPassInfo *bitblasGetPasses(void) { return kPasses; }

MlirLogicalResult bitblasAddStandardPipeline(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  return mlirLogicalResultSuccess();
}
