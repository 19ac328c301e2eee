/* Weight decode for the CPU path: W'[.., k] of docs/semantics.md as one
 * linalg.generic, reading either the packed i8 storage or a logical tensor. */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

static unsigned intWidth(MlirType t) { return mlirIntegerTypeGetWidth(t); }

/* Reinterprets integer SSA id `x` of type `type` as signless (ui4 -> i4):
 * arith only takes signless integers; the cast vanishes in the LLVM lowering. */
static int toSignless(CpuText *t, int x, MlirType type) {
  if (mlirIntegerTypeIsSignless(type))
    return x;
  char ts[64];
  return cpuTextOp(t, "builtin.unrealized_conversion_cast %%v%d : %s to i%u", x,
                   cpuTypeStr(type, ts, sizeof ts), intWidth(type));
}

int cpuEmitFloatToF32(CpuText *t, MlirType type, int x, const char *tableName) {
  char ts[64];
  cpuTypeStr(type, ts, sizeof ts);
  if (mlirTypeIsAF32(type))
    return x;
  if (mlirTypeIsAF16(type) || mlirTypeIsABF16(type))
    return cpuTextOp(t, "arith.extf %%v%d : %s to f32", x, ts);
  if (mlirTypeIsAF64(type))
    return cpuTextOp(t, "arith.truncf %%v%d : f64 to f32", x);
  unsigned bits = mlirFloatTypeGetWidth(type);
  int code = cpuTextOp(t, "arith.bitcast %%v%d : %s to i%u", x, ts, bits);
  int idx = cpuTextOp(t, "arith.index_castui %%v%d : i%u to index", code, bits);
  return cpuTextOp(t, "tensor.extract %s[%%v%d] : tensor<%uxf32>", tableName, idx, 1u << bits);
}

int cpuEmitF32To(CpuText *t, int x, MlirType to) {
  char ts[64];
  cpuTypeStr(to, ts, sizeof ts);
  if (mlirTypeIsAF32(to))
    return x;
  if (mlirTypeIsAF64(to))
    return cpuTextOp(t, "arith.extf %%v%d : f32 to f64", x);
  return cpuTextOp(t, "arith.truncf %%v%d : f32 to %s", x, ts);
}

bool cpuResolveWeight(MlirOperation user, MlirValue w, CpuWeightSource *src) {
  memset(src, 0, sizeof *src);
  MlirType wt = mlirValueGetType(w);
  if (!mlirTypeIsARankedTensor(wt)) {
    bitblasEmitOpError(user, "weight must be a ranked tensor");
    return false;
  }
  MlirType elem = mlirShapedTypeGetElementType(wt);
  char ts[256];
  src->elemType = elem;
  src->kind = bitblasWeightTypeGetKind(elem);
  src->bits = bitblasWeightTypeGetBitWidth(elem);
  if (src->kind == BITBLAS_WEIGHT_INVALID && (mlirTypeIsAF32(elem) || mlirTypeIsAF64(elem))) {
    src->kind = BITBLAS_WEIGHT_FLOAT; /* plain float -> float conversions of tile_convert */
    src->bits = mlirFloatTypeGetWidth(elem);
  }
  if (src->kind == BITBLAS_WEIGHT_INVALID || bitblasTypeIsMX(elem)) {
    bitblasEmitOpError(user, "weight element type %s has no CPU lowering",
                   cpuTypeStr(elem, ts, sizeof ts));
    return false;
  }
  int64_t rank = mlirShapedTypeGetRank(wt);
  MlirOperation def = mlirOpResultGetOwner(w);
  if (mlirValueIsAOpResult(w) && bitblasOpIsBitblas(def)) {
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(def));
    if (n.length == strlen("bitblas.dequantize") &&
        !memcmp(n.data, "bitblas.dequantize", n.length)) {
      MlirValue storage = mlirOperationGetOperand(def, 0);
      MlirType st = mlirValueGetType(storage);
      if (!mlirTypeIsARankedTensor(st) || mlirShapedTypeGetRank(st) != rank ||
          !mlirTypeIsAInteger(mlirShapedTypeGetElementType(st)) ||
          intWidth(mlirShapedTypeGetElementType(st)) != 8) {
        bitblasEmitOpError(user, "dequantize input must be an i8 tensor of the weight's rank");
        return false;
      }
      int64_t k = mlirShapedTypeGetDimSize(wt, rank - 1);
      int64_t kb = mlirShapedTypeGetDimSize(st, rank - 1);
      if (mlirShapedTypeIsDynamicDim(wt, rank - 1) || (k * src->bits) % 8 != 0 ||
          (!mlirShapedTypeIsDynamicDim(st, rank - 1) && kb != k * src->bits / 8)) {
        bitblasEmitOpError(user,
                       "storage of %lld x %s needs %lld bytes per row (K static, K * bits "
                       "a multiple of 8)",
                       (long long)k, cpuTypeStr(elem, ts, sizeof ts),
                       (long long)(k * src->bits / 8));
        return false;
      }
      src->value = storage;
      src->fromStorage = true;
      return true;
    }
  }
  if (src->kind == BITBLAS_WEIGHT_TABLE) {
    bitblasEmitOpError(user,
                   "a logical %s tensor has no CPU representation: pass its i8 storage "
                   "through bitblas.dequantize",
                   cpuTypeStr(elem, ts, sizeof ts));
    return false;
  }
  src->value = w;
  return true;
}

/* `(d0, .., dR-1) -> (d0, .., dR-2, <last>)` */
static void emitMap(CpuText *t, int64_t rank, const char *lastFmt, long long a, long long b) {
  cpuTextPrintf(t, "affine_map<(");
  for (int64_t i = 0; i < rank; ++i)
    cpuTextPrintf(t, "%sd%lld", i ? ", " : "", (long long)i);
  cpuTextPrintf(t, ") -> (");
  for (int64_t i = 0; i + 1 < rank; ++i)
    cpuTextPrintf(t, "d%lld, ", (long long)i);
  char last[64];
  snprintf(last, sizeof last, lastFmt, (long long)(rank - 1), a, b);
  cpuTextPrintf(t, "%s)>", last);
}

/* The code of the current element as i32, from the body arguments. */
static int emitCode(CpuText *t, const CpuDecodeSpec *s, int64_t rank, int arg0, int arg1) {
  const CpuWeightSource *w = &s->src;
  MlirType srcElem = mlirShapedTypeGetElementType(mlirValueGetType(w->value));
  unsigned b = w->bits;
  if (!w->fromStorage) {
    int x = arg0;
    if (mlirTypeIsAFloat(srcElem)) /* small floats: their bit pattern */
      x = cpuTextOp(t, "arith.bitcast %%v%d : %s to i%u", x, cpuTypeStr(srcElem, (char[64]){0}, 64),
                    b);
    else
      x = toSignless(t, x, srcElem);
    return b == 32 ? x : cpuTextOp(t, "arith.extui %%v%d : i%u to i32", x, b);
  }
  if (b == 16) {
    int lo = cpuTextOp(t, "arith.extui %%v%d : i8 to i32", toSignless(t, arg0, srcElem));
    int hi = cpuTextOp(t, "arith.extui %%v%d : i8 to i32", toSignless(t, arg1, srcElem));
    int c8 = cpuTextOp(t, "arith.constant 8 : i32");
    int hs = cpuTextOp(t, "arith.shli %%v%d, %%v%d : i32", hi, c8);
    return cpuTextOp(t, "arith.ori %%v%d, %%v%d : i32", lo, hs);
  }
  if (b == 8)
    return cpuTextOp(t, "arith.extui %%v%d : i8 to i32", toSignless(t, arg0, srcElem));
  int k = cpuTextOp(t, "linalg.index %lld : index", (long long)(rank - 1));
  int byte, shift;
  if (8 % b == 0) {
    byte = cpuTextOp(t, "arith.extui %%v%d : i8 to i32", toSignless(t, arg0, srcElem));
    int per = cpuTextOp(t, "arith.constant %u : index", 8 / b);
    int rem = cpuTextOp(t, "arith.remui %%v%d, %%v%d : index", k, per);
    int bw = cpuTextOp(t, "arith.constant %u : index", b);
    int sh = cpuTextOp(t, "arith.muli %%v%d, %%v%d : index", rem, bw);
    shift = cpuTextOp(t, "arith.index_castui %%v%d : index to i32", sh);
  } else {
    /* Fields of 3, 5, 6, 7 bits may straddle two bytes: gather both (the
     * second clamped to the row) and shift the 16-bit window. */
    char st[256];
    cpuTypeStr(mlirValueGetType(w->value), st, sizeof st);
    int64_t rowBytes = mlirShapedTypeGetDimSize(mlirValueGetType(w->value), rank - 1);
    int bw = cpuTextOp(t, "arith.constant %u : index", b);
    int bit = cpuTextOp(t, "arith.muli %%v%d, %%v%d : index", k, bw);
    int c8 = cpuTextOp(t, "arith.constant 8 : index");
    int c1 = cpuTextOp(t, "arith.constant 1 : index");
    int last = cpuTextOp(t, "arith.constant %lld : index", (long long)(rowBytes - 1));
    int i0 = cpuTextOp(t, "arith.divui %%v%d, %%v%d : index", bit, c8);
    int off = cpuTextOp(t, "arith.remui %%v%d, %%v%d : index", bit, c8);
    int i1p = cpuTextOp(t, "arith.addi %%v%d, %%v%d : index", i0, c1);
    int i1 = cpuTextOp(t, "arith.minui %%v%d, %%v%d : index", i1p, last);
    int lead[8];
    for (int64_t d = 0; d + 1 < rank && d < 8; ++d)
      lead[d] = cpuTextOp(t, "linalg.index %lld : index", (long long)d);
    int bytes[2], idx[2] = {i0, i1};
    for (int j = 0; j < 2; ++j) {
      int id = cpuTextFresh(t);
      cpuTextPrintf(t, "    %%v%d = tensor.extract %s[", id, s->srcName);
      for (int64_t d = 0; d + 1 < rank && d < 8; ++d)
        cpuTextPrintf(t, "%%v%d, ", lead[d]);
      cpuTextPrintf(t, "%%v%d] : %s\n", idx[j], st);
      bytes[j] = cpuTextOp(t, "arith.extui %%v%d : i8 to i32", toSignless(t, id, srcElem));
    }
    int c8i = cpuTextOp(t, "arith.constant 8 : i32");
    int hs = cpuTextOp(t, "arith.shli %%v%d, %%v%d : i32", bytes[1], c8i);
    byte = cpuTextOp(t, "arith.ori %%v%d, %%v%d : i32", bytes[0], hs);
    shift = cpuTextOp(t, "arith.index_castui %%v%d : index to i32", off);
  }
  int v = cpuTextOp(t, "arith.shrui %%v%d, %%v%d : i32", byte, shift);
  int mask = cpuTextOp(t, "arith.constant %u : i32", (1u << b) - 1);
  return cpuTextOp(t, "arith.andi %%v%d, %%v%d : i32", v, mask);
}

/* Integer value of an integer code (i1: -1/+1), as i32. */
static int emitIntValue(CpuText *t, const CpuWeightSource *w, int code) {
  if (w->kind == BITBLAS_WEIGHT_UNSIGNED_INT)
    return code;
  if (w->bits == 1) {
    int two = cpuTextOp(t, "arith.constant 2 : i32");
    int one = cpuTextOp(t, "arith.constant 1 : i32");
    int d = cpuTextOp(t, "arith.muli %%v%d, %%v%d : i32", code, two);
    return cpuTextOp(t, "arith.subi %%v%d, %%v%d : i32", d, one);
  }
  int tr = cpuTextOp(t, "arith.trunci %%v%d : i32 to i%u", code, w->bits);
  return cpuTextOp(t, "arith.extsi %%v%d : i%u to i32", tr, w->bits);
}

/* f32 value of the current element (before scale and zeros). */
static int emitFloatValue(CpuText *t, const CpuDecodeSpec *s, int64_t rank, int arg0, int arg1) {
  const CpuWeightSource *w = &s->src;
  MlirType e = w->elemType;
  if (!w->fromStorage && w->kind == BITBLAS_WEIGHT_FLOAT && !cpuTypeIsSmallFloat(e))
    return cpuEmitFloatToF32(t, e, arg0, NULL);
  int code = emitCode(t, s, rank, arg0, arg1);
  if (s->lutName) { /* a lut operand maps uiN codes to values */
    char lt[128];
    MlirType le = mlirShapedTypeGetElementType(s->lutType);
    int idx = cpuTextOp(t, "arith.index_castui %%v%d : i32 to index", code);
    int v = cpuTextOp(t, "tensor.extract %s[%%v%d] : %s", s->lutName, idx,
                      cpuTypeStr(s->lutType, lt, sizeof lt));
    return cpuEmitFloatToF32(t, le, v, NULL);
  }
  switch (w->kind) {
  case BITBLAS_WEIGHT_SIGNED_INT:
    return cpuTextOp(t, "arith.sitofp %%v%d : i32 to f32", emitIntValue(t, w, code));
  case BITBLAS_WEIGHT_UNSIGNED_INT:
    return cpuTextOp(t, "arith.uitofp %%v%d : i32 to f32", code);
  default:
    break;
  }
  if (w->kind == BITBLAS_WEIGHT_FLOAT && w->bits >= 16) {
    char ts[64];
    int tr = cpuTextOp(t, "arith.trunci %%v%d : i32 to i%u", code, w->bits);
    int f =
        cpuTextOp(t, "arith.bitcast %%v%d : i%u to %s", tr, w->bits, cpuTypeStr(e, ts, sizeof ts));
    return cpuEmitFloatToF32(t, e, f, NULL);
  }
  int idx = cpuTextOp(t, "arith.index_castui %%v%d : i32 to index", code);
  return cpuTextOp(t, "tensor.extract %%wtab[%%v%d] : tensor<%uxf32>", idx, 1u << w->bits);
}

/* The zero point as f32 (float zeros) or i32 (quantized codes). */
static int emitZero(CpuText *t, const CpuDecodeSpec *s, int z, bool asInt) {
  MlirType ze = mlirShapedTypeGetElementType(s->zerosType);
  if (s->zerosMode != BITBLAS_ZEROS_QUANTIZED)
    return cpuEmitFloatToF32(t, ze, z, NULL);
  unsigned zb = intWidth(ze);
  int zc = cpuTextOp(t, "arith.extui %%v%d : i%u to i32", toSignless(t, z, ze), zb);
  return asInt ? zc : cpuTextOp(t, "arith.uitofp %%v%d : i32 to f32", zc);
}

static bool checkSpec(MlirOperation op, const CpuDecodeSpec *s) {
  const CpuWeightSource *w = &s->src;
  bool intOut = mlirTypeIsAInteger(s->outElem);
  char ts[256];
  cpuTypeStr(w->elemType, ts, sizeof ts);
  if (s->zerosMode != BITBLAS_ZEROS_NONE) {
    if (w->kind != BITBLAS_WEIGHT_UNSIGNED_INT) {
      bitblasEmitOpError(op, "zeros mode '%s' needs unsigned integer weights, not %s",
                     bitblasZerosModeGetName(s->zerosMode), ts);
      return false;
    }
    if (!s->zerosName || (!intOut && !s->scaleName)) {
      bitblasEmitOpError(op, "zeros mode '%s' needs a scale and zeros operand",
                     bitblasZerosModeGetName(s->zerosMode));
      return false;
    }
    MlirType ze = mlirShapedTypeGetElementType(s->zerosType);
    bool zInt = mlirTypeIsAInteger(ze) && intWidth(ze) <= 8;
    if ((s->zerosMode == BITBLAS_ZEROS_QUANTIZED) != zInt || (!zInt && !mlirTypeIsAFloat(ze))) {
      bitblasEmitOpError(op, "zeros of mode '%s' must be %s", bitblasZerosModeGetName(s->zerosMode),
                     s->zerosMode == BITBLAS_ZEROS_QUANTIZED ? "integer codes (<= 8 bits)"
                                                             : "float");
      return false;
    }
  } else if (s->zerosName) {
    bitblasEmitOpError(op, "zeros operand given with zeros mode 'none'");
    return false;
  }
  if (s->lutName && (w->kind != BITBLAS_WEIGHT_UNSIGNED_INT || mlirTypeIsAInteger(s->outElem) ||
                     mlirShapedTypeGetRank(s->lutType) != 1 ||
                     mlirShapedTypeGetDimSize(s->lutType, 0) != (int64_t)1 << w->bits)) {
    bitblasEmitOpError(op, "a lut operand needs uiN weights, a float result and 2^N entries");
    return false;
  }
  if (s->emitLogical) {
    if (w->kind == BITBLAS_WEIGHT_TABLE || s->scaleName || s->zerosName ||
        !mlirTypeEqual(s->outElem, w->elemType)) {
      bitblasEmitOpError(op, "cannot materialize a logical %s tensor on the CPU", ts);
      return false;
    }
  } else if (intOut) {
    if (w->kind != BITBLAS_WEIGHT_SIGNED_INT && w->kind != BITBLAS_WEIGHT_UNSIGNED_INT) {
      bitblasEmitOpError(op, "integer decode of non-integer weight type %s", ts);
      return false;
    }
    if (s->scaleName ||
        (s->zerosMode != BITBLAS_ZEROS_NONE && s->zerosMode != BITBLAS_ZEROS_QUANTIZED)) {
      bitblasEmitOpError(op, "integer decode takes no scale and only quantized zeros");
      return false;
    }
  }
  /* Scales such as MX's f8E8M0FNU would need their own decode table. */
  MlirType plain[3] = {s->scaleName ? mlirShapedTypeGetElementType(s->scaleType) : (MlirType){NULL},
                       s->zerosName && s->zerosMode != BITBLAS_ZEROS_QUANTIZED
                           ? mlirShapedTypeGetElementType(s->zerosType)
                           : (MlirType){NULL},
                       s->lutName ? mlirShapedTypeGetElementType(s->lutType) : (MlirType){NULL}};
  static const char *const plainNames[3] = {"scale", "zeros", "lut"};
  for (int i = 0; i < 3; ++i) {
    if (mlirTypeIsNull(plain[i]) || mlirTypeIsAF16(plain[i]) || mlirTypeIsABF16(plain[i]) ||
        mlirTypeIsAF32(plain[i]))
      continue;
    char et[64];
    bitblasEmitOpError(op, "%s element type %s has no CPU lowering (expected f16, bf16 or f32)",
                   plainNames[i], cpuTypeStr(plain[i], et, sizeof et));
    return false;
  }
  bool needsTable = w->kind == BITBLAS_WEIGHT_TABLE || cpuTypeIsSmallFloat(w->elemType);
  double values[256];
  unsigned count;
  if (needsTable && !s->lutName && !s->emitLogical && !cpuTableValues(w->elemType, values, &count)) {
    bitblasEmitOpError(op, "no value table for %s", ts);
    return false;
  }
  /* scale / zeros are [.., K / G]: check what is static. */
  int64_t rank = mlirShapedTypeGetRank(s->outType);
  int64_t k = mlirShapedTypeGetDimSize(s->outType, rank - 1);
  MlirType grouped[2] = {s->scaleName ? s->scaleType : (MlirType){NULL},
                         s->zerosName ? s->zerosType : (MlirType){NULL}};
  for (int i = 0; i < 2; ++i) {
    if (mlirTypeIsNull(grouped[i]))
      continue;
    if (mlirShapedTypeGetRank(grouped[i]) != rank ||
        (!mlirShapedTypeIsDynamicDim(grouped[i], rank - 1) &&
         mlirShapedTypeGetDimSize(grouped[i], rank - 1) != k / s->groupSize)) {
      bitblasEmitOpError(op, "%s must be [.., K / group_size] = [.., %lld]", i ? "zeros" : "scale",
                     (long long)(k / s->groupSize));
      return false;
    }
  }
  return true;
}

int cpuEmitDecode(CpuText *t, MlirOperation op, const CpuDecodeSpec *s) {
  if (!checkSpec(op, s))
    return -1;
  const CpuWeightSource *w = &s->src;
  int64_t rank = mlirShapedTypeGetRank(s->outType);
  bool intOut = mlirTypeIsAInteger(s->outElem);
  char srcT[256], outT[256], scT[256], zT[256], outE[64];
  cpuTypeStr(mlirValueGetType(w->value), srcT, sizeof srcT);
  cpuTypeStr(s->outType, outT, sizeof outT);
  cpuTypeStr(s->outElem, outE, sizeof outE);
  cpuTypeStr(s->scaleType, scT, sizeof scT);
  cpuTypeStr(s->zerosType, zT, sizeof zT);
  if (!s->lutName && !intOut && !s->emitLogical &&
      (w->kind == BITBLAS_WEIGHT_TABLE || cpuTypeIsSmallFloat(w->elemType)))
    cpuEmitFloatTable(t, w->elemType, "%wtab");

  /* Leading dimensions come from the source; the last one (K) is static. */
  int dims[8], ndyn = 0;
  for (int64_t d = 0; d + 1 < rank && ndyn < 8; ++d) {
    if (!mlirShapedTypeIsDynamicDim(s->outType, d))
      continue;
    int c = cpuTextOp(t, "arith.constant %lld : index", (long long)d);
    dims[ndyn++] = cpuTextOp(t, "tensor.dim %s, %%v%d : %s", s->srcName, c, srcT);
  }
  int empty = cpuTextFresh(t);
  cpuTextPrintf(t, "    %%v%d = tensor.empty(", empty);
  for (int i = 0; i < ndyn; ++i)
    cpuTextPrintf(t, "%s%%v%d", i ? ", " : "", dims[i]);
  cpuTextPrintf(t, ") : %s\n", outT);

  /* Inputs: the source (none when gathered in the body), scale, zeros. */
  const char *names[5];
  const char *types[5];
  int nin = 0;
  bool gathered = w->fromStorage && w->bits < 8 && 8 % w->bits != 0;
  int result = cpuTextFresh(t);
  cpuTextPrintf(t, "    %%v%d = linalg.generic {indexing_maps = [", result);
  if (!w->fromStorage) {
    emitMap(t, rank, "d%lld", 0, 0);
    names[nin] = s->srcName, types[nin++] = srcT;
  } else if (w->bits == 16) {
    emitMap(t, rank, "d%lld * 2", 0, 0);
    cpuTextPrintf(t, ", ");
    emitMap(t, rank, "d%lld * 2 + 1", 0, 0);
    names[nin] = s->srcName, types[nin++] = srcT;
    names[nin] = s->srcName, types[nin++] = srcT;
  } else if (!gathered) {
    emitMap(t, rank, w->bits == 8 ? "d%lld" : "d%lld floordiv %lld", 8 / w->bits, 0);
    names[nin] = s->srcName, types[nin++] = srcT;
  }
  int srcInputs = nin;
  const char *grouped[2] = {s->scaleName, s->zerosName};
  const char *groupedT[2] = {scT, zT};
  for (int i = 0; i < 2; ++i) {
    if (!grouped[i])
      continue;
    cpuTextPrintf(t, "%s", nin ? ", " : "");
    emitMap(t, rank, "d%lld floordiv %lld", s->groupSize, 0);
    names[nin] = grouped[i], types[nin++] = groupedT[i];
  }
  cpuTextPrintf(t, "%s", nin ? ", " : "");
  emitMap(t, rank, "d%lld", 0, 0);
  cpuTextPrintf(t, "], iterator_types = [");
  for (int64_t d = 0; d < rank; ++d)
    cpuTextPrintf(t, "%s\"parallel\"", d ? ", " : "");
  cpuTextPrintf(t, "]}");
  if (nin) {
    cpuTextPrintf(t, " ins(");
    for (int i = 0; i < nin; ++i)
      cpuTextPrintf(t, "%s%s", i ? ", " : "", names[i]);
    cpuTextPrintf(t, " : ");
    for (int i = 0; i < nin; ++i)
      cpuTextPrintf(t, "%s%s", i ? ", " : "", types[i]);
    cpuTextPrintf(t, ")");
  }
  cpuTextPrintf(t, " outs(%%v%d : %s) {\n  ^bb0(", empty, outT);
  int args[6];
  for (int i = 0; i <= nin; ++i) {
    args[i] = cpuTextFresh(t);
    char et[64];
    MlirType ty =
        i < nin ? mlirShapedTypeGetElementType(i < srcInputs ? mlirValueGetType(w->value)
                                               : (grouped[0] && i == srcInputs) ? s->scaleType
                                                                                : s->zerosType)
                : s->outElem;
    cpuTextPrintf(t, "%s%%v%d: %s", i ? ", " : "", args[i], cpuTypeStr(ty, et, sizeof et));
  }
  cpuTextPrintf(t, "):\n");
  int a0 = srcInputs > 0 ? args[0] : -1, a1 = srcInputs > 1 ? args[1] : -1;
  int sArg = s->scaleName ? args[srcInputs] : -1;
  int zArg = s->zerosName ? args[srcInputs + (s->scaleName ? 1 : 0)] : -1;
  int v;
  if (s->emitLogical) {
    /* Unpacking only: the code reinterpreted as the logical element type. */
    v = emitCode(t, s, rank, a0, a1);
    if (w->bits < 32)
      v = cpuTextOp(t, "arith.trunci %%v%d : i32 to i%u", v, w->bits);
    if (mlirTypeIsAFloat(s->outElem))
      v = cpuTextOp(t, "arith.bitcast %%v%d : i%u to %s", v, w->bits, outE);
    else if (!mlirIntegerTypeIsSignless(s->outElem))
      v = cpuTextOp(t, "builtin.unrealized_conversion_cast %%v%d : i%u to %s", v, w->bits, outE);
  } else if (intOut) {
    v = emitIntValue(t, w, emitCode(t, s, rank, a0, a1));
    if (s->zerosMode == BITBLAS_ZEROS_QUANTIZED)
      v = cpuTextOp(t, "arith.subi %%v%d, %%v%d : i32", v, emitZero(t, s, zArg, true));
    if (intWidth(s->outElem) < 32)
      v = cpuTextOp(t, "arith.trunci %%v%d : i32 to %s", v, outE);
  } else {
    v = emitFloatValue(t, s, rank, a0, a1);
    int sc = sArg >= 0
                 ? cpuEmitFloatToF32(t, mlirShapedTypeGetElementType(s->scaleType), sArg, NULL)
                 : -1;
    switch (s->zerosMode) {
    case BITBLAS_ZEROS_ORIGINAL:
    case BITBLAS_ZEROS_QUANTIZED:
      v = cpuTextOp(t, "arith.subf %%v%d, %%v%d : f32", v, emitZero(t, s, zArg, false));
      v = cpuTextOp(t, "arith.mulf %%v%d, %%v%d : f32", v, sc);
      break;
    case BITBLAS_ZEROS_RESCALE:
      v = cpuTextOp(t, "arith.mulf %%v%d, %%v%d : f32", v, sc);
      v = cpuTextOp(t, "arith.subf %%v%d, %%v%d : f32", v, emitZero(t, s, zArg, false));
      break;
    default:
      if (sc >= 0)
        v = cpuTextOp(t, "arith.mulf %%v%d, %%v%d : f32", v, sc);
      break;
    }
    v = cpuEmitF32To(t, v, s->outElem);
  }
  cpuTextPrintf(t, "    linalg.yield %%v%d : %s\n  } -> %s\n", v, outE, outT);
  return t->text.oom ? -1 : result;
}
