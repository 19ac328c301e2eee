/* CPU end-to-end test of bitblas.matmul: for every combination of the
 * support matrix, generate the IR of `@mm`, lower it with bitblas-lower-to-cpu,
 * JIT it and compare against the runtime's fp64 reference on random inputs.
 *
 *   cpu-matmul-test [--seed N] [--filter TEXT] [--verbose] [--example]
 *
 * --example runs only the configuration `bitblas-compile --example` builds for
 * the GPU (f16 x ui4, group 128, original zeros, f32 accumulate, f16 out,
 * N = K = 4096) at M = 1 and 16.
 *
 * The reference is cast to the output type (and read back) exactly as the
 * kernel's result is, so the tolerances measure the accumulation alone:
 * ||C - cast(ref)|| / ||cast(ref)|| <= 1e-3 with f32 accumulation, 5e-3 with
 * f16; integer outputs must match the cast reference exactly. NaN anywhere
 * fails. */
#include "e2e_jit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kNumM = 2 };
static const int64_t kMs[kNumM] = {1, 5};
static const int64_t kExampleMs[kNumM] = {1, 16};

typedef struct Combo {
  BitblasRtType a, w, acc, out;
  int64_t group; /* 0: per channel; -1: no scale */
  BitblasRtZerosMode zeros;
  int bias, logical, lut; /* lut: uiN codes index a lut operand */
  int64_t n, k;
} Combo;

typedef struct {
  Combo *items;
  int count, cap;
} ComboList;

static void add(ComboList *l, BitblasRtType a, BitblasRtType w, BitblasRtType acc,
                BitblasRtType out, int64_t group, BitblasRtZerosMode zeros, int bias, int64_t n,
                int64_t k, int logical, int lut) {
  if (l->count == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->items = realloc(l->items, (size_t)l->cap * sizeof *l->items);
    if (!l->items)
      exit(2);
  }
  l->items[l->count++] = (Combo){a, w, acc, out, group, zeros, bias, logical, lut, n, k};
}

static bool isUnsignedInt(BitblasRtType t) {
  return t >= BITBLAS_RT_TYPE_UI8 && t <= BITBLAS_RT_TYPE_UI1;
}
static bool isF8(BitblasRtType t) {
  return t == BITBLAS_RT_TYPE_F8E4M3FN || t == BITBLAS_RT_TYPE_F8E5M2;
}

/* The support matrix of docs/semantics.md, each axis covered at least once
 * with each weight type. */
static void buildCombos(ComboList *l) {
  const BitblasRtType F16 = BITBLAS_RT_TYPE_F16, BF16 = BITBLAS_RT_TYPE_BF16,
                      F32 = BITBLAS_RT_TYPE_F32, I32 = BITBLAS_RT_TYPE_I32, I8 = BITBLAS_RT_TYPE_I8;
  const BitblasRtZerosMode NONE = BITBLAS_RT_ZEROS_NONE, ORIG = BITBLAS_RT_ZEROS_ORIGINAL;
  static const BitblasRtType kW[] = {BITBLAS_RT_TYPE_INVALID /* = the activation type */,
                                     BITBLAS_RT_TYPE_I8,
                                     BITBLAS_RT_TYPE_UI8,
                                     BITBLAS_RT_TYPE_I4,
                                     BITBLAS_RT_TYPE_UI4,
                                     BITBLAS_RT_TYPE_I2,
                                     BITBLAS_RT_TYPE_UI2,
                                     BITBLAS_RT_TYPE_I1,
                                     BITBLAS_RT_TYPE_UI1,
                                     BITBLAS_RT_TYPE_F8E4M3FN,
                                     BITBLAS_RT_TYPE_F8E5M2,
                                     BITBLAS_RT_TYPE_F4E2M1FN,
                                     BITBLAS_RT_TYPE_NF4,
                                     BITBLAS_RT_TYPE_AF4};
  const BitblasRtType acts[2] = {F16, BF16};
  for (int ai = 0; ai < 2; ++ai) {
    BitblasRtType a = acts[ai];
    for (size_t wi = 0; wi < sizeof kW / sizeof kW[0]; ++wi) {
      BitblasRtType w = kW[wi] ? kW[wi] : a;
      bool unq = w == a, uns = isUnsignedInt(w);
      add(l, a, w, F32, a, unq ? -1 : 0, NONE, 1, 32, 256, 0, 0);
      if (!unq) {
        add(l, a, w, F32, F32, 128, uns ? ORIG : NONE, 0, 64, 256, 0, 0);
        add(l, a, w, F32, F32, -1, NONE, 1, 16, 128, 0, 0);
      }
      if (uns) {
        add(l, a, w, F32, a, 64, BITBLAS_RT_ZEROS_RESCALE, 1, 48, 256, 0, 0);
        add(l, a, w, F32, F32, 32, BITBLAS_RT_ZEROS_QUANTIZED, 0, 32, 128, 0, 0);
      }
      if (a == F16)
        add(l, a, w, F16, F16, unq ? -1 : 32, uns ? ORIG : NONE, 1, 32, 128, 0, 0);
    }
  }
  /* The weight as a logical tensor instead of a dequantize of its storage. */
  static const BitblasRtType kLogical[] = {
      BITBLAS_RT_TYPE_UI4,      BITBLAS_RT_TYPE_I2,       BITBLAS_RT_TYPE_I1, BITBLAS_RT_TYPE_UI8,
      BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F4E2M1FN, BITBLAS_RT_TYPE_F16};
  for (size_t i = 0; i < sizeof kLogical / sizeof kLogical[0]; ++i) {
    BitblasRtType w = kLogical[i];
    add(l, F16, w, F32, F16, w == F16 ? -1 : 128, isUnsignedInt(w) ? ORIG : NONE, 1, 32, 256, 1, 0);
  }
  /* A lut operand gives the values of uiN codes (W' = lut[code] * scale). */
  add(l, F16, BITBLAS_RT_TYPE_UI4, F32, F16, 32, NONE, 1, 32, 256, 0, 1);
  add(l, BF16, BITBLAS_RT_TYPE_UI2, F32, F32, 0, NONE, 0, 16, 128, 0, 1);
  add(l, F16, BITBLAS_RT_TYPE_UI8, F16, F16, -1, NONE, 0, 16, 128, 0, 1);
  static const BitblasRtType kIntW[] = {BITBLAS_RT_TYPE_I8, BITBLAS_RT_TYPE_I4, BITBLAS_RT_TYPE_I2,
                                        BITBLAS_RT_TYPE_I1};
  for (size_t i = 0; i < sizeof kIntW / sizeof kIntW[0]; ++i) {
    BitblasRtType w = kIntW[i];
    add(l, I8, w, I32, I32, -1, NONE, 0, 32, 256, 0, 0);
    add(l, I8, w, I32, I8, -1, NONE, 0, 16, 128, 0, 0);
    add(l, I8, w, I32, F32, 32, NONE, 0, 32, 128, 0, 0);
    add(l, I8, w, I32, F16, 0, NONE, 1, 16, 256, 0, 0);
  }
  add(l, I8, BITBLAS_RT_TYPE_UI4, I32, F32, 64, BITBLAS_RT_ZEROS_QUANTIZED, 0, 32, 256, 0, 0);
  add(l, I8, BITBLAS_RT_TYPE_UI8, I32, I32, -1, NONE, 0, 16, 128, 0, 0);
  add(l, I8, BITBLAS_RT_TYPE_UI4, I32, F16, 0, NONE, 0, 16, 128, 1, 0);
  static const BitblasRtType kF8[] = {BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F8E5M2};
  for (int ai = 0; ai < 2; ++ai)
    for (int wi = 0; wi < 2; ++wi) {
      add(l, kF8[ai], kF8[wi], F32, F16, -1, NONE, 0, 32, 256, 0, 0);
      add(l, kF8[ai], kF8[wi], F32, wi ? BF16 : F32, 0, NONE, 1, 16, 128, 0, 0);
    }
}

static BitblasRtMatmulConfig configOf(const Combo *c) {
  BitblasRtMatmulConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.n = c->n;
  cfg.k = c->k;
  cfg.a_type = c->a;
  cfg.w_type = c->w;
  cfg.accum_type = c->acc;
  cfg.out_type = c->out;
  cfg.group_size = c->group > 0 ? c->group : 0;
  cfg.zeros_mode = c->zeros;
  cfg.has_scale = c->group >= 0;
  cfg.has_bias = c->bias;
  cfg.layout = BITBLAS_RT_LAYOUT_PACKED;
  return cfg;
}

static const char *zerosName(const Combo *c) { return bitblasRtZerosModeName(c->zeros); }

static void describe(const Combo *c, char *buf, size_t cap) {
  char group[32];
  if (c->group < 0)
    snprintf(group, sizeof group, "none");
  else
    snprintf(group, sizeof group, "%lld", (long long)(c->group ? c->group : c->k));
  snprintf(buf, cap, "a=%s w=%s%s accum=%s out=%s group=%s zeros=%s bias=%d",
           bitblasRtTypeName(c->a), bitblasRtTypeName(c->w),
           c->logical ? "(logical)"
           : c->lut   ? "+lut"
                      : "",
           bitblasRtTypeName(c->acc), bitblasRtTypeName(c->out), group, zerosName(c), c->bias);
}

/* func @mm(a, w, [scale], [zeros], [bias], c) on memrefs, the matmul on tensors. */
static void emitProgram(E2eText *t, const Combo *c, BitblasRtType scaleT) {
  const char *A = e2eMlirType(c->a), *W = e2eMlirType(c->w), *O = e2eMlirType(c->out);
  const char *S = e2eMlirType(scaleT);
  const char *Z = c->zeros == BITBLAS_RT_ZEROS_QUANTIZED ? W : S;
  long long n = c->n, k = c->k, kb = (long long)(c->k * e2eTypeBits(c->w) / 8);
  long long groups = c->group > 0 ? c->k / c->group : 1;
  bool scale = c->group >= 0, zeros = c->zeros != BITBLAS_RT_ZEROS_NONE;
  char wmem[128], wten[128];
  if (c->logical)
    snprintf(wmem, sizeof wmem, "%lldx%lldx%s", n, k, W);
  else
    snprintf(wmem, sizeof wmem, "%lldx%lldxi8", n, kb);
  snprintf(wten, sizeof wten, "tensor<%lldx%lldx%s>", n, k, W);
  e2eTextPrintf(t, "func.func @mm(%%a: memref<?x%lldx%s>, %%w: memref<%s>", k, A, wmem);
  if (scale)
    e2eTextPrintf(t, ", %%s: memref<%lldx%lldx%s>", n, groups, S);
  if (zeros)
    e2eTextPrintf(t, ", %%z: memref<%lldx%lldx%s>", n, groups, Z);
  if (c->bias)
    e2eTextPrintf(t, ", %%b: memref<%lldx%s>", n, O);
  if (c->lut)
    e2eTextPrintf(t, ", %%l: memref<%dx%s>", 1 << e2eTypeBits(c->w), A);
  e2eTextPrintf(t, ", %%c: memref<?x%lldx%s>) attributes {llvm.emit_c_interface} {\n", n, O);
  e2eTextPrintf(t,
                "  %%A = bufferization.to_tensor %%a restrict : memref<?x%lldx%s> to "
                "tensor<?x%lldx%s>\n",
                k, A, k, A);
  e2eTextPrintf(t, "  %%%s = bufferization.to_tensor %%w restrict : memref<%s> to tensor<%s>\n",
                c->logical ? "W" : "Wm", wmem, wmem);
  if (!c->logical)
    e2eTextPrintf(t, "  %%W = \"bitblas.dequantize\"(%%Wm) : (tensor<%s>) -> %s\n", wmem, wten);
  if (scale)
    e2eTextPrintf(t,
                  "  %%S = bufferization.to_tensor %%s restrict : memref<%lldx%lldx%s> to "
                  "tensor<%lldx%lldx%s>\n",
                  n, groups, S, n, groups, S);
  if (zeros)
    e2eTextPrintf(t,
                  "  %%Z = bufferization.to_tensor %%z restrict : memref<%lldx%lldx%s> to "
                  "tensor<%lldx%lldx%s>\n",
                  n, groups, Z, n, groups, Z);
  if (c->bias)
    e2eTextPrintf(t,
                  "  %%B = bufferization.to_tensor %%b restrict : memref<%lldx%s> to "
                  "tensor<%lldx%s>\n",
                  n, O, n, O);
  if (c->lut)
    e2eTextPrintf(t,
                  "  %%L = bufferization.to_tensor %%l restrict : memref<%dx%s> to "
                  "tensor<%dx%s>\n",
                  1 << e2eTypeBits(c->w), A, 1 << e2eTypeBits(c->w), A);
  e2eTextPrintf(t,
                "  %%C = \"bitblas.matmul\"(%%A, %%W%s%s%s%s) {operandSegmentSizes = "
                "array<i32: 1, 1, %d, %d, %d, %d>, group_size = %lld : i64, zeros_mode = "
                "\"%s\", accum_type = %s} : (tensor<?x%lldx%s>, %s",
                scale ? ", %S" : "", zeros ? ", %Z" : "", c->bias ? ", %B" : "",
                c->lut ? ", %L" : "", scale, zeros, c->bias, c->lut,
                (long long)(c->group > 0 ? c->group : 0), zerosName(c), e2eMlirType(c->acc), k, A,
                wten);
  if (scale)
    e2eTextPrintf(t, ", tensor<%lldx%lldx%s>", n, groups, S);
  if (zeros)
    e2eTextPrintf(t, ", tensor<%lldx%lldx%s>", n, groups, Z);
  if (c->bias)
    e2eTextPrintf(t, ", tensor<%lldx%s>", n, O);
  if (c->lut)
    e2eTextPrintf(t, ", tensor<%dx%s>", 1 << e2eTypeBits(c->w), A);
  e2eTextPrintf(t, ") -> tensor<?x%lldx%s>\n", n, O);
  e2eTextPrintf(t,
                "  bufferization.materialize_in_destination %%C in restrict writable %%c : "
                "(tensor<?x%lldx%s>, memref<?x%lldx%s>) -> ()\n  return\n}\n",
                n, O, n, O);
}

static void check(BitblasRtStatus st, const char *what) {
  if (st != BITBLAS_RT_SUCCESS) {
    fprintf(stderr, "%s: %s\n", what, bitblasRtGetLastErrorMessage());
    exit(2);
  }
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    exit(2);
  return p;
}

/* Random doubles -> an array of `type`, rounded as the runtime rounds. */
static void *randomArray(uint64_t *rng, BitblasRtType type, size_t count, double lo, double hi,
                         bool integers) {
  double *d = xmalloc(count * sizeof *d);
  for (size_t i = 0; i < count; ++i) {
    d[i] = e2eUniform(rng, lo, hi);
    if (integers)
      d[i] = floor(d[i]);
  }
  void *out = xmalloc(count * e2eTypeBytes(type));
  check(bitblasRtConvertFromDouble(type, d, count, out), "convert");
  free(d);
  return out;
}

/* Largest |value| of the codes we draw: keeps W' * scale near 1. */
static double codeMagnitude(BitblasRtType w) {
  if (isF8(w) || w == BITBLAS_RT_TYPE_F16 || w == BITBLAS_RT_TYPE_BF16)
    return 1.0;
  double m = 0.0;
  for (uint32_t code = 0; code < (1u << e2eTypeBits(w)); ++code) {
    double v;
    if (bitblasRtDecodeCode(w, NULL, code, &v) == BITBLAS_RT_SUCCESS && isfinite(v) && fabs(v) > m)
      m = fabs(v);
  }
  return m > 0 ? m : 1.0;
}

typedef struct Inputs {
  void *w, *wLogical, *scale, *zeros, *bias, *lut;
  double lutValues[256]; /* the lut operand, as the reference reads it */
  size_t wBytes;
} Inputs;

static void makeInputs(uint64_t *rng, const Combo *c, BitblasRtType scaleT, Inputs *in) {
  memset(in, 0, sizeof *in);
  size_t nk = (size_t)(c->n * c->k);
  int bits = e2eTypeBits(c->w);
  BitblasRtWeightDesc desc = {c->w, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, c->n, c->k};
  check(bitblasRtWeightStorageBytes(&desc, &in->wBytes), "storage bytes");
  in->w = xmalloc(in->wBytes);
  if (isF8(c->w) || bits == 16) { /* values in [-1, 1]: f8/f16 codes span huge ranges */
    float *v = xmalloc(nk * sizeof *v);
    for (size_t i = 0; i < nk; ++i)
      v[i] = (float)e2eUniform(rng, -1.0, 1.0);
    check(bitblasRtTransformWeight(&desc, BITBLAS_RT_SOURCE_F32, v, in->w, in->wBytes),
          "transform");
    free(v);
  } else {
    uint8_t *codes = xmalloc(nk);
    for (size_t i = 0; i < nk; ++i)
      codes[i] = (uint8_t)(e2eRandom(rng) >> 40) & (uint8_t)((1u << bits) - 1);
    check(bitblasRtTransformWeight(&desc, BITBLAS_RT_SOURCE_U8_CODE, codes, in->w, in->wBytes),
          "transform");
    free(codes);
  }
  if (c->logical) { /* one element per byte (two for 16-bit types), as MLIR lays out iN */
    uint32_t *codes = xmalloc(nk * sizeof *codes);
    check(bitblasRtWeightToCodes(&desc, in->w, in->wBytes, codes), "to codes");
    in->wLogical = xmalloc(nk * 2);
    for (size_t i = 0; i < nk; ++i) {
      if (bits == 16)
        ((uint16_t *)in->wLogical)[i] = (uint16_t)codes[i];
      else
        ((uint8_t *)in->wLogical)[i] = (uint8_t)codes[i];
    }
    free(codes);
  }
  size_t groups = (size_t)(c->group > 0 ? c->k / c->group : 1), ng = (size_t)c->n * groups;
  double qmax = codeMagnitude(c->w), zmax = (double)((1u << bits) - 1);
  if (c->group >= 0)
    in->scale = randomArray(rng, scaleT, ng, 0.5 / qmax, 1.5 / qmax, false);
  if (c->zeros == BITBLAS_RT_ZEROS_ORIGINAL)
    in->zeros = randomArray(rng, scaleT, ng, 0.0, zmax, false);
  else if (c->zeros == BITBLAS_RT_ZEROS_RESCALE)
    in->zeros = randomArray(rng, scaleT, ng, 0.0, 1.0, false);
  else if (c->zeros == BITBLAS_RT_ZEROS_QUANTIZED) {
    uint8_t *z = xmalloc(ng);
    for (size_t i = 0; i < ng; ++i)
      z[i] = (uint8_t)(e2eRandom(rng) % ((uint64_t)zmax + 1));
    in->zeros = z;
  }
  if (c->bias)
    in->bias = randomArray(rng, c->out, (size_t)c->n, -1.0, 1.0, false);
  if (c->lut) {
    size_t entries = (size_t)1 << bits;
    in->lut = randomArray(rng, c->a, entries, -1.0, 1.0, false);
    check(bitblasRtConvertToDouble(c->a, in->lut, entries, in->lutValues), "lut");
  }
}

static void freeInputs(Inputs *in) {
  free(in->w);
  free(in->wLogical);
  free(in->scale);
  free(in->zeros);
  free(in->bias);
  free(in->lut);
}

/* Relative error allowed against the cast reference (float outputs). */
static double tolerance(const Combo *c) { return c->acc == BITBLAS_RT_TYPE_F16 ? 5e-3 : 1e-3; }

/* The example of `bitblas-compile --example` (tools/bitblas-compile/matrix.c). */
static void buildExample(ComboList *l) {
  add(l, BITBLAS_RT_TYPE_F16, BITBLAS_RT_TYPE_UI4, BITBLAS_RT_TYPE_F32, BITBLAS_RT_TYPE_F16, 128,
      BITBLAS_RT_ZEROS_ORIGINAL, 0, 4096, 4096, 0, 0);
}

/* Runs `@mm` at one M; prints the PASS/FAIL line; returns whether it passed. */
static bool runOne(E2eProgram *p, uint64_t *rng, const Combo *c, const Inputs *in, int64_t m,
                   const char *desc) {
  BitblasRtMatmulConfig cfg = configOf(c);
  if (c->lut) { /* the reference knows the table as a lut weight type */
    cfg.w_type = BITBLAS_RT_TYPE_LUT;
    cfg.lut = (BitblasRtLut){e2eTypeBits(c->w), in->lutValues};
  }
  size_t mk = (size_t)(m * c->k), mn = (size_t)(m * c->n);
  bool intAct = c->a == BITBLAS_RT_TYPE_I8;
  /* i8 outputs get small activations, so that sums both saturate and not. */
  double alo = intAct ? (c->out == BITBLAS_RT_TYPE_I8 ? -2.0 : -128.0) : -1.0;
  double ahi = intAct ? (c->out == BITBLAS_RT_TYPE_I8 ? 3.0 : 128.0) : 1.0;
  void *a = randomArray(rng, c->a, mk, alo, ahi, intAct);
  size_t ob = e2eTypeBytes(c->out);
  void *out = xmalloc(mn * ob);
  memset(out, 0xff, mn * ob); /* NaN in every float type, -1 in integers */
  double *ref = xmalloc(mn * sizeof *ref);
  check(bitblasRtReferenceMatmul(&cfg, m, a, in->w, in->scale, in->zeros, in->bias, ref),
        "reference");

  int64_t groups = c->group > 0 ? c->k / c->group : 1;
  E2eMemref2 dA = e2eMemref2(a, m, c->k), dC = e2eMemref2(out, m, c->n);
  E2eMemref2 dW = c->logical ? e2eMemref2(in->wLogical, c->n, c->k)
                             : e2eMemref2(in->w, c->n, c->k * e2eTypeBits(c->w) / 8);
  E2eMemref2 dS = e2eMemref2(in->scale, c->n, groups), dZ = e2eMemref2(in->zeros, c->n, groups);
  E2eMemref1 dB = e2eMemref1(in->bias, c->n), dL = e2eMemref1(in->lut, 1 << e2eTypeBits(c->w));
  void *descs[7];
  int nd = 0;
  descs[nd++] = &dA;
  descs[nd++] = &dW;
  if (in->scale)
    descs[nd++] = &dS;
  if (in->zeros)
    descs[nd++] = &dZ;
  if (in->bias)
    descs[nd++] = &dB;
  if (in->lut)
    descs[nd++] = &dL;
  descs[nd++] = &dC;
  bool ok = e2eInvoke(p, "mm", descs, nd);

  char result[64] = "invoke failed";
  if (ok) {
    /* The reference after the output cast the kernel applies (i8 saturates,
     * floats round to nearest even), read back as doubles. */
    void *want = xmalloc(mn * ob);
    check(bitblasRtConvertFromDouble(c->out, ref, mn, want), "convert");
    if (c->out == BITBLAS_RT_TYPE_I32 || c->out == BITBLAS_RT_TYPE_I8) {
      size_t bad = 0;
      for (size_t i = 0; i < mn; ++i)
        bad += memcmp((char *)out + i * ob, (char *)want + i * ob, ob) != 0;
      ok = bad == 0;
      snprintf(result, sizeof result, "mismatches=%zu", bad);
    } else {
      double *got = xmalloc(mn * sizeof *got), num = 0.0, den = 0.0;
      check(bitblasRtConvertToDouble(c->out, out, mn, got), "convert");
      check(bitblasRtConvertToDouble(c->out, want, mn, ref), "convert");
      for (size_t i = 0; i < mn; ++i) {
        num += (got[i] - ref[i]) * (got[i] - ref[i]);
        den += ref[i] * ref[i];
      }
      double rel = sqrt(num) / (den > 0 ? sqrt(den) : 1.0);
      ok = !isnan(rel) && rel <= tolerance(c) && den > 0;
      snprintf(result, sizeof result, "relerr=%.2e tol=%.0e", rel, tolerance(c));
      free(got);
    }
    free(want);
  }
  printf("%s %s M=%lld N=%lld K=%lld %s\n", ok ? "PASS" : "FAIL", desc, (long long)m,
         (long long)c->n, (long long)c->k, result);
  free(a);
  free(out);
  free(ref);
  return ok;
}

int main(int argc, char **argv) {
  uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
  const char *filter = NULL;
  bool verbose = false, example = false;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoull(argv[++i], NULL, 0);
    else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
      filter = argv[++i];
    else if (!strcmp(argv[i], "--verbose"))
      verbose = true;
    else if (!strcmp(argv[i], "--example"))
      example = true;
    else {
      fprintf(stderr, "usage: %s [--seed N] [--filter TEXT] [--verbose] [--example]\n", argv[0]);
      return 2;
    }
  }
  if (!seed)
    seed = 1;
  printf("seed=%llu\n", (unsigned long long)seed);
  uint64_t rng = seed;
  ComboList combos = {0};
  if (example)
    buildExample(&combos);
  else
    buildCombos(&combos);
  const int64_t *ms = example ? kExampleMs : kMs;
  MlirContext ctx = e2eContextCreate();
  int passed = 0, failed = 0;
  for (int i = 0; i < combos.count; ++i) {
    const Combo *c = &combos.items[i];
    char desc[256];
    describe(c, desc, sizeof desc);
    if (filter && !strstr(desc, filter))
      continue;
    BitblasRtMatmulConfig cfg = configOf(c);
    BitblasRtType scaleT;
    check(bitblasRtMatmulConfigValidate(&cfg), desc);
    check(bitblasRtMatmulConfigScaleType(&cfg, &scaleT), "scale type");
    E2eText text = {0};
    emitProgram(&text, c, scaleT);
    if (verbose)
      printf("%s", text.buf);
    E2eProgram prog = e2eCompile(ctx, text.buf);
    e2eTextFree(&text);
    if (mlirExecutionEngineIsNull(prog.engine)) {
      printf("FAIL %s (does not compile)\n", desc);
      failed += kNumM;
      e2eProgramDestroy(&prog);
      continue;
    }
    Inputs in;
    makeInputs(&rng, c, scaleT, &in);
    for (int mi = 0; mi < kNumM; ++mi)
      runOne(&prog, &rng, c, &in, ms[mi], desc) ? ++passed : ++failed;
    freeInputs(&in);
    e2eProgramDestroy(&prog);
    fflush(stdout);
  }
  mlirContextDestroy(ctx);
  free(combos.items);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
