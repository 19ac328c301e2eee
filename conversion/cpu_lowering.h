/* Internals of the CPU lowering (bitblas -> linalg on tensors).
 *
 * Replacement IR is written as MLIR text: a private function whose arguments
 * stand for the op's operands and whose return value replaces its result. The
 * text is parsed in the op's context and its body spliced in front of the op.
 * Text keeps the emitted linalg readable next to the FileCheck tests, and the
 * MLIR C API has no builders for linalg regions. */
#ifndef BITBLAS_CONVERSION_CPU_LOWERING_H
#define BITBLAS_CONVERSION_CPU_LOWERING_H

#include "dialect/internal.h" /* bitblasEmitOpError */
#include "gpu_kernel.h" /* BitblasTextBuffer */
#include "bitblas-c/Ops.h"
#include "bitblas-c/Types.h"

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- text builder (cpu_text.c) ---------------------------------------- */

typedef struct CpuText {
  BitblasTextBuffer text; /* text.data holds the IR, text.oom reports failure */
  int next;               /* next fresh SSA id: values are spelled %v<id> */
} CpuText;

void cpuTextInit(CpuText *t);
void cpuTextFree(CpuText *t);
void cpuTextPrintf(CpuText *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `%v<id> = <formatted op>\n` with a fresh id and returns the id. */
int cpuTextOp(CpuText *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cpuTextFresh(CpuText *t);

/* Prints a type into `buf` (NUL-terminated, truncated to `cap`). */
const char *cpuTypeStr(MlirType type, char *buf, size_t cap);


/* Parses `text` (a module holding one func.func whose arguments correspond to
 * `args`), moves the function body in front of `op`, rewires the arguments to
 * `args` and replaces op's single result by the returned value; erases `op`. */
MlirLogicalResult cpuSpliceTemplate(MlirOperation op, const char *text, const MlirValue *args,
                                    intptr_t numArgs);

/* ---- weight decoding (cpu_decode.c) ----------------------------------- */

/* Where a weight's codes come from: the i8 storage behind a bitblas.dequantize
 * (decoded in place, so the logical low-bit tensor never materializes) or a
 * logical tensor of the weight type. */
typedef struct CpuWeightSource {
  MlirValue value;   /* storage (i8) or logical tensor */
  MlirType elemType; /* logical element type (ui4, nf4, f8E4M3FN, ...) */
  BitblasWeightKind kind;
  unsigned bits;
  bool fromStorage;
} CpuWeightSource;

/* Resolves `w` (a logical weight tensor, possibly a dequantize result). On
 * failure reports at `user` and returns false. */
bool cpuResolveWeight(MlirOperation user, MlirValue w, CpuWeightSource *src);

/* What one decode generic computes: W'[.., k] for a logical [.., K] shape. */
typedef struct CpuDecodeSpec {
  CpuWeightSource src;
  const char *srcName;                         /* SSA names of the template arguments */
  const char *scaleName, *zerosName, *lutName; /* NULL when absent */
  MlirType scaleType, zerosType, lutType;      /* tensor types, null when absent */
  int64_t groupSize;                           /* resolved: 1..K */
  BitblasZerosMode zerosMode;
  MlirType outElem; /* f16/bf16/f32 (float domain) or i32 (integer domain) */
  MlirType outType; /* tensor type of the result, last dim K static */
  bool emitLogical; /* unpack only: yield codes as the logical element type */
} CpuDecodeSpec;

/* Emits a decode linalg.generic (and the constant tables it reads) into a
 * template body; returns the SSA id of its result or -1 after reporting at
 * `op`. */
int cpuEmitDecode(CpuText *t, MlirOperation op, const CpuDecodeSpec *spec);

/* The value of every code of a small float (f8/f6/f4), nf4, af4 or lut type
 * (at most 256); false for other types. */
bool cpuTableValues(MlirType type, double *values, unsigned *count);

/* Emits `<tableName> = arith.constant dense<...> : tensor<2^bits x f32>`: the
 * value of every code of a small float (f8/f6/f4), nf4, af4 or lut type.
 * Tables decode exactly and need no float support from the target. */
bool cpuEmitFloatTable(CpuText *t, MlirType elemType, const char *tableName);

/* f32 value of SSA id `x` of float type `type`, inside a body; small floats
 * index `tableName` (emitted before with cpuEmitFloatTable). */
int cpuEmitFloatToF32(CpuText *t, MlirType type, int x, const char *tableName);
/* Converts f32 SSA id `x` to float type `to`. */
int cpuEmitF32To(CpuText *t, int x, MlirType to);
bool cpuTypeIsSmallFloat(MlirType type); /* f8/f6/f4: decoded through a table */

/* ---- templates and shared helpers (cpu_template.c) --------------------- */

typedef struct CpuTypeStr {
  char s[256];
} CpuTypeStr;
CpuTypeStr cpuTs(MlirType type); /* printed type, for format arguments */
MlirType cpuElemOf(MlirValue shaped);
bool cpuOpNameIs(MlirOperation op, const char *name);
bool cpuIsPlainFloat(MlirType type); /* f16, bf16, f32 */
bool cpuIsSignlessInt(MlirType type, unsigned width);

/* A template function's arguments: the values and their SSA names. */
typedef struct CpuArgs {
  MlirValue values[8];
  char names[8][16];
  int count;
} CpuArgs;

/* `module { func.func private @bitblas_cpu_lowering(` */
void cpuTemplateBegin(CpuText *t);
/* Appends argument `%<name>` for `v` and returns its SSA name; NULL (and no
 * argument) for a null value. */
const char *cpuTemplateArg(CpuArgs *a, CpuText *t, MlirValue v, const char *name);
/* Closes the signature with op's result type. */
void cpuTemplateBody(CpuText *t, MlirOperation op);
/* Returns %v<result>, splices the template in place of `op`, frees `t`. */
MlirLogicalResult cpuTemplateFinish(MlirOperation op, CpuText *t, const CpuArgs *a, int result);

/* group_size of `op` resolved against K (0 -> K); -1 after an error if it
 * does not divide K. */
int64_t cpuResolveGroup(MlirOperation op, int64_t k);
BitblasZerosMode cpuZerosModeOf(MlirOperation op); /* absent: none */

/* `tensor.empty` of rank-2 `type`, dynamic dims taken from dim 0 of `rowsOf`
 * and of `colsOf`. */
int cpuEmitEmpty2(CpuText *t, MlirType type, const char *rowsOf, MlirType rowsT, const char *colsOf,
                  MlirType colsT);
/* linalg.fill of zero into `empty` of tensor type `type`. */
int cpuEmitZeroFill(CpuText *t, int empty, MlirType type);

/* ---- per-op lowerings -------------------------------------------------- */

MlirLogicalResult cpuLowerMatmul(MlirOperation op);     /* cpu_matmul.c */
MlirLogicalResult cpuLowerQuantize(MlirOperation op);   /* cpu_pack.c */
MlirLogicalResult cpuLowerDequantize(MlirOperation op); /* cpu_pack.c */

#endif
