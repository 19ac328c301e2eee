// The decode kernel on frag8 weights with int8 activations: the int8 tensor
// cores (mma.m16n8k32, unsigned weight bytes x signed activations), one LOP3
// per fragment register, a set of i32 accumulators per byte-field pair
// shifted back exactly after the loop; signed weights add the activation
// row sums (dp4a, then a shared-memory atomic add per warp).
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s

// int1 (+-1 codes): 2 * sum - (row sum). Per 512-byte unit 8 mmas, each fed
// by four LOP3s; 4 field pairs, so 7 shifts (row g of pair 0 needs none).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-SAME: dp4a.s32.s32
// CHECK-SAME: atom.shared.add.u32
// CHECK-SAME: lop3.b32
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// CHECK-NOT: mma.sync.aligned.m16n8k16
// CHECK-SAME: shr.s32 {{[^;]*}}, 7;
// CHECK-SAME: st.global.b32
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-SAME: .entry bitblas_mm0_v2(
// CHECK-LABEL: func.func @i1
// CHECK: m_tile = 1 : i64
// CHECK-SAME: m_tile = 8 : i64
// CHECK-SAME: m_tile = 16 : i64
// CHECK-SAME: bitblas.weight_layout = "frag8"
func.func @i1(%a: tensor<?x512xi8>, %w: tensor<64x512xi1>) -> tensor<?x64xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x512xi8>, tensor<64x512xi1>) -> tensor<?x64xi32>
  return %c : tensor<?x64xi32>
}

// -----

// uint2: the codes are the values, no row sums.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-NOT: dp4a
// CHECK-NOT: atom.shared
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-LABEL: func.func @ui2
// CHECK: bitblas.weight_layout = "frag8"
func.func @ui2(%a: tensor<?x256xi8>, %w: tensor<32x256xui2>) -> tensor<?x32xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<32x256xui2>) -> tensor<?x32xi32>
  return %c : tensor<?x32xi32>
}

// -----

// int4 with a per-channel f32 scale and an f16 output: the exact i32 result
// (sum - 8 * row sum) is converted, scaled and rounded once.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: dp4a.s32.s32
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// CHECK-SAME: cvt.rn.f32.s32
// CHECK-SAME: mul.{{(rn.)?}}f32
// CHECK-SAME: cvt.rn.f16.f32
// CHECK-LABEL: func.func @i4_scaled
// CHECK: bitblas.weight_layout = "frag8"
func.func @i4_scaled(%a: tensor<?x256xi8>, %w: tensor<16x256xi4>, %s: tensor<16x1xf32>) -> tensor<?x16xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 256 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<16x256xi4>, tensor<16x1xf32>) -> tensor<?x16xf16>
  return %c : tensor<?x16xf16>
}
