// RUN: bitblas-opt %s --split-input-file --bitblas-fold-layouts | FileCheck %s

// A layout transform of a constant becomes the constant in the new layout:
// output[map(i)] = input[i].
// CHECK-LABEL: func.func @transpose
// CHECK-NEXT: arith.constant dense<{{\[}}[1, 5], [2, 6], [3, 7], [4, 8]]> : tensor<4x2xi8>
// CHECK-NOT: tile_transform_layout
func.func @transpose() -> tensor<4x2xi8> {
  %c = arith.constant dense<[[1, 2, 3, 4], [5, 6, 7, 8]]> : tensor<2x4xi8>
  %t = "bitblas.tile_transform_layout"(%c) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<2x4xi8>) -> tensor<4x2xi8>
  return %t : tensor<4x2xi8>
}

// -----

// The interleave32 map of 4-bit weights (bitblasWeightLayoutGetMap): inside
// each 32-bit word the even elements first. 1-bit and f16 elements too.
// CHECK-LABEL: func.func @interleave32
// CHECK-NEXT: arith.constant dense<[0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15]> : tensor<16xui4>
// CHECK-NEXT: arith.constant dense<[true, true, false, false]> : tensor<4xi1>
// CHECK-NEXT: arith.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf16>
func.func @interleave32() -> (tensor<16xui4>, tensor<4xi1>, tensor<2xf16>) {
  %c = arith.constant dense<[[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15]]> : tensor<2x8xui4>
  %t = "bitblas.tile_transform_layout"(%c) {map = affine_map<(d0, d1) -> (d0 * 8 + (d1 mod 8) floordiv 2 + (d1 mod 2) * 4)>, scope = "global"} : (tensor<2x8xui4>) -> tensor<16xui4>
  %b = arith.constant dense<[true, false, true, false]> : tensor<4xi1>
  %u = "bitblas.tile_transform_layout"(%b) {map = affine_map<(d0) -> ((d0 mod 2) * 2 + d0 floordiv 2)>, scope = "global"} : (tensor<4xi1>) -> tensor<4xi1>
  %h = arith.constant dense<[-2.0, 1.5]> : tensor<2xf16>
  %v = "bitblas.tile_transform_layout"(%h) {map = affine_map<(d0) -> (1 - d0)>, scope = "global"} : (tensor<2xf16>) -> tensor<2xf16>
  return %t, %u, %v : tensor<16xui4>, tensor<4xi1>, tensor<2xf16>
}

// -----

// A splat stays a splat; a transform of a value that is not a constant stays.
// CHECK-LABEL: func.func @splat_and_argument
// CHECK-NEXT: arith.constant dense<3> : tensor<8x2xi8>
// CHECK-NEXT: "bitblas.tile_transform_layout"(%arg0)
func.func @splat_and_argument(%x: tensor<2x8xi8>) -> (tensor<8x2xi8>, tensor<8x2xi8>) {
  %c = arith.constant dense<3> : tensor<2x8xi8>
  %t = "bitblas.tile_transform_layout"(%c) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<2x8xi8>) -> tensor<8x2xi8>
  %u = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<2x8xi8>) -> tensor<8x2xi8>
  return %t, %u : tensor<8x2xi8>, tensor<8x2xi8>
}
