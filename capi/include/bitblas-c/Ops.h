/*===-- bitblas-c/Ops.h - Build and inspect bitblas ops, C API ------------===*\
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_OPS_H
#define BITBLAS_C_OPS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum BitblasZerosMode {
  BITBLAS_ZEROS_NONE = 0,
  BITBLAS_ZEROS_ORIGINAL,  /* (q - z) * s, z float */
  BITBLAS_ZEROS_RESCALE,   /* q * s - z, z float */
  BITBLAS_ZEROS_QUANTIZED, /* (q - z) * s, z integer code */
  BITBLAS_ZEROS_INVALID,
} BitblasZerosMode;

/* "none", "original", "rescale", "quantized"; NULL for an invalid mode. */
const char *bitblasZerosModeGetName(BitblasZerosMode mode);
/* BITBLAS_ZEROS_INVALID if `name` is none of the above. */
BitblasZerosMode bitblasZerosModeFromName(MlirStringRef name);

/* Operands of bitblas.matmul. Optional ones are null values ({NULL}) when absent. */
typedef struct BitblasMatmulOperands {
  MlirValue a, w, scale, zeros, bias, lut;
} BitblasMatmulOperands;

/* Creates (does not insert) `bitblas.matmul`. `groupSize` 0 means per-channel
 * (K). The op is not verified here: run bitblasVerifyOperation on it. */
MlirOperation bitblasMatmulCreate(MlirLocation loc, BitblasMatmulOperands operands,
                                  MlirType resultType, int64_t groupSize,
                                  BitblasZerosMode zerosMode, MlirType accumType);

bool bitblasOpIsMatmul(MlirOperation op);
BitblasMatmulOperands bitblasMatmulGetOperands(MlirOperation op);
int64_t bitblasMatmulGetGroupSize(MlirOperation op);
BitblasZerosMode bitblasMatmulGetZerosMode(MlirOperation op);
MlirType bitblasMatmulGetAccumType(MlirOperation op);

/* True for any op of the bitblas dialect. */
bool bitblasOpIsBitblas(MlirOperation op);

/* Runs the checks IRDL cannot express (type combinations, shapes, group size,
 * zeros modes, layout maps) on `root` and every op nested in it; each failure
 * is reported as an error diagnostic at the offending op's location. */
MlirLogicalResult bitblasVerifyOperation(MlirOperation root);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_OPS_H */
