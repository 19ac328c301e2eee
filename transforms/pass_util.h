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
  /* The pass body; call mlirExternalPassSignalFailure on failure. */
  void (*run)(MlirOperation op, MlirExternalPass pass, void *userData);
  /* Called once per pass manager run before `run`; may be NULL. */
  MlirLogicalResult (*initialize)(MlirContext ctx, void *userData);
  const void *typeIdAnchor; /* address unique to this pass, 8-byte aligned */
} BitblasPassSpec;

MlirPass bitblasCreatePassFromSpec(const BitblasPassSpec *spec);

/* A pass with one integer setting (a pipeline option). Its callbacks get a
 * BitblasPassInstance as user data instead of the spec; clones copy it. */
typedef struct BitblasPassInstance {
  const BitblasPassSpec *spec;
  int64_t param;
} BitblasPassInstance;

/* NULL when out of memory. */
MlirPass bitblasCreatePassWithParam(const BitblasPassSpec *spec, int64_t param);

#endif
