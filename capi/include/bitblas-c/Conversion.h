/*===-- bitblas-c/Conversion.h - Lowerings of bitblas ops, C API ----------===*\
|* The CPU path: bitblas ops on tensors -> linalg -> LLVM, JIT-able with the  *|
|* MLIR execution engine. Semantics: docs/semantics.md.                        *|
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_CONVERSION_H
#define BITBLAS_C_CONVERSION_H

#include "bitblas-c/Passes.h"

#include "mlir-c/Pass.h"

#ifdef __cplusplus
extern "C" {
#endif

/* bitblas-lower-to-linalg: bitblas.matmul / tile_convert / quantize /
 * dequantize on tensors into linalg.generic ops (weights decoded straight from
 * the i8 storage of a dequantize). Unsupported combinations are reported at
 * the op and fail the pass. */
MlirPass bitblasCreateLowerToLinalgPass(void);

/* bitblas-lower-to-cpu: verify, lower to linalg, bufferize (function
 * boundaries included), insert deallocations, lower to loops and to the LLVM
 * dialect. Functions marked `llvm.emit_c_interface` get a `_mlir_ciface_<name>`
 * entry taking memref descriptors. The upstream passes are named in text, so
 * they must be registered (mlirRegisterAllPasses); options are ignored. */
MlirLogicalResult bitblasBuildLowerToCPUPipeline(MlirOpPassManager pm,
                                                 const BitblasPipelineOptions *options);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_CONVERSION_H */
