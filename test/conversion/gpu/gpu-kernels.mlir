// RUN: bitblas-opt %s --split-input-file --bitblas-gpu-kernels | FileCheck %s

// The example of `bitblas-compile --example`: uint4 weights, group 128,
// original zeros, f32 accumulate, f16 out. The pass adds one gpu.module of
// kernels (one per M range, each with its block size known) and records on
// the matmul which kernel serves which M range: tensor cores for M = 1, 2..8
// and 9..16 (default tile: 2 tiles of 8 columns per warp, 8 warps splitting
// K, 4 stages; grid N / 16), SIMT for M >= 17. The tensor-core kernels copy
// weights into a shared-memory ring with cp.async and decode with lop3; the
// M = 1 kernel also streams activations through a second ring (`_aring`).
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: gpu.module @bitblas_mm0 {
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v0_ring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<32768 x i8>
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v0_aring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<8192 x i8>
// CHECK-NEXT: gpu.func @bitblas_mm0_v0(%{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: i32)
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// CHECK: llvm.mlir.addressof @bitblas_mm0_v0_ring : !llvm.ptr<3>
// CHECK: llvm.mlir.addressof @bitblas_mm0_v0_aring : !llvm.ptr<3>
// CHECK: nvvm.cp.async.shared.global %{{.*}}, %{{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK: nvvm.cp.async.shared.global %{{.*}}, %{{.*}}, 8, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK: nvvm.cp.async.commit.group
// CHECK: nvvm.cp.async.wait.group
// CHECK: nvvm.bar.warp.sync
// CHECK-NOT: !llvm.ptr<1> -> vector<{{[0-9]+}}xf16>
// CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<32xf16>
// CHECK: llvm.inline_asm asm_dialect = att "lop3.b32 $0, $1, $2, $3, 234;"
// CHECK: llvm.inline_asm asm_dialect = att "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK: gpu.return
// CHECK-NEXT: }
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v1_ring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<32768 x i8>
// CHECK-NEXT: gpu.func @bitblas_mm0_v1(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// CHECK: nvvm.cp.async.shared.global %{{.*}}, %{{.*}}, 16, cache = cg
// CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<1> -> vector<32xf16>
// CHECK: gpu.return
// CHECK-NEXT: }
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v2_ring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<32768 x i8>
// CHECK-NEXT: gpu.func @bitblas_mm0_v2(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 256, 1, 1>}
// CHECK: gpu.return
// CHECK-NEXT: }
// CHECK-NEXT: gpu.func @bitblas_mm0_v3(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK-NOT: nvvm.cp.async
// CHECK-NOT: gpu.func
// CHECK-LABEL: func.func @example
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// CHECK-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, symbol = "bitblas_mm0_v0"},
// CHECK-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v1"},
// CHECK-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 16 : i64, m_min = 9 : i64, m_tile = 16 : i64, symbol = "bitblas_mm0_v2"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 512 : i64, m_max = 0 : i64, m_min = 17 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v3"}]}
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// Two matmuls get two kernel modules; a kernel without scale or zeros takes
// fewer pointers (A, W, C, M). K = 256 is too short to split over 8 warps: the
// int2 kernels run one warp (grid N / 16 = 8), the int8 ones four (grid 4).
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK-DAG: gpu.module @bitblas_mm0 {
// CHECK-DAG: gpu.module @bitblas_mm1 {
// CHECK-DAG: gpu.func @bitblas_mm1_v0(%{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: !llvm.ptr<1>, %{{.*}}: i32)
// CHECK-LABEL: func.func @two
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// CHECK-SAME: {block = array<i64: 32, 1, 1>, grid_x = 8 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, symbol = "bitblas_mm0_v0"},
// CHECK-SAME: {block = array<i64: 32, 1, 1>, grid_x = 8 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v1"},
// CHECK-SAME: {block = array<i64: 32, 1, 1>, grid_x = 8 : i64, m_max = 16 : i64, m_min = 9 : i64, m_tile = 16 : i64, symbol = "bitblas_mm0_v2"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 16 : i64, m_max = 0 : i64, m_min = 17 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v3"}]}
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm1, variants = [
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 4 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, symbol = "bitblas_mm1_v0"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 4 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, symbol = "bitblas_mm1_v1"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 4 : i64, m_max = 16 : i64, m_min = 9 : i64, m_tile = 16 : i64, symbol = "bitblas_mm1_v2"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 8 : i64, m_max = 0 : i64, m_min = 17 : i64, m_tile = 8 : i64, symbol = "bitblas_mm1_v3"}]}
func.func @two(%a: tensor<?x256xf16>, %w: tensor<128x256xi2>, %s: tensor<128x1xf16>, %w2: tensor<64x256xi8>) -> (tensor<?x128xf16>, tensor<?x64xf32>) {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<128x256xi2>, tensor<128x1xf16>) -> tensor<?x128xf16>
  %d = "bitblas.matmul"(%a, %w2) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xi8>) -> tensor<?x64xf32>
  return %c, %d : tensor<?x128xf16>, tensor<?x64xf32>
}

// -----

// bitblas.mma_tile = array<i64: tiles, k_split, stages> picks the tensor-core
// tile: 4 tiles of 8 columns per warp and 4 warps splitting K give grid N / 32
// and blocks of 128 threads for all three tensor-core variants; the SIMT
// variant keeps its own shape.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: gpu.module @bitblas_mm0 {
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v0_ring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<32768 x i8>
// CHECK-NEXT: llvm.mlir.global internal @bitblas_mm0_v0_aring() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<4096 x i8>
// CHECK-NEXT: gpu.func @bitblas_mm0_v0(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK: gpu.func @bitblas_mm0_v1(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK: gpu.func @bitblas_mm0_v2(
// CHECK-SAME: kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK-LABEL: func.func @tile
// CHECK: "bitblas.matmul"
// CHECK-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 128 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, symbol = "bitblas_mm0_v0"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 128 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v1"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 128 : i64, m_max = 16 : i64, m_min = 9 : i64, m_tile = 16 : i64, symbol = "bitblas_mm0_v2"},
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid_x = 512 : i64, m_max = 0 : i64, m_min = 17 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v3"}]}
// CHECK-SAME: bitblas.mma_tile = array<i64: 4, 4, 4>
func.func @tile(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32, bitblas.mma_tile = array<i64: 4, 4, 4>} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// A module without bitblas.matmul is left alone.
// CHECK-LABEL: func.func @nothing
// CHECK-NOT: gpu.module
func.func @nothing(%x: f32) -> f32 {
  return %x : f32
}
