/* MLIR's mgpu* runtime entry points (what gpu-to-llvm emits calls to),
 * over the CUDA backend. No status can be returned through these
 * signatures, so failures go to stderr and yield NULL / no effect. */
#include <stdio.h>
#include <string.h>

#include "bitblas/mgpu.h"
#include "internal.h"

#define MAX_ORDINALS 64

static _Thread_local int32_t default_ordinal = 0;
static pthread_mutex_t devices_lock = PTHREAD_MUTEX_INITIALIZER;
static BitblasRtDevice *devices[MAX_ORDINALS];

static void report(const char *fn) {
  fprintf(stderr, "bitblas-runtime: %s: %s\n", fn, bitblasRtGetLastErrorMessage());
}

/* The default device, created on first use, made current on this thread. */
static BitblasRtDevice *current(const char *fn) {
  int32_t ord = default_ordinal;
  if (ord < 0 || ord >= MAX_ORDINALS) {
    rt_error(BITBLAS_RT_ERROR_NO_DEVICE, "device ordinal %d out of range", ord);
    report(fn);
    return NULL;
  }
  pthread_mutex_lock(&devices_lock);
  BitblasRtStatus st = BITBLAS_RT_SUCCESS;
  if (!devices[ord]) st = bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, ord, &devices[ord]);
  BitblasRtDevice *d = devices[ord];
  pthread_mutex_unlock(&devices_lock);
  if (!st) st = d->ops->set_current(d->ctx);
  if (st) {
    report(fn);
    return NULL;
  }
  return d;
}

#define DEVICE_OR(fn, fail)                                                           \
  BitblasRtDevice *d = current(fn);                                                    \
  if (!d) return fail
#define CALL(fn, expr)                                                                \
  do {                                                                                \
    if ((expr) != BITBLAS_RT_SUCCESS) report(fn);                                     \
  } while (0)

static void *load(const char *fn, const void *data, BitblasRtBinaryFormat format, int opt) {
  if (!data) {
    rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "binary is NULL");
    report(fn);
    return NULL;
  }
  DEVICE_OR(fn, NULL);
  void *module = NULL;
  CALL(fn, d->ops->module_load(data, format, opt, &module));
  return module;
}

void *mgpuModuleLoad(void *data, size_t gpuBlobSize) {
  /* cubin and fatbin blobs are ELF / fatbin images; anything else is PTX text. */
  const unsigned char *p = data;
  int binary = p && gpuBlobSize >= 4 &&
               (!memcmp(p, "\x7f" "ELF", 4) || !memcmp(p, "\x50\xed\x55\xba", 4));
  return load("mgpuModuleLoad", data, binary ? BITBLAS_RT_FORMAT_CUBIN : BITBLAS_RT_FORMAT_PTX, -1);
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return load("mgpuModuleLoadJIT", data, BITBLAS_RT_FORMAT_PTX, optLevel);
}

void mgpuModuleUnload(void *module) {
  if (!module) return;
  DEVICE_OR("mgpuModuleUnload", );
  CALL("mgpuModuleUnload", d->ops->module_unload(module));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module || !name) {
    rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s is NULL", module ? "name" : "module");
    report("mgpuModuleGetFunction");
    return NULL;
  }
  DEVICE_OR("mgpuModuleGetFunction", NULL);
  void *f = NULL;
  CALL("mgpuModuleGetFunction", d->ops->module_get_function(module, name, &f));
  return f;
}

static void launch(const char *fn, void *f, const uint32_t *cluster, intptr_t gx, intptr_t gy,
                   intptr_t gz, intptr_t bx, intptr_t by, intptr_t bz, int32_t smem, void *stream,
                   void **params, void **extra) {
  if (!f) {
    rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "function is NULL");
    report(fn);
    return;
  }
  if (gx <= 0 || gy <= 0 || gz <= 0 || bx <= 0 || by <= 0 || bz <= 0 || smem < 0 ||
      gx > UINT32_MAX || gy > UINT32_MAX || gz > UINT32_MAX) {
    rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bad launch shape grid (%ld,%ld,%ld) block (%ld,%ld,%ld) smem %d",
             (long)gx, (long)gy, (long)gz, (long)bx, (long)by, (long)bz, smem);
    report(fn);
    return;
  }
  DEVICE_OR(fn, );
  if (smem > 48 * 1024 && d->ops->function_set_max_smem(f, (size_t)smem)) {
    report(fn);
    return;
  }
  uint32_t g[3] = {(uint32_t)gx, (uint32_t)gy, (uint32_t)gz};
  uint32_t b[3] = {(uint32_t)bx, (uint32_t)by, (uint32_t)bz};
  CALL(fn, d->ops->launch(f, g, b, cluster, (size_t)smem, stream, params, extra, 0));
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t smem,
                      void *stream, void **params, void **extra, size_t paramsCount) {
  (void)paramsCount; /* the driver learns the parameter layout from the binary */
  launch("mgpuLaunchKernel", function, NULL, gridX, gridY, gridZ, blockX, blockY, blockZ, smem,
         stream, params, extra);
}

void mgpuLaunchClusterKernel(void *function, intptr_t clusterX, intptr_t clusterY,
                             intptr_t clusterZ, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                             intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t smem,
                             void *stream, void **params, void **extra) {
  uint32_t cluster[3] = {(uint32_t)clusterX, (uint32_t)clusterY, (uint32_t)clusterZ};
  launch("mgpuLaunchClusterKernel", function, cluster, gridX, gridY, gridZ, blockX, blockY, blockZ,
         smem, stream, params, extra);
}

void *mgpuStreamCreate(void) {
  DEVICE_OR("mgpuStreamCreate", NULL);
  void *s = NULL;
  CALL("mgpuStreamCreate", d->ops->stream_create(&s));
  return s;
}

void mgpuStreamDestroy(void *stream) {
  if (!stream) return;
  DEVICE_OR("mgpuStreamDestroy", );
  CALL("mgpuStreamDestroy", d->ops->stream_destroy(stream));
}

void mgpuStreamSynchronize(void *stream) {
  DEVICE_OR("mgpuStreamSynchronize", );
  CALL("mgpuStreamSynchronize", d->ops->stream_sync(stream));
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  DEVICE_OR("mgpuStreamWaitEvent", );
  CALL("mgpuStreamWaitEvent", d->ops->stream_wait_event(stream, event));
}

void *mgpuEventCreate(void) {
  DEVICE_OR("mgpuEventCreate", NULL);
  void *e = NULL;
  CALL("mgpuEventCreate", d->ops->event_create(0, &e));
  return e;
}

void mgpuEventDestroy(void *event) {
  if (!event) return;
  DEVICE_OR("mgpuEventDestroy", );
  CALL("mgpuEventDestroy", d->ops->event_destroy(event));
}

void mgpuEventSynchronize(void *event) {
  DEVICE_OR("mgpuEventSynchronize", );
  CALL("mgpuEventSynchronize", d->ops->event_sync(event));
}

void mgpuEventRecord(void *event, void *stream) {
  DEVICE_OR("mgpuEventRecord", );
  CALL("mgpuEventRecord", d->ops->event_record(event, stream));
}

void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared) {
  (void)stream; /* allocation is not stream-ordered, as in MLIR's own wrappers */
  if (sizeBytes == 0) return NULL;
  DEVICE_OR("mgpuMemAlloc", NULL);
  void *p = NULL;
  CALL("mgpuMemAlloc", d->ops->mem_alloc((size_t)sizeBytes, isHostShared, &p));
  return p;
}

void mgpuMemFree(void *ptr, void *stream) {
  (void)stream;
  if (!ptr) return;
  DEVICE_OR("mgpuMemFree", );
  CALL("mgpuMemFree", d->ops->mem_free(ptr));
}

void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream) {
  if (sizeBytes == 0) return;
  DEVICE_OR("mgpuMemcpy", );
  CALL("mgpuMemcpy", d->ops->memcpy(dst, src, sizeBytes, RT_COPY_ANY, stream, 1));
}

void mgpuMemset32(void *dst, unsigned int value, size_t count, void *stream) {
  if (count == 0) return;
  DEVICE_OR("mgpuMemset32", );
  CALL("mgpuMemset32", d->ops->memset(dst, value, 4, count, stream, 1));
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream) {
  if (count == 0) return;
  DEVICE_OR("mgpuMemset16", );
  CALL("mgpuMemset16", d->ops->memset(dst, value, 2, count, stream, 1));
}

void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  DEVICE_OR("mgpuMemHostRegister", );
  CALL("mgpuMemHostRegister", d->ops->host_register(ptr, (size_t)sizeBytes, 0));
}

void mgpuMemHostUnregister(void *ptr) {
  DEVICE_OR("mgpuMemHostUnregister", );
  CALL("mgpuMemHostUnregister", d->ops->host_register(ptr, 0, 1));
}

/* A ranked memref descriptor: {allocated, aligned, offset, sizes[rank], strides[rank]}. */
typedef struct MemRefHead {
  char *allocated, *aligned;
  int64_t offset;
  int64_t sizes[];
} MemRefHead;

void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor, int64_t elementSizeBytes) {
  const MemRefHead *m = descriptor;
  if (!m || rank < 0) {
    rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "descriptor is NULL or rank negative");
    report("mgpuMemHostRegisterMemRef");
    return;
  }
  uint64_t bytes = (uint64_t)elementSizeBytes;
  for (int64_t i = 0; i < rank; ++i) bytes *= (uint64_t)m->sizes[i];
  mgpuMemHostRegister(m->aligned + m->offset * elementSizeBytes, bytes);
}

void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor, int64_t elementSizeBytes) {
  (void)rank;
  const MemRefHead *m = descriptor;
  if (!m) return;
  mgpuMemHostUnregister(m->aligned + m->offset * elementSizeBytes);
}

void mgpuSetDefaultDevice(int32_t device) { default_ordinal = device; }
