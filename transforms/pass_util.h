/* Building external passes from C: one struct per pass, no C++. */
#ifndef BITBLAS_TRANSFORMS_PASS_UTIL_H
#define BITBLAS_TRANSFORMS_PASS_UTIL_H

#include "mlir-c/Pass.h"

#include <stdint.h>

typedef struct BitblasPassSpec {
  const char *name;        /* C++-style pass name shown in diagnostics */
  const char *argument;    /* pipeline argument, e.g. "bitblas-normalize" */
  const char *description;
  const char *opName;      /* anchor op, "" for any */
  /* Dependent dialects the pass creates ops of (handles), NULL-terminated. */
  MlirDialectHandle (*const *dependentDialects)(void);
  /* The pass body; call mlirExternalPassSignalFailure on failure. `userData`
   * is the pass's BitblasPassInstance. */
  void (*run)(MlirOperation op, MlirExternalPass pass, void *userData);
  /* Called once per pass manager run before `run`; may be NULL. */
  MlirLogicalResult (*initialize)(MlirContext ctx, void *userData);
  const void *typeIdAnchor; /* address unique to this pass, 8-byte aligned */
} BitblasPassSpec;

/* What a created pass carries: its spec and one integer setting (a pipeline
 * option; 0 for passes without one). Clones share it. */
typedef struct BitblasPassInstance {
  const BitblasPassSpec *spec;
  int64_t param;
} BitblasPassInstance;

/* Never NULL: running out of memory here aborts, as MLIR's own pass
 * construction does. */
MlirPass bitblasCreatePassWithParam(const BitblasPassSpec *spec, int64_t param);
MlirPass bitblasCreatePassFromSpec(const BitblasPassSpec *spec); /* param 0 */

#endif
