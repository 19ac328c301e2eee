/* The fake CUDA driver's state (fake_cuda.c), which a test reaches with
 * dlsym(handle, "fakeCudaState") on the library the runtime loaded. */
#ifndef BITBLAS_RT_TEST_FAKE_CUDA_H
#define BITBLAS_RT_TEST_FAKE_CUDA_H

enum { FAKE_CUDA_NAME = 64 };

typedef struct FakeCudaLaunch {
  char name[FAKE_CUDA_NAME];
  unsigned grid[3], block[3], smem;
  int pdl; /* launched with programmatic stream serialization */
} FakeCudaLaunch;

typedef struct FakeCudaState {
  /* set by the test */
  int staticSmem;    /* static shared memory of functions looked up from now on */
  int failNextLaunch; /* a CUDA error code the next launch returns, or 0 */
  int ccMajor;        /* compute capability major of devices opened from now on (0: 9) */
  /* recorded */
  int launches, setAttributeCalls, lastAttributeValue;
  FakeCudaLaunch last;
} FakeCudaState;

typedef FakeCudaState *(*FakeCudaStateFn)(void);

#endif
