#!/usr/bin/python3
"""Markdown tables for docs/performance.md from bench-gemv CSVs (one or more,
same card and run date): scripts/bench-tables.py bench.csv [more.csv ...]
A row of a later CSV replaces the row of an earlier one with the same format,
activation type, shape and M (a rerun of some formats after a change).
Prints the decode table (M = 1: per-launch events and CUDA-graph replay, both
against cuBLAS fp16 measured the same way; with the read floor of the row's
bytes where the CSV has it; with the back-to-back timing where every row has
it, bench-gemv --stream) and the small-batch table."""
import math
import sys

from bench_rows import merged_rows


def main(paths):
    rows = merged_rows(paths)
    key = lambda r: (int(r["n"]) * int(r["k"]), int(r["n"]), r["w"])
    floors = all("floor_us" in r for r in rows)
    head = ("| W | A | N x K | ours (us) | cuBLAS (us) | speedup | % read BW | graph: ours (us) "
            "| graph: cuBLAS (us) | graph speedup | rel. error |")
    if floors:
        head += " floor (us) | % of floor | graph: % of floor |"
    stream = all(not math.isnan(float(r.get("ours_stream_us") or "nan"))
                 for r in rows if r["m"] == "1")
    if stream:
        head += " back to back: ours (us) | cuBLAS (us) | floor (us) |"
    print(head)
    print("|---" * head.count(" | ") + "|---|")
    for r in sorted((r for r in rows if r["m"] == "1"), key=key):
        line = (f'| {r["w"]} | {r["a"]} | {r["n"]} x {r["k"]} | {float(r["ours_us"]):.1f} '
                f'| {float(r["cublas_us"]):.1f} | {float(r["speedup"]):.2f} '
                f'| {float(r["pct_read_bw"]):.1f}% | {float(r["ours_graph_us"]):.1f} '
                f'| {float(r["cublas_graph_us"]):.1f} | {float(r["graph_speedup"]):.2f} '
                f'| {float(r["relerr"]):.2e} |')
        if floors:
            f, fg = float(r["floor_us"]), float(r["floor_graph_us"])
            line += (f' {f:.1f} | {100 * f / float(r["ours_us"]):.1f}% '
                     f'| {100 * fg / float(r["ours_graph_us"]):.1f}% |')
        if stream:
            line += (f' {float(r["ours_stream_us"]):.1f} '
                     f'| {float(r.get("cublas_stream_us") or "nan"):.1f} '
                     f'| {float(r["floor_stream_us"]):.1f} |')
        print(line)
    ms = sorted({int(r["m"]) for r in rows} - {1})
    print()
    print("| W | N x K | " + " | ".join(f"M = {m}" for m in ms) + " |")
    print("|---|---|" + "---|" * len(ms))
    by = {(r["w"], r["n"], r["k"], int(r["m"])): r for r in rows}
    for (w, n, k) in sorted({(r["w"], r["n"], r["k"]) for r in rows},
                            key=lambda t: (int(t[1]) * int(t[2]), int(t[1]), t[0])):
        cells = []
        for m in ms:
            r = by.get((w, n, k, m))
            cells.append("-" if r is None else
                         f'{float(r["ours_us"]):.1f} / {float(r["cublas_us"]):.1f}')
        print(f"| {w} | {n} x {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
