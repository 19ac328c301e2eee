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

// -----

// A tensor-core tile of 3 tiles per warp: the tiles pair up into 16-row mma
// tiles, so the count must be even (and at most 8).
func.func @mma_tile_odd(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: tiles per warp must be 2, 4, 6 or 8}}
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32, bitblas.mma_tile = array<i64: 3, 4, 4>} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// 8 tiles x 16 warps x 8 stages of 16-byte chunks is 512 KiB of weight ring:
// more than the 48 KiB of static shared memory a kernel may use.
func.func @mma_tile_too_big(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: the tile needs more than 48 KiB of shared memory}}
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32, bitblas.mma_tile = array<i64: 8, 16, 8>} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// frag16 weights are read by the f16-activation decode kernel only (int8: frag8).
func.func @frag16_int8(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: frag16 is for f16 activations (int8 activations take frag8)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32, bitblas.weight_layout = "frag16"} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi32>
  return %c : tensor<?x64xi32>
}

// -----

// A frag16 block holds tiles / 2 16-row tiles: tiles is even.
func.func @frag16_tile_odd(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: decode kernels (frag16, frag8) take tiles = 2, 4, .., 16 (two per 16-row tile of a block)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag16", bitblas.mma_tile = array<i64: 3, 2, 4>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// At most 16 warps per block.
func.func @frag16_tile_warps(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: a block has at most 16 warps (tiles / 2 x warps splitting K)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag16", bitblas.mma_tile = array<i64: 8, 8, 1>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// The block's tiles must divide N / 16 (here 4 tiles, 3 per block).
func.func @frag16_tile_rows(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: N / 16 must be a multiple of the 16-row tiles per block (bitblas.mma_tile tiles / 2)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag16", bitblas.mma_tile = array<i64: 6, 1, 1>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// K = 256 of uint4 is 4 units of 512 bytes per tile: no more warps than that.
func.func @frag16_tile_units(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: more warps split K than the tile has 512-byte units (K * bits / 256)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag16", bitblas.mma_tile = array<i64: 2, 8, 1>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// frag8 is the int8-activation layout.
func.func @frag8_f16(%a: tensor<?x256xf16>, %w: tensor<64x256xi2>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: frag8 is for int8 activations (f16 activations take frag16)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32, bitblas.weight_layout = "frag8"} : (tensor<?x256xf16>, tensor<64x256xi2>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// 8-bit weights have no pair of fields per byte.
func.func @frag8_i8_weights(%a: tensor<?x256xi8>, %w: tensor<64x256xi8>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: int8 activations take 1-, 2- or 4-bit weights (frag8)}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32, bitblas.weight_layout = "frag8"} : (tensor<?x256xi8>, tensor<64x256xi8>) -> tensor<?x64xi32>
  return %c : tensor<?x64xi32>
}

// -----

// Past K = 65536 a field-scaled i32 sum (255 * 128 per product) could overflow.
func.func @frag8_long_k(%a: tensor<?x65792xi8>, %w: tensor<16x65792xi1>) -> tensor<?x16xi32> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: K > 65536 could overflow the i32 sums of the int8 tensor cores}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32, bitblas.weight_layout = "frag8"} : (tensor<?x65792xi8>, tensor<16x65792xi1>) -> tensor<?x16xi32>
  return %c : tensor<?x16xi32>
}

// -----

// Without a scale the result is the exact i32 sum (no saturating i8 output).
func.func @frag8_i8_out(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xi8> {
  // expected-error @+1 {{'bitblas.matmul' op cannot generate a GPU kernel: an unscaled int8 matmul has an i32 output and no bias}}
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32, bitblas.weight_layout = "frag8"} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi8>
  return %c : tensor<?x64xi8>
}
