/*
** tool_check.h: helpers shared by the tool's Check suites (tests/unit/tool).
**
** - tc_front(): writes a C source into a per-process temporary directory
**   (mkdtemp, made before the suite forks its tests, removed at the end) and
**   runs the front end on it, as cc-ad would with -std=c11.
** - tc_dump(): ir_dump_fn of one function, tc_c(): the same function printed
**   back as C by the emitter.
** - tc_sx(): an expression as a bare prefix tree, "(+ n (* k d))", for the
**   parser tests (structure only, no types).
** - ck_assert_has()/ck_assert_lacks(): substring checks that print the text.
**
** Every check runs in its own forked process (Check's CK_FORK default):
** diag's error count is global and sticky, and the front end keeps state.
*/
#ifndef CCAD_TOOL_CHECK_H
#define CCAD_TOOL_CHECK_H

#define _XOPEN_SOURCE 700
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit/emit.h"
#include "front/front.h"
#include "ir/ir_parse.h"

static char tc_dir[256];

/* The process's scratch directory (created on first use). */
static inline const char *tc_tmpdir(void)
{
  if (!tc_dir[0]) {
    const char *base = getenv("TMPDIR");
    snprintf(tc_dir, sizeof tc_dir, "%s/ccad_unit_XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tc_dir)) {
      perror("mkdtemp");
      exit(2);
    }
  }
  return tc_dir;
}

static inline int tc_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static inline void tc_cleanup(void)
{
  if (tc_dir[0]) nftw(tc_dir, tc_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes DIR/name with 'text'; returns the path. */
static inline char *tc_write(const char *name, const char *text)
{
  char *path = xfmt("%s/%s", tc_tmpdir(), name);
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
  return path;
}

/* front_run on 'src' written as DIR/name (with --ad specs). */
static inline Module *tc_front_specs(const char *name, const char *src, const char **specs, int nspecs)
{
  static const char *args[] = {"-std=c11"};
  char *path = tc_write(name, src);
  char *base = xstrndup(path, strlen(path) - 2);
  FrontOptions o = {path, base, args, 1, specs, nspecs, CCAD_INCLUDE_DIR};
  Module *m = front_run(&o, NULL);
  ck_assert_ptr_nonnull(m);
  return m;
}

static inline Module *tc_front(const char *src) { return tc_front_specs("t.c", src, NULL, 0); }

static inline Fn *tc_fn(Module *m, const char *name)
{
  Fn *f = mod_find_fn(m, name);
  ck_assert_msg(f != NULL, "no function '%s' in the module", name);
  return f;
}

static inline char *tc_dump_fn(const Fn *f)
{
  StrBuf b = {0};
  ir_dump_fn(f, &b);
  return sb_take(&b);
}

/* The lowered IR of 'fname' in 'src' (which must lower without errors). */
static inline char *tc_dump(const char *src, const char *fname)
{
  Module *m = tc_front(src);
  ck_assert_int_eq(diag_errors(), 0);
  Fn *f = tc_fn(m, fname);
  ck_assert_msg(f->is_lowered, "'%s' was not lowered", fname);
  return tc_dump_fn(f);
}

/* A lowered function printed back as C (no #line). */
static inline char *tc_c(const Fn *f)
{
  Printer p;
  pr_init(&p, "t.ad.c", false);
  emit_fn(&p, f, false);
  return sb_take(&p.out);
}

#define ck_assert_has(hay, needle)                                                              \
  do {                                                                                          \
    const char *h_ = (hay), *n_ = (needle);                                                     \
    ck_assert_msg(strstr(h_, n_) != NULL, "expected to find\n  %s\nin\n%s", n_, h_);            \
  } while (0)
#define ck_assert_lacks(hay, needle)                                                            \
  do {                                                                                          \
    const char *h_ = (hay), *n_ = (needle);                                                     \
    ck_assert_msg(strstr(h_, n_) == NULL, "did not expect\n  %s\nin\n%s", n_, h_);              \
  } while (0)

/* Number of occurrences of 'needle' in 'hay'. */
static inline int tc_count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

/* ---- Diagnostics ------------------------------------------------------- */

static int tc_saved_fd = -1;
static char *tc_capture_path;

/* Sends stderr to a file until tc_capture_end(). */
static inline void tc_capture_begin(void)
{
  fflush(stderr);
  tc_capture_path = xfmt("%s/stderr.%d.txt", tc_tmpdir(), (int)getpid());
  FILE *f = fopen(tc_capture_path, "w");
  ck_assert_ptr_nonnull(f);
  tc_saved_fd = dup(2);
  dup2(fileno(f), 2);
  fclose(f);
}

/* Restores stderr, echoes what was captured to it, returns the text. */
static inline char *tc_capture_end(void)
{
  fflush(stderr);
  dup2(tc_saved_fd, 2);
  close(tc_saved_fd);
  char *text = read_file(tc_capture_path, NULL);
  ck_assert_ptr_nonnull(text);
  fputs(text, stderr);
  remove(tc_capture_path);
  return text;
}

/* front_run on 'src' (as DIR/t.c) with stderr captured into *diags. */
static inline Module *tc_front_diag(const char *src, const char **specs, int nspecs, char **diags)
{
  tc_capture_begin();
  Module *m = tc_front_specs("t.c", src, specs, nspecs);
  *diags = tc_capture_end();
  return m;
}

/* ---- Expressions as bare prefix trees ---------------------------------- */

static inline void tc_sx_rec(StrBuf *b, const Expr *e)
{
  static const char *ops[] = {"+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "&", "|", "^",
                              "<<", ">>", "&&", "||", "neg", "pos", "!", "~"};
  switch (e->kind) {
  case EX_NUM:
  case EX_STR:
  case EX_FUNC: sb_puts(b, e->text); break;
  case EX_VAR: sb_puts(b, e->var->name); break;
  case EX_BIN:
    sb_printf(b, "(%s ", ops[e->op]);
    tc_sx_rec(b, e->lhs);
    sb_putc(b, ' ');
    tc_sx_rec(b, e->rhs);
    sb_putc(b, ')');
    break;
  case EX_UN:
  case EX_DEREF:
  case EX_ADDR:
  case EX_CAST:
  case EX_SIZEOF:
    sb_printf(b, "(%s ", e->kind == EX_UN      ? ops[e->op]
                         : e->kind == EX_DEREF ? "deref"
                         : e->kind == EX_ADDR  ? "addr"
                         : e->kind == EX_CAST  ? "cast"
                                               : "sizeof");
    tc_sx_rec(b, e->lhs);
    sb_putc(b, ')');
    break;
  case EX_INDEX:
    sb_puts(b, "(index ");
    tc_sx_rec(b, e->lhs);
    sb_putc(b, ' ');
    tc_sx_rec(b, e->rhs);
    sb_putc(b, ')');
    break;
  case EX_MEMBER:
    sb_printf(b, "(%s ", e->is_arrow ? "->" : ".");
    tc_sx_rec(b, e->lhs);
    sb_printf(b, " %s)", e->text);
    break;
  case EX_COND:
    sb_puts(b, "(? ");
    tc_sx_rec(b, e->cond);
    sb_putc(b, ' ');
    tc_sx_rec(b, e->lhs);
    sb_putc(b, ' ');
    tc_sx_rec(b, e->rhs);
    sb_putc(b, ')');
    break;
  case EX_CALL:
  case EX_INIT:
    sb_printf(b, "(%s", e->kind == EX_INIT ? "init" : e->text ? e->text : "callp");
    for (int i = 0; i < e->nargs; i++) {
      sb_putc(b, ' ');
      tc_sx_rec(b, e->args[i]);
    }
    sb_putc(b, ')');
    break;
  }
}

static inline char *tc_sx(const Expr *e)
{
  StrBuf b = {0};
  tc_sx_rec(&b, e);
  return sb_take(&b);
}

/* Runs the suite (CK_FORK unless CK_FORK=no says otherwise), cleans up. */
static inline int tc_run(Suite *s)
{
  tc_tmpdir();
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int nfail = srunner_ntests_failed(sr);
  srunner_free(sr);
  tc_cleanup();
  return nfail ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
