"""Rows of several bench-gemv CSVs of one card and run date, as
scripts/bench-tables.py and scripts/plot-bench.py read them: a row of a later
CSV replaces the earlier files' rows with the same format, activation type,
shape and M (a rerun of some formats after a change); rows within one file
are all kept (an A/B run has several versions of a row)."""
import csv


def row_key(r):
    return (r["w"], r["a"], r["n"], r["k"], r["m"])


def merged_rows(paths):
    rows = []
    for p in paths:
        new = list(csv.DictReader(open(p)))
        keys = {row_key(r) for r in new}
        rows = [r for r in rows if row_key(r) not in keys] + new
    return rows
