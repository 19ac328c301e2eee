// An hsaco code object for gfx942: needs the ROCm device libraries and ld.lld
// (found through the toolkit folder the build links up).
// REQUIRES: rocm-device-libs
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx942 format=bin})' | FileCheck %s

// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: [#gpu.object<#rocdl.target<chip = "gfx942">
// CHECK-SAME: bin = "\7FELF
// CHECK-NOT: gpu.module
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}
