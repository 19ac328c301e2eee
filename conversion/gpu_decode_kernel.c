/* The decode kernel (NVIDIA sm_80+, any M): frag16 weights with f16
 * activations; frag8 weights with int8 activations go through the same
 * tiles, loads and reduction on the int8 tensor cores (gpu_decode_int8.c).
 *
 * Weights are stored `frag16` (docs/semantics.md): per 16-row tile, 512-byte
 * units in which lane l of a warp owns bytes [16 l, 16 l + 16). So one
 * 16-byte load per lane and unit brings 512 contiguous bytes per warp, and
 * the magic-number decode of each 32-bit word yields mma.m16n8k16 A-fragment
 * registers directly: lane (g = l/4, q = l%4) holds rows g and g + 8 of the
 * tile and quad q covers the unit's chunks q, q + 4, .. of 8 k (2- and
 * 1-bit weights) or its quarter [q kPU/4, + kPU/4) (quadChunkK), four k per
 * fragment. The activations (B operand, columns = rows of A) of a lane are
 * therefore 16-byte chunks 64 bytes apart, or contiguous: kPU/2 bytes per
 * unit.
 *
 * Block: `tiles` 16-row tiles, each taken by `kSplit` warps that split its
 * units contiguously. Several tiles per block share the activation row
 * staged in shared memory and give each warp a long run of units, so the
 * loads stay in steady state and the grid is one wave where the tiles allow
 * (measured against one tile per block, H100, 2026-11-27: int2 28672 x 8192
 * 29.2 -> 26.7 us, uint4 g128 52.4 -> 46.5 us; docs/performance.md, "Block
 * shape"). Each warp keeps `stages` unit loads in flight in registers (no shared-memory round trip:
 * measured faster than a cp.async ring, and the loads are independent of the
 * decode). With one activation row the block stages A in shared memory;
 * otherwise each lane reads its row from L1. A shared-memory reduction adds
 * the partial tiles of a tile's warps. Scales: per channel after the loop;
 * per group of whole units after the group's units (f32, values from
 * gpu_decode_groups.c); smaller groups dequantize the f16 weights before
 * the mma. */
#include "gpu_decode.h"

#include "dialect/internal.h"

#include <stdio.h>
#include <string.h>

/* kStageBatch: loads of the activation row a thread issues before it stores
 * them to shared memory (one at a time, each load waited out a round trip
 * to L2). */
enum { kMaxStages = 8, kMaxActWords = 32, kStageBatch = 8 };

/* Activation bytes of one lane quad per unit (a quarter of the unit's k). */
static int quadBytes(const DecodePlan *p) { return p->kPerUnit * p->aBytes / 4; }

/* k values per chunk of a quad's activations. frag16 gives quad q of 2- and
 * 1-bit weights the unit's chunks q, q + 4, .. of 8 k (16 bytes of f16), so
 * the four quads of one activation row read 64 contiguous bytes per load;
 * with contiguous quarters they read four 16-byte pieces 64 bytes apart, two
 * 128-byte lines per row and load, and ncu put the M = 8 int2 kernel at 85%
 * of the L1 throughput (same-run A/B, H100, 2026-11-27, ab30: int2
 * 28672 x 8192 M = 8 46.4 -> 33.1 us, M = 16 82.7 -> 47.8). frag8 does the
 * same for 1-bit weights (64 bytes of int8 per quarter) with 16-k chunks.
 * Wider weights (whose quarter of a row is one line) keep contiguous
 * quarters: one chunk of kPU / 4 k (4-bit weights with 8-k chunks measured
 * up to 7% slower at M = 8, 16). */
static int quadChunkK(const DecodePlan *p) {
  return p->int8 ? bitblasFrag8ChunkK(p->bits) : bitblasFrag16ChunkK(p->bits);
}

/* k within a unit of the quad's `w`-th k, less the quad's first (q C):
 * chunk w / C of the quad is chunk 4 (w / C) + q of the unit. */
static int64_t quadK(const DecodePlan *p, int64_t w) {
  const int64_t ck = quadChunkK(p);
  return w / ck * 4 * ck + w % ck;
}

typedef struct {
  Emitter *e;
  const DecodePlan *p;
  Val lane64, q64, g64;
  Val nRow[kDecodeMaxWarpTiles][2]; /* the lane's weight rows g, g + 8 of each tile */
  Val wBase;      /* byte offset in W of this lane's part of its first tile's
                     first unit; its next tile's is U units further */
  Val actBase;    /* shared: byte offset of its first unit's activations */
  Val bBase, bStride; /* shared: where its B operand reads (actBase, the unit
                         bytes; lanes g != 0: the zeros after the row, 0) */
  Val aBase[2];   /* global: element offset of them, per B tile */
  Val ones;
  Val tid, bx64;  /* thread in the block, block column */
  Val mBase, Mi64; /* first activation row of the block, M */
  Val uStart, last; /* this warp's units [uStart, uStart + last] of its tile */
  Val onesOff;      /* field sets: offset of fragment g of the lane's quad, from its first */
} Ctx;

/* Byte offset into a shared-memory global. */
static Val gep3(Emitter *e, Val base, Val off) {
  Val v = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8\n", v.s,
      base.s, off.s);
  return v;
}

/* `base` * `stride` + `c` (i64): base is the run-time part of a unit index,
 * so the constants fold into the loads' immediate offsets. */
static Val scaled(Emitter *e, Val base, int64_t stride, int64_t c) {
  return bin(e, "addi", bin(e, "muli", base, cstI(e, stride, "i64"), "i64"), cstI(e, c, "i64"),
             "i64");
}

/* This lane's 16 bytes of unit `rel` + `s` of the warp's run in its tile
 * `t`, bypassing L1 (streamed once). With `pred` (i32) the load happens only
 * where it is nonzero: the registers then keep what they held, which only
 * slots no valid unit consumes may see. */
static void loadUnit(Ctx *c, int t, Val rel, int s, Val pred, Val out[4]) {
  Emitter *e = c->e;
  Val off = bin(e, "addi", c->wBase, scaled(e, rel, 512, 512 * (s + t * c->p->units)), "i64");
  Val ptr = gep(e, "%W", off, "i8"), r = fresh(e);
  if (pred.s[0])
    OUT("    %s = llvm.inline_asm has_side_effects asm_dialect = att "
        "\"{ .reg .pred p; setp.ne.b32 p, $5, 0; "
        "@p ld.global.nc.L1::no_allocate.v4.u32 {$0,$1,$2,$3}, [$4]; }\", "
        "\"=r,=r,=r,=r,l,r\" %s, %s : (!llvm.ptr<1>, i32) -> !llvm.struct<(i32, i32, i32, i32)>\n",
        r.s, ptr.s, pred.s);
  else
    OUT("    %s = llvm.inline_asm has_side_effects asm_dialect = att "
        "\"ld.global.nc.L1::no_allocate.v4.u32 {$0,$1,$2,$3}, [$4];\", \"=r,=r,=r,=r,l\" %s : "
        "(!llvm.ptr<1>) -> !llvm.struct<(i32, i32, i32, i32)>\n",
        r.s, ptr.s);
  for (int i = 0; i < 4; ++i) {
    out[i] = fresh(e);
    OUT("    %s = llvm.extractvalue %s[%d] : !llvm.struct<(i32, i32, i32, i32)>\n", out[i].s, r.s,
        i);
  }
}

/* Shared-memory position of 16-byte activation chunk `c` of quad `q` of a
 * unit: the chunks of the four lane quads are interleaved (at 4c + q) so
 * that one 16-byte load of a warp reads 64 consecutive bytes. That is the
 * row order of the 8-k and 16-k chunks (quadChunkK); contiguous quarters
 * are permuted into it when staged: in row order they sit kPU/4 bytes
 * apart, on the same banks for 2- and 1-bit weights (ncu, int2
 * 28672 x 8192 with quarters: 8-way conflicts, half of all shared
 * wavefronts). */
static Val sharedChunk(Emitter *e, const DecodePlan *p, Val unit, Val q, Val c) {
  const int perQuad = quadBytes(p) / 16; /* chunks per quad and unit */
  Val base = bin(e, "muli", unit, cstI(e, 4 * perQuad, "i64"), "i64");
  return bin(e, "addi", base,
             bin(e, "addi", q, bin(e, "muli", c, cstI(e, 4, "i64"), "i64"), "i64"), "i64");
}

/* `x` (i32), or 0 where the i1 `valid` is false (none: always `x`). */
static Val zeroUnlessValid(Emitter *e, Val valid, Val x) {
  if (!valid.s[0])
    return x;
  Val sel = fresh(e);
  OUT("    %s = arith.select %s, %s, %s : i32\n", sel.s, valid.s, x.s, cstI(e, 0, "i32").s);
  return sel;
}

/* The lane's activations of unit `rel` + `s` of the warp's run for B tile
 * `bt`: kPU/8 i32 words, from shared memory (`act`, one row) or from global
 * memory; zero where `valid` (i1) is false. */
static void loadActs(Ctx *c, Val rel, int s, int bt, Val act, Val valid, Val out[]) {
  Emitter *e = c->e;
  const int kPU = c->p->kPerUnit, qb = quadBytes(c->p), unitBytes = 4 * qb;
  const int words = qb / 4, per = words >= 4 ? 4 : words;
  char vt[32];
  snprintf(vt, sizeof vt, "vector<%dxi32>", per);
  for (int i = 0; i < words; i += per) {
    Val v = fresh(e);
    if (act.s[0]) { /* the quad's chunk i/4 sits 64 bytes after chunk i/4 - 1 (sharedChunk) */
      Val run = bin(e, "addi", c->bBase, bin(e, "muli", rel, c->bStride, "i64"), "i64");
      Val off = bin(e, "addi", run,
                    cstI(e, unitBytes * s + (qb >= 16 ? 64 * (i / 4) : 4 * i), "i64"), "i64");
      OUT("    %s = llvm.load %s {alignment = %d : i64} : !llvm.ptr<3> -> %s\n", v.s,
          gep3(e, act, off).s, 4 * per, vt);
    } else {
      /* word i of the quad's activations */
      Val k = bin(e, "addi", c->aBase[bt],
                  scaled(e, rel, kPU, (int64_t)kPU * s + quadK(c->p, 4 * i / c->p->aBytes)),
                  "i64");
      v = load(e, gep(e, "%A", k, c->p->int8 ? "i8" : "f16"), vt, 4 * per);
    }
    for (int j = 0; j < per; ++j)
      out[i + j] = zeroUnlessValid(e, valid, extract(e, v, j, vt));
  }
}

/* Field sets (one row, staged in shared memory `act`): the lane's B values
 * of the ones-mma `h` of unit `rel` + `s`, fragment g + 8 h of its quad, as
 * loadActs finds them (16-byte chunk f / 2 of the quad is 64 bytes after the
 * one before). */
static void loadOnesActs(Ctx *c, Val rel, int s, int h, Val act, Val valid, Val out[2]) {
  Emitter *e = c->e;
  const int unitBytes = 4 * quadBytes(c->p);
  Val v = fresh(e);
  Val off = bin(e, "addi", bin(e, "addi", c->actBase, c->onesOff, "i64"),
                scaled(e, rel, unitBytes, unitBytes * s + 256 * h), "i64");
  OUT("    %s = llvm.load %s {alignment = 8 : i64} : !llvm.ptr<3> -> vector<2xi32>\n", v.s,
      gep3(e, act, off).s);
  for (int j = 0; j < 2; ++j)
    out[j] = zeroUnlessValid(e, valid, extract(e, v, j, "vector<2xi32>"));
}

/* Groups smaller than a unit: the four f16 pairs of fragment j of the unit
 * of tile `t` whose first k is `unitK`, dequantized in f16 (one rounding)
 * before the mma; pairs 0, 2 hold row g, pairs 1, 3 row g + 8. */
static void prescaleFragment(Ctx *c, int t, Val unitK, int j, Val pairs[4]) {
  Emitter *e = c->e;
  const BitblasMatmulDesc *d = e->d;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  const int64_t numGroups = d->k / d->group;
  Val k0 = bin(e, "addi", unitK, /* fragment j: the quad's k 4j */
               bin(e, "addi", bin(e, "muli", c->q64, cstI(e, quadChunkK(c->p), "i64"), "i64"),
                   cstI(e, quadK(c->p, 4 * j), "i64"), "i64"),
               "i64");
  Val grp = bin(e, "divui", k0, cstI(e, d->group, "i64"), "i64");
  for (int h = 0; h < 2; ++h) {
    Val s2 = splatF32(e, groupValue(e, "%S", c->nRow[t][h], grp, numGroups, false));
    Val z2 = zeros ? splatF32(e, groupValue(e, "%Z", c->nRow[t][h], grp, numGroups,
                                            d->zerosMode == BITBLAS_ZEROS_QUANTIZED))
                   : (Val){{0}};
    for (int r = h; r < 4; r += 2) {
      if (d->zerosMode == BITBLAS_ZEROS_RESCALE) {
        pairs[r] = fma3h(e, pairs[r], s2, bin(e, "subf", cstH2(e, 0.0), z2, "vector<2xf16>"));
      } else {
        if (zeros)
          pairs[r] = bin(e, "subf", pairs[r], z2, "vector<2xf16>");
        pairs[r] = bin(e, "mulf", pairs[r], s2, "vector<2xf16>");
      }
    }
  }
}

/* Words 1 and 3 of a 16-byte chunk of f16 times `factor` (a power of two). */
static Val scaleOddWords(Emitter *e, Val x, double factor) {
  Val h = fresh(e), f = fresh(e), y = fresh(e), v = fresh(e);
  OUT("    %s = llvm.bitcast %s : vector<4xi32> to vector<8xf16>\n", h.s, x.s);
  OUT("    %s = arith.constant dense<[1.0, 1.0, %.17g, %.17g, 1.0, 1.0, %.17g, %.17g]> : "
      "vector<8xf16>\n",
      f.s, factor, factor, factor, factor);
  OUT("    %s = arith.mulf %s, %s : vector<8xf16>\n", y.s, h.s, f.s);
  OUT("    %s = llvm.bitcast %s : vector<8xf16> to vector<4xi32>\n", v.s, y.s);
  return v;
}

/* The zeros after the staged row (bitblasDecodeZeroRowBytes), 16 bytes per
 * thread and step. */
static void zeroAfterRow(Ctx *c, Val act, Val tid, int threads) {
  Emitter *e = c->e;
  const int64_t row = e->d->k * c->p->aBytes;
  const int64_t chunks = bitblasDecodeZeroRowBytes(c->p, e->v->mma.stages) / 16;
  Val z = fresh(e), i = fresh(e);
  OUT("    %s = arith.constant dense<0> : vector<4xi32>\n", z.s);
  OUT("    scf.for %s = %s to %s step %s {\n", i.s, tid.s, cstI(e, chunks, "index").s,
      cstI(e, threads, "index").s);
  Val off = bin(e, "addi", cstI(e, row, "i64"),
                bin(e, "muli", cast(e, "index_cast", i, "index", "i64"), cstI(e, 16, "i64"), "i64"),
                "i64");
  OUT("    llvm.store %s, %s {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<3>\n", z.s,
      gep3(e, act, off).s);
  OUT("    }\n");
}

/* A's one row into shared memory at `act`, 16 bytes per thread and step,
 * up to `maxBatch` steps' loads issued before their stores, each unit's
 * chunks in sharedChunk() order (the row order already is where quads take
 * chunks); returns its address. Same-run A/B
 * (H100, 2026-11-27, M = 1, ab21) of batches of 8 against one load at a
 * time: nf4 g128 11008 x 4096 18.1 -> 16.8 us, int1 x int8 8192 x 8192 8.7
 * -> 8.1, int1 x int8 28672 x 8192 15.8 -> 15.2, int2 11008 x 4096 10.6 ->
 * 10.2, uint4 11008 x 4096 12.7 -> 12.3; 0-2% faster on most other layers
 * and formats, int1 x int8 11008 x 4096 1% slower, and slower where the
 * registers are bounded tightly (see the caller). */
static Val stageActivationRow(Ctx *c, Val act, Val tid, int maxBatch) {
  Emitter *e = c->e;
  const DecodePlan *p = c->p;
  const int qb = quadBytes(p), threads = e->v->warps * 32;
  const int64_t chunks = e->d->k * p->aBytes / 16, trips = (chunks + threads - 1) / threads;
  const int batch = trips < maxBatch ? (int)trips : maxBatch;
  const int64_t batches = (trips + batch - 1) / batch;
  /* every chunk index valid (one at a time: the loop's bound checks it) */
  const bool exact = maxBatch == 1 || batches * batch * threads == chunks;
  Val base = cast(e, "index_cast", tid, "index", "i64");
  if (maxBatch == 1) { /* a loop from the thread's first chunk: LLVM cannot unroll it */
    Val i = fresh(e);
    OUT("    scf.for %s = %s to %s step %s {\n", i.s, tid.s, cstI(e, chunks, "index").s,
        cstI(e, threads, "index").s);
    base = cast(e, "index_cast", i, "index", "i64");
  } else if (batches > 1) {
    Val bi = fresh(e);
    OUT("    scf.for %s = %s to %s step %s {\n", bi.s, cstI(e, 0, "index").s,
        cstI(e, batches, "index").s, cstI(e, 1, "index").s);
    base = bin(e, "addi", base,
               bin(e, "muli", cast(e, "index_cast", bi, "index", "i64"),
                   cstI(e, (int64_t)batch * threads, "i64"), "i64"),
               "i64");
  }
  /* All of the batch's loads first (past the row's end: its last chunk
   * again), then the stores. */
  Val idx[kStageBatch], x[kStageBatch];
  for (int j = 0; j < batch; ++j) {
    idx[j] = bin(e, "addi", base, cstI(e, (int64_t)j * threads, "i64"), "i64");
    Val src = exact ? idx[j] : bin(e, "minui", idx[j], cstI(e, chunks - 1, "i64"), "i64");
    x[j] = load(e, gep(e, "%A", bin(e, "muli", src, cstI(e, 16, "i64"), "i64"), "i8"),
                "vector<4xi32>", 16);
    if (bitblasDecodeUsesFieldSets(p, e->v->mTile, e->v->aShared)) /* k2, k3 of 4 k: scaled */
      x[j] = scaleOddWords(e, x[j], bitblasDecodeSetsB1Scale(p));
  }
  for (int j = 0; j < batch; ++j) {
    Val dst = bin(e, "muli", idx[j], cstI(e, 16, "i64"), "i64");
    if (qb >= 16 && quadChunkK(p) == p->kPerUnit / 4) { /* contiguous quarters: */
      /* chunk j of a unit is quad j / C's chunk j % C */
      const int perQuad = qb / 16;
      Val jj = bin(e, "remui", idx[j], cstI(e, 4 * perQuad, "i64"), "i64");
      Val unit = bin(e, "divui", idx[j], cstI(e, 4 * perQuad, "i64"), "i64");
      Val q = bin(e, "divui", jj, cstI(e, perQuad, "i64"), "i64");
      Val chunk =
          sharedChunk(e, p, unit, q, bin(e, "remui", jj, cstI(e, perQuad, "i64"), "i64"));
      dst = bin(e, "muli", chunk, cstI(e, 16, "i64"), "i64");
    }
    if (!exact)
      OUT("    scf.if %s {\n", bin(e, "cmpi ult,", idx[j], cstI(e, chunks, "i64"), "i64").s);
    OUT("    llvm.store %s, %s {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<3>\n", x[j].s,
        gep3(e, act, dst).s);
    if (!exact)
      OUT("    }\n");
  }
  if (maxBatch == 1 || batches > 1)
    OUT("    }\n");
  zeroAfterRow(c, act, tid, threads);
  OUT("    gpu.barrier\n");
  return act;
}

/* Where this thread works: its lane, the tile rows and units of its warp
 * (units [uStart, uStart + last] of the tile), the block's activation rows,
 * and the base offsets of its weight and activation loads. */
static void placeLane(Ctx *c) {
  Emitter *e = c->e;
  const DecodePlan *p = c->p;
  const BitblasMatmulDesc *d = e->d;
  const BitblasKernelVariant *v = e->v;
  const int WK = v->mma.kSplit, WN = v->warps / WK, MT = v->mTile, nb = MT > 8 ? 2 : 1;
  const int TW = bitblasDecodeWarpTiles(v);
  const int64_t U = p->units;
  const int kPU = p->kPerUnit;
  c->tid = fresh(e);
  Val bx = fresh(e), by = fresh(e);
  OUT("    %s = gpu.thread_id x\n    %s = gpu.block_id x\n    %s = gpu.block_id y\n", c->tid.s,
      bx.s, by.s);
  Val tid64 = cast(e, "index_cast", c->tid, "index", "i64");
  c->lane64 = bin(e, "remui", tid64, cstI(e, 32, "i64"), "i64");
  Val warp64 = bin(e, "divui", tid64, cstI(e, 32, "i64"), "i64");
  Val wk64 = bin(e, "remui", warp64, cstI(e, WK, "i64"), "i64");
  c->g64 = bin(e, "divui", c->lane64, cstI(e, 4, "i64"), "i64");
  c->q64 = bin(e, "remui", c->lane64, cstI(e, 4, "i64"), "i64");
  c->bx64 = cast(e, "index_cast", bx, "index", "i64");
  /* the warp's first tile: its tiles are consecutive */
  Val tile = bin(e, "muli",
                 bin(e, "addi", bin(e, "muli", c->bx64, cstI(e, WN, "i64"), "i64"),
                     bin(e, "divui", warp64, cstI(e, WK, "i64"), "i64"), "i64"),
                 cstI(e, TW, "i64"), "i64");
  Val n0 = bin(e, "muli", tile, cstI(e, 16, "i64"), "i64");
  for (int t = 0; t < TW; ++t)
    for (int h = 0; h < 2; ++h) /* the lane's weight rows g and g + 8 */
      c->nRow[t][h] = bin(e, "addi", n0,
                          bin(e, "addi", c->g64, cstI(e, 16 * t + 8 * h, "i64"), "i64"), "i64");
  c->Mi64 = cast(e, "extsi", (Val){"%M"}, "i32", "i64");
  c->mBase = bin(e, "muli", cast(e, "index_cast", by, "index", "i64"), cstI(e, MT, "i64"), "i64");
  c->ones = cstI(e, 0x3C003C00, "i32"); /* the f16 pair (1, 1) */
  /* This warp's units [uStart, uStart + last] of the tile. */
  c->uStart = bin(e, "divui", bin(e, "muli", wk64, cstI(e, U, "i64"), "i64"),
                  cstI(e, WK, "i64"), "i64");
  Val uLast = bin(e, "subi",
                  bin(e, "divui",
                      bin(e, "muli", bin(e, "addi", wk64, cstI(e, 1, "i64"), "i64"),
                          cstI(e, U, "i64"), "i64"),
                      cstI(e, WK, "i64"), "i64"),
                  cstI(e, 1, "i64"), "i64");
  c->last = bin(e, "subi", uLast, c->uStart, "i64");
  c->wBase = bin(e, "addi", bin(e, "muli", tile, cstI(e, U * 512, "i64"), "i64"),
                 bin(e, "addi", bin(e, "muli", c->uStart, cstI(e, 512, "i64"), "i64"),
                     bin(e, "muli", c->lane64, cstI(e, 16, "i64"), "i64"), "i64"),
                 "i64");
  const int qb = quadBytes(p);
  /* field sets: fragment g of the quad's staged activations, in chunk g / 2
   * (the chunks interleaved 64 bytes apart) at byte 8 (g % 2) */
  if (v->aShared)
    c->onesOff = bin(e, "addi",
                     bin(e, "muli", bin(e, "divui", c->g64, cstI(e, 2, "i64"), "i64"),
                         cstI(e, 64, "i64"), "i64"),
                     bin(e, "muli", bin(e, "remui", c->g64, cstI(e, 2, "i64"), "i64"),
                         cstI(e, 8, "i64"), "i64"),
                     "i64");
  Val qOff = bin(e, "muli", c->q64, cstI(e, qb >= 16 ? 16 : qb, "i64"), "i64");
  c->actBase =
      bin(e, "addi", bin(e, "muli", c->uStart, cstI(e, 4 * qb, "i64"), "i64"), qOff, "i64");
  if (v->aShared) { /* one row: B column g > 0 multiplies zeros (less power, same sums) */
    Val col0 = bin(e, "cmpi eq,", c->g64, cstI(e, 0, "i64"), "i64");
    Val zero = bin(e, "addi", cstI(e, d->k * p->aBytes, "i64"), qOff, "i64");
    c->bBase = fresh(e);
    OUT("    %s = arith.select %s, %s, %s : i64\n", c->bBase.s, col0.s, c->actBase.s, zero.s);
    c->bStride = fresh(e);
    OUT("    %s = arith.select %s, %s, %s : i64\n", c->bStride.s, col0.s,
        cstI(e, 4 * qb, "i64").s, cstI(e, 0, "i64").s);
  }
  if (!v->aShared) /* activation rows of B column g, clamped to M - 1 */
    for (int bt = 0; bt < nb; ++bt) {
      Val m = bin(e, "addi", c->mBase, bin(e, "addi", c->g64, cstI(e, 8 * bt, "i64"), "i64"),
                  "i64");
      m = bin(e, "minui", m, bin(e, "subi", c->Mi64, cstI(e, 1, "i64"), "i64"), "i64");
      Val first = bin(e, "addi", bin(e, "muli", c->uStart, cstI(e, kPU, "i64"), "i64"),
                      bin(e, "muli", c->q64, cstI(e, quadChunkK(p), "i64"), "i64"), "i64");
      c->aBase[bt] = bin(e, "addi", bin(e, "muli", m, cstI(e, d->k, "i64"), "i64"), first, "i64");
    }
}

bool bitblasEmitDecodeMatmulKernel(BitblasTextBuffer *b, const char *symbol,
                                   const char *globalsPrefix, const BitblasMatmulDesc *d,
                                   const BitblasKernelVariant *v) {
  DecodePlan p;
  if (bitblasDecodePlan(d, &p) || v->kind != BITBLAS_KERNEL_DECODE)
    return false;
  const int W = v->warps, WK = v->mma.kSplit, D = v->mma.stages, A = v->accs, MT = v->mTile;
  const int WN = WK > 0 ? W / WK : 0, nb = MT > 8 ? 2 : 1, TW = bitblasDecodeWarpTiles(v);
  const int NB = nb * TW; /* accumulator blocks: B tiles of each of the warp's tiles */
  if (WK < 1 || WN < 1 || W != WN * WK || W > 16 || WK > p.units || TW < 1 ||
      TW > kDecodeMaxWarpTiles || v->rowsPerWarp != 16 * WN * TW || (d->n / 16) % (WN * TW) != 0 ||
      D < 1 || D > kMaxStages || A < 1 || A > kDecodeMaxChains || (v->aShared && MT != 1) ||
      (TW > 1 && MT == 1) || (p.groupPost && A != 1) || quadBytes(&p) / 4 > kMaxActWords ||
      (p.int8 && A != p.sets && A != 1) ||
      (bitblasDecodeUsesFieldSets(&p, MT, v->aShared) && A != p.fieldSets))
    return false;
  Emitter em = {.b = b, .d = d, .v = v, .prefix = globalsPrefix};
  Emitter *e = &em;
  Ctx c = {.e = e, .p = &p};
  const int64_t U = p.units, perWarp = (U + WK - 1) / WK, groups = (perWarp + D - 1) / D;
  /* Even: every warp runs perWarp units, a multiple of the loads in flight. */
  const bool ragged = U % WK != 0 || perWarp % D != 0;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  DecodeGroupRun gr;
  bitblasDecodeGroupRunPlan(d, &p, v, ragged, &gr);
  p.subnormal = bitblasDecodeUsesSubnormal(&p, MT, gr.carry); /* this variant's */
  const int nVec = gr.carry ? (zeros ? 4 : 2) : 0; /* carried group-value vectors */
  const bool sums = p.channelPost && p.onesMma; /* activation sums carried by the loop */
  const bool sets = bitblasDecodeUsesFieldSets(&p, MT, v->aShared);
  const bool loopSums = sums || sets; /* zero terms' or the ones-mma's sums in the loop */
  const int64_t numGroups = d->hasScale ? d->k / d->group : 0;
  const int NV = bitblasDecodeReductionValues(v, sums);
  const char *accT = p.int8 ? "i32" : "f32"; /* accumulators, reduction */
  const bool rowSums = p.int8 && p.off;

  if (v->dynSmem) /* the launch's dynamic shared memory: byte table, row */
    OUT("  llvm.mlir.global external @%s_act() {addr_space = 3 : i32, alignment = 16 : i64} : "
        "!llvm.array<0 x i8>\n",
        symbol);
  else if (v->aShared)
    OUT("  llvm.mlir.global internal @%s_act() {addr_space = 3 : i32, alignment = 16 : i64} : "
        "!llvm.array<%lld x i8>\n",
        symbol, (long long)(d->k * p.aBytes + bitblasDecodeZeroRowBytes(&p, D)));
  if (d->w == BB_E_TABLE)
    emitPairTableGlobal(e, symbol);
  bitblasEmitKernelHeader(e, symbol);
  OUT(" workgroup(%%red : memref<%dx%s, #gpu.address_space<workgroup>>", W * 32 * NV, accT);
  if (rowSums)
    OUT(", %%asum : memref<%dxi32, #gpu.address_space<workgroup>>", MT);
  OUT(") kernel attributes {known_block_size = array<i32: %d, 1, 1>", W * 32);
  if (v->minBlocksPerSM > 0) /* registers for a one-wave grid (gpu_decode_plan.c) */
    OUT(", nvvm.minctasm = %d : i32", v->minBlocksPerSM);
  OUT("} {\n");

  placeLane(&c);
  const Val tid = c.tid, bx64 = c.bx64, mBase = c.mBase, Mi64 = c.Mi64, uStart = c.uStart,
            last = c.last;
  const int kPU = p.kPerUnit;

  /* Prologue: the first `stages` units in flight before anything else. A
   * ragged run reloads its last unit instead of running past it: predicating
   * those loads off slowed the ragged int2 8192 x 28672 kernel from 27.5 to
   * 39.8 us (H100, 2026-11-27; log not kept), while even runs predicate only
   * their last step's refills. */
  Val buf[kDecodeMaxWarpTiles][kMaxStages][4], none = {{0}}, zero64 = cstI(e, 0, "i64");
  for (int s = 0; s < D; ++s)
    for (int t = 0; t < TW; ++t) {
      if (ragged)
        loadUnit(&c, t, bin(e, "minui", cstI(e, s, "i64"), last, "i64"), 0, none, buf[t][s]);
      else
        loadUnit(&c, t, zero64, s, none, buf[t][s]);
    }
  /* group values of the first iteration (run), per tile */
  Val vec[kDecodeMaxWarpTiles][2][2] = {{{{{0}}}}};
  for (int t = 0; t < TW && gr.carry; ++t)
    bitblasDecodeGroupRunLoad(e, &gr, c.nRow[t],
                              bin(e, "divui", uStart, cstI(e, gr.span, "i64"), "i64"), vec[t]);
  Val dyn = {{0}}, lane4 = {{0}}, tableBase = {{0}};
  if (v->dynSmem || v->aShared) {
    dyn = fresh(e);
    OUT("    %s = llvm.mlir.addressof @%s_act : !llvm.ptr<3>\n", dyn.s, symbol);
  }
  if (d->w == BB_E_TABLE)
    emitPairTableToShared(e, symbol, tid);
  if (p.byteTable) {
    bitblasDecodeByteTableFill(e, dyn, tid, W * 32);
    if (!v->aShared) /* else the staging's barrier ends the fill */
      OUT("    gpu.barrier\n");
    tableBase = fresh(e);
    OUT("    %s = llvm.ptrtoint %s : !llvm.ptr<3> to i32\n", tableBase.s, dyn.s);
    lane4 = bin(e, "shli", cast(e, "trunci", c.lane64, "i64", "i32"), cstI(e, 2, "i32"), "i32");
  }
  /* Where group values load at each iteration's start, the registers are
   * bounded too tightly for a batch (uint4 g128 11008 x 4096 spilled 44
   * bytes with two loads and ran 13.2 -> 13.7 us; ab21). */
  const int stageBatch = gr.run && !gr.carry ? 1 : kStageBatch;
  /* Everything above reads only weights, scales, zeros and tables: a kernel
   * launched as a programmatic dependent streams them while the previous
   * kernel finishes, and waits for it here, before the first read of A (the
   * previous kernel's output) and before any write. Inline PTX with a memory
   * clobber rather than nvvm.griddepcontrol, so that no load of A can be
   * scheduled above the wait. */
  if (v->gridDepControl)
    OUT("    llvm.inline_asm has_side_effects asm_dialect = att \"griddepcontrol.wait;\", "
        "\"~{memory}\" : () -> ()\n");
  Val act = {{0}};
  if (v->aShared)
    act = stageActivationRow(
        &c, p.byteTable ? gep3(e, dyn, cstI(e, kDecodeByteTableBytes, "i64")) : dyn, tid,
        stageBatch);
  if (rowSums)
    bitblasDecodeInt8RowSums(e, tid, W * 32, mBase, Mi64, MT);

  /* Loop-carried: accumulator chains [chain][x][4], activation sums [x][4]
   * (x = t nb + B tile, t the warp's tile), and the `stages` units in
   * flight per tile. */
  Val zeroF = cstF(e, 0.0), zeroAcc = p.int8 ? cstI(e, 0, "i32") : zeroF;
  Val acc[kDecodeMaxChains][2 * kDecodeMaxWarpTiles][4], sum[2 * kDecodeMaxWarpTiles][4];
  int nIter = 0;
  Val res = fresh(e), it = fresh(e);
  OUT("    %s:%d = scf.for %s = %s to %s step %s iter_args(", res.s,
      A * NB * 4 + (loopSums ? NB * 4 : 0) + TW * (D * 4 + nVec), it.s, cstI(e, 0, "index").s,
      cstI(e, groups, "index").s, cstI(e, 1, "index").s);
  Val argNames[256], argInit[256];
  char vecType[2][32];
  for (int w = 0; w < 2; ++w)
    bitblasDecodeGroupRunTypes(d, &gr, w, vecType[w], sizeof vecType[w]);
  for (int ch = 0; ch < A; ++ch)
    for (int x = 0; x < NB; ++x)
      for (int i = 0; i < 4; ++i)
        argNames[nIter++] = acc[ch][x][i] = fresh(e);
  if (loopSums)
    for (int x = 0; x < NB; ++x)
      for (int i = 0; i < 4; ++i)
        argNames[nIter++] = sum[x][i] = fresh(e);
  const int nFloat = nIter;
  const char *argType[256];
  for (int i = 0; i < nFloat; ++i) {
    argInit[i] = zeroAcc;
    argType[i] = accT;
  }
  Val bufIn[kDecodeMaxWarpTiles][kMaxStages][4], vecIn[kDecodeMaxWarpTiles][2][2];
  for (int t = 0; t < TW; ++t)
    for (int s = 0; s < D; ++s)
      for (int i = 0; i < 4; ++i) {
        argInit[nIter] = buf[t][s][i];
        argType[nIter] = "i32";
        argNames[nIter++] = bufIn[t][s][i] = fresh(e);
      }
  for (int t = 0; t < TW; ++t)
    for (int h = 0; h < 2 && nVec; ++h)
      for (int w = 0; w < nVec / 2; ++w) {
        argInit[nIter] = vec[t][h][w];
        argType[nIter] = vecType[w];
        argNames[nIter++] = vecIn[t][h][w] = fresh(e);
      }
  for (int i = 0; i < nIter; ++i)
    OUT("%s%s = %s", i ? ", " : "", argNames[i].s, argInit[i].s);
  OUT(") -> (");
  for (int i = 0; i < nIter; ++i)
    OUT("%s%s", i ? ", " : "", argType[i]);
  OUT(") {\n");

  Val it64 = cast(e, "index_cast", it, "index", "i64");
  Val itD = bin(e, "muli", it64, cstI(e, D, "i64"), "i64"); /* run index of slot 0 */
  /* Even runs: the refills of the last group would pass the run's end. */
  Val more = ragged ? none
                    : cast(e, "extui",
                           bin(e, "cmpi ult,", bin(e, "addi", it64, cstI(e, 1, "i64"), "i64"),
                               cstI(e, groups, "i64"), "i64"),
                           "i1", "i32");
  Val next[kDecodeMaxWarpTiles][kMaxStages][4], rel[kMaxStages], valid[kMaxStages];
  int slot[kMaxStages];
  for (int s = 0; s < D; ++s) { /* unit of slot s: rel[s] + slot[s] */
    valid[s] = none;
    rel[s] = itD;
    slot[s] = s;
    if (ragged) { /* past the run: its last unit again, zero activations */
      Val r = bin(e, "addi", itD, cstI(e, s, "i64"), "i64");
      valid[s] = bin(e, "cmpi ule,", r, last, "i64");
      rel[s] = bin(e, "minui", r, last, "i64");
      slot[s] = 0;
    }
  }
  /* Group scales (and zero terms) of every slot first: their loads then
   * overlap the decode instead of stalling the fma that needs them. */
  Val gsc[kDecodeMaxWarpTiles][kMaxStages][2], gzt[kDecodeMaxWarpTiles][kMaxStages][2];
  Val vecNext[kDecodeMaxWarpTiles][2][2];
  for (int t = 0; t < TW; ++t) {
    if (gr.run && !gr.carry) { /* this iteration's, loaded here */
      Val u = bin(e, "addi", uStart, itD, "i64");
      bitblasDecodeGroupRunLoad(e, &gr, c.nRow[t],
                                bin(e, "divui", u, cstI(e, gr.span, "i64"), "i64"), vecIn[t]);
      for (int j = 0; j < gr.count; ++j)
        bitblasDecodeGroupRunValues(e, &gr, vecIn[t], j, gsc[t][j], gzt[t][j]);
    } else if (gr.run) { /* this iteration's from the carried vectors; the next one's loads */
      for (int j = 0; j < gr.count; ++j)
        bitblasDecodeGroupRunValues(e, &gr, vecIn[t], j, gsc[t][j], gzt[t][j]);
      Val nextIt = bin(e, "minui", bin(e, "addi", it64, cstI(e, 1, "i64"), "i64"),
                       cstI(e, groups - 1, "i64"), "i64");
      Val u = bin(e, "addi", uStart, bin(e, "muli", nextIt, cstI(e, D, "i64"), "i64"), "i64");
      bitblasDecodeGroupRunLoad(e, &gr, c.nRow[t],
                                bin(e, "divui", u, cstI(e, gr.span, "i64"), "i64"), vecNext[t]);
    } else if (p.groupPost) {
      for (int s = 0; s < D; ++s) {
        Val u = bin(e, "addi", uStart, bin(e, "addi", rel[s], cstI(e, slot[s], "i64"), "i64"),
                    "i64");
        Val grp = bin(e, "divui", u, cstI(e, d->group / kPU, "i64"), "i64");
        for (int h = 0; h < 2; ++h) {
          gsc[t][s][h] = groupValue(e, "%S", c.nRow[t][h], grp, numGroups, false);
          if (p.onesMma)
            gzt[t][s][h] = zeroTerm(e, d, gsc[t][s][h], c.nRow[t][h], grp, numGroups);
        }
      }
    }
  }
  int frag = 0; /* fragments so far: picks the accumulator chain */
  Val part[2 * kDecodeMaxWarpTiles][4], opart[2 * kDecodeMaxWarpTiles][4];
  for (int s = 0; s < D; ++s) {
    /* Refill this slot first: the load overlaps the decode below. */
    for (int t = 0; t < TW; ++t) {
      if (ragged)
        loadUnit(&c, t,
                 bin(e, "minui", bin(e, "addi", itD, cstI(e, D + s, "i64"), "i64"), last, "i64"),
                 0, none, next[t][s]);
      else
        loadUnit(&c, t, itD, D + s, more, next[t][s]);
    }
    /* The activations once for all the warp's tiles. */
    Val bv[2][kMaxActWords];
    for (int bt = 0; bt < nb; ++bt)
      loadActs(&c, rel[s], slot[s], bt, act, valid[s], bv[bt]);
    if (p.int8) { /* the sets are the chains */
      for (int t = 0; t < TW; ++t)
        for (int bt = 0; bt < nb; ++bt) {
          Val cs[kDecodeMaxChains][4];
          for (int ch = 0; ch < A; ++ch)
            memcpy(cs[ch], acc[ch][t * nb + bt], sizeof cs[ch]);
          bitblasDecodeInt8Unit(e, &p, A, bufIn[t][s], bv[bt], cs);
          for (int ch = 0; ch < A; ++ch)
            memcpy(acc[ch][t * nb + bt], cs[ch], sizeof cs[ch]);
        }
      continue;
    }
    if (sets) { /* one row: the fragments' chains, the ones-mma's sums */
      Val cs[kDecodeMaxChains][4];
      for (int ch = 0; ch < A; ++ch)
        memcpy(cs[ch], acc[ch][0], sizeof cs[ch]);
      bitblasDecodeSetsUnit(e, &p, bufIn[0][s], bv[0], cs);
      for (int ch = 0; ch < A; ++ch)
        memcpy(acc[ch][0], cs[ch], sizeof cs[ch]);
      for (int h = 0; h < kPU / 128; ++h) {
        Val ob[2];
        loadOnesActs(&c, rel[s], slot[s], h, act, valid[s], ob);
        bitblasDecodeSetsOnesMma(e, &p, ob[0], ob[1], sum[0]);
      }
      continue;
    }
    Val unitK = p.preScale ? bin(e, "muli",
                                 bin(e, "addi", uStart,
                                     bin(e, "addi", rel[s], cstI(e, slot[s], "i64"), "i64"),
                                     "i64"),
                                 cstI(e, kPU, "i64"), "i64")
                           : none; /* first k of the unit: small groups only */
    /* Partial sums of a group's units for group scales; otherwise the
     * chains directly. */
    const bool groupStart = s % gr.span == 0, groupEnd = s % gr.span == gr.span - 1;
    for (int x = 0; x < NB; ++x)
      for (int i = 0; i < 4 && (groupStart || !p.groupPost); ++i) {
        part[x][i] = p.groupPost ? zeroF : acc[0][x][i];
        opart[x][i] = p.groupPost || !sums ? zeroF : sum[x][i];
      }
    for (int t = 0; t < TW; ++t)
      for (int j = 0; j < kPU / 16; ++j) {
        Val pairs[4];
        for (int r = 0; r < 4; ++r) {
          int w, f;
          bitblasDecodeFragmentSlot(&p, j, r, &w, &f);
          if (p.byteTable) { /* fragment j is word j's four pairs */
            if (r == 0)
              bitblasDecodeByteTableWord(e, tableBase, lane4, bufIn[t][s][w], pairs);
            continue;
          }
          pairs[r] = p.subnormal ? bitblasDecodeSubnormalPair(e, &p, bufIn[t][s][w], f)
                                 : decodePair(e, d, bufIn[t][s][w], f);
        }
        if (p.preScale)
          prescaleFragment(&c, t, unitK, j, pairs);
        Val a[4];
        for (int r = 0; r < 4; ++r)
          a[r] = asI32(e, pairs[r]);
        const int ch = p.groupPost ? 0 : frag++ % A;
        for (int bt = 0; bt < nb; ++bt) {
          const int x = t * nb + bt;
          Val *dst = p.groupPost || ch == 0 ? part[x] : acc[ch][x];
          mmaSync(e, a, bv[bt][2 * j], bv[bt][2 * j + 1], dst);
          if (p.onesMma) {
            Val o[4] = {c.ones, c.ones, c.ones, c.ones};
            if (p.subnormal) /* the sums in the weights' scale: a0, a2 row g */
              for (int r = 0; r < 4; ++r)
                o[r] = bitblasDecodeSubnormalOnes(e, &p, r % 2);
            mmaSync(e, o, bv[bt][2 * j], bv[bt][2 * j + 1], opart[x]);
          }
        }
      }
    if (p.groupPost && groupEnd) { /* the group's units are done: scale their sums */
      for (int x = 0; x < NB; ++x) {
        Val *sc = gsc[x / nb][s / gr.span], *zt = gzt[x / nb][s / gr.span];
        for (int i = 0; i < 4; ++i) { /* elements 0, 1: row g; 2, 3: row g + 8 */
          acc[0][x][i] = fma3(e, sc[i / 2], part[x][i], acc[0][x][i]);
          if (p.onesMma)
            acc[0][x][i] = fma3(e, zt[i / 2], opart[x][i], acc[0][x][i]);
        }
      }
    } else if (!p.groupPost) {
      for (int x = 0; x < NB; ++x)
        for (int i = 0; i < 4; ++i) {
          acc[0][x][i] = part[x][i];
          if (sums)
            sum[x][i] = opart[x][i];
        }
    }
  }
  OUT("    scf.yield ");
  int y = 0;
  for (int ch = 0; ch < A; ++ch)
    for (int x = 0; x < NB; ++x)
      for (int i = 0; i < 4; ++i)
        OUT("%s%s", y++ ? ", " : "", acc[ch][x][i].s);
  if (loopSums)
    for (int x = 0; x < NB; ++x)
      for (int i = 0; i < 4; ++i)
        OUT(", %s", sum[x][i].s);
  for (int t = 0; t < TW; ++t)
    for (int s = 0; s < D; ++s)
      for (int i = 0; i < 4; ++i)
        OUT(", %s", next[t][s][i].s);
  for (int t = 0; t < TW; ++t)
    for (int h = 0; h < 2 && nVec; ++h)
      for (int w = 0; w < nVec / 2; ++w)
        OUT(", %s", vecNext[t][h][w].s);
  OUT(" : ");
  for (int i = 0; i < nIter; ++i)
    OUT("%s%s", i ? ", " : "", argType[i]);
  OUT("\n    }\n");

  /* No griddepcontrol.launch_dependents: the next kernel then launches as
   * our blocks exit, onto SMs that free up evenly. An explicit trigger (at
   * the start or after this loop) let its blocks crowd the SMs that were
   * free first, and the one-wave grids lost up to 19% (int2 4096 x 4096,
   * M = 16, graph); without it 92 of 96 bench rows gained and none lost
   * beyond noise (docs/performance.md, "Programmatic dependent launch"). */
  DecodeLoopOut lo = {res, tid, bx64, mBase, Mi64, sums, rowSums, sets};
  bitblasDecodeStoreResults(e, &p, &lo);
  return !b->oom;
}