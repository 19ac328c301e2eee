/* The runtime declares the CUDA driver ABI itself (src/cuda_api.h) so that
 * it builds without CUDA; this checks those declarations against cuda.h. */
#include <cuda.h>
#include <stddef.h>
#include <stdio.h>

#include "cuda_api.h"

#define SAME(ours, theirs) _Static_assert((int)(ours) == (int)(theirs), #ours " != " #theirs)
SAME(RTCU_SUCCESS, CUDA_SUCCESS);
SAME(RTCU_ERROR_NOT_READY, CUDA_ERROR_NOT_READY);
SAME(RTCU_ERROR_NO_DEVICE, CUDA_ERROR_NO_DEVICE);
SAME(RTCU_ERROR_STUB_LIBRARY, CUDA_ERROR_STUB_LIBRARY);
SAME(RTCU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
SAME(RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
SAME(RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
SAME(RTCU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
SAME(RTCU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES);
SAME(RTCU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER);
SAME(RTCU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
SAME(RTCU_JIT_OPTIMIZATION_LEVEL, CU_JIT_OPTIMIZATION_LEVEL);
SAME(RTCU_STREAM_NON_BLOCKING, CU_STREAM_NON_BLOCKING);
SAME(RTCU_EVENT_DEFAULT, CU_EVENT_DEFAULT);
SAME(RTCU_EVENT_DISABLE_TIMING, CU_EVENT_DISABLE_TIMING);
SAME(RTCU_MEM_ATTACH_GLOBAL, CU_MEM_ATTACH_GLOBAL);
SAME(RTCU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION, CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION);

_Static_assert(sizeof(rtcu_deviceptr) == sizeof(CUdeviceptr), "CUdeviceptr size");
_Static_assert(sizeof(rtcu_launch_attribute) == sizeof(CUlaunchAttribute), "CUlaunchAttribute size");
_Static_assert(offsetof(rtcu_launch_attribute, value) == offsetof(CUlaunchAttribute, value), "value offset");
_Static_assert(offsetof(rtcu_launch_attribute, value.cluster_dim.z) ==
                   offsetof(CUlaunchAttribute, value.clusterDim.z), "clusterDim offset");
_Static_assert(sizeof(rtcu_launch_config) == sizeof(CUlaunchConfig), "CUlaunchConfig size");
_Static_assert(offsetof(rtcu_launch_config, stream) == offsetof(CUlaunchConfig, hStream), "hStream");
_Static_assert(offsetof(rtcu_launch_config, attrs) == offsetof(CUlaunchConfig, attrs), "attrs");
_Static_assert(offsetof(rtcu_launch_config, num_attrs) == offsetof(CUlaunchConfig, numAttrs), "numAttrs");

int main(void) {
  printf("test_cuda_abi: declarations match cuda.h %d\n", CUDA_VERSION);
  return 0;
}
