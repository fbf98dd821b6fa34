/*
** check_run.c: the whole pipeline (driver_run) run several times in one
** process gives what separate processes give: no state of one run leaks
** into the next (errors counted, callee names taken, variants, widened
** functions, dependencies for -MF).
*/
#include "tool_check.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "driver/driver.h"

static const char *src_a =
    "#include \"ha.h\"\n"
    "static double g(double u) { return u * SCALE_A; }\n"
    "double f(const double *x, int n) {\n"
    "  double s = 0;\n"
    "  for (int i = 0; i < n; i++) s += g(x[i]) * x[i];\n"
    "  return s;\n"
    "}\n"
    "#pragma ad grad(f) wrt(x[n])\n"
    "#pragma ad jvp(f) wrt(x[n])\n"
    "#pragma ad jacfwd(f) wrt(x[n])\n";

static const char *src_b =
    "#include \"hb.h\"\n"
    "static double g(double u) { return SCALE_B / u; }\n"
    "double f(const double *x, int n) {\n"
    "  double p = 1;\n"
    "  for (int i = 0; i < n; i++) p *= g(x[i]);\n"
    "  return p;\n"
    "}\n"
    "#pragma ad jvp(f) wrt(x[n])\n"
    "#pragma ad grad(f) wrt(x[n])\n";

static const char *src_bad = "double f(double x) { return x; }\n#pragma ad grad(nosuch)\n";

/* driver_run on DIR/name.c, writing DIR/tag/name.ad.c and DIR/tag/name.d */
static int run(const char *name, const char *tag) {
  const char *dir = tc_tmpdir();
  mkdir(xfmt("%s/%s", dir, tag), 0700);
  Options o = {0};
  o.input = xfmt("%s/%s.c", dir, name);
  o.output = xfmt("%s/%s/%s.ad.c", dir, tag, name);
  o.depfile = xfmt("%s/%s/%s.d", dir, tag, name);
  o.verify_ir = true;
  return driver_run(&o);
}

/* The same, in a child process. */
static int run_alone(const char *name, const char *tag) {
  fflush(NULL);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) _exit(run(name, tag));
  int st;
  ck_assert_int_eq(waitpid(pid, &st, 0), pid);
  ck_assert(WIFEXITED(st));
  return WEXITSTATUS(st);
}

static char *out(const char *name, const char *tag, const char *ext) {
  char *text = read_file(xfmt("%s/%s/%s.%s", tc_tmpdir(), tag, name, ext), NULL);
  ck_assert_msg(text != NULL, "no %s/%s.%s", tag, name, ext);
  /* the depfile names its own outputs: compare with the tag taken out */
  StrBuf b = {0};
  const char *t = xfmt("/%s/", tag);
  for (const char *p = text; *p;) {
    const char *hit = strstr(p, t);
    size_t n = hit ? (size_t)(hit - p) : strlen(p);
    sb_puts(&b, xstrndup(p, n));
    if (!hit) break;
    sb_puts(&b, "/TAG/");
    p = hit + strlen(t);
  }
  return sb_take(&b);
}

START_TEST(twice_in_one_process)
{
  tc_write("ha.h", "#define SCALE_A 2.0\n");
  tc_write("hb.h", "#define SCALE_B 3.0\n");
  tc_write("a.c", src_a);
  tc_write("b.c", src_b);
  tc_write("bad.c", src_bad);
  ck_assert_int_eq(run_alone("a", "alone"), 0);
  ck_assert_int_eq(run_alone("b", "alone"), 0);
  /* one process: an input error first, then a, b and a again */
  tc_capture_begin();
  int bad = run("bad", "one");
  char *said = tc_capture_end();
  ck_assert_int_eq(bad, 1);
  ck_assert_has(said, "nosuch");
  ck_assert_int_eq(run("a", "one"), 0);
  ck_assert_int_eq(run("b", "one"), 0);
  ck_assert_int_eq(run("a", "again"), 0);
  const char *exts[] = {"ad.c", "ad.h", "d"};
  for (int i = 0; i < 3; i++) {
    ck_assert_str_eq(out("a", "one", exts[i]), out("a", "alone", exts[i]));
    ck_assert_str_eq(out("b", "one", exts[i]), out("b", "alone", exts[i]));
    ck_assert_str_eq(out("a", "again", exts[i]), out("a", "alone", exts[i]));
  }
  ck_assert_has(out("b", "one", "ad.c"), "g_jvp(");  /* not g_jvp_2: a's names are gone */
  ck_assert_lacks(out("b", "one", "d"), "ha.h");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("run");
  TCase *tc = tcase_create("run");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, twice_in_one_process);
  suite_add_tcase(s, tc);
  return tc_run(s);
}
