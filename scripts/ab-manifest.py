#!/usr/bin/env python3
"""Merges kernel libraries (bitblas-compile output folders) into one, with the
matmuls in an interleaved order, for A/B timing: bench-gemv reuses its inputs
while consecutive matmuls have the same configuration, so versions of one
matmul timed back to back see the same data and the same card state.

  scripts/ab-manifest.py -o OUT [--repeat-first] DIR...

Matmuls are grouped by (n, k, w, a, group, zeros); within a group, the
versions come in the order of the folders given. --repeat-first times the
first folder's version again at the end of its group (drift check). Folder i's
matmul names get the prefix `v<i>_`."""
import argparse, os, re, shutil, sys

def read(path):
    recs = []
    for line in open(os.path.join(path, "manifest.txt")):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("bitblas-manifest"):
            continue
        word, *fields = line.split()
        recs.append((word, dict(f.split("=", 1) for f in fields)))
    return recs

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", required=True)
    ap.add_argument("--repeat-first", action="store_true")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.o, exist_ok=True)
    groups = {}  # key -> list of (dir index, matmul fields, kernel records)
    for i, d in enumerate(args.dirs):
        byName = {}
        for word, f in read(d):
            if word == "matmul":
                mm = byName[f["name"]] = (i, f, [])
                key = tuple(f.get(k) for k in ("n", "k", "w", "a", "group", "zeros", "scale"))
                groups.setdefault(key, []).append(mm)
            elif word == "kernel":
                if f.get("matmul") not in byName:
                    sys.exit("%s: kernel %s names no matmul on an earlier line" %
                             (d, f.get("symbol")))
                if os.path.dirname(f["file"]):
                    sys.exit("%s: kernel file %s is not in the folder" % (d, f["file"]))
                byName[f["matmul"]][2].append(f)
                src = os.path.join(d, f["file"])
                dst = os.path.join(args.o, "v%d_%s" % (i, f["file"]))
                shutil.copyfile(src, dst)
    out = ["bitblas-manifest 1", "# Merged by scripts/ab-manifest.py for A/B timing."]
    for key, mms in groups.items():
        order = [(mm, "") for mm in mms]
        if args.repeat_first and len(mms) > 1:
            order.append((mms[0], "r"))  # the drift check
        for (i, f, kernels), again in order:
            f = dict(f, name="v%d%s_%s" % (i, again, f["name"]))
            out.append("matmul " + " ".join("%s=%s" % kv for kv in f.items()))
            for kf in kernels:
                kf = dict(kf, matmul=f["name"], file="v%d_%s" % (i, kf["file"]))
                out.append("kernel " + " ".join("%s=%s" % kv for kv in kf.items()))
    open(os.path.join(args.o, "manifest.txt"), "w").write("\n".join(out) + "\n")

if __name__ == "__main__":
    main()
