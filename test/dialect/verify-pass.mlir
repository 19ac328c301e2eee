// The bitblas-verify pass from stock mlir-opt: the dialect comes from the IRDL
// file, the pass from the plugin. Valid IR goes through unchanged; IR that IRDL
// accepts but the C verifier rejects fails with the verifier's error.
// RUN: %mlir_opt --load-pass-plugin=%bitblas_plugin --irdl-file=%bitblas_irdl \
// RUN:   --pass-pipeline='builtin.module(bitblas-verify)' --split-input-file \
// RUN:   --verify-diagnostics %s | FileCheck %s

// CHECK-LABEL: func.func @valid(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"}
// CHECK: "bitblas.tile_transform_layout"
func.func @valid(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xui4>) -> (tensor<?x64xf16>, tensor<64x256xui4>) {
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xui4>) -> tensor<?x64xf16>
  %1 = "bitblas.tile_transform_layout"(%w) {map = affine_map<(d0, d1) -> (d0, (d1 mod 8) * 32 + d1 floordiv 8)>, scope = "global"} : (tensor<64x256xui4>) -> tensor<64x256xui4>
  return %0, %1 : tensor<?x64xf16>, tensor<64x256xui4>
}

// -----

func.func @invalid(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op group_size 96 must divide K = 256}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 96 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// Nested ops are verified too.
func.func @nested(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %r = scf.execute_region -> tensor<4x8xf16> {
    // expected-error @+1 {{'bitblas.tile_transform_layout' op map is not injective: (0, 0) and (0, 4) both map to (0, 0)}}
    %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, d1 mod 4)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
    scf.yield %0 : tensor<4x8xf16>
  }
  return %r : tensor<4x8xf16>
}
