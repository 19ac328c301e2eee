/* Host weight transform: caller's values/codes -> stored layout, and back. */
#include <math.h>
#include <string.h>

#include "internal.h"

/* LSB-first bit fields; a field may straddle two bytes only for widths
 * that do not divide 8 (3, 5, 6, 7 bits), and 16-bit fields span two. */
uint32_t rt_packed_get(const uint8_t *base, int bits, uint64_t index) {
  uint64_t bit = index * (uint64_t)bits;
  uint32_t v = 0;
  for (int done = 0; done < bits;) {
    uint64_t b = bit + (uint64_t)done;
    int off = (int)(b & 7), take = 8 - off < bits - done ? 8 - off : bits - done;
    v |= (uint32_t)((base[b >> 3] >> off) & ((1u << take) - 1)) << done;
    done += take;
  }
  return v;
}

void rt_packed_set(uint8_t *base, int bits, uint64_t index, uint32_t code) {
  uint64_t bit = index * (uint64_t)bits;
  for (int done = 0; done < bits;) {
    uint64_t b = bit + (uint64_t)done;
    int off = (int)(b & 7), take = 8 - off < bits - done ? 8 - off : bits - done;
    uint8_t mask = (uint8_t)(((1u << take) - 1) << off);
    base[b >> 3] = (uint8_t)((base[b >> 3] & ~mask) | (((code >> done) << off) & mask));
    done += take;
  }
}

/* frag16 (docs/semantics.md): lane 4g + q of a 512-byte unit holds rows g
 * and g + 8 of the 16-row tile for quad q of the unit's k range: its chunks
 * of C consecutive k are q, q + 4, q + 8, .. (C = 8 for 2- and 1-bit
 * weights, whose quads' f16 activations are then 16-byte chunks 64 bytes
 * apart, so the four quads of one activation row read 64 contiguous bytes
 * per load; otherwise C = kPU / 4, the quad's quarter of the k range); each 4
 * consecutive k of the row pair are 4 element pairs (g: k0,k1) (g+8: k0,k1)
 * (g: k2,k3) (g+8: k2,k3), the order of one mma A fragment, and pair p of a
 * 32-bit word sits in fields p and p + F/2 so one magic-number decode turns it
 * into an f16x2 register. */
static uint64_t frag16_index(int bits, int64_t k, uint64_t i) {
  uint64_t b = (uint64_t)bits, fields = 32 / b, half = fields / 2, kpu = 256 / b;
  uint64_t n = i / (uint64_t)k, col = i % (uint64_t)k, units = (uint64_t)k * b / 256;
  uint64_t chunk = b <= 2 ? 8 : kpu / 4, kk = col % kpu;
  uint64_t r = n % 16, u = col / kpu, q = kk / chunk % 4, w = kk / (4 * chunk) * chunk + kk % chunk;
  uint64_t pair = 4 * (w / 4) + 2 * (w % 4 / 2) + r / 8, lane = 4 * (r % 8) + q;
  return ((n / 16 * units + u) * 32 + lane) * (128 / b) + pair / half * fields + pair % half +
         w % 2 * half;
}

/* frag8 (docs/semantics.md): same lanes and units as frag16 (1-bit weights:
 * quad t owns the unit's 16-k chunks t, t + 4, ..), but for int8
 * mma.m16n8k32. 4 consecutive k of one row share a field f across the 4 bytes
 * of a word, so one mask of field f yields an int8 fragment register (scaled
 * by 2^(b f)); even fields hold row g, odd ones g + 8, and mma q of the unit
 * reads fields 2(q/2), 2(q/2)+1 of words 2(q%2), 2(q%2)+1. */
static uint64_t frag8_index(int bits, int64_t k, uint64_t i) {
  uint64_t b = (uint64_t)bits, fields = 8 / b, kpu = 256 / b;
  uint64_t n = i / (uint64_t)k, col = i % (uint64_t)k, units = (uint64_t)k * b / 256;
  uint64_t chunk = b == 1 ? 16 : kpu / 4, kk = col % kpu; /* as frag16's quads */
  uint64_t r = n % 16, u = col / kpu, t = kk / chunk % 4, rem = kk / (4 * chunk) * chunk + kk % chunk;
  uint64_t q = rem / 8, lane = 4 * (r % 8) + t, word = 2 * (q % 2) + rem % 8 / 4;
  uint64_t f = 2 * (q / 2) + r / 8;
  return ((n / 16 * units + u) * 32 + lane) * (128 / b) + word * (32 / b) + rem % 4 * fields + f;
}

uint64_t rt_storage_index(BitblasRtLayout layout, int bits, int64_t k, uint64_t i) {
  if (layout == BITBLAS_RT_LAYOUT_FRAG16)
    return frag16_index(bits, k, i);
  if (layout == BITBLAS_RT_LAYOUT_FRAG8)
    return frag8_index(bits, k, i);
  if (layout != BITBLAS_RT_LAYOUT_INTERLEAVE32)
    return i;
  uint64_t fields = 32u / (unsigned)bits, row = i / (uint64_t)k, col = i % (uint64_t)k;
  uint64_t word = col / fields, p = col % fields;
  uint64_t f = p % 2 == 0 ? p / 2 : fields / 2 + p / 2;
  return row * (uint64_t)k + word * fields + f;
}

static BitblasRtStatus check_desc(const BitblasRtWeightDesc *d, const char *fn, int *bits,
                                  size_t *bytes) {
  if (!d) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: argument desc is NULL", fn);
  BitblasRtStatus st = rt_lut_check(d->type, &d->lut, fn);
  if (st) return st;
  *bits = rt_type_bits(d->type, &d->lut);
  if (*bits == 0 || *bits > 16)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: %s is not a weight type", fn,
                    bitblasRtTypeName(d->type));
  if ((int)d->layout < BITBLAS_RT_LAYOUT_PACKED || (int)d->layout > RT_LAYOUT_LAST)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    "%s: layout %d is not supported (known: " RT_KNOWN_LAYOUTS ")", fn,
                    (int)d->layout);
  st = rt_layout_check(d->layout, *bits, d->n, d->k, fn);
  if (st) return st;
  if (d->n <= 0 || d->k <= 0)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: n=%lld and k=%lld must be positive", fn,
                    (long long)d->n, (long long)d->k);
  if ((d->k * *bits) % 8)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "%s: k * bits = %lld * %d is not a multiple of 8", fn, (long long)d->k, *bits);
  size_t t;
  if (__builtin_mul_overflow((size_t)d->n, (size_t)d->k, &t) ||
      __builtin_mul_overflow(t, (size_t)*bits, &t))
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "%s: tensor size overflows size_t", fn);
  *bytes = t / 8;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtWeightStorageBytes(const BitblasRtWeightDesc *desc, size_t *bytes) {
  int bits = 0;
  size_t b = 0;
  RT_CHECK_ARG("bitblasRtWeightStorageBytes", bytes, "bytes");
  BitblasRtStatus st = check_desc(desc, "bitblasRtWeightStorageBytes", &bits, &b);
  if (st) return st;
  *bytes = b;
  return BITBLAS_RT_SUCCESS;
}

/* Exact integer value -> code of an integer weight type, or fails. */
static int int_value_code(BitblasRtType t, int bits, double v, uint32_t *code) {
  if (v != floor(v) || !isfinite(v)) return 0;
  if (t == BITBLAS_RT_TYPE_I1) {
    if (v != 1.0 && v != -1.0) return 0;
    *code = v > 0;
    return 1;
  }
  double lo = rt_type_is_uint(t) ? 0.0 : -ldexp(1.0, bits - 1);
  double hi = rt_type_is_uint(t) ? ldexp(1.0, bits) - 1 : ldexp(1.0, bits - 1) - 1;
  if (v < lo || v > hi) return 0;
  *code = (uint32_t)(int32_t)v & ((1u << bits) - 1);
  return 1;
}

/* Element i of `src` as a code of desc->type; NULL, or why it has none. */
static const char *element_code(const BitblasRtWeightDesc *desc, int bits, int is_int,
                                BitblasRtWeightSource source, const void *src, size_t i,
                                uint32_t *code, double *v) {
  *code = 0;
  *v = 0.0;
  switch (source) {
  case BITBLAS_RT_SOURCE_I32_CODE:
  case BITBLAS_RT_SOURCE_U8_CODE: {
    int64_t c = source == BITBLAS_RT_SOURCE_U8_CODE ? ((const uint8_t *)src)[i]
                                                    : ((const int32_t *)src)[i];
    *code = (uint32_t)c;
    *v = (double)c;
    return c >= 0 && c < ((int64_t)1 << bits) ? NULL : "code out of range";
  }
  case BITBLAS_RT_SOURCE_I32_VALUE:
  case BITBLAS_RT_SOURCE_F32:
  case BITBLAS_RT_SOURCE_F16:
    if (source == BITBLAS_RT_SOURCE_I32_VALUE) *v = ((const int32_t *)src)[i];
    else if (source == BITBLAS_RT_SOURCE_F32) *v = ((const float *)src)[i];
    else {
      uint16_t h;
      memcpy(&h, (const uint8_t *)src + 2 * i, 2);
      *v = bitblasRtF16ToDouble(h);
    }
    if (is_int)
      return int_value_code(desc->type, bits, *v, code)
                 ? NULL
                 : "not an exactly representable in-range integer";
    return isfinite(*v) && bitblasRtEncodeNearest(desc->type, &desc->lut, *v, code) == 0
               ? NULL
               : "NaN or infinite";
  default:
    return "of an unknown source kind";
  }
}

#define FN "bitblasRtTransformWeight"

BitblasRtStatus bitblasRtTransformWeight(const BitblasRtWeightDesc *desc,
                                         BitblasRtWeightSource source, const void *src, void *dst,
                                         size_t dst_bytes) {
  int bits;
  size_t bytes;
  BitblasRtStatus st = check_desc(desc, FN, &bits, &bytes);
  if (st) return st;
  RT_CHECK_ARG(FN, src, "src");
  RT_CHECK_ARG(FN, dst, "dst");
  if (dst_bytes != bytes)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    FN ": dst_bytes is %zu but a [%lld, %lld] %s tensor in layout %s needs %zu",
                    dst_bytes, (long long)desc->n, (long long)desc->k,
                    bitblasRtTypeName(desc->type), bitblasRtLayoutName(desc->layout), bytes);
  if (src == dst) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, FN ": src and dst must differ");
  int is_int = rt_type_is_int(desc->type);
  switch (source) {
  case BITBLAS_RT_SOURCE_F32: case BITBLAS_RT_SOURCE_F16: case BITBLAS_RT_SOURCE_I32_CODE:
    break;
  case BITBLAS_RT_SOURCE_I32_VALUE:
    if (!is_int)
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                      FN ": integer values need an integer weight type, not %s (pass codes)",
                      bitblasRtTypeName(desc->type));
    break;
  case BITBLAS_RT_SOURCE_U8_CODE:
    if (bits > 8)
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                      FN ": uint8 codes cannot hold %d-bit %s codes", bits,
                      bitblasRtTypeName(desc->type));
    break;
  default:
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, FN ": unknown source kind %d", (int)source);
  }
  /* Validate everything first so that dst is untouched on failure. */
  uint8_t *out = dst;
  const size_t count = (size_t)desc->n * (size_t)desc->k;
  for (size_t i = 0; i < count; ++i) {
    uint32_t code;
    double v;
    const char *why = element_code(desc, bits, is_int, source, src, i, &code, &v);
    if (why) {
      size_t n = i / (size_t)desc->k, k = i % (size_t)desc->k;
      return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE,
                      FN ": element (n=%zu, k=%zu) = %.17g is %s for %s", n, k, v, why,
                      bitblasRtTypeName(desc->type));
    }
  }
  /* Blocks of 16 rows own disjoint bytes in every layout (rows are whole
   * bytes; frag16 and frag8 tiles are 16 rows), so they are written in
   * parallel. */
  const int64_t blocks = (desc->n + 15) / 16;
#pragma omp parallel for schedule(static)
  for (int64_t blk = 0; blk < blocks; ++blk) {
    size_t end = (size_t)(blk + 1) * 16 * (size_t)desc->k;
    for (size_t i = (size_t)blk * 16 * (size_t)desc->k; i < end && i < count; ++i) {
      uint32_t code;
      double v;
      element_code(desc, bits, is_int, source, src, i, &code, &v);
      rt_packed_set(out, bits, rt_storage_index(desc->layout, bits, desc->k, i), code);
    }
  }
  return BITBLAS_RT_SUCCESS;
}
#undef FN

BitblasRtStatus bitblasRtWeightToCodes(const BitblasRtWeightDesc *desc, const void *storage,
                                       size_t storage_bytes, uint32_t *codes) {
  int bits;
  size_t bytes;
  BitblasRtStatus st = check_desc(desc, "bitblasRtWeightToCodes", &bits, &bytes);
  if (st) return st;
  RT_CHECK_ARG("bitblasRtWeightToCodes", storage, "storage");
  RT_CHECK_ARG("bitblasRtWeightToCodes", codes, "codes");
  if (storage_bytes != bytes)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "bitblasRtWeightToCodes: storage_bytes is %zu, expected %zu", storage_bytes,
                    bytes);
  size_t count = (size_t)desc->n * (size_t)desc->k;
  for (size_t i = 0; i < count; ++i)
    codes[i] = rt_packed_get(storage, bits, rt_storage_index(desc->layout, bits, desc->k, i));
  return BITBLAS_RT_SUCCESS;
}
