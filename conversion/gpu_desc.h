/* Reading a bitblas.matmul op into the kernel generator's description. */
#ifndef BITBLAS_CONVERSION_GPU_DESC_H
#define BITBLAS_CONVERSION_GPU_DESC_H

#include "gpu_kernel.h"

#include "mlir-c/IR.h"

/* Fills `d` from `op`; on failure returns a message naming what is unsupported.
 * `table` must hold 256 doubles; it receives lookup-table values. */
const char *bitblasMatmulDescFromOp(MlirOperation op, BitblasMatmulDesc *d, double *table);

/* The same as if `op` named weight layout `layoutName` (the op's own
 * `bitblas.weight_layout` when its data is NULL): what a layout pass asks
 * before it chooses one, without touching the op. */
const char *bitblasMatmulDescFromOpAs(MlirOperation op, MlirStringRef layoutName,
                                      BitblasMatmulDesc *d, double *table);

/* Kernel variants for `d` on a target with `lanes`-wide warps; tensor-core
 * variants only when `nvidia`. Returns how many. */
int bitblasDefaultKernelVariants(const BitblasMatmulDesc *d, int lanes, bool nvidia,
                                 BitblasKernelVariant *out, int cap);

/* Short names for manifests ("f16", "ui4", "nf4", ...), from the op's types. */
void bitblasMatmulTypeNames(MlirOperation op, char *a, char *w, char *accum, char *out,
                            char *scale, size_t cap);

#endif
