/* Kernel libraries: a parsed manifest bound to a device (or to none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library.h"

BitblasRtStatus bitblasRtLibraryCreate(BitblasRtDevice *device, const char *manifest_path,
                                       BitblasRtLibrary **out) {
  RT_CHECK_ARG("bitblasRtLibraryCreate", out, "out");
  *out = NULL;
  RT_CHECK_ARG("bitblasRtLibraryCreate", manifest_path, "manifest_path");
  BitblasRtLibrary *lib = calloc(1, sizeof *lib);
  if (!lib) return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "bitblasRtLibraryCreate: out of memory");
  BitblasRtStatus st = rt_manifest_parse(manifest_path, &lib->manifest);
  if (st) {
    free(lib);
    return rt_error_prefix(st, "bitblasRtLibraryCreate");
  }
  lib->device = device;
  int nk = lib->manifest->nkernels;
  lib->unusable = calloc((size_t)nk + 1, sizeof *lib->unusable);
  if (!lib->unusable) {
    bitblasRtLibraryDestroy(lib);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "bitblasRtLibraryCreate: out of memory");
  }
  /* A manifest may carry kernels for several targets: remember why the
   * others cannot run here instead of failing the whole library. */
  for (int i = 0; device && i < nk; ++i) {
    const RtKernelEntry *k = &lib->manifest->kernels[i];
    if (rt_device_check_binary(device, k->format, k->target)) {
      char buf[600];
      snprintf(buf, sizeof buf, "line %d (%s): %s", k->line, k->symbol, bitblasRtGetLastErrorMessage());
      lib->unusable[i] = malloc(strlen(buf) + 1);
      if (lib->unusable[i]) strcpy(lib->unusable[i], buf);
    }
  }
  *out = lib;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtLibraryDestroy(BitblasRtLibrary *lib) {
  if (!lib) return BITBLAS_RT_SUCCESS;
  if (lib->manifest && lib->unusable)
    for (int i = 0; i < lib->manifest->nkernels; ++i) free(lib->unusable[i]);
  free(lib->unusable);
  rt_manifest_free(lib->manifest);
  free(lib);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtLibraryGetMatmulCount(const BitblasRtLibrary *lib, int *count) {
  RT_CHECK_ARG("bitblasRtLibraryGetMatmulCount", lib, "library");
  RT_CHECK_ARG("bitblasRtLibraryGetMatmulCount", count, "count");
  *count = lib->manifest->nmatmuls;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtLibraryGetMatmul(const BitblasRtLibrary *lib, int index, const char **name,
                                          BitblasRtMatmulConfig *config) {
  RT_CHECK_ARG("bitblasRtLibraryGetMatmul", lib, "library");
  if (index < 0 || index >= lib->manifest->nmatmuls)
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE,
                    "bitblasRtLibraryGetMatmul: index %d not in [0, %d)", index,
                    lib->manifest->nmatmuls);
  if (name) *name = lib->manifest->matmuls[index].name;
  if (config) *config = lib->manifest->matmuls[index].config;
  return BITBLAS_RT_SUCCESS;
}
