/* Group size, scale and zeros: one set of rules for bitblas.matmul (weight
 * [N, K]) and bitblas.tile_convert (input [..., K]). Formulas: docs/semantics.md. */
#include "verify_common.h"

#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

static bool verifyZerosPresence(MlirOperation op, const VerifyQuantParams *p) {
  bool hasZeros = !mlirValueIsNull(p->zeros), hasScale = !mlirValueIsNull(p->scale);
  const char *mode = bitblasZerosModeGetName(p->mode);
  if (p->mode == BITBLAS_ZEROS_NONE && hasZeros) {
    bitblasEmitOpError(op, "zeros operand given but zeros_mode is 'none' (expected 'original', "
                           "'rescale' or 'quantized')");
    return false;
  }
  if (p->mode != BITBLAS_ZEROS_NONE && !hasZeros) {
    bitblasEmitOpError(op, "zeros_mode '%s' needs a zeros operand", mode);
    return false;
  }
  if (hasZeros && !hasScale) {
    bitblasEmitOpError(op, "zeros operand needs a scale operand");
    return false;
  }
  if (p->mode != BITBLAS_ZEROS_NONE && !bitblasVerifyIsUnsignedWeight(p->w->elem)) {
    bitblasEmitOpError(op, "zeros mode '%s' needs an unsigned integer %s type, got '%s'", mode,
                       p->weightName, bitblasVerifyTypeText(p->w->elem).s);
    return false;
  }
  return true;
}

static bool verifyGroup(MlirOperation op, const VerifyQuantParams *p, int64_t k) {
  if (p->groupSize < 0) {
    bitblasEmitOpError(op, "group_size must be >= 0 (0 means per-channel), got %lld",
                       (long long)p->groupSize);
    return false;
  }
  if (mlirValueIsNull(p->scale)) {
    if (p->groupSize != 0) {
      bitblasEmitOpError(op, "group_size %lld needs a scale operand (without one it must be 0)",
                         (long long)p->groupSize);
      return false;
    }
    return true;
  }
  if (bitblasVerifyIsDynamic(k)) {
    bitblasEmitOpError(op, "a scale needs a static K (last dim of the %s), got ?", p->weightName);
    return false;
  }
  if (p->groupSize > 0 && k % p->groupSize != 0) {
    bitblasEmitOpError(op, "group_size %lld must divide K = %lld", (long long)p->groupSize,
                       (long long)k);
    return false;
  }
  return true;
}

static bool verifyScaleType(MlirOperation op, const VerifyQuantParams *p, MlirType t) {
  for (int i = 0; i < 2; ++i)
    if (!mlirTypeIsNull(p->scaleTypes[i]) && mlirTypeEqual(t, p->scaleTypes[i]))
      return true;
  if (mlirTypeIsAFloat8E8M0FNU(t)) {
    /* Power-of-two block scales are the OCP MX format: only for its element types. */
    if (bitblasVerifyIsMXElement(p->w->elem))
      return true;
    bitblasEmitOpError(op, "scale element type 'f8E8M0FNU' needs an MX %s type (f8E4M3FN, f8E5M2, "
                           "f6E2M3FN, f6E3M2FN or f4E2M1FN), got '%s'",
                       p->weightName, bitblasVerifyTypeText(p->w->elem).s);
    return false;
  }
  bitblasEmitOpError(op, "scale element type must be %s, got '%s'", p->scaleTypesText,
                     bitblasVerifyTypeText(t).s);
  return false;
}

bool bitblasVerifyQuantParams(MlirOperation op, const VerifyQuantParams *p) {
  const VerifyTensor *w = p->w;
  int64_t k = w->rank > 0 ? w->dims[w->rank - 1] : mlirShapedTypeGetDynamicSize();
  if (!verifyZerosPresence(op, p) || !verifyGroup(op, p, k))
    return false;
  if (mlirValueIsNull(p->scale))
    return true;
  if (w->rank < 1) {
    bitblasEmitOpError(op, "a scale needs a %s of rank >= 1", p->weightName);
    return false;
  }
  VerifyTensor scale;
  if (!bitblasVerifyTensor(op, p->scale, "scale", w->rank, &scale))
    return false;
  int64_t g = p->groupSize ? p->groupSize : k;
  int64_t expected[kVerifyMaxRank];
  for (intptr_t i = 0; i + 1 < w->rank; ++i)
    expected[i] = w->dims[i];
  expected[w->rank - 1] = k / g;
  char formula[96];
  snprintf(formula, sizeof formula, "[%s, K/G] with K = %lld, G = %lld",
           w->rank == 2 ? "N" : "...", (long long)k, (long long)g);
  if (!bitblasVerifyShapeEquals(op, "scale", &scale, expected, w->rank, formula) ||
      !verifyScaleType(op, p, scale.elem))
    return false;
  if (mlirValueIsNull(p->zeros))
    return true;
  VerifyTensor zeros;
  if (!bitblasVerifyTensor(op, p->zeros, "zeros", w->rank, &zeros) ||
      !bitblasVerifyShapeEquals(op, "zeros", &zeros, expected, w->rank, "the scale's shape"))
    return false;
  bool quantized = p->mode == BITBLAS_ZEROS_QUANTIZED;
  MlirType want = quantized ? w->elem : scale.elem;
  if (!mlirTypeEqual(zeros.elem, want)) {
    bitblasEmitOpError(op, "zeros mode '%s' needs zeros of the %s's type '%s', got '%s'",
                       bitblasZerosModeGetName(p->mode), quantized ? p->weightName : "scale",
                       bitblasVerifyTypeText(want).s, bitblasVerifyTypeText(zeros.elem).s);
    return false;
  }
  return true;
}
