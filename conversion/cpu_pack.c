/* bitblas.quantize (logical low-bit tensor -> packed i8 storage) and a
 * bitblas.dequantize whose logical result is still used after its consumers
 * were lowered (storage -> logical tensor). */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinTypes.h"

/* The code of logical element SSA id `x` of `type`, as i32. */
static int emitLogicalCode(CpuText *t, MlirType type, int x) {
  unsigned b = bitblasWeightTypeGetBitWidth(type);
  if (mlirTypeIsAFloat(type))
    x = cpuTextOp(t, "arith.bitcast %%v%d : %s to i%u", x, cpuTs(type).s, b);
  else if (!mlirIntegerTypeIsSignless(type))
    x = cpuTextOp(t, "builtin.unrealized_conversion_cast %%v%d : %s to i%u", x, cpuTs(type).s, b);
  return cpuTextOp(t, "arith.extui %%v%d : i%u to i32", x, b);
}

/* quantize: out[.., j] = the bits of the elements that byte j holds. */
MlirLogicalResult cpuLowerQuantize(MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  MlirType inT = mlirValueGetType(in), outT = mlirValueGetType(res);
  if (mlirValueIsAOpResult(in) && cpuOpNameIs(mlirOpResultGetOwner(in), "bitblas.dequantize")) {
    MlirValue storage = mlirOperationGetOperand(mlirOpResultGetOwner(in), 0);
    if (mlirTypeEqual(mlirValueGetType(storage), outT)) { /* pack(unpack(x)) = x */
      mlirValueReplaceAllUsesOfWith(res, storage);
      mlirOperationDestroy(op);
      return mlirLogicalResultSuccess();
    }
  }
  MlirType e = mlirTypeIsARankedTensor(inT) ? mlirShapedTypeGetElementType(inT) : (MlirType){NULL};
  unsigned b = bitblasWeightTypeGetBitWidth(e);
  BitblasWeightKind kind = bitblasWeightTypeGetKind(e);
  int64_t rank = mlirTypeIsARankedTensor(inT) ? mlirShapedTypeGetRank(inT) : 0;
  if (kind == BITBLAS_WEIGHT_INVALID || kind == BITBLAS_WEIGHT_TABLE || !(b == 16 || 8 % b == 0) ||
      rank < 1 || rank > 8 || !mlirTypeIsARankedTensor(outT) ||
      mlirShapedTypeGetRank(outT) != rank ||
      !cpuIsSignlessInt(mlirShapedTypeGetElementType(outT), 8) ||
      mlirShapedTypeIsDynamicDim(outT, rank - 1)) {
    bitblasEmitOpError(op, "no CPU lowering for packing %s into %s", cpuTs(inT).s, cpuTs(outT).s);
    return mlirLogicalResultFailure();
  }
  CpuText t;
  CpuArgs args = {0};
  cpuTemplateBegin(&t);
  const char *iN = cpuTemplateArg(&args, &t, in, "in");
  cpuTemplateBody(&t, op);
  int dims[8], nd = 0;
  for (int64_t d = 0; d + 1 < rank; ++d)
    if (mlirShapedTypeIsDynamicDim(outT, d)) {
      int c = cpuTextOp(&t, "arith.constant %lld : index", (long long)d);
      dims[nd++] = cpuTextOp(&t, "tensor.dim %s, %%v%d : %s", iN, c, cpuTs(inT).s);
    }
  int empty = cpuTextFresh(&t);
  cpuTextPrintf(&t, "    %%v%d = tensor.empty(", empty);
  for (int i = 0; i < nd; ++i)
    cpuTextPrintf(&t, "%s%%v%d", i ? ", " : "", dims[i]);
  cpuTextPrintf(&t, ") : %s\n", cpuTs(outT).s);
  int r = cpuTextFresh(&t), o = cpuTextFresh(&t);
  cpuTextPrintf(&t, "    %%v%d = linalg.generic {indexing_maps = [affine_map<(", r);
  for (int64_t d = 0; d < rank; ++d)
    cpuTextPrintf(&t, "%sd%lld", d ? ", " : "", (long long)d);
  cpuTextPrintf(&t, ") -> (");
  for (int64_t d = 0; d < rank; ++d)
    cpuTextPrintf(&t, "%sd%lld", d ? ", " : "", (long long)d);
  cpuTextPrintf(&t, ")>], iterator_types = [");
  for (int64_t d = 0; d < rank; ++d)
    cpuTextPrintf(&t, "%s\"parallel\"", d ? ", " : "");
  cpuTextPrintf(&t, "]} outs(%%v%d : %s) {\n  ^bb0(%%v%d: i8):\n", empty, cpuTs(outT).s, o);
  int lead[8];
  for (int64_t d = 0; d + 1 < rank; ++d)
    lead[d] = cpuTextOp(&t, "linalg.index %lld : index", (long long)d);
  int j = cpuTextOp(&t, "linalg.index %lld : index", (long long)(rank - 1));
  unsigned per = b >= 8 ? 1 : 8 / b;
  int acc = -1;
  for (unsigned i = 0; i < per; ++i) {
    int idx;
    if (b == 16) {
      int two = cpuTextOp(&t, "arith.constant 2 : index");
      idx = cpuTextOp(&t, "arith.divui %%v%d, %%v%d : index", j, two);
    } else {
      int pc = cpuTextOp(&t, "arith.constant %u : index", per);
      int base = cpuTextOp(&t, "arith.muli %%v%d, %%v%d : index", j, pc);
      int ic = cpuTextOp(&t, "arith.constant %u : index", i);
      idx = cpuTextOp(&t, "arith.addi %%v%d, %%v%d : index", base, ic);
    }
    int x = cpuTextFresh(&t);
    cpuTextPrintf(&t, "    %%v%d = tensor.extract %s[", x, iN);
    for (int64_t d = 0; d + 1 < rank; ++d)
      cpuTextPrintf(&t, "%%v%d, ", lead[d]);
    cpuTextPrintf(&t, "%%v%d] : %s\n", idx, cpuTs(inT).s);
    int code = emitLogicalCode(&t, e, x);
    int shift;
    if (b == 16) {
      int two = cpuTextOp(&t, "arith.constant 2 : index");
      int half = cpuTextOp(&t, "arith.remui %%v%d, %%v%d : index", j, two);
      int eight = cpuTextOp(&t, "arith.constant 8 : index");
      int sh = cpuTextOp(&t, "arith.muli %%v%d, %%v%d : index", half, eight);
      shift = cpuTextOp(&t, "arith.index_castui %%v%d : index to i32", sh);
      code = cpuTextOp(&t, "arith.shrui %%v%d, %%v%d : i32", code, shift);
    } else if (i) {
      shift = cpuTextOp(&t, "arith.constant %u : i32", i * b);
      code = cpuTextOp(&t, "arith.shli %%v%d, %%v%d : i32", code, shift);
    }
    acc = acc < 0 ? code : cpuTextOp(&t, "arith.ori %%v%d, %%v%d : i32", acc, code);
  }
  int byte = cpuTextOp(&t, "arith.trunci %%v%d : i32 to i8", acc);
  cpuTextPrintf(&t, "    linalg.yield %%v%d : i8\n  } -> %s\n", byte, cpuTs(outT).s);
  return cpuTemplateFinish(op, &t, &args, r);
}

/* A dequantize whose result is still used materializes the logical tensor. */
MlirLogicalResult cpuLowerDequantize(MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(res))) {
    mlirOperationDestroy(op);
    return mlirLogicalResultSuccess();
  }
  CpuWeightSource w;
  if (!cpuResolveWeight(op, res, &w))
    return mlirLogicalResultFailure();
  CpuText t;
  CpuArgs args = {0};
  cpuTemplateBegin(&t);
  const char *iN = cpuTemplateArg(&args, &t, w.value, "storage");
  cpuTemplateBody(&t, op);
  CpuDecodeSpec spec = {.src = w,
                        .srcName = iN,
                        .groupSize = 1,
                        .zerosMode = BITBLAS_ZEROS_NONE,
                        .outElem = w.elemType,
                        .outType = mlirValueGetType(res),
                        .emitLogical = true};
  int r = cpuEmitDecode(&t, op, &spec);
  if (r < 0) {
    cpuTextFree(&t);
    return mlirLogicalResultFailure();
  }
  return cpuTemplateFinish(op, &t, &args, r);
}
