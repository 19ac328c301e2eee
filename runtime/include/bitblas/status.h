/* BitBLAS runtime: status codes and the per-thread error message. */
#ifndef BITBLAS_RT_STATUS_H
#define BITBLAS_RT_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define BITBLAS_RT_API __declspec(dllexport)
#else
#define BITBLAS_RT_API __attribute__((visibility("default")))
#endif

/* Every fallible function returns one of these; 0 is success. */
typedef enum BitblasRtStatus {
  BITBLAS_RT_SUCCESS = 0,
  BITBLAS_RT_ERROR_INVALID_ARGUMENT = 1, /* NULL pointer, bad size, bad enum */
  BITBLAS_RT_ERROR_OUT_OF_MEMORY = 2,    /* host allocation failed */
  BITBLAS_RT_ERROR_NO_DRIVER = 3,        /* libcuda.so.1 / libamdhip64.so not loadable */
  BITBLAS_RT_ERROR_NO_DEVICE = 4,        /* driver present but no usable device */
  BITBLAS_RT_ERROR_DRIVER = 5,           /* a driver call failed */
  BITBLAS_RT_ERROR_IO = 6,               /* file missing or unreadable */
  BITBLAS_RT_ERROR_PARSE = 7,            /* malformed manifest */
  BITBLAS_RT_ERROR_NOT_FOUND = 8,        /* no such matmul / kernel / symbol */
  BITBLAS_RT_ERROR_UNSUPPORTED = 9,      /* valid request this build/device cannot do */
  BITBLAS_RT_ERROR_OUT_OF_RANGE = 10,    /* M outside the kernels' range, value not representable */
  BITBLAS_RT_ERROR_NOT_READY = 11        /* asynchronous work still pending */
} BitblasRtStatus;

/* Short fixed text for a status ("invalid argument"); never NULL. */
BITBLAS_RT_API const char *bitblasRtErrorString(BitblasRtStatus status);

/* Detailed message of the most recent failure on the calling thread, e.g.
 * "bitblasRtMatmulRun: argument C is NULL". Successful calls leave it alone.
 * Returns "" if nothing failed yet; the pointer is valid until the next
 * failing call on this thread. */
BITBLAS_RT_API const char *bitblasRtGetLastErrorMessage(void);

/* Forget the last error message of this thread. */
BITBLAS_RT_API BitblasRtStatus bitblasRtClearLastError(void);

#ifdef __cplusplus
}
#endif

#endif
