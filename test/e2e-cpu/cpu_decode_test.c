/* Exact decode test of the CPU path: every code of every weight type, for
 * every zeros mode, must decode to the runtime's value bit for bit.
 *
 *  - tile_convert: W' = tile_convert(dequantize(storage)) -> f32, all codes
 *    (NaN and inf included; NaN must stay NaN);
 *  - one-hot matmul: A[m, k] = (k == m), scale 1, so C[k, n] = W'[n, k]
 *    exactly (finite codes; 0 * inf would poison a whole row);
 *  - i8 one-hot matmul with i32 output for the integer weight types.
 *
 *   cpu-decode-test [--verbose] */
#include "e2e_jit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double kLut2[4] = {-1.5, -0.25, 0.5, 3.0};

typedef struct Case {
  BitblasRtType w;
  BitblasRtZerosMode zeros;
  int scaled; /* scale 1.0 present (group 32) */
} Case;

static bool verbose = false;

static void check(BitblasRtStatus st, const char *what) {
  if (st != BITBLAS_RT_SUCCESS) {
    fprintf(stderr, "%s: %s\n", what, bitblasRtGetLastErrorMessage());
    exit(2);
  }
}

static void *xcalloc(size_t n) {
  void *p = calloc(n ? n : 1, 1);
  if (!p)
    exit(2);
  return p;
}

static BitblasRtLut lutOf(BitblasRtType w) {
  BitblasRtLut l = {0, NULL};
  if (w == BITBLAS_RT_TYPE_LUT)
    l = (BitblasRtLut){2, kLut2};
  return l;
}

static int bitsOf(BitblasRtType w) {
  int bits = 0;
  BitblasRtLut l = lutOf(w);
  check(bitblasRtTypeBits(w, &l, &bits), "bits");
  return bits;
}

static const char *wName(BitblasRtType w) {
  return w == BITBLAS_RT_TYPE_LUT ? "!bitblas.lut<2 : i32, [-1.5 : f16, -0.25 : f16, 0.5 : f16, "
                                    "3.0 : f16]>"
                                  : e2eMlirType(w);
}

static const char *shortName(BitblasRtType w) {
  return w == BITBLAS_RT_TYPE_LUT ? "lut2" : bitblasRtTypeName(w);
}

/* Shapes: every code appears at least once. */
static void shapeOf(BitblasRtType w, int64_t *n, int64_t *k) {
  bool wide = bitsOf(w) == 16;
  *n = wide ? 256 : 16;
  *k = wide ? 256 : 64;
}

typedef struct Data {
  int64_t n, k, groups;
  void *w, *scale, *zeros;
  size_t wBytes;
  double *ref; /* W'[n, k] */
} Data;

/* Every code appears; non-finite codes -> 0 if `finiteOnly`. */
static void makeData(const Case *c, BitblasRtType a, BitblasRtType scaleT, bool finiteOnly,
                     Data *d) {
  memset(d, 0, sizeof *d);
  shapeOf(c->w, &d->n, &d->k);
  int bits = bitsOf(c->w);
  size_t nk = (size_t)(d->n * d->k);
  BitblasRtLut lut = lutOf(c->w);
  BitblasRtWeightDesc desc = {c->w, lut, BITBLAS_RT_LAYOUT_PACKED, d->n, d->k};
  int32_t *codes = xcalloc(nk * sizeof *codes);
  for (size_t i = 0; i < nk; ++i) {
    /* An odd multiplier permutes each run of 2^bits codes: neighbours differ. */
    codes[i] = (int32_t)((7 * i + (i >> bits)) % ((size_t)1 << bits));
    double v;
    check(bitblasRtDecodeCode(c->w, &lut, (uint32_t)codes[i], &v), "decode");
    if (finiteOnly && !isfinite(v))
      codes[i] = 0;
  }
  check(bitblasRtWeightStorageBytes(&desc, &d->wBytes), "bytes");
  d->w = xcalloc(d->wBytes);
  check(bitblasRtTransformWeight(&desc, BITBLAS_RT_SOURCE_I32_CODE, codes, d->w, d->wBytes),
        "transform");
  free(codes);
  d->groups = c->scaled ? d->k / 32 : 1;
  size_t ng = (size_t)(d->n * d->groups);
  if (c->scaled) {
    double *ones = xcalloc(ng * sizeof *ones), *z = xcalloc(ng * sizeof *z);
    for (size_t i = 0; i < ng; ++i) {
      ones[i] = 1.0;
      z[i] = (double)(i % ((size_t)1 << bits)); /* integers: (q - z) * 1 stays exact */
    }
    d->scale = xcalloc(ng * 4);
    check(bitblasRtConvertFromDouble(scaleT, ones, ng, d->scale), "scale");
    if (c->zeros == BITBLAS_RT_ZEROS_QUANTIZED) {
      d->zeros = xcalloc(ng);
      for (size_t i = 0; i < ng; ++i)
        ((uint8_t *)d->zeros)[i] = (uint8_t)z[i];
    } else if (c->zeros != BITBLAS_RT_ZEROS_NONE) {
      d->zeros = xcalloc(ng * 4);
      check(bitblasRtConvertFromDouble(scaleT, z, ng, d->zeros), "zeros");
    }
    free(ones);
    free(z);
  }
  BitblasRtMatmulConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.n = d->n;
  cfg.k = d->k;
  cfg.a_type = a;
  cfg.w_type = c->w;
  cfg.lut = lut;
  cfg.accum_type = a == BITBLAS_RT_TYPE_I8 ? BITBLAS_RT_TYPE_I32 : BITBLAS_RT_TYPE_F32;
  cfg.out_type = a == BITBLAS_RT_TYPE_I8 ? BITBLAS_RT_TYPE_I32 : BITBLAS_RT_TYPE_F32;
  cfg.group_size = c->scaled ? 32 : 0;
  cfg.zeros_mode = c->zeros;
  cfg.has_scale = c->scaled;
  cfg.scale_type = c->scaled ? scaleT : BITBLAS_RT_TYPE_INVALID;
  cfg.layout = BITBLAS_RT_LAYOUT_PACKED;
  d->ref = xcalloc(nk * sizeof *d->ref);
  check(bitblasRtReferenceDequantize(&cfg, d->w, d->scale, d->zeros, d->ref), "reference");
}

static void freeData(Data *d) {
  free(d->w);
  free(d->scale);
  free(d->zeros);
  free(d->ref);
}

/* Argument list and operands shared by both programs. */
static void emitQuantArgs(E2eText *t, const Case *c, const Data *d, const char *scaleT) {
  const char *zT = c->zeros == BITBLAS_RT_ZEROS_QUANTIZED ? wName(c->w) : scaleT;
  if (c->scaled)
    e2eTextPrintf(t, ", %%s: memref<%lldx%lldx%s>", (long long)d->n, (long long)d->groups, scaleT);
  if (c->zeros != BITBLAS_RT_ZEROS_NONE)
    e2eTextPrintf(t, ", %%z: memref<%lldx%lldx%s>", (long long)d->n, (long long)d->groups, zT);
}

static void emitQuantTensors(E2eText *t, const Case *c, const Data *d, const char *scaleT) {
  const char *zT = c->zeros == BITBLAS_RT_ZEROS_QUANTIZED ? wName(c->w) : scaleT;
  long long n = d->n, g = d->groups;
  if (c->scaled)
    e2eTextPrintf(t,
                  "  %%S = bufferization.to_tensor %%s restrict : memref<%lldx%lldx%s> to "
                  "tensor<%lldx%lldx%s>\n",
                  n, g, scaleT, n, g, scaleT);
  if (c->zeros != BITBLAS_RT_ZEROS_NONE)
    e2eTextPrintf(t,
                  "  %%Z = bufferization.to_tensor %%z restrict : memref<%lldx%lldx%s> to "
                  "tensor<%lldx%lldx%s>\n",
                  n, g, zT, n, g, zT);
}

static void emitWeight(E2eText *t, const Case *c, const Data *d) {
  long long kb = (long long)(d->k * bitsOf(c->w) / 8);
  e2eTextPrintf(t,
                "  %%Ws = bufferization.to_tensor %%w restrict : memref<%lldx%lldxi8> to "
                "tensor<%lldx%lldxi8>\n",
                (long long)d->n, kb, (long long)d->n, kb);
  e2eTextPrintf(t,
                "  %%W = \"bitblas.dequantize\"(%%Ws) : (tensor<%lldx%lldxi8>) -> "
                "tensor<%lldx%lldx%s>\n",
                (long long)d->n, kb, (long long)d->n, (long long)d->k, wName(c->w));
}

static void emitQuantTypes(E2eText *t, const Case *c, const Data *d, const char *scaleT) {
  const char *zT = c->zeros == BITBLAS_RT_ZEROS_QUANTIZED ? wName(c->w) : scaleT;
  if (c->scaled)
    e2eTextPrintf(t, ", tensor<%lldx%lldx%s>", (long long)d->n, (long long)d->groups, scaleT);
  if (c->zeros != BITBLAS_RT_ZEROS_NONE)
    e2eTextPrintf(t, ", tensor<%lldx%lldx%s>", (long long)d->n, (long long)d->groups, zT);
}

static int64_t storageCols(const Case *c, const Data *d) { return d->k * bitsOf(c->w) / 8; }

static bool sameF32(float got, double want, bool signedZero) {
  float w = (float)want;
  if (isnan(w))
    return isnan(got);
  if (signedZero)
    return memcmp(&got, &w, sizeof w) == 0;
  return got == w;
}

static bool report(const char *what, const Case *c, size_t count, size_t bad) {
  printf("%s %s w=%s zeros=%s scale=%d values=%zu mismatches=%zu\n", bad ? "FAIL" : "PASS", what,
         shortName(c->w), bitblasRtZerosModeName(c->zeros), c->scaled, count, bad);
  return bad == 0;
}

static bool testTileConvert(MlirContext ctx, const Case *c) {
  Data d;
  makeData(c, BITBLAS_RT_TYPE_F16, BITBLAS_RT_TYPE_F32, false, &d);
  E2eText t = {0};
  long long n = d.n, k = d.k;
  e2eTextPrintf(&t, "func.func @tc(%%w: memref<%lldx%lldxi8>", n, (long long)storageCols(c, &d));
  emitQuantArgs(&t, c, &d, "f32");
  e2eTextPrintf(&t, ", %%o: memref<%lldx%lldxf32>) attributes {llvm.emit_c_interface} {\n", n, k);
  emitWeight(&t, c, &d);
  emitQuantTensors(&t, c, &d, "f32");
  e2eTextPrintf(&t,
                "  %%R = \"bitblas.tile_convert\"(%%W%s%s) {operandSegmentSizes = "
                "array<i32: 1, %d, %d>, group_size = %d : i64, zeros_mode = \"%s\", "
                "scope = \"global\"} : (tensor<%lldx%lldx%s>",
                c->scaled ? ", %S" : "", c->zeros ? ", %Z" : "", c->scaled, c->zeros != 0,
                c->scaled ? 32 : 0, bitblasRtZerosModeName(c->zeros), n, k, wName(c->w));
  emitQuantTypes(&t, c, &d, "f32");
  e2eTextPrintf(&t,
                ") -> tensor<%lldx%lldxf32>\n  bufferization.materialize_in_destination %%R in "
                "restrict writable %%o : (tensor<%lldx%lldxf32>, memref<%lldx%lldxf32>) -> ()\n"
                "  return\n}\n",
                n, k, n, k, n, k);
  if (verbose)
    printf("%s", t.buf);
  E2eProgram p = e2eCompile(ctx, t.buf);
  e2eTextFree(&t);
  size_t nk = (size_t)(n * k), bad = nk;
  float *out = xcalloc(nk * sizeof *out);
  memset(out, 0xff, nk * sizeof *out);
  E2eMemref2 dW = e2eMemref2(d.w, n, storageCols(c, &d)), dS = e2eMemref2(d.scale, n, d.groups),
             dZ = e2eMemref2(d.zeros, n, d.groups), dO = e2eMemref2(out, n, k);
  void *descs[4];
  int nd = 0;
  descs[nd++] = &dW;
  if (c->scaled)
    descs[nd++] = &dS;
  if (c->zeros)
    descs[nd++] = &dZ;
  descs[nd++] = &dO;
  if (!mlirExecutionEngineIsNull(p.engine) && e2eInvoke(&p, "tc", descs, nd)) {
    bad = 0;
    for (size_t i = 0; i < nk; ++i)
      bad += !sameF32(out[i], d.ref[i], true);
  }
  e2eProgramDestroy(&p);
  free(out);
  freeData(&d);
  return report("tile_convert", c, nk, bad);
}

/* C[m, n] = sum_k onehot[m, k] W'[n, k] with M = K. */
static bool testOneHot(MlirContext ctx, const Case *c, BitblasRtType a) {
  bool intAct = a == BITBLAS_RT_TYPE_I8;
  BitblasRtType scaleT = intAct ? BITBLAS_RT_TYPE_F32 : a;
  Data d;
  makeData(c, a, scaleT, true, &d);
  const char *A = e2eMlirType(a), *S = e2eMlirType(scaleT), *O = intAct ? "i32" : "f32";
  long long n = d.n, k = d.k;
  E2eText t = {0};
  e2eTextPrintf(&t, "func.func @mm(%%a: memref<?x%lldx%s>, %%w: memref<%lldx%lldxi8>", k, A, n,
                (long long)storageCols(c, &d));
  emitQuantArgs(&t, c, &d, S);
  e2eTextPrintf(&t, ", %%c: memref<?x%lldx%s>) attributes {llvm.emit_c_interface} {\n", n, O);
  e2eTextPrintf(&t,
                "  %%A = bufferization.to_tensor %%a restrict : memref<?x%lldx%s> to "
                "tensor<?x%lldx%s>\n",
                k, A, k, A);
  emitWeight(&t, c, &d);
  emitQuantTensors(&t, c, &d, S);
  e2eTextPrintf(&t,
                "  %%C = \"bitblas.matmul\"(%%A, %%W%s%s) {operandSegmentSizes = "
                "array<i32: 1, 1, %d, %d, 0, 0>, group_size = %d : i64, zeros_mode = \"%s\", "
                "accum_type = %s} : (tensor<?x%lldx%s>, tensor<%lldx%lldx%s>",
                c->scaled ? ", %S" : "", c->zeros ? ", %Z" : "", c->scaled, c->zeros != 0,
                c->scaled ? 32 : 0, bitblasRtZerosModeName(c->zeros), intAct ? "i32" : "f32", k, A,
                n, k, wName(c->w));
  emitQuantTypes(&t, c, &d, S);
  e2eTextPrintf(&t,
                ") -> tensor<?x%lldx%s>\n  bufferization.materialize_in_destination %%C in "
                "restrict writable %%c : (tensor<?x%lldx%s>, memref<?x%lldx%s>) -> ()\n"
                "  return\n}\n",
                n, O, n, O, n, O);
  if (verbose)
    printf("%s", t.buf);
  E2eProgram p = e2eCompile(ctx, t.buf);
  e2eTextFree(&t);
  size_t mk = (size_t)(k * k), mn = (size_t)(k * n), bad = mn;
  double *ones = xcalloc(mk * sizeof *ones);
  for (int64_t m = 0; m < k; ++m)
    ones[m * k + m] = 1.0;
  void *av = xcalloc(mk * 2);
  check(bitblasRtConvertFromDouble(a, ones, mk, av), "A");
  void *out = xcalloc(mn * 4);
  memset(out, 0xff, mn * 4);
  E2eMemref2 dA = e2eMemref2(av, k, k), dW = e2eMemref2(d.w, n, storageCols(c, &d)),
             dS = e2eMemref2(d.scale, n, d.groups), dZ = e2eMemref2(d.zeros, n, d.groups),
             dC = e2eMemref2(out, k, n);
  void *descs[5];
  int nd = 0;
  descs[nd++] = &dA;
  descs[nd++] = &dW;
  if (c->scaled)
    descs[nd++] = &dS;
  if (c->zeros)
    descs[nd++] = &dZ;
  descs[nd++] = &dC;
  if (!mlirExecutionEngineIsNull(p.engine) && e2eInvoke(&p, "mm", descs, nd)) {
    bad = 0;
    for (int64_t m = 0; m < k; ++m)
      for (int64_t j = 0; j < n; ++j) {
        double want = d.ref[j * k + m];
        size_t i = (size_t)(m * n + j);
        bad += intAct ? ((int32_t *)out)[i] != (int32_t)want
                      : !sameF32(((float *)out)[i], want, false);
      }
  }
  e2eProgramDestroy(&p);
  free(ones);
  free(av);
  free(out);
  freeData(&d);
  return report(intAct ? "onehot-i8" : "onehot", c, mn, bad);
}

/* Standalone bitblas.dequantize (storage -> logical tensor, one element per
 * byte or two for 16-bit types, as MLIR lays out iN) and bitblas.quantize
 * (the inverse) against the runtime's packing. */
static bool testPacking(MlirContext ctx, BitblasRtType w, bool pack) {
  Case c = {w, BITBLAS_RT_ZEROS_NONE, 0};
  Data d;
  makeData(&c, BITBLAS_RT_TYPE_F16, BITBLAS_RT_TYPE_F32, false, &d);
  int bits = bitsOf(w);
  long long n = d.n, k = d.k, kb = (long long)storageCols(&c, &d);
  size_t nk = (size_t)(n * k), eb = bits == 16 ? 2 : 1, bad = pack ? d.wBytes : nk;
  uint32_t *codes = xcalloc(nk * sizeof *codes);
  BitblasRtWeightDesc desc = {w, lutOf(w), BITBLAS_RT_LAYOUT_PACKED, d.n, d.k};
  check(bitblasRtWeightToCodes(&desc, d.w, d.wBytes, codes), "codes");
  uint8_t *logical = xcalloc(nk * eb), *storage = xcalloc(d.wBytes);
  for (size_t i = 0; i < nk; ++i) {
    if (eb == 2)
      ((uint16_t *)logical)[i] = (uint16_t)codes[i];
    else
      logical[i] = (uint8_t)codes[i];
  }
  if (!pack) {
    memcpy(storage, d.w, d.wBytes);
    memset(logical, 0xa5, nk * eb); /* the output: poison */
  } else {
    memset(storage, 0xa5, d.wBytes);
  }
  E2eText t = {0};
  char lt[160], st[64];
  snprintf(lt, sizeof lt, "%lldx%lldx%s", n, k, wName(w));
  snprintf(st, sizeof st, "%lldx%lldxi8", n, kb);
  const char *in = pack ? lt : st, *out = pack ? st : lt;
  e2eTextPrintf(&t,
                "func.func @f(%%x: memref<%s>, %%o: memref<%s>) attributes "
                "{llvm.emit_c_interface} {\n  %%X = bufferization.to_tensor %%x restrict : "
                "memref<%s> to tensor<%s>\n  %%R = \"bitblas.%s\"(%%X) : (tensor<%s>) -> "
                "tensor<%s>\n  bufferization.materialize_in_destination %%R in restrict "
                "writable %%o : (tensor<%s>, memref<%s>) -> ()\n  return\n}\n",
                in, out, in, in, pack ? "quantize" : "dequantize", in, out, out, out);
  if (verbose)
    printf("%s", t.buf);
  E2eProgram p = e2eCompile(ctx, t.buf);
  e2eTextFree(&t);
  E2eMemref2 dL = e2eMemref2(logical, n, k), dS = e2eMemref2(storage, n, kb);
  void *descs[2] = {pack ? (void *)&dL : (void *)&dS, pack ? (void *)&dS : (void *)&dL};
  if (!mlirExecutionEngineIsNull(p.engine) && e2eInvoke(&p, "f", descs, 2)) {
    bad = 0;
    if (pack) {
      bad = 0;
      for (size_t i = 0; i < d.wBytes; ++i)
        bad += storage[i] != ((uint8_t *)d.w)[i];
    } else {
      /* LLVM leaves the bits above an iN in its byte unspecified. */
      uint32_t mask = (uint32_t)((1ull << bits) - 1);
      for (size_t i = 0; i < nk; ++i) {
        uint32_t got = eb == 2 ? ((uint16_t *)logical)[i] : logical[i];
        bad += (got & mask) != codes[i];
      }
    }
  }
  e2eProgramDestroy(&p);
  free(codes);
  free(logical);
  free(storage);
  freeData(&d);
  printf("%s %s w=%s values=%zu mismatches=%zu\n", bad ? "FAIL" : "PASS",
         pack ? "quantize" : "dequantize", shortName(w), pack ? d.wBytes : nk, bad);
  return bad == 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--verbose"))
      verbose = true;
    else {
      fprintf(stderr, "usage: %s [--verbose]\n", argv[0]);
      return 2;
    }
  }
  static const BitblasRtType kTypes[] = {
      BITBLAS_RT_TYPE_F16,      BITBLAS_RT_TYPE_BF16,   BITBLAS_RT_TYPE_I8,
      BITBLAS_RT_TYPE_UI8,      BITBLAS_RT_TYPE_I7,     BITBLAS_RT_TYPE_UI6,
      BITBLAS_RT_TYPE_I5,       BITBLAS_RT_TYPE_I4,     BITBLAS_RT_TYPE_UI4,
      BITBLAS_RT_TYPE_UI3,      BITBLAS_RT_TYPE_I3,     BITBLAS_RT_TYPE_I2,
      BITBLAS_RT_TYPE_UI2,      BITBLAS_RT_TYPE_I1,     BITBLAS_RT_TYPE_UI1,
      BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F8E5M2, BITBLAS_RT_TYPE_F4E2M1FN,
      BITBLAS_RT_TYPE_NF4,      BITBLAS_RT_TYPE_AF4,    BITBLAS_RT_TYPE_LUT};
  MlirContext ctx = e2eContextCreate();
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof kTypes / sizeof kTypes[0]; ++i) {
    BitblasRtType w = kTypes[i];
    bool uns = w >= BITBLAS_RT_TYPE_UI8 && w <= BITBLAS_RT_TYPE_UI1;
    bool sgn = w >= BITBLAS_RT_TYPE_I8 && w <= BITBLAS_RT_TYPE_I1;
    bool unq = w == BITBLAS_RT_TYPE_F16 || w == BITBLAS_RT_TYPE_BF16;
    for (int mode = 0; mode <= BITBLAS_RT_ZEROS_QUANTIZED; ++mode) {
      if (mode && !uns)
        continue;
      for (int scaled = mode ? 1 : 0; scaled <= 1; ++scaled) {
        Case c = {w, (BitblasRtZerosMode)mode, scaled};
        testTileConvert(ctx, &c) ? ++passed : ++failed;
        if (unq && scaled) /* unquantized weights take no scale */
          continue;
        BitblasRtType a = w == BITBLAS_RT_TYPE_BF16 ? BITBLAS_RT_TYPE_BF16 : BITBLAS_RT_TYPE_F16;
        bool lut = w == BITBLAS_RT_TYPE_LUT;
        if (!lut || !mode) /* lut weights take no zeros */
          testOneHot(ctx, &c, a) ? ++passed : ++failed;
        if ((uns || sgn) && !scaled)
          testOneHot(ctx, &c, BITBLAS_RT_TYPE_I8) ? ++passed : ++failed;
        fflush(stdout);
      }
    }
    int bits = bitsOf(w);
    bool table = w == BITBLAS_RT_TYPE_NF4 || w == BITBLAS_RT_TYPE_AF4 || w == BITBLAS_RT_TYPE_LUT;
    if (!table) {
      testPacking(ctx, w, false) ? ++passed : ++failed;
      if (bits == 16 || 8 % bits == 0)
        testPacking(ctx, w, true) ? ++passed : ++failed;
    }
  }
  mlirContextDestroy(ctx);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
