// The fused form as MLIR's own pass produces it: generalize the two-op
// dequant + matmul, fuse with --linalg-fuse-elementwise-ops, then raise.
// RUN: %mlir_opt --linalg-generalize-named-ops --linalg-fuse-elementwise-ops %s \
// RUN:   | bitblas-opt --bitblas-normalize --bitblas-verify | FileCheck %s

// CHECK-LABEL: func.func @fused_by_mlir
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>, %[[Z:.*]]: tensor<64x2xf16>, %[[C:.*]]: tensor<?x64xf32>)
// CHECK: %[[WU:.*]] = tensor.bitcast %[[W]] : tensor<64x256xi4> to tensor<64x256xui4>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[WU]], %[[S]], %[[Z]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"}
// CHECK: %[[SUM:.*]] = arith.addf %[[R]], %[[C]] : tensor<?x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[SUM]]
#id = affine_map<(n, k) -> (n, k)>
#grp = affine_map<(n, k) -> (n, k floordiv 128)>
func.func @fused_by_mlir(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>, %init: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [#id, #grp, #grp, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s, %z : tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %zz: f16, %o: f16):
    %qe = arith.extui %q : i4 to i32
    %qf = arith.uitofp %qe : i32 to f16
    %sub = arith.subf %qf, %zz : f16
    %r = arith.mulf %sub, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x256xf16>, tensor<64x256xf16>) outs(%init : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}
