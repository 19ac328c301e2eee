// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx90a format=isa})' | FileCheck %s --check-prefixes=CHECK,GFX90A
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx942 format=isa})' | FileCheck %s --check-prefixes=CHECK,GFX942

// AMDGCN assembly (no external tool needed): the object names the chip, the
// text starts with the amdgcn target line, and the packed weights are read
// with 128-bit loads.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// GFX90A-SAME: [#gpu.object<#rocdl.target<chip = "gfx90a">
// GFX90A-SAME: .amdgcn_target \22amdgcn-amd-amdhsa--gfx90a\22
// GFX942-SAME: [#gpu.object<#rocdl.target<chip = "gfx942">
// GFX942-SAME: .amdgcn_target \22amdgcn-amd-amdhsa--gfx942\22
// CHECK-SAME: bitblas_mm0_v0:
// CHECK-SAME: global_load_dwordx4
// CHECK-SAME: bitblas_mm0_v1:
// CHECK-SAME: bitblas_mm0_v2:
// CHECK-NOT: gpu.module
// CHECK-LABEL: func.func @example
// CHECK: bitblas.kernels = {module = @bitblas_mm0
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}
