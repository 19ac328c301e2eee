/* The weight layouts as affine maps (bitblas-c/Layout.h). Each is the index
 * function of the runtime's storage (runtime/src/transform.c), written with
 * floordiv and mod so that bitblas.tile_transform_layout can carry it and the
 * verifier and bitblas-fold-layouts can evaluate it; test/capi checks the two
 * agree element by element. */
#include "bitblas-c/Layout.h"
#include "internal.h"

#include "mlir-c/AffineExpr.h"

#include <string.h>

typedef struct {
  MlirContext ctx;
} B;

static MlirAffineExpr c(B *b, int64_t v) { return mlirAffineConstantExprGet(b->ctx, v); }
static MlirAffineExpr add(MlirAffineExpr x, MlirAffineExpr y) { return mlirAffineAddExprGet(x, y); }
static MlirAffineExpr mul(B *b, MlirAffineExpr x, int64_t v) {
  return mlirAffineMulExprGet(x, c(b, v));
}
static MlirAffineExpr mod(B *b, MlirAffineExpr x, int64_t v) {
  return mlirAffineModExprGet(x, c(b, v));
}
static MlirAffineExpr fdiv(B *b, MlirAffineExpr x, int64_t v) {
  return mlirAffineFloorDivExprGet(x, c(b, v));
}

static bool nameIs(MlirStringRef s, const char *name) {
  return s.length == strlen(name) && memcmp(s.data, name, s.length) == 0;
}

/* Inside each 32-bit word of F fields, element p sits in field p / 2, or
 * F / 2 + p / 2 for odd p. */
static MlirAffineExpr interleave32(B *b, MlirAffineExpr n, MlirAffineExpr k, int64_t K,
                                   int64_t fields) {
  MlirAffineExpr p = mod(b, k, fields);
  MlirAffineExpr field = add(fdiv(b, p, 2), mul(b, mod(b, p, 2), fields / 2));
  return add(add(mul(b, n, K), mul(b, fdiv(b, k, fields), fields)), field);
}

/* 2- and 1-bit weights: 8 k (16 bytes of f16 activations), so the four
 * quads of an activation row read 64 contiguous bytes per warp load; wider
 * weights: the quarter (kPU / 4 k), already within one 128-byte line. */
int bitblasFrag16ChunkK(int bits) { return bits <= 2 ? 8 : 256 / bits / 4; }

/* 1-bit weights: 16 k (16 bytes of int8 activations); wider: the quarter. */
int bitblasFrag8ChunkK(int bits) { return bits == 1 ? 16 : 256 / bits / 4; }

/* 16-row tiles of 512-byte units; lane 4g + q holds rows g, g + 8 for quad q
 * of the unit's k range (its chunks of C k: q, q + 4, ..; C = 8 for 2- and
 * 1-bit weights, else kPU / 4, the quad's quarter of the range);
 * element pairs (g: k0,k1) (g+8: k0,k1) (g: k2,k3)
 * (g+8: k2,k3) per 4 k; pair p of a word in fields p and p + F/2. */
static MlirAffineExpr frag16(B *b, MlirAffineExpr n, MlirAffineExpr k, int64_t K, int64_t bits) {
  const int64_t fields = 32 / bits, half = fields / 2, kpu = 256 / bits, units = K * bits / 256;
  const int64_t chunk = bitblasFrag16ChunkK((int)bits);
  MlirAffineExpr r = mod(b, n, 16), kk = mod(b, k, kpu);
  MlirAffineExpr q = mod(b, fdiv(b, kk, chunk), 4);
  MlirAffineExpr w = add(mul(b, fdiv(b, kk, 4 * chunk), chunk), mod(b, kk, chunk));
  MlirAffineExpr pair =
      add(add(mul(b, fdiv(b, w, 4), 4), mul(b, fdiv(b, mod(b, w, 4), 2), 2)), fdiv(b, r, 8));
  MlirAffineExpr lane = add(mul(b, mod(b, r, 8), 4), q);
  MlirAffineExpr unit = add(mul(b, fdiv(b, n, 16), units), fdiv(b, k, kpu));
  MlirAffineExpr field = add(mod(b, pair, half), mul(b, mod(b, w, 2), half));
  return add(add(mul(b, add(mul(b, unit, 32), lane), 128 / bits), mul(b, fdiv(b, pair, half), fields)),
             field);
}

/* frag16's lanes and units for int8 mma.m16n8k32 (1-bit weights: the lane
 * quad's k are the unit's 16-k chunks t, t + 4, ..): byte e of word
 * 2 (q % 2) + hi holds k = 8 q + 4 hi + e of the lane's k, in field
 * 2 (q / 2) + r / 8, so masking one field of a word gives 4 consecutive k of
 * one row. */
static MlirAffineExpr frag8(B *b, MlirAffineExpr n, MlirAffineExpr k, int64_t K, int64_t bits) {
  const int64_t fields = 8 / bits, kpu = 256 / bits, units = K * bits / 256;
  const int64_t chunk = bitblasFrag8ChunkK((int)bits);
  MlirAffineExpr r = mod(b, n, 16), kk = mod(b, k, kpu);
  MlirAffineExpr rem = add(mul(b, fdiv(b, kk, 4 * chunk), chunk), mod(b, kk, chunk));
  MlirAffineExpr q = fdiv(b, rem, 8);
  MlirAffineExpr lane = add(mul(b, mod(b, r, 8), 4), mod(b, fdiv(b, kk, chunk), 4));
  MlirAffineExpr word = add(mul(b, mod(b, q, 2), 2), fdiv(b, mod(b, rem, 8), 4));
  MlirAffineExpr f = add(mul(b, fdiv(b, q, 2), 2), fdiv(b, r, 8));
  MlirAffineExpr unit = add(mul(b, fdiv(b, n, 16), units), fdiv(b, k, kpu));
  return add(add(mul(b, add(mul(b, unit, 32), lane), 128 / bits), mul(b, word, 32 / bits)),
             add(mul(b, mod(b, rem, 4), fields), f));
}

MlirAffineMap bitblasWeightLayoutGetMap(MlirContext ctx, MlirStringRef layout, int64_t n,
                                       int64_t k, unsigned bits) {
  MlirAffineMap none = {NULL};
  if (n <= 0 || k <= 0 || bits == 0 || bits > 16)
    return none;
  B b = {ctx};
  MlirAffineExpr d0 = mlirAffineDimExprGet(ctx, 0), d1 = mlirAffineDimExprGet(ctx, 1), s;
  bool wordBits = bits == 1 || bits == 2 || bits == 4 || bits == 8 || bits == 16;
  if (nameIs(layout, "packed"))
    s = add(mul(&b, d0, k), d1);
  else if (nameIs(layout, "interleave32") && wordBits && (k * bits) % 32 == 0)
    s = interleave32(&b, d0, d1, k, 32 / bits);
  else if (nameIs(layout, "frag16") && wordBits && n % 16 == 0 && (k * bits) % 256 == 0)
    s = frag16(&b, d0, d1, k, bits);
  else if (nameIs(layout, "frag8") && (bits == 1 || bits == 2 || bits == 4) && n % 16 == 0 &&
           (k * bits) % 256 == 0)
    s = frag8(&b, d0, d1, k, bits);
  else
    return none;
  return mlirAffineMapGet(ctx, 2, 0, 1, &s);
}
