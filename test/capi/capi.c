/* C API test: dialect loading, custom types, bitblas.matmul built and read
 * back, pass creation. Checked with FileCheck (test/capi/capi.test). */
#include "bitblas-c/Dialect.h"
#include "bitblas-c/Ops.h"
#include "bitblas-c/Passes.h"
#include "bitblas-c/Types.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>

/* main() prints these first. */
// CHECK: loaded before: 0
// CHECK: loaded after: 1

static void printType(MlirType t) {
  mlirTypeDump(t);
}

static void testTypes(MlirContext ctx) {
  fprintf(stderr, "@types\n");
  // CHECK-LABEL: @types
  MlirType nf4 = bitblasNF4TypeGet(ctx);
  printType(nf4);
  // CHECK: !bitblas.nf4
  fprintf(stderr, "nf4 is nf4: %d, af4: %d, bits %u\n", bitblasTypeIsNF4(nf4),
          bitblasTypeIsAF4(nf4), bitblasWeightTypeGetBitWidth(nf4));
  // CHECK: nf4 is nf4: 1, af4: 0, bits 4
  double table[16];
  intptr_t n = bitblasTableTypeGetValues(nf4, table, 16);
  fprintf(stderr, "nf4 table %ld: %g %g %g\n", (long)n, table[0], table[8], table[15]);
  // CHECK: nf4 table 16: -1 0.0795803 1
  bitblasTableTypeGetValues(bitblasAF4TypeGet(ctx), table, 16);
  n = bitblasTableTypeGetValues(mlirIntegerTypeUnsignedGet(ctx, 4), table, 16);
  fprintf(stderr, "af4[1] %g, ui4 table %ld\n", table[1], (long)n);
  // CHECK: af4[1] -0.69441, ui4 table 0
  double vals[4] = {-1.5, -0.5, 0.5, 1.5};
  MlirType lut = bitblasLUTTypeGet(ctx, 2, 4, vals, mlirF16TypeGet(ctx));
  printType(lut);
  // CHECK: !bitblas.lut<2 : i32, [-1.500000e+00 : f16, -5.000000e-01 : f16, 5.000000e-01 : f16, 1.500000e+00 : f16]>
  fprintf(stderr, "lut bits %u n %ld v3 %g\n", bitblasLUTTypeGetBits(lut),
          (long)bitblasLUTTypeGetNumValues(lut), bitblasLUTTypeGetValue(lut, 3));
  // CHECK: lut bits 2 n 4 v3 1.5
  fprintf(stderr, "bad lut is null: %d\n",
          mlirTypeIsNull(bitblasLUTTypeGet(ctx, 2, 3, vals, mlirF16TypeGet(ctx))));
  // CHECK: bad lut is null: 1
  MlirType mx = bitblasMXTypeGet(ctx, mlirFloat4E2M1FNTypeGet(ctx), 32,
                                 mlirFloat8E8M0FNUTypeGet(ctx));
  printType(mx);
  // CHECK: !bitblas.mx<f4E2M1FN, 32 : i64, f8E8M0FNU>
  fprintf(stderr, "mx block %lld\n", (long long)bitblasMXTypeGetBlockSize(mx));
  // CHECK: mx block 32
  MlirType ui4 = mlirIntegerTypeUnsignedGet(ctx, 4);
  char name[32];
  bitblasTypeGetShortName(ui4, name, sizeof name);
  fprintf(stderr, "ui4 kind %d bits %u name %s\n", bitblasWeightTypeGetKind(ui4),
          bitblasWeightTypeGetBitWidth(ui4), name);
  // CHECK: ui4 kind 2 bits 4 name ui4
  fprintf(stderr, "f32 kind %d\n", bitblasWeightTypeGetKind(mlirF32TypeGet(ctx)));
  // CHECK: f32 kind 0
}

static void testMatmul(MlirContext ctx) {
  fprintf(stderr, "@matmul\n");
  // CHECK-LABEL: @matmul
  MlirModule module = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(
               "func.func @f(%a: tensor<?x256xf16>, %w: tensor<64x256xui4>, "
               "%s: tensor<64x2xf16>) { return }"));
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  BitblasMatmulOperands ops = {mlirBlockGetArgument(entry, 0), mlirBlockGetArgument(entry, 1),
                               mlirBlockGetArgument(entry, 2), {NULL}, {NULL}, {NULL}};
  int64_t shape[2] = {mlirShapedTypeGetDynamicSize(), 64};
  MlirType result = mlirRankedTensorTypeGet(2, shape, mlirF16TypeGet(ctx), (MlirAttribute){NULL});
  MlirOperation mm = bitblasMatmulCreate(loc, ops, result, 128, BITBLAS_ZEROS_NONE,
                                         mlirF32TypeGet(ctx));
  mlirBlockInsertOwnedOperationBefore(entry, mlirBlockGetTerminator(entry), mm);
  mlirOperationDump(mm);
  // CHECK: "bitblas.matmul"(%arg0, %arg1, %arg2) {accum_type = f32, group_size = 128 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>, zeros_mode = "none"}
  BitblasMatmulOperands back = bitblasMatmulGetOperands(mm);
  fprintf(stderr, "is matmul %d scale %d zeros %d group %lld mode %s\n", bitblasOpIsMatmul(mm),
          !mlirValueIsNull(back.scale), !mlirValueIsNull(back.zeros),
          (long long)bitblasMatmulGetGroupSize(mm),
          bitblasZerosModeGetName(bitblasMatmulGetZerosMode(mm)));
  // CHECK: is matmul 1 scale 1 zeros 0 group 128 mode none
  fprintf(stderr, "verify %d\n",
          mlirLogicalResultIsSuccess(bitblasVerifyOperation(mlirModuleGetOperation(module))));
  // CHECK: verify 1
  mlirModuleDestroy(module);
}

static void printToStderr(MlirStringRef s, void *userData) {
  (void)userData;
  fwrite(s.data, 1, s.length, stderr);
}

static void testPasses(MlirContext ctx) {
  fprintf(stderr, "@passes\n");
  // CHECK-LABEL: @passes
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  for (const BitblasPassInfo *p = bitblasGetPasses(); p->argument; ++p)
    mlirPassManagerAddOwnedPass(pm, p->create());
  mlirPrintPassPipeline(mlirPassManagerGetAsOpPassManager(pm), printToStderr, NULL);
  fprintf(stderr, "\n");
  // CHECK: bitblas-verify,bitblas-normalize,bitblas-interleave-weights,bitblas-frag16-weights,bitblas-frag8-weights,bitblas-fold-layouts,bitblas-gpu-kernels,bitblas-gpu-kernels-wave64,bitblas-gpu-kernels-wave32,bitblas-lower-to-linalg
  mlirPassManagerDestroy(pm);
}

/* The kernel pass for a given SM count (and target, when smVersion is not
 * 0), built through the C API: the decode variants record the count and
 * their grids follow it; for sm_90 they take programmatic dependent launch. */
static void testGpuKernelsForSMs(MlirContext ctx, int sms, int smVersion) {
  fprintf(stderr, "@gpu_kernels_sms_%d_sm_%d\n", sms, smVersion);
  MlirModule module = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(
               "func.func @f(%a: tensor<?x8192xf16>, %w: tensor<28672x8192xui4>, "
               "%s: tensor<28672x1xf16>) -> tensor<?x28672xf16> {\n"
               "  %c = \"bitblas.matmul\"(%a, %w, %s) {operandSegmentSizes = array<i32: 1, 1, 1, "
               "0, 0, 0>, group_size = 0 : i64, zeros_mode = \"none\", accum_type = f32} : "
               "(tensor<?x8192xf16>, tensor<28672x8192xui4>, tensor<28672x1xf16>) -> "
               "tensor<?x28672xf16>\n  return %c : tensor<?x28672xf16>\n}"));
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(pm, bitblasCreateFrag16WeightsPass());
  mlirPassManagerAddOwnedPass(pm, smVersion ? bitblasCreateGpuKernelsPassForTarget(sms, smVersion)
                                            : bitblasCreateGpuKernelsPassForSMs(sms));
  MlirLogicalResult ran = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  fprintf(stderr, "ran %d\n", mlirLogicalResultIsSuccess(ran));
  MlirOperation mm = {NULL};
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
  for (; !mlirOperationIsNull(func); func = mlirOperationGetNextInBlock(func)) {
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
    for (MlirOperation op = mlirBlockIsNull(body) ? (MlirOperation){NULL}
                                                  : mlirBlockGetFirstOperation(body);
         !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
      if (bitblasOpIsMatmul(op))
        mm = op;
  }
  if (!mlirOperationIsNull(mm))
    mlirAttributeDump(mlirOperationGetAttributeByName(
        mm, mlirStringRefCreateFromCString("bitblas.kernels")));
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}
// CHECK-LABEL: @gpu_kernels_sms_0_sm_0
// CHECK: ran 1
// CHECK: grid_x = 448 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, sms = 132 : i64
// CHECK-LABEL: @gpu_kernels_sms_108_sm_0
// CHECK: ran 1
// CHECK: grid_x = 224 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, sms = 108 : i64
// CHECK-LABEL: @gpu_kernels_sms_132_sm_80
// CHECK: ran 1
// CHECK: grid_x = 448 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, sms = 132 : i64
// CHECK-LABEL: @gpu_kernels_sms_132_sm_90
// CHECK: ran 1
// CHECK: grid_x = 448 : i64, m_max = 1 : i64, m_min = 1 : i64, m_tile = 1 : i64, pdl = 1 : i64, sms = 132 : i64

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(ctx);
  fprintf(stderr, "loaded before: %d\n", bitblasDialectIsLoaded(ctx));
  if (mlirLogicalResultIsFailure(bitblasLoadDialect(ctx)) ||
      mlirLogicalResultIsFailure(bitblasLoadDialect(ctx)))
    return 1;
  fprintf(stderr, "loaded after: %d\n", bitblasDialectIsLoaded(ctx));
  testTypes(ctx);
  testMatmul(ctx);
  testPasses(ctx);
  testGpuKernelsForSMs(ctx, 0, 0);
  testGpuKernelsForSMs(ctx, 108, 0);
  testGpuKernelsForSMs(ctx, 132, 80);
  testGpuKernelsForSMs(ctx, 132, 90);
  fprintf(stderr, "sms 2000 null %d\n", bitblasCreateGpuKernelsPassForSMs(2000).ptr == NULL);
  // CHECK: sms 2000 null 1
  fprintf(stderr, "sm 2000 null %d\n", bitblasCreateGpuKernelsPassForTarget(0, 2000).ptr == NULL);
  // CHECK: sm 2000 null 1
  mlirContextDestroy(ctx);
  return 0;
}
