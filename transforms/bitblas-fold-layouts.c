/* bitblas-fold-layouts: applies bitblas.tile_transform_layout to constant
 * tensors at compile time. A layout transform whose input is an arith.constant
 * with dense elements becomes a constant of the result type holding
 * output[map(i)] = input[i]: weights known at compile time are stored in the
 * kernels' layout (the maps of bitblas-c/Layout.h) with no run-time
 * transform. Transforms of other values, maps that are not bijections onto
 * the result (the verifier reports those) and tensors over 2^26 elements are
 * left as they are. */
#include "bitblas-c/Passes.h"
#include "dialect/internal.h"
#include "pass_util.h"

#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdlib.h>
#include <string.h>

enum { kMaxRank = 8 };
#define kMaxElements ((int64_t)1 << 26)

static bool isTransformLayout(MlirOperation op) {
  return bitblasOpNameIs(op, "bitblas.tile_transform_layout");
}

/* Bits per element in a dense attribute's raw data: whole bytes, except
 * 1-bit elements, which MLIR packs 8 to a byte (LSB first); 0 for
 * non-numeric element types. */
static size_t storageBits(MlirType t) {
  unsigned w = mlirTypeIsAInteger(t) ? mlirIntegerTypeGetWidth(t)
               : mlirTypeIsAFloat(t) ? mlirFloatTypeGetWidth(t)
                                     : 0;
  return w <= 1 ? w : 8 * (((size_t)w + 7) / 8);
}

/* Copies element `from` of `src` to element `to` of `dst`. */
static void copyElement(uint8_t *dst, int64_t to, const uint8_t *src, int64_t from, size_t bits) {
  if (bits == 1) {
    if ((src[from / 8] >> (from % 8)) & 1)
      dst[to / 8] |= (uint8_t)(1u << (to % 8));
    return;
  }
  memcpy(dst + (size_t)to * (bits / 8), src + (size_t)from * (bits / 8), bits / 8);
}

static bool shapeOf(MlirType t, int64_t *dims, intptr_t *rank, int64_t *count) {
  if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t))
    return false;
  *rank = mlirShapedTypeGetRank(t);
  if (*rank > kMaxRank)
    return false;
  *count = 1;
  for (intptr_t i = 0; i < *rank; ++i) {
    dims[i] = mlirShapedTypeGetDimSize(t, i);
    *count *= dims[i];
  }
  return *count <= kMaxElements;
}

/* Permutes the raw elements of `in` by `map` into a new dense attribute of
 * `outType`; null if the map is not a bijection onto the result. */
static MlirAttribute permute(MlirAttribute in, MlirType outType, MlirAffineMap map) {
  MlirAttribute none = {NULL};
  int64_t inDims[kMaxRank], outDims[kMaxRank], count, outCount;
  intptr_t inRank, outRank;
  MlirType inType = mlirAttributeGetType(in);
  size_t bits = storageBits(mlirShapedTypeGetElementType(inType));
  if (!shapeOf(inType, inDims, &inRank, &count) || !shapeOf(outType, outDims, &outRank, &outCount) ||
      count != outCount || count == 0 || bits == 0 ||
      mlirAffineMapGetNumDims(map) != inRank || mlirAffineMapGetNumResults(map) != outRank ||
      mlirAffineMapGetNumSymbols(map) != 0)
    return none;
  BitblasAffineProgram prog[kMaxRank];
  size_t maxLen = 1;
  bool ok = true;
  for (intptr_t j = 0; j < outRank; ++j) {
    ok = bitblasAffineProgramCompile(&prog[j], mlirAffineMapGetResult(map, j)) && ok;
    maxLen = prog[j].len > maxLen ? prog[j].len : maxLen;
  }
  const uint8_t *src = (const uint8_t *)mlirDenseElementsAttrGetRawData(in);
  size_t size = ((size_t)count * bits + 7) / 8;
  uint8_t *dst = ok ? (uint8_t *)calloc(size, 1) : NULL;
  uint8_t *seen = ok ? (uint8_t *)calloc((size_t)(count + 7) / 8, 1) : NULL;
  int64_t *stack = ok ? (int64_t *)malloc(maxLen * sizeof *stack) : NULL;
  ok = ok && src && dst && seen && stack;
  int64_t idx[kMaxRank] = {0};
  for (int64_t i = 0; ok && i < count; ++i) {
    int64_t linear = 0;
    for (intptr_t j = 0; ok && j < outRank; ++j) {
      int64_t r;
      ok = bitblasAffineProgramEval(&prog[j], idx, stack, &r) == BITBLAS_AFFINE_OK && r >= 0 &&
           r < outDims[j];
      linear = linear * outDims[j] + r;
    }
    ok = ok && !(seen[linear / 8] & (1u << (linear % 8)));
    if (!ok)
      break;
    seen[linear / 8] |= (uint8_t)(1u << (linear % 8));
    copyElement(dst, linear, src, i, bits);
    for (intptr_t d = inRank - 1; d >= 0 && ++idx[d] == inDims[d]; --d)
      idx[d] = 0;
  }
  MlirAttribute out = ok ? mlirDenseElementsAttrRawBufferGet(outType, size, dst) : none;
  for (intptr_t j = 0; j < outRank; ++j)
    bitblasAffineProgramFree(&prog[j]);
  free(dst);
  free(seen);
  free(stack);
  return out;
}

static void foldOne(MlirOperation op) {
  MlirValue input = mlirOperationGetOperand(op, 0);
  if (!mlirValueIsAOpResult(input))
    return;
  MlirOperation def = mlirOpResultGetOwner(input);
  MlirAttribute value = mlirOperationGetAttributeByName(def, mlirStringRefCreateFromCString("value"));
  MlirAttribute mapAttr = bitblasGetAttr(op, "map");
  if (!bitblasOpNameIs(def, "arith.constant") || mlirAttributeIsNull(value) ||
      !mlirAttributeIsADenseElements(value) || mlirAttributeIsNull(mapAttr) ||
      !mlirAttributeIsAAffineMap(mapAttr))
    return;
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType outType = mlirValueGetType(result);
  MlirAttribute folded =
      mlirDenseElementsAttrIsSplat(value)
          ? mlirDenseElementsAttrSplatGet(outType, mlirDenseElementsAttrGetSplatValue(value))
          : permute(value, outType, mlirAffineMapAttrGetValue(mapAttr));
  if (mlirAttributeIsNull(folded))
    return;
  MlirContext ctx = mlirOperationGetContext(op);
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("arith.constant"),
                                                mlirOperationGetLocation(op));
  mlirOperationStateAddResults(&st, 1, &outType);
  MlirNamedAttribute attr =
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("value")), folded);
  mlirOperationStateAddAttributes(&st, 1, &attr);
  MlirOperation constant = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(op), op, constant);
  mlirValueReplaceAllUsesOfWith(result, mlirOperationGetResult(constant, 0));
  mlirOperationDestroy(op);
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(input)))
    mlirOperationDestroy(def);
}

static void run(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)userData;
  BitblasOpList list;
  if (!bitblasCollectOps(op, isTransformLayout, &list)) {
    mlirEmitError(mlirOperationGetLocation(op), "bitblas-fold-layouts: out of memory");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  for (int i = 0; i < list.count; ++i)
    foldOne(list.ops[i]);
  free(list.ops);
}

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasFoldLayouts",
    .argument = "bitblas-fold-layouts",
    .description = "Apply bitblas.tile_transform_layout to constant tensors at compile time",
    .opName = "",
    .dependentDialects = NULL,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateFoldLayoutsPass(void) { return bitblasCreatePassFromSpec(&spec); }
