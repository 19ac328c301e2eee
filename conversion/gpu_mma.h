/* Private to the tensor-core decode kernel (gpu_mma_*.c). */
#ifndef BITBLAS_CONVERSION_GPU_MMA_H
#define BITBLAS_CONVERSION_GPU_MMA_H

#include "bitblas-c/Ops.h"
#include "gpu_emit.h"
#include "gpu_kernel.h"

typedef struct {
  int chunkBytes;  /* weight bytes per thread per iteration and tile */
  int elems;       /* E: weight elements per thread per iteration */
  bool preScale;   /* scale (and zeros) applied to f16 weights before the mma */
  bool groupPost;  /* per-group scale applied per iteration after the mma */
  bool channelPost;/* per-channel scale applied after the loop */
  bool onesMma;    /* zeros applied exactly: z * (sum of activations), the sum
                      coming from a second mma whose B operand is all ones */
  int64_t iters;   /* iterations per weight row: 64-byte steps of 4 threads */
} MmaPlan;

/* Fills `p`; returns why the tensor-core kernel cannot serve `d`, or NULL. */
const char *bitblasMmaPlan(const BitblasMatmulDesc *d, MmaPlan *p);

/* Short names inside the generator; the linked symbols carry the prefix. */
#define splatHalf bitblasMma_splatHalf
#define lop3 bitblasMma_lop3
#define lop3Val bitblasMma_lop3Val
#define loadSharedI32 bitblasMma_loadSharedI32
#define gepShared bitblasMma_gepShared
#define asHalf2 bitblasMma_asHalf2
#define asI32 bitblasMma_asI32
#define fma3h bitblasMma_fma3h
#define splatF32 bitblasMma_splatF32
#define decodePair bitblasMma_decodePair
#define fieldPairLop3 bitblasMma_fieldPairLop3
#define gatherA bitblasMma_gatherA
#define emitPairTableGlobal bitblasMma_emitPairTableGlobal
#define emitPairTableToShared bitblasMma_emitPairTableToShared
#define mmaSync bitblasMma_mmaSync
#define mmaSyncAs bitblasMma_mmaSyncAs
#define groupValue bitblasMma_groupValue
#define zeroTerm bitblasMma_zeroTerm
#define tensorCoreTypesReason bitblasMma_tensorCoreTypesReason
#define storeOutput bitblasMma_storeOutput

/* Splats an i16-in-i32 value (low half) into both halves of a vector<2xf16>. */
Val splatHalf(Emitter *e, Val lowBits);
/* (a & b) | c (lut 0xea) or (a & b) ^ c (lut 0x6a) as one LOP3. */
Val lop3(Emitter *e, Val a, uint32_t b, uint32_t c, int lut);
/* The same with register operands (lut 0xea: (a & b) | c). */
Val lop3Val(Emitter *e, Val a, Val b, Val c, int lut);
/* The i32 at shared-memory address `addr` (i32). */
Val loadSharedI32(Emitter *e, Val addr);
/* Byte offset `off` (i64) into a shared-memory pointer. */
Val gepShared(Emitter *e, Val ptr, Val off);
Val asHalf2(Emitter *e, Val word);
Val asI32(Emitter *e, Val h2);
Val fma3h(Emitter *e, Val a, Val b, Val c);
/* f32 -> f16 splat pair (scales and zeros). */
Val splatF32(Emitter *e, Val f);
/* Decodes pair `t` of a 32-bit weight word: elements t and t + fields/2. */
Val decodePair(Emitter *e, const BitblasMatmulDesc *d, Val word, int t);
/* Pair `t` of a word of `b`-bit fields (elements t and t + F/2: bit
 * b (t % R) of byte t / R of each 16-bit half, R = 8 / b) masked where it
 * lies by one LOP3 (lut 0xea: | c, 0x6a: ^ c) with c = `perField` at both
 * fields' position | `fixed`; `*shift` (may be NULL) gets b (t % R). */
Val fieldPairLop3(Emitter *e, unsigned b, Val word, int t, uint32_t perField, uint32_t fixed,
                  int lut, int *shift);
/* Table weights (up to 4 bits): the shared pair tables decodePair reads.
 * The global goes before the kernel's gpu.func; the fill (threads below
 * 2^bits, then a barrier) sets e->pairTable at the function's top level. */
void emitPairTableGlobal(Emitter *e, const char *symbol);
void emitPairTableToShared(Emitter *e, const char *symbol, Val tid);
/* The activations (lo, hi) of a vector<elems x f16> as one i32 lane. */
Val gatherA(Emitter *e, Val av, int lo, int hi, int elems);
/* c[0..3] += A(a0..a3) x B(b0, b1), mma.m16n8k16 f16 -> f32. */
void mmaSync(Emitter *e, Val a[4], Val b0, Val b1, Val c[4]);
/* The same for any mma.sync with four A, two B and four C registers:
 * `instr` its PTX name, `ints` for i32 accumulators (else f32). */
void mmaSyncAs(Emitter *e, const char *instr, bool ints, const Val a[4], Val b0, Val b1,
               Val c[4]);
/* Scale (or float zero) of row `n` (i64) and group `g` (i64) as f32. */
Val groupValue(Emitter *e, const char *ptr, Val n, Val g, int64_t numGroups, bool code);
/* -(s*z) (original, quantized) or -z (rescale) for column `n`, group `g`. */
Val zeroTerm(Emitter *e, const BitblasMatmulDesc *d, Val s, Val n, Val g, int64_t numGroups);
/* The same from the zero `z` (f32) already loaded. */
Val zeroTermOf(Emitter *e, const BitblasMatmulDesc *d, Val s, Val z);
/* Why the f16 tensor-core kernels cannot take the types of `d` (f16
 * activations and scales, float output, weights decodePair decodes), or NULL. */
const char *tensorCoreTypesReason(const BitblasMatmulDesc *d);
/* Finishes output element (m, n) (i64) from its f32 sum `x`: the per-channel
 * scale and, with `asum` (the activation sum), the exact zero term when
 * `channelScale`; the bias; the cast; the store into C. */
void storeOutput(Emitter *e, Val x, Val m, Val n, bool channelScale, const Val *asum);

#endif
