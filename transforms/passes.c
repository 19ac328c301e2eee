/* The table of bitblas passes: the single place a new pass is listed. */
#include "bitblas-c/Passes.h"
#include "bitblas-c/Conversion.h"

static const BitblasPassInfo kPasses[] = {
    {"bitblas-verify", "Check bitblas ops beyond what IRDL verifies", bitblasCreateVerifyPass},
    {"bitblas-normalize", "Raise linalg (quantized) matmuls into bitblas.matmul", bitblasCreateNormalizePass},
    {"bitblas-interleave-weights", "Choose the interleave32 weight layout where weights allow it",
     bitblasCreateInterleaveWeightsPass},
    {"bitblas-frag16-weights", "Choose the frag16 weight layout where the decode kernels serve the matmul",
     bitblasCreateFrag16WeightsPass},
    {"bitblas-frag8-weights", "Choose the frag8 weight layout where the decode kernel serves an int8-activation matmul",
     bitblasCreateFrag8WeightsPass},
    {"bitblas-fold-layouts", "Apply bitblas.tile_transform_layout to constant tensors at compile time",
     bitblasCreateFoldLayoutsPass},
    {"bitblas-gpu-kernels", "Generate NVIDIA GPU matmul kernels",
     bitblasCreateGpuKernelsPass},
    {"bitblas-gpu-kernels-wave64", "Generate GPU matmul kernels (64-lane waves)",
     bitblasCreateGpuKernelsWave64Pass},
    {"bitblas-gpu-kernels-wave32", "Generate portable GPU matmul kernels (32-lane AMD waves)",
     bitblasCreateGpuKernelsWave32Pass},
    {"bitblas-lower-to-linalg", "Lower bitblas ops on tensors to linalg (CPU path)",
     bitblasCreateLowerToLinalgPass},
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
    {"bitblas-lower-to-nvvm", "bitblas.matmul to NVIDIA GPU binaries (cubin/PTX)",
     bitblasBuildNVVMPipeline},
    {"bitblas-lower-to-rocdl", "bitblas.matmul to AMD GPU binaries (hsaco/ISA)",
     bitblasBuildROCDLPipeline},
    {"bitblas-lower-to-cpu", "bitblas ops to the LLVM dialect for the CPU JIT",
     bitblasBuildLowerToCPUPipeline},
    {NULL, NULL, NULL},
};

const BitblasPipelineInfo *bitblasGetPipelines(void) { return kPipelines; }

MlirLogicalResult bitblasAddStandardPipeline(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateNormalizePass());
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  return mlirLogicalResultSuccess();
}
