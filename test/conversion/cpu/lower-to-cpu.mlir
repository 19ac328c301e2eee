// RUN: bitblas-opt %s --pass-pipeline='builtin.module(bitblas-lower-to-cpu)' | FileCheck %s

// The whole pipeline ends in the LLVM dialect, with a C interface to JIT.
// CHECK-NOT: bitblas.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: builtin.unrealized_conversion_cast
// CHECK: llvm.func @mm(
// CHECK: llvm.func @_mlir_ciface_mm(%{{.+}}: !llvm.ptr
func.func @mm(%a: memref<?x256xf16>, %w: memref<32x128xi8>, %s: memref<32x2xf16>, %z: memref<32x2xf16>, %c: memref<?x32xf16>) attributes {llvm.emit_c_interface} {
  %A = bufferization.to_tensor %a restrict : memref<?x256xf16> to tensor<?x256xf16>
  %W = bufferization.to_tensor %w restrict : memref<32x128xi8> to tensor<32x128xi8>
  %S = bufferization.to_tensor %s restrict : memref<32x2xf16> to tensor<32x2xf16>
  %Z = bufferization.to_tensor %z restrict : memref<32x2xf16> to tensor<32x2xf16>
  %wl = "bitblas.dequantize"(%W) : (tensor<32x128xi8>) -> tensor<32x256xui4>
  %C = "bitblas.matmul"(%A, %wl, %S, %Z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x256xf16>, tensor<32x256xui4>, tensor<32x2xf16>, tensor<32x2xf16>) -> tensor<?x32xf16>
  bufferization.materialize_in_destination %C in restrict writable %c : (tensor<?x32xf16>, memref<?x32xf16>) -> ()
  return
}
