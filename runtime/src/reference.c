/* fp64 reference of docs/semantics.md: dequantization and matmul. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

BitblasRtStatus bitblasRtReferenceDequantize(const BitblasRtMatmulConfig *c, const void *w,
                                             const void *scale, const void *zeros,
                                             double *out) {
  const char *fn = "bitblasRtReferenceDequantize";
  RT_CHECK_ARG(fn, c, "config");
  BitblasRtStatus st = bitblasRtMatmulConfigValidate(c);
  if (st) return rt_error_prefix(st, fn);
  RT_CHECK_ARG(fn, w, "w");
  RT_CHECK_ARG(fn, out, "w_out");
  if (c->has_scale && !scale) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: argument scale is NULL but the config has a scale", fn);
  if (c->zeros_mode != BITBLAS_RT_ZEROS_NONE && !zeros)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: argument zeros is NULL but zeros=%s", fn, bitblasRtZerosModeName(c->zeros_mode));
  int bits = rt_type_bits(c->w_type, &c->lut);
  int64_t g = c->group_size ? c->group_size : c->k, groups = c->k / g;
  BitblasRtType stype;
  bitblasRtMatmulConfigScaleType(c, &stype);
  /* Decode table once: every weight type has at most 2^16 codes. */
  size_t ncodes = (size_t)1 << bits;
  double *table = malloc(ncodes * sizeof *table);
  if (!table) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "%s: out of memory", fn);
  for (size_t code = 0; code < ncodes; ++code)
    bitblasRtDecodeCode(c->w_type, &c->lut, (uint32_t)code, &table[code]);
  /* Rows are independent: the GPU driver checks layers of up to 28672 x 8192. */
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
  for (int64_t n = 0; n < c->n; ++n) {
    for (int64_t k = 0; k < c->k; ++k) {
      size_t i = (size_t)(n * c->k + k), gi = (size_t)(n * groups + k / g);
      BitblasRtLayout layout = c->layout ? c->layout : BITBLAS_RT_LAYOUT_PACKED;
      double q = table[rt_packed_get(w, bits, rt_storage_index(layout, bits, c->k, i))];
      double s = c->has_scale ? rt_load_scalar(stype, scale, gi) : 1.0;
      double v;
      switch (c->zeros_mode) {
      case BITBLAS_RT_ZEROS_ORIGINAL: v = (q - rt_load_scalar(stype, zeros, gi)) * s; break;
      case BITBLAS_RT_ZEROS_RESCALE: v = q * s - rt_load_scalar(stype, zeros, gi); break;
      case BITBLAS_RT_ZEROS_QUANTIZED: v = (q - ((const uint8_t *)zeros)[gi]) * s; break;
      default: v = q * s; break;
      }
      out[i] = v;
    }
  }
  free(table);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtReferenceMatmul(const BitblasRtMatmulConfig *c, int64_t m, const void *a,
                                         const void *w, const void *scale, const void *zeros,
                                         const void *bias, double *c_out) {
  const char *fn = "bitblasRtReferenceMatmul";
  RT_CHECK_ARG(fn, c, "config");
  RT_CHECK_ARG(fn, a, "a");
  RT_CHECK_ARG(fn, c_out, "c_out");
  if (m <= 0) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: M=%lld must be positive", fn, (long long)m);
  if (c->has_bias && !bias) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: argument bias is NULL but the config has a bias", fn);
  BitblasRtStatus st = bitblasRtMatmulConfigValidate(c);
  if (st) return rt_error_prefix(st, fn);
  size_t nk = (size_t)(c->n * c->k), mk = (size_t)(m * c->k);
  double *wd = malloc(nk * sizeof *wd), *ad = malloc(mk * sizeof *ad);
  if (!wd || !ad) {
    free(wd);
    free(ad);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "%s: out of memory", fn);
  }
  st = bitblasRtReferenceDequantize(c, w, scale, zeros, wd);
  if (!st) st = bitblasRtConvertToDouble(c->a_type, a, mk, ad);
  if (st) {
    free(wd);
    free(ad);
    return rt_error_prefix(st, fn);
  }
  /* The reference checks GPU runs of up to 257 x 11008 x 4096: use the cores. */
#ifdef _OPENMP
#pragma omp parallel for collapse(2) schedule(static)
#endif
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t n = 0; n < c->n; ++n) {
      const double *ar = ad + i * c->k, *wr = wd + n * c->k;
      /* Four independent sums: one chain waits out the add latency (integer
       * results stay exact: every partial sum is an integer below 2^53). */
      double part[4] = {0.0, 0.0, 0.0, 0.0};
      int64_t k = 0;
      for (; k + 4 <= c->k; k += 4)
        for (int j = 0; j < 4; ++j) part[j] += ar[k + j] * wr[k + j];
      for (; k < c->k; ++k) part[0] += ar[k] * wr[k];
      double acc = (part[0] + part[1]) + (part[2] + part[3]);
      if (c->has_bias) acc += rt_load_scalar(c->out_type, bias, (size_t)n);
      c_out[i * c->n + n] = acc;
    }
  }
  free(wd);
  free(ad);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtReferenceRelativeError(BitblasRtType out_type, const void *got,
                                                const double *ref, size_t n, double *rel,
                                                size_t *nonfinite) {
  const char *fn = "bitblasRtReferenceRelativeError";
  RT_CHECK_ARG(fn, got, "got");
  RT_CHECK_ARG(fn, ref, "ref");
  RT_CHECK_ARG(fn, rel, "rel");
  if (!rt_type_is_scalar(out_type))
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: output type %s is not a scalar type",
                    fn, bitblasRtTypeName(out_type));
  const size_t bytes = (size_t)rt_type_bits(out_type, NULL) / 8;
  double *g = malloc((n ? n : 1) * sizeof *g), *r = malloc((n ? n : 1) * sizeof *r);
  void *cast = malloc((n ? n : 1) * bytes);
  BitblasRtStatus st = g && r && cast ? BITBLAS_RT_SUCCESS
                                      : rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "%s: out of memory", fn);
  if (!st) st = bitblasRtConvertFromDouble(out_type, ref, n, cast);
  if (!st) st = bitblasRtConvertToDouble(out_type, cast, n, r);
  if (!st) st = bitblasRtConvertToDouble(out_type, got, n, g);
  if (!st) {
    double num = 0, den = 0;
    size_t bad = 0;
    for (size_t i = 0; i < n; ++i) {
      bad += !isfinite(g[i]);
      num += (g[i] - r[i]) * (g[i] - r[i]);
      den += r[i] * r[i];
    }
    *rel = den > 0 ? sqrt(num / den) : sqrt(num);
    if (nonfinite) *nonfinite = bad;
  }
  free(g);
  free(r);
  free(cast);
  return st;
}
