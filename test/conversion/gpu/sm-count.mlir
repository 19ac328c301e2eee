// The decode kernels' one-wave grids are shaped for the card's SM count:
// 132 (H100 SXM, H200) unless the pipeline is told otherwise with `sms=`.
// Each decode variant records the count it assumed (the manifest's `sms=`).
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa})' | FileCheck %s --check-prefix=H100
// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa sms=108})' | FileCheck %s --check-prefix=A100
// RUN: not bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 format=isa sms=2000})' 2>&1 | FileCheck %s --check-prefix=BAD

// 1792 tiles of 16 rows: four tiles per block over 132 SMs (448 blocks, a
// wave of four blocks per SM); over 108 SMs eight tiles per block.
// H100-LABEL: func.func @ui4_channel
// H100: grid_x = 448 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, pdl = 1 : i64, sms = 132 : i64
// A100-LABEL: func.func @ui4_channel
// A100: grid_x = 224 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, pdl = 1 : i64, sms = 108 : i64
// BAD: sms=2000 is not an SM count in 1..1024
func.func @ui4_channel(%a: tensor<?x8192xf16>, %w: tensor<28672x8192xui4>, %s: tensor<28672x1xf16>) -> tensor<?x28672xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x8192xf16>, tensor<28672x8192xui4>, tensor<28672x1xf16>) -> tensor<?x28672xf16>
  return %c : tensor<?x28672xf16>
}
