// The frag16 decode kernels for the weight types, scale and zero modes they
// serve (f16 activations): every variant loads 16 bytes of weights per lane
// past L1 and multiplies on tensor cores; how scales are applied depends on
// the group size against a 512-byte unit (256 / bits values of k).
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s

// Per-channel scale: applied once after the loop (no f16 multiply in the
// loop); with 264 tiles of 16 rows (two blocks per SM of an H100) the one
// activation row is staged in shared memory (2 * K bytes), the quads' 16-byte
// chunks interleaved, followed by the zeros that B columns 1..7 read (one
// unit of 128 bytes per load in flight: here 1).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: .shared .align 16 .b8 bitblas_mm0_v0_act[640];
// CHECK-SAME: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-SAME: st.shared.v4.b32
// CHECK-SAME: bar.sync
// CHECK-SAME: ld.shared.v4.b32
// CHECK-NOT: mul.rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-SAME: .entry bitblas_mm0_v2(
// CHECK-LABEL: func.func @ui4_channel
// CHECK: m_tile = 1 : i64
// CHECK-SAME: m_tile = 8 : i64
// CHECK-SAME: m_tile = 16 : i64
// CHECK-SAME: bitblas.weight_layout = "frag16"
func.func @ui4_channel(%a: tensor<?x256xf16>, %w: tensor<4224x256xui4>, %s: tensor<4224x1xf16>) -> tensor<?x4224xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<4224x256xui4>, tensor<4224x1xf16>) -> tensor<?x4224xf16>
  return %c : tensor<?x4224xf16>
}

// -----

// int2, per-channel scale, one activation row staged in shared memory: the
// staging multiplies k2, k3 of every 4 k by 2^-4, the loop masks each field
// pair as two f16 subnormals (one LOP3, no f16 fma), and after the loop the
// chains are scaled back (row g by 2^24) and the offset of the signed codes
// comes from the ones-mma's activation sum (shuffled over the quad). More
// activation rows keep the magic-number decode (f16 fma).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: mul.rn.f16x2
// CHECK-NOT: fma.rn.f16x2
// CHECK-SAME: lop3.b32
// CHECK-NOT: fma.rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK-NOT: fma.rn.f16x2
// CHECK-SAME: shfl.sync.bfly
// CHECK-NOT: fma.rn.f16x2
// CHECK-SAME: 0f4B800000
// CHECK-NOT: fma.rn.f16x2
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-SAME: fma.rn.f16x2
// CHECK-LABEL: func.func @i2_channel_field_sets
func.func @i2_channel_field_sets(%a: tensor<?x256xf16>, %w: tensor<4224x256xi2>, %s: tensor<4224x1xf16>) -> tensor<?x4224xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<4224x256xi2>, tensor<4224x1xf16>) -> tensor<?x4224xf16>
  return %c : tensor<?x4224xf16>
}

// -----

// A 40 KiB activation row (K = 20480) is staged for the int2 field sets in
// dynamic shared memory: an extern shared array, and the variant records the
// bytes its launch must give (the manifest's smem=: the row and 1 KiB of
// zeros for B columns 1..7); the other variants take none.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .extern .shared .align 16 .b8 bitblas_mm0_v0_act[];
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-LABEL: func.func @i2_long_row
// CHECK: m_tile = 1 : i64, pdl = 1 : i64, smem = 41984 : i64
// CHECK-NOT: smem
// CHECK-SAME: m_tile = 8 : i64
// CHECK-NOT: smem
// CHECK-SAME: m_tile = 16 : i64
func.func @i2_long_row(%a: tensor<?x20480xf16>, %w: tensor<4224x20480xi2>, %s: tensor<4224x1xf16>) -> tensor<?x4224xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x20480xf16>, tensor<4224x20480xi2>, tensor<4224x1xf16>) -> tensor<?x4224xf16>
  return %c : tensor<?x4224xf16>
}

// -----

// Unsigned 4-bit codes at M = 1: each field pair is masked as two f16
// subnormals (one LOP3, no f16 add or fma before the mma), and after the loop
// row g is scaled back by 2^24 and row g + 8 (fields at bit 4) by 2^20. The
// variants for more rows keep the magic-number decode.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-NOT: .rn.f16x2
// CHECK-SAME: lop3.b32
// CHECK-NOT: .rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK-NOT: .rn.f16x2
// CHECK-SAME: 0f4B800000
// CHECK-NOT: .rn.f16x2
// CHECK-SAME: 0f49800000
// CHECK-NOT: .rn.f16x2
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-SAME: fma.rn.f16x2
// CHECK-LABEL: func.func @ui4_channel_subnormal
func.func @ui4_channel_subnormal(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x1xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x1xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Group 32 is smaller than a 4-bit unit (64 values of k): the weights are
// dequantized in f16 before the mma (sub, then mul).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: sub.rn.f16x2
// CHECK-SAME: mul.rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-LABEL: func.func @ui4_group32
// CHECK: bitblas.weight_layout = "frag16"
func.func @ui4_group32(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x8xf16>, %z: tensor<64x8xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 32 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x8xf16>, tensor<64x8xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Group 128 spans two 4-bit units: a loop iteration's four units cover two
// whole groups, so a lane loads the scales (and zeros) of both with one
// two-element load per row and array (no scalar 16-bit loads), one iteration
// ahead, and scales the partial sums once per group.
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-NOT: ld.global.b16
// CHECK-SAME: ld.global.{{v2.b16|b32}}
// CHECK-NOT: ld.global.b16
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-NOT: ld.global.b16
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-LABEL: func.func @ui4_group128_original
// CHECK: bitblas.weight_layout = "frag16"
func.func @ui4_group128_original(%a: tensor<?x4096xf16>, %w: tensor<64x4096xui4>, %s: tensor<64x32xf16>, %z: tensor<64x32xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x4096xf16>, tensor<64x4096xui4>, tensor<64x32xf16>, tensor<64x32xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// Group 128 holds whole 2-bit units (128 values of k): each unit's partial
// sums are scaled in f32, and quantized zeros come exactly from a second mma
// with an all-ones A operand (the activation sums).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-NOT: mul.rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-SAME: fma.rn.f32
// CHECK-LABEL: func.func @ui2_group128_quantized
// CHECK: bitblas.weight_layout = "frag16"
func.func @ui2_group128_quantized(%a: tensor<?x512xf16>, %w: tensor<32x512xui2>, %s: tensor<32x4xf16>, %z: tensor<32x4xui2>) -> tensor<?x32xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "quantized", accum_type = f32} : (tensor<?x512xf16>, tensor<32x512xui2>, tensor<32x4xf16>, tensor<32x4xui2>) -> tensor<?x32xf16>
  return %c : tensor<?x32xf16>
}

// -----

// NF4: the table becomes a byte table in dynamic shared memory: the two
// 16-word f16 tables (low and high halves) are filled from the constant table,
// then 256 pair entries, one copy per lane (st.shared.v4 of one value), before
// the 512-byte activation row at byte 32768. Per word: two masks
// (0x0f0f0f0f, 0xf0f0f0f0) and two multiplies by 4097 (shift-adds) make the
// indices; per pair one shift, one LOP3 (mask 0x7f80, the lane's copy ORed
// in) and one lookup, no f16x2 add. No f32 -> f16 convert in the loop. Every
// variant's launch gives the 32 KiB table (+ the row at M = 1).
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: .extern .shared .align 16 .b8 bitblas_mm0_v0_act[];
// CHECK-SAME: .entry bitblas_mm0_v0(
// CHECK-SAME: .shared .align 128 .b8 bitblas_mm0_v0_ptbl[128];
// CHECK-SAME: ld.const.b32
// CHECK-SAME: cvt.rn.f16.f32
// CHECK-SAME: st.shared.b32
// CHECK-SAME: bar.sync
// CHECK-SAME: st.shared.v4.b32 \09[%rd{{[0-9]+}}], {[[V:%r[0-9]+]], [[V]], [[V]], [[V]]};
// CHECK-SAME: st.shared.v4.b32 \09[%rd{{[0-9]+}}+32768]
// CHECK-SAME: bar.sync
// CHECK-NOT: cvt.rn.f16.f32
// CHECK-SAME: and.b32 \09%r{{[0-9]+}}, %r{{[0-9]+}}, 252645135;
// CHECK-SAME: mul.lo.s32 \09%r{{[0-9]+}}, %r{{[0-9]+}}, 4097;
// CHECK-SAME: shr.u32
// CHECK-SAME: lop3.b32 {{%r[0-9]+}}, {{%r[0-9]+}}, {{%r[0-9]+}}, {{%r[0-9]+}}, 234;
// CHECK-SAME: ld.shared.b32
// CHECK-NOT: add.rn.f16x2
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-SAME: .entry bitblas_mm0_v1(
// CHECK-LABEL: func.func @nf4
// CHECK: m_tile = 1 : i64, pdl = 1 : i64, smem = 33408 : i64
// CHECK-SAME: m_tile = 8 : i64, pdl = 1 : i64, smem = 32768 : i64
// CHECK-SAME: m_tile = 16 : i64, pdl = 1 : i64, smem = 32768 : i64
// CHECK-SAME: bitblas.weight_layout = "frag16"
func.func @nf4(%a: tensor<?x256xf16>, %w: tensor<32x256x!bitblas.nf4>, %s: tensor<32x2xf16>) -> tensor<?x32xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 128 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<32x256x!bitblas.nf4>, tensor<32x2xf16>) -> tensor<?x32xf16>
  return %c : tensor<?x32xf16>
}

// -----

// 1-bit signs (256 values of k per unit), fp8 e4m3 and f16 weights.
// CHECK-LABEL: gpu.binary @bitblas_mm2
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-LABEL: gpu.binary @bitblas_mm1
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-LABEL: gpu.binary @bitblas_mm0
// CHECK-SAME: mma.sync.aligned.m16n8k16
// CHECK-LABEL: func.func @narrow_and_wide
// CHECK-COUNT-3: bitblas.weight_layout = "frag16"
func.func @narrow_and_wide(%a: tensor<?x256xf16>, %w1: tensor<16x256xi1>, %w8: tensor<16x256xf8E4M3FN>, %w16: tensor<16x256xf16>) -> (tensor<?x16xf16>, tensor<?x16xf16>, tensor<?x16xf32>) {
  %c = "bitblas.matmul"(%a, %w1) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<16x256xi1>) -> tensor<?x16xf16>
  %d = "bitblas.matmul"(%a, %w8) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<16x256xf8E4M3FN>) -> tensor<?x16xf16>
  %e = "bitblas.matmul"(%a, %w16) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<16x256xf16>) -> tensor<?x16xf32>
  return %c, %d, %e : tensor<?x16xf16>, tensor<?x16xf16>, tensor<?x16xf32>
}
