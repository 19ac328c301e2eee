/*===-- bitblas-c/Passes.h - bitblas passes and pipelines, C API ----------===*\
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_PASSES_H
#define BITBLAS_C_PASSES_H

#include "mlir-c/Pass.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One entry per pass: its pass-pipeline argument, a description and a
 * constructor. The table ends with an entry whose `argument` is NULL. */
typedef struct BitblasPassInfo {
  const char *argument;
  const char *description;
  MlirPass (*create)(void);
} BitblasPassInfo;

const BitblasPassInfo *bitblasGetPasses(void);

MlirPass bitblasCreateVerifyPass(void);    /* bitblas-verify */
MlirPass bitblasCreateNormalizePass(void); /* bitblas-normalize */
MlirPass bitblasCreateInterleaveWeightsPass(void); /* bitblas-interleave-weights */
MlirPass bitblasCreateFrag16WeightsPass(void);     /* bitblas-frag16-weights */
MlirPass bitblasCreateFrag8WeightsPass(void);      /* bitblas-frag8-weights */
MlirPass bitblasCreateFoldLayoutsPass(void);       /* bitblas-fold-layouts */
MlirPass bitblasCreateGpuKernelsPass(void);       /* bitblas-gpu-kernels */
/* bitblas-gpu-kernels for a card of `smCount` SMs: the decode kernels'
 * one-wave grids are sized for it (0: 132, an H100 SXM or H200). A null pass
 * when smCount is outside 0..1024. The SM count is a C-side setting: the
 * pass registered by name, and a printed pipeline, use the default; the
 * pipelines take it as `sms=`. */
MlirPass bitblasCreateGpuKernelsPassForSMs(int smCount);
/* The same for an NVIDIA target of compute capability `smVersion` (90 for
 * sm_90; 0: unknown). From 90 on, the decode kernels take part in
 * programmatic dependent launch (they wait for the previous kernel only
 * before their first activation read; docs/runtime.md), and their manifest
 * entries say `pdl=1`. A null pass when smCount is outside 0..1024 or
 * smVersion outside 0..1023. */
MlirPass bitblasCreateGpuKernelsPassForTarget(int smCount, int smVersion);
MlirPass bitblasCreateGpuKernelsWave64Pass(void); /* bitblas-gpu-kernels-wave64 */
MlirPass bitblasCreateGpuKernelsWave32Pass(void); /* bitblas-gpu-kernels-wave32 */

/* Options every bitblas pipeline understands (unset ones are NULL / 0). In a
 * textual pipeline: `bitblas-lower-to-nvvm{chip=sm_90 format=bin}`. */
typedef struct BitblasPipelineOptions {
  const char *chip;    /* sm_80, sm_90, gfx942, ... */
  const char *format;  /* gpu-module-to-binary format: isa, bin, fatbin, offloading */
  const char *toolkit; /* CUDA or ROCm toolkit folder */
  int optLevel;        /* 0..3 */
  const char *layout;  /* weight storage: packed, interleave32, or frag16 / frag8 (either
                          asks for the decode kernels' layouts: frag16 for f16
                          activations, frag8 for int8);
                          NULL: the target's default (frag16 for NVVM, falling back to
                          interleave32 where the decode kernels do not serve the matmul;
                          packed for ROCDL) */
  int smCount;         /* NVVM: SMs of the card the kernels are shaped for (1..1024;
                          0: 132, an H100 SXM or H200); `sms=` in a textual pipeline */
} BitblasPipelineOptions;

typedef struct BitblasPipelineInfo {
  const char *argument;
  const char *description;
  MlirLogicalResult (*build)(MlirOpPassManager pm, const BitblasPipelineOptions *options);
} BitblasPipelineInfo;

/* The pipelines, ending with an entry whose `argument` is NULL. */
const BitblasPipelineInfo *bitblasGetPipelines(void);

/* Registers every pass above (and the pipelines) by name, so that textual
 * pipelines (mlirParsePassPipeline, --pass-pipeline) can name them. */
void bitblasRegisterPasses(void);

/* bitblas-lower-to-nvvm / bitblas-lower-to-rocdl: bitblas.matmul to GPU binaries
 * (gpu.binary ops; the matmul ops keep a `bitblas.kernels` attribute). */
MlirLogicalResult bitblasBuildNVVMPipeline(MlirOpPassManager pm,
                                           const BitblasPipelineOptions *options);
MlirLogicalResult bitblasBuildROCDLPipeline(MlirOpPassManager pm,
                                            const BitblasPipelineOptions *options);

/* Appends bitblas's standard front half (verify, normalize, verify) to `pm`. */
MlirLogicalResult bitblasAddStandardPipeline(MlirOpPassManager pm);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_PASSES_H */
