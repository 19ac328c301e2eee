/* Packing (bitblas.quantize / dequantize) and the tile primitives slice, pad
 * and convert. transform_layout, which needs map evaluation, is verify_layout.c. */
#include "verify_common.h"

#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdint.h>
#include <stdio.h>

bool bitblasVerifyPack(MlirOperation op, bool quantize) {
  if (!bitblasVerifyOneInOneOut(op))
    return false;
  VerifyTensor in, out;
  if (!bitblasVerifyTensor(op, mlirOperationGetOperand(op, 0), "input", -1, &in) ||
      !bitblasVerifyTensor(op, mlirOperationGetResult(op, 0), "result", -1, &out))
    return false;
  const VerifyTensor *logical = quantize ? &in : &out, *storage = quantize ? &out : &in;
  const char *logicalName = quantize ? "input" : "result";
  const char *storageName = quantize ? "result" : "input";
  unsigned bits = bitblasVerifyWeightBits(logical->elem);
  if (bits == 0) {
    bitblasEmitOpError(op, "%s element type must be a weight type (iN/uiN with N <= 8, f16, bf16, "
                           "f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN, f4E2M1FN, nf4, af4 or lut), "
                           "got '%s'",
                       logicalName, bitblasVerifyTypeText(logical->elem).s);
    return false;
  }
  if (!bitblasVerifyIsSignlessInt(storage->elem, 8)) {
    bitblasEmitOpError(op, "%s (byte storage) element type must be i8, got '%s'", storageName,
                       bitblasVerifyTypeText(storage->elem).s);
    return false;
  }
  if (logical->rank < 1 || storage->rank != logical->rank) {
    bitblasEmitOpError(op, "input and result must have the same rank >= 1, got %ld and %ld",
                       (long)in.rank, (long)out.rank);
    return false;
  }
  int64_t k = logical->dims[logical->rank - 1];
  if (bitblasVerifyIsDynamic(k)) {
    bitblasEmitOpError(op, "%s must have a static last dim K, got shape %s", logicalName,
                       bitblasVerifyDimsText(logical->dims, logical->rank).s);
    return false;
  }
  if (k > INT64_MAX / 16) {
    bitblasEmitOpError(op, "K = %lld is too large", (long long)k);
    return false;
  }
  if ((k * bits) % 8 != 0) {
    bitblasEmitOpError(op, "K * bits = %lld * %u = %lld must be a multiple of 8 to fill whole bytes",
                       (long long)k, bits, (long long)(k * bits));
    return false;
  }
  int64_t expected[kVerifyMaxRank];
  for (intptr_t i = 0; i + 1 < logical->rank; ++i)
    expected[i] = logical->dims[i];
  expected[logical->rank - 1] = k * bits / 8;
  char formula[96];
  snprintf(formula, sizeof formula, "[..., K * bits / 8] with K = %lld, bits = %u", (long long)k,
           bits);
  return bitblasVerifyShapeEquals(op, storageName, storage, expected, logical->rank, formula);
}

/* A dense i64 array attribute with one entry per dim of `rank`. */
static bool verifyDimArray(MlirOperation op, const char *name, intptr_t rank, int64_t *values,
                           bool nonNegative) {
  MlirAttribute a = bitblasGetAttr(op, name);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI64Array(a)) {
    bitblasEmitOpError(op, "%s must be an array<i64>, got %s", name, bitblasVerifyAttrText(a).s);
    return false;
  }
  intptr_t n = mlirDenseArrayGetNumElements(a);
  if (n != rank) {
    bitblasEmitOpError(op, "%s must have %ld entries (the input rank), got %ld", name, (long)rank,
                       (long)n);
    return false;
  }
  for (intptr_t i = 0; i < n; ++i) {
    values[i] = mlirDenseI64ArrayGetElement(a, i);
    if (nonNegative && values[i] < 0) {
      bitblasEmitOpError(op, "%s[%ld] must be >= 0, got %lld", name, (long)i,
                         (long long)values[i]);
      return false;
    }
  }
  return true;
}

static bool verifySameElement(MlirOperation op, const VerifyTensor *in, const VerifyTensor *out) {
  if (mlirTypeEqual(in->elem, out->elem))
    return true;
  bitblasEmitOpError(op, "result element type must be the input's '%s', got '%s'",
                     bitblasVerifyTypeText(in->elem).s, bitblasVerifyTypeText(out->elem).s);
  return false;
}

static bool verifyInOut(MlirOperation op, VerifyTensor *in, VerifyTensor *out) {
  return bitblasVerifyOneInOneOut(op) &&
         bitblasVerifyTensor(op, mlirOperationGetOperand(op, 0), "input", -1, in) &&
         bitblasVerifyTensor(op, mlirOperationGetResult(op, 0), "result", -1, out);
}

bool bitblasVerifyTileSlice(MlirOperation op) {
  VerifyTensor in, out;
  int64_t offsets[kVerifyMaxRank], sizes[kVerifyMaxRank];
  if (!verifyInOut(op, &in, &out) || !verifyDimArray(op, "offsets", in.rank, offsets, true) ||
      !verifyDimArray(op, "sizes", in.rank, sizes, true))
    return false;
  for (intptr_t i = 0; i < in.rank; ++i) {
    /* Both are >= 0 here, so the subtraction cannot overflow where a sum could. */
    if (!bitblasVerifyIsDynamic(in.dims[i]) && offsets[i] > in.dims[i] - sizes[i]) {
      bitblasEmitOpError(op, "offsets[%ld] + sizes[%ld] = %lld + %lld = %llu exceeds dim %ld of "
                             "size %lld",
                         (long)i, (long)i, (long long)offsets[i], (long long)sizes[i],
                         (unsigned long long)offsets[i] + (unsigned long long)sizes[i], (long)i,
                         (long long)in.dims[i]);
      return false;
    }
  }
  return bitblasVerifyShapeEquals(op, "result", &out, sizes, in.rank, "the sizes") &&
         verifySameElement(op, &in, &out);
}

bool bitblasVerifyTilePad(MlirOperation op) {
  VerifyTensor in, out;
  int64_t low[kVerifyMaxRank], high[kVerifyMaxRank], expected[kVerifyMaxRank];
  if (!verifyInOut(op, &in, &out) || !verifyDimArray(op, "low", in.rank, low, true) ||
      !verifyDimArray(op, "high", in.rank, high, true))
    return false;
  for (intptr_t i = 0; i < in.rank; ++i) {
    expected[i] = in.dims[i];
    if (!bitblasVerifyIsDynamic(in.dims[i]) &&
        (__builtin_add_overflow(in.dims[i], low[i], &expected[i]) ||
         __builtin_add_overflow(expected[i], high[i], &expected[i]))) {
      bitblasEmitOpError(op, "padding dim %ld by %lld + %lld overflows", (long)i,
                         (long long)low[i], (long long)high[i]);
      return false;
    }
  }
  if (!bitblasVerifyShapeEquals(op, "result", &out, expected, in.rank, "input dims + low + high") ||
      !verifySameElement(op, &in, &out))
    return false;
  MlirAttribute value = bitblasGetAttr(op, "value");
  /* mlirAttributeGetType answers NoneType (or null) for untyped attributes. */
  MlirType vt = mlirAttributeIsNull(value) ? (MlirType){NULL} : mlirAttributeGetType(value);
  if (mlirTypeIsNull(vt) || !mlirTypeEqual(vt, in.elem)) {
    bitblasEmitOpError(op, "value must be a typed attribute of the element type '%s', got %s",
                       bitblasVerifyTypeText(in.elem).s, bitblasVerifyAttrText(value).s);
    return false;
  }
  return true;
}

bool bitblasVerifyTileConvert(MlirOperation op) {
  static const char *const kNames[] = {"input", "scale", "zeros"};
  MlirValue o[3];
  int64_t groupSize;
  BitblasZerosMode mode;
  VerifyTensor in, out;
  if (!bitblasVerifySegments(op, kNames, 3, 1, o) ||
      !bitblasVerifyIntAttr(op, "group_size", &groupSize) ||
      !bitblasVerifyZerosModeAttr(op, &mode) || !bitblasVerifyScopeAttr(op) ||
      !bitblasVerifyTensor(op, o[0], "input", -1, &in) ||
      !bitblasVerifyTensor(op, mlirOperationGetResult(op, 0), "result", -1, &out) ||
      !bitblasVerifyShapeEquals(op, "result", &out, in.dims, in.rank, "the input's shape"))
    return false;
  MlirContext ctx = mlirTypeGetContext(in.elem);
  bool floatOut = mlirTypeIsAF16(out.elem) || mlirTypeIsABF16(out.elem) || mlirTypeIsAF32(out.elem);
  if (!mlirValueIsNull(o[1]) && !floatOut) {
    bitblasEmitOpError(op, "a scale needs a float result (f16, bf16 or f32), got '%s'",
                       bitblasVerifyTypeText(out.elem).s);
    return false;
  }
  VerifyQuantParams q = {.w = &in, .scale = o[1], .zeros = o[2], .groupSize = groupSize,
                         .mode = mode, .weightName = "input"};
  bool f32Out = mlirTypeIsAF32(out.elem);
  q.scaleTypes[0] = f32Out || !floatOut ? mlirF32TypeGet(ctx) : out.elem;
  q.scaleTypes[1] = f32Out || !floatOut ? (MlirType){NULL} : mlirF32TypeGet(ctx);
  q.scaleTypesText = f32Out || !floatOut ? "f32"
                     : mlirTypeIsAF16(out.elem) ? "f16 or f32"
                                                : "bf16 or f32";
  return bitblasVerifyQuantParams(op, &q);
}
