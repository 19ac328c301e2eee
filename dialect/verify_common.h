/* Shared by the dialect's verifier files (verify*.c); not part of the public API.
 * Every check returns false after reporting exactly one error on `op`, so that
 * one malformed op yields one diagnostic (what --verify-diagnostics expects). */
#ifndef BITBLAS_DIALECT_VERIFY_COMMON_H
#define BITBLAS_DIALECT_VERIFY_COMMON_H

#include "bitblas-c/Ops.h"
#include "internal.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Up to this many dims are printed / compared; bitblas tiles are far smaller. */
enum { kVerifyMaxRank = 16 };


/* A short printed form for messages ("f16", "!bitblas.nf4", "tensor<4x?xi8>"). */
typedef struct {
  char s[160];
} VerifyText;
VerifyText bitblasVerifyTypeText(MlirType type);
VerifyText bitblasVerifyAttrText(MlirAttribute attr);
/* "[4, ?, 8]" from a dims array. */
VerifyText bitblasVerifyDimsText(const int64_t *dims, intptr_t rank);

/* A ranked tensor operand/result of known rank: on success fills `shape` and
 * `elem`. `what` names the value in the error ("operand a"). `rank` < 0
 * accepts any rank up to kVerifyMaxRank. */
typedef struct {
  MlirType type, elem;
  intptr_t rank;
  int64_t dims[kVerifyMaxRank];
} VerifyTensor;
bool bitblasVerifyTensor(MlirOperation op, MlirValue v, const char *what, intptr_t rank,
                         VerifyTensor *out);
bool bitblasVerifyShapeEquals(MlirOperation op, const char *what, const VerifyTensor *t,
                              const int64_t *dims, intptr_t rank, const char *formula);

bool bitblasVerifyIsDynamic(int64_t dim);
bool bitblasVerifyIsFloat16(MlirType t);           /* f16 or bf16 */
bool bitblasVerifyIsInteger(MlirType t, unsigned width); /* any signedness; width 0: any */
bool bitblasVerifyIsSignlessInt(MlirType t, unsigned width);
bool bitblasVerifyIsUnsignedWeight(MlirType t);    /* uiN, N in 1..8 */
bool bitblasVerifyIsMXElement(MlirType t);         /* OCP MX element: fp8/fp6/fp4 */

/* Element types of custom bitblas types (lut, mx) are checked wherever a
 * bitblas op uses them, since IRDL only checks parameter kinds. */
bool bitblasVerifyCustomType(MlirOperation op, MlirType type, const char *what);
/* Code width of a !bitblas.lut type (0 if `type` is not one); unlike
 * bitblasLUTTypeGetBits it reads tables of any size. */
unsigned bitblasVerifyLUTBits(MlirType type);
/* bitblasWeightTypeGetBitWidth, with any !bitblas.lut counted. */
unsigned bitblasVerifyWeightBits(MlirType type);

/* Integer / string / type attribute `name` of `op`, reporting a missing or
 * mistyped one (IRDL already does, but ops built through the C API skip it). */
bool bitblasVerifyIntAttr(MlirOperation op, const char *name, int64_t *value);
bool bitblasVerifyStringAttr(MlirOperation op, const char *name, MlirStringRef *value);
bool bitblasVerifyZerosModeAttr(MlirOperation op, BitblasZerosMode *mode);
bool bitblasVerifyScopeAttr(MlirOperation op);

/* Group / scale / zeros rules shared by bitblas.matmul and bitblas.tile_convert.
 * The weight is `w` (its last dim is K); scale and zeros are [lead..., K/G]. */
typedef struct {
  const VerifyTensor *w;
  MlirValue scale, zeros;   /* null when absent */
  int64_t groupSize;
  BitblasZerosMode mode;
  /* Accepted float scale element types besides f8E8M0FNU (MX weights). */
  MlirType scaleTypes[2];
  const char *scaleTypesText; /* "f16 or f32" */
  const char *weightName;     /* "weight", "input" */
} VerifyQuantParams;
bool bitblasVerifyQuantParams(MlirOperation op, const VerifyQuantParams *p);

/* Validates operandSegmentSizes (count entries of 0/1, the first `required`
 * of them 1, summing to the operand count) and a single result; fills
 * `values` with each segment's operand, null when absent. IRDL checks the
 * same, but ops built through the C API may reach this verifier alone. */
bool bitblasVerifySegments(MlirOperation op, const char *const *names, int count, int required,
                           MlirValue *values);
/* One operand and one result (quantize, dequantize, the tile ops but convert). */
bool bitblasVerifyOneInOneOut(MlirOperation op);

/* Per op family. */
bool bitblasVerifyMatmul(MlirOperation op);
bool bitblasVerifyPack(MlirOperation op, bool quantize);
bool bitblasVerifyTileSlice(MlirOperation op);
bool bitblasVerifyTilePad(MlirOperation op);
bool bitblasVerifyTileConvert(MlirOperation op);
bool bitblasVerifyTileTransformLayout(MlirOperation op);

#endif
