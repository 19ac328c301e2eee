// int8-activation matmuls the frag8 decode kernel serves, for bitblas-gpu-test on the GPU
// machine (docs/performance.md, "Reproduce"): every 1/2/4-bit integer weight type, i32
// results and a scaled float output, at a small shape, a shape with shared activations
// (N >= 4224) and one with ragged K splits (K = 11008).
func.func @i1_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xi1>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi1>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @ui1_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xui1>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xui1>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @i2_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xi2>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi2>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @ui2_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xui2>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xui2>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @i4_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xi4>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi4>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @ui4_i32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xui4>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xui4>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
func.func @i4_f16_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xi4>, %s: tensor<256x1xf32>, %b: tensor<256xf16>) -> tensor<?x256xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 512 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi4>, tensor<256x1xf32>, tensor<256xf16>) -> tensor<?x256xf16>
  return %c : tensor<?x256xf16>
}
func.func @i2_f32_256x512(%a: tensor<?x512xi8>, %w: tensor<256x512xi2>, %s: tensor<256x1xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 512 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi2>, tensor<256x1xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  return %c : tensor<?x256xf32>
}
func.func @i1_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xi1>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xi1>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @ui1_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xui1>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xui1>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @i2_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xi2>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xi2>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @ui2_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xui2>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xui2>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @i4_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xi4>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xi4>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @ui4_i32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xui4>) -> tensor<?x4224xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xui4>) -> tensor<?x4224xi32>
  return %c : tensor<?x4224xi32>
}
func.func @i4_f16_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xi4>, %s: tensor<4224x1xf32>, %b: tensor<4224xf16>) -> tensor<?x4224xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 2048 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xi4>, tensor<4224x1xf32>, tensor<4224xf16>) -> tensor<?x4224xf16>
  return %c : tensor<?x4224xf16>
}
func.func @i2_f32_4224x2048(%a: tensor<?x2048xi8>, %w: tensor<4224x2048xi2>, %s: tensor<4224x1xf32>, %b: tensor<4224xf32>) -> tensor<?x4224xf32> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 2048 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x2048xi8>, tensor<4224x2048xi2>, tensor<4224x1xf32>, tensor<4224xf32>) -> tensor<?x4224xf32>
  return %c : tensor<?x4224xf32>
}
func.func @i1_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xi1>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xi1>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @ui1_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xui1>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xui1>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @i2_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xi2>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xi2>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @ui2_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xui2>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xui2>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @i4_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xi4>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xi4>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @ui4_i32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xui4>) -> tensor<?x1008xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xui4>) -> tensor<?x1008xi32>
  return %c : tensor<?x1008xi32>
}
func.func @i4_f16_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xi4>, %s: tensor<1008x1xf32>, %b: tensor<1008xf16>) -> tensor<?x1008xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 11008 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xi4>, tensor<1008x1xf32>, tensor<1008xf16>) -> tensor<?x1008xf16>
  return %c : tensor<?x1008xf16>
}
func.func @i2_f32_1008x11008(%a: tensor<?x11008xi8>, %w: tensor<1008x11008xi2>, %s: tensor<1008x1xf32>, %b: tensor<1008xf32>) -> tensor<?x1008xf32> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 11008 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x11008xi8>, tensor<1008x11008xi2>, tensor<1008x1xf32>, tensor<1008xf32>) -> tensor<?x1008xf32>
  return %c : tensor<?x1008xf32>
}
