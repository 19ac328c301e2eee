// RUN: bitblas-opt %s --split-input-file --bitblas-lower-to-linalg | FileCheck %s

// The weight is decoded straight from the i8 storage of the dequantize: the
// logical ui4 tensor never exists. Scale and zeros index [n, k floordiv 128].
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1) -> (d0, d1 floordiv 2)>
// CHECK-DAG: #[[G:.+]] = affine_map<(d0, d1) -> (d0, d1 floordiv 128)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @ui4_g128_original
// CHECK-SAME: %[[A:.+]]: tensor<?x256xf16>, %[[WS:.+]]: tensor<32x128xi8>, %[[S:.+]]: tensor<32x2xf16>, %[[Z:.+]]: tensor<32x2xf16>
// CHECK-NOT: bitblas.
// CHECK: %[[WD:.+]] = linalg.generic {indexing_maps = [#[[W]], #[[G]], #[[G]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[WS]], %[[S]], %[[Z]] : tensor<32x128xi8>, tensor<32x2xf16>, tensor<32x2xf16>) outs(%{{.+}} : tensor<32x256xf32>)
// CHECK:   %[[K:.+]] = linalg.index 1
// CHECK:   arith.remui %[[K]], %c2
// CHECK:   %[[SH:.+]] = arith.shrui
// CHECK:   %[[Q:.+]] = arith.andi %[[SH]], %c15_i32
// CHECK:   %[[QF:.+]] = arith.uitofp %[[Q]] : i32 to f32
// CHECK:   %[[SF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   %[[ZF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   %[[D:.+]] = arith.subf %[[QF]], %[[ZF]]
// CHECK:   %[[V:.+]] = arith.mulf %[[D]], %[[SF]]
// CHECK:   linalg.yield %[[V]] : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<?x32xf32>)
// CHECK: %[[ACC:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[A]], %[[WD]] : tensor<?x256xf16>, tensor<32x256xf32>) outs(%[[INIT]] : tensor<?x32xf32>)
// CHECK:   arith.extf %{{.+}} : f16 to f32
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK: %[[C:.+]] = linalg.generic {{.+}} ins(%[[ACC]] : tensor<?x32xf32>) outs(%{{.+}} : tensor<?x32xf16>)
// CHECK:   arith.truncf %{{.+}} : f32 to f16
// CHECK: return %[[C]]
func.func @ui4_g128_original(%a: tensor<?x256xf16>, %w: tensor<32x128xi8>, %s: tensor<32x2xf16>, %z: tensor<32x2xf16>) -> tensor<?x32xf16> {
  %wl = "bitblas.dequantize"(%w) : (tensor<32x128xi8>) -> tensor<32x256xui4>
  %c = "bitblas.matmul"(%a, %wl, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, group_size = 128 : i64, zeros_mode = "original", accum_type = f32} : (tensor<?x256xf16>, tensor<32x256xui4>, tensor<32x2xf16>, tensor<32x2xf16>) -> tensor<?x32xf16>
  return %c : tensor<?x32xf16>
}

// -----

// i2: sign-extend the 2-bit field; f16 accumulation keeps W' and the
// products in f16, and an f16 result needs no epilogue.
// CHECK-LABEL: func.func @i2_per_channel_f16_accum
// CHECK: linalg.generic {{.+}} outs(%{{.+}} : tensor<16x128xf16>)
// CHECK:   arith.andi %{{.+}}, %c3_i32
// CHECK:   arith.trunci %{{.+}} : i32 to i2
// CHECK:   arith.extsi %{{.+}} : i2 to i32
// CHECK:   arith.sitofp
// CHECK:   arith.truncf %{{.+}} : f32 to f16
// CHECK: linalg.generic {{.+}}"reduction"{{.+}} outs(%{{.+}} : tensor<?x16xf16>)
// CHECK:   arith.mulf %{{.+}}, %{{.+}} : f16
// CHECK:   arith.addf %{{.+}}, %{{.+}} : f16
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @i2_per_channel_f16_accum(%a: tensor<?x128xf16>, %w: tensor<16x32xi8>, %s: tensor<16x1xf16>) -> tensor<?x16xf16> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x32xi8>) -> tensor<16x128xi2>
  %c = "bitblas.matmul"(%a, %wl, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f16} : (tensor<?x128xf16>, tensor<16x128xi2>, tensor<16x1xf16>) -> tensor<?x16xf16>
  return %c : tensor<?x16xf16>
}

// -----

// f8E4M3FN: one byte per code, decoded through a 256-entry f32 table (exact;
// NaN codes stay NaN).
// CHECK-LABEL: func.func @f8_weights
// CHECK: %[[T:.+]] = arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256xf32>
// CHECK: linalg.generic
// CHECK:   %[[C:.+]] = arith.extui %{{.+}} : i8 to i32
// CHECK:   %[[I:.+]] = arith.index_castui %[[C]] : i32 to index
// CHECK:   tensor.extract %[[T]][%[[I]]] : tensor<256xf32>
// CHECK:   arith.extf %{{.+}} : bf16 to f32
func.func @f8_weights(%a: tensor<4x64xbf16>, %w: tensor<16x64xi8>, %s: tensor<16x1xbf16>) -> tensor<4x16xf32> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x64xi8>) -> tensor<16x64xf8E4M3FN>
  %c = "bitblas.matmul"(%a, %wl, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<4x64xbf16>, tensor<16x64xf8E4M3FN>, tensor<16x1xbf16>) -> tensor<4x16xf32>
  return %c : tensor<4x16xf32>
}

// -----

// nf4: the QLoRA table; the bias is added in f32 before the cast to f16.
// CHECK-LABEL: func.func @nf4_bias
// CHECK-SAME: %[[B:[^:]+]]: tensor<16xf16>
// CHECK: %[[T:.+]] = arith.constant dense<[-1.000000e+00, -0.6961928, {{.+}}, 1.000000e+00]> : tensor<16xf32>
// CHECK: linalg.generic
// CHECK:   tensor.extract %[[T]][%{{.+}}] : tensor<16xf32>
// CHECK: linalg.generic {{.+}}"reduction"
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[B]] : tensor<?x16xf32>, tensor<16xf16>)
// CHECK:   %[[BF:.+]] = arith.extf %{{.+}} : f16 to f32
// CHECK:   arith.addf %{{.+}}, %[[BF]] : f32
// CHECK:   arith.truncf %{{.+}} : f32 to f16
func.func @nf4_bias(%a: tensor<?x64xf16>, %w: tensor<16x32xi8>, %s: tensor<16x2xf16>, %b: tensor<16xf16>) -> tensor<?x16xf16> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x32xi8>) -> tensor<16x64x!bitblas.nf4>
  %c = "bitblas.matmul"(%a, %wl, %s, %b) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 0>, group_size = 32 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x64xf16>, tensor<16x64x!bitblas.nf4>, tensor<16x2xf16>, tensor<16xf16>) -> tensor<?x16xf16>
  return %c : tensor<?x16xf16>
}

// -----

// i8 x i4 -> i32: exact integer products and sums, no epilogue.
// CHECK-LABEL: func.func @i8_i4_i32
// CHECK: linalg.generic {{.+}} outs(%{{.+}} : tensor<16x64xi32>)
// CHECK:   arith.trunci %{{.+}} : i32 to i4
// CHECK:   arith.extsi %{{.+}} : i4 to i32
// CHECK: %[[ACC:.+]] = linalg.generic {{.+}}"reduction"{{.+}} outs(%{{.+}} : tensor<?x16xi32>)
// CHECK:   arith.extsi %{{.+}} : i8 to i32
// CHECK:   arith.muli
// CHECK:   arith.addi
// CHECK: return %[[ACC]]
func.func @i8_i4_i32(%a: tensor<?x64xi8>, %w: tensor<16x32xi8>) -> tensor<?x16xi32> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x32xi8>) -> tensor<16x64xi4>
  %c = "bitblas.matmul"(%a, %wl) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x64xi8>, tensor<16x64xi4>) -> tensor<?x16xi32>
  return %c : tensor<?x16xi32>
}

// -----

// i8 output: the i32 sum saturates to [-128, 127].
// CHECK-LABEL: func.func @i8_i4_i8
// CHECK: linalg.generic {{.+}} outs(%{{.+}} : tensor<?x16xi8>)
// CHECK:   arith.maxsi %{{.+}}, %c-128_i32
// CHECK:   arith.minsi %{{.+}}, %c127_i32
// CHECK:   arith.trunci %{{.+}} : i32 to i8
func.func @i8_i4_i8(%a: tensor<?x64xi8>, %w: tensor<16x32xi8>) -> tensor<?x16xi8> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x32xi8>) -> tensor<16x64xi4>
  %c = "bitblas.matmul"(%a, %wl) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x64xi8>, tensor<16x64xi4>) -> tensor<?x16xi8>
  return %c : tensor<?x16xi8>
}

// -----

// i8 activations with a per-group f32 scale: exact i32 sums per group, then
// sum_g s[n, g] * sum.
// CHECK-LABEL: func.func @i8_i2_group_scale
// CHECK-SAME: %[[A:[^:]+]]: tensor<?x64xi8>
// CHECK: %[[AE:.+]] = tensor.expand_shape %[[A]] {{\[\[}}0], [1, 2]] output_shape [%{{.+}}, 2, 32] : tensor<?x64xi8> into tensor<?x2x32xi8>
// CHECK: %[[WE:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2]] output_shape [16, 2, 32] : tensor<16x64xi32> into tensor<16x2x32xi32>
// CHECK: %[[P:.+]] = linalg.generic {{.+}} ins(%[[AE]], %[[WE]] : tensor<?x2x32xi8>, tensor<16x2x32xi32>) outs(%{{.+}} : tensor<?x16x2xi32>)
// CHECK: linalg.generic {{.+}}"reduction"]} ins(%[[P]], %{{.+}} : tensor<?x16x2xi32>, tensor<16x2xf32>) outs(%{{.+}} : tensor<?x16xf32>)
// CHECK:   arith.sitofp %{{.+}} : i32 to f32
func.func @i8_i2_group_scale(%a: tensor<?x64xi8>, %w: tensor<16x16xi8>, %s: tensor<16x2xf32>) -> tensor<?x16xf32> {
  %wl = "bitblas.dequantize"(%w) : (tensor<16x16xi8>) -> tensor<16x64xi2>
  %c = "bitblas.matmul"(%a, %wl, %s) {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, group_size = 32 : i64, zeros_mode = "none", accum_type = i32} : (tensor<?x64xi8>, tensor<16x64xi2>, tensor<16x2xf32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

// A logical ui4 tensor (no dequantize): its elements are read as i4 codes.
// CHECK-LABEL: func.func @logical_ui4
// CHECK: ^bb0(%[[X:.+]]: ui4, %{{.+}}: f32):
// CHECK:   %[[C:.+]] = builtin.unrealized_conversion_cast %[[X]] : ui4 to i4
// CHECK:   arith.extui %[[C]] : i4 to i32
func.func @logical_ui4(%a: tensor<?x64xf16>, %w: tensor<16x64xui4>) -> tensor<?x16xf32> {
  %c = "bitblas.matmul"(%a, %w) {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, group_size = 0 : i64, zeros_mode = "none", accum_type = f32} : (tensor<?x64xf16>, tensor<16x64xui4>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

// tile_convert of 3-bit codes: fields straddle bytes, so two bytes are
// gathered; quantized zeros are codes of the weight's type.
// CHECK-LABEL: func.func @tile_convert_ui3
// CHECK-SAME: %[[WS:[^:]+]]: tensor<4x24xi8>
// CHECK: linalg.generic
// CHECK:   %[[LO:.+]] = tensor.extract %[[WS]][%{{.+}}, %{{.+}}] : tensor<4x24xi8>
// CHECK:   %[[HI:.+]] = tensor.extract %[[WS]][%{{.+}}, %{{.+}}] : tensor<4x24xi8>
// CHECK:   arith.andi %{{.+}}, %c7_i32
// CHECK:   builtin.unrealized_conversion_cast %{{.+}} : ui3 to i3
// CHECK:   arith.subf
// CHECK:   arith.mulf
func.func @tile_convert_ui3(%w: tensor<4x24xi8>, %s: tensor<4x2xf32>, %z: tensor<4x2xui3>) -> tensor<4x64xf32> {
  %wl = "bitblas.dequantize"(%w) : (tensor<4x24xi8>) -> tensor<4x64xui3>
  %r = "bitblas.tile_convert"(%wl, %s, %z) {operandSegmentSizes = array<i32: 1, 1, 1>, group_size = 32 : i64, zeros_mode = "quantized", scope = "register"} : (tensor<4x64xui3>, tensor<4x2xf32>, tensor<4x2xui3>) -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// -----

// Standalone quantize packs two ui4 codes per byte; a dequantize that is
// still used materializes the logical tensor.
// CHECK-LABEL: func.func @pack_unpack
// CHECK: linalg.generic {{.+}} outs(%{{.+}} : tensor<4x8xi8>)
// CHECK:   tensor.extract %{{.+}} : tensor<4x16xui4>
// CHECK:   tensor.extract %{{.+}} : tensor<4x16xui4>
// CHECK:   arith.shli %{{.+}}, %c4_i32
// CHECK:   arith.ori
// CHECK:   arith.trunci %{{.+}} : i32 to i8
// CHECK: linalg.generic {{.+}} outs(%{{.+}} : tensor<4x32xi2>)
// CHECK:   arith.trunci %{{.+}} : i32 to i2
// CHECK:   linalg.yield %{{.+}} : i2
// CHECK-NOT: bitblas.
func.func @pack_unpack(%x: tensor<4x16xui4>, %s: tensor<4x8xi8>) -> (tensor<4x8xi8>, tensor<4x32xi2>) {
  %p = "bitblas.quantize"(%x) : (tensor<4x16xui4>) -> tensor<4x8xi8>
  %u = "bitblas.dequantize"(%s) : (tensor<4x8xi8>) -> tensor<4x32xi2>
  return %p, %u : tensor<4x8xi8>, tensor<4x32xi2>
}

// -----

// quantize(dequantize(x)) is x.
// CHECK-LABEL: func.func @roundtrip
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xi8>
// CHECK-NEXT: return %[[X]]
func.func @roundtrip(%x: tensor<4x8xi8>) -> tensor<4x8xi8> {
  %u = "bitblas.dequantize"(%x) : (tensor<4x8xi8>) -> tensor<4x16xf4E2M1FN>
  %p = "bitblas.quantize"(%u) : (tensor<4x16xf4E2M1FN>) -> tensor<4x8xi8>
  return %p : tensor<4x8xi8>
}
