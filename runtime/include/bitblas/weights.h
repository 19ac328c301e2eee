/* BitBLAS runtime: host-side weight transform into the storage layout a
 * kernel expects, and its inverse. Pure C, no GPU needed. */
#ifndef BITBLAS_RT_WEIGHTS_H
#define BITBLAS_RT_WEIGHTS_H

#include "bitblas/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the caller's source buffer holds: one element per weight, row-major [n, k]. */
typedef enum BitblasRtWeightSource {
  BITBLAS_RT_SOURCE_INVALID = 0,
  BITBLAS_RT_SOURCE_F32 = 1,       /* float values */
  BITBLAS_RT_SOURCE_F16 = 2,       /* f16 values given as uint16_t bits */
  BITBLAS_RT_SOURCE_I32_VALUE = 3, /* int32_t integer values (integer weight types only; i1 takes -1/+1) */
  BITBLAS_RT_SOURCE_I32_CODE = 4,  /* int32_t raw codes in [0, 2^bits) */
  BITBLAS_RT_SOURCE_U8_CODE = 5    /* uint8_t raw codes in [0, 2^bits) (types of <= 8 bits) */
} BitblasRtWeightSource;

/* Bytes of the stored tensor (packed: n * k * bits / 8; k * bits must be a multiple of 8). */
BITBLAS_RT_API BitblasRtStatus bitblasRtWeightStorageBytes(const BitblasRtWeightDesc *desc,
                                                           size_t *bytes);

/* Converts the caller's weights into a new buffer `dst` (exactly
 * bitblasRtWeightStorageBytes bytes) in desc->layout. `src` is never written.
 * Float values round to the nearest code for f16/bf16/f8/f4/nf4/af4/lut
 * (ties to the even code, beyond-range values saturate, NaN/inf rejected);
 * integer weight types need exactly representable in-range integers. The
 * first offending element is named as (n, k) in the error message. */
BITBLAS_RT_API BitblasRtStatus bitblasRtTransformWeight(const BitblasRtWeightDesc *desc,
                                                        BitblasRtWeightSource source,
                                                        const void *src, void *dst,
                                                        size_t dst_bytes);

/* Inverse: stored tensor -> one raw code per element (row-major [n, k]). */
BITBLAS_RT_API BitblasRtStatus bitblasRtWeightToCodes(const BitblasRtWeightDesc *desc,
                                                      const void *storage, size_t storage_bytes,
                                                      uint32_t *codes);

#ifdef __cplusplus
}
#endif

#endif
