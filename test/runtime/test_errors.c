/* Error paths that need no GPU: no driver, NULL handles and pointers,
 * NULL-safe destroys, mgpu* entry points without a device, per-thread
 * messages. Run with BITBLAS_RT_CUDA_LIBRARY pointing at a missing file
 * (or, with --stub, at the CUDA toolkit's stub libcuda). */
#include <pthread.h>
#include <stdint.h>

#include "bitblas/mgpu.h"
#include "check.h"

static int stub = 0;

static void test_strings(void) {
  for (int s = 0; s <= BITBLAS_RT_ERROR_NOT_READY; ++s)
    CHECK(strlen(bitblasRtErrorString((BitblasRtStatus)s)) > 0);
  CHECK(strcmp(bitblasRtErrorString(BITBLAS_RT_SUCCESS), "success") == 0);
  CHECK(strcmp(bitblasRtErrorString((BitblasRtStatus)1234), "unknown status") == 0);
  CHECK_OK(bitblasRtClearLastError());
  CHECK(strcmp(bitblasRtGetLastErrorMessage(), "") == 0);
}

static void test_no_driver(void) {
  const char *why = stub ? "cuInit failed: CUDA_ERROR_STUB_LIBRARY" : "libcuda.so.1 not found";
  int count = -1;
  CHECK_ST(bitblasRtDeviceCount(BITBLAS_RT_BACKEND_CUDA, &count), BITBLAS_RT_ERROR_NO_DRIVER, why);
  CHECK(count == 0);
  BitblasRtDevice *dev = (BitblasRtDevice *)&dev;
  CHECK_ST(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, &dev), BITBLAS_RT_ERROR_NO_DRIVER, why);
  CHECK(dev == NULL);
  if (!stub)
    CHECK_ST(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, &dev), BITBLAS_RT_ERROR_NO_DRIVER,
             "bitblasRtDeviceCreate: no CUDA driver");
  CHECK_ST(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_HIP, 0, &dev), BITBLAS_RT_ERROR_NO_DRIVER, "no HIP runtime");
  CHECK_ST(bitblasRtDeviceCount(BITBLAS_RT_BACKEND_HIP, &count), BITBLAS_RT_ERROR_NO_DRIVER, "BITBLAS_RT_HIP_LIBRARY");
  CHECK_ST(bitblasRtDeviceCreate((BitblasRtBackend)7, 0, &dev), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown backend 7");
  CHECK_ST(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument out is NULL");
}

static void test_null_handles(void) {
  CHECK_OK(bitblasRtDeviceDestroy(NULL));
  CHECK_OK(bitblasRtStreamDestroy(NULL));
  CHECK_OK(bitblasRtEventDestroy(NULL));
  CHECK_OK(bitblasRtModuleUnload(NULL));
  CHECK_OK(bitblasRtLibraryDestroy(NULL));
  CHECK_OK(bitblasRtMatmulDestroy(NULL));
  CHECK_OK(bitblasRtFree(NULL, NULL));
  int x = 0;
  void *p = NULL;
  BitblasRtDeviceInfo info;
  CHECK_ST(bitblasRtDeviceGetInfo(NULL, &info), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtDeviceGetInfo: argument device is NULL");
  CHECK_ST(bitblasRtDeviceSynchronize(NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtMalloc(NULL, 16, &p), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtMalloc: argument device is NULL");
  CHECK_ST(bitblasRtMalloc(NULL, 16, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument dptr is NULL");
  CHECK_ST(bitblasRtFree(NULL, &x), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtMemcpyHtoD(NULL, &x, &x, 4, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtMemcpyHtoD: argument device is NULL");
  CHECK_ST(bitblasRtMemcpyDtoH(NULL, NULL, &x, 4, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument dst is NULL");
  CHECK_ST(bitblasRtMemcpyDtoD(NULL, &x, NULL, 4, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument src is NULL");
  CHECK_ST(bitblasRtMemsetD8(NULL, &x, 0, 4, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtMemsetD32(NULL, NULL, 0, 4, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument dst is NULL");
  BitblasRtStream *s = NULL;
  BitblasRtEvent *e = NULL;
  CHECK_ST(bitblasRtStreamCreate(NULL, &s), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtStreamSynchronize(NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument stream is NULL");
  CHECK_ST(bitblasRtStreamGetNative(NULL, &p), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument stream is NULL");
  CHECK_ST(bitblasRtEventCreate(NULL, &e), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtEventRecord(NULL, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument event is NULL");
  CHECK_ST(bitblasRtEventSynchronize(NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument event is NULL");
  float ms;
  CHECK_ST(bitblasRtEventElapsedMs(NULL, NULL, &ms), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument start is NULL");
  BitblasRtModule *m = NULL;
  BitblasRtKernel *k = NULL;
  CHECK_ST(bitblasRtModuleLoadData(NULL, &x, 4, BITBLAS_RT_FORMAT_CUBIN, &m), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtModuleLoadData(NULL, NULL, 4, BITBLAS_RT_FORMAT_CUBIN, &m), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument data is NULL");
  CHECK_ST(bitblasRtModuleLoadData(NULL, &x, 0, BITBLAS_RT_FORMAT_CUBIN, &m), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "binary is empty");
  CHECK_ST(bitblasRtModuleLoadData(NULL, &x, 4, (BitblasRtBinaryFormat)9, &m), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown format 9");
  CHECK_ST(bitblasRtModuleLoadFile(NULL, "/x", BITBLAS_RT_FORMAT_CUBIN, &m), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument device is NULL");
  CHECK_ST(bitblasRtModuleGetKernel(NULL, "k", &k), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument module is NULL");
  BitblasRtDim3 one = {1, 1, 1};
  CHECK_ST(bitblasRtLaunchKernel(NULL, one, one, 0, NULL, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "bitblasRtLaunchKernel: argument kernel is NULL");
  BitblasRtBinaryFormat f;
  CHECK_ST(bitblasRtBinaryFormatFromName("elf", &f), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown binary format 'elf'");
  CHECK_OK(bitblasRtBinaryFormatFromName("ptx", &f));
  CHECK(f == BITBLAS_RT_FORMAT_PTX);
  int count;
  CHECK_ST(bitblasRtLibraryGetMatmulCount(NULL, &count), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument library is NULL");
  CHECK_ST(bitblasRtMatmulCreate(NULL, NULL, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument out is NULL");
  BitblasRtMatmul *mm;
  CHECK_ST(bitblasRtMatmulCreate(NULL, NULL, &mm), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument library is NULL");
  CHECK_ST(bitblasRtLibraryCreateMatmul(NULL, 0, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument out is NULL");
  CHECK_ST(bitblasRtLibraryCreateMatmul(NULL, 0, &mm), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument library is NULL");
  BitblasRtMatmulConfig cfg;
  CHECK_ST(bitblasRtMatmulGetConfig(NULL, &cfg), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument matmul is NULL");
}

/* With no device the mgpu entry points print to stderr and return NULL. */
static void test_mgpu(void) {
  fprintf(stderr, "--- expected mgpu error lines follow ---\n");
  CHECK(mgpuStreamCreate() == NULL);
  CHECK(mgpuEventCreate() == NULL);
  CHECK(mgpuMemAlloc(64, NULL, false) == NULL);
  CHECK(mgpuMemAlloc(0, NULL, true) == NULL);
  static const char blob[] = "\x7f" "ELF not a cubin";
  CHECK(mgpuModuleLoad((void *)blob, sizeof blob) == NULL);
  CHECK(mgpuModuleLoadJIT((void *)".version 8.0", 2) == NULL);
  CHECK(mgpuModuleLoad(NULL, 0) == NULL);
  CHECK(mgpuModuleGetFunction(NULL, "k") == NULL);
  mgpuLaunchKernel(NULL, 1, 1, 1, 1, 1, 1, 0, NULL, NULL, NULL, 0);
  mgpuLaunchClusterKernel(NULL, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, NULL, NULL, NULL);
  mgpuMemFree(NULL, NULL);
  mgpuStreamDestroy(NULL);
  mgpuEventDestroy(NULL);
  mgpuModuleUnload(NULL);
  int host[4];
  mgpuMemcpy(host, host, sizeof host, NULL);
  mgpuMemset32(host, 0, 4, NULL);
  mgpuMemset16(host, 0, 4, NULL);
  mgpuStreamSynchronize(NULL);
  mgpuSetDefaultDevice(1000);
  CHECK(mgpuStreamCreate() == NULL);
  mgpuSetDefaultDevice(0);
  fprintf(stderr, "--- end of expected mgpu error lines ---\n");
}

static void *other_thread(void *arg) {
  (void)arg;
  bitblasRtMalloc(NULL, 1, NULL);
  return NULL;
}

static void test_thread_local(void) {
  BitblasRtType t;
  CHECK_ST(bitblasRtTypeFromName("bogus", &t, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "unknown type 'bogus'");
  pthread_t th;
  pthread_create(&th, NULL, other_thread, NULL);
  pthread_join(th, NULL);
  CHECK(strcmp(bitblasRtGetLastErrorMessage(), "unknown type 'bogus'") == 0);
}

int main(int argc, char **argv) {
  stub = argc > 1 && strcmp(argv[1], "--stub") == 0;
  test_strings();
  test_no_driver();
  test_null_handles();
  test_mgpu();
  test_thread_local();
  return check_report(stub ? "test_errors (stub driver)" : "test_errors");
}
