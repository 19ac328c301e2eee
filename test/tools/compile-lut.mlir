// A user table (!bitblas.lut<4, [...]>) is exported as w=lut4 with its 16
// values in lut= (docs/manifest.md), exactly, so that the runtime accepts the
// manifest and its reference decodes the same values; nf4 carries no lut=.
// RUN: rm -rf %t
// RUN: bitblas-compile --format=isa -o %t %s
// RUN: FileCheck %s --input-file=%t/manifest.txt

// CHECK: matmul name=bitblas_mm0 {{.*}} w=lut4 {{.*}} layout=frag16 lut=-8,-6,-4.5,-3,-2,-1.25,-0.5,0,0.25,0.75,1.5,2.5,3.5,5,7,0.0999755859375{{$}}
// CHECK: matmul name=bitblas_mm1 {{.*}} w=nf4 {{.*}} layout=frag16{{$}}
func.func @lut4(%a: tensor<?x512xf16>, %w: tensor<256x512x!bitblas.lut<4 : i32, [-8.0 : f16, -6.0 : f16, -4.5 : f16, -3.0 : f16, -2.0 : f16, -1.25 : f16, -0.5 : f16, 0.0 : f16, 0.25 : f16, 0.75 : f16, 1.5 : f16, 2.5 : f16, 3.5 : f16, 5.0 : f16, 7.0 : f16, 0.1 : f16]>>, %s: tensor<256x8xf16>) -> tensor<?x256xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 64 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<256x512x!bitblas.lut<4 : i32, [-8.0 : f16, -6.0 : f16, -4.5 : f16, -3.0 : f16, -2.0 : f16, -1.25 : f16, -0.5 : f16, 0.0 : f16, 0.25 : f16, 0.75 : f16, 1.5 : f16, 2.5 : f16, 3.5 : f16, 5.0 : f16, 7.0 : f16, 0.1 : f16]>>, tensor<256x8xf16>) -> tensor<?x256xf16>
  return %c : tensor<?x256xf16>
}
func.func @nf4(%a: tensor<?x512xf16>, %w: tensor<256x512x!bitblas.nf4>, %s: tensor<256x8xf16>) -> tensor<?x256xf16> {
  %c = "bitblas.matmul"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 64 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x512xf16>, tensor<256x512x!bitblas.nf4>, tensor<256x8xf16>) -> tensor<?x256xf16>
  return %c : tensor<?x256xf16>
}
