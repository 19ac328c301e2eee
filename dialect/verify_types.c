/* The custom types' parameters: IRDL only checks their kinds (an integer, an
 * array, any attribute), so a lut with 3 values or an mx of block 0 parses. */
#include "internal.h"
#include "verify_common.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

static bool isBitblasType(MlirType type) {
  MlirDialect d = mlirTypeGetDialect(type);
  if (mlirDialectIsNull(d))
    return false;
  MlirStringRef ns = mlirDialectGetNamespace(d);
  return ns.length == 7 && memcmp(ns.data, "bitblas", 7) == 0;
}

static bool isLUTValueType(MlirType t) {
  return mlirTypeIsAF16(t) || mlirTypeIsABF16(t) || mlirTypeIsAF32(t);
}

static bool verifyLUT(MlirOperation op, MlirType type, const char *what) {
  MlirAttribute p[2];
  if (bitblasGetDynamicTypeParams(type, "lut", p, 2) != 2 || !mlirAttributeIsAInteger(p[0]) ||
      !mlirAttributeIsAArray(p[1])) {
    bitblasEmitOpError(op, "%s: !bitblas.lut needs parameters <bits : integer, [values]>, got '%s'",
                       what, bitblasVerifyTypeText(type).s);
    return false;
  }
  int64_t bits = mlirIntegerAttrGetValueInt(p[0]);
  if (bits < 1 || bits > 8) {
    bitblasEmitOpError(op, "%s: !bitblas.lut bits must be in 1..8, got %lld", what,
                       (long long)bits);
    return false;
  }
  intptr_t n = mlirArrayAttrGetNumElements(p[1]);
  if (n != ((intptr_t)1 << bits)) {
    bitblasEmitOpError(op, "%s: !bitblas.lut of %lld bits needs 2^%lld = %ld values, got %ld", what,
                       (long long)bits, (long long)bits, (long)((intptr_t)1 << bits), (long)n);
    return false;
  }
  MlirType valueType = {NULL};
  for (intptr_t i = 0; i < n; ++i) {
    MlirAttribute v = mlirArrayAttrGetElement(p[1], i);
    MlirType t = mlirAttributeIsAFloat(v) ? mlirAttributeGetType(v) : (MlirType){NULL};
    if (mlirTypeIsNull(t) || !isLUTValueType(t)) {
      bitblasEmitOpError(op, "%s: !bitblas.lut values must be f16, bf16 or f32 floats, value %ld is %s",
                         what, (long)i, bitblasVerifyAttrText(v).s);
      return false;
    }
    if (mlirTypeIsNull(valueType))
      valueType = t;
    if (!mlirTypeEqual(t, valueType)) {
      bitblasEmitOpError(op, "%s: !bitblas.lut values must all have one type: value 0 is '%s', value %ld is '%s'",
                         what, bitblasVerifyTypeText(valueType).s, (long)i,
                         bitblasVerifyTypeText(t).s);
      return false;
    }
  }
  return true;
}

static bool verifyMX(MlirOperation op, MlirType type, const char *what) {
  MlirAttribute p[3];
  if (bitblasGetDynamicTypeParams(type, "mx", p, 3) != 3) {
    bitblasEmitOpError(op, "%s: !bitblas.mx needs parameters <elem, block, scale>, got '%s'", what,
                       bitblasVerifyTypeText(type).s);
    return false;
  }
  MlirType elem = mlirAttributeIsAType(p[0]) ? mlirTypeAttrGetValue(p[0]) : (MlirType){NULL};
  if (mlirTypeIsNull(elem) || !mlirTypeIsAFloat(elem) || mlirFloatTypeGetWidth(elem) > 8) {
    bitblasEmitOpError(op, "%s: !bitblas.mx element must be a float type of at most 8 bits, got %s",
                       what, bitblasVerifyAttrText(p[0]).s);
    return false;
  }
  if (!mlirAttributeIsAInteger(p[1]) || mlirIntegerAttrGetValueInt(p[1]) <= 0) {
    bitblasEmitOpError(op, "%s: !bitblas.mx block must be a positive integer, got %s", what,
                       bitblasVerifyAttrText(p[1]).s);
    return false;
  }
  MlirType scale = mlirAttributeIsAType(p[2]) ? mlirTypeAttrGetValue(p[2]) : (MlirType){NULL};
  if (mlirTypeIsNull(scale) ||
      !(mlirTypeIsAFloat8E8M0FNU(scale) || mlirTypeIsAF16(scale) || mlirTypeIsAF32(scale))) {
    bitblasEmitOpError(op, "%s: !bitblas.mx scale must be f8E8M0FNU, f16 or f32, got %s", what,
                       bitblasVerifyAttrText(p[2]).s);
    return false;
  }
  return true;
}

bool bitblasVerifyCustomType(MlirOperation op, MlirType type, const char *what) {
  if (mlirTypeIsNull(type) || !isBitblasType(type))
    return true;
  /* nf4 / af4 have no parameters; anything else is lut or mx. */
  if (bitblasGetDynamicTypeParams(type, "lut", NULL, 0) >= 0)
    return verifyLUT(op, type, what);
  if (bitblasGetDynamicTypeParams(type, "mx", NULL, 0) >= 0)
    return verifyMX(op, type, what);
  return true;
}

unsigned bitblasVerifyLUTBits(MlirType type) {
  MlirAttribute p[1];
  if (mlirTypeIsNull(type) || !isBitblasType(type) || bitblasGetDynamicTypeParams(type, "lut", p, 1) < 1 ||
      !mlirAttributeIsAInteger(p[0]))
    return 0;
  int64_t bits = mlirIntegerAttrGetValueInt(p[0]);
  return bits >= 1 && bits <= 8 ? (unsigned)bits : 0;
}
