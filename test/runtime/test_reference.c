/* Reference matmul against a naive direct computation written here from
 * docs/semantics.md, for each zeros mode and several type combinations. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

typedef struct Case {
  const char *name;
  BitblasRtType a, w, acc, out, scale_type;
  int64_t group;
  BitblasRtZerosMode zeros;
  int has_scale, has_bias;
} Case;

static size_t type_bytes(BitblasRtType t) {
  int b = 0;
  bitblasRtTypeBits(t, NULL, &b);
  return (size_t)b / 8;
}

/* Value of an element stored as type t (independent of the reference code). */
static double value_of(BitblasRtType t, const void *p, size_t i) {
  double v;
  CHECK_OK(bitblasRtConvertToDouble(t, (const uint8_t *)p + i * type_bytes(t), 1, &v));
  return v;
}

static void random_scalars(BitblasRtType t, void *dst, size_t n, double lo, double hi) {
  for (size_t i = 0; i < n; ++i) {
    double v = check_uniform(lo, hi);
    if (t == BITBLAS_RT_TYPE_I8) v = floor(check_uniform(-128, 128));
    bitblasRtConvertFromDouble(t, &v, 1, (uint8_t *)dst + i * type_bytes(t));
  }
}

static void run_case(const Case *cs) {
  const int64_t M = 3, N = 5, K = 32;
  BitblasRtMatmulConfig c = {0};
  c.n = N;
  c.k = K;
  c.a_type = cs->a;
  c.w_type = cs->w;
  c.accum_type = cs->acc;
  c.out_type = cs->out;
  c.group_size = cs->group;
  c.zeros_mode = cs->zeros;
  c.has_scale = cs->has_scale;
  c.scale_type = cs->scale_type;
  c.has_bias = cs->has_bias;
  BitblasRtMatmulSizes sz;
  CHECK_OK(bitblasRtMatmulConfigGetSizes(&c, M, &sz));
  BitblasRtType st;
  bitblasRtMatmulConfigScaleType(&c, &st);
  int bits = 0;
  bitblasRtTypeBits(cs->w, NULL, &bits);
  int64_t G = cs->group ? cs->group : K, groups = K / G;
  CHECK(sz.w_bytes == (size_t)(N * K * bits / 8));
  CHECK(sz.scale_bytes == (cs->has_scale ? (size_t)(N * groups) * type_bytes(st) : 0));
  void *a = malloc(sz.a_bytes), *w = malloc(sz.w_bytes);
  void *scale = sz.scale_bytes ? malloc(sz.scale_bytes) : NULL;
  void *zeros = sz.zeros_bytes ? malloc(sz.zeros_bytes) : NULL;
  void *bias = sz.bias_bytes ? malloc(sz.bias_bytes) : NULL;
  int32_t *codes = malloc((size_t)(N * K) * sizeof *codes);
  random_scalars(cs->a, a, (size_t)(M * K), -1, 1);
  for (int64_t i = 0; i < N * K; ++i) {
    codes[i] = (int32_t)(check_rand() & ((1u << bits) - 1));
    double v;
    bitblasRtDecodeCode(cs->w, NULL, (uint32_t)codes[i], &v);
    if (isnan(v) || isinf(v)) codes[i] = 0; /* keep the sums finite */
  }
  BitblasRtWeightDesc wd = {cs->w, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, N, K};
  CHECK_OK(bitblasRtTransformWeight(&wd, BITBLAS_RT_SOURCE_I32_CODE, codes, w, sz.w_bytes));
  if (scale) random_scalars(st, scale, (size_t)(N * groups), 0.5, 1.5);
  if (cs->zeros == BITBLAS_RT_ZEROS_QUANTIZED) {
    for (int64_t i = 0; i < N * groups; ++i) ((uint8_t *)zeros)[i] = (uint8_t)(check_rand() & ((1u << bits) - 1));
  } else if (zeros) {
    random_scalars(st, zeros, (size_t)(N * groups), 0, (double)(1 << bits));
  }
  if (bias) random_scalars(cs->out, bias, (size_t)N, -1, 1);

  double *ref = malloc((size_t)(M * N) * sizeof *ref);
  CHECK_OK(bitblasRtReferenceMatmul(&c, M, a, w, scale, zeros, bias, ref));
  double worst = 0;
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t n = 0; n < N; ++n) {
      double acc = 0, mag = 0;
      for (int64_t k = 0; k < K; ++k) {
        uint32_t code = (uint32_t)codes[n * K + k];
        double q;
        if (cs->w == BITBLAS_RT_TYPE_UI4 || cs->w == BITBLAS_RT_TYPE_UI2) q = code;
        else if (cs->w == BITBLAS_RT_TYPE_I4) q = code >= 8 ? (double)code - 16 : code;
        else bitblasRtDecodeCode(cs->w, NULL, code, &q);
        size_t gi = (size_t)(n * groups + k / G);
        double s = scale ? value_of(st, scale, gi) : 1.0, wv;
        switch (cs->zeros) {
        case BITBLAS_RT_ZEROS_ORIGINAL: wv = (q - value_of(st, zeros, gi)) * s; break;
        case BITBLAS_RT_ZEROS_RESCALE: wv = q * s - value_of(st, zeros, gi); break;
        case BITBLAS_RT_ZEROS_QUANTIZED: wv = (q - ((uint8_t *)zeros)[gi]) * s; break;
        default: wv = q * s; break;
        }
        double av = value_of(cs->a, a, (size_t)(m * K + k));
        acc += av * wv;
        mag += fabs(av * wv);
      }
      if (bias) acc += value_of(cs->out, bias, (size_t)n);
      double err = fabs(acc - ref[m * N + n]) / (mag + 1e-300);
      if (err > worst) worst = err;
    }
  }
  if (worst > 1e-13) fprintf(stderr, "%s: reference differs from naive by %g\n", cs->name, worst);
  CHECK(worst <= 1e-13);
  /* Integer paths are exact, and the output cast of i8 saturates. */
  if (cs->acc == BITBLAS_RT_TYPE_I32 && !cs->has_scale) {
    for (int64_t i = 0; i < M * N; ++i) CHECK(ref[i] == floor(ref[i]));
    int8_t out8[15];
    CHECK_OK(bitblasRtConvertFromDouble(BITBLAS_RT_TYPE_I8, ref, 15, out8));
    for (int i = 0; i < 15; ++i) CHECK(out8[i] == (ref[i] > 127 ? 127 : ref[i] < -128 ? -128 : ref[i]));
  }
  /* Required buffers must be present. */
  if (scale)
    CHECK_ST(bitblasRtReferenceMatmul(&c, M, a, w, NULL, zeros, bias, ref),
             BITBLAS_RT_ERROR_INVALID_ARGUMENT, "scale is NULL");
  printf("  %-34s max rel diff %.3g\n", cs->name, worst);
  free(a); free(w); free(scale); free(zeros); free(bias); free(codes); free(ref);
}

/* The comparison the GPU driver and the bench share: the reference's own
 * output rounding does not count, a wrong element does, NaN and inf are
 * counted, integer outputs compare exactly, an all-zero reference gives the
 * absolute norm. */
static void test_relative_error(void) {
  const double ref[4] = {1.0 + 0x1p-13, -2.0, 0.5, 3.0}; /* 1 + 2^-13 rounds to 1 in f16 */
  uint16_t got[4];
  double rel = -1;
  size_t bad = 99;
  CHECK_OK(bitblasRtConvertFromDouble(BITBLAS_RT_TYPE_F16, ref, 4, got));
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_F16, got, ref, 4, &rel, &bad));
  CHECK(rel == 0 && bad == 0);
  got[3] = bitblasRtDoubleToF16(3.5); /* off by 0.5 */
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_F16, got, ref, 4, &rel, &bad));
  CHECK(fabs(rel - 0.5 / sqrt(1 + 4 + 0.25 + 9)) < 1e-15 && bad == 0);
  got[1] = 0x7e00; /* NaN */
  got[2] = 0x7c00; /* inf */
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_F16, got, ref, 4, &rel, &bad));
  CHECK(bad == 2 && !(rel <= 1));
  const double iref[3] = {7, -3, 0}, zero[2] = {0, 0};
  int32_t igot[3] = {7, -3, 0};
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_I32, igot, iref, 3, &rel, NULL));
  CHECK(rel == 0);
  igot[2] = 1;
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_I32, igot, iref, 3, &rel, NULL));
  CHECK(rel > 0);
  float fgot[2] = {3, 4};
  CHECK_OK(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_F32, fgot, zero, 2, &rel, NULL));
  CHECK(rel == 5);
  CHECK_ST(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_F16, NULL, ref, 4, &rel, NULL),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument got is NULL");
  CHECK_ST(bitblasRtReferenceRelativeError(BITBLAS_RT_TYPE_UI4, got, ref, 4, &rel, NULL),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "output type ui4 is not a scalar type");
}

int main(void) {
  const BitblasRtType F16 = BITBLAS_RT_TYPE_F16, F32 = BITBLAS_RT_TYPE_F32, I32 = BITBLAS_RT_TYPE_I32;
  const Case cases[] = {
      {"f16 x ui4, no scale", F16, BITBLAS_RT_TYPE_UI4, F32, F16, 0, 0, BITBLAS_RT_ZEROS_NONE, 0, 0},
      {"f16 x ui4, scale g8, bias", F16, BITBLAS_RT_TYPE_UI4, F32, F16, 0, 8, BITBLAS_RT_ZEROS_NONE, 1, 1},
      {"f16 x ui4, original g8", F16, BITBLAS_RT_TYPE_UI4, F32, F16, 0, 8, BITBLAS_RT_ZEROS_ORIGINAL, 1, 1},
      {"f16 x ui4, rescale per-channel", F16, BITBLAS_RT_TYPE_UI4, F16, F16, 0, 0, BITBLAS_RT_ZEROS_RESCALE, 1, 0},
      {"f16 x ui2, quantized g16", F16, BITBLAS_RT_TYPE_UI2, F32, F32, 0, 16, BITBLAS_RT_ZEROS_QUANTIZED, 1, 0},
      {"i8 x i4, i32 exact", BITBLAS_RT_TYPE_I8, BITBLAS_RT_TYPE_I4, I32, I32, 0, 0, BITBLAS_RT_ZEROS_NONE, 0, 0},
      {"i8 x ui2, f32 scale g16", BITBLAS_RT_TYPE_I8, BITBLAS_RT_TYPE_UI2, I32, F32, 0, 16, BITBLAS_RT_ZEROS_NONE, 1, 1},
      {"bf16 x nf4, bf16 scale g8", BITBLAS_RT_TYPE_BF16, BITBLAS_RT_TYPE_NF4, F32, BITBLAS_RT_TYPE_BF16, 0, 8, BITBLAS_RT_ZEROS_NONE, 1, 1},
      {"f8E4M3FN x f8E5M2", BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F8E5M2, F32, F32, 0, 0, BITBLAS_RT_ZEROS_NONE, 0, 0},
      {"f16 x f4E2M1FN, f32 scale", F16, BITBLAS_RT_TYPE_F4E2M1FN, F32, F16, F32, 16, BITBLAS_RT_ZEROS_NONE, 1, 0},
      {"f16 x i1 (sign)", F16, BITBLAS_RT_TYPE_I1, F16, F16, 0, 0, BITBLAS_RT_ZEROS_NONE, 1, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) run_case(&cases[i]);

  BitblasRtMatmulConfig bad = {0};
  bad.n = 4; bad.k = 8;
  bad.a_type = F16; bad.w_type = BITBLAS_RT_TYPE_I4; bad.accum_type = F32; bad.out_type = F16;
  bad.zeros_mode = BITBLAS_RT_ZEROS_ORIGINAL; bad.has_scale = 1;
  CHECK_ST(bitblasRtMatmulConfigValidate(&bad), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "needs unsigned integer weights");
  bad.w_type = BITBLAS_RT_TYPE_UI4; bad.has_scale = 0;
  CHECK_ST(bitblasRtMatmulConfigValidate(&bad), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "needs a scale");
  bad.zeros_mode = BITBLAS_RT_ZEROS_NONE; bad.group_size = 3;
  CHECK_ST(bitblasRtMatmulConfigValidate(&bad), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "does not divide");
  bad.group_size = 0; bad.out_type = I32; bad.accum_type = I32; bad.has_bias = 1;
  CHECK_ST(bitblasRtMatmulConfigValidate(&bad), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "takes no bias");
  bad.has_bias = 0;
  uint8_t buf[64] = {0};
  double out[64];
  CHECK_ST(bitblasRtReferenceMatmul(&bad, 0, buf, buf, NULL, NULL, NULL, out), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "M=0");
  CHECK_ST(bitblasRtReferenceMatmul(NULL, 1, buf, buf, NULL, NULL, NULL, out), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "config is NULL");
  CHECK_ST(bitblasRtMatmulConfigGetSizes(&bad, -1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "sizes is NULL");
  test_relative_error();
  return check_report("test_reference");
}
