/* Element types: names, widths, exact decode, nearest encode, conversions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const type_names[BITBLAS_RT_TYPE_COUNT_] = {
    [BITBLAS_RT_TYPE_INVALID] = "invalid",
    [BITBLAS_RT_TYPE_F16] = "f16", [BITBLAS_RT_TYPE_BF16] = "bf16",
    [BITBLAS_RT_TYPE_F32] = "f32", [BITBLAS_RT_TYPE_F64] = "f64",
    [BITBLAS_RT_TYPE_I32] = "i32",
    [BITBLAS_RT_TYPE_I8] = "i8", [BITBLAS_RT_TYPE_I7] = "i7", [BITBLAS_RT_TYPE_I6] = "i6",
    [BITBLAS_RT_TYPE_I5] = "i5", [BITBLAS_RT_TYPE_I4] = "i4", [BITBLAS_RT_TYPE_I3] = "i3",
    [BITBLAS_RT_TYPE_I2] = "i2", [BITBLAS_RT_TYPE_I1] = "i1",
    [BITBLAS_RT_TYPE_UI8] = "ui8", [BITBLAS_RT_TYPE_UI7] = "ui7", [BITBLAS_RT_TYPE_UI6] = "ui6",
    [BITBLAS_RT_TYPE_UI5] = "ui5", [BITBLAS_RT_TYPE_UI4] = "ui4", [BITBLAS_RT_TYPE_UI3] = "ui3",
    [BITBLAS_RT_TYPE_UI2] = "ui2", [BITBLAS_RT_TYPE_UI1] = "ui1",
    [BITBLAS_RT_TYPE_F8E4M3FN] = "f8E4M3FN", [BITBLAS_RT_TYPE_F8E5M2] = "f8E5M2",
    [BITBLAS_RT_TYPE_F4E2M1FN] = "f4E2M1FN",
    [BITBLAS_RT_TYPE_NF4] = "nf4", [BITBLAS_RT_TYPE_AF4] = "af4",
    [BITBLAS_RT_TYPE_LUT] = "lut",
};

/* docs/semantics.md, verbatim. */
static const double nf4_table[16] = {
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0};
static const double af4_table[16] = {
    -1.0, -0.69441008, -0.51243739, -0.3736951, -0.25607552, -0.14982478, -0.04934812, 0.0,
    0.04273164, 0.12934483, 0.21961274, 0.31675666, 0.42563882, 0.55496234, 0.72424863, 1.0};

const char *bitblasRtTypeName(BitblasRtType type) {
  if ((int)type <= 0 || type >= BITBLAS_RT_TYPE_COUNT_) return "invalid";
  return type_names[type];
}

BitblasRtStatus bitblasRtTypeFromName(const char *name, BitblasRtType *type, int *lut_bits) {
  RT_CHECK_ARG("bitblasRtTypeFromName", name, "name");
  RT_CHECK_ARG("bitblasRtTypeFromName", type, "type");
  if (lut_bits) *lut_bits = 0;
  for (int t = 1; t < BITBLAS_RT_TYPE_COUNT_; ++t) {
    if (t != BITBLAS_RT_TYPE_LUT && strcmp(name, type_names[t]) == 0) {
      *type = (BitblasRtType)t;
      return BITBLAS_RT_SUCCESS;
    }
  }
  if (strncmp(name, "lut", 3) == 0 && name[3] >= '1' && name[3] <= '8' && name[4] == '\0') {
    *type = BITBLAS_RT_TYPE_LUT;
    if (lut_bits) *lut_bits = name[3] - '0';
    return BITBLAS_RT_SUCCESS;
  }
  return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown type '%s'", name);
}

int rt_type_bits(BitblasRtType type, const BitblasRtLut *lut) {
  switch (type) {
  case BITBLAS_RT_TYPE_F16: case BITBLAS_RT_TYPE_BF16: return 16;
  case BITBLAS_RT_TYPE_F32: case BITBLAS_RT_TYPE_I32: return 32;
  case BITBLAS_RT_TYPE_F64: return 64;
  case BITBLAS_RT_TYPE_I8: case BITBLAS_RT_TYPE_UI8: return 8;
  case BITBLAS_RT_TYPE_F8E4M3FN: case BITBLAS_RT_TYPE_F8E5M2: return 8;
  case BITBLAS_RT_TYPE_F4E2M1FN: case BITBLAS_RT_TYPE_NF4: case BITBLAS_RT_TYPE_AF4: return 4;
  case BITBLAS_RT_TYPE_LUT: return (lut && lut->bits >= 1 && lut->bits <= 8) ? lut->bits : 0;
  default: break;
  }
  if (type >= BITBLAS_RT_TYPE_I8 && type <= BITBLAS_RT_TYPE_I1) return 8 - (type - BITBLAS_RT_TYPE_I8);
  if (type >= BITBLAS_RT_TYPE_UI8 && type <= BITBLAS_RT_TYPE_UI1)
    return 8 - (type - BITBLAS_RT_TYPE_UI8);
  return 0;
}

int rt_type_is_uint(BitblasRtType t) { return t >= BITBLAS_RT_TYPE_UI8 && t <= BITBLAS_RT_TYPE_UI1; }
int rt_type_is_int(BitblasRtType t) {
  return t == BITBLAS_RT_TYPE_I32 || (t >= BITBLAS_RT_TYPE_I8 && t <= BITBLAS_RT_TYPE_UI1);
}
int rt_type_is_float(BitblasRtType t) {
  return t == BITBLAS_RT_TYPE_F16 || t == BITBLAS_RT_TYPE_BF16 || t == BITBLAS_RT_TYPE_F32 ||
         t == BITBLAS_RT_TYPE_F64;
}
int rt_type_is_scalar(BitblasRtType t) {
  return rt_type_is_float(t) || t == BITBLAS_RT_TYPE_I32 || t == BITBLAS_RT_TYPE_I8 ||
         t == BITBLAS_RT_TYPE_UI8 || t == BITBLAS_RT_TYPE_F8E4M3FN || t == BITBLAS_RT_TYPE_F8E5M2;
}

BitblasRtStatus rt_lut_check(BitblasRtType type, const BitblasRtLut *lut, const char *fn) {
  if (type != BITBLAS_RT_TYPE_LUT) return BITBLAS_RT_SUCCESS;
  if (!lut || !lut->values)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: type lut needs a value table", fn);
  if (lut->bits < 1 || lut->bits > 8)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: lut bits %d not in 1..8", fn,
                    lut->bits);
  for (int i = 0; i < (1 << lut->bits); ++i)
    if (!isfinite(lut->values[i]))
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: lut value %d is not finite", fn, i);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtTypeBits(BitblasRtType type, const BitblasRtLut *lut, int *bits) {
  RT_CHECK_ARG("bitblasRtTypeBits", bits, "bits");
  BitblasRtStatus st = rt_lut_check(type, lut, "bitblasRtTypeBits");
  if (st) return st;
  *bits = rt_type_bits(type, lut);
  if (!*bits)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtTypeBits: invalid type %d",
                    (int)type);
  return BITBLAS_RT_SUCCESS;
}

/* ---- small IEEE-like float formats ------------------------------------ */

/* IEEE: max exponent is inf/NaN. FN: only all-ones is NaN, no inf
 * (f8E4M3FN). PLAIN: every code is finite (f4E2M1FN). */
typedef enum { MF_IEEE, MF_FN, MF_PLAIN } MfKind;
typedef struct { int ebits, mbits, bias; MfKind kind; } MfFormat;
static const MfFormat mf_f16 = {5, 10, 15, MF_IEEE}, mf_bf16 = {8, 7, 127, MF_IEEE},
                      mf_e4m3 = {4, 3, 7, MF_FN}, mf_e5m2 = {5, 2, 15, MF_IEEE},
                      mf_e2m1 = {2, 1, 1, MF_PLAIN};

static double mf_decode(MfFormat f, uint32_t code) {
  uint32_t emax = (1u << f.ebits) - 1, mmask = (1u << f.mbits) - 1;
  uint32_t e = (code >> f.mbits) & emax, m = code & mmask;
  int neg = (code >> (f.ebits + f.mbits)) & 1;
  double v;
  if (f.kind == MF_IEEE && e == emax)
    v = m ? NAN : INFINITY;
  else if (f.kind == MF_FN && e == emax && m == mmask)
    v = NAN;
  else if (e == 0)
    v = ldexp((double)m, 1 - f.bias - f.mbits);
  else
    v = ldexp((double)(m | (1u << f.mbits)), (int)e - f.bias - f.mbits);
  return neg ? -v : v;
}

/* Rounds to nearest even (rint under the default rounding mode). On
 * overflow: saturate, or inf / NaN as the format defines. */
static uint32_t mf_encode(MfFormat f, double x, int saturate) {
  uint32_t emax = (1u << f.ebits) - 1, mmask = (1u << f.mbits) - 1;
  uint32_t sign = signbit(x) ? 1u << (f.ebits + f.mbits) : 0;
  uint32_t maxfin = f.kind == MF_IEEE ? ((emax - 1) << f.mbits) | mmask
                    : f.kind == MF_FN ? (emax << f.mbits) | (mmask - 1)
                                      : (emax << f.mbits) | mmask;
  uint32_t nan = f.kind == MF_IEEE ? (emax << f.mbits) | (1u << (f.mbits - 1))
                 : f.kind == MF_FN ? (emax << f.mbits) | mmask
                                   : 0; /* PLAIN has no NaN: +0 */
  if (isnan(x)) return f.kind == MF_PLAIN ? 0 : (sign | nan);
  double a = fabs(x);
  uint32_t mag;
  if (isinf(a)) {
    mag = UINT32_MAX;
  } else if (a < ldexp(1.0, 1 - f.bias)) {
    mag = (uint32_t)rint(ldexp(a, f.bias - 1 + f.mbits)); /* may reach the smallest normal */
  } else {
    int e;
    double fr = frexp(a, &e);
    uint32_t m = (uint32_t)rint(ldexp(fr, f.mbits + 1));
    int ef = e - 1 + f.bias;
    if (m == (2u << f.mbits)) {
      m >>= 1;
      ++ef;
    }
    mag = ef > (int)emax ? UINT32_MAX : ((uint32_t)ef << f.mbits) | (m & mmask);
  }
  if (mag > maxfin) {
    if (saturate || f.kind == MF_PLAIN) mag = maxfin;
    else if (f.kind == MF_IEEE) mag = emax << f.mbits;
    else return sign | nan;
  }
  return sign | mag;
}

double bitblasRtF16ToDouble(uint16_t b) { return mf_decode(mf_f16, b); }
uint16_t bitblasRtDoubleToF16(double v) { return (uint16_t)mf_encode(mf_f16, v, 0); }
float bitblasRtF16ToF32(uint16_t b) { return (float)mf_decode(mf_f16, b); }
uint16_t bitblasRtF32ToF16(float v) { return (uint16_t)mf_encode(mf_f16, (double)v, 0); }
double bitblasRtBF16ToDouble(uint16_t b) { return mf_decode(mf_bf16, b); }
uint16_t bitblasRtDoubleToBF16(double v) { return (uint16_t)mf_encode(mf_bf16, v, 0); }
double bitblasRtF8E4M3FNToDouble(uint8_t b) { return mf_decode(mf_e4m3, b); }
uint8_t bitblasRtDoubleToF8E4M3FN(double v) { return (uint8_t)mf_encode(mf_e4m3, v, 0); }
double bitblasRtF8E5M2ToDouble(uint8_t b) { return mf_decode(mf_e5m2, b); }
uint8_t bitblasRtDoubleToF8E5M2(double v) { return (uint8_t)mf_encode(mf_e5m2, v, 0); }
double bitblasRtF4E2M1FNToDouble(uint8_t b) { return mf_decode(mf_e2m1, b & 0xf); }
uint8_t bitblasRtDoubleToF4E2M1FN(double v) { return (uint8_t)mf_encode(mf_e2m1, v, 1); }

/* ---- decode / nearest encode of weight codes --------------------------- */

static const MfFormat *mf_of(BitblasRtType t) {
  switch (t) {
  case BITBLAS_RT_TYPE_F16: return &mf_f16;
  case BITBLAS_RT_TYPE_BF16: return &mf_bf16;
  case BITBLAS_RT_TYPE_F8E4M3FN: return &mf_e4m3;
  case BITBLAS_RT_TYPE_F8E5M2: return &mf_e5m2;
  case BITBLAS_RT_TYPE_F4E2M1FN: return &mf_e2m1;
  default: return NULL;
  }
}

static const double *table_of(BitblasRtType t, const BitblasRtLut *lut) {
  if (t == BITBLAS_RT_TYPE_NF4) return nf4_table;
  if (t == BITBLAS_RT_TYPE_AF4) return af4_table;
  if (t == BITBLAS_RT_TYPE_LUT) return lut->values;
  return NULL;
}

BitblasRtStatus bitblasRtDecodeCode(BitblasRtType type, const BitblasRtLut *lut, uint32_t code,
                                    double *value) {
  RT_CHECK_ARG("bitblasRtDecodeCode", value, "value");
  BitblasRtStatus st = rt_lut_check(type, lut, "bitblasRtDecodeCode");
  if (st) return st;
  int bits = rt_type_bits(type, lut);
  if (bits == 0 || bits > 32)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "bitblasRtDecodeCode: type %s has no codes", bitblasRtTypeName(type));
  if (bits < 32 && code >= (1u << bits))
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE,
                    "bitblasRtDecodeCode: code %u does not fit in %d bits of %s", code, bits,
                    bitblasRtTypeName(type));
  const MfFormat *mf = mf_of(type);
  const double *table = table_of(type, lut);
  if (mf) *value = mf_decode(*mf, code);
  else if (table) *value = table[code];
  else if (type == BITBLAS_RT_TYPE_F32) {
    float f;
    memcpy(&f, &code, sizeof f);
    *value = f;
  } else if (type == BITBLAS_RT_TYPE_I1) *value = code ? 1.0 : -1.0;
  else if (rt_type_is_uint(type)) *value = code;
  else if (type == BITBLAS_RT_TYPE_I32) *value = (int32_t)code;
  else /* iN: sign-extend the N-bit field */
    *value = (double)(int32_t)code - ((code >> (bits - 1)) ? (double)(1u << bits) : 0.0);
  return BITBLAS_RT_SUCCESS;
}

/* Nearest entry of an unsorted table; ties go to the even code, exact
 * duplicates to the lowest code. */
static uint32_t table_nearest(const double *t, int count, double x) {
  uint32_t best = 0;
  double bd = INFINITY;
  for (int c = 0; c < count; ++c) {
    double d = fabs(t[c] - x);
    if (d < bd || (d == bd && (best & 1) && !(c & 1) && t[c] != t[best])) {
      bd = d;
      best = (uint32_t)c;
    }
  }
  return best;
}

BitblasRtStatus bitblasRtEncodeNearest(BitblasRtType type, const BitblasRtLut *lut, double value,
                                       uint32_t *code) {
  RT_CHECK_ARG("bitblasRtEncodeNearest", code, "code");
  BitblasRtStatus st = rt_lut_check(type, lut, "bitblasRtEncodeNearest");
  if (st) return st;
  int bits = rt_type_bits(type, lut);
  if (bits == 0 || bits > 16)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "bitblasRtEncodeNearest: type %s is not a weight type",
                    bitblasRtTypeName(type));
  if (!isfinite(value))
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "bitblasRtEncodeNearest: value is %s",
                    isnan(value) ? "NaN" : "infinite");
  const MfFormat *mf = mf_of(type);
  const double *table = table_of(type, lut);
  if (mf) {
    *code = mf_encode(*mf, value, 1);
  } else if (table) {
    *code = table_nearest(table, 1 << bits, value);
  } else if (type == BITBLAS_RT_TYPE_I1) {
    *code = value > 0.0 ? 1u : 0u; /* 0 is a tie between -1 and +1: even code */
  } else {
    double lo = rt_type_is_uint(type) ? 0.0 : -ldexp(1.0, bits - 1);
    double hi = rt_type_is_uint(type) ? ldexp(1.0, bits) - 1 : ldexp(1.0, bits - 1) - 1;
    double r = fmin(fmax(rint(value), lo), hi);
    *code = (uint32_t)(int32_t)r & ((1u << bits) - 1);
  }
  return BITBLAS_RT_SUCCESS;
}

/* ---- arrays of byte-aligned scalars ------------------------------------ */

double rt_load_scalar(BitblasRtType type, const void *base, size_t i) {
  const unsigned char *p = base;
  switch (type) {
  case BITBLAS_RT_TYPE_F16: { uint16_t v; memcpy(&v, p + 2 * i, 2); return bitblasRtF16ToDouble(v); }
  case BITBLAS_RT_TYPE_BF16: { uint16_t v; memcpy(&v, p + 2 * i, 2); return bitblasRtBF16ToDouble(v); }
  case BITBLAS_RT_TYPE_F32: { float v; memcpy(&v, p + 4 * i, 4); return v; }
  case BITBLAS_RT_TYPE_F64: { double v; memcpy(&v, p + 8 * i, 8); return v; }
  case BITBLAS_RT_TYPE_I32: { int32_t v; memcpy(&v, p + 4 * i, 4); return v; }
  case BITBLAS_RT_TYPE_I8: return (int8_t)p[i];
  case BITBLAS_RT_TYPE_UI8: return p[i];
  case BITBLAS_RT_TYPE_F8E4M3FN: return bitblasRtF8E4M3FNToDouble(p[i]);
  case BITBLAS_RT_TYPE_F8E5M2: return bitblasRtF8E5M2ToDouble(p[i]);
  default: return NAN;
  }
}

static double sat_round(double v, double lo, double hi) {
  if (isnan(v)) return 0.0;
  return fmin(fmax(rint(v), lo), hi);
}

static void store_scalar(BitblasRtType type, void *base, size_t i, double v) {
  unsigned char *p = base;
  switch (type) {
  case BITBLAS_RT_TYPE_F16: { uint16_t b = bitblasRtDoubleToF16(v); memcpy(p + 2 * i, &b, 2); break; }
  case BITBLAS_RT_TYPE_BF16: { uint16_t b = bitblasRtDoubleToBF16(v); memcpy(p + 2 * i, &b, 2); break; }
  case BITBLAS_RT_TYPE_F32: { float f = (float)v; memcpy(p + 4 * i, &f, 4); break; }
  case BITBLAS_RT_TYPE_F64: memcpy(p + 8 * i, &v, 8); break;
  case BITBLAS_RT_TYPE_I32: {
    int32_t n = (int32_t)sat_round(v, -2147483648.0, 2147483647.0);
    memcpy(p + 4 * i, &n, 4);
    break;
  }
  case BITBLAS_RT_TYPE_I8: p[i] = (uint8_t)(int8_t)sat_round(v, -128.0, 127.0); break;
  case BITBLAS_RT_TYPE_UI8: p[i] = (uint8_t)sat_round(v, 0.0, 255.0); break;
  case BITBLAS_RT_TYPE_F8E4M3FN: p[i] = bitblasRtDoubleToF8E4M3FN(v); break;
  case BITBLAS_RT_TYPE_F8E5M2: p[i] = bitblasRtDoubleToF8E5M2(v); break;
  default: break;
  }
}

BitblasRtStatus bitblasRtConvertToDouble(BitblasRtType type, const void *src, size_t count,
                                         double *dst) {
  if (count && !src) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtConvertToDouble: argument src is NULL");
  if (count && !dst) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtConvertToDouble: argument dst is NULL");
  if (!rt_type_is_scalar(type))
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "bitblasRtConvertToDouble: type %s is not a byte-aligned scalar type",
                    bitblasRtTypeName(type));
  for (size_t i = 0; i < count; ++i) dst[i] = rt_load_scalar(type, src, i);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtConvertFromDouble(BitblasRtType type, const double *src, size_t count,
                                           void *dst) {
  if (count && !src) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtConvertFromDouble: argument src is NULL");
  if (count && !dst) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtConvertFromDouble: argument dst is NULL");
  if (!rt_type_is_scalar(type))
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "bitblasRtConvertFromDouble: type %s is not a byte-aligned scalar type",
                    bitblasRtTypeName(type));
  for (size_t i = 0; i < count; ++i) store_scalar(type, dst, i, src[i]);
  return BITBLAS_RT_SUCCESS;
}

/* ---- layouts and zeros modes -------------------------------------------- */

const char *bitblasRtLayoutName(BitblasRtLayout layout) {
  switch (layout) {
  case BITBLAS_RT_LAYOUT_PACKED: return "packed";
  case BITBLAS_RT_LAYOUT_INTERLEAVE32: return "interleave32";
  case BITBLAS_RT_LAYOUT_FRAG16: return "frag16";
  case BITBLAS_RT_LAYOUT_FRAG8: return "frag8";
  default: return "invalid";
  }
}

BitblasRtStatus bitblasRtLayoutFromName(const char *name, BitblasRtLayout *layout) {
  RT_CHECK_ARG("bitblasRtLayoutFromName", name, "name");
  RT_CHECK_ARG("bitblasRtLayoutFromName", layout, "layout");
  for (int l = BITBLAS_RT_LAYOUT_PACKED; l <= RT_LAYOUT_LAST; ++l)
    if (strcmp(name, bitblasRtLayoutName((BitblasRtLayout)l)) == 0) {
      *layout = (BitblasRtLayout)l;
      return BITBLAS_RT_SUCCESS;
    }
  return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                  "unknown layout '%s' (known: " RT_KNOWN_LAYOUTS ")", name);
}

BitblasRtStatus rt_layout_check(BitblasRtLayout layout, int bits, int64_t n, int64_t k,
                                const char *fn) {
  switch (layout) {
  case BITBLAS_RT_LAYOUT_INTERLEAVE32:
    if (32 % bits || (k * bits) % 32)
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                      "%s: layout interleave32 needs bits dividing 32 and k * bits %% 32 == 0 "
                      "(bits=%d, k=%lld)", fn, bits, (long long)k);
    break;
  case BITBLAS_RT_LAYOUT_FRAG16:
    if (32 % bits || n % 16 || (k * bits) % 256)
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                      "%s: layout frag16 needs bits in {1, 2, 4, 8, 16}, n %% 16 == 0 and "
                      "k * bits %% 256 == 0 (bits=%d, n=%lld, k=%lld)",
                      fn, bits, (long long)n, (long long)k);
    break;
  case BITBLAS_RT_LAYOUT_FRAG8:
    if ((bits != 1 && bits != 2 && bits != 4) || n % 16 || (k * bits) % 256)
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                      "%s: layout frag8 needs bits in {1, 2, 4}, n %% 16 == 0 and "
                      "k * bits %% 256 == 0 (bits=%d, n=%lld, k=%lld)",
                      fn, bits, (long long)n, (long long)k);
    break;
  default:
    break;
  }
  return BITBLAS_RT_SUCCESS;
}

const char *bitblasRtZerosModeName(BitblasRtZerosMode mode) {
  switch (mode) {
  case BITBLAS_RT_ZEROS_NONE: return "none";
  case BITBLAS_RT_ZEROS_ORIGINAL: return "original";
  case BITBLAS_RT_ZEROS_RESCALE: return "rescale";
  case BITBLAS_RT_ZEROS_QUANTIZED: return "quantized";
  }
  return "invalid";
}
