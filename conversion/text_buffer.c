/* A growable text buffer for generated MLIR. */
#include "gpu_kernel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void bitblasTextAppendV(BitblasTextBuffer *b, const char *fmt, va_list ap) {
  if (b->oom)
    return;
  va_list measure;
  va_copy(measure, ap);
  int n = vsnprintf(NULL, 0, fmt, measure);
  va_end(measure);
  if (n < 0) {
    b->oom = true;
    return;
  }
  if (b->len + (size_t)n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + (size_t)n + 1)
      cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
      b->oom = true;
      return;
    }
    b->data = data;
    b->cap = cap;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void bitblasTextAppend(BitblasTextBuffer *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bitblasTextAppendV(b, fmt, ap);
  va_end(ap);
}

void bitblasTextFree(BitblasTextBuffer *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = false;
}
