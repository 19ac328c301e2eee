/* Matmul configuration: validation against docs/semantics.md and buffer sizes. */
#include "internal.h"

static int is_activation(BitblasRtType t) {
  return t == BITBLAS_RT_TYPE_F16 || t == BITBLAS_RT_TYPE_BF16 || t == BITBLAS_RT_TYPE_F32 ||
         t == BITBLAS_RT_TYPE_I8 || t == BITBLAS_RT_TYPE_F8E4M3FN || t == BITBLAS_RT_TYPE_F8E5M2;
}

static int is_output(BitblasRtType t) {
  return t == BITBLAS_RT_TYPE_F16 || t == BITBLAS_RT_TYPE_BF16 || t == BITBLAS_RT_TYPE_F32 ||
         t == BITBLAS_RT_TYPE_I32 || t == BITBLAS_RT_TYPE_I8;
}

BitblasRtStatus bitblasRtMatmulConfigScaleType(const BitblasRtMatmulConfig *c, BitblasRtType *out) {
  RT_CHECK_ARG("bitblasRtMatmulConfigScaleType", c, "config");
  RT_CHECK_ARG("bitblasRtMatmulConfigScaleType", out, "scale_type");
  if (c->scale_type != BITBLAS_RT_TYPE_INVALID) *out = c->scale_type;
  else if (c->a_type == BITBLAS_RT_TYPE_F16 || c->a_type == BITBLAS_RT_TYPE_BF16) *out = c->a_type;
  else *out = BITBLAS_RT_TYPE_F32;
  return BITBLAS_RT_SUCCESS;
}

#define BAD(...) rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtMatmulConfigValidate: " __VA_ARGS__)

BitblasRtStatus bitblasRtMatmulConfigValidate(const BitblasRtMatmulConfig *c) {
  RT_CHECK_ARG("bitblasRtMatmulConfigValidate", c, "config");
  if (c->n <= 0 || c->k <= 0) return BAD("n and k must be positive (n=%lld k=%lld)", (long long)c->n, (long long)c->k);
  if (c->m_min < 0 || c->m_max < 0) return BAD("m_min/m_max must not be negative");
  if (c->m_max != 0 && c->m_max < (c->m_min ? c->m_min : 1))
    return BAD("m_max %lld is below m_min %lld", (long long)c->m_max, (long long)c->m_min);
  if (!is_activation(c->a_type)) return BAD("activation type %s not supported", bitblasRtTypeName(c->a_type));
  if (c->accum_type != BITBLAS_RT_TYPE_F16 && c->accum_type != BITBLAS_RT_TYPE_F32 &&
      c->accum_type != BITBLAS_RT_TYPE_I32)
    return BAD("accumulate type %s must be f16, f32 or i32", bitblasRtTypeName(c->accum_type));
  if (!is_output(c->out_type)) return BAD("output type %s not supported", bitblasRtTypeName(c->out_type));
  BitblasRtStatus st = rt_lut_check(c->w_type, &c->lut, "bitblasRtMatmulConfigValidate");
  if (st) return st;
  int bits = rt_type_bits(c->w_type, &c->lut);
  if (bits == 0 || bits > 16) return BAD("weight type %s not supported", bitblasRtTypeName(c->w_type));
  if ((c->k * bits) % 8) return BAD("k * bits (%lld * %d) is not a multiple of 8", (long long)c->k, bits);
  if (c->group_size < 0 || (c->group_size > 0 && c->k % c->group_size))
    return BAD("group size %lld does not divide k=%lld", (long long)c->group_size, (long long)c->k);
  if ((int)c->layout < BITBLAS_RT_LAYOUT_INVALID || (int)c->layout > RT_LAYOUT_LAST)
    return BAD("unknown layout %d", (int)c->layout);
  st = rt_layout_check(c->layout, bits, c->n, c->k, "bitblasRtMatmulConfigValidate");
  if (st) return st;
  if ((int)c->zeros_mode < 0 || c->zeros_mode > BITBLAS_RT_ZEROS_QUANTIZED)
    return BAD("unknown zeros mode %d", (int)c->zeros_mode);
  if (c->zeros_mode != BITBLAS_RT_ZEROS_NONE) {
    if (!rt_type_is_uint(c->w_type))
      return BAD("zeros=%s needs unsigned integer weights, not %s", bitblasRtZerosModeName(c->zeros_mode), bitblasRtTypeName(c->w_type));
    if (!c->has_scale) return BAD("zeros=%s needs a scale", bitblasRtZerosModeName(c->zeros_mode));
  }
  if (c->has_scale) {
    BitblasRtType s;
    bitblasRtMatmulConfigScaleType(c, &s);
    if (s != BITBLAS_RT_TYPE_F16 && s != BITBLAS_RT_TYPE_BF16 && s != BITBLAS_RT_TYPE_F32)
      return BAD("scale type %s must be f16, bf16 or f32", bitblasRtTypeName(s));
  }
  if (c->has_bias && !rt_type_is_float(c->out_type))
    return BAD("integer output %s takes no bias", bitblasRtTypeName(c->out_type));
  return BITBLAS_RT_SUCCESS;
}

static int mul3(size_t a, size_t b, size_t c, size_t *out) {
  size_t t;
  return __builtin_mul_overflow(a, b, &t) || __builtin_mul_overflow(t, c, out);
}

BitblasRtStatus bitblasRtMatmulConfigGetSizes(const BitblasRtMatmulConfig *c, int64_t m,
                                              BitblasRtMatmulSizes *s) {
  RT_CHECK_ARG("bitblasRtMatmulConfigGetSizes", c, "config");
  RT_CHECK_ARG("bitblasRtMatmulConfigGetSizes", s, "sizes");
  if (m < 0) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtMatmulConfigGetSizes: M=%lld is negative", (long long)m);
  BitblasRtStatus st = bitblasRtMatmulConfigValidate(c);
  if (st) return rt_error_prefix(st, "bitblasRtMatmulConfigGetSizes");
  size_t n = (size_t)c->n, k = (size_t)c->k, mm = (size_t)m;
  size_t groups = c->group_size ? k / (size_t)c->group_size : 1;
  BitblasRtType stype;
  bitblasRtMatmulConfigScaleType(c, &stype);
  size_t sb = (size_t)rt_type_bits(stype, NULL) / 8, ob = (size_t)rt_type_bits(c->out_type, NULL) / 8;
  int over = 0;
  *s = (BitblasRtMatmulSizes){0};
  over |= mul3(mm, k, (size_t)rt_type_bits(c->a_type, NULL) / 8, &s->a_bytes);
  over |= mul3(mm, n, ob, &s->c_bytes);
  over |= mul3(n, k, (size_t)rt_type_bits(c->w_type, &c->lut), &s->w_bytes);
  s->w_bytes /= 8;
  if (c->has_scale) over |= mul3(n, groups, sb, &s->scale_bytes);
  if (c->zeros_mode == BITBLAS_RT_ZEROS_ORIGINAL || c->zeros_mode == BITBLAS_RT_ZEROS_RESCALE)
    over |= mul3(n, groups, sb, &s->zeros_bytes);
  else if (c->zeros_mode == BITBLAS_RT_ZEROS_QUANTIZED)
    over |= mul3(n, groups, 1, &s->zeros_bytes);
  if (c->has_bias) over |= mul3(n, ob, 1, &s->bias_bytes);
  if (over) return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "bitblasRtMatmulConfigGetSizes: sizes overflow size_t");
  return BITBLAS_RT_SUCCESS;
}
