/* A growable text buffer for generated MLIR. */
#include "gpu_kernel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void bitblasTextAppend(BitblasTextBuffer *b, const char *fmt, ...) {
  if (b->oom)
    return;
  for (;;) {
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? room : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->oom = true;
      return;
    }
    if (b->data && (size_t)n < room) {
      b->len += (size_t)n;
      return;
    }
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap - b->len <= (size_t)n)
      cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
      b->oom = true;
      return;
    }
    b->data = data;
    b->cap = cap;
  }
}

void bitblasTextFree(BitblasTextBuffer *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = false;
}
