/* The decode kernel's plan (frag16 weights with f16 activations, frag8 with
 * int8): which matmuls it serves, how scales are applied, and its variants
 * (one activation row, up to 8, any M). Timings quoted here were measured on
 * the lent H100 80GB HBM3 on 2026-11-27 (docs/performance.md has the runs). */
#include "gpu_decode.h"

#include <string.h>

/* int8 activations: 1/2/4-bit integer weights in frag8, i32 sums (exact
 * while K * 255 * 128 < 2^31), an i32 result or a per-channel scale. */
static const char *int8Reason(const BitblasMatmulDesc *d) {
  if (d->w != BB_E_SINT && d->w != BB_E_UINT)
    return "int8 activations take integer weights";
  if (d->wBits != 1 && d->wBits != 2 && d->wBits != 4)
    return "int8 activations take 1-, 2- or 4-bit weights (frag8)";
  if (d->accum != BB_E_I32)
    return "int8 activations accumulate in i32";
  if (d->k > 65536)
    return "K > 65536 could overflow the i32 sums of the int8 tensor cores";
  if (d->zerosMode != BITBLAS_ZEROS_NONE)
    return "zeros are not supported with int8 activations";
  if (d->hasScale) {
    if (d->group != d->k)
      return "int8 activations take a per-channel scale only";
    if (d->out != BB_E_F16 && d->out != BB_E_BF16 && d->out != BB_E_F32)
      return "a scaled int8 matmul has a float output";
  } else if (d->out != BB_E_I32 || d->hasBias) {
    return "an unscaled int8 matmul has an i32 output and no bias";
  }
  return NULL;
}

const char *bitblasDecodePlan(const BitblasMatmulDesc *d, DecodePlan *p) {
  memset(p, 0, sizeof *p);
  const char *why = bitblasKernelUnsupportedReason(d);
  if (why)
    return why;
  p->int8 = d->a == BB_E_SINT && d->aBits == 8;
  if (d->frag16 && p->int8)
    return "frag16 is for f16 activations (int8 activations take frag8)";
  if (d->frag8 && !p->int8)
    return "frag8 is for int8 activations (f16 activations take frag16)";
  const char *types = p->int8 ? int8Reason(d) : tensorCoreTypesReason(d);
  if (types)
    return types;
  if (d->n % 16 != 0)
    return "N is not a multiple of 16 (frag16 tiles)";
  if ((d->k * d->wBits) % 256 != 0)
    return "K * bits is not a multiple of 256 (frag16 units of 512 bytes per 16 rows)";
  p->bits = (int)d->wBits;
  p->pairsPerWord = 16 / p->bits;
  p->kPerUnit = 256 / p->bits;
  p->units = d->k * d->wBits / 256;
  p->aBytes = p->int8 ? 1 : 2;
  if (d->tile.tiles && (d->n / 16) % (d->tile.tiles / 2) != 0)
    return "N / 16 must be a multiple of the 16-row tiles per block (bitblas.mma_tile tiles / 2)";
  if (d->tile.kSplit > p->units)
    return "more warps split K than the tile has 512-byte units (K * bits / 256)";
  if (p->int8) {
    p->sets = 4 / p->bits;
    bool i1 = d->w == BB_E_SINT && p->bits == 1;
    p->mult = i1 ? 2 : 1;
    p->off = i1 ? 1 : d->w == BB_E_SINT ? 1 << (p->bits - 1) : 0;
    p->channelPost = d->hasScale;
    return NULL;
  }
  if (d->hasScale) {
    bool perChannel = d->group == d->k;
    p->preScale = !perChannel && d->group % p->kPerUnit != 0;
    p->channelPost = perChannel;
    p->groupPost = !perChannel && !p->preScale;
    p->onesMma = !p->preScale && d->zerosMode != BITBLAS_ZEROS_NONE;
  }
  p->subnormal = d->w == BB_E_UINT && (p->bits == 4 || p->bits == 8) && !p->preScale;
  p->byteTable = d->w == BB_E_TABLE && p->bits == 4;
  if ((d->w == BB_E_SINT || d->w == BB_E_UINT) && p->bits <= 2 &&
      d->zerosMode == BITBLAS_ZEROS_NONE && !p->preScale && !p->groupPost) {
    bool i1 = d->w == BB_E_SINT && p->bits == 1;
    p->fieldSets = 2; /* chains: int1's fragments alternate between two byte halves */
    p->mult = i1 ? 2 : 1;
    p->off = i1 ? 1 : d->w == BB_E_SINT ? 1 << (p->bits - 1) : 0;
  }
  return NULL;
}

const char *bitblasDecodeKernelUnsupportedReason(const BitblasMatmulDesc *d) {
  DecodePlan p;
  return bitblasDecodePlan(d, &p);
}

/* The one-row kernel stages the activation row in shared memory when the
 * copy is short: longer rows are read from L1 (a 56 KiB copy per block
 * measured slower on 8192 x 28672 when the staging loaded one chunk at a
 * time). The field-set decode of 2- and 1-bit weights needs its row staged,
 * so it stages rows up to kMaxFieldSetActivationBytes, past 32 KiB in
 * dynamic shared memory: int2 8192 x 28672 (56 KiB) 27.1-27.3 -> 26.8 us
 * against the magic-number decode reading L1 (ab22). Layers with under two
 * blocks per SM used to read L1 too (the copy on the critical path); with
 * the batched staging, staging them measured faster (H100, 2026-11-27, M = 1,
 * us; ab23, ab24): int2 4096 x 4096 7.4 -> 6.4 and 4096 x 11008 11.8 ->
 * 10.5, int1 x int8 4096 x 11008 9.2 -> 7.7, uint4 g128 14.8 -> 14.5,
 * uint4 4096 x 4096 7.8 -> 7.6; nf4 and fp8 4096 x 4096 0.1-0.2 slower. */
enum { kMaxSharedActivationBytes = 32 * 1024, kMaxFieldSetActivationBytes = 64 * 1024,
       kMaxByteTableActivationBytes = 8 * 1024, kSharedPerSM = 192 * 1024 };

/* A ragged split (units not a multiple of warps x loads in flight) runs
 * masked slots. Where those would be more than 1/16 of the work, takes the
 * warps (down to half) and loads in flight (4, 3, 5 or 6) that waste the
 * fewest slots, an even split first: never fewer than 3 loads in flight
 * (uint4 g128 4096 x 11008, H100: 26.0 us with 4 warps x 1 load, 15.6 us
 * with 7 x 5 and a ragged tail). */
static void evenSplit(int64_t units, int *warps, int *depth) {
  static const int depths[] = {4, 3, 5, 6};
  int64_t perWarp = (units + *warps - 1) / *warps;
  int64_t slots = (perWarp + *depth - 1) / *depth * *depth * *warps;
  if ((slots - units) * 16 <= units || perWarp < 3)
    return;
  int64_t best = slots;
  const int w0 = *warps;
  for (int w = w0; w >= (w0 + 1) / 2; --w)
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; ++i) {
      int64_t per = (units + w - 1) / w;
      int64_t s = (per + depths[i] - 1) / depths[i] * depths[i] * w;
      if (per >= depths[i] && s < best) {
        best = s;
        *warps = w;
        *depth = depths[i];
      }
    }
}

/* Block shape of the one-row kernel, from same-run A/B timings on the H100
 * (docs/performance.md, "Block shape"). A grid of a wave and a bit ran
 * 1.3-1.4x slower than one wave, and each warp should stream a long run of
 * units: so the most warps per tile (powers of two up to 16) whose warps
 * still fit one wave of residentWarps() per SM over the card's SMs
 * (bitblasDecodeTargetSMs: the 132 of an H100 SXM unless told), then tiles
 * per block up to 8 warps while the blocks still cover the SMs. How many
 * warps help depends on what limits the kernel: 4- and 8-bit weights wait
 * on memory and gain up to 32 per SM (their registers are then bounded by
 * .minnctapersm so that the wave fits); 2- and 1-bit weights here 16 (with
 * the magic-number decode, more only contended for the pipes, and a bound
 * of 64 registers measured slower: 8192 x 28672 29.7 vs 27.1 us); their
 * one-row field-set kernels take up to 28 (oneRowDecodeShape);
 * scaled groups keep more values live: 24; so do int8 activations (one
 * accumulator set per field pair): 24 took int1 x int8 28672 x 8192 from
 * 18.6 to 15.7 us, where 32 spilled. */
enum { kDefaultSMs = 132, kMaxBlocksPerSM = 32, kBlockWarps = 8 };

int bitblasDecodeTargetSMs(const BitblasMatmulDesc *d) {
  return d->smCount > 0 ? d->smCount : kDefaultSMs;
}

bool bitblasDecodeSMCountIsValid(int sms) { return sms >= 0 && sms <= 1024; }

/* 2- and 1-bit weights into f16: two instructions per element pair. Into
 * int8 (frag8) one LOP3 makes four elements: memory-bound like uint4. */
static bool decodeBound(const DecodePlan *p) { return p->bits <= 2 && !p->int8; }

/* Warps one SM holds for the variant with `mTile` activation rows. The
 * M = 9..16 variant keeps a second B tile live, so where that adds the most
 * registers its one-wave grid assumes fewer warps: plain 4/8-bit weights
 * (56-64 -> 72-80 registers on the bench set) 24; scaled groups with zeros
 * (80-116 -> 109-140) 16. uint4 M = 16 28672 x 8192 took 76.2 us on the
 * one-row shape (1.13 waves) and 53.8 on its own (same-run A/B, H100). */
static int residentWarps(const DecodePlan *p, int mTile) {
  const int w = decodeBound(p) ? 16 : p->groupPost || p->preScale || p->int8 ? 24 : 32;
  if (mTile <= 8)
    return w;
  return w == 32 ? 24 : p->onesMma ? 16 : w;
}

/* Whether the variant's registers are bounded for its one-wave grid of
 * `warps` per SM: the one-row kernels; at M = 2..8 those with scaled groups
 * (77-90 registers; bounded: uint4 g128 8192 x 28672 at M = 8 56.4 -> 49.1
 * us; plain uint4 measured better unbounded); at M = 9..16 only a bound of
 * 128 (16 warps), which their 64-140 registers take without spilling: bound
 * for 24 warps, nf4 g128 43008 x 14336 at M = 16 took 294 us, unbounded 272;
 * bound for 16, 16384 x 16384 took 103.9, unbounded 118.3 (H100; logs of
 * those runs not kept). */
static bool boundRegisters(const DecodePlan *p, int mTile, int64_t warps) {
  if (decodeBound(p))
    return false;
  if (mTile > 8)
    return warps <= 16;
  return mTile == 1 || p->groupPost || p->preScale;
}

static void defaultShape(const BitblasMatmulDesc *d, const DecodePlan *p, int mTile, int *tiles,
                         int *warps) {
  const int64_t sms = bitblasDecodeTargetSMs(d);
  const int64_t nTiles = d->n / 16, wave = sms * residentWarps(p, mTile);
  int wk = 1;
  while (wk < 16 && 2 * wk <= p->units && nTiles * 2 * wk <= wave)
    wk *= 2;
  int wn = 1;
  while (wn * 2 * wk <= kBlockWarps && nTiles % (wn * 2) == 0 && nTiles / (wn * 2) >= sms)
    wn *= 2;
  *tiles = wn;
  *warps = wk;
}

/* One-row kernels of 2- and 1-bit weights into f16: as many warps as
 * kOneRowDecodeWarps per SM allow in one wave, each tile split over warps
 * that take equal runs of units (a ragged split over 6 or 5 warps ran
 * 8192 x 28672 at 32-33 us against 25.2 over 7), in blocks that pack the SM
 * (4-warp blocks, 7 per SM, where 8-warp blocks would fit 3) with their
 * staged activation rows. 28 warps are what 72 registers allow, about what
 * these kernels take unbounded (71-73), so the bound (.minnctapersm)
 * costs no spill. Tile sweep, H100, 2026-11-27, M = 1, us (ab27): int2
 * 28672 x 8192 26.4 (16 x 1 warps per block, 13.6 per SM) -> 25.1 (2 x 2,
 * 27.2 per SM); 8192 x 28672 26.9 (2 x 4, 15.5) -> 25.2 (2 x 7, 27.2).
 * False where no split is even (the default shape then). */
enum { kOneRowDecodeWarps = 28, kMaxBlockWarps = 16 };

static bool oneRowDecodeShape(const BitblasMatmulDesc *d, const DecodePlan *p, int64_t stagedRow,
                              int *tiles, int *warps) {
  const int64_t sms = bitblasDecodeTargetSMs(d), nTiles = d->n / 16;
  for (int s = kMaxBlockWarps; s >= 1; --s) {
    if (p->units % s != 0 || p->units / s < 4)
      continue;
    for (int t = 1; t <= 8; t *= 2) {
      if (nTiles % t != 0 || t * s > kMaxBlockWarps)
        continue;
      const int64_t perSM = (nTiles / t + sms - 1) / sms;
      if (perSM * t * s > kOneRowDecodeWarps || perSM * stagedRow > kSharedPerSM)
        continue;
      *tiles = t;
      *warps = s;
      return true;
    }
  }
  return false;
}

/* M > 1: each warp may take two adjacent tiles over half the units, so one
 * activation load feeds the mmas of both. Per unit, the activations of an
 * M = 16 block are 4x (4-bit) to 8x (2-bit) the weight bytes, and ncu put
 * those kernels at 84-88% of the L1 throughput. The grid and warps stay
 * those of the one-tile shape: a block's tiles pair up (a block of one tile
 * pairs with the next, halving the blocks, which must still cover the SMs)
 * and the K split doubles; the loads in flight per warp stay 4 (2 per
 * tile). False where that shape does not exist or is not taken.
 *
 * M = 9..16: the paired kernels take 80-128 registers. Plain uint4 at
 * 43008 x 14336, whose one-tile grid ran 3 blocks (20 warps) per SM at 72,
 * lost a wave (137 -> 146 us), so plain 4-bit weights (no groups, no table:
 * the fewest registers unpaired) pair only where their one-tile grid needs
 * at most 16 warps per SM, or where that grid needs more warps per SM than
 * it keeps resident anyway (57344 x 8192: 27 for 24; same-run A/B ab47,
 * M = 9 / 16: 134.1 / 157.5 -> 120.0 / 122.9 us; bounding the unpaired
 * kernel to 4 blocks per SM instead, 64 registers and 84 bytes spilled:
 * 149.5 / 152.4); the 2-bit, grouped and table kernels gain even where
 * they lose a wave. 8-bit weights (activations 2x the weight bytes)
 * stay one tile per warp. Same-run A/B, H100, 2026-11-28 (ab40), M = 16,
 * us: int2 28672 x 8192 48.0 -> 35.7, 16384^2 65.4 -> 36.1, 43008 x 14336
 * 127.1 -> 90.6; uint4 g128 28672 x 8192 61.3 -> 52.8, 43008 x 14336
 * 205.1 -> 167.7; nf4 g128 28672 x 8192 72.7 -> 60.0, 11008 x 4096
 * 25.8 -> 19.3; uint4 28672 x 8192 54.1 -> 49.5. Paired int8 kernels keep
 * one accumulator set (the variant's accs): with a set per pair of fields,
 * int1 x int8 took 174 registers, or spilled 192 bytes bounded to 128;
 * with one it takes 110-124 (ab41, M = 16: 28672 x 8192 33.7 -> 26.6,
 * 43008 x 14336 109.9 -> 66.7, 16384^2 37.3 -> 31.5).
 *
 * M = 2..8 (ab40b; v13b and v13e reran the rows taken; same card and
 * day): half the activations, and pairing lost more often (uint4
 * 16384^2 50.5 -> 56.8 at M = 8; a wave lost at 43008 x 14336; 8 units per
 * tile and warp at 8192^2, int2 13.3 -> 14.1). Only the decode-heavy
 * weights (2- and 1-bit into f16, byte tables) and those with zero points
 * (a second, ones mma per fragment) pair, where each warp keeps at least
 * kPairMinRun units per tile and the one-tile grid needs at most 16 warps
 * per SM (M = 8: int2 28672 x 8192 33.8 -> 29.3, 8192 x 28672 36.0 ->
 * 31.9, 16384^2 35.5 -> 30.7; nf4 g128 28672 x 8192 53.7 -> 49.4,
 * 8192 x 28672 49.4 -> 47.0; uint4 g128 1-4% on four layers). */
enum { kPairMaxWarpsPerSM = 16, kPairMinRun = 16 };

static bool pairShape(const BitblasMatmulDesc *d, const DecodePlan *p, int mTile, int *tiles,
                      int *warps) {
  const int64_t sms = bitblasDecodeTargetSMs(d), nTiles = d->n / 16;
  const int wk = 2 * *warps, pairs = *tiles > 1 ? *tiles / 2 : 1;
  const int64_t warpsPerSM = (nTiles * *warps + sms - 1) / sms; /* the one-tile grid's */
  const bool fits = mTile > 1 && p->bits <= 4 && nTiles % (2 * pairs) == 0 &&
                    nTiles / (2 * pairs) >= sms && wk <= p->units && pairs * wk <= kMaxBlockWarps;
  const bool noWaveLost = warpsPerSM <= kPairMaxWarpsPerSM;
  /* the one-tile grid itself overflows a wave at its residency */
  const bool unpairedLosesWave = warpsPerSM > residentWarps(p, mTile);
  bool taken;
  if (mTile > 8) /* plain 4-bit weights only where no wave is lost */
    taken = noWaveLost || unpairedLosesWave || decodeBound(p) || p->groupPost || p->preScale ||
            p->byteTable || p->int8;
  else /* the decode-heavy and zero-point weights, with long runs */
    taken = (decodeBound(p) || p->byteTable || p->onesMma) && p->units / wk >= kPairMinRun &&
            noWaveLost;
  if (!fits || !taken)
    return false;
  *tiles = pairs;
  *warps = wk;
  return true;
}

/* Blocks per SM (rounded up) of the grid of blocks of `tiles` warp groups,
 * each warp taking `tw` tiles. */
static int64_t gridBlocksPerSM(const BitblasMatmulDesc *d, int tw, int tiles) {
  const int64_t sms = bitblasDecodeTargetSMs(d);
  return (d->n / 16 / tw / tiles + sms - 1) / sms;
}

/* .minnctapersm for a one-wave grid of `tiles` x `warps`-warp blocks, or 0
 * (no bound: beyond one wave, or not bounded, boundRegisters()). */
static int waveBlocks(const BitblasMatmulDesc *d, const DecodePlan *p, int mTile, int tw,
                      int tiles, int warps) {
  const int64_t perSM = gridBlocksPerSM(d, tw, tiles);
  if (!boundRegisters(p, mTile, perSM * tiles * warps) || perSM > kMaxBlocksPerSM ||
      perSM * tiles * warps > residentWarps(p, mTile))
    return 0;
  return (int)perSM;
}

/* Byte-table weights (nf4, af4) at M = 9..16 take 80-128 registers, two
 * 8-warp blocks per SM: where even one warp per tile overflows that wave,
 * one tile (since ab42 a pair) of 8 warps per block over many short waves
 * instead of a wave and a bit. Same-run A/B (H100, 2026-11-28, ab32,
 * M = 16, us): 43008 x 14336 236.5 (336 blocks) -> 178.2; on layers that
 * fit the wave it lost (28672 x 8192 72.0 -> 82.0, 16384 x 16384 72.5 ->
 * 81.4). */
enum { kByteTableWarpsM16 = 16 };

static bool manyBlocks(const BitblasMatmulDesc *d, const DecodePlan *p, int mTile) {
  return p->byteTable && mTile > 8 &&
         d->n / 16 > (int64_t)bitblasDecodeTargetSMs(d) * kByteTableWarpsM16;
}

/* The variant for activation rows [mMin, mMax] in blocks of `mTile`: the
 * op's tile, else the one-wave shape for that variant's residency. */
static BitblasKernelVariant variant(const BitblasMatmulDesc *d, const DecodePlan *p, int mMin,
                                    int mMax, int mTile) {
  int tiles, warps, tw = 1;
  bool oneRow = false;
  const int64_t rowBytes = d->k * p->aBytes;
  const int64_t maxRow = p->fieldSets    ? kMaxFieldSetActivationBytes
                         : p->byteTable ? kMaxByteTableActivationBytes
                                        : kMaxSharedActivationBytes;
  const int64_t stagedRow = rowBytes <= maxRow ? rowBytes : 0;
  const int64_t tableBytes = p->byteTable ? kDecodeByteTableBytes : 0;
  if (d->tile.tiles) {
    tiles = d->tile.tiles / 2;
    warps = d->tile.kSplit;
  } else if (manyBlocks(d, p, mTile)) {
    /* a pair of tiles per block and warp where N allows: same-run A/B
     * (H100, 2026-11-28, ab42), nf4 g128 43008 x 14336 at M = 9 / 16,
     * 153.3 / 174.2 -> 132.2 / 140.4 us (16-warp blocks: 141.2 / 156.2) */
    tiles = 1;
    for (warps = 8; warps > 1 && warps > p->units; warps /= 2)
      ;
    if ((d->n / 16) % 2 == 0)
      tw = 2;
  } else {
    defaultShape(d, p, mTile, &tiles, &warps);
    if (pairShape(d, p, mTile, &tiles, &warps))
      tw = 2;
    int t, w;
    if (p->fieldSets && stagedRow && mTile == 1 &&
        oneRowDecodeShape(d, p, stagedRow, &t, &w) && w > warps) {
      oneRow = true;
      tiles = t;
      warps = w;
    }
  }
  /* 4 loads of 16 bytes in flight per lane */
  int depth = d->tile.tiles ? d->tile.stages : 4 / tw;
  if (depth > (p->units + warps - 1) / warps)
    depth = (int)((p->units + warps - 1) / warps);
  if (!d->tile.tiles)
    evenSplit(p->units, &warps, &depth);
  /* one activation row in shared memory when the blocks of one SM's share
   * of the grid fit their copies (kSharedPerSM: under the H100's 227 KiB,
   * leaving room for the reduction) */
  const int64_t blocksPerSM = gridBlocksPerSM(d, tw, tiles);
  const int64_t zeroBytes = bitblasDecodeZeroRowBytes(p, depth);
  bool shared = mTile == 1 && rowBytes <= maxRow &&
                (blocksPerSM > kMaxBlocksPerSM ||
                 blocksPerSM * (rowBytes + zeroBytes + tableBytes) <= kSharedPerSM);
  /* two accumulator chains where a word feeds several mmas; int8: the sets,
   * or one (fields shifted down) for a warp of two tiles, whose registers
   * cannot hold a set per pair of fields */
  int accs = p->int8 ? (tw > 1 ? 1 : p->sets) : p->bits <= 2 && !p->groupPost ? 2 : 1;
  if (bitblasDecodeUsesFieldSets(p, mTile, shared))
    accs = p->fieldSets;
  BitblasMmaTile t = {2 * tiles, warps, depth};
  /* the byte table, then the row; or a long row alone */
  const int64_t staged = shared ? rowBytes + zeroBytes : 0;
  const int dynSmem = tableBytes ? (int)(tableBytes + staged)
                      : shared && rowBytes > kMaxSharedActivationBytes ? (int)staged
                                                                       : 0;
  return (BitblasKernelVariant){
      .kind = BITBLAS_KERNEL_DECODE, .mMin = mMin, .mMax = mMax, .rowsPerWarp = 16 * tiles * tw,
      .mTile = mTile, .warps = tiles * warps, .lanes = 32, .mma = t, .aShared = shared,
      .accs = accs,
      .minBlocksPerSM = oneRow ? (int)blocksPerSM : waveBlocks(d, p, mTile, tw, tiles, warps),
      .warpTiles = tw,
      .dynSmem = dynSmem};
}

int bitblasDecodeWarpTiles(const BitblasKernelVariant *v) {
  return v->warpTiles > 1 ? v->warpTiles : 1;
}

int bitblasDecodeKernelVariants(const BitblasMatmulDesc *d, BitblasKernelVariant *out, int cap) {
  DecodePlan p;
  if (bitblasDecodePlan(d, &p) || cap < 3)
    return 0;
  out[0] = variant(d, &p, 1, 1, 1);
  out[1] = variant(d, &p, 2, 8, 8);
  out[2] = variant(d, &p, 9, 0, 16);
  return 3;
}
