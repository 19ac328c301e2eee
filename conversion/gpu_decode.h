/* Private to the frag16/frag8 decode kernel (gpu_decode_*.c). */
#ifndef BITBLAS_CONVERSION_GPU_DECODE_H
#define BITBLAS_CONVERSION_GPU_DECODE_H

#include "gpu_mma.h"

typedef struct {
  int bits;         /* b: storage bits of a weight element */
  int pairsPerWord; /* H = 16 / b: f16x2 pairs one 32-bit word decodes to */
  int kPerUnit;     /* k covered by one 512-byte unit of a 16-row tile (256 / b) */
  int64_t units;    /* U: units per tile (K * b / 256) */
  bool preScale;    /* groups smaller than a unit: dequantize in f16 before the mma */
  bool groupPost;   /* one group per unit: scale each unit's partial sums (f32) */
  bool channelPost; /* per-channel scale after the loop */
  bool onesMma;     /* zeros applied exactly: z * (sum of activations), the sum
                       coming from a second mma whose A operand is all ones */
  /* int8 activations, frag8 weights: mma.m16n8k32 u8 x s8 -> s32 on the
   * codes (signed ones offset into unsigned), y = mult * sum - off * asum. */
  bool int8;
  int aBytes;       /* bytes per activation element: 2 (f16) or 1 (int8) */
  int sets;         /* int8: accumulator sets, one per pair of byte fields */
  int mult, off;    /* int8 and field sets: i1 (+-1) 2, 1; iN 1, 2^(N-1); uiN 1, 0 */
  /* 2- and 1-bit integer weights, no zeros, no groups: the accumulator
   * chains of the one-row decode as f16 subnormals (gpu_decode_sets.c),
   * else 0. */
  int fieldSets;
  /* Unsigned 4- and 8-bit codes, no small groups: may be decoded as f16
   * subnormals by one LOP3 per pair, each accumulator row scaled back after
   * the loop (gpu_decode_sets.c); bitblasDecodeUsesSubnormal says for which
   * variants. */
  bool subnormal;
  /* 4-bit table weights (nf4, af4): one lookup per pair in a byte table
   * (gpu_decode_table.c) at the start of the dynamic shared memory. */
  bool byteTable;
} DecodePlan;

/* Fills `p`; returns why the decode kernel cannot serve `d`, or NULL. */
const char *bitblasDecodePlan(const BitblasMatmulDesc *d, DecodePlan *p);

/* Group values of a loop iteration (gpu_decode_groups.c). With `run`, the
 * iteration's `stages` slots start on a group boundary and `span`
 * consecutive slots share one group: the lane's scales (and zeros) of the
 * iteration's `count` groups come as one vector per row and array, loaded
 * one iteration ahead (`carry`, in the loop's iter_args) or at the start of
 * the iteration. Otherwise each slot loads its own (span 1). */
typedef struct {
  bool run, carry;
  int span, count;
  int64_t numGroups;
} DecodeGroupRun;
void bitblasDecodeGroupRunPlan(const BitblasMatmulDesc *d, const DecodePlan *p,
                               const BitblasKernelVariant *v, bool ragged, DecodeGroupRun *g);
/* The vector type of array `which` (0 scales, 1 zeros) of a run. */
void bitblasDecodeGroupRunTypes(const BitblasMatmulDesc *d, const DecodeGroupRun *g, int which,
                                char *type, size_t cap);
/* out[row h][array]: groups [grp, grp + count) of rows nRow[0], nRow[1]. */
void bitblasDecodeGroupRunLoad(Emitter *e, const DecodeGroupRun *g, const Val nRow[2], Val grp,
                               Val out[2][2]);
/* Scale (f32) and zero term of group j of the loaded vectors, per row. */
void bitblasDecodeGroupRunValues(Emitter *e, const DecodeGroupRun *g, Val vec[2][2], int j,
                                 Val sc[2], Val zt[2]);

/* Accumulator chains a decode kernel may carry; tiles a warp may take. */
enum { kDecodeMaxChains = 4, kDecodeMaxWarpTiles = 2 };
/* The variant's tiles per warp (BitblasKernelVariant.warpTiles, 0 = 1). */
int bitblasDecodeWarpTiles(const BitblasKernelVariant *v);

/* frag16: register r of fragment j of a lane's unit is pair `pair` (fields
 * pair, pair + H) of its word `word`. */
void bitblasDecodeFragmentSlot(const DecodePlan *p, int j, int r, int *word, int *pair);
/* Field sets (gpu_decode_sets.c): whether the variant with `mTile`
 * activation rows (in shared memory: `aShared`) uses them. */
bool bitblasDecodeUsesFieldSets(const DecodePlan *p, int mTile, bool aShared);

/* Bytes of zeros a one-row kernel keeps after its staged activation row:
 * the B columns 1..7 of its mmas (lanes g != 0) read them instead of copies
 * of the row, `stages` units deep (docs/performance.md, "Sustained power,
 * and zero B columns"). */
static inline int64_t bitblasDecodeZeroRowBytes(const DecodePlan *p, int stages) {
  return (int64_t)stages * p->kPerUnit * p->aBytes;
}
/* The factor (2^(-2 b)) the second activation register of each fragment
 * (k2, k3 of every 4) is staged with. */
double bitblasDecodeSetsB1Scale(const DecodePlan *p);
/* The unit's mmas for the B values b[0 .. kPU / 8): c[chain][4] +=
 * fragments of the four words `w`, as f16 subnormals. */
void bitblasDecodeSetsUnit(Emitter *e, const DecodePlan *p, const Val w[4], const Val *b,
                           Val c[][4]);
/* Whether the variant with `mTile` activation rows (carrying group values
 * across iterations: `carriesGroupValues`) decodes p->subnormal weights so. */
bool bitblasDecodeUsesSubnormal(const DecodePlan *p, int mTile, bool carriesGroupValues);
/* Subnormal rows: 2^e is what row g (rowHi 0) or g + 8 (rowHi 1) of an
 * accumulator is scaled back by; pair t of a word as two f16 subnormals; the
 * ones-mma's A register for a row, in the same scale. */
int bitblasDecodeSubnormalExponent(const DecodePlan *p, int rowHi);
Val bitblasDecodeSubnormalPair(Emitter *e, const DecodePlan *p, Val word, int t);
Val bitblasDecodeSubnormalOnes(Emitter *e, const DecodePlan *p, int rowHi);
/* c += the ones-mma of B values (b0, b1): column sums of the activations. */
void bitblasDecodeSetsOnesMma(Emitter *e, const DecodePlan *p, Val b0, Val b1, Val c[4]);
/* The warp's activation sum from the ones-mma accumulators (every lane). */
Val bitblasDecodeSetsActivationSum(Emitter *e, const Val ones[4]);
/* C-fragment element i of the chains c[chain]: mult * (the chains scaled
 * back) - off * asum. */
Val bitblasDecodeSetsCombine(Emitter *e, const DecodePlan *p, Val c[][4], int i, Val asum);

/* Byte tables (gpu_decode_table.c): 256 entries of f16 pairs, one copy per
 * lane. The fill reads the pair tables (e->pairTable, after their barrier)
 * and stores the byte table at `table` (!llvm.ptr<3>), `threads` threads
 * from `tid`; the caller's barrier ends it. A word's four pairs (fields t,
 * t + 4, f16x2) from the table at i32 address `tableBase`, the lane's copy
 * at `lane4` = 4 * lane. */
enum { kDecodeByteTableBytes = 256 * 32 * 4 };
void bitblasDecodeByteTableFill(Emitter *e, Val table, Val tid, int threads);
void bitblasDecodeByteTableWord(Emitter *e, Val tableBase, Val lane4, Val word, Val pairs[4]);

/* After the loop (gpu_decode_store.c): the loop's results `res` (chains
 * [chain][B tile][4], then the activation sums with `sums`), the thread,
 * block column, first activation row of the block and M. */
typedef struct {
  Val res, tid, bx64, mBase, Mi64;
  bool sums, rowSums;
  bool fieldSets; /* the chains in subnormal scale, then the ones-mma sums */
} DecodeLoopOut;
/* Values each thread hands to the shared reduction (%red holds threads x this). */
int bitblasDecodeReductionValues(const BitblasKernelVariant *v, bool sums);
/* Adds the chains, reduces over the tile's K-split warps, writes C. */
void bitblasDecodeStoreResults(Emitter *e, const DecodePlan *p, const DecodeLoopOut *lo);

/* int8 path (gpu_decode_int8.c). The unit's mmas for B tile values
 * b[0 .. 2 p->sets): c[set][4] += fragments of the four words `w`, into
 * `sets` accumulator sets: p->sets (one per pair of byte fields), or 1 (each
 * pair's fields shifted down first: one shift per word and pair, and a
 * quarter of the accumulators for 1-bit weights). */
void bitblasDecodeInt8Unit(Emitter *e, const DecodePlan *p, int sets, const Val w[4],
                           const Val *b, Val c[][4]);
/* Exact sum of the `sets` accumulator sets for C-fragment element i (0, 1:
 * row g; 2, 3: row g + 8), undoing each set's field scale. */
Val bitblasDecodeInt8Combine(Emitter *e, const DecodePlan *p, int sets, Val c[][4], int i);
/* Shared `asum` (mTile i32) = sum over K of each activation row of the
 * block, rows clamped to M - 1: the offset term of signed weights. */
void bitblasDecodeInt8RowSums(Emitter *e, Val tid, int threads, Val mBase, Val Mi64, int mTile);
/* Output element (m, n) from the i32 sum `x` over K and the row's sum
 * `asum`: mult * x - off * asum, then the i32 store or the float epilogue. */
void bitblasDecodeInt8Store(Emitter *e, const DecodePlan *p, Val x, Val asum, Val m, Val n);

#endif
