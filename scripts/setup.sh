#!/usr/bin/env bash
# Sets up a Debian 12 machine for BitBLAS-MLIR and builds the tree into build/.
#
#   sudo bash scripts/setup.sh        # installs what is missing, then builds
#   bash scripts/setup.sh             # as a normal user once everything is installed
#
# Idempotent: packages already installed are left alone (apt-get update runs
# only when something is missing) and the build is incremental.
# Environment: BUILD_DIR (default <repo>/build), JOBS (default: ninja's choice).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# LLVM/MLIR 22 (compiler, JIT, lit/FileCheck, ld.lld for AMD code objects), the
# AMD device libraries (ROCDL lowering), and the build tools.
packages=(llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
          rocm-device-libs cmake ninja-build gcc g++ python3)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

command -v dpkg-query >/dev/null 2>&1 ||
  die "dpkg-query not found: this script expects Debian 12 (or a derivative with apt)"

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  say "all ${#packages[@]} required packages are installed"
else
  say "missing packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    die "installing packages needs root: run 'sudo bash scripts/setup.sh' (or install: ${missing[*]})"
  fi
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get update"
  apt-get update -q
  unavailable=()
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [[ -z $cand || $cand == "(none)" ]]; then
      unavailable+=("$p")
    fi
  done
  if ((${#unavailable[@]} > 0)); then
    cat >&2 <<EOF
[setup] ERROR: apt has no installable candidate for: ${unavailable[*]}
[setup] BitBLAS-MLIR needs the LLVM/MLIR 22 packages (llvm-22-dev, libmlir-22-dev,
[setup] mlir-22-tools, llvm-22-tools, clang-22, lld-22), which many Debian 12 set-ups
[setup] do not carry: an apt source that provides LLVM 22 for your Debian release is
[setup] required. Add one (a file under /etc/apt/sources.list.d/ and its signing key),
[setup] then run this script again.
EOF
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  for p in "${missing[@]}"; do
    installed "$p" || die "package $p did not install"
  done
fi

for tool in cmake ninja; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not on PATH after installation"
done
[[ -f /usr/lib/llvm-22/lib/cmake/mlir/MLIRConfig.cmake ]] ||
  die "/usr/lib/llvm-22/lib/cmake/mlir/MLIRConfig.cmake not found (libmlir-22-dev broken?)"

# Optional: the CUDA toolkit's ptxas turns PTX into cubins (format=bin). Without
# it the compiler still builds PTX and AMD binaries, and cubin tests are skipped.
if [[ -x /usr/local/cuda/bin/ptxas ]] || command -v ptxas >/dev/null 2>&1; then
  say "ptxas found: cubins can be built"
else
  say "note: no CUDA toolkit (ptxas) found: cubin output and its tests are unavailable;" \
      "PTX and AMD targets still work"
fi

if [[ -f $build/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$build/CMakeCache.txt"; then
  die "$build was configured with another generator: remove it (rm -rf $build) and re-run"
fi
say "configuring $build (Ninja, Release)"
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log" >&2
  die "cmake configuration failed (log above, also in $build/configure.log)"
}
say "building (ninja -C $build)"
ninja -C "$build" ${JOBS:+-j "$JOBS"}

# Built through sudo: give the tree back to the calling user.
if [[ $(id -u) -eq 0 && -n ${SUDO_UID:-} && -n ${SUDO_GID:-} ]]; then
  chown -R "$SUDO_UID:$SUDO_GID" "$build"
fi
tools=$(find "$build/bin" -maxdepth 1 -type f -perm -u+x -printf '%f\n' | sort | tr '\n' ' ')
say "build ready in $build: $build/bin has ${tools% }"
