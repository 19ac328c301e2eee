#!/usr/bin/python3
"""Plots speedup over cuBLAS fp16 against M, one panel per layer, from the CSVs
that bench-gemv writes (merged as scripts/bench-tables.py merges them):
scripts/plot-bench.py bench.csv [more.csv ...] out.png"""
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from bench_rows import merged_rows  # noqa: E402


def main(paths, out):
    rows = merged_rows(paths)
    layers = sorted({(int(r["n"]), int(r["k"])) for r in rows})
    cols = 4
    fig, axes = plt.subplots((len(layers) + cols - 1) // cols, cols, figsize=(16, 7),
                             squeeze=False)
    for ax, (n, k) in zip(axes.flat, layers):
        series = defaultdict(list)
        for r in rows:
            if int(r["n"]) == n and int(r["k"]) == k:
                series[f'{r["w"]} x {r["a"]}'].append((int(r["m"]), float(r["speedup"])))
        for name, pts in sorted(series.items()):
            pts.sort()
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name)
        ax.axhline(1.0, color="gray", linewidth=0.8)
        ax.set_xscale("log", base=2)
        ax.set_title(f"N={n}, K={k}")
        ax.set_xlabel("M")
        ax.set_ylabel("speedup vs cuBLAS fp16")
    for ax in list(axes.flat)[len(layers):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    card = rows[0]["card"] if rows else ""
    date = rows[0]["date"] if rows else ""
    fig.suptitle(f"bench-gemv on {card}, {date}")
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: plot-bench.py bench.csv [more.csv ...] out.png")
    main(sys.argv[1:-1], sys.argv[-1])
