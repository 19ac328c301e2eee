/* Integer weights decoded as f16 subnormals: the one-row kernels of 2- and
 * 1-bit codes (field sets) and of unsigned 4- and 8-bit codes.
 *
 * The magic-number decode spends two instructions per element pair: a LOP3
 * that ORs the codes under an f16 exponent and an f16x2 fma that removes the
 * offset and the field's shift. A LOP3 that only masks the fields leaves
 * two f16 subnormals, code * 2^(b s - 24) for a field at bit b s of its
 * byte, and the mma takes them as they are. In frag16 (docs/semantics.md)
 * the registers a0..a3 of a fragment are fields s0 .. s0 + 3 of one byte:
 * a0 (row g) and a1 (row g + 8) meet the first activation register b0, a2
 * (row g) and a3 (row g + 8) the second, b1. With b1 stored times
 * 2^(-2 b), row g of every product carries 2^(b s0 - 24) and row g + 8
 * 2^(b (s0 + 1) - 24), so a chain per s0 (one for int2, two for int1) is
 * scaled back exactly once after the loop. Signed codes enter in offset form
 * (the LOP3 flips their sign bit) and the offset comes back as
 * off * (sum of the activations), which one more mma per 8 fragments
 * collects: A is ones (2^(2 b) against b1) and its B column c holds fragment
 * c of the unit, columns a single activation row leaves free.
 *
 * Used where the one-row kernel stages its activation row in shared memory
 * (the staging applies the 2^(-2 b)). Same-run A/B on the H100
 * (2026-11-27, int2 x f16, M = 1, us, magic-number decode -> field sets;
 * docs/results/2026-11-27-h100-ab17-i2-field-sets.log): 11008 x 4096 11.1
 * -> 10.6, 8192 x 8192 11.8 -> 11.6, 28672 x 8192 26.7 -> 26.4, 43008 x
 * 14336 61.6 -> 60.0, 16384 x 16384 equal. With the activations read from
 * global memory (b1 scaled after each load) it was slower: 8192 x 28672
 * 27.2-27.4 -> 35.1, 4096 x 11008 11.9 -> 12.9 (ab19-i2-field-sets-global),
 * so those kernels keep the magic-number decode, as do the variants for
 * more rows, whose B columns are rows.
 */
#include "gpu_decode.h"

#include <math.h>
#include <stdio.h>

/* Unsigned 4- and 8-bit codes need no activation scaling: a fragment's row g
 * registers (a0, a2) share one field position of their bytes, and so do
 * row g + 8's (a1, a3), so every mma row carries one power of two whatever
 * the number of activation rows; the ones-mma of zeros takes its A in the
 * same scale. Same-run A/B on the H100 (2026-11-27,
 * docs/results/2026-11-27-h100-ab18-ui4-subnormal.log), M = 1, us, magic
 * number -> subnormal: uint4 g128 8192 x 28672 47.3-47.6 -> 46.5, 28672 x
 * 8192 46.9-47.1 -> 46.1, 43008 x 14336 118.5-118.9 -> 116.1; per-channel
 * uint4 8192 x 8192 16.4-16.6 -> 15.9, 8192 x 28672 43.5-43.7 -> 42.8; no
 * layer slower. The same change for every M was 1-7% faster on most rows at
 * M = 2..16 but 3-7% slower on some at M = 2..8 (8192 x 8192, 11008 x 4096:
 * ptxas used 38 registers where it had used 64) and 36% slower on uint4
 * 43008 x 14336 at M = 16, so the one-row variants use it, and the M = 2..8
 * variants of group-scaled kernels that carry their group values (ab18 had
 * no such row slower; confirmed in ab25: uint4 g128 M = 2 / 4 / 8, 4096 x
 * 4096 8.9 / 8.8 / 8.8 -> 8.4 / 8.5 / 8.6, 8192 x 8192 17.7 / 17.8 / 18.0 ->
 * 17.4 / 17.3 / 17.5, 28672 x 8192 48.5 / 48.6 / 48.9 -> 47.9 / 47.8 /
 * 48.2). */
bool bitblasDecodeUsesSubnormal(const DecodePlan *p, int mTile, bool carriesGroupValues) {
  return p->subnormal && (mTile == 1 || (mTile <= 8 && carriesGroupValues));
}

/* The f16 bits of 2^x (-24 <= x <= 15), both halves of an f16x2. */
static Val f16x2PowerOfTwo(Emitter *e, int x) {
  const uint32_t h = x >= -14 ? (uint32_t)(x + 15) << 10 : 1u << (x + 24);
  return cstI(e, (int32_t)(h | h << 16), "i32");
}

int bitblasDecodeSubnormalExponent(const DecodePlan *p, int rowHi) {
  return 24 - (rowHi && p->bits == 4 ? 4 : 0);
}

Val bitblasDecodeSubnormalPair(Emitter *e, const DecodePlan *p, Val word, int t) {
  return asHalf2(e, fieldPairLop3(e, (unsigned)p->bits, word, t, 0, 0, 0x6a, NULL));
}

Val bitblasDecodeSubnormalOnes(Emitter *e, const DecodePlan *p, int rowHi) {
  return f16x2PowerOfTwo(e, -bitblasDecodeSubnormalExponent(p, rowHi));
}

bool bitblasDecodeUsesFieldSets(const DecodePlan *p, int mTile, bool aShared) {
  return p->fieldSets > 0 && mTile == 1 && aShared;
}

void bitblasDecodeFragmentSlot(const DecodePlan *p, int j, int r, int *word, int *pair) {
  *word = (4 * j + r) / p->pairsPerWord;
  *pair = (4 * j + r) % p->pairsPerWord;
}

/* Bit position (in fields) of register 0 of fragment j within its byte. */
static int firstField(const DecodePlan *p, int j) { return 4 * j % (8 / p->bits); }

/* b1 is staged times 2^-b1Shift: a2, a3 sit two fields above a0, a1. */
static int b1Shift(const DecodePlan *p) { return 2 * p->bits; }

double bitblasDecodeSetsB1Scale(const DecodePlan *p) { return ldexp(1.0, -b1Shift(p)); }

void bitblasDecodeSetsUnit(Emitter *e, const DecodePlan *p, const Val w[4], const Val *b,
                           Val c[][4]) {
  const int bits = p->bits, frags = p->kPerUnit / 16;
  /* signed codes: flip each field's sign bit (offset form) */
  const uint32_t flip = e->d->w == BB_E_SINT && bits > 1 ? 1u << (bits - 1) : 0;
  for (int j = 0; j < frags; ++j) {
    Val a[4];
    for (int r = 0; r < 4; ++r) {
      int wi, pair;
      bitblasDecodeFragmentSlot(p, j, r, &wi, &pair);
      a[r] = fieldPairLop3(e, (unsigned)bits, w[wi], pair, flip, 0, 0x6a, NULL);
    }
    mmaSync(e, a, b[2 * j], b[2 * j + 1], c[j % p->fieldSets]);
  }
}

void bitblasDecodeSetsOnesMma(Emitter *e, const DecodePlan *p, Val b0, Val b1, Val c[4]) {
  /* 1 against b0, 2^b1Shift against the scaled b1 */
  Val o = f16x2PowerOfTwo(e, 0), x = f16x2PowerOfTwo(e, b1Shift(p));
  Val a[4] = {o, o, x, x};
  mmaSync(e, a, b0, b1, c);
}

Val bitblasDecodeSetsActivationSum(Emitter *e, const Val ones[4]) {
  /* Columns 2q, 2q + 1 of row g (all rows are equal): then over the quad. */
  Val x = bin(e, "addf", ones[0], ones[1], "f32");
  for (int o = 1; o <= 2; o *= 2) {
    Val sh = fresh(e), ok = fresh(e);
    OUT("    %s, %s = gpu.shuffle xor %s, %s, %s : f32\n", sh.s, ok.s, x.s, cstI(e, o, "i32").s,
        cstI(e, 32, "i32").s);
    x = bin(e, "addf", x, sh, "f32");
  }
  return x;
}

Val bitblasDecodeSetsCombine(Emitter *e, const DecodePlan *p, Val c[][4], int i, Val asum) {
  Val x = {{0}};
  for (int ch = 0; ch < p->fieldSets; ++ch) {
    /* chain ch holds the fragments j = ch mod fieldSets: same first field */
    const int field = firstField(p, ch) + (i >= 2);
    Val t = bin(e, "mulf", c[ch][i], cstF(e, (double)(1u << (24 - p->bits * field))), "f32");
    x = ch ? bin(e, "addf", x, t, "f32") : t;
  }
  if (p->mult != 1)
    x = bin(e, "mulf", x, cstF(e, p->mult), "f32");
  if (p->off)
    x = fma3(e, cstF(e, -p->off), asum, x);
  return x;
}
