func.func @bad(%a: tensor<?x40xf16>, %w: tensor<64x40xui4>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x40xf16>, tensor<64x40xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
