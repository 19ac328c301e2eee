/* The custom weight types and the queries over all weight element types. */
#include "bitblas-c/Types.h"
#include "internal.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char *buf;
  size_t cap, len;
} PrintBuffer;

static void appendToBuffer(MlirStringRef s, void *userData) {
  PrintBuffer *b = (PrintBuffer *)userData;
  if (b->len + 1 >= b->cap)
    return;
  size_t n = s.length;
  if (n > b->cap - 1 - b->len)
    n = b->cap - 1 - b->len;
  memcpy(b->buf + b->len, s.data, n);
  b->len += n;
  b->buf[b->len] = '\0';
}

void bitblasPrintTypeToBuffer(MlirType type, char *buf, size_t cap) {
  PrintBuffer b = {buf, cap, 0};
  if (cap)
    buf[0] = '\0';
  if (!mlirTypeIsNull(type))
    mlirTypePrint(type, appendToBuffer, &b);
}

void bitblasPrintAttrToBuffer(MlirAttribute attr, char *buf, size_t cap) {
  PrintBuffer b = {buf, cap, 0};
  if (cap)
    buf[0] = '\0';
  if (!mlirAttributeIsNull(attr))
    mlirAttributePrint(attr, appendToBuffer, &b);
}

static int dynamicTypeParams(MlirType type, const char *name, MlirAttribute *params, int cap,
                             char *text, size_t textCap, char *prefix, size_t prefixCap);

int bitblasGetDynamicTypeParams(MlirType type, const char *name, MlirAttribute *params,
                                int cap) {
  /* A lut<8> of f32 prints to ~6 KB; 64 KB covers every legal type. */
  enum { kCap = 1 << 16 };
  char *text = malloc(kCap), prefix[64];
  if (!text)
    return -1;
  int result = dynamicTypeParams(type, name, params, cap, text, kCap, prefix, sizeof prefix);
  free(text);
  return result;
}

static int dynamicTypeParams(MlirType type, const char *name, MlirAttribute *params, int cap,
                             char *text, size_t textCap, char *prefix, size_t prefixCap) {
  bitblasPrintTypeToBuffer(type, text, textCap);
  snprintf(prefix, prefixCap, "!bitblas.%s", name);
  size_t plen = strlen(prefix);
  if (strncmp(text, prefix, plen) != 0)
    return -1;
  const char *p = text + plen;
  if (*p == '\0')
    return 0;
  if (*p != '<')
    return -1;
  /* Split the parameter list at top-level commas. */
  int count = 0, depth = 0;
  char *start = (char *)p + 1;
  for (char *q = start; *q; ++q) {
    char c = *q;
    if (c == '<' || c == '[' || c == '(' || c == '{')
      ++depth;
    else if ((c == '>' || c == ']' || c == ')' || c == '}') && depth > 0)
      --depth;
    else if ((c == ',' && depth == 0) || (c == '>' && depth == 0)) {
      bool last = c == '>';
      *q = '\0';
      if (count < cap) {
        params[count] = mlirAttributeParseGet(mlirTypeGetContext(type),
                                              mlirStringRefCreateFromCString(start));
        if (mlirAttributeIsNull(params[count]))
          return -1;
      }
      ++count;
      start = q + 1;
      while (*start == ' ')
        ++start;
      if (last)
        break;
    }
  }
  return count;
}

static MlirType parseType(MlirContext ctx, const char *text) {
  return mlirTypeParseGet(ctx, mlirStringRefCreateFromCString(text));
}

MlirType bitblasNF4TypeGet(MlirContext ctx) { return parseType(ctx, "!bitblas.nf4"); }
MlirType bitblasAF4TypeGet(MlirContext ctx) { return parseType(ctx, "!bitblas.af4"); }

bool bitblasTypeIsNF4(MlirType type) {
  return bitblasGetDynamicTypeParams(type, "nf4", NULL, 0) == 0;
}
bool bitblasTypeIsAF4(MlirType type) {
  return bitblasGetDynamicTypeParams(type, "af4", NULL, 0) == 0;
}

MlirType bitblasLUTTypeGet(MlirContext ctx, unsigned bits, intptr_t numValues,
                           const double *values, MlirType valueType) {
  if (bits < 1 || bits > 8 || numValues != ((intptr_t)1 << bits) || !values ||
      !(mlirTypeIsAF16(valueType) || mlirTypeIsABF16(valueType) || mlirTypeIsAF32(valueType)))
    return (MlirType){NULL};
  char vt[32];
  bitblasPrintTypeToBuffer(valueType, vt, sizeof vt);
  char text[1 << 15];
  size_t len = (size_t)snprintf(text, sizeof text, "!bitblas.lut<%u : i32, [", bits);
  for (intptr_t i = 0; i < numValues; ++i)
    len += (size_t)snprintf(text + len, sizeof text - len, "%s%.17g : %s", i ? ", " : "",
                            values[i], vt);
  snprintf(text + len, sizeof text - len, "]>");
  return parseType(ctx, text);
}

static int lutParams(MlirType type, MlirAttribute params[2]) {
  int n = bitblasGetDynamicTypeParams(type, "lut", params, 2);
  if (n != 2 || !mlirAttributeIsAInteger(params[0]) || !mlirAttributeIsAArray(params[1]))
    return 0;
  return 1;
}

bool bitblasTypeIsLUT(MlirType type) {
  MlirAttribute p[2];
  return lutParams(type, p);
}

unsigned bitblasLUTTypeGetBits(MlirType type) {
  MlirAttribute p[2];
  return lutParams(type, p) ? (unsigned)mlirIntegerAttrGetValueInt(p[0]) : 0;
}

intptr_t bitblasLUTTypeGetNumValues(MlirType type) {
  MlirAttribute p[2];
  return lutParams(type, p) ? mlirArrayAttrGetNumElements(p[1]) : 0;
}

double bitblasLUTTypeGetValue(MlirType type, intptr_t pos) {
  MlirAttribute p[2];
  if (!lutParams(type, p) || pos < 0 || pos >= mlirArrayAttrGetNumElements(p[1]))
    return NAN;
  MlirAttribute v = mlirArrayAttrGetElement(p[1], pos);
  if (mlirAttributeIsAFloat(v))
    return mlirFloatAttrGetValueDouble(v);
  if (mlirAttributeIsAInteger(v))
    return (double)mlirIntegerAttrGetValueInt(v);
  return NAN;
}

/* QLoRA NF4 and AbnormalFloat4 (block 64), ascending: docs/semantics.md. */
static const double kNF4[16] = {
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0};
static const double kAF4[16] = {-1.0, -0.69441008, -0.51243739, -0.3736951,
                                -0.25607552, -0.14982478, -0.04934812, 0.0,
                                0.04273164, 0.12934483, 0.21961274, 0.31675666,
                                0.42563882, 0.55496234, 0.72424863, 1.0};

intptr_t bitblasTableTypeGetValues(MlirType type, double *values, intptr_t cap) {
  const double *fixed = bitblasTypeIsNF4(type) ? kNF4 : bitblasTypeIsAF4(type) ? kAF4 : NULL;
  intptr_t count = fixed ? 16 : bitblasTypeIsLUT(type) ? bitblasLUTTypeGetNumValues(type) : 0;
  for (intptr_t i = 0; i < count && i < cap && values; ++i)
    values[i] = fixed ? fixed[i] : bitblasLUTTypeGetValue(type, i);
  return count;
}

MlirType bitblasMXTypeGet(MlirContext ctx, MlirType elementType, int64_t blockSize,
                          MlirType scaleType) {
  if (mlirTypeIsNull(elementType) || mlirTypeIsNull(scaleType) || blockSize <= 0)
    return (MlirType){NULL};
  char e[256], s[256], text[600];
  bitblasPrintTypeToBuffer(elementType, e, sizeof e);
  bitblasPrintTypeToBuffer(scaleType, s, sizeof s);
  snprintf(text, sizeof text, "!bitblas.mx<%s, %lld : i64, %s>", e, (long long)blockSize, s);
  return parseType(ctx, text);
}

static int mxParams(MlirType type, MlirAttribute params[3]) {
  int n = bitblasGetDynamicTypeParams(type, "mx", params, 3);
  return n == 3 && mlirAttributeIsAType(params[0]) && mlirAttributeIsAInteger(params[1]) &&
         mlirAttributeIsAType(params[2]);
}

bool bitblasTypeIsMX(MlirType type) {
  MlirAttribute p[3];
  return mxParams(type, p);
}
MlirType bitblasMXTypeGetElementType(MlirType type) {
  MlirAttribute p[3];
  return mxParams(type, p) ? mlirTypeAttrGetValue(p[0]) : (MlirType){NULL};
}
int64_t bitblasMXTypeGetBlockSize(MlirType type) {
  MlirAttribute p[3];
  return mxParams(type, p) ? mlirIntegerAttrGetValueInt(p[1]) : 0;
}
MlirType bitblasMXTypeGetScaleType(MlirType type) {
  MlirAttribute p[3];
  return mxParams(type, p) ? mlirTypeAttrGetValue(p[2]) : (MlirType){NULL};
}

BitblasWeightKind bitblasWeightTypeGetKind(MlirType type) {
  if (mlirTypeIsNull(type))
    return BITBLAS_WEIGHT_INVALID;
  if (mlirTypeIsAInteger(type)) {
    unsigned w = mlirIntegerTypeGetWidth(type);
    if (w < 1 || w > 8)
      return BITBLAS_WEIGHT_INVALID;
    if (mlirIntegerTypeIsUnsigned(type))
      return BITBLAS_WEIGHT_UNSIGNED_INT;
    /* Signless iN is read as signed, as MLIR's quant dialect stores it. */
    return BITBLAS_WEIGHT_SIGNED_INT;
  }
  if (mlirTypeIsAF16(type) || mlirTypeIsABF16(type) || mlirTypeIsAFloat8E4M3FN(type) ||
      mlirTypeIsAFloat8E5M2(type) || mlirTypeIsAFloat4E2M1FN(type) ||
      mlirTypeIsAFloat6E2M3FN(type) || mlirTypeIsAFloat6E3M2FN(type))
    return BITBLAS_WEIGHT_FLOAT;
  if (bitblasTypeIsNF4(type) || bitblasTypeIsAF4(type) || bitblasTypeIsLUT(type))
    return BITBLAS_WEIGHT_TABLE;
  return BITBLAS_WEIGHT_INVALID;
}

unsigned bitblasWeightTypeGetBitWidth(MlirType type) {
  switch (bitblasWeightTypeGetKind(type)) {
  case BITBLAS_WEIGHT_SIGNED_INT:
  case BITBLAS_WEIGHT_UNSIGNED_INT:
    return mlirIntegerTypeGetWidth(type);
  case BITBLAS_WEIGHT_FLOAT:
    if (mlirTypeIsAF16(type) || mlirTypeIsABF16(type))
      return 16;
    if (mlirTypeIsAFloat4E2M1FN(type))
      return 4;
    if (mlirTypeIsAFloat6E2M3FN(type) || mlirTypeIsAFloat6E3M2FN(type))
      return 6;
    return 8;
  case BITBLAS_WEIGHT_TABLE:
    return bitblasTypeIsLUT(type) ? bitblasLUTTypeGetBits(type) : 4;
  default:
    return 0;
  }
}

bool bitblasTypeGetShortName(MlirType type, char *buf, size_t cap) {
  if (!buf || cap == 0)
    return false;
  buf[0] = '\0';
  if (bitblasTypeIsNF4(type))
    return snprintf(buf, cap, "nf4") < (int)cap;
  if (bitblasTypeIsAF4(type))
    return snprintf(buf, cap, "af4") < (int)cap;
  if (bitblasTypeIsLUT(type))
    return snprintf(buf, cap, "lut%u", bitblasLUTTypeGetBits(type)) < (int)cap;
  if (mlirTypeIsAInteger(type) || mlirTypeIsAFloat(type)) {
    char text[64];
    bitblasPrintTypeToBuffer(type, text, sizeof text);
    return snprintf(buf, cap, "%s", text) < (int)cap;
  }
  return false;
}
