#!/usr/bin/env bash
# The whole test suite: set-up and build (scripts/setup.sh), then the lit suite
# (compiler: dialect, passes, CPU and GPU lowering, tools, CPU JIT end-to-end)
# and CTest (runtime, GPU driver). Tests that need a GPU, ptxas or the ROCm
# device libraries are reported as skipped, with the reason.
#
#   sudo bash scripts/test.sh     # root only needed for the first set-up
#
# Last line: `N passed, N failed, N skipped` over lit and CTest; the exit
# status is non-zero when anything failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
export BUILD_DIR=$build
lit=/usr/lib/llvm-22/bin/lit

bash "$root/scripts/setup.sh"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

echo
echo "=== lit: $build/test ==="
lit_rc=0
"$lit" -sv --no-progress-bar --show-unsupported -o "$results/lit.json" "$build/test" || lit_rc=$?

echo
echo "=== ctest: $build ==="
ctest_rc=0
ctest --test-dir "$build" --output-on-failure --output-junit "$results/ctest.xml" || ctest_rc=$?

echo
echo "=== summary ==="
python3 - "$results/lit.json" "$results/ctest.xml" "$lit_rc" "$ctest_rc" <<'EOF'
import json, os, sys
import xml.etree.ElementTree as ET

lit_json, ctest_xml, lit_rc, ctest_rc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
passed = failed = skipped = 0
problems = []

# lit: PASS/XFAIL pass; UNSUPPORTED/SKIPPED/EXCLUDED skip; everything else fails.
lit_failed = 0
if os.path.exists(lit_json):
    for t in json.load(open(lit_json))["tests"]:
        code = t["code"]
        if code in ("PASS", "XFAIL", "FLAKYPASS"):
            passed += 1
        elif code in ("UNSUPPORTED", "SKIPPED", "EXCLUDED"):
            skipped += 1
            print(f"SKIPPED (lit) {t['name']}: a REQUIRES feature is missing on this machine")
        else:
            lit_failed += 1
            print(f"FAILED  (lit) {t['name']}: {code}")
if lit_rc and not lit_failed:
    lit_failed = 1
    problems.append(f"lit exited with status {lit_rc} without a failing test in its results")
failed += lit_failed

# ctest: status run / fail / notrun (+ <skipped>: the test returned 77).
ctest_failed = 0
if os.path.exists(ctest_xml):
    for tc in ET.parse(ctest_xml).getroot().iter("testcase"):
        name, status = tc.get("name"), tc.get("status")
        out = (tc.findtext("system-out") or "").strip().splitlines()
        if status == "run":
            passed += 1
        elif status == "notrun" and tc.find("skipped") is not None:
            skipped += 1
            why = next((l for l in out if "SKIP" in l), out[-1] if out else "no reason printed")
            print(f"SKIPPED (ctest) {name}: {why}")
        else:
            ctest_failed += 1
            print(f"FAILED  (ctest) {name}: {status}")
if ctest_rc and not ctest_failed:
    ctest_failed = 1
    problems.append(f"ctest exited with status {ctest_rc} without a failing test in its results")
failed += ctest_failed

for p in problems:
    print("ERROR:", p)
if skipped:
    print(f"NOTE: {skipped} test(s) were SKIPPED (see the lines above): they did not run here.")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
EOF
