// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s --check-prefixes=CHECK,FRAG
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa layout=frag8})' | FileCheck %s --check-prefixes=CHECK,FRAG
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa layout=interleave32})' | FileCheck %s --check-prefixes=CHECK,OLD,IL
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa layout=packed})' | FileCheck %s --check-prefixes=CHECK,OLD,PACKED

// PTX for sm_90 (no external tool needed): the kernel module becomes a
// gpu.binary whose object carries the target and the PTX text; there is one
// entry per M range.
// By default the weights are frag16 and the decode kernels serve every M:
// 16-byte weight loads that skip L1 and activations read with 128-bit loads
// (the one-row kernel copies its row into shared memory first).
// FRAG-LABEL: gpu.binary @bitblas_mm0
// FRAG-SAME: .visible .entry bitblas_mm0_v0(
// FRAG-SAME: .maxntid 256, 1, 1
// FRAG-NOT: cp.async
// FRAG-SAME: ld.global.nc.L1::no_allocate.v4.u32
// FRAG-NOT: cp.async
// FRAG-SAME: ld.global.v4
// FRAG-SAME: st.shared.v4
// FRAG-SAME: lop3.b32
// FRAG-SAME: mma.sync.aligned.m16n8k16
// FRAG-SAME: .visible .entry bitblas_mm0_v1(
// FRAG-SAME: ld.global.nc.L1::no_allocate.v4.u32
// FRAG-SAME: ld.global.v4
// FRAG-SAME: mma.sync.aligned.m16n8k16
// FRAG-SAME: .visible .entry bitblas_mm0_v2(
// FRAG-SAME: mma.sync.aligned.m16n8k16
// FRAG-NOT: .entry bitblas_mm0_v3(
// FRAG-LABEL: func.func @example
// FRAG: "bitblas.matmul"
// FRAG-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// FRAG-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, pdl = 1 : i64, sms = 132 : i64, symbol = "bitblas_mm0_v0"},
// FRAG-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, pdl = 1 : i64, sms = 132 : i64, symbol = "bitblas_mm0_v1"},
// FRAG-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 0 : i64, m_min = 9 : i64, m_tile = 16 : i64, pdl = 1 : i64, sms = 132 : i64, symbol = "bitblas_mm0_v2"}]}
// FRAG-SAME: bitblas.weight_layout = "frag16"
// With layout=interleave32 (or packed) the tensor-core kernels of before:
// the M = 1 one streams weights and activations through shared-memory rings
// with cp.async (no 128-bit global loads); the 2..8-row one reads activations
// with 128-bit global loads. interleave32 lets them use the activations as
// loaded; with layout=packed they pack f16 pairs ({%rs..}).
// OLD-LABEL: gpu.binary @bitblas_mm0
// OLD-SAME: #gpu.object<#nvvm.target<chip = "sm_90", features = "+ptx80">
// OLD-SAME: assembly = "
// OLD-SAME: .target sm_90
// OLD-SAME: .visible .entry bitblas_mm0_v0(
// OLD-SAME: .maxntid 256, 1, 1
// OLD-NOT: ld.global.v4
// OLD-SAME: .shared .align 16 .b8 bitblas_mm0_v0_ring[32768];
// OLD-NOT: ld.global.v4
// OLD-SAME: .shared .align 16 .b8 bitblas_mm0_v0_aring[8192];
// OLD-NOT: ld.global.v4
// OLD-SAME: cp.async.cg.shared.global
// OLD-NOT: ld.global.v4
// OLD-SAME: cp.async.ca.shared.global
// OLD-NOT: ld.global.v4
// OLD-SAME: cp.async.commit_group
// OLD-NOT: ld.global.v4
// OLD-SAME: cp.async.wait_group
// OLD-NOT: ld.global.v4
// OLD-SAME: lop3.b32
// IL-NOT: , {%rs
// PACKED-SAME: , {%rs
// OLD-NOT: ld.global.v4
// OLD-SAME: mma.sync.aligned.m16n8k16
// OLD-NOT: ld.global.v4
// IL-NOT: , {%rs
// OLD-SAME: .visible .entry bitblas_mm0_v1(
// OLD-SAME: .maxntid 256, 1, 1
// OLD-NOT: bitblas_mm0_v1_aring
// OLD-SAME: cp.async.cg.shared.global
// OLD-SAME: ld.global.v4
// IL-NOT: , {%rs
// PACKED-SAME: , {%rs
// OLD-SAME: mma.sync.aligned.m16n8k16
// IL-NOT: , {%rs
// OLD-SAME: .visible .entry bitblas_mm0_v2(
// OLD-SAME: .maxntid 256, 1, 1
// OLD-SAME: mma.sync.aligned.m16n8k16
// OLD-SAME: .visible .entry bitblas_mm0_v3(
// OLD-SAME: .maxntid 128, 1, 1
// OLD-NOT: gpu.module
// OLD-LABEL: func.func @example
// OLD: "bitblas.matmul"
// OLD-SAME: bitblas.kernels = {module = @bitblas_mm0, variants = [
// OLD-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, symbol = "bitblas_mm0_v0"},
// OLD-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v1"},
// OLD-SAME: {block = array<i64: 256, 1, 1>, grid_x = 256 : i64, m_max = 16 : i64, m_min = 9 : i64, m_tile = 16 : i64, symbol = "bitblas_mm0_v2"},
// OLD-SAME: {block = array<i64: 128, 1, 1>, grid_x = 512 : i64, m_max = 0 : i64, m_min = 17 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v3"}]}
// IL-SAME: bitblas.weight_layout = "interleave32"
// PACKED-NOT: bitblas.weight_layout
// CHECK-SAME: group_size = 128
func.func @example(%a: tensor<?x4096xf16>, %w: tensor<4096x4096xui4>, %s: tensor<4096x32xf16>, %z: tensor<4096x32xf16>) -> tensor<?x4096xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<4096x4096xui4>, tensor<4096x32xf16>, tensor<4096x32xf16>) -> tensor<?x4096xf16>
  return %c : tensor<?x4096xf16>
}

// -----

// int8 activations with 2-bit weights, exact i32 accumulation: by default the
// frag8 decode kernel on the int8 tensor cores for every M; with interleave32
// or packed weights three SIMT variants (no cp.async) reading with 128-bit
// loads.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .target sm_90
// CHECK-NOT: cp.async
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-NOT: cp.async
// FRAG-SAME: mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// OLD-NOT: mma.sync
// OLD-SAME: ld.global.v4
// CHECK-NOT: cp.async
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-NOT: cp.async
// CHECK-SAME: .entry bitblas_mm0_v2(
// CHECK-NOT: cp.async
// CHECK-NOT: .entry bitblas_mm0_v3(
// CHECK-LABEL: func.func @int8
// CHECK: "bitblas.matmul"
// CHECK-SAME: variants = [{{.*}}m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, {{(pdl = 1 : i64, sms = 132 : i64, )?}}symbol = "bitblas_mm0_v0"},
// FRAG-SAME: m_max = 8 : i64, m_min = 2 : i64, m_tile = 8 : i64, pdl = 1 : i64, sms = 132 : i64, symbol = "bitblas_mm0_v1"},
// FRAG-SAME: m_max = 0 : i64, m_min = 9 : i64, m_tile = 16 : i64, pdl = 1 : i64, sms = 132 : i64, symbol = "bitblas_mm0_v2"}]}
// FRAG-SAME: bitblas.weight_layout = "frag8"
// OLD-SAME: m_max = 4 : i64, m_min = 2 : i64, m_tile = 4 : i64, symbol = "bitblas_mm0_v1"},
// OLD-SAME: m_max = 0 : i64, m_min = 5 : i64, m_tile = 8 : i64, symbol = "bitblas_mm0_v2"}]}
// IL-SAME: bitblas.weight_layout = "interleave32"
// PACKED-NOT: bitblas.weight_layout
// CHECK-SAME: group_size = 0
func.func @int8(%a: tensor<?x512xi8>, %w: tensor<256x512xi2>) -> tensor<?x256xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<256x512xi2>) -> tensor<?x256xi32>
  return %c : tensor<?x256xi32>
}
