/* bitblas-lower-to-nvvm and bitblas-lower-to-rocdl: bitblas.matmul -> kernels
 * -> NVVM/ROCDL -> GPU binaries, through upstream passes. */
#include "bitblas-c/Passes.h"
#include "gpu_kernel.h"

#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void printError(MlirStringRef message, void *userData) {
  (void)userData;
  fprintf(stderr, "%.*s", (int)message.length, message.data);
}

/* Upstream passes are looked up by name: the host must have registered them
 * (mlirRegisterAllPasses), as bitblas-opt and mlir-opt do. */
static MlirLogicalResult addText(MlirOpPassManager pm, const char *text) {
  MlirLogicalResult r =
      mlirOpPassManagerAddPipeline(pm, mlirStringRefCreateFromCString(text), printError, NULL);
  if (mlirLogicalResultIsFailure(r))
    fprintf(stderr, "\nbitblas: cannot build pipeline '%s'\n", text);
  return r;
}

/* layout=frag16 (or frag8: the same request) asks for the decode kernels'
 * tiled storage where they serve the matmul (frag16 for f16 activations,
 * frag8 for int8) and interleave32 for the rest; layout=interleave32 for the
 * interleaved storage where it fits. No layout takes the target's default:
 * frag16 on NVIDIA (measured faster on the H100, docs/performance.md),
 * packed on AMD (not measured there). */
static MlirLogicalResult addLayout(MlirOpPassManager pm, const BitblasPipelineOptions *o,
                                   const char *pipeline, const char *defaultLayout) {
  const char *layout = o && o->layout ? o->layout : defaultLayout;
  if (strcmp(layout, "packed") == 0)
    return mlirLogicalResultSuccess();
  bool decode = strcmp(layout, "frag16") == 0 || strcmp(layout, "frag8") == 0;
  if (!decode && strcmp(layout, "interleave32") != 0) {
    fprintf(stderr, "%s: layout '%s' is not packed, interleave32, frag16 or frag8\n", pipeline,
            layout);
    return mlirLogicalResultFailure();
  }
  if (decode) {
    mlirOpPassManagerAddOwnedPass(pm, bitblasCreateFrag16WeightsPass());
    mlirOpPassManagerAddOwnedPass(pm, bitblasCreateFrag8WeightsPass());
  }
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateInterleaveWeightsPass());
  return mlirLogicalResultSuccess();
}

/* PTX ISA 8.0 covers sm_80..sm_90a; newer chips need newer PTX. */
static const char *ptxFeatures(const char *chip) {
  int sm = 0;
  if (sscanf(chip, "sm_%d", &sm) == 1 && sm >= 100)
    return "+ptx86";
  return "+ptx80";
}

MlirLogicalResult bitblasBuildNVVMPipeline(MlirOpPassManager pm,
                                           const BitblasPipelineOptions *o) {
  const char *chip = o && o->chip ? o->chip : "sm_90";
  const char *format = o && o->format ? o->format : "bin";
  const char *toolkit = o && o->toolkit ? o->toolkit : BITBLAS_CUDA_TOOLKIT_DIR;
  int opt = o ? o->optLevel : 2;
  int sm = 0;
  if (sscanf(chip, "sm_%d", &sm) != 1 || sm < 75) {
    fprintf(stderr, "bitblas-lower-to-nvvm: chip '%s' is not an sm_XX of sm_75 or newer "
                    "(ptxas 13 has no sm_70)\n", chip);
    return mlirLogicalResultFailure();
  }
  int sms = o ? o->smCount : 0;
  if (!bitblasDecodeSMCountIsValid(sms)) {
    fprintf(stderr, "bitblas-lower-to-nvvm: sms=%d is not an SM count in 1..1024 (0: 132)\n",
            sms);
    return mlirLogicalResultFailure();
  }
  /* Frontend IR (linalg, quantized generics) is raised first. */
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateNormalizePass());
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  if (mlirLogicalResultIsFailure(addLayout(pm, o, "bitblas-lower-to-nvvm", "frag16")))
    return mlirLogicalResultFailure();
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateGpuKernelsPassForTarget(sms, sm));
  char text[1024];
  snprintf(text, sizeof text,
           "nvvm-attach-target{chip=%s features=%s O=%d module=bitblas_.*},"
           "gpu.module(convert-scf-to-cf,convert-gpu-to-nvvm,canonicalize,cse,"
           "reconcile-unrealized-casts),"
           "gpu-module-to-binary{format=%s toolkit=%s}",
           chip, ptxFeatures(chip), opt, format, toolkit);
  return addText(pm, text);
}

MlirLogicalResult bitblasBuildROCDLPipeline(MlirOpPassManager pm,
                                            const BitblasPipelineOptions *o) {
  const char *chip = o && o->chip ? o->chip : "gfx942";
  const char *format = o && o->format ? o->format : "bin";
  const char *toolkit = o && o->toolkit ? o->toolkit : BITBLAS_ROCM_TOOLKIT_DIR;
  int opt = o ? o->optLevel : 2;
  if (strncmp(chip, "gfx", 3) != 0) {
    fprintf(stderr, "bitblas-lower-to-rocdl: chip '%s' is not a gfxNNN\n", chip);
    return mlirLogicalResultFailure();
  }
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateNormalizePass());
  mlirOpPassManagerAddOwnedPass(pm, bitblasCreateVerifyPass());
  if (mlirLogicalResultIsFailure(addLayout(pm, o, "bitblas-lower-to-rocdl", "packed")))
    return mlirLogicalResultFailure();
  /* gfx9 data-center chips run 64-lane waves; RDNA (gfx10+) defaults to 32. */
  bool wave64 = strncmp(chip, "gfx9", 4) == 0;
  mlirOpPassManagerAddOwnedPass(
      pm, wave64 ? bitblasCreateGpuKernelsWave64Pass() : bitblasCreateGpuKernelsWave32Pass());
  char text[1024];
  snprintf(text, sizeof text,
           "rocdl-attach-target{chip=%s O=%d wave64=%s module=bitblas_.*},"
           "gpu.module(convert-scf-to-cf,convert-gpu-to-rocdl{chipset=%s},canonicalize,cse,"
           "reconcile-unrealized-casts),"
           "gpu-module-to-binary{format=%s toolkit=%s}",
           chip, opt, wave64 ? "true" : "false", chip, format, toolkit);
  return addText(pm, text);
}
