/* Shared pieces of bitblas-normalize: IR queries, the weight-expression model
 * the matchers fill in, and the few op builders the rewrites need. Internal to
 * transforms/; nothing here is public API. */
#ifndef BITBLAS_TRANSFORMS_NORMALIZE_H
#define BITBLAS_TRANSFORMS_NORMALIZE_H

#include "bitblas-c/Ops.h"
#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- IR queries (normalize_util.c) ---- */

bool normOpIs(MlirOperation op, const char *name);
/* The op defining `v`, or null for a block argument. */
MlirOperation normDef(MlirValue v);
/* Whether `v` is a result of an op named `name` (stored in *defOut if non-null). */
bool normDefIs(MlirValue v, const char *name, MlirOperation *defOut);
/* Operand index of `v` if it is an argument of `body` (a linalg op's block), else -1. */
int normBlockArgIndex(MlirBlock body, MlirValue v);
bool normHasOneUse(MlirValue v);
bool normHasNoUse(MlirValue v);
/* Element type of a shaped type, or the type itself. */
MlirType normElemType(MlirType t);
bool normIsIntType(MlirType t);
unsigned normIntWidth(MlirType t);
/* The constant value `v` holds (arith.constant), or a null attribute. */
MlirAttribute normConstantAttr(MlirValue v);
/* Whether `v` is a constant (scalar or splat) equal to zero: +0.0 or integer 0. */
bool normIsZeroConstant(MlirValue v);
/* Whether every element of the integer constant `v` is zero. */
bool normIsAllZeroIntConstant(MlirValue v);
/* The linalg op's indexing map for operand `i` (null map if unknown). */
MlirAffineMap normIndexingMap(MlirOperation linalgOp, intptr_t i);
/* Whether a linalg.generic's iterator `d` is a reduction; *known is false for
 * named ops, whose loops are fixed by their definition. */
bool normIteratorIsReduction(MlirOperation linalgOp, intptr_t d, bool *known);
/* The single block of a linalg op's region and its terminator's operand 0. */
MlirBlock normBody(MlirOperation linalgOp);
MlirValue normYieldedValue(MlirOperation linalgOp);
intptr_t normNumBodyOps(MlirOperation linalgOp); /* excluding the terminator */

/* Ops a matcher consumed: a body must be covered exactly, so an extra op we
 * did not understand (even a dead one) makes the match fail. */
enum { kNormMaxMatched = 32 };
typedef struct NormOpSet {
  MlirOperation ops[kNormMaxMatched];
  intptr_t n;
} NormOpSet;
bool normOpSetAdd(NormOpSet *s, MlirOperation op);

/* ---- Roles of loop dimensions and operand accesses ---- */

typedef enum { NORM_ROLE_NONE = 0, NORM_ROLE_BATCH, NORM_ROLE_M, NORM_ROLE_N, NORM_ROLE_K } NormRole;
enum { kNormMaxDims = 8 };

/* One result of an indexing map, seen through the roles of the loop dims. */
typedef enum {
  NORM_ACC_OTHER = 0, /* anything we do not recognise */
  NORM_ACC_N,
  NORM_ACC_K,
  NORM_ACC_KGROUP, /* k floordiv G */
  NORM_ACC_ZERO,   /* constant 0 (a broadcast unit dim) */
  NORM_ACC_M,
  NORM_ACC_BATCH,
} NormAccessKind;

typedef struct {
  NormAccessKind kind;
  int64_t group; /* G for NORM_ACC_KGROUP */
} NormAccess;

NormAccess normClassifyExpr(MlirAffineExpr e, const NormRole *roles, intptr_t numDims);

/* ---- The weight expression: W'[n, k] as a body computes it ---- */

/* A value read inside a linalg body: operand `operand` of `op`. */
typedef struct {
  MlirOperation op;
  int operand; /* -1: absent */
} NormLeaf;

typedef struct {
  bool quantized;      /* integer codes (decoded, maybe scaled) vs a float weight */
  NormLeaf code;       /* the weight operand (codes, or the float weight) */
  bool codeUnsigned;   /* codes zero-extended (uiN) vs sign-extended (iN) */
  MlirType valueType;  /* type W' is computed in (float type, or the int type for int x int) */
  NormLeaf scale;
  NormLeaf zeros;
  BitblasZerosMode mode;
} NormWeightExpr;

/* Matches `v`, a value of `op`'s body, as a dequantization of one integer
 * operand (see normalize_dequant.c for the accepted forms). */
bool normMatchDequant(MlirOperation op, MlirValue v, NormWeightExpr *w, NormOpSet *matched);

/* Resolves the weight expression's operands to bitblas.matmul operands in the
 * [N, K] layout, given the roles of `w->code.op`'s loop dims. Creates ops
 * (transposes, reshapes, casts) before `before`. Fails without creating any
 * op if an access pattern is not understood. */
typedef struct {
  MlirValue w, scale, zeros;
  int64_t groupSize;
  int64_t n, k; /* static sizes of the weight */
} NormWeightOperands;

bool normResolveWeight(const NormWeightExpr *w, const NormRole *roles, MlirOperation before,
                       NormWeightOperands *out);

/* Roles of a producer generic's dims from how the consumer reads its result:
 * `tensorDimRoles[t]` is the role of the produced tensor's dim t. */
bool normRolesFromOutput(MlirOperation producer, const NormRole *tensorDimRoles, NormRole *roles);

/* ---- Builders (normalize_util.c): each inserts before `before` ---- */

/* Every op the builders create is logged (per thread: nested pipelines run
 * the pass on functions in parallel), so a rewrite that the verifier then
 * rejects can be undone. */
void normBuildLogBegin(void);
void normBuildLogRollback(void);

MlirOperation normInsert(MlirOperation before, MlirOperation op);
MlirValue normBuildConstant(MlirOperation before, MlirAttribute value);
MlirValue normBuildEmpty(MlirOperation before, MlirType tensorType);
/* 2-D transpose; folds a dense constant. Needs a static shape. */
MlirValue normBuildTranspose2D(MlirOperation before, MlirValue v);
/* Reinterprets the elements' bits as `elemType` (i4 -> ui4); folds a dense constant. */
MlirValue normBuildBitcast(MlirOperation before, MlirValue v, MlirType elemType);
/* [N] -> [N, 1]; folds a dense constant. */
MlirValue normBuildAppendUnitDim(MlirOperation before, MlirValue v);
/* Collapses [B, M, K] -> [B*M, K] and expands back [B*M, N] -> [B, M, N]. */
MlirValue normBuildCollapseLeading(MlirOperation before, MlirValue v);
MlirValue normBuildExpandLeading(MlirOperation before, MlirValue v, MlirValue shapeSource,
                                 int64_t lastDim);
/* Elementwise `a + b` on tensors (arith.addf / arith.addi). */
MlirValue normBuildAdd(MlirOperation before, MlirValue a, MlirValue b);

/* ---- Entry points per input form ---- */

/* Tries to raise one linalg op (named contraction or generic). On success the
 * op is replaced and erased, and producers that died are appended to `dead`. */
typedef struct {
  MlirOperation ops[256];
  intptr_t n;
} NormDeadList;
bool normRaiseContraction(MlirOperation op, NormDeadList *dead);

#endif
