/* BitBLAS runtime: devices, memory, streams, modules, kernel libraries and
 * matmuls. GPU drivers are loaded with dlopen at run time, so this library
 * builds and reports clean errors on machines without CUDA or HIP.
 *
 * Conventions: opaque handles; Create/Destroy own, Get borrows; every
 * Destroy/Free accepts NULL; every fallible function returns a
 * BitblasRtStatus and leaves a detailed message in
 * bitblasRtGetLastErrorMessage(). Device pointers are plain `void *`. */
#ifndef BITBLAS_RT_RUNTIME_H
#define BITBLAS_RT_RUNTIME_H

#include "bitblas/reference.h"
#include "bitblas/status.h"
#include "bitblas/types.h"
#include "bitblas/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BITBLAS_RT_VERSION_MAJOR 0
#define BITBLAS_RT_VERSION_MINOR 1

typedef enum BitblasRtBackend {
  BITBLAS_RT_BACKEND_CUDA = 1, /* libcuda.so.1 (override: env BITBLAS_RT_CUDA_LIBRARY) */
  BITBLAS_RT_BACKEND_HIP = 2   /* libamdhip64.so (override: env BITBLAS_RT_HIP_LIBRARY) */
} BitblasRtBackend;

typedef enum BitblasRtBinaryFormat {
  BITBLAS_RT_FORMAT_INVALID = 0,
  BITBLAS_RT_FORMAT_CUBIN = 1,
  BITBLAS_RT_FORMAT_PTX = 2,
  BITBLAS_RT_FORMAT_HSACO = 3,
  /* AMDGCN assembly (bitblas-compile --format=isa for gfx targets): listed so
   * that such manifests parse, but no backend loads it; assemble to hsaco. */
  BITBLAS_RT_FORMAT_AMDGCN = 4
} BitblasRtBinaryFormat;

typedef struct BitblasRtDevice BitblasRtDevice;
typedef struct BitblasRtStream BitblasRtStream;
typedef struct BitblasRtEvent BitblasRtEvent;
typedef struct BitblasRtModule BitblasRtModule;
typedef struct BitblasRtKernel BitblasRtKernel;
typedef struct BitblasRtLibrary BitblasRtLibrary;
typedef struct BitblasRtMatmul BitblasRtMatmul;

typedef struct BitblasRtDim3 {
  uint32_t x, y, z;
} BitblasRtDim3;

typedef struct BitblasRtDeviceInfo {
  BitblasRtBackend backend;
  int ordinal;
  char name[256];
  char arch[32];          /* "sm_90"; "" where the backend cannot tell */
  int cc_major, cc_minor; /* CUDA compute capability; 0 for HIP */
  int multiprocessors;
  size_t max_smem_optin;  /* largest dynamic shared memory a kernel may opt into */
} BitblasRtDeviceInfo;

/* ---- devices ---------------------------------------------------------- */
/* Number of devices; fails with NO_DRIVER when the driver library is missing. */
BITBLAS_RT_API BitblasRtStatus bitblasRtDeviceCount(BitblasRtBackend backend, int *count);
BITBLAS_RT_API BitblasRtStatus bitblasRtDeviceCreate(BitblasRtBackend backend, int ordinal,
                                                     BitblasRtDevice **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtDeviceDestroy(BitblasRtDevice *device);
BITBLAS_RT_API BitblasRtStatus bitblasRtDeviceGetInfo(const BitblasRtDevice *device,
                                                      BitblasRtDeviceInfo *info);
BITBLAS_RT_API BitblasRtStatus bitblasRtDeviceSynchronize(BitblasRtDevice *device);

/* ---- memory ----------------------------------------------------------- */
/* A NULL stream means the synchronous default stream. */
BITBLAS_RT_API BitblasRtStatus bitblasRtMalloc(BitblasRtDevice *device, size_t bytes, void **dptr);
BITBLAS_RT_API BitblasRtStatus bitblasRtFree(BitblasRtDevice *device, void *dptr);
BITBLAS_RT_API BitblasRtStatus bitblasRtMemcpyHtoD(BitblasRtDevice *device, void *dst,
                                                   const void *src, size_t bytes,
                                                   BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtMemcpyDtoH(BitblasRtDevice *device, void *dst,
                                                   const void *src, size_t bytes,
                                                   BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtMemcpyDtoD(BitblasRtDevice *device, void *dst,
                                                   const void *src, size_t bytes,
                                                   BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtMemsetD8(BitblasRtDevice *device, void *dst,
                                                 uint8_t value, size_t count,
                                                 BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtMemsetD32(BitblasRtDevice *device, void *dst,
                                                  uint32_t value, size_t count,
                                                  BitblasRtStream *stream);

/* ---- streams and events ----------------------------------------------- */
BITBLAS_RT_API BitblasRtStatus bitblasRtStreamCreate(BitblasRtDevice *device,
                                                     BitblasRtStream **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtStreamDestroy(BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtStreamSynchronize(BitblasRtStream *stream);
/* The driver's own stream handle (CUstream / hipStream_t), for interop. */
BITBLAS_RT_API BitblasRtStatus bitblasRtStreamGetNative(const BitblasRtStream *stream,
                                                        void **native);
BITBLAS_RT_API BitblasRtStatus bitblasRtEventCreate(BitblasRtDevice *device,
                                                    BitblasRtEvent **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtEventDestroy(BitblasRtEvent *event);
BITBLAS_RT_API BitblasRtStatus bitblasRtEventRecord(BitblasRtEvent *event,
                                                    BitblasRtStream *stream);
BITBLAS_RT_API BitblasRtStatus bitblasRtEventSynchronize(BitblasRtEvent *event);
/* Milliseconds between two recorded, completed events. */
BITBLAS_RT_API BitblasRtStatus bitblasRtEventElapsedMs(BitblasRtEvent *start, BitblasRtEvent *end,
                                                       float *ms);

/* ---- modules and kernels ---------------------------------------------- */
/* Loading the same bytes twice on one device returns the same module with a
 * reference count; each load needs one unload. */
BITBLAS_RT_API BitblasRtStatus bitblasRtModuleLoadData(BitblasRtDevice *device, const void *data,
                                                       size_t bytes, BitblasRtBinaryFormat format,
                                                       BitblasRtModule **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtModuleLoadFile(BitblasRtDevice *device, const char *path,
                                                       BitblasRtBinaryFormat format,
                                                       BitblasRtModule **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtModuleUnload(BitblasRtModule *module);
/* The kernel handle is owned by the module. */
BITBLAS_RT_API BitblasRtStatus bitblasRtModuleGetKernel(BitblasRtModule *module, const char *name,
                                                        BitblasRtKernel **out);
/* args: one pointer per kernel parameter, as for cuLaunchKernel. Dynamic
 * shared memory of any size is opted into automatically (the driver's
 * default limit is 48 KiB less the kernel's static shared memory). */
BITBLAS_RT_API BitblasRtStatus bitblasRtLaunchKernel(BitblasRtKernel *kernel, BitblasRtDim3 grid,
                                                     BitblasRtDim3 block, size_t smem_bytes,
                                                     BitblasRtStream *stream, void **args);

BITBLAS_RT_API const char *bitblasRtBinaryFormatName(BitblasRtBinaryFormat format);
BITBLAS_RT_API BitblasRtStatus bitblasRtBinaryFormatFromName(const char *name,
                                                             BitblasRtBinaryFormat *format);

/* ---- kernel libraries (docs/manifest.md) ------------------------------ */
/* Parses and validates the manifest; checks that every binary exists.
 * device may be NULL: the library then serves queries and reference
 * computations, and bitblasRtMatmulRun fails with NO_DEVICE. Binaries are
 * loaded by bitblasRtMatmulCreate. The library must outlive its matmuls. */
BITBLAS_RT_API BitblasRtStatus bitblasRtLibraryCreate(BitblasRtDevice *device,
                                                      const char *manifest_path,
                                                      BitblasRtLibrary **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtLibraryDestroy(BitblasRtLibrary *library);
BITBLAS_RT_API BitblasRtStatus bitblasRtLibraryGetMatmulCount(const BitblasRtLibrary *library,
                                                              int *count);
/* Config of entry `index` (m_min/m_max: the range its kernels cover). The
 * name and the config's LUT pointer stay valid while the library lives. */
BITBLAS_RT_API BitblasRtStatus bitblasRtLibraryGetMatmul(const BitblasRtLibrary *library, int index,
                                                         const char **name,
                                                         BitblasRtMatmulConfig *config);

/* ---- matmuls ---------------------------------------------------------- */
/* Finds the manifest entry equal to config (types, n, k, group, zeros,
 * scale, bias, layout) whose kernels cover [m_min, m_max]; loads its
 * kernels if the library has a device. */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulCreate(BitblasRtLibrary *library,
                                                     const BitblasRtMatmulConfig *config,
                                                     BitblasRtMatmul **out);
/* The matmul of manifest entry `index` itself, over the M range its kernels
 * cover: for libraries holding several builds of one config (tile sweeps,
 * A/B timing), where bitblasRtMatmulCreate would pick the first. */
BITBLAS_RT_API BitblasRtStatus bitblasRtLibraryCreateMatmul(BitblasRtLibrary *library, int index,
                                                            BitblasRtMatmul **out);
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulDestroy(BitblasRtMatmul *matmul);
/* C[M, n] = A[M, k] x W'^T (+ bias). Pointers are device pointers; scale,
 * zeros and bias must be NULL exactly when the config has none. */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulRun(BitblasRtMatmul *matmul, const void *a,
                                                  const void *w, const void *scale,
                                                  const void *zeros, const void *bias, void *c,
                                                  int64_t m, BitblasRtStream *stream);
/* Programmatic dependent launch (CUDA, compute capability 9.0 and newer),
 * off by default. While enabled (`enable` nonzero), each run whose kernel's
 * manifest entry says `pdl=1` is launched as a programmatic dependent of the
 * stream's previous kernel: it starts as that kernel's blocks finish and
 * streams its weights, scales and zeros meanwhile, then waits for that
 * kernel before it reads A or writes C. So the previous kernel may write A
 * and read or write C, but must not write W, scale or zeros. Other kernels
 * of the matmul launch the plain way. BITBLAS_RT_ERROR_UNSUPPORTED, and no
 * change, where the device is not such a CUDA device or none of the
 * matmul's kernels says `pdl=1` (bitblas-compile writes it for the decode
 * kernels built for sm_90 and newer). */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulSetProgrammaticLaunch(BitblasRtMatmul *matmul,
                                                                    int enable);
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulGetConfig(const BitblasRtMatmul *matmul,
                                                        BitblasRtMatmulConfig *config);
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulGetWeightDesc(const BitblasRtMatmul *matmul,
                                                            BitblasRtWeightDesc *desc);
/* Symbol of the kernel that would run for M (for logs and benchmarks). */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulGetKernelName(const BitblasRtMatmul *matmul,
                                                            int64_t m, const char **symbol);
/* SM count the grid of the kernel for M was shaped for (the manifest's
 * `sms`, from `bitblas-compile --sms`); 0 where the manifest does not say.
 * A kernel shaped for another card than the device's count still computes
 * the same result, but its one-wave grid may take two waves there. */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulGetShapedSMCount(const BitblasRtMatmul *matmul,
                                                               int64_t m, int *sms);

#ifdef __cplusplus
}
#endif

#endif
