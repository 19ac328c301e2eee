/* bitblas-gpu-test: runs every matmul of a manifest on the GPU for several
 * M and compares with the runtime's fp64 reference.
 *
 *   bitblas-gpu-test <manifest> [--m 1,7,64,257] [--seed S] [--device N] [--pdl]
 *
 * One row per (matmul, M); exit 0 if all pass, 1 on any failure, 77 (with a
 * SKIP line) when there is no CUDA driver or device. Inputs are fresh on
 * every run (the seed comes from the clock and is printed; --seed repeats a
 * run). --pdl adds, for each matmul whose output can be its own input
 * (n == k, out type == A type) and whose kernels take programmatic dependent
 * launch, a chain of two runs with it enabled: the second reads as A what
 * the first writes, launched while the first still runs, so a kernel that
 * read A before its wait would see the poison left in that buffer. Rows
 * that cannot be chained say why; a --pdl run that chains none fails. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitblas/runtime.h"

static uint64_t rng;
static int g_pdl;    /* --pdl */
static int g_chains; /* PDL chains run */
static uint64_t next_u64(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ull;
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next_u64() >> 11) * 0x1p-53; }

static size_t bytes_of(BitblasRtType t) {
  int b = 0;
  bitblasRtTypeBits(t, NULL, &b);
  return (size_t)b / 8;
}

static int fill(BitblasRtType t, void *dst, size_t n, double lo, double hi, int integer) {
  for (size_t i = 0; i < n; ++i) {
    double v = integer ? floor(uniform(lo, hi + 1)) : uniform(lo, hi);
    if (v > hi) v = hi;
    if (bitblasRtConvertFromDouble(t, &v, 1, (uint8_t *)dst + i * bytes_of(t))) return 0;
  }
  return 1;
}

/* Output rounding of the output type: the cast itself adds this much error. */
typedef struct Buffers {
  void *h[6], *d[6]; /* a, w, scale, zeros, bias, c */
  size_t n[6];
} Buffers;

static void free_buffers(BitblasRtDevice *dev, Buffers *b) {
  for (int i = 0; i < 6; ++i) {
    free(b->h[i]);
    bitblasRtFree(dev, b->d[i]);
  }
  memset(b, 0, sizeof *b);
}

#define TRY(call)                                                                       \
  do {                                                                                  \
    if ((call) != BITBLAS_RT_SUCCESS) {                                                  \
      snprintf(why, sizeof why, "%s", bitblasRtGetLastErrorMessage());                  \
      goto done;                                                                        \
    }                                                                                   \
  } while (0)

/* --pdl: C1 = A1 W' then C2 = C1 W', both launched with programmatic
 * dependent launch and no synchronization between them; C1's buffer holds
 * NaN (0xff bytes) until the first run writes it. A1 is A scaled by a power
 * of two that keeps C1 within [-1, 1] (from `ref`, the reference of A W'),
 * so that C2 stays as far from overflow as C1 was. C2 is checked against
 * the reference over the C1 the GPU produced. `ref` and `got` are scratch of
 * M n doubles. Returns 1 pass, 0 fail, -1 not applicable (the reason in
 * `why` for both). */
static int chain(BitblasRtDevice *dev, BitblasRtMatmul *mm, const BitblasRtMatmulConfig *c,
                 int64_t M, const Buffers *b, double *ref, double *got, double tol, char *why,
                 size_t cap) {
  if (c->n != c->k || c->out_type != c->a_type) {
    snprintf(why, cap, "no PDL chain: the output cannot be the next A");
    return -1;
  }
  if (bitblasRtMatmulSetProgrammaticLaunch(mm, 1) != BITBLAS_RT_SUCCESS) {
    snprintf(why, cap, "no PDL chain: %s", bitblasRtGetLastErrorMessage());
    return -1;
  }
  ++g_chains;
  size_t bytes = b->n[5], mn = (size_t)(M * c->n);
  double amax = 0, f = 1;
  for (size_t i = 0; i < mn; ++i) amax = fmax(amax, fabs(ref[i]));
  while (amax * f > 1) f *= 0.5;
  void *c1 = NULL, *a1 = NULL, *h1 = malloc(bytes), *h2 = malloc(bytes);
  int pass = 0;
  size_t nonfinite = 0;
  double rel = NAN;
  BitblasRtStatus st = h1 && h2 ? bitblasRtMalloc(dev, bytes, &c1) : BITBLAS_RT_ERROR_OUT_OF_MEMORY;
  if (!st) st = bitblasRtMalloc(dev, b->n[0], &a1);
  if (!st) st = bitblasRtConvertToDouble(c->a_type, b->h[0], mn, got); /* n == k: A is M n */
  for (size_t i = 0; !st && i < mn; ++i) got[i] *= f;
  if (!st) st = bitblasRtConvertFromDouble(c->a_type, got, mn, h1);
  if (!st) st = bitblasRtMemcpyHtoD(dev, a1, h1, b->n[0], NULL);
  if (!st) st = bitblasRtMemsetD8(dev, c1, 0xff, bytes, NULL);
  if (!st) st = bitblasRtMemsetD8(dev, b->d[5], 0xff, bytes, NULL);
  if (!st) st = bitblasRtDeviceSynchronize(dev);
  if (!st) st = bitblasRtMatmulRun(mm, a1, b->d[1], b->d[2], b->d[3], b->d[4], c1, M, NULL);
  if (!st) st = bitblasRtMatmulRun(mm, c1, b->d[1], b->d[2], b->d[3], b->d[4], b->d[5], M, NULL);
  if (!st) st = bitblasRtDeviceSynchronize(dev);
  if (!st) st = bitblasRtMemcpyDtoH(dev, h1, c1, bytes, NULL);
  if (!st) st = bitblasRtMemcpyDtoH(dev, h2, b->d[5], bytes, NULL);
  if (!st) st = bitblasRtReferenceMatmul(c, M, h1, b->h[1], b->h[2], b->h[3], b->h[4], ref);
  if (!st) st = bitblasRtReferenceRelativeError(c->out_type, h2, ref, mn, &rel, &nonfinite);
  if (st)
    snprintf(why, cap, "PDL chain: %s", bitblasRtGetLastErrorMessage());
  else if (nonfinite || !(rel <= tol))
    snprintf(why, cap, "PDL chain: rel_err %.3e, %zu non-finite outputs", rel, nonfinite);
  else
    pass = 1;
  bitblasRtMatmulSetProgrammaticLaunch(mm, 0);
  bitblasRtFree(dev, c1);
  bitblasRtFree(dev, a1);
  free(h1);
  free(h2);
  return pass;
}

/* Returns 1 pass, 0 fail. */
static int run_one(BitblasRtDevice *dev, BitblasRtMatmul *mm, const char *name,
                   const BitblasRtMatmulConfig *c, int64_t M) {
  char why[4096] = "";
  double rel = NAN, tol = 0;
  size_t nonfinite = 0;
  int pass = 0, mismatches = 0, exact = !(c->out_type == BITBLAS_RT_TYPE_F16 || c->out_type == BITBLAS_RT_TYPE_BF16 || c->out_type == BITBLAS_RT_TYPE_F32);
  const char *symbol = "?";
  Buffers b = {0};
  double *ref = NULL, *got = NULL;
  void *c2 = NULL;
  bitblasRtMatmulGetKernelName(mm, M, &symbol);
  BitblasRtMatmulSizes sz;
  TRY(bitblasRtMatmulConfigGetSizes(c, M, &sz));
  size_t sizes[6] = {sz.a_bytes, sz.w_bytes, sz.scale_bytes, sz.zeros_bytes, sz.bias_bytes, sz.c_bytes};
  for (int i = 0; i < 6; ++i) {
    b.n[i] = sizes[i];
    if (!sizes[i]) continue;
    b.h[i] = malloc(sizes[i]);
    if (!b.h[i]) {
      snprintf(why, sizeof why, "out of host memory");
      goto done;
    }
  }
  int wbits = 0;
  bitblasRtTypeBits(c->w_type, &c->lut, &wbits);
  int int_a = c->a_type == BITBLAS_RT_TYPE_I8;
  fill(c->a_type, b.h[0], (size_t)(M * c->k), int_a ? -64 : -1, int_a ? 64 : 1, int_a);
  /* Weights: random codes, except f16/bf16 weights, which get values in [-1, 1].
   * Codes above 448 in magnitude (the top of f8E5M2's range) are redrawn:
   * with them, sums over K overflow an f16 output in the reference too. */
  size_t nk = (size_t)(c->n * c->k);
  int32_t *codes = malloc(nk * sizeof *codes);
  if (!codes) {
    snprintf(why, sizeof why, "out of host memory");
    goto done;
  }
  for (size_t i = 0; i < nk; ++i) {
    double v;
    do {
      if (wbits == 16) {
        uint32_t code;
        bitblasRtEncodeNearest(c->w_type, NULL, uniform(-1, 1), &code);
        codes[i] = (int32_t)code;
      } else {
        codes[i] = (int32_t)(next_u64() & ((1u << wbits) - 1));
      }
      bitblasRtDecodeCode(c->w_type, &c->lut, (uint32_t)codes[i], &v);
    } while (!isfinite(v) || fabs(v) > 448.0);
  }
  BitblasRtWeightDesc wd;
  bitblasRtMatmulGetWeightDesc(mm, &wd);
  BitblasRtStatus st = bitblasRtTransformWeight(&wd, BITBLAS_RT_SOURCE_I32_CODE, codes, b.h[1], b.n[1]);
  free(codes);
  TRY(st);
  BitblasRtType stype;
  bitblasRtMatmulConfigScaleType(c, &stype);
  int int_w = wbits < 16 && c->w_type >= BITBLAS_RT_TYPE_I8 && c->w_type <= BITBLAS_RT_TYPE_UI1;
  double s_nominal = int_w ? 1.0 / (double)(1 << (wbits > 1 ? wbits - 1 : 1)) : 1.0;
  size_t ng = b.n[2] / (bytes_of(stype) ? bytes_of(stype) : 1);
  if (b.h[2]) fill(stype, b.h[2], ng, 0.5 * s_nominal, 1.5 * s_nominal, 0);
  double qmax = (double)((1u << (wbits < 16 ? wbits : 1)) - 1);
  if (c->zeros_mode == BITBLAS_RT_ZEROS_QUANTIZED)
    for (size_t i = 0; i < b.n[3]; ++i) ((uint8_t *)b.h[3])[i] = (uint8_t)(next_u64() % ((uint64_t)qmax + 1));
  else if (c->zeros_mode == BITBLAS_RT_ZEROS_ORIGINAL)
    fill(stype, b.h[3], ng, 0, qmax, 0);
  else if (c->zeros_mode == BITBLAS_RT_ZEROS_RESCALE)
    fill(stype, b.h[3], ng, 0, qmax * s_nominal, 0);
  if (b.h[4]) fill(c->out_type, b.h[4], (size_t)c->n, -1, 1, 0);

  for (int i = 0; i < 6; ++i) {
    if (!b.n[i]) continue;
    TRY(bitblasRtMalloc(dev, b.n[i], &b.d[i]));
    if (i < 5) TRY(bitblasRtMemcpyHtoD(dev, b.d[i], b.h[i], b.n[i], NULL));
  }
  /* Two runs over different poison: an element the kernel never writes
   * differs between them even when the poison happens to be a valid value. */
  c2 = malloc(b.n[5]);
  if (!c2) {
    snprintf(why, sizeof why, "out of host memory");
    goto done;
  }
  for (int run = 0; run < 2; ++run) {
    TRY(bitblasRtMemsetD8(dev, b.d[5], run ? 0x5a : 0xff, b.n[5], NULL));
    TRY(bitblasRtMatmulRun(mm, b.d[0], b.d[1], b.d[2], b.d[3], b.d[4], b.d[5], M, NULL));
    TRY(bitblasRtDeviceSynchronize(dev));
    TRY(bitblasRtMemcpyDtoH(dev, run ? c2 : b.h[5], b.d[5], b.n[5], NULL));
  }
  size_t mn = (size_t)(M * c->n);
  for (size_t i = 0; i < b.n[5]; ++i)
    if (((uint8_t *)c2)[i] != ((uint8_t *)b.h[5])[i]) ++mismatches;
  ref = malloc(mn * sizeof *ref);
  got = malloc(mn * sizeof *got);
  if (!ref || !got) {
    snprintf(why, sizeof why, "out of host memory");
    goto done;
  }
  TRY(bitblasRtReferenceMatmul(c, M, b.h[0], b.h[1], b.h[2], b.h[3], b.h[4], ref));
  TRY(bitblasRtReferenceRelativeError(c->out_type, b.h[5], ref, mn, &rel, &nonfinite));
  tol = exact ? 0.0 : (c->accum_type == BITBLAS_RT_TYPE_F16 ? 5e-3 : 1e-3);
  pass = !nonfinite && !mismatches && (exact ? rel == 0 : rel <= tol);
  if (nonfinite) snprintf(why, sizeof why, "%zu non-finite outputs", nonfinite);
  else if (mismatches) snprintf(why, sizeof why, "%d output bytes differ between runs (unwritten?)", mismatches);
  if (pass && g_pdl) {
    int chained = chain(dev, mm, c, M, &b, ref, got, tol, why, sizeof why);
    pass = chained != 0;
    if (chained > 0) snprintf(why, sizeof why, "PDL chain passed too");
  }
done:;
  char wname[16];
  if (c->w_type == BITBLAS_RT_TYPE_LUT) snprintf(wname, sizeof wname, "lut%d", c->lut.bits);
  else snprintf(wname, sizeof wname, "%s", bitblasRtTypeName(c->w_type));
  printf("%-16s a=%-8s w=%-8s acc=%-3s out=%-4s zeros=%-9s N=%-6lld K=%-6lld M=%-5lld %-20s rel_err=%.3e tol=%.1e %s%s%s\n",
         name, bitblasRtTypeName(c->a_type), wname, bitblasRtTypeName(c->accum_type),
         bitblasRtTypeName(c->out_type), bitblasRtZerosModeName(c->zeros_mode), (long long)c->n,
         (long long)c->k, (long long)M, symbol, rel, tol, pass ? "PASS" : "FAIL",
         why[0] ? ": " : "", why);
  fflush(stdout);
  free(ref);
  free(got);
  free(c2);
  free_buffers(dev, &b);
  return pass;
}

int main(int argc, char **argv) {
  const char *manifest = NULL, *mlist = "1,7,64,257";
  unsigned long long seed = (unsigned long long)time(NULL);
  int device = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--m") && i + 1 < argc) mlist = argv[++i];
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 0);
    else if (!strcmp(argv[i], "--device") && i + 1 < argc) device = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--pdl")) g_pdl = 1;
    else if (argv[i][0] != '-' && !manifest) manifest = argv[i];
    else {
      fprintf(stderr, "usage: %s <manifest> [--m 1,7,64,257] [--seed S] [--device N] [--pdl]\n", argv[0]);
      return 2;
    }
  }
  if (!manifest) {
    fprintf(stderr, "usage: %s <manifest> [--m 1,7,64,257] [--seed S] [--device N] [--pdl]\n", argv[0]);
    return 2;
  }
  int64_t ms[64];
  int nm = 0;
  for (const char *p = mlist; *p && nm < 64;) {
    char *end;
    long long v = strtoll(p, &end, 10);
    if (end == p || v < 1) {
      fprintf(stderr, "bad --m list '%s'\n", mlist);
      return 2;
    }
    ms[nm++] = v;
    p = *end == ',' ? end + 1 : end;
  }
  BitblasRtDevice *dev = NULL;
  BitblasRtStatus st = bitblasRtDeviceCreate(BITBLAS_RT_BACKEND_CUDA, device, &dev);
  if (st == BITBLAS_RT_ERROR_NO_DRIVER || st == BITBLAS_RT_ERROR_NO_DEVICE) {
    printf("SKIP: %s -- GPU test not run\n", bitblasRtGetLastErrorMessage());
    return 77;
  }
  if (st) {
    fprintf(stderr, "error: %s\n", bitblasRtGetLastErrorMessage());
    return 1;
  }
  BitblasRtDeviceInfo info;
  bitblasRtDeviceGetInfo(dev, &info);
  printf("device %d: %s (%s), manifest %s, seed %llu\n", device, info.name, info.arch, manifest, seed);
  BitblasRtLibrary *lib = NULL;
  if (bitblasRtLibraryCreate(dev, manifest, &lib)) {
    fprintf(stderr, "error: %s\n", bitblasRtGetLastErrorMessage());
    bitblasRtDeviceDestroy(dev);
    return 1;
  }
  int count = 0, passed = 0, failed = 0;
  bitblasRtLibraryGetMatmulCount(lib, &count);
  for (int i = 0; i < count; ++i) {
    const char *name;
    BitblasRtMatmulConfig c;
    bitblasRtLibraryGetMatmul(lib, i, &name, &c);
    BitblasRtMatmul *mm = NULL;
    if (bitblasRtLibraryCreateMatmul(lib, i, &mm)) {
      printf("%-16s FAIL: %s\n", name, bitblasRtGetLastErrorMessage());
      ++failed;
      continue;
    }
    for (int j = 0; j < nm; ++j) {
      if (ms[j] < c.m_min || (c.m_max && ms[j] > c.m_max)) {
        printf("%-16s M=%-5lld skipped: outside the kernels' range [%lld, %lld]\n", name,
               (long long)ms[j], (long long)c.m_min, (long long)c.m_max);
        continue;
      }
      rng = (seed + 1) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)i << 32) ^ (uint64_t)ms[j];
      if (!rng) rng = 1;
      if (run_one(dev, mm, name, &c, ms[j])) ++passed;
      else ++failed;
    }
    bitblasRtMatmulDestroy(mm);
  }
  if (g_pdl) {
    /* --pdl that chained nothing checked nothing of PDL: say so, and fail */
    printf("%d PDL chains run%s\n", g_chains,
           g_chains ? "" : ": FAIL: --pdl given but no matmul of the manifest could be chained "
                           "(each row says why)");
    if (!g_chains) ++failed;
  }
  printf("%d passed, %d failed\n", passed, failed);
  bitblasRtLibraryDestroy(lib);
  bitblasRtDeviceDestroy(dev);
  return failed ? 1 : 0;
}
