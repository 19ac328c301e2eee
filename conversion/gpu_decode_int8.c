/* The int8 path of the decode kernel: frag8 weights times int8 activations
 * on the int8 tensor cores (mma.m16n8k32 u8 x s8 -> s32), the instruction
 * the brief's "A int8 uses dp4a" asks to beat: one mma does 512 products
 * where a dp4a does 4.
 *
 * frag8 (docs/semantics.md) puts field f of all four bytes of a 32-bit
 * word in one fragment register: a single LOP3 masks it, leaving each code
 * multiplied by 2^(b f). Even fields hold row g, odd ones row g + 8, and an
 * mma takes one field pair, so each of its two output rows carries one
 * scale: a set of accumulators per field pair, shifted back exactly after
 * the loop. Signed codes are flipped into offset form by the same LOP3 (an
 * XOR), and the offset comes back as off * (sum of the activation row). */
#include "gpu_decode.h"

#include <stdio.h>

/* Field f of the four bytes of `w`: code (or code ^ sign bit) << b f. */
static Val field(Emitter *e, const DecodePlan *p, Val w, int f) {
  const uint32_t ones = 0x01010101u, mask = ((1u << p->bits) - 1) * ones;
  const uint32_t flip = e->d->w == BB_E_SINT && p->bits > 1 ? (1u << (p->bits - 1)) * ones : 0;
  const int sh = p->bits * f;
  return lop3(e, w, mask << sh, flip << sh, 0x6a);
}

void bitblasDecodeInt8Unit(Emitter *e, const DecodePlan *p, int sets, const Val w[4],
                           const Val *b, Val c[][4]) {
  for (int q = 0; q < 2 * p->sets; ++q) { /* mma q: field pair q / 2 of words q % 2 * 2 + 0, 1 */
    const int pair = q / 2, w0 = 2 * (q % 2);
    Val x0 = w[w0], x1 = w[w0 + 1];
    int f = 2 * pair;
    if (sets == 1 && pair) { /* the pair shifted down to fields 0, 1: its scales 1, 2^b */
      Val sh = cstI(e, 2 * pair * p->bits, "i32");
      x0 = bin(e, "shrui", x0, sh, "i32");
      x1 = bin(e, "shrui", x1, sh, "i32");
      f = 0;
    }
    Val a[4] = {field(e, p, x0, f), field(e, p, x0, f + 1), field(e, p, x1, f),
                field(e, p, x1, f + 1)};
    mmaSyncAs(e, "mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32", true, a, b[2 * q],
              b[2 * q + 1], c[sets == 1 ? 0 : pair]);
  }
}

Val bitblasDecodeInt8Combine(Emitter *e, const DecodePlan *p, int sets, Val c[][4], int i) {
  Val x = {{0}};
  for (int s = 0; s < sets; ++s) {
    const int sh = p->bits * (2 * s + (i >= 2)); /* the sums are multiples of 2^sh */
    Val t = sh ? bin(e, "shrsi", c[s][i], cstI(e, sh, "i32"), "i32") : c[s][i];
    x = s ? bin(e, "addi", x, t, "i32") : t;
  }
  return x;
}

static Val dp4a(Emitter *e, Val a, Val b, Val c) {
  Val v = fresh(e);
  OUT("    %s = llvm.inline_asm asm_dialect = att \"dp4a.s32.s32 $0, $1, $2, $3;\", \"=r,r,r,r\" "
      "%s, %s, %s : (i32, i32, i32) -> i32\n",
      v.s, a.s, b.s, c.s);
  return v;
}

void bitblasDecodeInt8RowSums(Emitter *e, Val tid, int threads, Val mBase, Val Mi64, int mTile) {
  const BitblasMatmulDesc *d = e->d;
  char asumT[80];
  snprintf(asumT, sizeof asumT, "memref<%dxi32, #gpu.address_space<workgroup>>", mTile);
  Val zero = cstI(e, 0, "i32"), ones = cstI(e, 0x01010101, "i32");
  OUT("    scf.if %s {\n", bin(e, "cmpi ult,", tid, cstI(e, mTile, "index"), "index").s);
  OUT("    memref.store %s, %%asum[%s] : %s\n    }\n    gpu.barrier\n", zero.s, tid.s, asumT);
  Val lane = bin(e, "remui", tid, cstI(e, 32, "index"), "index");
  Val last = bin(e, "subi", Mi64, cstI(e, 1, "i64"), "i64");
  for (int m = 0; m < mTile; ++m) {
    Val row = bin(e, "minui", bin(e, "addi", mBase, cstI(e, m, "i64"), "i64"), last, "i64");
    Val rowOff = bin(e, "muli", row, cstI(e, d->k, "i64"), "i64");
    Val s = fresh(e), i = fresh(e), acc = fresh(e);
    OUT("    %s = scf.for %s = %s to %s step %s iter_args(%s = %s) -> (i32) {\n", s.s, i.s, tid.s,
        cstI(e, d->k / 16, "index").s, cstI(e, threads, "index").s, acc.s, zero.s);
    Val off = bin(e, "addi", rowOff,
                  bin(e, "muli", cast(e, "index_cast", i, "index", "i64"), cstI(e, 16, "i64"),
                      "i64"),
                  "i64");
    Val v = load(e, gep(e, "%A", off, "i8"), "vector<4xi32>", 16), x = acc;
    for (int j = 0; j < 4; ++j)
      x = dp4a(e, extract(e, v, j, "vector<4xi32>"), ones, x);
    OUT("    scf.yield %s : i32\n    }\n", x.s);
    Val sum = s;
    for (int o = 16; o >= 1; o /= 2) {
      Val sh = fresh(e), ok = fresh(e);
      OUT("    %s, %s = gpu.shuffle xor %s, %s, %s : i32\n", sh.s, ok.s, sum.s,
          cstI(e, o, "i32").s, cstI(e, 32, "i32").s);
      sum = bin(e, "addi", sum, sh, "i32");
    }
    Val old = fresh(e);
    OUT("    scf.if %s {\n", bin(e, "cmpi eq,", lane, cstI(e, 0, "index"), "index").s);
    OUT("    %s = memref.atomic_rmw addi %s, %%asum[%s] : (i32, %s) -> i32\n    }\n", old.s, sum.s,
        cstI(e, m, "index").s, asumT);
  }
}

void bitblasDecodeInt8Store(Emitter *e, const DecodePlan *p, Val x, Val asum, Val m, Val n) {
  const BitblasMatmulDesc *d = e->d;
  if (p->mult != 1)
    x = bin(e, "muli", x, cstI(e, p->mult, "i32"), "i32");
  if (p->off)
    x = bin(e, "subi", x, bin(e, "muli", asum, cstI(e, p->off, "i32"), "i32"), "i32");
  if (d->out != BB_E_I32) {
    Val f = cast(e, "sitofp", x, "i32", "f32");
    if (p->channelPost)
      f = bin(e, "mulf", f, loadScaleLike(e, "%S", d->scale, n), "f32");
    storeOutput(e, f, m, n, false, NULL);
    return;
  }
  Val off = bin(e, "addi", bin(e, "muli", m, cstI(e, d->n, "i64"), "i64"), n, "i64");
  OUT("    llvm.store %s, %s : i32, !llvm.ptr<1>\n", x.s, gep(e, "%C", off, "i32").s);
}
