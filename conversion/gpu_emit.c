#include "gpu_emit.h"

#include <stdio.h>

Val fresh(Emitter *e) {
  Val v;
  snprintf(v.s, sizeof v.s, "%%v%d", e->next++);
  return v;
}

Val cstI(Emitter *e, int64_t x, const char *type) {
  Val v = fresh(e);
  OUT("    %s = arith.constant %lld : %s\n", v.s, (long long)x, type);
  return v;
}

Val cstF(Emitter *e, double x) {
  Val v = fresh(e);
  OUT("    %s = arith.constant %.17e : f32\n", v.s, x);
  return v;
}

Val bin(Emitter *e, const char *op, Val a, Val b, const char *type) {
  Val v = fresh(e);
  OUT("    %s = arith.%s %s, %s : %s\n", v.s, op, a.s, b.s, type);
  return v;
}

Val cast(Emitter *e, const char *op, Val a, const char *from, const char *to) {
  Val v = fresh(e);
  OUT("    %s = arith.%s %s : %s to %s\n", v.s, op, a.s, from, to);
  return v;
}

Val fma3(Emitter *e, Val a, Val b, Val c) {
  Val v = fresh(e);
  OUT("    %s = llvm.intr.fma(%s, %s, %s) : (f32, f32, f32) -> f32\n", v.s, a.s, b.s, c.s);
  return v;
}

Val gep(Emitter *e, const char *ptr, Val off, const char *elem) {
  Val v = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, %s\n", v.s, ptr,
      off.s, elem);
  return v;
}

Val load(Emitter *e, Val ptr, const char *type, int align) {
  Val v = fresh(e);
  OUT("    %s = llvm.load %s {alignment = %d : i64} : !llvm.ptr<1> -> %s\n", v.s, ptr.s, align,
      type);
  return v;
}

Val extract(Emitter *e, Val vec, int idx, const char *vecType) {
  Val i = cstI(e, idx, "i32");
  Val v = fresh(e);
  OUT("    %s = llvm.extractelement %s[%s : i32] : %s\n", v.s, vec.s, i.s, vecType);
  return v;
}

/* --- element types ------------------------------------------------------ */

Val cstH2(Emitter *e, double x) {
  Val v = fresh(e);
  OUT("    %s = arith.constant dense<%.9e> : vector<2xf16>\n", v.s, x);
  return v;
}

const char *storageType(BitblasElem k, unsigned bits) {
  switch (k) {
  case BB_E_F16: return "f16";
  case BB_E_BF16: return "bf16";
  case BB_E_F32: return "f32";
  case BB_E_I32: return "i32";
  default: return bits == 8 ? "i8" : bits == 16 ? "i16" : "i32";
  }
}

/* Loads scale (or float zero) element `idx` of a [N, K/G] tensor as f32. */
Val loadScaleLike(Emitter *e, const char *ptr, BitblasElem kind, Val idx) {
  const char *t = storageType(kind, 16);
  Val x = load(e, gep(e, ptr, idx, t), t, kind == BB_E_F32 ? 4 : 2);
  return kind == BB_E_F32 ? x : cast(e, "extf", x, t, "f32");
}


void bitblasEmitTableToShared(Emitter *e, Val tid, int entries, int threads) {
  /* Each thread copies entries tid, tid + threads, ... */
  Val i = fresh(e);
  Val ub = cstI(e, entries, "index"), step = cstI(e, threads, "index");
  OUT("    scf.for %s = %s to %s step %s {\n", i.s, tid.s, ub.s, step.s);
  Val base = fresh(e);
  OUT("    %s = llvm.mlir.addressof @%s_table : !llvm.ptr<4>\n", base.s, e->prefix);
  Val p = fresh(e);
  OUT("    %s = llvm.getelementptr %s[%s] : (!llvm.ptr<4>, i64) -> !llvm.ptr<4>, f32\n", p.s,
      base.s, cast(e, "index_cast", i, "index", "i64").s);
  Val v = fresh(e);
  OUT("    %s = llvm.load %s : !llvm.ptr<4> -> f32\n", v.s, p.s);
  OUT("    memref.store %s, %%tbl[%s] : memref<%dxf32, #gpu.address_space<workgroup>>\n", v.s,
      i.s, entries);
  OUT("    }\n    gpu.barrier\n");
}

void bitblasEmitKernelHeader(Emitter *e, const char *symbol) {
  const BitblasMatmulDesc *d = e->d;
  OUT("  gpu.func @%s(%%A: !llvm.ptr<1>, %%W: !llvm.ptr<1>", symbol);
  if (d->hasScale)
    OUT(", %%S: !llvm.ptr<1>");
  if (d->zerosMode != 0) /* BITBLAS_ZEROS_NONE */
    OUT(", %%Z: !llvm.ptr<1>");
  if (d->hasBias)
    OUT(", %%B: !llvm.ptr<1>");
  OUT(", %%C: !llvm.ptr<1>, %%M: i32)");
}
