// Design study (baseline-style probe, not product code): what a launch costs
// under the timing methods of bench-gemv, apart from any GEMV. An empty
// kernel and a streaming read over the byte counts of the decode layers,
// timed as
//   pair:  each launch between its own two events (bench-gemv's "events"),
//   chain: one event between consecutive launches (launch i is timed from
//          event i to event i + 1),
//   pdl:   chain, launched with programmatic stream serialization (the next
//          launch may start while the previous one drains),
//   stream: 50 launches back to back between one pair of events, per launch
//          (median of 20 batches): no event between launches, no graph,
//   graph: 50 launches captured in one graph, time per launch,
// all queued behind a spin kernel, median of 200 (graph: of 20 replays).
//
//   nvcc -O3 -arch=sm_90 -o launch-study launch_study.cu && ./launch-study
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "study_util.cuh"

// A streaming read through the bulk-copy engine (TMA): one lane of a producer
// warp copies CH-byte chunks into a ring of STAGES buffers; consumer warps wait
// on each chunk's mbarrier, touch it, and free the slot. Chunks are taken
// grid-stride (GRID_STRIDE) or as one contiguous run per block (how a GEMV
// block owns its tiles).
template <int CONS, int STAGES, int CH, bool GRID_STRIDE>
__global__ void __launch_bounds__((CONS + 1) * 32)
    tma_read(const char *__restrict__ src, size_t chunks, unsigned *__restrict__ sink) {
  extern __shared__ __align__(128) char ring[];
  __shared__ __align__(8) Ring<STAGES> r;
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (threadIdx.x == 0)
    r.init(CONS);
  __syncthreads();
  size_t first, n, step;
  if (GRID_STRIDE) {
    first = blockIdx.x;
    step = gridDim.x;
    n = first < chunks ? (chunks - first + step - 1) / step : 0;
  } else {
    size_t per = chunks / gridDim.x, extra = chunks % gridDim.x;
    first = blockIdx.x * per + (blockIdx.x < extra ? blockIdx.x : extra);
    n = per + (blockIdx.x < extra);
    step = 1;
  }
  if (warp == CONS) {
    if (lane == 0)
      for (size_t i = 0; i < n; ++i)
        r.produce((int)i, ring + (i % STAGES) * CH, src + (first + i * step) * CH, CH);
    return;
  }
  unsigned acc = 0;
  for (size_t i = 0; i < n; ++i) {
    r.wait((int)i);
    acc ^= ((const unsigned *)(ring + (i % STAGES) * CH))[threadIdx.x];
    r.release((int)i);
  }
  if (acc == 0x9e3779b9u)
    sink[0] = acc;
}


static const size_t kBuf = 2ull << 30;
static uint4 *gBuf;
static unsigned *gSink;
static cudaStream_t gS;

typedef void (*TmaFn)(const char *, size_t, unsigned *);

struct Case {
  const char *name;
  int kind; // 0 none, 1 empty, 2 read, 3 tma read
  unsigned grid, block;
  size_t bytes;
  TmaFn tma;
  int chunk, smem;
};

static void launch(const Case &c, int i, bool pdl) {
  if (c.kind == 0)
    return;
  cudaLaunchConfig_t cfg = {};
  cfg.gridDim = dim3(c.grid);
  cfg.blockDim = dim3(c.block);
  cfg.stream = gS;
  cfg.dynamicSmemBytes = c.kind == 3 ? c.smem : 0;
  cudaLaunchAttribute at[1];
  at[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
  at[0].val.programmaticStreamSerializationAllowed = 1;
  cfg.attrs = at;
  cfg.numAttrs = pdl ? 1 : 0;
  size_t slots = c.bytes ? kBuf / c.bytes : 1;
  if (c.kind == 1) {
    CHECK_CUDA(cudaLaunchKernelEx(&cfg, studyEmpty));
  } else if (c.kind == 2) {
    size_t n16 = c.bytes / 16;
    const uint4 *src = gBuf + (size_t)(i % (int)slots) * n16;
    CHECK_CUDA(cudaLaunchKernelEx(&cfg, studyStreamRead<true>, src, n16, gSink));
  } else {
    const char *src = (const char *)gBuf + (size_t)(i % (int)slots) * c.bytes;
    CHECK_CUDA(cudaLaunchKernelEx(&cfg, c.tma, src, c.bytes / c.chunk, gSink));
  }
}

static float median(std::vector<float> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// mode 0 pair, 1 chain, 2 chain + pdl
static float timeEvents(const Case &c, int mode) {
  const int warm = 20, iters = 200;
  for (int i = 0; i < warm; ++i)
    launch(c, i, mode == 2);
  CHECK_CUDA(cudaDeviceSynchronize());
  std::vector<cudaEvent_t> ev(2 * iters + 1);
  for (auto &e : ev)
    CHECK_CUDA(cudaEventCreate(&e));
  studySpin<<<1, 1, 0, gS>>>(2000000LL + 40000LL * iters);
  if (mode == 0) {
    for (int i = 0; i < iters; ++i) {
      CHECK_CUDA(cudaEventRecord(ev[2 * i], gS));
      launch(c, i, false);
      CHECK_CUDA(cudaEventRecord(ev[2 * i + 1], gS));
    }
  } else {
    for (int i = 0; i < iters; ++i) {
      CHECK_CUDA(cudaEventRecord(ev[i], gS));
      launch(c, i, mode == 2);
    }
    CHECK_CUDA(cudaEventRecord(ev[iters], gS));
  }
  CHECK_CUDA(cudaDeviceSynchronize());
  std::vector<float> t(iters);
  for (int i = 0; i < iters; ++i)
    CHECK_CUDA(cudaEventElapsedTime(&t[i], ev[mode == 0 ? 2 * i : i], ev[mode == 0 ? 2 * i + 1 : i + 1]));
  for (auto &e : ev)
    CHECK_CUDA(cudaEventDestroy(e));
  return median(t) * 1000.0f;
}

// Median over `batches` of the time (us) of what enqueue(b) queues, each
// batch between its own pair of events, all behind a spin kernel.
template <class Enqueue>
static float medianBatch(int batches, long long spin, Enqueue enqueue) {
  std::vector<cudaEvent_t> ev(2 * batches);
  for (auto &e : ev)
    CHECK_CUDA(cudaEventCreate(&e));
  studySpin<<<1, 1, 0, gS>>>(spin);
  for (int b = 0; b < batches; ++b) {
    CHECK_CUDA(cudaEventRecord(ev[2 * b], gS));
    enqueue(b);
    CHECK_CUDA(cudaEventRecord(ev[2 * b + 1], gS));
  }
  CHECK_CUDA(cudaDeviceSynchronize());
  std::vector<float> t(batches);
  for (int b = 0; b < batches; ++b)
    CHECK_CUDA(cudaEventElapsedTime(&t[b], ev[2 * b], ev[2 * b + 1]));
  for (auto &e : ev)
    CHECK_CUDA(cudaEventDestroy(e));
  return median(t) * 1000.0f;
}

// Back to back in the stream, no event between launches: batches of 50
// between one pair of events, time per launch of the median batch (20).
static float timeStream(const Case &c) {
  const int n = 50, batches = 20;
  if (c.kind == 0)
    return 0;
  for (int i = 0; i < n; ++i)
    launch(c, i, false);
  CHECK_CUDA(cudaDeviceSynchronize());
  return medianBatch(batches, 2000000LL + 40000LL * n * batches, [&](int b) {
           for (int i = 0; i < n; ++i)
             launch(c, b * n + i, false);
         }) / n;
}

static float timeGraph(const Case &c, bool pdl) {
  const int n = 50, replays = 20;
  if (c.kind == 0)
    return 0;
  cudaGraph_t g;
  cudaGraphExec_t x;
  CHECK_CUDA(cudaStreamBeginCapture(gS, cudaStreamCaptureModeGlobal));
  for (int i = 0; i < n; ++i)
    launch(c, i, pdl);
  CHECK_CUDA(cudaStreamEndCapture(gS, &g));
  CHECK_CUDA(cudaGraphInstantiate(&x, g, 0));
  CHECK_CUDA(cudaGraphLaunch(x, gS));
  CHECK_CUDA(cudaDeviceSynchronize());
  float us = medianBatch(replays, 2000000LL, [&](int) { CHECK_CUDA(cudaGraphLaunch(x, gS)); });
  CHECK_CUDA(cudaGraphExecDestroy(x));
  CHECK_CUDA(cudaGraphDestroy(g));
  return us / n;
}

int main() {
  cudaDeviceProp p;
  CHECK_CUDA(cudaGetDeviceProperties(&p, 0));
  CHECK_CUDA(cudaStreamCreateWithFlags(&gS, cudaStreamNonBlocking));
  CHECK_CUDA(cudaMalloc(&gBuf, kBuf));
  CHECK_CUDA(cudaMalloc(&gSink, 4));
  CHECK_CUDA(cudaMemset(gBuf, 0x5a, kBuf));
  unsigned g = 132 * 8;
  const size_t sizes[] = {8421376, 33619968, 58777600, 117497856};
  const char *layer[] = {"8.4 MB (4096^2 u4)", "33.6 MB (8192^2 u4)", "58.8 MB (28672x8192 i2)",
                         "118 MB (28672x8192 u4)"};
  struct Tma {
    const char *name;
    TmaFn fn;
    int cons, chunk, stages, perSm;
  } tmas[] = {
      {"tma c4 s4 8K x2 run", tma_read<4, 4, 8192, false>, 4, 8192, 4, 2},
      {"tma c4 s8 4K x2 run", tma_read<4, 8, 4096, false>, 4, 4096, 8, 2},
      {"tma c8 s6 16K x1 run", tma_read<8, 6, 16384, false>, 8, 16384, 6, 1},
      {"tma c4 s4 4K x4 run", tma_read<4, 4, 4096, false>, 4, 4096, 4, 4},
      {"tma c4 s4 8K x2 stride", tma_read<4, 4, 8192, true>, 4, 8192, 4, 2},
      {"tma c4 s8 8K x2 stride", tma_read<4, 8, 8192, true>, 4, 8192, 8, 2},
      {"tma c4 s12 4K x4 stride", tma_read<4, 12, 4096, true>, 4, 4096, 12, 4},
  };
  std::vector<Case> cases = {
      {"events only", 0, 0, 0, 0, nullptr, 0, 0},
      {"empty 1x32", 1, 1, 32, 0, nullptr, 0, 0},
      {"empty 132x256", 1, 132, 256, 0, nullptr, 0, 0},
      {"empty 1056x512", 1, g, 512, 0, nullptr, 0, 0},
  };
  static char names[64][64];
  int nn = 0;
  for (int z = 0; z < 4; ++z) {
    snprintf(names[nn], 64, "read %s", layer[z]);
    cases.push_back({names[nn++], 2, g, 512, sizes[z], nullptr, 0, 0});
    for (const Tma &t : tmas) {
      int smem = t.chunk * t.stages;
      CHECK_CUDA(cudaFuncSetAttribute(t.fn, cudaFuncAttributeMaxDynamicSharedMemorySize, smem));
      snprintf(names[nn], 64, "  %s", t.name);
      size_t bytes = sizes[z] / t.chunk * t.chunk;
      cases.push_back({names[nn++], 3, (unsigned)(132 * t.perSm), (unsigned)(32 * (t.cons + 1)),
                       bytes, t.fn, t.chunk, smem});
    }
  }
  printf("%s, %d SMs\n", p.name, p.multiProcessorCount);
  printf("%-30s %8s %8s %8s %8s %8s %8s   (us per launch, median)\n", "case", "pair", "chain",
         "pdl", "stream", "graph", "graphpdl");
  for (const Case &c : cases) {
    float a = timeEvents(c, 0), b = c.kind ? timeEvents(c, 1) : 0, d = c.kind ? timeEvents(c, 2) : 0;
    printf("%-30s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f\n", c.name, a, b, d, timeStream(c),
           timeGraph(c, false), timeGraph(c, true));
  }
  return 0;
}
