// RUN: bitblas-opt %s --split-input-file --bitblas-gpu-kernels | FileCheck %s

// The example of `bitblas-compile --example`: uint4 weights, group 128,
// original zeros, f32 accumulate, f16 out. The pass adds one gpu.module of
// kernels (one per M range, each with its block size known) and records on
// the matmul which kernel serves which M range.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: gpu.module @bitblas_mm0 {
// CHECK: gpu.func @bitblas_mm0_v0(%{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: i32)
// CHECK-SAME: kernel attributes {known_block_size = array<i32: [[BX:[0-9]+]], 1, 1>}
// CHECK: gpu.func @bitblas_mm0_v1(
// CHECK-SAME: kernel attributes {known_block_size = array<i32:
// CHECK: gpu.func @bitblas_mm0_v2(
// CHECK-SAME: kernel attributes {known_block_size = array<i32:
// CHECK-LABEL: func.func @example
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// CHECK-SAME: {block = array<i64: [[BX]], 1, 1>, grid_x = {{[0-9]+}} : i64, m_max = {{[0-9]+}} : i64, m_min = 1 : i64, m_tile = {{[0-9]+}} : i64, symbol = "bitblas_mm0_v0"}
// CHECK-SAME: symbol = "bitblas_mm0_v1"
// CHECK-SAME: m_max = 0 : i64, m_min = {{[0-9]+}} : i64, m_tile = {{[0-9]+}} : i64, symbol = "bitblas_mm0_v2"}]}
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// Two matmuls get two kernel modules; a kernel without scale or zeros takes
// fewer pointers (A, W, C, M).
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK-DAG: gpu.module @bitblas_mm0 {
// CHECK-DAG: gpu.module @bitblas_mm1 {
// CHECK-DAG: gpu.func @bitblas_mm1_v0(%{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: i32)
// CHECK-LABEL: func.func @two
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm0,
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm1,
func.func @two(%a: tensor<?x256xf16>, %w: tensor<128x256xi2>, %s: tensor<128x1xf16>, %w2: tensor<64x256xi8>) -> (tensor<?x128xf16>, tensor<?x64xf32>) {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<128x256xi2>, tensor<128x1xf16>) -> tensor<?x128xf16>
  %d = "bitblas.matmul"(%a, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xi8>) -> tensor<?x64xf32>
  return %c, %d : tensor<?x128xf16>, tensor<?x64xf32>
}

// -----

// A module without bitblas.matmul is left alone.
// CHECK-LABEL: func.func @nothing
// CHECK-NOT: gpu.module
func.func @nothing(%x: f32) -> f32 {
  return %x : f32
}
