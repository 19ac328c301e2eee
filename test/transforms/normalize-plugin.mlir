// bitblas-normalize from stock mlir-opt through the pass plugin, with the
// dialect from the IRDL file, and without it (the pass loads the dialect).
// RUN: %mlir_opt --load-pass-plugin=%bitblas_plugin --irdl-file=%bitblas_irdl \
// RUN:   --pass-pipeline='builtin.module(bitblas-normalize,bitblas-verify)' %s | FileCheck %s
// RUN: %mlir_opt --load-pass-plugin=%bitblas_plugin \
// RUN:   --pass-pipeline='builtin.module(func.func(bitblas-normalize))' %s | FileCheck %s

// CHECK-LABEL: func.func @w4_per_group
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>,
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[W]], %[[S]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"}
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @w4_per_group(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %c: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%c : tensor<?x64xf32>) -> tensor<?x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, k floordiv 128)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s : tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>) outs(%f : tensor<?x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %acc: f32):
    %qf = arith.sitofp %q : i4 to f16
    %wv = arith.mulf %qf, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}

// CHECK-LABEL: func.func @stays
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @stays(%a: tensor<4x8xf64>, %b: tensor<8x2xf64>, %c: tensor<4x2xf64>) -> tensor<4x2xf64> {
  %r = linalg.matmul ins(%a, %b : tensor<4x8xf64>, tensor<8x2xf64>) outs(%c : tensor<4x2xf64>) -> tensor<4x2xf64>
  return %r : tensor<4x2xf64>
}
