/* The generic GPU matmul kernel, emitted as MLIR text.
 *
 * Shape of the kernel: a warp owns `rowsPerWarp` output columns n and the
 * block's `mTile` output rows m. Lanes stride over K in 16-byte chunks of the
 * packed weight row (one 128-bit load per row per chunk), decode each 32-bit
 * word in registers, and accumulate in f32 (or i32); a shuffle reduction ends
 * the K loop. Scales and zeros are applied per 32-bit word, which lies inside
 * one group because groups are multiples of 32 elements.
 *
 * All addresses are computed as i64 byte/element offsets on !llvm.ptr<1>
 * arguments: this keeps the kernel ABI plain pointers plus M. */
#include "gpu_emit.h"
#include "gpu_kernel.h"

#include "bitblas-c/Ops.h"

#include <stdio.h>
#include <string.h>

static bool isIntegerPath(const BitblasMatmulDesc *d) { return d->a == BB_E_SINT; }

/* Decodes an integer code (i32, value in the low `bits`) of kind `k` to f32. */
static Val decodeToF32(Emitter *e, BitblasElem k, unsigned bits, Val code) {
  switch (k) {
  case BB_E_UINT:
  case BB_E_SINT: {
    /* Magic number: 0x4B000000 | c is the f32 2^23 + c, so one OR and one
     * subtract replace a slow integer-to-float conversion. Signed fields are
     * flipped into offset form by an XOR the OR absorbs (one LOP3 on NVIDIA). */
    bool sign = k == BB_E_SINT && bits >= 2;
    Val x = code;
    if (sign)
      x = bin(e, "xori", x, cstI(e, 1LL << (bits - 1), "i32"), "i32");
    x = cast(e, "bitcast", bin(e, "ori", x, cstI(e, 0x4B000000, "i32"), "i32"), "i32", "f32");
    double bias = 8388608.0 + (sign ? (double)(1LL << (bits - 1)) : 0.0);
    x = bin(e, "subf", x, cstF(e, bias), "f32");
    if (k == BB_E_SINT && bits == 1) /* i1 weights are signs: 0 -> -1, 1 -> +1 */
      x = fma3(e, x, cstF(e, 2.0), cstF(e, -1.0));
    return x;
  }
  case BB_E_F16:
  case BB_E_BF16: {
    if (k == BB_E_BF16) { /* bf16 is the top half of an f32 */
      Val x = bin(e, "shli", code, cstI(e, 16, "i32"), "i32");
      return cast(e, "bitcast", x, "i32", "f32");
    }
    Val h = cast(e, "trunci", code, "i32", "i16");
    return cast(e, "extf", cast(e, "bitcast", h, "i16", "f16"), "f16", "f32");
  }
  case BB_E_F8E5M2: { /* e5m2 is the top byte of an f16 */
    Val x = bin(e, "shli", code, cstI(e, 8, "i32"), "i32");
    Val h = cast(e, "trunci", x, "i32", "i16");
    return cast(e, "extf", cast(e, "bitcast", h, "i16", "f16"), "f16", "f32");
  }
  case BB_E_F8E4M3:
  case BB_E_F4E2M1: {
    /* Move exponent+mantissa under f16's exponent field; the bias difference
     * is one exact multiply, which also makes subnormals come out right. */
    bool f8 = k == BB_E_F8E4M3;
    Val sign = bin(e, "andi", code, cstI(e, f8 ? 0x80 : 0x8, "i32"), "i32");
    sign = bin(e, "shli", sign, cstI(e, f8 ? 8 : 12, "i32"), "i32");
    Val em = bin(e, "andi", code, cstI(e, f8 ? 0x7f : 0x7, "i32"), "i32");
    em = bin(e, "shli", em, cstI(e, f8 ? 7 : 9, "i32"), "i32");
    Val h = cast(e, "trunci", bin(e, "ori", sign, em, "i32"), "i32", "i16");
    Val f = cast(e, "extf", cast(e, "bitcast", h, "i16", "f16"), "f16", "f32");
    return bin(e, "mulf", f, cstF(e, f8 ? 256.0 : 16384.0), "f32");
  }
  case BB_E_TABLE: {
    /* From the block's shared-memory copy: divergent indices into constant
     * memory would serialize the warp. */
    Val idx = cast(e, "index_cast", code, "i32", "index");
    Val v = fresh(e);
    OUT("    %s = memref.load %%tbl[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n", v.s,
        idx.s, 1 << bits);
    return v;
  }
  default:
    return cstF(e, 0.0); /* unreachable: rejected by bitblasKernelUnsupportedReason */
  }
}

/* Decodes an integer code to i32 (integer path). */
static Val decodeToI32(Emitter *e, BitblasElem k, unsigned bits, Val code) {
  if (k == BB_E_UINT || bits == 32)
    return code;
  if (bits == 1) {
    Val two = cstI(e, 2, "i32"), one = cstI(e, 1, "i32");
    return bin(e, "subi", bin(e, "muli", code, two, "i32"), one, "i32");
  }
  Val sh = cstI(e, 32 - bits, "i32");
  return bin(e, "shrsi", bin(e, "shli", code, sh, "i32"), sh, "i32");
}

/* Converts one loaded A element (of A's storage type) to f32 or i32. */
static Val convertA(Emitter *e, Val x) {
  const BitblasMatmulDesc *d = e->d;
  switch (d->a) {
  case BB_E_F16:
  case BB_E_BF16:
    return cast(e, "extf", x, storageType(d->a, 16), "f32");
  case BB_E_SINT:
    return cast(e, "extsi", x, "i8", "i32");
  case BB_E_F8E4M3:
  case BB_E_F8E5M2:
    return decodeToF32(e, d->a, 8, cast(e, "extui", x, "i8", "i32"));
  default:
    return x;
  }
}

const char *bitblasKernelUnsupportedReason(const BitblasMatmulDesc *d) {
  if (!d)
    return "no matmul description";
  if (d->wBits == 0 || 32 % d->wBits != 0)
    return "weight element widths must divide 32 (1, 2, 4, 8 or 16 bits)";
  if (d->k <= 0 || d->n <= 0)
    return "N and K must be static and positive";
  if ((d->k * d->wBits) % 128 != 0)
    return "each weight row must be a whole number of 16-byte chunks (K * bits % 128 == 0)";
  if (d->hasScale && (d->group <= 0 || d->k % d->group != 0 || d->group % 32 != 0))
    return "the GPU kernels need a group size that is a multiple of 32 and divides K";
  if (d->w == BB_E_TABLE && !d->table)
    return "lookup-table weight without a table";
  if (d->zerosMode != BITBLAS_ZEROS_NONE && !d->hasScale)
    return "zeros need a scale";
  return NULL;
}

int64_t bitblasKernelGridX(const BitblasMatmulDesc *d, const BitblasKernelVariant *v) {
  /* Tensor-core blocks' warps split K over the same columns. */
  int64_t per = v->kind == BITBLAS_KERNEL_SIMT ? (int64_t)v->warps * v->rowsPerWarp : v->rowsPerWarp;
  return (d->n + per - 1) / per;
}

void bitblasEmitKernelGlobals(BitblasTextBuffer *out, const char *prefix,
                              const BitblasMatmulDesc *d) {
  if (d->w != BB_E_TABLE || !d->table)
    return;
  unsigned n = 1u << d->wBits;
  bitblasTextAppend(out, "    llvm.mlir.global internal constant @%s_table(dense<[", prefix);
  for (unsigned i = 0; i < n; ++i)
    bitblasTextAppend(out, "%s%.9e", i ? ", " : "", d->table[i]);
  bitblasTextAppend(out, "]> : tensor<%ux f32>) {addr_space = 4 : i32} : !llvm.array<%u x f32>\n",
                    n, n);
}

enum { kMaxAcc = 64, kMaxEpw = 32 };

bool bitblasEmitMatmulKernel(BitblasTextBuffer *b, const char *symbol,
                             const char *globalsPrefix, const BitblasMatmulDesc *d,
                             const BitblasKernelVariant *v) {
  if (bitblasKernelUnsupportedReason(d) || v->mTile * v->rowsPerWarp > kMaxAcc)
    return false;
  Emitter em = {.b = b, .d = d, .v = v, .prefix = globalsPrefix};
  Emitter *e = &em;
  const bool ints = isIntegerPath(d);
  const bool floatAcc = !ints || d->hasScale;
  const char *accT = floatAcc ? "f32" : "i32";
  const char *aT = storageType(d->a, d->aBits);
  const int aBytes = (int)d->aBits / 8;
  const int epw = 32 / (int)d->wBits;          /* weight elements per 32-bit word */
  const int64_t rowBytes = d->k * d->wBits / 8; /* packed weight row */
  const int64_t chunks = rowBytes / 16;
  const int64_t numGroups = d->hasScale ? d->k / d->group : 0;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  const int R = v->rowsPerWarp, MT = v->mTile;
  /* A per-channel scale without zeros factors out of the K sum: apply it once. */
  const bool lateScale = d->hasScale && d->group == d->k && !zeros;

  bitblasEmitKernelHeader(e, symbol);
  if (d->w == BB_E_TABLE)
    OUT(" workgroup(%%tbl : memref<%dxf32, #gpu.address_space<workgroup>>)", 1 << d->wBits);
  OUT(" kernel attributes {known_block_size = array<i32: %d, 1, 1>} {\n", v->warps * v->lanes);

  Val tid = fresh(e), bx = fresh(e), by = fresh(e);
  OUT("    %s = gpu.thread_id x\n    %s = gpu.block_id x\n    %s = gpu.block_id y\n", tid.s,
      bx.s, by.s);
  if (d->w == BB_E_TABLE)
    bitblasEmitTableToShared(e, tid, 1 << d->wBits, v->warps * v->lanes);
  Val lanesI = cstI(e, v->lanes, "index");
  Val lane = bin(e, "remui", tid, lanesI, "index");
  Val warp = bin(e, "divui", tid, lanesI, "index");
  Val nb = bin(e, "addi", bin(e, "muli", bx, cstI(e, v->warps, "index"), "index"), warp, "index");
  nb = bin(e, "muli", nb, cstI(e, R, "index"), "index");
  Val mb = bin(e, "muli", by, cstI(e, MT, "index"), "index");
  Val Mi = cast(e, "index_cast", (Val){"%M"}, "i32", "index");
  Val Mlast = bin(e, "subi", Mi, cstI(e, 1, "index"), "index");
  Val Nlast = cstI(e, d->n - 1, "index");

  /* Rows past M or N are clamped for loads (valid memory) and masked at the store. */
  Val aRow[kMaxAcc], wRow[kMaxAcc], nIdx[kMaxAcc];
  for (int m = 0; m < MT; ++m) {
    Val r = bin(e, "minui", bin(e, "addi", mb, cstI(e, m, "index"), "index"), Mlast, "index");
    aRow[m] = bin(e, "muli", cast(e, "index_cast", r, "index", "i64"), cstI(e, d->k, "i64"), "i64");
  }
  for (int r = 0; r < R; ++r) {
    Val n = bin(e, "minui", bin(e, "addi", nb, cstI(e, r, "index"), "index"), Nlast, "index");
    nIdx[r] = cast(e, "index_cast", n, "index", "i64");
    wRow[r] = bin(e, "muli", nIdx[r], cstI(e, rowBytes, "i64"), "i64");
  }

  Val zero = floatAcc ? cstF(e, 0.0) : cstI(e, 0, "i32");
  Val numChunks = cstI(e, chunks, "index");
  const int nacc = MT * R;
  Val acc[kMaxAcc];
  Val loopRes = fresh(e), ch = fresh(e);
  for (int i = 0; i < nacc; ++i)
    acc[i] = fresh(e);
  OUT("    %s:%d = scf.for %s = %s to %s step %s iter_args(", loopRes.s, nacc, ch.s, lane.s,
      numChunks.s, lanesI.s);
  for (int i = 0; i < nacc; ++i)
    OUT("%s%s = %s", i ? ", " : "", acc[i].s, zero.s);
  OUT(") -> (");
  for (int i = 0; i < nacc; ++i)
    OUT("%s%s", i ? ", " : "", accT);
  OUT(") {\n");

  /* Loop body: one 16-byte chunk of each weight row. */
  Val ch64 = cast(e, "index_cast", ch, "index", "i64");
  Val chByte = bin(e, "muli", ch64, cstI(e, 16, "i64"), "i64");
  Val wv[kMaxAcc];
  for (int r = 0; r < R; ++r)
    wv[r] = load(e, gep(e, "%W", bin(e, "addi", wRow[r], chByte, "i64"), "i8"), "vector<4xi32>",
                 16);
  char aVecT[48];
  snprintf(aVecT, sizeof aVecT, "vector<%dx%s>", epw, aT);
  int aAlign = epw * aBytes < 16 ? epw * aBytes : 16;
  Val kChunk = bin(e, "muli", ch64, cstI(e, 4 * epw, "i64"), "i64");
  const uint32_t mask = d->wBits == 32 ? 0xffffffffu : ((1u << d->wBits) - 1u);
  for (int j = 0; j < 4; ++j) {
    Val kbase = bin(e, "addi", kChunk, cstI(e, j * epw, "i64"), "i64");
    Val av[kMaxAcc];
    for (int m = 0; m < MT; ++m)
      av[m] = load(e, gep(e, "%A", bin(e, "addi", aRow[m], kbase, "i64"), aT), aVecT, aAlign);
    Val word[kMaxAcc];
    for (int r = 0; r < R; ++r)
      word[r] = extract(e, wv[r], j, "vector<4xi32>");
    /* Element by element: decode each row's code once, then one FMA per (m, r). */
    Val psum[kMaxAcc], asum[kMaxAcc];
    for (int t = 0; t < epw; ++t) {
      Val w[kMaxAcc];
      for (int r = 0; r < R; ++r) {
        Val code = word[r];
        if (t > 0)
          code = bin(e, "shrui", code, cstI(e, t * (int)d->wBits, "i32"), "i32");
        if ((t + 1) * (int)d->wBits < 32)
          code = bin(e, "andi", code, cstI(e, (int64_t)mask, "i32"), "i32");
        w[r] = ints ? decodeToI32(e, d->w, d->wBits, code) : decodeToF32(e, d->w, d->wBits, code);
      }
      for (int m = 0; m < MT; ++m) {
        /* Field t of the word holds element t, or 2t / 2(t - epw/2) + 1 when interleaved. */
        int elem = !d->interleave32 ? t : t < epw / 2 ? 2 * t : 2 * (t - epw / 2) + 1;
        Val a = convertA(e, extract(e, av[m], elem, aVecT));
        if (zeros)
          asum[m] = t == 0 ? a : bin(e, "addf", asum[m], a, "f32");
        for (int r = 0; r < R; ++r) {
          Val *p = &psum[m * R + r];
          if (ints) {
            Val prod = bin(e, "muli", a, w[r], "i32");
            *p = t == 0 ? prod : bin(e, "addi", *p, prod, "i32");
          } else {
            *p = t == 0 ? bin(e, "mulf", a, w[r], "f32") : fma3(e, a, w[r], *p);
          }
        }
      }
    }
    if (!d->hasScale || lateScale) {
      for (int i = 0; i < MT * R; ++i) {
        Val p = psum[i];
        /* AMDGPU: each word's integer sum through a freeze, which LLVM's
         * reassociate pass does not look through. Reassociated into one
         * tree per load, the sums took AMDGPU's greedy register allocator
         * 2-4 minutes per kernel (int8 x int1 at 256 x 256 for gfx942: 6
         * minutes for the module, 1.7 s with the freeze). NVIDIA's PTX is
         * left as measured. */
        if (ints && v->amdgpu) {
          Val f = fresh(e);
          OUT("    %s = llvm.freeze %s : i32\n", f.s, p.s);
          p = f;
        }
        if (ints && floatAcc)
          p = cast(e, "sitofp", p, "i32", "f32");
        acc[i] = bin(e, floatAcc ? "addf" : "addi", acc[i], p, accT);
      }
      continue;
    }
    Val g = bin(e, "divui", kbase, cstI(e, d->group, "i64"), "i64");
    for (int r = 0; r < R; ++r) {
      Val idx =
          bin(e, "addi", bin(e, "muli", nIdx[r], cstI(e, numGroups, "i64"), "i64"), g, "i64");
      Val s = loadScaleLike(e, "%S", d->scale, idx);
      Val zterm = {{0}};
      if (zeros) {
        Val z;
        if (d->zerosMode == BITBLAS_ZEROS_QUANTIZED) {
          Val zc = load(e, gep(e, "%Z", idx, "i8"), "i8", 1);
          z = cast(e, "uitofp", cast(e, "extui", zc, "i8", "i32"), "i32", "f32");
        } else {
          z = loadScaleLike(e, "%Z", d->scale, idx);
        }
        /* original/quantized: s*(sum q*a) - s*z*(sum a); rescale: s*(sum q*a) - z*(sum a) */
        zterm = d->zerosMode == BITBLAS_ZEROS_RESCALE ? z : bin(e, "mulf", s, z, "f32");
        zterm = bin(e, "subf", cstF(e, 0.0), zterm, "f32");
      }
      for (int m = 0; m < MT; ++m) {
        Val p = ints ? cast(e, "sitofp", psum[m * R + r], "i32", "f32") : psum[m * R + r];
        Val x = fma3(e, s, p, acc[m * R + r]);
        if (zeros)
          x = fma3(e, zterm, asum[m], x);
        acc[m * R + r] = x;
      }
    }
  }
  OUT("    scf.yield ");
  for (int i = 0; i < nacc; ++i)
    OUT("%s%s", i ? ", " : "", acc[i].s);
  OUT(" : ");
  for (int i = 0; i < nacc; ++i)
    OUT("%s%s", i ? ", " : "", accT);
  OUT("\n    }\n");

  /* Lane reduction: after the xor butterfly every lane holds the full sums. */
  Val sum[kMaxAcc];
  Val width = cstI(e, v->lanes, "i32");
  for (int i = 0; i < nacc; ++i) {
    snprintf(sum[i].s, sizeof sum[i].s, "%.24s#%d", loopRes.s, i);
    for (int off = v->lanes / 2; off >= 1; off /= 2) {
      Val o = cstI(e, off, "i32");
      Val sh = fresh(e), ok = fresh(e);
      OUT("    %s, %s = gpu.shuffle xor %s, %s, %s : %s\n", sh.s, ok.s, sum[i].s, o.s, width.s,
          accT);
      sum[i] = bin(e, floatAcc ? "addf" : "addi", sum[i], sh, accT);
    }
  }

  /* Lane 0 stores; rows past M and columns past N are masked. */
  Val isLane0 = bin(e, "cmpi eq,", lane, cstI(e, 0, "index"), "index");
  OUT("    scf.if %s {\n", isLane0.s);
  const char *outT = storageType(d->out, d->outBits);
  for (int m = 0; m < MT; ++m) {
    Val mrow = bin(e, "addi", mb, cstI(e, m, "index"), "index");
    Val mOk = bin(e, "cmpi ult,", mrow, Mi, "index");
    Val m64 = cast(e, "index_cast", mrow, "index", "i64");
    for (int r = 0; r < R; ++r) {
      Val ncol = bin(e, "addi", nb, cstI(e, r, "index"), "index");
      Val nOk = bin(e, "cmpi ult,", ncol, cstI(e, d->n, "index"), "index");
      OUT("    scf.if %s {\n", bin(e, "andi", mOk, nOk, "i1").s);
      Val n64 = cast(e, "index_cast", ncol, "index", "i64");
      Val x = sum[m * R + r];
      if (lateScale)
        x = bin(e, "mulf", x, loadScaleLike(e, "%S", d->scale, nIdx[r]), "f32");
      if (d->hasBias) {
        Val bv = load(e, gep(e, "%B", n64, outT), outT, (int)d->outBits / 8);
        Val bf = d->out == BB_E_F32 ? bv : cast(e, "extf", bv, outT, "f32");
        x = bin(e, "addf", x, bf, "f32");
      }
      Val y = x;
      if (floatAcc && d->out != BB_E_F32)
        y = cast(e, "truncf", x, "f32", outT);
      if (!floatAcc && d->outBits == 8) { /* i8 output saturates */
        Val lo = bin(e, "maxsi", x, cstI(e, -128, "i32"), "i32");
        y = cast(e, "trunci", bin(e, "minsi", lo, cstI(e, 127, "i32"), "i32"), "i32", "i8");
      }
      Val off = bin(e, "addi", bin(e, "muli", m64, cstI(e, d->n, "i64"), "i64"), n64, "i64");
      Val pc = gep(e, "%C", off, outT);
      OUT("    llvm.store %s, %s : %s, !llvm.ptr<1>\n", y.s, pc.s, outT);
      OUT("    }\n");
    }
  }
  OUT("    }\n    gpu.return\n  }\n");
  return !b->oom;
}
