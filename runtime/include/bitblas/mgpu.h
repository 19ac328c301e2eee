/* The mgpu* entry points that MLIR 22's gpu-to-llvm lowering calls,
 * implemented over the runtime's CUDA backend (signatures as emitted by
 * `mlir-opt --gpu-to-llvm` of MLIR 22). Handles are the driver's own
 * (CUmodule, CUfunction, CUstream, CUevent). Failures are reported on stderr
 * and yield NULL / no effect: these signatures have no status. */
#ifndef BITBLAS_RT_MGPU_H
#define BITBLAS_RT_MGPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitblas/status.h"

#ifdef __cplusplus
extern "C" {
#endif

BITBLAS_RT_API void *mgpuModuleLoad(void *data, size_t gpuBlobSize);
BITBLAS_RT_API void *mgpuModuleLoadJIT(void *data, int optLevel);
BITBLAS_RT_API void mgpuModuleUnload(void *module);
BITBLAS_RT_API void *mgpuModuleGetFunction(void *module, const char *name);
BITBLAS_RT_API void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                                     intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                                     intptr_t blockZ, int32_t smem, void *stream, void **params,
                                     void **extra, size_t paramsCount);
BITBLAS_RT_API void mgpuLaunchClusterKernel(void *function, intptr_t clusterX, intptr_t clusterY,
                                            intptr_t clusterZ, intptr_t gridX, intptr_t gridY,
                                            intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                                            intptr_t blockZ, int32_t smem, void *stream,
                                            void **params, void **extra);
BITBLAS_RT_API void *mgpuStreamCreate(void);
BITBLAS_RT_API void mgpuStreamDestroy(void *stream);
BITBLAS_RT_API void mgpuStreamSynchronize(void *stream);
BITBLAS_RT_API void mgpuStreamWaitEvent(void *stream, void *event);
BITBLAS_RT_API void *mgpuEventCreate(void);
BITBLAS_RT_API void mgpuEventDestroy(void *event);
BITBLAS_RT_API void mgpuEventSynchronize(void *event);
BITBLAS_RT_API void mgpuEventRecord(void *event, void *stream);
BITBLAS_RT_API void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
BITBLAS_RT_API void mgpuMemFree(void *ptr, void *stream);
BITBLAS_RT_API void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream);
BITBLAS_RT_API void mgpuMemset32(void *dst, unsigned int value, size_t count, void *stream);
BITBLAS_RT_API void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream);
BITBLAS_RT_API void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes);
BITBLAS_RT_API void mgpuMemHostUnregister(void *ptr);
BITBLAS_RT_API void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor, int64_t elementSizeBytes);
BITBLAS_RT_API void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                                int64_t elementSizeBytes);
BITBLAS_RT_API void mgpuSetDefaultDevice(int32_t device);

#ifdef __cplusplus
}
#endif

#endif
