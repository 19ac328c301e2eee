/* Parsed form of a kernel-library manifest (docs/manifest.md). */
#ifndef BITBLAS_RT_MANIFEST_H
#define BITBLAS_RT_MANIFEST_H

#include "internal.h"

typedef enum RtDimKind { RT_DIM_CONST, RT_DIM_M, RT_DIM_M_DIV } RtDimKind;
typedef struct RtDimExpr {
  RtDimKind kind;
  uint32_t value; /* the constant, or the divisor of M/<d> */
} RtDimExpr;

typedef enum RtArg { RT_ARG_A, RT_ARG_W, RT_ARG_SCALE, RT_ARG_ZEROS, RT_ARG_BIAS, RT_ARG_C, RT_ARG_M, RT_ARG_COUNT } RtArg;

typedef struct RtKernelEntry {
  int line;
  int matmul; /* index into RtManifest.matmuls */
  char *symbol;
  char *file; /* as written */
  char *path; /* resolved against the manifest's directory */
  BitblasRtBinaryFormat format;
  char target[32];
  int64_t m_min, m_max; /* m_max 0: unbounded */
  uint32_t block[3];
  RtDimExpr grid[3];
  uint32_t smem;
  int sms; /* SM count its grid was shaped for (`sms=`); 0: not stated */
  int pdl; /* waits for the previous kernel before reading A (`pdl=1`) */
  int nargs;
  RtArg args[RT_ARG_COUNT];
} RtKernelEntry;

typedef struct RtMatmulEntry {
  int line;
  char *name;
  BitblasRtMatmulConfig config; /* m_min/m_max: what the kernels cover */
  double *lut_values;           /* owned; config.lut.values points here */
} RtMatmulEntry;

typedef struct RtManifest {
  char *path;
  int nmatmuls, nkernels;
  RtMatmulEntry *matmuls;
  RtKernelEntry *kernels;
} RtManifest;

BitblasRtStatus rt_manifest_parse(const char *path, RtManifest **out);
void rt_manifest_free(RtManifest *m);
/* "n=.. k=.. a=.. w=.. accum=.. out=.. group=.. zeros=.. scale=.. bias=.. layout=.." */
void rt_config_describe(const BitblasRtMatmulConfig *c, char *buf, size_t size);
const char *rt_arg_name(RtArg a);

#endif
