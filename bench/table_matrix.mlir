// Table-weight matmuls (nf4, af4, a 4-bit lut) the byte-table decode kernel serves, for
// bitblas-gpu-test on the GPU machine (docs/performance.md, "nf4: byte tables"): groups
// smaller than a unit (dequantized before the mma), per-channel scales with a bias and f32
// output, a ragged K split (11008), a user table, no scale, and a layer wide enough
// (34816 rows) for the many-blocks M = 9..16 shape.
func.func @nf4_g32_4224x512(%a: tensor<?x512xf16>, %w: tensor<4224x512x!bitblas.nf4>, %s: tensor<4224x16xf16>) -> tensor<?x4224xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 32 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<4224x512x!bitblas.nf4>, tensor<4224x16xf16>) -> tensor<?x4224xf16>
  return %c : tensor<?x4224xf16>
}
func.func @nf4_channel_bias_f32_256x512(%a: tensor<?x512xf16>, %w: tensor<256x512x!bitblas.nf4>, %s: tensor<256x1xf16>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 512 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<256x512x!bitblas.nf4>, tensor<256x1xf16>, tensor<256xf32>) -> tensor<?x256xf32>
  return %c : tensor<?x256xf32>
}
func.func @af4_g128_256x11008(%a: tensor<?x11008xf16>, %w: tensor<256x11008x!bitblas.af4>, %s: tensor<256x86xf16>) -> tensor<?x256xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 128 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x11008xf16>, tensor<256x11008x!bitblas.af4>, tensor<256x86xf16>) -> tensor<?x256xf16>
  return %c : tensor<?x256xf16>
}
func.func @lut4_g64_256x512(%a: tensor<?x512xf16>, %w: tensor<256x512x!bitblas.lut<4 : i32, [-8.0 : f16, -6.0 : f16, -4.5 : f16, -3.0 : f16, -2.0 : f16, -1.25 : f16, -0.5 : f16, 0.0 : f16, 0.25 : f16, 0.75 : f16, 1.5 : f16, 2.5 : f16, 3.5 : f16, 5.0 : f16, 7.0 : f16, 9.5 : f16]>>, %s: tensor<256x8xf16>) -> tensor<?x256xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 64 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<256x512x!bitblas.lut<4 : i32, [-8.0 : f16, -6.0 : f16, -4.5 : f16, -3.0 : f16, -2.0 : f16, -1.25 : f16, -0.5 : f16, 0.0 : f16, 0.25 : f16, 0.75 : f16, 1.5 : f16, 2.5 : f16, 3.5 : f16, 5.0 : f16, 7.0 : f16, 9.5 : f16]>>, tensor<256x8xf16>) -> tensor<?x256xf16>
  return %c : tensor<?x256xf16>
}
func.func @nf4_noscale_34816x512(%a: tensor<?x512xf16>, %w: tensor<34816x512x!bitblas.nf4>) -> tensor<?x34816xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<34816x512x!bitblas.nf4>) -> tensor<?x34816xf16>
  return %c : tensor<?x34816xf16>
}
