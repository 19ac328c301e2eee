/* IR queries and builders shared by the bitblas-normalize matchers. Builders
 * create ops in generic form through OperationState: the C API has no typed
 * builders for linalg/tensor ops. */
#include "normalize.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool normOpIs(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && memcmp(n.data, name, n.length) == 0;
}

MlirOperation normDef(MlirValue v) {
  if (mlirValueIsNull(v) || !mlirValueIsAOpResult(v))
    return (MlirOperation){NULL};
  return mlirOpResultGetOwner(v);
}

bool normDefIs(MlirValue v, const char *name, MlirOperation *defOut) {
  MlirOperation d = normDef(v);
  if (!normOpIs(d, name))
    return false;
  if (defOut)
    *defOut = d;
  return true;
}

int normBlockArgIndex(MlirBlock body, MlirValue v) {
  if (mlirValueIsNull(v) || !mlirValueIsABlockArgument(v) ||
      !mlirBlockEqual(mlirBlockArgumentGetOwner(v), body))
    return -1;
  return (int)mlirBlockArgumentGetArgNumber(v);
}

bool normHasNoUse(MlirValue v) { return mlirOpOperandIsNull(mlirValueGetFirstUse(v)); }

bool normHasOneUse(MlirValue v) {
  MlirOpOperand u = mlirValueGetFirstUse(v);
  return !mlirOpOperandIsNull(u) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(u));
}

MlirType normElemType(MlirType t) {
  return mlirTypeIsAShaped(t) ? mlirShapedTypeGetElementType(t) : t;
}

bool normIsIntType(MlirType t) { return !mlirTypeIsNull(t) && mlirTypeIsAInteger(t); }

unsigned normIntWidth(MlirType t) { return normIsIntType(t) ? mlirIntegerTypeGetWidth(t) : 0; }

MlirAttribute normConstantAttr(MlirValue v) {
  MlirOperation d;
  if (!normDefIs(v, "arith.constant", &d))
    return (MlirAttribute){NULL};
  return mlirOperationGetAttributeByName(d, mlirStringRefCreateFromCString("value"));
}

static bool scalarIsZero(MlirAttribute a) {
  if (mlirAttributeIsAInteger(a))
    return mlirIntegerAttrGetValueInt(a) == 0;
  if (mlirAttributeIsAFloat(a)) {
    /* -0.0 is not an additive identity for +0.0 sums: accept only +0.0. */
    double d = mlirFloatAttrGetValueDouble(a);
    return d == 0.0 && !signbit(d);
  }
  return false;
}

bool normIsZeroConstant(MlirValue v) {
  MlirAttribute a = normConstantAttr(v);
  if (mlirAttributeIsNull(a))
    return false;
  if (mlirAttributeIsADenseElements(a))
    return mlirDenseElementsAttrIsSplat(a) && scalarIsZero(mlirDenseElementsAttrGetSplatValue(a));
  return scalarIsZero(a);
}

/* Bytes one element takes in a dense attribute's raw buffer (0: not byte-addressable). */
static size_t rawElemBytes(MlirType elem) {
  unsigned bits = 0;
  if (mlirTypeIsAInteger(elem))
    bits = mlirIntegerTypeGetWidth(elem);
  else if (mlirTypeIsAFloat(elem))
    bits = mlirFloatTypeGetWidth(elem);
  if (bits <= 1) /* i1 is bit-packed */
    return 0;
  return (bits + 7) / 8;
}

static size_t rawSize(MlirAttribute dense) {
  MlirType t = mlirAttributeGetType(dense);
  size_t b = rawElemBytes(mlirShapedTypeGetElementType(t));
  if (mlirDenseElementsAttrIsSplat(dense))
    return b;
  return b * (size_t)mlirElementsAttrGetNumElements(dense);
}

bool normIsAllZeroIntConstant(MlirValue v) {
  MlirAttribute a = normConstantAttr(v);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseIntElements(a))
    return false;
  size_t n = rawSize(a);
  if (n == 0)
    return false;
  const unsigned char *p = (const unsigned char *)mlirDenseElementsAttrGetRawData(a);
  for (size_t i = 0; i < n; ++i)
    if (p[i])
      return false;
  return true;
}

MlirAffineMap normIndexingMap(MlirOperation linalgOp, intptr_t i) {
  MlirAttribute maps = mlirLinalgGetIndexingMapsAttribute(linalgOp);
  if (mlirAttributeIsNull(maps) || !mlirAttributeIsAArray(maps) ||
      i >= mlirArrayAttrGetNumElements(maps))
    return (MlirAffineMap){NULL};
  MlirAttribute m = mlirArrayAttrGetElement(maps, i);
  return mlirAttributeIsAAffineMap(m) ? mlirAffineMapAttrGetValue(m) : (MlirAffineMap){NULL};
}

static void appendText(MlirStringRef s, void *userData) {
  char *buf = (char *)userData;
  size_t len = strlen(buf), room = 63 - len;
  size_t n = s.length < room ? s.length : room;
  memcpy(buf + len, s.data, n);
  buf[len + n] = '\0';
}

bool normIteratorIsReduction(MlirOperation linalgOp, intptr_t d, bool *known) {
  MlirAttribute its =
      mlirOperationGetAttributeByName(linalgOp, mlirStringRefCreateFromCString("iterator_types"));
  *known = false;
  if (mlirAttributeIsNull(its) || !mlirAttributeIsAArray(its) ||
      d >= mlirArrayAttrGetNumElements(its))
    return false;
  /* The C API has no accessor for linalg's iterator type enum: read its text. */
  char buf[64] = "";
  mlirAttributePrint(mlirArrayAttrGetElement(its, d), appendText, buf);
  *known = true;
  return strstr(buf, "reduction") != NULL;
}

MlirBlock normBody(MlirOperation linalgOp) {
  if (mlirOperationGetNumRegions(linalgOp) != 1)
    return (MlirBlock){NULL};
  MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(linalgOp, 0));
  if (mlirBlockIsNull(b) || !mlirBlockIsNull(mlirBlockGetNextInRegion(b)))
    return (MlirBlock){NULL};
  return b;
}

MlirValue normYieldedValue(MlirOperation linalgOp) {
  MlirBlock b = normBody(linalgOp);
  if (mlirBlockIsNull(b))
    return (MlirValue){NULL};
  MlirOperation t = mlirBlockGetTerminator(b);
  if (!normOpIs(t, "linalg.yield") || mlirOperationGetNumOperands(t) != 1)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(t, 0);
}

intptr_t normNumBodyOps(MlirOperation linalgOp) {
  MlirBlock b = normBody(linalgOp);
  intptr_t n = 0;
  if (mlirBlockIsNull(b))
    return -1;
  for (MlirOperation o = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o))
    ++n;
  return n - 1;
}

bool normOpSetAdd(NormOpSet *s, MlirOperation op) {
  for (intptr_t i = 0; i < s->n; ++i)
    if (mlirOperationEqual(s->ops[i], op))
      return true;
  if (s->n == kNormMaxMatched)
    return false;
  s->ops[s->n++] = op;
  return true;
}

NormAccess normClassifyExpr(MlirAffineExpr e, const NormRole *roles, intptr_t numDims) {
  NormAccess a = {NORM_ACC_OTHER, 0};
  if (mlirAffineExprIsAConstant(e)) {
    if (mlirAffineConstantExprGetValue(e) == 0)
      a.kind = NORM_ACC_ZERO;
    return a;
  }
  if (mlirAffineExprIsADim(e)) {
    intptr_t d = mlirAffineDimExprGetPosition(e);
    if (d >= numDims)
      return a;
    switch (roles[d]) {
    case NORM_ROLE_N: a.kind = NORM_ACC_N; break;
    case NORM_ROLE_K: a.kind = NORM_ACC_K; break;
    case NORM_ROLE_M: a.kind = NORM_ACC_M; break;
    case NORM_ROLE_BATCH: a.kind = NORM_ACC_BATCH; break;
    default: break;
    }
    return a;
  }
  if (mlirAffineExprIsAFloorDiv(e)) {
    MlirAffineExpr l = mlirAffineBinaryOpExprGetLHS(e), r = mlirAffineBinaryOpExprGetRHS(e);
    NormAccess inner = normClassifyExpr(l, roles, numDims);
    if (inner.kind == NORM_ACC_K && mlirAffineExprIsAConstant(r) &&
        mlirAffineConstantExprGetValue(r) > 0) {
      a.kind = NORM_ACC_KGROUP;
      a.group = mlirAffineConstantExprGetValue(r);
    }
  }
  return a;
}

bool normRolesFromOutput(MlirOperation producer, const NormRole *tensorDimRoles, NormRole *roles) {
  intptr_t numInputs = mlirOperationGetNumOperands(producer) - 1;
  MlirAffineMap out = normIndexingMap(producer, numInputs);
  if (mlirAffineMapIsNull(out))
    return false;
  intptr_t nd = mlirAffineMapGetNumDims(out);
  if (nd > kNormMaxDims || mlirAffineMapGetNumResults(out) != nd || !mlirAffineMapIsPermutation(out))
    return false;
  for (intptr_t t = 0; t < nd; ++t)
    roles[mlirAffineDimExprGetPosition(mlirAffineMapGetResult(out, t))] = tensorDimRoles[t];
  return true;
}

/* ---- Builders ---- */

static MlirContext ctxOf(MlirOperation op) { return mlirOperationGetContext(op); }

static MlirNamedAttribute named(MlirContext ctx, const char *name, MlirAttribute a) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(name)), a);
}

static MlirAttribute parseAttr(MlirContext ctx, const char *text) {
  return mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString(text));
}

enum { kMaxLogged = 64 };
static _Thread_local struct {
  MlirOperation ops[kMaxLogged];
  intptr_t n;
} buildLog;

void normBuildLogBegin(void) {
  buildLog.n = 0;
}

void normBuildLogRollback(void) {
  /* Reverse order: each op's users were created after it. */
  while (buildLog.n > 0)
    mlirOperationDestroy(buildLog.ops[--buildLog.n]);
}

MlirOperation normInsert(MlirOperation before, MlirOperation op) {
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(before), before, op);
  /* A rewrite builds at most a dozen ops; the bound only guards the array. */
  if (buildLog.n < kMaxLogged)
    buildLog.ops[buildLog.n++] = op;
  return op;
}

static MlirValue buildOp(MlirOperation before, const char *name, intptr_t nOperands,
                         const MlirValue *operands, MlirType resultType, intptr_t nAttrs,
                         const MlirNamedAttribute *attrs) {
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString(name), mlirOperationGetLocation(before));
  if (nOperands)
    mlirOperationStateAddOperands(&st, nOperands, operands);
  mlirOperationStateAddResults(&st, 1, &resultType);
  if (nAttrs)
    mlirOperationStateAddAttributes(&st, nAttrs, attrs);
  return mlirOperationGetResult(normInsert(before, mlirOperationCreate(&st)), 0);
}

MlirValue normBuildConstant(MlirOperation before, MlirAttribute value) {
  MlirNamedAttribute a = named(ctxOf(before), "value", value);
  return buildOp(before, "arith.constant", 0, NULL, mlirAttributeGetType(value), 1, &a);
}

static MlirValue buildIndex(MlirOperation before, int64_t v) {
  MlirType idx = mlirIndexTypeGet(ctxOf(before));
  return normBuildConstant(before, mlirIntegerAttrGet(idx, v));
}

static MlirValue buildDim(MlirOperation before, MlirValue t, int64_t i) {
  MlirValue ops[2] = {t, buildIndex(before, i)};
  return buildOp(before, "tensor.dim", 2, ops, mlirIndexTypeGet(ctxOf(before)), 0, NULL);
}

MlirValue normBuildEmpty(MlirOperation before, MlirType tensorType) {
  return buildOp(before, "tensor.empty", 0, NULL, tensorType, 0, NULL);
}

static MlirType tensorOf(intptr_t rank, const int64_t *shape, MlirType elem) {
  return mlirRankedTensorTypeGet(rank, shape, elem, (MlirAttribute){NULL});
}

static bool isStaticShape(MlirType t) {
  return mlirTypeIsARankedTensor(t) && mlirShapedTypeHasStaticShape(t);
}

MlirValue normBuildTranspose2D(MlirOperation before, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (!isStaticShape(t) || mlirShapedTypeGetRank(t) != 2)
    return (MlirValue){NULL};
  int64_t r = mlirShapedTypeGetDimSize(t, 0), c = mlirShapedTypeGetDimSize(t, 1);
  int64_t shape[2] = {c, r};
  MlirType elem = mlirShapedTypeGetElementType(t);
  MlirType tt = tensorOf(2, shape, elem);
  MlirAttribute cst = normConstantAttr(v);
  size_t eb = rawElemBytes(elem);
  if (!mlirAttributeIsNull(cst) && mlirAttributeIsADenseElements(cst) && eb) {
    /* Folding keeps constant weights constant, so later passes can pack them. */
    if (mlirDenseElementsAttrIsSplat(cst))
      return normBuildConstant(before, mlirDenseElementsAttrReshapeGet(cst, tt));
    const unsigned char *src = (const unsigned char *)mlirDenseElementsAttrGetRawData(cst);
    size_t total = (size_t)(r * c) * eb;
    unsigned char *dst = (unsigned char *)malloc(total ? total : 1);
    if (!dst)
      return (MlirValue){NULL};
    for (int64_t i = 0; i < r; ++i)
      for (int64_t j = 0; j < c; ++j)
        memcpy(dst + (size_t)(j * r + i) * eb, src + (size_t)(i * c + j) * eb, eb);
    MlirAttribute folded = mlirDenseElementsAttrRawBufferGet(tt, total, dst);
    free(dst);
    if (!mlirAttributeIsNull(folded))
      return normBuildConstant(before, folded);
  }
  MlirValue init = normBuildEmpty(before, tt);
  MlirContext ctx = ctxOf(before);
  MlirLocation loc = mlirOperationGetLocation(before);
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.transpose"), loc);
  MlirValue ops[2] = {v, init};
  mlirOperationStateAddOperands(&st, 2, ops);
  mlirOperationStateAddResults(&st, 1, &tt);
  MlirNamedAttribute perm = named(ctx, "permutation", parseAttr(ctx, "array<i64: 1, 0>"));
  mlirOperationStateAddAttributes(&st, 1, &perm);
  /* linalg.transpose's region yields its input element. */
  MlirType argTypes[2] = {elem, elem};
  MlirLocation argLocs[2] = {loc, loc};
  MlirBlock block = mlirBlockCreate(2, argTypes, argLocs);
  MlirOperationState ys = mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.yield"), loc);
  MlirValue in = mlirBlockGetArgument(block, 0);
  mlirOperationStateAddOperands(&ys, 1, &in);
  mlirBlockAppendOwnedOperation(block, mlirOperationCreate(&ys));
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, block);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  return mlirOperationGetResult(normInsert(before, mlirOperationCreate(&st)), 0);
}

MlirValue normBuildBitcast(MlirOperation before, MlirValue v, MlirType elemType) {
  MlirType t = mlirValueGetType(v);
  intptr_t rank = mlirShapedTypeGetRank(t);
  int64_t shape[kNormMaxDims];
  if (rank > kNormMaxDims)
    return (MlirValue){NULL};
  for (intptr_t i = 0; i < rank; ++i)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  MlirType nt = tensorOf(rank, shape, elemType);
  MlirAttribute cst = normConstantAttr(v);
  if (!mlirAttributeIsNull(cst) && mlirAttributeIsADenseElements(cst) && isStaticShape(t) &&
      rawElemBytes(mlirShapedTypeGetElementType(t))) {
    /* iN and uiN of one width share the raw buffer layout. */
    MlirAttribute folded =
        mlirDenseElementsAttrRawBufferGet(nt, rawSize(cst), mlirDenseElementsAttrGetRawData(cst));
    if (!mlirAttributeIsNull(folded))
      return normBuildConstant(before, folded);
  }
  return buildOp(before, "tensor.bitcast", 1, &v, nt, 0, NULL);
}

MlirValue normBuildAppendUnitDim(MlirOperation before, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (!mlirTypeIsARankedTensor(t) || mlirShapedTypeGetRank(t) != 1)
    return (MlirValue){NULL};
  int64_t shape[2] = {mlirShapedTypeGetDimSize(t, 0), 1};
  MlirType nt = tensorOf(2, shape, mlirShapedTypeGetElementType(t));
  MlirAttribute cst = normConstantAttr(v);
  if (!mlirAttributeIsNull(cst) && mlirAttributeIsADenseElements(cst) && isStaticShape(t))
    return normBuildConstant(before, mlirDenseElementsAttrReshapeGet(cst, nt));
  if (!isStaticShape(t))
    return (MlirValue){NULL};
  MlirContext ctx = ctxOf(before);
  MlirNamedAttribute attrs[2] = {
      named(ctx, "reassociation", parseAttr(ctx, "[[0, 1]]")),
      named(ctx, "static_output_shape", mlirDenseI64ArrayGet(ctx, 2, shape)),
  };
  return buildOp(before, "tensor.expand_shape", 1, &v, nt, 2, attrs);
}

MlirValue normBuildCollapseLeading(MlirOperation before, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (!mlirTypeIsARankedTensor(t) || mlirShapedTypeGetRank(t) != 3)
    return (MlirValue){NULL};
  int64_t b = mlirShapedTypeGetDimSize(t, 0), m = mlirShapedTypeGetDimSize(t, 1);
  int64_t bm = (mlirShapedTypeIsDynamicSize(b) || mlirShapedTypeIsDynamicSize(m))
                   ? mlirShapedTypeGetDynamicSize()
                   : b * m;
  int64_t shape[2] = {bm, mlirShapedTypeGetDimSize(t, 2)};
  MlirContext ctx = ctxOf(before);
  MlirNamedAttribute a = named(ctx, "reassociation", parseAttr(ctx, "[[0, 1], [2]]"));
  return buildOp(before, "tensor.collapse_shape", 1, &v,
                 tensorOf(2, shape, mlirShapedTypeGetElementType(t)), 1, &a);
}

MlirValue normBuildExpandLeading(MlirOperation before, MlirValue v, MlirValue shapeSource,
                                 int64_t lastDim) {
  MlirType st = mlirValueGetType(shapeSource);
  int64_t shape[3] = {mlirShapedTypeGetDimSize(st, 0), mlirShapedTypeGetDimSize(st, 1), lastDim};
  MlirValue ops[3] = {v};
  intptr_t n = 1;
  for (int i = 0; i < 2; ++i)
    if (mlirShapedTypeIsDynamicSize(shape[i]))
      ops[n++] = buildDim(before, shapeSource, i);
  MlirContext ctx = ctxOf(before);
  MlirNamedAttribute attrs[2] = {
      named(ctx, "reassociation", parseAttr(ctx, "[[0, 1], [2]]")),
      named(ctx, "static_output_shape", mlirDenseI64ArrayGet(ctx, 3, shape)),
  };
  MlirType elem = mlirShapedTypeGetElementType(mlirValueGetType(v));
  return buildOp(before, "tensor.expand_shape", n, ops, tensorOf(3, shape, elem), 2, attrs);
}

MlirValue normBuildAdd(MlirOperation before, MlirValue a, MlirValue b) {
  MlirType t = mlirValueGetType(a);
  const char *name = mlirTypeIsAInteger(normElemType(t)) ? "arith.addi" : "arith.addf";
  MlirValue ops[2] = {a, b};
  return buildOp(before, name, 2, ops, t, 0, NULL);
}
