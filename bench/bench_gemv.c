/* bench-gemv: our decode kernels against cuBLAS fp16 and the HBM read
 * bandwidth, measured in one run on one card.
 *
 *   bench-gemv <kernel dir> [--m 1,2,4,8,16] [--iters 50] [--csv out.csv]
 *              [--no-cublas] [--names] [--pdl] [--chain] [--stream]
 *
 * --no-cublas skips the cuBLAS baseline (tile sweeps: the same shapes again
 * and again); --names adds the manifest's matmul name (which holds the tile)
 * to every row; --pdl times our graph once more with programmatic dependent
 * launch (bitblasRtMatmulSetProgrammaticLaunch), in the same run: the
 * column "graph+PDL" (cuBLAS has no such launch); --chain times instead the
 * manifest's matmuls in file order as one decode step (runChain); --stream
 * adds ours, cuBLAS and the floor launched back to back without per-launch
 * events or a graph (timeStream; columns "stream", "cuBLAS", "floor").
 *
 * Method: fresh random inputs; a correctness check against the fp64
 * reference first; warm-up; the median of `iters` launches each timed with
 * CUDA events; weight buffers rotated over more than 4x the 50 MB L2. A
 * second number per kernel replays `iters` launches captured in a CUDA graph
 * (how decode loops run in inference engines): the graph's time over
 * `iters`, median of 10 replays, which leaves out most of the launch gaps
 * that per-launch events include.
 *
 * The floor of a row: the streaming-read probe over the same number of
 * bytes, timed the same two ways, each launch reading the next window of a
 * 2 GiB buffer (wrapping around). The warm-up and timed launches (and the
 * graph replays) reuse their windows the way our kernels reuse their
 * rotating weight buffers: where a row's windows add up to less than the
 * 50 MB L2 (rows under about 1 MB), some of the floor comes from L2.
 * Per-launch events cost about 4 us that no kernel can hide, so on small
 * layers "% of read bandwidth" cannot reach 100 whatever the kernel does;
 * "% of floor" says how close a kernel is to the fastest read of its bytes
 * under the same timing. */
#include "bench_data.h"
#include "check_cuda.h"

#include "bitblas/reference.h"
#include "bitblas/runtime.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROTATE_BYTES (4ull * 50 * 1024 * 1024 + 1)
#define CHECK_RT(x)                                                                                \
  do {                                                                                             \
    BitblasRtStatus s_ = (x);                                                                      \
    if (s_ != BITBLAS_RT_SUCCESS) {                                                                \
      fprintf(stderr, "%s:%d: %s: %s (%s)\n", __FILE__, __LINE__, #x, bitblasRtErrorString(s_),    \
              bitblasRtGetLastErrorMessage());                                                     \
      exit(1);                                                                                     \
    }                                                                                              \
  } while (0)

static int cmpFloat(const void *a, const void *b) {
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

static float median(float *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmpFloat);
  return n % 2 ? v[n / 2] : 0.5f * (v[n / 2 - 1] + v[n / 2]);
}

typedef void (*LaunchFn)(void *ctx, int iter);

/* The spin kernel of stream_read.cu; launched before a timed series. */
static BitblasRtKernel *gSpin;
static BitblasRtModule *gProbeModule;
/* Every launch, event and graph of the bench goes to this stream. */
static BitblasRtStream *gStream;
static cudaStream_t gCuStream;

/* Queues the spin kernel, long enough (~1 ms + 20 us per launch) for the
 * host to queue `launches` launches behind it. */
static void queueSpin(long long launches) {
  if (!gSpin)
    return;
  long long cycles = 2000000LL + 40000LL * launches;
  void *args[] = {&cycles};
  BitblasRtDim3 one = {1, 1, 1};
  CHECK_RT(bitblasRtLaunchKernel(gSpin, one, one, 0, gStream, args));
}

/* Median time in microseconds of `iters` launches after `warm` warm-ups.
 * The launches are queued back to back behind a spin kernel, each between
 * its own pair of events: the events time the GPU's work only (timing one
 * launch at a time from an idle GPU adds the host's launch latency, about
 * 4 us, to every kernel). */
static float timeLaunches(LaunchFn fn, void *ctx, int warm, int iters) {
  cudaEvent_t *ev = malloc(2 * (size_t)iters * sizeof *ev);
  for (int i = 0; i < 2 * iters; ++i)
    CHECK_CUDA(cudaEventCreate(&ev[i]));
  for (int i = 0; i < warm; ++i)
    fn(ctx, i);
  CHECK_CUDA(cudaDeviceSynchronize());
  queueSpin(iters);
  for (int i = 0; i < iters; ++i) {
    CHECK_CUDA(cudaEventRecord(ev[2 * i], gCuStream));
    fn(ctx, i);
    CHECK_CUDA(cudaEventRecord(ev[2 * i + 1], gCuStream));
  }
  CHECK_CUDA(cudaDeviceSynchronize());
  float *t = malloc((size_t)iters * sizeof *t);
  for (int i = 0; i < iters; ++i)
    CHECK_CUDA(cudaEventElapsedTime(&t[i], ev[2 * i], ev[2 * i + 1]));
  float med = median(t, iters) * 1000.0f;
  free(t);
  for (int i = 0; i < 2 * iters; ++i)
    cudaEventDestroy(ev[i]);
  free(ev);
  return med;
}

/* Time per launch of `iters` launches queued back to back in the stream with
 * no event between them (one pair around each batch): the median of 10
 * batches over `iters`. Between per-launch events and a graph: what a
 * serving loop that launches without graphs sees. */
static float timeStream(LaunchFn fn, void *ctx, int iters) {
  enum { kBatches = 10 };
  cudaEvent_t ev[2 * kBatches];
  for (int i = 0; i < 2 * kBatches; ++i)
    CHECK_CUDA(cudaEventCreate(&ev[i]));
  for (int i = 0; i < iters; ++i)
    fn(ctx, i);
  CHECK_CUDA(cudaDeviceSynchronize());
  queueSpin((long long)iters * kBatches);
  for (int b = 0; b < kBatches; ++b) {
    CHECK_CUDA(cudaEventRecord(ev[2 * b], gCuStream));
    for (int i = 0; i < iters; ++i)
      fn(ctx, b * iters + i);
    CHECK_CUDA(cudaEventRecord(ev[2 * b + 1], gCuStream));
  }
  CHECK_CUDA(cudaDeviceSynchronize());
  float t[kBatches];
  for (int b = 0; b < kBatches; ++b)
    CHECK_CUDA(cudaEventElapsedTime(&t[b], ev[2 * b], ev[2 * b + 1]));
  for (int i = 0; i < 2 * kBatches; ++i)
    cudaEventDestroy(ev[i]);
  return median(t, kBatches) * 1000.0f / (float)iters;
}

/* Time per launch of `iters` launches captured in one CUDA graph: the median
 * of 10 replays (after one warm-up replay) over `iters`. */
static float timeGraph(LaunchFn fn, void *ctx, int iters) {
  cudaGraph_t graph;
  cudaGraphExec_t exec;
  CHECK_CUDA(cudaStreamBeginCapture(gCuStream, cudaStreamCaptureModeThreadLocal));
  for (int i = 0; i < iters; ++i)
    fn(ctx, i);
  CHECK_CUDA(cudaStreamEndCapture(gCuStream, &graph));
  CHECK_CUDA(cudaGraphInstantiate(&exec, graph, 0));
  CHECK_CUDA(cudaGraphLaunch(exec, gCuStream));
  CHECK_CUDA(cudaStreamSynchronize(gCuStream));
  enum { kReplays = 10 };
  cudaEvent_t ev[2 * kReplays];
  for (int i = 0; i < 2 * kReplays; ++i)
    CHECK_CUDA(cudaEventCreate(&ev[i]));
  for (int r = 0; r < kReplays; ++r) {
    CHECK_CUDA(cudaEventRecord(ev[2 * r], gCuStream));
    CHECK_CUDA(cudaGraphLaunch(exec, gCuStream));
    CHECK_CUDA(cudaEventRecord(ev[2 * r + 1], gCuStream));
  }
  CHECK_CUDA(cudaStreamSynchronize(gCuStream));
  float t[kReplays];
  for (int r = 0; r < kReplays; ++r)
    CHECK_CUDA(cudaEventElapsedTime(&t[r], ev[2 * r], ev[2 * r + 1]));
  for (int i = 0; i < 2 * kReplays; ++i)
    cudaEventDestroy(ev[i]);
  CHECK_CUDA(cudaGraphExecDestroy(exec));
  CHECK_CUDA(cudaGraphDestroy(graph));
  return median(t, kReplays) * 1000.0f / (float)iters;
}

/* ---- read-bandwidth probe ---------------------------------------------- */
typedef struct {
  BitblasRtKernel *fn;
  void *buf, *sink;
  size_t n16;
} Probe;

static void launchProbe(void *p_, int iter) {
  (void)iter;
  Probe *p = p_;
  void *args[] = {&p->buf, &p->n16, &p->sink};
  BitblasRtDim3 grid = {132 * 8, 1, 1}, block = {512, 1, 1};
  CHECK_RT(bitblasRtLaunchKernel(p->fn, grid, block, 0, gStream, args));
}

#define PROBE_BYTES (2ull << 30)

/* The probe's 2 GiB buffer, kept for the floors of every row. */
static Probe gProbe;

static double measureReadBandwidth(BitblasRtDevice *dev) {
  Probe *p = &gProbe;
  BitblasRtModule *mod = NULL;
  CHECK_RT(bitblasRtModuleLoadFile(dev, BENCH_PROBE_CUBIN, BITBLAS_RT_FORMAT_CUBIN, &mod));
  CHECK_RT(bitblasRtModuleGetKernel(mod, "bitblas_stream_read", &p->fn));
  CHECK_RT(bitblasRtModuleGetKernel(mod, "bitblas_spin", &gSpin));
  CHECK_CUDA(cudaMalloc(&p->buf, PROBE_BYTES));
  CHECK_CUDA(cudaMalloc(&p->sink, 4));
  CHECK_CUDA(cudaMemset(p->buf, 0x5a, PROBE_BYTES));
  p->n16 = PROBE_BYTES / 16;
  float us = timeLaunches(launchProbe, p, 5, 30);
  gProbeModule = mod; /* stays loaded until the end: gSpin lives in it */
  return (double)PROBE_BYTES / (us * 1e-6) / 1e9;
}

typedef struct {
  Probe p;
  size_t slots; /* disjoint windows of the buffer, visited in turn */
} Window;

static void launchWindow(void *w_, int iter) {
  Window *w = w_;
  Probe q = w->p;
  q.buf = (char *)w->p.buf + (size_t)(iter % (int)w->slots) * w->p.n16 * 16;
  launchProbe(&q, iter);
}

/* The probe over `bytes`, timed with per-launch events and in a graph; NAN
 * for rows larger than the probe's buffer. */
static void readFloor(double bytes, int iters, bool stream, float *events, float *graph,
                      float *streamed) {
  Window w = {gProbe, 0};
  w.p.n16 = ((size_t)bytes + 15) / 16;
  *streamed = NAN;
  if (w.p.n16 * 16 > PROBE_BYTES) {
    *events = *graph = NAN;
    return;
  }
  w.slots = PROBE_BYTES / (w.p.n16 * 16);
  *events = timeLaunches(launchWindow, &w, 10, iters);
  *graph = timeGraph(launchWindow, &w, iters);
  if (stream)
    *streamed = timeStream(launchWindow, &w, iters);
}

/* ---- our kernel and cuBLAS ---------------------------------------------- */
typedef struct {
  BitblasRtMatmul *mm;
  void **w;
  int copies;
  void *a, *scale, *zeros, *bias, *c;
  int64_t m;
} Ours;

static void launchOurs(void *p_, int iter) {
  Ours *o = p_;
  CHECK_RT(bitblasRtMatmulRun(o->mm, o->a, o->w[iter % o->copies], o->scale, o->zeros, o->bias,
                              o->c, o->m, gStream));
}

typedef struct {
  cublasHandle_t h;
  void **w;
  int copies;
  void *a, *c;
  int64_t m, n, k;
  cublasComputeType_t compute;
} Cublas;

static void launchCublas(void *p_, int iter) {
  Cublas *b = p_;
  /* Row-major C[M,N] = A[M,K] W[N,K]^T is column-major C^T = W^T' A^T'. */
  uint16_t alphaH, betaH; /* fp16 bit patterns */
  float alphaF = 1.0f, betaF = 0.0f;
  unsigned short one = 0x3c00, zero = 0;
  memcpy(&alphaH, &one, 2);
  memcpy(&betaH, &zero, 2);
  bool f16 = b->compute == CUBLAS_COMPUTE_16F;
  cublasStatus_t s = cublasGemmEx(
      b->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)b->n, (int)b->m, (int)b->k,
      f16 ? (const void *)&alphaH : (const void *)&alphaF, b->w[iter % b->copies], CUDA_R_16F,
      (int)b->k, b->a, CUDA_R_16F, (int)b->k, f16 ? (const void *)&betaH : (const void *)&betaF,
      b->c, CUDA_R_16F, (int)b->n, b->compute, CUBLAS_GEMM_DEFAULT);
  if (s != CUBLAS_STATUS_SUCCESS) {
    fprintf(stderr, "cublasGemmEx failed: %d\n", (int)s);
    exit(1);
  }
}

static void **allocCopies(const void *host, size_t bytes, int *copies) {
  int n = (int)((ROTATE_BYTES + bytes - 1) / bytes);
  if (n < 2)
    n = 2;
  void **v = calloc((size_t)n, sizeof *v);
  for (int i = 0; i < n; ++i) {
    CHECK_CUDA(cudaMalloc(&v[i], bytes));
    CHECK_CUDA(cudaMemcpy(v[i], host, bytes, cudaMemcpyHostToDevice));
  }
  *copies = n;
  return v;
}

static void freeCopies(void **v, int n) {
  for (int i = 0; i < n; ++i)
    cudaFree(v[i]);
  free(v);
}

static void *upload(const void *host, size_t bytes) {
  if (!bytes)
    return NULL;
  void *d;
  CHECK_CUDA(cudaMalloc(&d, bytes));
  CHECK_CUDA(cudaMemcpy(d, host, bytes, cudaMemcpyHostToDevice));
  return d;
}

/* Inputs of one configuration on host and device (ours and cuBLAS's); kept
 * while consecutive manifest entries share the configuration (tile sweeps). */
typedef struct {
  BitblasRtMatmulConfig cfg;
  BenchInputs in;
  Ours o;
  Cublas b;
  uint16_t *w16, *a16;
} Data;

static bool sameConfig(const BitblasRtMatmulConfig *x, const BitblasRtMatmulConfig *y) {
  return x->n == y->n && x->k == y->k && x->a_type == y->a_type && x->w_type == y->w_type &&
         x->accum_type == y->accum_type && x->out_type == y->out_type &&
         !memcmp(&x->lut, &y->lut, sizeof x->lut) && x->group_size == y->group_size &&
         x->zeros_mode == y->zeros_mode && x->has_scale == y->has_scale &&
         x->scale_type == y->scale_type && x->has_bias == y->has_bias && x->layout == y->layout;
}

static void dataDestroy(Data *d) {
  if (!d->w16)
    return;
  freeCopies(d->o.w, d->o.copies);
  if (d->b.w)
    freeCopies(d->b.w, d->b.copies);
  cudaFree(d->o.a);
  cudaFree(d->o.scale);
  cudaFree(d->o.zeros);
  cudaFree(d->o.bias);
  cudaFree(d->o.c);
  cudaFree(d->b.a);
  cudaFree(d->b.c);
  free(d->w16);
  free(d->a16);
  benchFreeInputs(&d->in);
  memset(d, 0, sizeof *d);
}

/* Fresh random inputs for `cfg` (up to M = 16); false if generation failed. */
static bool dataCreate(Data *d, const BitblasRtMatmulConfig *cfg, cublasHandle_t handle,
                       bool cublas, uint64_t *seed) {
  memset(d, 0, sizeof *d);
  d->cfg = *cfg;
  if (benchMakeInputs(cfg, 16, seed, &d->in))
    return false;
  BenchInputs *in = &d->in;
  d->o = (Ours){NULL, NULL, 0, upload(in->a, in->sizes.a_bytes),
                upload(in->scale, in->sizes.scale_bytes), upload(in->zeros, in->sizes.zeros_bytes),
                upload(in->bias, in->sizes.bias_bytes), NULL, 0};
  d->o.w = allocCopies(in->w, in->sizes.w_bytes, &d->o.copies);
  CHECK_CUDA(cudaMalloc(&d->o.c, in->sizes.c_bytes));
  /* cuBLAS gets fp16 weights of the same shape and random fp16 activations. */
  size_t w16Bytes = cublas ? (size_t)(cfg->n * cfg->k) * 2 : 2;
  size_t a16Bytes = (size_t)(16 * cfg->k) * 2;
  d->w16 = malloc(w16Bytes);
  d->a16 = malloc(a16Bytes);
  for (size_t i = 0; i < w16Bytes / 2; ++i) /* random f16 with |x| < 1, no inf/NaN */
    d->w16[i] = (uint16_t)(benchRandom(seed) & 0xbbff);
  for (size_t i = 0; i < a16Bytes / 2; ++i)
    d->a16[i] = bitblasRtDoubleToF16(((double)(benchRandom(seed) % 2001) - 1000.0) / 1000.0);
  d->b = (Cublas){handle, NULL, 0, upload(d->a16, a16Bytes), NULL, 0, cfg->n, cfg->k,
                  CUBLAS_COMPUTE_32F};
  if (cublas)
    d->b.w = allocCopies(d->w16, w16Bytes, &d->b.copies);
  CHECK_CUDA(cudaMalloc(&d->b.c, (size_t)(16 * cfg->n) * 2));
  return true;
}

/* Kernels whose one-wave grids were shaped for another SM count (bitblas-compile
 * --sms) still compute the same result but may run two waves here: say so
 * once, since it changes what the table means. */
static void noteShapedSMs(const BitblasRtMatmul *mm, const char *name, int cardSMs) {
  static bool said = false;
  int sms = 0;
  BitblasRtMatmulConfig cfg;
  if (said || bitblasRtMatmulGetConfig(mm, &cfg) != BITBLAS_RT_SUCCESS ||
      bitblasRtMatmulGetShapedSMCount(mm, cfg.m_min ? cfg.m_min : 1, &sms) != BITBLAS_RT_SUCCESS ||
      sms == 0 || sms == cardSMs)
    return;
  said = true;
  printf("note: %s (and maybe others) has kernels shaped for %d SMs; this card has %d "
         "(recompile with bitblas-compile --sms=%d)\n",
         name, sms, cardSMs, cardSMs);
}

/* ---- --chain: the manifest's matmuls as one decode step ---------------- */
typedef struct {
  Data *d;
  int n;
} Chain;

static void launchChainOurs(void *p, int iter) {
  Chain *c = p;
  for (int i = 0; i < c->n; ++i)
    launchOurs(&c->d[i].o, iter);
}

static void launchChainCublas(void *p, int iter) {
  Chain *c = p;
  for (int i = 0; i < c->n; ++i)
    launchCublas(&c->d[i].b, iter);
}

/* Every matmul of the library in file order, back to back on one stream, as
 * one step of a decode loop; per step: per-launch events around the step,
 * and a graph of `iters` steps, ours without and with programmatic dependent
 * launch, cuBLAS fp16 (f32 compute) on the same shapes. Both speedups
 * compare like with like: events with events, graph with graph without PDL
 * (cuBLAS has none). Each matmul is checked against the fp64 reference at
 * M = 1 first. Returns the failures. */
static int runChain(BitblasRtLibrary *lib, int count, const char *mList, int iters,
                    cublasHandle_t handle, uint64_t *seed) {
  Chain ch = {calloc((size_t)count, sizeof(Data)), count};
  BitblasRtMatmul **mm = calloc((size_t)count, sizeof *mm);
  double bytes1 = 0;
  int failures = 0;
  for (int i = 0; i < count; ++i) {
    const char *name;
    BitblasRtMatmulConfig cfg;
    CHECK_RT(bitblasRtLibraryGetMatmul(lib, i, &name, &cfg));
    CHECK_RT(bitblasRtLibraryCreateMatmul(lib, i, &mm[i]));
    if (cfg.a_type != BITBLAS_RT_TYPE_F16 || !dataCreate(&ch.d[i], &cfg, handle, true, seed)) {
      fprintf(stderr, "--chain: %s: needs f16 activations and inputs\n", name);
      exit(1); /* as the CHECK_ macros: nothing half-built is left to tear down */
    }
    ch.d[i].o.mm = mm[i];
    ch.d[i].o.m = ch.d[i].b.m = 1;
    BitblasRtMatmulSizes sz;
    CHECK_RT(bitblasRtMatmulConfigGetSizes(&cfg, 1, &sz));
    bytes1 += (double)(sz.w_bytes + sz.scale_bytes + sz.zeros_bytes);
    CHECK_CUDA(cudaMemset(ch.d[i].o.c, 0xff, sz.c_bytes));
    launchOurs(&ch.d[i].o, 0);
    CHECK_CUDA(cudaDeviceSynchronize());
    void *c = malloc(sz.c_bytes);
    double *ref = malloc((size_t)cfg.n * sizeof *ref);
    CHECK_CUDA(cudaMemcpy(c, ch.d[i].o.c, sz.c_bytes, cudaMemcpyDeviceToHost));
    BenchInputs *in = &ch.d[i].in;
    CHECK_RT(bitblasRtReferenceMatmul(&cfg, 1, in->a, in->w, in->scale, in->zeros, in->bias, ref));
    double err = benchRelError(&cfg, 1, c, ref);
    const bool ok = err <= benchTolerance(&cfg);
    printf("chain %d: %s n=%lld k=%lld w=%s relerr %.2e%s\n", i, name, (long long)cfg.n,
           (long long)cfg.k, bitblasRtTypeName(cfg.w_type), err, ok ? "" : " FAIL");
    failures += !ok;
    free(c);
    free(ref);
  }
  printf("%3s %12s %12s %12s %12s %12s %8s %8s\n", "M", "ours(us)", "graph", "graph+PDL",
         "cuBLAS(us)", "cuBLAS graph", "speedup", "graph");
  char *list = strdup(mList), *save = NULL;
  for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int64_t m = atoll(tok);
    if (m < 1 || m > 16)
      continue;
    for (int i = 0; i < count; ++i)
      ch.d[i].o.m = ch.d[i].b.m = m;
    float ours = timeLaunches(launchChainOurs, &ch, 10, iters);
    float oursG = timeGraph(launchChainOurs, &ch, iters), oursP = NAN;
    bool pdl = true;
    for (int i = 0; i < count; ++i)
      pdl &= bitblasRtMatmulSetProgrammaticLaunch(mm[i], 1) == BITBLAS_RT_SUCCESS;
    if (pdl)
      oursP = timeGraph(launchChainOurs, &ch, iters);
    for (int i = 0; i < count; ++i)
      CHECK_RT(bitblasRtMatmulSetProgrammaticLaunch(mm[i], 0));
    float cub = timeLaunches(launchChainCublas, &ch, 10, iters);
    float cubG = timeGraph(launchChainCublas, &ch, iters);
    printf("%3lld %12.1f %12.1f %12.1f %12.1f %12.1f %8.2f %8.2f\n", (long long)m, ours, oursG,
           oursP, cub, cubG, cub / ours, cubG / oursG);
  }
  printf("weights, scales and zeros of one step: %.1f MB\n", bytes1 / 1e6);
  free(list);
  for (int i = 0; i < count; ++i) {
    dataDestroy(&ch.d[i]);
    bitblasRtMatmulDestroy(mm[i]);
  }
  free(ch.d);
  free(mm);
  return failures;
}

int main(int argc, char **argv) {
  const char *dir = NULL, *csvPath = NULL, *mList = "1,2,4,8,16";
  int iters = 50;
  bool cublas = true, names = false, pdl = false, chain = false, stream = false;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--m") && i + 1 < argc)
      mList = argv[++i];
    else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
      iters = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
      csvPath = argv[++i];
    else if (!strcmp(argv[i], "--no-cublas"))
      cublas = false;
    else if (!strcmp(argv[i], "--names"))
      names = true;
    else if (!strcmp(argv[i], "--pdl"))
      pdl = true;
    else if (!strcmp(argv[i], "--chain"))
      chain = true;
    else if (!strcmp(argv[i], "--stream"))
      stream = true;
    else
      dir = argv[i];
  }
  if (!dir || iters < 5) {
    fprintf(stderr, "usage: bench-gemv <kernel dir> [--m 1,2,4] [--iters N] [--csv file] "
                    "[--no-cublas] [--names] [--pdl] [--chain] [--stream]\n");
    return 2;
  }
  BitblasRtDevice *dev = NULL;
  if (bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, 0, &dev) != BITBLAS_RT_SUCCESS) {
    printf("SKIP: no CUDA device (%s): benchmark not run\n", bitblasRtGetLastErrorMessage());
    return 77;
  }
  BitblasRtDeviceInfo info;
  CHECK_RT(bitblasRtDeviceGetInfo(dev, &info));
  CHECK_CUDA(cudaSetDevice(0));
  char manifest[1024];
  snprintf(manifest, sizeof manifest, "%s/manifest.txt", dir);
  BitblasRtLibrary *lib = NULL;
  CHECK_RT(bitblasRtLibraryCreate(dev, manifest, &lib));
  CHECK_RT(bitblasRtStreamCreate(dev, &gStream));
  void *native = NULL;
  CHECK_RT(bitblasRtStreamGetNative(gStream, &native));
  gCuStream = (cudaStream_t)native;
  cublasHandle_t handle;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS ||
      cublasSetStream(handle, gCuStream) != CUBLAS_STATUS_SUCCESS) {
    fprintf(stderr, "cublasCreate/cublasSetStream failed\n");
    return 1;
  }
  double readBw = measureReadBandwidth(dev);
  time_t now = time(NULL);
  char date[32];
  strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
  printf("card: %s (%s), date %s, measured HBM read bandwidth %.0f GB/s\n", info.name, info.arch,
         date, readBw);
  FILE *csv = csvPath ? fopen(csvPath, "w") : NULL;
  if (csv)
    fprintf(csv, "card,date,w,a,n,k,m,ours_us,cublas_us,speedup,gbps,pct_read_bw,relerr,name,"
                 "ours_graph_us,cublas_graph_us,graph_speedup,floor_us,floor_graph_us,"
                 "ours_graph_pdl_us,ours_stream_us,cublas_stream_us,floor_stream_us\n");
  printf("%-10s %-6s %6s %6s %3s %10s %10s %8s %8s %7s %9s %8s %7s %9s %9s %8s %7s%s%s\n", "W", "A",
         "N", "K", "M", "ours(us)", "cuBLAS(us)", "speedup", "GB/s", "%readBW", "relerr",
         "floor", "%floor", "graph:us", "cuBLAS", "floor", "%floor", pdl ? " graph+PDL" : "",
         stream ? "    stream    cuBLAS     floor" : "");

  int count = 0, failures = 0;
  CHECK_RT(bitblasRtLibraryGetMatmulCount(lib, &count));
  uint64_t seed = (uint64_t)now ^ 0x5eedull;
  Data data = {0};
  if (chain) { /* instead of the rows */
    failures = runChain(lib, count, mList, iters, handle, &seed);
    count = 0;
  }
  for (int idx = 0; idx < count; ++idx) {
    const char *name;
    BitblasRtMatmulConfig cfg;
    CHECK_RT(bitblasRtLibraryGetMatmul(lib, idx, &name, &cfg));
    BitblasRtMatmul *mm = NULL;
    CHECK_RT(bitblasRtLibraryCreateMatmul(lib, idx, &mm));
    noteShapedSMs(mm, name, info.multiprocessors);
    if (!data.w16 || !sameConfig(&data.cfg, &cfg)) {
      dataDestroy(&data);
      if (!dataCreate(&data, &cfg, handle, cublas, &seed)) {
        fprintf(stderr, "input generation failed for %s\n", name);
        return 1;
      }
    }
    BenchInputs in = data.in;
    Ours o = data.o;
    o.mm = mm;
    Cublas b = data.b;
    char *list = strdup(mList), *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
      int64_t m = atoll(tok);
      if (m < 1 || m > 16)
        continue;
      o.m = b.m = m;
      /* Correctness first: poisoned output, one run, fp64 reference. */
      BitblasRtMatmulSizes sz;
      CHECK_RT(bitblasRtMatmulConfigGetSizes(&cfg, m, &sz));
      CHECK_CUDA(cudaMemset(o.c, 0xff, sz.c_bytes));
      launchOurs(&o, 0);
      CHECK_CUDA(cudaDeviceSynchronize());
      void *c = malloc(sz.c_bytes);
      double *ref = malloc((size_t)(m * cfg.n) * sizeof *ref);
      CHECK_CUDA(cudaMemcpy(c, o.c, sz.c_bytes, cudaMemcpyDeviceToHost));
      double err = NAN; /* checked at M = 1 everywhere, at all M on small layers */
      if (m == 1 || (double)m * (double)cfg.n * (double)cfg.k <= 1.4e8) {
        CHECK_RT(bitblasRtReferenceMatmul(&cfg, m, in.a, in.w, in.scale, in.zeros, in.bias, ref));
        err = benchRelError(&cfg, m, c, ref);
        double tol = benchTolerance(&cfg);
        if (!(err <= tol)) {
          ++failures;
          printf("FAIL %s M=%lld relerr %.3e > %.0e\n", name, (long long)m, err, tol);
        }
      }
      free(c);
      free(ref);
      float ours = timeLaunches(launchOurs, &o, 10, iters), cub = NAN;
      float oursG = timeGraph(launchOurs, &o, iters), cubG = NAN, oursGP = NAN;
      float oursS = stream ? timeStream(launchOurs, &o, iters) : NAN, cubS = NAN;
      if (pdl) {
        if (bitblasRtMatmulSetProgrammaticLaunch(mm, 1) == BITBLAS_RT_SUCCESS) {
          oursGP = timeGraph(launchOurs, &o, iters);
          CHECK_RT(bitblasRtMatmulSetProgrammaticLaunch(mm, 0));
        } else {
          printf("note: %s: %s\n", name, bitblasRtGetLastErrorMessage());
        }
      }
      if (cublas) {
        b.compute = CUBLAS_COMPUTE_32F;
        float cub32 = timeLaunches(launchCublas, &b, 10, iters);
        float cub32G = timeGraph(launchCublas, &b, iters);
        b.compute = CUBLAS_COMPUTE_16F;
        float cub16 = timeLaunches(launchCublas, &b, 10, iters);
        float cub16G = timeGraph(launchCublas, &b, iters);
        cub = cub32 < cub16 ? cub32 : cub16;
        cubG = cub32G < cub16G ? cub32G : cub16G;
        if (stream) {
          float cub16S = timeStream(launchCublas, &b, iters);
          b.compute = CUBLAS_COMPUTE_32F;
          float cub32S = timeStream(launchCublas, &b, iters);
          cubS = cub32S < cub16S ? cub32S : cub16S;
        }
      }
      double bytes = (double)(sz.w_bytes + sz.scale_bytes + sz.zeros_bytes + sz.bias_bytes +
                              sz.a_bytes + sz.c_bytes);
      double gbps = bytes / (ours * 1e-6) / 1e9;
      float flo, floG, floS;
      readFloor(bytes, iters, stream, &flo, &floG, &floS);
      char errText[32] = "-";
      if (!isnan(err))
        snprintf(errText, sizeof errText, "%.2e", err);
      /* the weight type, with its group size where scales come in groups */
      char wLabel[40];
      if (cfg.group_size && cfg.group_size != cfg.k)
        snprintf(wLabel, sizeof wLabel, "%s_g%lld", bitblasRtTypeName(cfg.w_type),
                 (long long)cfg.group_size);
      else
        snprintf(wLabel, sizeof wLabel, "%s", bitblasRtTypeName(cfg.w_type));
      printf("%-10s %-6s %6lld %6lld %3lld %10.1f %10.1f %8.2f %8.0f %6.1f%% %9s %8.1f %6.1f%% "
             "%9.1f %9.1f %8.1f %6.1f%%",
             wLabel, bitblasRtTypeName(cfg.a_type), (long long)cfg.n,
             (long long)cfg.k, (long long)m, ours, cub, cub / ours, gbps, 100.0 * gbps / readBw,
             errText, flo, 100.0 * flo / ours, oursG, cubG, floG, 100.0 * floG / oursG);
      if (pdl)
        printf(" %10.1f", oursGP);
      if (stream)
        printf(" %9.1f %9.1f %9.1f", oursS, cubS, floS);
      printf("%s%s\n", names ? " " : "", names ? name : "");
      if (csv)
        fprintf(csv,
                "%s,%s,%s,%s,%lld,%lld,%lld,%.2f,%.2f,%.3f,%.1f,%.2f,%.3e,%s,%.2f,%.2f,%.3f,"
                "%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n",
                info.name, date, wLabel, bitblasRtTypeName(cfg.a_type), (long long)cfg.n,
                (long long)cfg.k, (long long)m,
                ours, cub, cub / ours, gbps, 100.0 * gbps / readBw, err, name, oursG, cubG,
                cubG / oursG, flo, floG, oursGP, oursS, cubS, floS);
      if (csv)
        fflush(csv); /* rows survive a run cut short */
      fflush(stdout);
    }
    free(list);
    bitblasRtMatmulDestroy(mm);
  }
  dataDestroy(&data);
  if (csv)
    fclose(csv);
  cublasDestroy(handle);
  bitblasRtStreamDestroy(gStream);
  bitblasRtLibraryDestroy(lib);
  cudaFree(gProbe.buf);
  cudaFree(gProbe.sink);
  bitblasRtModuleUnload(gProbeModule);
  bitblasRtDeviceDestroy(dev);
  printf("%d correctness failures\n", failures);
  return failures ? 1 : 0;
}
