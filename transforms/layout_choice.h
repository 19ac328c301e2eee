/* Shared by the passes that pick a weight layout per bitblas.matmul
 * (bitblas-frag16-weights, bitblas-frag8-weights, bitblas-interleave-weights). */
#ifndef BITBLAS_TRANSFORMS_LAYOUT_CHOICE_H
#define BITBLAS_TRANSFORMS_LAYOUT_CHOICE_H

#include "mlir-c/IR.h"

#include <stdbool.h>

/* Whether `matmul` may take weight layout `layout`. */
typedef bool (*BitblasLayoutFits)(MlirOperation matmul, MlirStringRef layout);

/* Whether the decode kernels serve `matmul` with weights in `layout`
 * (frag16, frag8): the op's description checks the layout against the
 * kernel's rules, with a tile the op names. */
bool bitblasDecodeKernelsServe(MlirOperation matmul, MlirStringRef layout);

/* Marks each bitblas.matmul under `root` that names no layout yet with
 * `bitblas.weight_layout = layout` where `fits` accepts it; an explicit
 * choice is never changed. */
void bitblasChooseWeightLayout(MlirOperation root, const char *layout, BitblasLayoutFits fits);

#endif
