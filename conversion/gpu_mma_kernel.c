/* The tensor-core decode kernel (NVIDIA sm_80+, M <= 16, f16 activations).
 *
 * Bit-nearest instruction choice: an f16 x f16 -> f32 mma.m16n8k16 takes the
 * decoded weights as its B operand, so the multiply-adds cost nothing next to
 * the decode, and products are exact with f32 accumulation.
 *
 * Layout without a weight re-layout: in one mma, thread (g = lane/4, j = lane%4)
 * supplies the four logical k indices {2j, 2j+1, 2j+8, 2j+9} for both A (row g
 * and g+8) and B (column g). The sum over k does not care which actual K
 * positions those are, as long as A and B agree, so each thread takes the
 * pairs its magic-number decode produces (elements t and t + fields/2 of a
 * 32-bit word) and gathers the matching activations. Thread j of a row loads
 * one 16-byte chunk; the four threads cover 64 consecutive bytes.
 *
 * Block: `warps` warps share 8 output columns and split K; a shared-memory
 * reduction adds their partial tiles. Scales: per channel after the loop; per
 * group of >= one iteration after each iteration (f32); smaller groups and the
 * rescale mode scale the f16 weights before the mma. */
#include "bitblas-c/Ops.h"
#include "gpu_emit.h"
#include "gpu_kernel.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  int chunkBytes;  /* weight bytes per thread per iteration and tile */
  int elems;       /* E: weight elements per thread per iteration */
  bool preScale;   /* scale (and zeros) applied to f16 weights before the mma */
  bool groupPost;  /* per-group scale applied per iteration after the mma */
  bool channelPost;/* per-channel scale applied after the loop */
  bool onesMma;    /* zeros applied exactly: z * (sum of activations), the sum
                      coming from a second mma whose B operand is all ones */
  int64_t iters;   /* iterations per weight row: 64-byte steps of 4 threads */
} MmaPlan;

static bool supportedWeight(const BitblasMatmulDesc *d) {
  switch (d->w) {
  case BB_E_UINT:
  case BB_E_SINT:
    return d->wBits == 1 || d->wBits == 2 || d->wBits == 4 || d->wBits == 8;
  case BB_E_F16:
  case BB_E_F8E4M3:
  case BB_E_F8E5M2:
  case BB_E_F4E2M1:
    return true;
  case BB_E_TABLE:
    return d->wBits == 4 && d->table;
  default:
    return false;
  }
}

/* Fills `p`; returns why the tensor-core kernel cannot serve `d`, or NULL. */
static const char *plan(const BitblasMatmulDesc *d, MmaPlan *p) {
  memset(p, 0, sizeof *p);
  if (d->a != BB_E_F16)
    return "activations are not f16";
  if (d->out != BB_E_F16 && d->out != BB_E_BF16 && d->out != BB_E_F32)
    return "output is not a float type";
  if (!supportedWeight(d))
    return "weight type has no pair decoder";
  if (d->hasScale && d->scale != BB_E_F16)
    return "scale is not f16";
  if (d->k % 8 != 0)
    return "K is not a multiple of 8";
  p->chunkBytes = d->wBits == 1 ? 8 : 16;
  p->elems = p->chunkBytes * 8 / (int)d->wBits;
  int64_t rowBytes = d->k * d->wBits / 8;
  if (rowBytes % (4 * p->chunkBytes) != 0)
    return "weight rows are not a whole number of 4-thread steps";
  p->iters = rowBytes / (4 * p->chunkBytes);
  if (d->hasScale) {
    int64_t step = 4LL * p->elems; /* K elements of one iteration */
    bool perChannel = d->group == d->k;
    p->preScale = !perChannel && d->group % step != 0;
    if (p->preScale && d->group % p->elems != 0)
      return "group smaller than a thread's chunk";
    p->channelPost = !p->preScale && perChannel;
    p->groupPost = !p->preScale && !perChannel;
    p->onesMma = !p->preScale && d->zerosMode != BITBLAS_ZEROS_NONE;
  }
  return NULL;
}

/* Static shared memory of a tile: the weight ring, the K-split reduction
 * buffer and the lookup table. */
static int64_t sharedBytes(const BitblasMatmulDesc *d, const MmaPlan *p, const BitblasMmaTile *t) {
  int64_t threads = 32LL * t->kSplit;
  /* The reduction buffer of the 9..16-row kernel (T fragments; the other has T / 2). */
  int nv = 4 * t->tiles + (p->channelPost && p->onesMma ? 4 : 0);
  /* The one-row kernel also streams activations: 4E halves per warp and stage. */
  int64_t aRing = (int64_t)t->stages * t->kSplit * 8 * p->elems;
  return (int64_t)t->stages * t->tiles * threads * p->chunkBytes + threads * nv * 4 + aRing +
         (d->w == BB_E_TABLE ? 4LL << d->wBits : 0);
}

enum { kMaxStaticShared = 48 * 1024 };

const char *bitblasMmaTileInvalidReason(const BitblasMatmulDesc *d, const BitblasMmaTile *t) {
  if (t->tiles < 2 || t->tiles > 8 || t->tiles % 2)
    return "tiles per warp must be 2, 4, 6 or 8 (pairs of 8-row tiles make one 16-row mma tile)";
  if (t->kSplit < 1 || t->kSplit > 16)
    return "warps splitting K must be in 1..16";
  if (t->stages < 2 || t->stages > 8)
    return "pipeline stages must be in 2..8";
  MmaPlan p;
  if (!plan(d, &p) && sharedBytes(d, &p, t) > kMaxStaticShared)
    return "the tile needs more than 48 KiB of shared memory (stages x tiles x 32 x k_split x "
           "chunk bytes, plus the reduction buffer)";
  return NULL;
}

/* The default tile when the op names none. Chosen from measurements on the
 * H100 (docs/performance.md, "Tile configurations"). */
static BitblasMmaTile defaultTile(const BitblasMatmulDesc *d, const MmaPlan *p) {
  if (d->tile.tiles)
    return d->tile;
  BitblasMmaTile t = {2, 8, 4};
  while (t.kSplit > 1 && t.kSplit > p->iters)
    t.kSplit /= 2;
  while (t.stages > 2 && sharedBytes(d, p, &t) > kMaxStaticShared)
    --t.stages;
  return t;
}

bool bitblasMmaKernelTile(const BitblasMatmulDesc *d, bool twoRows, BitblasMmaTile *out) {
  MmaPlan p;
  if (plan(d, &p))
    return false;
  (void)twoRows;
  *out = defaultTile(d, &p);
  return bitblasMmaTileInvalidReason(d, out) == NULL;
}

const char *bitblasMmaKernelUnsupportedReason(const BitblasMatmulDesc *d) {
  MmaPlan p;
  const char *why = bitblasKernelUnsupportedReason(d);
  return why ? why : plan(d, &p);
}

/* Splats an i16-in-i32 value (low half) into both halves of a vector<2xf16>. */
static Val splatHalf(Emitter *e, Val lowBits) {
  Val hi = bin(e, "shli", lowBits, cstI(e, 16, "i32"), "i32");
  Val x = bin(e, "ori", lowBits, hi, "i32");
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : i32 to vector<2xf16>\n", v.s, x.s);
  return v;
}

/* (a & b) | c (lut 0xea) or (a & b) ^ c (lut 0x6a) in one LOP3: SASS takes
 * one immediate per LOP3, so ptxas splits `and` + `or` with two constant
 * masks into two; as inline PTX the second constant lives in a register. */
static Val lop3(Emitter *e, Val a, uint32_t b, uint32_t c, int lut) {
  Val v = fresh(e);
  Val bv = cstI(e, (int32_t)b, "i32"), cv = cstI(e, (int32_t)c, "i32");
  OUT("    %s = llvm.inline_asm asm_dialect = att \"lop3.b32 $0, $1, $2, $3, %d;\", \"=r,r,r,r\" "
      "%s, %s, %s : (i32, i32, i32) -> i32\n",
      v.s, lut, a.s, bv.s, cv.s);
  return v;
}

/* Byte offset into the shared-memory ring. */
static Val gepShared(Emitter *e, Val ptr, Val off) {
  Val v = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8\n", v.s, ptr.s,
      off.s);
  return v;
}

static Val asHalf2(Emitter *e, Val word) {
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : i32 to vector<2xf16>\n", v.s, word.s);
  return v;
}

static Val asI32(Emitter *e, Val h2) {
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : vector<2xf16> to i32\n", v.s, h2.s);
  return v;
}

static Val fma3h(Emitter *e, Val a, Val b, Val c) {
  Val v = fresh(e);
  OUT("    %s = llvm.intr.fma(%s, %s, %s) : (vector<2xf16>, vector<2xf16>, vector<2xf16>) -> "
      "vector<2xf16>\n",
      v.s, a.s, b.s, c.s);
  return v;
}

/* f32 -> f16 splat pair (scales and zeros). */
static Val splatF32(Emitter *e, Val f) {
  Val h = cast(e, "truncf", f, "f32", "f16");
  Val i = cast(e, "bitcast", h, "f16", "i16");
  return splatHalf(e, cast(e, "extui", i, "i16", "i32"));
}

/* Decodes pair `t` of a 32-bit weight word: elements t and t + fields/2. */
static Val decodePair(Emitter *e, const BitblasMatmulDesc *d, Val word, int t) {
  const unsigned b = d->wBits;
  switch (d->w) {
  case BB_E_F16:
    return asHalf2(e, word);
  case BB_E_TABLE: { /* two lookups in the block's shared copy of the table */
    Val h[2];
    for (int half = 0; half < 2; ++half) {
      int shift = (int)b * t + 16 * half;
      Val c = shift ? bin(e, "shrui", word, cstI(e, shift, "i32"), "i32") : word;
      c = bin(e, "andi", c, cstI(e, (1 << b) - 1, "i32"), "i32");
      Val f = fresh(e);
      OUT("    %s = memref.load %%tbl[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n",
          f.s, cast(e, "index_cast", c, "i32", "index").s, 1 << b);
      h[half] = cast(e, "extui", cast(e, "bitcast", cast(e, "truncf", f, "f32", "f16"), "f16",
                                      "i16"), "i16", "i32");
    }
    Val x = bin(e, "ori", h[0], bin(e, "shli", h[1], cstI(e, 16, "i32"), "i32"), "i32");
    return asHalf2(e, x);
  }
  case BB_E_F8E5M2: { /* e5m2 is the top byte of an f16 */
    Val x = t ? bin(e, "andi", word, cstI(e, (int32_t)0xff00ff00, "i32"), "i32")
              : bin(e, "shli", bin(e, "andi", word, cstI(e, 0x00ff00ff, "i32"), "i32"),
                    cstI(e, 8, "i32"), "i32");
    return asHalf2(e, x);
  }
  case BB_E_F8E4M3:
  case BB_E_F4E2M1: {
    /* Exponent and mantissa slide under f16's fields; one exact multiply
     * fixes the bias (and makes subnormals right). */
    bool f8 = d->w == BB_E_F8E4M3;
    Val y = t ? bin(e, "shrui", word, cstI(e, (int)b * t, "i32"), "i32") : word;
    Val sign = bin(e, "andi", y, cstI(e, f8 ? 0x00800080 : 0x00080008, "i32"), "i32");
    sign = bin(e, "shli", sign, cstI(e, f8 ? 8 : 12, "i32"), "i32");
    Val em = bin(e, "andi", y, cstI(e, f8 ? 0x007f007f : 0x00070007, "i32"), "i32");
    em = bin(e, "shli", em, cstI(e, f8 ? 7 : 9, "i32"), "i32");
    Val h = asHalf2(e, bin(e, "ori", sign, em, "i32"));
    return bin(e, "mulf", h, cstH2(e, f8 ? 256.0 : 16384.0), "vector<2xf16>");
  }
  default: {
    /* uiN / iN: 0x6400 | (q << sh) is the f16 1024 + q * 2^sh (exact for
     * sh + b <= 10), so one LOP3 per pair takes the fields where they lie and
     * one fma (x * 2^-sh + bias) finishes: a shift only every 8 bits. */
    uint32_t field = (1u << b) - 1u;
    int perByte = 8 / (int)b > 0 ? 8 / (int)b : 1;
    int byteShift = 8 * (t / perByte), sh = (int)b * (t % perByte);
    uint32_t mask = (field | (field << 16)) << sh;
    Val x = byteShift ? bin(e, "shrui", word, cstI(e, byteShift, "i32"), "i32") : word;
    bool sign = d->w == BB_E_SINT && b >= 2;
    if (sign) { /* two's complement -> offset form: flip the sign bit */
      uint32_t s = 1u << (b - 1 + sh);
      x = lop3(e, x, mask, (s | (s << 16)) | 0x64006400u, 0x6a);
    } else {
      x = lop3(e, x, mask, 0x64006400u, 0xea);
    }
    /* value = mult * (q - offset) with q = (x - 1024) / 2^sh. */
    double mult = d->w == BB_E_SINT && b == 1 ? 2.0 : 1.0; /* signs: 0 -> -1, 1 -> +1 */
    double offset = sign ? (double)(1u << (b - 1)) : d->w == BB_E_SINT ? 0.5 : 0.0;
    double alpha = mult / (double)(1u << sh);
    double beta = -mult * (1024.0 / (double)(1u << sh) + offset);
    if (alpha == 1.0)
      return bin(e, "subf", asHalf2(e, x), cstH2(e, -beta), "vector<2xf16>");
    if (mult == 2.0 && sh == 0) /* 2049 is no f16: subtract 1024 first */
      return fma3h(e, bin(e, "subf", asHalf2(e, x), cstH2(e, 1024.0), "vector<2xf16>"),
                   cstH2(e, 2.0), cstH2(e, -1.0));
    return fma3h(e, asHalf2(e, x), cstH2(e, alpha), cstH2(e, beta));
  }
  }
}

/* Gathers the activations that pair with weight elements (lo, hi). */
static Val gatherA(Emitter *e, Val av, int lo, int hi, int elems) {
  Val v = fresh(e);
  OUT("    %s = llvm.shufflevector %s, %s [%d, %d] : vector<%dxf16>\n", v.s, av.s, av.s, lo, hi,
      elems);
  return asI32(e, v);
}

static const char *kMmaAsm =
    "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {$0,$1,$2,$3}, {$4,$5,$6,$7}, "
    "{$8,$9}, {$10,$11,$12,$13};";

/* c[0..3] += A(a0..a3) x B(b0, b1) */
static void mma(Emitter *e, Val a[4], Val b0, Val b1, Val c[4]) {
  Val r = fresh(e);
  OUT("    %s = llvm.inline_asm asm_dialect = att \"%s\", "
      "\"=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f\" %s, %s, %s, %s, %s, %s, %s, %s, %s, %s : "
      "(i32, i32, i32, i32, i32, i32, f32, f32, f32, f32) -> !llvm.struct<(f32, f32, f32, f32)>\n",
      r.s, kMmaAsm, a[0].s, a[1].s, a[2].s, a[3].s, b0.s, b1.s, c[0].s, c[1].s, c[2].s, c[3].s);
  for (int i = 0; i < 4; ++i) {
    c[i] = fresh(e);
    OUT("    %s = llvm.extractvalue %s[%d] : !llvm.struct<(f32, f32, f32, f32)>\n", c[i].s, r.s, i);
  }
}

/* Scale (or float zero) of row `n` (i64) and group `g` (i64) as f32. */
static Val groupValue(Emitter *e, const char *ptr, Val n, Val g, int64_t numGroups, bool code) {
  Val idx = bin(e, "addi", bin(e, "muli", n, cstI(e, numGroups, "i64"), "i64"), g, "i64");
  if (code) { /* quantized zeros: one unsigned code per byte */
    Val zc = load(e, gep(e, ptr, idx, "i8"), "i8", 1);
    return cast(e, "uitofp", cast(e, "extui", zc, "i8", "i32"), "i32", "f32");
  }
  return loadScaleLike(e, ptr, BB_E_F16, idx);
}

/* -(s*z) (original, quantized) or -z (rescale) for column `n`, group `g`:
 * what multiplies the activation sum. */
static Val zeroTerm(Emitter *e, const BitblasMatmulDesc *d, Val s, Val n, Val g,
                    int64_t numGroups) {
  bool code = d->zerosMode == BITBLAS_ZEROS_QUANTIZED;
  Val z = groupValue(e, "%Z", n, g, numGroups, code);
  Val t = d->zerosMode == BITBLAS_ZEROS_RESCALE ? z : bin(e, "mulf", s, z, "f32");
  return bin(e, "subf", cstF(e, 0.0), t, "f32");
}

bool bitblasEmitMmaMatmulKernel(BitblasTextBuffer *b, const char *symbol,
                                const char *globalsPrefix, const BitblasMatmulDesc *d,
                                const BitblasKernelVariant *v) {
  MmaPlan p;
  if (bitblasMmaKernelUnsupportedReason(d) || plan(d, &p) ||
      bitblasMmaTileInvalidReason(d, &v->mma))
    return false;
  Emitter em = {b, 0, d, v, globalsPrefix};
  Emitter *e = &em;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  const bool twoRows = v->mTile > 8;
  /* One activation row (decode): activations stream through shared memory
   * with the weights (cp.async, same groups). Loading them from L1 in every
   * iteration measured as the main stall: up to 45% of the time for int2. */
  const bool aRing = v->mTile == 1;
  const int R = twoRows ? 2 : 1;
  const int E = p.elems, words = p.chunkBytes / 4, epw = 32 / (int)d->wBits;
  const int pairsPerWord = epw / 2 > 0 ? epw / 2 : 1;
  const int64_t rowBytes = d->k * d->wBits / 8;
  const int64_t numGroups = d->hasScale ? d->k / d->group : 0;
  const int T = v->mma.tiles, KS = v->mma.kSplit;
  /* Up to 8 activation rows, the weights are the mma's A operand (16 rows of
   * N: tiles 2q and 2q + 1) and the activations its B operand (8 columns of
   * M): half the mmas of the other way round, which serves 9..16 rows. */
  const bool swap = !twoRows;
  const int NT = swap ? T / 2 : T; /* accumulator tiles (C fragments) */
  /* Accumulators: 4 per C fragment, plus 4 activation sums shared by every
   * fragment when per-channel zeros use the ones-mma. */
  const bool sums = p.channelPost && p.onesMma;
  const int NV = 4 * NT + (sums ? 4 : 0);
  char aVecT[32], wVecT[32];
  snprintf(aVecT, sizeof aVecT, "vector<%dxf16>", E);
  snprintf(wVecT, sizeof wVecT, "vector<%dxi32>", words);

  OUT("  llvm.mlir.global internal @%s_ring() {addr_space = 3 : i32, alignment = 16 : i64} : "
      "!llvm.array<%lld x i8>\n",
      symbol, (long long)v->mma.stages * T * KS * 32 * p.chunkBytes);
  if (aRing)
    OUT("  llvm.mlir.global internal @%s_aring() {addr_space = 3 : i32, alignment = 16 : i64} : "
        "!llvm.array<%lld x i8>\n",
        symbol, (long long)v->mma.stages * KS * 8 * E);
  bitblasEmitKernelHeader(e, symbol);
  OUT(" workgroup(%%red : memref<%dxf32, #gpu.address_space<workgroup>>", KS * 32 * NV);
  if (d->w == BB_E_TABLE)
    OUT(", %%tbl : memref<%dxf32, #gpu.address_space<workgroup>>", 1 << d->wBits);
  OUT(") kernel attributes {known_block_size = array<i32: %d, 1, 1>} {\n", KS * 32);

  Val tid = fresh(e), bx = fresh(e);
  OUT("    %s = gpu.thread_id x\n    %s = gpu.block_id x\n", tid.s, bx.s);
  if (d->w == BB_E_TABLE)
    bitblasEmitTableToShared(e, tid, 1 << d->wBits, KS * 32);
  Val c32 = cstI(e, 32, "index");
  Val lane = bin(e, "remui", tid, c32, "index");
  Val warp = bin(e, "divui", tid, c32, "index");
  Val g = bin(e, "divui", lane, cstI(e, 4, "index"), "index");
  Val j = bin(e, "remui", lane, cstI(e, 4, "index"), "index");
  Val nbase = bin(e, "muli", bx, cstI(e, 8LL * T, "index"), "index");
  Val Mi = cast(e, "index_cast", (Val){"%M"}, "i32", "index");
  Val Mlast = bin(e, "subi", Mi, cstI(e, 1, "index"), "index");
  Val nLast = cstI(e, d->n - 1, "index");
  Val j64 = cast(e, "index_cast", j, "index", "i64");
  Val warp64 = cast(e, "index_cast", warp, "index", "i64");
  /* Weight row of tile t (B column g), clamped; its byte offset for lane j. */
  Val nRow64[8], wRowBase[8];
  for (int t = 0; t < T; ++t) {
    Val n = bin(e, "addi", nbase, bin(e, "addi", g, cstI(e, 8LL * t, "index"), "index"), "index");
    nRow64[t] = cast(e, "index_cast", bin(e, "minui", n, nLast, "index"), "index", "i64");
    wRowBase[t] = bin(e, "addi", bin(e, "muli", nRow64[t], cstI(e, rowBytes, "i64"), "i64"),
                      bin(e, "muli", j64, cstI(e, p.chunkBytes, "i64"), "i64"), "i64");
  }
  /* Activation rows g and g + 8, clamped. */
  Val aRow[2];
  for (int r = 0; r < R; ++r) {
    Val m = bin(e, "minui", bin(e, "addi", g, cstI(e, 8 * r, "index"), "index"), Mlast, "index");
    aRow[r] = bin(e, "muli", cast(e, "index_cast", m, "index", "i64"), cstI(e, d->k, "i64"), "i64");
  }
  Val kThread = bin(e, "muli", j64, cstI(e, E, "i64"), "i64");
  Val zeroF = cstF(e, 0.0);
  Val ones = cstI(e, 0x3C003C00, "i32"); /* the f16 pair (1, 1) */
  /* The two output columns n (clamped) of each C fragment, for scales:
   * element el of fragment f is column accN[f][nKey(el)]. */
  Val accN[8][2];
  for (int f = 0; f < NT; ++f)
    for (int h = 0; h < 2; ++h) {
      if (swap) { /* rows g and g + 8 of the 16-row weight tile */
        accN[f][h] = nRow64[2 * f + h];
        continue;
      }
      Val n = bin(e, "addi", nbase, cstI(e, 8LL * f + h, "index"), "index");
      n = bin(e, "addi", n, bin(e, "muli", j, cstI(e, 2, "index"), "index"), "index");
      accN[f][h] = cast(e, "index_cast", bin(e, "minui", n, nLast, "index"), "index", "i64");
    }
#define nKey(el) (swap ? (el) / 2 : (el) % 2)

  /* Iterations (64-byte steps of a row) are interleaved over the warps:
   * warp w runs iterations w, w + KS, ... Weights stream through a ring of
   * `stages` shared-memory slots filled by cp.async, `stages - 1` iterations
   * ahead: the bytes in flight do not depend on how ptxas schedules loads or
   * on registers. Each thread reads back only the chunks it copied itself,
   * so no barrier is needed. Iterations past the row (the last one of some
   * warps) load a clamped address and get zero activations. */
  const int S = v->mma.stages;
  const int64_t perWarp = (p.iters + KS - 1) / KS;
  const bool ragged = p.iters % KS != 0;
  const int threads = KS * 32;
  Val ring = fresh(e), aring = {{0}};
  OUT("    %s = llvm.mlir.addressof @%s_ring : !llvm.ptr<3>\n", ring.s, symbol);
  /* Activation ring: [stage][warp][4E halves]; lane l copies `aUnit` bytes
   * at l * aUnit (lanes past 8E bytes copy nothing). */
  const int aBytes = 8 * E, aUnit = aBytes / 32 >= 16 ? 16 : aBytes / 32 >= 8 ? 8 : 4;
  const int aLanes = aBytes / aUnit;
  Val laneCopies = {{0}}, laneOff = {{0}}, aSlotWarp = {{0}};
  if (aRing) {
    aring = fresh(e);
    OUT("    %s = llvm.mlir.addressof @%s_aring : !llvm.ptr<3>\n", aring.s, symbol);
    Val lane64 = cast(e, "index_cast", lane, "index", "i64");
    laneCopies = bin(e, "cmpi ult,", lane64, cstI(e, aLanes, "i64"), "i64");
    laneOff = bin(e, "muli", lane64, cstI(e, aUnit, "i64"), "i64");
    aSlotWarp = bin(e, "muli", warp64, cstI(e, aBytes, "i64"), "i64");
  }
  Val tid64 = cast(e, "index_cast", tid, "index", "i64");
  /* Slot address of chunk t: ((slot * T + t) * threads + tid) * chunkBytes. */
  Val slotBase[8];
  for (int t = 0; t < T; ++t)
    slotBase[t] = bin(e, "muli", bin(e, "addi", tid64, cstI(e, (int64_t)t * threads, "i64"), "i64"),
                      cstI(e, p.chunkBytes, "i64"), "i64");
  const int64_t slotBytes = (int64_t)T * threads * p.chunkBytes;
#define RING_ADDR(slot64, t)                                                                       \
  gepShared(e, ring, bin(e, "addi", slotBase[t],                                                    \
                         bin(e, "muli", slot64, cstI(e, slotBytes, "i64"), "i64"), "i64"))
  const char *cache = p.chunkBytes == 16 ? "cg" : "ca";
  /* Copies warp-iteration `s` (i64) of every tile into slot `slot` (i64). */
#define ISSUE(s64, slot64)                                                                         \
  do {                                                                                             \
    Val i_ = bin(e, "addi", bin(e, "muli", s64, cstI(e, KS, "i64"), "i64"), warp64, "i64");        \
    i_ = bin(e, "minui", i_, cstI(e, p.iters - 1, "i64"), "i64");                                  \
    Val step_ = bin(e, "muli", i_, cstI(e, 4LL * p.chunkBytes, "i64"), "i64");                     \
    for (int t_ = 0; t_ < T; ++t_) {                                                               \
      Val src_ = gep(e, "%W", bin(e, "addi", wRowBase[t_], step_, "i64"), "i8");                   \
      Val dst_ = RING_ADDR(slot64, t_);                                                            \
      OUT("    nvvm.cp.async.shared.global %s, %s, %d, cache = %s : !llvm.ptr<3>, "                \
          "!llvm.ptr<1>\n",                                                                        \
          dst_.s, src_.s, p.chunkBytes, cache);                                                    \
    }                                                                                              \
    if (aRing) {                                                                                   \
      Val asrc_ = gep(e, "%A", bin(e, "muli", i_, cstI(e, 4LL * E, "i64"), "i64"), "f16");        \
      asrc_ = gep(e, asrc_.s, laneOff, "i8");                                                      \
      Val adst_ = gepShared(e, aring,                                                              \
                            bin(e, "addi",                                                         \
                                bin(e, "muli", slot64, cstI(e, (int64_t)KS * aBytes, "i64"),       \
                                    "i64"),                                                        \
                                bin(e, "addi", aSlotWarp, laneOff, "i64"), "i64"));                \
      OUT("    scf.if %s {\n    nvvm.cp.async.shared.global %s, %s, %d, cache = %s : "            \
          "!llvm.ptr<3>, !llvm.ptr<1>\n    }\n",                                                  \
          laneCopies.s, adst_.s, asrc_.s, aUnit, aUnit == 16 ? "cg" : "ca");                      \
    }                                                                                              \
    OUT("    nvvm.cp.async.commit.group\n");                                                      \
  } while (0)
  for (int s = 0; s < S - 1; ++s)
    ISSUE(cstI(e, s, "i64"), cstI(e, s, "i64"));

  Val zeroA = {{0}};
  if (ragged) {
    zeroA = fresh(e);
    OUT("    %s = arith.constant dense<0.0> : %s\n", zeroA.s, aVecT);
  }
  Val acc[36], loopRes = fresh(e), it = fresh(e);
  for (int i = 0; i < NV; ++i)
    acc[i] = fresh(e);
  Val lb = cstI(e, 0, "index"), ub = cstI(e, perWarp, "index"), st = cstI(e, 1, "index");
  OUT("    %s:%d = scf.for %s = %s to %s step %s iter_args(", loopRes.s, NV, it.s, lb.s, ub.s,
      st.s);
  for (int i = 0; i < NV; ++i)
    OUT("%s%s = %s", i ? ", " : "", acc[i].s, zeroF.s);
  OUT(") -> (");
  for (int i = 0; i < NV; ++i)
    OUT("%sf32", i ? ", " : "");
  OUT(") {\n");
  Val s64 = cast(e, "index_cast", it, "index", "i64");
  Val ahead = bin(e, "addi", s64, cstI(e, S - 1, "i64"), "i64");
  ISSUE(ahead, bin(e, "remui", ahead, cstI(e, S, "i64"), "i64"));
  OUT("    nvvm.cp.async.wait.group %d\n", S - 1);
  const int unroll = 1;
  Val wv[1][8], av[1][2], kIt[1];
  {
    Val slot = bin(e, "remui", s64, cstI(e, S, "i64"), "i64");
    for (int t = 0; t < T; ++t) {
      wv[0][t] = fresh(e);
      OUT("    %s = llvm.load %s {alignment = %d : i64} : !llvm.ptr<3> -> %s\n", wv[0][t].s,
          RING_ADDR(slot, t).s, p.chunkBytes, wVecT);
    }
    Val iu = bin(e, "addi", bin(e, "muli", s64, cstI(e, KS, "i64"), "i64"), warp64, "i64");
    Val valid = {{0}};
    if (ragged) {
      valid = bin(e, "cmpi ult,", iu, cstI(e, p.iters, "i64"), "i64");
      iu = bin(e, "minui", iu, cstI(e, p.iters - 1, "i64"), "i64");
    }
    kIt[0] = bin(e, "muli", iu, cstI(e, 4LL * E, "i64"), "i64");
    Val k = bin(e, "addi", kIt[0], kThread, "i64");
    if (aRing) { /* other lanes' copies: visible after the warp barrier */
      Val all = cstI(e, -1, "i32");
      OUT("    nvvm.bar.warp.sync %s : i32\n", all.s);
    }
    for (int r = 0; r < R; ++r) {
      if (aRing) {
        Val off = bin(e, "addi",
                      bin(e, "muli", slot, cstI(e, (int64_t)KS * aBytes, "i64"), "i64"),
                      bin(e, "addi", aSlotWarp, bin(e, "muli", j64, cstI(e, 2LL * E, "i64"), "i64"),
                          "i64"),
                      "i64");
        av[0][r] = fresh(e);
        OUT("    %s = llvm.load %s {alignment = 16 : i64} : !llvm.ptr<3> -> %s\n", av[0][r].s,
            gepShared(e, aring, off).s, aVecT);
      } else {
        av[0][r] = load(e, gep(e, "%A", bin(e, "addi", aRow[r], k, "i64"), "f16"), aVecT, 16);
      }
      if (ragged) {
        Val sel = fresh(e);
        OUT("    %s = arith.select %s, %s, %s : %s\n", sel.s, valid.s, av[0][r].s, zeroA.s,
            aVecT);
        av[0][r] = sel;
      }
    }
  }
#undef ISSUE
#undef RING_ADDR
  for (int u = 0; u < unroll; ++u) {
    Val grp = {{0}}, s2[8], z2[8];
    if (p.preScale) {
      grp = bin(e, "divui", bin(e, "addi", kIt[u], kThread, "i64"), cstI(e, d->group, "i64"),
                "i64");
      for (int t = 0; t < T; ++t) {
        s2[t] = splatF32(e, groupValue(e, "%S", nRow64[t], grp, numGroups, false));
        if (zeros)
          z2[t] = splatF32(e, groupValue(e, "%Z", nRow64[t], grp, numGroups,
                                         d->zerosMode == BITBLAS_ZEROS_QUANTIZED));
      }
    }
    Val c[8][4], o[4];
    for (int i = 0; i < 4; ++i) {
      for (int f = 0; f < NT; ++f)
        c[f][i] = p.groupPost ? zeroF : acc[4 * f + i];
      o[i] = p.groupPost || !sums ? zeroF : acc[4 * NT + i];
    }
    Val pending[8];
    int pendingLo = 0, pendingHi = 0, count = 0;
    for (int w = 0; w < words; ++w) {
      Val word[8], pair[8];
      for (int t = 0; t < T; ++t)
        word[t] = extract(e, wv[u][t], w, wVecT);
      for (int q = 0; q < pairsPerWord; ++q) {
        for (int t = 0; t < T; ++t) {
          pair[t] = decodePair(e, d, word[t], q);
          if (p.preScale) { /* small groups: dequantize in f16 (one rounding) */
            if (d->zerosMode == BITBLAS_ZEROS_RESCALE)
              pair[t] = fma3h(e, pair[t], s2[t],
                              bin(e, "subf", cstH2(e, 0.0), z2[t], "vector<2xf16>"));
            else {
              if (zeros)
                pair[t] = bin(e, "subf", pair[t], z2[t], "vector<2xf16>");
              pair[t] = bin(e, "mulf", pair[t], s2[t], "vector<2xf16>");
            }
          }
        }
        /* Fields q and q + epw/2 of the word; interleaved storage makes them
         * neighbouring elements, so the activation pair is one 32-bit lane. */
        int lo = w * epw + q, hi = lo + epw / 2;
        if (d->wBits == 16 || d->interleave32)
          lo = w * epw + 2 * q, hi = lo + 1;
        if (count++ % 2 == 0) {
          memcpy(pending, pair, sizeof pending);
          pendingLo = lo;
          pendingHi = hi;
          continue;
        }
        /* Two pairs make one mma: (pending, pair) hold the logical k
         * {2j,2j+1} and {2j+8,2j+9}; the activation fragment is shared by
         * every tile. */
        if (swap) {
          Val b0 = gatherA(e, av[u][0], pendingLo, pendingHi, E);
          Val b1 = gatherA(e, av[u][0], lo, hi, E);
          for (int f = 0; f < NT; ++f) {
            Val a[4] = {asI32(e, pending[2 * f]), asI32(e, pending[2 * f + 1]),
                        asI32(e, pair[2 * f]), asI32(e, pair[2 * f + 1])};
            mma(e, a, b0, b1, c[f]);
          }
          if (p.onesMma) {
            Val a[4] = {ones, ones, ones, ones};
            mma(e, a, b0, b1, o);
          }
          continue;
        }
        Val a[4];
        a[0] = gatherA(e, av[u][0], pendingLo, pendingHi, E);
        a[1] = gatherA(e, av[u][1], pendingLo, pendingHi, E);
        a[2] = gatherA(e, av[u][0], lo, hi, E);
        a[3] = gatherA(e, av[u][1], lo, hi, E);
        for (int t = 0; t < T; ++t)
          mma(e, a, asI32(e, pending[t]), asI32(e, pair[t]), c[t]);
        if (p.onesMma)
          mma(e, a, ones, ones, o);
      }
    }
    if (p.groupPost) { /* whole iteration in one group: scale its partial tiles */
      Val gIt = bin(e, "divui", kIt[u], cstI(e, d->group, "i64"), "i64");
      for (int f = 0; f < NT; ++f) {
        Val sc[2], zt[2];
        for (int h = 0; h < 2; ++h) {
          sc[h] = groupValue(e, "%S", accN[f][h], gIt, numGroups, false);
          if (p.onesMma)
            zt[h] = zeroTerm(e, d, sc[h], accN[f][h], gIt, numGroups);
        }
        for (int i = 0; i < 4; ++i) {
          acc[4 * f + i] = fma3(e, sc[nKey(i)], c[f][i], acc[4 * f + i]);
          if (p.onesMma)
            acc[4 * f + i] = fma3(e, zt[nKey(i)], o[i], acc[4 * f + i]);
        }
      }
    } else {
      for (int i = 0; i < 4; ++i) {
        for (int f = 0; f < NT; ++f)
          acc[4 * f + i] = c[f][i];
        if (sums)
          acc[4 * NT + i] = o[i];
      }
    }
  }
  OUT("    scf.yield ");
  for (int i = 0; i < NV; ++i)
    OUT("%s%s", i ? ", " : "", acc[i].s);
  OUT(" : ");
  for (int i = 0; i < NV; ++i)
    OUT("%sf32", i ? ", " : "");
  OUT("\n    }\n    nvvm.cp.async.wait.group 0\n");

  /* K-split reduction through shared memory, red[warp][lane][i]; output value
   * i is summed and stored by warp i % KS, so the epilogue is spread out. */
  for (int i = 0; i < NV; ++i) {
    Val fin = {{0}};
    snprintf(fin.s, sizeof fin.s, "%.24s#%d", loopRes.s, i);
    Val idx = bin(e, "addi", bin(e, "muli", tid, cstI(e, NV, "index"), "index"),
                  cstI(e, i, "index"), "index");
    OUT("    memref.store %s, %%red[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n",
        fin.s, idx.s, KS * 32 * NV);
  }
  OUT("    gpu.barrier\n");
  const char *outT = storageType(d->out, d->outBits);
  for (int i = 0; i < 4 * NT; ++i) {
    const int f = i / 4, el = i % 4;
    Val mine = bin(e, "cmpi eq,", warp, cstI(e, i % KS, "index"), "index");
    OUT("    scf.if %s {\n", mine.s);
    Val x = zeroF, sum = zeroF;
    for (int w = 0; w < KS; ++w) {
      Val base = bin(e, "muli", lane, cstI(e, NV, "index"), "index");
      Val y = fresh(e);
      OUT("    %s = memref.load %%red[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n",
          y.s, bin(e, "addi", base, cstI(e, w * 32 * NV + i, "index"), "index").s, KS * 32 * NV);
      x = bin(e, "addf", x, y, "f32");
      if (sums) {
        Val z = fresh(e);
        OUT("    %s = memref.load %%red[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n",
            z.s, bin(e, "addi", base, cstI(e, w * 32 * NV + 4 * NT + el, "index"), "index").s,
            KS * 32 * NV);
        sum = bin(e, "addf", sum, z, "f32");
      }
    }
    /* C fragment element el: row g (+8 for el >= 2), column 2j (+1 if odd);
     * rows are n and columns m when the weights are the A operand. */
    Val row = bin(e, "addi", g, cstI(e, el >= 2 ? 8 : 0, "index"), "index");
    Val col = bin(e, "addi", bin(e, "muli", j, cstI(e, 2, "index"), "index"),
                  cstI(e, el % 2, "index"), "index");
    Val m = swap ? col : row;
    Val n = bin(e, "addi", nbase, cstI(e, (swap ? 16LL : 8LL) * f, "index"), "index");
    n = bin(e, "addi", n, swap ? row : col, "index");
    Val ok = bin(e, "andi", bin(e, "cmpi ult,", m, Mi, "index"),
                 bin(e, "cmpi ult,", n, cstI(e, d->n, "index"), "index"), "i1");
    OUT("    scf.if %s {\n", ok.s);
    Val n64 = cast(e, "index_cast", n, "index", "i64");
    if (p.channelPost) {
      Val sc = loadScaleLike(e, "%S", BB_E_F16, n64);
      x = bin(e, "mulf", x, sc, "f32");
      if (p.onesMma)
        x = fma3(e, zeroTerm(e, d, sc, n64, cstI(e, 0, "i64"), 1), sum, x);
    }
    if (d->hasBias) {
      Val bv = load(e, gep(e, "%B", n64, outT), outT, (int)d->outBits / 8);
      x = bin(e, "addf", x, d->out == BB_E_F32 ? bv : cast(e, "extf", bv, outT, "f32"), "f32");
    }
    if (d->out != BB_E_F32)
      x = cast(e, "truncf", x, "f32", outT);
    Val off = bin(e, "addi",
                  bin(e, "muli", cast(e, "index_cast", m, "index", "i64"), cstI(e, d->n, "i64"),
                      "i64"),
                  n64, "i64");
    OUT("    llvm.store %s, %s : %s, !llvm.ptr<1>\n    }\n    }\n", x.s, gep(e, "%C", off, outT).s,
        outT);
  }
#undef nKey
  OUT("    gpu.return\n  }\n");
  return !b->oom;
}
