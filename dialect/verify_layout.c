/* bitblas.tile_transform_layout: output[map(i)] = input[i] must move every
 * element to its own place, so `map` has to be a bijection between the two
 * index spaces. IRDL only knows it is an affine map; we evaluate it. */
#include "verify_common.h"

#include "internal.h"

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Exhaustive evaluation up to this many elements (a 512 KiB bitmap, well under
 * a second); weight tiles and kernel layouts are far below it. */
#define kExhaustiveLimit ((int64_t)1 << 22)

static VerifyText tupleText(const int64_t *v, intptr_t n) {
  VerifyText t;
  size_t len = (size_t)snprintf(t.s, sizeof t.s, "(");
  for (intptr_t i = 0; i < n && len < sizeof t.s; ++i)
    len += (size_t)snprintf(t.s + len, sizeof t.s - len, "%s%lld", i ? ", " : "", (long long)v[i]);
  if (len < sizeof t.s)
    snprintf(t.s + len, sizeof t.s - len, ")");
  return t;
}

typedef struct {
  MlirOperation op;
  BitblasAffineProgram prog[kVerifyMaxRank];
  int64_t *stack;
  const VerifyTensor *in, *out;
} Layout;

/* Maps `idx` into `res`, reporting a division by zero or a point outside the
 * result shape; on success `*linear` is the row-major result offset. */
static bool apply(Layout *l, const int64_t *idx, int64_t *res, int64_t *linear) {
  *linear = 0;
  for (intptr_t j = 0; j < l->out->rank; ++j) {
    BitblasAffineEvalStatus status = bitblasAffineProgramEval(&l->prog[j], idx, l->stack, &res[j]);
    if (status == BITBLAS_AFFINE_BAD_DIVISOR) {
      bitblasEmitOpError(l->op, "map has a mod/floordiv/ceildiv by %lld at %s (divisors must be "
                                "positive)",
                         (long long)res[j], tupleText(idx, l->in->rank).s);
      return false;
    }
    if (status == BITBLAS_AFFINE_OVERFLOW) {
      bitblasEmitOpError(l->op, "map overflows 64-bit integers at %s",
                         tupleText(idx, l->in->rank).s);
      return false;
    }
    if (res[j] < 0 || res[j] >= l->out->dims[j]) {
      bitblasEmitOpError(l->op, "map sends %s outside the result shape %s: to %s",
                         tupleText(idx, l->in->rank).s,
                         bitblasVerifyDimsText(l->out->dims, l->out->rank).s,
                         tupleText(res, l->out->rank).s);
      return false;
    }
    *linear = *linear * l->out->dims[j] + res[j];
  }
  return true;
}

/* Odometer step over the input index space; false after the last index. */
static bool next(int64_t *idx, const int64_t *dims, intptr_t rank) {
  for (intptr_t i = rank - 1; i >= 0; --i) {
    if (++idx[i] < dims[i])
      return true;
    idx[i] = 0;
  }
  return false;
}

static bool checkExhaustive(Layout *l, int64_t count) {
  uint8_t *seen = (uint8_t *)calloc((size_t)(count + 7) / 8, 1);
  if (!seen) {
    bitblasEmitOpError(l->op, "out of memory while checking the map");
    return false;
  }
  int64_t idx[kVerifyMaxRank] = {0}, res[kVerifyMaxRank], linear;
  bool ok = true;
  do {
    if (!apply(l, idx, res, &linear)) {
      ok = false;
      break;
    }
    if (seen[linear / 8] & (1u << (linear % 8))) {
      /* Rare path: find the earlier index that landed on the same point. */
      int64_t other[kVerifyMaxRank] = {0}, otherRes[kVerifyMaxRank], otherLinear = -1;
      do {
        apply(l, other, otherRes, &otherLinear);
      } while (otherLinear != linear && next(other, l->in->dims, l->in->rank));
      bitblasEmitOpError(l->op, "map is not injective: %s and %s both map to %s",
                         tupleText(other, l->in->rank).s, tupleText(idx, l->in->rank).s,
                         tupleText(res, l->out->rank).s);
      ok = false;
      break;
    }
    seen[linear / 8] |= (uint8_t)(1u << (linear % 8));
  } while (next(idx, l->in->dims, l->in->rank));
  free(seen);
  return ok;
}

/* Too large to enumerate: only the 2^rank corners are checked against the
 * result bounds. That proves neither injectivity nor, for maps with mod or
 * floordiv (not monotone), the bounds of inner points. */
static bool checkCorners(Layout *l) {
  int64_t idx[kVerifyMaxRank], res[kVerifyMaxRank], linear;
  for (int64_t mask = 0; mask < ((int64_t)1 << l->in->rank); ++mask) {
    for (intptr_t i = 0; i < l->in->rank; ++i)
      idx[i] = (mask >> i) & 1 ? l->in->dims[i] - 1 : 0;
    if (!apply(l, idx, res, &linear))
      return false;
  }
  return true;
}

static bool isStatic(const VerifyTensor *t) {
  for (intptr_t i = 0; i < t->rank; ++i)
    if (bitblasVerifyIsDynamic(t->dims[i]))
      return false;
  return true;
}

/* Element count, or -1 past 2^62. */
static int64_t numElements(const VerifyTensor *t) {
  int64_t n = 1;
  for (intptr_t i = 0; i < t->rank; ++i) {
    if (t->dims[i] != 0 && n > ((int64_t)1 << 62) / t->dims[i])
      return -1;
    n *= t->dims[i];
  }
  return n;
}

static bool verifyMapShape(MlirOperation op, MlirAffineMap map, const VerifyTensor *in,
                           const VerifyTensor *out) {
  if (mlirAffineMapGetNumSymbols(map) != 0) {
    bitblasEmitOpError(op, "map must have no symbols, got %ld",
                       (long)mlirAffineMapGetNumSymbols(map));
    return false;
  }
  if (mlirAffineMapGetNumDims(map) != in->rank) {
    bitblasEmitOpError(op, "map must have %ld dims (the input rank), got %ld", (long)in->rank,
                       (long)mlirAffineMapGetNumDims(map));
    return false;
  }
  if (mlirAffineMapGetNumResults(map) != out->rank) {
    bitblasEmitOpError(op, "map must have %ld results (the result rank), got %ld",
                       (long)out->rank, (long)mlirAffineMapGetNumResults(map));
    return false;
  }
  if (!isStatic(in) || !isStatic(out)) {
    bitblasEmitOpError(op, "input and result must have static shapes, got %s and %s",
                       bitblasVerifyDimsText(in->dims, in->rank).s,
                       bitblasVerifyDimsText(out->dims, out->rank).s);
    return false;
  }
  if (!mlirTypeEqual(in->elem, out->elem)) {
    bitblasEmitOpError(op, "result element type must be the input's '%s', got '%s'",
                       bitblasVerifyTypeText(in->elem).s, bitblasVerifyTypeText(out->elem).s);
    return false;
  }
  int64_t nIn = numElements(in), nOut = numElements(out);
  if (nIn < 0 || nOut < 0) {
    bitblasEmitOpError(op, "input or result has more than 2^62 elements (%s and %s)",
                       bitblasVerifyDimsText(in->dims, in->rank).s,
                       bitblasVerifyDimsText(out->dims, out->rank).s);
    return false;
  }
  if (nIn != nOut) {
    bitblasEmitOpError(op, "input and result must have the same number of elements, got %lld (%s) "
                           "and %lld (%s)",
                       (long long)nIn, bitblasVerifyDimsText(in->dims, in->rank).s,
                       (long long)nOut, bitblasVerifyDimsText(out->dims, out->rank).s);
    return false;
  }
  return true;
}

bool bitblasVerifyTileTransformLayout(MlirOperation op) {
  VerifyTensor in, out;
  if (!bitblasVerifyOneInOneOut(op) ||
      !bitblasVerifyTensor(op, mlirOperationGetOperand(op, 0), "input", -1, &in) ||
      !bitblasVerifyTensor(op, mlirOperationGetResult(op, 0), "result", -1, &out) ||
      !bitblasVerifyScopeAttr(op))
    return false;
  MlirAttribute mapAttr = bitblasGetAttr(op, "map");
  if (mlirAttributeIsNull(mapAttr) || !mlirAttributeIsAAffineMap(mapAttr)) {
    bitblasEmitOpError(op, "needs an affine map attribute 'map', got %s",
                       bitblasVerifyAttrText(mapAttr).s);
    return false;
  }
  MlirAffineMap map = mlirAffineMapAttrGetValue(mapAttr);
  if (!verifyMapShape(op, map, &in, &out))
    return false;
  int64_t count = numElements(&in);
  if (count == 0)
    return true;
  Layout l = {.op = op, .in = &in, .out = &out};
  size_t maxLen = 1;
  bool ok = true;
  for (intptr_t j = 0; j < out.rank; ++j) {
    ok = bitblasAffineProgramCompile(&l.prog[j], mlirAffineMapGetResult(map, j)) && ok;
    if (l.prog[j].len > maxLen)
      maxLen = l.prog[j].len;
  }
  l.stack = ok ? (int64_t *)malloc(maxLen * sizeof(int64_t)) : NULL;
  if (!l.stack) {
    bitblasEmitOpError(op, "cannot evaluate map %s", bitblasVerifyAttrText(mapAttr).s);
    ok = false;
  } else {
    ok = count <= kExhaustiveLimit ? checkExhaustive(&l, count) : checkCorners(&l);
  }
  free(l.stack);
  for (intptr_t j = 0; j < out.rank; ++j)
    bitblasAffineProgramFree(&l.prog[j]);
  return ok;
}
