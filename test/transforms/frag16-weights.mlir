// RUN: bitblas-opt %s --split-input-file --bitblas-frag16-weights | FileCheck %s

// f16 activations, 4-bit weights, N % 16 == 0, K * 4 % 256 == 0: the decode
// kernels serve it, so the weights take the frag16 layout.
// CHECK-LABEL: func.func @ui4
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.weight_layout = "frag16"
func.func @ui4(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 128 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// N = 40 is not a whole number of 16-row tiles; K = 96 of 4-bit weights is
// not a whole 512-byte unit per tile; int8 activations take frag8, not frag16;
// a tile the decode kernel cannot take (tiles = 6: three 16-row tiles per
// block, but N = 64 has four) keeps the older kernels.
// None is marked.
// CHECK-LABEL: func.func @unserved
// CHECK-NOT: bitblas.weight_layout
// CHECK: return
func.func @unserved(%a: tensor<?x256xf16>, %w: tensor<40x256xui4>, %a2: tensor<?x96xf16>, %w2: tensor<64x96xui4>, %a3: tensor<?x256xi8>, %w3: tensor<64x256xi4>, %w4: tensor<64x256xui4>) -> tensor<?x40xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<40x256xui4>) -> tensor<?x40xf16>
  %d = "bitblas.matmul"(%a2, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x96xf16>, tensor<64x96xui4>) -> tensor<?x64xf16>
  %e = "bitblas.matmul"(%a3, %w3) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi32>
  %f = "bitblas.matmul"(%a, %w4) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.mma_tile = array<i64: 6, 4, 4>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x40xf16>
}

// -----

// An explicit choice is kept.
// CHECK-LABEL: func.func @explicit
// CHECK: bitblas.weight_layout = "interleave32"
// CHECK-NOT: frag16
// CHECK: return
func.func @explicit(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "interleave32"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
