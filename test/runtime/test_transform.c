/* Weight transform: pack/unpack round trips for every weight type and
 * layout, exact bit placement, strict integer checks, and the input is never
 * modified. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "bitblas/reference.h"

static const BitblasRtType weight_types[] = {
    BITBLAS_RT_TYPE_F16, BITBLAS_RT_TYPE_BF16, BITBLAS_RT_TYPE_I8, BITBLAS_RT_TYPE_I7,
    BITBLAS_RT_TYPE_I6, BITBLAS_RT_TYPE_I5, BITBLAS_RT_TYPE_I4, BITBLAS_RT_TYPE_I3,
    BITBLAS_RT_TYPE_I2, BITBLAS_RT_TYPE_I1, BITBLAS_RT_TYPE_UI8, BITBLAS_RT_TYPE_UI7,
    BITBLAS_RT_TYPE_UI6, BITBLAS_RT_TYPE_UI5, BITBLAS_RT_TYPE_UI4, BITBLAS_RT_TYPE_UI3,
    BITBLAS_RT_TYPE_UI2, BITBLAS_RT_TYPE_UI1, BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F8E5M2,
    BITBLAS_RT_TYPE_F4E2M1FN, BITBLAS_RT_TYPE_NF4, BITBLAS_RT_TYPE_AF4, BITBLAS_RT_TYPE_LUT};

static double lut_values[8] = {-2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 3.0};

static uint64_t checksum(const void *p, size_t n) {
  const unsigned char *b = p;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

/* Bit i of the packed tensor, read one bit at a time (independent of the runtime). */
static unsigned bit_at(const uint8_t *p, size_t i) { return (p[i / 8] >> (i % 8)) & 1; }

static void test_round_trip(void) {
  for (size_t ti = 0; ti < sizeof weight_types / sizeof weight_types[0]; ++ti) {
    BitblasRtType t = weight_types[ti];
    BitblasRtWeightDesc d = {t, {3, lut_values}, BITBLAS_RT_LAYOUT_PACKED, 7, 40};
    int bits = 0;
    CHECK_OK(bitblasRtTypeBits(t, &d.lut, &bits));
    size_t bytes = 0, count = (size_t)(d.n * d.k);
    CHECK_OK(bitblasRtWeightStorageBytes(&d, &bytes));
    CHECK(bytes == count * (size_t)bits / 8);
    int32_t *codes = malloc(count * sizeof *codes);
    uint8_t *codes8 = malloc(count);
    uint32_t *back = malloc(count * sizeof *back);
    uint8_t *packed = malloc(bytes), *packed8 = malloc(bytes);
    for (size_t i = 0; i < count; ++i) {
      codes[i] = (int32_t)(check_rand() & ((1u << bits) - 1));
      codes8[i] = (uint8_t)codes[i];
    }
    uint64_t before = checksum(codes, count * sizeof *codes);
    CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, packed, bytes));
    CHECK(checksum(codes, count * sizeof *codes) == before);
    CHECK_OK(bitblasRtWeightToCodes(&d, packed, bytes, back));
    int bad = 0;
    for (size_t i = 0; i < count; ++i) {
      bad += back[i] != (uint32_t)codes[i];
      /* docs/semantics.md: element i occupies bits [i*b, i*b+b), LSB first. */
      unsigned v = 0;
      for (int b = 0; b < bits; ++b) v |= bit_at(packed, i * (size_t)bits + (size_t)b) << b;
      bad += v != (unsigned)codes[i];
    }
    if (bad) fprintf(stderr, "round trip of %s: %d mismatches\n", bitblasRtTypeName(t), bad);
    CHECK(bad == 0);
    if (bits <= 8) {
      CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_U8_CODE, codes8, packed8, bytes));
      CHECK(memcmp(packed, packed8, bytes) == 0);
    }
    /* Float values that decode exactly re-encode to the same codes. */
    float *values = malloc(count * sizeof *values);
    int has_nan = 0;
    for (size_t i = 0; i < count; ++i) {
      double v;
      bitblasRtDecodeCode(t, &d.lut, (uint32_t)codes[i], &v);
      values[i] = (float)v;
      has_nan |= isnan(v);
    }
    if (!has_nan && t != BITBLAS_RT_TYPE_BF16 && t != BITBLAS_RT_TYPE_F16) {
      uint64_t vsum = checksum(values, count * sizeof *values);
      CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_F32, values, packed8, bytes));
      CHECK(checksum(values, count * sizeof *values) == vsum);
      /* -0.0 and +0.0 differ in code but not in value for the float types. */
      CHECK_OK(bitblasRtWeightToCodes(&d, packed8, bytes, back));
      int vbad = 0;
      for (size_t i = 0; i < count; ++i) {
        double a, b;
        bitblasRtDecodeCode(t, &d.lut, back[i], &a);
        bitblasRtDecodeCode(t, &d.lut, (uint32_t)codes[i], &b);
        vbad += a != b;
      }
      CHECK(vbad == 0);
    }
    free(values);
    free(codes);
    free(codes8);
    free(back);
    free(packed);
    free(packed8);
  }
}

static void test_layout_bytes(void) {
  /* ui4 [1, 4]: codes 1,2,3,4 -> 0x21 0x43 (low nibble first). */
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 4};
  int32_t c4[4] = {1, 2, 3, 4};
  uint8_t out[2];
  CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, c4, out, 2));
  CHECK(out[0] == 0x21 && out[1] == 0x43);
  /* i4 values -1, -8, 7, 0 -> codes 15, 8, 7, 0 -> 0x8f 0x07. */
  d.type = BITBLAS_RT_TYPE_I4;
  int32_t v4[4] = {-1, -8, 7, 0};
  CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_VALUE, v4, out, 2));
  CHECK(out[0] == 0x8f && out[1] == 0x07);
  /* i1 takes -1/+1: values +1,-1,-1,+1,+1,+1,-1,+1 -> bits 1,0,0,1,1,1,0,1 = 0xb9. */
  BitblasRtWeightDesc d1 = {BITBLAS_RT_TYPE_I1, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 8};
  int32_t v1[8] = {1, -1, -1, 1, 1, 1, -1, 1};
  CHECK_OK(bitblasRtTransformWeight(&d1, BITBLAS_RT_SOURCE_I32_VALUE, v1, out, 1));
  CHECK(out[0] == 0xb9);
  v1[2] = 0;
  CHECK_ST(bitblasRtTransformWeight(&d1, BITBLAS_RT_SOURCE_I32_VALUE, v1, out, 1),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "(n=0, k=2)");
  /* f16 weights are little-endian halves. */
  BitblasRtWeightDesc dh = {BITBLAS_RT_TYPE_F16, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 2};
  float fv[2] = {1.0f, -2.0f};
  uint8_t h[4];
  CHECK_OK(bitblasRtTransformWeight(&dh, BITBLAS_RT_SOURCE_F32, fv, h, 4));
  CHECK(h[0] == 0x00 && h[1] == 0x3c && h[2] == 0x00 && h[3] == 0xc0);
  size_t bytes = 0;
  BitblasRtWeightDesc big = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 4096, 4096};
  CHECK_OK(bitblasRtWeightStorageBytes(&big, &bytes));
  CHECK(bytes == 4096u * 4096u / 2);
}

/* interleave32: in each 32-bit word the even elements come first. Expected
 * bytes are written out by hand from the definition, not from the code. */
static void test_interleave32(void) {
  /* ui4 [1, 8]: codes 1..8. Fields 0..7 hold elements 0,2,4,6,1,3,5,7, i.e.
   * codes 1,3,5,7,2,4,6,8 -> bytes 0x31 0x75 0x42 0x86. */
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_INTERLEAVE32, 1, 8};
  int32_t c[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint8_t out[4];
  CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, c, out, 4));
  CHECK(out[0] == 0x31 && out[1] == 0x75 && out[2] == 0x42 && out[3] == 0x86);
  /* ui8 [1, 4]: codes 10, 11, 12, 13 -> fields hold elements 0, 2, 1, 3. */
  BitblasRtWeightDesc d8 = {BITBLAS_RT_TYPE_UI8, {0, NULL}, BITBLAS_RT_LAYOUT_INTERLEAVE32, 1, 4};
  int32_t c8[4] = {10, 11, 12, 13};
  CHECK_OK(bitblasRtTransformWeight(&d8, BITBLAS_RT_SOURCE_I32_CODE, c8, out, 4));
  CHECK(out[0] == 10 && out[1] == 12 && out[2] == 11 && out[3] == 13);
  /* Round trip of random codes for every width the layout takes, two rows. */
  const BitblasRtType types[] = {BITBLAS_RT_TYPE_UI1, BITBLAS_RT_TYPE_I2, BITBLAS_RT_TYPE_NF4,
                                 BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F16};
  for (size_t t = 0; t < sizeof types / sizeof types[0]; ++t) {
    BitblasRtWeightDesc w = {types[t], {0, NULL}, BITBLAS_RT_LAYOUT_INTERLEAVE32, 2, 64};
    int bits = 0;
    CHECK_OK(bitblasRtTypeBits(types[t], NULL, &bits));
    size_t bytes = 0;
    CHECK_OK(bitblasRtWeightStorageBytes(&w, &bytes));
    int32_t codes[128];
    uint32_t back[128];
    uint8_t store[256], packedStore[256];
    for (int i = 0; i < 128; ++i)
      codes[i] = (int32_t)(((unsigned)i * 2654435761u) >> 7) & ((1 << bits) - 1);
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, store, bytes));
    CHECK_OK(bitblasRtWeightToCodes(&w, store, bytes, back));
    for (int i = 0; i < 128; ++i)
      CHECK(back[i] == (uint32_t)codes[i]);
    /* A permutation within words: differs from packed unless every word is symmetric. */
    BitblasRtWeightDesc pk = w;
    pk.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtTransformWeight(&pk, BITBLAS_RT_SOURCE_I32_CODE, codes, packedStore, bytes));
    CHECK(bits == 16 || memcmp(store, packedStore, bytes) != 0);
  }
  /* The fp64 reference reads either layout to the same weights. */
  {
    BitblasRtMatmulConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n = 2;
    cfg.k = 64;
    cfg.a_type = BITBLAS_RT_TYPE_F16;
    cfg.w_type = BITBLAS_RT_TYPE_UI4;
    cfg.accum_type = BITBLAS_RT_TYPE_F32;
    cfg.out_type = BITBLAS_RT_TYPE_F16;
    int32_t codes[128];
    for (int i = 0; i < 128; ++i)
      codes[i] = (i * 7 + 3) % 16;
    uint8_t inter[64], pk[64];
    double wi[128], wp[128];
    BitblasRtWeightDesc w = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_INTERLEAVE32, 2, 64};
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, inter, 64));
    w.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, pk, 64));
    cfg.layout = BITBLAS_RT_LAYOUT_INTERLEAVE32;
    CHECK_OK(bitblasRtReferenceDequantize(&cfg, inter, NULL, NULL, wi));
    cfg.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtReferenceDequantize(&cfg, pk, NULL, NULL, wp));
    for (int i = 0; i < 128; ++i)
      CHECK(wi[i] == wp[i] && wi[i] == (double)codes[i]);
  }
  /* k * bits must fill whole 32-bit words; 3-bit fields do not divide 32. */
  BitblasRtWeightDesc bad = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_INTERLEAVE32, 1, 4};
  size_t bytes = 0;
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "interleave32 needs");
  bad.type = BITBLAS_RT_TYPE_UI3;
  bad.k = 32;
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "interleave32 needs");
  BitblasRtLayout l;
  CHECK_OK(bitblasRtLayoutFromName("interleave32", &l));
  CHECK(l == BITBLAS_RT_LAYOUT_INTERLEAVE32);
}

/* Where each element of `w` lands: random codes round-trip (mismatches
 * counted), the storage differs from packed, and `slot_of[s]` = the logical
 * index of the element at storage slot s (one bit of it per pass). */
static int layout_slots(const BitblasRtWeightDesc *w, int bits, size_t *slot_of) {
  size_t count = (size_t)(w->n * w->k), nb = 0;
  CHECK_OK(bitblasRtWeightStorageBytes(w, &nb));
  CHECK(nb == count * (size_t)bits / 8);
  int32_t *codes = malloc(count * sizeof *codes);
  uint32_t *back = malloc(count * sizeof *back);
  uint8_t *store = malloc(nb), *pk = malloc(nb);
  for (size_t i = 0; i < count; ++i) codes[i] = (int32_t)(check_rand() & ((1u << bits) - 1));
  CHECK_OK(bitblasRtTransformWeight(w, BITBLAS_RT_SOURCE_I32_CODE, codes, store, nb));
  CHECK_OK(bitblasRtWeightToCodes(w, store, nb, back));
  int bad = 0;
  for (size_t i = 0; i < count; ++i) bad += back[i] != (uint32_t)codes[i];
  BitblasRtWeightDesc p = *w;
  p.layout = BITBLAS_RT_LAYOUT_PACKED;
  CHECK_OK(bitblasRtTransformWeight(&p, BITBLAS_RT_SOURCE_I32_CODE, codes, pk, nb));
  CHECK(memcmp(store, pk, nb) != 0);
  memset(slot_of, 0, count * sizeof *slot_of);
  for (int pass = 0; ((size_t)1 << pass) < count; ++pass) {
    for (size_t i = 0; i < count; ++i) codes[i] = (int32_t)((i >> pass) & 1);
    CHECK_OK(bitblasRtTransformWeight(w, BITBLAS_RT_SOURCE_I32_CODE, codes, store, nb));
    for (size_t s = 0; s < count; ++s) {
      unsigned v = 0;
      for (int x = 0; x < bits; ++x) v |= bit_at(store, s * (size_t)bits + (size_t)x) << x;
      slot_of[s] |= (size_t)v << pass;
    }
  }
  free(codes);
  free(back);
  free(store);
  free(pk);
  return bad;
}

/* One 512-byte unit of hand-placed codes `c` transforms to exactly `want`. */
static void check_placed(const BitblasRtWeightDesc *d, const int32_t *c, uint8_t out[512],
                         const uint8_t want[512]) {
  size_t bytes = 0;
  CHECK_OK(bitblasRtWeightStorageBytes(d, &bytes));
  CHECK(bytes == 512);
  CHECK_OK(bitblasRtTransformWeight(d, BITBLAS_RT_SOURCE_I32_CODE, c, out, 512));
  CHECK(memcmp(out, want, 512) == 0);
}

/* Storage index of element (n, k) of a `b`-bit [N, K] weight, as a layout's
 * definition in docs/semantics.md puts it. */
typedef size_t (*LayoutSpec)(int b, int64_t K, int64_t n, int64_t k);

/* layout_slots() of `w`, plus: each storage slot holds a distinct element,
 * the one `spec` puts there (mismatches counted); `slot_of` as there. */
static int spec_mismatches(const BitblasRtWeightDesc *w, int bits, LayoutSpec spec,
                           size_t *slot_of) {
  size_t count = (size_t)(w->n * w->k), *seen = calloc(count, sizeof *seen);
  int bad = layout_slots(w, bits, slot_of);
  for (size_t s = 0; s < count; ++s) {
    size_t i = slot_of[s];
    bad += i >= count || seen[i]++ || spec(bits, w->k, (int64_t)i / w->k, (int64_t)i % w->k) != s;
  }
  free(seen);
  return bad;
}

/* frag16 storage index of element (n, k), written from the definition in
 * docs/semantics.md with its names, independently of transform.c. */
static size_t frag16_spec(int b, int64_t K, int64_t n, int64_t k) {
  int64_t F = 32 / b, H = F / 2, kPU = 256 / b, U = K * b / 256;
  int64_t t = n / 16, r = n % 16, g = r % 8, hi = r / 8;
  int64_t C = b <= 2 ? 8 : kPU / 4;
  int64_t u = k / kPU, kk = k % kPU, q = kk / C % 4, w = kk / (4 * C) * C + kk % C;
  int64_t j = w / 4, kin = w % 4, P = 4 * j + 2 * (kin / 2) + hi, e = kin % 2;
  int64_t word = P / H, field = (P % H) + e * H, lane = 4 * g + q;
  return (size_t)(((t * U + u) * 32 + lane) * (128 / b) + word * F + field);
}

static void test_frag16(void) {
  /* ui4 [16, 64] (one 512-byte unit), hand-placed codes; expected bytes from
   * the worked example of docs/semantics.md (element index -> nibble). */
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 16, 64};
  int32_t c[16 * 64] = {0};
  c[0 * 64 + 0] = 1;   /* (0,0)  -> index 0 */
  c[0 * 64 + 1] = 2;   /* (0,1)  -> index 4 */
  c[8 * 64 + 0] = 3;   /* (8,0)  -> index 1 */
  c[8 * 64 + 1] = 4;   /* (8,1)  -> index 5 */
  c[0 * 64 + 2] = 5;   /* (0,2)  -> index 2 */
  c[0 * 64 + 3] = 6;   /* (0,3)  -> index 6 */
  c[8 * 64 + 3] = 7;   /* (8,3)  -> index 7 */
  c[0 * 64 + 4] = 8;   /* (0,4)  -> word 1, index 8 */
  c[0 * 64 + 16] = 9;  /* (0,16) -> lane 1, index 32 */
  c[1 * 64 + 0] = 10;  /* (1,0)  -> lane 4, index 128 */
  c[8 * 64 + 2] = 11;  /* (8,2)  -> index 3 */
  c[15 * 64 + 63] = 12; /* (15,63) -> lane 31, word 3, field 7: index 1023 */
  uint8_t out[512], want[512] = {0};
  want[0] = 0x31;
  want[1] = 0xb5;
  want[2] = 0x42;
  want[3] = 0x76;
  want[4] = 0x08;
  want[16] = 0x09;
  want[64] = 0x0a;
  want[511] = 0xc0;
  check_placed(&d, c, out, want);
  /* ui2 [16, 128] (one unit, F = 16): quad q owns the unit's 8-k chunks q,
   * q + 4, .., so k 8..15 are lane 1's and k 32..39 lane 0's second chunk. */
  {
    BitblasRtWeightDesc d2 = {BITBLAS_RT_TYPE_UI2, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 16, 128};
    int32_t c2[16 * 128] = {0};
    c2[0 * 128 + 1] = 1;   /* (0,1)  -> field 8 of word 0: index 8, byte 2 */
    c2[0 * 128 + 8] = 2;   /* (0,8)  -> lane 1: index 64, byte 16 */
    c2[0 * 128 + 32] = 3;  /* (0,32) -> lane 0, fragment 2, word 1: index 16, byte 4 */
    c2[0 * 128 + 16] = 1;  /* (0,16) -> lane 2: index 128, byte 32 */
    uint8_t want2[512] = {0};
    want2[2] = 0x01;
    want2[16] = 0x02;
    want2[4] = 0x03;
    want2[32] = 0x01;
    check_placed(&d2, c2, out, want2);
  }
  size_t bytes = 0;
  /* f16 [16, 16]: lane 0 holds one mma A fragment, (0,0) (0,1) (8,0) (8,1)
   * (0,2) (0,3) (8,2) (8,3); lane 5 (g=1, q=1) the same for rows 1, 9 and k 4..7. */
  BitblasRtWeightDesc dh = {BITBLAS_RT_TYPE_F16, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 16, 16};
  int32_t ch[256];
  for (int i = 0; i < 256; ++i) ch[i] = i; /* code = n * 16 + k */
  uint8_t oh[512];
  CHECK_OK(bitblasRtTransformWeight(&dh, BITBLAS_RT_SOURCE_I32_CODE, ch, oh, 512));
  const int lane0[8] = {0, 1, 128, 129, 2, 3, 130, 131};
  const int lane5[8] = {20, 21, 148, 149, 22, 23, 150, 151};
  for (int e = 0; e < 8; ++e) {
    CHECK(oh[2 * e] + 256 * oh[2 * e + 1] == lane0[e]);
    CHECK(oh[80 + 2 * e] + 256 * oh[80 + 2 * e + 1] == lane5[e]);
  }
  /* Every width: round trip of random codes on [32, 2 * kPU], and the element
   * found at each storage slot (one bit of its logical index per pass) is the
   * one the definition puts there, so the mapping is a bijection. */
  const BitblasRtType types[] = {BITBLAS_RT_TYPE_UI1, BITBLAS_RT_TYPE_I1, BITBLAS_RT_TYPE_UI2,
                                 BITBLAS_RT_TYPE_UI4, BITBLAS_RT_TYPE_UI8,
                                 BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F16};
  for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ++ti) {
    int bits = 0;
    CHECK_OK(bitblasRtTypeBits(types[ti], NULL, &bits));
    BitblasRtWeightDesc w = {types[ti], {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 32, 2 * 256 / bits};
    size_t *slot_of = malloc((size_t)(w.n * w.k) * sizeof *slot_of);
    int bad = spec_mismatches(&w, bits, frag16_spec, slot_of);
    if (bad) fprintf(stderr, "frag16 %s: %d mismatches\n", bitblasRtTypeName(types[ti]), bad);
    CHECK(bad == 0);
    free(slot_of);
  }
  /* The fp64 reference reads frag16 to the same weights as packed. */
  {
    BitblasRtMatmulConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n = 32;
    cfg.k = 128;
    cfg.a_type = BITBLAS_RT_TYPE_F16;
    cfg.w_type = BITBLAS_RT_TYPE_UI4;
    cfg.accum_type = BITBLAS_RT_TYPE_F32;
    cfg.out_type = BITBLAS_RT_TYPE_F16;
    static int32_t codes[32 * 128];
    static double wf[32 * 128], wp[32 * 128];
    uint8_t fr[2048], pk[2048];
    for (int i = 0; i < 32 * 128; ++i) codes[i] = (i * 7 + i / 128 * 3) % 16;
    BitblasRtWeightDesc w = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 32, 128};
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, fr, 2048));
    w.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, pk, 2048));
    cfg.layout = BITBLAS_RT_LAYOUT_FRAG16;
    CHECK_OK(bitblasRtReferenceDequantize(&cfg, fr, NULL, NULL, wf));
    cfg.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtReferenceDequantize(&cfg, pk, NULL, NULL, wp));
    int bad = 0;
    for (int i = 0; i < 32 * 128; ++i) bad += wf[i] != wp[i] || wf[i] != (double)codes[i];
    CHECK(bad == 0);
    cfg.layout = BITBLAS_RT_LAYOUT_FRAG16;
    cfg.n = 24;
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "layout frag16 needs");
    cfg.n = 32;
    cfg.k = 96;
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "layout frag16 needs");
    cfg.k = 256;
    cfg.w_type = BITBLAS_RT_TYPE_UI3;
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "layout frag16 needs");
  }
  /* n must fill whole 16-row tiles, k * bits whole 512-byte units (256 bits
   * a lane row), and 3-bit fields do not divide 32. */
  BitblasRtWeightDesc bad = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG16, 8, 64};
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "layout frag16 needs bits in {1, 2, 4, 8, 16}, n % 16 == 0");
  bad.n = 16;
  bad.k = 32;
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "(bits=4, n=16, k=32)");
  bad.type = BITBLAS_RT_TYPE_UI1;
  bad.k = 128;
  CHECK_ST(bitblasRtWeightToCodes(&bad, out, 16, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "bitblasRtWeightToCodes: layout frag16 needs");
  bad.type = BITBLAS_RT_TYPE_UI3;
  bad.k = 256;
  CHECK_ST(bitblasRtTransformWeight(&bad, BITBLAS_RT_SOURCE_I32_CODE, c, out, 512),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtTransformWeight: layout frag16 needs");
  bad.layout = (BitblasRtLayout)5;
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_UNSUPPORTED,
           "(known: packed, interleave32, frag16, frag8)");
  BitblasRtLayout l;
  CHECK_OK(bitblasRtLayoutFromName("frag16", &l));
  CHECK(l == BITBLAS_RT_LAYOUT_FRAG16 && strcmp(bitblasRtLayoutName(l), "frag16") == 0);
  CHECK_ST(bitblasRtLayoutFromName("frag32", &l), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "unknown layout 'frag32' (known: packed, interleave32, frag16, frag8)");
}

/* frag8 storage index of element (n, k), written from the definition in
 * docs/semantics.md, independently of transform.c: the byte of the 512-byte
 * unit (lane 16 bytes, word 4 bytes, then e) times F fields, plus the field. */
static size_t frag8_spec(int b, int64_t K, int64_t n, int64_t k) {
  int64_t F = 8 / b, kPU = 256 / b, U = K * b / 256, Q = kPU / 4;
  int64_t tile = n / 16, g = n % 8, second = n % 16 >= 8;
  int64_t C = b == 1 ? 16 : Q, kk = k % kPU;
  int64_t u = k / kPU, t = kk / C % 4, w = kk / (4 * C) * C + kk % C;
  int64_t mma = w / 8, hi = w % 8 >= 4, e = w % 4;
  int64_t byte = 16 * (4 * g + t) + 4 * (2 * (mma % 2) + hi) + e, field = 2 * (mma / 2) + second;
  return (size_t)((tile * U + u) * (4096 / b) + byte * F + field);
}

static void test_frag8(void) {
  /* ui4 [16, 64], one unit (F = 2, a lane's quarter is 16 k); by hand:
   *   (0,0)   lane 0, word 0, byte 0, field 0      -> bits [0, 4)       byte 0 low
   *   (8,0)   row g + 8: field 1                   -> bits [4, 8)       byte 0 high
   *   (0,1)   e = 1: byte 1                        -> bits [8, 12)      byte 1 low
   *   (0,4)   hi = 1: word 1                       -> bits [32, 36)     byte 4 low
   *   (0,8)   mma 1: word 2                        -> bits [64, 68)     byte 8 low
   *   (0,16)  quarter 1: lane 1                    -> bits [128, 132)   byte 16 low
   *   (9,13)  lane 4; w = 13: mma 1, hi 1, e 1, field 1: byte 64 + 12 + 1
   *                                                -> bits [620, 624)   byte 77 high
   *   (15,63) lane 31; w = 15: word 3, e 3, field 1 -> bits [4092, 4096) byte 511 high */
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG8, 16, 64};
  int32_t c[16 * 64] = {0};
  c[0 * 64 + 0] = 1;
  c[8 * 64 + 0] = 2;
  c[0 * 64 + 1] = 3;
  c[0 * 64 + 4] = 4;
  c[0 * 64 + 8] = 5;
  c[0 * 64 + 16] = 6;
  c[9 * 64 + 13] = 7;
  c[15 * 64 + 63] = 8;
  uint8_t out[512], want[512] = {0};
  want[0] = 0x21;
  want[1] = 0x03;
  want[4] = 0x04;
  want[8] = 0x05;
  want[16] = 0x06;
  want[77] = 0x70;
  want[511] = 0x80;
  check_placed(&d, c, out, want);
  size_t bytes = 0;
  /* ui1 [16, 256] (F = 8; quad t owns the 16-k chunks t, t + 4, ..: 64 k),
   * fields above 1:
   *   (8,63)  chunk 3: lane 3; w = 15: mma 1, hi 1, e 3: word 3, byte 48 + 15,
   *           field 1                                               -> bit 505
   *   (0,24)  chunk 1: lane 1; w = 8: mma 1, hi 0, e 0: word 2, byte 16 + 8,
   *           field 0                                               -> bit 192
   *   (1,130) chunk 8: lane 4 + 0; w = 34: mma 4, hi 0, e 2: word 0,
   *           byte 64 + 2, field 4                                  -> bit 532 */
  BitblasRtWeightDesc d1 = {BITBLAS_RT_TYPE_UI1, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG8, 16, 256};
  static int32_t c1[16 * 256];
  c1[8 * 256 + 63] = c1[0 * 256 + 24] = c1[1 * 256 + 130] = 1;
  CHECK_OK(bitblasRtTransformWeight(&d1, BITBLAS_RT_SOURCE_I32_CODE, c1, out, 512));
  memset(want, 0, sizeof want);
  want[505 / 8] = 1u << 1;
  want[192 / 8] = 1u << 0;
  want[532 / 8] = 1u << 4;
  CHECK(memcmp(out, want, 512) == 0);
  /* Every width, 2 and 3 units a tile: round trip of random codes, the
   * element found at each storage slot is the one the definition puts there,
   * and the 4 bytes of a word hold, in one field, 4 consecutive k of one row
   * (row g in even fields, g + 8 in odd ones): one masked word is one int8
   * mma fragment register. */
  const BitblasRtType types[] = {BITBLAS_RT_TYPE_I1, BITBLAS_RT_TYPE_UI1, BITBLAS_RT_TYPE_I2,
                                 BITBLAS_RT_TYPE_UI2, BITBLAS_RT_TYPE_I4, BITBLAS_RT_TYPE_UI4};
  for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ++ti)
    for (int units = 2; units <= 3; ++units) {
      int bits = 0;
      CHECK_OK(bitblasRtTypeBits(types[ti], NULL, &bits));
      BitblasRtWeightDesc w = {types[ti], {0, NULL}, BITBLAS_RT_LAYOUT_FRAG8, 32, units * 256 / bits};
      size_t count = (size_t)(w.n * w.k), F = (size_t)(8 / bits);
      size_t *slot_of = malloc(count * sizeof *slot_of);
      int bad = spec_mismatches(&w, bits, frag8_spec, slot_of);
      for (size_t s = 0; s < count; ++s) {
        size_t i = slot_of[s];
        if (s / F % 4 == 0) /* byte 0 of a word: the register's first k */
          for (size_t e = 1; e < 4; ++e) bad += slot_of[s + e * F] != i + e;
        bad += i / (size_t)w.k % 16 / 8 != s % F % 2;
      }
      if (bad)
        fprintf(stderr, "frag8 %s, %d units: %d mismatches\n", bitblasRtTypeName(types[ti]), units,
                bad);
      CHECK(bad == 0);
      free(slot_of);
    }
  /* The fp64 reference matmul (int8 activations, as the frag8 kernels take)
   * reads frag8 to the same result as packed. */
  {
    BitblasRtMatmulConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.n = 32;
    cfg.k = 128;
    cfg.a_type = BITBLAS_RT_TYPE_I8;
    cfg.w_type = BITBLAS_RT_TYPE_I4;
    cfg.accum_type = BITBLAS_RT_TYPE_I32;
    cfg.out_type = BITBLAS_RT_TYPE_I32;
    static int32_t codes[32 * 128];
    static int8_t a[3 * 128];
    static double cf[3 * 32], cp[3 * 32];
    uint8_t fr[2048], pk[2048];
    for (int i = 0; i < 32 * 128; ++i) codes[i] = (i * 7 + i / 128 * 3) % 16;
    for (int i = 0; i < 3 * 128; ++i) a[i] = (int8_t)(check_rand() & 0xff);
    BitblasRtWeightDesc w = {BITBLAS_RT_TYPE_I4, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG8, 32, 128};
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, fr, 2048));
    w.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtTransformWeight(&w, BITBLAS_RT_SOURCE_I32_CODE, codes, pk, 2048));
    CHECK(memcmp(fr, pk, 2048) != 0);
    cfg.layout = BITBLAS_RT_LAYOUT_FRAG8;
    CHECK_OK(bitblasRtReferenceMatmul(&cfg, 3, a, fr, NULL, NULL, NULL, cf));
    cfg.layout = BITBLAS_RT_LAYOUT_PACKED;
    CHECK_OK(bitblasRtReferenceMatmul(&cfg, 3, a, pk, NULL, NULL, NULL, cp));
    CHECK(memcmp(cf, cp, sizeof cf) == 0);
    cfg.layout = BITBLAS_RT_LAYOUT_FRAG8;
    cfg.n = 24;
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "layout frag8 needs bits in {1, 2, 4}, n % 16 == 0 and k * bits % 256 == 0 "
             "(bits=4, n=24, k=128)");
    cfg.n = 32;
    cfg.k = 96;
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "(bits=4, n=32, k=96)");
    cfg.k = 128;
    cfg.w_type = BITBLAS_RT_TYPE_I8; /* 8-bit weights would need frag16 */
    CHECK_ST(bitblasRtMatmulConfigValidate(&cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
             "(bits=8, n=32, k=128)");
  }
  /* Only widths whose fields tile a byte, whole 16-row tiles, whole units. */
  BitblasRtWeightDesc bad = {BITBLAS_RT_TYPE_UI8, {0, NULL}, BITBLAS_RT_LAYOUT_FRAG8, 32, 64};
  CHECK_ST(bitblasRtWeightStorageBytes(&bad, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "bitblasRtWeightStorageBytes: layout frag8 needs bits in {1, 2, 4}, n % 16 == 0 and "
           "k * bits % 256 == 0 (bits=8, n=32, k=64)");
  bad.type = BITBLAS_RT_TYPE_UI4;
  bad.n = 8;
  CHECK_ST(bitblasRtTransformWeight(&bad, BITBLAS_RT_SOURCE_I32_CODE, c, out, 256),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "bitblasRtTransformWeight: layout frag8 needs bits in {1, 2, 4}, n % 16 == 0 and "
           "k * bits % 256 == 0 (bits=4, n=8, k=64)");
  bad.type = BITBLAS_RT_TYPE_UI2;
  bad.n = 16;
  CHECK_ST(bitblasRtWeightToCodes(&bad, out, 256, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "bitblasRtWeightToCodes: layout frag8 needs bits in {1, 2, 4}, n % 16 == 0 and "
           "k * bits % 256 == 0 (bits=2, n=16, k=64)");
  BitblasRtLayout l;
  CHECK_OK(bitblasRtLayoutFromName("frag8", &l));
  CHECK(l == BITBLAS_RT_LAYOUT_FRAG8 && strcmp(bitblasRtLayoutName(l), "frag8") == 0);
}

static void test_values(void) {
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI4, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 2, 4};
  float v[8] = {0, 1, 2, 15, 3, 4, 5, 6};
  uint8_t out[4], guard[4];
  CHECK_OK(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_F32, v, out, 4));
  CHECK(out[0] == 0x10 && out[1] == 0xf2);
  memset(out, 0xab, 4);
  memcpy(guard, out, 4);
  v[5] = 4.5f;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_F32, v, out, 4),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "(n=1, k=1) = 4.5");
  CHECK(memcmp(out, guard, 4) == 0); /* failed transforms leave dst alone */
  v[5] = 16.0f;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_F32, v, out, 4),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "not an exactly representable in-range integer");
  v[5] = -1.0f;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_F32, v, out, 4),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "(n=1, k=1)");
  /* nf4 rounds to nearest; f16 sources go through the same path. */
  BitblasRtWeightDesc dn = {BITBLAS_RT_TYPE_NF4, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 2};
  uint16_t hv[2] = {0x3c00 /* 1.0 */, 0xb400 /* -0.25 */};
  uint8_t o;
  CHECK_OK(bitblasRtTransformWeight(&dn, BITBLAS_RT_SOURCE_F16, hv, &o, 1));
  CHECK(o == (0x0f | (4 << 4))); /* 1.0 -> 15, -0.25 -> code 4 (-0.2844) */
  float nanv[2] = {NAN, 0};
  CHECK_ST(bitblasRtTransformWeight(&dn, BITBLAS_RT_SOURCE_F32, nanv, &o, 1),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "NaN or infinite");
}

static void test_errors(void) {
  BitblasRtWeightDesc d = {BITBLAS_RT_TYPE_UI3, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 2, 3};
  int32_t codes[16] = {0};
  uint8_t out[16];
  size_t bytes;
  CHECK_ST(bitblasRtWeightStorageBytes(&d, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "not a multiple of 8");
  CHECK_ST(bitblasRtWeightStorageBytes(NULL, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "desc is NULL");
  d.k = 8;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, out, 5),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "needs 6");
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, NULL, out, 6),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "src is NULL");
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, NULL, 6),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "dst is NULL");
  CHECK_ST(bitblasRtTransformWeight(&d, (BitblasRtWeightSource)42, codes, out, 6),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown source");
  codes[9] = 8;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, out, 6),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "(n=1, k=1) = 8 is code out of range");
  codes[9] = -1;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, out, 6),
           BITBLAS_RT_ERROR_OUT_OF_RANGE, "(n=1, k=1)");
  d.layout = BITBLAS_RT_LAYOUT_INVALID;
  CHECK_ST(bitblasRtTransformWeight(&d, BITBLAS_RT_SOURCE_I32_CODE, codes, out, 6),
           BITBLAS_RT_ERROR_UNSUPPORTED, "layout");
  BitblasRtWeightDesc dn = {BITBLAS_RT_TYPE_NF4, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 2};
  CHECK_ST(bitblasRtTransformWeight(&dn, BITBLAS_RT_SOURCE_I32_VALUE, codes, out, 1),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "integer values need an integer weight type");
  BitblasRtWeightDesc dh = {BITBLAS_RT_TYPE_F16, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 2};
  CHECK_ST(bitblasRtTransformWeight(&dh, BITBLAS_RT_SOURCE_U8_CODE, codes, out, 4),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "uint8 codes cannot hold");
  BitblasRtWeightDesc dl = {BITBLAS_RT_TYPE_LUT, {3, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 8};
  CHECK_ST(bitblasRtTransformWeight(&dl, BITBLAS_RT_SOURCE_I32_CODE, codes, out, 3),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "needs a value table");
  BitblasRtWeightDesc df = {BITBLAS_RT_TYPE_F32, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, 1, 2};
  CHECK_ST(bitblasRtWeightStorageBytes(&df, &bytes), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "not a weight type");
  uint32_t back[2];
  CHECK_ST(bitblasRtWeightToCodes(&dh, out, 3, back), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "expected 4");
}

int main(void) {
  test_round_trip();
  test_layout_bytes();
  test_interleave32();
  test_frag16();
  test_frag8();
  test_values();
  test_errors();
  return check_report("test_transform");
}
