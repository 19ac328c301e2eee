// bitblas-compile on an input file with two matmuls: one kernel module and
// binary each, both described in one manifest.
// RUN: rm -rf %t
// RUN: bitblas-compile --format=isa -o %t %s
// RUN: FileCheck %s --input-file=%t/manifest.txt
// RUN: ls %t | FileCheck %s --check-prefix=FILES

// CHECK: bitblas-manifest 1
// The f16 x int2 matmul runs on the frag16 decode kernels for every M (three
// variants; two warps, K = 256 being two 512-byte units, over 16 columns:
// grid N / 16).
// CHECK: matmul name=bitblas_mm0 n=128 k=256 a=f16 w=i2 accum=f32 out=f16 group=0 zeros=none scale=f16 bias=1 layout=frag16
// CHECK-NEXT: kernel matmul=bitblas_mm0 symbol=bitblas_mm0_v0 file=bitblas_mm0_sm_90.ptx format=ptx target=sm_90 m_min=1 m_max=1 block=64,1,1 grid=8,M/1,1 smem=0 args=A,W,scale,bias,C,M
// CHECK-NEXT: kernel matmul=bitblas_mm0 symbol=bitblas_mm0_v1 file=bitblas_mm0_sm_90.ptx format=ptx target=sm_90 m_min=2 m_max=8 block=64,1,1 grid=8,M/8,1 smem=0 args=A,W,scale,bias,C,M
// CHECK-NEXT: kernel matmul=bitblas_mm0 symbol=bitblas_mm0_v2 file=bitblas_mm0_sm_90.ptx format=ptx target=sm_90 m_min=9 m_max=0 block=64,1,1 grid=8,M/16,1 smem=0 args=A,W,scale,bias,C,M
// The int8 matmul runs on the int8 tensor cores (frag8), three variants.
// CHECK-NEXT: matmul name=bitblas_mm1 n=64 k=256 a=i8 w=i4 accum=i32 out=i32 group=0 zeros=none scale=none bias=0 layout=frag8
// CHECK-NEXT: kernel matmul=bitblas_mm1 symbol=bitblas_mm1_v0 file=bitblas_mm1_sm_90.ptx format=ptx target=sm_90 m_min=1 m_max=1 {{.*}} args=A,W,C,M
// CHECK-NEXT: kernel matmul=bitblas_mm1 symbol=bitblas_mm1_v1 {{.*}} m_min=2 m_max=8 {{.*}} args=A,W,C,M
// CHECK-NEXT: kernel matmul=bitblas_mm1 symbol=bitblas_mm1_v2 {{.*}} m_min=9 m_max=0 {{.*}} args=A,W,C,M
// CHECK-NOT: matmul name=
// CHECK-NOT: kernel

// FILES: bitblas_mm0_sm_90.ptx
// FILES-NEXT: bitblas_mm1_sm_90.ptx
// FILES-NEXT: manifest.txt
func.func @layer(%a: tensor<?x256xf16>, %w: tensor<128x256xi2>, %s: tensor<128x1xf16>, %b: tensor<128xf16>) -> tensor<?x128xf16> {
  %c = "bitblas.matmul"(%a, %w, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x256xf16>, tensor<128x256xi2>, tensor<128x1xf16>, tensor<128xf16>) -> tensor<?x128xf16>
  return %c : tensor<?x128xf16>
}

func.func @int8(%a: tensor<?x256xi8>, %w: tensor<64x256xi4>) -> tensor<?x64xi32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x256xi8>, tensor<64x256xi4>) -> tensor<?x64xi32>
  return %c : tensor<?x64xi32>
}
