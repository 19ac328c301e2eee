// The tensor-core kernels: f16 activations with 4-bit weights get mma.sync
// kernels on NVIDIA: the frag16 decode kernels for every M by default; with
// interleave32 weights the older ones for M <= 16 and a SIMT kernel above.
// AMD targets never see NVIDIA-only instructions. int8 activations take the
// int8 tensor cores through frag8 by default, and the SIMT kernels with
// interleave32.
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s --check-prefixes=NV,FRAG
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa layout=interleave32})' | FileCheck %s --check-prefixes=NV,IL
// RUN: bitblas-opt %s --split-input-file --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=gfx942 format=isa})' | FileCheck %s --check-prefix=AMD

// NV-LABEL: gpu.binary @bitblas_mm0
// NV-SAME: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// NV: func.func @ui4_group128
// NV: m_max = 8 : i64
// FRAG-SAME: m_max = 0 : i64, m_min = 9 : i64
// FRAG-SAME: bitblas.weight_layout = "frag16"
// IL-SAME: m_max = 16 : i64
// IL-SAME: m_max = 0 : i64, m_min = 17 : i64
// IL-SAME: bitblas.weight_layout = "interleave32"
// AMD-LABEL: gpu.binary @bitblas_mm0
// AMD-NOT: mma.sync
// AMD: func.func @ui4_group128
func.func @ui4_group128(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, %s: tensor<64x2xf16>, %z: tensor<64x2xf16>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}

// -----

// FRAG-LABEL: gpu.binary @bitblas_mm0
// FRAG-SAME: mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// FRAG-NOT: m16n8k16
// FRAG: func.func @i8_i4
// FRAG: m_max = 1 : i64
// FRAG-SAME: bitblas.weight_layout = "frag8"
// IL-LABEL: gpu.binary @bitblas_mm0
// IL-NOT: mma.sync
// IL: func.func @i8_i4
// IL: m_max = 1 : i64
// AMD-LABEL: gpu.binary @bitblas_mm0
// AMD: func.func @i8_i4
func.func @i8_i4(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi32>
  return %c : tensor<?x64xi32>
}
