/* Shared by the CPU end-to-end tests: compile bitblas IR with
 * bitblas-lower-to-cpu, JIT it, call `_mlir_ciface_<name>` with memref
 * descriptors; random numbers; type spellings. */
#ifndef BITBLAS_TEST_E2E_JIT_H
#define BITBLAS_TEST_E2E_JIT_H

#include "bitblas/runtime.h"

#include "mlir-c/ExecutionEngine.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Descriptors of rank-1/2 memrefs, as the C interface reads them. */
typedef struct {
  void *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} E2eMemref1;
typedef struct {
  void *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} E2eMemref2;

E2eMemref1 e2eMemref1(void *data, int64_t n);
E2eMemref2 e2eMemref2(void *data, int64_t rows, int64_t cols);

/* A context with every upstream dialect, pass and LLVM translation, and the
 * bitblas dialect loaded. */
MlirContext e2eContextCreate(void);

typedef struct E2eProgram {
  MlirModule module;
  MlirExecutionEngine engine;
} E2eProgram;

/* Parses `text`, runs bitblas-lower-to-cpu and JITs the result. On failure
 * prints the diagnostics (and the text) and returns a null engine. */
E2eProgram e2eCompile(MlirContext ctx, const char *text);
void e2eProgramDestroy(E2eProgram *p);

/* Calls `_mlir_ciface_<name>(&desc0, &desc1, ...)` through its packed wrapper. */
bool e2eInvoke(E2eProgram *p, const char *name, void **descriptors, int count);

/* xorshift64*: reproducible from the printed seed. */
uint64_t e2eRandom(uint64_t *state);
double e2eUniform(uint64_t *state, double lo, double hi);

/* The MLIR spelling of a runtime type: "ui4", "f8E4M3FN", "!bitblas.nf4". */
const char *e2eMlirType(BitblasRtType type);
/* Bytes per element of a byte-aligned type (f16 2, f32 4, i8 1, ...). */
size_t e2eTypeBytes(BitblasRtType type);
int e2eTypeBits(BitblasRtType type);

/* A growable string. */
typedef struct E2eText {
  char *buf;
  size_t len, cap;
} E2eText;
void e2eTextPrintf(E2eText *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void e2eTextFree(E2eText *t);

#endif
