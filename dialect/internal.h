/* Helpers shared by the dialect's C files; not part of the public API. */
#ifndef BITBLAS_DIALECT_INTERNAL_H
#define BITBLAS_DIALECT_INTERNAL_H

#include "mlir-c/AffineExpr.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Prints `type` / `attr` into `buf` (always NUL-terminated, truncated to cap). */
void bitblasPrintTypeToBuffer(MlirType type, char *buf, size_t cap);
void bitblasPrintAttrToBuffer(MlirAttribute attr, char *buf, size_t cap);

/* Dynamic (IRDL) types have no C accessors for their parameters: we read them
 * back from the printed form `!bitblas.name<p0, p1, ...>`. Returns the number
 * of parameters parsed as attributes into `params` (at most `cap`), or -1 if
 * `type` is not `!bitblas.<name>`. */
int bitblasGetDynamicTypeParams(MlirType type, const char *name, MlirAttribute *params,
                                int cap);

/* k values per chunk of a lane quad's k in a frag16 / frag8 unit of
 * `bits`-bit weights (docs/semantics.md): quad q owns the unit's chunks q,
 * q + 4, ..; where a chunk is the quad's whole quarter of the unit, the
 * quarters are contiguous. The layout maps (layout_maps.c) and the decode
 * kernels' activation addressing (conversion/gpu_decode_kernel.c) both read
 * it; the runtime's transform (runtime/src/transform.c, built without MLIR)
 * spells the same rule, and test/capi/layout_maps.c checks they agree. */
int bitblasFrag16ChunkK(int bits);
int bitblasFrag8ChunkK(int bits);

/* Whether the operation's name is exactly `name`. */
bool bitblasOpNameIs(MlirOperation op, const char *name);

/* The ops under `root` for which `keep` holds, in pre-order: passes walk
 * first and rewrite after, since rewriting invalidates a running walk.
 * Grows as needed; false (and an empty list) when out of memory. Free `ops`
 * with free(). */
typedef struct BitblasOpList {
  MlirOperation *ops;
  int count, cap;
} BitblasOpList;
bool bitblasCollectOps(MlirOperation root, bool (*keep)(MlirOperation), BitblasOpList *out);

/* Reports "'<op name>' op <message>" at the op's location, like MLIR's emitOpError. */
void bitblasEmitOpError(MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Attribute `name` of `op` (null attribute if absent). */
MlirAttribute bitblasGetAttr(MlirOperation op, const char *name);

/* One affine expression compiled to postfix (affine_eval.c): evaluating
 * millions of points through the C API's expression tree would dominate. */
typedef struct BitblasAffineProgram {
  struct BitblasAffineInstr *code;
  size_t len, cap;
  bool oom, unsupported; /* unsupported: symbols */
} BitblasAffineProgram;
typedef enum {
  BITBLAS_AFFINE_OK,
  BITBLAS_AFFINE_BAD_DIVISOR, /* mod/floordiv/ceildiv by <= 0; the divisor is in *result */
  BITBLAS_AFFINE_OVERFLOW,
} BitblasAffineEvalStatus;
/* False (with p->oom or p->unsupported set) if `e` cannot be compiled. */
bool bitblasAffineProgramCompile(BitblasAffineProgram *p, MlirAffineExpr e);
void bitblasAffineProgramFree(BitblasAffineProgram *p);
/* Evaluates at `idx`; `stack` holds at least p->len entries. */
BitblasAffineEvalStatus bitblasAffineProgramEval(const BitblasAffineProgram *p,
                                                 const int64_t *idx, int64_t *stack,
                                                 int64_t *result);

#endif
