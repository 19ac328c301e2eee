/* HIP backend, resolved with dlopen("libamdhip64.so") at run time. Mirrors
 * the CUDA backend; only its "no HIP runtime" path is tested here. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef int E; /* hipError_t */
typedef void *HS;

enum {
  HIP_SUCCESS = 0, HIP_ERROR_NO_DEVICE = 100, HIP_ERROR_NOT_READY = 600,
  HIP_MEMCPY_HTOD = 1, HIP_MEMCPY_DTOH = 2, HIP_MEMCPY_DTOD = 3, HIP_MEMCPY_DEFAULT = 4,
  HIP_STREAM_NON_BLOCKING = 1, HIP_EVENT_DEFAULT = 0, HIP_EVENT_DISABLE_TIMING = 2,
  HIP_MEM_ATTACH_GLOBAL = 1
};

static struct {
  E (*Init)(unsigned);
  const char *(*GetErrorString)(E);
  const char *(*GetErrorName)(E);
  E (*GetDeviceCount)(int *);
  E (*SetDevice)(int);
  E (*DeviceGetName)(char *, int, int);
  E (*DeviceSynchronize)(void);
  E (*Malloc)(void **, size_t);
  E (*MallocManaged)(void **, size_t, unsigned);
  E (*Free)(void *);
  E (*Memcpy)(void *, const void *, size_t, int);
  E (*MemcpyAsync)(void *, const void *, size_t, int, HS);
  E (*MemsetD8)(void *, unsigned char, size_t);
  E (*MemsetD16)(void *, unsigned short, size_t);
  E (*MemsetD32)(void *, int, size_t);
  E (*MemsetD8Async)(void *, unsigned char, size_t, HS);
  E (*MemsetD16Async)(void *, unsigned short, size_t, HS);
  E (*MemsetD32Async)(void *, int, size_t, HS);
  E (*HostRegister)(void *, size_t, unsigned);
  E (*HostUnregister)(void *);
  E (*StreamCreateWithFlags)(HS *, unsigned);
  E (*StreamDestroy)(HS);
  E (*StreamSynchronize)(HS);
  E (*StreamWaitEvent)(HS, void *, unsigned);
  E (*EventCreateWithFlags)(void **, unsigned);
  E (*EventDestroy)(void *);
  E (*EventRecord)(void *, HS);
  E (*EventSynchronize)(void *);
  E (*EventElapsedTime)(float *, void *, void *);
  E (*ModuleLoadData)(void **, const void *);
  E (*ModuleUnload)(void *);
  E (*ModuleGetFunction)(void **, void *, const char *);
  E (*ModuleLaunchKernel)(void *, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                          unsigned, HS, void **, void **);
} hip;

static const struct {
  const char *name;
  size_t offset;
} syms[] = {
#define SYM(f, n) {n, offsetof(__typeof__(hip), f)}
    SYM(Init, "hipInit"), SYM(GetErrorString, "hipGetErrorString"),
    SYM(GetErrorName, "hipGetErrorName"), SYM(GetDeviceCount, "hipGetDeviceCount"),
    SYM(SetDevice, "hipSetDevice"), SYM(DeviceGetName, "hipDeviceGetName"),
    SYM(DeviceSynchronize, "hipDeviceSynchronize"), SYM(Malloc, "hipMalloc"),
    SYM(MallocManaged, "hipMallocManaged"), SYM(Free, "hipFree"), SYM(Memcpy, "hipMemcpy"),
    SYM(MemcpyAsync, "hipMemcpyAsync"), SYM(MemsetD8, "hipMemsetD8"),
    SYM(MemsetD16, "hipMemsetD16"), SYM(MemsetD32, "hipMemsetD32"),
    SYM(MemsetD8Async, "hipMemsetD8Async"), SYM(MemsetD16Async, "hipMemsetD16Async"),
    SYM(MemsetD32Async, "hipMemsetD32Async"), SYM(HostRegister, "hipHostRegister"),
    SYM(HostUnregister, "hipHostUnregister"),
    SYM(StreamCreateWithFlags, "hipStreamCreateWithFlags"), SYM(StreamDestroy, "hipStreamDestroy"),
    SYM(StreamSynchronize, "hipStreamSynchronize"), SYM(StreamWaitEvent, "hipStreamWaitEvent"),
    SYM(EventCreateWithFlags, "hipEventCreateWithFlags"), SYM(EventDestroy, "hipEventDestroy"),
    SYM(EventRecord, "hipEventRecord"), SYM(EventSynchronize, "hipEventSynchronize"),
    SYM(EventElapsedTime, "hipEventElapsedTime"), SYM(ModuleLoadData, "hipModuleLoadData"),
    SYM(ModuleUnload, "hipModuleUnload"), SYM(ModuleGetFunction, "hipModuleGetFunction"),
    SYM(ModuleLaunchKernel, "hipModuleLaunchKernel"),
#undef SYM
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static BitblasRtStatus load_status;
static char load_message[768];

static BitblasRtStatus fail(E e, const char *call) {
  const char *name = hip.GetErrorName ? hip.GetErrorName(e) : NULL;
  const char *text = hip.GetErrorString ? hip.GetErrorString(e) : NULL;
  BitblasRtStatus st = e == HIP_ERROR_NO_DEVICE    ? BITBLAS_RT_ERROR_NO_DEVICE
                       : e == HIP_ERROR_NOT_READY ? BITBLAS_RT_ERROR_NOT_READY
                                                  : BITBLAS_RT_ERROR_DRIVER;
  return rt_error(st, "%s failed: %s (%d): %s", call, name ? name : "hipError?", e,
                  text ? text : "no description");
}

#define HIP(call, what)                                                                    \
  do {                                                                                     \
    E e_ = (call);                                                                         \
    if (e_ != HIP_SUCCESS) return fail(e_, what);                                          \
  } while (0)

static void load_runtime(void) {
  const char *env = getenv("BITBLAS_RT_HIP_LIBRARY");
  const char *names[] = {env && *env ? env : "libamdhip64.so", "libamdhip64.so.7",
                         "libamdhip64.so.6"};
  void *lib = NULL;
  char why[512] = "";
  for (size_t i = 0; i < (env && *env ? 1u : 3u) && !lib; ++i) {
    lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    const char *e = lib ? NULL : dlerror(); /* the next dlopen frees this string */
    if (e && !why[0]) snprintf(why, sizeof why, "%s", e);
  }
  if (!lib) {
    load_status = rt_error(BITBLAS_RT_ERROR_NO_DRIVER,
                           "no HIP runtime (%s not found: %s); install ROCm or set "
                           "BITBLAS_RT_HIP_LIBRARY",
                           names[0], why[0] ? why : "dlopen failed");
  } else {
    load_status = BITBLAS_RT_SUCCESS;
    for (size_t i = 0; i < sizeof syms / sizeof syms[0] && !load_status; ++i) {
      void *f = dlsym(lib, syms[i].name);
      if (!f)
        load_status = rt_error(BITBLAS_RT_ERROR_NO_DRIVER, "HIP runtime %s lacks symbol %s",
                               names[0], syms[i].name);
      memcpy((char *)&hip + syms[i].offset, &f, sizeof f);
    }
    if (!load_status) {
      E e = hip.Init(0);
      if (e) load_status = fail(e, "hipInit");
    }
  }
  if (load_status) snprintf(load_message, sizeof load_message, "%s", bitblasRtGetLastErrorMessage());
}

static BitblasRtStatus hip_load(void) {
  pthread_once(&load_once, load_runtime);
  if (load_status) return rt_error(load_status, "%s", load_message);
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_device_count(int *count) {
  HIP(hip.GetDeviceCount(count), "hipGetDeviceCount");
  return BITBLAS_RT_SUCCESS;
}

/* HIP has no explicit contexts: the "context" is the ordinal, made current
 * with hipSetDevice. */
static BitblasRtStatus hip_device_open(int ordinal, void **ctx, BitblasRtDeviceInfo *info) {
  int count = 0;
  HIP(hip.GetDeviceCount(&count), "hipGetDeviceCount");
  if (ordinal < 0 || ordinal >= count)
    return rt_error(BITBLAS_RT_ERROR_NO_DEVICE, "HIP device %d does not exist (%d devices)",
                    ordinal, count);
  HIP(hip.SetDevice(ordinal), "hipSetDevice");
  hip.DeviceGetName(info->name, (int)sizeof info->name, ordinal);
  info->max_smem_optin = 64 * 1024;
  *ctx = (void *)(intptr_t)(ordinal + 1);
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_device_close(void *ctx) {
  (void)ctx;
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_set_current(void *ctx) {
  HIP(hip.SetDevice((int)(intptr_t)ctx - 1), "hipSetDevice");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_synchronize(void) {
  HIP(hip.DeviceSynchronize(), "hipDeviceSynchronize");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_mem_alloc(size_t bytes, int managed, void **p) {
  if (managed) HIP(hip.MallocManaged(p, bytes, HIP_MEM_ATTACH_GLOBAL), "hipMallocManaged");
  else HIP(hip.Malloc(p, bytes), "hipMalloc");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_mem_free(void *p) {
  HIP(hip.Free(p), "hipFree");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_memcpy(void *dst, const void *src, size_t n, RtCopyKind kind, void *s,
                                  int async) {
  int k = kind == RT_COPY_HTOD ? HIP_MEMCPY_HTOD
          : kind == RT_COPY_DTOH ? HIP_MEMCPY_DTOH
          : kind == RT_COPY_DTOD ? HIP_MEMCPY_DTOD
                                 : HIP_MEMCPY_DEFAULT;
  if (async) HIP(hip.MemcpyAsync(dst, src, n, k, s), "hipMemcpyAsync");
  else HIP(hip.Memcpy(dst, src, n, k), "hipMemcpy");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_memset(void *dst, uint32_t v, int eb, size_t count, void *s, int async) {
  if (eb == 1) {
    if (async) HIP(hip.MemsetD8Async(dst, (unsigned char)v, count, s), "hipMemsetD8Async");
    else HIP(hip.MemsetD8(dst, (unsigned char)v, count), "hipMemsetD8");
  } else if (eb == 2) {
    if (async) HIP(hip.MemsetD16Async(dst, (unsigned short)v, count, s), "hipMemsetD16Async");
    else HIP(hip.MemsetD16(dst, (unsigned short)v, count), "hipMemsetD16");
  } else {
    if (async) HIP(hip.MemsetD32Async(dst, (int)v, count, s), "hipMemsetD32Async");
    else HIP(hip.MemsetD32(dst, (int)v, count), "hipMemsetD32");
  }
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_host_register(void *p, size_t bytes, int unregister) {
  if (unregister) HIP(hip.HostUnregister(p), "hipHostUnregister");
  else HIP(hip.HostRegister(p, bytes, 0), "hipHostRegister");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_stream_create(void **s) {
  HIP(hip.StreamCreateWithFlags(s, HIP_STREAM_NON_BLOCKING), "hipStreamCreateWithFlags");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_stream_destroy(void *s) {
  HIP(hip.StreamDestroy(s), "hipStreamDestroy");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_stream_sync(void *s) {
  HIP(hip.StreamSynchronize(s), "hipStreamSynchronize");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_stream_wait_event(void *s, void *e) {
  HIP(hip.StreamWaitEvent(s, e, 0), "hipStreamWaitEvent");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_event_create(int timing, void **e) {
  HIP(hip.EventCreateWithFlags(e, timing ? HIP_EVENT_DEFAULT : HIP_EVENT_DISABLE_TIMING),
      "hipEventCreateWithFlags");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_event_destroy(void *e) {
  HIP(hip.EventDestroy(e), "hipEventDestroy");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_event_record(void *e, void *s) {
  HIP(hip.EventRecord(e, s), "hipEventRecord");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_event_sync(void *e) {
  HIP(hip.EventSynchronize(e), "hipEventSynchronize");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_event_elapsed(void *a, void *b, float *ms) {
  HIP(hip.EventElapsedTime(ms, a, b), "hipEventElapsedTime");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus hip_module_load(const void *data, BitblasRtBinaryFormat format,
                                       int opt_level, void **m) {
  (void)opt_level;
  if (format != BITBLAS_RT_FORMAT_HSACO)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "the HIP backend cannot load %s binaries",
                    bitblasRtBinaryFormatName(format));
  HIP(hip.ModuleLoadData(m, data), "hipModuleLoadData");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_module_unload(void *m) {
  HIP(hip.ModuleUnload(m), "hipModuleUnload");
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_module_get_function(void *m, const char *name, void **f) {
  E e = hip.ModuleGetFunction(f, m, name);
  if (e) {
    fail(e, "hipModuleGetFunction");
    char why[512];
    snprintf(why, sizeof why, "%s", bitblasRtGetLastErrorMessage());
    return rt_error(BITBLAS_RT_ERROR_NOT_FOUND, "kernel '%s' not found in module (%s)", name, why);
  }
  return BITBLAS_RT_SUCCESS;
}
/* AMD GPUs give every kernel its full LDS without an opt-in. */
static BitblasRtStatus hip_function_set_max_smem(void *f, size_t bytes) {
  (void)f;
  (void)bytes;
  return BITBLAS_RT_SUCCESS;
}
static BitblasRtStatus hip_launch(void *f, const uint32_t g[3], const uint32_t b[3],
                                  const uint32_t cl[3], size_t smem, void *s, void **args,
                                  void **extra, unsigned flags) {
  if (cl) return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "the HIP backend has no cluster launch");
  if (flags & RT_LAUNCH_PDL)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "the HIP backend has no programmatic dependent launch");
  HIP(hip.ModuleLaunchKernel(f, g[0], g[1], g[2], b[0], b[1], b[2], (unsigned)smem, s, args, extra),
      "hipModuleLaunchKernel");
  return BITBLAS_RT_SUCCESS;
}

static const RtBackendOps hip_ops = {
    BITBLAS_RT_BACKEND_HIP, "HIP", hip_load, hip_device_count, hip_device_open, hip_device_close,
    hip_set_current, hip_synchronize, hip_mem_alloc, hip_mem_free, hip_memcpy, hip_memset,
    hip_host_register, hip_stream_create, hip_stream_destroy, hip_stream_sync,
    hip_stream_wait_event, hip_event_create, hip_event_destroy, hip_event_record, hip_event_sync,
    hip_event_elapsed, hip_module_load, hip_module_unload, hip_module_get_function,
    hip_function_set_max_smem, hip_launch,
};

const RtBackendOps *rt_hip_backend(void) { return &hip_ops; }
