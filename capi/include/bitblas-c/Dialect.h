/*===-- bitblas-c/Dialect.h - The bitblas dialect, C API ------------------===*\
|* Loads the IRDL-defined bitblas dialect into a context. The definition is   *|
|* embedded in the library; stock tools load the same file with --irdl-file.  *|
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_DIALECT_H
#define BITBLAS_C_DIALECT_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Name under which the dialect registers ("bitblas"). */
MlirStringRef bitblasDialectGetNamespace(void);

/* The IRDL source of the dialect, as embedded at build time. */
MlirStringRef bitblasDialectGetIRDLSource(void);

/* Loads the dialect into `ctx` (and the irdl dialect it is defined with).
 * Loading twice is a no-op. Fails, with a diagnostic on the context, only if
 * the embedded definition does not parse. */
MlirLogicalResult bitblasLoadDialect(MlirContext ctx);

/* Whether the bitblas dialect is loaded in `ctx`. */
bool bitblasDialectIsLoaded(MlirContext ctx);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_DIALECT_H */
