/* The tensor-core decode kernel's plan: which weights, groups and zeros it
 * serves, how scales are applied, and its tile (default or `bitblas.mma_tile`)
 * within the static shared-memory budget. */
#include "gpu_mma.h"

#include <string.h>

/* Fills `p`; returns why the tensor-core kernel cannot serve `d`, or NULL. */
const char *bitblasMmaPlan(const BitblasMatmulDesc *d, MmaPlan *p) {
  memset(p, 0, sizeof *p);
  const char *types = tensorCoreTypesReason(d);
  if (types)
    return types;
  if (d->k % 8 != 0)
    return "K is not a multiple of 8";
  p->chunkBytes = d->wBits == 1 ? 8 : 16;
  p->elems = p->chunkBytes * 8 / (int)d->wBits;
  int64_t rowBytes = d->k * d->wBits / 8;
  if (rowBytes % (4 * p->chunkBytes) != 0)
    return "weight rows are not a whole number of 4-thread steps";
  p->iters = rowBytes / (4 * p->chunkBytes);
  if (d->hasScale) {
    int64_t step = 4LL * p->elems; /* K elements of one iteration */
    bool perChannel = d->group == d->k;
    p->preScale = !perChannel && d->group % step != 0;
    if (p->preScale && d->group % p->elems != 0)
      return "group smaller than a thread's chunk";
    p->channelPost = !p->preScale && perChannel;
    p->groupPost = !p->preScale && !perChannel;
    p->onesMma = !p->preScale && d->zerosMode != BITBLAS_ZEROS_NONE;
  }
  return NULL;
}

/* Static shared memory of a tile: the weight ring, the K-split reduction
 * buffer and the lookup table. */
static int64_t sharedBytes(const BitblasMatmulDesc *d, const MmaPlan *p, const BitblasMmaTile *t) {
  int64_t threads = 32LL * t->kSplit;
  /* The reduction buffer of the 9..16-row kernel (T fragments; the other has T / 2). */
  int nv = 4 * t->tiles + (p->channelPost && p->onesMma ? 4 : 0);
  /* The one-row kernel also streams activations: 4E halves per warp and stage. */
  int64_t aRing = (int64_t)t->stages * t->kSplit * 8 * p->elems;
  return (int64_t)t->stages * t->tiles * threads * p->chunkBytes + threads * nv * 4 + aRing +
         (d->w == BB_E_TABLE ? 128 : 0); /* emitPairTableGlobal */
}

enum { kMaxStaticShared = 48 * 1024 };

const char *bitblasMmaTileInvalidReason(const BitblasMatmulDesc *d, const BitblasMmaTile *t) {
  if (t->tiles < 2 || t->tiles > 8 || t->tiles % 2)
    return "tiles per warp must be 2, 4, 6 or 8 (pairs of 8-row tiles make one 16-row mma tile)";
  if (t->kSplit < 1 || t->kSplit > 16)
    return "warps splitting K must be in 1..16";
  if (t->stages < 2 || t->stages > 8)
    return "pipeline stages must be in 2..8";
  MmaPlan p;
  if (!bitblasMmaPlan(d, &p) && sharedBytes(d, &p, t) > kMaxStaticShared)
    return "the tile needs more than 48 KiB of shared memory (weight ring: stages x tiles x 32 x "
           "k_split x chunk bytes; activation ring: stages x k_split x 8 x elements per chunk; "
           "plus the reduction buffer): use fewer stages, tiles or warps";
  return NULL;
}

/* The default tile when the op names none. Chosen from measurements on the
 * H100 (docs/performance.md, "Tile configurations"). */
static BitblasMmaTile defaultTile(const BitblasMatmulDesc *d, const MmaPlan *p) {
  if (d->tile.tiles)
    return d->tile;
  BitblasMmaTile t = {2, 8, 4};
  while (t.kSplit > 1 && t.kSplit > p->iters)
    t.kSplit /= 2;
  while (t.stages > 2 && sharedBytes(d, p, &t) > kMaxStaticShared)
    --t.stages;
  return t;
}

bool bitblasMmaKernelTile(const BitblasMatmulDesc *d, BitblasMmaTile *out) {
  MmaPlan p;
  if (bitblasMmaPlan(d, &p))
    return false;
  *out = defaultTile(d, &p);
  return bitblasMmaTileInvalidReason(d, out) == NULL;
}

const char *bitblasMmaKernelUnsupportedReason(const BitblasMatmulDesc *d) {
  MmaPlan p;
  const char *why = bitblasKernelUnsupportedReason(d);
  return why ? why : bitblasMmaPlan(d, &p);
}
