/* A fake CUDA driver (libcuda's C ABI, as runtime/src/cuda_api.h declares
 * it) for testing the runtime's CUDA backend on machines without a GPU:
 * device memory is host memory, modules accept any bytes, and launches run
 * nothing but are recorded. It enforces what the real driver enforces on a
 * launch that matters here: dynamic shared memory past the function's
 * MAX_DYNAMIC_SHARED_SIZE_BYTES (48 KiB less its static shared memory
 * until raised) fails with CUDA_ERROR_INVALID_VALUE. The test reads and
 * steers it through fakeCudaState() (fake_cuda.h). */
#include "fake_cuda.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_api.h"

#define API __attribute__((visibility("default")))
typedef rtcu_result R;
typedef rtcu_deviceptr DP;
typedef rtcu_stream S;

enum { kInvalidValue = 1, kNotFound = 500, kOptin = 227 * 1024, kDefaultLimit = 48 * 1024 };

static FakeCudaState state;
API FakeCudaState *fakeCudaState(void) { return &state; }

struct rtcu_func_st {
  char name[FAKE_CUDA_NAME];
  int staticSmem, maxDynamic;
};
struct rtcu_mod_st {
  struct rtcu_func_st funcs[8];
  int count;
};

API R cuInit(unsigned flags) { return flags ? kInvalidValue : 0; }
API R cuGetErrorName(R r, const char **s) {
  *s = r == kInvalidValue ? "CUDA_ERROR_INVALID_VALUE"
       : r == 719         ? "CUDA_ERROR_LAUNCH_FAILED"
       : r == kNotFound   ? "CUDA_ERROR_NOT_FOUND"
                          : "CUDA_ERROR_UNKNOWN";
  return 0;
}
API R cuGetErrorString(R r, const char **s) {
  *s = r == 719 ? "unspecified launch failure" : "fake driver error";
  return 0;
}
API R cuDeviceGetCount(int *n) { return *n = 1, 0; }
API R cuDeviceGet(rtcu_device *d, int ordinal) { return ordinal ? kInvalidValue : (*d = 0, 0); }
API R cuDeviceGetName(char *name, int len, rtcu_device d) {
  (void)d;
  snprintf(name, (size_t)len, "%s", "Fake H100");
  return 0;
}
API R cuDeviceGetAttribute(int *v, int attr, rtcu_device d) {
  (void)d;
  *v = attr == RTCU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT               ? 132
       : attr == RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR ? (state.ccMajor ? state.ccMajor : 9)
       : attr == RTCU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN ? kOptin
                                                                         : 0;
  return 0;
}
API R cuDevicePrimaryCtxRetain(rtcu_context *c, rtcu_device d) {
  (void)d;
  *c = (rtcu_context)&state;
  return 0;
}
API R cuDevicePrimaryCtxRelease_v2(rtcu_device d) { return (void)d, 0; }
API R cuCtxSetCurrent(rtcu_context c) { return (void)c, 0; }
API R cuCtxSynchronize(void) { return 0; }

API R cuMemAlloc_v2(DP *p, size_t n) {
  void *m = calloc(1, n ? n : 1);
  *p = (DP)(uintptr_t)m;
  return m ? 0 : 2;
}
API R cuMemFree_v2(DP p) { return free((void *)(uintptr_t)p), 0; }
API R cuMemcpyHtoD_v2(DP d, const void *s, size_t n) {
  return memcpy((void *)(uintptr_t)d, s, n), 0;
}
API R cuMemcpyDtoH_v2(void *d, DP s, size_t n) { return memcpy(d, (void *)(uintptr_t)s, n), 0; }
API R cuMemcpyDtoD_v2(DP d, DP s, size_t n) {
  return memmove((void *)(uintptr_t)d, (void *)(uintptr_t)s, n), 0;
}
API R cuMemcpy(DP d, DP s, size_t n) { return cuMemcpyDtoD_v2(d, s, n); }
API R cuMemcpyHtoDAsync_v2(DP d, const void *s, size_t n, S st) {
  return (void)st, cuMemcpyHtoD_v2(d, s, n);
}
API R cuMemcpyDtoHAsync_v2(void *d, DP s, size_t n, S st) {
  return (void)st, cuMemcpyDtoH_v2(d, s, n);
}
API R cuMemcpyDtoDAsync_v2(DP d, DP s, size_t n, S st) {
  return (void)st, cuMemcpyDtoD_v2(d, s, n);
}
API R cuMemcpyAsync(DP d, DP s, size_t n, S st) { return (void)st, cuMemcpyDtoD_v2(d, s, n); }
API R cuMemsetD8_v2(DP d, unsigned char v, size_t n) {
  return memset((void *)(uintptr_t)d, v, n), 0;
}
API R cuMemsetD16_v2(DP d, unsigned short v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    ((unsigned short *)(uintptr_t)d)[i] = v;
  return 0;
}
API R cuMemsetD32_v2(DP d, unsigned v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    ((unsigned *)(uintptr_t)d)[i] = v;
  return 0;
}
API R cuMemsetD8Async(DP d, unsigned char v, size_t n, S s) {
  return (void)s, cuMemsetD8_v2(d, v, n);
}
API R cuMemsetD16Async(DP d, unsigned short v, size_t n, S s) {
  return (void)s, cuMemsetD16_v2(d, v, n);
}
API R cuMemsetD32Async(DP d, unsigned v, size_t n, S s) {
  return (void)s, cuMemsetD32_v2(d, v, n);
}

API R cuStreamCreate(S *s, unsigned flags) {
  (void)flags;
  *s = (S)malloc(1);
  return *s ? 0 : 2;
}
API R cuStreamDestroy_v2(S s) { return free(s), 0; }
API R cuStreamSynchronize(S s) { return (void)s, 0; }
API R cuStreamWaitEvent(S s, rtcu_event e, unsigned f) { return (void)s, (void)e, (void)f, 0; }
API R cuEventCreate(rtcu_event *e, unsigned flags) {
  (void)flags;
  *e = (rtcu_event)malloc(1);
  return *e ? 0 : 2;
}
API R cuEventDestroy_v2(rtcu_event e) { return free(e), 0; }
API R cuEventRecord(rtcu_event e, S s) { return (void)e, (void)s, 0; }
API R cuEventSynchronize(rtcu_event e) { return (void)e, 0; }
API R cuEventElapsedTime_v2(float *ms, rtcu_event a, rtcu_event b) {
  return (void)a, (void)b, *ms = 0.0f, 0;
}

API R cuModuleLoadDataEx(rtcu_module *m, const void *data, unsigned n, int *opts, void **vals) {
  (void)data, (void)n, (void)opts, (void)vals;
  *m = calloc(1, sizeof **m);
  return *m ? 0 : 2;
}
API R cuModuleUnload(rtcu_module m) { return free(m), 0; }
/* Every name exists; its static shared memory is state.staticSmem at lookup. */
API R cuModuleGetFunction(rtcu_function *f, rtcu_module m, const char *name) {
  if (m->count == 8)
    return kNotFound;
  struct rtcu_func_st *fn = &m->funcs[m->count++];
  snprintf(fn->name, sizeof fn->name, "%s", name);
  fn->staticSmem = state.staticSmem;
  fn->maxDynamic = kDefaultLimit - fn->staticSmem;
  *f = fn;
  return 0;
}
API R cuFuncSetAttribute(rtcu_function f, int attr, int value) {
  if (attr != RTCU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES || value < 0 ||
      value + f->staticSmem > kOptin)
    return kInvalidValue;
  f->maxDynamic = value;
  ++state.setAttributeCalls;
  state.lastAttributeValue = value;
  return 0;
}
API R cuLaunchKernel(rtcu_function f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                     unsigned by, unsigned bz, unsigned smem, S s, void **args, void **extra) {
  (void)s, (void)extra;
  if (state.failNextLaunch) {
    R r = state.failNextLaunch;
    state.failNextLaunch = 0;
    return r;
  }
  if (!args || (int)smem > f->maxDynamic)
    return kInvalidValue;
  FakeCudaLaunch *l = &state.last;
  memcpy(l->name, f->name, sizeof l->name); /* both FAKE_CUDA_NAME, NUL-padded */
  l->grid[0] = gx, l->grid[1] = gy, l->grid[2] = gz;
  l->block[0] = bx, l->block[1] = by, l->block[2] = bz;
  l->smem = smem;
  l->pdl = 0;
  ++state.launches;
  return 0;
}
/* Records the programmatic-serialization attribute; any attribute other
 * than it and the cluster size is refused, as are clusters (not used by the
 * matmul kernels). */
API R cuLaunchKernelEx(const rtcu_launch_config *cfg, rtcu_function f, void **args, void **extra) {
  int pdl = 0;
  for (unsigned i = 0; i < cfg->num_attrs; ++i) {
    if (cfg->attrs[i].id != RTCU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION)
      return kInvalidValue;
    pdl = cfg->attrs[i].value.programmatic_stream_serialization_allowed;
  }
  R r = cuLaunchKernel(f, cfg->grid_x, cfg->grid_y, cfg->grid_z, cfg->block_x, cfg->block_y,
                       cfg->block_z, cfg->shared_mem_bytes, cfg->stream, args, extra);
  if (!r)
    state.last.pdl = pdl;
  return r;
}
