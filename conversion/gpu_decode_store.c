/* The decode kernel after its loop: each lane adds its accumulator chains,
 * hands its values to a shared-memory reduction over the tile's K-split
 * warps, and the block writes its outputs (scale, zero term, bias, cast). */
#include "gpu_decode.h"

#include <stdio.h>

/* Values of the result per lane: c0 (row g) and c2 (row g + 8) of the
 * single column for one activation row, else the whole C fragment per B
 * tile and tile of the warp. */
static int resultValues(const BitblasKernelVariant *v) {
  return v->mTile == 1 ? 2 : 4 * (v->mTile > 8 ? 2 : 1) * bitblasDecodeWarpTiles(v);
}

int bitblasDecodeReductionValues(const BitblasKernelVariant *v, bool sums) {
  return resultValues(v) * (sums ? 2 : 1);
}

void bitblasDecodeStoreResults(Emitter *e, const DecodePlan *p, const DecodeLoopOut *lo) {
  const BitblasKernelVariant *v = e->v;
  const int W = v->warps, WK = v->mma.kSplit, WN = W / WK, A = v->accs, MT = v->mTile;
  const int nb = MT > 8 ? 2 : 1, TW = bitblasDecodeWarpTiles(v), NB = nb * TW;
  const int NC = resultValues(v);
  const int NV = bitblasDecodeReductionValues(v, lo->sums);
  const char *accT = p->int8 ? "i32" : "f32";
  /* Loop results ([chain][x][4], x = tile of the warp * nb + B tile): add
   * the chains, hand this lane's values to the reduction. */
  enum { kMaxX = 2 * kDecodeMaxWarpTiles };
  Val fin[kMaxX][4], fsum[kMaxX][4], out[kMaxX][kDecodeMaxChains][4];
  int r = 0;
  for (int ch = 0; ch < A; ++ch)
    for (int bt = 0; bt < NB; ++bt)
      for (int i = 0; i < 4; ++i) {
        Val x = fresh(e);
        snprintf(x.s, sizeof x.s, "%.24s#%d", lo->res.s, r++);
        out[bt][ch][i] = x;
        if (!p->int8 && !lo->fieldSets)
          fin[bt][i] = ch ? bin(e, "addf", fin[bt][i], x, "f32") : x;
      }
  if (p->int8)
    for (int bt = 0; bt < NB; ++bt)
      for (int i = 0; i < 4; ++i)
        fin[bt][i] = bitblasDecodeInt8Combine(e, p, A, out[bt], i);
  if (lo->fieldSets) { /* one row: the positions scaled back, the offset term */
    Val ones[4];
    for (int i = 0; i < 4; ++i) {
      ones[i] = fresh(e);
      snprintf(ones[i].s, sizeof ones[i].s, "%.24s#%d", lo->res.s, r++);
    }
    Val asum = bitblasDecodeSetsActivationSum(e, ones);
    for (int i = 0; i < 4; ++i)
      fin[0][i] = bitblasDecodeSetsCombine(e, p, out[0], i, asum);
  }
  if (lo->sums)
    for (int bt = 0; bt < NB; ++bt)
      for (int i = 0; i < 4; ++i) {
        fsum[bt][i] = fresh(e);
        snprintf(fsum[bt][i].s, sizeof fsum[bt][i].s, "%.24s#%d", lo->res.s, r++);
      }
  if (p->subnormal) /* rows g (i < 2) and g + 8 back from their f16 subnormal scale */
    for (int bt = 0; bt < NB; ++bt)
      for (int i = 0; i < 4; ++i) {
        Val f = cstF(e, (double)(1u << bitblasDecodeSubnormalExponent(p, i >= 2)));
        fin[bt][i] = bin(e, "mulf", fin[bt][i], f, "f32");
        if (lo->sums)
          fsum[bt][i] = bin(e, "mulf", fsum[bt][i], f, "f32");
      }
  Val vals[2 * kMaxX * 4];
  int nv = 0;
  for (int bt = 0; bt < NB; ++bt)
    for (int i = 0; i < 4; ++i)
      if (MT > 1 || i % 2 == 0)
        vals[nv++] = fin[bt][i];
  if (lo->sums)
    for (int bt = 0; bt < NB; ++bt)
      for (int i = 0; i < 4; ++i)
        if (MT > 1 || i % 2 == 0)
          vals[nv++] = fsum[bt][i];
  char redType[96];
  snprintf(redType, sizeof redType, "memref<%dx%s, #gpu.address_space<workgroup>>", W * 32 * NV,
           accT);
  for (int i = 0; i < nv; ++i) {
    Val idx = bin(e, "addi", bin(e, "muli", lo->tid, cstI(e, NV, "index"), "index"),
                  cstI(e, i, "index"), "index");
    OUT("    memref.store %s, %%red[%s] : %s\n", vals[i].s, idx.s, redType);
  }
  OUT("    gpu.barrier\n");

  /* Output (row r of tile t of the block, activation row mm): warps
   * (t / TW) kSplit .. + kSplit - 1, lane 4 (r % 8) + (mm % 8) / 2, value
   * (t % TW) 4 nb + (mm / 8) * 4 + 2 (r / 8) + mm % 2 of the C fragments
   * (one row: r / 8). */
  Val o = fresh(e);
  OUT("    scf.for %s = %s to %s step %s {\n", o.s, lo->tid.s,
      cstI(e, 16 * MT * WN * TW, "index").s, cstI(e, W * 32, "index").s);
  Val ot = bin(e, "divui", o, cstI(e, 16 * MT, "index"), "index");
  Val oi = bin(e, "remui", o, cstI(e, 16 * MT, "index"), "index");
  Val rr = bin(e, "remui", oi, cstI(e, 16, "index"), "index");
  Val mm = bin(e, "divui", oi, cstI(e, 16, "index"), "index");
  Val rHi = bin(e, "divui", rr, cstI(e, 8, "index"), "index");
  Val srcLane = bin(e, "addi",
                    bin(e, "muli", bin(e, "divui", ot, cstI(e, TW, "index"), "index"),
                        cstI(e, 32 * WK, "index"), "index"),
                    bin(e, "muli", bin(e, "remui", rr, cstI(e, 8, "index"), "index"),
                        cstI(e, 4, "index"), "index"),
                    "index");
  Val idx = rHi;
  if (MT > 1) {
    Val mc = bin(e, "remui", mm, cstI(e, 8, "index"), "index");
    srcLane = bin(e, "addi", srcLane, bin(e, "divui", mc, cstI(e, 2, "index"), "index"), "index");
    idx = bin(e, "addi",
              bin(e, "muli", bin(e, "divui", mm, cstI(e, 8, "index"), "index"),
                  cstI(e, 4, "index"), "index"),
              bin(e, "addi", bin(e, "muli", rHi, cstI(e, 2, "index"), "index"),
                  bin(e, "remui", mc, cstI(e, 2, "index"), "index"), "index"),
              "index");
    if (TW > 1)
      idx = bin(e, "addi", idx,
                bin(e, "muli", bin(e, "remui", ot, cstI(e, TW, "index"), "index"),
                    cstI(e, 4 * nb, "index"), "index"),
                "index");
  }
  Val m64 = bin(e, "addi", lo->mBase, cast(e, "index_cast", mm, "index", "i64"), "i64");
  OUT("    scf.if %s {\n", bin(e, "cmpi ult,", m64, lo->Mi64, "i64").s);
  Val zeroF = cstF(e, 0.0), ssum = zeroF, x = p->int8 ? cstI(e, 0, "i32") : zeroF;
  for (int w = 0; w < WK; ++w) {
    Val base = bin(e, "muli", bin(e, "addi", srcLane, cstI(e, 32 * w, "index"), "index"),
                   cstI(e, NV, "index"), "index");
    Val y1 = fresh(e);
    OUT("    %s = memref.load %%red[%s] : %s\n", y1.s, bin(e, "addi", base, idx, "index").s,
        redType);
    x = bin(e, p->int8 ? "addi" : "addf", x, y1, accT);
    if (lo->sums) {
      Val y2 = fresh(e);
      Val si = bin(e, "addi", base, bin(e, "addi", idx, cstI(e, NC, "index"), "index"), "index");
      OUT("    %s = memref.load %%red[%s] : %s\n", y2.s, si.s, redType);
      ssum = bin(e, "addf", ssum, y2, "f32");
    }
  }
  Val nOut = bin(e, "addi", bin(e, "muli", lo->bx64, cstI(e, 16 * WN * TW, "i64"), "i64"),
                 cast(e, "index_cast", bin(e, "addi", bin(e, "muli", ot, cstI(e, 16, "index"),
                                                          "index"), rr, "index"),
                      "index", "i64"),
                 "i64");
  if (p->int8) {
    Val as = {{0}};
    if (lo->rowSums) {
      as = fresh(e);
      OUT("    %s = memref.load %%asum[%s] : memref<%dxi32, #gpu.address_space<workgroup>>\n", as.s,
          mm.s, MT);
    }
    bitblasDecodeInt8Store(e, p, x, as, m64, nOut);
  } else {
    storeOutput(e, x, m64, nOut, p->channelPost, lo->sums ? &ssum : NULL);
  }
  OUT("    }\n    }\n    gpu.return\n  }\n");
}
