/* Byte tables of the decode kernel: 4-bit table weights (nf4, af4, 4-bit
 * user tables) decoded one f16 pair per shared-memory lookup.
 *
 * A pair is fields (t, t + 4) of a 32-bit word, so its two codes make one
 * 8-bit index i = lo | hi << 4 into a 256-entry table whose entry i is the
 * pair (T[lo], T[hi]). Two masks and two shift-adds put the four indices of
 * a word in 8-bit fields; each pair is then one shift and one LOP3 (the
 * index scaled to bits 7..14, the lane's copy ORed in) and one lookup. The
 * table is kept once per lane (entry i of lane l at word 32 i + l, 32 KiB),
 * so each lane reads its own bank: with one shared copy a warp's 32 random
 * indices fall three to four to a bank. The two-table decode it replaces
 * took two shifts, two LOP3, two lookups and an f16x2 add per pair, and held
 * nf4 at 74% of its read floor (H100, v11, 28672 x 8192). */
#include "gpu_decode.h"

void bitblasDecodeByteTableFill(Emitter *e, Val table, Val tid, int threads) {
  enum { kStores = kDecodeByteTableBytes / 16 };
  Val idx = fresh(e);
  OUT("    scf.for %s = %s to %s step %s {\n", idx.s, tid.s, cstI(e, kStores, "index").s,
      cstI(e, threads, "index").s);
  Val i32 = cast(e, "index_cast", idx, "index", "i32");
  Val entry = bin(e, "shrui", i32, cstI(e, 3, "i32"), "i32");
  /* words (entry % 16) of the low-half table, (entry / 16) of the high-half one */
  Val loOff = bin(e, "shli", bin(e, "andi", entry, cstI(e, 15, "i32"), "i32"),
                  cstI(e, 2, "i32"), "i32");
  Val hiOff = bin(e, "shli", bin(e, "shrui", entry, cstI(e, 4, "i32"), "i32"),
                  cstI(e, 2, "i32"), "i32");
  Val lo = loadSharedI32(e, bin(e, "addi", e->pairTable, loOff, "i32"));
  Val hi = loadSharedI32(e, bin(e, "addi", e->pairTableHi, hiOff, "i32"));
  Val pair = bin(e, "ori", lo, hi, "i32");
  Val vec = fresh(e);
  OUT("    %s = vector.broadcast %s : i32 to vector<4xi32>\n", vec.s, pair.s);
  /* 16 bytes: the copies of lanes 4 (idx % 8) .. + 3 of the entry */
  Val off = bin(e, "shli", cast(e, "index_cast", idx, "index", "i64"), cstI(e, 4, "i64"), "i64");
  Val dst = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8\n", dst.s,
      table.s, off.s);
  OUT("    llvm.store %s, %s {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<3>\n", vec.s,
      dst.s);
  OUT("    }\n");
}

/* The entry whose index sits at bits 7..14 of `x`, in the lane's copy:
 * (x & 0x7f80) | lane4 in one LOP3, plus the table's base. */
static Val lookup(Emitter *e, Val x, Val lane4, Val tableBase) {
  Val off = lop3Val(e, x, cstI(e, 0x7f80, "i32"), lane4, 0xea);
  return loadSharedI32(e, bin(e, "addi", tableBase, off, "i32"));
}

void bitblasDecodeByteTableWord(Emitter *e, Val tableBase, Val lane4, Val word, Val pairs[4]) {
  /* even fields at bits 0, 8, 16, 24; odd ones at 4, 12, 20, 28. Adding
   * each to itself shifted by 12 (disjoint bits) leaves pair 0's index at
   * bits 12..19 and pair 2's at 20..27 of the first, pairs 1 and 3 at
   * 16..23 and 24..31 of the second. */
  Val even = bin(e, "andi", word, cstI(e, 0x0f0f0f0f, "i32"), "i32");
  Val odd = bin(e, "andi", word, cstI(e, (int32_t)0xf0f0f0f0u, "i32"), "i32");
  Val ev = bin(e, "ori", even, bin(e, "shli", even, cstI(e, 12, "i32"), "i32"), "i32");
  Val od = bin(e, "ori", odd, bin(e, "shli", odd, cstI(e, 12, "i32"), "i32"), "i32");
  static const int shift[4] = {12 - 7, 16 - 7, 20 - 7, 24 - 7};
  for (int t = 0; t < 4; ++t) {
    Val src = t % 2 ? od : ev;
    Val x = bin(e, "shrui", src, cstI(e, shift[t], "i32"), "i32");
    pairs[t] = asHalf2(e, lookup(e, x, lane4, tableBase));
  }
}
