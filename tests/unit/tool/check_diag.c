/*
** check_diag.c: tool/diag's exit statuses and locations. An internal error
** (a bug in cc-ad) exits with status 3 and asks for a report; after an error
** in the input it is a likely follow-on and is suppressed, so the run ends
** with that error's status 1. A diagnostic without a location of its own
** points at the request being transformed (diag_set_fallback).
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
  diag_internal((SrcLoc){"f.c", 3, 7}, "no shadow for '%s'", "x");
  ck_abort_msg("diag_internal returned without an earlier error");
}
END_TEST

START_TEST(test_internal_says_report)
{
  capture_stderr();
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) diag_internal((SrcLoc){0}, "no shadow for '%s'", "x");
  int st;
  waitpid(pid, &st, 0);
  ck_assert(WIFEXITED(st));
  ck_assert_int_eq(WEXITSTATUS(st), 3);
  char *t = err_text();
  ck_assert_has(t, "cc-ad: internal error: no shadow for 'x'");
  ck_assert_has(t, "please report it");
}
END_TEST

START_TEST(test_internal_after_error_is_suppressed)
{
  capture_stderr();
  diag_error((SrcLoc){"f.c", 2, 1}, "a user error");
  diag_internal((SrcLoc){"f.c", 3, 7}, "a follow-on");
  ck_assert_int_eq(diag_errors(), 1);
  char *t = err_text();
  ck_assert_has(t, "f.c:2:1: error: a user error");
  ck_assert_lacks(t, "follow-on");
}
END_TEST

START_TEST(test_internal_while_muted)
{
  diag_mute(true);
  diag_internal((SrcLoc){0}, "a trial run's state");
  diag_mute(false);
  ck_assert_int_eq(diag_errors(), 0);
}
END_TEST

START_TEST(test_fallback_location)
{
  capture_stderr();
  diag_set_fallback((SrcLoc){"g.c", 12, 16});
  diag_error((SrcLoc){0}, "no location of its own");
  diag_error((SrcLoc){"g.c", 5, 3}, "its own location");
  diag_set_fallback((SrcLoc){0});
  diag_error((SrcLoc){0}, "a file-level error");
  char *t = err_text();
  ck_assert_has(t, "g.c:12:16: error: no location of its own");
  ck_assert_has(t, "g.c:5:3: error: its own location");
  ck_assert_has(t, "cc-ad: error: a file-level error");
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
  return s;
}

int main(void) { return tc_run(diag_suite()); }
