// The C verifier on its own, on IR that IRDL would reject: ops built through
// the C API reach bitblasVerifyOperation without IRDL's checks, so it must not
// crash on them and must say what is wrong. Parsing-time verification is off
// here, and only the bitblas-verify pass (which bitblas-opt runs first) checks.
// RUN: bitblas-opt --mlir-very-unsafe-disable-verifier-on-parsing --verify-each=false \
// RUN:   --split-input-file --verify-diagnostics %s

// No operandSegmentSizes: the operands cannot be told apart.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op needs an operandSegmentSizes attribute of type array<i32> (a, w, scale, zeros, bias, lut), got no attribute}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// operandSegmentSizes of the wrong element type.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op needs an operandSegmentSizes attribute of type array<i32> (a, w, scale, zeros, bias, lut), got array<i64: 1, 1, 0, 0, 0, 0>}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i64: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// operandSegmentSizes with too few entries.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operandSegmentSizes must have 6 entries (a, w, scale, zeros, bias, lut), got 2}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// a and w are required.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operandSegmentSizes entry 1 (w) must be 1, got 0}}
  %0 = "bitblas.matmul"(%a) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// Optional entries are 0 or 1.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operandSegmentSizes entry 4 (bias) must be 0 or 1, got -1}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, -1, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// operandSegmentSizes counts the operands.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operandSegmentSizes counts 3 operands, the op has 2}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// One result.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op must have one result, got 2}}
  %0:2 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> (tensor<?x64xf16>, tensor<?x64xf16>)
  return %0#0 : tensor<?x64xf16>
}

// -----

// group_size of the wrong kind.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op needs an integer attribute 'group_size', got "128"}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = "128", operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// zeros_mode of the wrong kind.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op needs a string attribute 'zeros_mode', got 0 : i64}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = 0 : i64} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// accum_type of the wrong kind.
func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op needs a type attribute 'accum_type', got "f32"}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = "f32", group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// Unranked operands.
func.func @f(%a: tensor<*xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand a must be a ranked tensor, got 'tensor<*xf16>'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<*xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// Non-tensor operands.
func.func @f(%a: tensor<?x256xf16>, %w: memref<64x256xui4>) -> tensor<?x64xf16> {
  // expected-error @+1 {{'bitblas.matmul' op operand w must be a ranked tensor, got 'memref<64x256xui4>'}}
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, memref<64x256xui4>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// One operand and one result for the other ops.
func.func @f(%x: tensor<64xf16>, %y: tensor<64xf16>) -> tensor<8xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op must have one operand and one result, got 2 and 1}}
  %0 = "bitblas.tile_slice"(%x, %y) {offsets = array<i64: 0>, sizes = array<i64: 8>} : (tensor<64xf16>, tensor<64xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// Missing tile_slice attributes.
func.func @f(%x: tensor<64xf16>) -> tensor<8xf16> {
  // expected-error @+1 {{'bitblas.tile_slice' op sizes must be an array<i64>, got no attribute}}
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 0>} : (tensor<64xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// A map that is not an affine map.
func.func @f(%x: tensor<64xf16>) -> tensor<64xf16> {
  // expected-error @+1 {{'bitblas.tile_transform_layout' op needs an affine map attribute 'map', got 3 : i64}}
  %0 = "bitblas.tile_transform_layout"(%x) {map = 3, scope = "global"} : (tensor<64xf16>) -> tensor<64xf16>
  return %0 : tensor<64xf16>
}

// -----

// tile_convert's segments.
func.func @f(%x: tensor<64xf16>) -> tensor<64xf32> {
  // expected-error @+1 {{'bitblas.tile_convert' op operandSegmentSizes must have 3 entries (input, scale, zeros), got 6}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0, 0, 0, 0>, scope = "global", zeros_mode = "none"} : (tensor<64xf16>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

// A missing scope.
func.func @f(%x: tensor<64xf16>) -> tensor<64xf32> {
  // expected-error @+1 {{'bitblas.tile_convert' op needs a string attribute 'scope', got no attribute}}
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, zeros_mode = "none"} : (tensor<64xf16>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

// -----

// A missing pad value.
func.func @f(%x: tensor<64xf16>) -> tensor<64xf16> {
  // expected-error @+1 {{'bitblas.tile_pad' op value must be a typed attribute of the element type 'f16', got no attribute}}
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0>, high = array<i64: 0>} : (tensor<64xf16>) -> tensor<64xf16>
  return %0 : tensor<64xf16>
}

// -----

// Zero-rank tensors.
func.func @f(%x: tensor<f16>) -> tensor<i8> {
  // expected-error @+1 {{'bitblas.quantize' op input and result must have the same rank >= 1, got 0 and 0}}
  %0 = "bitblas.quantize"(%x) : (tensor<f16>) -> tensor<i8>
  return %0 : tensor<i8>
}
