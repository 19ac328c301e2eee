/* bitblas-gpu-kernels: generates a gpu.module of matmul kernels for every
 * bitblas.matmul and records on the op which kernel serves which M range
 * (`bitblas.kernels`), for the exporter and the runtime's dispatch.
 * `bitblas-gpu-kernels-wave64` / `-wave32` do the same for AMD waves, without
 * NVIDIA-only instructions. */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Passes.h"
#include "dialect/internal.h"
#include "gpu_desc.h"
#include "gpu_kernel.h"
#include "transforms/pass_util.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Dialect/LLVM.h"
#include "mlir-c/Dialect/SCF.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void emitErrorAt(MlirOperation op, const char *what, const char *why) {
  bitblasEmitOpError(op, "%s: %s", what, why);
}

static bool symbolExists(MlirOperation module, const char *name) {
  MlirSymbolTable table = mlirSymbolTableCreate(module);
  bool found = !mlirOperationIsNull(
      mlirSymbolTableLookup(table, mlirStringRefCreateFromCString(name)));
  mlirSymbolTableDestroy(table);
  return found;
}

/* Generates the kernels of one matmul; false (with a diagnostic) on failure. */
static bool lowerOne(MlirOperation module, MlirOperation op, int lanes, bool nvidia, int sms,
                     int smVersion, int *counter) {
  BitblasMatmulDesc d;
  static double table[256];
  const char *why = bitblasMatmulDescFromOp(op, &d, table);
  if (why) {
    emitErrorAt(op, "cannot generate a GPU kernel", why);
    return false;
  }
  d.smCount = sms;
  d.smVersion = nvidia ? smVersion : 0;
  char name[64];
  do
    snprintf(name, sizeof name, "bitblas_mm%d", (*counter)++);
  while (symbolExists(module, name));

  BitblasKernelVariant variants[8];
  int nv = bitblasDefaultKernelVariants(&d, lanes, nvidia, variants, 8);
  if (nv == 0) {
    emitErrorAt(op, "cannot generate a GPU kernel",
                "frag16 and frag8 weights are read by the NVIDIA decode kernels only");
    return false;
  }
  /* Only the decode kernels place their wait after the weight prologue; the
   * others are launched the plain way. */
  for (int i = 0; i < nv; ++i)
    variants[i].gridDepControl = variants[i].kind == BITBLAS_KERNEL_DECODE && d.smVersion >= 90;
  BitblasTextBuffer text = {0}, attr = {0};
  bitblasTextAppend(&text, "module attributes {gpu.container_module} {\ngpu.module @%s {\n",
                    name);
  bitblasEmitKernelGlobals(&text, name, &d);
  bitblasTextAppend(&attr, "{module = @%s, variants = [", name);
  for (int i = 0; i < nv; ++i) {
    char sym[96];
    snprintf(sym, sizeof sym, "%s_v%d", name, i);
    /* Kernels share the module's globals (@<name>_table). */
    bool ok = variants[i].kind == BITBLAS_KERNEL_DECODE
                  ? bitblasEmitDecodeMatmulKernel(&text, sym, name, &d, &variants[i])
              : variants[i].kind == BITBLAS_KERNEL_MMA
                  ? bitblasEmitMmaMatmulKernel(&text, sym, name, &d, &variants[i])
                  : bitblasEmitMatmulKernel(&text, sym, name, &d, &variants[i]);
    if (!ok) {
      emitErrorAt(op, "cannot generate a GPU kernel", "kernel emission failed");
      bitblasTextFree(&text);
      bitblasTextFree(&attr);
      return false;
    }
    bitblasTextAppend(&attr,
                      "%s{symbol = \"%s\", m_min = %d : i64, m_max = %d : i64, "
                      "block = array<i64: %d, 1, 1>, grid_x = %lld : i64, m_tile = %d : i64",
                      i ? ", " : "", sym, variants[i].mMin, variants[i].mMax,
                      variants[i].warps * 32 *
                          (variants[i].kind == BITBLAS_KERNEL_SIMT ? variants[i].lanes / 32 : 1),
                      (long long)bitblasKernelGridX(&d, &variants[i]), variants[i].mTile);
    /* The decode kernels' grids are shaped for the card's SM count. */
    if (variants[i].kind == BITBLAS_KERNEL_DECODE)
      bitblasTextAppend(&attr, ", sms = %d : i64", bitblasDecodeTargetSMs(&d));
    if (variants[i].dynSmem)
      bitblasTextAppend(&attr, ", smem = %d : i64", variants[i].dynSmem);
    if (variants[i].gridDepControl)
      bitblasTextAppend(&attr, ", pdl = 1 : i64");
    bitblasTextAppend(&attr, "}");
  }
  bitblasTextAppend(&text, "}\n}\n");
  bitblasTextAppend(&attr, "]}");
  MlirContext ctx = mlirOperationGetContext(op);
  bool ok = !text.oom && !attr.oom;
  MlirModule parsed = {NULL};
  if (ok) {
    parsed = mlirModuleCreateParse(ctx, mlirStringRefCreate(text.data, text.len));
    ok = !mlirModuleIsNull(parsed);
  }
  if (ok) {
    MlirOperation gpuModule = mlirBlockGetFirstOperation(mlirModuleGetBody(parsed));
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
    MlirOperation first = mlirBlockGetFirstOperation(body);
    if (mlirOperationIsNull(first))
      mlirBlockAppendOwnedOperation(body, mlirOperationClone(gpuModule));
    else
      mlirBlockInsertOwnedOperationBefore(body, first, mlirOperationClone(gpuModule));
    mlirModuleDestroy(parsed);
    MlirAttribute kernels =
        mlirAttributeParseGet(ctx, mlirStringRefCreate(attr.data, attr.len));
    ok = !mlirAttributeIsNull(kernels);
    if (ok)
      mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("bitblas.kernels"),
                                      kernels);
  }
  if (!ok)
    emitErrorAt(op, "cannot generate a GPU kernel", "generated kernel text does not parse");
  bitblasTextFree(&text);
  bitblasTextFree(&attr);
  return ok;
}

static void runWithLanes(MlirOperation module, MlirExternalPass pass, int lanes, bool nvidia,
                         int sms, int smVersion) {
  BitblasOpList list;
  if (!bitblasCollectOps(module, bitblasOpIsMatmul, &list)) {
    mlirEmitError(mlirOperationGetLocation(module), "bitblas-gpu-kernels: out of memory");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  bool ok = true;
  int counter = 0;
  for (int i = 0; i < list.count; ++i)
    if (mlirAttributeIsNull(mlirOperationGetAttributeByName(
            list.ops[i], mlirStringRefCreateFromCString("bitblas.kernels"))))
      ok &= lowerOne(module, list.ops[i], lanes, nvidia, sms, smVersion, &counter);
  if (list.count > 0)
    mlirOperationSetAttributeByName(module,
                                    mlirStringRefCreateFromCString("gpu.container_module"),
                                    mlirUnitAttrGet(mlirOperationGetContext(module)));
  free(list.ops);
  if (!ok)
    mlirExternalPassSignalFailure(pass);
}

/* The NVIDIA pass is created with its SM count and target (param: smCount +
 * smVersion << 16; bitblasCreatePassWithParam). */
static void runNvidia(MlirOperation op, MlirExternalPass pass, void *userData) {
  int64_t param = ((const BitblasPassInstance *)userData)->param;
  runWithLanes(op, pass, 32, true, (int)(param & 0xffff), (int)(param >> 16));
}
static void run32(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)userData;
  runWithLanes(op, pass, 32, false, 0, 0);
}
static void run64(MlirOperation op, MlirExternalPass pass, void *userData) {
  (void)userData;
  runWithLanes(op, pass, 64, false, 0, 0);
}

static MlirDialectHandle (*const kDeps[])(void) = {
    mlirGetDialectHandle__gpu__, mlirGetDialectHandle__llvm__, mlirGetDialectHandle__scf__,
    NULL};
static const long long anchorNvidia = 0, anchor32 = 0, anchor64 = 0;
static const BitblasPassSpec specNvidia = {
    "BitblasGpuKernels", "bitblas-gpu-kernels",
    "Generate a gpu.module of NVIDIA matmul kernels (tensor cores where they fit) for every "
    "bitblas.matmul",
    "builtin.module", kDeps, runNvidia, NULL, &anchorNvidia};
static const BitblasPassSpec spec32 = {
    "BitblasGpuKernelsWave32", "bitblas-gpu-kernels-wave32",
    "Generate a gpu.module of portable matmul kernels (32-lane waves, AMD RDNA) for every "
    "bitblas.matmul",
    "builtin.module", kDeps, run32, NULL, &anchor32};
static const BitblasPassSpec spec64 = {
    "BitblasGpuKernelsWave64", "bitblas-gpu-kernels-wave64",
    "Generate a gpu.module of matmul kernels (64-lane waves) for every bitblas.matmul",
    "builtin.module", kDeps, run64, NULL, &anchor64};

MlirPass bitblasCreateGpuKernelsPass(void) { return bitblasCreateGpuKernelsPassForSMs(0); }
MlirPass bitblasCreateGpuKernelsPassForSMs(int smCount) {
  return bitblasCreateGpuKernelsPassForTarget(smCount, 0);
}
MlirPass bitblasCreateGpuKernelsPassForTarget(int smCount, int smVersion) {
  if (!bitblasDecodeSMCountIsValid(smCount) || smVersion < 0 || smVersion > 1023)
    return (MlirPass){NULL};
  return bitblasCreatePassWithParam(&specNvidia, smCount + ((int64_t)smVersion << 16));
}
MlirPass bitblasCreateGpuKernelsWave32Pass(void) { return bitblasCreatePassFromSpec(&spec32); }
MlirPass bitblasCreateGpuKernelsWave64Pass(void) { return bitblasCreatePassFromSpec(&spec64); }
