/* Building and reading bitblas ops. IRDL ops are generic operations: operands
 * of bitblas.matmul are located through its operandSegmentSizes attribute. */
#include "bitblas-c/Ops.h"
#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kZerosModeNames[] = {"none", "original", "rescale", "quantized"};
enum { kNumMatmulSegments = 6 };

const char *bitblasZerosModeGetName(BitblasZerosMode mode) {
  if ((int)mode < 0 || mode >= BITBLAS_ZEROS_INVALID)
    return NULL;
  return kZerosModeNames[mode];
}

BitblasZerosMode bitblasZerosModeFromName(MlirStringRef name) {
  for (int i = 0; i < BITBLAS_ZEROS_INVALID; ++i)
    if (strlen(kZerosModeNames[i]) == name.length &&
        memcmp(kZerosModeNames[i], name.data, name.length) == 0)
      return (BitblasZerosMode)i;
  return BITBLAS_ZEROS_INVALID;
}

bool bitblasOpNameIs(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && memcmp(n.data, name, n.length) == 0;
}

MlirAttribute bitblasGetAttr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
}

bool bitblasOpIsBitblas(MlirOperation op) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length > 8 && memcmp(n.data, "bitblas.", 8) == 0;
}

bool bitblasOpIsMatmul(MlirOperation op) { return bitblasOpNameIs(op, "bitblas.matmul"); }

static MlirNamedAttribute named(MlirContext ctx, const char *name, MlirAttribute attr) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(name)),
                               attr);
}

MlirOperation bitblasMatmulCreate(MlirLocation loc, BitblasMatmulOperands ops,
                                  MlirType resultType, int64_t groupSize,
                                  BitblasZerosMode zerosMode, MlirType accumType) {
  MlirContext ctx = mlirLocationGetContext(loc);
  const char *modeName = bitblasZerosModeGetName(zerosMode);
  if (mlirValueIsNull(ops.a) || mlirValueIsNull(ops.w) || mlirTypeIsNull(resultType) ||
      mlirTypeIsNull(accumType) || !modeName)
    return (MlirOperation){NULL};
  MlirValue all[kNumMatmulSegments] = {ops.a, ops.w, ops.scale, ops.zeros, ops.bias, ops.lut};
  MlirValue present[kNumMatmulSegments];
  int32_t segments[kNumMatmulSegments];
  intptr_t n = 0;
  for (int i = 0; i < kNumMatmulSegments; ++i) {
    segments[i] = mlirValueIsNull(all[i]) ? 0 : 1;
    if (segments[i])
      present[n++] = all[i];
  }
  MlirOperationState state =
      mlirOperationStateGet(mlirStringRefCreateFromCString("bitblas.matmul"), loc);
  mlirOperationStateAddOperands(&state, n, present);
  mlirOperationStateAddResults(&state, 1, &resultType);
  MlirNamedAttribute attrs[] = {
      named(ctx, "operandSegmentSizes",
            mlirDenseI32ArrayGet(ctx, kNumMatmulSegments, segments)),
      named(ctx, "group_size", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), groupSize)),
      named(ctx, "zeros_mode",
            mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(modeName))),
      named(ctx, "accum_type", mlirTypeAttrGet(accumType)),
  };
  mlirOperationStateAddAttributes(&state, sizeof attrs / sizeof attrs[0], attrs);
  return mlirOperationCreate(&state);
}

BitblasMatmulOperands bitblasMatmulGetOperands(MlirOperation op) {
  BitblasMatmulOperands r;
  memset(&r, 0, sizeof r);
  if (!bitblasOpIsMatmul(op))
    return r;
  MlirValue *slots[kNumMatmulSegments] = {&r.a, &r.w, &r.scale, &r.zeros, &r.bias, &r.lut};
  MlirAttribute seg = bitblasGetAttr(op, "operandSegmentSizes");
  intptr_t numOperands = mlirOperationGetNumOperands(op);
  if (mlirAttributeIsNull(seg) || !mlirAttributeIsADenseI32Array(seg) ||
      mlirDenseArrayGetNumElements(seg) != kNumMatmulSegments) {
    /* Without segment sizes only the two required operands can be identified. */
    if (numOperands >= 2) {
      r.a = mlirOperationGetOperand(op, 0);
      r.w = mlirOperationGetOperand(op, 1);
    }
    return r;
  }
  intptr_t pos = 0;
  for (int i = 0; i < kNumMatmulSegments; ++i) {
    int32_t size = mlirDenseI32ArrayGetElement(seg, i);
    if (size == 1 && pos < numOperands)
      *slots[i] = mlirOperationGetOperand(op, pos);
    pos += size;
  }
  return r;
}

int64_t bitblasMatmulGetGroupSize(MlirOperation op) {
  MlirAttribute a = bitblasGetAttr(op, "group_size");
  return (!mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a)) ? mlirIntegerAttrGetValueInt(a)
                                                                 : -1;
}

BitblasZerosMode bitblasMatmulGetZerosMode(MlirOperation op) {
  MlirAttribute a = bitblasGetAttr(op, "zeros_mode");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a))
    return BITBLAS_ZEROS_INVALID;
  return bitblasZerosModeFromName(mlirStringAttrGetValue(a));
}

MlirType bitblasMatmulGetAccumType(MlirOperation op) {
  MlirAttribute a = bitblasGetAttr(op, "accum_type");
  return (!mlirAttributeIsNull(a) && mlirAttributeIsAType(a)) ? mlirTypeAttrGetValue(a)
                                                              : (MlirType){NULL};
}

void bitblasEmitOpError(MlirOperation op, const char *fmt, ...) {
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

typedef struct {
  bool (*keep)(MlirOperation);
  BitblasOpList *list;
  bool oom;
} Collecting;

static MlirWalkResult collectOne(MlirOperation op, void *userData) {
  Collecting *c = userData;
  BitblasOpList *l = c->list;
  if (!c->keep(op))
    return MlirWalkResultAdvance;
  if (l->count == l->cap) {
    int cap = l->cap ? 2 * l->cap : 64;
    MlirOperation *ops = realloc(l->ops, (size_t)cap * sizeof *ops);
    if (!ops) {
      c->oom = true;
      return MlirWalkResultInterrupt;
    }
    l->ops = ops;
    l->cap = cap;
  }
  l->ops[l->count++] = op;
  return MlirWalkResultAdvance;
}

bool bitblasCollectOps(MlirOperation root, bool (*keep)(MlirOperation), BitblasOpList *out) {
  *out = (BitblasOpList){0};
  Collecting c = {keep, out, false};
  mlirOperationWalk(root, collectOne, &c, MlirWalkPreOrder);
  if (c.oom) {
    free(out->ops);
    *out = (BitblasOpList){0};
  }
  return !c.oom;
}
