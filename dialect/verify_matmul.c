/* bitblas.matmul: operand layout, shapes and the legal (A, W, accum, out)
 * combinations. The table in docs/support-matrix.md mirrors verifyTypes();
 * change both together. */
#include "verify_common.h"

#include "bitblas-c/Types.h"
#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

enum { kSegments = 6 };
static const char *const kSegmentNames[kSegments] = {"a", "w", "scale", "zeros", "bias", "lut"};
enum { kA, kW, kScale, kZeros, kBias, kLUT };

static bool isFloat8(MlirType t) { return mlirTypeIsAFloat8E4M3FN(t) || mlirTypeIsAFloat8E5M2(t); }

static bool isTableWeight(MlirType t) {
  return bitblasTypeIsNF4(t) || bitblasTypeIsAF4(t) || bitblasVerifyLUTBits(t) != 0;
}

static bool isIntWeight(MlirType t) {
  BitblasWeightKind k = bitblasWeightTypeGetKind(t);
  return k == BITBLAS_WEIGHT_SIGNED_INT || k == BITBLAS_WEIGHT_UNSIGNED_INT;
}

static bool verifyFloatActWeight(MlirOperation op, MlirType a, MlirType w) {
  if (bitblasVerifyIsFloat16(w)) {
    if (mlirTypeEqual(w, a))
      return true;
    bitblasEmitOpError(op, "unquantized weight type '%s' must match the activation type, got '%s'",
                       bitblasVerifyTypeText(w).s, bitblasVerifyTypeText(a).s);
    return false;
  }
  if (isIntWeight(w) || bitblasVerifyIsMXElement(w) || isTableWeight(w))
    return true;
  if (bitblasTypeIsMX(w)) {
    bitblasEmitOpError(op, "weight type '%s' is not supported: give the MX element type as the "
                           "weight and its block scales as an f8E8M0FNU scale with group_size = "
                           "block",
                       bitblasVerifyTypeText(w).s);
    return false;
  }
  bitblasEmitOpError(op, "weight type '%s' is not supported with activation '%s' (expected "
                         "'%s', iN/uiN with N in 1..8, f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN, "
                         "f4E2M1FN, !bitblas.nf4, !bitblas.af4 or !bitblas.lut)",
                     bitblasVerifyTypeText(w).s, bitblasVerifyTypeText(a).s,
                     bitblasVerifyTypeText(a).s);
  return false;
}

/* Reports `what` type `t` as unsupported with activation `a`, expecting `expected`. */
static bool unsupported(MlirOperation op, const char *what, MlirType t, MlirType a,
                        const char *expected) {
  bitblasEmitOpError(op, "%s '%s' is not supported with activation '%s' (expected %s)", what,
                     bitblasVerifyTypeText(t).s, bitblasVerifyTypeText(a).s, expected);
  return false;
}

static bool verifyTypes(MlirOperation op, MlirType a, MlirType w, MlirType acc, MlirType out,
                        bool hasScale) {
  if (!(mlirTypeIsAF16(acc) || mlirTypeIsAF32(acc) || bitblasVerifyIsSignlessInt(acc, 32))) {
    bitblasEmitOpError(op, "accum_type must be f16, f32 or i32, got '%s'",
                       bitblasVerifyTypeText(acc).s);
    return false;
  }
  if (bitblasVerifyIsFloat16(a)) {
    bool f16 = mlirTypeIsAF16(a);
    if (!verifyFloatActWeight(op, a, w))
      return false;
    /* No bf16 MMA accumulates in f16, and f16 cannot hold bf16's range. */
    if (!(mlirTypeIsAF32(acc) || (f16 && mlirTypeIsAF16(acc))))
      return unsupported(op, "accum_type", acc, a, f16 ? "f16 or f32" : "f32");
    if (!(mlirTypeEqual(out, a) || mlirTypeIsAF32(out)))
      return unsupported(op, "result element type", out, a, f16 ? "f16 or f32" : "bf16 or f32");
    return true;
  }
  if (bitblasVerifyIsSignlessInt(a, 8)) {
    if (!isIntWeight(w))
      return unsupported(op, "weight type", w, a, "iN or uiN with N in 1..8");
    if (!bitblasVerifyIsSignlessInt(acc, 32))
      return unsupported(op, "accum_type", acc, a, "i32");
    if (hasScale && !(mlirTypeIsAF16(out) || mlirTypeIsAF32(out))) {
      bitblasEmitOpError(op, "result element type '%s' is not supported with activation 'i8' and "
                             "a scale (expected f16 or f32)",
                         bitblasVerifyTypeText(out).s);
      return false;
    }
    if (!hasScale && !(bitblasVerifyIsSignlessInt(out, 32) || bitblasVerifyIsSignlessInt(out, 8))) {
      bitblasEmitOpError(op, "result element type '%s' is not supported with activation 'i8' and "
                             "no scale (expected i32 or i8; f16/f32 outputs need an f32 scale)",
                         bitblasVerifyTypeText(out).s);
      return false;
    }
    return true;
  }
  if (isFloat8(a)) {
    if (!isFloat8(w))
      return unsupported(op, "weight type", w, a, "f8E4M3FN or f8E5M2");
    if (!mlirTypeIsAF32(acc))
      return unsupported(op, "accum_type", acc, a, "f32");
    if (!(bitblasVerifyIsFloat16(out) || mlirTypeIsAF32(out)))
      return unsupported(op, "result element type", out, a, "f16, bf16 or f32");
    return true;
  }
  bitblasEmitOpError(op, "activation type must be f16, bf16, i8, f8E4M3FN or f8E5M2, got '%s'",
                     bitblasVerifyTypeText(a).s);
  return false;
}

static bool verifyBias(MlirOperation op, MlirValue bias, int64_t n, MlirType out) {
  if (mlirValueIsNull(bias))
    return true;
  if (mlirTypeIsAInteger(out)) {
    bitblasEmitOpError(op, "integer output '%s' takes no bias", bitblasVerifyTypeText(out).s);
    return false;
  }
  VerifyTensor b;
  if (!bitblasVerifyTensor(op, bias, "bias", 1, &b) ||
      !bitblasVerifyShapeEquals(op, "bias", &b, &n, 1, "[N]"))
    return false;
  if (!mlirTypeEqual(b.elem, out)) {
    bitblasEmitOpError(op, "bias element type must be the output type '%s', got '%s'",
                       bitblasVerifyTypeText(out).s, bitblasVerifyTypeText(b.elem).s);
    return false;
  }
  return true;
}

/* A runtime table indexed by the weight's unsigned code: W' = lut[code] (* scale). */
static bool verifyLUTOperand(MlirOperation op, MlirValue lut, MlirType a, MlirType w,
                             BitblasZerosMode mode) {
  if (mlirValueIsNull(lut))
    return true;
  if (!bitblasVerifyIsUnsignedWeight(w)) {
    bitblasEmitOpError(op, "lut operand needs an unsigned integer weight type (uiN, N <= 8), got "
                           "'%s'",
                       bitblasVerifyTypeText(w).s);
    return false;
  }
  if (!bitblasVerifyIsFloat16(a)) {
    bitblasEmitOpError(op, "lut operand needs an f16 or bf16 activation, got '%s'",
                       bitblasVerifyTypeText(a).s);
    return false;
  }
  if (mode != BITBLAS_ZEROS_NONE) {
    bitblasEmitOpError(op, "lut operand takes no zeros (W' = lut[code] * scale), got zeros_mode "
                           "'%s'",
                       bitblasZerosModeGetName(mode));
    return false;
  }
  VerifyTensor t;
  if (!bitblasVerifyTensor(op, lut, "lut", 1, &t))
    return false;
  unsigned bits = mlirIntegerTypeGetWidth(w);
  int64_t entries = (int64_t)1 << bits;
  char formula[32];
  snprintf(formula, sizeof formula, "2^%u entries", bits);
  if (!bitblasVerifyShapeEquals(op, "lut", &t, &entries, 1, formula))
    return false;
  if (!(bitblasVerifyIsFloat16(t.elem) || mlirTypeIsAF32(t.elem))) {
    bitblasEmitOpError(op, "lut element type must be f16, bf16 or f32, got '%s'",
                       bitblasVerifyTypeText(t.elem).s);
    return false;
  }
  return true;
}

bool bitblasVerifyMatmul(MlirOperation op) {
  MlirValue o[kSegments];
  if (!bitblasVerifySegments(op, kSegmentNames, kSegments, 2, o))
    return false;
  int64_t groupSize;
  BitblasZerosMode mode;
  MlirAttribute accAttr = bitblasGetAttr(op, "accum_type");
  if (!bitblasVerifyIntAttr(op, "group_size", &groupSize) || !bitblasVerifyZerosModeAttr(op, &mode))
    return false;
  if (mlirAttributeIsNull(accAttr) || !mlirAttributeIsAType(accAttr)) {
    bitblasEmitOpError(op, "needs a type attribute 'accum_type', got %s",
                       bitblasVerifyAttrText(accAttr).s);
    return false;
  }
  VerifyTensor a, w, c;
  if (!bitblasVerifyTensor(op, o[kA], "operand a", 2, &a) ||
      !bitblasVerifyTensor(op, o[kW], "operand w", 2, &w) ||
      !bitblasVerifyTensor(op, mlirOperationGetResult(op, 0), "result", 2, &c))
    return false;
  if (bitblasVerifyIsDynamic(a.dims[1])) {
    bitblasEmitOpError(op, "operand a must have a static K (dim 1), got shape %s",
                       bitblasVerifyDimsText(a.dims, 2).s);
    return false;
  }
  if (w.dims[1] != a.dims[1]) {
    bitblasEmitOpError(op, "operand w must be [N, K] with K = %lld (from a), got shape %s",
                       (long long)a.dims[1], bitblasVerifyDimsText(w.dims, 2).s);
    return false;
  }
  int64_t mn[2] = {a.dims[0], w.dims[0]};
  if (!bitblasVerifyShapeEquals(op, "result", &c, mn, 2, "[M, N] of a and w"))
    return false;
  bool hasScale = !mlirValueIsNull(o[kScale]);
  if (!verifyTypes(op, a.elem, w.elem, mlirTypeAttrGetValue(accAttr), c.elem, hasScale))
    return false;
  VerifyQuantParams q = {.w = &w, .scale = o[kScale], .zeros = o[kZeros], .groupSize = groupSize,
                         .mode = mode, .weightName = "weight"};
  MlirContext ctx = mlirTypeGetContext(a.elem);
  if (bitblasVerifyIsFloat16(a.elem)) {
    q.scaleTypes[0] = a.elem;
    q.scaleTypes[1] = mlirF32TypeGet(ctx);
    q.scaleTypesText = mlirTypeIsAF16(a.elem) ? "f16 or f32" : "bf16 or f32";
  } else {
    /* Integer and fp8 activations scale the f32 (or exact i32) partial sums. */
    q.scaleTypes[0] = mlirF32TypeGet(ctx);
    q.scaleTypes[1] = (MlirType){NULL};
    q.scaleTypesText = "f32";
  }
  return bitblasVerifyQuantParams(op, &q) && verifyBias(op, o[kBias], w.dims[0], c.elem) &&
         verifyLUTOperand(op, o[kLUT], a.elem, w.elem, mode);
}
