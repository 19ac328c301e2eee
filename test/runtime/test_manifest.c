/* Manifest parsing (valid and malformed, with line numbers), config
 * matching and the matmul API's argument checks, all without a device. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

static char dir[256];

static const char *write_file(const char *name, const char *text) {
  static char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
  return path;
}

#define HEADER "bitblas-manifest 1\n"
#define MM0 "matmul name=mm0 n=4096 k=4096 a=f16 w=ui4 accum=f32 out=f16 group=128 zeros=original scale=f16 bias=1 layout=packed\n"
#define K0 "kernel matmul=mm0 symbol=mm0_gemv file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=16 block=128,1,1 grid=1024,M/4,1 smem=0 args=A,W,scale,zeros,bias,C,M\n"
#define K1 "kernel matmul=mm0 symbol=mm0_simt file=mm0.cubin format=cubin target=sm_90 m_min=17 m_max=0 block=128,1,1 grid=64,M/16,1 smem=0 args=A,W,scale,zeros,bias,C,M\n"

static BitblasRtMatmulConfig mm0_config(void) {
  BitblasRtMatmulConfig c = {0};
  c.n = 4096;
  c.k = 4096;
  c.a_type = BITBLAS_RT_TYPE_F16;
  c.w_type = BITBLAS_RT_TYPE_UI4;
  c.accum_type = BITBLAS_RT_TYPE_F32;
  c.out_type = BITBLAS_RT_TYPE_F16;
  c.group_size = 128;
  c.zeros_mode = BITBLAS_RT_ZEROS_ORIGINAL;
  c.has_scale = 1;
  c.has_bias = 1;
  return c;
}

/* The manifest `text` (one matmul, 32 x 128) reaches the config and the
 * weight description with `layout`; asking for `other` instead finds no
 * kernel, and the error names the layout the library has (`has`). */
static void check_layout_parses(const char *file, const char *text, BitblasRtLayout layout,
                                BitblasRtLayout other, const char *has) {
  const char *path = write_file(file, text);
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  BitblasRtMatmulConfig c;
  const char *name = NULL;
  CHECK_OK(bitblasRtLibraryGetMatmul(lib, 0, &name, &c));
  CHECK(c.layout == layout);
  BitblasRtMatmul *mm = NULL;
  CHECK_OK(bitblasRtMatmulCreate(lib, &c, &mm));
  BitblasRtWeightDesc wd;
  CHECK_OK(bitblasRtMatmulGetWeightDesc(mm, &wd));
  CHECK(wd.layout == layout && wd.n == 32 && wd.k == 128);
  c.layout = other;
  BitblasRtMatmul *none = NULL;
  CHECK_ST(bitblasRtMatmulCreate(lib, &c, &none), BITBLAS_RT_ERROR_NOT_FOUND, has);
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  bitblasRtLibraryDestroy(lib);
}

static void test_frag16_parses(void) {
  check_layout_parses("frag16.manifest", HEADER
      "matmul name=f n=32 k=128 a=f16 w=ui4 accum=f32 out=f16 scale=f16 layout=frag16\n"
      "kernel matmul=f symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 "
      "block=128,1,1 grid=1,M/16,1 args=A,W,scale,C,M\n",
      BITBLAS_RT_LAYOUT_FRAG16, BITBLAS_RT_LAYOUT_INTERLEAVE32, "layout=frag16");
}

/* frag8: int8 activations with 1-, 2-, 4-bit weights. */
static void test_frag8_parses(void) {
  check_layout_parses("frag8.manifest", HEADER
      "matmul name=f8 n=32 k=128 a=i8 w=i4 accum=i32 out=i32 layout=frag8\n"
      "kernel matmul=f8 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 "
      "block=128,1,1 grid=1,M/16,1 args=A,W,C,M\n",
      BITBLAS_RT_LAYOUT_FRAG8, BITBLAS_RT_LAYOUT_FRAG16, "layout=frag8");
}

/* Two builds of one config (a tile sweep): bitblasRtMatmulCreate takes the
 * first, bitblasRtLibraryCreateMatmul the entry asked for. */
static void test_same_config_entries(void) {
  const char *path = write_file("twice.manifest", HEADER
      "matmul name=t2 n=32 k=128 a=f16 w=ui4 accum=f32 out=f16 scale=f16 layout=frag16\n"
      "kernel matmul=t2 symbol=first file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 "
      "block=64,1,1 grid=2,M/16,1 args=A,W,scale,C,M\n"
      "matmul name=t4 n=32 k=128 a=f16 w=ui4 accum=f32 out=f16 scale=f16 layout=frag16\n"
      "kernel matmul=t4 symbol=second file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 "
      "block=128,1,1 grid=1,M/16,1 args=A,W,scale,C,M\n");
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  BitblasRtMatmulConfig c;
  const char *name = NULL, *symbol = NULL;
  CHECK_OK(bitblasRtLibraryGetMatmul(lib, 1, &name, &c));
  BitblasRtMatmul *byConfig = NULL, *byIndex = NULL;
  CHECK_OK(bitblasRtMatmulCreate(lib, &c, &byConfig));
  CHECK_OK(bitblasRtMatmulGetKernelName(byConfig, 1, &symbol));
  CHECK(symbol && strcmp(symbol, "first") == 0);
  CHECK_OK(bitblasRtLibraryCreateMatmul(lib, 1, &byIndex));
  CHECK_OK(bitblasRtMatmulGetKernelName(byIndex, 1, &symbol));
  CHECK(symbol && strcmp(symbol, "second") == 0);
  BitblasRtMatmul *none = NULL;
  CHECK_ST(bitblasRtLibraryCreateMatmul(lib, 2, &none), BITBLAS_RT_ERROR_OUT_OF_RANGE,
           "bitblasRtLibraryCreateMatmul: bitblasRtLibraryGetMatmul: index 2 not in [0, 2)");
  CHECK(none == NULL);
  CHECK_OK(bitblasRtMatmulDestroy(byConfig));
  CHECK_OK(bitblasRtMatmulDestroy(byIndex));
  bitblasRtLibraryDestroy(lib);
}

/* AMD assembly (bitblas-compile --format=isa --target=gfx...) parses; no
 * backend loads it (checked in rt_device_check_binary). */
static void test_amdgcn_parses(void) {
  const char *path = write_file("amdgcn.manifest", HEADER MM0
      "kernel matmul=mm0 symbol=s file=mm0.cubin format=amdgcn target=gfx942 m_min=1 m_max=0 "
      "block=64,1,1 grid=1,M/8,1 args=A,W,scale,zeros,bias,C,M\n");
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  BitblasRtBinaryFormat f;
  CHECK_OK(bitblasRtBinaryFormatFromName("amdgcn", &f));
  CHECK(f == BITBLAS_RT_FORMAT_AMDGCN && strcmp(bitblasRtBinaryFormatName(f), "amdgcn") == 0);
  bitblasRtLibraryDestroy(lib);
}

/* `sms=` on a kernel line: the SM count its grid was shaped for, per M. */
static void test_shaped_sm_count(void) {
  const char *path = write_file(
      "sms.manifest",
      HEADER MM0
      "kernel matmul=mm0 symbol=mm0_gemv file=mm0.cubin format=cubin target=sm_90 m_min=1 "
      "m_max=16 block=128,1,1 grid=1024,M/4,1 smem=0 args=A,W,scale,zeros,bias,C,M sms=108\n" K1);
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  BitblasRtMatmulConfig want = mm0_config();
  BitblasRtMatmul *mm = NULL;
  CHECK_OK(bitblasRtMatmulCreate(lib, &want, &mm));
  int sms = 0;
  CHECK_OK(bitblasRtMatmulGetShapedSMCount(mm, 16, &sms));
  CHECK(sms == 108);
  CHECK_OK(bitblasRtMatmulGetShapedSMCount(mm, 17, &sms));
  CHECK(sms == 0);
  bitblasRtMatmulDestroy(mm);
  bitblasRtLibraryDestroy(lib);
}

static void test_valid(void) {
  const char *path = write_file("good.manifest", "# kernels for one GEMV\n\n" HEADER "  # indented comment\r\n" MM0 K0 K1);
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  int count = 0;
  CHECK_OK(bitblasRtLibraryGetMatmulCount(lib, &count));
  CHECK(count == 1);
  const char *name = NULL;
  BitblasRtMatmulConfig c;
  CHECK_OK(bitblasRtLibraryGetMatmul(lib, 0, &name, &c));
  CHECK(name && strcmp(name, "mm0") == 0);
  CHECK(c.n == 4096 && c.k == 4096 && c.a_type == BITBLAS_RT_TYPE_F16 && c.w_type == BITBLAS_RT_TYPE_UI4);
  CHECK(c.group_size == 128 && c.zeros_mode == BITBLAS_RT_ZEROS_ORIGINAL && c.has_scale && c.has_bias);
  CHECK(c.scale_type == BITBLAS_RT_TYPE_F16 && c.layout == BITBLAS_RT_LAYOUT_PACKED);
  CHECK(c.m_min == 1 && c.m_max == 0);
  CHECK_ST(bitblasRtLibraryGetMatmul(lib, 1, &name, &c), BITBLAS_RT_ERROR_OUT_OF_RANGE, "index 1");

  BitblasRtMatmulConfig want = mm0_config();
  BitblasRtMatmul *mm = NULL;
  CHECK_OK(bitblasRtMatmulCreate(lib, &want, &mm));
  const char *sym = NULL;
  CHECK_OK(bitblasRtMatmulGetKernelName(mm, 1, &sym));
  CHECK(sym && strcmp(sym, "mm0_gemv") == 0);
  CHECK_OK(bitblasRtMatmulGetKernelName(mm, 16, &sym));
  CHECK(strcmp(sym, "mm0_gemv") == 0);
  CHECK_OK(bitblasRtMatmulGetKernelName(mm, 17, &sym));
  CHECK(strcmp(sym, "mm0_simt") == 0);
  CHECK_OK(bitblasRtMatmulGetKernelName(mm, 100000, &sym));
  CHECK(strcmp(sym, "mm0_simt") == 0);
  int sms = -1;
  CHECK_OK(bitblasRtMatmulGetShapedSMCount(mm, 1, &sms));
  CHECK(sms == 0); /* K0 does not say */
  CHECK_ST(bitblasRtMatmulGetShapedSMCount(mm, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "argument sms is NULL");
  BitblasRtWeightDesc wd;
  CHECK_OK(bitblasRtMatmulGetWeightDesc(mm, &wd));
  CHECK(wd.type == BITBLAS_RT_TYPE_UI4 && wd.n == 4096 && wd.k == 4096 && wd.layout == BITBLAS_RT_LAYOUT_PACKED);
  BitblasRtMatmulSizes sz;
  CHECK_OK(bitblasRtMatmulConfigGetSizes(&want, 7, &sz));
  CHECK(sz.w_bytes == 4096u * 2048u && sz.scale_bytes == 4096u * 32u * 2u && sz.zeros_bytes == sz.scale_bytes);
  CHECK(sz.bias_bytes == 8192 && sz.a_bytes == 7u * 4096u * 2u && sz.c_bytes == 7u * 4096u * 2u);

  /* Argument checks come before the device check. */
  int x;
  void *p = &x; /* never dereferenced: no device */
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, NULL, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT,
           "bitblasRtMatmulRun: argument C is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, NULL, p, p, p, p, p, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument A is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, p, NULL, p, p, p, p, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument W is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, NULL, p, p, p, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument scale is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, NULL, p, p, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument zeros is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, NULL, p, 1, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument bias is NULL");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, p, 0, NULL), BITBLAS_RT_ERROR_OUT_OF_RANGE, "M=0 must be at least 1");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, p, (int64_t)1 << 40, NULL), BITBLAS_RT_ERROR_OUT_OF_RANGE, "exceeds INT32_MAX");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, p, 5, NULL), BITBLAS_RT_ERROR_NO_DEVICE, "without a device");
  CHECK_ST(bitblasRtMatmulRun(NULL, p, p, p, p, p, p, 5, NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "matmul is NULL");
  CHECK_OK(bitblasRtMatmulDestroy(mm));

  /* A narrower requested M range is enforced at run time. */
  want.m_min = 2;
  want.m_max = 64;
  CHECK_OK(bitblasRtMatmulCreate(lib, &want, &mm));
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, p, 65, NULL), BITBLAS_RT_ERROR_OUT_OF_RANGE, "M=65 is outside the range [2, 64]");
  CHECK_ST(bitblasRtMatmulRun(mm, p, p, p, p, p, p, 1, NULL), BITBLAS_RT_ERROR_OUT_OF_RANGE, "M=1 is outside");
  CHECK_OK(bitblasRtMatmulDestroy(mm));

  /* No match: the message lists what is there. */
  want = mm0_config();
  want.k = 2048;
  CHECK_ST(bitblasRtMatmulCreate(lib, &want, &mm), BITBLAS_RT_ERROR_NOT_FOUND, "mm0: n=4096 k=4096 a=f16 w=ui4");
  CHECK(mm == NULL);
  CHECK(strstr(bitblasRtGetLastErrorMessage(), "matches n=4096 k=2048") != NULL);
  want = mm0_config();
  want.has_bias = 0;
  CHECK_ST(bitblasRtMatmulCreate(lib, &want, &mm), BITBLAS_RT_ERROR_NOT_FOUND, "available:");
  want = mm0_config();
  want.zeros_mode = BITBLAS_RT_ZEROS_RESCALE;
  CHECK_ST(bitblasRtMatmulCreate(lib, &want, &mm), BITBLAS_RT_ERROR_NOT_FOUND, "zeros=rescale");
  /* group 0 and group k are the same (per-channel); scale type default is a's type. */
  CHECK_OK(bitblasRtLibraryDestroy(lib));
}

static void test_coverage_and_lut(void) {
  write_file("g.ptx", "// not real PTX\n");
  const char *path = write_file("gap.manifest", HEADER
      "matmul name=g n=64 k=64 a=f16 w=lut2 lut=-1,-0.5,0.5,1 accum=f16 out=f16 group=64 scale=f16\n"
      "kernel matmul=g symbol=small file=g.ptx format=ptx target=sm_80 m_min=1 m_max=16 block=32,1,1 grid=M,1,1 args=A,W,scale,C\n"
      "kernel matmul=g symbol=big file=g.ptx format=ptx target=sm_80 m_min=32 m_max=0 block=32,1,1 grid=M/8,2,1 args=M,C,A,W,scale\n");
  BitblasRtLibrary *lib = NULL;
  CHECK_OK(bitblasRtLibraryCreate(NULL, path, &lib));
  BitblasRtMatmulConfig c = {0};
  CHECK_OK(bitblasRtLibraryGetMatmul(lib, 0, NULL, &c));
  CHECK(c.w_type == BITBLAS_RT_TYPE_LUT && c.lut.bits == 2 && c.lut.values && c.lut.values[1] == -0.5);
  double table[4] = {-1, -0.5, 0.5, 1};
  BitblasRtMatmulConfig want = c;
  want.lut.values = table;
  want.m_min = 0;
  want.m_max = 0;
  want.group_size = 0; /* == k */
  want.scale_type = BITBLAS_RT_TYPE_INVALID; /* default: f16 activations -> f16 */
  BitblasRtMatmul *mm = NULL;
  CHECK_ST(bitblasRtMatmulCreate(lib, &want, &mm), BITBLAS_RT_ERROR_OUT_OF_RANGE, "covers M=17");
  /* By index the entry's own range [1, unbounded] is asked for: the same gap. */
  CHECK_ST(bitblasRtLibraryCreateMatmul(lib, 0, &mm), BITBLAS_RT_ERROR_OUT_OF_RANGE,
           "bitblasRtLibraryCreateMatmul: matmul g (line 2) matches, but no kernel covers M=17");
  CHECK(mm == NULL);
  want.m_max = 16;
  CHECK_OK(bitblasRtMatmulCreate(lib, &want, &mm));
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  want.m_min = 40;
  want.m_max = 0;
  CHECK_OK(bitblasRtMatmulCreate(lib, &want, &mm));
  CHECK_OK(bitblasRtMatmulDestroy(mm));
  table[3] = 2; /* a different table is a different weight type */
  CHECK_ST(bitblasRtMatmulCreate(lib, &want, &mm), BITBLAS_RT_ERROR_NOT_FOUND, "w=lut2");
  CHECK_OK(bitblasRtLibraryDestroy(lib));
}

typedef struct Bad {
  const char *text;
  BitblasRtStatus status;
  const char *message;
} Bad;

static void test_malformed(void) {
  write_file("mm0.cubin", "\x7f" "ELF fake");
  const Bad bad[] = {
      {"", BITBLAS_RT_ERROR_PARSE, "empty manifest"},
      {"# only a comment\n", BITBLAS_RT_ERROR_PARSE, "empty manifest"},
      {"bitblas-manifest 2\n", BITBLAS_RT_ERROR_PARSE, "manifest line 1: unsupported manifest version '2'"},
      {"bitblas-manifest\n", BITBLAS_RT_ERROR_PARSE, "line 1: malformed header"},
      {"# c\n" MM0, BITBLAS_RT_ERROR_PARSE, "line 2: expected the header 'bitblas-manifest 1', got 'matmul'"},
      {HEADER "gemm name=x\n", BITBLAS_RT_ERROR_PARSE, "line 2: unknown record 'gemm'"},
      {HEADER "# one\n# two\n\n# four\n\nmatmul name=mm0 n=1 k=8 a=f16 w=ui4 accum=f32 out=f16 foo=1\n",
       BITBLAS_RT_ERROR_PARSE, "manifest line 7: unknown key 'foo'"},
      {HEADER "matmul name=mm0 k=8 a=f16 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "line 2: missing required key 'n'"},
      {HEADER "matmul name=mm0 n=abc k=8 a=f16 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "n=abc: expected an integer"},
      {HEADER "matmul name=mm0 n=0 k=8 a=f16 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "n=0: expected an integer in [1,"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f17 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "a=f17: unknown type"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 zeros=weird scale=f16\n", BITBLAS_RT_ERROR_PARSE, "zeros=weird"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 scale=i8\n", BITBLAS_RT_ERROR_PARSE, "scale=i8: expected none, f16, bf16 or f32"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 bias=2\n", BITBLAS_RT_ERROR_PARSE, "bias=2: expected 0 or 1"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 layout=tiled\n", BITBLAS_RT_ERROR_PARSE,
       "layout=tiled: unknown layout (known: packed, interleave32, frag16, frag8)"},
      {HEADER "matmul name=mm0 n=8 k=64 a=f16 w=ui4 accum=f32 out=f16 layout=frag16\n", BITBLAS_RT_ERROR_PARSE,
       "layout frag16 needs bits in {1, 2, 4, 8, 16}, n % 16 == 0 and k * bits % 256 == 0"},
      {HEADER "matmul name=mm0 n=32 k=64 a=i8 w=i8 accum=i32 out=i32 layout=frag8\n", BITBLAS_RT_ERROR_PARSE,
       "layout frag8 needs bits in {1, 2, 4}, n % 16 == 0 and k * bits % 256 == 0 (bits=8, n=32, k=64)"},
      {HEADER "matmul name=mm0 n=8 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "key 'n' given twice"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 bias\n", BITBLAS_RT_ERROR_PARSE, "field 'bias' is not key=value"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 bias=\n", BITBLAS_RT_ERROR_PARSE, "is not key=value"},
      {HEADER "matmul name=mm0 n=8 k=4096 a=f16 w=ui4 accum=f32 out=f16 group=100 scale=f16\n", BITBLAS_RT_ERROR_PARSE, "group size 100 does not divide k=4096"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=i4 accum=f32 out=f16 zeros=original scale=f16\n", BITBLAS_RT_ERROR_PARSE, "needs unsigned integer weights"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=f32 out=f16 zeros=original\n", BITBLAS_RT_ERROR_PARSE, "needs a scale"},
      {HEADER "matmul name=mm0 n=8 k=3 a=f16 w=ui3 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "not a multiple of 8"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 accum=i32 out=i32 bias=1\n", BITBLAS_RT_ERROR_PARSE, "takes no bias"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=lut2 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "w=lut2 needs lut="},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=lut2 lut=1,2,3 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "lut has 3 values, w=lut2 needs 4"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=lut2 lut=1,2,x,4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "lut=1,2,x,4"},
      {HEADER "matmul name=mm0 n=8 k=8 a=f16 w=ui4 lut=1,2 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "lut= given but w=ui4"},
      {HEADER "matmul name=a/b n=8 k=8 a=f16 w=ui4 accum=f32 out=f16\n", BITBLAS_RT_ERROR_PARSE, "names use"},
      {HEADER MM0 K0 MM0, BITBLAS_RT_ERROR_PARSE, "line 4: duplicate matmul name 'mm0' (first on line 2)"},
      {HEADER MM0, BITBLAS_RT_ERROR_PARSE, "line 2: matmul mm0 has no kernel lines"},
      {HEADER K0, BITBLAS_RT_ERROR_PARSE, "line 2: matmul=mm0: no matmul of that name on an earlier line"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=missing.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_IO, "line 3: file=missing.cubin: not found"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=elf target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "format=elf: expected cubin, ptx, hsaco or amdgcn"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=gfx942 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "format=cubin does not go with target=gfx942"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=amdgcn target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "format=amdgcn does not go with target=sm_90"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=x86 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "target=x86: expected sm_XX or gfxNNN"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1024,M/0,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "grid=1024,M/0,1: expected three comma-separated entries"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C sms=0\n",
       BITBLAS_RT_ERROR_PARSE, "line 3: sms=0: expected an integer in [1, 1024]"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C pdl=2\n",
       BITBLAS_RT_ERROR_PARSE, "line 3: pdl=2: expected an integer in [0, 1]"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=hsaco target=gfx942 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C pdl=1\n",
       BITBLAS_RT_ERROR_PARSE, "line 3: pdl=1 is for NVIDIA targets (sm_90 and newer), not gfx942"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,2 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "grid=1,2: expected three"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,2,3,4 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "grid=1,2,3,4"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=128,M,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "block=128,M,1: expected three comma-separated entries, each a positive integer"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias\n",
       BITBLAS_RT_ERROR_PARSE, "args lacks 'C'"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,C\n",
       BITBLAS_RT_ERROR_PARSE, "args lacks 'bias', which matmul mm0 needs"},
      {HEADER "matmul name=p n=8 k=8 a=f16 w=ui4 accum=f32 out=f16\nkernel matmul=p symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "args has 'bias' but matmul p has no bias"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,W,X,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "args: unknown argument 'X'"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 args=A,A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "args: 'A' listed twice"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=8 m_max=4 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "m_max=4 is below m_min=8"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=0 m_max=4 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "m_min=0: expected an integer in [1,"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 block=1,1,1 grid=1,1,1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "line 3: missing required key 'm_max'"},
      {HEADER MM0 "kernel matmul=mm0 symbol=s file=mm0.cubin format=cubin target=sm_90 m_min=1 m_max=0 block=1,1,1 grid=1,1,1 smem=-1 args=A,W,scale,zeros,bias,C\n",
       BITBLAS_RT_ERROR_PARSE, "smem=-1"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    const char *path = write_file("bad.manifest", bad[i].text);
    BitblasRtLibrary *lib = (BitblasRtLibrary *)&lib; /* must be reset to NULL */
    BitblasRtStatus st = bitblasRtLibraryCreate(NULL, path, &lib);
    CHECK_ST(st, bad[i].status, bad[i].message);
    CHECK(lib == NULL);
    if (st == bad[i].status && strstr(bitblasRtGetLastErrorMessage(), path) == NULL) {
      fprintf(stderr, "message lacks the manifest path: %s\n", bitblasRtGetLastErrorMessage());
      CHECK(0);
    }
    bitblasRtLibraryDestroy(st ? NULL : lib);
  }
  BitblasRtLibrary *lib = NULL;
  CHECK_ST(bitblasRtLibraryCreate(NULL, "/nonexistent/dir/x.manifest", &lib), BITBLAS_RT_ERROR_IO,
           "manifest '/nonexistent/dir/x.manifest' cannot be read");
  CHECK_ST(bitblasRtLibraryCreate(NULL, dir, &lib), BITBLAS_RT_ERROR_IO, "cannot be read");
  CHECK_ST(bitblasRtLibraryCreate(NULL, NULL, &lib), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "manifest_path is NULL");
  CHECK_ST(bitblasRtLibraryCreate(NULL, "x", NULL), BITBLAS_RT_ERROR_INVALID_ARGUMENT, "argument out is NULL");
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/bitblas-rt-manifest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  write_file("mm0.cubin", "\x7f" "ELF fake");
  test_valid();
  test_shaped_sm_count();
  test_amdgcn_parses();
  test_frag16_parses();
  test_frag8_parses();
  test_same_config_entries();
  test_coverage_and_lut();
  test_malformed();
  const char *names[] = {"good.manifest", "gap.manifest", "g.ptx", "bad.manifest", "frag16.manifest", "frag8.manifest", "twice.manifest", "amdgcn.manifest", "sms.manifest", "mm0.cubin"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    unlink(p);
  }
  rmdir(dir);
  return check_report("test_manifest");
}
