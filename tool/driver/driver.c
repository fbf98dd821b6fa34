/*
 * driver.c — the pipeline as a straight list of stages.
 *
 *   S0 C source --front--> S1 IR --plan--> requests planned --analysis-->
 *   S2 facts --transform--> S3 IR --emit--> S4 C text
 *
 * driver_run at the end of this file is that list; per request, planning
 * completes and freezes it, and its directive's transform (directives.def)
 * analyses activity and simplifies what it generates.
 *
 * Exit status: 0 success, 1 errors in the input, 2 usage errors. Nothing is
 * written when there are errors; unchanged outputs are not rewritten (only
 * their time is brought past the inputs', for make).
 */
#define _DEFAULT_SOURCE
#include <clang-c/CXCompilationDatabase.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analysis/plan.h"
#include "../analysis/tbr.h"
#include "../emit/emit.h"
#include "../front/front.h"
#include "../ir/rules.h"
#include "../transform/transform.h"
#include "driver.h"

/* The transform of each directive (directives.def); NULL: nothing to generate. */
static Fn *(*const transform_of[])(Module *, const Request *) = {
#define DIRECTIVE(name, id, kind, clauses, suffix, sweep, order, entry) entry,
#include "../ir/directives.def"
#undef DIRECTIVE
};

static char *strip_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  if (n >= k && !strcmp(s + n - k, suffix)) return xstrndup(s, n - k);
  return xstrdup(s);
}

static bool newer(struct timespec a, struct timespec b) {
  return a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec;
}

/* The newest modification time of what a run reads: FILE.c, every file the
 * preprocessor read, cc-ad itself (the prerequisites of a build rule). */
static struct timespec newest_input(const Module *m, const char *input) {
  struct timespec t = {0, 0};
  struct stat st;
  if (stat(input, &st) == 0) t = st.st_mtim;
  for (int i = 0; i < m->deps.len; i++)
    if (stat(m->deps.data[i], &st) == 0 && newer(st.st_mtim, t)) t = st.st_mtim;
  if (stat("/proc/self/exe", &st) == 0 && newer(st.st_mtim, t)) t = st.st_mtim;
  return t;
}

/* Writes 'text' to 'path' unless the file already holds exactly that (so
 * that what is compiled from it is not rebuilt). An unchanged file older
 * than 'inputs' gets the current time instead: make, which has no restat,
 * would otherwise see the rule's targets out of date and run it forever. */
static bool write_if_changed(const char *path, const char *text, struct timespec inputs) {
  size_t n;
  char *old = read_file(path, &n);
  if (old && n == strlen(text) && !memcmp(old, text, n)) {
    free(old);
    struct stat st;
    if (stat(path, &st) == 0 && newer(inputs, st.st_mtim)) utimensat(AT_FDCWD, path, NULL, 0);
    return true;
  }
  free(old);
  FILE *f = fopen(path, "wb");
  if (!f) {
    diag_at((SrcLoc){0}, D_OUTPUT_UNWRITABLE, path, strerror(errno));
    return false;
  }
  fputs(text, f);
  bool ok = !ferror(f);
  ok &= fclose(f) == 0;
  if (!ok) diag_at((SrcLoc){0}, D_OUTPUT_WRITE_FAILED, path, strerror(errno));
  return ok;
}

/* Before the parse: an output that cannot be written is reported at once,
 * not after the whole pipeline ran (outputs are written last). */
static bool writable_place(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
  struct stat st;
  bool ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK) == 0 &&
            (access(path, F_OK) != 0 || access(path, W_OK) == 0);
  int e = errno;
  if (ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ok = false, e = EISDIR;
  if (!ok) {
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) e = ENOTDIR;
    diag_at((SrcLoc){0}, D_OUTPUT_UNWRITABLE, path, strerror(e));
  }
  free(dir);
  return ok;
}

/* Options whose value may be the next argument, and whether that value is
 * a path (relative to the command's directory). */
static const struct {
  const char *opt;
  bool path;
} valued[] = {
    {"-I", true},        {"-iquote", true}, {"-isystem", true}, {"-idirafter", true}, {"-include", true},
    {"-imacros", true},  {"-isysroot", true}, {"--sysroot", true}, {"-D", false},      {"-U", false},
    {"-x", false},       {"-std", false},   {"-target", false},
};
static const char *dropped[] = {"-o", "-MF", "-MT", "-MQ", "-Xclang", NULL};  /* and their values */

static char *absolute(const char *dir, const char *path) {
  return path[0] == '/' ? xstrdup(path) : xfmt("%s/%s", dir, path);
}

/* The entry for 'abs' itself: libclang guesses a command for files the
 * database does not list, and a guess is not an entry. */
static CXCompileCommand find_entry(CXCompilationDatabase db, const char *abs, CXCompileCommands *keep) {
  CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned n = clang_CompileCommands_getSize(all);
  for (unsigned i = 0; i < n; i++) {
    CXCompileCommand c = clang_CompileCommands_getCommand(all, i);
    CXString f = clang_CompileCommand_getFilename(c), d = clang_CompileCommand_getDirectory(c);
    char *file = absolute(clang_getCString(d), clang_getCString(f));
    clang_disposeString(f);
    clang_disposeString(d);
    char *real = realpath(file, NULL);
    bool match = str_eq(real ? real : file, abs);
    free(real);
    if (match) {
      *keep = all;
      return c;
    }
  }
  clang_CompileCommands_dispose(all);
  *keep = NULL;
  return NULL;
}

/* libclang's database reader, with what it prints on stderr ("LIBCLANG
 * TOOLING ERROR: ...", "YAML:1:64: error: ...") captured in *said, so that
 * cc-ad reports problems in its own words. */
static CXCompilationDatabase read_database(const char *dir, CXCompilationDatabase_Error *err, char **said) {
  fflush(stderr);
  FILE *cap = tmpfile();
  int saved = cap ? dup(2) : -1;
  if (saved >= 0) dup2(fileno(cap), 2);
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, err);
  *said = NULL;
  if (saved >= 0) {
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t n = lseek(fileno(cap), 0, SEEK_END);
    if (n > 0 && lseek(fileno(cap), 0, SEEK_SET) == 0) {
      *said = xmalloc((size_t)n + 1);
      ssize_t got = read(fileno(cap), *said, (size_t)n);
      (*said)[got > 0 ? got : 0] = 0;
    }
  }
  if (cap) fclose(cap);
  return db;
}

/* One line of libclang's text as a clause: "Expected array." becomes
 * "expected array". */
static char *as_clause(const char *r) {
  char *c = xstrndup(r, strcspn(r, "\n"));
  size_t n = strlen(c);
  if (n && c[n - 1] == '.') c[n - 1] = 0;
  c[0] = (char)tolower((unsigned char)c[0]);
  return c;
}

static char *clause_after(const char *said, const char *prefix) {
  const char *r = said ? strstr(said, prefix) : NULL;
  return r ? as_clause(r + strlen(prefix)) : NULL;
}

/* BUILD_DIR/compile_commands.json, opened, or NULL after an error. */
static CXCompilationDatabase open_database(const char *dir) {
  char *path = xfmt("%s/compile_commands.json", dir);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    diag_at((SrcLoc){0}, D_DB_NO_DIR, dir);
    return NULL;
  }
  if (access(path, R_OK) != 0) {
    diag_at((SrcLoc){0}, D_DB_UNREADABLE, path, strerror(errno));
    return NULL;
  }
  char *text = read_file(path, NULL);
  int line, col, k = 0;
  const char *why;
  if (text && !json_check(text, &line, &col, &why)) {
    diag_at(((SrcLoc){path, line, col}), D_DB_BAD_JSON, why);
    return NULL;
  }
  CXCompilationDatabase_Error err;
  char *said;
  CXCompilationDatabase db = read_database(dir, &err, &said);
  /* a syntax error: "YAML:LINE:COL: error: text" (libclang reads JSON as YAML) */
  const char *y = said ? strstr(said, "YAML:") : NULL;
  if (y && sscanf(y, "YAML:%d:%d: error: %n", &line, &col, &k) == 2 && k > 0) {
    diag_at(((SrcLoc){path, line, col}), D_DB_BAD_JSON_AT, as_clause(y + k));
  } else if (err != CXCompilationDatabase_NoError) {
    why = clause_after(said, "json-compilation-database: ");
    diag_at((SrcLoc){0}, D_DB_UNUSABLE, path, why ? ": " : "", why ? why : "");
  } else {
    return db;
  }
  if (db) clang_CompilationDatabase_dispose(db);
  return NULL;
}

/* Flags for FILE.c from BUILD_DIR/compile_commands.json. */
static void flags_from_database(Options *o, PtrVec *flags) {
  CXCompilationDatabase db = open_database(o->build_dir);
  if (!db) return;
  char *abs = realpath(o->input, NULL);
  CXCompileCommands all;
  CXCompileCommand cmd = abs ? find_entry(db, abs, &all) : NULL;
  if (!cmd) {
    diag_at((SrcLoc){0}, D_DB_NO_ENTRY, o->input, o->build_dir);
    clang_CompilationDatabase_dispose(db);
    return;
  }
  CXString dirs = clang_CompileCommand_getDirectory(cmd);
  char *dir = xstrdup(clang_getCString(dirs));
  clang_disposeString(dirs);
  unsigned n = clang_CompileCommand_getNumArgs(cmd);
  for (unsigned i = 1; i < n; i++) {
    CXString s = clang_CompileCommand_getArg(cmd, i);
    char *a = xstrdup(clang_getCString(s));
    clang_disposeString(s);
    if (!strcmp(a, "-c") || !strcmp(a, "-MD") || !strcmp(a, "-MMD")) continue;
    bool drop = false;
    for (int k = 0; dropped[k]; k++) drop |= !strcmp(a, dropped[k]);
    if (drop) {
      i++;
      continue;
    }
    if (a[0] != '-') continue;  /* the source file itself */
    bool handled = false;
    for (size_t k = 0; k < sizeof valued / sizeof valued[0] && !handled; k++) {
      size_t len = strlen(valued[k].opt);
      if (strncmp(a, valued[k].opt, len)) continue;
      const char *val = a + len;
      if (*val == '=' && valued[k].opt[1] == '-') val++;  /* --sysroot=DIR */
      if (!*val) {
        /* the value is the next argument */
        if (i + 1 >= n) break;
        CXString s2 = clang_CompileCommand_getArg(cmd, ++i);
        const char *q = clang_getCString(s2);
        vec_push(flags, a);
        vec_push(flags, valued[k].path ? absolute(dir, q) : xstrdup(q));
        clang_disposeString(s2);
        handled = true;
      } else if (valued[k].path && val[0] != '/' && strcmp(valued[k].opt, "-std")) {
        vec_push(flags, xfmt("%.*s%s", (int)(val - a), a, absolute(dir, val)));
        handled = true;
      }
    }
    if (!handled) vec_push(flags, a);
  }
  clang_CompileCommands_dispose(all);
  clang_CompilationDatabase_dispose(db);
}

/* 'path' as make reads one word of a rule, as gcc -MD writes it: blanks
 * escaped by a backslash (the backslashes before them doubled), '#' as
 * "\#", '$' as "$$". Ninja's depfile reader reads the same. */
static void put_make_path(StrBuf *b, const char *path) {
  for (const char *s = path; *s; s++) {
    if (*s == ' ' || *s == '\t' || *s == '#') {
      for (const char *q = s; q > path && q[-1] == '\\'; q--) sb_putc(b, '\\');
      sb_putc(b, '\\');
    } else if (*s == '$') {
      sb_putc(b, '$');
    }
    sb_putc(b, *s);
  }
}

static void write_depfile(const Module *m, const char *path, const char *out_c, const char *out_h,
                          const char *out_cu, const char *input, struct timespec inputs) {
  StrBuf b = {0};
  const char *targets[] = {out_c, out_h, out_cu};
  for (int i = 0; i < 3 && targets[i]; i++) {
    if (i) sb_putc(&b, ' ');
    put_make_path(&b, targets[i]);
  }
  sb_puts(&b, ": ");
  put_make_path(&b, input);
  int n = m->deps.len;
  const char **deps = (const char **)m->deps.data;
  char *in_abs = realpath(input, NULL);
  for (int i = 0; i < n; i++) {
    char *d = realpath(deps[i], NULL);
    bool self = d && in_abs && !strcmp(d, in_abs);
    free(d);
    if (self) continue;
    sb_puts(&b, " \\\n ");
    put_make_path(&b, deps[i]);
  }
  sb_puts(&b, "\n");
  write_if_changed(path, b.s, inputs);
}

/* Where ccad.h is: PREFIX/include beside PREFIX/bin/cc-ad once installed,
 * else the source tree the tool was built from. */
static const char *runtime_include_dir(void) {
  char *exe = realpath("/proc/self/exe", NULL);
  if (exe) {
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      char *inc = xfmt("%s/../include", exe);
      if (access(xfmt("%s/ccad.h", inc), R_OK) == 0) return inc;
    }
  }
#ifdef CCAD_SOURCE_INCLUDE_DIR
  return CCAD_SOURCE_INCLUDE_DIR;
#else
  return NULL;
#endif
}

static void mark_calls(Module *m, const StrMap *byname, const Stmt *s, PtrMap *live, PtrVec *work);

static void mark_calls_e(const StrMap *byname, const Expr *e, PtrMap *live, PtrVec *work) {
  if (!e) return;
  PtrVec *named = (e->kind == EX_CALL || e->kind == EX_FUNC) && e->text ? strmap_get(byname, e->text) : NULL;
  for (int i = 0; named && i < named->len; i++) {
    Fn *g = named->data[i];
    if (!ptrmap_get(live, g)) {
      ptrmap_put(live, g, (void *)1);
      vec_push(work, g);
    }
  }
  mark_calls_e(byname, e->lhs, live, work);
  mark_calls_e(byname, e->rhs, live, work);
  mark_calls_e(byname, e->cond, live, work);
  for (int i = 0; i < e->nargs; i++) mark_calls_e(byname, e->args[i], live, work);
}

static void mark_calls(Module *m, const StrMap *byname, const Stmt *s, PtrMap *live, PtrVec *work) {
  if (!s) return;
  mark_calls_e(byname, s->lhs, live, work);
  mark_calls_e(byname, s->rhs, live, work);
  mark_calls_e(byname, s->expr, live, work);
  mark_calls_e(byname, s->cond, live, work);
  mark_calls(m, byname, s->then, live, work);
  mark_calls(m, byname, s->els, live, work);
  mark_calls(m, byname, s->init, live, work);
  mark_calls(m, byname, s->step, live, work);
  for (int i = 0; i < s->nbody; i++) mark_calls(m, byname, s->body[i], live, work);
}

/* Static generated functions that nothing public calls (the gradient a
 * Hessian was built from) are not emitted: -Wunused-function. */
static void drop_unreachable(Module *m) {
  bool any_static = false;  /* (else nothing to drop: no walk of every body) */
  for (int i = 0; i < m->generated.len && !any_static; i++) any_static = ((Fn *)m->generated.data[i])->is_static;
  if (!any_static) return;
  PtrMap live = {0};
  PtrVec work = {0};
  StrMap byname = {0};  /* name -> PtrVec of the generated functions of that name */
  for (int i = 0; i < m->generated.len; i++) {
    Fn *g = m->generated.data[i];
    PtrVec *named = strmap_get(&byname, g->name);
    if (!named) strmap_put(&byname, g->name, named = xmalloc(sizeof *named));
    vec_push(named, g);
  }
  for (int i = 0; i < m->generated.len; i++) {
    Fn *g = m->generated.data[i];
    if (!g->is_static) {
      ptrmap_put(&live, g, (void *)1);
      vec_push(&work, g);
    }
  }
  while (work.len) {
    Fn *g = vec_pop(&work);
    mark_calls(m, &byname, g->body, &live, &work);
  }
  int k = 0;
  for (int i = 0; i < m->generated.len; i++)
    if (ptrmap_get(&live, m->generated.data[i])) m->generated.data[k++] = m->generated.data[i];
  m->generated.len = k;
}

/* --emit-primal: each requested function's lowered IR, printed back as
 * FUNC_primal, so a test can check that lowering preserves meaning. */
static void add_primal_copies(Module *m) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    if (!r->fn || !r->fn->body) continue;
    const char *name = xfmt("%s_primal", r->fn->name);
    bool seen = false;
    for (int k = 0; k < m->generated.len; k++) seen |= str_eq(((Fn *)m->generated.data[k])->name, name);
    if (seen) continue;
    Fn *c = xmalloc(sizeof *c);
    *c = *r->fn;
    c->name = name;
    c->is_static = false;
    c->is_generated = true;
    c->body = ir_clone_stmt(r->fn->body, NULL);
    vec_push(&m->generated, c);
  }
}

/* What one run works with, from the options to the module. */
typedef struct Run {
  Options o;
  char *out_c, *out_h, *base;  /* FILE.ad.c, FILE.ad.h, and their path without .c */
  PtrVec flags;                /* for libclang: from -p, then after -- */
  Front *fr;
} Run;

/* The input is readable, the outputs writable, the flags known. */
static bool prepare(Run *run) {
  Options o = run->o;
  struct stat in_st;
  if (access(o.input, R_OK) != 0 || (stat(o.input, &in_st) == 0 && S_ISDIR(in_st.st_mode))) {
    diag_at((SrcLoc){0}, D_INPUT_UNREADABLE, o.input, access(o.input, R_OK) ? strerror(errno) : strerror(EISDIR));
    return false;
  }
  run->out_c = o.output ? xstrdup(o.output) : xfmt("%s.ad.c", strip_suffix(o.input, ".c"));
  if (!o.dump && !writable_place(run->out_c)) return false;
  if (o.depfile && !writable_place(o.depfile)) return false;
  run->base = strip_suffix(run->out_c, ".c");
  run->out_h = xfmt("%s.h", run->base);
  if (o.build_dir) flags_from_database(&run->o, &run->flags);
  for (int i = 0; i < o.ncflags; i++) vec_push(&run->flags, (void *)o.cflags[i]);
  return !diag_errors();
}

static bool pure_builtin(const char *name) { return rule_find(name) != NULL; }

/* After a stage: a broken IR invariant is a bug of that stage (exit 3).
 * A request's transform only adds functions: those alone are checked (a
 * whole-module check per request would make a file of many requests
 * quadratic); the stages that change everything check everything. */
static void verify_since(const Options *o, Module *m, IrMark mark, const char *stage) {
  SrcLoc at = {0};
  const char *why = o->verify_ir && !diag_errors() ? ir_verify_since(m, mark, pure_builtin, &at) : NULL;
  if (why) diag_at(at, D_IR_INVALID, stage, why);
}

static void verify_stage(const Options *o, Module *m, const char *stage) {
  verify_since(o, m, (IrMark){0, 0, 0}, stage);
}

/* S0 -> S1: FILE.c parsed, its requests read, what they reach lowered. */
static Module *front(Run *run) {
  Options o = run->o;
  FrontOptions fo = {o.input, strip_suffix(run->out_c, ".ad.c"), (const char **)run->flags.data, run->flags.len,
                     o.specs, o.nspecs, runtime_include_dir()};
  Module *m = front_run(&fo, &run->fr);
  m->header_name = strrchr(run->out_h, '/') ? strrchr(run->out_h, '/') + 1 : run->out_h;
  m->base = run->base;
  if (diag_errors()) return m;
  verify_stage(&run->o, m, "front");
  ir_inline_address_helpers(m);  /* S1 -> S1: p = row(x, i) becomes p = x + i * n */
  verify_stage(&run->o, m, "inline");
  return m;
}

/* --dump=ir: the lowered functions (S1), no outputs. */
static int dump_ir(Module *m) {
  StrBuf b = {0};
  for (int i = 0; i < m->fns.len; i++)
    if (((Fn *)m->fns.data[i])->is_lowered) ir_dump_fn(m->fns.data[i], &b);
  fputs(sb_take(&b), stdout);
  return 0;
}

/* --dump=tbr: reverse mode's to-be-recorded facts (after the transforms), no outputs. */
static int dump_tbr(void) {
  StrBuf b = {0};
  PtrVec *facts = tbr_all();
  for (int i = 0; i < facts->len; i++) tbr_print(facts->data[i], &b);
  fputs(b.len ? sb_take(&b) : "", stdout);
  return 0;
}

/* S1 -> S2 -> S3, one request at a time, in the planned order: the
 * request completed and frozen (plan_request), then its directive's
 * transform, which analyses activity and simplifies what it generates. */
static void transform(Run *run, Module *m) {
  if (!m->requests.len)
    diag_at(((SrcLoc){run->o.input, 1, 1}), D_NOTHING_TO_DO);
  for (int i = 0; i < m->requests.len; i++) {
    Request *req = m->requests.data[i];
    diag_set_fallback(req->loc);
    IrMark before = ir_mark(m);
    const Request *r = plan_request(m, run->fr, req);
    if (r && transform_of[r->dir]) req->result = transform_of[r->dir](m, r);
    diag_set_fallback((SrcLoc){0});
    verify_since(&run->o, m, before, directive_name(req->dir));
  }
  if (run->o.emit_primal) add_primal_copies(m);
  drop_unreachable(m);
  verify_stage(&run->o, m, "drop_unreachable");
}

/* Is 'out' one of the files the preprocessor read for FILE.c (a header it
 * includes, however the path is written)? Those are inputs too: cc-ad
 * never writes over them (the input itself is refused by options_parse). */
/* Is the file at 'path' one cc-ad wrote (its first line says so)? FILE.c
 * that includes its own FILE.ad.h (after its types) reads it, and a run
 * again, after an edit or to check that output is deterministic, rewrites
 * it: that header is cc-ad's output, not the user's. */
static bool written_by_ccad(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return false;
  char line[512];
  bool ours = fgets(line, sizeof line, f) && !strncmp(line, "/* ", 3) && strstr(line, ", generated by cc-ad ") &&
              strstr(line, ". Do not edit. */");
  fclose(f);
  return ours;
}

static bool overwrites_read_file(const Module *m, const char *out) {
  struct stat so, sd;
  if (!out || stat(out, &so) != 0 || written_by_ccad(out)) return false;
  for (int i = 0; i < m->deps.len; i++) {
    const char *d = m->deps.data[i];
    if (stat(d, &sd) == 0 && sd.st_dev == so.st_dev && sd.st_ino == so.st_ino) {
      diag_at((SrcLoc){0}, D_OUTPUT_IS_READ, out, d);
      return true;
    }
  }
  return false;
}

/* S3 -> S4: FILE.ad.c, FILE.ad.h (and FILE.ad.cu), written if changed. */
static int emit(Run *run, Module *m) {
  Options o = run->o;
  char *out_c = run->out_c, *out_h = run->out_h;
  char *src = emit_source(m, out_c, !o.no_line);
  char *hdr = emit_header(m, out_h);
  char *out_cu = xfmt("%s.cu", run->base);
  char *cu = emit_cuda(m, out_cu, !o.no_line);
  if (diag_errors()) return 1;
  const char *outs[] = {out_c, out_h, cu ? out_cu : NULL, o.depfile};
  bool clash = false;
  for (int i = 0; i < 4; i++) clash |= overwrites_read_file(m, outs[i]);
  if (clash) return 1;
  struct timespec t = newest_input(m, o.input);
  if (!write_if_changed(out_c, src, t) || !write_if_changed(out_h, hdr, t)) return 1;
  if (cu && !write_if_changed(out_cu, cu, t)) return 1;
  if (o.depfile) write_depfile(m, o.depfile, out_c, out_h, cu ? out_cu : NULL, o.input, t);
  return diag_errors() ? 1 : 0;
}

/* The pipeline: each stage's errors stop the run before anything is written. */
static int run_stages(const Options *opts, Module **mp) {
  Run run = {.o = *opts};
  diag_begin_run();
  diag_set_werror(run.o.werror);
  if (!prepare(&run)) return 1;
  Module *m = *mp = front(&run);  /* S0 -> S1 */
  if (m) m->omp_serial_reverse = run.o.deterministic;
  if (diag_errors()) return 1;
  plan_module(m);           /* requests linked to what they compose, in run order */
  check_custom_rules(m);    /* hand-written derivatives declared as their calls will be */
  if (diag_errors()) return 1;
  if (run.o.dump && !strcmp(run.o.dump, "ir")) return dump_ir(m);
  transform(&run, m);       /* per request: plan, analyse, transform, simplify */
  if (diag_errors()) return 1;
  if (run.o.dump) return dump_tbr();
  simplify_module(m);       /* S3 -> S3: copies, folds, natural loops, unread parameters */
  verify_stage(&run.o, m, "simplify");
  return emit(&run, m);     /* S3 -> S4 */
}

int driver_run(const Options *opts) {
  Module *m = NULL;
  int status = run_stages(opts, &m);
  if (m) front_free(m);
  return status;
}
