/* bitblas-interleave-weights: hardware-aligned layout for the decode kernels.
 * Marks each bitblas.matmul whose weights can take it with
 * `bitblas.weight_layout = "interleave32"`: inside every 32-bit word the even
 * elements come first, so the magic-number decode of fields t and t + F/2
 * yields neighbouring elements and the kernels use activations as loaded.
 * The runtime's weight transform produces that storage; the exporter writes
 * the layout into the manifest. */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Passes.h"
#include "bitblas-c/Types.h"
#include "layout_choice.h"
#include "pass_util.h"

#include "mlir-c/BuiltinTypes.h"

/* Whole 32-bit words per row of fields that divide 32. */
static bool fits(MlirOperation op, MlirStringRef layout) {
  (void)layout;
  MlirValue w = bitblasMatmulGetOperands(op).w;
  if (mlirValueIsNull(w) || !mlirTypeIsARankedTensor(mlirValueGetType(w)))
    return false;
  MlirType wt = mlirValueGetType(w);
  unsigned bits = bitblasWeightTypeGetBitWidth(mlirShapedTypeGetElementType(wt));
  int64_t k = mlirShapedTypeGetDimSize(wt, 1);
  return bits != 0 && 32 % bits == 0 && !mlirShapedTypeIsDynamicSize(k) && (k * bits) % 32 == 0;
}

static void run(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)pass;
  (void)userData;
  bitblasChooseWeightLayout(op, "interleave32", fits);
}

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasInterleaveWeights",
    .argument = "bitblas-interleave-weights",
    .description = "Choose the interleave32 weight layout for matmuls whose weights allow it",
    .opName = "",
    .dependentDialects = NULL,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateInterleaveWeightsPass(void) { return bitblasCreatePassFromSpec(&spec); }
