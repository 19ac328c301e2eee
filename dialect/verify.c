/* Checks IRDL cannot express. Each rule reports an error at the op's location. */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Types.h"
#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>

static void emitOpError(MlirOperation op, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  char full[1200];
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  snprintf(full, sizeof full, "'%.*s' op %s", (int)name.length, name.data, msg);
  mlirEmitError(mlirOperationGetLocation(op), full);
}

static bool isRankedTensor(MlirValue v) {
  return !mlirValueIsNull(v) && mlirTypeIsARankedTensor(mlirValueGetType(v));
}

static MlirLogicalResult verifyMatmul(MlirOperation op) {
  BitblasMatmulOperands o = bitblasMatmulGetOperands(op);
  if (mlirValueIsNull(o.a) || mlirValueIsNull(o.w)) {
    emitOpError(op, "needs operands a and w (and an operandSegmentSizes attribute of 6 "
                    "entries when optional operands are present)");
    return mlirLogicalResultFailure();
  }
  if (!isRankedTensor(o.a) || mlirShapedTypeGetRank(mlirValueGetType(o.a)) != 2) {
    emitOpError(op, "operand a must be a rank-2 tensor [M, K]");
    return mlirLogicalResultFailure();
  }
  if (!isRankedTensor(o.w) || mlirShapedTypeGetRank(mlirValueGetType(o.w)) != 2) {
    emitOpError(op, "operand w must be a rank-2 tensor [N, K]");
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

typedef struct {
  bool failed;
} VerifyState;

static MlirWalkResult verifyOne(MlirOperation op, void *userData) {
  VerifyState *state = (VerifyState *)userData;
  if (bitblasOpIsMatmul(op) && mlirLogicalResultIsFailure(verifyMatmul(op)))
    state->failed = true;
  return MlirWalkResultAdvance;
}

MlirLogicalResult bitblasVerifyOperation(MlirOperation root) {
  if (mlirOperationIsNull(root))
    return mlirLogicalResultFailure();
  VerifyState state = {false};
  mlirOperationWalk(root, verifyOne, &state, MlirWalkPreOrder);
  return state.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}
