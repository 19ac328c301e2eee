// Shapes the GPU kernels cannot serve are reported at the matmul's line, by
// the kernel-generation pass and by the whole pipelines.
// RUN: bitblas-opt %s --split-input-file --verify-diagnostics --bitblas-gpu-kernels
// RUN: bitblas-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})'
// RUN: bitblas-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx942 format=isa})'

// K * bits = 40 * 4 = 160 bits: a weight row is not a whole number of 16-byte chunks.
func.func @row_not_16_bytes(%a: tensor<?x40xf16>, %w: tensor<64x40xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: each weight row must be a whole number of 16-byte chunks (K * bits % 128 == 0)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x40xf16>, tensor<64x40xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Group size 16 divides K but is not a multiple of 32.
func.func @group_16(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x16xf16>, %z: tensor<64x16xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: the GPU kernels need a group size that is a multiple of 32 and divides K}}
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 16 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x16xf16>, tensor<64x16xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Only the unsupported matmul of a function is reported; its neighbour is fine.
func.func @one_of_two(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %a2: tensor<?x24xf16>, %w2: tensor<64x24xi4>) -> (tensor<?x64xf16>, tensor<?x64xf16>) {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  // expected-error @+1 {{K * bits % 128 == 0}}
  %d = "bitblas.matmul"(%a2, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x24xf16>, tensor<64x24xi4>) -> tensor<?x64xf16>
  return %c, %d : tensor<?x64xf16>, tensor<?x64xf16>
}
