func.func @bad_group(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x3xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 100 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x3xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
