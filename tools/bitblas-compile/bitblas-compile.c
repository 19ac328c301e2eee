/* bitblas-compile: MLIR with bitblas.matmul ops (or a built-in example, or the
 * support matrix) -> GPU binaries + manifest for the runtime.
 *
 *   bitblas-compile [--target=sm_90|gfx942] [--format=bin|isa] [--toolkit=DIR]
 *                   -o DIR (--example[=NxK] | --matrix=NxK[,NxK...] |
 *                           --bench=NxK[,NxK...] | input.mlir)
 *                   [--mma-tile=T,S,U[:T,S,U...]] [--only=W[,W...]]
 *
 * --mma-tile sets `bitblas.mma_tile` on every matmul (one build per tile: the
 * block-shape A/B of docs/performance.md); --only keeps the bench
 * configurations whose weight type is listed (ui4, ui4_g128, i2, i1, nf4, f8). */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Export.h"
#include "bitblas-c/Passes.h"
#include "matrix.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *target, *format, *toolkit, *outDir, *input, *matrix, *bench, *layout;
  const char *example; /* NxK, or "" for the default shape */
  const char *tiles;   /* T,S,U[:T,S,U...] or NULL */
  const char *only;    /* bench weight names or NULL */
  long long tile[3];   /* the tile being compiled (tiles != NULL) */
  int sms;             /* SMs of the card (0: the compiler's default, 132) */
} Options;

/* Creates `dir` and its missing parents (as mkdir -p), so that a long
 * compile does not end on a manifest it cannot write; false, with a
 * message, when that fails or the path is not a directory. */
static bool makeOutputDir(const char *dir) {
  char path[PATH_MAX];
  size_t len = strlen(dir);
  if (len == 0 || len >= sizeof path) {
    fprintf(stderr, "bitblas-compile: output directory name is empty or too long\n");
    return false;
  }
  memcpy(path, dir, len + 1);
  for (size_t i = 1; i <= len; ++i) {
    if (path[i] != '/' && path[i] != '\0')
      continue;
    char c = path[i];
    path[i] = '\0';
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
      fprintf(stderr, "bitblas-compile: cannot create output directory %s: %s\n", path,
              strerror(errno));
      return false;
    }
    path[i] = c;
  }
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "bitblas-compile: output path %s is not a directory\n", dir);
    return false;
  }
  return true;
}

static int usage(void) {
  fprintf(stderr, "usage: bitblas-compile [--target=sm_90|sm_80|sm_89|gfx90a|gfx942] "
                  "[--format=bin|isa] [--toolkit=DIR] [--layout=packed|interleave32|frag16|frag8 (frag16 and frag8 both ask for the decode kernels' layouts, the default on NVIDIA: frag16 for f16 activations, frag8 for int8)] -o DIR (--example[=NxK] | "
                  "--matrix=NxK[,NxK...] | --bench=NxK[,NxK...] | input.mlir) "
                  "[--mma-tile=T,S,U[:T,S,U...]] [--only=W[,W...]] [--sms=N (SMs of the "
                  "NVIDIA card the kernels are shaped for; default 132)]\n");
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

static MlirWalkResult setTile(MlirOperation op, void *userData) {
  const Options *o = userData;
  if (bitblasOpIsMatmul(op)) {
    int64_t v[3] = {o->tile[0], o->tile[1], o->tile[2]};
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("bitblas.mma_tile"),
                                    mlirDenseI64ArrayGet(mlirOperationGetContext(op), 3, v));
  }
  return MlirWalkResultAdvance;
}

/* Lowers `module` for the target and exports into the output dir; takes ownership. */
static int compileModule(const Options *o, MlirContext ctx, MlirModule module, const char *prefix,
                         bool append) {
  if (mlirModuleIsNull(module))
    return 1;
  if (o->tiles)
    mlirOperationWalk(mlirModuleGetOperation(module), setTile, (void *)o, MlirWalkPreOrder);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  BitblasPipelineOptions po = {o->target, o->format, o->toolkit, 3, o->layout, o->sms};
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

/* The bench's short weight name (as bench-gemv's CSV spells it). */
static void benchName(const BitblasMatmulConfig *c, char *buf, size_t cap) {
  const char *w = !strcmp(c->w, "!bitblas.nf4") ? "nf4" : !strncmp(c->w, "f8", 2) ? "f8" : c->w;
  snprintf(buf, cap, "%s%s", w, c->group > 0 && strcmp(w, "nf4") ? "_g128" : "");
}

static bool selected(const Options *o, const BitblasMatmulConfig *c) {
  if (!o->only)
    return true;
  char name[32], list[256];
  benchName(c, name, sizeof name);
  snprintf(list, sizeof list, ",%s,", o->only);
  char key[40];
  snprintf(key, sizeof key, ",%s,", name);
  return strstr(list, key) != NULL;
}

/* Reads the next T,S,U of a --mma-tile list into o->tile; advances `*list`. */
static bool nextTile(Options *o, const char **list) {
  int used = 0;
  if (sscanf(*list, "%lld,%lld,%lld%n", &o->tile[0], &o->tile[1], &o->tile[2], &used) != 3 ||
      ((*list)[used] != ':' && (*list)[used] != '\0')) {
    fprintf(stderr, "bitblas-compile: bad --mma-tile '%s' (want T,S,U[:T,S,U...])\n", *list);
    return false;
  }
  *list += used + ((*list)[used] == ':');
  return true;
}

/* One module per (config, shape, tile): a failure names its configuration. */
static int compileConfigs(Options *o, MlirContext ctx, const BitblasMatmulConfig *cfgs,
                          size_t count, const char *shapes) {
  char *list = strdup(shapes), *save = NULL;
  int failures = 0, done = 0, rc = 0;
  static char text[1 << 16];
  for (char *s = strtok_r(list, ",", &save); s && !rc; s = strtok_r(NULL, ",", &save)) {
    int64_t n, k;
    if (!parseShape(s, &n, &k)) {
      fprintf(stderr, "bitblas-compile: bad shape '%s' (want NxK)\n", s);
      rc = 2;
      break;
    }
    for (size_t i = 0; i < count && !rc; ++i) {
      if (!selected(o, &cfgs[i]))
        continue;
      if (bitblasWriteMatmulFunc(text, sizeof text, "matmul", &cfgs[i], n, k) < 0) {
        rc = 1;
        break;
      }
      const char *tiles = o->tiles ? o->tiles : "";
      do { /* once without --mma-tile, else once per listed tile */
        char prefix[96];
        int len = snprintf(prefix, sizeof prefix, "c%zu_n%lld_k%lld_", i, (long long)n,
                           (long long)k);
        if (o->tiles) {
          if (!nextTile(o, &tiles)) {
            rc = 2;
            break;
          }
          snprintf(prefix + len, sizeof prefix - (size_t)len, "t%lld_%lld_%lld_", o->tile[0],
                   o->tile[1], o->tile[2]);
        }
        if (!compileText(o, ctx, text, count > 1 || o->tiles ? prefix : NULL, done > 0)) {
          ++done;
          continue;
        }
        fprintf(stderr, "bitblas-compile: FAILED a=%s w=%s accum=%s out=%s group=%lld zeros=%s "
                        "N=%lld K=%lld\n",
                cfgs[i].a, cfgs[i].w, cfgs[i].accum, cfgs[i].out, (long long)cfgs[i].group,
                cfgs[i].zeros, (long long)n, (long long)k);
        ++failures;
      } while (*tiles);
    }
  }
  free(list);
  if (rc)
    return rc;
  fprintf(stderr, "bitblas-compile: %d matmuls compiled for %s into %s, %d failed\n", done,
          o->target, o->outDir, failures);
  return failures ? 1 : 0;
}

int main(int argc, char **argv) {
  Options o = {"sm_90", "bin", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {0, 0, 0}, 0};
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
    else if (!strncmp(a, "--mma-tile=", 11))
      o.tiles = a + 11;
    else if (!strncmp(a, "--only=", 7))
      o.only = a + 7;
    else if (!strncmp(a, "--sms=", 6)) {
      char *end;
      long v = strtol(a + 6, &end, 10);
      if (*end || v < 1 || v > INT_MAX) { /* the upper bound is the pipeline's */
        fprintf(stderr, "bitblas-compile: --sms=%s: expected a positive SM count\n", a + 6);
        return 2;
      }
      o.sms = (int)v;
    }
    else if (a[0] == '-')
      return usage();
    else
      o.input = a;
  }
  if (!o.outDir || (!o.input && !o.matrix && !o.example && !o.bench))
    return usage();
  if (o.sms && strncmp(o.target, "sm_", 3) != 0) {
    fprintf(stderr, "bitblas-compile: --sms is for NVIDIA targets (sm_XX), not %s\n", o.target);
    return 2;
  }
  if (!makeOutputDir(o.outDir))
    return 1;

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
    const char *tiles = o.tiles;
    if (tiles && (!nextTile(&o, &tiles) || *tiles)) {
      fprintf(stderr, "bitblas-compile: an input file takes one --mma-tile\n");
      mlirContextDestroy(ctx);
      return 2;
    }
    rc = compileModule(&o, ctx,
                       mlirModuleCreateParseFromFile(ctx, mlirStringRefCreateFromCString(o.input)),
                       NULL, false);
  }
  mlirContextDestroy(ctx);
  return rc;
}
