// Registration by name: the one thing the MLIR C API cannot do. No logic here:
// the pass list lives in transforms/passes.c.
#include "bitblas-c/Passes.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/Pass/PassRegistry.h"

#include <memory>

extern "C" void bitblasRegisterPasses(void) {
  static bool registered = false;
  if (registered)
    return;
  registered = true;
  for (const BitblasPassInfo *p = bitblasGetPasses(); p->argument; ++p) {
    auto create = p->create;
    mlir::registerPass([create] { return std::unique_ptr<mlir::Pass>(unwrap(create())); });
  }
}
