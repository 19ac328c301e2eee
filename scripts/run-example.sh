#!/usr/bin/env bash
# The main example: set-up and build (scripts/setup.sh), compile the built-in
# example -- a uint4, group-128 fp16 matmul, N = K = 4096, original zeros, f32
# accumulate, f16 out -- to GPU kernels with bitblas-compile, print the manifest,
# then check the kernels on the GPU against the runtime's fp64 reference. On a
# machine without a GPU, the same configuration is checked through the CPU path
# (bitblas-lower-to-cpu + JIT) instead.
#
#   sudo bash scripts/run-example.sh   # root only needed for the first set-up
#
# Environment: BUILD_DIR (default <repo>/build), TARGET (default sm_90).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
export BUILD_DIR=$build
target=${TARGET:-sm_90}
out=$build/example

say() { printf '[example] %s\n' "$*"; }
die() { printf '[example] ERROR: %s\n' "$*" >&2; exit 1; }

bash "$root/scripts/setup.sh"

# Cubins need the CUDA toolkit's ptxas; without it, emit PTX (the driver JITs it).
format=bin
if [[ $target == sm_* ]] && ! [[ -x ${CUDA_ROOT:-/usr/local/cuda}/bin/ptxas ]] &&
   ! command -v ptxas >/dev/null 2>&1; then
  say "no CUDA toolkit (ptxas) here: building PTX instead of a cubin"
  format=isa
fi

echo
say "compiling the example for $target: $build/bin/bitblas-compile --example --target=$target --format=$format -o $out"
rm -rf "$out"
"$build/bin/bitblas-compile" --example "--target=$target" "--format=$format" -o "$out" ||
  die "bitblas-compile failed"
echo
say "$out:"
ls -l "$out"
echo
say "manifest ($out/manifest.txt):"
cat "$out/manifest.txt"

driver=$(find "$build" -type f -name bitblas-gpu-test -perm -u+x -print -quit)
[[ -n $driver ]] || die "bitblas-gpu-test not found under $build"

echo
say "running on the GPU: $driver $out/manifest.txt --m 1,16,257"
rc=0
"$driver" "$out/manifest.txt" --m 1,16,257 || rc=$?
echo
case $rc in
  0)
    say "PASS: the example's kernels match the fp64 reference on the GPU"
    exit 0 ;;
  77)
    echo "No GPU on this machine: the $([[ $format == bin ]] && echo cubin || echo PTX) was built;" \
         "checking the example on the CPU path instead"
    echo
    cpu=$build/bin/cpu-matmul-test
    [[ -x $cpu ]] || die "$cpu not found"
    say "$cpu --example"
    crc=0
    "$cpu" --example || crc=$?
    echo
    if [[ $crc -eq 0 ]]; then
      say "PASS: the example configuration matches the fp64 reference on the CPU path" \
          "(the GPU kernels were compiled but not run)"
      exit 0
    fi
    die "the CPU check of the example failed (exit $crc)" ;;
  *)
    die "the GPU check of the example failed (bitblas-gpu-test exit $rc)" ;;
esac
