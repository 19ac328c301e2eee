/*===-- bitblas-c/Types.h - Low-bit weight types, C API -------------------===*\
|* The custom "tTypes" of the dialect (lookup-table and MX block types) and    *|
|* queries over every weight element type the compiler accepts, builtin or    *|
|* custom. Semantics: docs/semantics.md.                                      *|
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_TYPES_H
#define BITBLAS_C_TYPES_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* !bitblas.nf4 and !bitblas.af4: 4-bit codes into the NF4 / AF4 tables. */
MlirType bitblasNF4TypeGet(MlirContext ctx);
MlirType bitblasAF4TypeGet(MlirContext ctx);
bool bitblasTypeIsNF4(MlirType type);
bool bitblasTypeIsAF4(MlirType type);

/* !bitblas.lut<bits, [values]>: `bits`-wide codes index 2^bits values of
 * `valueType` (f16, bf16 or f32). Returns a null type if `numValues` is not
 * 2^bits or bits is not in 1..8. */
MlirType bitblasLUTTypeGet(MlirContext ctx, unsigned bits, intptr_t numValues,
                           const double *values, MlirType valueType);
bool bitblasTypeIsLUT(MlirType type);
unsigned bitblasLUTTypeGetBits(MlirType type);
intptr_t bitblasLUTTypeGetNumValues(MlirType type);
double bitblasLUTTypeGetValue(MlirType type, intptr_t pos);

/* Values of a lookup-table weight type (nf4, af4 or lut) in code order:
 * writes min(count, cap) of them to `values` and returns the count, or 0 if
 * `type` is no lookup-table type. NF4/AF4 are the tables of docs/semantics.md. */
intptr_t bitblasTableTypeGetValues(MlirType type, double *values, intptr_t cap);

/* !bitblas.mx<elem, block, scale>: OCP MX block type, e.g. f4E2M1FN x 32 with
 * an f8E8M0FNU scale per block. */
MlirType bitblasMXTypeGet(MlirContext ctx, MlirType elementType, int64_t blockSize,
                          MlirType scaleType);
bool bitblasTypeIsMX(MlirType type);
MlirType bitblasMXTypeGetElementType(MlirType type);
int64_t bitblasMXTypeGetBlockSize(MlirType type);
MlirType bitblasMXTypeGetScaleType(MlirType type);

/* What kind of value a weight code decodes to. */
typedef enum BitblasWeightKind {
  BITBLAS_WEIGHT_INVALID = 0, /* not a weight type the compiler accepts */
  BITBLAS_WEIGHT_SIGNED_INT,  /* iN, two's complement (i1: {-1,+1}) */
  BITBLAS_WEIGHT_UNSIGNED_INT,/* uiN */
  BITBLAS_WEIGHT_FLOAT,       /* f16, bf16, f8E4M3FN, f8E5M2, f4E2M1FN, ... */
  BITBLAS_WEIGHT_TABLE,       /* nf4, af4, lut */
} BitblasWeightKind;

BitblasWeightKind bitblasWeightTypeGetKind(MlirType type);

/* Storage width of one element of a weight type, in bits (0 if not one). */
unsigned bitblasWeightTypeGetBitWidth(MlirType type);

/* The short, stable name used in manifests and kernel names: "ui4", "i2",
 * "f8E4M3FN", "nf4", "af4", "lut2", ... Writes at most `cap` bytes
 * (NUL-terminated); returns false if the type has no such name. */
bool bitblasTypeGetShortName(MlirType type, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_TYPES_H */
