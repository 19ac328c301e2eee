// RUN: bitblas-opt %s --split-input-file --bitblas-lower-to-linalg --verify-diagnostics

// MX block scales (f8E8M0FNU) are valid bitblas but have no CPU decode yet.
func.func @mx_scale(%a: tensor<?x64xf16>, %w: tensor<16x32xi8>, %s: tensor<16x2xf8E8M0FNU>) -> tensor<?x16xf16> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x32xi8>) -> tensor<16x64xf4E2M1FN>
  // expected-error @+1 {{scale element type f8E8M0FNU has no CPU lowering}}
  %c = "bitblas.matmul"(%a, %wl, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 32 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x64xf16>, tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>) -> tensor<?x16xf16>
  return %c : tensor<?x16xf16>
}

// -----

// A logical nf4 tensor has no memory representation on the CPU.
func.func @logical_nf4(%a: tensor<?x64xf16>, %w: tensor<16x64x!bitblas.nf4>) -> tensor<?x16xf16> {
  // expected-error @+1 {{a logical !bitblas.nf4 tensor has no CPU representation}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x64xf16>, tensor<16x64x!bitblas.nf4>) -> tensor<?x16xf16>
  return %c : tensor<?x16xf16>
}

// -----

func.func @tile_slice(%x: tensor<16x64xf16>) -> tensor<8x64xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op has no CPU lowering}}
  %t = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: 8, 64>} : (tensor<16x64xf16>) -> tensor<8x64xf16>
  return %t : tensor<8x64xf16>
}
