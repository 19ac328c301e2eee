// RUN: bitblas-opt %s --split-input-file --bitblas-interleave-weights | FileCheck %s

// Weights whose rows fill whole 32-bit words get the interleave32 layout.
// CHECK-LABEL: func.func @ui4
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.weight_layout = "interleave32"
func.func @ui4(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 128 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// 3-bit fields do not divide a 32-bit word: left packed.
// CHECK-LABEL: func.func @ui3
// CHECK: "bitblas.matmul"
// CHECK-NOT: bitblas.weight_layout
// CHECK: return
func.func @ui3(%a: tensor<?x256xf16>, %w: tensor<64x256xui3>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui3>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// A row of 8 x 2 bits = 16 bits is not a whole word: left packed. An explicit
// choice is kept.
// CHECK-LABEL: func.func @short_row
// CHECK: bitblas.weight_layout = "packed"
// CHECK-NOT: interleave32
// CHECK: return
func.func @short_row(%a: tensor<?x8xf16>, %w: tensor<64x8xui2>, %w2: tensor<64x256xui4>, %a2: tensor<?x256xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x8xf16>, tensor<64x8xui2>) -> tensor<?x64xf16>
  %d = "bitblas.matmul"(%a2, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "packed"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
