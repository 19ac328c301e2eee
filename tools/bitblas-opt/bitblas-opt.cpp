// bitblas-opt: mlir-opt with the bitblas dialect loaded and its passes
// registered. Every mlir-opt flag works. Glue only: the dialect text and the
// passes come from libbitblas.
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Passes.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registerAllPasses();
  bitblasRegisterPasses();

  auto [inputFile, outputFile] =
      registerAndParseCLIOptions(argc, argv, "bitblas-opt: the bitblas MLIR optimizer", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();

  // MlirOptMain loads IRDL dialects only from a file: hand it the embedded text.
  llvm::SmallString<128> irdlPath;
  std::optional<llvm::FileRemover> removeIrdl;
  if (config.getIrdlFile().empty()) {
    int fd;
    if (llvm::sys::fs::createTemporaryFile("bitblas", "irdl.mlir", fd, irdlPath)) {
      llvm::errs() << "bitblas-opt: cannot create a temporary file for the dialect\n";
      return 1;
    }
    removeIrdl.emplace(irdlPath);
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    MlirStringRef text = bitblasDialectGetIRDLSource();
    os.write(text.data, text.length);
    config.setIrdlFile(irdlPath);
  }

  // The C verifier runs on every input, before the user's pipeline.
  MlirOptMainConfig userConfig = config;
  config.setPassPipelineSetupFn([userConfig](PassManager &pm) {
    pm.addPass(std::unique_ptr<Pass>(unwrap(bitblasCreateVerifyPass())));
    return userConfig.setupPassPipeline(pm);
  });

  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return 1;
  }
  auto output = openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
    return 1;
  output->keep();
  return 0;
}
