/* Weight-only quantization as frontends write it: a linalg body that turns an
 * integer code into a float, then maybe subtracts a zero and scales. The
 * accepted forms, with q an integer input and T the float type:
 *
 *   conv(q)           = [u|s]itofp([extui|extsi](q)) or [u|s]itofp(q)
 *   W' = conv(q) * s                                  zeros_mode none
 *   W' = (conv(q) - z) * s        z : T               original
 *   W' = (conv(q) - conv(zq)) * s zq: int code        quantized (--lower-quant-ops)
 *   W' = sitofp(ext(q) - ext(zq)) * s                 quantized
 *   W' = conv(q) * s - z          z : T               rescale
 *   W' = conv(q)                                      no scale
 *
 * Multiplications match in either operand order. Zeros need unsigned codes
 * (docs/semantics.md); a signed code with an all-zero constant zero point (a
 * symmetric per-axis quant type) drops the zero instead. */
#include "normalize.h"

#include "mlir-c/BuiltinTypes.h"

typedef struct {
  MlirOperation op;
  MlirBlock body;
  intptr_t numInputs;
  NormOpSet *matched;
} Ctx;

static bool consume(Ctx *c, MlirOperation op) { return normOpSetAdd(c->matched, op); }

/* An input of the op read as a scalar of type `t` inside the body. */
static int inputArg(Ctx *c, MlirValue v) {
  int i = normBlockArgIndex(c->body, v);
  return (i >= 0 && i < c->numInputs) ? i : -1;
}

/* conv(q). Sets the code leaf and its signedness. */
static bool matchConv(Ctx *c, MlirValue v, int *codeArg, bool *isUnsigned) {
  MlirOperation d = normDef(v);
  bool ui = normOpIs(d, "arith.uitofp"), si = normOpIs(d, "arith.sitofp");
  if (!ui && !si)
    return false;
  MlirValue x = mlirOperationGetOperand(d, 0);
  MlirOperation e = normDef(x);
  bool unsignedCode = ui;
  if (normOpIs(e, "arith.extui") || normOpIs(e, "arith.extsi")) {
    bool zext = normOpIs(e, "arith.extui");
    /* uitofp of a sign-extended code reads negatives as huge values: not a decode. */
    if (!zext && ui)
      return false;
    unsignedCode = zext;
    if (!consume(c, e))
      return false;
    x = mlirOperationGetOperand(e, 0);
  }
  int i = inputArg(c, x);
  if (i < 0)
    return false;
  unsigned bits = normIntWidth(mlirValueGetType(x));
  /* i1 means {-1, +1} in bitblas, not two's complement {0, -1}. */
  if (bits == 0 || bits > 8 || (!unsignedCode && bits < 2))
    return false;
  *codeArg = i;
  *isUnsigned = unsignedCode;
  return consume(c, d);
}

/* sitofp(ext(q) - ext(zq)): the zero subtracted as integers before conversion. */
static bool matchIntCentered(Ctx *c, MlirValue v, NormWeightExpr *w) {
  MlirOperation d = normDef(v), sub;
  if (!normOpIs(d, "arith.sitofp") || !normDefIs(mlirOperationGetOperand(d, 0), "arith.subi", &sub))
    return false;
  MlirOperation eq = normDef(mlirOperationGetOperand(sub, 0));
  MlirOperation ez = normDef(mlirOperationGetOperand(sub, 1));
  /* Both zero-extended, to a type wide enough that q - zq cannot wrap. */
  if (!normOpIs(eq, "arith.extui") || !normOpIs(ez, "arith.extui"))
    return false;
  MlirValue q = mlirOperationGetOperand(eq, 0), zq = mlirOperationGetOperand(ez, 0);
  unsigned qb = normIntWidth(mlirValueGetType(q)), zb = normIntWidth(mlirValueGetType(zq));
  unsigned wide = normIntWidth(mlirValueGetType(mlirOperationGetResult(sub, 0)));
  int qi = inputArg(c, q), zi = inputArg(c, zq);
  if (qi < 0 || zi < 0 || qb == 0 || qb > 8 || zb != qb || wide <= qb)
    return false;
  w->code = (NormLeaf){c->op, qi};
  w->codeUnsigned = true;
  w->zeros = (NormLeaf){c->op, zi};
  w->mode = BITBLAS_ZEROS_QUANTIZED;
  return consume(c, d) && consume(c, sub) && consume(c, eq) && consume(c, ez);
}

/* conv(q), conv(q) - z or conv(q) - conv(zq): the code before scaling. */
static bool matchCentered(Ctx *c, MlirValue v, NormWeightExpr *w) {
  int qi;
  bool uq;
  if (matchConv(c, v, &qi, &uq)) {
    w->code = (NormLeaf){c->op, qi};
    w->codeUnsigned = uq;
    w->mode = BITBLAS_ZEROS_NONE;
    return true;
  }
  if (matchIntCentered(c, v, w))
    return true;
  MlirOperation sub;
  if (!normDefIs(v, "arith.subf", &sub) || !matchConv(c, mlirOperationGetOperand(sub, 0), &qi, &uq))
    return false;
  MlirValue z = mlirOperationGetOperand(sub, 1);
  w->code = (NormLeaf){c->op, qi};
  w->codeUnsigned = uq;
  int zi = inputArg(c, z), zqi;
  bool uz;
  if (zi >= 0) {
    w->zeros = (NormLeaf){c->op, zi};
    w->mode = BITBLAS_ZEROS_ORIGINAL;
  } else if (matchConv(c, z, &zqi, &uz)) {
    MlirValue zOperand = mlirOperationGetOperand(c->op, zqi);
    if (uq && uz) {
      /* Small integers are exact in every float type, so the float
       * subtraction equals the integer one: the quantized mode. */
      w->zeros = (NormLeaf){c->op, zqi};
      w->mode = BITBLAS_ZEROS_QUANTIZED;
    } else if (!uq && !uz && normIsAllZeroIntConstant(zOperand)) {
      w->mode = BITBLAS_ZEROS_NONE;
    } else {
      return false;
    }
  } else {
    return false;
  }
  if (w->mode != BITBLAS_ZEROS_NONE && !uq)
    return false;
  return consume(c, sub);
}

/* mulf(x, s) with s a float input: returns x. */
static bool matchScaled(Ctx *c, MlirValue v, NormWeightExpr *w, MlirValue *rest) {
  MlirOperation mul;
  if (!normDefIs(v, "arith.mulf", &mul))
    return false;
  for (int side = 0; side < 2; ++side) {
    MlirValue s = mlirOperationGetOperand(mul, side);
    int si = inputArg(c, s);
    if (si < 0)
      continue;
    w->scale = (NormLeaf){c->op, si};
    *rest = mlirOperationGetOperand(mul, 1 - side);
    return consume(c, mul);
  }
  return false;
}

bool normMatchDequant(MlirOperation op, MlirValue v, NormWeightExpr *w, NormOpSet *matched) {
  Ctx c = {op, normBody(op), mlirOperationGetNumOperands(op) - 1, matched};
  if (mlirBlockIsNull(c.body) || !mlirTypeIsAFloat(mlirValueGetType(v)))
    return false;
  w->quantized = true;
  w->valueType = mlirValueGetType(v);
  w->scale = w->zeros = (NormLeaf){op, -1};
  MlirValue rest;
  MlirOperation sub;
  /* q * s - z: the rescale form. */
  if (normDefIs(v, "arith.subf", &sub) && inputArg(&c, mlirOperationGetOperand(sub, 1)) >= 0 &&
      matchScaled(&c, mlirOperationGetOperand(sub, 0), w, &rest)) {
    int qi;
    bool uq;
    if (!matchConv(&c, rest, &qi, &uq) || !uq)
      return false;
    w->code = (NormLeaf){op, qi};
    w->codeUnsigned = true;
    w->zeros = (NormLeaf){op, inputArg(&c, mlirOperationGetOperand(sub, 1))};
    w->mode = BITBLAS_ZEROS_RESCALE;
    return consume(&c, sub);
  }
  if (matchScaled(&c, v, w, &rest))
    return matchCentered(&c, rest, w);
  /* Without a scale only the bare decode is a bitblas weight. */
  return matchCentered(&c, v, w) && w->mode == BITBLAS_ZEROS_NONE;
}

/* ---- Resolving leaves to [N, K] operands ---- */

typedef struct {
  MlirValue value;
  bool transpose;  /* stored [K-ish, N]: transpose to [N, K-ish] */
  bool appendUnit; /* stored [N]: reshape to [N, 1] */
  int64_t group;   /* G; K for per-channel */
} ParamPlan;

static bool accessesOf(NormLeaf leaf, const NormRole *roles, NormAccess *acc, intptr_t *n) {
  MlirAffineMap m = normIndexingMap(leaf.op, leaf.operand);
  if (mlirAffineMapIsNull(m) || mlirAffineMapGetNumResults(m) > 2 ||
      mlirAffineMapGetNumSymbols(m) != 0)
    return false;
  *n = mlirAffineMapGetNumResults(m);
  for (intptr_t i = 0; i < *n; ++i)
    acc[i] = normClassifyExpr(mlirAffineMapGetResult(m, i), roles, mlirAffineMapGetNumDims(m));
  return true;
}

/* A scale or zeros operand read at [n, k floordiv G] (or a variant). */
static bool planParam(NormLeaf leaf, const NormRole *roles, int64_t n, int64_t k, ParamPlan *p) {
  NormAccess acc[2];
  intptr_t nr;
  if (!accessesOf(leaf, roles, acc, &nr))
    return false;
  p->value = mlirOperationGetOperand(leaf.op, leaf.operand);
  p->transpose = p->appendUnit = false;
  MlirType t = mlirValueGetType(p->value);
  if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t) ||
      mlirShapedTypeGetRank(t) != nr)
    return false;
  NormAccess kAcc;
  if (nr == 1) {
    if (acc[0].kind != NORM_ACC_N)
      return false;
    p->appendUnit = true;
    p->group = k;
    return mlirShapedTypeGetDimSize(t, 0) == n;
  }
  if (nr != 2)
    return false;
  if (acc[0].kind == NORM_ACC_N) {
    kAcc = acc[1];
  } else if (acc[1].kind == NORM_ACC_N) {
    kAcc = acc[0];
    p->transpose = true;
  } else {
    return false;
  }
  switch (kAcc.kind) {
  case NORM_ACC_ZERO: p->group = k; break;
  case NORM_ACC_K: p->group = 1; break;
  case NORM_ACC_KGROUP: p->group = kAcc.group; break;
  default: return false;
  }
  if (p->group <= 0 || k % p->group != 0)
    return false;
  /* The tensor must hold exactly the [N, K/G] values the map reads. */
  int64_t rows = mlirShapedTypeGetDimSize(t, p->transpose ? 1 : 0);
  int64_t cols = mlirShapedTypeGetDimSize(t, p->transpose ? 0 : 1);
  return rows == n && cols == k / p->group;
}

static MlirValue buildParam(MlirOperation before, const ParamPlan *p) {
  MlirValue v = p->value;
  if (p->transpose)
    v = normBuildTranspose2D(before, v);
  if (!mlirValueIsNull(v) && p->appendUnit)
    v = normBuildAppendUnitDim(before, v);
  return v;
}

static MlirType unsignedOfWidth(MlirType t) {
  return mlirIntegerTypeUnsignedGet(mlirTypeGetContext(t), mlirIntegerTypeGetWidth(t));
}

bool normResolveWeight(const NormWeightExpr *w, const NormRole *roles, MlirOperation before,
                       NormWeightOperands *out) {
  NormAccess acc[2];
  intptr_t nr;
  if (!accessesOf(w->code, roles, acc, &nr) || nr != 2)
    return false;
  bool transposeW;
  if (acc[0].kind == NORM_ACC_N && acc[1].kind == NORM_ACC_K)
    transposeW = false;
  else if (acc[0].kind == NORM_ACC_K && acc[1].kind == NORM_ACC_N)
    transposeW = true;
  else
    return false;
  MlirValue wv = mlirOperationGetOperand(w->code.op, w->code.operand);
  MlirType wt = mlirValueGetType(wv);
  if (!mlirTypeIsARankedTensor(wt) || mlirShapedTypeGetRank(wt) != 2 ||
      !mlirShapedTypeHasStaticShape(wt))
    return false;
  int64_t n = mlirShapedTypeGetDimSize(wt, transposeW ? 1 : 0);
  int64_t k = mlirShapedTypeGetDimSize(wt, transposeW ? 0 : 1);
  MlirType welem = mlirShapedTypeGetElementType(wt);
  if (w->quantized != normIsIntType(welem))
    return false;

  ParamPlan scale = {{NULL}, false, false, 0}, zeros = scale;
  bool hasScale = w->scale.operand >= 0, hasZeros = w->zeros.operand >= 0;
  if (hasScale && !planParam(w->scale, roles, n, k, &scale))
    return false;
  if (hasZeros && (!planParam(w->zeros, roles, n, k, &zeros) || zeros.group != scale.group))
    return false;
  if (hasScale && !mlirTypeEqual(normElemType(mlirValueGetType(scale.value)), w->valueType))
    return false;
  if (hasZeros) {
    MlirType ze = normElemType(mlirValueGetType(zeros.value));
    bool ok = w->mode == BITBLAS_ZEROS_QUANTIZED ? normIntWidth(ze) == normIntWidth(welem)
                                                 : mlirTypeEqual(ze, w->valueType);
    if (!ok)
      return false;
  }

  /* Everything is understood: build. */
  MlirValue wOut = transposeW ? normBuildTranspose2D(before, wv) : wv;
  if (!mlirValueIsNull(wOut) && w->quantized && w->codeUnsigned)
    wOut = normBuildBitcast(before, wOut, unsignedOfWidth(welem));
  MlirValue sOut = hasScale ? buildParam(before, &scale) : (MlirValue){NULL};
  MlirValue zOut = hasZeros ? buildParam(before, &zeros) : (MlirValue){NULL};
  if (!mlirValueIsNull(zOut) && w->mode == BITBLAS_ZEROS_QUANTIZED)
    zOut = normBuildBitcast(before, zOut, unsignedOfWidth(normElemType(mlirValueGetType(zOut))));
  if (mlirValueIsNull(wOut) || (hasScale && mlirValueIsNull(sOut)) ||
      (hasZeros && mlirValueIsNull(zOut)))
    return false;
  out->w = wOut;
  out->scale = sOut;
  out->zeros = zOut;
  out->groupSize = (!hasScale || scale.group == k) ? 0 : scale.group;
  out->n = n;
  out->k = k;
  return true;
}
