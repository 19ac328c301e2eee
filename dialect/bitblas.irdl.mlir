// The bitblas dialect, in IRDL. Loaded into a context by bitblasLoadDialect()
// (embedded in the library at build time) or by `mlir-opt --irdl-file=`.
// IRDL checks only the kinds of things; dialect/verify.c checks the rest
// (type combinations, shapes, group sizes, zeros modes, layout maps).
irdl.dialect @bitblas {
  // Lookup-table weight types (4-bit code -> value): QLoRA NF4 and AbnormalFloat4.
  irdl.type @nf4 {
    irdl.parameters()
  }
  irdl.type @af4 {
    irdl.parameters()
  }
  // General lookup-table type: `bits`-wide codes index `values` (2^bits floats).
  irdl.type @lut {
    %bits = irdl.base "#builtin.integer"
    %values = irdl.base "#builtin.array"
    irdl.parameters(bits: %bits, values: %values)
  }
  // OCP MX block type: `block` elements of `elem` share one `scale` (e.g. f8E8M0FNU).
  irdl.type @mx {
    %elem = irdl.any
    %block = irdl.base "#builtin.integer"
    %scale = irdl.any
    irdl.parameters(elem: %elem, block: %block, scale: %scale)
  }

  // C[M,N] = A[M,K] x dequant(W[N,K])^T (+ bias). See docs/semantics.md.
  irdl.operation @matmul {
    %ope_a = irdl.base "!builtin.tensor"
    %ope_w = irdl.base "!builtin.tensor"
    %ope_scale = irdl.base "!builtin.tensor"
    %ope_zeros = irdl.base "!builtin.tensor"
    %ope_bias = irdl.base "!builtin.tensor"
    %ope_lut = irdl.base "!builtin.tensor"
    irdl.operands(a: %ope_a, w: %ope_w, scale: optional %ope_scale,
                  zeros: optional %ope_zeros, bias: optional %ope_bias,
                  lut: optional %ope_lut)
    %res_c = irdl.base "!builtin.tensor"
    irdl.results(c: %res_c)
    %attr_group_size = irdl.base "#builtin.integer"
    %attr_zeros_mode = irdl.base "#builtin.string"
    %attr_accum_type = irdl.base "#builtin.type"
    irdl.attributes {
      "group_size" = %attr_group_size,
      "zeros_mode" = %attr_zeros_mode,
      "accum_type" = %attr_accum_type
    }
  }

  // Pack a logical low-bit tensor [.., K] into its byte storage [.., K*bits/8] x i8.
  irdl.operation @quantize {
    %ope_input = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
  }
  // Unpack byte storage [.., K*bits/8] x i8 into the logical low-bit tensor [.., K].
  irdl.operation @dequantize {
    %ope_input = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
  }

  // The four tTile primitives of Ladder (IRDL allows no dot in an op name, so
  // bitblas.tile.slice is spelled bitblas.tile_slice). Tiles are tensors;
  // `scope` says which memory level (global, shared, register) the result lives in.
  irdl.operation @tile_slice {
    %ope_input = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
    %attr_offsets = irdl.base "#builtin.dense_array"
    %attr_sizes = irdl.base "#builtin.dense_array"
    irdl.attributes {
      "offsets" = %attr_offsets,
      "sizes" = %attr_sizes
    }
  }
  irdl.operation @tile_pad {
    %ope_input = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
    %attr_low = irdl.base "#builtin.dense_array"
    %attr_high = irdl.base "#builtin.dense_array"
    %attr_value = irdl.any
    irdl.attributes {
      "low" = %attr_low,
      "high" = %attr_high,
      "value" = %attr_value
    }
  }
  // Element type conversion, including dequantization with optional scale/zeros.
  irdl.operation @tile_convert {
    %ope_input = irdl.base "!builtin.tensor"
    %ope_scale = irdl.base "!builtin.tensor"
    %ope_zeros = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input, scale: optional %ope_scale, zeros: optional %ope_zeros)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
    %attr_group_size = irdl.base "#builtin.integer"
    %attr_zeros_mode = irdl.base "#builtin.string"
    %attr_scope = irdl.base "#builtin.string"
    irdl.attributes {
      "group_size" = %attr_group_size,
      "zeros_mode" = %attr_zeros_mode,
      "scope" = %attr_scope
    }
  }
  // output[map(i)] = input[i]: `map` is an affine bijection between index spaces.
  irdl.operation @tile_transform_layout {
    %ope_input = irdl.base "!builtin.tensor"
    irdl.operands(input: %ope_input)
    %res_output = irdl.base "!builtin.tensor"
    irdl.results(output: %res_output)
    %attr_map = irdl.base "#builtin.affine_map"
    %attr_scope = irdl.base "#builtin.string"
    irdl.attributes {
      "map" = %attr_map,
      "scope" = %attr_scope
    }
  }
}
