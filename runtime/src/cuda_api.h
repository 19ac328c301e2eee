/* The subset of the CUDA driver API the runtime uses, declared here so that
 * no CUDA headers are needed at build time. Values match cuda.h (checked by
 * test/runtime/test_cuda_abi.c wherever cuda.h exists). */
#ifndef BITBLAS_RT_CUDA_API_H
#define BITBLAS_RT_CUDA_API_H

#include <stddef.h>

typedef int rtcu_result;
typedef int rtcu_device;
typedef unsigned long long rtcu_deviceptr;
typedef struct rtcu_ctx_st *rtcu_context;
typedef struct rtcu_mod_st *rtcu_module;
typedef struct rtcu_func_st *rtcu_function;
typedef struct rtcu_stream_st *rtcu_stream;
typedef struct rtcu_event_st *rtcu_event;

enum {
  RTCU_SUCCESS = 0,
  RTCU_ERROR_NOT_READY = 600,
  RTCU_ERROR_NO_DEVICE = 100,
  RTCU_ERROR_STUB_LIBRARY = 34,
  RTCU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
  RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  RTCU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
  RTCU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  RTCU_JIT_ERROR_LOG_BUFFER = 5,
  RTCU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  RTCU_JIT_OPTIMIZATION_LEVEL = 7,
  RTCU_STREAM_NON_BLOCKING = 1,
  RTCU_EVENT_DEFAULT = 0,
  RTCU_EVENT_DISABLE_TIMING = 2,
  RTCU_MEM_ATTACH_GLOBAL = 1,
  RTCU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4,
  RTCU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION = 6
};

typedef struct rtcu_launch_attribute {
  int id;
  char pad[4];
  union {
    char pad[64];
    struct { unsigned x, y, z; } cluster_dim;
    int programmatic_stream_serialization_allowed;
    void *align_ptr;
    unsigned long long align_u64;
  } value;
} rtcu_launch_attribute;

typedef struct rtcu_launch_config {
  unsigned grid_x, grid_y, grid_z, block_x, block_y, block_z, shared_mem_bytes;
  rtcu_stream stream;
  rtcu_launch_attribute *attrs;
  unsigned num_attrs;
} rtcu_launch_config;

#endif
