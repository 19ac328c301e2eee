// RUN: bitblas-opt --split-input-file --bitblas-normalize --bitblas-verify %s | FileCheck %s

// Weight-only quantized layers: a dequantizing generic feeding a contraction
// (two ops), the same fused into one generic, and forms that must stay.

#id = affine_map<(n, k) -> (n, k)>
#row = affine_map<(n, k) -> (n)>
#g128 = affine_map<(n, k) -> (n, k floordiv 128)>

// Per-channel, signed i4, no zeros: scale [N] becomes [N, 1], group_size 0.
// CHECK-LABEL: func.func @per_channel_i4
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64xf16>)
// CHECK: %[[S2:.*]] = tensor.expand_shape %[[S]] {{\[}}[0, 1]] output_shape [64, 1] : tensor<64xf16> into tensor<64x1xf16>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[W]], %[[S2]]) {accum_type = f32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x1xf16>) -> tensor<?x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @per_channel_i4(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64xf16>) -> tensor<?x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xi4>, tensor<64xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %o: f16):
    %qe = arith.extsi %q : i4 to i32
    %qf = arith.sitofp %qe : i32 to f16
    %r = arith.mulf %sc, %qf : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x256xf16>
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x256xf16>, tensor<64x256xf16>) outs(%f : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#g128 = affine_map<(n, k) -> (n, k floordiv 128)>

// Group 128, unsigned codes, float zeros subtracted before scaling: original.
// CHECK-LABEL: func.func @group128_ui4_original
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>, %[[Z:.*]]: tensor<64x2xf16>)
// CHECK: %[[WU:.*]] = tensor.bitcast %[[W]] : tensor<64x256xi4> to tensor<64x256xui4>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[WU]], %[[S]], %[[Z]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<?x64xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @group128_ui4_original(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %zr: tensor<64x2xf16>) -> tensor<?x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [#id, #g128, #g128, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s, %zr : tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %zz: f16, %o: f16):
    %qe = arith.extui %q : i4 to i32
    %qf = arith.uitofp %qe : i32 to f16
    %sub = arith.subf %qf, %zz : f16
    %r = arith.mulf %sub, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x256xf16>
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x256xf16>, tensor<64x256xf16>) outs(%f : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#g128 = affine_map<(n, k) -> (n, k floordiv 128)>

// Group 128, signed i4 without zeros, f16 accumulation.
// CHECK-LABEL: func.func @group128_i4_nozeros
// CHECK-SAME: (%[[A:.*]]: tensor<8x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>)
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[W]], %[[S]]) {accum_type = f16, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<8x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>) -> tensor<8x64xf16>
// CHECK: return %[[R]]
func.func @group128_i4_nozeros(%a: tensor<8x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>) -> tensor<8x64xf16> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [#id, #g128, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xi4>, tensor<64x2xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %o: f16):
    %qf = arith.sitofp %q : i4 to f16
    %r = arith.mulf %qf, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %ce = tensor.empty() : tensor<8x64xf16>
  %z = arith.constant 0.0 : f16
  %f = linalg.fill ins(%z : f16) outs(%ce : tensor<8x64xf16>) -> tensor<8x64xf16>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<8x256xf16>, tensor<64x256xf16>) outs(%f : tensor<8x64xf16>) -> tensor<8x64xf16>
  return %c : tensor<8x64xf16>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#g128 = affine_map<(n, k) -> (n, k floordiv 128)>

// Integer zeros subtracted from the code before conversion: quantized.
// CHECK-LABEL: func.func @group128_quantized_zeros
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>, %[[Z:.*]]: tensor<64x2xi4>)
// CHECK-DAG: %[[WU:.*]] = tensor.bitcast %[[W]] : tensor<64x256xi4> to tensor<64x256xui4>
// CHECK-DAG: %[[ZU:.*]] = tensor.bitcast %[[Z]] : tensor<64x2xi4> to tensor<64x2xui4>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[WU]], %[[S]], %[[ZU]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "quantized"} : (tensor<?x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xui4>) -> tensor<?x64xf32>
func.func @group128_quantized_zeros(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %zq: tensor<64x2xi4>) -> tensor<?x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [#id, #g128, #g128, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s, %zq : tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xi4>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %zz: i4, %o: f16):
    %qe = arith.extui %q : i4 to i32
    %ze = arith.extui %zz : i4 to i32
    %sub = arith.subi %qe, %ze : i32
    %qf = arith.sitofp %sub : i32 to f16
    %r = arith.mulf %qf, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x256xf16>
  %ce = tensor.empty(%m) : tensor<?x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<?x64xf32>) -> tensor<?x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<?x256xf16>, tensor<64x256xf16>) outs(%f : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#g64 = affine_map<(n, k) -> (n, k floordiv 64)>

// q * s - z: rescale, with bf16 activations.
// CHECK-LABEL: func.func @group64_rescale_bf16
// CHECK: "bitblas.matmul"({{.*}}) {accum_type = f32, group_size = 64 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "rescale"} : (tensor<4x256xbf16>, tensor<64x256xui2>, tensor<64x4xbf16>, tensor<64x4xbf16>) -> tensor<4x64xf32>
func.func @group64_rescale_bf16(%a: tensor<4x256xbf16>, %w: tensor<64x256xi2>, %s: tensor<64x4xbf16>, %zr: tensor<64x4xbf16>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<64x256xbf16>
  %d = linalg.generic {indexing_maps = [#id, #g64, #g64, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s, %zr : tensor<64x256xi2>, tensor<64x4xbf16>, tensor<64x4xbf16>) outs(%e : tensor<64x256xbf16>) {
  ^bb0(%q: i2, %sc: bf16, %zz: bf16, %o: bf16):
    %qf = arith.uitofp %q : i2 to bf16
    %m = arith.mulf %qf, %sc : bf16
    %r = arith.subf %m, %zz : bf16
    linalg.yield %r : bf16
  } -> tensor<64x256xbf16>
  %ce = tensor.empty() : tensor<4x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<4x64xf32>) -> tensor<4x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<4x256xbf16>, tensor<64x256xbf16>) outs(%f : tensor<4x64xf32>) -> tensor<4x64xf32>
  return %c : tensor<4x64xf32>
}

// -----

// The dequantized weight produced as [K, N] and consumed by a plain (NN)
// linalg.matmul: codes and scales are transposed back to [N, K] / [N, K/G].
// CHECK-LABEL: func.func @kn_layout
// CHECK-SAME: (%[[A:.*]]: tensor<2x256xf16>, %[[W:.*]]: tensor<256x64xi8>, %[[S:.*]]: tensor<2x64xf16>)
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<256x64xi8>) outs(%{{.*}} : tensor<64x256xi8>) permutation = [1, 0]
// CHECK: %[[ST:.*]] = linalg.transpose ins(%[[S]] : tensor<2x64xf16>) outs(%{{.*}} : tensor<64x2xf16>) permutation = [1, 0]
// CHECK: "bitblas.matmul"(%[[A]], %[[WT]], %[[ST]]) {accum_type = f32, group_size = 128 : i64, {{.*}}, zeros_mode = "none"} : (tensor<2x256xf16>, tensor<64x256xi8>, tensor<64x2xf16>) -> tensor<2x64xf32>
func.func @kn_layout(%a: tensor<2x256xf16>, %w: tensor<256x64xi8>, %s: tensor<2x64xf16>) -> tensor<2x64xf32> {
  %e = tensor.empty() : tensor<256x64xf16>
  %d = linalg.generic {indexing_maps = [affine_map<(k, n) -> (k, n)>, affine_map<(k, n) -> (k floordiv 128, n)>, affine_map<(k, n) -> (k, n)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<256x64xi8>, tensor<2x64xf16>) outs(%e : tensor<256x64xf16>) {
  ^bb0(%q: i8, %sc: f16, %o: f16):
    %qf = arith.sitofp %q : i8 to f16
    %r = arith.mulf %qf, %sc : f16
    linalg.yield %r : f16
  } -> tensor<256x64xf16>
  %ce = tensor.empty() : tensor<2x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<2x64xf32>) -> tensor<2x64xf32>
  %c = linalg.matmul ins(%a, %d : tensor<2x256xf16>, tensor<256x64xf16>) outs(%f : tensor<2x64xf32>) -> tensor<2x64xf32>
  return %c : tensor<2x64xf32>
}

// -----

// Fused: the dequantization inside the contraction generic (what
// --linalg-fuse-elementwise-ops makes of the two-op form).
// CHECK-LABEL: func.func @fused_group128
// CHECK-SAME: (%[[A:.*]]: tensor<?x256xf16>, %[[W:.*]]: tensor<64x256xi4>, %[[S:.*]]: tensor<64x2xf16>, %[[Z:.*]]: tensor<64x2xf16>, %[[C:.*]]: tensor<?x64xf32>)
// CHECK: %[[WU:.*]] = tensor.bitcast %[[W]] : tensor<64x256xi4> to tensor<64x256xui4>
// CHECK: %[[R:.*]] = "bitblas.matmul"(%[[A]], %[[WU]], %[[S]], %[[Z]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"}
// CHECK: %[[S2:.*]] = arith.addf %[[R]], %[[C]]
// CHECK: return %[[S2]]
func.func @fused_group128(%a: tensor<?x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %zr: tensor<64x2xf16>, %c: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, k floordiv 128)>, affine_map<(m, n, k) -> (n, k floordiv 128)>,
                                        affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s, %zr : tensor<?x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xf16>) outs(%c : tensor<?x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %zz: f16, %acc: f32):
    %qe = arith.extui %q : i4 to i32
    %qf = arith.uitofp %qe : i32 to f16
    %sub = arith.subf %qf, %zz : f16
    %wv = arith.mulf %sub, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}

// -----

// Fused, per-channel scale read at (n, 0) of an [N, 1] tensor, i8 codes.
// CHECK-LABEL: func.func @fused_per_channel_unit
// CHECK-SAME: (%[[A:.*]]: tensor<3x64xf16>, %[[W:.*]]: tensor<16x64xi8>, %[[S:.*]]: tensor<16x1xf16>
// CHECK: "bitblas.matmul"(%[[A]], %[[W]], %[[S]]) {accum_type = f16, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"} : (tensor<3x64xf16>, tensor<16x64xi8>, tensor<16x1xf16>) -> tensor<3x16xf16>
func.func @fused_per_channel_unit(%a: tensor<3x64xf16>, %w: tensor<16x64xi8>, %s: tensor<16x1xf16>, %ce: tensor<3x16xf16>) -> tensor<3x16xf16> {
  %z = arith.constant 0.0 : f16
  %f = linalg.fill ins(%z : f16) outs(%ce : tensor<3x16xf16>) -> tensor<3x16xf16>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, 0)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s : tensor<3x64xf16>, tensor<16x64xi8>, tensor<16x1xf16>) outs(%f : tensor<3x16xf16>) {
  ^bb0(%x: f16, %q: i8, %sc: f16, %acc: f16):
    %qf = arith.sitofp %q : i8 to f16
    %wv = arith.mulf %sc, %qf : f16
    %p = arith.mulf %wv, %x : f16
    %sum = arith.addf %p, %acc : f16
    linalg.yield %sum : f16
  } -> tensor<3x16xf16>
  return %r : tensor<3x16xf16>
}

// -----

// Integer activations with integer low-bit weights: i8 x i4 -> i32.
// CHECK-LABEL: func.func @int8_x_int4
// CHECK-SAME: (%[[A:.*]]: tensor<4x64xi8>, %[[W:.*]]: tensor<16x64xi4>
// CHECK: "bitblas.matmul"(%[[A]], %[[W]]) {accum_type = i32, group_size = 0 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>, zeros_mode = "none"} : (tensor<4x64xi8>, tensor<16x64xi4>) -> tensor<4x16xi32>
func.func @int8_x_int4(%a: tensor<4x64xi8>, %w: tensor<16x64xi4>, %ce: tensor<4x16xi32>) -> tensor<4x16xi32> {
  %z = arith.constant 0 : i32
  %f = linalg.fill ins(%z : i32) outs(%ce : tensor<4x16xi32>) -> tensor<4x16xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w : tensor<4x64xi8>, tensor<16x64xi4>) outs(%f : tensor<4x16xi32>) {
  ^bb0(%x: i8, %q: i4, %acc: i32):
    %xe = arith.extsi %x : i8 to i32
    %qe = arith.extsi %q : i4 to i32
    %p = arith.muli %xe, %qe : i32
    %sum = arith.addi %acc, %p : i32
    linalg.yield %sum : i32
  } -> tensor<4x16xi32>
  return %r : tensor<4x16xi32>
}

// -----

// Negative: a scale read at (n, k mod 128) is no group layout.
// CHECK-LABEL: func.func @scale_mod_access
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @scale_mod_access(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x128xf16>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [affine_map<(n, k) -> (n, k)>, affine_map<(n, k) -> (n, k mod 128)>, affine_map<(n, k) -> (n, k)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xi4>, tensor<64x128xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %o: f16):
    %qf = arith.sitofp %q : i4 to f16
    %r = arith.mulf %qf, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<4x64xf32>) -> tensor<4x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<4x256xf16>, tensor<64x256xf16>) outs(%f : tensor<4x64xf32>) -> tensor<4x64xf32>
  return %c : tensor<4x64xf32>
}

// -----

// Negative: the scale is gathered in the body (tensor.extract at a computed
// index), not read through an indexing map.
// CHECK-LABEL: func.func @scale_gather
// CHECK: tensor.extract
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @scale_gather(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %e = tensor.empty() : tensor<64x256xf16>
  %d = linalg.generic {indexing_maps = [affine_map<(n, k) -> (n, k)>, affine_map<(n, k) -> (n, k)>], iterator_types = ["parallel", "parallel"]}
      ins(%w : tensor<64x256xi4>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %o: f16):
    %n = linalg.index 0 : index
    %k = linalg.index 1 : index
    %c128 = arith.constant 128 : index
    %g = arith.divui %k, %c128 : index
    %sc = tensor.extract %s[%n, %g] : tensor<64x2xf16>
    %qf = arith.sitofp %q : i4 to f16
    %r = arith.mulf %qf, %sc : f16
    linalg.yield %r : f16
  } -> tensor<64x256xf16>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<4x64xf32>) -> tensor<4x64xf32>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<4x256xf16>, tensor<64x256xf16>) outs(%f : tensor<4x64xf32>) -> tensor<4x64xf32>
  return %c : tensor<4x64xf32>
}

// -----

// Negative: dequantized in f32, then used with f16 activations widened to f32:
// bitblas decodes in the activation type, so rounding would differ.
// CHECK-LABEL: func.func @dequant_in_f32
// CHECK: linalg.generic
// CHECK-NOT: bitblas.matmul
func.func @dequant_in_f32(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf32>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%ce : tensor<4x64xf32>) -> tensor<4x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, k floordiv 128)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s : tensor<4x256xf16>, tensor<64x256xi4>, tensor<64x2xf32>) outs(%f : tensor<4x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f32, %acc: f32):
    %qf = arith.sitofp %q : i4 to f32
    %wv = arith.mulf %qf, %sc : f32
    %xe = arith.extf %x : f16 to f32
    %p = arith.mulf %xe, %wv : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// -----

// Negative: zeros with signed codes (bitblas zeros need uiN codes), and a
// uitofp of a sign-extended code (not a decode of any weight type).
// CHECK-LABEL: func.func @signed_with_zeros
// CHECK: linalg.generic
// CHECK-NOT: bitblas.matmul
// CHECK-LABEL: func.func @uitofp_of_extsi
// CHECK: linalg.generic
// CHECK-NOT: bitblas.matmul
func.func @signed_with_zeros(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %zr: tensor<64x2xf16>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, k floordiv 128)>, affine_map<(m, n, k) -> (n, k floordiv 128)>,
                                        affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s, %zr : tensor<4x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>, tensor<64x2xf16>) outs(%ce : tensor<4x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %zz: f16, %acc: f32):
    %qf = arith.sitofp %q : i4 to f16
    %sub = arith.subf %qf, %zz : f16
    %wv = arith.mulf %sub, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}
func.func @uitofp_of_extsi(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>,
                                        affine_map<(m, n, k) -> (n, k floordiv 128)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s : tensor<4x256xf16>, tensor<64x256xi4>, tensor<64x2xf16>) outs(%ce : tensor<4x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %acc: f32):
    %qe = arith.extsi %q : i4 to i32
    %qf = arith.uitofp %qe : i32 to f16
    %wv = arith.mulf %qf, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// -----

// Negative: a dequant generic that also reads its init is not a pure decode.
// CHECK-LABEL: func.func @dequant_reads_init
// CHECK: linalg.generic
// CHECK: linalg.matmul
// CHECK-NOT: bitblas.matmul
func.func @dequant_reads_init(%a: tensor<4x256xf16>, %w: tensor<64x256xi4>, %s: tensor<64x2xf16>, %e: tensor<64x256xf16>, %ce: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %d = linalg.generic {indexing_maps = [affine_map<(n, k) -> (n, k)>, affine_map<(n, k) -> (n, k floordiv 128)>, affine_map<(n, k) -> (n, k)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x256xi4>, tensor<64x2xf16>) outs(%e : tensor<64x256xf16>) {
  ^bb0(%q: i4, %sc: f16, %o: f16):
    %qf = arith.sitofp %q : i4 to f16
    %r = arith.mulf %qf, %sc : f16
    %r2 = arith.addf %r, %o : f16
    linalg.yield %r2 : f16
  } -> tensor<64x256xf16>
  %c = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %d : tensor<4x256xf16>, tensor<64x256xf16>) outs(%ce : tensor<4x64xf32>) -> tensor<4x64xf32>
  return %c : tensor<4x64xf32>
}

// -----

// Fused with a [K, N] weight and [K/G, N] scale/zeros: all transposed to [N, .].
// CHECK-LABEL: func.func @fused_kn
// CHECK-SAME: (%[[A:.*]]: tensor<4x256xf16>, %[[W:.*]]: tensor<256x64xi4>, %[[S:.*]]: tensor<2x64xf16>, %[[Z:.*]]: tensor<2x64xf16>,
// CHECK: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<256x64xi4>)
// CHECK: %[[WU:.*]] = tensor.bitcast %[[WT]] : tensor<64x256xi4> to tensor<64x256xui4>
// CHECK: %[[ST:.*]] = linalg.transpose ins(%[[S]] : tensor<2x64xf16>)
// CHECK: %[[ZT:.*]] = linalg.transpose ins(%[[Z]] : tensor<2x64xf16>)
// CHECK: "bitblas.matmul"(%[[A]], %[[WU]], %[[ST]], %[[ZT]]) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, zeros_mode = "original"} : (tensor<4x256xf16>, tensor<64x256xui4>, tensor<64x2xf16>, tensor<64x2xf16>) -> tensor<4x64xf32>
func.func @fused_kn(%a: tensor<4x256xf16>, %w: tensor<256x64xi4>, %s: tensor<2x64xf16>, %z: tensor<2x64xf16>, %c: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>,
                                        affine_map<(m, n, k) -> (k floordiv 128, n)>, affine_map<(m, n, k) -> (k floordiv 128, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s, %z : tensor<4x256xf16>, tensor<256x64xi4>, tensor<2x64xf16>, tensor<2x64xf16>) outs(%c : tensor<4x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %zz: f16, %acc: f32):
    %qf = arith.uitofp %q : i4 to f16
    %sub = arith.subf %qf, %zz : f16
    %wv = arith.mulf %sub, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}

// -----

// Negative: a dynamic K. bitblas.matmul needs a static K, so the verifier
// rejects the raise, which is undone without a diagnostic.
// CHECK-LABEL: func.func @dynk
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic
// CHECK-NOT: bitblas.matmul
func.func @dynk(%a: tensor<4x?xf16>, %w: tensor<256x64xi4>, %s: tensor<2x64xf16>, %z: tensor<2x64xf16>, %c: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>,
                                        affine_map<(m, n, k) -> (k floordiv 128, n)>, affine_map<(m, n, k) -> (k floordiv 128, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %w, %s, %z : tensor<4x?xf16>, tensor<256x64xi4>, tensor<2x64xf16>, tensor<2x64xf16>) outs(%c : tensor<4x64xf32>) {
  ^bb0(%x: f16, %q: i4, %sc: f16, %zz: f16, %acc: f32):
    %qf = arith.uitofp %q : i4 to f16
    %sub = arith.subf %qf, %zz : f16
    %wv = arith.mulf %sub, %sc : f16
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %wv : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %sum = arith.addf %acc, %p : f32
    linalg.yield %sum : f32
  } -> tensor<4x64xf32>
  return %r : tensor<4x64xf32>
}
