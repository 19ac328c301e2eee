/* Matmul configurations the tool can generate: the built-in example and the
 * support matrix the GPU correctness test covers. */
#ifndef BITBLAS_COMPILE_MATRIX_H
#define BITBLAS_COMPILE_MATRIX_H

#include <stddef.h>
#include <stdint.h>

typedef struct BitblasMatmulConfig {
  const char *a, *w, *accum, *out; /* MLIR type spellings */
  int64_t group;                   /* 0 = per-channel */
  const char *zeros;               /* none, original, rescale, quantized */
  const char *scale;               /* NULL = no scale */
  int bias;
} BitblasMatmulConfig;

extern const BitblasMatmulConfig bitblasExampleConfig;

/* The support-matrix test set; returns its size. */
size_t bitblasMatrixConfigs(const BitblasMatmulConfig **out);

/* The decode benchmark's configurations; returns its size. */
size_t bitblasBenchConfigs(const BitblasMatmulConfig **out);

/* Appends a func.func @name wrapping one bitblas.matmul of `c` with [N, K]
 * weights to `buf` (capacity `cap`); returns bytes written or -1. */
int bitblasWriteMatmulFunc(char *buf, size_t cap, const char *name,
                           const BitblasMatmulConfig *c, int64_t n, int64_t k);

#endif
