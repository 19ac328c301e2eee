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

const char *bitblasMmaTileInvalidReason(const BitblasMmaTile *t) {
  if (t->tiles < 1 || t->tiles > 8)
    return "tiles per warp must be in 1..8";
  if (t->kSplit < 1 || t->kSplit > 16)
    return "warps splitting K must be in 1..16";
  if (t->unroll < 1 || t->unroll > 8)
    return "unroll must be in 1..8";
  return NULL;
}

/* The default tile when the op names none. Chosen from measurements on the
 * H100 (docs/performance.md, "Tile configurations"). */
static BitblasMmaTile defaultTile(const BitblasMatmulDesc *d, const MmaPlan *p, bool twoRows) {
  BitblasMmaTile t = {1, 8, 4};
  if (d->tile.tiles)
    return d->tile;
  (void)twoRows;
  t.unroll = p->elems * (twoRows ? 2 : 1) > 32 ? 2 : 4;
  while (t.kSplit > 1 && t.kSplit > p->iters)
    t.kSplit /= 2;
  return t;
}

bool bitblasMmaKernelTile(const BitblasMatmulDesc *d, bool twoRows, BitblasMmaTile *out) {
  MmaPlan p;
  if (plan(d, &p))
    return false;
  *out = defaultTile(d, &p, twoRows);
  return bitblasMmaTileInvalidReason(out) == NULL;
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
    x = bin(e, "andi", x, cstI(e, (int32_t)mask, "i32"), "i32");
    bool sign = d->w == BB_E_SINT && b >= 2;
    if (sign) { /* two's complement -> offset form: flip the sign bit */
      uint32_t s = 1u << (b - 1 + sh);
      x = bin(e, "xori", x, cstI(e, (int32_t)(s | (s << 16)), "i32"), "i32");
    }
    x = bin(e, "ori", x, cstI(e, 0x64006400, "i32"), "i32");
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
      bitblasMmaTileInvalidReason(&v->mma))
    return false;
  Emitter em = {b, 0, d, v, globalsPrefix};
  Emitter *e = &em;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  const bool twoRows = v->mTile > 8;
  const int R = twoRows ? 2 : 1;
  const int E = p.elems, words = p.chunkBytes / 4, epw = 32 / (int)d->wBits;
  const int pairsPerWord = epw / 2 > 0 ? epw / 2 : 1;
  const int64_t rowBytes = d->k * d->wBits / 8;
  const int64_t numGroups = d->hasScale ? d->k / d->group : 0;
  const int T = v->mma.tiles, KS = v->mma.kSplit, unroll = v->mma.unroll;
  /* Accumulators: 4 per tile (its C fragment), plus 4 activation sums shared
   * by every tile when per-channel zeros use the ones-mma. */
  const bool sums = p.channelPost && p.onesMma;
  const int NV = 4 * T + (sums ? 4 : 0);
  char aVecT[32], wVecT[32];
  snprintf(aVecT, sizeof aVecT, "vector<%dxf16>", E);
  snprintf(wVecT, sizeof wVecT, "vector<%dxi32>", words);

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
  Val zeroI = cstI(e, 0, "i32");
  Val zeroF = cstF(e, 0.0);
  Val ones = cstI(e, 0x3C003C00, "i32"); /* the f16 pair (1, 1) */
  /* Columns of this thread's C fragments (for scales): tile t, column c. */
  Val colN[8][2];
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < 2; ++c) {
      Val n = bin(e, "addi", nbase,
                  cstI(e, 8LL * t + c, "index"), "index");
      n = bin(e, "addi", n, bin(e, "muli", j, cstI(e, 2, "index"), "index"), "index");
      colN[t][c] = cast(e, "index_cast", bin(e, "minui", n, nLast, "index"), "index", "i64");
    }

  /* Iterations are interleaved over the warps (neighbouring warps read
   * neighbouring 64-byte steps); a trip issues `unroll` of them per warp. The
   * last trip may run past the row: its index is clamped and its activations
   * zeroed, so it adds nothing. */
  const int64_t perTrip = (int64_t)KS * unroll;
  const int64_t trips = (p.iters + perTrip - 1) / perTrip;
  const bool ragged = p.iters % perTrip != 0;
  Val zeroA = {{0}};
  if (ragged) {
    zeroA = fresh(e);
    OUT("    %s = arith.constant dense<0.0> : %s\n", zeroA.s, aVecT);
  }
  Val acc[36], loopRes = fresh(e), it = fresh(e);
  for (int i = 0; i < NV; ++i)
    acc[i] = fresh(e);
  Val lb = cstI(e, 0, "index"), ub = cstI(e, trips, "index"), st = cstI(e, 1, "index");
  OUT("    %s:%d = scf.for %s = %s to %s step %s iter_args(", loopRes.s, NV, it.s, lb.s, ub.s,
      st.s);
  for (int i = 0; i < NV; ++i)
    OUT("%s%s = %s", i ? ", " : "", acc[i].s, zeroF.s);
  OUT(") -> (");
  for (int i = 0; i < NV; ++i)
    OUT("%sf32", i ? ", " : "");
  OUT(") {\n");
  Val trip64 = cast(e, "index_cast", it, "index", "i64");
  /* Issue every load of the trip before any decode: more bytes in flight. */
  Val wv[8][8], av[8][2], kIt[8];
  for (int u = 0; u < unroll; ++u) {
    Val iu = bin(e, "addi", bin(e, "muli", trip64, cstI(e, perTrip, "i64"), "i64"),
                 bin(e, "addi", cstI(e, (int64_t)u * KS, "i64"), warp64, "i64"), "i64");
    Val valid = {{0}};
    if (ragged) {
      valid = bin(e, "cmpi ult,", iu, cstI(e, p.iters, "i64"), "i64");
      iu = bin(e, "minui", iu, cstI(e, p.iters - 1, "i64"), "i64");
    }
    Val step = bin(e, "muli", iu, cstI(e, 4LL * p.chunkBytes, "i64"), "i64");
    for (int t = 0; t < T; ++t)
      wv[u][t] = load(e, gep(e, "%W", bin(e, "addi", wRowBase[t], step, "i64"), "i8"), wVecT,
                      p.chunkBytes);
    kIt[u] = bin(e, "muli", iu, cstI(e, 4LL * E, "i64"), "i64");
    Val k = bin(e, "addi", kIt[u], kThread, "i64");
    for (int r = 0; r < R; ++r) {
      av[u][r] = load(e, gep(e, "%A", bin(e, "addi", aRow[r], k, "i64"), "f16"), aVecT, 16);
      if (ragged) {
        Val sel = fresh(e);
        OUT("    %s = arith.select %s, %s, %s : %s\n", sel.s, valid.s, av[u][r].s, zeroA.s,
            aVecT);
        av[u][r] = sel;
      }
    }
  }
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
      for (int t = 0; t < T; ++t)
        c[t][i] = p.groupPost ? zeroF : acc[4 * t + i];
      o[i] = p.groupPost || !sums ? zeroF : acc[4 * T + i];
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
        /* Two pairs make one mma: (pending, pair) are B's {2j,2j+1} and
         * {2j+8,2j+9}; the A fragment is shared by every tile. */
        Val a[4];
        a[0] = gatherA(e, av[u][0], pendingLo, pendingHi, E);
        a[1] = twoRows ? gatherA(e, av[u][1], pendingLo, pendingHi, E) : zeroI;
        a[2] = gatherA(e, av[u][0], lo, hi, E);
        a[3] = twoRows ? gatherA(e, av[u][1], lo, hi, E) : zeroI;
        for (int t = 0; t < T; ++t)
          mma(e, a, asI32(e, pending[t]), asI32(e, pair[t]), c[t]);
        if (p.onesMma)
          mma(e, a, ones, ones, o);
      }
    }
    if (p.groupPost) { /* whole iteration in one group: scale its partial tiles */
      Val gIt = bin(e, "divui", kIt[u], cstI(e, d->group, "i64"), "i64");
      for (int t = 0; t < T; ++t) {
        Val sc[2], zt[2];
        for (int col = 0; col < 2; ++col) {
          sc[col] = groupValue(e, "%S", colN[t][col], gIt, numGroups, false);
          if (p.onesMma)
            zt[col] = zeroTerm(e, d, sc[col], colN[t][col], gIt, numGroups);
        }
        for (int i = 0; i < 4; ++i) {
          acc[4 * t + i] = fma3(e, sc[i % 2], c[t][i], acc[4 * t + i]);
          if (p.onesMma)
            acc[4 * t + i] = fma3(e, zt[i % 2], o[i], acc[4 * t + i]);
        }
      }
    } else {
      for (int i = 0; i < 4; ++i) {
        for (int t = 0; t < T; ++t)
          acc[4 * t + i] = c[t][i];
        if (sums)
          acc[4 * T + i] = o[i];
      }
    }
  }
  OUT("    scf.yield ");
  for (int i = 0; i < NV; ++i)
    OUT("%s%s", i ? ", " : "", acc[i].s);
  OUT(" : ");
  for (int i = 0; i < NV; ++i)
    OUT("%sf32", i ? ", " : "");
  OUT("\n    }\n");

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
  for (int i = 0; i < 4 * T; ++i) {
    const int t = i / 4, el = i % 4;
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
            z.s, bin(e, "addi", base, cstI(e, w * 32 * NV + 4 * T + el, "index"), "index").s,
            KS * 32 * NV);
        sum = bin(e, "addf", sum, z, "f32");
      }
    }
    Val m = bin(e, "addi", g, cstI(e, el >= 2 ? 8 : 0, "index"), "index");
    Val n = bin(e, "addi", nbase, cstI(e, 8LL * t + el % 2, "index"), "index");
    n = bin(e, "addi", n, bin(e, "muli", j, cstI(e, 2, "index"), "index"), "index");
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
  OUT("    gpu.return\n  }\n");
  return !b->oom;
}
