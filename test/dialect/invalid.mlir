// Every rule of the C verifier (dialect/verify*.c) and the IRDL-level checks
// before it; each case must fail with exactly the expected error on the
// expected line. See docs/support-matrix.md for the rules.
// RUN: bitblas-opt --split-input-file --verify-diagnostics %s

// IRDL: an attribute of the wrong kind.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{expected base attribute 'builtin.integer' but got 'builtin.string'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = "128", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: accum_type must be a type attribute.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{expected base attribute 'builtin.type' but got 'builtin.integer'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = 32 : i64, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: a missing attribute.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op attribute "zeros_mode" is expected but not provided}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: operandSegmentSizes is required (matmul has optional operands).
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'operandSegmentSizes' attribute is expected but not provided}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: operandSegmentSizes needs one entry per operand group.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'operandSegmentSizes' attribute for specifying operand segments must have 6 elements, but got 5}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: operandSegmentSizes entries are 0 or 1.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{element 2 in 'operandSegmentSizes' attribute must be equal to 0 or 1}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 2, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: operandSegmentSizes must add up to the operand count.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{sum of elements in 'operandSegmentSizes' attribute must be equal to the number of operands}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: operands are ranked or unranked builtin tensors only.
func.func @f(%a: tensor<*xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.unranked_tensor'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<*xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// IRDL: tile_slice offsets must be a dense array.
func.func @f(%x: tensor<64xf16>) -> tensor<8xf16> {
  // expected-error @+1 {{expected base attribute 'builtin.dense_array' but got 'builtin.array'}}
  %0 = "bitblas.tile_slice"(%x) {offsets = [0], sizes = array<i64: 8>} : (tensor<64xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// IRDL: lut bits must be an integer attribute.
// expected-error @+1 {{expected base attribute 'builtin.integer' but got 'builtin.string'}}
func.func @f(%x: tensor<4x!bitblas.lut<"2", [1.0 : f16, 2.0 : f16, 3.0 : f16, 4.0 : f16]>>) { return }

// -----

// IRDL: mx takes three parameters.
// expected-error @+1 {{expected 3 type arguments, but had 2}}
func.func @f(%x: tensor<4x!bitblas.mx<f4E2M1FN, 32 : i64>>) { return }

// -----

// matmul: a is rank-2 [M, K].
func.func @f(%a: tensor<256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand a must be a rank-2 tensor, got rank 1 ('tensor<256xf16>')}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: w is rank-2 [N, K].
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x2x128xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand w must be a rank-2 tensor, got rank 3 ('tensor<64x2x128xui4>')}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x2x128xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the result is rank-2.
func.func @f(%a: tensor<1x256xf16>, %w: tensor<64x256xui4>) -> tensor<64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op result must be a rank-2 tensor, got rank 1 ('tensor<64xf16>')}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<1x256xf16>, tensor<64x256xui4>) -> tensor<64xf16>
  return %0 : tensor<64xf16>
}

// -----

// matmul: K is static.
func.func @f(%a: tensor<16x?xf16>, %w: tensor<64x256xui4>) -> tensor<16x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand a must have a static K (dim 1), got shape [16, ?]}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<16x?xf16>, tensor<64x256xui4>) -> tensor<16x64xf16>
  return %0 : tensor<16x64xf16>
}

// -----

// matmul: w's K matches a's.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x128xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand w must be [N, K] with K = 256 (from a), got shape [64, 128]}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x128xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the result is [M, N] (N from w).
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x32xf16> {
  // expected-error @+1 {{'bitblas.matmul' op result must have shape [?, 64] ([M, N] of a and w), got [?, 32]}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x32xf16>
  return %0 : tensor<?x32xf16>
}

// -----

// matmul: the result keeps a's M (static here).
func.func @f(%a: tensor<8x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op result must have shape [8, 64] ([M, N] of a and w), got [?, 64]}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<8x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: accum_type is f16, f32 or i32.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op accum_type must be f16, f32 or i32, got 'f64'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f64, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: activation types.
func.func @f(%a: tensor<?x256xf32>, %w: tensor<64x256xui4>) -> tensor<?x64xf32> {
  // expected-error @+1 {{'bitblas.matmul' op activation type must be f16, bf16, i8, f8E4M3FN or f8E5M2, got 'f32'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf32>, tensor<64x256xui4>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// matmul: ui8 activations are not supported (i8 only).
func.func @f(%a: tensor<?x256xui8>, %w: tensor<64x256xui4>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op activation type must be f16, bf16, i8, f8E4M3FN or f8E5M2, got 'ui8'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xui8>, tensor<64x256xui4>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: float activations take no f32 weights.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xf32>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op weight type 'f32' is not supported with activation 'f16' (expected 'f16', iN/uiN with N in 1..8, f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN, f4E2M1FN, !bitblas.nf4, !bitblas.af4 or !bitblas.lut)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf32>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: integer weights are at most 8 bits.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xi16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op weight type 'i16' is not supported with activation 'f16'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: an unquantized 16-bit weight matches the activation.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xbf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op unquantized weight type 'bf16' must match the activation type, got 'f16'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xbf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: !bitblas.mx is spelled as element type + f8E8M0FNU scale.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256x!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op weight type '!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>' is not supported: give the MX element type as the weight and its block scales as an f8E8M0FNU scale with group_size = block}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: float activations accumulate in f16 or f32.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op accum_type 'i32' is not supported with activation 'f16' (expected f16 or f32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: bf16 accumulates in f32 only.
func.func @f(%a: tensor<?x256xbf16>, %w: tensor<64x256xui4>) -> tensor<?x64xbf16> {
  // expected-error @+1 {{'bitblas.matmul' op accum_type 'f16' is not supported with activation 'bf16' (expected f32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui4>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// matmul: a 16-bit output has the activation's type.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xbf16> {
  // expected-error @+1 {{'bitblas.matmul' op result element type 'bf16' is not supported with activation 'f16' (expected f16 or f32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// matmul: i8 activations take integer weights only.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256x!bitblas.nf4>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op weight type '!bitblas.nf4' is not supported with activation 'i8' (expected iN or uiN with N in 1..8)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256x!bitblas.nf4>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: i8 activations accumulate in i32.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op accum_type 'f32' is not supported with activation 'i8' (expected i32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: i8 without a scale gives i32 or i8.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op result element type 'f16' is not supported with activation 'i8' and no scale (expected i32 or i8; f16/f32 outputs need an f32 scale)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: i8 with a scale gives f16 or f32.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>, %s: tensor<64x1xf32>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op result element type 'i32' is not supported with activation 'i8' and a scale (expected f16 or f32)}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi4>, tensor<64x1xf32>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: fp8 activations take fp8 weights.
func.func @f(%a: tensor<?x256xf8E4M3FN>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op weight type 'ui4' is not supported with activation 'f8E4M3FN' (expected f8E4M3FN or f8E5M2)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: fp8 accumulates in f32.
func.func @f(%a: tensor<?x256xf8E5M2>, %w: tensor<64x256xf8E4M3FN>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op accum_type 'f16' is not supported with activation 'f8E5M2' (expected f32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E5M2>, tensor<64x256xf8E4M3FN>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: fp8 outputs are f16, bf16 or f32.
func.func @f(%a: tensor<?x256xf8E4M3FN>, %w: tensor<64x256xf8E4M3FN>) -> tensor<?x64xf8E4M3FN> {
  // expected-error @+1 {{'bitblas.matmul' op result element type 'f8E4M3FN' is not supported with activation 'f8E4M3FN' (expected f16, bf16 or f32)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xf8E4M3FN>) -> tensor<?x64xf8E4M3FN>
  return %0 : tensor<?x64xf8E4M3FN>
}

// -----

// matmul: group_size is not negative.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op group_size must be >= 0 (0 means per-channel), got -128}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = -128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: group_size divides K.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op group_size 96 must divide K = 256}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 96 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: a nonzero group_size needs a scale.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op group_size 128 needs a scale operand (without one it must be 0)}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the scale is [N, K/G].
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale must have shape [64, 4] ([N, K/G] with K = 256, G = 64), got [64, 2]}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: group_size 0 means per-channel: the scale is [N, 1].
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale must have shape [64, 1] ([N, K/G] with K = 256, G = 256), got [64, 2]}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the scale is rank-2.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale must be a rank-2 tensor, got rank 1 ('tensor<64xf16>')}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the scale has the activation's type or f32.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xbf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale element type must be f16 or f32, got 'bf16'}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xbf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: integer activations take f32 scales.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale element type must be f32, got 'f16'}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = i32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: f8E8M0FNU scales are for MX element weights.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op scale element type 'f8E8M0FNU' needs an MX weight type (f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN or f4E2M1FN), got 'ui4'}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: zeros_mode names.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros_mode must be one of 'none', 'original', 'rescale', 'quantized', got 'symmetric'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "symmetric"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: a zeros operand needs a zeros mode.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros operand given but zeros_mode is 'none' (expected 'original', 'rescale' or 'quantized')}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: a zeros mode needs a zeros operand.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros_mode 'rescale' needs a zeros operand}}
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "rescale"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: zeros need a scale.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %z: tensor<64x1xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros operand needs a scale operand}}
  %0 = "bitblas.matmul"(%a, %w, %z) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x1xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: zeros need unsigned integer weights.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xf8E4M3FN>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros mode 'original' needs an unsigned integer weight type, got 'f8E4M3FN'}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xf8E4M3FN>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: signed integer weights take no zeros.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %z: tensor<64x2xi4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros mode 'quantized' needs an unsigned integer weight type, got 'i4'}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xi4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: zeros have the scale's shape.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x1xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros must have shape [64, 2] (the scale's shape), got [64, 1]}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x1xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: quantized zeros have the weight's type.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xui8>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros mode 'quantized' needs zeros of the weight's type 'ui4', got 'ui8'}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xui8>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: original/rescale zeros have the scale's type.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf32>, %z: tensor<64x2xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op zeros mode 'rescale' needs zeros of the scale's type 'f32', got 'f16'}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "rescale"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf32>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the bias is rank-1.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %b: tensor<1x64xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op bias must be a rank-1 tensor, got rank 2 ('tensor<1x64xf16>')}}
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<1x64xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the bias is [N].
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %b: tensor<32xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op bias must have shape [64] ([N]), got [32]}}
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<32xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the bias has the output type.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %b: tensor<64xf32>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op bias element type must be the output type 'f16', got 'f32'}}
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64xf32>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: integer outputs take no bias.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>, %b: tensor<64xi32>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op integer output 'i32' takes no bias}}
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi4>, tensor<64xi32>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: a lut operand needs uiN weights.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %l: tensor<16xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op lut operand needs an unsigned integer weight type (uiN, N <= 8), got 'i4'}}
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi4>, tensor<16xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: a lut operand needs float activations.
func.func @f(%a: tensor<?x256xi8>, %w: tensor<64x256xui4>, %l: tensor<16xf32>) -> tensor<?x64xi32> {
  // expected-error @+1 {{'bitblas.matmul' op lut operand needs an f16 or bf16 activation, got 'i8'}}
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xui4>, tensor<16xf32>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// matmul: a lut operand takes no zeros.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>, %l: tensor<16xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op lut operand takes no zeros (W' = lut[code] * scale), got zeros_mode 'original'}}
  %0 = "bitblas.matmul"(%a, %w, %s, %z, %l) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 1>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>, tensor<16xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the lut has 2^N entries.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %l: tensor<8xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op lut must have shape [16] (2^4 entries), got [8]}}
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<8xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: the lut is rank-1.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %l: tensor<4x4xf16>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op lut must be a rank-1 tensor, got rank 2 ('tensor<4x4xf16>')}}
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<4x4xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// matmul: lut values are floats.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui2>, %l: tensor<4xi8>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op lut element type must be f16, bf16 or f32, got 'i8'}}
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui2>, tensor<4xi8>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// lut type: 2^bits values.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256x!bitblas.lut<2 : i32, [-1.0 : f16, 0.0 : f16, 1.0 : f16]>>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand 1: !bitblas.lut of 2 bits needs 2^2 = 4 values, got 3}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.lut<2 : i32, [-1.0 : f16, 0.0 : f16, 1.0 : f16]>>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// lut type: bits in 1..8.
func.func @f(%x: tensor<4x!bitblas.lut<9 : i32, [1.0 : f16]>>) -> tensor<4xi8> {
  // expected-error @+1 {{'bitblas.quantize' op operand 0: !bitblas.lut bits must be in 1..8, got 9}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x!bitblas.lut<9 : i32, [1.0 : f16]>>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// lut type: values are floats.
func.func @f(%x: tensor<8x!bitblas.lut<1 : i32, [0 : i32, 1 : i32]>>) -> tensor<1xi8> {
  // expected-error @+1 {{'bitblas.quantize' op operand 0: !bitblas.lut values must be f16, bf16 or f32 floats, value 0 is 0 : i32}}
  %0 = "bitblas.quantize"(%x) : (tensor<8x!bitblas.lut<1 : i32, [0 : i32, 1 : i32]>>) -> tensor<1xi8>
  return %0 : tensor<1xi8>
}

// -----

// lut type: f64 values are not supported.
func.func @f(%x: tensor<8x!bitblas.lut<1 : i32, [0.0 : f64, 1.0 : f64]>>) -> tensor<1xi8> {
  // expected-error @+1 {{'bitblas.quantize' op operand 0: !bitblas.lut values must be f16, bf16 or f32 floats, value 0 is 0.000000e+00 : f64}}
  %0 = "bitblas.quantize"(%x) : (tensor<8x!bitblas.lut<1 : i32, [0.0 : f64, 1.0 : f64]>>) -> tensor<1xi8>
  return %0 : tensor<1xi8>
}

// -----

// lut type: values share one type.
func.func @f(%x: tensor<8x!bitblas.lut<1 : i32, [0.0 : f16, 1.0 : f32]>>) -> tensor<1xi8> {
  // expected-error @+1 {{'bitblas.quantize' op operand 0: !bitblas.lut values must all have one type: value 0 is 'f16', value 1 is 'f32'}}
  %0 = "bitblas.quantize"(%x) : (tensor<8x!bitblas.lut<1 : i32, [0.0 : f16, 1.0 : f32]>>) -> tensor<1xi8>
  return %0 : tensor<1xi8>
}

// -----

// lut type: reported on results too.
func.func @f(%x: tensor<1xi8>) -> tensor<8x!bitblas.lut<1 : i32, [0.0 : f16]>> {
  // expected-error @+1 {{'bitblas.dequantize' op result 0: !bitblas.lut of 1 bits needs 2^1 = 2 values, got 1}}
  %0 = "bitblas.dequantize"(%x) : (tensor<1xi8>) -> tensor<8x!bitblas.lut<1 : i32, [0.0 : f16]>>
  return %0 : tensor<8x!bitblas.lut<1 : i32, [0.0 : f16]>>
}

// -----

// mx type: block > 0.
func.func @f(%x: tensor<64x!bitblas.mx<f4E2M1FN, 0 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<f4E2M1FN, 0 : i64, f8E8M0FNU>> {
  // expected-error @+1 {{'bitblas.tile_slice' op operand 0: !bitblas.mx block must be a positive integer, got 0 : i64}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>, sizes = array<i64: 32>} : (tensor<64x!bitblas.mx<f4E2M1FN, 0 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<f4E2M1FN, 0 : i64, f8E8M0FNU>>
  return %0 : tensor<32x!bitblas.mx<f4E2M1FN, 0 : i64, f8E8M0FNU>>
}

// -----

// mx type: the element is a float of <= 8 bits.
func.func @f(%x: tensor<64x!bitblas.mx<f16, 32 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<f16, 32 : i64, f8E8M0FNU>> {
  // expected-error @+1 {{'bitblas.tile_slice' op operand 0: !bitblas.mx element must be a float type of at most 8 bits, got f16}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>, sizes = array<i64: 32>} : (tensor<64x!bitblas.mx<f16, 32 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<f16, 32 : i64, f8E8M0FNU>>
  return %0 : tensor<32x!bitblas.mx<f16, 32 : i64, f8E8M0FNU>>
}

// -----

// mx type: the element is a type.
func.func @f(%x: tensor<64x!bitblas.mx<4 : i32, 32 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<4 : i32, 32 : i64, f8E8M0FNU>> {
  // expected-error @+1 {{'bitblas.tile_slice' op operand 0: !bitblas.mx element must be a float type of at most 8 bits, got 4 : i32}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>, sizes = array<i64: 32>} : (tensor<64x!bitblas.mx<4 : i32, 32 : i64, f8E8M0FNU>>) -> tensor<32x!bitblas.mx<4 : i32, 32 : i64, f8E8M0FNU>>
  return %0 : tensor<32x!bitblas.mx<4 : i32, 32 : i64, f8E8M0FNU>>
}

// -----

// mx type: the scale is f8E8M0FNU, f16 or f32.
func.func @f(%x: tensor<64x!bitblas.mx<f8E4M3FN, 32 : i64, bf16>>) -> tensor<32x!bitblas.mx<f8E4M3FN, 32 : i64, bf16>> {
  // expected-error @+1 {{'bitblas.tile_slice' op operand 0: !bitblas.mx scale must be f8E8M0FNU, f16 or f32, got bf16}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>, sizes = array<i64: 32>} : (tensor<64x!bitblas.mx<f8E4M3FN, 32 : i64, bf16>>) -> tensor<32x!bitblas.mx<f8E4M3FN, 32 : i64, bf16>>
  return %0 : tensor<32x!bitblas.mx<f8E4M3FN, 32 : i64, bf16>>
}

// -----

// IRDL: the mx block is an integer.
// expected-error @+1 {{expected base attribute 'builtin.integer' but got 'builtin.type'}}
func.func @f(%x: tensor<4x!bitblas.mx<f8E4M3FN, f16, f16>>) { return }

// -----

// quantize: the logical type is a weight type.
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x32xi8> {
  // expected-error @+1 {{'bitblas.quantize' op input element type must be a weight type (iN/uiN with N <= 8, f16, bf16, f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN, f4E2M1FN, nf4, af4 or lut), got 'f32'}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x8xf32>) -> tensor<4x32xi8>
  return %0 : tensor<4x32xi8>
}

// -----

// quantize: the storage is i8.
func.func @f(%x: tensor<4x8xui4>) -> tensor<4x4xui8> {
  // expected-error @+1 {{'bitblas.quantize' op result (byte storage) element type must be i8, got 'ui8'}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x8xui4>) -> tensor<4x4xui8>
  return %0 : tensor<4x4xui8>
}

// -----

// quantize: same rank.
func.func @f(%x: tensor<4x8xui4>) -> tensor<16xi8> {
  // expected-error @+1 {{'bitblas.quantize' op input and result must have the same rank >= 1, got 2 and 1}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x8xui4>) -> tensor<16xi8>
  return %0 : tensor<16xi8>
}

// -----

// quantize: K is static.
func.func @f(%x: tensor<4x?xui4>) -> tensor<4x?xi8> {
  // expected-error @+1 {{'bitblas.quantize' op input must have a static last dim K, got shape [4, ?]}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x?xui4>) -> tensor<4x?xi8>
  return %0 : tensor<4x?xi8>
}

// -----

// quantize: K * bits fills whole bytes.
func.func @f(%x: tensor<4x3xui4>) -> tensor<4x2xi8> {
  // expected-error @+1 {{'bitblas.quantize' op K * bits = 3 * 4 = 12 must be a multiple of 8 to fill whole bytes}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x3xui4>) -> tensor<4x2xi8>
  return %0 : tensor<4x2xi8>
}

// -----

// quantize: storage is [..., K * bits / 8].
func.func @f(%x: tensor<4x64xi2>) -> tensor<4x32xi8> {
  // expected-error @+1 {{'bitblas.quantize' op result must have shape [4, 16] ([..., K * bits / 8] with K = 64, bits = 2), got [4, 32]}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x64xi2>) -> tensor<4x32xi8>
  return %0 : tensor<4x32xi8>
}

// -----

// quantize: leading dims are kept.
func.func @f(%x: tensor<4x64xf8E4M3FN>) -> tensor<2x64xi8> {
  // expected-error @+1 {{'bitblas.quantize' op result must have shape [4, 64] ([..., K * bits / 8] with K = 64, bits = 8), got [2, 64]}}
  %0 = "bitblas.quantize"(%x) : (tensor<4x64xf8E4M3FN>) -> tensor<2x64xi8>
  return %0 : tensor<2x64xi8>
}

// -----

// dequantize: the same rules, the other way round.
func.func @f(%x: tensor<4x24xi8>) -> tensor<4x16xf6E3M2FN> {
  // expected-error @+1 {{'bitblas.dequantize' op input must have shape [4, 12] ([..., K * bits / 8] with K = 16, bits = 6), got [4, 24]}}
  %0 = "bitblas.dequantize"(%x) : (tensor<4x24xi8>) -> tensor<4x16xf6E3M2FN>
  return %0 : tensor<4x16xf6E3M2FN>
}

// -----

// dequantize: the logical type is a weight type.
func.func @f(%x: tensor<4x8xi8>) -> tensor<4x8x!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>> {
  // expected-error @+1 {{'bitblas.dequantize' op result element type must be a weight type (iN/uiN with N <= 8, f16, bf16, f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN, f4E2M1FN, nf4, af4 or lut), got '!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>'}}
  %0 = "bitblas.dequantize"(%x) : (tensor<4x8xi8>) -> tensor<4x8x!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>>
  return %0 : tensor<4x8x!bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>>
}

// -----

// tile_slice: offsets are i64.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op offsets must be an array<i64>, got array<i32: 0, 0>}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i32: 0, 0>, sizes = array<i64: 16, 16>} : (tensor<64x64xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: one offset per dim.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op offsets must have 2 entries (the input rank), got 1}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>, sizes = array<i64: 16, 16>} : (tensor<64x64xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: one size per dim.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op sizes must have 2 entries (the input rank), got 3}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: 16, 16, 1>} : (tensor<64x64xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: offsets >= 0.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op offsets[1] must be >= 0, got -16}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, -16>, sizes = array<i64: 16, 16>} : (tensor<64x64xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: sizes >= 0.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op sizes[0] must be >= 0, got -16}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: -16, 16>} : (tensor<64x64xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: the slice stays inside static dims.
func.func @f(%x: tensor<64x?xf16>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op offsets[0] + sizes[0] = 56 + 16 = 72 exceeds dim 0 of size 64}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 56, 1000>, sizes = array<i64: 16, 16>} : (tensor<64x?xf16>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_slice: the result shape is the sizes.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x?xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op result must have shape [16, 16] (the sizes), got [16, ?]}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: 16, 16>} : (tensor<64x64xf16>) -> tensor<16x?xf16>
  return %0 : tensor<16x?xf16>
}

// -----

// tile_slice: the element type is kept.
func.func @f(%x: tensor<64x64xf16>) -> tensor<16x16xf32> {
  // expected-error @+1 {{'bitblas.tile_slice' op result element type must be the input's 'f16', got 'f32'}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: 16, 16>} : (tensor<64x64xf16>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}

// -----

// tile_pad: low is i64.
func.func @f(%x: tensor<30xf16>) -> tensor<32xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op low must be an array<i64>, got array<i32: 0>}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i32: 0>, high = array<i64: 2>, value = 0.0 : f16} : (tensor<30xf16>) -> tensor<32xf16>
  return %0 : tensor<32xf16>
}

// -----

// tile_pad: one high entry per dim.
func.func @f(%x: tensor<30x4xf16>) -> tensor<32x4xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op high must have 2 entries (the input rank), got 1}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0, 0>, high = array<i64: 2>, value = 0.0 : f16} : (tensor<30x4xf16>) -> tensor<32x4xf16>
  return %0 : tensor<32x4xf16>
}

// -----

// tile_pad: no negative padding.
func.func @f(%x: tensor<30xf16>) -> tensor<32xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op low[0] must be >= 0, got -2}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: -2>, high = array<i64: 4>, value = 0.0 : f16} : (tensor<30xf16>) -> tensor<32xf16>
  return %0 : tensor<32xf16>
}

// -----

// tile_pad: the result is dim + low + high.
func.func @f(%x: tensor<30x?xf16>) -> tensor<32x8xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op result must have shape [32, ?] (input dims + low + high), got [32, 8]}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 1, 0>, high = array<i64: 1, 8>, value = 0.0 : f16} : (tensor<30x?xf16>) -> tensor<32x8xf16>
  return %0 : tensor<32x8xf16>
}

// -----

// tile_pad: the element type is kept.
func.func @f(%x: tensor<30xf16>) -> tensor<32xbf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op result element type must be the input's 'f16', got 'bf16'}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0>, high = array<i64: 2>, value = 0.0 : f16} : (tensor<30xf16>) -> tensor<32xbf16>
  return %0 : tensor<32xbf16>
}

// -----

// tile_pad: the value has the element type.
func.func @f(%x: tensor<30xf16>) -> tensor<32xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op value must be a typed attribute of the element type 'f16', got 0.000000e+00 : f32}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0>, high = array<i64: 2>, value = 0.0 : f32} : (tensor<30xf16>) -> tensor<32xf16>
  return %0 : tensor<32xf16>
}

// -----

// tile_pad: the value is a typed attribute.
func.func @f(%x: tensor<30xui4>) -> tensor<32xui4> {
  // expected-error @+1 {{'bitblas.tile_pad' op value must be a typed attribute of the element type 'ui4', got "zero"}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0>, high = array<i64: 2>, value = "zero"} : (tensor<30xui4>) -> tensor<32xui4>
  return %0 : tensor<32xui4>
}

// -----

// tile_convert: the shape is kept.
func.func @f(%x: tensor<16x32xi4>) -> tensor<16x16xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op result must have shape [16, 32] (the input's shape), got [16, 16]}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x32xi4>) -> tensor<16x16xf16>
  return %0 : tensor<16x16xf16>
}

// -----

// tile_convert: scope is global, shared or register.
func.func @f(%x: tensor<16x32xi4>) -> tensor<16x32xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op scope must be one of 'global', 'shared', 'register', got 'local'}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "local", zeros_mode = "none"} : (tensor<16x32xi4>) -> tensor<16x32xf16>
  return %0 : tensor<16x32xf16>
}

// -----

// tile_convert: zeros_mode names.
func.func @f(%x: tensor<16x32xui4>) -> tensor<16x32xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op zeros_mode must be one of 'none', 'original', 'rescale', 'quantized', got 'asym'}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "register", zeros_mode = "asym"} : (tensor<16x32xui4>) -> tensor<16x32xf16>
  return %0 : tensor<16x32xf16>
}

// -----

// tile_convert: a scale needs a float result.
func.func @f(%x: tensor<16x32xui4>, %s: tensor<16x1xf32>) -> tensor<16x32xi8> {
  // expected-error @+1 {{'bitblas.tile_convert' op a scale needs a float result (f16, bf16 or f32), got 'i8'}}
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x32xui4>, tensor<16x1xf32>) -> tensor<16x32xi8>
  return %0 : tensor<16x32xi8>
}

// -----

// tile_convert: the scale is [..., K/G] over the last dim.
func.func @f(%x: tensor<2x16x128xui4>, %s: tensor<2x16x2xf16>) -> tensor<2x16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op scale must have shape [2, 16, 4] ([..., K/G] with K = 128, G = 32), got [2, 16, 2]}}
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "register", zeros_mode = "none"} : (tensor<2x16x128xui4>, tensor<2x16x2xf16>) -> tensor<2x16x128xf16>
  return %0 : tensor<2x16x128xf16>
}

// -----

// tile_convert: group_size divides K.
func.func @f(%x: tensor<16x128xui4>, %s: tensor<16x4xf16>) -> tensor<16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op group_size 48 must divide K = 128}}
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 48 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x128xui4>, tensor<16x4xf16>) -> tensor<16x128xf16>
  return %0 : tensor<16x128xf16>
}

// -----

// tile_convert: a nonzero group_size needs a scale.
func.func @f(%x: tensor<16x128xui4>) -> tensor<16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op group_size 32 needs a scale operand (without one it must be 0)}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x128xui4>) -> tensor<16x128xf16>
  return %0 : tensor<16x128xf16>
}

// -----

// tile_convert: the scale has the result's type or f32.
func.func @f(%x: tensor<16x128xui4>, %s: tensor<16x1xf16>) -> tensor<16x128xbf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op scale element type must be bf16 or f32, got 'f16'}}
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x128xui4>, tensor<16x1xf16>) -> tensor<16x128xbf16>
  return %0 : tensor<16x128xbf16>
}

// -----

// tile_convert: zeros need uiN inputs.
func.func @f(%x: tensor<16x128xi4>, %s: tensor<16x1xf16>, %z: tensor<16x1xf16>) -> tensor<16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op zeros mode 'original' needs an unsigned integer input type, got 'i4'}}
  %0 = "bitblas.tile_convert"(%x, %s, %z) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1>, scope = "register", zeros_mode = "original"} : (tensor<16x128xi4>, tensor<16x1xf16>, tensor<16x1xf16>) -> tensor<16x128xf16>
  return %0 : tensor<16x128xf16>
}

// -----

// tile_convert: quantized zeros have the input's type.
func.func @f(%x: tensor<16x128xui4>, %s: tensor<16x1xf16>, %z: tensor<16x1xf16>) -> tensor<16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op zeros mode 'quantized' needs zeros of the input's type 'ui4', got 'f16'}}
  %0 = "bitblas.tile_convert"(%x, %s, %z) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1>, scope = "register", zeros_mode = "quantized"} : (tensor<16x128xui4>, tensor<16x1xf16>, tensor<16x1xf16>) -> tensor<16x128xf16>
  return %0 : tensor<16x128xf16>
}

// -----

// tile_convert: zeros need a scale.
func.func @f(%x: tensor<16x128xui4>, %z: tensor<16x1xui4>) -> tensor<16x128xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op zeros operand needs a scale operand}}
  %0 = "bitblas.tile_convert"(%x, %z) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 1>, scope = "register", zeros_mode = "quantized"} : (tensor<16x128xui4>, tensor<16x1xui4>) -> tensor<16x128xf16>
  return %0 : tensor<16x128xf16>
}

// -----

// tile_convert: a scale needs a static K.
func.func @f(%x: tensor<16x?xui4>, %s: tensor<16x1xf16>) -> tensor<16x?xf16> {
  // expected-error @+1 {{'bitblas.tile_convert' op a scale needs a static K (last dim of the input), got ?}}
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x?xui4>, tensor<16x1xf16>) -> tensor<16x?xf16>
  return %0 : tensor<16x?xf16>
}

// -----

// tile_transform_layout: scope names.
func.func @f(%x: tensor<16x32xf16>) -> tensor<32x16xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op scope must be one of 'global', 'shared', 'register', got 'smem'}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "smem"} : (tensor<16x32xf16>) -> tensor<32x16xf16>
  return %0 : tensor<32x16xf16>
}

// -----

// tile_transform_layout: one map dim per input dim.
func.func @f(%x: tensor<16x32xf16>) -> tensor<32x16xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map must have 2 dims (the input rank), got 1}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0) -> (d0, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x16xf16>
  return %0 : tensor<32x16xf16>
}

// -----

// tile_transform_layout: one map result per result dim.
func.func @f(%x: tensor<16x32xf16>) -> tensor<512xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map must have 1 results (the result rank), got 2}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<512xf16>
  return %0 : tensor<512xf16>
}

// -----

// tile_transform_layout: no symbols.
func.func @f(%x: tensor<16x32xf16>) -> tensor<32x16xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map must have no symbols, got 1}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1)[s0] -> (d1, d0 + s0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x16xf16>
  return %0 : tensor<32x16xf16>
}

// -----

// tile_transform_layout: static shapes.
func.func @f(%x: tensor<?x32xf16>) -> tensor<32x?xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op input and result must have static shapes, got [?, 32] and [32, ?]}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<?x32xf16>) -> tensor<32x?xf16>
  return %0 : tensor<32x?xf16>
}

// -----

// tile_transform_layout: the element type is kept.
func.func @f(%x: tensor<16x32xf16>) -> tensor<32x16xbf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op result element type must be the input's 'f16', got 'bf16'}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x16xbf16>
  return %0 : tensor<32x16xbf16>
}

// -----

// tile_transform_layout: the element count is kept.
func.func @f(%x: tensor<16x32xf16>) -> tensor<32x32xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op input and result must have the same number of elements, got 512 ([16, 32]) and 1024 ([32, 32])}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x32xf16>
  return %0 : tensor<32x32xf16>
}

// -----

// tile_transform_layout: every point lands inside the result.
func.func @f(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map sends (0, 4) outside the result shape [4, 8]: to (4, 0)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// tile_transform_layout: negative coordinates are outside too.
func.func @f(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map sends (0, 0) outside the result shape [4, 8]: to (0, -1)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, d1 - 1)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// tile_transform_layout: the map is injective.
func.func @f(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map is not injective: (0, 2) and (0, 4) both map to (0, 2)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, d1 mod 4 + (d1 floordiv 4) * 2)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// tile_transform_layout: a broken interleave (mod 8 * 4 + floordiv 4) collides.
func.func @f(%x: tensor<1x32xui4>) -> tensor<1x32xui4> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map is not injective: (0, 1) and (0, 16) both map to (0, 4)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, (d1 mod 8) * 4 + d1 floordiv 4)>, scope = "shared"} : (tensor<1x32xui4>) -> tensor<1x32xui4>
  return %0 : tensor<1x32xui4>
}

// -----

// tile_transform_layout: divisors are positive (0).
func.func @f(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map has a mod/floordiv/ceildiv by 0 at (0, 0) (divisors must be positive)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, d1 floordiv 0)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// tile_transform_layout: divisors are positive (negative).
func.func @f(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map has a mod/floordiv/ceildiv by -8 at (0, 0) (divisors must be positive)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, 7 - d1 mod -8)>, scope = "shared"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// tile_transform_layout: past 2^22 elements only the corners are checked.
func.func @f(%x: tensor<8192x4096xui4>) -> tensor<8192x4096xui4> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op map sends (0, 4095) outside the result shape [8192, 4096]: to (0, 4096)}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, d1 + 1)>, scope = "shared"} : (tensor<8192x4096xui4>) -> tensor<8192x4096xui4>
  return %0 : tensor<8192x4096xui4>
}
