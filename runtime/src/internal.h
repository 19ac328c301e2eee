/* Private declarations shared by the runtime's source files. */
#ifndef BITBLAS_RT_INTERNAL_H
#define BITBLAS_RT_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>

#include "bitblas/runtime.h"

#if defined(__GNUC__)
#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RT_PRINTF(f, a)
#endif

/* Records the detailed message for this thread and returns status, so that
 * error paths read `return rt_error(...)`. */
BitblasRtStatus rt_error(BitblasRtStatus status, const char *fmt, ...) RT_PRINTF(2, 3);
/* Prepends "prefix: " to the current message (keeps the driver's detail). */
BitblasRtStatus rt_error_prefix(BitblasRtStatus status, const char *prefix);

#define RT_CHECK_ARG(fn, cond, name)                                                  \
  do {                                                                                \
    if (!(cond))                                                                      \
      return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, "%s: argument %s is NULL",   \
                      fn, name);                                                      \
  } while (0)

typedef enum RtCopyKind { RT_COPY_HTOD, RT_COPY_DTOH, RT_COPY_DTOD, RT_COPY_ANY } RtCopyKind;

/* The driver operations one backend provides. Handles are the driver's own.
 * Each op sets the error message itself (naming the failing driver call). */
typedef struct RtBackendOps {
  BitblasRtBackend kind;
  const char *name;
  BitblasRtStatus (*load)(void);
  BitblasRtStatus (*device_count)(int *count);
  BitblasRtStatus (*device_open)(int ordinal, void **ctx, BitblasRtDeviceInfo *info);
  BitblasRtStatus (*device_close)(void *ctx);
  BitblasRtStatus (*set_current)(void *ctx);
  BitblasRtStatus (*synchronize)(void);
  BitblasRtStatus (*mem_alloc)(size_t bytes, int managed, void **ptr);
  BitblasRtStatus (*mem_free)(void *ptr);
  BitblasRtStatus (*memcpy)(void *dst, const void *src, size_t bytes, RtCopyKind kind,
                            void *stream, int async);
  /* elem_bytes: 1, 2 or 4 */
  BitblasRtStatus (*memset)(void *dst, uint32_t value, int elem_bytes, size_t count, void *stream,
                            int async);
  BitblasRtStatus (*host_register)(void *ptr, size_t bytes, int unregister);
  BitblasRtStatus (*stream_create)(void **stream);
  BitblasRtStatus (*stream_destroy)(void *stream);
  BitblasRtStatus (*stream_sync)(void *stream);
  BitblasRtStatus (*stream_wait_event)(void *stream, void *event);
  BitblasRtStatus (*event_create)(int timing, void **event);
  BitblasRtStatus (*event_destroy)(void *event);
  BitblasRtStatus (*event_record)(void *event, void *stream);
  BitblasRtStatus (*event_sync)(void *event);
  BitblasRtStatus (*event_elapsed)(void *start, void *end, float *ms);
  /* PTX data must be NUL-terminated; jit_opt_level < 0 keeps the default. */
  BitblasRtStatus (*module_load)(const void *data, BitblasRtBinaryFormat format,
                                 int jit_opt_level, void **module);
  BitblasRtStatus (*module_unload)(void *module);
  BitblasRtStatus (*module_get_function)(void *module, const char *name, void **function);
  BitblasRtStatus (*function_set_max_smem)(void *function, size_t bytes);
  BitblasRtStatus (*launch)(void *function, const uint32_t grid[3], const uint32_t block[3],
                            const uint32_t cluster[3] /* NULL: none */, size_t smem,
                            void *stream, void **args, void **extra, unsigned flags);
} RtBackendOps;

/* launch flags */
enum {
  /* A programmatic dependent of the stream's previous kernel (CUDA, sm_90+):
   * the kernel must wait (griddepcontrol.wait) before reading what that
   * kernel wrote. */
  RT_LAUNCH_PDL = 1u
};

const RtBackendOps *rt_cuda_backend(void);
const RtBackendOps *rt_hip_backend(void);
/* Loads the backend's driver (once); fails with NO_DRIVER / NO_DEVICE. */
BitblasRtStatus rt_backend_get(BitblasRtBackend backend, const RtBackendOps **ops);

struct BitblasRtDevice {
  const RtBackendOps *ops;
  void *ctx;
  BitblasRtDeviceInfo info;
  pthread_mutex_t lock; /* guards the module cache */
  BitblasRtModule *modules;
};

struct BitblasRtStream {
  BitblasRtDevice *device;
  void *native;
};

struct BitblasRtEvent {
  BitblasRtDevice *device;
  void *native;
};

/* Whether `device` can load `format` built for `target` ("sm_90", "gfx942";
 * NULL or "" skips the target check). Sets the error when it cannot. */
BitblasRtStatus rt_device_check_binary(const BitblasRtDevice *device, BitblasRtBinaryFormat format,
                                       const char *target);
void *rt_stream_native(const BitblasRtStream *stream);
/* bitblasRtLaunchKernel with RT_LAUNCH_* flags; errors name `fn`. */
BitblasRtStatus rt_launch_kernel(const char *fn, BitblasRtKernel *kernel, BitblasRtDim3 grid,
                                 BitblasRtDim3 block, size_t smem, BitblasRtStream *stream,
                                 void **args, unsigned flags);

/* Reads a whole file; *data is malloc'ed with one extra NUL byte. */
BitblasRtStatus rt_read_file(const char *path, void **data, size_t *bytes);

/* Type helpers (types.c). */
int rt_type_bits(BitblasRtType type, const BitblasRtLut *lut); /* 0 if invalid */
int rt_type_is_int(BitblasRtType type);     /* iN, uiN, i32 */
int rt_type_is_uint(BitblasRtType type);    /* uiN */
int rt_type_is_float(BitblasRtType type);   /* f16 bf16 f32 f64 */
int rt_type_is_scalar(BitblasRtType type);  /* byte-aligned, convertible to double */
BitblasRtStatus rt_lut_check(BitblasRtType type, const BitblasRtLut *lut, const char *fn);

/* The layouts, in enum order (bitblasRtLayoutName); a new one goes here too. */
#define RT_LAYOUT_LAST BITBLAS_RT_LAYOUT_FRAG8
#define RT_KNOWN_LAYOUTS "packed, interleave32, frag16, frag8"
/* Whether a [n, k] weight of `bits`-bit elements can be stored in `layout`
 * (a known one): INVALID_ARGUMENT naming the layout's rule, prefixed `fn`. */
BitblasRtStatus rt_layout_check(BitblasRtLayout layout, int bits, int64_t n, int64_t k,
                                const char *fn);
double rt_load_scalar(BitblasRtType type, const void *base, size_t index);

/* Packed bit-field access (transform.c). */
uint32_t rt_packed_get(const uint8_t *base, int bits, uint64_t index);
void rt_packed_set(uint8_t *base, int bits, uint64_t index, uint32_t code);
/* Packed index (the field number) of row-major element `i` of a [*, k] weight
 * tensor stored in `layout`. */
uint64_t rt_storage_index(BitblasRtLayout layout, int bits, int64_t k, uint64_t i);

#endif
