/* Status strings and the per-thread detailed error message. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static _Thread_local char last_message[4096];

const char *bitblasRtErrorString(BitblasRtStatus status) {
  switch (status) {
  case BITBLAS_RT_SUCCESS: return "success";
  case BITBLAS_RT_ERROR_INVALID_ARGUMENT: return "invalid argument";
  case BITBLAS_RT_ERROR_OUT_OF_MEMORY: return "out of host memory";
  case BITBLAS_RT_ERROR_NO_DRIVER: return "GPU driver library not found";
  case BITBLAS_RT_ERROR_NO_DEVICE: return "no usable GPU device";
  case BITBLAS_RT_ERROR_DRIVER: return "GPU driver call failed";
  case BITBLAS_RT_ERROR_IO: return "file not found or unreadable";
  case BITBLAS_RT_ERROR_PARSE: return "malformed manifest";
  case BITBLAS_RT_ERROR_NOT_FOUND: return "not found";
  case BITBLAS_RT_ERROR_UNSUPPORTED: return "unsupported";
  case BITBLAS_RT_ERROR_OUT_OF_RANGE: return "value out of range";
  case BITBLAS_RT_ERROR_NOT_READY: return "not ready";
  }
  return "unknown status";
}

const char *bitblasRtGetLastErrorMessage(void) { return last_message; }

BitblasRtStatus bitblasRtClearLastError(void) {
  last_message[0] = '\0';
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus rt_error(BitblasRtStatus status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_message, sizeof last_message, fmt, ap);
  va_end(ap);
  return status;
}

BitblasRtStatus rt_error_prefix(BitblasRtStatus status, const char *prefix) {
  /* Shift the message right in place and put "prefix: " in front. */
  size_t cap = sizeof last_message - 1, plen = strlen(prefix), mlen = strlen(last_message);
  if (plen + 2 > cap) plen = cap - 2;
  if (plen + 2 + mlen > cap) mlen = cap - plen - 2;
  memmove(last_message + plen + 2, last_message, mlen);
  last_message[plen + 2 + mlen] = '\0';
  memcpy(last_message, prefix, plen);
  last_message[plen] = ':';
  last_message[plen + 1] = ' ';
  return status;
}
