/*
** check_diag.c: tool/diag's exit statuses and locations. An internal error
** (a bug in cc-ad) exits with status 3 and asks for a report; after an error
** in the input it is a likely follow-on and is suppressed, so the run ends
** with that error's status 1. A diagnostic without a location of its own
** points at the request being transformed (diag_set_fallback). Every
** message comes from the table (diag.def).
*/
#include "tool_check.h"  /* first: it sets _XOPEN_SOURCE */

#include <sys/wait.h>

#include "diag/diag.h"

/* stderr into a file, read back by err_text() */
static char err_path[300];

static void capture_stderr(void)
{
  snprintf(err_path, sizeof err_path, "%s/stderr_%d", tc_tmpdir(), (int)getpid());
  ck_assert_ptr_nonnull(freopen(err_path, "w", stderr));
}

static char *err_text(void)
{
  fflush(stderr);
  FILE *f = fopen(err_path, "r");
  ck_assert_ptr_nonnull(f);
  static char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

START_TEST(test_internal_exits_3)
{
  diag_at(((SrcLoc){"f.c", 3, 7}), D_NO_GRAD_PARAM, "x");
  ck_abort_msg("diag_internal returned without an earlier error");
}
END_TEST

START_TEST(test_internal_says_report)
{
  capture_stderr();
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) diag_at((SrcLoc){0}, D_NO_GRAD_PARAM, "x");
  int st;
  waitpid(pid, &st, 0);
  ck_assert(WIFEXITED(st));
  ck_assert_int_eq(WEXITSTATUS(st), 3);
  char *t = err_text();
  ck_assert_has(t, "cc-ad: internal error: no gradient parameter for 'x'");
  ck_assert_has(t, "please report it");
}
END_TEST

START_TEST(test_internal_after_error_is_suppressed)
{
  capture_stderr();
  diag_at(((SrcLoc){"f.c", 2, 1}), D_UNKNOWN_FUNCTION, "g", "f.c");
  diag_at(((SrcLoc){"f.c", 3, 7}), D_NO_GRAD_PARAM, "follow-on");
  ck_assert_int_eq(diag_errors(), 1);
  char *t = err_text();
  ck_assert_has(t, "f.c:2:1: error: unknown function 'g'");
  ck_assert_lacks(t, "follow-on");
}
END_TEST

START_TEST(test_internal_while_muted)
{
  diag_mute(true);
  diag_at((SrcLoc){0}, D_NO_GRAD_PARAM, "a trial run's state");
  diag_mute(false);
  ck_assert_int_eq(diag_errors(), 0);
}
END_TEST

START_TEST(test_fallback_location)
{
  capture_stderr();
  diag_set_fallback((SrcLoc){"g.c", 12, 16});
  diag_at((SrcLoc){0}, D_UNKNOWN_FUNCTION, "no_location", "g.c");
  diag_at(((SrcLoc){"g.c", 5, 3}), D_UNKNOWN_FUNCTION, "own_location", "g.c");
  diag_set_fallback((SrcLoc){0});
  diag_at((SrcLoc){0}, D_UNKNOWN_FUNCTION, "file_level", "g.c");
  char *t = err_text();
  ck_assert_has(t, "g.c:12:16: error: unknown function 'no_location'");
  ck_assert_has(t, "g.c:5:3: error: unknown function 'own_location'");
  ck_assert_has(t, "cc-ad: error: unknown function 'file_level'");
}
END_TEST

/* The table: every entry has a name, and its conversions are those the
 * diag cases' harness turns into patterns (run_diag.sh, EXPECT-DIAG). */
START_TEST(test_table)
{
  for (int i = 0; i < D_COUNT; i++) {
    const char *name = diag_name((DiagId)i), *text = diag_text((DiagId)i);
    ck_assert_msg(name[0] && text[0], "entry %d", i);
    for (const char *p = strchr(text, '%'); p; p = strchr(p + 1, '%')) {
      if (p[1] == '%') { p++; continue; }
      ck_assert_msg(p[1] == 's' || p[1] == 'd' || (p[1] == 'l' && p[2] == 'd'), "%s: conversion '%.3s'", name, p);
    }
    for (int j = 0; j < i; j++) ck_assert_str_ne(name, diag_name((DiagId)j));
  }
  ck_assert_str_eq(diag_name(D_UNKNOWN_PARAM), "unknown_param");
  ck_assert_int_eq(diag_severity(D_UNUSED_INPUT), DIAG_WARNING);
  ck_assert_int_eq(diag_severity(D_NO_GRAD_PARAM), DIAG_INTERNAL);
}
END_TEST

/* A warning under -Werror is an error: counted, and said so. */
START_TEST(test_werror)
{
  capture_stderr();
  diag_at(((SrcLoc){"h.c", 1, 1}), D_UNUSED_INPUT, "y", "f");
  ck_assert_int_eq(diag_errors(), 0);
  diag_set_werror(true);
  diag_at(((SrcLoc){"h.c", 2, 1}), D_UNUSED_INPUT, "z", "f");
  ck_assert_int_eq(diag_errors(), 1);
  char *t = err_text();
  ck_assert_has(t, "h.c:1:1: warning: input 'y' of 'f'");
  ck_assert_has(t, "h.c:2:1: error: input 'z' of 'f'");
}
END_TEST

static Suite *diag_suite(void)
{
  Suite *s = suite_create("diag");
  TCase *t = tcase_create("status");
  tcase_add_exit_test(t, test_internal_exits_3, 3);
  tcase_add_test(t, test_internal_says_report);
  tcase_add_test(t, test_internal_after_error_is_suppressed);
  tcase_add_test(t, test_internal_while_muted);
  suite_add_tcase(s, t);
  t = tcase_create("location");
  tcase_add_test(t, test_fallback_location);
  suite_add_tcase(s, t);
  t = tcase_create("table");
  tcase_add_test(t, test_table);
  tcase_add_test(t, test_werror);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(diag_suite()); }
