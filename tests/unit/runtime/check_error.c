/*
** check_error.c: unit tests for the error hook (runtime/error.c) and the
** shadow-buffer allocator (runtime/memory.c): handler install/restore, the
** default handler's message and abort, allocation failures reported as
** CCAD_ENOMEM and never answered with NULL; the OpenMP team check
** (CCAD_ETEAM).
*/
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ccad.h"

static int nerrors;
static int last_code;
static char last_message[256];
static jmp_buf escape;

static void record(int code, const char *message)
{
  nerrors++;
  last_code = code;
  snprintf(last_message, sizeof last_message, "%s", message);
}

static void record_and_jump(int code, const char *message)
{
  record(code, message);
  longjmp(escape, 1);
}

static void other(int code, const char *message)
{
  (void)code;
  (void)message;
}

static void setup(void)
{
  nerrors = 0;
  last_code = CCAD_OK;
  last_message[0] = '\0';
}

static void teardown(void)
{
  ccad_set_error_handler(NULL);
}

/*
** Run fn in a child with stderr captured; return what it printed and
** whether it died of SIGABRT.
*/
static int run_child(void (*fn)(void), char *out, size_t size)
{
  int fds[2], status;
  ssize_t n, len = 0;
  pid_t pid;

  ck_assert_int_eq(pipe(fds), 0);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 2);
    fn();
    _exit(0);  /* fn was expected not to return */
  }
  close(fds[1]);
  while ((n = read(fds[0], out + len, size - 1 - (size_t)len)) > 0)
    len += n;
  out[len] = '\0';
  close(fds[0]);
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

START_TEST(set_returns_previous)
{
  ck_assert(ccad_set_error_handler(record) == NULL);  /* default was active */
  ck_assert(ccad_set_error_handler(other) == record);
  ck_assert(ccad_set_error_handler(NULL) == other);
  ck_assert(ccad_set_error_handler(NULL) == NULL);
}
END_TEST

static void underflow_with_default(void)
{
  ccad_set_error_handler(NULL);
  (void)ccad_pop_d();
}

START_TEST(default_handler_aborts)
{
  char out[512];

  ck_assert_msg(run_child(underflow_with_default, out, sizeof out), "child did not abort");
  ck_assert_msg(strncmp(out, "ccad: fatal: tape underflow", 27) == 0, "stderr was: %s", out);
  ck_assert_ptr_nonnull(strstr(out, "ccad_pop_d"));
}
END_TEST

START_TEST(malloc_basics)
{
  double *a = ccad_malloc(100 * sizeof *a);
  double *z = ccad_calloc(1000, sizeof *z);
  void *e1 = ccad_malloc(0), *e2 = ccad_calloc(0, 8), *e3 = ccad_calloc(8, 0);

  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(z);
  for (int k = 0; k < 1000; k++)
    ck_assert(z[k] == 0.0);
  a[99] = 1.0;
  ck_assert_ptr_nonnull(e1);
  ck_assert_ptr_nonnull(e2);
  ck_assert_ptr_nonnull(e3);
  ck_assert(e1 != e2 && e2 != e3);
  ccad_free(a);
  ccad_free(z);
  ccad_free(e1);
  ccad_free(e2);
  ccad_free(e3);
  ccad_free(NULL);
}
END_TEST

START_TEST(malloc_failure_reported)
{
  volatile int step = 0;

  ccad_set_error_handler(record_and_jump);
  if (setjmp(escape) == 0) {
    step = 1;
    (void)ccad_malloc(SIZE_MAX);
    step = 99;
  }
  ck_assert_int_eq(step, 1);
  ck_assert_int_eq(last_code, CCAD_ENOMEM);
  ck_assert_ptr_nonnull(strstr(last_message, "18446744073709551615"));

  if (setjmp(escape) == 0) {
    step = 2;
    (void)ccad_calloc(SIZE_MAX / 4, 8);  /* the product overflows */
    step = 99;
  }
  ck_assert_int_eq(step, 2);
  ck_assert_int_eq(last_code, CCAD_ENOMEM);
  ck_assert_int_eq(nerrors, 2);
}
END_TEST

static void malloc_failure_handler_returns(void)
{
  ccad_set_error_handler(record);
  (void)ccad_malloc(SIZE_MAX);
  fputs("ccad_malloc returned\n", stderr);
}

START_TEST(malloc_never_returns_null)
{
  char out[512];

  ck_assert_msg(run_child(malloc_failure_handler_returns, out, sizeof out), "child did not abort");
  ck_assert_ptr_null(strstr(out, "ccad_malloc returned"));
  ck_assert_ptr_nonnull(strstr(out, "handler returned"));
}
END_TEST

/* Without OpenMP a team is thread 0 of 1: a forward sweep recorded by
 * thread 1 of 2 is another team, reported as CCAD_ETEAM. */
START_TEST(omp_team_checked)
{
  ccad_set_error_handler(record);
  ccad_omp_check(0, 1);
  ck_assert_int_eq(nerrors, 0);
  ccad_omp_check(1, 2);
  ck_assert_int_eq(nerrors, 1);
  ck_assert_int_eq(last_code, CCAD_ETEAM);
  ck_assert_ptr_nonnull(strstr(last_message, "thread 1 of 2"));
  ccad_omp_check(0, 2);
  ck_assert_int_eq(nerrors, 2);
}
END_TEST

static Suite *error_suite(void)
{
  Suite *s = suite_create("error");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, set_returns_previous);
  tcase_add_test(tc, default_handler_aborts);
  tcase_add_test(tc, malloc_basics);
  tcase_add_test(tc, malloc_failure_reported);
  tcase_add_test(tc, malloc_never_returns_null);
  tcase_add_test(tc, omp_team_checked);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(error_suite());
  int nfailed;

  srunner_run_all(sr, CK_NORMAL);
  nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
