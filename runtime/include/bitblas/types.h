/* BitBLAS runtime: element types, scalar conversions, matmul configuration.
 * Everything here is host-only and needs no GPU. Semantics: docs/semantics.md. */
#ifndef BITBLAS_RT_TYPES_H
#define BITBLAS_RT_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "bitblas/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Element types, spelled as in MLIR by bitblasRtTypeName(). */
typedef enum BitblasRtType {
  BITBLAS_RT_TYPE_INVALID = 0,
  BITBLAS_RT_TYPE_F16, BITBLAS_RT_TYPE_BF16, BITBLAS_RT_TYPE_F32, BITBLAS_RT_TYPE_F64,
  BITBLAS_RT_TYPE_I32,
  BITBLAS_RT_TYPE_I8, BITBLAS_RT_TYPE_I7, BITBLAS_RT_TYPE_I6, BITBLAS_RT_TYPE_I5,
  BITBLAS_RT_TYPE_I4, BITBLAS_RT_TYPE_I3, BITBLAS_RT_TYPE_I2, BITBLAS_RT_TYPE_I1,
  BITBLAS_RT_TYPE_UI8, BITBLAS_RT_TYPE_UI7, BITBLAS_RT_TYPE_UI6, BITBLAS_RT_TYPE_UI5,
  BITBLAS_RT_TYPE_UI4, BITBLAS_RT_TYPE_UI3, BITBLAS_RT_TYPE_UI2, BITBLAS_RT_TYPE_UI1,
  BITBLAS_RT_TYPE_F8E4M3FN, BITBLAS_RT_TYPE_F8E5M2, BITBLAS_RT_TYPE_F4E2M1FN,
  BITBLAS_RT_TYPE_NF4, BITBLAS_RT_TYPE_AF4,
  BITBLAS_RT_TYPE_LUT, /* !bitblas.lut<bits, [...]>: needs a BitblasRtLut */
  BITBLAS_RT_TYPE_COUNT_
} BitblasRtType;

/* Value table of a LUT weight type: code i -> values[i], 2^bits entries. */
typedef struct BitblasRtLut {
  int bits;              /* 1..8 */
  const double *values;  /* 2^bits entries, borrowed */
} BitblasRtLut;

/* MLIR spelling ("f16", "ui4", "f8E4M3FN", "nf4", "lut"); "invalid" for
 * out-of-range values. Never NULL. */
BITBLAS_RT_API const char *bitblasRtTypeName(BitblasRtType type);
/* Parses an MLIR spelling; "lutN" (N = 1..8) gives BITBLAS_RT_TYPE_LUT and *lut_bits = N. */
BITBLAS_RT_API BitblasRtStatus bitblasRtTypeFromName(const char *name, BitblasRtType *type,
                                                     int *lut_bits);
/* Storage width in bits; lut may be NULL except for BITBLAS_RT_TYPE_LUT. */
BITBLAS_RT_API BitblasRtStatus bitblasRtTypeBits(BitblasRtType type, const BitblasRtLut *lut,
                                                 int *bits);

/* Exact value of one weight code (docs/semantics.md table). Fails for codes
 * >= 2^bits. NaN codes of f8/f16 give NaN. */
BITBLAS_RT_API BitblasRtStatus bitblasRtDecodeCode(BitblasRtType type, const BitblasRtLut *lut,
                                                   uint32_t code, double *value);
/* Nearest code to a finite value: ties go to the even code, values beyond
 * the largest finite value saturate to it, -0.0 keeps its sign where the type
 * has one. NaN/inf are errors. Integer types round too (use the transform for
 * the strict "must be exactly representable" check). */
BITBLAS_RT_API BitblasRtStatus bitblasRtEncodeNearest(BitblasRtType type, const BitblasRtLut *lut,
                                                      double value, uint32_t *code);

/* Scalar float conversions. Encoders round to nearest even; overflow gives
 * inf (f16, bf16, f8E5M2), NaN (f8E4M3FN, which has no inf) or saturates
 * (f4E2M1FN, which has neither); NaN stays NaN. Decoders are exact. */
BITBLAS_RT_API double bitblasRtF16ToDouble(uint16_t bits);
BITBLAS_RT_API uint16_t bitblasRtDoubleToF16(double value);
BITBLAS_RT_API float bitblasRtF16ToF32(uint16_t bits);
BITBLAS_RT_API uint16_t bitblasRtF32ToF16(float value);
BITBLAS_RT_API double bitblasRtBF16ToDouble(uint16_t bits);
BITBLAS_RT_API uint16_t bitblasRtDoubleToBF16(double value);
BITBLAS_RT_API double bitblasRtF8E4M3FNToDouble(uint8_t bits);
BITBLAS_RT_API uint8_t bitblasRtDoubleToF8E4M3FN(double value);
BITBLAS_RT_API double bitblasRtF8E5M2ToDouble(uint8_t bits);
BITBLAS_RT_API uint8_t bitblasRtDoubleToF8E5M2(double value);
BITBLAS_RT_API double bitblasRtF4E2M1FNToDouble(uint8_t bits); /* low 4 bits */
BITBLAS_RT_API uint8_t bitblasRtDoubleToF4E2M1FN(double value);

/* Arrays of byte-aligned scalars (f16 bf16 f32 f64 i32 i8 ui8 f8*) to and
 * from double. The "from" direction applies the output cast of
 * docs/semantics.md: floats round to nearest even, i8 saturates to
 * [-128, 127], i32 rounds to nearest and saturates. */
BITBLAS_RT_API BitblasRtStatus bitblasRtConvertToDouble(BitblasRtType type, const void *src,
                                                        size_t count, double *dst);
BITBLAS_RT_API BitblasRtStatus bitblasRtConvertFromDouble(BitblasRtType type, const double *src,
                                                          size_t count, void *dst);

/* Physical layouts of a weight tensor; manifests name them (`layout=packed`). */
typedef enum BitblasRtLayout {
  BITBLAS_RT_LAYOUT_INVALID = 0,
  BITBLAS_RT_LAYOUT_PACKED = 1, /* "packed row-major" of docs/semantics.md */
  /* Packed, but inside every 32-bit word of a row (F = 32 / bits fields) the
   * even elements come first: field f holds element 2f for f < F/2 and element
   * 2(f - F/2) + 1 above, so a magic-number decode of fields f and f + F/2
   * yields neighbours. Needs bits in {1, 2, 4, 8, 16} and k * bits % 32 == 0. */
  BITBLAS_RT_LAYOUT_INTERLEAVE32 = 2,
  /* Packed bit stream in the order of the tensor-core decode kernels: 16-row
   * tiles, each K * bits / 256 units of 512 bytes in mma.m16n8k16 A-fragment
   * order, so that lane l of a warp loads bytes [16 l, 16 l + 16) of a unit
   * (mapping: docs/semantics.md, "Layouts today"). Needs bits in
   * {1, 2, 4, 8, 16}, n % 16 == 0 and k * bits % 256 == 0. */
  BITBLAS_RT_LAYOUT_FRAG16 = 3,
  /* frag16's tiles in mma.m16n8k32 int8 A-fragment order; bits in {1, 2, 4}. */
  BITBLAS_RT_LAYOUT_FRAG8 = 4
} BitblasRtLayout;

BITBLAS_RT_API const char *bitblasRtLayoutName(BitblasRtLayout layout);
BITBLAS_RT_API BitblasRtStatus bitblasRtLayoutFromName(const char *name, BitblasRtLayout *layout);

/* A logical [n, k] weight tensor of one type in one layout. */
typedef struct BitblasRtWeightDesc {
  BitblasRtType type;
  BitblasRtLut lut; /* only for BITBLAS_RT_TYPE_LUT */
  BitblasRtLayout layout;
  int64_t n, k;
} BitblasRtWeightDesc;

typedef enum BitblasRtZerosMode {
  BITBLAS_RT_ZEROS_NONE = 0,
  BITBLAS_RT_ZEROS_ORIGINAL = 1,  /* (q - z) * s, z float */
  BITBLAS_RT_ZEROS_RESCALE = 2,   /* q * s - z, z float */
  BITBLAS_RT_ZEROS_QUANTIZED = 3  /* (q - z) * s, z an unsigned code, one per byte */
} BitblasRtZerosMode;

BITBLAS_RT_API const char *bitblasRtZerosModeName(BitblasRtZerosMode mode);

/* What a matmul computes, like BitBLAS' MatmulConfig. */
typedef struct BitblasRtMatmulConfig {
  int64_t m_min;  /* smallest M the caller will run; 0 means 1 */
  int64_t m_max;  /* largest M; 0 means unbounded */
  int64_t n, k;
  BitblasRtType a_type, w_type, accum_type, out_type;
  BitblasRtLut lut;         /* weights of BITBLAS_RT_TYPE_LUT only */
  int64_t group_size;       /* 0 or k: per-channel */
  BitblasRtZerosMode zeros_mode;
  int has_scale;
  BitblasRtType scale_type; /* INVALID: the default of docs/semantics.md */
  int has_bias;
  BitblasRtLayout layout;   /* INVALID: packed */
} BitblasRtMatmulConfig;

/* Byte sizes of every buffer of a matmul at a given M (M may be 0 when only
 * the M-independent sizes are wanted). Unused buffers have size 0. */
typedef struct BitblasRtMatmulSizes {
  size_t a_bytes, w_bytes, scale_bytes, zeros_bytes, bias_bytes, c_bytes;
} BitblasRtMatmulSizes;

/* Checks a config against docs/semantics.md (group divides k, zeros need
 * unsigned weights and a scale, ...) and says what is wrong. */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulConfigValidate(const BitblasRtMatmulConfig *config);
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulConfigGetSizes(const BitblasRtMatmulConfig *config,
                                                             int64_t m,
                                                             BitblasRtMatmulSizes *sizes);
/* The scale type actually used: config->scale_type, or the default
 * (activation float type; f32 for integer activations). */
BITBLAS_RT_API BitblasRtStatus bitblasRtMatmulConfigScaleType(const BitblasRtMatmulConfig *config,
                                                              BitblasRtType *scale_type);

#ifdef __cplusplus
}
#endif

#endif
