/* Generating GPU matmul kernels as MLIR text (gpu.module with gpu.func over
 * !llvm.ptr arguments), later lowered by upstream NVVM/ROCDL passes. */
#ifndef BITBLAS_CONVERSION_GPU_KERNEL_H
#define BITBLAS_CONVERSION_GPU_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Element kinds the kernel generator understands (weights and activations). */
typedef enum BitblasElem {
  BB_E_INVALID = 0,
  BB_E_F16, BB_E_BF16, BB_E_F32, BB_E_I32,
  BB_E_SINT,     /* iN, two's complement (i1 = +-1) */
  BB_E_UINT,     /* uiN */
  BB_E_F8E4M3, BB_E_F8E5M2, BB_E_F4E2M1,
  BB_E_TABLE,    /* nf4, af4, lut: code -> table[code] */
} BitblasElem;

/* How the tensor-core kernel tiles the work: each warp covers `tiles` groups
 * of 8 output columns, `kSplit` warps of a block split K, and weights stream
 * through a ring of `stages` shared-memory slots (cp.async, stages - 1
 * iterations ahead). */
typedef struct BitblasMmaTile {
  int tiles, kSplit, stages;
} BitblasMmaTile;

typedef struct BitblasMatmulDesc {
  int64_t n, k;
  BitblasElem a, w, accum, out;
  unsigned aBits, wBits, outBits; /* storage bits of A, W and C elements */
  int64_t group;        /* K for per-channel */
  bool hasScale;
  BitblasElem scale;    /* F16, BF16 or F32 */
  int zerosMode;        /* BitblasZerosMode */
  bool hasBias;
  /* Weights stored in the runtime's `interleave32` layout: inside each 32-bit
   * word the even elements come first (docs/semantics.md). */
  bool interleave32;
  /* Weights stored in the runtime's `frag16` layout: 16-row tiles of 512-byte
   * units in mma A-fragment order (docs/semantics.md); read only by the
   * decode kernel (gpu_decode_kernel.c), which then serves every M. */
  bool frag16;
  /* Weights stored `frag8`: the same tiles and units in the A-fragment order
   * of the int8 mma.m16n8k32 (docs/semantics.md), for int8 activations; read
   * only by the decode kernel. */
  bool frag8;
  const double *table;  /* 2^wBits values when w == BB_E_TABLE */
  /* Tile the op asks for (`bitblas.mma_tile`); all zero = the default. */
  BitblasMmaTile tile;
  /* SMs of the target card, which the decode kernels' one-wave grids are
   * shaped for; 0: bitblasDecodeTargetSMs()'s default. */
  int smCount;
  /* Compute capability of the NVIDIA target (90: sm_90), 0 when unknown:
   * griddepcontrol needs 90. */
  int smVersion;
} BitblasMatmulDesc;

/* One kernel variant: how a block covers the output. */
typedef enum BitblasKernelKind {
  BITBLAS_KERNEL_SIMT = 0, /* CUDA cores / any GPU: decode + FMA, lane reduction */
  BITBLAS_KERNEL_MMA = 1,  /* NVIDIA tensor cores (mma.sync), M <= 16 */
  BITBLAS_KERNEL_DECODE = 2, /* NVIDIA tensor cores on frag16/frag8 weights, any M */
} BitblasKernelKind;

typedef struct BitblasKernelVariant {
  BitblasKernelKind kind;
  int mMin, mMax;      /* M range it serves (mMax 0 = unbounded) */
  int rowsPerWarp;     /* output columns n per warp */
  int mTile;           /* output rows m per block */
  int warps;           /* warps per block */
  int lanes;           /* 32 (NVIDIA) or 64 (AMD wave64) */
  BitblasMmaTile mma;  /* tensor-core kernels: warps == mma.kSplit,
                          rowsPerWarp == 8 * mma.tiles; the decode kernel
                          reads mma.stages as 16-byte loads in flight per lane */
  bool aShared;        /* decode kernel, one activation row: A staged in shared memory */
  int accs;            /* decode kernel: independent accumulator chains */
  int minBlocksPerSM;  /* decode kernel: blocks per SM the registers must allow
                          (PTX .minnctapersm; 0 = no bound) */
  bool amdgpu;         /* SIMT kernel built for AMDGPU (see gpu_kernel.c) */
  int warpTiles;       /* decode kernel, M > 1: 16-row tiles each warp takes (1 or
                          2), sharing its activation loads; 0 = 1 */
  int dynSmem;         /* decode kernel: bytes of dynamic shared memory at launch
                          (the byte table of table weights, then any staged
                          activation row; or a row too long for static shared
                          memory), else 0 */
  bool gridDepControl; /* decode kernel, sm_90+: programmatic dependent launch
                          (griddepcontrol; gpu_decode_kernel.c) */
} BitblasKernelVariant;

typedef struct BitblasTextBuffer {
  char *data;
  size_t len, cap;
  bool oom;
} BitblasTextBuffer;

void bitblasTextAppend(BitblasTextBuffer *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bitblasTextAppendV(BitblasTextBuffer *b, const char *fmt, va_list ap);
void bitblasTextFree(BitblasTextBuffer *b);

/* Why `d` cannot be generated (NULL when it can). */
const char *bitblasKernelUnsupportedReason(const BitblasMatmulDesc *d);

/* Appends `gpu.func @symbol` for `d` and `v` to `out`. The argument order is
 * A, W, [scale], [zeros], [bias], C, M; module globals (lookup tables) are
 * named @<globalsPrefix>_table. Returns false with `out` untouched when `d` is
 * unsupported. */
bool bitblasEmitMatmulKernel(BitblasTextBuffer *out, const char *symbol,
                             const char *globalsPrefix, const BitblasMatmulDesc *d,
                             const BitblasKernelVariant *v);

/* Appends the module-level globals (lookup tables) kernels of `d` refer to. */
void bitblasEmitKernelGlobals(BitblasTextBuffer *out, const char *prefix,
                              const BitblasMatmulDesc *d);

/* Grid of a variant: x = ceil(N / (warps*rowsPerWarp)), y = ceil(M / mTile). */
int64_t bitblasKernelGridX(const BitblasMatmulDesc *d, const BitblasKernelVariant *v);

/* The tensor-core kernel (gpu_mma_kernel.c): why it cannot serve `d` (NULL if
 * it can), the tile it uses (the op's, else a default by shape; false if
 * unsupported), why a tile is out of range, and its emitter (same ABI as the
 * SIMT one; a block covers 8 * tiles output columns and up to 16 rows). */
const char *bitblasMmaKernelUnsupportedReason(const BitblasMatmulDesc *d);
bool bitblasMmaKernelTile(const BitblasMatmulDesc *d, BitblasMmaTile *out);
const char *bitblasMmaTileInvalidReason(const BitblasMatmulDesc *d, const BitblasMmaTile *t);
bool bitblasEmitMmaMatmulKernel(BitblasTextBuffer *out, const char *symbol,
                                const char *globalsPrefix, const BitblasMatmulDesc *d,
                                const BitblasKernelVariant *v);

/* The frag16 decode kernel (gpu_decode_kernel.c): why it cannot serve `d`
 * (NULL if it can; `d->frag16` is not required), its variants for `d`, and
 * its emitter (same ABI as the others; a block covers 16 output columns and
 * v->mTile rows, grid (N / 16, ceil(M / mTile))). */
const char *bitblasDecodeKernelUnsupportedReason(const BitblasMatmulDesc *d);
int bitblasDecodeKernelVariants(const BitblasMatmulDesc *d, BitblasKernelVariant *out, int cap);
/* The SM count the decode kernels' grids are shaped for: d->smCount, or 132
 * (H100 SXM, H200) when it is 0. */
int bitblasDecodeTargetSMs(const BitblasMatmulDesc *d);
/* Whether `sms` may be asked for: 0 (the default) or 1..1024. */
bool bitblasDecodeSMCountIsValid(int sms);
bool bitblasEmitDecodeMatmulKernel(BitblasTextBuffer *out, const char *symbol,
                                   const char *globalsPrefix, const BitblasMatmulDesc *d,
                                   const BitblasKernelVariant *v);

#endif
