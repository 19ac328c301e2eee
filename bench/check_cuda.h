/* CUDA runtime error check shared by bench-gemv (C) and the design studies
 * (CUDA C++): on failure, prints the call and the error, and exits. */
#ifndef BITBLAS_BENCH_CHECK_CUDA_H
#define BITBLAS_BENCH_CHECK_CUDA_H

#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK_CUDA(x)                                                                              \
  do {                                                                                             \
    cudaError_t e_ = (x);                                                                          \
    if (e_ != cudaSuccess) {                                                                       \
      fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #x, cudaGetErrorString(e_));          \
      exit(1);                                                                                     \
    }                                                                                              \
  } while (0)

#endif
