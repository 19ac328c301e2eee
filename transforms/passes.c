/* The table of bitblas passes: the single place a new pass is listed. */
#include "bitblas-c/Passes.h"

static const BitblasPassInfo kPasses[] = {
    {"bitblas-verify", "Check bitblas ops beyond what IRDL verifies", bitblasCreateVerifyPass},
    {NULL, NULL, NULL},
};

const BitblasPassInfo *bitblasGetPasses(void) { return kPasses; }

static MlirLogicalResult buildStandardPipeline(MlirOpPassManager pm,
                                               const BitblasPipelineOptions *options) {
  (void)options;
  return bitblasAddStandardPipeline(pm);
}

static const BitblasPipelineInfo kPipelines[] = {
    {"bitblas-standard", "Verify and normalize bitblas input", buildStandardPipeline},
    {NULL, NULL, NULL},
};

const BitblasPipelineInfo *bitblasGetPipelines(void) { return kPipelines; }

MlirLogicalResult bitblasAddStandardPipeline(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  return mlirLogicalResultSuccess();
}
