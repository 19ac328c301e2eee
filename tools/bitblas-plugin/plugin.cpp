// Entry point for `mlir-opt --load-pass-plugin=`: registers the bitblas passes
// by name. The dialect comes from `--irdl-file=<share>/bitblas.irdl.mlir`.
#include "bitblas-c/Passes.h"

#include "mlir/Tools/Plugins/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "BitblasPasses", "0.1", [] { bitblasRegisterPasses(); }};
}
