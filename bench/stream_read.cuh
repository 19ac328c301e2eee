// Baseline only (not product code): the bodies of the streaming-read probe
// and the spin kernel of stream_read.cu, shared with the design studies
// (bench/study) so that they time the very same read.
#pragma once

// Each thread reads 16-byte vectors with a grid-stride loop; the xor keeps
// the loads alive.
__device__ __forceinline__ void bitblasStreamReadBody(const uint4 *__restrict__ src, size_t n,
                                                      unsigned *__restrict__ sink) {
  unsigned acc = 0;
  for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
       i += (size_t)gridDim.x * blockDim.x) {
    uint4 v = __ldcs(src + i);
    acc ^= v.x ^ v.y ^ v.z ^ v.w;
  }
  if (acc == 0x9e3779b9u)
    sink[0] = acc;
}

// Keeps the GPU busy for `cycles` clocks while the host queues the timed
// launches behind it, so each launch's events time the kernel, not the
// host's launch latency.
__device__ __forceinline__ void bitblasSpinBody(long long cycles) {
  long long start = clock64();
  while (clock64() - start < cycles) {
  }
}
