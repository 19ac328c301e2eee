/* Loading the IRDL-defined dialect from the definition embedded at build time. */
#include "bitblas-c/Dialect.h"

#include "mlir-c/Dialect/IRDL.h"
#include "mlir-c/IR.h"

#include <stddef.h>

extern const char bitblasIrdlSource[];
extern const size_t bitblasIrdlSourceSize;

MlirStringRef bitblasDialectGetNamespace(void) {
  return mlirStringRefCreateFromCString("bitblas");
}

MlirStringRef bitblasDialectGetIRDLSource(void) {
  return mlirStringRefCreate(bitblasIrdlSource, bitblasIrdlSourceSize);
}

bool bitblasDialectIsLoaded(MlirContext ctx) {
  /* A dynamic dialect has no MlirDialectHandle; its ops tell whether it is there. */
  return mlirContextIsRegisteredOperation(ctx,
                                          mlirStringRefCreateFromCString("bitblas.matmul"));
}

MlirLogicalResult bitblasLoadDialect(MlirContext ctx) {
  if (bitblasDialectIsLoaded(ctx))
    return mlirLogicalResultSuccess();
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__irdl__(), ctx);
  MlirModule defs = mlirModuleCreateParse(ctx, bitblasDialectGetIRDLSource());
  if (mlirModuleIsNull(defs))
    return mlirLogicalResultFailure();
  MlirLogicalResult result = mlirLoadIRDLDialects(defs);
  mlirModuleDestroy(defs);
  return result;
}
