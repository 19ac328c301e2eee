// Round trip of every bitblas op (generic form: IRDL ops have no custom syntax).
// The second run prints affine maps inline so that CHECK lines can show them.
// RUN: bitblas-opt --split-input-file %s | bitblas-opt --split-input-file --mlir-print-local-scope | FileCheck %s

// Unquantized 16-bit weights, f16 and f32 accumulation.
// CHECK-LABEL: func.func @f16_f16(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf16>) -> tensor<?x64xf16>
func.func @f16_f16(%a: tensor<?x256xf16>, %w: tensor<64x256xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_f16_acc_f16(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<16x256xf16>, tensor<64x256xf16>) -> tensor<16x64xf16>
func.func @f16_f16_acc_f16(%a: tensor<16x256xf16>, %w: tensor<64x256xf16>) -> tensor<16x64xf16> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<16x256xf16>, tensor<64x256xf16>) -> tensor<16x64xf16>
  return %0 : tensor<16x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_bf16_bias(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xbf16>, tensor<64xbf16>) -> tensor<?x64xbf16>
func.func @bf16_bf16_bias(%a: tensor<?x256xbf16>, %w: tensor<64x256xbf16>, %b: tensor<64xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xbf16>, tensor<64xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @f16_f16_out_f32(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf16>, tensor<64xf32>) -> tensor<?x64xf32>
func.func @f16_f16_out_f32(%a: tensor<?x256xf16>, %w: tensor<64x256xf16>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %0 = "bitblas.matmul"(%a, %w, %b) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf16>, tensor<64xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// Signed i1 weights, per-group f16 scale.
// CHECK-LABEL: func.func @f16_i1(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi1>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i1(%a: tensor<?x256xf16>, %w: tensor<64x256xi1>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi1>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i2(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi2>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i2(%a: tensor<?x256xf16>, %w: tensor<64x256xi2>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi2>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i3(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi3>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i3(%a: tensor<?x256xf16>, %w: tensor<64x256xi3>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi3>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i4(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i4(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i5(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi5>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i5(%a: tensor<?x256xf16>, %w: tensor<64x256xi5>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi5>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i6(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi6>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i6(%a: tensor<?x256xf16>, %w: tensor<64x256xi6>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi6>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i7(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi7>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i7(%a: tensor<?x256xf16>, %w: tensor<64x256xi7>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi7>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_i8(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi8>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_i8(%a: tensor<?x256xf16>, %w: tensor<64x256xi8>, %s: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi8>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui1(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui1>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui1(%a: tensor<?x256xbf16>, %w: tensor<64x256xui1>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui1>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui2(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui2>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui2(%a: tensor<?x256xbf16>, %w: tensor<64x256xui2>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui2>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui3(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui3>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui3(%a: tensor<?x256xbf16>, %w: tensor<64x256xui3>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui3>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui4(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui4>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui4(%a: tensor<?x256xbf16>, %w: tensor<64x256xui4>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui4>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui5(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui5>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui5(%a: tensor<?x256xbf16>, %w: tensor<64x256xui5>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui5>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui6(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui6>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui6(%a: tensor<?x256xbf16>, %w: tensor<64x256xui6>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui6>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui7(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui7>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui7(%a: tensor<?x256xbf16>, %w: tensor<64x256xui7>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui7>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui8(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui8>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_ui8(%a: tensor<?x256xbf16>, %w: tensor<64x256xui8>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui8>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// The three zeros modes (uiN weights only).
// CHECK-LABEL: func.func @f16_ui4_original(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf16>
func.func @f16_ui4_original(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_ui4_rescale(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f16, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "rescale"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x8xf32>, tensor<64x8xf32>) -> tensor<?x64xf16>
func.func @f16_ui4_rescale(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x8xf32>, %z: tensor<64x8xf32>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f16, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "rescale"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x8xf32>, tensor<64x8xf32>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_ui2_quantized(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui2>, tensor<64x1xf16>, tensor<64x1xui2>) -> tensor<?x64xf32>
func.func @f16_ui2_quantized(%a: tensor<?x256xf16>, %w: tensor<64x256xui2>, %s: tensor<64x1xf16>, %z: tensor<64x1xui2>) -> tensor<?x64xf32> {
  %0 = "bitblas.matmul"(%a, %w, %s, %z) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui2>, tensor<64x1xf16>, tensor<64x1xui2>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// A runtime table indexed by the uiN code.
// CHECK-LABEL: func.func @f16_ui4_lut(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<16xf16>) -> tensor<?x64xf16>
func.func @f16_ui4_lut(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %l: tensor<16xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %l) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<16xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_ui2_lut_scale(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui2>, tensor<64x2xbf16>, tensor<4xf32>) -> tensor<?x64xbf16>
func.func @bf16_ui2_lut_scale(%a: tensor<?x256xbf16>, %w: tensor<64x256xui2>, %s: tensor<64x2xbf16>, %l: tensor<4xf32>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s, %l) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 1>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xui2>, tensor<64x2xbf16>, tensor<4xf32>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// OCP MX weights: the element type plus an f8E8M0FNU scale per block of 32.
// CHECK-LABEL: func.func @f16_f8E4M3FN_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf8E4M3FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
func.func @f16_f8E4M3FN_mx(%a: tensor<?x256xf16>, %w: tensor<64x256xf8E4M3FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf8E4M3FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_f8E5M2_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf8E5M2>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
func.func @f16_f8E5M2_mx(%a: tensor<?x256xf16>, %w: tensor<64x256xf8E5M2>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf8E5M2>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_f6E2M3FN_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf6E2M3FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
func.func @f16_f6E2M3FN_mx(%a: tensor<?x256xf16>, %w: tensor<64x256xf6E2M3FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf6E2M3FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_f6E3M2FN_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf6E3M2FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
func.func @f16_f6E3M2FN_mx(%a: tensor<?x256xf16>, %w: tensor<64x256xf6E3M2FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf6E3M2FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @f16_f4E2M1FN_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf4E2M1FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
func.func @f16_f4E2M1FN_mx(%a: tensor<?x256xf16>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xf4E2M1FN>, tensor<64x8xf8E8M0FNU>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_f4E2M1FN_f32_scale(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xf4E2M1FN>, tensor<64x1xf32>) -> tensor<?x64xf32>
func.func @bf16_f4E2M1FN_f32_scale(%a: tensor<?x256xbf16>, %w: tensor<64x256xf4E2M1FN>, %s: tensor<64x1xf32>) -> tensor<?x64xf32> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256xf4E2M1FN>, tensor<64x1xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// Table types.
// CHECK-LABEL: func.func @f16_nf4(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.nf4>, tensor<64x4xf32>) -> tensor<?x64xf16>
func.func @f16_nf4(%a: tensor<?x256xf16>, %w: tensor<64x256x!bitblas.nf4>, %s: tensor<64x4xf32>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.nf4>, tensor<64x4xf32>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_af4(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256x!bitblas.af4>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
func.func @bf16_af4(%a: tensor<?x256xbf16>, %w: tensor<64x256x!bitblas.af4>, %s: tensor<64x4xbf16>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xbf16>, tensor<64x256x!bitblas.af4>, tensor<64x4xbf16>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @f16_lut2(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.lut<2 : i32, [-1.500000e+00 : f16, -5.000000e-01 : f16, 5.000000e-01 : f16, 1.500000e+00 : f16]>>) -> tensor<?x64xf16>
func.func @f16_lut2(%a: tensor<?x256xf16>, %w: tensor<64x256x!bitblas.lut<2 : i32, [-1.500000e+00 : f16, -5.000000e-01 : f16, 5.000000e-01 : f16, 1.500000e+00 : f16]>>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256x!bitblas.lut<2 : i32, [-1.500000e+00 : f16, -5.000000e-01 : f16, 5.000000e-01 : f16, 1.500000e+00 : f16]>>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// Integer activations: exact i32 sums; an f32 scale gives a float output.
// CHECK-LABEL: func.func @i8_i4(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<32x256xi8>, tensor<64x256xi4>) -> tensor<32x64xi32>
func.func @i8_i4(%a: tensor<32x256xi8>, %w: tensor<64x256xi4>) -> tensor<32x64xi32> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<32x256xi8>, tensor<64x256xi4>) -> tensor<32x64xi32>
  return %0 : tensor<32x64xi32>
}

// -----

// CHECK-LABEL: func.func @i8_i8_out_i8(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi8>) -> tensor<?x64xi8>
func.func @i8_i8_out_i8(%a: tensor<?x256xi8>, %w: tensor<64x256xi8>) -> tensor<?x64xi8> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi8>) -> tensor<?x64xi8>
  return %0 : tensor<?x64xi8>
}

// -----

// CHECK-LABEL: func.func @i8_i1(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi1>) -> tensor<?x64xi32>
func.func @i8_i1(%a: tensor<?x256xi8>, %w: tensor<64x256xi1>) -> tensor<?x64xi32> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xi1>) -> tensor<?x64xi32>
  return %0 : tensor<?x64xi32>
}

// -----

// CHECK-LABEL: func.func @i8_ui2_scale(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = i32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xui2>, tensor<64x2xf32>) -> tensor<?x64xf16>
func.func @i8_ui2_scale(%a: tensor<?x256xi8>, %w: tensor<64x256xui2>, %s: tensor<64x2xf32>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = i32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xi8>, tensor<64x256xui2>, tensor<64x2xf32>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// CHECK-LABEL: func.func @i8_ui4_zeros(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3, %arg4) {accum_type = i32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>, zeros_mode = "quantized"} : (tensor<?x256xi8>, tensor<64x256xui4>, tensor<64x2xf32>, tensor<64x2xui4>, tensor<64xf32>) -> tensor<?x64xf32>
func.func @i8_ui4_zeros(%a: tensor<?x256xi8>, %w: tensor<64x256xui4>, %s: tensor<64x2xf32>, %z: tensor<64x2xui4>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %0 = "bitblas.matmul"(%a, %w, %s, %z, %b) {accum_type = i32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>, zeros_mode = "quantized"} : (tensor<?x256xi8>, tensor<64x256xui4>, tensor<64x2xf32>, tensor<64x2xui4>, tensor<64xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// FP8 x FP8.
// CHECK-LABEL: func.func @f8_f8(
// CHECK: "bitblas.matmul"(%arg0, %arg1) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xf8E4M3FN>) -> tensor<?x64xbf16>
func.func @f8_f8(%a: tensor<?x256xf8E4M3FN>, %w: tensor<64x256xf8E4M3FN>) -> tensor<?x64xbf16> {
  %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xf8E4M3FN>) -> tensor<?x64xbf16>
  return %0 : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: func.func @f8_f8_mixed(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E5M2>, tensor<64x256xf8E4M3FN>, tensor<64x1xf32>) -> tensor<?x64xf32>
func.func @f8_f8_mixed(%a: tensor<?x256xf8E5M2>, %w: tensor<64x256xf8E4M3FN>, %s: tensor<64x1xf32>) -> tensor<?x64xf32> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf8E5M2>, tensor<64x256xf8E4M3FN>, tensor<64x1xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

// -----

// CHECK-LABEL: func.func @f8_f8_mx(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2, %arg3) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xf8E5M2>, tensor<64x8xf8E8M0FNU>, tensor<64xf16>) -> tensor<?x64xf16>
func.func @f8_f8_mx(%a: tensor<?x256xf8E4M3FN>, %w: tensor<64x256xf8E5M2>, %s: tensor<64x8xf8E8M0FNU>, %b: tensor<64xf16>) -> tensor<?x64xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s, %b) {accum_type = f32, group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, zeros_mode = "none"} : (tensor<?x256xf8E4M3FN>, tensor<64x256xf8E5M2>, tensor<64x8xf8E8M0FNU>, tensor<64xf16>) -> tensor<?x64xf16>
  return %0 : tensor<?x64xf16>
}

// -----

// N may be dynamic too (only K must be static).
// CHECK-LABEL: func.func @dynamic_n(
// CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<?x256xui4>, tensor<?x2xf16>) -> tensor<?x?xf16>
func.func @dynamic_n(%a: tensor<?x256xf16>, %w: tensor<?x256xui4>, %s: tensor<?x2xf16>) -> tensor<?x?xf16> {
  %0 = "bitblas.matmul"(%a, %w, %s) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<?x256xui4>, tensor<?x2xf16>) -> tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}

// -----

// Packing: leading dims kept, K * bits / 8 bytes per row.
// CHECK-LABEL: func.func @pack_ui4_3d(
// CHECK: %[[S:.*]] = "bitblas.quantize"(%arg0) : (tensor<2x?x64xui4>) -> tensor<2x?x32xi8>
// CHECK: "bitblas.dequantize"(%[[S]]) : (tensor<2x?x32xi8>) -> tensor<2x?x64xui4>
func.func @pack_ui4_3d(%w: tensor<2x?x64xui4>) -> tensor<2x?x64xui4> {
  %s = "bitblas.quantize"(%w) : (tensor<2x?x64xui4>) -> tensor<2x?x32xi8>
  %l = "bitblas.dequantize"(%s) : (tensor<2x?x32xi8>) -> tensor<2x?x64xui4>
  return %l : tensor<2x?x64xui4>
}

// -----

// CHECK-LABEL: func.func @pack_i3_1d(
// CHECK: "bitblas.quantize"(%arg0) : (tensor<8xi3>) -> tensor<3xi8>
func.func @pack_i3_1d(%w: tensor<8xi3>) -> tensor<3xi8> {
  %s = "bitblas.quantize"(%w) : (tensor<8xi3>) -> tensor<3xi8>
  return %s : tensor<3xi8>
}

// -----

// CHECK-LABEL: func.func @slice(
// CHECK: "bitblas.tile_slice"(%arg0) {offsets = array<i64: 16, 0>, sizes = array<i64: 16, 32>} : (tensor<64x?xf16>) -> tensor<16x32xf16>
func.func @slice(%x: tensor<64x?xf16>) -> tensor<16x32xf16> {
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 16, 0>, sizes = array<i64: 16, 32>} : (tensor<64x?xf16>) -> tensor<16x32xf16>
  return %0 : tensor<16x32xf16>
}

// -----

// CHECK-LABEL: func.func @slice_empty(
// CHECK: "bitblas.tile_slice"(%arg0) {offsets = array<i64: 64>, sizes = array<i64: 0>} : (tensor<64xui4>) -> tensor<0xui4>
func.func @slice_empty(%x: tensor<64xui4>) -> tensor<0xui4> {
  %0 = "bitblas.tile_slice"(%x) {offsets = array<i64: 64>, sizes = array<i64: 0>} : (tensor<64xui4>) -> tensor<0xui4>
  return %0 : tensor<0xui4>
}

// -----

// CHECK-LABEL: func.func @pad(
// CHECK: "bitblas.tile_pad"(%arg0) {high = array<i64: 3, 0>, low = array<i64: 1, 0>, value = 0.000000e+00 : f16} : (tensor<12x?xf16>) -> tensor<16x?xf16>
func.func @pad(%x: tensor<12x?xf16>) -> tensor<16x?xf16> {
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 1, 0>, high = array<i64: 3, 0>, value = 0.0 : f16} : (tensor<12x?xf16>) -> tensor<16x?xf16>
  return %0 : tensor<16x?xf16>
}

// -----

// CHECK-LABEL: func.func @pad_int(
// CHECK: "bitblas.tile_pad"(%arg0) {high = array<i64: 2>, low = array<i64: 0>, value = 8 : ui4} : (tensor<30xui4>) -> tensor<32xui4>
func.func @pad_int(%x: tensor<30xui4>) -> tensor<32xui4> {
  %0 = "bitblas.tile_pad"(%x) {low = array<i64: 0>, high = array<i64: 2>, value = 8 : ui4} : (tensor<30xui4>) -> tensor<32xui4>
  return %0 : tensor<32xui4>
}

// -----

// Conversion with and without quantization parameters, in each scope.
// CHECK-LABEL: func.func @convert_plain(
// CHECK: "bitblas.tile_convert"(%arg0) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x32xi4>) -> tensor<16x32xf16>
func.func @convert_plain(%x: tensor<16x32xi4>) -> tensor<16x32xf16> {
  %0 = "bitblas.tile_convert"(%x) {group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 0, 0>, scope = "register", zeros_mode = "none"} : (tensor<16x32xi4>) -> tensor<16x32xf16>
  return %0 : tensor<16x32xf16>
}

// -----

// CHECK-LABEL: func.func @convert_zeros(
// CHECK: "bitblas.tile_convert"(%arg0, %arg1, %arg2) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1>, scope = "shared", zeros_mode = "quantized"} : (tensor<2x16x128xui4>, tensor<2x16x4xbf16>, tensor<2x16x4xui4>) -> tensor<2x16x128xbf16>
func.func @convert_zeros(%x: tensor<2x16x128xui4>, %s: tensor<2x16x4xbf16>, %z: tensor<2x16x4xui4>) -> tensor<2x16x128xbf16> {
  %0 = "bitblas.tile_convert"(%x, %s, %z) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 1>, scope = "shared", zeros_mode = "quantized"} : (tensor<2x16x128xui4>, tensor<2x16x4xbf16>, tensor<2x16x4xui4>) -> tensor<2x16x128xbf16>
  return %0 : tensor<2x16x128xbf16>
}

// -----

// CHECK-LABEL: func.func @convert_mx(
// CHECK: "bitblas.tile_convert"(%arg0, %arg1) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "global", zeros_mode = "none"} : (tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>) -> tensor<8x64xf32>
func.func @convert_mx(%x: tensor<8x64xf4E2M1FN>, %s: tensor<8x2xf8E8M0FNU>) -> tensor<8x64xf32> {
  %0 = "bitblas.tile_convert"(%x, %s) {group_size = 32 : i64, operandSegmentSizes = array<i32: 1, 1, 0>, scope = "global", zeros_mode = "none"} : (tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

// Layout maps must be bijections: a transpose, and the 4-element interleave
// of the fast decoder (within each row, element k goes to 4 * (k mod 8) + k floordiv 8).
// CHECK-LABEL: func.func @transpose(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x16xf16>
func.func @transpose(%x: tensor<16x32xf16>) -> tensor<32x16xf16> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "shared"} : (tensor<16x32xf16>) -> tensor<32x16xf16>
  return %0 : tensor<32x16xf16>
}

// -----

// CHECK-LABEL: func.func @interleave(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d0, (d1 mod 8) * 4 + d1 floordiv 8)>, scope = "register"} : (tensor<4x32xui4>) -> tensor<4x32xui4>
func.func @interleave(%x: tensor<4x32xui4>) -> tensor<4x32xui4> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, (d1 mod 8) * 4 + d1 floordiv 8)>, scope = "register"} : (tensor<4x32xui4>) -> tensor<4x32xui4>
  return %0 : tensor<4x32xui4>
}

// -----

// Rank-changing layouts: [16, 32] split into two 16x16 tiles, and a flattening.
// CHECK-LABEL: func.func @tiled(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d1 floordiv 16, d0, d1 mod 16)>, scope = "shared"} : (tensor<16x32xi8>) -> tensor<2x16x16xi8>
func.func @tiled(%x: tensor<16x32xi8>) -> tensor<2x16x16xi8> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1 floordiv 16, d0, d1 mod 16)>, scope = "shared"} : (tensor<16x32xi8>) -> tensor<2x16x16xi8>
  return %0 : tensor<2x16x16xi8>
}

// -----

// CHECK-LABEL: func.func @flatten(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1, d2) -> (d0 * 4 + d1, d2)>, scope = "global"} : (tensor<2x4x8xf16>) -> tensor<8x8xf16>
func.func @flatten(%x: tensor<2x4x8xf16>) -> tensor<8x8xf16> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1, d2) -> (d0 * 4 + d1, d2)>, scope = "global"} : (tensor<2x4x8xf16>) -> tensor<8x8xf16>
  return %0 : tensor<8x8xf16>
}

// -----

// ceildiv of a negative value rounds towards +inf: d1 = 0 goes to (-1) ceildiv 2 = 0.
// CHECK-LABEL: func.func @ceildiv(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d0, (d1 mod 2) * 4 + (d1 - 1) ceildiv 2)>, scope = "global"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
func.func @ceildiv(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d0, (d1 mod 2) * 4 + (d1 - 1) ceildiv 2)>, scope = "global"} : (tensor<4x8xf16>) -> tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}

// -----

// 2^22 elements: still checked exhaustively.
// CHECK-LABEL: func.func @exhaustive_limit(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<1024x4096xi4>) -> tensor<4096x1024xi4>
func.func @exhaustive_limit(%x: tensor<1024x4096xi4>) -> tensor<4096x1024xi4> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<1024x4096xi4>) -> tensor<4096x1024xi4>
  return %0 : tensor<4096x1024xi4>
}

// -----

// Past 2^22 elements only the corners are checked.
// CHECK-LABEL: func.func @large(
// CHECK: "bitblas.tile_transform_layout"(%arg0) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<8192x4096xui4>) -> tensor<4096x8192xui4>
func.func @large(%x: tensor<8192x4096xui4>) -> tensor<4096x8192xui4> {
  %0 = "bitblas.tile_transform_layout"(%x) {map = affine_map<(d0, d1) -> (d1, d0)>, scope = "global"} : (tensor<8192x4096xui4>) -> tensor<4096x8192xui4>
  return %0 : tensor<4096x8192xui4>
}

// -----

// Verification walks nested regions.
// CHECK-LABEL: func.func @nested(
// CHECK: scf.execute_region
// CHECK: "bitblas.matmul"
func.func @nested(%a: tensor<?x256xf16>, %w: tensor<64x256xi2>) -> tensor<?x64xf16> {
  %r = scf.execute_region -> tensor<?x64xf16> {
    %0 = "bitblas.matmul"(%a, %w) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi2>) -> tensor<?x64xf16>
    scf.yield %0 : tensor<?x64xf16>
  }
  return %r : tensor<?x64xf16>
}
