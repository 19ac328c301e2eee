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

/* Each result expression compiled once into postfix, since walking the C API
 * expression tree for each of millions of points would dominate the verifier. */
typedef enum { kDim, kConst, kAdd, kMul, kMod, kFloorDiv, kCeilDiv } InstrKind;
typedef struct {
  InstrKind kind;
  int64_t value; /* dim position or constant */
} Instr;
typedef struct {
  Instr *code;
  size_t len, cap;
  bool oom, unsupported;
} Program;

static void emit(Program *p, InstrKind kind, int64_t value) {
  if (p->oom)
    return;
  if (p->len == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 32;
    Instr *grown = (Instr *)realloc(p->code, cap * sizeof *grown);
    if (!grown) {
      p->oom = true;
      return;
    }
    p->code = grown;
    p->cap = cap;
  }
  p->code[p->len++] = (Instr){kind, value};
}

static void compile(Program *p, MlirAffineExpr e) {
  if (mlirAffineExprIsADim(e)) {
    emit(p, kDim, (int64_t)mlirAffineDimExprGetPosition(e));
    return;
  }
  if (mlirAffineExprIsAConstant(e)) {
    emit(p, kConst, mlirAffineConstantExprGetValue(e));
    return;
  }
  InstrKind kind;
  if (mlirAffineExprIsAAdd(e))
    kind = kAdd;
  else if (mlirAffineExprIsAMul(e))
    kind = kMul;
  else if (mlirAffineExprIsAMod(e))
    kind = kMod;
  else if (mlirAffineExprIsAFloorDiv(e))
    kind = kFloorDiv;
  else if (mlirAffineExprIsACeilDiv(e))
    kind = kCeilDiv;
  else {
    p->unsupported = true; /* symbols: rejected before compiling */
    return;
  }
  compile(p, mlirAffineBinaryOpExprGetLHS(e));
  compile(p, mlirAffineBinaryOpExprGetRHS(e));
  emit(p, kind, 0);
}

static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

typedef enum { kEvalOk, kEvalBadDivisor, kEvalOverflow } EvalStatus;

/* Evaluates one compiled expression at `idx`. A divisor <= 0 is an error, left
 * in `*result` (MLIR defines mod, floordiv and ceildiv for positive divisors
 * only). `stack` holds at least p->len entries. */
static EvalStatus eval(const Program *p, const int64_t *idx, int64_t *stack, int64_t *result) {
  size_t sp = 0;
  for (size_t i = 0; i < p->len; ++i) {
    Instr in = p->code[i];
    if (in.kind == kDim) {
      stack[sp++] = idx[in.value];
      continue;
    }
    if (in.kind == kConst) {
      stack[sp++] = in.value;
      continue;
    }
    int64_t b = stack[--sp], a = stack[sp - 1], r;
    if ((in.kind == kMod || in.kind == kFloorDiv || in.kind == kCeilDiv) && b <= 0) {
      *result = b;
      return kEvalBadDivisor;
    }
    switch (in.kind) {
    case kAdd:
      if (__builtin_add_overflow(a, b, &r))
        return kEvalOverflow;
      break;
    case kMul:
      if (__builtin_mul_overflow(a, b, &r))
        return kEvalOverflow;
      break;
    case kMod: /* in [0, b): cannot overflow */
      r = a % b;
      r = r < 0 ? r + b : r;
      break;
    case kFloorDiv:
      r = floorDiv(a, b);
      break;
    default: /* ceildiv; b > 0, so only a == INT64_MIN could overflow the negation */
      if (a == INT64_MIN)
        return kEvalOverflow;
      r = -floorDiv(-a, b);
      break;
    }
    stack[sp - 1] = r;
  }
  *result = sp == 1 ? stack[0] : 0;
  return kEvalOk;
}

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
  Program prog[kVerifyMaxRank];
  int64_t *stack;
  const VerifyTensor *in, *out;
} Layout;

/* Maps `idx` into `res`, reporting a division by zero or a point outside the
 * result shape; on success `*linear` is the row-major result offset. */
static bool apply(Layout *l, const int64_t *idx, int64_t *res, int64_t *linear) {
  *linear = 0;
  for (intptr_t j = 0; j < l->out->rank; ++j) {
    EvalStatus status = eval(&l->prog[j], idx, l->stack, &res[j]);
    if (status == kEvalBadDivisor) {
      bitblasEmitOpError(l->op, "map has a mod/floordiv/ceildiv by %lld at %s (divisors must be "
                                "positive)",
                         (long long)res[j], tupleText(idx, l->in->rank).s);
      return false;
    }
    if (status == kEvalOverflow) {
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
    compile(&l.prog[j], mlirAffineMapGetResult(map, j));
    ok = ok && !l.prog[j].oom && !l.prog[j].unsupported;
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
    free(l.prog[j].code);
  return ok;
}
