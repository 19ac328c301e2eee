// Shared by the design studies in this folder (measurement tools, not product
// code): the probe kernels, the GEMV's K-split reduction, and a
// ring of shared-memory buffers that one lane fills with bulk copies
// (cp.async.bulk, the TMA engine) while consumer warps drain it.
#pragma once
#include <cuda_fp16.h>

#include "../check_cuda.h"
#include "../stream_read.cuh"

__global__ void studyEmpty() {}

// Keeps the GPU busy while the host queues the timed launches behind it.
__global__ void studySpin(long long cycles) { bitblasSpinBody(cycles); }

// The bench's streaming-read probe (bench/stream_read.cu); PDL_WAIT: first
// wait for the previous kernel, as a programmatic dependent must.
template <bool PDL_WAIT>
__global__ void studyStreamRead(const uint4 *__restrict__ src, size_t n, unsigned *sink) {
  if (PDL_WAIT)
    asm volatile("griddepcontrol.wait;" ::: "memory");
  bitblasStreamReadBody(src, n, sink);
}

// The M = 1 GEMV's K-split reduction, after a barrier over its warps: thread
// 16 t + r of the block sums row r of tile t over the WARPS partial sums in
// red[warp][t], scales it and stores it (tiles tile0, tile0 + 1, ..).
template <int WARPS, int ROWT>
__device__ void studyStoreRows(const float (*red)[ROWT][16], int tile0, const __half *S,
                               __half *C) {
  if (threadIdx.x < 16 * ROWT) {
    int t = threadIdx.x / 16, r = threadIdx.x % 16;
    float v = 0;
#pragma unroll
    for (int w = 0; w < WARPS; ++w)
      v += red[w][t][r];
    int n = (tile0 + t) * 16 + r;
    C[n] = __float2half(v * __half2float(S[n]));
  }
}

__device__ __forceinline__ unsigned smemAddr(const void *p) {
  return (unsigned)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ void mbarWait(unsigned bar, unsigned parity) {
  asm volatile("{\n .reg .pred p;\n W: mbarrier.try_wait.parity.shared::cta.b64 p, [%0], %1;\n"
               " @!p bra W;\n}" ::"r"(bar),
               "r"(parity)
               : "memory");
}

// Slot s of the ring: full[s] completes when its chunk has landed, empty[s]
// when `consumers` warps have released it. Chunk c goes to slot c % STAGES.
template <int STAGES> struct Ring {
  unsigned long long full[STAGES], empty[STAGES];

  // One thread, then a block barrier before any use.
  __device__ void init(int consumers) {
    for (int s = 0; s < STAGES; ++s) {
      asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(smemAddr(&full[s])));
      asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(smemAddr(&empty[s])),
                   "r"(consumers));
    }
  }
  // Producer lane: waits for slot c % STAGES to be free, then copies `bytes`
  // from `src` into `buf` (that slot's buffer).
  __device__ void produce(int c, char *buf, const char *src, int bytes) {
    int s = c % STAGES;
    if (c >= STAGES)
      mbarWait(smemAddr(&empty[s]), (unsigned)((c / STAGES - 1) & 1));
    unsigned fb = smemAddr(&full[s]);
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(fb), "r"(bytes)
                 : "memory");
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], "
                 "%2, [%3];" ::"r"(smemAddr(buf)),
                 "l"(src), "r"(bytes), "r"(fb)
                 : "memory");
  }
  // Consumer warp: chunk c has landed.
  __device__ void wait(int c) { mbarWait(smemAddr(&full[c % STAGES]), (unsigned)((c / STAGES) & 1)); }
  // Consumer warp, all lanes: done with chunk c.
  __device__ void release(int c) {
    __syncwarp();
    if ((threadIdx.x & 31) == 0)
      asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(smemAddr(&empty[c % STAGES]))
                   : "memory");
  }
};
