/* The tensor-core decode kernel (NVIDIA sm_80+, M <= 16, f16 activations).
 *
 * Bit-nearest instruction choice: an f16 x f16 -> f32 mma.m16n8k16 multiplies
 * the weights as decoded in registers, so the multiply-adds cost nothing next
 * to the decode, and products are exact with f32 accumulation. Up to 8
 * activation rows the weights are the A operand (16 output columns per mma,
 * the activations the B operand); for 9..16 rows the activations are A.
 *
 * In one mma, thread (g = lane/4, j = lane%4) supplies the four logical k
 * indices {2j, 2j+1, 2j+8, 2j+9} for both operands. The sum over k does not
 * care which actual K positions those are, as long as both operands agree,
 * so each thread takes the pairs its magic-number decode produces (elements t
 * and t + fields/2 of a 32-bit word, neighbours in the interleave32 layout)
 * and the matching activations. Thread j of a weight row copies one 16-byte
 * chunk per iteration; the four threads cover 64 consecutive bytes.
 *
 * Block: `kSplit` warps share 8 * tiles output columns and split K
 * (interleaved); weights (and, for one row, activations) stream through a
 * cp.async ring in shared memory; a shared-memory reduction adds the warps'
 * partial tiles. Scales: per channel after the loop; per group of >= one
 * iteration after each iteration (f32); smaller groups and the rescale mode
 * scale the f16 weights before the mma. */
#include "gpu_mma.h"

#include <stdio.h>
#include <string.h>

bool bitblasEmitMmaMatmulKernel(BitblasTextBuffer *b, const char *symbol,
                                const char *globalsPrefix, const BitblasMatmulDesc *d,
                                const BitblasKernelVariant *v) {
  MmaPlan p;
  if (bitblasMmaKernelUnsupportedReason(d) || bitblasMmaPlan(d, &p) ||
      bitblasMmaTileInvalidReason(d, &v->mma))
    return false;
  Emitter em = {.b = b, .d = d, .v = v, .prefix = globalsPrefix};
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
  if (d->w == BB_E_TABLE)
    emitPairTableGlobal(e, symbol);
  bitblasEmitKernelHeader(e, symbol);
  OUT(" workgroup(%%red : memref<%dxf32, #gpu.address_space<workgroup>>", KS * 32 * NV);
  OUT(") kernel attributes {known_block_size = array<i32: %d, 1, 1>} {\n", KS * 32);

  Val tid = fresh(e), bx = fresh(e);
  OUT("    %s = gpu.thread_id x\n    %s = gpu.block_id x\n", tid.s, bx.s);
  if (d->w == BB_E_TABLE)
    emitPairTableToShared(e, symbol, tid);
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
  Val wv[8], av[2], kIt;
  {
    Val slot = bin(e, "remui", s64, cstI(e, S, "i64"), "i64");
    for (int t = 0; t < T; ++t) {
      wv[t] = fresh(e);
      OUT("    %s = llvm.load %s {alignment = %d : i64} : !llvm.ptr<3> -> %s\n", wv[t].s,
          RING_ADDR(slot, t).s, p.chunkBytes, wVecT);
    }
    Val iu = bin(e, "addi", bin(e, "muli", s64, cstI(e, KS, "i64"), "i64"), warp64, "i64");
    Val valid = {{0}};
    if (ragged) {
      valid = bin(e, "cmpi ult,", iu, cstI(e, p.iters, "i64"), "i64");
      iu = bin(e, "minui", iu, cstI(e, p.iters - 1, "i64"), "i64");
    }
    kIt = bin(e, "muli", iu, cstI(e, 4LL * E, "i64"), "i64");
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
        av[r] = fresh(e);
        OUT("    %s = llvm.load %s {alignment = 16 : i64} : !llvm.ptr<3> -> %s\n", av[r].s,
            gepShared(e, aring, off).s, aVecT);
      } else {
        Val k = bin(e, "addi", kIt, kThread, "i64");
        av[r] = load(e, gep(e, "%A", bin(e, "addi", aRow[r], k, "i64"), "f16"), aVecT, 16);
      }
      if (ragged) {
        Val sel = fresh(e);
        OUT("    %s = arith.select %s, %s, %s : %s\n", sel.s, valid.s, av[r].s, zeroA.s,
            aVecT);
        av[r] = sel;
      }
    }
  }
#undef ISSUE
#undef RING_ADDR
  { /* decode and multiply this iteration */
    Val grp = {{0}}, s2[8], z2[8];
    if (p.preScale) {
      grp = bin(e, "divui", bin(e, "addi", kIt, kThread, "i64"), cstI(e, d->group, "i64"),
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
        word[t] = extract(e, wv[t], w, wVecT);
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
          Val b0 = gatherA(e, av[0], pendingLo, pendingHi, E);
          Val b1 = gatherA(e, av[0], lo, hi, E);
          for (int f = 0; f < NT; ++f) {
            Val a[4] = {asI32(e, pending[2 * f]), asI32(e, pending[2 * f + 1]),
                        asI32(e, pair[2 * f]), asI32(e, pair[2 * f + 1])};
            mmaSync(e, a, b0, b1, c[f]);
          }
          if (p.onesMma) {
            Val a[4] = {ones, ones, ones, ones};
            mmaSync(e, a, b0, b1, o);
          }
          continue;
        }
        Val a[4];
        a[0] = gatherA(e, av[0], pendingLo, pendingHi, E);
        a[1] = gatherA(e, av[1], pendingLo, pendingHi, E);
        a[2] = gatherA(e, av[0], lo, hi, E);
        a[3] = gatherA(e, av[1], lo, hi, E);
        for (int t = 0; t < T; ++t)
          mmaSync(e, a, asI32(e, pending[t]), asI32(e, pair[t]), c[t]);
        if (p.onesMma)
          mmaSync(e, a, ones, ones, o);
      }
    }
    if (p.groupPost) { /* whole iteration in one group: scale its partial tiles */
      Val gIt = bin(e, "divui", kIt, cstI(e, d->group, "i64"), "i64");
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
    storeOutput(e, x, cast(e, "index_cast", m, "index", "i64"), n64, p.channelPost,
                p.channelPost && p.onesMma ? &sum : NULL);
    OUT("    }\n    }\n");
  }
#undef nKey
  OUT("    gpu.return\n  }\n");
  return !b->oom;
}
