# lit configuration for the bitblas test suite.
import os
import shutil

import lit.formats

config.name = "BITBLAS"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bitblas_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "Inputs"]

bin_dir = os.path.join(config.bitblas_obj_root, "bin")
lib_dir = os.path.join(config.bitblas_obj_root, "lib")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])

config.substitutions.append(("%bitblas_lib", lib_dir))
config.substitutions.append(("%bitblas_irdl",
    os.path.join(config.bitblas_obj_root, "share", "bitblas", "bitblas.irdl.mlir")))
config.substitutions.append(("%bitblas_plugin", os.path.join(lib_dir, "bitblas-plugin.so")))
config.substitutions.append(("%mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))
config.substitutions.append(("%cuda_root", config.cuda_root))
config.substitutions.append(("%scripts", os.path.join(config.test_source_root, "..", "scripts")))

# Features tests can require: ptxas for cubins, a ROCm toolkit folder for hsaco,
# the C runtime (built unless BITBLAS_ENABLE_RUNTIME is off).
if config.have_runtime:
    config.available_features.add("runtime")
if os.path.exists(os.path.join(config.cuda_root, "bin", "ptxas")):
    config.available_features.add("ptxas")
if os.path.isdir("/usr/lib/x86_64-linux-gnu/amdgcn"):
    config.available_features.add("rocm-device-libs")
