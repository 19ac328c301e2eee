/* Private layout of a kernel library, shared by library.c and matmul.c. */
#ifndef BITBLAS_RT_LIBRARY_H
#define BITBLAS_RT_LIBRARY_H

#include "manifest.h"

struct BitblasRtLibrary {
  BitblasRtDevice *device; /* NULL: parse-only */
  RtManifest *manifest;
  char **unusable; /* per kernel: why this device cannot run it, or NULL */
};

#endif
