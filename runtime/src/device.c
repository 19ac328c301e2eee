/* Devices, memory, streams, events, modules (with a per-device cache),
 * kernels and launches, over whichever backend the device uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

struct BitblasRtKernel {
  BitblasRtModule *module;
  void *native;
  char *name;
  size_t smem_opted_in;
  BitblasRtKernel *next;
};

struct BitblasRtModule {
  BitblasRtDevice *device;
  void *native;
  BitblasRtBinaryFormat format;
  uint64_t hash;
  size_t bytes;
  void *data; /* kept to tell hash collisions apart */
  int refs;
  BitblasRtKernel *kernels;
  BitblasRtModule *next;
};

BitblasRtStatus rt_backend_get(BitblasRtBackend backend, const RtBackendOps **out) {
  const RtBackendOps *ops = backend == BITBLAS_RT_BACKEND_CUDA ? rt_cuda_backend()
                            : backend == BITBLAS_RT_BACKEND_HIP ? rt_hip_backend()
                                                                 : NULL;
  *out = NULL;
  if (!ops) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown backend %d", (int)backend);
  BitblasRtStatus st = ops->load();
  if (!st) *out = ops;
  return st;
}

BitblasRtStatus bitblasRtDeviceCount(BitblasRtBackend backend, int *count) {
  RT_CHECK_ARG("bitblasRtDeviceCount", count, "count");
  *count = 0;
  const RtBackendOps *ops;
  BitblasRtStatus st = rt_backend_get(backend, &ops);
  if (!st) st = ops->device_count(count);
  return st ? rt_error_prefix(st, "bitblasRtDeviceCount") : st;
}

BitblasRtStatus bitblasRtDeviceCreate(BitblasRtBackend backend, int ordinal, BitblasRtDevice **out) {
  RT_CHECK_ARG("bitblasRtDeviceCreate", out, "out");
  *out = NULL;
  const RtBackendOps *ops;
  BitblasRtStatus st = rt_backend_get(backend, &ops);
  if (st) return rt_error_prefix(st, "bitblasRtDeviceCreate");
  BitblasRtDevice *d = calloc(1, sizeof *d);
  if (!d) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "bitblasRtDeviceCreate: out of memory");
  d->ops = ops;
  d->info.backend = backend;
  d->info.ordinal = ordinal;
  st = ops->device_open(ordinal, &d->ctx, &d->info);
  if (st) {
    free(d);
    return rt_error_prefix(st, "bitblasRtDeviceCreate");
  }
  pthread_mutex_init(&d->lock, NULL);
  *out = d;
  return BITBLAS_RT_SUCCESS;
}

static void module_free(BitblasRtModule *m) {
  for (BitblasRtKernel *k = m->kernels, *next; k; k = next) {
    next = k->next;
    free(k->name);
    free(k);
  }
  if (m->native) m->device->ops->module_unload(m->native);
  free(m->data);
  free(m);
}

BitblasRtStatus bitblasRtDeviceDestroy(BitblasRtDevice *d) {
  if (!d) return BITBLAS_RT_SUCCESS;
  d->ops->set_current(d->ctx);
  for (BitblasRtModule *m = d->modules, *next; m; m = next) {
    next = m->next;
    module_free(m);
  }
  BitblasRtStatus st = d->ops->device_close(d->ctx);
  pthread_mutex_destroy(&d->lock);
  free(d);
  return st ? rt_error_prefix(st, "bitblasRtDeviceDestroy") : st;
}

BitblasRtStatus bitblasRtDeviceGetInfo(const BitblasRtDevice *d, BitblasRtDeviceInfo *info) {
  RT_CHECK_ARG("bitblasRtDeviceGetInfo", d, "device");
  RT_CHECK_ARG("bitblasRtDeviceGetInfo", info, "info");
  *info = d->info;
  return BITBLAS_RT_SUCCESS;
}

/* Every entry point makes the device current first: callers may switch
 * threads or devices between calls. */
#define ENTER(fn, dev)                                                               \
  RT_CHECK_ARG(fn, dev, "device");                                                   \
  do {                                                                               \
    BitblasRtStatus st_ = (dev)->ops->set_current((dev)->ctx);                       \
    if (st_) return rt_error_prefix(st_, fn);                                        \
  } while (0)
#define DRV(fn, call)                                                                \
  do {                                                                               \
    BitblasRtStatus st_ = (call);                                                    \
    if (st_) return rt_error_prefix(st_, fn);                                        \
  } while (0)

BitblasRtStatus bitblasRtDeviceSynchronize(BitblasRtDevice *d) {
  ENTER("bitblasRtDeviceSynchronize", d);
  DRV("bitblasRtDeviceSynchronize", d->ops->synchronize());
  return BITBLAS_RT_SUCCESS;
}

void *rt_stream_native(const BitblasRtStream *s) { return s ? s->native : NULL; }

static BitblasRtStatus check_stream(const char *fn, BitblasRtDevice *d, BitblasRtStream *s) {
  if (s && s->device != d)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: stream belongs to another device", fn);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMalloc(BitblasRtDevice *d, size_t bytes, void **p) {
  RT_CHECK_ARG("bitblasRtMalloc", p, "dptr");
  *p = NULL;
  ENTER("bitblasRtMalloc", d);
  if (bytes == 0) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtMalloc: size is 0");
  DRV("bitblasRtMalloc", d->ops->mem_alloc(bytes, 0, p));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtFree(BitblasRtDevice *d, void *p) {
  if (!p) return BITBLAS_RT_SUCCESS;
  ENTER("bitblasRtFree", d);
  DRV("bitblasRtFree", d->ops->mem_free(p));
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus copy(const char *fn, BitblasRtDevice *d, void *dst, const void *src,
                            size_t n, RtCopyKind kind, BitblasRtStream *s) {
  RT_CHECK_ARG(fn, dst, "dst");
  RT_CHECK_ARG(fn, src, "src");
  ENTER(fn, d);
  DRV(fn, check_stream(fn, d, s));
  if (n == 0) return BITBLAS_RT_SUCCESS;
  DRV(fn, d->ops->memcpy(dst, src, n, kind, rt_stream_native(s), s != NULL));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMemcpyHtoD(BitblasRtDevice *d, void *dst, const void *src, size_t n,
                                    BitblasRtStream *s) {
  return copy("bitblasRtMemcpyHtoD", d, dst, src, n, RT_COPY_HTOD, s);
}
BitblasRtStatus bitblasRtMemcpyDtoH(BitblasRtDevice *d, void *dst, const void *src, size_t n,
                                    BitblasRtStream *s) {
  return copy("bitblasRtMemcpyDtoH", d, dst, src, n, RT_COPY_DTOH, s);
}
BitblasRtStatus bitblasRtMemcpyDtoD(BitblasRtDevice *d, void *dst, const void *src, size_t n,
                                    BitblasRtStream *s) {
  return copy("bitblasRtMemcpyDtoD", d, dst, src, n, RT_COPY_DTOD, s);
}

static BitblasRtStatus set(const char *fn, BitblasRtDevice *d, void *dst, uint32_t v, int eb,
                           size_t count, BitblasRtStream *s) {
  RT_CHECK_ARG(fn, dst, "dst");
  ENTER(fn, d);
  DRV(fn, check_stream(fn, d, s));
  if (count == 0) return BITBLAS_RT_SUCCESS;
  DRV(fn, d->ops->memset(dst, v, eb, count, rt_stream_native(s), s != NULL));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMemsetD8(BitblasRtDevice *d, void *dst, uint8_t v, size_t count,
                                  BitblasRtStream *s) {
  return set("bitblasRtMemsetD8", d, dst, v, 1, count, s);
}
BitblasRtStatus bitblasRtMemsetD32(BitblasRtDevice *d, void *dst, uint32_t v, size_t count,
                                   BitblasRtStream *s) {
  return set("bitblasRtMemsetD32", d, dst, v, 4, count, s);
}

BitblasRtStatus bitblasRtStreamCreate(BitblasRtDevice *d, BitblasRtStream **out) {
  RT_CHECK_ARG("bitblasRtStreamCreate", out, "out");
  *out = NULL;
  ENTER("bitblasRtStreamCreate", d);
  BitblasRtStream *s = calloc(1, sizeof *s);
  if (!s) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "bitblasRtStreamCreate: out of memory");
  BitblasRtStatus st = d->ops->stream_create(&s->native);
  if (st) {
    free(s);
    return rt_error_prefix(st, "bitblasRtStreamCreate");
  }
  s->device = d;
  *out = s;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtStreamDestroy(BitblasRtStream *s) {
  if (!s) return BITBLAS_RT_SUCCESS;
  BitblasRtDevice *d = s->device;
  ENTER("bitblasRtStreamDestroy", d);
  BitblasRtStatus st = d->ops->stream_destroy(s->native);
  free(s);
  return st ? rt_error_prefix(st, "bitblasRtStreamDestroy") : st;
}

BitblasRtStatus bitblasRtStreamSynchronize(BitblasRtStream *s) {
  RT_CHECK_ARG("bitblasRtStreamSynchronize", s, "stream");
  ENTER("bitblasRtStreamSynchronize", s->device);
  DRV("bitblasRtStreamSynchronize", s->device->ops->stream_sync(s->native));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtStreamGetNative(const BitblasRtStream *s, void **native) {
  RT_CHECK_ARG("bitblasRtStreamGetNative", s, "stream");
  RT_CHECK_ARG("bitblasRtStreamGetNative", native, "native");
  *native = s->native;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtEventCreate(BitblasRtDevice *d, BitblasRtEvent **out) {
  RT_CHECK_ARG("bitblasRtEventCreate", out, "out");
  *out = NULL;
  ENTER("bitblasRtEventCreate", d);
  BitblasRtEvent *e = calloc(1, sizeof *e);
  if (!e) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "bitblasRtEventCreate: out of memory");
  BitblasRtStatus st = d->ops->event_create(1, &e->native);
  if (st) {
    free(e);
    return rt_error_prefix(st, "bitblasRtEventCreate");
  }
  e->device = d;
  *out = e;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtEventDestroy(BitblasRtEvent *e) {
  if (!e) return BITBLAS_RT_SUCCESS;
  ENTER("bitblasRtEventDestroy", e->device);
  BitblasRtStatus st = e->device->ops->event_destroy(e->native);
  free(e);
  return st ? rt_error_prefix(st, "bitblasRtEventDestroy") : st;
}

BitblasRtStatus bitblasRtEventRecord(BitblasRtEvent *e, BitblasRtStream *s) {
  RT_CHECK_ARG("bitblasRtEventRecord", e, "event");
  ENTER("bitblasRtEventRecord", e->device);
  DRV("bitblasRtEventRecord", check_stream("bitblasRtEventRecord", e->device, s));
  DRV("bitblasRtEventRecord", e->device->ops->event_record(e->native, rt_stream_native(s)));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtEventSynchronize(BitblasRtEvent *e) {
  RT_CHECK_ARG("bitblasRtEventSynchronize", e, "event");
  ENTER("bitblasRtEventSynchronize", e->device);
  DRV("bitblasRtEventSynchronize", e->device->ops->event_sync(e->native));
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtEventElapsedMs(BitblasRtEvent *a, BitblasRtEvent *b, float *ms) {
  RT_CHECK_ARG("bitblasRtEventElapsedMs", a, "start");
  RT_CHECK_ARG("bitblasRtEventElapsedMs", b, "end");
  RT_CHECK_ARG("bitblasRtEventElapsedMs", ms, "ms");
  if (a->device != b->device)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtEventElapsedMs: events of different devices");
  ENTER("bitblasRtEventElapsedMs", a->device);
  DRV("bitblasRtEventElapsedMs", a->device->ops->event_elapsed(a->native, b->native, ms));
  return BITBLAS_RT_SUCCESS;
}

/* ---- binaries, modules, kernels ----------------------------------------- */

const char *bitblasRtBinaryFormatName(BitblasRtBinaryFormat f) {
  switch (f) {
  case BITBLAS_RT_FORMAT_CUBIN: return "cubin";
  case BITBLAS_RT_FORMAT_PTX: return "ptx";
  case BITBLAS_RT_FORMAT_HSACO: return "hsaco";
  case BITBLAS_RT_FORMAT_AMDGCN: return "amdgcn";
  default: return "invalid";
  }
}

BitblasRtStatus bitblasRtBinaryFormatFromName(const char *name, BitblasRtBinaryFormat *f) {
  RT_CHECK_ARG("bitblasRtBinaryFormatFromName", name, "name");
  RT_CHECK_ARG("bitblasRtBinaryFormatFromName", f, "format");
  for (int i = BITBLAS_RT_FORMAT_CUBIN; i <= BITBLAS_RT_FORMAT_AMDGCN; ++i) {
    if (strcmp(name, bitblasRtBinaryFormatName((BitblasRtBinaryFormat)i)) == 0) {
      *f = (BitblasRtBinaryFormat)i;
      return BITBLAS_RT_SUCCESS;
    }
  }
  return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                  "unknown binary format '%s' (known: cubin, ptx, hsaco, amdgcn)", name);
}

BitblasRtStatus rt_device_check_binary(const BitblasRtDevice *d, BitblasRtBinaryFormat f,
                                       const char *target) {
  int cuda = d->info.backend == BITBLAS_RT_BACKEND_CUDA;
  if (f == BITBLAS_RT_FORMAT_AMDGCN)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    "amdgcn assembly cannot be loaded: compile with --format=bin for an hsaco");
  if (cuda ? f == BITBLAS_RT_FORMAT_HSACO : f != BITBLAS_RT_FORMAT_HSACO)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "%s binaries cannot be loaded by the %s backend",
                    bitblasRtBinaryFormatName(f), d->ops->name);
  if (!cuda || !target || !*target) return BITBLAS_RT_SUCCESS;
  unsigned sm = 0;
  char suffix = 0;
  if (sscanf(target, "sm_%u%c", &sm, &suffix) < 1)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED, "target '%s' is not an sm_XX target", target);
  int major = (int)sm / 10, minor = (int)sm % 10;
  int dev = d->info.cc_major * 10 + d->info.cc_minor;
  int ok = f == BITBLAS_RT_FORMAT_PTX ? dev >= (int)sm
           : suffix == 'a'            ? dev == (int)sm
                                      : d->info.cc_major == major && d->info.cc_minor >= minor;
  if (!ok)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    "%s for %s cannot run on device %d (%s, %s)", bitblasRtBinaryFormatName(f),
                    target, d->info.ordinal, d->info.name, d->info.arch);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus rt_read_file(const char *path, void **data, size_t *bytes) {
  struct stat sb;
  if (stat(path, &sb) != 0) return rt_error(BITBLAS_RT_ERROR_IO, "cannot open '%s'", path);
  if (!S_ISREG(sb.st_mode)) return rt_error(BITBLAS_RT_ERROR_IO, "'%s' is not a regular file", path);
  FILE *f = fopen(path, "rb");
  if (!f) return rt_error(BITBLAS_RT_ERROR_IO, "cannot open '%s'", path);
  long size = -1;
  if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return rt_error(BITBLAS_RT_ERROR_IO, "cannot read '%s' (not a regular file?)", path);
  }
  char *buf = malloc((size_t)size + 1);
  if (!buf) {
    fclose(f);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory reading '%s'", path);
  }
  size_t got = fread(buf, 1, (size_t)size, f);
  fclose(f);
  if (got != (size_t)size) {
    free(buf);
    return rt_error(BITBLAS_RT_ERROR_IO, "short read on '%s'", path);
  }
  buf[size] = '\0';
  *data = buf;
  *bytes = (size_t)size;
  return BITBLAS_RT_SUCCESS;
}

static uint64_t fnv1a(const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

#define LFN "bitblasRtModuleLoadData"

BitblasRtStatus bitblasRtModuleLoadData(BitblasRtDevice *d, const void *data, size_t bytes,
                                        BitblasRtBinaryFormat format, BitblasRtModule **out) {
  RT_CHECK_ARG(LFN, out, "out");
  *out = NULL;
  RT_CHECK_ARG(LFN, data, "data");
  if (bytes == 0) return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, LFN ": binary is empty");
  if (format < BITBLAS_RT_FORMAT_CUBIN || format > BITBLAS_RT_FORMAT_HSACO)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, LFN ": unknown format %d", (int)format);
  ENTER(LFN, d);
  DRV(LFN, rt_device_check_binary(d, format, NULL));
  uint64_t h = fnv1a(data, bytes);
  pthread_mutex_lock(&d->lock);
  for (BitblasRtModule *m = d->modules; m; m = m->next) {
    if (m->hash == h && m->bytes == bytes && m->format == format && !memcmp(m->data, data, bytes)) {
      ++m->refs;
      pthread_mutex_unlock(&d->lock);
      *out = m;
      return BITBLAS_RT_SUCCESS;
    }
  }
  BitblasRtModule *m = calloc(1, sizeof *m);
  char *copy = malloc(bytes + 1); /* +NUL: the driver reads PTX as a C string */
  if (!m || !copy) {
    pthread_mutex_unlock(&d->lock);
    free(m);
    free(copy);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, LFN ": out of memory");
  }
  memcpy(copy, data, bytes);
  copy[bytes] = '\0';
  BitblasRtStatus st = d->ops->module_load(copy, format, -1, &m->native);
  if (st) {
    pthread_mutex_unlock(&d->lock);
    free(m);
    free(copy);
    return rt_error_prefix(st, LFN);
  }
  *m = (BitblasRtModule){d, m->native, format, h, bytes, copy, 1, NULL, d->modules};
  d->modules = m;
  pthread_mutex_unlock(&d->lock);
  *out = m;
  return BITBLAS_RT_SUCCESS;
}
#undef LFN

BitblasRtStatus bitblasRtModuleLoadFile(BitblasRtDevice *d, const char *path,
                                        BitblasRtBinaryFormat format, BitblasRtModule **out) {
  RT_CHECK_ARG("bitblasRtModuleLoadFile", out, "out");
  *out = NULL;
  RT_CHECK_ARG("bitblasRtModuleLoadFile", d, "device");
  RT_CHECK_ARG("bitblasRtModuleLoadFile", path, "path");
  void *data;
  size_t bytes;
  BitblasRtStatus st = rt_read_file(path, &data, &bytes);
  if (st) return rt_error_prefix(st, "bitblasRtModuleLoadFile");
  st = bitblasRtModuleLoadData(d, data, bytes, format, out);
  free(data);
  if (st) {
    char msg[900];
    snprintf(msg, sizeof msg, "%s", bitblasRtGetLastErrorMessage());
    return rt_error(st, "bitblasRtModuleLoadFile('%s'): %s", path, msg);
  }
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtModuleUnload(BitblasRtModule *m) {
  if (!m) return BITBLAS_RT_SUCCESS;
  BitblasRtDevice *d = m->device;
  ENTER("bitblasRtModuleUnload", d);
  pthread_mutex_lock(&d->lock);
  if (--m->refs > 0) {
    pthread_mutex_unlock(&d->lock);
    return BITBLAS_RT_SUCCESS;
  }
  for (BitblasRtModule **p = &d->modules; *p; p = &(*p)->next) {
    if (*p == m) {
      *p = m->next;
      break;
    }
  }
  pthread_mutex_unlock(&d->lock);
  module_free(m);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtModuleGetKernel(BitblasRtModule *m, const char *name,
                                         BitblasRtKernel **out) {
  RT_CHECK_ARG("bitblasRtModuleGetKernel", out, "out");
  *out = NULL;
  RT_CHECK_ARG("bitblasRtModuleGetKernel", m, "module");
  RT_CHECK_ARG("bitblasRtModuleGetKernel", name, "name");
  BitblasRtDevice *d = m->device;
  ENTER("bitblasRtModuleGetKernel", d);
  pthread_mutex_lock(&d->lock);
  for (BitblasRtKernel *k = m->kernels; k; k = k->next) {
    if (strcmp(k->name, name) == 0) {
      pthread_mutex_unlock(&d->lock);
      *out = k;
      return BITBLAS_RT_SUCCESS;
    }
  }
  BitblasRtKernel *k = calloc(1, sizeof *k);
  char *copy = k ? malloc(strlen(name) + 1) : NULL;
  BitblasRtStatus st = copy ? d->ops->module_get_function(m->native, name, &k->native)
                            : rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory");
  if (st) {
    pthread_mutex_unlock(&d->lock);
    free(k);
    free(copy);
    return rt_error_prefix(st, "bitblasRtModuleGetKernel");
  }
  strcpy(copy, name);
  k->module = m;
  k->name = copy;
  k->next = m->kernels;
  m->kernels = k;
  pthread_mutex_unlock(&d->lock);
  *out = k;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus rt_launch_kernel(const char *fn, BitblasRtKernel *k, BitblasRtDim3 grid,
                                 BitblasRtDim3 block, size_t smem, BitblasRtStream *s,
                                 void **args, unsigned flags) {
  RT_CHECK_ARG(fn, k, "kernel");
  BitblasRtDevice *d = k->module->device;
  if (!grid.x || !grid.y || !grid.z || !block.x || !block.y || !block.z)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "%s: kernel %s: grid (%u,%u,%u) and block (%u,%u,%u) must be non-zero", fn,
                    k->name, grid.x, grid.y, grid.z, block.x, block.y, block.z);
  if (d->info.max_smem_optin && smem > d->info.max_smem_optin)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT,
                    "%s: kernel %s wants %zu bytes of shared memory; device allows %zu", fn,
                    k->name, smem, d->info.max_smem_optin);
  ENTER(fn, d);
  DRV(fn, check_stream(fn, d, s));
  /* Opt in for any dynamic size: the default limit is 48 KiB less the
   * kernel's static shared memory, which the manifest does not give. */
  if (smem > k->smem_opted_in) {
    DRV(fn, d->ops->function_set_max_smem(k->native, smem));
    k->smem_opted_in = smem;
  }
  uint32_t g[3] = {grid.x, grid.y, grid.z}, b[3] = {block.x, block.y, block.z};
  BitblasRtStatus st =
      d->ops->launch(k->native, g, b, NULL, smem, rt_stream_native(s), args, NULL, flags);
  if (st) {
    char msg[900];
    snprintf(msg, sizeof msg, "%s", bitblasRtGetLastErrorMessage());
    return rt_error(st, "%s: kernel %s: %s", fn, k->name, msg);
  }
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtLaunchKernel(BitblasRtKernel *k, BitblasRtDim3 grid, BitblasRtDim3 block,
                                      size_t smem, BitblasRtStream *s, void **args) {
  return rt_launch_kernel("bitblasRtLaunchKernel", k, grid, block, smem, s, args, 0);
}
