/* Helpers shared by the dialect's C files; not part of the public API. */
#ifndef BITBLAS_DIALECT_INTERNAL_H
#define BITBLAS_DIALECT_INTERNAL_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>

/* Prints `type` / `attr` into `buf` (always NUL-terminated, truncated to cap). */
void bitblasPrintTypeToBuffer(MlirType type, char *buf, size_t cap);
void bitblasPrintAttrToBuffer(MlirAttribute attr, char *buf, size_t cap);

/* Dynamic (IRDL) types have no C accessors for their parameters: we read them
 * back from the printed form `!bitblas.name<p0, p1, ...>`. Returns the number
 * of parameters parsed as attributes into `params` (at most `cap`), or -1 if
 * `type` is not `!bitblas.<name>`. */
int bitblasGetDynamicTypeParams(MlirType type, const char *name, MlirAttribute *params,
                                int cap);

/* Whether the operation's name is exactly `name`. */
bool bitblasOpNameIs(MlirOperation op, const char *name);

/* Reports "'<op name>' op <message>" at the op's location, like MLIR's emitOpError. */
void bitblasEmitOpError(MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Attribute `name` of `op` (null attribute if absent). */
MlirAttribute bitblasGetAttr(MlirOperation op, const char *name);

#endif
