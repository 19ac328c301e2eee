/* Value tables of the weight types decoded by lookup: OCP small floats (exact
 * in f32, NaN/inf included), nf4, af4 and !bitblas.lut. */
#include "cpu_lowering.h"

#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <string.h>

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
  intptr_t n = bitblasTableTypeGetValues(t, values, 256);
  *count = (unsigned)n;
  return n > 0 && n <= 256;
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
