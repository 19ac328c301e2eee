// RUN: bitblas-opt %s --split-input-file --bitblas-frag8-weights | FileCheck %s

// int8 activations with 1-, 2- and 4-bit integer weights, i32 sums: the
// decode kernel serves them on the int8 tensor cores, so the weights take
// the frag8 layout.
// CHECK-LABEL: func.func @served
// CHECK-COUNT-3: bitblas.weight_layout = "frag8"
// CHECK: return
func.func @served(%a: tensor<?x256xi8>, %w1: tensor<64x256xi1>, %w2: tensor<32x256xui2>, %w4: tensor<16x256xi4>) -> tensor<?x64xi32> {
  %c = "bitblas.matmul"(%a, %w1) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi1>) -> tensor<?x64xi32>
  %d = "bitblas.matmul"(%a, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<32x256xui2>) -> tensor<?x32xi32>
  %e = "bitblas.matmul"(%a, %w4) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<16x256xi4>) -> tensor<?x16xi32>
  return %c : tensor<?x64xi32>
}

// -----

// A per-channel f32 scale with an f16 output is served too.
// CHECK-LABEL: func.func @scaled
// CHECK: bitblas.weight_layout = "frag8"
func.func @scaled(%a: tensor<?x256xi8>, %w: tensor<64x256xi2>, %s: tensor<64x1xf32>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 256 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi2>, tensor<64x1xf32>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Not served, so not marked: f16 activations (frag16's), 8-bit weights (no
// byte field pair), group scales, K * bits not a whole 512-byte unit, N not
// a whole 16-row tile.
// CHECK-LABEL: func.func @unserved
// CHECK-NOT: bitblas.weight_layout
// CHECK: return
func.func @unserved(%a: tensor<?x256xi8>, %h: tensor<?x256xf16>, %w: tensor<64x256xi2>, %w8: tensor<64x256xi8>, %s: tensor<64x2xf32>, %a2: tensor<?x160xi8>, %w2: tensor<64x160xi4>, %w3: tensor<40x256xi2>) -> tensor<?x64xi32> {
  %c = "bitblas.matmul"(%h, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xi2>) -> tensor<?x64xf16>
  %d = "bitblas.matmul"(%a, %w8) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi8>) -> tensor<?x64xi32>
  %e = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 128 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi2>, tensor<64x2xf32>) -> tensor<?x64xf16>
  %f = "bitblas.matmul"(%a2, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x160xi8>, tensor<64x160xi4>) -> tensor<?x64xi32>
  %g = "bitblas.matmul"(%a, %w3) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<40x256xi2>) -> tensor<?x40xi32>
  return %d : tensor<?x64xi32>
}
