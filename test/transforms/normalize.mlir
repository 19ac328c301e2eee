// RUN: bitblas-opt --split-input-file --bitblas-normalize --bitblas-verify %s | FileCheck %s

// Plain (unquantized) contractions: linalg.matmul NN and NT, i8, batch with a
// shared weight, quantized_matmul with zero zero-points, and what stays.

#mk = affine_map<(m, n, k) -> (m, k)>
#nk = affine_map<(m, n, k) -> (n, k)>
#mn = affine_map<(m, n, k) -> (m, n)>

// CHECK-LABEL: func.func @matmul_nn_f16
// CHECK-SAME: (%[[A:.*]]: tensor<?x64xf16>, %[[B:.*]]: tensor<64x32xf16>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<32x64xf16>
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<64x32xf16>) outs(%[[E]] : tensor<32x64xf16>) permutation = [1, 0]
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[BT]]) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x64xf16>, tensor<32x64xf16>) -> tensor<?x32xf32>
// CHECK-NOT: linalg.fill
// CHECK-NOT: linalg.matmul
// CHECK: return %[[R]]
func.func @matmul_nn_f16(%a: tensor<?x64xf16>, %b: tensor<64x32xf16>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x64xf16>
  %e = tensor.empty(%m) : tensor<?x32xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %r = linalg.matmul ins(%a, %b : tensor<?x64xf16>, tensor<64x32xf16>) outs(%f : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %r : tensor<?x32xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_nt_f16
// CHECK-SAME: (%[[A:.*]]: tensor<4x64xf16>, %[[B:.*]]: tensor<32x64xf16>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[B]]) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<4x64xf16>, tensor<32x64xf16>) -> tensor<4x32xf32>
// CHECK: return %[[R]]
func.func @matmul_nt_f16(%a: tensor<4x64xf16>, %b: tensor<32x64xf16>) -> tensor<4x32xf32> {
  %e = tensor.empty() : tensor<4x32xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4x32xf32>) -> tensor<4x32xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<4x64xf16>, tensor<32x64xf16>) outs(%f : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

// f16 x f16 accumulated in f16 (no widening in the body); bf16 the same way in f32.
// CHECK-LABEL: func.func @matmul_f16_acc
// CHECK: "bitblas.matmul"({{.*}}) {accum_type = f16, {{.*}}} : (tensor<8x16xf16>, tensor<4x16xf16>) -> tensor<8x4xf16>
// CHECK-LABEL: func.func @matmul_bf16
// CHECK: "bitblas.matmul"({{.*}}) {accum_type = f32, {{.*}}} : (tensor<8x16xbf16>, tensor<4x16xbf16>) -> tensor<8x4xf32>
func.func @matmul_f16_acc(%a: tensor<8x16xf16>, %b: tensor<16x4xf16>) -> tensor<8x4xf16> {
  %e = tensor.empty() : tensor<8x4xf16>
  %z = arith.constant 0.0 : f16
  %f = linalg.fill ins(%z : f16) outs(%e : tensor<8x4xf16>) -> tensor<8x4xf16>
  %r = linalg.matmul ins(%a, %b : tensor<8x16xf16>, tensor<16x4xf16>) outs(%f : tensor<8x4xf16>) -> tensor<8x4xf16>
  return %r : tensor<8x4xf16>
}
func.func @matmul_bf16(%a: tensor<8x16xbf16>, %b: tensor<16x4xbf16>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %r = linalg.matmul ins(%a, %b : tensor<8x16xbf16>, tensor<16x4xbf16>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

// A constant [K, N] weight is transposed at compile time.
// CHECK-LABEL: func.func @matmul_const_weight
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf16>
// CHECK-NOT: linalg.transpose
// CHECK: "bitblas.matmul"(%{{.*}}, %[[W]])
func.func @matmul_const_weight(%a: tensor<5x3xf16>) -> tensor<5x2xf32> {
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf16>
  %e = tensor.empty() : tensor<5x2xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<5x2xf32>) -> tensor<5x2xf32>
  %r = linalg.matmul ins(%a, %b : tensor<5x3xf16>, tensor<3x2xf16>) outs(%f : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %r : tensor<5x2xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_i8
// CHECK-SAME: (%[[A:.*]]: tensor<4x64xi8>, %[[B:.*]]: tensor<32x64xi8>)
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[B]]) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<4x64xi8>, tensor<32x64xi8>) -> tensor<4x32xi32>
// CHECK: return %[[R]]
func.func @matmul_i8(%a: tensor<4x64xi8>, %b: tensor<32x64xi8>) -> tensor<4x32xi32> {
  %e = tensor.empty() : tensor<4x32xi32>
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<4x32xi32>) -> tensor<4x32xi32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<4x64xi8>, tensor<32x64xi8>) outs(%f : tensor<4x32xi32>) -> tensor<4x32xi32>
  return %r : tensor<4x32xi32>
}

// -----

// An accumulator that is not a zero fill is added back after the matmul.
// CHECK-LABEL: func.func @matmul_accumulate
// CHECK-SAME: (%[[A:.*]]: tensor<4x64xf16>, %[[B:.*]]: tensor<32x64xf16>, %[[C:.*]]: tensor<4x32xf32>)
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[B]])
// CHECK: %[[S:.*]] = arith.addf %[[R]], %[[C]] : tensor<4x32xf32>
// CHECK: return %[[S]]
func.func @matmul_accumulate(%a: tensor<4x64xf16>, %b: tensor<32x64xf16>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<4x64xf16>, tensor<32x64xf16>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

// A fill with a non-zero value is an accumulator too.
// CHECK-LABEL: func.func @matmul_fill_one
// CHECK: %[[F:.*]] = linalg.fill
// CHECK: %[[R:.*]] = "bitblas.matmul"
// CHECK: arith.addi %[[R]], %[[F]] : tensor<4x32xi32>
func.func @matmul_fill_one(%a: tensor<4x64xi8>, %b: tensor<32x64xi8>) -> tensor<4x32xi32> {
  %e = tensor.empty() : tensor<4x32xi32>
  %one = arith.constant 1 : i32
  %f = linalg.fill ins(%one : i32) outs(%e : tensor<4x32xi32>) -> tensor<4x32xi32>
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<4x64xi8>, tensor<32x64xi8>) outs(%f : tensor<4x32xi32>) -> tensor<4x32xi32>
  return %r : tensor<4x32xi32>
}

// -----

// A generic contraction (what --linalg-generalize-named-ops makes), NT form.
// CHECK-LABEL: func.func @generic_nt
// CHECK-SAME: (%[[A:.*]]: tensor<?x64xf16>, %[[B:.*]]: tensor<32x64xf16>
// CHECK: "bitblas.matmul"(%[[A]], %[[B]]) {accum_type = f32, {{.*}}} : (tensor<?x64xf16>, tensor<32x64xf16>) -> tensor<?x32xf32>
// CHECK-NOT: linalg.generic
func.func @generic_nt(%a: tensor<?x64xf16>, %b: tensor<32x64xf16>, %e: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<?x64xf16>, tensor<32x64xf16>) outs(%f : tensor<?x32xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %ye, %xe : f32
    %s = arith.addf %p, %acc : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  return %r : tensor<?x32xf32>
}

// -----

// batch_matmul whose weight is shared by the batch: collapse, matmul, expand.
// CHECK-LABEL: func.func @batch_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<?x4x64xf16>, %[[B:.*]]: tensor<64x32xf16>)
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<64x32xf16>)
// CHECK: %[[AC:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<?x4x64xf16> into tensor<?x64xf16>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[AC]], %[[BT]]) {accum_type = f32, {{.*}}} : (tensor<?x64xf16>, tensor<32x64xf16>) -> tensor<?x32xf32>
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %c0
// CHECK: %[[X:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1], [2]] output_shape [%[[D]], 4, 32] : tensor<?x32xf32> into tensor<?x4x32xf32>
// CHECK: return %[[X]]
func.func @batch_broadcast(%a: tensor<?x4x64xf16>, %b: tensor<64x32xf16>) -> tensor<?x4x32xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?x4x64xf16>
  %e = tensor.empty(%n) : tensor<?x4x32xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<?x4x32xf32>) -> tensor<?x4x32xf32>
  %r = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>]
      ins(%a, %b : tensor<?x4x64xf16>, tensor<64x32xf16>) outs(%f : tensor<?x4x32xf32>) -> tensor<?x4x32xf32>
  return %r : tensor<?x4x32xf32>
}

// -----

// The same as a generic with an NT weight, static shapes, accumulating into %c.
// CHECK-LABEL: func.func @batch_broadcast_generic
// CHECK-SAME: (%[[A:.*]]: tensor<2x4x64xf16>, %[[B:.*]]: tensor<32x64xf16>, %[[C:.*]]: tensor<2x4x32xf32>)
// CHECK: %[[AC:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<2x4x64xf16> into tensor<8x64xf16>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[AC]], %[[B]])
// CHECK: %[[X:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1], [2]] output_shape [2, 4, 32] : tensor<8x32xf32> into tensor<2x4x32xf32>
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[C]] : tensor<2x4x32xf32>
// CHECK: return %[[S]]
func.func @batch_broadcast_generic(%a: tensor<2x4x64xf16>, %b: tensor<32x64xf16>, %c: tensor<2x4x32xf32>) -> tensor<2x4x32xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<2x4x64xf16>, tensor<32x64xf16>) outs(%c : tensor<2x4x32xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x4x32xf32>
  return %r : tensor<2x4x32xf32>
}

// -----

// Per-batch weights are left alone: bitblas.matmul is weight-stationary 2-D.
// CHECK-LABEL: func.func @batch_per_batch_weight
// CHECK: linalg.batch_matmul
// CHECK-NOT: bitblas.matmul
func.func @batch_per_batch_weight(%a: tensor<2x4x64xf16>, %b: tensor<2x64x32xf16>) -> tensor<2x4x32xf32> {
  %e = tensor.empty() : tensor<2x4x32xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4x32xf32>) -> tensor<2x4x32xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x4x64xf16>, tensor<2x64x32xf16>) outs(%f : tensor<2x4x32xf32>) -> tensor<2x4x32xf32>
  return %r : tensor<2x4x32xf32>
}

// -----

// quantized_matmul (tosa.matmul with zero points) with both zero points 0.
// CHECK-LABEL: func.func @quantized_zp0
// CHECK-SAME: (%[[A:.*]]: tensor<4x64xi8>, %[[B:.*]]: tensor<64x32xi8>)
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<64x32xi8>)
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[BT]]) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<4x64xi8>, tensor<32x64xi8>) -> tensor<4x32xi32>
// CHECK-NOT: linalg.quantized_matmul
// CHECK: return %[[R]]
func.func @quantized_zp0(%a: tensor<4x64xi8>, %b: tensor<64x32xi8>) -> tensor<4x32xi32> {
  %zp = arith.constant 0 : i32
  %e = tensor.empty() : tensor<4x32xi32>
  %f = linalg.fill ins(%zp : i32) outs(%e : tensor<4x32xi32>) -> tensor<4x32xi32>
  %r = linalg.quantized_matmul ins(%a, %b, %zp, %zp : tensor<4x64xi8>, tensor<64x32xi8>, i32, i32) outs(%f : tensor<4x32xi32>) -> tensor<4x32xi32>
  return %r : tensor<4x32xi32>
}

// -----

// Non-zero zero points: not expressible as a bitblas weight (i8 codes take no zeros).
// CHECK-LABEL: func.func @quantized_zp_nonzero
// CHECK: linalg.quantized_matmul
// CHECK-NOT: bitblas.matmul
func.func @quantized_zp_nonzero(%a: tensor<4x64xi8>, %b: tensor<64x32xi8>) -> tensor<4x32xi32> {
  %z = arith.constant 0 : i32
  %azp = arith.constant 3 : i32
  %e = tensor.empty() : tensor<4x32xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<4x32xi32>) -> tensor<4x32xi32>
  %r = linalg.quantized_matmul ins(%a, %b, %azp, %z : tensor<4x64xi8>, tensor<64x32xi8>, i32, i32) outs(%f : tensor<4x32xi32>) -> tensor<4x32xi32>
  return %r : tensor<4x32xi32>
}

// -----

// Types bitblas does not take: f64 and f32 activations.
// CHECK-LABEL: func.func @matmul_f64
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
// CHECK-LABEL: func.func @matmul_f32
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @matmul_f64(%a: tensor<4x8xf64>, %b: tensor<8x2xf64>) -> tensor<4x2xf64> {
  %e = tensor.empty() : tensor<4x2xf64>
  %z = arith.constant 0.0 : f64
  %f = linalg.fill ins(%z : f64) outs(%e : tensor<4x2xf64>) -> tensor<4x2xf64>
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf64>, tensor<8x2xf64>) outs(%f : tensor<4x2xf64>) -> tensor<4x2xf64>
  return %r : tensor<4x2xf64>
}
func.func @matmul_f32(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %e = tensor.empty() : tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%f : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// A contraction-shaped generic that reduces with max, not add.
// CHECK-LABEL: func.func @generic_max
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK-NOT: bitblas.matmul
func.func @generic_max(%a: tensor<4x64xf16>, %b: tensor<32x64xf16>, %c: tensor<4x32xf16>) -> tensor<4x32xf16> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<4x64xf16>, tensor<32x64xf16>) outs(%c : tensor<4x32xf16>) {
  ^bb0(%x: f16, %y: f16, %acc: f16):
    %p = arith.mulf %x, %y : f16
    %s = arith.maximumf %acc, %p : f16
    linalg.yield %s : f16
  } -> tensor<4x32xf16>
  return %r : tensor<4x32xf16>
}

// -----

// An accumulator read twice (acc + x*y + acc) is not a matmul's accumulation.
// CHECK-LABEL: func.func @generic_acc_twice
// CHECK: linalg.generic
// CHECK-NOT: bitblas.matmul
func.func @generic_acc_twice(%a: tensor<4x64xf16>, %b: tensor<32x64xf16>, %c: tensor<4x32xf16>) -> tensor<4x32xf16> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<4x64xf16>, tensor<32x64xf16>) outs(%c : tensor<4x32xf16>) {
  ^bb0(%x: f16, %y: f16, %acc: f16):
    %p = arith.mulf %x, %y : f16
    %s = arith.addf %acc, %p : f16
    %t = arith.addf %s, %acc : f16
    linalg.yield %t : f16
  } -> tensor<4x32xf16>
  return %r : tensor<4x32xf16>
}

// -----

// Transposed activation ([K, M]) and transposed output are not raised.
// CHECK-LABEL: func.func @transposed_a
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @transposed_a(%a: tensor<64x4xf16>, %b: tensor<32x64xf16>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %r = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : tensor<64x4xf16>, tensor<32x64xf16>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}
