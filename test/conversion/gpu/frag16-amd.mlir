// frag16 weights have NVIDIA decode kernels only: the AMD kernel passes say so
// at the matmul instead of reading them as another layout.
// RUN: bitblas-opt %s --verify-diagnostics --bitblas-gpu-kernels-wave64
// RUN: bitblas-opt %s --verify-diagnostics --bitblas-gpu-kernels-wave32

func.func @frag16_on_amd(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: frag16 and frag8 weights are read by the NVIDIA decode kernels only}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag16"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
