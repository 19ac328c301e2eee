/* bitblas-lower-to-linalg: bitblas ops on tensors -> linalg/tensor/arith.
 *
 * matmul       -> decode + contraction + epilogue generics (cpu_matmul.c).
 * tile_convert -> a decode generic (here).
 * quantize     -> a packing generic; dequantize -> an unpacking generic,
 *                 unless every user decoded straight from the storage, then
 *                 it is erased (cpu_pack.c).
 * Semantics: docs/semantics.md. Anything else is an error at the op. */
#include "bitblas-c/Conversion.h"
#include "dialect/internal.h"
#include "cpu_lowering.h"

#include "../transforms/pass_util.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/Dialect/Tensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tile_convert: (input, scale?, zeros?) by operandSegmentSizes, or in order. */
static MlirLogicalResult lowerTileConvert(MlirOperation op) {
  MlirValue ops[3] = {{NULL}, {NULL}, {NULL}};
  intptr_t nops = mlirOperationGetNumOperands(op);
  MlirAttribute seg =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("operandSegmentSizes"));
  if (!mlirAttributeIsNull(seg) && mlirAttributeIsADenseI32Array(seg) &&
      mlirDenseArrayGetNumElements(seg) == 3) {
    intptr_t pos = 0;
    for (int i = 0; i < 3; ++i) {
      int32_t size = mlirDenseI32ArrayGetElement(seg, i);
      if (size == 1 && pos < nops)
        ops[i] = mlirOperationGetOperand(op, pos);
      pos += size;
    }
  } else {
    for (intptr_t i = 0; i < nops && i < 3; ++i)
      ops[i] = mlirOperationGetOperand(op, i);
  }
  MlirType outT = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (mlirValueIsNull(ops[0]) || !mlirTypeIsARankedTensor(outT) ||
      mlirShapedTypeGetRank(outT) != mlirShapedTypeGetRank(mlirValueGetType(ops[0])) ||
      mlirShapedTypeIsDynamicDim(outT, mlirShapedTypeGetRank(outT) - 1)) {
    bitblasEmitOpError(op, "expects an input and a result of the same rank, last dim static");
    return mlirLogicalResultFailure();
  }
  CpuWeightSource w;
  if (!cpuResolveWeight(op, ops[0], &w))
    return mlirLogicalResultFailure();
  MlirType outE = mlirShapedTypeGetElementType(outT);
  if (!cpuIsPlainFloat(outE) && !mlirTypeIsAF64(outE) &&
      !(mlirTypeIsAInteger(outE) && mlirIntegerTypeIsSignless(outE) &&
        mlirIntegerTypeGetWidth(outE) <= 32)) {
    bitblasEmitOpError(op, "no CPU lowering for conversions to %s", cpuTs(outE).s);
    return mlirLogicalResultFailure();
  }
  int64_t k = mlirShapedTypeGetDimSize(outT, mlirShapedTypeGetRank(outT) - 1);
  int64_t g = cpuResolveGroup(op, k);
  BitblasZerosMode zm = cpuZerosModeOf(op);
  if (g < 0)
    return mlirLogicalResultFailure();
  if (zm == BITBLAS_ZEROS_INVALID) {
    bitblasEmitOpError(op, "unknown zeros_mode");
    return mlirLogicalResultFailure();
  }
  CpuText t;
  CpuArgs args = {0};
  cpuTemplateBegin(&t);
  const char *iN = cpuTemplateArg(&args, &t, w.value, "w");
  const char *sN = cpuTemplateArg(&args, &t, ops[1], "scale");
  const char *zN = cpuTemplateArg(&args, &t, ops[2], "zeros");
  cpuTemplateBody(&t, op);
  CpuDecodeSpec spec = {.src = w,
                        .srcName = iN,
                        .scaleName = sN,
                        .zerosName = zN,
                        .scaleType = sN ? mlirValueGetType(ops[1]) : (MlirType){NULL},
                        .zerosType = zN ? mlirValueGetType(ops[2]) : (MlirType){NULL},
                        .groupSize = g,
                        .zerosMode = zm,
                        .outElem = outE,
                        .outType = outT};
  int r = cpuEmitDecode(&t, op, &spec);
  if (r < 0) {
    cpuTextFree(&t);
    return mlirLogicalResultFailure();
  }
  return cpuTemplateFinish(op, &t, &args, r);
}

static void run(MlirOperation root, MlirExternalPass pass, void *userData) {
  (void)userData;
  BitblasOpList l;
  if (!bitblasCollectOps(root, bitblasOpIsBitblas, &l)) {
    mlirEmitError(mlirOperationGetLocation(root), "bitblas-lower-to-linalg: out of memory");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  /* Consumers first, so that they read the storage behind each dequantize;
   * then packing; then whatever dequantize is left. Phases are looked up
   * before anything is rewritten: lowered ops are gone. */
  static const char *const order[] = {"bitblas.matmul", "bitblas.tile_convert", "bitblas.quantize",
                                      "bitblas.dequantize"};
  MlirLogicalResult (*const lower[])(MlirOperation) = {cpuLowerMatmul, lowerTileConvert,
                                                       cpuLowerQuantize, cpuLowerDequantize};
  int *phaseOf = calloc((size_t)l.count + 1, sizeof *phaseOf);
  bool ok = phaseOf != NULL;
  for (int i = 0; i < l.count && ok; ++i) {
    phaseOf[i] = -1;
    for (int phase = 0; phase < 4; ++phase)
      if (cpuOpNameIs(l.ops[i], order[phase]))
        phaseOf[i] = phase;
    if (phaseOf[i] < 0) {
      bitblasEmitOpError(l.ops[i], "has no CPU lowering");
      ok = false;
    }
  }
  for (int phase = 0; phase < 4 && ok; ++phase)
    for (int i = 0; i < l.count && ok; ++i)
      if (phaseOf[i] == phase)
        ok = mlirLogicalResultIsSuccess(lower[phase](l.ops[i]));
  free(phaseOf);
  free(l.ops);
  if (!ok)
    mlirExternalPassSignalFailure(pass);
}

static MlirDialectHandle (*const kDeps[])(void) = {
    mlirGetDialectHandle__linalg__, mlirGetDialectHandle__tensor__, mlirGetDialectHandle__arith__,
    mlirGetDialectHandle__func__, NULL};

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasLowerToLinalg",
    .argument = "bitblas-lower-to-linalg",
    .description = "Lower bitblas ops on tensors to linalg (the CPU path)",
    .opName = "",
    .dependentDialects = kDeps,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateLowerToLinalgPass(void) { return bitblasCreatePassFromSpec(&spec); }
