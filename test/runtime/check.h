/* Minimal test helpers: count failures, keep going, report at the end. */
#ifndef BITBLAS_RT_TEST_CHECK_H
#define BITBLAS_RT_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "bitblas/runtime.h"

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond)                                                                        \
  do {                                                                                     \
    ++check_count;                                                                         \
    if (!(cond)) {                                                                         \
      ++check_failures;                                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);             \
    }                                                                                      \
  } while (0)

static int check_has(const char *msg, const char *sub) { return !sub || strstr(msg, sub) != NULL; }

/* Checks a status and, when substr is non-NULL, that the last error message contains it. */
#define CHECK_ST(call, want, substr)                                                       \
  do {                                                                                     \
    BitblasRtStatus got_ = (call);                                                         \
    ++check_count;                                                                         \
    const char *msg_ = bitblasRtGetLastErrorMessage();                                     \
    if (got_ != (want) || !check_has(msg_, (substr))) {                                    \
      ++check_failures;                                                                    \
      fprintf(stderr, "%s:%d: %s\n  returned %d (%s), wanted %d; message: \"%s\"%s%s\n",   \
              __FILE__, __LINE__, #call, (int)got_, bitblasRtErrorString(got_), (int)(want), \
              msg_, (substr) ? " should contain " : "", (substr) ? (const char *)(substr) : ""); \
    }                                                                                      \
  } while (0)

#define CHECK_OK(call) CHECK_ST(call, BITBLAS_RT_SUCCESS, (const char *)NULL)

static int check_report(const char *name) {
  printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
  return check_failures ? 1 : 0;
}

/* xorshift64*: deterministic test randomness without libc rand(). */
static unsigned long long check_rng = 0x9e3779b97f4a7c15ull;
static inline unsigned long long check_rand(void) {
  check_rng ^= check_rng >> 12;
  check_rng ^= check_rng << 25;
  check_rng ^= check_rng >> 27;
  return check_rng * 2685821657736338717ull;
}
static inline double check_uniform(double lo, double hi) {
  return lo + (hi - lo) * (double)(check_rand() >> 11) * 0x1p-53;
}

#endif
