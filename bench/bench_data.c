#include "bench_data.h"

#include "bitblas/reference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t benchRandom(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static double uniform(uint64_t *s, double lo, double hi) {
  return lo + (hi - lo) * (double)(benchRandom(s) >> 11) / 9007199254740992.0;
}

/* Fills `n` elements of `type` with values drawn from [lo, hi]. */
static int fillValues(BitblasRtType type, size_t n, double lo, double hi, uint64_t *s, void *dst) {
  double *tmp = malloc(n * sizeof *tmp);
  if (!tmp)
    return 1;
  for (size_t i = 0; i < n; ++i)
    tmp[i] = type == BITBLAS_RT_TYPE_I8 ? floor(uniform(s, -127.0, 127.99))
                                        : uniform(s, lo, hi);
  int rc = bitblasRtConvertFromDouble(type, tmp, n, dst) != BITBLAS_RT_SUCCESS;
  free(tmp);
  return rc;
}

int benchMakeInputs(const BitblasRtMatmulConfig *cfg, int64_t m, uint64_t *seed,
                    BenchInputs *in) {
  memset(in, 0, sizeof *in);
  if (bitblasRtMatmulConfigGetSizes(cfg, m, &in->sizes) != BITBLAS_RT_SUCCESS)
    return 1;
  BitblasRtMatmulSizes *z = &in->sizes;
  in->a = malloc(z->a_bytes);
  in->w = malloc(z->w_bytes);
  in->scale = z->scale_bytes ? malloc(z->scale_bytes) : NULL;
  in->zeros = z->zeros_bytes ? malloc(z->zeros_bytes) : NULL;
  in->bias = z->bias_bytes ? malloc(z->bias_bytes) : NULL;
  if (!in->a || !in->w || (z->scale_bytes && !in->scale) || (z->zeros_bytes && !in->zeros) ||
      (z->bias_bytes && !in->bias))
    return 1;
  size_t nk = (size_t)(cfg->n * cfg->k);
  int bits = 0;
  bitblasRtTypeBits(cfg->w_type, &cfg->lut, &bits);
  uint32_t *codes = malloc(nk * sizeof *codes);
  if (!codes)
    return 1;
  /* Codes that decode to NaN/inf carry no weight: draw from the finite ones. */
  uint32_t valid[256], numValid = 0;
  for (uint32_t c = 0; c < (1u << bits) && c < 256; ++c) {
    double v;
    if (bitblasRtDecodeCode(cfg->w_type, &cfg->lut, c, &v) == BITBLAS_RT_SUCCESS &&
        isfinite(v) && fabs(v) < 1e4)
      valid[numValid++] = c;
  }
  for (size_t i = 0; i < nk; ++i) {
    uint64_t r = benchRandom(seed);
    codes[i] = bits > 8 ? (uint32_t)(r & 0x3bff) /* f16/bf16: |x| < 1 */
                        : valid[r % numValid];
  }
  BitblasRtWeightDesc wd = {cfg->w_type, cfg->lut, cfg->layout, cfg->n, cfg->k};
  int rc = bitblasRtTransformWeight(&wd, BITBLAS_RT_SOURCE_I32_CODE, codes, in->w, z->w_bytes) !=
           BITBLAS_RT_SUCCESS;
  free(codes);
  if (rc)
    return 1;
  size_t groups = z->scale_bytes ? (size_t)(cfg->n * (cfg->k / (cfg->group_size ? cfg->group_size : cfg->k))) : 0;
  BitblasRtType st = BITBLAS_RT_TYPE_INVALID;
  bitblasRtMatmulConfigScaleType(cfg, &st);
  rc |= fillValues(cfg->a_type, (size_t)(m * cfg->k), -1.0, 1.0, seed, in->a);
  if (in->scale)
    rc |= fillValues(st, groups, 0.002, 0.02, seed, in->scale);
  if (in->zeros) {
    if (cfg->zeros_mode == BITBLAS_RT_ZEROS_QUANTIZED) {
      for (size_t i = 0; i < groups; ++i)
        ((uint8_t *)in->zeros)[i] = (uint8_t)(benchRandom(seed) % (1u << bits));
    } else {
      rc |= fillValues(st, groups, 0.0, (double)(1u << bits) / 2.0, seed, in->zeros);
    }
  }
  if (in->bias)
    rc |= fillValues(cfg->out_type, (size_t)cfg->n, -1.0, 1.0, seed, in->bias);
  return rc;
}

void benchFreeInputs(BenchInputs *in) {
  free(in->a);
  free(in->w);
  free(in->scale);
  free(in->zeros);
  free(in->bias);
  memset(in, 0, sizeof *in);
}

double benchRelError(const BitblasRtMatmulConfig *cfg, int64_t m, const void *c,
                     const double *ref) {
  double rel = NAN;
  size_t nonfinite = 0;
  if (bitblasRtReferenceRelativeError(cfg->out_type, c, ref, (size_t)(m * cfg->n), &rel,
                                      &nonfinite) != BITBLAS_RT_SUCCESS ||
      nonfinite)
    return NAN;
  return rel;
}

double benchTolerance(const BitblasRtMatmulConfig *cfg) {
  return cfg->accum_type == BITBLAS_RT_TYPE_F16   ? 5e-3
         : cfg->accum_type == BITBLAS_RT_TYPE_I32 ? 0.0
                                                  : 1e-3;
}
