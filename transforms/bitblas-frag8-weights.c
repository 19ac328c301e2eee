/* bitblas-frag8-weights: hardware-aligned layout for int8 activations.
 * Marks each bitblas.matmul with int8 activations and 1/2/4-bit integer
 * weights that the NVIDIA decode kernel serves with
 * `bitblas.weight_layout = "frag8"`: the frag16 tiles and units, in the
 * A-fragment order of the int8 mma.m16n8k32, so one LOP3 per 32-bit word
 * and field yields a fragment register and the int8 tensor cores (not dp4a)
 * do the products (docs/semantics.md). Matmuls it cannot serve are left
 * alone. The runtime's weight transform produces the storage; the exporter
 * writes the layout into the manifest. */
#include "bitblas-c/Passes.h"
#include "layout_choice.h"
#include "pass_util.h"

static void run(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)pass;
  (void)userData;
  bitblasChooseWeightLayout(op, "frag8", bitblasDecodeKernelsServe);
}

static const long long typeIdAnchor = 0;
static const BitblasPassSpec spec = {
    .name = "BitblasFrag8Weights",
    .argument = "bitblas-frag8-weights",
    .description = "Choose the frag8 weight layout for int8-activation matmuls the NVIDIA decode "
                   "kernel serves",
    .opName = "",
    .dependentDialects = NULL,
    .run = run,
    .initialize = NULL,
    .typeIdAnchor = &typeIdAnchor,
};

MlirPass bitblasCreateFrag8WeightsPass(void) { return bitblasCreatePassFromSpec(&spec); }
