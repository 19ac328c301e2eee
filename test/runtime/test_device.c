/* Device, memory, stream, event, module and launch paths on a real GPU,
 * plus the mgpu* entry points. Skips (77) where no CUDA driver/device exists. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "bitblas/mgpu.h"
#include "check.h"

/* out[i] = 2 * in[i] for i < n; hand-written so the test needs no compiler. */
static const char ptx[] =
    ".version 7.5\n.target sm_75\n.address_size 64\n"
    ".visible .entry twice(.param .u64 out, .param .u64 in, .param .u32 n)\n{\n"
    "  .reg .b32 %r<6>;\n  .reg .b64 %rd<8>;\n  .reg .f32 %f<3>;\n  .reg .pred %p;\n"
    "  ld.param.u64 %rd1, [out];\n  ld.param.u64 %rd2, [in];\n  ld.param.u32 %r1, [n];\n"
    "  mov.u32 %r2, %ctaid.x;\n  mov.u32 %r3, %ntid.x;\n  mov.u32 %r4, %tid.x;\n"
    "  mad.lo.s32 %r5, %r2, %r3, %r4;\n  setp.ge.u32 %p, %r5, %r1;\n  @%p bra DONE;\n"
    "  cvta.to.global.u64 %rd3, %rd1;\n  cvta.to.global.u64 %rd4, %rd2;\n"
    "  mul.wide.u32 %rd5, %r5, 4;\n  add.s64 %rd6, %rd4, %rd5;\n  add.s64 %rd7, %rd3, %rd5;\n"
    "  ld.global.f32 %f1, [%rd6];\n  mul.f32 %f2, %f1, 0f40000000;\n  st.global.f32 [%rd7], %f2;\n"
    "DONE:\n  ret;\n}\n";

enum { N = 1000 };

static int check_twice(const float *in, const float *out) {
  int bad = 0;
  for (int i = 0; i < N; ++i) bad += out[i] != 2 * in[i];
  return bad;
}

static void test_mgpu(const float *in) {
  void *mod = mgpuModuleLoadJIT((void *)ptx, 2);
  CHECK(mod != NULL);
  void *f = mod ? mgpuModuleGetFunction(mod, "twice") : NULL;
  CHECK(f != NULL);
  void *stream = mgpuStreamCreate();
  CHECK(stream != NULL);
  void *din = mgpuMemAlloc(N * 4, stream, false), *dout = mgpuMemAlloc(N * 4, stream, false);
  CHECK(din && dout);
  float out[N];
  mgpuMemcpy(din, (void *)in, N * 4, stream);
  mgpuMemset32(dout, 0xffffffffu, N, stream);
  uint32_t n = N;
  void *params[3] = {&dout, &din, &n};
  mgpuLaunchKernel(f, (N + 127) / 128, 1, 1, 128, 1, 1, 0, stream, params, NULL, 3);
  void *ev = mgpuEventCreate();
  mgpuEventRecord(ev, stream);
  mgpuEventSynchronize(ev);
  mgpuMemcpy(out, dout, N * 4, stream);
  mgpuStreamSynchronize(stream);
  CHECK(check_twice(in, out) == 0);
  void *shared = mgpuMemAlloc(64, stream, true);
  CHECK(shared != NULL);
  if (shared) ((float *)shared)[3] = 1.5f; /* host-shared memory is host-visible */
  mgpuMemFree(shared, stream);
  mgpuEventDestroy(ev);
  mgpuMemFree(din, stream);
  mgpuMemFree(dout, stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(mod);
}

int main(void) {
  BitblasRtDevice *dev = NULL;
  BitblasRtStatus st = bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, &dev);
  if (st == BITBLAS_RT_ERROR_NO_DRIVER || st == BITBLAS_RT_ERROR_NO_DEVICE) {
    printf("SKIP: %s -- GPU test not run\n", bitblasRtGetLastErrorMessage());
    return 77;
  }
  CHECK_OK(st);
  if (st) return check_report("test_device");
  BitblasRtDeviceInfo info;
  CHECK_OK(bitblasRtDeviceGetInfo(dev, &info));
  printf("device 0: %s (%s, %d SMs, %zu bytes smem opt-in)\n", info.name, info.arch,
         info.multiprocessors, info.max_smem_optin);
  int count = 0;
  CHECK_OK(bitblasRtDeviceCount(BITBLAS_RT_BACKEND_CUDA, &count));
  BitblasRtDevice *none = NULL;
  CHECK_ST(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, count, &none), BITBLAS_RT_ERROR_NO_DEVICE, "does not exist");

  float in[N], out[N];
  for (int i = 0; i < N; ++i) in[i] = (float)i * 0.25f - 7.0f;
  void *din = NULL, *dout = NULL;
  CHECK_OK(bitblasRtMalloc(dev, sizeof in, &din));
  CHECK_OK(bitblasRtMalloc(dev, sizeof out, &dout));
  void *huge = NULL;
  CHECK_ST(bitblasRtMalloc(dev, 0, &huge), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "size is 0");
  CHECK_ST(bitblasRtMalloc(dev, (size_t)1 << 50, &huge), BITBLAS_RT_ERROR_DRIVER, "cuMemAlloc_v2 failed");
  BitblasRtStream *s = NULL;
  CHECK_OK(bitblasRtStreamCreate(dev, &s));
  CHECK_OK(bitblasRtMemcpyHtoD(dev, din, in, sizeof in, s));
  CHECK_OK(bitblasRtMemsetD8(dev, dout, 0xff, sizeof out, s));

  BitblasRtModule *m1 = NULL, *m2 = NULL;
  CHECK_OK(bitblasRtModuleLoadData(dev, ptx, sizeof ptx - 1, BITBLAS_RT_FORMAT_PTX, &m1));
  CHECK_OK(bitblasRtModuleLoadData(dev, ptx, sizeof ptx - 1, BITBLAS_RT_FORMAT_PTX, &m2));
  CHECK(m1 && m1 == m2); /* cached */
  CHECK_OK(bitblasRtModuleUnload(m2));
  BitblasRtKernel *k = NULL, *k2 = NULL;
  CHECK_OK(bitblasRtModuleGetKernel(m1, "twice", &k));
  CHECK_OK(bitblasRtModuleGetKernel(m1, "twice", &k2));
  CHECK(k && k == k2);
  CHECK_ST(bitblasRtModuleGetKernel(m1, "nope", &k2), BITBLAS_RT_ERROR_NOT_FOUND, "kernel 'nope' not found");
  BitblasRtModule *bad = NULL;
  static const char junk[] = "\x7f" "ELF definitely not a cubin";
  CHECK_ST(bitblasRtModuleLoadData(dev, junk, sizeof junk, BITBLAS_RT_FORMAT_CUBIN, &bad), BITBLAS_RT_ERROR_DRIVER, "cuModuleLoadDataEx failed");
  CHECK_ST(bitblasRtModuleLoadData(dev, "x", 1, BITBLAS_RT_FORMAT_HSACO, &bad), BITBLAS_RT_ERROR_UNSUPPORTED, "cannot be loaded by the CUDA backend");
  CHECK_ST(bitblasRtModuleLoadData(dev, "garbage ptx", 11, BITBLAS_RT_FORMAT_PTX, &bad), BITBLAS_RT_ERROR_DRIVER, "cuModuleLoadDataEx");
  CHECK_ST(bitblasRtModuleLoadFile(dev, "/nonexistent.cubin", BITBLAS_RT_FORMAT_CUBIN, &bad), BITBLAS_RT_ERROR_IO, "/nonexistent.cubin");

  uint32_t n = N;
  void *args[3] = {&dout, &din, &n};
  BitblasRtDim3 grid = {(N + 127) / 128, 1, 1}, block = {128, 1, 1}, zero = {0, 1, 1};
  BitblasRtEvent *e0 = NULL, *e1 = NULL;
  CHECK_OK(bitblasRtEventCreate(dev, &e0));
  CHECK_OK(bitblasRtEventCreate(dev, &e1));
  CHECK_OK(bitblasRtEventRecord(e0, s));
  CHECK_OK(bitblasRtLaunchKernel(k, grid, block, 0, s, args));
  CHECK_OK(bitblasRtEventRecord(e1, s));
  CHECK_ST(bitblasRtLaunchKernel(k, zero, block, 0, s, args), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "must be non-zero");
  CHECK_ST(bitblasRtLaunchKernel(k, grid, block, (size_t)1 << 30, s, args), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "shared memory");
  CHECK_OK(bitblasRtMemcpyDtoH(dev, out, dout, sizeof out, s));
  CHECK_OK(bitblasRtStreamSynchronize(s));
  float ms = -1;
  CHECK_OK(bitblasRtEventElapsedMs(e0, e1, &ms));
  CHECK(ms >= 0);
  CHECK(check_twice(in, out) == 0);
  CHECK_OK(bitblasRtMemsetD32(dev, dout, 0x3f800000u, N, NULL));
  CHECK_OK(bitblasRtMemcpyDtoD(dev, din, dout, sizeof out, NULL));
  CHECK_OK(bitblasRtMemcpyDtoH(dev, out, din, sizeof out, NULL));
  CHECK(out[0] == 1.0f && out[N - 1] == 1.0f);
  CHECK_OK(bitblasRtDeviceSynchronize(dev));

  test_mgpu(in);

  CHECK_OK(bitblasRtEventDestroy(e0));
  CHECK_OK(bitblasRtEventDestroy(e1));
  CHECK_OK(bitblasRtStreamDestroy(s));
  CHECK_OK(bitblasRtModuleUnload(m1));
  CHECK_OK(bitblasRtFree(dev, din));
  CHECK_OK(bitblasRtFree(dev, dout));
  CHECK_OK(bitblasRtDeviceDestroy(dev));
  return check_report("test_device");
}
