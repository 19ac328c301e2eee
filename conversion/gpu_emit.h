/* Small builders for kernel MLIR text, shared by the kernel generators.
 * Every builder appends one complete line and returns the SSA value it defines. */
#ifndef BITBLAS_CONVERSION_GPU_EMIT_H
#define BITBLAS_CONVERSION_GPU_EMIT_H

#include "gpu_kernel.h"

typedef struct {
  char s[40];
} Val;

typedef struct {
  BitblasTextBuffer *b;
  int next;
  const BitblasMatmulDesc *d;
  const BitblasKernelVariant *v;
  const char *prefix; /* symbol prefix for globals */
  Val pairTable, pairTableHi; /* table weights: i32 shared addresses (gpu_mma.h) */
} Emitter;

/* Short names inside the generators; the linked symbols carry the project prefix. */
#define fresh bitblasEmit_fresh
#define cstI bitblasEmit_cstI
#define cstF bitblasEmit_cstF
#define cstH2 bitblasEmit_cstH2
#define bin bitblasEmit_bin
#define cast bitblasEmit_cast
#define fma3 bitblasEmit_fma3
#define gep bitblasEmit_gep
#define load bitblasEmit_load
#define extract bitblasEmit_extract
#define storageType bitblasEmit_storageType
#define loadScaleLike bitblasEmit_loadScaleLike

#define OUT(...) bitblasTextAppend(e->b, __VA_ARGS__)

Val fresh(Emitter *e);
Val cstI(Emitter *e, int64_t x, const char *type);
Val cstF(Emitter *e, double x);
/* A splat vector<2xf16> constant. */
Val cstH2(Emitter *e, double x);
Val bin(Emitter *e, const char *op, Val a, Val b, const char *type);
Val cast(Emitter *e, const char *op, Val a, const char *from, const char *to);
Val fma3(Emitter *e, Val a, Val b, Val c);
Val gep(Emitter *e, const char *ptr, Val off, const char *elem);
Val load(Emitter *e, Val ptr, const char *type, int align);
Val extract(Emitter *e, Val vec, int idx, const char *vecType);
/* MLIR spelling of an element's storage type (f16, bf16, f32, i32, i8, i16, i32). */
const char *storageType(BitblasElem k, unsigned bits);
/* Loads scale (or float zero) element `idx` of a [N, K/G] tensor as f32. */
Val loadScaleLike(Emitter *e, const char *ptr, BitblasElem kind, Val idx);

/* `gpu.func @symbol(%A, %W, [%S], [%Z], [%B], %C: !llvm.ptr<1>, %M: i32)`: the
 * kernel ABI of docs/manifest.md (the exporter lists the same arguments). */
void bitblasEmitKernelHeader(Emitter *e, const char *symbol);

/* Copies the module's constant table `@<prefix>_table` (f32 x entries) into
 * the kernel's workgroup buffer %tbl, then synchronizes the block. */
void bitblasEmitTableToShared(Emitter *e, Val tid, int entries, int threads);

#endif
