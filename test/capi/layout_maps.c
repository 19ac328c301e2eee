/* The weight layouts of the compiler and of the runtime are one layout: for
 * each layout and width, random codes in an arith.constant go through
 * bitblas.tile_transform_layout with bitblasWeightLayoutGetMap and
 * bitblas-fold-layouts; the folded constant, element by element, must be the
 * element stream that bitblasRtTransformWeight stores for the same codes.
 * Exact integers: any difference is a failure. Also: the map is rejected for
 * shapes the layout does not take. */
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Layout.h"
#include "bitblas-c/Ops.h"
#include "bitblas-c/Passes.h"

#include "bitblas/weights.h"

#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *s;
  size_t len, cap;
} Buf;

static void put(Buf *b, const char *text, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = 2 * (b->len + n + 1);
    b->s = realloc(b->s, b->cap);
    if (!b->s)
      abort();
  }
  memcpy(b->s + b->len, text, n);
  b->len += n;
  b->s[b->len] = 0;
}

static void printCallback(MlirStringRef s, void *userData) { put(userData, s.data, s.length); }

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t nextCode(unsigned bits) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng >> 11) & ((1u << bits) - 1);
}

/* One layout x width: 0 on agreement. */
static int check(MlirContext ctx, const char *layout, unsigned bits, BitblasRtType type,
                 int64_t n, int64_t k) {
  MlirAffineMap map =
      bitblasWeightLayoutGetMap(ctx, mlirStringRefCreateFromCString(layout), n, k, bits);
  if (mlirAffineMapIsNull(map)) {
    fprintf(stderr, "FAIL %s ui%u: no map for [%lld, %lld]\n", layout, bits, (long long)n,
            (long long)k);
    return 1;
  }
  size_t count = (size_t)(n * k);
  uint8_t *codes = malloc(count);
  for (size_t i = 0; i < count; ++i)
    codes[i] = (uint8_t)nextCode(bits);
  Buf text = {0};
  char line[256];
  put(&text, line, (size_t)snprintf(line, sizeof line,
                                     "func.func @f() -> tensor<%zuxui%u> {\n  %%c = arith.constant "
                                     "dense<[",
                                     count, bits));
  for (int64_t r = 0; r < n; ++r) {
    put(&text, r ? ",[" : "[", r ? 2 : 1);
    for (int64_t c = 0; c < k; ++c)
      put(&text, line, (size_t)snprintf(line, sizeof line, "%s%u", c ? "," : "", codes[r * k + c]));
    put(&text, "]", 1);
  }
  put(&text, line, (size_t)snprintf(line, sizeof line,
                                     "]> : tensor<%lldx%lldxui%u>\n  %%t = \"bitblas.tile_transform_"
                                     "layout\"(%%c) {map = affine_map<",
                                     (long long)n, (long long)k, bits));
  mlirAffineMapPrint(map, printCallback, &text);
  put(&text, line, (size_t)snprintf(line, sizeof line,
                                     ">, scope = \"global\"} : (tensor<%lldx%lldxui%u>) -> "
                                     "tensor<%zuxui%u>\n  return %%t : tensor<%zuxui%u>\n}\n",
                                     (long long)n, (long long)k, bits, count, bits, count, bits));
  MlirModule module = mlirModuleCreateParse(ctx, mlirStringRefCreate(text.s, text.len));
  free(text.s);
  int fails = 0;
  if (mlirModuleIsNull(module) ||
      mlirLogicalResultIsFailure(bitblasVerifyOperation(mlirModuleGetOperation(module)))) {
    fprintf(stderr, "FAIL %s ui%u: the transform does not parse or verify\n", layout, bits);
    free(codes);
    return 1;
  }
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(pm, bitblasCreateFoldLayoutsPass());
  MlirLogicalResult ran = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  mlirPassManagerDestroy(pm);
  /* The function's first op must now be the folded constant. */
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
  MlirOperation cst =
      mlirBlockGetFirstOperation(mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0)));
  MlirAttribute value =
      mlirOperationGetAttributeByName(cst, mlirStringRefCreateFromCString("value"));
  MlirOperation next = mlirOperationGetNextInBlock(cst);
  MlirStringRef nextName = mlirIdentifierStr(mlirOperationGetName(next));
  if (mlirLogicalResultIsFailure(ran) || mlirAttributeIsNull(value) ||
      !mlirAttributeIsADenseElements(value) || mlirDenseElementsAttrIsSplat(value) ||
      nextName.length != 11 || memcmp(nextName.data, "func.return", 11) != 0) {
    fprintf(stderr, "FAIL %s ui%u: not folded\n", layout, bits);
    fails = 1;
  }
  BitblasRtWeightDesc desc = {type, {0, NULL}, BITBLAS_RT_LAYOUT_PACKED, n, k};
  if (!fails && bitblasRtLayoutFromName(layout, &desc.layout) != BITBLAS_RT_SUCCESS) {
    fprintf(stderr, "FAIL %s: the runtime does not know the layout\n", layout);
    fails = 1;
  }
  size_t bytes = 0;
  uint8_t *stored = NULL;
  if (!fails && (bitblasRtWeightStorageBytes(&desc, &bytes) != BITBLAS_RT_SUCCESS ||
                 !(stored = malloc(bytes)) ||
                 bitblasRtTransformWeight(&desc, BITBLAS_RT_SOURCE_U8_CODE, codes, stored,
                                          bytes) != BITBLAS_RT_SUCCESS)) {
    fprintf(stderr, "FAIL %s ui%u: runtime transform failed\n", layout, bits);
    fails = 1;
  }
  /* Folded raw data: one byte per element, 1-bit elements packed 8 a byte. */
  const uint8_t *folded = fails ? NULL : mlirDenseElementsAttrGetRawData(value);
  size_t mismatches = 0, first = 0;
  for (size_t s = 0; folded && s < count; ++s) {
    uint64_t bit = (uint64_t)s * bits;
    unsigned got = (stored[bit / 8] >> (bit % 8)) & ((1u << bits) - 1);
    unsigned want = bits == 1 ? (folded[s / 8] >> (s % 8)) & 1 : folded[s];
    if (got != want && mismatches++ == 0)
      first = s;
  }
  if (!fails && mismatches) {
    fprintf(stderr, "FAIL %s ui%u: %zu of %zu elements differ, first at %zu\n", layout, bits,
            mismatches, count, first);
    fails = 1;
  }
  if (!fails)
    fprintf(stderr, "PASS %s ui%u [%lld, %lld]: %zu elements agree\n", layout, bits,
            (long long)n, (long long)k, count);
  free(stored);
  free(codes);
  mlirModuleDestroy(module);
  return fails;
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreate();
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(ctx);
  if (mlirLogicalResultIsFailure(bitblasLoadDialect(ctx))) {
    fprintf(stderr, "FAIL: cannot load the bitblas dialect\n");
    return 1;
  }
  static const struct {
    unsigned bits;
    BitblasRtType type;
  } widths[] = {{1, BITBLAS_RT_TYPE_UI1}, {2, BITBLAS_RT_TYPE_UI2}, {4, BITBLAS_RT_TYPE_UI4},
                {8, BITBLAS_RT_TYPE_UI8}};
  static const struct {
    const char *name;
    unsigned maxBits; /* frag8 takes no 8-bit weights */
  } layouts[] = {{"packed", 8}, {"interleave32", 8}, {"frag16", 8}, {"frag8", 4}};
  int fails = 0;
  for (size_t l = 0; l < 4; ++l) /* two 512-byte units per 16-row tile, two tiles */
    for (size_t w = 0; w < 4 && widths[w].bits <= layouts[l].maxBits; ++w)
      fails += check(ctx, layouts[l].name, widths[w].bits, widths[w].type, 32,
                     512 / widths[w].bits);
  /* Shapes a layout does not take have no map. */
  struct {
    const char *layout;
    int64_t n, k;
    unsigned bits;
  } bad[] = {{"frag16", 24, 128, 4}, {"frag16", 32, 96, 4}, {"frag16", 32, 256, 3},
             {"frag8", 24, 128, 4}, {"frag8", 32, 96, 4}, {"frag8", 32, 64, 8},
             {"interleave32", 4, 12, 4}, {"tiled", 16, 64, 4}, {"packed", 0, 64, 4}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    MlirAffineMap m = bitblasWeightLayoutGetMap(ctx, mlirStringRefCreateFromCString(bad[i].layout),
                                                bad[i].n, bad[i].k, bad[i].bits);
    if (!mlirAffineMapIsNull(m)) {
      fprintf(stderr, "FAIL %s [%lld, %lld] ui%u: expected no map\n", bad[i].layout,
              (long long)bad[i].n, (long long)bad[i].k, bad[i].bits);
      ++fails;
    }
  }
  fprintf(stderr, "%s: %d failures\n", fails ? "FAIL" : "PASS", fails);
  mlirContextDestroy(ctx);
  return fails != 0;
}
