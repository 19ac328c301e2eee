/* bitblasVerifyOperation: the checks IRDL cannot express, dispatched by op name,
 * plus the helpers every op family shares. The rules per op live in
 * verify_matmul.c, verify_quant.c, verify_tile.c, verify_layout.c and
 * verify_types.c; docs/support-matrix.md states them for users. */
#include "verify_common.h"

#include "bitblas-c/Types.h"
#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

VerifyText bitblasVerifyTypeText(MlirType type) {
  VerifyText t;
  bitblasPrintTypeToBuffer(type, t.s, sizeof t.s);
  if (mlirTypeIsNull(type))
    snprintf(t.s, sizeof t.s, "<null>");
  return t;
}

VerifyText bitblasVerifyAttrText(MlirAttribute attr) {
  VerifyText t;
  bitblasPrintAttrToBuffer(attr, t.s, sizeof t.s);
  if (mlirAttributeIsNull(attr))
    snprintf(t.s, sizeof t.s, "no attribute");
  return t;
}

bool bitblasVerifyIsDynamic(int64_t dim) { return mlirShapedTypeIsDynamicSize(dim); }

VerifyText bitblasVerifyDimsText(const int64_t *dims, intptr_t rank) {
  VerifyText t;
  size_t len = (size_t)snprintf(t.s, sizeof t.s, "[");
  for (intptr_t i = 0; i < rank && len < sizeof t.s; ++i) {
    if (bitblasVerifyIsDynamic(dims[i]))
      len += (size_t)snprintf(t.s + len, sizeof t.s - len, "%s?", i ? ", " : "");
    else
      len += (size_t)snprintf(t.s + len, sizeof t.s - len, "%s%lld", i ? ", " : "",
                              (long long)dims[i]);
  }
  if (len < sizeof t.s)
    snprintf(t.s + len, sizeof t.s - len, "]");
  return t;
}

bool bitblasVerifyTensor(MlirOperation op, MlirValue v, const char *what, intptr_t rank,
                         VerifyTensor *out) {
  if (mlirValueIsNull(v)) {
    bitblasEmitOpError(op, "%s is missing", what);
    return false;
  }
  MlirType type = mlirValueGetType(v);
  if (!mlirTypeIsARankedTensor(type)) {
    bitblasEmitOpError(op, "%s must be a ranked tensor, got '%s'", what,
                       bitblasVerifyTypeText(type).s);
    return false;
  }
  intptr_t r = mlirShapedTypeGetRank(type);
  if (rank >= 0 && r != rank) {
    bitblasEmitOpError(op, "%s must be a rank-%ld tensor, got rank %ld ('%s')", what, (long)rank,
                       (long)r, bitblasVerifyTypeText(type).s);
    return false;
  }
  if (r > kVerifyMaxRank) {
    bitblasEmitOpError(op, "%s has rank %ld, more than the %d supported", what, (long)r,
                       kVerifyMaxRank);
    return false;
  }
  out->type = type;
  out->elem = mlirShapedTypeGetElementType(type);
  out->rank = r;
  for (intptr_t i = 0; i < r; ++i)
    out->dims[i] = mlirShapedTypeGetDimSize(type, i);
  return true;
}

bool bitblasVerifyShapeEquals(MlirOperation op, const char *what, const VerifyTensor *t,
                              const int64_t *dims, intptr_t rank, const char *formula) {
  bool same = t->rank == rank;
  for (intptr_t i = 0; same && i < rank; ++i)
    same = t->dims[i] == dims[i];
  if (!same)
    bitblasEmitOpError(op, "%s must have shape %s%s%s%s, got %s", what,
                       bitblasVerifyDimsText(dims, rank).s, formula ? " (" : "",
                       formula ? formula : "", formula ? ")" : "",
                       bitblasVerifyDimsText(t->dims, t->rank).s);
  return same;
}

bool bitblasVerifyIsFloat16(MlirType t) { return mlirTypeIsAF16(t) || mlirTypeIsABF16(t); }

bool bitblasVerifyIsInteger(MlirType t, unsigned width) {
  return mlirTypeIsAInteger(t) && (width == 0 || mlirIntegerTypeGetWidth(t) == width);
}

bool bitblasVerifyIsSignlessInt(MlirType t, unsigned width) {
  return bitblasVerifyIsInteger(t, width) && mlirIntegerTypeIsSignless(t);
}

bool bitblasVerifyIsUnsignedWeight(MlirType t) {
  return bitblasWeightTypeGetKind(t) == BITBLAS_WEIGHT_UNSIGNED_INT;
}

bool bitblasVerifyIsMXElement(MlirType t) {
  return mlirTypeIsAFloat8E4M3FN(t) || mlirTypeIsAFloat8E5M2(t) || mlirTypeIsAFloat6E2M3FN(t) ||
         mlirTypeIsAFloat6E3M2FN(t) || mlirTypeIsAFloat4E2M1FN(t);
}

bool bitblasVerifyIntAttr(MlirOperation op, const char *name, int64_t *value) {
  MlirAttribute a = bitblasGetAttr(op, name);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a)) {
    bitblasEmitOpError(op, "needs an integer attribute '%s', got %s", name,
                       bitblasVerifyAttrText(a).s);
    return false;
  }
  *value = mlirIntegerAttrGetValueInt(a);
  return true;
}

bool bitblasVerifyStringAttr(MlirOperation op, const char *name, MlirStringRef *value) {
  MlirAttribute a = bitblasGetAttr(op, name);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a)) {
    bitblasEmitOpError(op, "needs a string attribute '%s', got %s", name,
                       bitblasVerifyAttrText(a).s);
    return false;
  }
  *value = mlirStringAttrGetValue(a);
  return true;
}

bool bitblasVerifyZerosModeAttr(MlirOperation op, BitblasZerosMode *mode) {
  MlirStringRef s;
  if (!bitblasVerifyStringAttr(op, "zeros_mode", &s))
    return false;
  *mode = bitblasZerosModeFromName(s);
  if (*mode == BITBLAS_ZEROS_INVALID) {
    bitblasEmitOpError(op,
                       "zeros_mode must be one of 'none', 'original', 'rescale', 'quantized', "
                       "got '%.*s'",
                       (int)s.length, s.data);
    return false;
  }
  return true;
}

bool bitblasVerifyScopeAttr(MlirOperation op) {
  static const char *const kScopes[] = {"global", "shared", "register"};
  MlirStringRef s;
  if (!bitblasVerifyStringAttr(op, "scope", &s))
    return false;
  for (size_t i = 0; i < sizeof kScopes / sizeof kScopes[0]; ++i)
    if (s.length == strlen(kScopes[i]) && memcmp(s.data, kScopes[i], s.length) == 0)
      return true;
  bitblasEmitOpError(op, "scope must be one of 'global', 'shared', 'register', got '%.*s'",
                     (int)s.length, s.data);
  return false;
}

bool bitblasVerifySegments(MlirOperation op, const char *const *names, int count, int required,
                           MlirValue *values) {
  MlirAttribute seg = bitblasGetAttr(op, "operandSegmentSizes");
  char list[256];
  size_t len = 0;
  list[0] = '\0';
  for (int i = 0; i < count && len < sizeof list; ++i)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
  if (mlirAttributeIsNull(seg) || !mlirAttributeIsADenseI32Array(seg)) {
    bitblasEmitOpError(op, "needs an operandSegmentSizes attribute of type array<i32> (%s), got %s",
                       list, bitblasVerifyAttrText(seg).s);
    return false;
  }
  intptr_t n = mlirDenseArrayGetNumElements(seg);
  if (n != count) {
    bitblasEmitOpError(op, "operandSegmentSizes must have %d entries (%s), got %ld", count, list,
                       (long)n);
    return false;
  }
  intptr_t numOperands = mlirOperationGetNumOperands(op), pos = 0;
  for (int i = 0; i < count; ++i) {
    int32_t v = mlirDenseI32ArrayGetElement(seg, i);
    int32_t lo = i < required ? 1 : 0;
    if (v < lo || v > 1) {
      bitblasEmitOpError(op, "operandSegmentSizes entry %d (%s) must be %s, got %d", i, names[i],
                         lo ? "1" : "0 or 1", (int)v);
      return false;
    }
    values[i] = (MlirValue){NULL};
    if (v == 1 && pos < numOperands)
      values[i] = mlirOperationGetOperand(op, pos);
    pos += v;
  }
  if (pos != numOperands) {
    bitblasEmitOpError(op, "operandSegmentSizes counts %ld operands, the op has %ld", (long)pos,
                       (long)numOperands);
    return false;
  }
  if (mlirOperationGetNumResults(op) != 1) {
    bitblasEmitOpError(op, "must have one result, got %ld", (long)mlirOperationGetNumResults(op));
    return false;
  }
  return true;
}

bool bitblasVerifyOneInOneOut(MlirOperation op) {
  if (mlirOperationGetNumOperands(op) != 1 || mlirOperationGetNumResults(op) != 1) {
    bitblasEmitOpError(op, "must have one operand and one result, got %ld and %ld",
                       (long)mlirOperationGetNumOperands(op), (long)mlirOperationGetNumResults(op));
    return false;
  }
  return true;
}

/* Every operand and result type of a bitblas op, so that a malformed custom
 * type is reported even where the op's own rules would not look at it. */
static bool verifyValueTypes(MlirOperation op) {
  char what[64];
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(op); i < n; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsAShaped(t))
      t = mlirShapedTypeGetElementType(t);
    snprintf(what, sizeof what, "operand %ld", (long)i);
    if (!bitblasVerifyCustomType(op, t, what))
      return false;
  }
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    if (mlirTypeIsAShaped(t))
      t = mlirShapedTypeGetElementType(t);
    snprintf(what, sizeof what, "result %ld", (long)i);
    if (!bitblasVerifyCustomType(op, t, what))
      return false;
  }
  return true;
}

static bool verifyOp(MlirOperation op) {
  if (!verifyValueTypes(op))
    return false;
  if (bitblasOpNameIs(op, "bitblas.matmul"))
    return bitblasVerifyMatmul(op);
  if (bitblasOpNameIs(op, "bitblas.quantize"))
    return bitblasVerifyPack(op, true);
  if (bitblasOpNameIs(op, "bitblas.dequantize"))
    return bitblasVerifyPack(op, false);
  if (bitblasOpNameIs(op, "bitblas.tile_slice"))
    return bitblasVerifyTileSlice(op);
  if (bitblasOpNameIs(op, "bitblas.tile_pad"))
    return bitblasVerifyTilePad(op);
  if (bitblasOpNameIs(op, "bitblas.tile_convert"))
    return bitblasVerifyTileConvert(op);
  if (bitblasOpNameIs(op, "bitblas.tile_transform_layout"))
    return bitblasVerifyTileTransformLayout(op);
  return true;
}

static MlirWalkResult verifyOne(MlirOperation op, void *userData) {
  bool *failed = (bool *)userData;
  if (bitblasOpIsBitblas(op) && !verifyOp(op))
    *failed = true;
  return MlirWalkResultAdvance;
}

MlirLogicalResult bitblasVerifyOperation(MlirOperation root) {
  if (mlirOperationIsNull(root))
    return mlirLogicalResultFailure();
  bool failed = false;
  mlirOperationWalk(root, verifyOne, &failed, MlirWalkPreOrder);
  return failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}

unsigned bitblasVerifyWeightBits(MlirType type) {
  unsigned lutBits = bitblasVerifyLUTBits(type);
  return lutBits ? lutBits : bitblasWeightTypeGetBitWidth(type);
}
