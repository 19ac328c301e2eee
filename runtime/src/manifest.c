/* Manifest parser: one record per line, key=value fields, line-numbered
 * errors. The format is specified in docs/manifest.md. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "manifest.h"

#define MAX_FIELDS 32

typedef struct Field {
  char *key, *value;
  int used;
} Field;

typedef struct Parser {
  const char *path;
  char *dir;
  int line;
  RtManifest *m;
} Parser;

static BitblasRtStatus perr(Parser *p, BitblasRtStatus st, const char *fmt, ...) RT_PRINTF(3, 4);
static BitblasRtStatus perr(Parser *p, BitblasRtStatus st, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return rt_error(st, "%s: manifest line %d: %s", p->path, p->line, msg);
}

static const char *const arg_names[RT_ARG_COUNT] = {"A", "W", "scale", "zeros", "bias", "C", "M"};
const char *rt_arg_name(RtArg a) { return (unsigned)a < RT_ARG_COUNT ? arg_names[a] : "?"; }

static char *dup_str(const char *s) {
  char *d = malloc(strlen(s) + 1);
  if (d) strcpy(d, s);
  return d;
}

static int parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  if (!*s || (!isdigit((unsigned char)*s) && *s != '-')) return 0;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

static Field *find(Field *f, int n, const char *key) {
  for (int i = 0; i < n; ++i)
    if (strcmp(f[i].key, key) == 0) {
      f[i].used = 1;
      return &f[i];
    }
  return NULL;
}

/* Rejects keys the record does not know, naming the first one. */
static BitblasRtStatus check_keys(Parser *p, Field *f, int n, const char *const *known) {
  for (int i = 0; i < n; ++i) {
    int ok = 0;
    for (const char *const *k = known; *k && !ok; ++k) ok = strcmp(f[i].key, *k) == 0;
    if (!ok) return perr(p, BITBLAS_RT_ERROR_PARSE, "unknown key '%s'", f[i].key);
  }
  return BITBLAS_RT_SUCCESS;
}

#define REQUIRE(var, key)                                                                 \
  Field *var = find(f, n, key);                                                           \
  if (!var) return perr(p, BITBLAS_RT_ERROR_PARSE, "missing required key '%s'", key)

static BitblasRtStatus get_int(Parser *p, Field *fld, int64_t lo, int64_t hi, int64_t *out) {
  if (!parse_i64(fld->value, lo, hi, out))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "%s=%s: expected an integer in [%lld, %lld]",
                fld->key, fld->value, (long long)lo, (long long)hi);
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus get_type(Parser *p, Field *fld, BitblasRtType *t, int *lut_bits) {
  int bits = 0;
  if (bitblasRtTypeFromName(fld->value, t, &bits))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "%s=%s: unknown type", fld->key, fld->value);
  if (*t == BITBLAS_RT_TYPE_LUT && !lut_bits)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "%s=%s: lut types are only for weights", fld->key, fld->value);
  if (lut_bits) *lut_bits = bits;
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus parse_matmul(Parser *p, Field *f, int n) {
  static const char *const known[] = {"name", "n", "k", "a", "w", "accum", "out", "group",
                                      "zeros", "scale", "bias", "layout", "lut", NULL};
  BitblasRtStatus st = check_keys(p, f, n, known);
  if (st) return st;
  REQUIRE(name, "name");
  REQUIRE(fn, "n");
  REQUIRE(fk, "k");
  REQUIRE(fa, "a");
  REQUIRE(fw, "w");
  REQUIRE(facc, "accum");
  REQUIRE(fout, "out");
  for (const char *c = name->value; *c; ++c)
    if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
      return perr(p, BITBLAS_RT_ERROR_PARSE, "name=%s: names use [A-Za-z0-9_.-]", name->value);
  for (int i = 0; i < p->m->nmatmuls; ++i)
    if (strcmp(p->m->matmuls[i].name, name->value) == 0)
      return perr(p, BITBLAS_RT_ERROR_PARSE, "duplicate matmul name '%s' (first on line %d)",
                  name->value, p->m->matmuls[i].line);
  BitblasRtMatmulConfig c = {0};
  int lut_bits = 0;
  if ((st = get_int(p, fn, 1, INT32_MAX, &c.n)) || (st = get_int(p, fk, 1, INT32_MAX, &c.k)) ||
      (st = get_type(p, fa, &c.a_type, NULL)) || (st = get_type(p, fw, &c.w_type, &lut_bits)) ||
      (st = get_type(p, facc, &c.accum_type, NULL)) || (st = get_type(p, fout, &c.out_type, NULL)))
    return st;
  Field *fld;
  if ((fld = find(f, n, "group")) && (st = get_int(p, fld, 0, INT32_MAX, &c.group_size))) return st;
  if ((fld = find(f, n, "zeros"))) {
    const char *z = fld->value;
    c.zeros_mode = !strcmp(z, "none") ? BITBLAS_RT_ZEROS_NONE
                   : !strcmp(z, "original") ? BITBLAS_RT_ZEROS_ORIGINAL
                   : !strcmp(z, "rescale") ? BITBLAS_RT_ZEROS_RESCALE
                   : !strcmp(z, "quantized") ? BITBLAS_RT_ZEROS_QUANTIZED
                                             : (BitblasRtZerosMode)-1;
    if ((int)c.zeros_mode < 0)
      return perr(p, BITBLAS_RT_ERROR_PARSE, "zeros=%s: expected none, original, rescale or quantized", z);
  }
  if ((fld = find(f, n, "scale")) && strcmp(fld->value, "none") != 0) {
    if (get_type(p, fld, &c.scale_type, NULL) ||
        (c.scale_type != BITBLAS_RT_TYPE_F16 && c.scale_type != BITBLAS_RT_TYPE_BF16 &&
         c.scale_type != BITBLAS_RT_TYPE_F32))
      return perr(p, BITBLAS_RT_ERROR_PARSE, "scale=%s: expected none, f16, bf16 or f32", fld->value);
    c.has_scale = 1;
  }
  if ((fld = find(f, n, "bias"))) {
    if (strcmp(fld->value, "0") && strcmp(fld->value, "1"))
      return perr(p, BITBLAS_RT_ERROR_PARSE, "bias=%s: expected 0 or 1", fld->value);
    c.has_bias = fld->value[0] == '1';
  }
  c.layout = BITBLAS_RT_LAYOUT_PACKED;
  if ((fld = find(f, n, "layout")) && bitblasRtLayoutFromName(fld->value, &c.layout))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "layout=%s: unknown layout (known: " RT_KNOWN_LAYOUTS ")", fld->value);
  double *lut = NULL;
  fld = find(f, n, "lut");
  if ((c.w_type == BITBLAS_RT_TYPE_LUT) != (fld != NULL))
    return perr(p, BITBLAS_RT_ERROR_PARSE, fld ? "lut= given but w=%s is not a lut type"
                                               : "w=%s needs lut=v0,v1,... values", fw->value);
  if (fld) {
    int count = 1 << lut_bits, got = 0;
    lut = calloc((size_t)count, sizeof *lut);
    if (!lut) return perr(p, BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory");
    for (const char *s = fld->value; *s; ++got) {
      char *end;
      double v = strtod(s, &end);
      if (end == s || (*end && *end != ',') || !isfinite(v) || got >= count) {
        free(lut);
        return perr(p, BITBLAS_RT_ERROR_PARSE, "lut=%s: expected %d comma-separated finite numbers", fld->value, count);
      }
      lut[got] = v;
      s = *end ? end + 1 : end;
    }
    if (got != count) {
      free(lut);
      return perr(p, BITBLAS_RT_ERROR_PARSE, "lut has %d values, w=%s needs %d", got, fw->value, count);
    }
    c.lut.bits = lut_bits;
    c.lut.values = lut;
  }
  if (bitblasRtMatmulConfigValidate(&c)) {
    char why[1024];
    snprintf(why, sizeof why, "%s", bitblasRtGetLastErrorMessage() + strlen("bitblasRtMatmulConfigValidate: "));
    free(lut);
    return perr(p, BITBLAS_RT_ERROR_PARSE, "matmul %s: %s", name->value, why);
  }
  RtManifest *m = p->m;
  RtMatmulEntry *grown = realloc(m->matmuls, (size_t)(m->nmatmuls + 1) * sizeof *grown);
  char *nm = dup_str(name->value);
  if (!grown || !nm) {
    if (grown) m->matmuls = grown;
    free(nm);
    free(lut);
    return perr(p, BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  m->matmuls = grown;
  m->matmuls[m->nmatmuls++] = (RtMatmulEntry){p->line, nm, c, lut};
  return BITBLAS_RT_SUCCESS;
}

static int parse_dim(const char *s, int allow_m, RtDimExpr *d) {
  int64_t v;
  if (allow_m && strcmp(s, "M") == 0) {
    *d = (RtDimExpr){RT_DIM_M, 1};
    return 1;
  }
  if (allow_m && strncmp(s, "M/", 2) == 0 && parse_i64(s + 2, 1, UINT32_MAX, &v)) {
    *d = (RtDimExpr){RT_DIM_M_DIV, (uint32_t)v};
    return 1;
  }
  if (parse_i64(s, 1, UINT32_MAX, &v)) {
    *d = (RtDimExpr){RT_DIM_CONST, (uint32_t)v};
    return 1;
  }
  return 0;
}

static BitblasRtStatus parse_dim3(Parser *p, Field *fld, int allow_m, RtDimExpr out[3]) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", fld->value);
  char *save = NULL, *tok = strtok_r(buf, ",", &save);
  int i = 0;
  for (; tok && i < 3; ++i, tok = strtok_r(NULL, ",", &save))
    if (!parse_dim(tok, allow_m, &out[i])) break;
  if (i != 3 || tok || fld->value[strlen(fld->value) - 1] == ',' || strstr(fld->value, ",,"))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "%s=%s: expected three comma-separated entries, each %s",
                fld->key, fld->value,
                allow_m ? "a positive integer, M or M/<d>" : "a positive integer");
  return BITBLAS_RT_SUCCESS;
}

static BitblasRtStatus parse_kernel(Parser *p, Field *f, int n) {
  static const char *const known[] = {"matmul", "symbol", "file", "format", "target", "m_min",
                                      "m_max", "block", "grid", "smem", "args", "sms", "pdl",
                                      NULL};
  BitblasRtStatus st = check_keys(p, f, n, known);
  if (st) return st;
  REQUIRE(fmm, "matmul");
  REQUIRE(fsym, "symbol");
  REQUIRE(ffile, "file");
  REQUIRE(ffmt, "format");
  REQUIRE(ftgt, "target");
  REQUIRE(fmin, "m_min");
  REQUIRE(fmax, "m_max");
  REQUIRE(fblock, "block");
  REQUIRE(fgrid, "grid");
  REQUIRE(fargs, "args");
  RtKernelEntry k = {0};
  k.line = p->line;
  k.matmul = -1;
  for (int i = 0; i < p->m->nmatmuls; ++i)
    if (strcmp(p->m->matmuls[i].name, fmm->value) == 0) k.matmul = i;
  if (k.matmul < 0)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "matmul=%s: no matmul of that name on an earlier line", fmm->value);
  const BitblasRtMatmulConfig *c = &p->m->matmuls[k.matmul].config;
  if (bitblasRtBinaryFormatFromName(ffmt->value, &k.format))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "format=%s: expected cubin, ptx, hsaco or amdgcn", ffmt->value);
  const char *t = ftgt->value;
  int nvidia = strncmp(t, "sm_", 3) == 0 && isdigit((unsigned char)t[3]);
  int amd = strncmp(t, "gfx", 3) == 0 && isalnum((unsigned char)t[3]);
  if (strlen(t) >= sizeof k.target || (!nvidia && !amd))
    return perr(p, BITBLAS_RT_ERROR_PARSE, "target=%s: expected sm_XX or gfxNNN", t);
  if ((k.format == BITBLAS_RT_FORMAT_HSACO || k.format == BITBLAS_RT_FORMAT_AMDGCN) != amd)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "format=%s does not go with target=%s", ffmt->value, t);
  strcpy(k.target, t);
  if ((st = get_int(p, fmin, 1, INT32_MAX, &k.m_min)) || (st = get_int(p, fmax, 0, INT32_MAX, &k.m_max)))
    return st;
  if (k.m_max && k.m_max < k.m_min)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "m_max=%lld is below m_min=%lld (m_max=0 means unbounded)",
                (long long)k.m_max, (long long)k.m_min);
  RtDimExpr block[3];
  if ((st = parse_dim3(p, fblock, 0, block)) || (st = parse_dim3(p, fgrid, 1, k.grid))) return st;
  for (int i = 0; i < 3; ++i) k.block[i] = block[i].value;
  Field *fld = find(f, n, "smem");
  int64_t smem = 0;
  if (fld && (st = get_int(p, fld, 0, INT32_MAX, &smem))) return st;
  k.smem = (uint32_t)smem;
  int64_t sms = 0;
  if ((fld = find(f, n, "sms")) && (st = get_int(p, fld, 1, 1024, &sms))) return st;
  k.sms = (int)sms;
  int64_t pdl = 0;
  if ((fld = find(f, n, "pdl")) && (st = get_int(p, fld, 0, 1, &pdl))) return st;
  if (pdl && !nvidia)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "pdl=1 is for NVIDIA targets (sm_90 and newer), not %s", t);
  k.pdl = (int)pdl;
  /* args: each known name once; A, W, C always; the optional buffers
   * exactly when the matmul has them. */
  char buf[256];
  snprintf(buf, sizeof buf, "%s", fargs->value);
  char *save = NULL;
  unsigned seen = 0;
  for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int a = 0;
    while (a < RT_ARG_COUNT && strcmp(tok, arg_names[a])) ++a;
    if (a == RT_ARG_COUNT)
      return perr(p, BITBLAS_RT_ERROR_PARSE, "args: unknown argument '%s' (known: A,W,scale,zeros,bias,C,M)", tok);
    if (seen & (1u << a)) return perr(p, BITBLAS_RT_ERROR_PARSE, "args: '%s' listed twice", tok);
    seen |= 1u << a;
    k.args[k.nargs++] = (RtArg)a;
  }
  int want[RT_ARG_COUNT] = {1, 1, c->has_scale, c->zeros_mode != BITBLAS_RT_ZEROS_NONE, c->has_bias, 1, -1};
  for (int a = 0; a < RT_ARG_COUNT; ++a) {
    if (want[a] < 0) continue;
    if (want[a] && !(seen & (1u << a)))
      return perr(p, BITBLAS_RT_ERROR_PARSE, "args lacks '%s', which matmul %s needs", arg_names[a], fmm->value);
    if (!want[a] && (seen & (1u << a)))
      return perr(p, BITBLAS_RT_ERROR_PARSE, "args has '%s' but matmul %s has no %s", arg_names[a], fmm->value, arg_names[a]);
  }
  char *path;
  if (ffile->value[0] == '/') {
    path = dup_str(ffile->value);
  } else {
    path = malloc(strlen(p->dir) + strlen(ffile->value) + 2);
    if (path) sprintf(path, "%s/%s", p->dir, ffile->value);
  }
  if (!path) return perr(p, BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory");
  struct stat sb;
  if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    st = perr(p, BITBLAS_RT_ERROR_IO, "file=%s: not found (looked for '%s')", ffile->value, path);
    free(path);
    return st;
  }
  RtManifest *m = p->m;
  RtKernelEntry *grown = realloc(m->kernels, (size_t)(m->nkernels + 1) * sizeof *grown);
  k.symbol = dup_str(fsym->value);
  k.file = dup_str(ffile->value);
  k.path = path;
  if (grown) m->kernels = grown;
  if (!grown || !k.symbol || !k.file) {
    free(k.symbol);
    free(k.file);
    free(path);
    return perr(p, BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  m->kernels[m->nkernels++] = k;
  return BITBLAS_RT_SUCCESS;
}

/* Splits a line into fields in place; '#' starts a comment. */
static BitblasRtStatus tokenize(Parser *p, char *line, char **record, Field *f, int *n) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  *record = NULL;
  *n = 0;
  char *save = NULL;
  for (char *tok = strtok_r(line, " \t\r\v\f", &save); tok; tok = strtok_r(NULL, " \t\r\v\f", &save)) {
    if (!*record) {
      *record = tok;
      continue;
    }
    char *eq = strchr(tok, '=');
    if (!eq || eq == tok || !eq[1])
      return perr(p, BITBLAS_RT_ERROR_PARSE, "field '%s' is not key=value", tok);
    if (*n == MAX_FIELDS) return perr(p, BITBLAS_RT_ERROR_PARSE, "more than %d fields", MAX_FIELDS);
    *eq = '\0';
    for (int i = 0; i < *n; ++i)
      if (strcmp(f[i].key, tok) == 0) return perr(p, BITBLAS_RT_ERROR_PARSE, "key '%s' given twice", tok);
    f[(*n)++] = (Field){tok, eq + 1, 0};
  }
  return BITBLAS_RT_SUCCESS;
}

/* Each matmul's covered M range, and an error for a matmul without kernels. */
static BitblasRtStatus finish(Parser *p) {
  RtManifest *m = p->m;
  for (int i = 0; i < m->nmatmuls; ++i) {
    BitblasRtMatmulConfig *c = &m->matmuls[i].config;
    int any = 0, unbounded = 0;
    for (int j = 0; j < m->nkernels; ++j) {
      const RtKernelEntry *k = &m->kernels[j];
      if (k->matmul != i) continue;
      c->m_min = any ? (k->m_min < c->m_min ? k->m_min : c->m_min) : k->m_min;
      unbounded |= k->m_max == 0;
      if (k->m_max > c->m_max) c->m_max = k->m_max;
      any = 1;
    }
    if (unbounded) c->m_max = 0;
    if (!any) {
      p->line = m->matmuls[i].line;
      return perr(p, BITBLAS_RT_ERROR_PARSE, "matmul %s has no kernel lines", m->matmuls[i].name);
    }
  }
  return BITBLAS_RT_SUCCESS;
}

/* The first non-comment line: "bitblas-manifest <version>". */
static BitblasRtStatus parse_header(Parser *p, char *line, int *header) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *save = NULL, *magic = strtok_r(line, " \t\r\v\f", &save);
  if (!magic) return BITBLAS_RT_SUCCESS;
  char *version = strtok_r(NULL, " \t\r\v\f", &save), *extra = strtok_r(NULL, " \t\r\v\f", &save);
  if (strcmp(magic, "bitblas-manifest") != 0)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "expected the header 'bitblas-manifest 1', got '%s'", magic);
  if (!version || extra)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "malformed header (expected 'bitblas-manifest 1')");
  if (strcmp(version, "1") != 0)
    return perr(p, BITBLAS_RT_ERROR_PARSE, "unsupported manifest version '%s' (this runtime reads 1)", version);
  *header = 1;
  return BITBLAS_RT_SUCCESS;
}

BitblasRtStatus rt_manifest_parse(const char *path, RtManifest **out) {
  *out = NULL;
  char *text;
  size_t bytes;
  BitblasRtStatus st = rt_read_file(path, (void **)&text, &bytes);
  if (st) return rt_error(st, "manifest '%s' cannot be read (missing or not a regular file)", path);
  if (memchr(text, '\0', bytes)) {
    free(text);
    return rt_error(BITBLAS_RT_ERROR_PARSE, "%s: not a text manifest (contains NUL bytes)", path);
  }
  RtManifest *m = calloc(1, sizeof *m);
  Parser p = {path, dup_str(path), 0, m};
  if (!m || !p.dir || !(m->path = dup_str(path))) {
    free(text);
    free(p.dir);
    rt_manifest_free(m);
    return rt_error(BITBLAS_RT_ERROR_OUT_OF_MEMORY, "out of memory parsing '%s'", path);
  }
  char *slash = strrchr(p.dir, '/');
  if (slash == p.dir) slash[1] = '\0';
  else if (slash) *slash = '\0';
  else strcpy(p.dir, ".");
  int header = 0;
  char *line = text;
  while (!st && line) {
    char *next = strchr(line, '\n');
    if (next) *next++ = '\0';
    ++p.line;
    Field f[MAX_FIELDS];
    int n;
    char *record;
    if (!header) {
      st = parse_header(&p, line, &header);
    } else {
      st = tokenize(&p, line, &record, f, &n);
      if (st || !record) {
      } else if (strcmp(record, "matmul") == 0) {
        st = parse_matmul(&p, f, n);
      } else if (strcmp(record, "kernel") == 0) {
        st = parse_kernel(&p, f, n);
      } else {
        st = perr(&p, BITBLAS_RT_ERROR_PARSE, "unknown record '%s' (expected matmul or kernel)", record);
      }
    }
    line = next;
  }
  free(text);
  if (!st && !header) st = rt_error(BITBLAS_RT_ERROR_PARSE, "%s: empty manifest (no 'bitblas-manifest 1' header)", path);
  if (!st) st = finish(&p);
  free(p.dir);
  if (st) {
    rt_manifest_free(m);
    return st;
  }
  *out = m;
  return BITBLAS_RT_SUCCESS;
}

void rt_manifest_free(RtManifest *m) {
  if (!m) return;
  for (int i = 0; i < m->nmatmuls; ++i) {
    free(m->matmuls[i].name);
    free(m->matmuls[i].lut_values);
  }
  for (int i = 0; i < m->nkernels; ++i) {
    free(m->kernels[i].symbol);
    free(m->kernels[i].file);
    free(m->kernels[i].path);
  }
  free(m->matmuls);
  free(m->kernels);
  free(m->path);
  free(m);
}

void rt_config_describe(const BitblasRtMatmulConfig *c, char *buf, size_t size) {
  BitblasRtType s = BITBLAS_RT_TYPE_INVALID;
  bitblasRtMatmulConfigScaleType(c, &s);
  char w[16];
  if (c->w_type == BITBLAS_RT_TYPE_LUT) snprintf(w, sizeof w, "lut%d", c->lut.bits);
  else snprintf(w, sizeof w, "%s", bitblasRtTypeName(c->w_type));
  snprintf(buf, size, "n=%lld k=%lld a=%s w=%s accum=%s out=%s group=%lld zeros=%s scale=%s bias=%d layout=%s",
           (long long)c->n, (long long)c->k, bitblasRtTypeName(c->a_type), w,
           bitblasRtTypeName(c->accum_type), bitblasRtTypeName(c->out_type),
           (long long)c->group_size, bitblasRtZerosModeName(c->zeros_mode),
           c->has_scale ? bitblasRtTypeName(s) : "none", c->has_bias ? 1 : 0,
           bitblasRtLayoutName(c->layout ? c->layout : BITBLAS_RT_LAYOUT_PACKED));
}
