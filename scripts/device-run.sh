#!/usr/bin/env bash
# Runs on the GPU machine (no MLIR there): builds the runtime, the GPU test
# driver and the benchmark from this tree, then runs what is asked for on
# kernels compiled beforehand by bitblas-compile (carried in .device/).
#   scripts/device-run.sh [test <kernel dir>...] [bench <kernel dir> [bench args]]
# BITBLAS_TEST_M sets the M list of `test` (default 1,7,64,257); BITBLAS_TEST_PDL=1
# adds bitblas-gpu-test's chained programmatic-dependent-launch check (--pdl).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/bitblas-out}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
cmake -S "$root/bench" -B /tmp/bitblas-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build /tmp/bitblas-bench -j 16 >/dev/null
ctest --test-dir /tmp/bitblas-bench/runtime --output-on-failure 2>&1 | tail -5 || true
mode=${1:-}
shift || true
case "$mode" in
  test)
    rc=0
    for dir in "$@"; do
      /tmp/bitblas-bench/runtime/test-gpu/bitblas-gpu-test "$dir/manifest.txt" \
        --m "${BITBLAS_TEST_M:-1,7,64,257}" ${BITBLAS_TEST_PDL:+--pdl} 2>&1 |
        tee -a "$out/gpu-test.log" || rc=1
    done
    exit $rc ;;
  bench)
    dir=$1; shift
    /tmp/bitblas-bench/bench-gemv "$dir" --csv "$out/bench.csv" "$@" 2>&1 | tee "$out/bench.log" ;;
  *)
    echo "usage: $0 test <dir>... | bench <dir> [args]" >&2; exit 2 ;;
esac
