// The quant dialect's per-axis and blockwise (sub-channel) types, lowered by
// --lower-quant-ops (constant scales and zero points in a linalg.generic),
// then raised: constant scale / zero-point arrays become constant operands.
// RUN: %mlir_opt --lower-quant-ops %s | bitblas-opt --bitblas-normalize --bitblas-verify | FileCheck %s

// Symmetric per-axis i4 (zero points all 0): the zero is dropped, the scale
// constant [N] is folded to [N, 1].
// CHECK-LABEL: func.func @per_axis_i4_symmetric
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf16>, %[[W:.*]]: tensor<4x8xi4>)
// CHECK: %[[Q:.*]] = quant.scast %{{.*}} to tensor<4x8xi4>
// CHECK: %[[S:.*]] = arith.constant dense<{{\[}}[2.000000e+00], [3.000000e+00], [4.000000e+00], [5.000000e+00]]> : tensor<4x1xf16>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[Q]], %[[S]]) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x8xf16>, tensor<4x8xi4>, tensor<4x1xf16>) -> tensor<?x4xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
!qa = !quant.uniform<i4:f16:0, {2.0, 3.0, 4.0, 5.0}>
func.func @per_axis_i4_symmetric(%a: tensor<?x8xf16>, %w: tensor<4x8xi4>) -> tensor<?x4xf32> {
  %q = quant.scast %w : tensor<4x8xi4> to tensor<4x8x!qa>
  %d = quant.dcast %q : tensor<4x8x!qa> to tensor<4x8xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x8xf16>
  %e = tensor.empty(%m) : tensor<?x4xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<?x4xf32>) -> tensor<?x4xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x8xf16>, tensor<4x8xf16>) outs(%f : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// Blockwise u4 (block 4 along K) with zero points: quantized zeros, the
// constant zero points retyped to ui4, group_size 4.
// CHECK-LABEL: func.func @blockwise_u4
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf16>, %[[W:.*]]: tensor<2x8xi4>)
// CHECK-DAG: %[[S:.*]] = arith.constant dense<{{\[}}[2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00]]> : tensor<2x2xf16>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xui4>
// CHECK-DAG: %[[WU:.*]] = tensor.bitcast %{{.*}} : tensor<2x8xi4> to tensor<2x8xui4>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[WU]], %[[S]], %[[Z]]) {accum_type = f16, group_size = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x8xf16>, tensor<2x8xui4>, tensor<2x2xf16>, tensor<2x2xui4>) -> tensor<?x2xf16>
// CHECK: return %[[R]]
!qb = !quant.uniform<u4:f16:{0:1, 1:4}, {{2.0:1, 3.0:2}, {4.0:3, 5.0:4}}>
func.func @blockwise_u4(%a: tensor<?x8xf16>, %w: tensor<2x8xi4>) -> tensor<?x2xf16> {
  %q = quant.scast %w : tensor<2x8xi4> to tensor<2x8x!qb>
  %d = quant.dcast %q : tensor<2x8x!qb> to tensor<2x8xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x8xf16>
  %e = tensor.empty(%m) : tensor<?x2xf16>
  %z = arith.constant 0.0 : f16
  %f = linalg.fill ins(%z : f16) outs(%e : tensor<?x2xf16>) -> tensor<?x2xf16>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x8xf16>, tensor<2x8xf16>) outs(%f : tensor<?x2xf16>) -> tensor<?x2xf16>
  return %r : tensor<?x2xf16>
}

// Per-axis u8 with zero points, weight consumed as [K, N] by a plain matmul.
// CHECK-LABEL: func.func @per_axis_u8_kn
// CHECK: "bitblas.matmul"({{.*}}) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<3x4xf16>, tensor<2x4xui8>, tensor<2x1xf16>, tensor<2x1xui8>) -> tensor<3x2xf32>
!qc = !quant.uniform<u8:f16:1, {0.5:128, 0.25:100}>
func.func @per_axis_u8_kn(%a: tensor<3x4xf16>, %w: tensor<4x2xi8>) -> tensor<3x2xf32> {
  %q = quant.scast %w : tensor<4x2xi8> to tensor<4x2x!qc>
  %d = quant.dcast %q : tensor<4x2x!qc> to tensor<4x2xf16>
  %e = tensor.empty() : tensor<3x2xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<3x2xf32>) -> tensor<3x2xf32>
  %r = linalg.matmul ins(%a, %d : tensor<3x4xf16>, tensor<4x2xf16>) outs(%f : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// Signed per-axis codes with non-zero zero points: bitblas zeros need
// unsigned codes, so this stays.
// CHECK-LABEL: func.func @per_axis_i4_asymmetric
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
!qd = !quant.uniform<i4:f16:0, {2.0:1, 3.0:2, 4.0:3, 5.0:4}>
func.func @per_axis_i4_asymmetric(%a: tensor<?x8xf16>, %w: tensor<4x8xi4>) -> tensor<?x4xf32> {
  %q = quant.scast %w : tensor<4x8xi4> to tensor<4x8x!qd>
  %d = quant.dcast %q : tensor<4x8x!qd> to tensor<4x8xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x8xf16>
  %e = tensor.empty(%m) : tensor<?x4xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<?x4xf32>) -> tensor<?x4xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x8xf16>, tensor<4x8xf16>) outs(%f : tensor<?x4xf32>) -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}
