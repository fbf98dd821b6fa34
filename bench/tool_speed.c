/*
 * tool_speed.c — the cost of running cc-ad itself (issue 11).
 *
 * Generates inputs of five shapes at three sizes each, runs cc-ad and
 * `clang -fsyntax-only` on every one, and prints wall time, peak memory
 * (the child's ru_maxrss from wait4), the size of the generated code, the
 * ratio of cc-ad's time to clang's, and the growth exponent between
 * successive sizes (log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic).
 *
 *   tool_speed [--ccad EXE] [--clang EXE] [--work DIR] [--limit SECONDS]
 *              [--quick] [SHAPE...]
 *       the table (all shapes, or those named); a run over the limit
 *       (default 60 s of CPU) is killed and the shape's larger sizes skipped.
 *   tool_speed gen SHAPE N FILE
 *       write one input.
 *   tool_speed check --ccad EXE [--work DIR] SHAPE N1 N2 MAXEXP SECONDS
 *       generate SHAPE at sizes N1 < N2 and run cc-ad on each (twice,
 *       the best CPU time kept); exit 1 unless both succeed, the growth
 *       exponents of CPU time, output size and peak memory stay at most
 *       MAXEXP, and N2 takes at most SECONDS of CPU (the CTest test that
 *       catches quadratic behaviour).
 *
 * The shapes (N is what grows):
 *   numeric   N ordinary numeric functions (loops, branches, math calls),
 *             44 lines each, half with a grad request, half with a jvp one
 *   straight  one straight-line function of N statements, as Maple or
 *             SymPy write them, with a grad request
 *   product   return x * x * ... * x, N factors (left-nested), grad
 *   elseif    an else-if chain N deep (the front end stops at 1024), grad
 *   loop      a loop whose body is N statements, grad
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- generators -------------------------------------------------------- */

static unsigned long rng = 12345;
static unsigned rnd(unsigned n) {
  rng = rng * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned)(rng >> 33) % n;
}

/* 44 lines of ordinary numerical C: a loop with a branch and math calls, a
 * second loop over a local array, a scalar tail. */
static void gen_numeric(FILE *f, int n) {
  fprintf(f, "#include <math.h>\n\n");
  for (int k = 0; k < n; k++) {
    if (k % 2 == 0) fprintf(f, "#pragma ad grad(fn%d) wrt(x[n], a)\n", k);
    else fprintf(f, "#pragma ad jvp(fn%d) wrt(x[n], a)\n", k);
    fprintf(f,
            "double fn%d(const double *x, int n, double a)\n"
            "{\n"
            "    double s = 0.0, t = 1.0, w[8];\n"
            "    for (int i = 0; i < 8; i++)\n"
            "        w[i] = 0.0;\n"
            "    for (int i = 0; i < n; i++) {\n"
            "        double u = x[i] * a + %d.0;\n"
            "        double v = u * u - 0.5 * x[i];\n"
            "        if (u > 0.0) {\n"
            "            s += sin(u) * x[i];\n"
            "            t = t * 0.5 + exp(-v * v);\n"
            "        } else {\n"
            "            s -= u * v;\n"
            "            t += cos(v) / (1.0 + u * u);\n"
            "        }\n"
            "        w[i %% 8] += u * t;\n"
            "    }\n"
            "    double m = 0.0;\n"
            "    for (int j = 0; j < 8; j++) {\n"
            "        double q = w[j] * w[j];\n"
            "        if (q > m)\n"
            "            m = q;\n"
            "        s += sqrt(q + 1.0) * %d.5;\n"
            "    }\n"
            "    double c = a * a + 1.0;\n"
            "    if (c > 4.0)\n"
            "        c = sqrt(c);\n"
            "    s = s / c;\n"
            "    t = t * c - 0.5 * s;\n"
            "    double r = s / (1.0 + t * t);\n"
            "    double p = r * r + log(1.0 + m);\n"
            "    int k = 0;\n"
            "    while (p > 10.0 && k < 20) {\n"
            "        p = p * 0.5;\n"
            "        k++;\n"
            "    }\n"
            "    double z = p * a - r;\n"
            "    z = z * z + tanh(s);\n"
            "    if (z < 0.0)\n"
            "        z = -z;\n"
            "    return z + pow(t, 2.0) * 0.25;\n"
            "}\n\n",
            k, k % 7, k % 5);
  }
}

/* t_k = an expression over three earlier temporaries, a math call now and
 * then, and every fourth statement an update of an accumulator. */
static void gen_straight(FILE *f, int n) {
  fprintf(f, "#include <math.h>\n\n#pragma ad grad(big) wrt(x[8])\n");
  fprintf(f, "double big(const double *x)\n{\n    double acc = 0.0;\n");
  for (int i = 0; i < 8; i++) fprintf(f, "    double t%d = x[%d];\n", i, i);
  unsigned nt = 8; /* temporaries defined so far */
  for (int k = 8; k < n; k++) {
    if (k % 4 == 3) {
      fprintf(f, "    acc = acc + t%u * %d.25;\n", nt - 1 - rnd(8), k % 9);
      continue;
    }
    unsigned a = nt - 1, b = nt - 1 - rnd(nt), c = nt - 1 - rnd(8), t = nt++;
    switch (k % 5) {
    case 0: fprintf(f, "    double t%u = t%u * t%u + 0.5 * t%u;\n", t, a, b, c); break;
    case 1: fprintf(f, "    double t%u = sin(t%u) - t%u * %d.0;\n", t, a, b, k % 3 + 1); break;
    case 2: fprintf(f, "    double t%u = (t%u + t%u) / (1.0 + t%u * t%u);\n", t, a, b, c, c); break;
    case 3: fprintf(f, "    double t%u = t%u * t%u - t%u;\n", t, a, c, b); break;
    default: fprintf(f, "    double t%u = 0.25 * t%u + exp(-t%u * t%u);\n", t, a, b, b); break;
    }
  }
  fprintf(f, "    return acc + t%u;\n}\n", nt - 1);
}

static void gen_product(FILE *f, int n) {
  fprintf(f, "#pragma ad grad(prod)\ndouble prod(double x)\n{\n    return x");
  for (int i = 1; i < n; i++) fprintf(f, i % 16 ? " * x" : "\n        * x");
  fprintf(f, ";\n}\n");
}

static void gen_elseif(FILE *f, int n) {
  fprintf(f, "#include <math.h>\n\n#pragma ad grad(chain) wrt(x)\n");
  fprintf(f, "double chain(double x, int k)\n{\n    double y = x;\n    if (k == 0)\n        y = x * x;\n");
  for (int i = 1; i < n; i++) {
    switch (i % 3) {
    case 0: fprintf(f, "    else if (k == %d)\n        y = x * %d.0 + y;\n", i, i); break;
    case 1: fprintf(f, "    else if (k == %d)\n        y = sin(x) * y;\n", i); break;
    default: fprintf(f, "    else if (k == %d)\n        y = x / (1.0 + y * y);\n", i); break;
    }
  }
  fprintf(f, "    else\n        y = -x;\n    return y * x;\n}\n");
}

static void gen_loop(FILE *f, int n) {
  fprintf(f, "#include <math.h>\n\n#pragma ad grad(body) wrt(x[n])\n");
  fprintf(f, "double body(const double *x, int n)\n{\n    double s = 0.0;\n");
  fprintf(f, "    for (int i = 0; i < n; i++) {\n        double t0 = x[i];\n");
  for (int k = 1; k < n; k++) {
    unsigned a = k - 1, b = k - 1 - rnd(k);
    switch (k % 4) {
    case 0: fprintf(f, "        double t%d = t%u * t%u + 0.5;\n", k, a, b); break;
    case 1: fprintf(f, "        double t%d = sin(t%u) * t%u;\n", k, a, b); break;
    case 2: fprintf(f, "        double t%d = t%u / (1.0 + t%u * t%u);\n", k, a, b, b); break;
    default: fprintf(f, "        s = s + t%u * t%u;\n        double t%d = t%u - s;\n", a, b, k, a); break;
    }
  }
  fprintf(f, "        s = s + t%d;\n    }\n    return s;\n}\n", n - 1);
}

typedef struct Shape {
  const char *name;
  void (*gen)(FILE *, int);
  int sizes[3];
  const char *unit;
} Shape;

static const Shape shapes[] = {
    {"numeric", gen_numeric, {50, 100, 200}, "functions"},
    {"straight", gen_straight, {12500, 25000, 50000}, "statements"},
    {"product", gen_product, {2000, 4000, 8000}, "factors"},
    {"elseif", gen_elseif, {250, 500, 1000}, "branches"},
    {"loop", gen_loop, {2500, 5000, 10000}, "statements"},
};
enum { NSHAPES = sizeof shapes / sizeof shapes[0] };

static const Shape *find_shape(const char *name) {
  for (int i = 0; i < NSHAPES; i++)
    if (!strcmp(shapes[i].name, name)) return &shapes[i];
  fprintf(stderr, "tool_speed: unknown shape '%s'\n", name);
  exit(2);
}

static void write_input(const Shape *s, int n, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "tool_speed: cannot write %s: %s\n", path, strerror(errno));
    exit(2);
  }
  rng = 12345;
  s->gen(f, n);
  fclose(f);
}

/* ---- running ----------------------------------------------------------- */

typedef struct Run {
  int ok;          /* exit 0 within the limit */
  int timed_out;
  double secs;     /* CPU time (user + system): steadier than wall time on a shared machine */
  double wall;
  double mb;       /* peak resident set, MiB */
} Run;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs argv with stdout and stderr to LOG, killed after limit seconds of
 * CPU time (or 20 times that of wall time). */
static Run run(char *const argv[], const char *log, double limit) {
  Run r = {0};
  double t0 = now();
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    perror("tool_speed: fork");
    exit(2);
  }
  if (pid == 0) {
    /* the limit is CPU time (a loaded machine stretches wall time) */
    struct rlimit cpu = {(rlim_t)limit + 1, (rlim_t)limit + 2};
    setrlimit(RLIMIT_CPU, &cpu);
    FILE *f = freopen(log, "w", stdout);
    if (f) dup2(fileno(stdout), 2);
    execvp(argv[0], argv);
    fprintf(stderr, "tool_speed: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  for (;;) {
    pid_t w = wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      perror("tool_speed: wait4");
      exit(2);
    }
    if (now() - t0 > 20 * limit && !r.timed_out) {
      kill(pid, SIGKILL);
      r.timed_out = 1;
    }
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
  }
  r.wall = now() - t0;
  r.secs = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  r.mb = (double)ru.ru_maxrss / 1024.0;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) r.timed_out = 1;
  r.ok = !r.timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

static long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

static double exponent(double t1, double t2, int n1, int n2) {
  if (t1 <= 0 || t2 <= 0) return NAN;
  return log(t2 / t1) / log((double)n2 / (double)n1);
}

typedef struct Opts {
  const char *ccad, *clang, *work;
  double limit;
  int quick;
} Opts;

static Run run_ccad(const Opts *o, const char *src, const char *out, double limit) {
  char log[4200];
  snprintf(log, sizeof log, "%s.log", src);
  char *argv[] = {(char *)o->ccad, "-o", (char *)out, (char *)src, NULL};
  return run(argv, log, limit);
}

static void table(const Opts *o, const Shape **sel, int nsel) {
  printf("%-9s %7s %10s %9s %9s %9s %8s %6s %9s %6s\n", "shape", "N", "input", "cc-ad s", "cc-ad MB",
         "output", "clang s", "ratio", "clang MB", "exp");
  for (int si = 0; si < nsel; si++) {
    const Shape *s = sel[si];
    double prev_t = 0, prev_out = 0;
    int prev_n = 0, skip = 0;
    for (int k = 0; k < 3; k++) {
      int n = s->sizes[k];
      if (o->quick) n /= 4;
      if (skip) {
        printf("%-9s %7d %10s   (skipped: the smaller size ran over the limit)\n", s->name, n, "");
        continue;
      }
      char src[4096], out[4096], log[4096];
      snprintf(src, sizeof src, "%s/%s_%d.c", o->work, s->name, n);
      snprintf(out, sizeof out, "%s/%s_%d.ad.c", o->work, s->name, n);
      snprintf(log, sizeof log, "%s/%s_%d.clang.log", o->work, s->name, n);
      write_input(s, n, src);
      char *cargv[] = {(char *)o->clang, "-fsyntax-only", "-w", src, NULL};
      Run c = run(cargv, log, o->limit);
      unlink(out);
      Run r = run_ccad(o, src, out, o->limit);
      char hdr[4096];
      snprintf(hdr, sizeof hdr, "%s/%s_%d.ad.h", o->work, s->name, n);
      double outkb = (double)(file_size(out) + file_size(hdr)) / 1024.0;
      char insz[32], outsz[32], tsec[32], ex[32];
      snprintf(insz, sizeof insz, "%.0f kB", (double)file_size(src) / 1024.0);
      snprintf(outsz, sizeof outsz, "%.0f kB", outkb);
      if (r.timed_out) snprintf(tsec, sizeof tsec, ">%.0f", o->limit);
      else if (!r.ok) snprintf(tsec, sizeof tsec, "FAILED");
      else snprintf(tsec, sizeof tsec, "%.2f", r.secs);
      double e = prev_n && r.ok ? exponent(prev_t, r.secs, prev_n, n) : NAN;
      double eo = prev_n && r.ok ? exponent(prev_out, outkb, prev_n, n) : NAN;
      if (isnan(e)) snprintf(ex, sizeof ex, "-");
      else snprintf(ex, sizeof ex, "%.2f", e);
      printf("%-9s %7d %10s %9s %9.0f %9s %8.2f %6.1f %9.0f %6s", s->name, n, insz, tsec, r.mb,
             r.ok ? outsz : "-", c.secs, r.ok ? r.secs / c.secs : NAN, c.mb, ex);
      if (!isnan(eo)) printf("  (output exp %.2f)", eo);
      if (!c.ok) printf("  (clang failed: %s)", log);
      if (!r.ok && !r.timed_out) printf("  (see %s.log)", src);
      printf("\n");
      fflush(stdout);
      if (!r.ok) skip = 1;
      prev_t = r.secs, prev_out = outkb, prev_n = n;
    }
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: tool_speed [--ccad EXE] [--clang EXE] [--work DIR] [--limit S] [--quick] [SHAPE...]\n"
          "       tool_speed gen SHAPE N FILE\n"
          "       tool_speed check --ccad EXE [--work DIR] SHAPE N1 N2 MAXEXP SECONDS\n"
          "shapes:");
  for (int i = 0; i < NSHAPES; i++) fprintf(stderr, " %s", shapes[i].name);
  fprintf(stderr, "\n");
  exit(2);
}

int main(int argc, char **argv) {
  Opts o = {getenv("CCAD") ? getenv("CCAD") : "cc-ad", "clang", NULL, 60, 0};
  int i = 1;
  const char *mode = "table";
  if (i < argc && (!strcmp(argv[i], "gen") || !strcmp(argv[i], "check"))) mode = argv[i++];
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--quick")) o.quick = 1;
    else if (i + 1 >= argc) usage();
    else if (!strcmp(argv[i], "--ccad")) o.ccad = argv[++i];
    else if (!strcmp(argv[i], "--clang")) o.clang = argv[++i];
    else if (!strcmp(argv[i], "--work")) o.work = argv[++i];
    else if (!strcmp(argv[i], "--limit")) o.limit = atof(argv[++i]);
    else usage();
  }
  if (!strcmp(mode, "gen")) {
    if (argc - i != 3) usage();
    write_input(find_shape(argv[i]), atoi(argv[i + 1]), argv[i + 2]);
    return 0;
  }
  char tmpl[] = "/tmp/tool_speed.XXXXXX";
  if (!o.work) {
    o.work = mkdtemp(tmpl);
    if (!o.work) {
      perror("tool_speed: mkdtemp");
      return 2;
    }
  } else {
    mkdir(o.work, 0777);
  }
  if (!strcmp(mode, "check")) {
    if (argc - i != 5) usage();
    const Shape *s = find_shape(argv[i]);
    int n[2] = {atoi(argv[i + 1]), atoi(argv[i + 2])};
    double maxexp = atof(argv[i + 3]), limit = atof(argv[i + 4]);
    Run r[2];
    double out[2];
    int bad = 0;
    for (int k = 0; k < 2; k++) {
      char src[4096], dst[4096];
      snprintf(src, sizeof src, "%s/%s_%d.c", o.work, s->name, n[k]);
      snprintf(dst, sizeof dst, "%s/%s_%d.ad.c", o.work, s->name, n[k]);
      write_input(s, n[k], src);
      r[k] = run_ccad(&o, src, dst, 2 * limit);
      /* The best of two runs: one slowed by a busy neighbour (CI runs
       * tests two at a time) reads as growth at the small size. */
      Run again = r[k].ok ? run_ccad(&o, src, dst, 2 * limit) : r[k];
      if (again.ok && again.secs < r[k].secs) r[k] = again;
      out[k] = (double)file_size(dst);
      printf("tool_speed: cc-ad on %s of %d %s: %s in %.2f s CPU (%.2f s wall), %.0f MB, %.0f bytes of output\n",
             s->name, n[k], s->unit, r[k].ok ? "ok" : r[k].timed_out ? "killed" : "FAILED", r[k].secs, r[k].wall,
             r[k].mb, out[k]);
      bad |= !r[k].ok;
    }
    if (!bad) {
      double et = exponent(r[0].secs, r[1].secs, n[0], n[1]), eo = exponent(out[0], out[1], n[0], n[1]);
      double em = exponent(r[0].mb, r[1].mb, n[0], n[1]);
      printf("tool_speed: growth exponents from %d to %d: time %.2f, output %.2f, memory %.2f (at most %.2f wanted)\n",
             n[0], n[1], et, eo, em, maxexp);
      if (et > maxexp || eo > maxexp || em > maxexp) bad = 1;
      if (r[1].secs > limit) {
        printf("tool_speed: %.2f s CPU at %d, over the bound of %.0f s\n", r[1].secs, n[1], limit);
        bad = 1;
      }
    }
    if (bad) {
      printf("tool_speed: FAILED (inputs and logs in %s)\n", o.work);
      return 1;
    }
    for (int k = 0; k < 2; k++) {  /* passed: leave nothing behind */
      static const char *ext[] = {".c", ".c.log", ".ad.c", ".ad.h"};
      for (int x = 0; x < 4; x++) {
        char f[4200];
        snprintf(f, sizeof f, "%s/%s_%d%s", o.work, s->name, n[k], ext[x]);
        unlink(f);
      }
    }
    rmdir(o.work);  /* when empty */
    return 0;
  }
  const Shape *sel[NSHAPES];
  int nsel = 0;
  for (; i < argc; i++) sel[nsel++] = find_shape(argv[i]);
  if (!nsel)
    for (int k = 0; k < NSHAPES; k++) sel[nsel++] = &shapes[k];
  printf("tool_speed: cc-ad %s against %s -fsyntax-only; inputs in %s\n", o.ccad, o.clang, o.work);
  printf("(s: CPU seconds, user + system, steadier than wall time on a shared machine; MB: peak resident set; exp: growth exponent of cc-ad's time from the\n"
         " previous size, 1 = linear, 2 = quadratic; ratio: cc-ad time / clang time)\n");
  table(&o, sel, nsel);
  return 0;
}
