/* Matmuls: pick the manifest entry for a config, then the kernel for M. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library.h"

typedef struct MmKernel {
  const RtKernelEntry *entry;
  BitblasRtModule *module;
  BitblasRtKernel *kernel;
} MmKernel;

struct BitblasRtMatmul {
  BitblasRtLibrary *lib;
  const RtMatmulEntry *entry;
  BitblasRtMatmulConfig config; /* the caller's, with its M range */
  int nkernels;
  MmKernel *kernels; /* usable ones, in file order */
  int pdl;           /* bitblasRtMatmulSetProgrammaticLaunch */
};

static int same_config(const BitblasRtMatmulConfig *a, const BitblasRtMatmulConfig *b) {
  BitblasRtType sa, sb;
  bitblasRtMatmulConfigScaleType(a, &sa);
  bitblasRtMatmulConfigScaleType(b, &sb);
  int64_t ga = a->group_size ? a->group_size : a->k, gb = b->group_size ? b->group_size : b->k;
  BitblasRtLayout la = a->layout ? a->layout : BITBLAS_RT_LAYOUT_PACKED;
  BitblasRtLayout lb = b->layout ? b->layout : BITBLAS_RT_LAYOUT_PACKED;
  if (a->n != b->n || a->k != b->k || a->a_type != b->a_type || a->w_type != b->w_type ||
      a->accum_type != b->accum_type || a->out_type != b->out_type || ga != gb ||
      a->zeros_mode != b->zeros_mode || !a->has_scale != !b->has_scale ||
      (a->has_scale && sa != sb) || !a->has_bias != !b->has_bias || la != lb)
    return 0;
  if (a->w_type == BITBLAS_RT_TYPE_LUT)
    return a->lut.bits == b->lut.bits &&
           !memcmp(a->lut.values, b->lut.values, sizeof(double) << a->lut.bits);
  return 1;
}

/* First M >= lo (up to hi, 0 = unbounded) that no usable kernel of the
 * matmul covers, or 0 when the whole range is covered. */
static int64_t uncovered(const BitblasRtLibrary *lib, int mi, int64_t lo, int64_t hi) {
  const RtManifest *m = lib->manifest;
  for (int64_t cur = lo;;) {
    int64_t next = -1;
    for (int j = 0; j < m->nkernels; ++j) {
      const RtKernelEntry *k = &m->kernels[j];
      if (k->matmul != mi || lib->unusable[j] || k->m_min > cur || (k->m_max && k->m_max < cur))
        continue;
      if (!k->m_max) return 0;
      if (k->m_max + 1 > next) next = k->m_max + 1;
    }
    if (next < 0) return cur;
    if (hi && next > hi) return 0;
    cur = next;
  }
}

/* OUT_OF_RANGE for entry `mi`, whose usable kernels leave M = `gap` of
 * [lo, hi] uncovered, with the reasons its kernels are unusable. */
static BitblasRtStatus coverage_error(const char *fn, const BitblasRtLibrary *lib, int mi,
                                      int64_t gap, int64_t lo, int64_t hi) {
  const RtManifest *m = lib->manifest;
  char hi_text[32] = "unbounded", reasons[2000] = "";
  if (hi) snprintf(hi_text, sizeof hi_text, "%lld", (long long)hi);
  size_t len = 0;
  for (int j = 0; j < m->nkernels; ++j)
    if (m->kernels[j].matmul == mi && lib->unusable[j] && len < sizeof reasons)
      len += (size_t)snprintf(reasons + len, sizeof reasons - len, "; %s", lib->unusable[j]);
  return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE,
                  "%s: matmul %s (line %d) matches, but no kernel%s covers M=%lld of the "
                  "requested range [%lld, %s]%s",
                  fn, m->matmuls[mi].name, m->matmuls[mi].line,
                  lib->device ? " usable on this device" : "", (long long)gap, (long long)lo,
                  hi_text, reasons);
}

#define CFN "bitblasRtMatmulCreate"

static BitblasRtStatus no_match(const BitblasRtLibrary *lib, const BitblasRtMatmulConfig *c) {
  char want[512], msg[3500];
  rt_config_describe(c, want, sizeof want);
  int len = snprintf(msg, sizeof msg, "no matmul in '%s' matches %s; available:",
                     lib->manifest->path, want);
  for (int i = 0; i < lib->manifest->nmatmuls && len < (int)sizeof msg; ++i) {
    char have[512];
    rt_config_describe(&lib->manifest->matmuls[i].config, have, sizeof have);
    len += snprintf(msg + len, sizeof msg - (size_t)len, "\n  %s: %s", lib->manifest->matmuls[i].name, have);
  }
  return rt_error(BITBLAS_RT_ERROR_NOT_FOUND, CFN ": %s", msg);
}

/* Loads the kernels of entry `found`, serving `config` (its M range). */
static BitblasRtStatus create_entry(const char *fn, BitblasRtLibrary *lib, int found,
                                    const BitblasRtMatmulConfig *config,
                                    BitblasRtMatmul **out) {
  const RtManifest *m = lib->manifest;
  BitblasRtStatus st;
  BitblasRtMatmul *mm = calloc(1, sizeof *mm);
  MmKernel *ks = calloc((size_t)m->nkernels, sizeof *ks);
  if (!mm || !ks) {
    free(mm);
    free(ks);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "%s: out of memory", fn);
  }
  *mm = (BitblasRtMatmul){lib, &m->matmuls[found], *config, 0, ks, 0};
  mm->config.lut = m->matmuls[found].config.lut; /* the caller's table may not outlive us */
  for (int j = 0; j < m->nkernels; ++j) {
    const RtKernelEntry *k = &m->kernels[j];
    if (k->matmul != found || lib->unusable[j]) continue;
    MmKernel *mk = &mm->kernels[mm->nkernels++];
    mk->entry = k;
    if (!lib->device) continue;
    st = bitblasRtModuleLoadFile(lib->device, k->path, k->format, &mk->module);
    if (!st) st = bitblasRtModuleGetKernel(mk->module, k->symbol, &mk->kernel);
    if (st) {
      char why[3000];
      snprintf(why, sizeof why, "%s", bitblasRtGetLastErrorMessage());
      bitblasRtMatmulDestroy(mm);
      return rt_error(st, "%s: %s line %d: %s", fn, m->path, k->line, why);
    }
  }
  *out = mm;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMatmulCreate(BitblasRtLibrary *lib, const BitblasRtMatmulConfig *config,
                                      BitblasRtMatmul **out) {
  RT_CHECK_ARG(CFN, out, "out");
  *out = NULL;
  RT_CHECK_ARG(CFN, lib, "library");
  RT_CHECK_ARG(CFN, config, "config");
  BitblasRtStatus st = bitblasRtMatmulConfigValidate(config);
  if (st) return rt_error_prefix(st, CFN);
  const RtManifest *m = lib->manifest;
  int64_t lo = config->m_min ? config->m_min : 1, hi = config->m_max;
  int found = -1, matched = -1;
  int64_t gap = 0;
  for (int i = 0; i < m->nmatmuls && found < 0; ++i) {
    if (!same_config(config, &m->matmuls[i].config)) continue;
    int64_t g = uncovered(lib, i, lo, hi);
    if (!g) found = i;
    else if (matched < 0) matched = i, gap = g;
  }
  if (found < 0 && matched < 0) return no_match(lib, config);
  if (found < 0) return coverage_error(CFN, lib, matched, gap, lo, hi);
  return create_entry(CFN, lib, found, config, out);
}
#undef CFN

#define IFN "bitblasRtLibraryCreateMatmul"
BitblasRtStatus bitblasRtLibraryCreateMatmul(BitblasRtLibrary *lib, int index,
                                             BitblasRtMatmul **out) {
  RT_CHECK_ARG(IFN, out, "out");
  *out = NULL;
  RT_CHECK_ARG(IFN, lib, "library");
  const char *name;
  BitblasRtMatmulConfig config;
  BitblasRtStatus st = bitblasRtLibraryGetMatmul(lib, index, &name, &config);
  if (st) return rt_error_prefix(st, IFN);
  /* The entry's own M range: what its kernels usable here must cover. */
  int64_t lo = config.m_min ? config.m_min : 1, gap = uncovered(lib, index, lo, config.m_max);
  if (gap) return coverage_error(IFN, lib, index, gap, lo, config.m_max);
  return create_entry(IFN, lib, index, &config, out);
}
#undef IFN

BitblasRtStatus bitblasRtMatmulDestroy(BitblasRtMatmul *mm) {
  if (!mm) return BITBLAS_RT_SUCCESS;
  for (int i = 0; i < mm->nkernels; ++i) bitblasRtModuleUnload(mm->kernels[i].module);
  free(mm->kernels);
  free(mm);
  return BITBLAS_RT_SUCCESS;
}

static const MmKernel *pick(const BitblasRtMatmul *mm, int64_t m) {
  for (int i = 0; i < mm->nkernels; ++i) {
    const RtKernelEntry *e = mm->kernels[i].entry;
    if (m >= e->m_min && (!e->m_max || m <= e->m_max)) return &mm->kernels[i];
  }
  return NULL;
}

static BitblasRtStatus check_m(const char *fn, const BitblasRtMatmul *mm, int64_t m) {
  int64_t lo = mm->config.m_min ? mm->config.m_min : 1, hi = mm->config.m_max;
  if (m < 1) return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "%s: M=%lld must be at least 1", fn, (long long)m);
  if (m > INT32_MAX) return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "%s: M=%lld exceeds INT32_MAX", fn, (long long)m);
  if (m < lo || (hi && m > hi))
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE,
                    "%s: M=%lld is outside the range [%lld, %lld] given to bitblasRtMatmulCreate",
                    fn, (long long)m, (long long)lo, (long long)hi);
  if (!pick(mm, m))
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_RANGE, "%s: no kernel of matmul %s covers M=%lld", fn,
                    mm->entry->name, (long long)m);
  return BITBLAS_RT_SUCCESS;
}

static uint32_t eval_dim(RtDimExpr d, int64_t m) {
  if (d.kind == RT_DIM_CONST) return d.value;
  if (d.kind == RT_DIM_M) return (uint32_t)m;
  return (uint32_t)((m + d.value - 1) / d.value);
}

#define RFN "bitblasRtMatmulRun"

static BitblasRtStatus check_optional(const void *p, int wanted, const char *name, const BitblasRtMatmul *mm) {
  if (wanted && !p)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, RFN ": argument %s is NULL but matmul %s takes a %s", name, mm->entry->name, name);
  if (!wanted && p)
    return rt_error(BITBLAS_RT_ERROR_INVALID_ARGUMENT, RFN ": argument %s must be NULL: matmul %s has no %s", name, mm->entry->name, name);
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMatmulRun(BitblasRtMatmul *mm, const void *a, const void *w,
                                   const void *scale, const void *zeros, const void *bias, void *c,
                                   int64_t m, BitblasRtStream *stream) {
  RT_CHECK_ARG(RFN, mm, "matmul");
  RT_CHECK_ARG(RFN, a, "A");
  RT_CHECK_ARG(RFN, w, "W");
  RT_CHECK_ARG(RFN, c, "C");
  const BitblasRtMatmulConfig *cfg = &mm->entry->config;
  BitblasRtStatus st;
  if ((st = check_optional(scale, cfg->has_scale, "scale", mm)) ||
      (st = check_optional(zeros, cfg->zeros_mode != BITBLAS_RT_ZEROS_NONE, "zeros", mm)) ||
      (st = check_optional(bias, cfg->has_bias, "bias", mm)) || (st = check_m(RFN, mm, m)))
    return st;
  if (!mm->lib->device)
    return rt_error(BITBLAS_RT_ERROR_NO_DEVICE, RFN ": the library of matmul %s was created without a device", mm->entry->name);
  const MmKernel *k = pick(mm, m);
  const RtKernelEntry *e = k->entry;
  BitblasRtDim3 grid = {eval_dim(e->grid[0], m), eval_dim(e->grid[1], m), eval_dim(e->grid[2], m)};
  BitblasRtDim3 block = {e->block[0], e->block[1], e->block[2]};
  const void *ptrs[RT_ARG_COUNT] = {a, w, scale, zeros, bias, c, NULL};
  int32_t m32 = (int32_t)m;
  void *args[RT_ARG_COUNT];
  for (int i = 0; i < e->nargs; ++i)
    args[i] = e->args[i] == RT_ARG_M ? (void *)&m32 : (void *)&ptrs[e->args[i]];
  return rt_launch_kernel(RFN, k->kernel, grid, block, e->smem, stream, args,
                          mm->pdl && e->pdl ? RT_LAUNCH_PDL : 0);
}
#undef RFN

#define PFN "bitblasRtMatmulSetProgrammaticLaunch"
BitblasRtStatus bitblasRtMatmulSetProgrammaticLaunch(BitblasRtMatmul *mm, int enable) {
  RT_CHECK_ARG(PFN, mm, "matmul");
  if (!enable) {
    mm->pdl = 0;
    return BITBLAS_RT_SUCCESS;
  }
  const BitblasRtDevice *d = mm->lib->device;
  if (!d)
    return rt_error(BITBLAS_RT_ERROR_NO_DEVICE, PFN ": the library of matmul %s was created without a device", mm->entry->name);
  if (d->ops->kind != BITBLAS_RT_BACKEND_CUDA || d->info.cc_major < 9)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    PFN ": matmul %s: programmatic dependent launch needs a CUDA device of compute capability 9.0 or newer (this one: %s %d.%d)",
                    mm->entry->name, d->ops->name, d->info.cc_major, d->info.cc_minor);
  int any = 0;
  for (int i = 0; i < mm->nkernels; ++i) any |= mm->kernels[i].entry->pdl;
  if (!any)
    return rt_error(BITBLAS_RT_ERROR_UNSUPPORTED,
                    PFN ": matmul %s: none of its kernels says pdl=1 (decode kernels built for sm_90 or newer do)",
                    mm->entry->name);
  mm->pdl = 1;
  return BITBLAS_RT_SUCCESS;
}
#undef PFN

BitblasRtStatus bitblasRtMatmulGetConfig(const BitblasRtMatmul *mm, BitblasRtMatmulConfig *config) {
  RT_CHECK_ARG("bitblasRtMatmulGetConfig", mm, "matmul");
  RT_CHECK_ARG("bitblasRtMatmulGetConfig", config, "config");
  *config = mm->config;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMatmulGetWeightDesc(const BitblasRtMatmul *mm, BitblasRtWeightDesc *d) {
  RT_CHECK_ARG("bitblasRtMatmulGetWeightDesc", mm, "matmul");
  RT_CHECK_ARG("bitblasRtMatmulGetWeightDesc", d, "desc");
  const BitblasRtMatmulConfig *c = &mm->entry->config;
  *d = (BitblasRtWeightDesc){c->w_type, c->lut, c->layout, c->n, c->k};
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMatmulGetKernelName(const BitblasRtMatmul *mm, int64_t m, const char **symbol) {
  RT_CHECK_ARG("bitblasRtMatmulGetKernelName", mm, "matmul");
  RT_CHECK_ARG("bitblasRtMatmulGetKernelName", symbol, "symbol");
  BitblasRtStatus st = check_m("bitblasRtMatmulGetKernelName", mm, m);
  if (st) return st;
  *symbol = pick(mm, m)->entry->symbol;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus bitblasRtMatmulGetShapedSMCount(const BitblasRtMatmul *mm, int64_t m, int *sms) {
  RT_CHECK_ARG("bitblasRtMatmulGetShapedSMCount", mm, "matmul");
  RT_CHECK_ARG("bitblasRtMatmulGetShapedSMCount", sms, "sms");
  BitblasRtStatus st = check_m("bitblasRtMatmulGetShapedSMCount", mm, m);
  if (st) return st;
  *sms = pick(mm, m)->entry->sms;
  return BITBLAS_RT_SUCCESS;
}
