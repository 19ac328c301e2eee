/* Private to the frag16 decode kernel (gpu_decode_*.c). */
#ifndef BITBLAS_CONVERSION_GPU_DECODE_H
#define BITBLAS_CONVERSION_GPU_DECODE_H

#include "gpu_mma.h"

typedef struct {
  int bits;         /* b: storage bits of a weight element */
  int pairsPerWord; /* H = 16 / b: f16x2 pairs one 32-bit word decodes to */
  int kPerUnit;     /* k covered by one 512-byte unit of a 16-row tile (256 / b) */
  int64_t units;    /* U: units per tile (K * b / 256) */
  bool preScale;    /* groups smaller than a unit: dequantize in f16 before the mma */
  bool groupPost;   /* one group per unit: scale each unit's partial sums (f32) */
  bool channelPost; /* per-channel scale after the loop */
  bool onesMma;     /* zeros applied exactly: z * (sum of activations), the sum
                       coming from a second mma whose A operand is all ones */
} DecodePlan;

/* Fills `p`; returns why the decode kernel cannot serve `d`, or NULL. */
const char *bitblasDecodePlan(const BitblasMatmulDesc *d, DecodePlan *p);

#endif
