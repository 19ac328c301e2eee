/* BitBLAS runtime: fp64 reference semantics shared by tests and the GPU
 * driver. Host buffers only; formulas from docs/semantics.md. */
#ifndef BITBLAS_RT_REFERENCE_H
#define BITBLAS_RT_REFERENCE_H

#include "bitblas/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* W'[n, k] for all n, k as doubles ([n, k] row-major), from the stored
 * weights and the optional scale / zeros buffers (NULL where the config has
 * none), laid out as bitblasRtMatmulConfigGetSizes describes. */
BITBLAS_RT_API BitblasRtStatus bitblasRtReferenceDequantize(const BitblasRtMatmulConfig *config,
                                                            const void *w, const void *scale,
                                                            const void *zeros, double *w_out);

/* C = A x W'^T (+ bias) in fp64, before the output cast: c_out is [m, n]
 * doubles. A is [m, k] of config->a_type, bias [n] of config->out_type.
 * Use bitblasRtConvertFromDouble to apply the output cast. */
BITBLAS_RT_API BitblasRtStatus bitblasRtReferenceMatmul(const BitblasRtMatmulConfig *config,
                                                        int64_t m, const void *a, const void *w,
                                                        const void *scale, const void *zeros,
                                                        const void *bias, double *c_out);

/* How far a kernel's output is from the reference: ||got - r||_2 / ||r||_2
 * (||got - r||_2 where r is all zero), r being `ref` (n doubles, from
 * bitblasRtReferenceMatmul) after the output cast to `out_type`, so that
 * the result measures the accumulation alone and integer outputs that match
 * give exactly 0. `got` holds n values of out_type. *nonfinite (may be NULL)
 * receives how many of them are NaN or infinite. */
BITBLAS_RT_API BitblasRtStatus bitblasRtReferenceRelativeError(BitblasRtType out_type,
                                                               const void *got, const double *ref,
                                                               size_t n, double *rel,
                                                               size_t *nonfinite);

#ifdef __cplusplus
}
#endif

#endif
