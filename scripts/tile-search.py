#!/usr/bin/python3
"""Picks the block shape of each layer from a tile sweep measured on the card:
  bitblas-compile --bench=NxK --mma-tile=T,S,U[:T,S,U...] -o DIR   (build machine)
  scripts/device-run.sh bench DIR --m 1,4,16 --names               (GPU machine)
  scripts/tile-search.py bench.csv [more.csv ...] [--m 1,4] [--graph]
Each kernel of the sweep carries its tile in its name (`..._tT_S_U_...`); kernels
without one are the compiler's default shape. A tile serves every M of its
matmul, so candidates are ranked by the geometric mean of their times over the
chosen M values (all M measured for every candidate when --m is not given),
per-launch events unless --graph. Prints, per layer, the candidates from the
fastest and the winner as an `--mma-tile` value and a `bitblas.mma_tile`
attribute for the matmul op. On the H100, repeated timings of one kernel in
one run drifted by up to 0.4 us (docs/performance.md), so smaller gaps rank
noise."""
import argparse
import csv
import math
import re
import sys
from collections import defaultdict

TILE = re.compile(r"_t(\d+)_(\d+)_(\d+)_")
VERSION = re.compile(r"^v\d+r?_")  # scripts/ab-manifest.py's folder prefix


def tile_of(name):
    m = TILE.search(name)
    return tuple(int(x) for x in m.groups()) if m else None


def matmul_of(name):
    """The configuration a kernel name belongs to, without tile or folder:
    two matmuls of one (w, a, n, k), e.g. with i32 and f16 outputs, stay apart."""
    return TILE.sub("_", VERSION.sub("", name))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--m", help="comma-separated M values to rank by (default: all measured)")
    ap.add_argument("--graph", action="store_true", help="rank by CUDA-graph replay times")
    args = ap.parse_args(argv)
    col = "ours_graph_us" if args.graph else "ours_us"
    want = {int(x) for x in args.m.split(",")} if args.m else None
    # times[(w, a, n, k)][tile][m] = us; the last CSV wins on repeats
    times = defaultdict(lambda: defaultdict(dict))
    for path in args.csv:
        for r in csv.DictReader(open(path)):
            if col not in r:
                sys.exit(f"{path}: no column {col} (bench-gemv CSV expected)")
            m = int(r["m"])
            if want and m not in want:
                continue
            t = float(r[col])
            if not math.isfinite(t) or t <= 0:
                continue
            times[(r["w"], r["a"], r["n"], r["k"], matmul_of(r["name"]))][tile_of(r["name"])][m] = t
    if not times:
        sys.exit("no rows to rank (check --m)")
    for (w, a, n, k, mm), cands in sorted(times.items(),
                                         key=lambda kv: (int(kv[0][2]) * int(kv[0][3]), kv[0])):
        ms = sorted(set.intersection(*(set(v) for v in cands.values())))
        if not ms:
            print(f"{w} x {a}, {n} x {k}, {mm}: no M measured for every candidate")
            continue
        ranked = sorted(
            ((math.exp(sum(math.log(v[m]) for m in ms) / len(ms)), tile) for tile, v in cands.items()),
            key=lambda x: x[0])
        default = next((s for s, tile in ranked if tile is None), None)
        print(f"{w} x {a}, N = {n}, K = {k}, {mm} "
              f"(M = {', '.join(map(str, ms))}, {'graph' if args.graph else 'events'}):")
        for score, tile in ranked:
            label = "default" if tile is None else "T,S,U = %d,%d,%d" % tile
            rel = f"  {100 * (default / score - 1):+.1f}% vs default" if default and tile else ""
            print(f"  {label:<18} {score:9.2f} us{rel}")
        best = ranked[0][1]
        if best is None:
            print("  best: the default shape")
        else:
            print("  best: --mma-tile=%d,%d,%d  bitblas.mma_tile = array<i64: %d, %d, %d>" % (best + best))


if __name__ == "__main__":
    main(sys.argv[1:])
