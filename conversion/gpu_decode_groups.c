/* Group scales and zero terms of the decode kernel (one group of whole
 * units). Where the units of a loop iteration start on a group boundary and
 * cover whole groups, a lane needs, per row it owns, the values of
 * `count` consecutive groups: one vector load per row and array, issued one
 * iteration ahead where the registers allow. Per unit and slot, a lane used
 * to issue two scalar loads per row (scale, zero) on lines 2 * groups bytes
 * apart, and the loads of an iteration waited out an L1 miss in front of the
 * fmas that need them. */
#include "gpu_decode.h"

#include <stdio.h>

/* The carried vectors cost registers that a variant bounded for its
 * one-wave grid may not have: uint4 g128 43008 x 14336, bounded to 80
 * registers at M <= 8, spilled 24 bytes with them and ran M = 1 / 2 / 4 in
 * 124.9 / 128.7 / 134.1 us against 120.9 / 119.7 / 121.4 loading each
 * iteration's values at its start; unbounded (M = 16) carrying was faster,
 * 203.1 against 223.3, and where the bound is 128 the two tie (28672 x 8192,
 * 8192 x 28672; same-run A/B, H100, 2026-11-27, docs/performance.md). */
enum { kCarryMinRegisters = 128, kRegistersPerSM = 65536 };

void bitblasDecodeGroupRunPlan(const BitblasMatmulDesc *d, const DecodePlan *p,
                               const BitblasKernelVariant *v, bool ragged, DecodeGroupRun *g) {
  const int stages = v->mma.stages, threads = v->warps * 32;
  const int upg = p->groupPost ? (int)(d->group / p->kPerUnit) : 0;
  g->run = p->groupPost && !ragged && upg > 0 && stages % upg == 0;
  g->carry = g->run && (v->minBlocksPerSM == 0 ||
                        kRegistersPerSM / (v->minBlocksPerSM * threads) >= kCarryMinRegisters);
  g->span = g->run ? upg : 1;
  g->count = g->run ? stages / upg : stages;
  g->numGroups = d->hasScale ? d->k / d->group : 0;
}

static bool quantizedZeros(const BitblasMatmulDesc *d) {
  return d->zerosMode == BITBLAS_ZEROS_QUANTIZED;
}

/* Largest power of two dividing `x` (x > 0). */
static int pow2Part(int x) { return x & -x; }

void bitblasDecodeGroupRunTypes(const BitblasMatmulDesc *d, const DecodeGroupRun *g, int which,
                                char *type, size_t cap) {
  snprintf(type, cap, "vector<%dx%s>", g->count,
           which == 1 && quantizedZeros(d) ? "i8" : "f16");
}

void bitblasDecodeGroupRunLoad(Emitter *e, const DecodeGroupRun *g, const Val nRow[2], Val grp,
                               Val out[2][2]) {
  const BitblasMatmulDesc *d = e->d;
  const bool zeros = d->zerosMode != BITBLAS_ZEROS_NONE;
  for (int h = 0; h < 2; ++h) {
    /* grp and numGroups are multiples of count: the vector is aligned */
    Val idx = bin(e, "addi", bin(e, "muli", nRow[h], cstI(e, g->numGroups, "i64"), "i64"), grp,
                  "i64");
    for (int w = 0; w < (zeros ? 2 : 1); ++w) {
      char vt[32];
      bitblasDecodeGroupRunTypes(d, g, w, vt, sizeof vt);
      const bool code = w == 1 && quantizedZeros(d);
      out[h][w] = load(e, gep(e, w ? "%Z" : "%S", idx, code ? "i8" : "f16"), vt,
                       (code ? 1 : 2) * pow2Part(g->count));
    }
  }
}

void bitblasDecodeGroupRunValues(Emitter *e, const DecodeGroupRun *g, Val vec[2][2], int j,
                                 Val sc[2], Val zt[2]) {
  const BitblasMatmulDesc *d = e->d;
  for (int h = 0; h < 2; ++h) {
    char vt[32];
    bitblasDecodeGroupRunTypes(d, g, 0, vt, sizeof vt);
    sc[h] = cast(e, "extf", extract(e, vec[h][0], j, vt), "f16", "f32");
    if (d->zerosMode == BITBLAS_ZEROS_NONE)
      continue;
    bitblasDecodeGroupRunTypes(d, g, 1, vt, sizeof vt);
    Val z = extract(e, vec[h][1], j, vt);
    z = quantizedZeros(d) ? cast(e, "uitofp", cast(e, "extui", z, "i8", "i32"), "i32", "f32")
                          : cast(e, "extf", z, "f16", "f32");
    zt[h] = zeroTermOf(e, d, sc[h], z);
  }
}
