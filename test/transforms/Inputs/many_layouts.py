"""Writes a function with N constant 2x2 transposes (bitblas.tile_transform_layout)."""
import sys

n = int(sys.argv[1])
ty = "tensor<2x2xi8>"
out = ["func.func @many() -> (%s) {" % ", ".join([ty] * n)]
for i in range(n):
    first = 120 if i == n - 1 else i % 100  # the last one is told apart
    out.append("  %%c%d = arith.constant dense<[[%d, 1], [2, 3]]> : %s" % (i, first, ty))
    out.append('  %%t%d = "bitblas.tile_transform_layout"(%%c%d) {map = affine_map<(d0, d1) -> '
               '(d1, d0)>, scope = "global"} : (%s) -> %s' % (i, i, ty, ty))
out.append("  return %s : %s" % (", ".join("%%t%d" % i for i in range(n)), ", ".join([ty] * n)))
out.append("}")
print("\n".join(out))
