/* options.c — argv to Options. Usage errors exit 2. */
#include "options.h"

#include <clang-c/Index.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../diag/diag.h"
#include "../util/util.h"

#define CCAD_TOOL_VERSION "0.1.0"

static const char *usage_text =
    "usage: cc-ad [options] FILE.c [-- COMPILER-FLAGS...]\n"
    "\n"
    "Reads the '#pragma ad' requests of FILE.c (and --ad specs) and writes\n"
    "FILE.ad.c and FILE.ad.h with the derivative functions.\n"
    "\n"
    "options:\n"
    "  -o OUT.c          write OUT.c and OUT.h (default: FILE.ad.c beside FILE.c)\n"
    "  --ad 'SPEC'       a request as on a '#pragma ad' line, e.g. --ad 'grad(f) wrt(x[n])';\n"
    "                    repeatable, for files that must stay unmodified\n"
    "  -p BUILD_DIR      take FILE.c's compiler flags from BUILD_DIR/compile_commands.json\n"
    "  -MF FILE          write a make-style depfile listing every file read\n"
    "  -Werror           treat warnings as errors\n"
    "  --no-line         omit #line directives in the generated code\n"
    "  --deterministic   reverse-mode sweeps of OpenMP loops run serially: adjoints\n"
    "                    bitwise the same whatever the number of threads\n"
    "  --emit-primal     also write FUNC_primal, the requested functions as cc-ad\n"
    "                    understood them (for checking the front end)\n"
    "  --help            print this help and exit\n"
    "  --version         print the version and exit\n"
    "  --list-diagnostics\n"
    "                    print every message cc-ad can give: id, kind, text\n"
    "  -- FLAGS...       compiler flags used to parse FILE.c (-I, -D, -std, ...)\n"
    "\n"
    "directives: jvp vjp grad jacfwd jacrev hessian hvp vmap cuda custom_jvp custom_vjp\n"
    "            inactive, and 'checkpoint' inside functions. See cc-ad(1).\n";

static _Noreturn void usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "cc-ad: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'cc-ad --help' for more information.\n");
  exit(2);
}

/* Do two paths name one existing file? */
static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void options_parse(int argc, char **argv, Options *o) {
  memset(o, 0, sizeof *o);
#ifndef NDEBUG
  o->verify_ir = true;  /* debug builds check the IR after every stage */
#endif
  o->specs = xmalloc(sizeof(char *) * (size_t)argc);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      o->cflags = (const char **)argv + i + 1;
      o->ncflags = argc - i - 1;
      break;
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      exit(0);
    }
    if (!strcmp(a, "--version")) {
      CXString v = clang_getClangVersion();
      printf("cc-ad %s (%s)\n", CCAD_TOOL_VERSION, clang_getCString(v));
      clang_disposeString(v);
      exit(0);
    }
    if (!strcmp(a, "--list-diagnostics")) {
      diag_list();
      exit(0);
    }
    if (!strcmp(a, "-Werror")) {
      o->werror = true;
      continue;
    }
    if (!strcmp(a, "--no-line")) {
      o->no_line = true;
      continue;
    }
    if (!strcmp(a, "--verify-ir")) {  /* hidden: for tests of release builds */
      o->verify_ir = true;
      continue;
    }
    if (!strcmp(a, "--deterministic")) {
      o->deterministic = true;
      continue;
    }
    if (!strcmp(a, "--emit-primal")) {
      o->emit_primal = true;
      continue;
    }
    if (str_starts(a, "--dump=")) {
      o->dump = a + 7;
      if (strcmp(o->dump, "ir") && strcmp(o->dump, "tbr"))
        usage_error("unknown --dump kind '%s'; they are --dump=ir and --dump=tbr", o->dump);
      continue;
    }
    const char **dst = NULL;
    const char *val = NULL;
    if (!strcmp(a, "-o")) dst = &o->output;
    else if (!strcmp(a, "-p")) dst = &o->build_dir;
    else if (!strcmp(a, "-MF")) dst = &o->depfile;
    else if (!strcmp(a, "--ad")) dst = &val;
    else if (str_starts(a, "--ad=")) {
      o->specs[o->nspecs++] = a + 5;
      continue;
    } else if (str_starts(a, "-o") && a[2]) {
      o->output = a + 2;
      continue;
    }
    if (dst) {
      if (i + 1 >= argc) usage_error("option '%s' needs an argument", a);
      *dst = argv[++i];
      if (val) o->specs[o->nspecs++] = val;
      continue;
    }
    if (a[0] == '-' && a[1]) usage_error("unknown option '%s'", a);
    if (o->input) usage_error("more than one input file ('%s'); cc-ad reads one translation unit", a);
    o->input = a;
  }
  if (!o->input) usage_error("%s", "no input file");
  size_t n = strlen(o->input);
  if (n < 3 || strcmp(o->input + n - 2, ".c"))
    usage_error("input '%s' must be a C source file ending in .c", o->input);
  if (o->output) {
    size_t m = strlen(o->output);
    if (m < 3 || strcmp(o->output + m - 2, ".c")) usage_error("output '%s' must end in .c", o->output);
  }
  /* FILE.ad.c, FILE.ad.h, the depfile: never the input itself (a path
   * written another way, a link to it) */
  const char *out_c = o->output ? o->output : xfmt("%.*s.ad.c", (int)(n - 2), o->input);
  const char *outs[] = {out_c, xfmt("%.*s.h", (int)(strlen(out_c) - 2), out_c), o->depfile};
  for (size_t i = 0; i < sizeof outs / sizeof *outs; i++)
    if (outs[i] && same_file(outs[i], o->input))
      usage_error("'%s' would overwrite the input: choose another output name", outs[i]);
}
