/*===-- bitblas-c/Layout.h - Physical weight layouts, C API ---------------===*\
|* The hardware-aligned weight layouts as affine maps, the form                *|
|* `bitblas.tile_transform_layout` takes. The runtime's weight transform       *|
|* produces the same storage for weights given at run time                    *|
|* (bitblasRtTransformWeight); bitblas-fold-layouts applies a map to constant  *|
|* weights at compile time. Semantics: docs/semantics.md, "Layouts today".     *|
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_LAYOUT_H
#define BITBLAS_C_LAYOUT_H

#include "mlir-c/AffineMap.h"
#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The map (d0, d1) -> (s) from logical index (n, k) of an [n, k] weight of
 * `bits`-bit elements to the element's position s in the stored stream of
 * `layout` ("packed", "interleave32", "frag16" or "frag8"), i.e. into a 1-D
 * tensor of n * k elements. Null map when the layout does not take the shape:
 * unknown name, bits not in {1, 2, 4, 8, 16} (interleave32 and frag16) or
 * {1, 2, 4} (frag8), k * bits not a multiple of 32 (interleave32) or 256
 * (frag16 and frag8), n not a multiple of 16 (frag16 and frag8), or a size not
 * positive. */
MlirAffineMap bitblasWeightLayoutGetMap(MlirContext ctx, MlirStringRef layout, int64_t n,
                                       int64_t k, unsigned bits);

#ifdef __cplusplus
}
#endif

#endif
