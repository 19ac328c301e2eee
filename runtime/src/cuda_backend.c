/* CUDA driver backend, resolved with dlopen("libcuda.so.1") at run time so
 * that the runtime builds and fails cleanly without CUDA. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_api.h"
#include "internal.h"

typedef rtcu_result R;
typedef rtcu_deviceptr DP;
typedef rtcu_stream S;

static struct {
  R (*Init)(unsigned);
  R (*GetErrorString)(R, const char **);
  R (*GetErrorName)(R, const char **);
  R (*DeviceGetCount)(int *);
  R (*DeviceGet)(rtcu_device *, int);
  R (*DeviceGetName)(char *, int, rtcu_device);
  R (*DeviceGetAttribute)(int *, int, rtcu_device);
  R (*DevicePrimaryCtxRetain)(rtcu_context *, rtcu_device);
  R (*DevicePrimaryCtxRelease)(rtcu_device);
  R (*CtxSetCurrent)(rtcu_context);
  R (*CtxSynchronize)(void);
  R (*MemAlloc)(DP *, size_t);
  R (*MemAllocManaged)(DP *, size_t, unsigned);
  R (*MemFree)(DP);
  R (*MemcpyHtoD)(DP, const void *, size_t);
  R (*MemcpyDtoH)(void *, DP, size_t);
  R (*MemcpyDtoD)(DP, DP, size_t);
  R (*Memcpy)(DP, DP, size_t);
  R (*MemcpyHtoDAsync)(DP, const void *, size_t, S);
  R (*MemcpyDtoHAsync)(void *, DP, size_t, S);
  R (*MemcpyDtoDAsync)(DP, DP, size_t, S);
  R (*MemcpyAsync)(DP, DP, size_t, S);
  R (*MemsetD8)(DP, unsigned char, size_t);
  R (*MemsetD16)(DP, unsigned short, size_t);
  R (*MemsetD32)(DP, unsigned, size_t);
  R (*MemsetD8Async)(DP, unsigned char, size_t, S);
  R (*MemsetD16Async)(DP, unsigned short, size_t, S);
  R (*MemsetD32Async)(DP, unsigned, size_t, S);
  R (*MemHostRegister)(void *, size_t, unsigned);
  R (*MemHostUnregister)(void *);
  R (*StreamCreate)(S *, unsigned);
  R (*StreamDestroy)(S);
  R (*StreamSynchronize)(S);
  R (*StreamWaitEvent)(S, rtcu_event, unsigned);
  R (*EventCreate)(rtcu_event *, unsigned);
  R (*EventDestroy)(rtcu_event);
  R (*EventRecord)(rtcu_event, S);
  R (*EventSynchronize)(rtcu_event);
  R (*EventElapsedTime)(float *, rtcu_event, rtcu_event);
  R (*ModuleLoadDataEx)(rtcu_module *, const void *, unsigned, int *, void **);
  R (*ModuleUnload)(rtcu_module);
  R (*ModuleGetFunction)(rtcu_function *, rtcu_module, const char *);
  R (*FuncSetAttribute)(rtcu_function, int, int);
  R (*LaunchKernel)(rtcu_function, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                    unsigned, S, void **, void **);
  R (*LaunchKernelEx)(const rtcu_launch_config *, rtcu_function, void **, void **);
} cu;

/* Driver symbol per slot; the _v2 names are what cuda.h maps the plain
 * names to, the second name is a fallback for older drivers. */
static const struct {
  const char *name, *alt;
  size_t offset;
  int optional;
} syms[] = {
#define SYM(f, n, a, o) {n, a, offsetof(__typeof__(cu), f), o}
    SYM(Init, "cuInit", NULL, 0),
    SYM(GetErrorString, "cuGetErrorString", NULL, 0),
    SYM(GetErrorName, "cuGetErrorName", NULL, 0),
    SYM(DeviceGetCount, "cuDeviceGetCount", NULL, 0),
    SYM(DeviceGet, "cuDeviceGet", NULL, 0),
    SYM(DeviceGetName, "cuDeviceGetName", NULL, 0),
    SYM(DeviceGetAttribute, "cuDeviceGetAttribute", NULL, 0),
    SYM(DevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", NULL, 0),
    SYM(DevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRelease", 0),
    SYM(CtxSetCurrent, "cuCtxSetCurrent", NULL, 0),
    SYM(CtxSynchronize, "cuCtxSynchronize", NULL, 0),
    SYM(MemAlloc, "cuMemAlloc_v2", NULL, 0),
    SYM(MemAllocManaged, "cuMemAllocManaged", NULL, 1),
    SYM(MemFree, "cuMemFree_v2", NULL, 0),
    SYM(MemcpyHtoD, "cuMemcpyHtoD_v2", NULL, 0),
    SYM(MemcpyDtoH, "cuMemcpyDtoH_v2", NULL, 0),
    SYM(MemcpyDtoD, "cuMemcpyDtoD_v2", NULL, 0),
    SYM(Memcpy, "cuMemcpy", NULL, 0),
    SYM(MemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", NULL, 0),
    SYM(MemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", NULL, 0),
    SYM(MemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2", NULL, 0),
    SYM(MemcpyAsync, "cuMemcpyAsync", NULL, 0),
    SYM(MemsetD8, "cuMemsetD8_v2", NULL, 0),
    SYM(MemsetD16, "cuMemsetD16_v2", NULL, 0),
    SYM(MemsetD32, "cuMemsetD32_v2", NULL, 0),
    SYM(MemsetD8Async, "cuMemsetD8Async", NULL, 0),
    SYM(MemsetD16Async, "cuMemsetD16Async", NULL, 0),
    SYM(MemsetD32Async, "cuMemsetD32Async", NULL, 0),
    SYM(MemHostRegister, "cuMemHostRegister_v2", "cuMemHostRegister", 1),
    SYM(MemHostUnregister, "cuMemHostUnregister", NULL, 1),
    SYM(StreamCreate, "cuStreamCreate", NULL, 0),
    SYM(StreamDestroy, "cuStreamDestroy_v2", "cuStreamDestroy", 0),
    SYM(StreamSynchronize, "cuStreamSynchronize", NULL, 0),
    SYM(StreamWaitEvent, "cuStreamWaitEvent", NULL, 0),
    SYM(EventCreate, "cuEventCreate", NULL, 0),
    SYM(EventDestroy, "cuEventDestroy_v2", "cuEventDestroy", 0),
    SYM(EventRecord, "cuEventRecord", NULL, 0),
    SYM(EventSynchronize, "cuEventSynchronize", NULL, 0),
    SYM(EventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime", 0),
    SYM(ModuleLoadDataEx, "cuModuleLoadDataEx", NULL, 0),
    SYM(ModuleUnload, "cuModuleUnload", NULL, 0),
    SYM(ModuleGetFunction, "cuModuleGetFunction", NULL, 0),
    SYM(FuncSetAttribute, "cuFuncSetAttribute", NULL, 0),
    SYM(LaunchKernel, "cuLaunchKernel", NULL, 0),
    SYM(LaunchKernelEx, "cuLaunchKernelEx", NULL, 1),
#undef SYM
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static BitblasRtStatus load_status;
static char load_message[768];

static BitblasRtStatus fail(R r, const char *call) {
  const char *name = NULL, *text = NULL;
  if (cu.GetErrorName && cu.GetErrorName(r, &name) != RTCU_SUCCESS) name = NULL;
  if (cu.GetErrorString && cu.GetErrorString(r, &text) != RTCU_SUCCESS) text = NULL;
  /* The toolkit's stub libcuda cannot even name its own error. */
  if (!name && r == RTCU_ERROR_STUB_LIBRARY) {
    name = "CUDA_ERROR_STUB_LIBRARY";
    text = "the CUDA toolkit's stub libcuda was loaded instead of a real driver";
  }
  BitblasRtStatus st = r == RTCU_ERROR_NO_DEVICE       ? BITBLAS_RT_ERROR_NO_DEVICE
                       : r == RTCU_ERROR_STUB_LIBRARY ? BITBLAS_RT_ERROR_NO_DRIVER
                       : r == RTCU_ERROR_NOT_READY    ? BITBLAS_RT_ERROR_NOT_READY
                                                      : BITBLAS_RT_ERROR_DRIVER;
  return rt_error(st, "%s failed: %s (%d): %s", call, name ? name : "CUDA_ERROR_?", r,
                  text ? text : "no description");
}

#define CU(call, what)                                                                     \
  do {                                                                                     \
    R r_ = (call);                                                                         \
    if (r_ != RTCU_SUCCESS) return fail(r_, what);                                         \
  } while (0)

static void load_driver(void) {
  const char *path = getenv("BITBLAS_RT_CUDA_LIBRARY");
  if (!path || !*path) path = "libcuda.so.1";
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    load_status = rt_error(BITBLAS_RT_ERROR_NO_DRIVER,
                           "no CUDA driver (%s not found: %s); install the NVIDIA driver or set "
                           "BITBLAS_RT_CUDA_LIBRARY",
                           path, why ? why : "dlopen failed");
  } else {
    load_status = BITBLAS_RT_SUCCESS;
    for (size_t i = 0; i < sizeof syms / sizeof syms[0] && !load_status; ++i) {
      void *f = dlsym(lib, syms[i].name);
      if (!f && syms[i].alt) f = dlsym(lib, syms[i].alt);
      if (!f && !syms[i].optional)
        load_status = rt_error(BITBLAS_RT_ERROR_NO_DRIVER,
                               "CUDA driver %s lacks symbol %s (driver too old?)", path,
                               syms[i].name);
      memcpy((char *)&cu + syms[i].offset, &f, sizeof f);
    }
    if (!load_status) {
      R r = cu.Init(0);
      if (r != RTCU_SUCCESS) {
        load_status = fail(r, "cuInit");
        if (r == RTCU_ERROR_NO_DEVICE) rt_error_prefix(load_status, "no CUDA device");
      }
    }
  }
  if (load_status) snprintf(load_message, sizeof load_message, "%s", bitblasRtGetLastErrorMessage());
}

static BitblasRtStatus cuda_load(void) {
  pthread_once(&load_once, load_driver);
  if (load_status) return rt_error(load_status, "%s", load_message);
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_device_count(int *count) {
  CU(cu.DeviceGetCount(count), "cuDeviceGetCount");
  return BITBLAS_RT_SUCCESS;
}

typedef struct CudaCtx {
  rtcu_device dev;
  rtcu_context ctx;
} CudaCtx;

static BitblasRtStatus cuda_device_open(int ordinal, void **out, BitblasRtDeviceInfo *info) {
  int count = 0;
  CU(cu.DeviceGetCount(&count), "cuDeviceGetCount");
  if (count == 0) return rt_error(BITBLAS_RT_ERROR_NO_DEVICE, "no CUDA device (driver reports 0 devices)");
  if (ordinal < 0 || ordinal >= count)
    return rt_error(BITBLAS_RT_ERROR_NO_DEVICE, "CUDA device %d does not exist (%d device%s)",
                    ordinal, count, count == 1 ? "" : "s");
  CudaCtx *c = calloc(1, sizeof *c);
  if (!c) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of host memory");
  R r = cu.DeviceGet(&c->dev, ordinal);
  if (!r) r = cu.DevicePrimaryCtxRetain(&c->ctx, c->dev);
  if (r) {
    free(c);
    return fail(r, "cuDevicePrimaryCtxRetain");
  }
  int smem = 0;
  cu.DeviceGetName(info->name, (int)sizeof info->name, c->dev);
  cu.DeviceGetAttribute(&info->cc_major, RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, c->dev);
  cu.DeviceGetAttribute(&info->cc_minor, RTCU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, c->dev);
  cu.DeviceGetAttribute(&info->multiprocessors, RTCU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, c->dev);
  cu.DeviceGetAttribute(&smem, RTCU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, c->dev);
  info->max_smem_optin = (size_t)smem;
  snprintf(info->arch, sizeof info->arch, "sm_%d%d", info->cc_major, info->cc_minor);
  *out = c;
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_device_close(void *p) {
  CudaCtx *c = p;
  R r = cu.DevicePrimaryCtxRelease(c->dev);
  free(c);
  CU(r, "cuDevicePrimaryCtxRelease_v2");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_set_current(void *p) {
  CU(cu.CtxSetCurrent(((CudaCtx *)p)->ctx), "cuCtxSetCurrent");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_synchronize(void) {
  CU(cu.CtxSynchronize(), "cuCtxSynchronize");
  return BITBLAS_RT_SUCCESS;
}

static DP dp(const void *p) { return (DP)(uintptr_t)p; }

static BitblasRtStatus cuda_mem_alloc(size_t bytes, int managed, void **ptr) {
  DP d = 0;
  if (managed) {
    if (!cu.MemAllocManaged) return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "driver lacks cuMemAllocManaged");
    CU(cu.MemAllocManaged(&d, bytes, RTCU_MEM_ATTACH_GLOBAL), "cuMemAllocManaged");
  } else {
    CU(cu.MemAlloc(&d, bytes), "cuMemAlloc_v2");
  }
  *ptr = (void *)(uintptr_t)d;
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_mem_free(void *p) {
  CU(cu.MemFree(dp(p)), "cuMemFree_v2");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_memcpy(void *dst, const void *src, size_t n, RtCopyKind kind, void *s,
                                   int async) {
  switch (kind) {
  case RT_COPY_HTOD:
    if (async) CU(cu.MemcpyHtoDAsync(dp(dst), src, n, s), "cuMemcpyHtoDAsync_v2");
    else CU(cu.MemcpyHtoD(dp(dst), src, n), "cuMemcpyHtoD_v2");
    break;
  case RT_COPY_DTOH:
    if (async) CU(cu.MemcpyDtoHAsync(dst, dp(src), n, s), "cuMemcpyDtoHAsync_v2");
    else CU(cu.MemcpyDtoH(dst, dp(src), n), "cuMemcpyDtoH_v2");
    break;
  case RT_COPY_DTOD:
    if (async) CU(cu.MemcpyDtoDAsync(dp(dst), dp(src), n, s), "cuMemcpyDtoDAsync_v2");
    else CU(cu.MemcpyDtoD(dp(dst), dp(src), n), "cuMemcpyDtoD_v2");
    break;
  case RT_COPY_ANY:
    if (async) CU(cu.MemcpyAsync(dp(dst), dp(src), n, s), "cuMemcpyAsync");
    else CU(cu.Memcpy(dp(dst), dp(src), n), "cuMemcpy");
    break;
  }
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_memset(void *dst, uint32_t v, int eb, size_t count, void *s, int async) {
  if (eb == 1) {
    if (async) CU(cu.MemsetD8Async(dp(dst), (unsigned char)v, count, s), "cuMemsetD8Async");
    else CU(cu.MemsetD8(dp(dst), (unsigned char)v, count), "cuMemsetD8_v2");
  } else if (eb == 2) {
    if (async) CU(cu.MemsetD16Async(dp(dst), (unsigned short)v, count, s), "cuMemsetD16Async");
    else CU(cu.MemsetD16(dp(dst), (unsigned short)v, count), "cuMemsetD16_v2");
  } else {
    if (async) CU(cu.MemsetD32Async(dp(dst), v, count, s), "cuMemsetD32Async");
    else CU(cu.MemsetD32(dp(dst), v, count), "cuMemsetD32_v2");
  }
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_host_register(void *p, size_t bytes, int unregister) {
  if (!cu.MemHostRegister || !cu.MemHostUnregister)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "driver lacks cuMemHostRegister");
  if (unregister) CU(cu.MemHostUnregister(p), "cuMemHostUnregister");
  else CU(cu.MemHostRegister(p, bytes, 0), "cuMemHostRegister_v2");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_stream_create(void **s) {
  CU(cu.StreamCreate((S *)s, RTCU_STREAM_NON_BLOCKING), "cuStreamCreate");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_stream_destroy(void *s) {
  CU(cu.StreamDestroy(s), "cuStreamDestroy_v2");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_stream_sync(void *s) {
  CU(cu.StreamSynchronize(s), "cuStreamSynchronize");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_stream_wait_event(void *s, void *e) {
  CU(cu.StreamWaitEvent(s, e, 0), "cuStreamWaitEvent");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_event_create(int timing, void **e) {
  CU(cu.EventCreate((rtcu_event *)e, timing ? RTCU_EVENT_DEFAULT : RTCU_EVENT_DISABLE_TIMING),
     "cuEventCreate");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_event_destroy(void *e) {
  CU(cu.EventDestroy(e), "cuEventDestroy_v2");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_event_record(void *e, void *s) {
  CU(cu.EventRecord(e, s), "cuEventRecord");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_event_sync(void *e) {
  CU(cu.EventSynchronize(e), "cuEventSynchronize");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus cuda_event_elapsed(void *a, void *b, float *ms) {
  CU(cu.EventElapsedTime(ms, a, b), "cuEventElapsedTime");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_module_load(const void *data, BitblasRtBinaryFormat format,
                                        int opt_level, void **module) {
  if (format != BITBLAS_RT_FORMAT_CUBIN && format != BITBLAS_RT_FORMAT_PTX)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "the CUDA backend cannot load %s binaries",
                    bitblasRtBinaryFormatName(format));
  /* The JIT error log turns "invalid PTX" into something actionable. */
  char log[4096] = {0};
  int opts[3] = {RTCU_JIT_ERROR_LOG_BUFFER, RTCU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                 RTCU_JIT_OPTIMIZATION_LEVEL};
  void *vals[3] = {log, (void *)(uintptr_t)sizeof log, (void *)(uintptr_t)opt_level};
  R r = cu.ModuleLoadDataEx((rtcu_module *)module, data, opt_level >= 0 ? 3u : 2u, opts, vals);
  if (r) {
    fail(r, "cuModuleLoadDataEx");
    if (log[0]) {
      char msg[1024];
      snprintf(msg, sizeof msg, "%s; JIT log: %.700s", bitblasRtGetLastErrorMessage(), log);
      return rt_error(BITBLAS_RT_ERROR_DRIVER, "%s", msg);
    }
    return BITBLAS_RT_ERROR_DRIVER;
  }
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_module_unload(void *m) {
  CU(cu.ModuleUnload(m), "cuModuleUnload");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_module_get_function(void *m, const char *name, void **f) {
  R r = cu.ModuleGetFunction((rtcu_function *)f, m, name);
  if (r) {
    fail(r, "cuModuleGetFunction");
    char why[512];
    snprintf(why, sizeof why, "%s", bitblasRtGetLastErrorMessage());
    return rt_error(BITBLAS_RT_ERROR_NOT_FOUND, "kernel '%s' not found in module (%s)", name, why);
  }
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_function_set_max_smem(void *f, size_t bytes) {
  CU(cu.FuncSetAttribute(f, RTCU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, (int)bytes),
     "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES)");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus cuda_launch(void *f, const uint32_t g[3], const uint32_t b[3],
                                   const uint32_t cl[3], size_t smem, void *s, void **args,
                                   void **extra, unsigned flags) {
  if (!cl && !(flags & RT_LAUNCH_PDL)) {
    CU(cu.LaunchKernel(f, g[0], g[1], g[2], b[0], b[1], b[2], (unsigned)smem, s, args, extra),
       "cuLaunchKernel");
    return BITBLAS_RT_SUCCESS;
  }
  if (!cu.LaunchKernelEx)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    "%s needs cuLaunchKernelEx (CUDA 12+ driver)",
                    cl ? "cluster launch" : "programmatic dependent launch");
  rtcu_launch_attribute attr[2];
  memset(attr, 0, sizeof attr);
  unsigned n = 0;
  if (cl) {
    attr[n].id = RTCU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
    attr[n].value.cluster_dim.x = cl[0];
    attr[n].value.cluster_dim.y = cl[1];
    attr[n++].value.cluster_dim.z = cl[2];
  }
  if (flags & RT_LAUNCH_PDL) {
    attr[n].id = RTCU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION;
    attr[n++].value.programmatic_stream_serialization_allowed = 1;
  }
  rtcu_launch_config cfg = {g[0], g[1], g[2], b[0], b[1], b[2], (unsigned)smem, s, attr, n};
  CU(cu.LaunchKernelEx(&cfg, f, args, extra), "cuLaunchKernelEx");
  return BITBLAS_RT_SUCCESS;
}

static const RtBackendOps cuda_ops = {
    BITBLAS_RT_BACKEND_CUDA, "CUDA", cuda_load, cuda_device_count, cuda_device_open,
    cuda_device_close, cuda_set_current, cuda_synchronize, cuda_mem_alloc, cuda_mem_free,
    cuda_memcpy, cuda_memset, cuda_host_register, cuda_stream_create, cuda_stream_destroy,
    cuda_stream_sync, cuda_stream_wait_event, cuda_event_create, cuda_event_destroy,
    cuda_event_record, cuda_event_sync, cuda_event_elapsed, cuda_module_load, cuda_module_unload,
    cuda_module_get_function, cuda_function_set_max_smem, cuda_launch,
};

const RtBackendOps *rt_cuda_backend(void) { return &cuda_ops; }
