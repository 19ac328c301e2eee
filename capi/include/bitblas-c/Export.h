/*===-- bitblas-c/Export.h - Write GPU binaries and a manifest, C API -----===*\
|* After bitblas-lower-to-nvvm/rocdl, writes each kernel binary and a manifest *|
|* (docs/manifest.md) so that the runtime can launch the kernels on a machine *|
|* without MLIR.                                                              *|
\*===----------------------------------------------------------------------===*/
#ifndef BITBLAS_C_EXPORT_H
#define BITBLAS_C_EXPORT_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes `<dir>/<prefix><module>_<target>.<cubin|ptx|hsaco|s>` for every
 * gpu.binary that serves a bitblas.matmul in `module`, and `<dir>/manifest.txt`
 * describing them; matmul names are `<prefix><module>` (`prefix` may be NULL;
 * it keeps names unique when several modules go into one manifest). `target`
 * is the chip the binaries were built for (sm_90, gfx942). When `append` is
 * true, entries are added to an existing manifest. Errors are reported as
 * diagnostics on the matmul's location, or on stderr for I/O. */
MlirLogicalResult bitblasExportKernels(MlirModule module, const char *dir, const char *target,
                                       const char *prefix, bool append);

#ifdef __cplusplus
}
#endif
#endif /* BITBLAS_C_EXPORT_H */
