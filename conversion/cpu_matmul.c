/* bitblas.matmul -> linalg: decode generic (W' in the accumulate type; the
 * exact integer value for i8 activations) + contraction generic + epilogue
 * generic (per-group scale of the integer path, bias, output cast). */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

static bool isFloatAct(MlirType t) {
  return mlirTypeIsAF16(t) || mlirTypeIsABF16(t) || mlirTypeIsAF32(t) ||
         mlirTypeIsAFloat8E4M3FN(t) || mlirTypeIsAFloat8E5M2(t);
}
/* Float activation in the accumulate type, inside a body. */
static int emitActToAcc(CpuText *t, MlirType a, int x, MlirType acc) {
  if (mlirTypeEqual(a, acc))
    return x;
  return cpuEmitF32To(t, cpuEmitFloatToF32(t, a, x, "%atab"), acc);
}

/* Checks the type combination; fills in the accumulate type. */
static bool checkMatmulTypes(MlirOperation op, MlirType a, MlirType out, MlirType *acc,
                             const CpuWeightSource *w, bool hasScale, bool hasBias) {
  MlirContext ctx = mlirOperationGetContext(op);
  if (mlirTypeIsNull(*acc))
    *acc = mlirTypeIsAInteger(a) ? mlirIntegerTypeGet(ctx, 32) : mlirF32TypeGet(ctx);
  bool intW = w->kind == BITBLAS_WEIGHT_SIGNED_INT || w->kind == BITBLAS_WEIGHT_UNSIGNED_INT;
  const char *why = NULL;
  if (cpuIsSignlessInt(a, 8)) {
    if (!cpuIsSignlessInt(*acc, 32))
      why = "i8 activations accumulate in i32";
    else if (!intW)
      why = "i8 activations need integer weights";
    else if (!cpuIsPlainFloat(out) && !cpuIsSignlessInt(out, 32) && !cpuIsSignlessInt(out, 8))
      why = "the output must be i32, i8, f16, bf16 or f32";
    else if (mlirTypeIsAInteger(out) && (hasScale || hasBias))
      why = "integer outputs take no scale and no bias";
  } else if (isFloatAct(a)) {
    if (!mlirTypeIsAF32(*acc) && !mlirTypeIsAF16(*acc))
      why = "float activations accumulate in f16 or f32";
    else if (mlirTypeIsAF16(*acc) && (mlirTypeIsABF16(a) || mlirTypeIsAF32(a)))
      why = "f16 accumulation needs f16 or fp8 activations";
    else if (!cpuIsPlainFloat(out))
      why = "float activations need an f16, bf16 or f32 output";
  } else {
    why = "unsupported activation type";
  }
  if (why)
    bitblasEmitOpError(op, "no CPU lowering for a=%s w=%s accum=%s out=%s: %s", cpuTs(a).s,
                   cpuTs(w->elemType).s, cpuTs(*acc).s, cpuTs(out).s, why);
  return !why;
}

/* Epilogue: C[m, n] = out_cast(acc[m, n] (+ bias[n])), acc of float type accT. */
static int emitFloatEpilogue(CpuText *t, int acc, MlirType accT2, const char *biasName,
                             MlirType biasT, MlirType outT, const char *aName, MlirType aT,
                             const char *wName, MlirType wT) {
  MlirType accE = mlirShapedTypeGetElementType(accT2), outE = mlirShapedTypeGetElementType(outT);
  int empty = cpuEmitEmpty2(t, outT, aName, aT, wName, wT);
  int r = cpuTextFresh(t);
  cpuTextPrintf(t, "    %%v%d = linalg.generic {indexing_maps = [affine_map<(m, n) -> (m, n)>, ",
                r);
  if (biasName)
    cpuTextPrintf(t, "affine_map<(m, n) -> (n)>, ");
  cpuTextPrintf(t,
                "affine_map<(m, n) -> (m, n)>], iterator_types = [\"parallel\", \"parallel\"]}"
                " ins(%%v%d",
                acc);
  if (biasName)
    cpuTextPrintf(t, ", %s", biasName);
  cpuTextPrintf(t, " : %s", cpuTs(accT2).s);
  if (biasName)
    cpuTextPrintf(t, ", %s", cpuTs(biasT).s);
  int x = cpuTextFresh(t), b = cpuTextFresh(t), o = cpuTextFresh(t);
  cpuTextPrintf(t, ") outs(%%v%d : %s) {\n  ^bb0(%%v%d: %s", empty, cpuTs(outT).s, x,
                cpuTs(accE).s);
  if (biasName)
    cpuTextPrintf(t, ", %%v%d: %s", b, cpuTs(mlirShapedTypeGetElementType(biasT)).s);
  cpuTextPrintf(t, ", %%v%d: %s):\n", o, cpuTs(outE).s);
  int v = x;
  if (mlirTypeIsAInteger(accE)) { /* i8 activations without a scale, float output */
    v = cpuTextOp(t, "arith.sitofp %%v%d : %s to f32", v, cpuTs(accE).s);
    accE = mlirF32TypeGet(mlirTypeGetContext(accE));
  }
  if (biasName) {
    int bv = emitActToAcc(t, mlirShapedTypeGetElementType(biasT), b, accE);
    v = cpuTextOp(t, "arith.addf %%v%d, %%v%d : %s", v, bv, cpuTs(accE).s);
  }
  if (!mlirTypeEqual(accE, outE))
    v = cpuEmitF32To(t, cpuEmitFloatToF32(t, accE, v, NULL), outE);
  cpuTextPrintf(t, "    linalg.yield %%v%d : %s\n  } -> %s\n", v, cpuTs(outE).s, cpuTs(outT).s);
  return r;
}

/* i32 -> i8 with saturation. */
static int emitSaturateI8(CpuText *t, int acc, MlirType accT2, MlirType outT, const char *aName,
                          MlirType aT, const char *wName, MlirType wT) {
  int empty = cpuEmitEmpty2(t, outT, aName, aT, wName, wT);
  int lo = cpuTextOp(t, "arith.constant -128 : i32");
  int hi = cpuTextOp(t, "arith.constant 127 : i32");
  int r = cpuTextFresh(t), x = cpuTextFresh(t), o = cpuTextFresh(t);
  cpuTextPrintf(t,
                "    %%v%d = linalg.generic {indexing_maps = [affine_map<(m, n) -> (m, n)>, "
                "affine_map<(m, n) -> (m, n)>], iterator_types = [\"parallel\", \"parallel\"]}"
                " ins(%%v%d : %s) outs(%%v%d : %s) {\n  ^bb0(%%v%d: i32, %%v%d: i8):\n",
                r, acc, cpuTs(accT2).s, empty, cpuTs(outT).s, x, o);
  int v = cpuTextOp(t, "arith.maxsi %%v%d, %%v%d : i32", x, lo);
  v = cpuTextOp(t, "arith.minsi %%v%d, %%v%d : i32", v, hi);
  v = cpuTextOp(t, "arith.trunci %%v%d : i32 to i8", v);
  cpuTextPrintf(t, "    linalg.yield %%v%d : i8\n  } -> %s\n", v, cpuTs(outT).s);
  return r;
}

/* What the contraction emitters read: A, the decoded W' and the shapes. */
typedef struct MatmulParts {
  CpuText *t;
  const char *aName;
  MlirType aT, aE;
  int wd; /* SSA id of W'[n, k] */
  MlirType wdT, acc;
  int64_t m, n, k; /* m may be dynamic */
} MatmulParts;

/* acc[m, n] = sum_k A[m, k] * W'[n, k] in the accumulate type. */
static int emitContraction(const MatmulParts *mp, MlirType accT2) {
  CpuText *t = mp->t;
  char wdN[16];
  snprintf(wdN, sizeof wdN, "%%v%d", mp->wd);
  int accEmpty = cpuEmitEmpty2(t, accT2, mp->aName, mp->aT, wdN, mp->wdT);
  int init = cpuEmitZeroFill(t, accEmpty, accT2);
  int sum = cpuTextFresh(t);
  int x = cpuTextFresh(t), y = cpuTextFresh(t), z = cpuTextFresh(t);
  cpuTextPrintf(t,
                "    %%v%d = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
                "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>], "
                "iterator_types = [\"parallel\", \"parallel\", \"reduction\"]} "
                "ins(%s, %%v%d : %s, %s) outs(%%v%d : %s) {\n  ^bb0(%%v%d: %s, %%v%d: %s, "
                "%%v%d: %s):\n",
                sum, mp->aName, mp->wd, cpuTs(mp->aT).s, cpuTs(mp->wdT).s, init, cpuTs(accT2).s, x,
                cpuTs(mp->aE).s, y, cpuTs(mp->acc).s, z, cpuTs(mp->acc).s);
  int p;
  if (mlirTypeIsAInteger(mp->acc)) {
    int ax = cpuTextOp(t, "arith.extsi %%v%d : i8 to i32", x);
    p = cpuTextOp(t, "arith.muli %%v%d, %%v%d : i32", ax, y);
    p = cpuTextOp(t, "arith.addi %%v%d, %%v%d : i32", z, p);
  } else {
    int ax = emitActToAcc(t, mp->aE, x, mp->acc);
    p = cpuTextOp(t, "arith.mulf %%v%d, %%v%d : %s", ax, y, cpuTs(mp->acc).s);
    p = cpuTextOp(t, "arith.addf %%v%d, %%v%d : %s", z, p, cpuTs(mp->acc).s);
  }
  cpuTextPrintf(t, "    linalg.yield %%v%d : %s\n  } -> %s\n", p, cpuTs(mp->acc).s, cpuTs(accT2).s);
  return sum;
}

/* acc[m, n] = sum_g s[n, g] * (sum_{k in g} A * q) for i8 activations: exact
 * i32 partial sums over [M, N, groups], reduced with the scale in f32.
 * Sets *accT2 to the f32 [M, N] result type. */
static int emitGroupedSum(const MatmulParts *mp, int64_t g, const char *sN, MlirType sT,
                          MlirType *accT2) {
  CpuText *t = mp->t;
  MlirContext ctx = mlirTypeGetContext(mp->acc);
  int64_t m = mp->m, n = mp->n, groups = mp->k / g;
  MlirType i8 = mlirIntegerTypeGet(ctx, 8), i32 = mp->acc, f32 = mlirF32TypeGet(ctx);
  MlirType a3 = mlirRankedTensorTypeGet(
      3, (int64_t[]){mlirShapedTypeGetDimSize(mp->aT, 0), groups, g}, i8, mlirAttributeGetNull());
  MlirType w3 = mlirRankedTensorTypeGet(3, (int64_t[]){n, groups, g}, i32, mlirAttributeGetNull());
  MlirType p3 = mlirRankedTensorTypeGet(3, (int64_t[]){m, n, groups}, i32, mlirAttributeGetNull());
  int c0 = cpuTextOp(t, "arith.constant 0 : index");
  int mdim = cpuTextOp(t, "tensor.dim %s, %%v%d : %s", mp->aName, c0, cpuTs(mp->aT).s);
  int ae = cpuTextOp(
      t, "tensor.expand_shape %s [[0], [1, 2]] output_shape [%%v%d, %lld, %lld] : %s into %s",
      mp->aName, mdim, (long long)groups, (long long)g, cpuTs(mp->aT).s, cpuTs(a3).s);
  int we = cpuTextOp(
      t, "tensor.expand_shape %%v%d [[0], [1, 2]] output_shape [%lld, %lld, %lld] : %s into %s",
      mp->wd, (long long)n, (long long)groups, (long long)g, cpuTs(mp->wdT).s, cpuTs(w3).s);
  int pe = m < 0 ? cpuTextOp(t, "tensor.empty(%%v%d) : %s", mdim, cpuTs(p3).s)
                 : cpuTextOp(t, "tensor.empty() : %s", cpuTs(p3).s);
  int pi = cpuEmitZeroFill(t, pe, p3);
  int part = cpuTextFresh(t);
  int x = cpuTextFresh(t), y = cpuTextFresh(t), z = cpuTextFresh(t);
  cpuTextPrintf(
      t,
      "    %%v%d = linalg.generic {indexing_maps = [affine_map<(m, n, g, k) -> (m, g, k)>, "
      "affine_map<(m, n, g, k) -> (n, g, k)>, affine_map<(m, n, g, k) -> (m, n, g)>], "
      "iterator_types = [\"parallel\", \"parallel\", \"parallel\", \"reduction\"]} "
      "ins(%%v%d, %%v%d : %s, %s) outs(%%v%d : %s) {\n  ^bb0(%%v%d: i8, %%v%d: i32, "
      "%%v%d: i32):\n",
      part, ae, we, cpuTs(a3).s, cpuTs(w3).s, pi, cpuTs(p3).s, x, y, z);
  int ax = cpuTextOp(t, "arith.extsi %%v%d : i8 to i32", x);
  int p = cpuTextOp(t, "arith.muli %%v%d, %%v%d : i32", ax, y);
  p = cpuTextOp(t, "arith.addi %%v%d, %%v%d : i32", z, p);
  cpuTextPrintf(t, "    linalg.yield %%v%d : i32\n  } -> %s\n", p, cpuTs(p3).s);
  *accT2 = mlirRankedTensorTypeGet(2, (int64_t[]){m, n}, f32, mlirAttributeGetNull());
  int fe = m < 0 ? cpuTextOp(t, "tensor.empty(%%v%d) : %s", mdim, cpuTs(*accT2).s)
                 : cpuTextOp(t, "tensor.empty() : %s", cpuTs(*accT2).s);
  int fi = cpuEmitZeroFill(t, fe, *accT2);
  int sum = cpuTextFresh(t);
  x = cpuTextFresh(t), y = cpuTextFresh(t), z = cpuTextFresh(t);
  cpuTextPrintf(t,
                "    %%v%d = linalg.generic {indexing_maps = [affine_map<(m, n, g) -> (m, n, g)>, "
                "affine_map<(m, n, g) -> (n, g)>, affine_map<(m, n, g) -> (m, n)>], "
                "iterator_types = [\"parallel\", \"parallel\", \"reduction\"]} "
                "ins(%%v%d, %s : %s, %s) outs(%%v%d : %s) {\n  ^bb0(%%v%d: i32, %%v%d: %s, "
                "%%v%d: f32):\n",
                sum, part, sN, cpuTs(p3).s, cpuTs(sT).s, fi, cpuTs(*accT2).s, x, y,
                cpuTs(mlirShapedTypeGetElementType(sT)).s, z);
  int pf = cpuTextOp(t, "arith.sitofp %%v%d : i32 to f32", x);
  int sf = cpuEmitFloatToF32(t, mlirShapedTypeGetElementType(sT), y, NULL);
  p = cpuTextOp(t, "arith.mulf %%v%d, %%v%d : f32", pf, sf);
  p = cpuTextOp(t, "arith.addf %%v%d, %%v%d : f32", z, p);
  cpuTextPrintf(t, "    linalg.yield %%v%d : f32\n  } -> %s\n", p, cpuTs(*accT2).s);
  return sum;
}

MlirLogicalResult cpuLowerMatmul(MlirOperation op) {
  BitblasMatmulOperands o = bitblasMatmulGetOperands(op);
  MlirType outT = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (mlirValueIsNull(o.a) || mlirValueIsNull(o.w) || !mlirTypeIsARankedTensor(outT) ||
      mlirShapedTypeGetRank(mlirValueGetType(o.a)) != 2 ||
      mlirShapedTypeGetRank(mlirValueGetType(o.w)) != 2 || mlirShapedTypeGetRank(outT) != 2) {
    bitblasEmitOpError(op, "expects a [M, K], w [N, K] and a [M, N] result");
    return mlirLogicalResultFailure();
  }
  CpuWeightSource w;
  if (!cpuResolveWeight(op, o.w, &w))
    return mlirLogicalResultFailure();
  MlirType aE = cpuElemOf(o.a), outE = mlirShapedTypeGetElementType(outT);
  MlirType acc = bitblasMatmulGetAccumType(op);
  if (!checkMatmulTypes(op, aE, outE, &acc, &w, !mlirValueIsNull(o.scale),
                        !mlirValueIsNull(o.bias)))
    return mlirLogicalResultFailure();
  MlirValue plain[2] = {o.scale, o.bias};
  for (int i = 0; i < 2; ++i)
    if (!mlirValueIsNull(plain[i]) && !cpuIsPlainFloat(cpuElemOf(plain[i]))) {
      bitblasEmitOpError(op, "%s element type %s has no CPU lowering (expected f16, bf16 or f32)",
                     i ? "bias" : "scale", cpuTs(cpuElemOf(plain[i])).s);
      return mlirLogicalResultFailure();
    }
  MlirType wT = mlirValueGetType(o.w);
  int64_t n = mlirShapedTypeGetDimSize(wT, 0), k = mlirShapedTypeGetDimSize(wT, 1);
  int64_t g = cpuResolveGroup(op, k);
  BitblasZerosMode zm = bitblasMatmulGetZerosMode(op);
  if (g < 0)
    return mlirLogicalResultFailure();
  if (zm == BITBLAS_ZEROS_INVALID) {
    bitblasEmitOpError(op, "unknown zeros_mode");
    return mlirLogicalResultFailure();
  }
  bool intPath = mlirTypeIsAInteger(acc);

  CpuText t;
  CpuArgs args = {0};
  cpuTemplateBegin(&t);
  const char *aN = cpuTemplateArg(&args, &t, o.a, "a");
  const char *wN = cpuTemplateArg(&args, &t, w.value, "w");
  const char *sN = cpuTemplateArg(&args, &t, o.scale, "scale");
  const char *zN = cpuTemplateArg(&args, &t, o.zeros, "zeros");
  const char *bN = cpuTemplateArg(&args, &t, o.bias, "bias");
  const char *lN = cpuTemplateArg(&args, &t, o.lut, "lut");
  cpuTemplateBody(&t, op);

  /* W'[n, k]: the accumulate type (float path, scale and zeros folded in) or
   * the exact integer value (integer path; the scale applies per group). */
  CpuDecodeSpec spec = {
      .src = w,
      .srcName = wN,
      .scaleName = intPath ? NULL : sN,
      .zerosName = zN,
      .lutName = lN,
      .scaleType = mlirValueIsNull(o.scale) ? (MlirType){NULL} : mlirValueGetType(o.scale),
      .zerosType = mlirValueIsNull(o.zeros) ? (MlirType){NULL} : mlirValueGetType(o.zeros),
      .lutType = mlirValueIsNull(o.lut) ? (MlirType){NULL} : mlirValueGetType(o.lut),
      .groupSize = g,
      .zerosMode = zm,
      .outElem = acc,
      .outType = mlirRankedTensorTypeGet(2, (int64_t[]){n, k}, acc, mlirAttributeGetNull())};
  int wd = cpuEmitDecode(&t, op, &spec);
  if (wd < 0) {
    cpuTextFree(&t);
    return mlirLogicalResultFailure();
  }
  if (cpuTypeIsSmallFloat(aE))
    cpuEmitFloatTable(&t, aE, "%atab");
  MlirType aT = mlirValueGetType(o.a), wdT = spec.outType;
  char wdN[16];
  snprintf(wdN, sizeof wdN, "%%v%d", wd);
  MlirType accT2 = mlirRankedTensorTypeGet(2, (int64_t[]){mlirShapedTypeGetDimSize(outT, 0), n},
                                           acc, mlirAttributeGetNull());
  MatmulParts mp = {&t, aN, aT, aE, wd, wdT, acc, mlirShapedTypeGetDimSize(outT, 0), n, k};
  int sum = intPath && sN ? emitGroupedSum(&mp, g, sN, mlirValueGetType(o.scale), &accT2)
                          : emitContraction(&mp, accT2);

  int result;
  MlirType sumE = mlirShapedTypeGetElementType(accT2);
  if (mlirTypeEqual(sumE, outE) && !bN)
    result = sum;
  else if (cpuIsSignlessInt(outE, 8))
    result = emitSaturateI8(&t, sum, accT2, outT, aN, aT, wdN, wdT);
  else
    result = emitFloatEpilogue(&t, sum, accT2, bN, bN ? mlirValueGetType(o.bias) : (MlirType){NULL},
                               outT, aN, aT, wdN, wdT);
  return cpuTemplateFinish(op, &t, &args, result);
}
