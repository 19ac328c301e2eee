/* Value tables of the weight types decoded by lookup: OCP small floats (exact
 * in f32, NaN/inf included), nf4, af4 and !bitblas.lut. */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <string.h>

static const double kNF4[16] = {-1.0,
                                -0.6961928009986877,
                                -0.5250730514526367,
                                -0.39491748809814453,
                                -0.28444138169288635,
                                -0.18477343022823334,
                                -0.09105003625154495,
                                0.0,
                                0.07958029955625534,
                                0.16093020141124725,
                                0.24611230194568634,
                                0.33791524171829224,
                                0.44070982933044434,
                                0.5626170039176941,
                                0.7229568362236023,
                                1.0};
static const double kAF4[16] = {
    -1.0,       -0.69441008, -0.51243739, -0.3736951, -0.25607552, -0.14982478, -0.04934812, 0.0,
    0.04273164, 0.12934483,  0.21961274,  0.31675666, 0.42563882,  0.55496234,  0.72424863,  1.0};

/* OCP minifloats: exponent/mantissa widths, bias, and which all-ones
 * exponent codes are special (IEEE-like: inf/NaN; FN: only s.1111.111 NaN). */
typedef struct {
  int ebits, mbits, bias;
  enum { SPECIAL_NONE, SPECIAL_IEEE, SPECIAL_FN_NAN } special;
} MiniFloat;

static bool miniFloatOf(MlirType t, MiniFloat *f) {
  if (mlirTypeIsAFloat8E4M3FN(t))
    *f = (MiniFloat){4, 3, 7, SPECIAL_FN_NAN};
  else if (mlirTypeIsAFloat8E5M2(t))
    *f = (MiniFloat){5, 2, 15, SPECIAL_IEEE};
  else if (mlirTypeIsAFloat4E2M1FN(t))
    *f = (MiniFloat){2, 1, 1, SPECIAL_NONE};
  else if (mlirTypeIsAFloat6E2M3FN(t))
    *f = (MiniFloat){2, 3, 1, SPECIAL_NONE};
  else if (mlirTypeIsAFloat6E3M2FN(t))
    *f = (MiniFloat){3, 2, 3, SPECIAL_NONE};
  else
    return false;
  return true;
}

static double miniFloatDecode(const MiniFloat *f, unsigned code) {
  unsigned emax = (1u << f->ebits) - 1, mmax = (1u << f->mbits) - 1;
  unsigned e = (code >> f->mbits) & emax, m = code & mmax;
  double sign = (code >> (f->ebits + f->mbits)) & 1 ? -1.0 : 1.0;
  if (f->special == SPECIAL_IEEE && e == emax)
    return m ? NAN : sign * INFINITY;
  if (f->special == SPECIAL_FN_NAN && e == emax && m == mmax)
    return NAN;
  if (e == 0)
    return sign * ldexp((double)m, 1 - f->bias - f->mbits);
  return sign * ldexp((double)(m | (1u << f->mbits)), (int)e - f->bias - f->mbits);
}

bool cpuTypeIsSmallFloat(MlirType type) {
  MiniFloat f;
  return miniFloatOf(type, &f);
}

/* Value of every code of a table-decoded type (small floats, nf4, af4, lut). */
bool cpuTableValues(MlirType t, double *values, unsigned *count) {
  MiniFloat f;
  if (miniFloatOf(t, &f)) {
    *count = 1u << (1 + f.ebits + f.mbits);
    for (unsigned c = 0; c < *count; ++c)
      values[c] = miniFloatDecode(&f, c);
    return true;
  }
  const double *fixed = bitblasTypeIsNF4(t) ? kNF4 : bitblasTypeIsAF4(t) ? kAF4 : NULL;
  if (fixed) {
    *count = 16;
    memcpy(values, fixed, sizeof kNF4);
    return true;
  }
  if (bitblasTypeIsLUT(t)) {
    *count = (unsigned)bitblasLUTTypeGetNumValues(t);
    for (unsigned c = 0; c < *count; ++c)
      values[c] = bitblasLUTTypeGetValue(t, c);
    return *count > 0 && *count <= 256;
  }
  return false;
}

/* f32 table literal. Non-finite entries are spelled as bit patterns. */
bool cpuEmitFloatTable(CpuText *t, MlirType elemType, const char *tableName) {
  double values[256];
  unsigned count = 0;
  if (!cpuTableValues(elemType, values, &count))
    return false;
  cpuTextPrintf(t, "    %s = arith.constant dense<[", tableName);
  for (unsigned c = 0; c < count; ++c) {
    float v = (float)values[c];
    const char *sep = c ? ", " : "";
    if (isnan(v))
      cpuTextPrintf(t, "%s0x7FC00000", sep);
    else if (isinf(v))
      cpuTextPrintf(t, "%s%s", sep, v > 0 ? "0x7F800000" : "0xFF800000");
    else
      cpuTextPrintf(t, "%s%.9e", sep, (double)v);
  }
  cpuTextPrintf(t, "]> : tensor<%uxf32>\n", count);
  return true;
}
