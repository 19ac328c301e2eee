/* bitblas-frag16-weights: hardware-aligned layout for the NVIDIA decode
 * kernels. Marks each bitblas.matmul that the frag16 decode kernel serves
 * with `bitblas.weight_layout = "frag16"`: 16-row tiles stored as 512-byte
 * units in mma.m16n8k16 A-fragment order, so one 16-byte load per lane gives
 * a warp 512 contiguous bytes and the decoded pairs are the fragment's
 * registers (docs/semantics.md). Matmuls it cannot serve are left alone (a
 * later bitblas-interleave-weights may still pick interleave32 for them). The
 * runtime's weight transform produces the storage; the exporter writes the
 * layout into the manifest. */
#include "bitblas-c/Passes.h"
#include "layout_choice.h"
#include "pass_util.h"

static void run(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)pass;
  (void)userData;
  bitblasChooseWeightLayout(op, "frag16", bitblasDecodeKernelsServe);
}

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasFrag16Weights",
    .argument = "bitblas-frag16-weights",
    .description = "Choose the frag16 weight layout for matmuls the NVIDIA decode kernels serve",
    .opName = "",
    .dependentDialects = NULL,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateFrag16WeightsPass(void) { return bitblasCreatePassFromSpec(&spec); }
