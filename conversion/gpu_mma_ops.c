/* Instruction builders of the tensor-core decode kernel: f16x2 helpers, the
 * one-LOP3 magic-number decoders, the activation gather, mma.sync and the
 * scale / zero-point terms. */
#include "gpu_mma.h"

#include <stdio.h>

/* Splats an i16-in-i32 value (low half) into both halves of a vector<2xf16>. */
Val splatHalf(Emitter *e, Val lowBits) {
  Val hi = bin(e, "shli", lowBits, cstI(e, 16, "i32"), "i32");
  Val x = bin(e, "ori", lowBits, hi, "i32");
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : i32 to vector<2xf16>\n", v.s, x.s);
  return v;
}

/* (a & b) | c (lut 0xea) or (a & b) ^ c (lut 0x6a) in one LOP3: SASS takes
 * one immediate per LOP3, so ptxas splits `and` + `or` with two constant
 * masks into two; as inline PTX the second constant lives in a register. */
Val lop3(Emitter *e, Val a, uint32_t b, uint32_t c, int lut) {
  return lop3Val(e, a, cstI(e, (int32_t)b, "i32"), cstI(e, (int32_t)c, "i32"), lut);
}

Val lop3Val(Emitter *e, Val a, Val b, Val c, int lut) {
  Val v = fresh(e);
  OUT("    %s = llvm.inline_asm asm_dialect = att \"lop3.b32 $0, $1, $2, $3, %d;\", \"=r,r,r,r\" "
      "%s, %s, %s : (i32, i32, i32) -> i32\n",
      v.s, lut, a.s, b.s, c.s);
  return v;
}

/* A plain load (not inline PTX), so LLVM keeps it after the barrier that
 * ends the table's fill; ptxas folds the widening of the address. */
Val loadSharedI32(Emitter *e, Val addr) {
  Val ptr = fresh(e), v = fresh(e);
  OUT("    %s = llvm.inttoptr %s : i32 to !llvm.ptr<3>\n", ptr.s, addr.s);
  OUT("    %s = llvm.load %s : !llvm.ptr<3> -> i32\n", v.s, ptr.s);
  return v;
}

/* Byte offset into the shared-memory ring. */
Val gepShared(Emitter *e, Val ptr, Val off) {
  Val v = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8\n", v.s, ptr.s,
      off.s);
  return v;
}

Val asHalf2(Emitter *e, Val word) {
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : i32 to vector<2xf16>\n", v.s, word.s);
  return v;
}

Val asI32(Emitter *e, Val h2) {
  Val v = fresh(e);
  OUT("    %s = llvm.bitcast %s : vector<2xf16> to i32\n", v.s, h2.s);
  return v;
}

Val fma3h(Emitter *e, Val a, Val b, Val c) {
  Val v = fresh(e);
  OUT("    %s = llvm.intr.fma(%s, %s, %s) : (vector<2xf16>, vector<2xf16>, vector<2xf16>) -> "
      "vector<2xf16>\n",
      v.s, a.s, b.s, c.s);
  return v;
}

/* f32 -> f16 splat pair (scales and zeros). */
Val splatF32(Emitter *e, Val f) {
  Val h = cast(e, "truncf", f, "f32", "f16");
  Val i = cast(e, "bitcast", h, "f16", "i16");
  return splatHalf(e, cast(e, "extui", i, "i16", "i32"));
}

Val fieldPairLop3(Emitter *e, unsigned b, Val word, int t, uint32_t perField, uint32_t fixed,
                  int lut, int *shift) {
  const uint32_t field = (1u << b) - 1u;
  const int perByte = 8 / (int)b > 0 ? 8 / (int)b : 1;
  const int byteShift = 8 * (t / perByte), sh = (int)b * (t % perByte);
  Val x = byteShift ? bin(e, "shrui", word, cstI(e, byteShift, "i32"), "i32") : word;
  if (shift)
    *shift = sh;
  return lop3(e, x, (field * 0x00010001u) << sh, ((perField * 0x00010001u) << sh) | fixed, lut);
}

/* Decodes pair `t` of a 32-bit weight word: elements t and t + fields/2. */
Val decodePair(Emitter *e, const BitblasMatmulDesc *d, Val word, int t) {
  const unsigned b = d->wBits;
  switch (d->w) {
  case BB_E_F16:
    return asHalf2(e, word);
  case BB_E_TABLE: {
    /* Two lookups (field `t` into the low-half table, field t + F/2 into the
     * high-half one) and one f16x2 add. Each field is shifted to bits 2.. and
     * masked with the table's address OR-ed in: one shift and one LOP3. */
    Val h[2];
    for (int half = 0; half < 2; ++half) {
      int pos = (int)b * t + 16 * half;
      Val x = pos >= 2 ? bin(e, "shrui", word, cstI(e, pos - 2, "i32"), "i32")
                       : bin(e, "shli", word, cstI(e, 2 - pos, "i32"), "i32");
      Val base = half ? e->pairTableHi : e->pairTable;
      h[half] = loadSharedI32(
          e, lop3Val(e, x, cstI(e, (int32_t)(((1u << b) - 1u) << 2), "i32"), base, 0xea));
    }
    return bin(e, "addf", asHalf2(e, h[0]), asHalf2(e, h[1]), "vector<2xf16>");
  }
  case BB_E_F8E5M2: { /* e5m2 is the top byte of an f16 */
    Val x = t ? bin(e, "andi", word, cstI(e, (int32_t)0xff00ff00, "i32"), "i32")
              : bin(e, "shli", bin(e, "andi", word, cstI(e, 0x00ff00ff, "i32"), "i32"),
                    cstI(e, 8, "i32"), "i32");
    return asHalf2(e, x);
  }
  case BB_E_F8E4M3:
  case BB_E_F4E2M1: {
    /* Exponent and mantissa slide under f16's fields; one exact multiply
     * fixes the bias (and makes subnormals right). */
    bool f8 = d->w == BB_E_F8E4M3;
    Val y = t ? bin(e, "shrui", word, cstI(e, (int)b * t, "i32"), "i32") : word;
    Val sign = bin(e, "andi", y, cstI(e, f8 ? 0x00800080 : 0x00080008, "i32"), "i32");
    sign = bin(e, "shli", sign, cstI(e, f8 ? 8 : 12, "i32"), "i32");
    Val em = bin(e, "andi", y, cstI(e, f8 ? 0x007f007f : 0x00070007, "i32"), "i32");
    em = bin(e, "shli", em, cstI(e, f8 ? 7 : 9, "i32"), "i32");
    Val h = asHalf2(e, bin(e, "ori", sign, em, "i32"));
    return bin(e, "mulf", h, cstH2(e, f8 ? 256.0 : 16384.0), "vector<2xf16>");
  }
  default: {
    /* uiN / iN: 0x6400 | (q << sh) is the f16 1024 + q * 2^sh (exact for
     * sh + b <= 10), so one LOP3 per pair takes the fields where they lie and
     * one fma (x * 2^-sh + bias) finishes: a shift only every 8 bits. */
    bool sign = d->w == BB_E_SINT && b >= 2;
    int sh;
    /* two's complement -> offset form: flip the sign bit (XOR) */
    Val x = sign ? fieldPairLop3(e, b, word, t, 1u << (b - 1), 0x64006400u, 0x6a, &sh)
                 : fieldPairLop3(e, b, word, t, 0, 0x64006400u, 0xea, &sh);
    /* value = mult * (q - offset) with q = (x - 1024) / 2^sh. */
    double mult = d->w == BB_E_SINT && b == 1 ? 2.0 : 1.0; /* signs: 0 -> -1, 1 -> +1 */
    double offset = sign ? (double)(1u << (b - 1)) : d->w == BB_E_SINT ? 0.5 : 0.0;
    double alpha = mult / (double)(1u << sh);
    double beta = -mult * (1024.0 / (double)(1u << sh) + offset);
    if (alpha == 1.0)
      return bin(e, "subf", asHalf2(e, x), cstH2(e, -beta), "vector<2xf16>");
    if (mult == 2.0 && sh == 0) /* 2049 is no f16: subtract 1024 first */
      return fma3h(e, bin(e, "subf", asHalf2(e, x), cstH2(e, 1024.0), "vector<2xf16>"),
                   cstH2(e, 2.0), cstH2(e, -1.0));
    return fma3h(e, asHalf2(e, x), cstH2(e, alpha), cstH2(e, beta));
  }
  }
}

/* Table weights: the f16 of entry v sits in the low half of word v of one
 * shared table and in the high half of word v of a second one 64 bytes on,
 * so decodePair builds a pair from two lookups and an f16x2 add (on the FMA
 * pipe; the lookups of one warp hit distinct banks or broadcast). The old
 * f32 table took a 64-bit address, a lookup, a convert and a merge per
 * element. 128-byte alignment lets a LOP3 OR the base into the offset. */
void emitPairTableGlobal(Emitter *e, const char *symbol) {
  OUT("  llvm.mlir.global internal @%s_ptbl() {addr_space = 3 : i32, alignment = 128 : i64} : "
      "!llvm.array<32 x i32>\n",
      symbol);
}

void emitPairTableToShared(Emitter *e, const char *symbol, Val tid) {
  const int n = 1 << e->d->wBits;
  Val base = fresh(e), src = fresh(e);
  OUT("    %s = llvm.mlir.addressof @%s_ptbl : !llvm.ptr<3>\n", base.s, symbol);
  OUT("    %s = llvm.mlir.addressof @%s_table : !llvm.ptr<4>\n", src.s, e->prefix);
  Val inRange = fresh(e);
  OUT("    %s = arith.cmpi ult, %s, %s : index\n", inRange.s, tid.s, cstI(e, n, "index").s);
  OUT("    scf.if %s {\n", inRange.s);
  Val i = cast(e, "index_cast", tid, "index", "i64");
  Val p = fresh(e), f = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<4>, i64) -> !llvm.ptr<4>, f32\n", p.s,
      src.s, i.s);
  OUT("    %s = llvm.load %s : !llvm.ptr<4> -> f32\n", f.s, p.s);
  Val lo = cast(e, "extui", cast(e, "bitcast", cast(e, "truncf", f, "f32", "f16"), "f16", "i16"),
                "i16", "i32");
  Val hi = bin(e, "shli", lo, cstI(e, 16, "i32"), "i32");
  Val slots[2] = {i, bin(e, "addi", i, cstI(e, 16, "i64"), "i64")}, vals[2] = {lo, hi};
  for (int h = 0; h < 2; ++h) {
    Val q = fresh(e);
    OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i32\n", q.s,
        base.s, slots[h].s);
    OUT("    llvm.store %s, %s : i32, !llvm.ptr<3>\n", vals[h].s, q.s);
  }
  OUT("    }\n    gpu.barrier\n");
  e->pairTable = fresh(e);
  OUT("    %s = llvm.ptrtoint %s : !llvm.ptr<3> to i32\n", e->pairTable.s, base.s);
  e->pairTableHi = bin(e, "ori", e->pairTable, cstI(e, 64, "i32"), "i32");
}

/* Gathers the activations that pair with weight elements (lo, hi). */
Val gatherA(Emitter *e, Val av, int lo, int hi, int elems) {
  Val v = fresh(e);
  OUT("    %s = llvm.shufflevector %s, %s [%d, %d] : vector<%dxf16>\n", v.s, av.s, av.s, lo, hi,
      elems);
  return asI32(e, v);
}

/* c[0..3] += A(a0..a3) x B(b0, b1) for an mma.sync whose accumulators are
 * f32 (`f`) or i32 (`r`), `instr` its full PTX name. */
void mmaSyncAs(Emitter *e, const char *instr, bool ints, const Val a[4], Val b0, Val b1,
               Val c[4]) {
  const char *t = ints ? "i32" : "f32", k = ints ? 'r' : 'f';
  Val r = fresh(e);
  OUT("    %s = llvm.inline_asm asm_dialect = att \"%s {$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, "
      "{$10,$11,$12,$13};\", \"=%c,=%c,=%c,=%c,r,r,r,r,r,r,%c,%c,%c,%c\" "
      "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s : "
      "(i32, i32, i32, i32, i32, i32, %s, %s, %s, %s) -> !llvm.struct<(%s, %s, %s, %s)>\n",
      r.s, instr, k, k, k, k, k, k, k, k, a[0].s, a[1].s, a[2].s, a[3].s, b0.s, b1.s, c[0].s,
      c[1].s, c[2].s, c[3].s, t, t, t, t, t, t, t, t);
  for (int i = 0; i < 4; ++i) {
    c[i] = fresh(e);
    OUT("    %s = llvm.extractvalue %s[%d] : !llvm.struct<(%s, %s, %s, %s)>\n", c[i].s, r.s, i, t,
        t, t, t);
  }
}

void mmaSync(Emitter *e, Val a[4], Val b0, Val b1, Val c[4]) {
  mmaSyncAs(e, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32", false, a, b0, b1, c);
}

/* Scale (or float zero) of row `n` (i64) and group `g` (i64) as f32. */
Val groupValue(Emitter *e, const char *ptr, Val n, Val g, int64_t numGroups, bool code) {
  Val idx = bin(e, "addi", bin(e, "muli", n, cstI(e, numGroups, "i64"), "i64"), g, "i64");
  if (code) { /* quantized zeros: one unsigned code per byte */
    Val zc = load(e, gep(e, ptr, idx, "i8"), "i8", 1);
    return cast(e, "uitofp", cast(e, "extui", zc, "i8", "i32"), "i32", "f32");
  }
  return loadScaleLike(e, ptr, BB_E_F16, idx);
}

/* -(s*z) (original, quantized) or -z (rescale) for column `n`, group `g`:
 * what multiplies the activation sum. */
Val zeroTerm(Emitter *e, const BitblasMatmulDesc *d, Val s, Val n, Val g,
                    int64_t numGroups) {
  bool code = d->zerosMode == BITBLAS_ZEROS_QUANTIZED;
  return zeroTermOf(e, d, s, groupValue(e, "%Z", n, g, numGroups, code));
}

Val zeroTermOf(Emitter *e, const BitblasMatmulDesc *d, Val s, Val z) {
  Val t = d->zerosMode == BITBLAS_ZEROS_RESCALE ? z : bin(e, "mulf", s, z, "f32");
  return bin(e, "subf", cstF(e, 0.0), t, "f32");
}

static bool pairDecodable(const BitblasMatmulDesc *d) {
  switch (d->w) {
  case BB_E_UINT:
  case BB_E_SINT:
    return d->wBits == 1 || d->wBits == 2 || d->wBits == 4 || d->wBits == 8;
  case BB_E_F16:
  case BB_E_F8E4M3:
  case BB_E_F8E5M2:
  case BB_E_F4E2M1:
    return true;
  case BB_E_TABLE:
    return d->wBits == 4 && d->table;
  default:
    return false;
  }
}

const char *tensorCoreTypesReason(const BitblasMatmulDesc *d) {
  if (d->a != BB_E_F16)
    return "activations are not f16";
  if (d->out != BB_E_F16 && d->out != BB_E_BF16 && d->out != BB_E_F32)
    return "output is not a float type";
  if (!pairDecodable(d))
    return "weight type has no pair decoder";
  if (d->hasScale && d->scale != BB_E_F16)
    return "scale is not f16";
  return NULL;
}

void storeOutput(Emitter *e, Val x, Val m, Val n, bool channelScale, const Val *asum) {
  const BitblasMatmulDesc *d = e->d;
  const char *outT = storageType(d->out, d->outBits);
  if (channelScale) {
    Val sc = loadScaleLike(e, "%S", BB_E_F16, n);
    x = bin(e, "mulf", x, sc, "f32");
    if (asum)
      x = fma3(e, zeroTerm(e, d, sc, n, cstI(e, 0, "i64"), 1), *asum, x);
  }
  if (d->hasBias) {
    Val bv = load(e, gep(e, "%B", n, outT), outT, (int)d->outBits / 8);
    x = bin(e, "addf", x, d->out == BB_E_F32 ? bv : cast(e, "extf", bv, outT, "f32"), "f32");
  }
  if (d->out != BB_E_F32)
    x = cast(e, "truncf", x, "f32", outT);
  Val off = bin(e, "addi", bin(e, "muli", m, cstI(e, d->n, "i64"), "i64"), n, "i64");
  OUT("    llvm.store %s, %s : %s, !llvm.ptr<1>\n", x.s, gep(e, "%C", off, outT).s, outT);
}
