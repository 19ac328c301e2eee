// A weight-only quantized linear layer as a frontend emits it: a dequantization
// linalg.generic (uint4 codes stored as i4, per-group-128 f16 scales and zero
// points) feeding a matmul with the weight in [N, K] form. bitblas-normalize
// raises it to one bitblas.matmul; bitblas-lower-to-nvvm makes the kernels:
//   bitblas-compile examples/linalg-w4-group128.mlir -o out/
#id = affine_map<(n, k) -> (n, k)>
#g128 = affine_map<(n, k) -> (n, k floordiv 128)>
func.func @linear_w4(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xi4>, %s: tensor<4096x32xf16>,
                     %zr: tensor<4096x32xf16>) -> tensor<?x4096xf32> {
  %e = tensor.empty() : tensor<4096x4096xf16>
  %d = linalg.generic {indexing_maps = [#id, #g128, #g128, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s, %zr : tensor<4096x4096xi4>, tensor<4096x32xf16>, tensor<4096x32xf16>)
      outs(%e : tensor<4096x4096xf16>) {
  ^bb0(%q: i4, %sc: f16, %zz: f16, %o: f16):
    %qe = arith.extui %q : i4 to i32
    %qf = arith.uitofp %qe : i32 to f16
    %sub = arith.subf %qf, %zz : f16
    %r = arith.mulf %sub, %sc : f16
    linalg.yield %r : f16
  } -> tensor<4096x4096xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x4096xf16>
  %ce = tensor.empty(%m) : tensor<?x4096xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x4096xf16>, tensor<4096x4096xf16>) outs(%f : tensor<?x4096xf32>) -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}
