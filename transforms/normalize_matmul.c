/* Contractions -> bitblas.matmul. One matcher serves linalg.matmul (NN and NT
 * through indexing_maps), batch_matmul with a weight shared by the batch,
 * quantized_matmul with zero zero-points and linalg.generic contractions,
 * because all of them carry a body: we read the loops from the indexing maps
 * and the arithmetic from the body, never from the op's name.
 *
 * Body: yield(acc + act(a) * weight), where act is an optional widening of the
 * activation and weight is either a widening of a float/int weight operand,
 * that operand's dequantizing producer generic (two-op form), or a
 * dequantization inline (fused form, normalize_dequant.c).
 *
 * Not raised (left as is): per-batch weights (bitblas.matmul is a 2-D,
 * weight-stationary op; slicing a batch into matmuls is a job for a later
 * tiling pass), transposed activations or outputs, activations other than
 * f16/bf16/i8, accumulation in a type bitblas does not offer, non-zero
 * quantized_matmul zero points, and any body with an op we do not model. */
#include "bitblas-c/Ops.h"
#include "normalize.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

typedef struct {
  MlirOperation op;
  MlirBlock body;
  intptr_t numInputs, numDims;
  NormRole roles[kNormMaxDims];
  bool batch;
  int aIndex;
  MlirType aElem, accType;
  NormWeightExpr weight;
  NormRole weightRoles[kNormMaxDims]; /* roles of weight.code.op's dims */
  MlirOperation producer;             /* dequantizing generic, two-op form */
  NormOpSet matched, producerMatched;
} Contraction;

static bool isCandidateName(MlirOperation op) {
  return normOpIs(op, "linalg.matmul") || normOpIs(op, "linalg.batch_matmul") ||
         normOpIs(op, "linalg.quantized_matmul") || normOpIs(op, "linalg.generic");
}

/* Loops from the output map: (m, n) or (b, m, n), plus one reduction k. */
static bool matchLoops(Contraction *c) {
  MlirAffineMap out = normIndexingMap(c->op, c->numInputs);
  if (mlirAffineMapIsNull(out))
    return false;
  intptr_t nd = mlirAffineMapGetNumDims(out), nr = mlirAffineMapGetNumResults(out);
  if ((nr != 2 && nr != 3) || nd != nr + 1 || mlirAffineMapGetNumSymbols(out) != 0)
    return false;
  c->numDims = nd;
  c->batch = nr == 3;
  static const NormRole outRoles2[] = {NORM_ROLE_M, NORM_ROLE_N};
  static const NormRole outRoles3[] = {NORM_ROLE_BATCH, NORM_ROLE_M, NORM_ROLE_N};
  for (intptr_t d = 0; d < nd; ++d)
    c->roles[d] = NORM_ROLE_K;
  for (intptr_t i = 0; i < nr; ++i) {
    MlirAffineExpr e = mlirAffineMapGetResult(out, i);
    if (!mlirAffineExprIsADim(e) || c->roles[mlirAffineDimExprGetPosition(e)] != NORM_ROLE_K)
      return false;
    c->roles[mlirAffineDimExprGetPosition(e)] = c->batch ? outRoles3[i] : outRoles2[i];
  }
  for (intptr_t d = 0; d < nd; ++d) {
    bool known, red = normIteratorIsReduction(c->op, d, &known);
    if (known && red != (c->roles[d] == NORM_ROLE_K))
      return false;
  }
  return true;
}

/* An operand's map, exactly the given accesses. */
static bool mapIs(Contraction *c, intptr_t operand, const NormAccessKind *want, intptr_t n) {
  MlirAffineMap m = normIndexingMap(c->op, operand);
  if (mlirAffineMapIsNull(m) || mlirAffineMapGetNumResults(m) != n)
    return false;
  for (intptr_t i = 0; i < n; ++i)
    if (normClassifyExpr(mlirAffineMapGetResult(m, i), c->roles, c->numDims).kind != want[i])
      return false;
  return true;
}

/* A scalar operand (quantized_matmul's zero point) that is the constant 0. */
static bool isZeroScalarArg(Contraction *c, MlirValue v) {
  int i = normBlockArgIndex(c->body, v);
  if (i < 0 || i >= c->numInputs)
    return false;
  MlirValue operand = mlirOperationGetOperand(c->op, i);
  return !mlirTypeIsAShaped(mlirValueGetType(operand)) && normIsZeroConstant(operand);
}

/* Strips `x - zp` with a zero zp (quantized_matmul), consuming the subtraction. */
static MlirValue stripZeroPoint(Contraction *c, MlirValue v) {
  MlirOperation sub;
  if (normDefIs(v, "arith.subi", &sub) && isZeroScalarArg(c, mlirOperationGetOperand(sub, 1)) &&
      normOpSetAdd(&c->matched, sub))
    return mlirOperationGetOperand(sub, 0);
  return v;
}

/* act(a): a, extf(a) or extsi(a) [- 0], with `a` read at [m, k] / [b, m, k]. */
static bool matchActivation(Contraction *c, MlirValue v) {
  bool isInt = normIsIntType(c->accType);
  if (isInt)
    v = stripZeroPoint(c, v);
  MlirOperation ext = normDef(v);
  if (normOpIs(ext, isInt ? "arith.extsi" : "arith.extf")) {
    if (!normOpSetAdd(&c->matched, ext))
      return false;
    v = mlirOperationGetOperand(ext, 0);
  } else if (!mlirOperationIsNull(ext)) {
    return false;
  }
  int i = normBlockArgIndex(c->body, v);
  if (i < 0 || i >= c->numInputs)
    return false;
  static const NormAccessKind mk[] = {NORM_ACC_M, NORM_ACC_K};
  static const NormAccessKind bmk[] = {NORM_ACC_BATCH, NORM_ACC_M, NORM_ACC_K};
  if (!(c->batch ? mapIs(c, i, bmk, 3) : mapIs(c, i, mk, 2)))
    return false;
  MlirType t = mlirValueGetType(v);
  bool ok = isInt ? (normIntWidth(t) == 8 && normIntWidth(c->accType) == 32)
                  : (mlirTypeIsAF16(t) || mlirTypeIsABF16(t));
  /* f16 products may accumulate in f16 or f32, bf16 ones only in f32. */
  if (!isInt && !(mlirTypeIsAF32(c->accType) || (mlirTypeIsAF16(c->accType) && mlirTypeIsAF16(t))))
    ok = false;
  c->aIndex = i;
  c->aElem = t;
  return ok;
}

/* Roles of the weight tensor's dims, from the contraction's map for it. */
static bool weightTensorRoles(Contraction *c, intptr_t operand, NormRole *tensorRoles) {
  MlirAffineMap m = normIndexingMap(c->op, operand);
  if (mlirAffineMapIsNull(m) || mlirAffineMapGetNumResults(m) != 2)
    return false;
  for (intptr_t t = 0; t < 2; ++t) {
    NormAccess a = normClassifyExpr(mlirAffineMapGetResult(m, t), c->roles, c->numDims);
    if (a.kind == NORM_ACC_N)
      tensorRoles[t] = NORM_ROLE_N;
    else if (a.kind == NORM_ACC_K)
      tensorRoles[t] = NORM_ROLE_K;
    else
      return false;
  }
  return tensorRoles[0] != tensorRoles[1];
}

/* The two-op form: operand `operand` is the result of an all-parallel generic
 * that dequantizes and never reads its init. */
static bool matchProducer(Contraction *c, intptr_t operand) {
  MlirOperation p = normDef(mlirOperationGetOperand(c->op, operand));
  if (!normOpIs(p, "linalg.generic") || mlirOperationGetNumResults(p) != 1 ||
      mlirOperationGetNumOperands(p) < 2)
    return false;
  intptr_t pInputs = mlirOperationGetNumOperands(p) - 1;
  MlirBlock body = normBody(p);
  if (mlirBlockIsNull(body) || !normHasNoUse(mlirBlockGetArgument(body, pInputs)))
    return false;
  NormRole tensorRoles[2];
  if (!weightTensorRoles(c, operand, tensorRoles) ||
      !normRolesFromOutput(p, tensorRoles, c->weightRoles))
    return false;
  for (intptr_t d = 0; d < 2; ++d) {
    bool known, red = normIteratorIsReduction(p, d, &known);
    if (!known || red)
      return false;
  }
  NormWeightExpr w = {0};
  if (!normMatchDequant(p, normYieldedValue(p), &w, &c->producerMatched) ||
      c->producerMatched.n != normNumBodyOps(p) || !mlirTypeEqual(w.valueType, c->aElem))
    return false;
  c->weight = w;
  c->producer = p;
  return true;
}

static bool producerReadsIntegers(MlirValue v) {
  MlirOperation p = normDef(v);
  if (!normOpIs(p, "linalg.generic"))
    return false;
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(p); i < n; ++i)
    if (normIsIntType(normElemType(mlirValueGetType(mlirOperationGetOperand(p, i)))))
      return true;
  return false;
}

/* The weight side of the product (float accumulation). */
static bool matchFloatWeight(Contraction *c, MlirValue v) {
  MlirOperation ext = normDef(v);
  if (normOpIs(ext, "arith.extf")) {
    if (!normOpSetAdd(&c->matched, ext))
      return false;
    v = mlirOperationGetOperand(ext, 0);
  }
  /* W' must be computed in the activation's type, as bitblas decodes it. */
  if (!mlirTypeEqual(mlirValueGetType(v), c->aElem))
    return false;
  int i = normBlockArgIndex(c->body, v);
  if (i >= 0) {
    if (i >= c->numInputs || i == c->aIndex)
      return false;
    if (matchProducer(c, i))
      return true;
    /* A producer that decodes integers but did not match is a quantization
     * we do not understand: raising only the matmul would bury it. */
    if (producerReadsIntegers(mlirOperationGetOperand(c->op, i)))
      return false;
    c->weight = (NormWeightExpr){.quantized = false, .code = {c->op, i}, .valueType = c->aElem,
                                 .scale = {c->op, -1}, .zeros = {c->op, -1},
                                 .mode = BITBLAS_ZEROS_NONE};
    for (intptr_t d = 0; d < c->numDims; ++d)
      c->weightRoles[d] = c->roles[d];
    return true;
  }
  NormWeightExpr w = {0};
  if (!normMatchDequant(c->op, v, &w, &c->matched))
    return false;
  c->weight = w;
  for (intptr_t d = 0; d < c->numDims; ++d)
    c->weightRoles[d] = c->roles[d];
  return true;
}

/* The weight side of the product (i32 accumulation): ext(w) [- 0]. */
static bool matchIntWeight(Contraction *c, MlirValue v) {
  v = stripZeroPoint(c, v);
  MlirOperation ext = normDef(v);
  bool zext = normOpIs(ext, "arith.extui");
  if (!zext && !normOpIs(ext, "arith.extsi"))
    return false;
  if (!normOpSetAdd(&c->matched, ext))
    return false;
  MlirValue w = mlirOperationGetOperand(ext, 0);
  int i = normBlockArgIndex(c->body, w);
  unsigned bits = normIntWidth(mlirValueGetType(w));
  if (i < 0 || i >= c->numInputs || i == c->aIndex || bits == 0 || bits > 8 || (!zext && bits < 2))
    return false;
  c->weight = (NormWeightExpr){.quantized = true, .code = {c->op, i}, .codeUnsigned = zext,
                               .valueType = c->accType, .scale = {c->op, -1},
                               .zeros = {c->op, -1}, .mode = BITBLAS_ZEROS_NONE};
  for (intptr_t d = 0; d < c->numDims; ++d)
    c->weightRoles[d] = c->roles[d];
  return true;
}

/* yield(acc + x * y): which of x, y is the activation is found by trying. */
static bool matchBody(Contraction *c) {
  MlirValue y = normYieldedValue(c->op);
  MlirValue acc = mlirBlockGetArgument(c->body, c->numInputs);
  c->accType = mlirValueGetType(acc);
  bool isInt = normIsIntType(c->accType);
  if (!(isInt ? normIntWidth(c->accType) == 32
              : (mlirTypeIsAF32(c->accType) || mlirTypeIsAF16(c->accType))))
    return false;
  MlirOperation add, mul;
  if (!normDefIs(y, isInt ? "arith.addi" : "arith.addf", &add) || !normHasOneUse(acc))
    return false;
  MlirValue prod;
  if (mlirValueEqual(mlirOperationGetOperand(add, 0), acc))
    prod = mlirOperationGetOperand(add, 1);
  else if (mlirValueEqual(mlirOperationGetOperand(add, 1), acc))
    prod = mlirOperationGetOperand(add, 0);
  else
    return false;
  if (!normDefIs(prod, isInt ? "arith.muli" : "arith.mulf", &mul))
    return false;
  for (int side = 0; side < 2; ++side) {
    c->matched.n = 0;
    c->producerMatched.n = 0;
    c->producer = (MlirOperation){NULL};
    normOpSetAdd(&c->matched, add);
    normOpSetAdd(&c->matched, mul);
    if (!matchActivation(c, mlirOperationGetOperand(mul, side)))
      continue;
    MlirValue wv = mlirOperationGetOperand(mul, 1 - side);
    bool ok = isInt ? matchIntWeight(c, wv) : matchFloatWeight(c, wv);
    if (ok && c->matched.n == normNumBodyOps(c->op))
      return true;
  }
  return false;
}

/* An init the contraction may drop: a zero fill or a zero splat constant. */
static bool initIsZero(MlirValue init) {
  MlirOperation fill;
  if (normDefIs(init, "linalg.fill", &fill))
    return mlirOperationGetNumOperands(fill) == 2 &&
           normIsZeroConstant(mlirOperationGetOperand(fill, 0));
  return normIsZeroConstant(init);
}

/* The verifier is the source of truth for supported combinations: a raise it
 * rejects is undone silently (the input was valid, so no error is due). */
static MlirLogicalResult swallow(MlirDiagnostic d, void *userData) {
  (void)d;
  (void)userData;
  return mlirLogicalResultSuccess();
}

static bool verifyQuietly(MlirOperation op) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirDiagnosticHandlerID id = mlirContextAttachDiagnosticHandler(ctx, swallow, NULL, NULL);
  bool ok = mlirLogicalResultIsSuccess(bitblasVerifyOperation(op));
  mlirContextDetachDiagnosticHandler(ctx, id);
  return ok;
}

static void noteDead(NormDeadList *dead, MlirOperation d) {
  if (!mlirOperationIsNull(d) && dead->n < (intptr_t)(sizeof dead->ops / sizeof dead->ops[0]))
    dead->ops[dead->n++] = d;
}

bool normRaiseContraction(MlirOperation op, NormDeadList *dead) {
  if (!isCandidateName(op) || mlirOperationGetNumResults(op) != 1 ||
      mlirOperationGetNumOperands(op) < 3)
    return false;
  Contraction c = {.op = op, .body = normBody(op)};
  c.numInputs = mlirOperationGetNumOperands(op) - 1;
  if (mlirBlockIsNull(c.body) || !mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetResult(op, 0))))
    return false;
  if (!matchLoops(&c) || !matchBody(&c))
    return false;

  MlirValue a = mlirOperationGetOperand(op, c.aIndex);
  MlirValue init = mlirOperationGetOperand(op, c.numInputs);
  MlirLocation loc = mlirOperationGetLocation(op);

  normBuildLogBegin();
  NormWeightOperands w;
  if (!normResolveWeight(&c.weight, c.weightRoles, op, &w)) {
    normBuildLogRollback();
    return false;
  }
  MlirValue a2 = c.batch ? normBuildCollapseLeading(op, a) : a;
  if (mlirValueIsNull(a2)) {
    normBuildLogRollback();
    return false;
  }
  int64_t shape[2] = {mlirShapedTypeGetDimSize(mlirValueGetType(a2), 0), w.n};
  MlirType resultType = mlirRankedTensorTypeGet(2, shape, c.accType, (MlirAttribute){NULL});
  BitblasMatmulOperands operands = {a2, w.w, w.scale, w.zeros, {NULL}, {NULL}};
  MlirOperation mm = bitblasMatmulCreate(loc, operands, resultType, w.groupSize,
                                         c.weight.mode, c.accType);
  if (mlirOperationIsNull(mm) || !verifyQuietly(mm)) {
    if (!mlirOperationIsNull(mm))
      mlirOperationDestroy(mm);
    normBuildLogRollback();
    return false;
  }
  normInsert(op, mm);
  MlirValue r = mlirOperationGetResult(mm, 0);
  if (c.batch)
    r = normBuildExpandLeading(op, r, a, w.n);
  /* linalg accumulates into its init: keep that as an add after the matmul
   * (the same sum, reassociated as any tiled matmul does). */
  if (!initIsZero(init))
    r = normBuildAdd(op, r, init);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), r);
  noteDead(dead, normDef(init));
  noteDead(dead, c.producer);
  mlirOperationDestroy(op);
  return true;
}
