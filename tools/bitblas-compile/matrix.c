#include "matrix.h"

#include <stdio.h>
#include <string.h>

const BitblasMatmulConfig bitblasExampleConfig = {"f16", "ui4", "f32", "f16", 128,
                                                   "original", "f16", 0};

#define F16S "f16"
#define BF16S "bf16"
/* Every weight type with each activation, then the zeros modes, group sizes,
 * accumulate/output types, bias, and the integer and fp8 activation paths. */
static const BitblasMatmulConfig kMatrix[] = {
    {"f16", "f16", "f32", "f16", 0, "none", NULL, 0},
    {"f16", "i8", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "ui8", "f32", "f16", 128, "quantized", F16S, 0},
    {"f16", "i4", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "ui4", "f32", "f16", 128, "original", F16S, 0},
    {"f16", "ui4", "f32", "f16", 64, "rescale", F16S, 1},
    {"f16", "ui4", "f32", "f16", 32, "quantized", F16S, 0},
    {"f16", "ui4", "f32", "f16", 0, "none", F16S, 0},
    {"f16", "ui4", "f16", "f16", 128, "original", F16S, 0},
    {"f16", "ui4", "f32", "f32", 128, "none", F16S, 1},
    {"f16", "i2", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "ui2", "f32", "f16", 64, "original", F16S, 0},
    {"f16", "i1", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "ui1", "f32", "f16", 128, "rescale", F16S, 0},
    {"f16", "f8E4M3FN", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "f8E5M2", "f32", "f16", 0, "none", F16S, 0},
    {"f16", "f4E2M1FN", "f32", "f16", 32, "none", F16S, 0},
    {"f16", "!bitblas.nf4", "f32", "f16", 64, "none", F16S, 0},
    {"f16", "!bitblas.af4", "f32", "f16", 64, "none", F16S, 0},
    {"bf16", "bf16", "f32", "bf16", 0, "none", NULL, 0},
    {"bf16", "i8", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "ui8", "f32", "bf16", 128, "original", BF16S, 0},
    {"bf16", "i4", "f32", "bf16", 128, "none", BF16S, 1},
    {"bf16", "ui4", "f32", "bf16", 128, "original", BF16S, 0},
    {"bf16", "i2", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "ui2", "f32", "bf16", 128, "quantized", BF16S, 0},
    {"bf16", "i1", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "ui1", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "f8E4M3FN", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "f8E5M2", "f32", "bf16", 128, "none", BF16S, 0},
    {"bf16", "f4E2M1FN", "f32", "bf16", 32, "none", BF16S, 0},
    {"bf16", "!bitblas.nf4", "f32", "bf16", 64, "none", BF16S, 0},
    {"bf16", "!bitblas.af4", "f32", "f32", 64, "none", BF16S, 0},
    {"i8", "i8", "i32", "i32", 0, "none", NULL, 0},
    {"i8", "i4", "i32", "i32", 0, "none", NULL, 0},
    {"i8", "i2", "i32", "i32", 0, "none", NULL, 0},
    {"i8", "i1", "i32", "i32", 0, "none", NULL, 0},
    {"i8", "i4", "i32", "i8", 0, "none", NULL, 0},
    {"i8", "i2", "i32", "f32", 128, "none", "f32", 0},
    {"f8E4M3FN", "f8E4M3FN", "f32", "f16", 0, "none", NULL, 0},
    {"f8E5M2", "f8E4M3FN", "f32", "f32", 0, "none", NULL, 0},
    {"f8E4M3FN", "f8E5M2", "f32", "bf16", 128, "none", "f32", 0},
    /* 2- and 1-bit weights without groups or zeros: the one-row decode as
     * f16 subnormals (per-channel scale and bias, no scale, +-1) */
    {"f16", "i2", "f32", "f16", 0, "none", F16S, 1},
    {"f16", "ui2", "f32", "f32", 0, "none", NULL, 0},
    {"f16", "i1", "f32", "f16", 0, "none", F16S, 0},
    {"f16", "ui1", "f32", "f16", 0, "none", F16S, 0},
};

/* The decode benchmark's weight formats (issue: uint4 per-channel, uint4 g128
 * with zeros, int2, int1 with int8 activations, nf4, fp8 e4m3). */
static const BitblasMatmulConfig kBench[] = {
    {"f16", "ui4", "f32", "f16", 0, "none", F16S, 0},
    {"f16", "ui4", "f32", "f16", 128, "original", F16S, 0},
    {"f16", "i2", "f32", "f16", 0, "none", F16S, 0},
    {"i8", "i1", "i32", "i32", 0, "none", NULL, 0},
    {"f16", "!bitblas.nf4", "f32", "f16", 128, "none", F16S, 0},
    {"f16", "f8E4M3FN", "f32", "f16", 0, "none", F16S, 0},
};

size_t bitblasBenchConfigs(const BitblasMatmulConfig **out) {
  *out = kBench;
  return sizeof kBench / sizeof kBench[0];
}

size_t bitblasMatrixConfigs(const BitblasMatmulConfig **out) {
  *out = kMatrix;
  return sizeof kMatrix / sizeof kMatrix[0];
}

int bitblasWriteMatmulFunc(char *buf, size_t cap, const char *name,
                           const BitblasMatmulConfig *c, int64_t n, int64_t k) {
  int64_t groups = c->group > 0 ? k / c->group : 1;
  int hasZeros = strcmp(c->zeros, "none") != 0;
  char scaleT[96] = "", zerosT[96] = "", biasT[96] = "";
  if (c->scale)
    snprintf(scaleT, sizeof scaleT, "tensor<%lldx%lldx%s>", (long long)n, (long long)groups,
             c->scale);
  if (hasZeros)
    snprintf(zerosT, sizeof zerosT, "tensor<%lldx%lldx%s>", (long long)n, (long long)groups,
             strcmp(c->zeros, "quantized") == 0 ? c->w : c->scale);
  if (c->bias)
    snprintf(biasT, sizeof biasT, "tensor<%lldx%s>", (long long)n, c->out);
  return snprintf(
      buf, cap,
      "func.func @%s(%%a: tensor<?x%lldx%s>, %%w: tensor<%lldx%lldx%s>%s%s%s%s%s%s) -> "
      "tensor<?x%lldx%s> {\n"
      "  %%c = \"bitblas.matmul\"(%%a, %%w%s%s%s) {operandSegmentSizes = array<i32: 1, 1, %d, %d, "
      "%d, 0>, group_size = %lld : i64, zeros_mode = \"%s\", accum_type = %s} : "
      "(tensor<?x%lldx%s>, tensor<%lldx%lldx%s>%s%s%s%s%s%s) -> tensor<?x%lldx%s>\n"
      "  return %%c : tensor<?x%lldx%s>\n}\n",
      name, (long long)k, c->a, (long long)n, (long long)k, c->w, c->scale ? ", %s: " : "",
      scaleT, hasZeros ? ", %z: " : "", zerosT, c->bias ? ", %b: " : "", biasT, (long long)n,
      c->out, c->scale ? ", %s" : "", hasZeros ? ", %z" : "", c->bias ? ", %b" : "",
      c->scale ? 1 : 0, hasZeros, c->bias ? 1 : 0, (long long)c->group, c->zeros, c->accum,
      (long long)k, c->a, (long long)n, (long long)k, c->w, c->scale ? ", " : "", scaleT,
      hasZeros ? ", " : "", zerosT, c->bias ? ", " : "", biasT, (long long)n, c->out,
      (long long)n, c->out);
}
