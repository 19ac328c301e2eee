/* Text builder and template splicing for the CPU lowering. */
#include "cpu_lowering.h"
#include "dialect/internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cpuTextInit(CpuText *t) { memset(t, 0, sizeof *t); }

void cpuTextFree(CpuText *t) {
  bitblasTextFree(&t->text);
  memset(t, 0, sizeof *t);
}

void cpuTextPrintf(CpuText *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bitblasTextAppendV(&t->text, fmt, ap);
  va_end(ap);
}

int cpuTextFresh(CpuText *t) { return t->next++; }

int cpuTextOp(CpuText *t, const char *fmt, ...) {
  int id = cpuTextFresh(t);
  cpuTextPrintf(t, "    %%v%d = ", id);
  va_list ap;
  va_start(ap, fmt);
  bitblasTextAppendV(&t->text, fmt, ap);
  va_end(ap);
  cpuTextPrintf(t, "\n");
  return id;
}

const char *cpuTypeStr(MlirType type, char *buf, size_t cap) {
  bitblasPrintTypeToBuffer(type, buf, cap);
  return buf;
}

MlirLogicalResult cpuSpliceTemplate(MlirOperation op, const char *text, const MlirValue *args,
                                    intptr_t numArgs) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirModule module = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
  if (mlirModuleIsNull(module)) {
    bitblasEmitOpError(op, "internal error: the generated CPU lowering does not parse:\n%s", text);
    return mlirLogicalResultFailure();
  }
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  if (mlirBlockGetNumArguments(body) != numArgs) {
    mlirModuleDestroy(module);
    bitblasEmitOpError(op, "internal error: template takes a wrong number of arguments");
    return mlirLogicalResultFailure();
  }
  MlirOperation ret = mlirBlockGetTerminator(body);
  MlirValue result = mlirOperationGetOperand(ret, 0);
  if (mlirValueIsABlockArgument(result)) /* an identity lowering */
    result = args[mlirBlockArgumentGetArgNumber(result)];
  for (intptr_t i = 0; i < numArgs; ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i), args[i]);
  for (MlirOperation child = mlirBlockGetFirstOperation(body); !mlirOperationEqual(child, ret);) {
    MlirOperation next = mlirOperationGetNextInBlock(child);
    mlirOperationMoveBefore(child, op);
    child = next;
  }
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), result);
  mlirOperationDestroy(op);
  mlirModuleDestroy(module);
  return mlirLogicalResultSuccess();
}
