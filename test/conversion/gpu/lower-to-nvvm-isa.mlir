// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s

// PTX for sm_90 (no external tool needed): the kernel module becomes a
// gpu.binary whose object carries the target and the PTX text. The packed
// weights are read with 128-bit vector loads; there is one entry per M range.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">
// CHECK-SAME: assembly = "
// CHECK-SAME: .target sm_90
// CHECK-SAME: .visible .entry bitblas_mm0_v0(
// CHECK-SAME: ld.global.v4
// CHECK-SAME: .visible .entry bitblas_mm0_v1(
// CHECK-SAME: .visible .entry bitblas_mm0_v2(
// CHECK-NOT: gpu.module
// CHECK-LABEL: func.func @example
// CHECK: bitblas.kernels = {module = @bitblas_mm0
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// int8 activations with 2-bit weights, exact i32 accumulation.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .target sm_90
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: ld.global.v4
// CHECK-LABEL: func.func @int8
func.func @int8(%a: tensor<?x512xi8>, %w: tensor<256x512xi2>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi2>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
