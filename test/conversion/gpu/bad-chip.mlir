// Chips the pipelines cannot target are refused when the pipeline is built,
// before any IR is touched.
// RUN: not bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_70})' 2>&1 | FileCheck %s --check-prefix=SM70
// RUN: not bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=gfx942})' 2>&1 | FileCheck %s --check-prefix=NVGFX
// RUN: not bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-rocdl{chip=sm_90})' 2>&1 | FileCheck %s --check-prefix=AMDSM
// RUN: not bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-nvvm{chip=sm_90 bogus=1})' 2>&1 | FileCheck %s --check-prefix=OPT

// SM70: bitblas-lower-to-nvvm: chip 'sm_70' is not an sm_XX of sm_75 or newer
// SM70: error: cannot build pipeline bitblas-lower-to-nvvm
// NVGFX: bitblas-lower-to-nvvm: chip 'gfx942' is not an sm_XX
// AMDSM: bitblas-lower-to-rocdl: chip 'sm_90' is not a gfxNNN
// AMDSM: error: cannot build pipeline bitblas-lower-to-rocdl
// OPT: no such option bogus
func.func @example(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>) -> tensor<?x64xf16> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<64x256xui4>) -> tensor<?x64xf16>
  return %c : tensor<?x64xf16>
}
