// RUN: bitblas-opt %s --bitblas-gpu-kernels-wave64 | FileCheck %s --check-prefix=AMD
// RUN: bitblas-opt %s --bitblas-gpu-kernels | FileCheck %s --check-prefix=NV
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx942 format=isa})' | FileCheck %s --check-prefix=ISA

// Integer SIMT kernels (int8 activations, int1 weights, i32 out) for AMDGPU
// pass each 32-bit word's partial sum through llvm.freeze, so that LLVM's
// reassociate pass keeps the sums per word: reassociated across the words of
// a load, they took the AMDGPU register allocator minutes per kernel
// (gpu_kernel.c). The NVIDIA kernels are unchanged. The whole gfx942 pipeline
// then compiles the three variants in seconds.
// AMD-LABEL: gpu.module @bitblas_mm0
// AMD: gpu.func @bitblas_mm0_v0
// AMD: llvm.freeze
// AMD: gpu.func @bitblas_mm0_v1
// AMD: llvm.freeze
// AMD: gpu.func @bitblas_mm0_v2
// AMD: llvm.freeze
// NV-LABEL: gpu.module @bitblas_mm0
// NV-NOT: llvm.freeze
// ISA-LABEL: gpu.binary @bitblas_mm0
// ISA-SAME: .amdhsa_kernel bitblas_mm0_v0
// ISA-SAME: .amdhsa_kernel bitblas_mm0_v2
func.func @i1_i8(%a: tensor<?x256xi8>, %w: tensor<256x256xi1>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<256x256xi1>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
