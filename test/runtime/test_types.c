/* Exact decode of every code of every weight type against independently
 * written tables/formulas, and the scalar conversions' rounding. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

static const double NF4[16] = {-1.0, -0.6961928009986877, -0.5250730514526367,
                               -0.39491748809814453, -0.28444138169288635, -0.18477343022823334,
                               -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                               0.24611230194568634, 0.33791524171829224, 0.44070982933044434,
                               0.5626170039176941, 0.7229568362236023, 1.0};
static const double AF4[16] = {-1.0, -0.69441008, -0.51243739, -0.3736951, -0.25607552,
                               -0.14982478, -0.04934812, 0.0, 0.04273164, 0.12934483,
                               0.21961274, 0.31675666, 0.42563882, 0.55496234, 0.72424863, 1.0};
static const double FP4_POS[8] = {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0};

/* Independent minifloat formula: pow() and division instead of ldexp. */
static double expect_minifloat(unsigned code, int ebits, int mbits, int bias, int ieee, int fn) {
  unsigned s = (code >> (ebits + mbits)) & 1, e = (code >> mbits) & ((1u << ebits) - 1);
  unsigned m = code & ((1u << mbits) - 1), emax = (1u << ebits) - 1;
  double sign = s ? -1.0 : 1.0, frac = (double)m / (double)(1u << mbits);
  if (ieee && e == emax) return m ? NAN : sign * INFINITY;
  if (fn && e == emax && m == (1u << mbits) - 1) return NAN;
  if (e == 0) return sign * frac * pow(2.0, 1 - bias);
  return sign * (1.0 + frac) * pow(2.0, (double)e - bias);
}

static int same(double a, double b) {
  return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

static void test_names(void) {
  for (int t = 1; t < BITBLAS_RT_TYPE_COUNT_; ++t) {
    if (t == BITBLAS_RT_TYPE_LUT) continue;
    BitblasRtType back = BITBLAS_RT_TYPE_INVALID;
    CHECK_OK(bitblasRtTypeFromName(bitblasRtTypeName((BitblasRtType)t), &back, NULL));
    CHECK(back == (BitblasRtType)t);
  }
  BitblasRtType t;
  int bits = 0;
  CHECK_OK(bitblasRtTypeFromName("lut3", &t, &bits));
  CHECK(t == BITBLAS_RT_TYPE_LUT && bits == 3);
  CHECK_ST(bitblasRtTypeFromName("ui9", &t, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown type 'ui9'");
  CHECK_ST(bitblasRtTypeFromName(NULL, &t, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument name is NULL");
  CHECK(strcmp(bitblasRtTypeName((BitblasRtType)999), "invalid") == 0);
  CHECK(strcmp(bitblasRtTypeName(BITBLAS_RT_TYPE_F8E4M3FN), "f8E4M3FN") == 0);
  CHECK_ST(bitblasRtTypeBits(BITBLAS_RT_TYPE_UI3, NULL, &bits), BITBLAS_RT_SUCCESS, NULL);
  CHECK(bits == 3);
  CHECK_ST(bitblasRtTypeBits(BITBLAS_RT_TYPE_LUT, NULL, &bits), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "lut");
  CHECK_ST(bitblasRtTypeBits(BITBLAS_RT_TYPE_INVALID, NULL, &bits), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "invalid type");
}

static void check_decode_all(BitblasRtType t, const BitblasRtLut *lut, int bits,
                             double (*expect)(unsigned, const void *), const void *ctx) {
  int bad = 0;
  for (unsigned c = 0; c < (1u << bits); ++c) {
    double v = 0;
    if (bitblasRtDecodeCode(t, lut, c, &v) != BITBLAS_RT_SUCCESS || !same(v, expect(c, ctx))) {
      if (bad++ < 3)
        fprintf(stderr, "decode %s code %u: got %.17g want %.17g\n", bitblasRtTypeName(t), c, v,
                expect(c, ctx));
    }
  }
  CHECK(bad == 0);
  double v;
  CHECK_ST(bitblasRtDecodeCode(t, lut, 1u << bits, &v), BITBLAS_RT_ERROR_OUT_OF_RANGE, "does not fit");
}

static double ex_int(unsigned c, const void *ctx) {
  int bits = *(const int *)ctx, sign = bits < 0;
  bits = abs(bits);
  if (!sign) return c;
  if (bits == 1) return c ? 1.0 : -1.0;
  return c < (1u << (bits - 1)) ? (double)c : (double)c - (double)(1u << bits);
}
static double ex_table(unsigned c, const void *ctx) { return ((const double *)ctx)[c]; }
static double ex_fp4(unsigned c, const void *ctx) {
  (void)ctx;
  return c & 8 ? -FP4_POS[c & 7] : FP4_POS[c];
}
static double ex_e4m3(unsigned c, const void *ctx) { (void)ctx; return expect_minifloat(c, 4, 3, 7, 0, 1); }
static double ex_e5m2(unsigned c, const void *ctx) { (void)ctx; return expect_minifloat(c, 5, 2, 15, 1, 0); }
static double ex_f16(unsigned c, const void *ctx) { (void)ctx; return expect_minifloat(c, 5, 10, 15, 1, 0); }
static double ex_bf16(unsigned c, const void *ctx) {
  (void)ctx;
  uint32_t u = (uint32_t)c << 16; /* bf16 is the top half of an f32 */
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static void test_decode(void) {
  for (int b = 1; b <= 8; ++b) {
    int pos = b, neg = -b;
    check_decode_all((BitblasRtType)(BITBLAS_RT_TYPE_UI8 + (8 - b)), NULL, b, ex_int, &pos);
    check_decode_all((BitblasRtType)(BITBLAS_RT_TYPE_I8 + (8 - b)), NULL, b, ex_int, &neg);
  }
  check_decode_all(BITBLAS_RT_TYPE_NF4, NULL, 4, ex_table, NF4);
  check_decode_all(BITBLAS_RT_TYPE_AF4, NULL, 4, ex_table, AF4);
  check_decode_all(BITBLAS_RT_TYPE_F4E2M1FN, NULL, 4, ex_fp4, NULL);
  check_decode_all(BITBLAS_RT_TYPE_F8E4M3FN, NULL, 8, ex_e4m3, NULL);
  check_decode_all(BITBLAS_RT_TYPE_F8E5M2, NULL, 8, ex_e5m2, NULL);
  check_decode_all(BITBLAS_RT_TYPE_F16, NULL, 16, ex_f16, NULL);
  check_decode_all(BITBLAS_RT_TYPE_BF16, NULL, 16, ex_bf16, NULL);
  double table[32];
  for (int i = 0; i < 32; ++i) table[i] = check_uniform(-3, 3);
  BitblasRtLut lut = {5, table};
  check_decode_all(BITBLAS_RT_TYPE_LUT, &lut, 5, ex_table, table);
  /* Spot values from the OCP spec. */
  CHECK(bitblasRtF8E4M3FNToDouble(0x7e) == 448.0);
  CHECK(isnan(bitblasRtF8E4M3FNToDouble(0x7f)) && isnan(bitblasRtF8E4M3FNToDouble(0xff)));
  CHECK(bitblasRtF8E4M3FNToDouble(0x01) == 0x1p-9);
  CHECK(bitblasRtF8E5M2ToDouble(0x7b) == 57344.0 && isinf(bitblasRtF8E5M2ToDouble(0x7c)));
  CHECK(bitblasRtF8E5M2ToDouble(0x01) == 0x1p-16);
  CHECK(bitblasRtF16ToDouble(0x0001) == 0x1p-24 && bitblasRtF16ToDouble(0x7bff) == 65504.0);
  CHECK(bitblasRtF4E2M1FNToDouble(0x7) == 6.0 && bitblasRtF4E2M1FNToDouble(0xf) == -6.0);
}

/* Encoding every representable value gives back its code; midpoints
 * between neighbours go to the even code. */
static void check_rne(const char *name, unsigned ncodes, double (*dec)(unsigned),
                      unsigned (*enc)(double)) {
  int bad = 0;
  for (unsigned c = 0; c < ncodes; ++c) {
    double v = dec(c);
    if (isnan(v)) continue;
    if (enc(v) != c && bad++ < 3) fprintf(stderr, "%s: encode(decode(%#x)) = %#x\n", name, c, enc(v));
    unsigned n = c + 1;
    if (n >= ncodes || (c & (ncodes >> 1)) != (n & (ncodes >> 1))) continue;
    double w = dec(n);
    if (isnan(w) || isinf(w) || isinf(v)) continue;
    double mid = (v + w) / 2;
    unsigned want = (c & 1) ? n : c;
    if (enc(mid) != want && bad++ < 3)
      fprintf(stderr, "%s: midpoint %.17g of %#x/%#x gave %#x\n", name, mid, c, n, enc(mid));
    if (enc(mid + (w - v) / 8) != n || enc(mid - (w - v) / 8) != c) {
      if (bad++ < 3) fprintf(stderr, "%s: near-midpoint of %#x/%#x misrounded\n", name, c, n);
    }
  }
  if (bad) fprintf(stderr, "%s: %d rounding errors\n", name, bad);
  CHECK(bad == 0);
}
static double d16(unsigned c) { return bitblasRtF16ToDouble((uint16_t)c); }
static unsigned e16(double v) { return bitblasRtDoubleToF16(v); }
static double db16(unsigned c) { return bitblasRtBF16ToDouble((uint16_t)c); }
static unsigned eb16(double v) { return bitblasRtDoubleToBF16(v); }
static double d43(unsigned c) { return bitblasRtF8E4M3FNToDouble((uint8_t)c); }
static unsigned e43(double v) { return bitblasRtDoubleToF8E4M3FN(v); }
static double d52(unsigned c) { return bitblasRtF8E5M2ToDouble((uint8_t)c); }
static unsigned e52(double v) { return bitblasRtDoubleToF8E5M2(v); }
static double d21(unsigned c) { return bitblasRtF4E2M1FNToDouble((uint8_t)c); }
static unsigned e21(double v) { return bitblasRtDoubleToF4E2M1FN(v); }

static void test_conversions(void) {
  check_rne("f16", 1u << 16, d16, e16);
  check_rne("bf16", 1u << 16, db16, eb16);
  check_rne("f8E4M3FN", 256, d43, e43);
  check_rne("f8E5M2", 256, d52, e52);
  check_rne("f4E2M1FN", 16, d21, e21);
  /* Overflow and underflow boundaries. */
  CHECK(bitblasRtDoubleToF16(65519.99) == 0x7bff && bitblasRtDoubleToF16(65520.0) == 0x7c00);
  CHECK(bitblasRtDoubleToF16(-1e9) == 0xfc00 && bitblasRtDoubleToF16(INFINITY) == 0x7c00);
  CHECK(bitblasRtDoubleToF16(0x1p-25) == 0 && bitblasRtDoubleToF16(0x1.0001p-25) == 1);
  CHECK(bitblasRtDoubleToF16(-0.0) == 0x8000);
  CHECK((bitblasRtDoubleToF16(NAN) & 0x7c00) == 0x7c00 && (bitblasRtDoubleToF16(NAN) & 0x3ff));
  CHECK(bitblasRtDoubleToF8E4M3FN(464.0) == 0x7e && bitblasRtDoubleToF8E4M3FN(465.0) == 0x7f);
  CHECK(bitblasRtDoubleToF8E4M3FN(-0.0) == 0x80 && bitblasRtDoubleToF8E4M3FN(NAN) == 0x7f);
  CHECK(bitblasRtDoubleToF8E5M2(61440.0) == 0x7c && bitblasRtDoubleToF8E5M2(61439.0) == 0x7b);
  CHECK(bitblasRtDoubleToF4E2M1FN(5.0) == 0x6 && bitblasRtDoubleToF4E2M1FN(100.0) == 0x7);
  CHECK(bitblasRtDoubleToF4E2M1FN(-0.25) == 0x8);
  /* bf16 against the classic integer RNE on f32 bits. */
  int bad = 0;
  for (int i = 0; i < 200000; ++i) {
    uint32_t u = (uint32_t)check_rand();
    if ((u & 0x7f800000) == 0x7f800000) continue;
    float f;
    memcpy(&f, &u, 4);
    uint16_t want = (uint16_t)((u + 0x7fff + ((u >> 16) & 1)) >> 16);
    bad += bitblasRtDoubleToBF16((double)f) != want;
  }
  CHECK(bad == 0);
  /* f32 <-> f16 through float. */
  for (unsigned c = 0; c < 0x7c00; c += 7) CHECK(bitblasRtF32ToF16(bitblasRtF16ToF32((uint16_t)c)) == c);
}

static void test_encode_nearest(void) {
  uint32_t code = 99;
  for (unsigned c = 0; c < 16; ++c) {
    CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_NF4, NULL, NF4[c], &code));
    CHECK(code == c);
    CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_AF4, NULL, AF4[c], &code));
    CHECK(code == c);
    if (c < 15) {
      CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_NF4, NULL, (NF4[c] + NF4[c + 1]) / 2, &code));
      CHECK(code == ((c & 1) ? c + 1 : c));
    }
  }
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_NF4, NULL, 7.0, &code));
  CHECK(code == 15);
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_NF4, NULL, -7.0, &code));
  CHECK(code == 0);
  CHECK_ST(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_NF4, NULL, NAN, &code), BITBLAS_RT_ERROR_OUT_OF_RANGE, "NaN");
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_I4, NULL, -8.4, &code));
  CHECK(code == 8);
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_I4, NULL, 2.5, &code));
  CHECK(code == 2);
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_UI2, NULL, 9.0, &code));
  CHECK(code == 3);
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_I1, NULL, 0.3, &code));
  CHECK(code == 1);
  CHECK_OK(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_F8E4M3FN, NULL, 1000.0, &code));
  CHECK(code == 0x7e); /* saturates instead of NaN */
  CHECK_ST(bitblasRtEncodeNearest(BITBLAS_RT_TYPE_F32, NULL, 1.0, &code), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "not a weight type");
}

static void test_arrays(void) {
  double in[6] = {200.0, -300.0, 2.5, -2.5, 3e10, NAN}, out[6];
  int8_t i8[6];
  int32_t i32[6];
  CHECK_OK(bitblasRtConvertFromDouble(BITBLAS_RT_TYPE_I8, in, 6, i8));
  CHECK(i8[0] == 127 && i8[1] == -128 && i8[2] == 2 && i8[3] == -2 && i8[4] == 127);
  CHECK_OK(bitblasRtConvertFromDouble(BITBLAS_RT_TYPE_I32, in, 6, i32));
  CHECK(i32[0] == 200 && i32[4] == INT32_MAX);
  CHECK_OK(bitblasRtConvertToDouble(BITBLAS_RT_TYPE_I32, i32, 4, out));
  CHECK(out[1] == -300.0 && out[2] == 2.0);
  uint16_t h[2] = {0x3c00, 0xc000};
  CHECK_OK(bitblasRtConvertToDouble(BITBLAS_RT_TYPE_F16, h, 2, out));
  CHECK(out[0] == 1.0 && out[1] == -2.0);
  CHECK_ST(bitblasRtConvertToDouble(BITBLAS_RT_TYPE_UI4, h, 2, out), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "byte-aligned");
  CHECK_ST(bitblasRtConvertToDouble(BITBLAS_RT_TYPE_F16, NULL, 2, out), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "src is NULL");
}

int main(void) {
  test_names();
  test_decode();
  test_conversions();
  test_encode_nearest();
  test_arrays();
  return check_report("test_types");
}
