/* Exporter: gpu.binary objects and bitblas.kernels attributes -> files and a
 * manifest (format: docs/manifest.md). */
#include "bitblas-c/Export.h"
#include "bitblas-c/Ops.h"
#include "dialect/internal.h"
#include "gpu_desc.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Diagnostics.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  BitblasOpList matmuls, binaries;
} Collected;

static bool isBinary(MlirOperation op) { return bitblasOpNameIs(op, "gpu.binary"); }

static MlirAttribute attr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
}

static MlirAttribute dictGet(MlirAttribute dict, const char *name) {
  return mlirDictionaryAttrGetElementByName(dict, mlirStringRefCreateFromCString(name));
}

static MlirOperation findBinary(Collected *c, MlirStringRef module) {
  for (int i = 0; i < c->binaries.count; ++i) {
    MlirAttribute sym = attr(c->binaries.ops[i], "sym_name");
    if (!mlirAttributeIsNull(sym) && mlirStringAttrGetValue(sym).length == module.length &&
        memcmp(mlirStringAttrGetValue(sym).data, module.data, module.length) == 0)
      return c->binaries.ops[i];
  }
  return (MlirOperation){NULL};
}

static void fail(MlirOperation op, const char *msg) {
  bitblasEmitOpError(op, "cannot export: %s", msg);
}

/* Writes one matmul's binary and its manifest lines. */
static bool exportOne(MlirOperation op, Collected *c, const char *dir, const char *target,
                      const char *prefix, FILE *manifest) {
  MlirAttribute kernels = attr(op, "bitblas.kernels");
  if (mlirAttributeIsNull(kernels) || !mlirAttributeIsADictionary(kernels)) {
    fail(op, "no bitblas.kernels attribute: run bitblas-lower-to-nvvm/rocdl first");
    return false;
  }
  MlirAttribute modRef = dictGet(kernels, "module");
  MlirAttribute variants = dictGet(kernels, "variants");
  if (mlirAttributeIsNull(modRef) || mlirAttributeIsNull(variants)) {
    fail(op, "malformed bitblas.kernels attribute");
    return false;
  }
  MlirStringRef modName = mlirFlatSymbolRefAttrGetValue(modRef);
  MlirOperation bin = findBinary(c, modName);
  if (mlirOperationIsNull(bin)) {
    fail(op, "its gpu.module was not compiled to a gpu.binary");
    return false;
  }
  MlirAttribute objects = attr(bin, "objects");
  if (mlirAttributeIsNull(objects) || mlirArrayAttrGetNumElements(objects) < 1 ||
      !mlirAttributeIsAGPUObjectAttr(mlirArrayAttrGetElement(objects, 0))) {
    fail(op, "gpu.binary holds no object");
    return false;
  }
  MlirAttribute object = mlirArrayAttrGetElement(objects, 0);
  MlirStringRef bytes = mlirGPUObjectAttrGetObject(object);
  /* gpu::CompilationTarget: 2 = assembly (PTX / AMDGCN text), 3 = binary. */
  uint32_t format = mlirGPUObjectAttrGetFormat(object);
  bool amd = strncmp(target, "gfx", 3) == 0;
  const char *fmt, *ext;
  if (format == 3) {
    fmt = amd ? "hsaco" : "cubin";
    ext = fmt;
  } else if (format == 2) {
    fmt = amd ? "amdgcn" : "ptx";
    ext = amd ? "s" : "ptx";
  } else {
    fail(op, "only 'bin' and 'isa' objects can be exported");
    return false;
  }
  char file[512], path[1024];
  char name[256];
  snprintf(name, sizeof name, "%s%.*s", prefix, (int)modName.length, modName.data);
  snprintf(file, sizeof file, "%s_%s.%s", name, target, ext);
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(bytes.data, 1, bytes.length, f) != bytes.length) {
    char msg[1200];
    snprintf(msg, sizeof msg, "cannot write %s: %s", path, strerror(errno));
    fail(op, msg);
    if (f)
      fclose(f);
    return false;
  }
  fclose(f);

  BitblasMatmulDesc d;
  static double table[256];
  const char *why = bitblasMatmulDescFromOp(op, &d, table);
  if (why) {
    fail(op, why);
    return false;
  }
  char a[32], w[32], acc[32], out[32], scale[32];
  bitblasMatmulTypeNames(op, a, w, acc, out, scale, sizeof a);
  int64_t group = bitblasMatmulGetGroupSize(op);
  BitblasMatmulOperands o = bitblasMatmulGetOperands(op);
  fprintf(manifest,
          "matmul name=%s n=%lld k=%lld a=%s w=%s accum=%s out=%s group=%lld zeros=%s "
          "scale=%s bias=%d layout=%s",
          name, (long long)d.n, (long long)d.k, a, w, acc, out,
          (long long)(group < 0 ? 0 : group), bitblasZerosModeGetName(bitblasMatmulGetZerosMode(op)),
          scale, !mlirValueIsNull(o.bias), d.frag16         ? "frag16"
          : d.frag8        ? "frag8"
          : d.interleave32 ? "interleave32"
                           : "packed");
  /* a user table's values travel with its type name (lutN) */
  if (d.w == BB_E_TABLE && strncmp(w, "lut", 3) == 0)
    for (int i = 0; i < 1 << d.wBits; ++i)
      fprintf(manifest, "%s%.17g", i ? "," : " lut=", d.table[i]);
  fputc('\n', manifest);
  char args[64] = "A,W";
  if (d.hasScale)
    strcat(args, ",scale");
  if (d.zerosMode != BITBLAS_ZEROS_NONE)
    strcat(args, ",zeros");
  if (d.hasBias)
    strcat(args, ",bias");
  strcat(args, ",C,M");
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(variants); ++i) {
    MlirAttribute v = mlirArrayAttrGetElement(variants, i);
    MlirStringRef sym = mlirStringAttrGetValue(dictGet(v, "symbol"));
    MlirAttribute block = dictGet(v, "block");
    /* sms: the SM count a decode kernel's grid was shaped for */
    MlirAttribute sms = dictGet(v, "sms");
    char extraFields[48] = ""; /* optional keys: sms=, pdl= */
    if (!mlirAttributeIsNull(sms))
      snprintf(extraFields, sizeof extraFields, " sms=%lld", (long long)mlirIntegerAttrGetValueInt(sms));
    /* smem: dynamic shared bytes the launch must give (a byte table, a long staged row) */
    MlirAttribute smem = dictGet(v, "smem");
    long long smemBytes = mlirAttributeIsNull(smem) ? 0 : mlirIntegerAttrGetValueInt(smem);
    /* pdl: the kernel may be launched as a programmatic dependent (sm_90+) */
    MlirAttribute pdl = dictGet(v, "pdl");
    if (!mlirAttributeIsNull(pdl) && mlirIntegerAttrGetValueInt(pdl))
      strncat(extraFields, " pdl=1", sizeof extraFields - strlen(extraFields) - 1);
    fprintf(manifest,
            "kernel matmul=%s symbol=%.*s file=%s format=%s target=%s m_min=%lld m_max=%lld "
            "block=%lld,%lld,%lld grid=%lld,M/%lld,1 smem=%lld args=%s%s\n",
            name, (int)sym.length, sym.data, file, fmt, target,
            (long long)mlirIntegerAttrGetValueInt(dictGet(v, "m_min")),
            (long long)mlirIntegerAttrGetValueInt(dictGet(v, "m_max")),
            (long long)mlirDenseI64ArrayGetElement(block, 0),
            (long long)mlirDenseI64ArrayGetElement(block, 1),
            (long long)mlirDenseI64ArrayGetElement(block, 2),
            (long long)mlirIntegerAttrGetValueInt(dictGet(v, "grid_x")),
            (long long)mlirIntegerAttrGetValueInt(dictGet(v, "m_tile")), smemBytes, args,
            extraFields);
  }
  return true;
}

MlirLogicalResult bitblasExportKernels(MlirModule module, const char *dir, const char *target,
                                       const char *prefix, bool append) {
  if (!prefix)
    prefix = "";
  if (mlirModuleIsNull(module) || !dir || !target) {
    fprintf(stderr, "bitblasExportKernels: null module, directory or target\n");
    return mlirLogicalResultFailure();
  }
  Collected all, *c = &all;
  MlirOperation root = mlirModuleGetOperation(module);
  if (!bitblasCollectOps(root, bitblasOpIsMatmul, &all.matmuls) ||
      !bitblasCollectOps(root, isBinary, &all.binaries)) {
    fprintf(stderr, "bitblasExportKernels: out of memory\n");
    free(all.matmuls.ops);
    return mlirLogicalResultFailure();
  }
  char path[1024];
  snprintf(path, sizeof path, "%s/manifest.txt", dir);
  FILE *manifest = fopen(path, append ? "a" : "w");
  if (!manifest) {
    fprintf(stderr, "bitblasExportKernels: cannot write %s: %s\n", path, strerror(errno));
    free(all.matmuls.ops);
    free(all.binaries.ops);
    return mlirLogicalResultFailure();
  }
  if (!append || ftell(manifest) == 0)
    fprintf(manifest, "bitblas-manifest 1\n# Written by bitblasExportKernels; see docs/manifest.md.\n");
  bool ok = true;
  for (int i = 0; i < all.matmuls.count; ++i)
    ok &= exportOne(all.matmuls.ops[i], c, dir, target, prefix, manifest);
  ok &= fclose(manifest) == 0;
  free(all.matmuls.ops);
  free(all.binaries.ops);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
