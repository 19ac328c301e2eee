// Cubins through ptxas (CUDA toolkit) for Ampere, Ada and Hopper.
// REQUIRES: ptxas
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_80 format=bin toolkit=%cuda_root})' | FileCheck %s --check-prefix=SM80
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_89 format=bin toolkit=%cuda_root})' | FileCheck %s --check-prefix=SM89
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=bin toolkit=%cuda_root})' | FileCheck %s --check-prefix=SM90

// Each object names its chip and holds an ELF cubin.
// SM80-LABEL: gpu.binary @bitblas_mm0
// SM80-SAME: [#gpu.object<#nvvm.target<chip = "sm_80", features = "+ptx80">
// SM80-SAME: bin = "\7FELF
// SM80-NOT: gpu.module
// SM89-LABEL: gpu.binary @bitblas_mm0
// SM89-SAME: [#gpu.object<#nvvm.target<chip = "sm_89", features = "+ptx80">
// SM89-SAME: bin = "\7FELF
// SM89-NOT: gpu.module
// SM90-LABEL: gpu.binary @bitblas_mm0
// SM90-SAME: [#gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">
// SM90-SAME: bin = "\7FELF
// SM90-NOT: gpu.module
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}
