/* The frag16 decode kernel's plan: which matmuls it serves, how scales are
 * applied, and its variants (one activation row, up to 8, any M). */
#include "gpu_decode.h"

#include <string.h>

const char *bitblasDecodePlan(const BitblasMatmulDesc *d, DecodePlan *p) {
  memset(p, 0, sizeof *p);
  const char *why = bitblasKernelUnsupportedReason(d);
  if (why)
    return why;
  const char *types = tensorCoreTypesReason(d);
  if (types)
    return types;
  if (d->n % 16 != 0)
    return "N is not a multiple of 16 (frag16 tiles)";
  if ((d->k * d->wBits) % 256 != 0)
    return "K * bits is not a multiple of 256 (frag16 units of 512 bytes per 16 rows)";
  p->bits = (int)d->wBits;
  p->pairsPerWord = 16 / p->bits;
  p->kPerUnit = 256 / p->bits;
  p->units = d->k * d->wBits / 256;
  if (d->hasScale) {
    bool perChannel = d->group == d->k;
    p->preScale = !perChannel && d->group % p->kPerUnit != 0;
    p->channelPost = perChannel;
    p->groupPost = !perChannel && !p->preScale;
    p->onesMma = !p->preScale && d->zerosMode != BITBLAS_ZEROS_NONE;
  }
  return NULL;
}

const char *bitblasDecodeKernelUnsupportedReason(const BitblasMatmulDesc *d) {
  DecodePlan p;
  return bitblasDecodePlan(d, &p);
}

/* The one-row kernel stages the activation row in shared memory when the
 * copy is short and there are blocks enough to hide it: longer rows are read
 * from L1 (a 56 KiB copy per block measured slower on 8192 x 28672), and with
 * under two blocks per SM of a 132-SM H100 (N < 4224) the copy sits on the
 * critical path (4096 x 4096 measured faster from L1; docs/performance.md). */
enum { kMaxSharedActivationBytes = 32 * 1024, kMinTilesForSharedActivations = 2 * 132 };

/* A ragged split (units not a multiple of warps x loads in flight) runs
 * masked slots. Where those would be more than 1/16 of the work, prefers
 * warps (down to half the default) and loads in flight (4, else 3, 5, 2, 6,
 * 1) that split the tile's units evenly. */
static void evenSplit(int64_t units, int *warps, int *depth) {
  static const int depths[] = {4, 3, 5, 2, 6, 1};
  int64_t perWarp = (units + *warps - 1) / *warps;
  int64_t slots = (perWarp + *depth - 1) / *depth * *depth * *warps;
  if ((slots - units) * 16 <= units)
    return;
  for (int w = *warps; w >= (*warps + 1) / 2; --w) {
    if (units % w != 0)
      continue;
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; ++i)
      if ((units / w) % depths[i] == 0) {
        *warps = w;
        *depth = depths[i];
        return;
      }
  }
}

int bitblasDecodeKernelVariants(const BitblasMatmulDesc *d, BitblasKernelVariant *out, int cap) {
  DecodePlan p;
  if (bitblasDecodePlan(d, &p) || cap < 3)
    return 0;
  /* Defaults measured on the H100 (docs/performance.md, "Decode kernel"):
   * 8 warps split K, 16 for rows longer than 16384; 4 loads of 16 bytes in
   * flight per lane; two accumulator chains where a word feeds several mmas. */
  int warps = d->tile.tiles ? d->tile.kSplit : d->k > 16384 ? 16 : 8;
  int depth = d->tile.tiles ? d->tile.stages : 4;
  while (warps > 1 && warps > p.units)
    warps /= 2;
  if (depth > (p.units + warps - 1) / warps)
    depth = (int)((p.units + warps - 1) / warps);
  if (!d->tile.tiles)
    evenSplit(p.units, &warps, &depth);
  int accs = p.bits <= 2 && !p.groupPost ? 2 : 1;
  bool shared = d->k * 2 <= kMaxSharedActivationBytes &&
                d->n / 16 >= kMinTilesForSharedActivations;
  BitblasMmaTile t = {2, warps, depth};
  out[0] = (BitblasKernelVariant){BITBLAS_KERNEL_DECODE, 1, 1, 16, 1, warps, 32, t, shared, accs};
  out[1] = (BitblasKernelVariant){BITBLAS_KERNEL_DECODE, 2, 8, 16, 8, warps, 32, t, false, accs};
  out[2] = (BitblasKernelVariant){BITBLAS_KERNEL_DECODE, 9, 0, 16, 16, warps, 32, t, false, accs};
  return 3;
}
