/* Random inputs for one matmul configuration (host side). */
#ifndef BITBLAS_BENCH_DATA_H
#define BITBLAS_BENCH_DATA_H

#include "bitblas/runtime.h"
#include "bitblas/weights.h"

#include <stdint.h>

typedef struct BenchInputs {
  BitblasRtMatmulSizes sizes; /* at the largest M */
  void *a, *w, *scale, *zeros, *bias;
} BenchInputs;

/* Fresh random inputs (never all zeros) for `cfg` at `m` rows, weights packed by the
 * runtime's transform from random codes. Returns 0 on success. */
int benchMakeInputs(const BitblasRtMatmulConfig *cfg, int64_t m, uint64_t *seed,
                    BenchInputs *in);
void benchFreeInputs(BenchInputs *in);

/* bitblasRtReferenceRelativeError of a result of `cfg`'s output type (host
 * copy) against the fp64 reference, as bitblas-gpu-test compares; NaN if
 * any element is NaN or infinite. */
double benchRelError(const BitblasRtMatmulConfig *cfg, int64_t m, const void *c,
                     const double *ref);

/* The largest benchRelError a correct kernel of `cfg` may show: 5e-3 with
 * f16 accumulation, 0 for integer (exact) results, 1e-3 otherwise. */
double benchTolerance(const BitblasRtMatmulConfig *cfg);

uint64_t benchRandom(uint64_t *state);

#endif
