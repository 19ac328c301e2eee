/* Affine maps compiled to postfix and evaluated at integer points: the
 * bijection check of bitblas.tile_transform_layout and the folding of layout
 * transforms on constants (bitblas-fold-layouts) walk millions of points, and
 * walking the C API expression tree for each would dominate. */
#include "internal.h"

#include "mlir-c/AffineExpr.h"

#include <stdlib.h>

typedef enum { kDim, kConst, kAdd, kMul, kMod, kFloorDiv, kCeilDiv } InstrKind;
struct BitblasAffineInstr {
  InstrKind kind;
  int64_t value; /* dim position or constant */
};
typedef struct BitblasAffineInstr Instr;

static void emit(BitblasAffineProgram *p, InstrKind kind, int64_t value) {
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

static void compile(BitblasAffineProgram *p, MlirAffineExpr e) {
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
    p->unsupported = true; /* symbols */
    return;
  }
  compile(p, mlirAffineBinaryOpExprGetLHS(e));
  compile(p, mlirAffineBinaryOpExprGetRHS(e));
  emit(p, kind, 0);
}

bool bitblasAffineProgramCompile(BitblasAffineProgram *p, MlirAffineExpr e) {
  *p = (BitblasAffineProgram){0};
  compile(p, e);
  return !p->oom && !p->unsupported;
}

void bitblasAffineProgramFree(BitblasAffineProgram *p) {
  free(p->code);
  *p = (BitblasAffineProgram){0};
}

static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

BitblasAffineEvalStatus bitblasAffineProgramEval(const BitblasAffineProgram *p,
                                                 const int64_t *idx, int64_t *stack,
                                                 int64_t *result) {
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
      return BITBLAS_AFFINE_BAD_DIVISOR;
    }
    switch (in.kind) {
    case kAdd:
      if (__builtin_add_overflow(a, b, &r))
        return BITBLAS_AFFINE_OVERFLOW;
      break;
    case kMul:
      if (__builtin_mul_overflow(a, b, &r))
        return BITBLAS_AFFINE_OVERFLOW;
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
        return BITBLAS_AFFINE_OVERFLOW;
      r = -floorDiv(-a, b);
      break;
    }
    stack[sp - 1] = r;
  }
  *result = sp == 1 ? stack[0] : 0;
  return BITBLAS_AFFINE_OK;
}
