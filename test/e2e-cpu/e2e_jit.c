#include "e2e_jit.h"

#include "bitblas-c/Conversion.h"
#include "bitblas-c/Dialect.h"

#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

E2eMemref1 e2eMemref1(void *data, int64_t n) {
  E2eMemref1 m = {data, data, 0, {n}, {1}};
  return m;
}

E2eMemref2 e2eMemref2(void *data, int64_t rows, int64_t cols) {
  E2eMemref2 m = {data, data, 0, {rows, cols}, {cols, 1}};
  return m;
}

MlirContext e2eContextCreate(void) {
  static bool passesRegistered = false;
  if (!passesRegistered) {
    mlirRegisterAllPasses();
    passesRegistered = true;
  }
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  /* One thread: the tests compile many small modules, one at a time. */
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirRegisterAllLLVMTranslations(ctx);
  if (mlirLogicalResultIsFailure(bitblasLoadDialect(ctx))) {
    fprintf(stderr, "cannot load the bitblas dialect\n");
    exit(2);
  }
  return ctx;
}

E2eProgram e2eCompile(MlirContext ctx, const char *text) {
  E2eProgram p = {{NULL}, {NULL}};
  p.module = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
  if (mlirModuleIsNull(p.module)) {
    fprintf(stderr, "--- input does not parse:\n%s\n", text);
    return p;
  }
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  bool ok =
      mlirLogicalResultIsSuccess(
          bitblasBuildLowerToCPUPipeline(mlirPassManagerGetAsOpPassManager(pm), NULL)) &&
      mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(p.module)));
  mlirPassManagerDestroy(pm);
  if (!ok) {
    fprintf(stderr, "--- bitblas-lower-to-cpu failed on:\n%s\n", text);
    return p;
  }
  p.engine = mlirExecutionEngineCreate(p.module, 2, 0, NULL, false, false);
  if (mlirExecutionEngineIsNull(p.engine))
    fprintf(stderr, "--- the execution engine rejected the lowered module of:\n%s\n", text);
  return p;
}

void e2eProgramDestroy(E2eProgram *p) {
  if (!mlirExecutionEngineIsNull(p->engine))
    mlirExecutionEngineDestroy(p->engine);
  if (!mlirModuleIsNull(p->module))
    mlirModuleDestroy(p->module);
  p->engine.ptr = NULL;
  p->module.ptr = NULL;
}

bool e2eInvoke(E2eProgram *p, const char *name, void **descriptors, int count) {
  /* The packed wrapper of the C interface takes a pointer to each argument,
   * and each argument of the C interface is a pointer to a descriptor. */
  void *args[16];
  if (count > 16)
    return false;
  for (int i = 0; i < count; ++i)
    args[i] = &descriptors[i];
  /* mlirExecutionEngineInvokePacked prefixes `_mlir_ciface_` itself. */
  return mlirLogicalResultIsSuccess(
      mlirExecutionEngineInvokePacked(p->engine, mlirStringRefCreateFromCString(name), args));
}

uint64_t e2eRandom(uint64_t *s) {
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

double e2eUniform(uint64_t *s, double lo, double hi) {
  return lo + (hi - lo) * (double)(e2eRandom(s) >> 11) * 0x1.0p-53;
}

const char *e2eMlirType(BitblasRtType type) {
  switch (type) {
  case BITBLAS_RT_TYPE_NF4:
    return "!bitblas.nf4";
  case BITBLAS_RT_TYPE_AF4:
    return "!bitblas.af4";
  default:
    return bitblasRtTypeName(type);
  }
}

int e2eTypeBits(BitblasRtType type) {
  int bits = 0;
  bitblasRtTypeBits(type, NULL, &bits);
  return bits;
}

size_t e2eTypeBytes(BitblasRtType type) { return (size_t)(e2eTypeBits(type) + 7) / 8; }

void e2eTextPrintf(E2eText *t, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (t->len + (size_t)n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + (size_t)n + 1)
      cap *= 2;
    t->buf = realloc(t->buf, cap);
    if (!t->buf) {
      fprintf(stderr, "out of memory\n");
      exit(2);
    }
    t->cap = cap;
  }
  vsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
  t->len += (size_t)n;
  va_end(ap);
}

void e2eTextFree(E2eText *t) {
  free(t->buf);
  memset(t, 0, sizeof *t);
}
