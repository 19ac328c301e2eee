// Baseline only (not product code): the streaming-read kernel that measures
// the HBM read bandwidth our GEMV kernels are judged against, and the spin
// kernel the timed series queue behind (bodies in stream_read.cuh).
#include "stream_read.cuh"

extern "C" __global__ void bitblas_stream_read(const uint4 *__restrict__ src, size_t n,
                                               unsigned *__restrict__ sink) {
  bitblasStreamReadBody(src, n, sink);
}

extern "C" __global__ void bitblas_spin(long long cycles) { bitblasSpinBody(cycles); }
