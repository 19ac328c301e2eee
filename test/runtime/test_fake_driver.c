/* The runtime's CUDA backend against the fake driver (fake_cuda.c), so that
 * its launch path runs without a GPU: dynamic shared memory opt-in, launch
 * argument checks, driver errors, and which kernel of a matmul runs for M
 * with which grid and shared memory. argv[1]: the fake driver's path (also
 * in BITBLAS_RT_CUDA_LIBRARY, which the runtime loads). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fake_cuda.h"

static FakeCudaState *fake;
static char dir[256];

static BitblasRtDevice *openDevice(void) {
  BitblasRtDevice *dev = NULL;
  CHECK_OK(bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, &dev));
  return dev;
}

static void test_device_info(void) {
  BitblasRtDevice *dev = openDevice();
  BitblasRtDeviceInfo info;
  CHECK_OK(bitblasRtDeviceGetInfo(dev, &info));
  CHECK(strcmp(info.name, "Fake H100") == 0);
  CHECK(strcmp(info.arch, "sm_90") == 0);
  CHECK(info.multiprocessors == 132);
  CHECK(info.max_smem_optin == 227 * 1024);
  CHECK_OK(bitblasRtDeviceDestroy(dev));
}

/* The default limit on dynamic shared memory is 48 KiB less the static
 * part: a kernel with 2 KiB static and 48 KiB dynamic only launches after
 * the opt-in, which must come once per larger size. */
static void test_shared_memory_opt_in(void) {
  BitblasRtDevice *dev = openDevice();
  BitblasRtModule *mod = NULL;
  BitblasRtKernel *k = NULL;
  static const char image[] = "\x7f" "ELF fake";
  CHECK_OK(bitblasRtModuleLoadData(dev, image, sizeof image, BITBLAS_RT_FORMAT_CUBIN, &mod));
  fake->staticSmem = 2048;
  CHECK_OK(bitblasRtModuleGetKernel(mod, "k_smem", &k));
  int x = 0;
  void *args[] = {&x};
  BitblasRtDim3 one = {1, 1, 1}, grid = {7, 2, 1}, block = {128, 1, 1};
  const int launches = fake->launches, calls = fake->setAttributeCalls;

  CHECK_OK(bitblasRtLaunchKernel(k, grid, block, 0, NULL, args));
  CHECK(fake->setAttributeCalls == calls);
  CHECK(fake->last.smem == 0 && fake->last.grid[0] == 7 && fake->last.grid[1] == 2 &&
        fake->last.block[0] == 128 && strcmp(fake->last.name, "k_smem") == 0);

  CHECK_OK(bitblasRtLaunchKernel(k, one, block, 48 * 1024, NULL, args));
  CHECK(fake->setAttributeCalls == calls + 1 && fake->lastAttributeValue == 48 * 1024);
  CHECK(fake->last.smem == 48 * 1024);
  CHECK_OK(bitblasRtLaunchKernel(k, one, block, 40 * 1024, NULL, args));
  CHECK(fake->setAttributeCalls == calls + 1);
  CHECK_OK(bitblasRtLaunchKernel(k, one, block, 64 * 1024, NULL, args));
  CHECK(fake->setAttributeCalls == calls + 2 && fake->lastAttributeValue == 64 * 1024);
  CHECK(fake->launches == launches + 4);

  CHECK_ST(bitblasRtLaunchKernel(k, one, block, 300000, NULL, args),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "kernel k_smem wants 300000 bytes of shared memory; device allows 232448");
  BitblasRtDim3 zero = {0, 1, 1};
  CHECK_ST(bitblasRtLaunchKernel(k, zero, block, 0, NULL, args), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "grid (0,1,1) and block (128,1,1) must be non-zero");
  CHECK_ST(bitblasRtLaunchKernel(NULL, one, block, 0, NULL, args),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument kernel is NULL");
  CHECK(fake->launches == launches + 4);

  fake->failNextLaunch = 719;
  CHECK_ST(bitblasRtLaunchKernel(k, one, block, 0, NULL, args), BITBLAS_RT_ERROR_DRIVER,
           "kernel k_smem: cuLaunchKernel failed: CUDA_ERROR_LAUNCH_FAILED (719)");
  CHECK_OK(bitblasRtLaunchKernel(k, one, block, 0, NULL, args));
  fake->staticSmem = 0;
  CHECK_OK(bitblasRtModuleUnload(mod));
  CHECK_OK(bitblasRtDeviceDestroy(dev));
}

static const char *pathIn(const char *name) {
  static char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return p;
}

static void writeFile(const char *name, const char *text) {
  FILE *f = fopen(pathIn(name), "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* A, W, scale and C of a matmul run, in the fake driver's memory. */
typedef struct {
  void *a, *w, *s, *c;
} RunBuffers;

static RunBuffers allocRun(BitblasRtDevice *dev, size_t a, size_t w, size_t s, size_t c) {
  RunBuffers b = {NULL, NULL, NULL, NULL};
  CHECK_OK(bitblasRtMalloc(dev, a, &b.a));
  CHECK_OK(bitblasRtMalloc(dev, w, &b.w));
  CHECK_OK(bitblasRtMalloc(dev, s, &b.s));
  CHECK_OK(bitblasRtMalloc(dev, c, &b.c));
  return b;
}

static void freeRun(BitblasRtDevice *dev, RunBuffers *b) {
  CHECK_OK(bitblasRtFree(dev, b->a));
  CHECK_OK(bitblasRtFree(dev, b->w));
  CHECK_OK(bitblasRtFree(dev, b->s));
  CHECK_OK(bitblasRtFree(dev, b->c));
}

/* Each M runs the kernel whose [m_min, m_max] holds it, with the grid's
 * M/t evaluated (rounded up) and the manifest's smem. */
static void test_matmul_variants(void) {
  writeFile("mm.cubin", "\x7f" "ELF fake");
  writeFile("mm.manifest",
            "bitblas-manifest 1\n"
            "matmul name=mm0 n=4224 k=256 a=f16 w=ui4 accum=f32 out=f16 group=0 zeros=none "
            "scale=f16 bias=0 layout=frag16\n"
            "kernel matmul=mm0 symbol=mm_v0 file=mm.cubin format=cubin target=sm_90 m_min=1 "
            "m_max=1 block=256,1,1 grid=132,M/1,1 smem=40960 args=A,W,scale,C,M\n"
            "kernel matmul=mm0 symbol=mm_v1 file=mm.cubin format=cubin target=sm_90 m_min=2 "
            "m_max=8 block=128,1,1 grid=264,M/8,1 smem=0 args=A,W,scale,C,M\n"
            "kernel matmul=mm0 symbol=mm_v2 file=mm.cubin format=cubin target=sm_90 m_min=9 "
            "m_max=0 block=64,1,1 grid=528,M/16,1 smem=0 args=A,W,scale,C,M\n");
  BitblasRtDevice *dev = openDevice();
  BitblasRtLibrary *lib = NULL;
  BitblasRtMatmul *mm = NULL;
  CHECK_OK(bitblasRtLibraryCreate(dev, pathIn("mm.manifest"), &lib));
  CHECK_OK(bitblasRtLibraryCreateMatmul(lib, 0, &mm));
  RunBuffers rb = allocRun(dev, 40 * 256 * 2, 4224 * 128, 4224 * 2, 40 * 4224 * 2);
  void *a = rb.a, *w = rb.w, *s = rb.s, *c = rb.c;
  static const struct {
    int m;
    const char *name;
    unsigned gridX, gridY, block, smem;
  } want[] = {{1, "mm_v0", 132, 1, 256, 40960}, {2, "mm_v1", 264, 1, 128, 0},
              {8, "mm_v1", 264, 1, 128, 0},     {9, "mm_v2", 528, 1, 64, 0},
              {16, "mm_v2", 528, 1, 64, 0},     {40, "mm_v2", 528, 3, 64, 0}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; ++i) {
    CHECK_OK(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, want[i].m, NULL));
    const FakeCudaLaunch *l = &fake->last;
    CHECK(strcmp(l->name, want[i].name) == 0 && l->grid[0] == want[i].gridX &&
          l->grid[1] == want[i].gridY && l->block[0] == want[i].block &&
          l->smem == want[i].smem);
  }
  const int launches = fake->launches;
  CHECK_ST(bitblasRtMatmulRun(mm, a, w, NULL, NULL, NULL, c, 1, NULL),
           BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "argument scale is NULL but matmul mm0 takes a scale");
  CHECK_ST(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, 0, NULL), BITBLAS_RT_ERROR_OUT_OF_RANGE,
           "M=0 must be at least 1");
  CHECK(fake->launches == launches);
  freeRun(dev, &rb);
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  CHECK_OK(bitblasRtLibraryDestroy(lib));
  CHECK_OK(bitblasRtDeviceDestroy(dev));
  unlink(pathIn("mm.manifest"));
  unlink(pathIn("mm.cubin"));
}

/* Programmatic dependent launch: only while enabled, and only for kernels
 * whose manifest entry says pdl=1; refused (state unchanged) on a device
 * below compute capability 9.0 and for a matmul with no such kernel. */
static void test_programmatic_launch(void) {
  writeFile("mm.cubin", "\x7f" "ELF fake");
  writeFile("mm.manifest",
            "bitblas-manifest 1\n"
            "matmul name=mm0 n=256 k=256 a=f16 w=ui4 accum=f32 out=f16 group=0 zeros=none "
            "scale=f16 bias=0 layout=frag16\n"
            "kernel matmul=mm0 symbol=mm_v0 file=mm.cubin format=cubin target=sm_90 m_min=1 "
            "m_max=1 block=256,1,1 grid=16,M/1,1 smem=0 args=A,W,scale,C,M pdl=1\n"
            "kernel matmul=mm0 symbol=mm_v1 file=mm.cubin format=cubin target=sm_90 m_min=2 "
            "m_max=0 block=128,1,1 grid=16,M/8,1 smem=0 args=A,W,scale,C,M\n"
            "matmul name=mm1 n=256 k=256 a=f16 w=i2 accum=f32 out=f16 group=0 zeros=none "
            "scale=f16 bias=0 layout=frag16\n"
            "kernel matmul=mm1 symbol=mm1_v0 file=mm.cubin format=cubin target=sm_90 m_min=1 "
            "m_max=0 block=128,1,1 grid=16,M/1,1 smem=0 args=A,W,scale,C,M\n");
  BitblasRtDevice *dev = openDevice();
  BitblasRtLibrary *lib = NULL;
  BitblasRtMatmul *mm = NULL, *plain = NULL;
  CHECK_OK(bitblasRtLibraryCreate(dev, pathIn("mm.manifest"), &lib));
  CHECK_OK(bitblasRtLibraryCreateMatmul(lib, 0, &mm));
  CHECK_OK(bitblasRtLibraryCreateMatmul(lib, 1, &plain));
  RunBuffers rb = allocRun(dev, 8 * 256 * 2, 256 * 128, 256 * 2, 8 * 256 * 2);
  void *a = rb.a, *w = rb.w, *s = rb.s, *c = rb.c;
  CHECK_OK(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, 1, NULL));
  CHECK(strcmp(fake->last.name, "mm_v0") == 0 && !fake->last.pdl);
  CHECK_OK(bitblasRtMatmulSetProgrammaticLaunch(mm, 1));
  CHECK_OK(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, 1, NULL));
  CHECK(strcmp(fake->last.name, "mm_v0") == 0 && fake->last.pdl);
  CHECK_OK(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, 2, NULL));
  CHECK(strcmp(fake->last.name, "mm_v1") == 0 && !fake->last.pdl);
  CHECK_OK(bitblasRtMatmulSetProgrammaticLaunch(mm, 0));
  CHECK_OK(bitblasRtMatmulRun(mm, a, w, s, NULL, NULL, c, 1, NULL));
  CHECK(strcmp(fake->last.name, "mm_v0") == 0 && !fake->last.pdl);
  CHECK_ST(bitblasRtMatmulSetProgrammaticLaunch(plain, 1), BITBLAS_RT_ERROR_UNSUPPORTED,
           "matmul mm1: none of its kernels says pdl=1");
  CHECK_OK(bitblasRtMatmulRun(plain, a, w, s, NULL, NULL, c, 1, NULL));
  CHECK(!fake->last.pdl);
  CHECK_ST(bitblasRtMatmulSetProgrammaticLaunch(NULL, 1), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "argument matmul is NULL");
  freeRun(dev, &rb);
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  CHECK_OK(bitblasRtMatmulDestroy(plain));
  CHECK_OK(bitblasRtLibraryDestroy(lib));
  CHECK_OK(bitblasRtDeviceDestroy(dev));

  fake->ccMajor = 8; /* an A100, with a manifest that claims pdl for it */
  writeFile("mm.manifest",
            "bitblas-manifest 1\n"
            "matmul name=mm0 n=256 k=256 a=f16 w=ui4 accum=f32 out=f16 group=0 zeros=none "
            "scale=f16 bias=0 layout=frag16\n"
            "kernel matmul=mm0 symbol=mm_v0 file=mm.cubin format=cubin target=sm_80 m_min=1 "
            "m_max=0 block=256,1,1 grid=16,M/1,1 smem=0 args=A,W,scale,C,M pdl=1\n");
  dev = openDevice();
  CHECK_OK(bitblasRtLibraryCreate(dev, pathIn("mm.manifest"), &lib));
  CHECK_OK(bitblasRtLibraryCreateMatmul(lib, 0, &mm));
  CHECK_ST(bitblasRtMatmulSetProgrammaticLaunch(mm, 1), BITBLAS_RT_ERROR_UNSUPPORTED,
           "needs a CUDA device of compute capability 9.0 or newer (this one: CUDA 8.0)");
  CHECK_OK(bitblasRtMatmulSetProgrammaticLaunch(mm, 0));
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  CHECK_OK(bitblasRtLibraryDestroy(lib));
  CHECK_OK(bitblasRtDeviceDestroy(dev));
  fake->ccMajor = 0;
  unlink(pathIn("mm.manifest"));
  unlink(pathIn("mm.cubin"));
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_fake_driver <fake libcuda path>\n");
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL), *sym = lib ? dlsym(lib, "fakeCudaState") : NULL;
  FakeCudaStateFn state = NULL;
  memcpy(&state, &sym, sizeof state); /* ISO C has no object -> function pointer cast */
  if (!state) {
    fprintf(stderr, "test_fake_driver: cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  fake = state();
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/bitblas-rt-fake-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  test_device_info();
  test_shared_memory_opt_in();
  test_matmul_variants();
  test_programmatic_launch();
  rmdir(dir);
  return check_report("test_fake_driver");
}
