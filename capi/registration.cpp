// Registration by name: the one thing the MLIR C API cannot do. No logic here:
// the pass and pipeline lists and builders live in C (transforms/passes.c).
#include "bitblas-c/Passes.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

#include <memory>
#include <string>

namespace {
struct PipelineOptions : mlir::PassPipelineOptions<PipelineOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("Target chip (sm_90, gfx942, ...)")};
  Option<std::string> format{*this, "format",
                             llvm::cl::desc("Binary format: isa, bin, fatbin, offloading")};
  Option<std::string> toolkit{*this, "toolkit", llvm::cl::desc("CUDA/ROCm toolkit folder")};
  Option<int> optLevel{*this, "opt-level", llvm::cl::desc("Optimization level"),
                       llvm::cl::init(2)};
  Option<std::string> layout{*this, "layout",
                             llvm::cl::desc("Weight storage: packed, interleave32, or frag16 / frag8 (either: the decode kernels' layouts where they serve the matmul, frag16 for f16 activations and frag8 for int8, else interleave32; the NVVM default; packed on ROCDL)")};
  Option<int> sms{*this, "sms",
                  llvm::cl::desc("NVVM: SMs of the card the decode kernels' grids are shaped for (0: 132, H100 SXM / H200)"),
                  llvm::cl::init(0)};
};
} // namespace

static const char *orNull(const std::string &s) { return s.empty() ? nullptr : s.c_str(); }

extern "C" void bitblasRegisterPasses(void) {
  static bool registered = false;
  if (registered)
    return;
  registered = true;
  for (const BitblasPassInfo *p = bitblasGetPasses(); p->argument; ++p) {
    auto create = p->create;
    mlir::registerPass([create] { return std::unique_ptr<mlir::Pass>(unwrap(create())); });
  }
  for (const BitblasPipelineInfo *p = bitblasGetPipelines(); p->argument; ++p) {
    auto build = p->build;
    mlir::registerPassPipeline(
        p->argument, p->description,
        [build, arg = p->argument](mlir::OpPassManager &pm, llvm::StringRef text,
                                   llvm::function_ref<mlir::LogicalResult(const llvm::Twine &)>
                                       errorHandler) -> mlir::LogicalResult {
          auto o = PipelineOptions::createFromString(text);
          if (!o)
            return errorHandler(llvm::Twine("invalid options for ") + arg + ": '" + text + "'");
          BitblasPipelineOptions c{orNull(o->chip), orNull(o->format), orNull(o->toolkit),
                                   o->optLevel, orNull(o->layout), o->sms};
          if (mlirLogicalResultIsFailure(build(wrap(&pm), &c)))
            return errorHandler(llvm::Twine("cannot build pipeline ") + arg);
          return mlir::success();
        },
        [](llvm::function_ref<void(const mlir::detail::PassOptions &)> handler) {
          handler(PipelineOptions());
        });
  }
}
