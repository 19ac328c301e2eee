/* Helpers shared by the CPU lowerings of each op: template functions,
 * attribute reading, small emitters. */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

CpuTypeStr cpuTs(MlirType t) {
  CpuTypeStr r;
  cpuTypeStr(t, r.s, sizeof r.s);
  return r;
}

MlirType cpuElemOf(MlirValue v) { return mlirShapedTypeGetElementType(mlirValueGetType(v)); }

bool cpuOpNameIs(MlirOperation op, const char *name) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && memcmp(n.data, name, n.length) == 0;
}

const char *cpuTemplateArg(CpuArgs *a, CpuText *t, MlirValue v, const char *name) {
  if (mlirValueIsNull(v))
    return NULL;
  int i = a->count++;
  a->values[i] = v;
  snprintf(a->names[i], sizeof a->names[i], "%%%s", name);
  cpuTextPrintf(t, "%s%s: %s", i ? ", " : "", a->names[i], cpuTs(mlirValueGetType(v)).s);
  return a->names[i];
}

MlirLogicalResult cpuTemplateFinish(MlirOperation op, CpuText *t, const CpuArgs *a, int result) {
  cpuTextPrintf(t, "    return %%v%d : %s\n  }\n}\n", result,
                cpuTs(mlirValueGetType(mlirOperationGetResult(op, 0))).s);
  MlirLogicalResult r =
      t->text.oom ? mlirLogicalResultFailure()
                  : cpuSpliceTemplate(op, t->text.data, a->values, a->count);
  cpuTextFree(t);
  return r;
}

void cpuTemplateBegin(CpuText *t) {
  cpuTextInit(t);
  cpuTextPrintf(t, "module {\n  func.func private @bitblas_cpu_lowering(");
}

void cpuTemplateBody(CpuText *t, MlirOperation op) {
  cpuTextPrintf(t, ") -> %s {\n", cpuTs(mlirValueGetType(mlirOperationGetResult(op, 0))).s);
}

int64_t cpuResolveGroup(MlirOperation op, int64_t k) {
  MlirAttribute g =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("group_size"));
  int64_t gs =
      (!mlirAttributeIsNull(g) && mlirAttributeIsAInteger(g)) ? mlirIntegerAttrGetValueInt(g) : 0;
  if (gs <= 0) /* 0: per channel */
    gs = k;
  if (k % gs != 0) {
    bitblasEmitOpError(op, "group_size %lld does not divide K = %lld", (long long)gs, (long long)k);
    return -1;
  }
  return gs;
}

BitblasZerosMode cpuZerosModeOf(MlirOperation op) {
  MlirAttribute z =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("zeros_mode"));
  if (mlirAttributeIsNull(z))
    return BITBLAS_ZEROS_NONE;
  if (!mlirAttributeIsAString(z))
    return BITBLAS_ZEROS_INVALID;
  return bitblasZerosModeFromName(mlirStringAttrGetValue(z));
}

int cpuEmitEmpty2(CpuText *t, MlirType type, const char *rowsOf, MlirType rowsT, const char *colsOf,
                  MlirType colsT) {
  int dims[2], n = 0;
  const char *srcs[2] = {rowsOf, colsOf};
  MlirType srcT[2] = {rowsT, colsT};
  for (int d = 0; d < 2; ++d) {
    if (!mlirShapedTypeIsDynamicDim(type, d))
      continue;
    int c0 = cpuTextOp(t, "arith.constant 0 : index");
    dims[n++] = cpuTextOp(t, "tensor.dim %s, %%v%d : %s", srcs[d], c0, cpuTs(srcT[d]).s);
  }
  int e = cpuTextFresh(t);
  cpuTextPrintf(t, "    %%v%d = tensor.empty(", e);
  for (int i = 0; i < n; ++i)
    cpuTextPrintf(t, "%s%%v%d", i ? ", " : "", dims[i]);
  cpuTextPrintf(t, ") : %s\n", cpuTs(type).s);
  return e;
}

int cpuEmitZeroFill(CpuText *t, int empty, MlirType type) {
  MlirType e = mlirShapedTypeGetElementType(type);
  int zero = cpuTextOp(t, "arith.constant %s : %s", mlirTypeIsAFloat(e) ? "0.0" : "0", cpuTs(e).s);
  return cpuTextOp(t, "linalg.fill ins(%%v%d : %s) outs(%%v%d : %s) -> %s", zero, cpuTs(e).s, empty,
                   cpuTs(type).s, cpuTs(type).s);
}

bool cpuIsPlainFloat(MlirType t) {
  return mlirTypeIsAF16(t) || mlirTypeIsABF16(t) || mlirTypeIsAF32(t);
}

bool cpuIsSignlessInt(MlirType t, unsigned w) {
  return mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == w && mlirIntegerTypeIsSignless(t);
}
