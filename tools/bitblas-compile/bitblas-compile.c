/* bitblas-compile: MLIR with bitblas.matmul ops (or a built-in example, or the
 * support matrix) -> GPU binaries + manifest for the runtime.
 *
 *   bitblas-compile [--target=sm_90|gfx942] [--format=bin|isa] [--toolkit=DIR]
 *                   -o DIR (--example[=NxK] | --matrix=NxK[,NxK...] |
 *                           --bench=NxK[,NxK...] | input.mlir)
 */
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Export.h"
#include "bitblas-c/Passes.h"
#include "matrix.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *target, *format, *toolkit, *outDir, *input, *matrix, *bench, *layout;
  const char *example; /* NxK, or "" for the default shape */
} Options;

static int usage(void) {
  fprintf(stderr, "usage: bitblas-compile [--target=sm_90|sm_80|sm_89|gfx90a|gfx942] "
                  "[--format=bin|isa] [--toolkit=DIR] [--layout=packed|interleave32] -o DIR (--example[=NxK] | "
                  "--matrix=NxK[,NxK...] | --bench=NxK[,NxK...] | input.mlir)\n");
  return 2;
}

static void printText(MlirStringRef s, void *userData) {
  fwrite(s.data, 1, s.length, (FILE *)userData);
}

/* Diagnostics as compilers print them: `file:line:col: error: message`. */
static MlirLogicalResult printDiagnostic(MlirDiagnostic diag, void *userData) {
  (void)userData;
  static const char *const kinds[] = {"error", "warning", "note", "remark"};
  MlirLocation loc = mlirDiagnosticGetLocation(diag);
  if (mlirLocationIsAFileLineColRange(loc)) {
    MlirStringRef file = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
    fprintf(stderr, "%.*s:%d:%d: ", (int)file.length, file.data,
            mlirLocationFileLineColRangeGetStartLine(loc),
            mlirLocationFileLineColRangeGetStartColumn(loc));
  } else {
    mlirLocationPrint(loc, printText, stderr);
    fprintf(stderr, ": ");
  }
  MlirDiagnosticSeverity sev = mlirDiagnosticGetSeverity(diag);
  fprintf(stderr, "%s: ", (unsigned)sev < 4 ? kinds[sev] : "error");
  mlirDiagnosticPrint(diag, printText, stderr);
  fprintf(stderr, "\n");
  return mlirLogicalResultSuccess();
}

static MlirContext createContext(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirRegisterAllLLVMTranslations(ctx);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(ctx);
  bitblasLoadDialect(ctx);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);
  return ctx;
}

/* Lowers `module` for the target and exports into the output dir; takes ownership. */
static int compileModule(const Options *o, MlirContext ctx, MlirModule module, const char *prefix,
                         bool append) {
  if (mlirModuleIsNull(module))
    return 1;
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  BitblasPipelineOptions po = {o->target, o->format, o->toolkit, 3, o->layout};
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  bool amd = strncmp(o->target, "gfx", 3) == 0;
  int rc = 1;
  if (mlirLogicalResultIsSuccess(amd ? bitblasBuildROCDLPipeline(opm, &po)
                                     : bitblasBuildNVVMPipeline(opm, &po)) &&
      mlirLogicalResultIsSuccess(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))) &&
      mlirLogicalResultIsSuccess(bitblasExportKernels(module, o->outDir, o->target, prefix, append)))
    rc = 0;
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  return rc;
}

static int compileText(const Options *o, MlirContext ctx, const char *text, const char *prefix,
                       bool append) {
  return compileModule(o, ctx, mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text)),
                       prefix, append);
}

static bool parseShape(const char *s, int64_t *n, int64_t *k) {
  long long a, b;
  if (sscanf(s, "%lldx%lld", &a, &b) != 2 || a <= 0 || b <= 0)
    return false;
  *n = a;
  *k = b;
  return true;
}

/* One module per (config, shape): a failure names its configuration. */
static int compileConfigs(const Options *o, MlirContext ctx, const BitblasMatmulConfig *cfgs,
                          size_t count, const char *shapes) {
  char *list = strdup(shapes), *save = NULL;
  int failures = 0, done = 0;
  static char text[1 << 16];
  for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
    int64_t n, k;
    if (!parseShape(s, &n, &k)) {
      fprintf(stderr, "bitblas-compile: bad shape '%s' (want NxK)\n", s);
      free(list);
      return 2;
    }
    for (size_t i = 0; i < count; ++i) {
      if (bitblasWriteMatmulFunc(text, sizeof text, "matmul", &cfgs[i], n, k) < 0)
        return 1;
      char prefix[64];
      snprintf(prefix, sizeof prefix, "c%zu_n%lld_k%lld_", i, (long long)n, (long long)k);
      if (compileText(o, ctx, text, count > 1 ? prefix : NULL, done > 0)) {
        fprintf(stderr, "bitblas-compile: FAILED a=%s w=%s accum=%s out=%s group=%lld zeros=%s "
                        "N=%lld K=%lld\n",
                cfgs[i].a, cfgs[i].w, cfgs[i].accum, cfgs[i].out, (long long)cfgs[i].group,
                cfgs[i].zeros, (long long)n, (long long)k);
        ++failures;
      } else {
        ++done;
      }
    }
  }
  free(list);
  fprintf(stderr, "bitblas-compile: %d matmuls compiled for %s into %s, %d failed\n", done,
          o->target, o->outDir, failures);
  return failures ? 1 : 0;
}

int main(int argc, char **argv) {
  Options o = {"sm_90", "bin", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strncmp(a, "--target=", 9))
      o.target = a + 9;
    else if (!strncmp(a, "--format=", 9))
      o.format = a + 9;
    else if (!strncmp(a, "--toolkit=", 10))
      o.toolkit = a + 10;
    else if (!strncmp(a, "--layout=", 9))
      o.layout = a + 9;
    else if (!strcmp(a, "-o") && i + 1 < argc)
      o.outDir = argv[++i];
    else if (!strcmp(a, "--example"))
      o.example = "4096x4096";
    else if (!strncmp(a, "--example=", 10))
      o.example = a + 10;
    else if (!strncmp(a, "--matrix=", 9))
      o.matrix = a + 9;
    else if (!strncmp(a, "--bench=", 8))
      o.bench = a + 8;
    else if (a[0] == '-')
      return usage();
    else
      o.input = a;
  }
  if (!o.outDir || (!o.input && !o.matrix && !o.example && !o.bench))
    return usage();
  mkdir(o.outDir, 0755);

  mlirRegisterAllPasses();
  bitblasRegisterPasses();
  MlirContext ctx = createContext();
  int rc;
  if (o.example) {
    rc = compileConfigs(&o, ctx, &bitblasExampleConfig, 1, o.example);
  } else if (o.bench) {
    const BitblasMatmulConfig *cfgs;
    size_t n = bitblasBenchConfigs(&cfgs);
    rc = compileConfigs(&o, ctx, cfgs, n, o.bench);
  } else if (o.matrix) {
    const BitblasMatmulConfig *cfgs;
    size_t n = bitblasMatrixConfigs(&cfgs);
    rc = compileConfigs(&o, ctx, cfgs, n, o.matrix);
  } else {
    /* Parsed from the file itself, so diagnostics name it and its lines. */
    FILE *probe = fopen(o.input, "rb");
    if (!probe) {
      fprintf(stderr, "bitblas-compile: cannot read %s\n", o.input);
      mlirContextDestroy(ctx);
      return 1;
    }
    fclose(probe);
    rc = compileModule(&o, ctx,
                       mlirModuleCreateParseFromFile(ctx, mlirStringRefCreateFromCString(o.input)),
                       NULL, false);
  }
  mlirContextDestroy(ctx);
  return rc;
}
