#include "gpu_desc.h"

#include "bitblas-c/Ops.h"
#include "bitblas-c/Types.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

static MlirType elementType(MlirValue v) {
  return mlirValueIsNull(v) ? (MlirType){NULL} : mlirShapedTypeGetElementType(mlirValueGetType(v));
}

/* Activation, accumulator, output and scale element kinds. */
static BitblasElem plainKind(MlirType t, unsigned *bits) {
  if (mlirTypeIsNull(t))
    return BB_E_INVALID;
  if (mlirTypeIsAF16(t)) return *bits = 16, BB_E_F16;
  if (mlirTypeIsABF16(t)) return *bits = 16, BB_E_BF16;
  if (mlirTypeIsAF32(t)) return *bits = 32, BB_E_F32;
  if (mlirTypeIsAFloat8E4M3FN(t)) return *bits = 8, BB_E_F8E4M3;
  if (mlirTypeIsAFloat8E5M2(t)) return *bits = 8, BB_E_F8E5M2;
  if (mlirTypeIsAInteger(t)) {
    unsigned w = mlirIntegerTypeGetWidth(t);
    if (w == 32) return *bits = 32, BB_E_I32;
    if (w == 8) return *bits = 8, BB_E_SINT;
  }
  return BB_E_INVALID;
}

static BitblasElem weightKind(MlirType t, unsigned *bits, double *table) {
  *bits = bitblasWeightTypeGetBitWidth(t);
  switch (bitblasWeightTypeGetKind(t)) {
  case BITBLAS_WEIGHT_SIGNED_INT: return BB_E_SINT;
  case BITBLAS_WEIGHT_UNSIGNED_INT: return BB_E_UINT;
  case BITBLAS_WEIGHT_TABLE:
    bitblasTableTypeGetValues(t, table, 256);
    return BB_E_TABLE;
  case BITBLAS_WEIGHT_FLOAT:
    if (mlirTypeIsAF16(t)) return BB_E_F16;
    if (mlirTypeIsABF16(t)) return BB_E_BF16;
    if (mlirTypeIsAFloat8E4M3FN(t)) return BB_E_F8E4M3;
    if (mlirTypeIsAFloat8E5M2(t)) return BB_E_F8E5M2;
    if (mlirTypeIsAFloat4E2M1FN(t)) return BB_E_F4E2M1;
    return BB_E_INVALID; /* f6 types: not packable into 32-bit words */
  default:
    return BB_E_INVALID;
  }
}

/* The decode kernel's tile: two per 16-row tile of a block, warps splitting
 * each tile's K, 16-byte loads in flight per lane. */
static const char *decodeTileInvalidReason(const BitblasMmaTile *t) {
  if (t->tiles < 2 || t->tiles > 16 || t->tiles % 2 != 0)
    return "decode kernels (frag16, frag8) take tiles = 2, 4, .., 16 (two per 16-row tile of a block)";
  if (t->kSplit < 1 || t->kSplit > 16)
    return "warps splitting K must be in 1..16";
  if (t->tiles / 2 * t->kSplit > 16)
    return "a block has at most 16 warps (tiles / 2 x warps splitting K)";
  if (t->stages < 1 || t->stages > 8)
    return "loads in flight per lane (stages) must be in 1..8";
  return NULL;
}

const char *bitblasMatmulDescFromOp(MlirOperation op, BitblasMatmulDesc *d, double *table) {
  return bitblasMatmulDescFromOpAs(op, mlirStringRefCreate(NULL, 0), d, table);
}

const char *bitblasMatmulDescFromOpAs(MlirOperation op, MlirStringRef layoutName,
                                      BitblasMatmulDesc *d, double *table) {
  memset(d, 0, sizeof *d);
  if (!bitblasOpIsMatmul(op))
    return "not a bitblas.matmul";
  BitblasMatmulOperands o = bitblasMatmulGetOperands(op);
  if (mlirValueIsNull(o.a) || mlirValueIsNull(o.w))
    return "missing operands";
  if (!mlirValueIsNull(o.lut))
    return "a run-time lookup-table operand is not supported by the GPU lowering yet";
  MlirType wt = mlirValueGetType(o.w);
  if (!mlirTypeIsARankedTensor(wt) || !mlirShapedTypeHasStaticShape(wt))
    return "the weight must have a static shape [N, K]";
  d->n = mlirShapedTypeGetDimSize(wt, 0);
  d->k = mlirShapedTypeGetDimSize(wt, 1);
  unsigned accBits = 0;
  d->a = plainKind(elementType(o.a), &d->aBits);
  d->w = weightKind(elementType(o.w), &d->wBits, table);
  d->accum = plainKind(bitblasMatmulGetAccumType(op), &accBits);
  d->out = plainKind(mlirShapedTypeGetElementType(mlirValueGetType(mlirOperationGetResult(op, 0))),
                     &d->outBits);
  if (d->a == BB_E_INVALID || d->a == BB_E_F32 || d->a == BB_E_I32)
    return "unsupported activation type";
  if (d->w == BB_E_INVALID)
    return "unsupported weight type";
  if (d->accum == BB_E_INVALID || d->out == BB_E_INVALID)
    return "unsupported accumulate or output type";
  d->table = d->w == BB_E_TABLE ? table : NULL;
  int64_t g = bitblasMatmulGetGroupSize(op);
  d->group = g <= 0 ? d->k : g;
  d->hasScale = !mlirValueIsNull(o.scale);
  if (d->hasScale) {
    unsigned sb;
    d->scale = plainKind(elementType(o.scale), &sb);
    if (d->scale != BB_E_F16 && d->scale != BB_E_BF16 && d->scale != BB_E_F32)
      return "unsupported scale type";
  }
  d->zerosMode = (int)bitblasMatmulGetZerosMode(op);
  if (d->zerosMode == BITBLAS_ZEROS_INVALID)
    return "invalid zeros mode";
  d->hasBias = !mlirValueIsNull(o.bias);
  MlirAttribute layout = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString("bitblas.weight_layout"));
  if (layoutName.data || !mlirAttributeIsNull(layout)) {
    MlirStringRef name = layoutName.data                  ? layoutName
                         : mlirAttributeIsAString(layout) ? mlirStringAttrGetValue(layout)
                                                          : mlirStringRefCreate(NULL, 0);
    if (name.length == 12 && memcmp(name.data, "interleave32", 12) == 0)
      d->interleave32 = true;
    else if (name.length == 6 && memcmp(name.data, "frag16", 6) == 0)
      d->frag16 = true;
    else if (name.length == 5 && memcmp(name.data, "frag8", 5) == 0)
      d->frag8 = true;
    else if (!(name.length == 6 && memcmp(name.data, "packed", 6) == 0))
      return "bitblas.weight_layout must be \"packed\", \"interleave32\", \"frag16\" or \"frag8\"";
    if (d->interleave32 && (32 % d->wBits != 0 || (d->k * d->wBits) % 32 != 0))
      return "interleave32 needs weight widths dividing 32 and K * bits % 32 == 0";
  }
  MlirAttribute tile =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("bitblas.mma_tile"));
  if (!mlirAttributeIsNull(tile)) {
    if (!mlirAttributeIsADenseI64Array(tile) || mlirDenseArrayGetNumElements(tile) != 3)
      return "bitblas.mma_tile must be array<i64: tiles, k_split, stages>";
    d->tile = (BitblasMmaTile){(int)mlirDenseI64ArrayGetElement(tile, 0),
                               (int)mlirDenseI64ArrayGetElement(tile, 1),
                               (int)mlirDenseI64ArrayGetElement(tile, 2)};
    const char *why = d->frag16 || d->frag8 ? decodeTileInvalidReason(&d->tile)
                                : bitblasMmaTileInvalidReason(d, &d->tile);
    if (why)
      return why;
  }
  if (d->frag16 || d->frag8) { /* only the decode kernel reads them */
    const char *why = bitblasDecodeKernelUnsupportedReason(d);
    if (why)
      return why;
  }
  return bitblasKernelUnsupportedReason(d);
}

/* Tensor-core and SIMT variants for activation rows [mMin, mMax] (0: any
 * M), `mTile` rows per block. */
static BitblasKernelVariant mmaVariant(int mMin, int mMax, int mTile, BitblasMmaTile t, int lanes) {
  return (BitblasKernelVariant){.kind = BITBLAS_KERNEL_MMA, .mMin = mMin, .mMax = mMax,
                                .rowsPerWarp = 8 * t.tiles, .mTile = mTile, .warps = t.kSplit,
                                .lanes = lanes, .mma = t, .accs = 1};
}

static BitblasKernelVariant simtVariant(int mMin, int mMax, int mTile, int lanes, bool nvidia) {
  return (BitblasKernelVariant){.kind = BITBLAS_KERNEL_SIMT, .mMin = mMin, .mMax = mMax,
                                .rowsPerWarp = 2, .mTile = mTile, .warps = 4, .lanes = lanes,
                                .accs = 1, .amdgpu = !nvidia};
}

int bitblasDefaultKernelVariants(const BitblasMatmulDesc *d, int lanes, bool nvidia,
                                 BitblasKernelVariant *out, int cap) {
  if (d->frag16 || d->frag8) /* the decode kernel serves every M */
    return nvidia ? bitblasDecodeKernelVariants(d, out, cap) : 0;
  BitblasKernelVariant v[5];
  int n = 0;
  BitblasMmaTile t1;
  if (nvidia && !bitblasMmaKernelUnsupportedReason(d) && bitblasMmaKernelTile(d, &t1)) {
    /* Decode and small batches on tensor cores: one activation row (decode:
     * activations streamed through shared memory), up to 8, up to 16. */
    v[n++] = mmaVariant(1, 1, 1, t1, lanes);
    v[n++] = mmaVariant(2, 8, 8, t1, lanes);
    v[n++] = mmaVariant(9, 16, 16, t1, lanes);
  } else {
    v[n++] = simtVariant(1, 1, 1, lanes, nvidia);
    v[n++] = simtVariant(2, 4, 4, lanes, nvidia);
  }
  v[n++] = simtVariant(v[0].kind == BITBLAS_KERNEL_MMA ? 17 : 5, 0, 8, lanes, nvidia);
  if (n > cap)
    n = cap;
  memcpy(out, v, (size_t)n * sizeof v[0]);
  return n;
}

static void shortName(MlirType t, char *buf, size_t cap) {
  if (mlirTypeIsNull(t) || !bitblasTypeGetShortName(t, buf, cap))
    snprintf(buf, cap, "none");
}

void bitblasMatmulTypeNames(MlirOperation op, char *a, char *w, char *accum, char *out,
                            char *scale, size_t cap) {
  BitblasMatmulOperands o = bitblasMatmulGetOperands(op);
  shortName(elementType(o.a), a, cap);
  shortName(elementType(o.w), w, cap);
  shortName(bitblasMatmulGetAccumType(op), accum, cap);
  shortName(mlirShapedTypeGetElementType(mlirValueGetType(mlirOperationGetResult(op, 0))), out,
            cap);
  shortName(elementType(o.scale), scale, cap);
}
