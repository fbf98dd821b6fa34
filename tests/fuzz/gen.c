/*
** gen.c: writes one random differentiable C program, a self-checking case
** in the style of tests/cases, deterministic from a seed.
**
**     ccad_fuzz_gen --seed S [--features LIST] [--name NAME] [--size small] > NAME.c
**
** The program defines one random body twice, as
**     void fv(const T *x, T a, T *y, int n)   (y[0..M) = r0..r(M-1))
**     T    fs(const T *x, T a, int n)         (a nonlinear mix of r0..)
** plus the helpers, structs and custom rules the body uses, requests
** jvp/vjp of both, grad/hessian/hvp of fs, jacfwd/jacrev of fv and
** jacfwd(fs_grad), and a main that hands flat wrappers of everything to
** fz_run (tests/fuzz/fuzz_check.h), which does the checking.
**
** Values stay well conditioned by construction: every generated
** expression carries a bound on its magnitude (inputs in [-1, 1]); a value
** whose bound exceeds 3 is scaled down where it is read; <math.h> functions
** get arguments inside their smooth domain whatever their operand is
** (log(1.5 + sin(e)), sqrt(1 + e*e), asin(0.5 * tanh(e)), ...). Data
** branches can still put x within a step of a kink; fz_run probes for that.
**
** Minimisation: every removable line ends in a marker comment `//@U`;
** lines with the same U are one unit (a statement, the header and closing
** brace of a block, a helper function, a request with its #define), which
** tests/fuzz/minimise.sh removes as a whole. Unmarked lines stay.
**
** Features (--features a,b,... or all, or all,-x to drop x):
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- features */

#define FEATURES(X)                                                         \
    X(loops, "counted loops (up, down, strided, constant bound)")          \
    X(dloops, "data-dependent loops (while, bound from data)")             \
    X(brk, "break, continue, early return")                                \
    X(branches, "if/else on data")                                         \
    X(ternary, "?: on data")                                               \
    X(compound, "compound assignment += -= *= /=")                         \
    X(arrays, "local arrays")                                              \
    X(vla, "VLAs")                                                         \
    X(malloc, "malloc'd and calloc'd scratch")                             \
    X(gather, "gathers and scatter-adds with computed indices")            \
    X(helpers, "helpers: scalars by value, outputs through pointers, in-out arrays, reductions") \
    X(recursion, "a small recursive helper")                               \
    X(allocret, "helpers returning allocated memory")                      \
    X(structs, "structs: by pointer, by value, arrays of structs, nested") \
    X(valwrite, "a helper writes its by-value struct parameter (item 2)")  \
    X(alias, "an argument reads what the callee writes: h(e(v), &v), sptr(&s, e(s.p)) (item 3)") \
    X(ptr, "pointer arithmetic: p + i, *p++, 1-based --w")                 \
    X(mem, "memcpy, memset")                                               \
    X(zinit, "= {0} initialisers of structs")                              \
    X(castmalloc, "(T *)malloc(n * sizeof *p) (item 14c)")                 \
    X(macros, "function-like macros, allocation inside a macro (item 6)")  \
    X(literals, "compound literals (S0){...}, &(S0){...}; GNU statement expressions ({ T t = e; t * t; })") \
    X(vlaparam, "a helper with a VLA parameter called with x + 1 (item 4)") \
    X(guards, "?: arms valid only under their condition: c > 0 ? sqrt(c) : c (item 14)") \
    X(math, "every <math.h> function in its smooth domain")                \
    X(kinks, "fabs, fmin, fmax, floor")                                    \
    X(float, "float programs (one in three)")                              \
    X(custom, "custom_jvp / custom_vjp rules")                             \
    X(inactive, "inactive functions")                                      \
    X(checkpoint, "#pragma ad checkpoint before loops")                    \
    X(omp, "OpenMP loops (opt-in: not in 'all'): reductions, a private temporary, stores at the loop's index") \
    X(scalar, "the scalar parameter a is an active input")                 \
    X(jacfwd, "request jacfwd(fv)")                                        \
    X(jacrev, "request jacrev(fv)")                                        \
    X(hessian, "request hessian(fs)")                                      \
    X(hvp, "request hvp(fs)")                                              \
    X(compose, "request jacfwd(fs_grad)")                                  \
    X(sparse, "the sparse clause: jacfwd, jacrev (and hessian) against the dense results") \
    X(ckptcall, "(opt-in) call checkpointing, checkpointed while/do loops, snapshots=K, nested checkpoints") \
    X(scratch, "(opt-in) a parameter st[n] of active state read back, scratch(st[n]) in every request") \
    X(vmap, "(opt-in) vmap(fv), vmap(fs), vmap(fs_grad) / vmap(grad(fs)), vmap(fs_hvp), vmap(fv_jacfwd), element by element") \
    X(nested, "(opt-in) jvp(grad(fs)), grad(jvp(fs)) against fs_hvp; jacfwd(grad(fs)) for jacfwd(fs_grad)")                   \
    X(mayalias, "(opt-in) fa(u, v, c, n) with may_alias(u, v), called in place and on overlapping buffers") \
    X(ifguard, "(opt-in) if arms whose locals are defined only under the condition: if (c > 0.1) { T t = sqrt(c); ... }") \
    X(ompalias, "(opt-in) helpers with a parallel loop given two read-only pointers into one array: ompd(d, x + p, x + q, k), rows ompr(o, x + q, x + p, m, k)")

#define AS_ENUM(name, doc) F_##name,
enum { FEATURES(AS_ENUM) NFEAT };
#define AS_NAME(name, doc) #name,
static const char *feat_name[] = {FEATURES(AS_NAME)};
#define AS_DOC(name, doc) doc,
static const char *feat_doc[] = {FEATURES(AS_DOC)};
static int feat[NFEAT];

/* ------------------------------------------------------------------ RNG */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int rint_(int n) { return n <= 1 ? 0 : (int)(rnd() % (uint64_t)n); }
static int chance(int pct) { return rint_(100) < pct; }

/* ---------------------------------------------------------------- lines */

/* A line of output: its text, indent and unit (0: fixed). */
typedef struct Line {
    char *text;
    int indent, unit;
} Line;

typedef struct Buf {
    Line *v;
    int n, cap;
} Buf;

static Buf top, body; /* file-scope definitions; the body of fv/fs */
static Buf *out = &body;
static int indent = 1;
static int next_unit = 1;

static char *vfmt(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *s = malloc((size_t)len + 1);
    vsnprintf(s, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    return s;
}

static void emit(int unit, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    if (out->n == out->cap) {
        out->cap = out->cap ? 2 * out->cap : 256;
        out->v = realloc(out->v, (size_t)out->cap * sizeof *out->v);
    }
    out->v[out->n].text = vfmt(f, ap);
    out->v[out->n].indent = indent;
    out->v[out->n].unit = unit;
    out->n++;
    va_end(ap);
}

/* ------------------------------------------------------- program state */

static int N, M;         /* n passed by main; outputs of fv */
static int small;        /* --size small: fewer, shallower statements */
static int is_float;
static const char *T;    /* "double" or "float" */
static const char *FS;   /* math suffix: "" or "f" */

/* A constant in the program's type. */
static char *K(double v)
{
    return fmt(is_float ? "%.2ff" : "%.2f", v);
}

/* A named value the body can read: a scalar, or an array of N (arrays of
** fixed, VLA or malloc'd storage look the same to reads). */
typedef struct Var {
    char name[32];
    double bound; /* |value| <= bound, roughly */
    int is_array;
    int depth;    /* scope depth it was declared at */
} Var;

static Var vars[256];
static int nvars;
static int depth;          /* block nesting in the body */
static char loopv[8][8];   /* loop counters in scope, each in [0, n) */
static int nloopv;
static int loopmul = 1;    /* product of the trip counts of enclosing loops */
static int in_loop;
static int in_while;       /* the innermost loop is a while that counts at its end: no continue */
static int nmalloc;        /* malloc'd buffers (freed before any return) */
static char mallocs[16][32];
static int malloc_unit[16];
static int ntmp;

/* Helpers and rules defined at file scope, which the body may call. */
enum HelperKind { H_SCALAR, H_OUTPTR, H_INOUT, H_REDUCE, H_REDUCE1, H_RECUR, H_ALLOCRET,
                  H_SPTR, H_SVAL, H_CUSTOM, H_INACTIVE, H_VLA, H_SWEEP, H_OMPD, H_OMPR, NHK };
static int helper_unit[NHK]; /* 0: not defined */
static int have_struct;      /* S0 and S1 defined */
static int struct_live;      /* locals s0 (S0), s1 (S1), sa[3] declared */
static int have_idx;         /* int idx[N] defined */

static Var *var_add(const char *name, double bound, int is_array)
{
    Var *v = &vars[nvars++];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->bound = bound;
    v->is_array = is_array;
    v->depth = depth;
    return v;
}

static Var *pick_var(int is_array)
{
    int cand[256], nc = 0;
    for (int i = 0; i < nvars; i++)
        if (vars[i].is_array == is_array)
            cand[nc++] = i;
    return nc ? &vars[cand[rint_(nc)]] : NULL;
}

/* ---------------------------------------------------------- expressions */

typedef struct Ex {
    char *s;
    double b; /* bound on |value| */
} Ex;

static Ex ex(char *s, double b) { Ex e = {s, b}; return e; }

/* Scale e down so its bound is at most 3 (values stay O(1)). */
static Ex tame(Ex e)
{
    if (e.b <= 3.0)
        return e;
    double c = 2.0 / e.b;
    if (c < 0.01)
        c = 0.01;
    return ex(fmt(is_float ? "(%.3gf * %s)" : "(%.3g * %s)", c, e.s), 2.0);
}

/* An index in [0, n): a loop counter, a shift of one, a gather, or a constant. */
static char *index_expr(void)
{
    if (nloopv && chance(80)) {
        const char *i = loopv[rint_(nloopv)];
        switch (rint_(feat[F_gather] ? 5 : 3)) {
        case 0: return fmt("%s", i);
        case 1: return fmt("(%s + %d) %% n", i, 1 + rint_(N - 1));
        case 2: return fmt("n - 1 - %s", i);
        default:
            if (have_idx)
                return fmt("idx[%s]", i);
            return fmt("(%s * %d + 1) %% n", i, 2 + rint_(3));
        }
    }
    return fmt("%d", rint_(N));
}

static Ex expr(int d);

static Ex leaf(void)
{
    for (;;) {
        switch (rint_(10)) {
        case 0:
        case 1:
        case 2:
            return ex(fmt("x[%s]", index_expr()), 1.0);
        case 3:
            return ex(fmt("a"), 1.0);
        case 4:
            return ex(K(0.1 * (1 + rint_(9)) * (chance(30) ? -1 : 1)), 1.0);
        case 5: {
            Var *v = pick_var(0);
            if (v)
                return tame(ex(fmt("%s", v->name), v->bound));
            break;
        }
        case 6: {
            Var *v = pick_var(1);
            if (v)
                return tame(ex(fmt("%s[%s]", v->name, index_expr()), v->bound));
            break;
        }
        case 7:
            if (struct_live) {
                switch (rint_(4)) {
                case 0: return ex(fmt("s0.p"), 3.0);
                case 1: return ex(fmt("s0.v[%d]", rint_(4)), 3.0);
                case 2: return ex(fmt("s1.in.q"), 3.0);
                default: return ex(fmt("sa[%d].p", rint_(3)), 3.0);
                }
            }
            break;
        case 8:
            if (feat[F_ptr]) {
                /* a pointer offset into x, read at an index in range */
                int off = 1 + rint_(N - 1);
                return ex(fmt("(x + %d)[%d]", off, rint_(N - off)), 1.0);
            }
            break;
        case 9:
            if (helper_unit[H_INACTIVE])
                return ex(fmt("noise(%s)", nloopv ? loopv[0] : "3"), 0.3);
            break;
        }
    }
}

/* A call of a <math.h> function, its argument kept in its smooth domain. */
static Ex mathcall(int d)
{
    Ex e = expr(d - 1), e2;
    const char *s = e.s;
    int ext = feat[F_math];
    for (;;) {
        switch (rint_(ext ? 28 : 8)) {
        case 0: return ex(fmt("sin%s(%s)", FS, s), 1);
        case 1: return ex(fmt("cos%s(%s)", FS, s), 1);
        case 2: return ex(fmt("tanh%s(%s)", FS, s), 1);
        case 3: return ex(fmt("exp%s(%s * %s)", FS, K(0.3), s), 2.5);
        case 4: return ex(fmt("log%s(%s + sin%s(%s))", FS, K(1.5), FS, s), 1);
        case 5: return ex(fmt("sqrt%s(%s + %s * %s)", FS, K(1), s, s), 3.2);
        case 6: return ex(fmt("atan%s(%s)", FS, s), 1.6);
        case 7: return ex(fmt("pow%s(%s + cos%s(%s), %s)", FS, K(1.5), FS, s, K(1.3)), 3.3);
        case 8: return ex(fmt("expm1%s(%s * %s)", FS, K(0.3), s), 1.5);
        case 9: return ex(fmt("log1p%s(%s * %s)", FS, s, s), 2.4);
        case 10: return ex(fmt("log2%s(%s + cos%s(%s))", FS, K(2), FS, s), 1.6);
        case 11: return ex(fmt("log10%s(%s + cos%s(%s))", FS, K(2), FS, s), 0.5);
        case 12: return ex(fmt("exp2%s(%s * %s)", FS, K(0.4), s), 2.3);
        case 13: return ex(fmt("cosh%s(%s * %s)", FS, K(0.3), s), 1.5);
        case 14: return ex(fmt("sinh%s(%s * %s)", FS, K(0.3), s), 1.1);
        case 15: return ex(fmt("asin%s(%s * tanh%s(%s))", FS, K(0.5), FS, s), 0.6);
        case 16: return ex(fmt("acos%s(%s * tanh%s(%s))", FS, K(0.5), FS, s), 2.1);
        case 17: return ex(fmt("asinh%s(%s)", FS, s), 1.9);
        case 18: return ex(fmt("acosh%s(%s + %s * %s)", FS, K(1.5), s, s), 3.1);
        case 19: return ex(fmt("atanh%s(%s * tanh%s(%s))", FS, K(0.5), FS, s), 0.6);
        case 20: return ex(fmt("cbrt%s(%s + sin%s(%s))", FS, K(2), FS, s), 1.5);
        case 21: return ex(fmt("erf%s(%s)", FS, s), 1);
        case 22: return ex(fmt("erfc%s(%s)", FS, s), 2);
        case 23: return ex(fmt("tgamma%s(%s + %s * sin%s(%s))", FS, K(1.5), K(0.4), FS, s), 1);
        case 24: return ex(fmt("lgamma%s(%s + %s * sin%s(%s))", FS, K(1.5), K(0.4), FS, s), 0.2);
        case 25:
            e2 = expr(d - 1);
            return ex(fmt("atan2%s(%s, %s + cos%s(%s))", FS, s, K(2), FS, e2.s), 1.6);
        case 26: return ex(fmt("hypot%s(%s, %s)", FS, s, K(0.5)), e.b + 0.5);
        case 27:
            e2 = expr(d - 1);
            return ex(fmt("pow%s(%s + cos%s(%s), %s + %s * sin%s(%s))", FS, K(1.5), FS, s,
                          K(0.8), K(0.3), FS, e2.s), 3.6);
        }
    }
}

/* A call of a generated helper or rule, or NULL-string when none fits. */
static Ex helpercall(int d)
{
    for (int tries = 0; tries < 6; tries++) {
        Var *arr;
        switch (rint_(8)) {
        case 7:
            if (helper_unit[H_VLA])
                /* n > 1: gcc -Wstringop-overflow on a VLA bound n - 1 <= 0 */
                return ex(chance(50) ? fmt("(n > 1 ? hvla(n - 1, x + 1) : %s)", K(0))
                                     : fmt("hvla(n, x)"), 3);
            break;
        case 0:
            if (helper_unit[H_SCALAR]) {
                Ex u = expr(d - 1), v = expr(d - 1);
                return ex(fmt("hs(%s, %s)", u.s, v.s), 3);
            }
            break;
        case 1:
            if (helper_unit[H_RECUR])
                return ex(fmt("hrec(%s, %d)", expr(d - 1).s, 1 + rint_(3)), 3);
            break;
        case 2:
            if (helper_unit[H_REDUCE]) {
                arr = pick_var(1);
                if (arr && chance(50))
                    return ex(fmt("hred(%s, n)", arr->name), 3);
                return ex(fmt("hred(x, n)"), 3);
            }
            break;
        case 3:
            if (helper_unit[H_REDUCE1]) {
                int off = rint_(2);
                return ex(off ? fmt("hone(x + 1, n - 1)") : fmt("hone(x, n)"), 3);
            }
            break;
        case 4:
            if (helper_unit[H_SVAL] && struct_live && feat[F_literals] && chance(40)) {
                /* a compound literal by value, fields from data (the rest zero) */
                Ex p = expr(d - 1), q = expr(d - 1), u = expr(d - 1);
                return ex(fmt("sval((S0){.p = %s, .q = %s, .tag = 1}, %s)", tame(p).s, tame(q).s, u.s), 3);
            }
            if (helper_unit[H_SVAL] && struct_live)
                return ex(fmt("sval(%s, %s)", chance(50) ? "s0" : "sa[1]", expr(d - 1).s), 3);
            break;
        case 5:
            if (helper_unit[H_CUSTOM])
                return ex(fmt("softp(%s)", expr(d - 1).s), 3.1);
            break;
        case 6:
            if (helper_unit[H_INACTIVE])
                return ex(fmt("noise(%d)", rint_(9)), 0.3);
            break;
        }
    }
    return ex(NULL, 0);
}

static Ex expr(int d)
{
    if (d <= 0)
        return leaf();
    for (;;) {
        Ex a, b, c;
        switch (rint_(11)) {
        case 0:
        case 1:
            return leaf();
        case 2:
            a = expr(d - 1), b = expr(d - 1);
            return tame(ex(fmt("(%s + %s)", a.s, b.s), a.b + b.b));
        case 3:
            a = expr(d - 1), b = expr(d - 1);
            return tame(ex(fmt("(%s - %s * %s)", a.s, K(0.5), b.s), a.b + 0.5 * b.b));
        case 4:
            a = expr(d - 1), b = expr(d - 1);
            return tame(ex(fmt("%s * %s", a.s, b.s), a.b * b.b));
        case 5:
            a = expr(d - 1), b = expr(d - 1);
            return tame(ex(fmt("%s / (%s + %s * %s)", a.s, K(1.5), b.s, b.s), a.b / 1.5));
        case 6:
        case 7:
            return mathcall(d);
        case 8:
            if (feat[F_guards] && chance(30)) {
                /* the arm is evaluated only where its function is defined */
                a = expr(d - 1), b = expr(d - 1);
                switch (rint_(3)) {
                case 0:
                    return ex(fmt("(%s > %s ? sqrt%s(%s) : %s)", a.s, K(0.1), FS, a.s, b.s),
                              a.b > b.b ? a.b : b.b);
                case 1:
                    return ex(fmt("(%s > %s ? log%s(%s) : %s)", a.s, K(0.2), FS, a.s, b.s),
                              a.b > b.b ? a.b : b.b);
                default:
                    return ex(fmt("(%s < %s ? asin%s(%s) : %s)", "fabs(" "x[0])", K(0.9), FS,
                                  "x[0]", b.s), b.b > 1.6 ? b.b : 1.6);
                }
            }
            if (feat[F_ternary]) {
                a = expr(d - 1), b = expr(d - 1), c = expr(d - 1);
                return ex(fmt("(%s > %s ? %s : %s)", a.s, K(0.1 * (rint_(9) - 4)), b.s, c.s),
                          b.b > c.b ? b.b : c.b);
            }
            break;
        case 9:
            if (feat[F_kinks]) {
                a = expr(d - 1), b = expr(d - 1);
                switch (rint_(4)) {
                case 0: return ex(fmt("fabs%s(%s)", FS, a.s), a.b);
                case 1: return ex(fmt("fmax%s(%s, %s)", FS, a.s, b.s), a.b > b.b ? a.b : b.b);
                case 2: return ex(fmt("fmin%s(%s, %s)", FS, a.s, b.s), a.b > b.b ? a.b : b.b);
                default: return ex(fmt("(%s + floor%s(%s))", a.s, FS, b.s), a.b + b.b + 1);
                }
            }
            break;
        case 10:
            if (feat[F_literals] && chance(30)) {
                a = expr(d - 1);
                return tame(ex(fmt("FZ_SQX(%s)", a.s), a.b * a.b));
            }
            a = helpercall(d);
            if (a.s)
                return a;
            if (feat[F_macros]) {
                a = expr(d - 1);
                return tame(ex(fmt("SQ(%s)", a.s), a.b * a.b));
            }
            break;
        }
    }
}

/* --------------------------------------------------------- statements */

static void stmts(int count, int d);

static char *tmpname(void) { return fmt("t%d", ntmp++); }

/* What an early return writes before returning: the body is emitted twice,
** and the marker line becomes fv's or fs's epilogue. */
#define RET_MARK "\x01RET"

/* Free every buffer before a return: an early return's frees belong to its
** unit; the final ones (unit 0) to their allocation's. */
static void free_all(int unit)
{
    for (int i = 0; i < nmalloc; i++)
        emit(unit ? unit : malloc_unit[i], "free(%s);", mallocs[i]);
}

/* An assignment to an existing scalar, plain or compound. */
static void assign_stmt(int d)
{
    Var *v = pick_var(0);
    int u = next_unit++;
    Ex e = expr(d);
    while (strcmp(e.s, v->name) == 0) /* x = x: clang -Wself-assign */
        e = expr(d);
    if (feat[F_ckptcall] && chance(20)) {
        /* a checkpointed assignment of a helper's result */
        Ex h = helpercall(d);
        if (h.s && !strstr(h.s, v->name)) {
            emit(u, "#pragma ad checkpoint");
            emit(u, "%s = %s;", v->name, h.s);
            v->bound = h.b;
            return;
        }
    }
    if (!feat[F_compound] || chance(40)) {
        emit(u, "%s = %s;", v->name, e.s);
        v->bound = e.b;
        return;
    }
    switch (rint_(4)) {
    case 0:
        emit(u, "%s += %s * %s;", v->name, K(0.3), e.s);
        v->bound += 0.3 * e.b * loopmul;
        break;
    case 1:
        emit(u, "%s -= %s * %s;", v->name, K(0.2), e.s);
        v->bound += 0.2 * e.b * loopmul;
        break;
    case 2:
        emit(u, "%s *= %s + %s * tanh%s(%s);", v->name, K(1), K(0.1), FS, e.s);
        for (int i = 0; i < loopmul && v->bound < 1e6; i++)
            v->bound *= 1.1;
        break;
    default:
        emit(u, "%s /= %s + cos%s(%s);", v->name, K(2), FS, e.s);
        break;
    }
}

static void open_block(int u, const char *head)
{
    emit(u, "%s {", head);
    indent++;
    depth++;
}

static void close_block(int u)
{
    /* locals of the block die here */
    while (nvars && vars[nvars - 1].depth >= depth)
        nvars--;
    depth--;
    indent--;
    emit(u, "}");
}

static const char *loop_names[] = {"i", "j", "k", "l", "i4", "i5"};

/* A checkpoint line (feature ckptcall): plain, or with a snapshot budget. */
static char *ckpt_pragma(void)
{
    if (chance(40))
        return fmt("#pragma ad checkpoint(snapshots=%d)", 1 + rint_(4));
    return fmt("#pragma ad checkpoint");
}

/* Before a statement that calls a function: call checkpointing (ckptcall). */
static void ckpt_call(int u)
{
    if (feat[F_ckptcall] && chance(50))
        emit(u, "#pragma ad checkpoint");
}

static void loop_stmt(int d)
{
    int u = next_unit++;
    const char *i = loop_names[nloopv];
    int trip = N;
    if (feat[F_checkpoint] && depth == 0 && chance(30))
        emit(u, "#pragma ad checkpoint");
    else if (feat[F_ckptcall] && chance(30)) /* at any depth: checkpoints nest */
        emit(u, "%s", ckpt_pragma());
    switch (rint_(4)) {
    case 0: open_block(u, fmt("for (int %s = 0; %s < n; %s++)", i, i, i)); break;
    case 1: open_block(u, fmt("for (int %s = n - 1; %s >= 0; %s--)", i, i, i)); break;
    case 2:
        open_block(u, fmt("for (int %s = 1; %s < n; %s += 2)", i, i, i));
        trip = N / 2;
        break;
    default: open_block(u, fmt("for (int %s = 0; %s < %d; %s++)", i, i, N, i)); break;
    }
    snprintf(loopv[nloopv++], sizeof loopv[0], "%s", i);
    int save_mul = loopmul;
    loopmul *= trip;
    in_loop++;
    int save_while = in_while;
    in_while = 0;
    stmts(1 + rint_(3), d + 1);
    in_while = save_while;
    in_loop--;
    loopmul = save_mul;
    nloopv--;
    close_block(u);
}

/* A loop whose trip count depends on data; every form is bounded by n. */
static void dloop_stmt(int d)
{
    int u = next_unit++;
    const char *k = loop_names[nloopv];
    Var *v = pick_var(0);
    Ex e = expr(1);
    int is_while = 0;
    char *do_cond = NULL; /* the do form's condition */
    /* (ckptcall: an online schedule, the trip count unknown on entry) */
    char *ck = feat[F_ckptcall] && chance(40) ? ckpt_pragma() : NULL;
    switch (rint_(feat[F_ckptcall] ? 4 : 3)) {
    case 0:
        if (ck)
            emit(u, "%s", ck);
        open_block(u, fmt("for (int %s = 0; %s < n && %s < %s; %s++)", k, k, v->name,
                          K(0.5 + 0.1 * rint_(10)), k));
        break;
    case 1: {
        char *c = fmt("c%d", ntmp++);
        emit(u, "int %s = (int)(%s + %s * tanh%s(%s));", c, K(2.5), K(2), FS, e.s);
        if (ck)
            emit(u, "%s", ck);
        open_block(u, fmt("for (int %s = 0; %s < %s && %s < n; %s++)", k, k, c, k, k));
        break;
    }
    case 3: {
        k = fmt("it%d", ntmp++);
        is_while = 1;
        emit(u, "int %s = 0;", k);
        if (ck)
            emit(u, "%s", ck);
        do_cond = fmt("} while (%s < n && %s < %s);", k, v->name, K(0.8 + 0.1 * rint_(10)));
        open_block(u, "do");
        break;
    }
    default: {
        k = fmt("it%d", ntmp++);
        is_while = 1;
        emit(u, "int %s = 0;", k);
        if (ck)
            emit(u, "%s", ck);
        open_block(u, fmt("while (%s < n && %s < %s)", k, v->name, K(0.8 + 0.1 * rint_(10))));
        break;
    }
    }
    snprintf(loopv[nloopv++], sizeof loopv[0], "%s", k);
    int save_mul = loopmul;
    loopmul *= N;
    in_loop++;
    int save_while = in_while;
    in_while = is_while;
    /* the loop must move its condition's variable up, or run to n */
    emit(u, "%s += %s + %s * %s * %s;", v->name, K(0.2), K(0.1), e.s, e.s);
    v->bound += (0.2 + 0.1 * e.b * e.b) * N;
    stmts(rint_(3), d + 1);
    in_while = save_while;
    in_loop--;
    loopmul = save_mul;
    nloopv--;
    if (is_while) /* the while and do forms count by hand */
        emit(u, "%s++;", k);
    close_block(u);
    if (do_cond)
        out->v[out->n - 1].text = do_cond;
}

static void if_stmt(int d)
{
    int u = next_unit++;
    Ex c = expr(1 + rint_(2));
    open_block(u, fmt("if (%s > %s)", c.s, K(0.1 * (rint_(9) - 4))));
    stmts(1 + rint_(2), d + 1);
    if (chance(60)) {
        /* end the then-arm's scope, open the else-arm's */
        while (nvars && vars[nvars - 1].depth >= depth)
            nvars--;
        indent--;
        emit(u, "} else {");
        indent++;
        stmts(1 + rint_(2), d + 1);
    }
    close_block(u);
}

static void brk_stmt(void)
{
    int u = next_unit++;
    Ex c = expr(1);
    char *cond = fmt("if (%s > %s)", c.s, K(0.1 * (rint_(7) + 2)));
    if (in_loop && chance(60)) {
        emit(u, "%s", cond);
        indent++;
        /* (a continue would skip a while's count, and the loop might not end) */
        emit(u, chance(50) || in_while ? "break;" : "continue;");
        indent--;
        return;
    }
    open_block(u, cond);
    free_all(u);
    emit(u, RET_MARK);
    close_block(u);
}

/* A statement-level call of a helper that writes through a pointer. */
static int call_stmt(int d)
{
    for (int tries = 0; tries < 4; tries++) {
        int u = next_unit++;
        Var *v;
        switch (rint_(helper_unit[H_SWEEP] ? 5 : 4)) {
        case 4:
            /* a checkpointed call of a helper whose own loop is checkpointed */
            if ((v = pick_var(1))) {
                emit(u, "#pragma ad checkpoint");
                emit(u, "hsweep(%s, x, n, %d);", v->name, 2 + rint_(4));
                if (v->bound < 2)
                    v->bound = 2;
                return 1;
            }
            break;
        case 0:
            if (helper_unit[H_OUTPTR] && (v = pick_var(0))) {
                Ex e = expr(d);
                /* without alias, the argument must not read the output */
                for (int t = 0; t < 8 && !feat[F_alias] && strstr(e.s, v->name); t++)
                    v = pick_var(0);
                if (!feat[F_alias] && strstr(e.s, v->name))
                    break;
                ckpt_call(u);
                emit(u, "hout(%s, &%s);", e.s, v->name);
                v->bound = 3;
                return 1;
            }
            break;
        case 1:
            if (helper_unit[H_INOUT] && (v = pick_var(1))) {
                Ex e = expr(d);
                if (!feat[F_alias] && strstr(e.s, v->name))
                    break;
                ckpt_call(u);
                emit(u, "hinout(%s, n, %s);", v->name, e.s);
                if (v->bound < 1)
                    v->bound = 1;
                return 1;
            }
            break;
        case 2:
            if (helper_unit[H_SPTR] && struct_live) {
                const char *s = chance(50) ? "s0" : "sa[2]";
                Ex e = expr(d);
                if (!feat[F_alias] && (strstr(e.s, s) || strstr(e.s, "sval(")))
                    break;
                ckpt_call(u);
                emit(u, "sptr(&%s, %s);", s, e.s);
                return 1;
            }
            break;
        case 3:
            /* an inactive call overwriting part of an active array */
            if (helper_unit[H_INACTIVE] && (v = pick_var(1))) {
                ckpt_call(u);
                emit(u, "jitter(%s, n - %d, %d);", v->name, rint_(3), rint_(9));
                if (v->bound < 0.3)
                    v->bound = 0.3;
                return 1;
            }
            break;
        }
    }
    return 0;
}

/* A write into a local array or a struct: element store or scatter-add. */
static int store_stmt(int d)
{
    int u = next_unit++;
    Var *v = pick_var(1);
    if (struct_live && (!v || chance(30))) {
        Ex e = expr(d);
        switch (rint_(4)) {
        case 0: emit(u, "s0.p = %s;", e.s); break;
        case 1: emit(u, "s0.v[(%s) %% 4] = %s;", index_expr(), e.s); break;
        case 2: emit(u, "s1.in.q = %s * %s + %s * s1.in.q;", K(0.5), e.s, K(0.5)); break;
        default: emit(u, "sa[%d].q = %s;", rint_(3), e.s); break;
        }
        return 1;
    }
    if (!v)
        return 0;
    Ex e = expr(d);
    if (feat[F_gather] && in_loop && chance(50)) {
        emit(u, "%s[%s] += %s * %s;", v->name, index_expr(), K(0.2), e.s);
        v->bound += 0.2 * e.b * loopmul;
    } else {
        emit(u, "%s[%s] = %s;", v->name, index_expr(), e.s);
        if (e.b > v->bound)
            v->bound = e.b;
    }
    return 1;
}

static void decl_stmt(int d)
{
    int u = next_unit++;
    char *t = tmpname();
    Ex e = expr(d);
    if (feat[F_ckptcall] && chance(30)) {
        /* a checkpointed declaration whose initializer calls a helper */
        Ex h = helpercall(d);
        if (h.s) {
            e = h;
            emit(u, "#pragma ad checkpoint");
        }
    }
    emit(u, "%s %s = %s;", T, t, e.s);
    var_add(t, e.b, 0);
    /* a local must reach an output, or -Wall flags it */
    emit(u, "r%d += %s * %s;", rint_(M), K(0.1), t);
}

/* An OpenMP loop over n (feature omp), race-free as users write them: a
** private temporary, a store at the loop's own index into a local array
** nothing else in the loop reads (hidden from the expressions meanwhile),
** sometimes an `omp atomic` update of another such array at any index or
** a running maximum under `omp critical`, and a reduction (+, *, or max)
** into a fresh accumulator that reaches an output. The loop is a `parallel
** for`, an `omp for` in a `parallel` region, a `collapse(2)` nest over
** n x 2 (no per-index store: two iterations share i), or an `omp simd`
** loop. Static schedules only where the reduction's order shows in the
** bits (two threads, fixed partition); max is exact in any order. */
static void omp_stmt(void)
{
    int u = next_unit++;
    int form = rint_(20);  /* 0-11 parallel for, 12-15 region, 16-17 collapse, 18-19 simd */
    int collapse = form >= 16 && form < 18, simd = form >= 18, region = form >= 12 && form < 16;
    Var *arr = collapse ? NULL : pick_var(1);
    char *acc = fmt("acc%d", ntmp++);
    int kind = rint_(feat[F_kinks] ? 8 : 6);  /* 0-3 +, 4-5 *, 6-7 max */
    const char *op = kind < 4 ? "+" : kind < 6 ? "*" : "max";
    emit(u, "%s %s = %s;", T, acc, K(kind < 4 ? 0 : kind < 6 ? 1 : -5));
    char *crit = !simd && chance(20) ? fmt("crit%d", ntmp++) : NULL;
    if (crit)
        emit(u, "%s %s = %s;", T, crit, K(-5));
    const char *sched = "";
    switch (simd ? 0 : rint_(kind >= 6 ? 4 : 3)) {
    case 1: sched = " schedule(static)"; break;
    case 2: sched = " schedule(static, 2)"; break;
    case 3: sched = " schedule(dynamic)"; break;
    }
    Var *fp = !simd && chance(20) ? pick_var(0) : NULL;  /* only read in the loop */
    char *extra = fmt("%s%s%s%s", collapse ? " collapse(2)" : "", sched, fp ? " firstprivate(" : "",
                      fp ? fmt("%s)", fp->name) : "");
    if (region) {
        emit(u, "#pragma omp parallel");
        open_block(u, "");
        out->v[out->n - 1].text = fmt("{");
    }
    emit(u, "#pragma omp %s reduction(%s:%s)%s", simd ? "simd" : region ? "for" : "parallel for", op, acc,
         extra);
    const char *i = loop_names[nloopv];
    open_block(u, fmt("for (int %s = 0; %s < n; %s++)", i, i, i));
    snprintf(loopv[nloopv++], sizeof loopv[0], "%s", i);
    int save_mul = loopmul;
    loopmul *= N;
    in_loop++;
    if (collapse) {
        const char *j = loop_names[nloopv];
        open_block(u, fmt("for (int %s = 0; %s < 2; %s++)", j, j, j));
        snprintf(loopv[nloopv++], sizeof loopv[0], "%s", j);
        loopmul *= 2;
    }
    if (arr)
        arr->is_array = 2;  /* no read of it at another index in the loop */
    Var *sum = !simd && chance(40) ? pick_var(1) : NULL;  /* a second array the threads add into atomically */
    if (sum)
        sum->is_array = 2;
    char *t = tmpname();
    Ex e = tame(expr(2));
    emit(u, "%s %s = %s;", T, t, e.s);
    var_add(t, e.b, 0);
    if (arr) {
        Ex e2 = expr(2);
        emit(u, "%s[%s] = %s;", arr->name, i, e2.s);
        if (e2.b > arr->bound)
            arr->bound = e2.b;
    }
    if (sum) {
        emit(u, "#pragma omp atomic");
        emit(u, "%s[%s] += %s * %s;", sum->name, index_expr(), K(0.2), t);
        sum->bound += 0.2 * e.b * loopmul;
    }
    if (crit) {
        emit(u, "#pragma omp critical");
        emit(u, "%s = fmax%s(%s, %s);", crit, FS, crit, t);
    }
    double b;
    if (kind < 4) {
        emit(u, "%s += %s * %s;", acc, K(0.3), t);
        b = 0.3 * e.b * loopmul;
    } else if (kind < 6) {
        emit(u, "%s *= %s + %s * tanh%s(%s);", acc, K(1), K(0.05), FS, t);
        b = 2.0;
    } else {
        emit(u, "%s = fmax%s(%s, %s);", acc, FS, acc, t);
        b = 5.0;
    }
    if (collapse) {
        nloopv--;
        close_block(u);
    }
    in_loop--;
    loopmul = save_mul;
    nloopv--;
    close_block(u);
    if (region)
        close_block(u);
    if (arr)
        arr->is_array = 1;
    if (sum)
        sum->is_array = 1;
    emit(u, "r%d += %s * %s;", rint_(M), K(0.1), acc);
    var_add(acc, b, 0);
    if (crit) {
        emit(u, "r%d += %s * %s;", rint_(M), K(0.1), crit);
        var_add(crit, 5.0, 0);
    }
}

/* An if whose arm defines a local that is valid only under its condition
** (feature ifguard): sqrt, log, pow of the tested value, 0.2 / it. */
static void ifguard_stmt(int d)
{
    int u = next_unit++;
    /* half the time the scalar a: a value the loop does not write, which
     * the backward sweep may evaluate again rather than save */
    Ex c = chance(70) ? ex(fmt("(a + %s)", K(0.1 * rint_(5))), 1.4) : expr(1);
    char *t = tmpname();
    const char *op = c.s;
    double th = 0.1 * (1 + rint_(5));
    open_block(u, fmt("if (%s > %s)", op, K(th)));
    switch (rint_(4)) {
    case 0: emit(u, "%s %s = sqrt%s(%s);", T, t, FS, op); break;
    case 1: emit(u, "%s %s = log%s(%s);", T, t, FS, op); break;
    case 2: emit(u, "%s %s = %s / (%s);", T, t, K(0.2), op); break;
    default: emit(u, "%s %s = pow%s(%s, %s);", T, t, FS, op, K(1.5)); break;
    }
    var_add(t, c.b > 2.5 ? 5.5 : 4.0, 0);
    emit(u, "r%d += %s * %s;", rint_(M), K(0.1), t);
    stmts(rint_(2), d + 1);
    close_block(u);
}

/* Feature ompalias: a call of ompd or ompr with two pointers into one
** array (x, or an active local array), at offsets that meet or not; the
** result is summed into an r. */
static void ompalias_stmt(void)
{
    int u = next_unit++;
    Var *v = chance(50) ? pick_var(1) : NULL;
    const char *buf = v ? v->name : "x";
    const char *i = loop_names[nloopv];
    char *dd = fmt("dd%d", ntmp++);
    open_block(u, "");
    out->v[out->n - 1].text = fmt("{");
    emit(u, "%s %s[%d];", T, dd, N);
    int cnt;
    if (chance(50)) {
        int p = rint_(3), q = chance(15) ? p : rint_(3);
        cnt = N - (p > q ? p : q);
        emit(u, "ompd(%s, %s + %d, %s + %d, %d);", dd, buf, p, buf, q, cnt);
    } else {
        int k = 1 + rint_(2), p = rint_(2);
        int m = (N - p) / k, q = rint_(N - m + 1);
        cnt = m;
        emit(u, "ompr(%s, %s + %d, %s + %d, %d, %d);", dd, buf, q, buf, p, m, k);
    }
    emit(u, "for (int %s = 0; %s < %d; %s++)", i, i, cnt, i);
    emit(u, "    r%d += %s * %s[%s];", rint_(M), K(0.2), dd, i);
    close_block(u);
}

static void stmt(int d)
{
    int depth_ok = d < (small ? 2 : 3);
    if (feat[F_ifguard] && chance(in_loop ? 40 : 20) && nloopv < 4) {
        if (in_loop) {
            ifguard_stmt(d);
            return;
        }
        /* a loop of its own around it */
        int u = next_unit++;
        const char *i = loop_names[nloopv];
        open_block(u, fmt("for (int %s = 0; %s < n; %s++)", i, i, i));
        snprintf(loopv[nloopv++], sizeof loopv[0], "%s", i);
        int save_mul = loopmul;
        loopmul *= N;
        in_loop++;
        ifguard_stmt(d + 1);
        in_loop--;
        loopmul = save_mul;
        nloopv--;
        close_block(u);
        return;
    }
    if (feat[F_ompalias] && !in_loop && nloopv < 4 && chance(45)) {
        ompalias_stmt();
        return;
    }
    if (feat[F_omp] && d <= 1 && in_loop <= 1 && chance(30)) {  /* (also a time step's loop: checkpointed) */
        omp_stmt();
        return;
    }
    for (;;) {
        switch (rint_(12)) {
        case 0:
        case 1:
        case 2:
            assign_stmt(2);
            return;
        case 3:
            decl_stmt(2);
            return;
        case 4:
            if (feat[F_loops] && depth_ok && nloopv < 4) {
                loop_stmt(d);
                return;
            }
            break;
        case 5:
            if (feat[F_dloops] && depth_ok && nloopv < 4) {
                dloop_stmt(d);
                return;
            }
            break;
        case 6:
            if (feat[F_branches] && depth_ok) {
                if_stmt(d);
                return;
            }
            break;
        case 7:
            if (feat[F_brk] && d > 0) {
                brk_stmt();
                return;
            }
            break;
        case 8:
        case 9:
            if (store_stmt(2))
                return;
            break;
        case 10:
            if (call_stmt(2))
                return;
            break;
        case 11:
            if (feat[F_ptr] && !in_loop && chance(50)) {
                /* *p++ over x */
                int u = next_unit++;
                Var *v = pick_var(0);
                open_block(u, "");
                out->v[out->n - 1].text = fmt("{");
                emit(u, "const %s *q = x;", T);
                emit(u, "for (int i = 0; i < n; i++)");
                indent++;
                emit(u, "%s += %s * sin%s(*q++);", v->name, K(0.2), FS);
                indent--;
                v->bound += 0.2 * N;
                close_block(u);
                return;
            }
            break;
        }
    }
}

static void stmts(int count, int d)
{
    for (int i = 0; i < count; i++)
        stmt(d);
}

/* ------------------------------------------------------------- helpers */

/* File-scope helpers and types, each one unit. */
static void define_helpers(void)
{
    out = &top;
    indent = 0;
    if (feat[F_structs]) {
        int u = next_unit++;
        have_struct = u;
        emit(u, "typedef struct S0 {");
        emit(u, "    %s p, q;", T);
        emit(u, "    %s v[4];", T);
        emit(u, "    int tag;");
        emit(u, "} S0;");
        emit(u, "typedef struct S1 {");
        emit(u, "    S0 in;");
        emit(u, "    %s w;", T);
        emit(u, "} S1;");
        helper_unit[H_SPTR] = u = next_unit++;
        emit(u, "void sptr(S0 *s, %s u)", T);
        emit(u, "{");
        emit(u, "    s->p = %s * s->p + sin%s(u);", K(0.5), FS);
        emit(u, "    s->q = %s * s->q + %s * u * s->p;", K(0.5), K(0.4));
        emit(u, "    s->v[s->tag %% 4] += %s * cos%s(s->q);", K(0.3), FS);
        emit(u, "}");
        helper_unit[H_SVAL] = u = next_unit++;
        emit(u, "%s sval(S0 s, %s u)", T, T);
        emit(u, "{");
        if (feat[F_valwrite]) {
            emit(u, "    s.p *= %s;", K(0.5));
            emit(u, "    return s.p * u + %s * s.q * s.v[1];", K(0.3));
        } else {
            emit(u, "    return %s * s.p * u + %s * s.q * s.v[1];", K(0.5), K(0.3));
        }
        emit(u, "}");
    }
    if (feat[F_ompalias]) {
        /* parallel loops over two read-only pointers that the body passes
        ** into one array: by the counter, and rows of w beside x[i] */
        int u = next_unit++;
        helper_unit[H_OMPD] = u;
        emit(u, "void ompd(%s *d, const %s *a, const %s *b, int n)", T, T, T);
        emit(u, "{");
        emit(u, "#pragma omp parallel for%s", chance(50) ? " schedule(static, 1)" : "");
        emit(u, "    for (int i = 0; i < n; i++)");
        switch (rint_(3)) {
        case 0: emit(u, "        d[i] = %s * b[i] * b[i] - sin%s(a[i]);", K(0.5), FS); break;
        case 1: emit(u, "        d[i] = a[i] * cos%s(b[i]) + %s * a[i];", FS, K(0.3)); break;
        default: emit(u, "        d[i] = tanh%s(a[i] - %s * b[i]) * b[i];", FS, K(0.7)); break;
        }
        emit(u, "}");
        u = next_unit++;
        helper_unit[H_OMPR] = u;
        emit(u, "void ompr(%s *o, const %s *x, const %s *w, int m, int k)", T, T, T);
        emit(u, "{");
        emit(u, "    int i;");
        emit(u, "#pragma omp parallel for%s", chance(50) ? " schedule(static, 1)" : "");
        emit(u, "    for (i = 0; i < m; i++) {");
        emit(u, "        %s v = 0;", T);
        emit(u, "        for (int j = 0; j < k; j++)");
        emit(u, "            v += w[i * k + j] * %s;", chance(50) ? "w[i * k + j]" : fmt("sin%s(w[i * k + j])", FS));
        emit(u, "        o[i] = %s;", chance(50) ? "v * x[i]" : fmt("v + %s * cos%s(x[i])", K(0.5), FS));
        emit(u, "    }");
        emit(u, "}");
    }
    if (feat[F_helpers]) {
        int u = next_unit++;
        Ex e;
        helper_unit[H_SCALAR] = u;
        emit(u, "%s hs(%s u, %s v)", T, T, T);
        emit(u, "{");
        emit(u, "    return %s * u * cos%s(v) + sin%s(u - %s * v);", K(0.7), FS, FS, K(0.3));
        emit(u, "}");
        helper_unit[H_OUTPTR] = u = next_unit++;
        emit(u, "void hout(%s u, %s *o)", T, T);
        emit(u, "{");
        emit(u, "    *o = %s * tanh%s(u) + %s * u * u;", K(2), FS, K(0.1));
        emit(u, "}");
        helper_unit[H_INOUT] = u = next_unit++;
        emit(u, "void hinout(%s *w, int n, %s c)", T, T);
        emit(u, "{");
        emit(u, "    for (int i = 0; i < n; i++)");
        emit(u, "        w[i] = %s * w[i] + %s * sin%s(c + w[i]);", K(0.6), K(0.4), FS);
        emit(u, "}");
        helper_unit[H_REDUCE] = u = next_unit++;
        emit(u, "%s hred(const %s *w, int n)", T, T);
        emit(u, "{");
        emit(u, "    %s s = 0;", T);
        emit(u, "    for (int i = 0; i < n; i++)");
        emit(u, "        s += w[i] * w[(i + 1) %% n];");
        emit(u, "    return tanh%s(s);", FS);
        emit(u, "}");
        (void)e;
    }
    if (feat[F_ptr]) {
        int u = next_unit++;
        helper_unit[H_REDUCE1] = u;
        emit(u, "/* f2c style: 1-based */");
        emit(u, "%s hone(const %s *w, int n)", T, T);
        emit(u, "{");
        emit(u, "    %s s = 0;", T);
        emit(u, "    --w;");
        emit(u, "    for (int i = 1; i <= n; i++)");
        emit(u, "        s += sin%s(w[i]) * %s / i;", FS, K(1));
        emit(u, "    return s;");
        emit(u, "}");
    }
    if (feat[F_vlaparam]) {
        int u = next_unit++;
        helper_unit[H_VLA] = u;
        emit(u, "%s hvla(int n, const %s w[n])", T, T);
        emit(u, "{");
        emit(u, "    %s s = 0;", T);
        emit(u, "    for (int i = 0; i < n; i++)");
        emit(u, "        s += cos%s(w[i]) * w[i];", FS);
        emit(u, "    return %s * s;", K(0.5));
        emit(u, "}");
    }
    if (feat[F_literals]) {  /* a statement expression, the kernel's MAX style */
        int u = next_unit++;
        emit(u, "#define FZ_SQX(u) ({ __typeof__(u) sq_ = (u); sq_ * sq_; })");
    }
    if (feat[F_macros]) {
        int u = next_unit++;
        emit(u, "#define SQ(u) ((u) * (u))");
        emit(u, "#define NEW_BUF(n) ((%s *)calloc((size_t)(n), sizeof(%s)))", T, T);
    }
    if (feat[F_recursion]) {
        int u = next_unit++;
        helper_unit[H_RECUR] = u;
        emit(u, "%s hrec(%s u, int d)", T, T);
        emit(u, "{");
        emit(u, "    if (d <= 0)");
        emit(u, "        return sin%s(u);", FS);
        emit(u, "    return %s * hrec(%s * u, d - 1) + %s * cos%s(u);", K(0.5), K(0.9), K(0.3), FS);
        emit(u, "}");
    }
    if (feat[F_allocret]) {
        int u = next_unit++;
        helper_unit[H_ALLOCRET] = u;
        emit(u, "%s *halloc(const %s *w, int n)", T, T);
        emit(u, "{");
        emit(u, "    %s *r = malloc((size_t)n * sizeof *r);", T);
        emit(u, "    if (!r)");
        emit(u, "        abort();");
        emit(u, "    for (int i = 0; i < n; i++)");
        emit(u, "        r[i] = cos%s(w[i]) * w[(i + 1) %% n];", FS);
        emit(u, "    return r;");
        emit(u, "}");
    }
    if (feat[F_custom]) {
        int u = next_unit++;
        helper_unit[H_CUSTOM] = u;
        emit(u, "%s softp(%s u)", T, T);
        emit(u, "{");
        emit(u, "    return log1p%s(exp%s(u));", FS, FS);
        emit(u, "}");
        emit(u, "%s softp_jvp_hand(%s u, %s u_dot, %s *ret_dot)", T, T, T, T);
        emit(u, "{");
        emit(u, "    *ret_dot = u_dot / (%s + exp%s(-u));", K(1), FS);
        emit(u, "    return softp(u);");
        emit(u, "}");
        emit(u, "%s softp_vjp_hand(%s u, %s *u_bar, %s ret_bar)", T, T, T, T);
        emit(u, "{");
        emit(u, "    *u_bar += ret_bar / (%s + exp%s(-u));", K(1), FS);
        emit(u, "    return softp(u);");
        emit(u, "}");
        emit(u, "#pragma ad custom_jvp(softp, softp_jvp_hand)");
        emit(u, "#pragma ad custom_vjp(softp, softp_vjp_hand)");
    }
    if (feat[F_ckptcall]) {
        /* sweeps over an in-out array, its loop checkpointed inside the
         * helper: a checkpointed call of it nests two checkpoints */
        int u = next_unit++;
        helper_unit[H_SWEEP] = u;
        emit(u, "void hsweep(%s *w, const %s *c, int n, int sweeps)", T, T);
        emit(u, "{");
        emit(u, "%s", ckpt_pragma());
        emit(u, "    for (int s = 0; s < sweeps; s++)");
        emit(u, "        for (int i = 0; i < n; i++)");
        emit(u, "            w[i] = %s * w[i] + %s * sin%s(c[i] - w[(i + 1) %% n]);", K(0.7), K(0.3), FS);
        emit(u, "}");
    }
    if (feat[F_inactive]) {
        int u = next_unit++;
        helper_unit[H_INACTIVE] = u;
        emit(u, "/* a deterministic perturbation that carries no derivative */");
        emit(u, "%s noise(int k)", T);
        emit(u, "{");
        emit(u, "    return %s * (%s)((k * 7 + 3) %% 5) - %s;", K(0.1), T, K(0.2));
        emit(u, "}");
        emit(u, "#pragma ad inactive(noise)");
        emit(u, "/* stores values that carry no derivative: the array's derivatives there become 0 */");
        emit(u, "void jitter(%s *buf, int m, int k)", T);
        emit(u, "{");
        emit(u, "    for (int i = 0; i < m; i++)");
        emit(u, "        buf[i] = noise(i + k);");
        emit(u, "}");
        emit(u, "#pragma ad inactive(jitter)");
    }
    out = &body;
    indent = 1;
}

/* Feature mayalias: fa(u, v, c, n) writes v from u and c, and may be called
** with v overlapping u (in place, or shifted by a few elements): a
** Gauss-Seidel sweep reads what it wrote. Requested with may_alias(u, v);
** the checker differences the same overlapping call (fz_alias). */
static int alias_pu, alias_pv; /* offsets of u and v into one buffer */

static void define_alias_fn(void)
{
    out = &top;
    indent = 0;
    const char *loop = chance(50) ? "for (int i = 0; i < n; i++)" : "for (int i = n - 1; i >= 0; i--)";
    int sh = 1 + rint_(N - 1);
    emit(0, "void fa(const %s *u, %s *v, const %s *c, int n)", T, T, T);
    emit(0, "{");
    switch (rint_(5)) {
    case 3: /* memmove (memcpy may not overlap), then a sweep over v */
        emit(0, "    memmove(v, u, (size_t)n * sizeof *v);");
        emit(0, "    %s", loop);
        emit(0, "        v[i] += %s * sin%s(c[i] * v[(i + %d) %% n]);", K(0.3), FS, sh);
        break;
    case 4: /* a local copy of u taken first, read after v is written */
        emit(0, "    %s w[n];", T);
        emit(0, "    for (int i = 0; i < n; i++)");
        emit(0, "        w[i] = u[i] * c[i];");
        emit(0, "    %s", loop);
        emit(0, "        v[i] = %s * w[(i + %d) %% n] + %s * cos%s(u[i] - w[i]);", K(0.6), sh, K(0.3), FS);
        break;
    case 0:
        emit(0, "    %s {", loop);
        emit(0, "        %s t = u[i] * c[i] + %s * sin%s(u[(i + %d) %% n]);", T, K(0.3), FS, sh);
        emit(0, "        v[i] = %s * t + %s * cos%s(c[(i + 1) %% n] * u[i]);", K(0.5), K(0.2), FS);
        emit(0, "    }");
        break;
    case 1: /* two passes, the second reading u after the first wrote v */
        emit(0, "    %s", loop);
        emit(0, "        v[i] = u[i] + %s * sin%s(c[i] * u[(i + %d) %% n]);", K(0.3), FS, sh);
        emit(0, "    for (int i = 0; i < n; i++)");
        emit(0, "        v[i] = v[i] * (%s + %s * tanh%s(u[(i + 1) %% n]));", K(1), K(0.1), FS);
        break;
    default: /* a running sum of what u holds as the loop goes */
        emit(0, "    %s s = 0;", T);
        emit(0, "    %s {", loop);
        emit(0, "        s += u[(i + %d) %% n] * c[i];", sh);
        emit(0, "        v[i] = %s * u[i] + %s * tanh%s(s);", K(0.5), K(0.3), FS);
        emit(0, "    }");
        break;
    }
    emit(0, "}");
    /* u and v in one buffer: in place, or v a few elements after or before u */
    alias_pu = rint_(3);
    alias_pv = chance(30) ? alias_pu : rint_(3);
    out = &body;
    indent = 1;
}

/* ---------------------------------------------------------------- body */

static void gen_body(void)
{
    /* outputs r0..r(M-1), never removed (the epilogues read them) */
    for (int k = 0; k < M; k++) {
        Ex e = expr(1);
        emit(0, "%s r%d = %s;", T, k, e.s);
        char nm[24];
        snprintf(nm, sizeof nm, "r%d", k);
        var_add(nm, e.b, 0);
    }
    /* every parameter is read (-Wunused-parameter), and r0 sees all of x */
    emit(next_unit++, "for (int i = 0; i < n; i++)");
    emit(next_unit - 1, "    r0 += %s * sin%s(x[i] + a);", K(0.1), FS);
    if (feat[F_scratch]) {
        /* state in the caller's st: written (from what it held, or afresh),
         * read back by later statements (fixed: st must be read) */
        emit(0, "for (int i = 0; i < n; i++)");
        if (chance(50))
            emit(0, "    st[i] = %s * st[i] + sin%s(x[i]) * a;", K(0.5), FS);
        else
            emit(0, "    st[i] = cos%s(x[(i + 1) %% n] + a);", FS);
        emit(0, "r0 += %s * st[n - 1];", K(0.1));
        var_add("st", 1.5, 1);
    }
    if (feat[F_gather]) {
        int u = next_unit++;
        have_idx = 1;
        emit(u, "int idx[%d];", N);
        emit(u, "for (int i = 0; i < %d; i++)", N);
        emit(u, "    idx[i] = (i * %d + %d) %% n;", 2 + rint_(3), 1 + rint_(3));
        emit(u, "r0 += %s * (%s)idx[n - 1];", K(0.01), T);
    }
    int narr = 0;
    if (feat[F_arrays] && chance(70)) {
        int u = next_unit++;
        emit(u, "%s w%d[%d];", T, narr, N);
        if (feat[F_mem] && chance(50))
            emit(u, "memcpy(w%d, x, (size_t)n * sizeof *x);", narr);
        else {
            emit(u, "for (int i = 0; i < %d; i++)", N);
            emit(u, "    w%d[i] = %s;", narr, fmt("%s * x[(i + 1) %% n] + a", K(0.5)));
        }
        emit(u, "r0 += %s * w%d[%d];", K(0.1), narr, rint_(N));
        char nm[24];
        snprintf(nm, sizeof nm, "w%d", narr++);
        var_add(nm, 1.5, 1);
    }
    int vla_n = 0;  /* a VLA of length n: n is not counted down below */
    if (feat[F_vla] && chance(60)) {
        int u = next_unit++;
        vla_n = 1;
        emit(u, "%s w%d[n];", T, narr);
        if (feat[F_mem] && chance(50))
            emit(u, "memset(w%d, 0, (size_t)n * sizeof w%d[0]);", narr, narr);
        else {
            emit(u, "for (int i = 0; i < n; i++)");
            emit(u, "    w%d[i] = sin%s(x[i]) * a;", narr, FS);
        }
        emit(u, "r0 += %s * w%d[%d];", K(0.1), narr, rint_(N));
        char nm[24];
        snprintf(nm, sizeof nm, "w%d", narr++);
        var_add(nm, 1, 1);
    }
    if (feat[F_malloc] && chance(60)) {
        int u = next_unit++;
        char nm[24];
        snprintf(nm, sizeof nm, "w%d", narr);
        switch (rint_(3 + feat[F_castmalloc] + feat[F_macros])) {
        case 0: emit(u, "%s *%s = malloc((size_t)n * sizeof *%s);", T, nm, nm); break;
        case 1: emit(u, "%s *%s = (%s *)malloc((size_t)n * sizeof(%s));", T, nm, T, T); break;
        case 2: emit(u, "%s *%s = calloc((size_t)n, sizeof *%s);", T, nm, nm); break;
        case 3:
            if (feat[F_castmalloc]) {
                emit(u, "%s *%s = (%s *)malloc((size_t)n * sizeof *%s);", T, nm, T, nm);
                break;
            }
            /* fall through */
        default: emit(u, "%s *%s = NEW_BUF(n);", T, nm); break;
        }
        emit(u, "if (!%s)", nm);
        emit(u, "    abort();");
        emit(u, "for (int i = 0; i < %d; i++) /* n: gcc -O1 warns of a read of unset memory */", N);
        emit(u, "    %s[i] = cos%s(x[i] * a);", nm, FS);
        malloc_unit[nmalloc] = u;
        snprintf(mallocs[nmalloc++], sizeof mallocs[0], "%s", nm);
        var_add(nm, 1, 1);
        narr++;
    }
    if (helper_unit[H_ALLOCRET] && chance(70)) {
        int u = next_unit++;
        char nm[24];
        snprintf(nm, sizeof nm, "w%d", narr++);
        if (feat[F_ckptcall] && chance(20)) /* re-run, the call allocates again (refused: a warning) */
            emit(u, "#pragma ad checkpoint");
        emit(u, "%s *%s = halloc(x, n);", T, nm);
        malloc_unit[nmalloc] = u;
        snprintf(mallocs[nmalloc++], sizeof mallocs[0], "%s", nm);
        var_add(nm, 1, 1);
    }
    if (have_struct) {
        int u = next_unit++;
        if (feat[F_zinit]) {
            emit(u, "S0 s0 = {0};");
            emit(u, "S1 s1 = {0};");
        } else {
            emit(u, "S0 s0;");
            emit(u, "S1 s1;");
            emit(u, "memset(&s0, 0, sizeof s0);");
            emit(u, "memset(&s1, 0, sizeof s1);");
        }
        emit(u, "S0 sa[3];");
        emit(u, "memset(sa, 0, sizeof sa);");
        emit(u, "s0.p = x[0];");
        emit(u, "s0.q = a;");
        emit(u, "s0.tag = %d;", rint_(4));
        emit(u, "for (int i = 0; i < 4; i++)");
        emit(u, "    s0.v[i] = x[i %% n] * %s;", K(0.5));
        emit(u, "s1.in = s0;");
        emit(u, "s1.w = x[n - 1];");
        emit(u, "for (int i = 0; i < 3; i++) {");
        emit(u, "    sa[i].p = x[(i + 1) %% n];");
        emit(u, "    sa[i].q = s1.w * %s;", K(0.5));
        emit(u, "}");
        struct_live = 1;
    }
    stmts(small ? 2 + rint_(3) : 3 + rint_(6), 0);
    /* every array and struct reaches an output */
    for (int i = 0; i < nvars; i++)
        if (vars[i].is_array) {
            int u = next_unit++;
            emit(u, "for (int i = 0; i < n; i++)");
            Ex e = tame(ex(fmt("%s[i]", vars[i].name), vars[i].bound));
            emit(u, "    r%d += %s * %s;", rint_(M), K(0.1), e.s);
        }
    if (struct_live) {
        int u = next_unit++;
        emit(u, "r%d += %s * (s0.p + s0.q + s0.v[2] + s1.in.q + s1.in.v[1] + s1.w + sa[2].p + sa[0].q);",
             rint_(M), K(0.1));
    }
    if (feat[F_loops] && !vla_n && chance(30)) {
        /* the size parameter counted down, as C does: the requests' sizes
         * (x[n]) are what the caller passed (not with a VLA of length n:
         * in reverse mode's split functions its length must be a parameter
         * nothing writes, a limit of the VLA_IN_BLOCK refusal) */
        int u = next_unit++;
        emit(u, "while (n-- > 0)");
        emit(u, "    r%d += %s * x[n];", rint_(M), K(0.05));
    }
    free_all(0);
    emit(0, RET_MARK);
}

/* -------------------------------------------------------------- output */

static int ret_ckpt; /* ckptcall: fs returns hs(...) under a checkpoint */

static void print_line(const Line *l, int unit_offset, int is_fs)
{
    if (strcmp(l->text, RET_MARK) == 0) {
        int u = l->unit ? l->unit + unit_offset : 0;
        char tail[16] = "";
        if (u)
            snprintf(tail, sizeof tail, " //@%d", u);
        if (is_fs && ret_ckpt) {
            /* a checkpointed return whose value calls a helper */
            printf("#pragma ad checkpoint%s\n", tail);
            printf("%*sreturn hs(r0, %s)", 4 * l->indent, "", M > 1 ? "r1" : "r0");
            if (M > 2)
                printf(" + sin%s(r2) * r0", FS);
            printf(";%s\n", tail);
        } else if (is_fs) {
            printf("%*sreturn r0", 4 * l->indent, "");
            if (M > 1)
                printf(" + %s * r1 * r1", K(0.5));
            if (M > 2)
                printf(" + sin%s(r2) * r0", FS);
            printf(";%s\n", tail);
        } else {
            for (int k = 0; k < M; k++)
                printf("%*sy[%d] = r%d;%s\n", 4 * l->indent, "", k, k, tail);
            if (u) /* a return in the middle of fv */
                printf("%*sreturn;%s\n", 4 * l->indent, "", tail);
        }
        return;
    }
    if (l->text[0] == '#')
        printf("%s", l->text);
    else
        printf("%*s%s", 4 * l->indent, "", l->text);
    if (l->unit)
        printf(" //@%d", l->unit + unit_offset);
    printf("\n");
}

static void print_buf(const Buf *b, int unit_offset, int is_fs)
{
    for (int i = 0; i < b->n; i++)
        print_line(&b->v[i], unit_offset, is_fs);
}

/* Feature scratch: fv and fs take a last parameter T *st, state they write
** and read back, and every call of them or of a derivative passes the
** wrapper's st, which starts as st_init leaves it; after the call, st_cmp
** compares it with what the original fv leaves there. The wrappers are
** written for the plain signatures; pw() rewrites them as they are printed. */
static int scratch_on;

static char *subst(const char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), n = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + lf, from))
        n++;
    char *r = malloc(strlen(s) + n * lt + 1), *o = r;
    for (const char *p; (p = strstr(s, from)); s = p + lf) {
        memcpy(o, s, (size_t)(p - s));
        o += p - s;
        memcpy(o, to, lt);
        o += lt;
    }
    strcpy(o, s);
    return r;
}

static void pw(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    if (scratch_on) {
        s = subst(s, ", N, ", ", N, st, ");
        s = subst(s, ", N)", ", N, st)");
        s = subst(s, "int);", fmt("int, %s *);", T));
        s = subst(s, "    (void)c;\n", fmt("    (void)c;\n    %s st[N];\n    st_init(st);\n", T));
        /* after each call that passes st: compare, and start afresh */
        char *o = fmt("%s", "");
        for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
            o = fmt("%s%s\n", o, line);
            size_t len = strlen(line);
            if ((strstr(line, ", st)") || strstr(line, ", st, ")) && !strstr(line, "typedef") &&
                len && line[len - 1] == ';')
                o = fmt("%s    st_cmp(__func__, x, a, st);\n    st_init(st);\n", o);
        }
        s = o;
    }
    fputs(s, stdout);
}

static void request(const char *def, const char *fmt_, ...)
{
    int u = next_unit++;
    va_list ap;
    va_start(ap, fmt_);
    char *s = vfmt(fmt_, ap);
    va_end(ap);
    printf("#define FZ_%s 1 //@%d\n#pragma ad %s //@%d\n", def, u, s, u);
}

static void print_program(const char *name, uint64_t seed, const char *featlist)
{
    int sc = feat[F_scalar];
    const char *wrt = fmt("%s%s", sc ? "wrt(x[n], a)" : "wrt(x[n])", scratch_on ? " scratch(st[n])" : "");
    int NI = N + sc;
    printf("/*\n** fuzz/%s: generated by ccad_fuzz_gen --seed %llu --features %s\n",
           name, (unsigned long long)seed, featlist);
    printf("** fv: R^%d -> R^%d and fs: R^%d -> R in %s; checked by tests/fuzz/fuzz_check.h\n"
           "** (central differences, dot-product test, jacfwd == jacrev,\n"
           "** hessian == jacfwd(fs_grad), hvp against differences of grad, primals,\n"
           "** empty tapes). Lines ending in //@U are what the minimiser may remove.\n*/\n",
           NI, M, NI, T);
    printf("#include <math.h>\n#include <stdlib.h>\n#include <string.h>\n\n");
    print_buf(&top, 0, 0);
    const char *stp = scratch_on ? fmt(", %s *st", T) : "";
    printf("\nvoid fv(const %s *x, %s a, %s *y, int n%s)\n{\n", T, T, T, stp);
    print_buf(&body, 0, 0);
    printf("}\n\n");
    int fs_unit = next_unit++;
    printf("#define FZ_FS 1 //@%d\n", fs_unit);
    printf("%s fs(const %s *x, %s a, int n%s) //@%d\n{ //@%d\n", T, T, T, stp, fs_unit, fs_unit);
    print_buf(&body, 10000, 1);
    printf("} //@%d\n\n", fs_unit);
    request("F_JVP", "jvp(fv) %s out(y[%d])", wrt, M);
    request("F_VJP", "vjp(fv) %s out(y[%d])", wrt, M);
    if (feat[F_jacfwd])
        request("F_JACFWD", "jacfwd(fv) %s out(y[%d])", wrt, M);
    if (feat[F_jacrev])
        request("F_JACREV", "jacrev(fv) %s out(y[%d])", wrt, M);
    request("S_JVP", "jvp(fs) %s", wrt);
    request("S_VJP", "vjp(fs) %s", wrt);
    request("S_GRAD", "grad(fs) %s", wrt);
    if (feat[F_hessian])
        request("S_HESSIAN", "hessian(fs) %s", wrt);
    if (feat[F_hvp])
        request("S_HVP", "hvp(fs) %s", wrt);
    if (feat[F_compose] && feat[F_nested] && chance(50)) /* the same function, nested spelling */
        request("S_GRAD_JACFWD", "jacfwd(grad(fs)) %s", wrt);
    else if (feat[F_compose])
        request("S_GRAD_JACFWD", "jacfwd(fs_grad) %s out(x_bar[n]%s)", wrt, sc ? ", a_bar[1]" : "");
    if (feat[F_sparse] && feat[F_jacfwd])
        request("F_JACFWD_SP", "jacfwd(fv) %s out(y[%d]) sparse name(fv_jacfwd_sp)", wrt, M);
    if (feat[F_sparse] && feat[F_jacrev])
        request("F_JACREV_SP", "jacrev(fv) %s out(y[%d]) sparse name(fv_jacrev_sp)", wrt, M);
    if (feat[F_sparse] && feat[F_hessian])
        request("S_HESSIAN_SP", "hessian(fs) %s sparse name(fs_hessian_sp)", wrt);
    /* vmap: a batched with the inputs when it is one (a shared active
    ** scalar otherwise: then no batched gradient, whose a_bar would be a
    ** shared output); st, written, batched with them */
    int vb = 0, vba = 0, vgrad = 0;
    if (feat[F_vmap]) {
        vb = 2 + rint_(4);
        vba = sc && chance(70);
        vgrad = !sc || vba;
        const char *bst = scratch_on ? ", st[n]" : "";
        request("F_VMAP", "vmap(fv) batch(x[n]%s, y[%d]%s)", vba ? ", a" : "", M, bst);
        request("S_VMAP", "vmap(fs) batch(x[n]%s%s)", vba ? ", a" : "", bst);
        if (vgrad && chance(50)) /* the nested spelling: its inner clauses as grad(fs)'s */
            request("S_GRAD_VMAP", "vmap(grad(fs)) %s batch(x[n]%s%s)", wrt, vba ? ", a" : "", bst);
        else if (vgrad && chance(50)) /* the shadows listed */
            request("S_GRAD_VMAP", "vmap(fs_grad) batch(x[n], x_bar[n]%s%s)", vba ? ", a, a_bar[1]" : "", bst);
        else if (vgrad) /* the shadows follow their primals */
            request("S_GRAD_VMAP", "vmap(fs_grad) batch(x[n]%s%s)", vba ? ", a" : "", bst);
        if (vgrad && feat[F_hvp]) /* x_v, x_hv (a_v, a_hv) follow */
            request("S_HVP_VMAP", "vmap(fs_hvp) batch(x[n]%s%s)", vba ? ", a" : "", bst);
        if (feat[F_jacfwd]) /* the matrix follows, or is listed */
            request("F_JACFWD_VMAP", "vmap(fv_jacfwd) batch(x[n]%s, y[%d]%s%s)", vba ? ", a" : "", M, bst,
                    chance(50) ? fmt(", jac[%d]", M * NI) : "");
    }
    if (feat[F_nested]) {
        request("S_HVP_NESTED", "jvp(grad(fs)) %s", wrt);
        request("S_HVP_NESTED2", "grad(jvp(fs)) %s", wrt); /* its inner clauses as jvp(fs)'s */
    }
    if (feat[F_vmap] && feat[F_nested] && vgrad) /* listed: open/vmap_jvp_grad_shadow_follow */
        request("S_HVP_NESTED_VMAP", "vmap(fs_grad_jvp) batch(x[n], x_bar[n]%s%s)", vba ? ", a, a_bar[1]" : "",
                scratch_on ? ", st[n]" : "");
    if (feat[F_mayalias]) {
        const char *ma = chance(50) ? "may_alias(u, v)" : "may_alias(v, u)";
        request("A_JVP", "jvp(fa) wrt(u[n], c[n]) out(v[n]) %s", ma);
        request("A_VJP", "vjp(fa) wrt(u[n], c[n]) out(v[n]) %s", ma);
    }

    /* ---- wrappers: flat double vectors in and out */
    /* FZ_SYNTAX_ONLY: the program without the checker, to tell a valid
    ** program from one the minimiser broke */
    printf("\n#ifndef FZ_SYNTAX_ONLY\n#include \"%s.ad.h\"\n#include \"fuzz_check.h\"\n\n", name);
    printf("enum { N = %d, M = %d, NI = %d };\n", N, M, NI);
    printf("static const %s A0 = %s; /* a, when it is not an input */\n\n", T, K(0.37));
    if (scratch_on) {
        double rt = is_float ? 1e-5 : 1e-12;
        printf("/* the scratch state st: as the caller leaves it, and after a call as fv leaves it */\n"
               "static void st_init(%s *st)\n{\n"
               "    for (int i = 0; i < N; i++) st[i] = (%s)(0.1 * (i %% 5) - 0.2);\n}\n", T, T);
        printf("static int st_bad;\n"
               "static void st_cmp(const char *who, const %s *x, %s a, const %s *st)\n{\n"
               "    %s ref[N], y[M];\n    char l[96];\n    st_init(ref);\n    fv(x, a, y, N, ref);\n"
               "    for (int i = 0; i < N; i++)\n"
               "        if (!oracle_close(st[i], ref[i], %g, %g)) {\n"
               "            snprintf(l, sizeof l, \"%%s leaves the scratch state as fv does\", who);\n"
               "            if (!st_bad++)\n"
               "                oracle_check_close(l, st[i], ref[i], %g, %g);\n"
               "            return;\n        }\n}\n\n", T, T, T, T, rt, rt, rt, rt);
    }
    /* fv */
    pw("static void w_f(void *c, const double *in, double *out)\n{\n"
           "    %s x[N], a = A0, y[M];\n    (void)c;\n"
           "    for (int i = 0; i < N; i++) x[i] = (%s)in[i];\n%s"
           "    fv(x, a, y, N);\n    for (int i = 0; i < M; i++) out[i] = y[i];\n}\n",
           T, T, sc ? fmt("    a = (%s)in[N];\n", T) : "");
    const char *unpack = fmt("    for (int i = 0; i < N; i++) x[i] = (%s)in[i];\n%s", T,
                             sc ? fmt("    a = (%s)in[N];\n", T) : "");
    pw("#ifdef FZ_F_JVP\nstatic void w_f_jvp(void *c, const double *in, const double *v, double *out, double *od)\n{\n"
           "    %s x[N], xd[N], a = A0, ad = 0, y[M], yd[M];\n    (void)c;\n    (void)ad;\n%s"
           "    for (int i = 0; i < N; i++) xd[i] = (%s)v[i];\n%s"
           "    fv_jvp(x, xd, a%s, y, yd, N);\n"
           "    for (int i = 0; i < M; i++) { out[i] = y[i]; od[i] = yd[i]; }\n}\n#endif\n",
           T, unpack, T, sc ? fmt("    ad = (%s)v[N];\n", T) : "", sc ? ", ad" : "");
    pw("#ifdef FZ_F_VJP\nstatic void w_f_vjp(void *c, const double *in, double *xbar, double *w, double *out)\n{\n"
           "    %s x[N], xb[N], a = A0, ab = 0, y[M], yb[M];\n    (void)c;\n    (void)ab;\n%s"
           "    for (int i = 0; i < N; i++) xb[i] = (%s)xbar[i];\n%s"
           "    for (int i = 0; i < M; i++) yb[i] = (%s)w[i];\n"
           "    fv_vjp(x, xb, a%s, y, yb, N);\n"
           "    for (int i = 0; i < N; i++) xbar[i] = xb[i];\n%s"
           "    for (int i = 0; i < M; i++) { out[i] = y[i]; w[i] = yb[i]; }\n}\n#endif\n",
           T, unpack, T, sc ? fmt("    ab = (%s)xbar[N];\n", T) : "", T, sc ? ", &ab" : "",
           sc ? "    xbar[N] = ab;\n" : "");
    for (int r = 0; r < 2; r++) {
        const char *mode = r ? "jacrev" : "jacfwd";
        pw("#ifdef FZ_F_%s\nstatic void w_f_%s(void *c, const double *in, double *out, double *jac)\n{\n"
               "    %s x[N], a = A0, y[M], j[M * NI];\n    (void)c;\n%s"
               "    fv_%s(x, a, y, N, j);\n"
               "    for (int i = 0; i < M; i++) out[i] = y[i];\n"
               "    for (int i = 0; i < M * NI; i++) jac[i] = j[i];\n}\n#endif\n",
               r ? "JACREV" : "JACFWD", mode, T, unpack, mode);
    }
    /* sparse drivers: the first call finds the pattern, the second reuses it */
    for (int r = 0; r < 2; r++) {
        const char *mode = r ? "jacrev" : "jacfwd";
        pw("#ifdef FZ_F_%s_SP\nstatic void w_f_%s_sp(void *c, const double *in, double *out, double *jac)\n{\n"
               "    %s x[N], a = A0, y[M];\n    ccad_csr J = {0};\n    (void)c;\n%s"
               "    fv_%s_sp(x, a, y, N, &J);\n    fv_%s_sp(x, a, y, N, &J);\n"
               "    fz_csr_dense(&J, M, NI, jac, \"fv_%s_sp\");\n    ccad_csr_free(&J);\n"
               "    for (int i = 0; i < M; i++) out[i] = y[i];\n}\n#endif\n",
               r ? "JACREV" : "JACFWD", mode, T, unpack, mode, mode, mode);
    }
    pw("#ifdef FZ_S_HESSIAN_SP\nstatic double w_s_hessian_sp(void *c, const double *in, double *hess)\n{\n"
           "    %s x[N], a = A0, r;\n    ccad_csr H = {0};\n    (void)c;\n%s"
           "    fs_hessian_sp(x, a, N, &H);\n    r = fs_hessian_sp(x, a, N, &H);\n"
           "    fz_csr_dense(&H, NI, NI, hess, \"fs_hessian_sp\");\n    ccad_csr_free(&H);\n    return r;\n}\n#endif\n",
           T, unpack);
    /* fs */
    pw("#ifdef FZ_FS\nstatic void w_s(void *c, const double *in, double *out)\n{\n"
           "    %s x[N], a = A0;\n    (void)c;\n%s    out[0] = fs(x, a, N);\n}\n#endif\n", T, unpack);
    pw("#ifdef FZ_S_JVP\nstatic void w_s_jvp(void *c, const double *in, const double *v, double *out, double *od)\n{\n"
           "    %s x[N], xd[N], a = A0, ad = 0, rd;\n    (void)c;\n    (void)ad;\n%s"
           "    for (int i = 0; i < N; i++) xd[i] = (%s)v[i];\n%s"
           "    out[0] = fs_jvp(x, xd, a%s, N, &rd);\n    od[0] = rd;\n}\n#endif\n",
           T, unpack, T, sc ? fmt("    ad = (%s)v[N];\n", T) : "", sc ? ", ad" : "");
    pw("#ifdef FZ_S_VJP\nstatic void w_s_vjp(void *c, const double *in, double *xbar, double *w, double *out)\n{\n"
           "    %s x[N], xb[N], a = A0, ab = 0;\n    (void)c;\n    (void)ab;\n%s"
           "    for (int i = 0; i < N; i++) xb[i] = (%s)xbar[i];\n%s"
           "    out[0] = fs_vjp(x, xb, a%s, N, (%s)w[0]);\n    w[0] = 0;\n"
           "    for (int i = 0; i < N; i++) xbar[i] = xb[i];\n%s}\n#endif\n",
           T, unpack, T, sc ? fmt("    ab = (%s)xbar[N];\n", T) : "", sc ? ", &ab" : "", T,
           sc ? "    xbar[N] = ab;\n" : "");
    pw("#ifdef FZ_S_GRAD\nstatic double w_s_grad(void *c, const double *in, double *g)\n{\n"
           "    %s x[N], xb[N], a = A0, ab = 0, r;\n    (void)c;\n    (void)ab;\n%s"
           "    for (int i = 0; i < N; i++) xb[i] = (%s)(123 + i); /* overwritten */\n"
           "    r = fs_grad(x, xb, a%s, N);\n"
           "    for (int i = 0; i < N; i++) g[i] = xb[i];\n%s    return r;\n}\n#endif\n",
           T, unpack, T, sc ? ", &ab" : "", sc ? "    g[N] = ab;\n" : "");
    pw("#ifdef FZ_S_HESSIAN\nstatic double w_s_hessian(void *c, const double *in, double *hess)\n{\n"
           "    %s x[N], a = A0, h[NI * NI], r;\n    (void)c;\n%s"
           "    r = fs_hessian(x, a, N, h);\n"
           "    for (int i = 0; i < NI * NI; i++) hess[i] = h[i];\n    return r;\n}\n#endif\n",
           T, unpack);
    pw("#ifdef FZ_S_GRAD_JACFWD\nstatic double w_s_grad_jacfwd(void *c, const double *in, double *g, double *jac)\n{\n"
           "    %s x[N], xb[N], a = A0, ab = 0, j[NI * NI], r;\n    (void)c;\n    (void)ab;\n%s"
           "    r = fs_grad_jacfwd(x, xb, a%s, N, j);\n"
           "    for (int i = 0; i < N; i++) g[i] = xb[i];\n%s"
           "    for (int i = 0; i < NI * NI; i++) jac[i] = j[i];\n    return r;\n}\n#endif\n",
           T, unpack, sc ? ", &ab" : "", sc ? "    g[N] = ab;\n" : "");
    /* hvp: contract section 3 says a scalar's direction is passed by value
    ** (T a_v); older cc-ad passed const T *a_v. _Generic picks the call that
    ** matches the generated prototype, so the case compiles with either. */
    pw("#ifdef FZ_S_HVP\nstatic double w_s_hvp(void *c, const double *in, const double *v, double *hv)\n{\n"
           "    %s x[N], xv[N], xh[N], a = A0, av = 0, ah = 0, r;\n    (void)c;\n    (void)av;\n    (void)ah;\n%s"
           "    for (int i = 0; i < N; i++) xv[i] = (%s)v[i];\n",
           T, unpack, T);
    if (sc) {
        pw("    av = (%s)v[N];\n", T);
        pw("    typedef %s (*by_ptr)(const %s *, const %s *, %s *, %s, const %s *, %s *, int);\n",
               T, T, T, T, T, T, T);
        pw("    typedef %s (*by_val)(const %s *, const %s *, %s *, %s, %s, %s *, int);\n",
               T, T, T, T, T, T, T);
        pw("    void (*fp)(void) = (void (*)(void))fs_hvp;\n");
        pw("    r = _Generic(&fs_hvp, by_ptr: ((by_ptr)fp)(x, xv, xh, a, &av, &ah, N),\n"
               "                 default: ((by_val)fp)(x, xv, xh, a, av, &ah, N));\n");
        pw("    hv[N] = ah;\n");
    } else {
        pw("    r = fs_hvp(x, xv, xh, a, N);\n");
    }
    pw("    for (int i = 0; i < N; i++) hv[i] = xh[i];\n    return r;\n}\n#endif\n\n");

    if (feat[F_vmap]) {
        /* flat: batch blocks of NI inputs; outputs M, 1, or NI + 1 (the
        ** gradient, then the value) per element */
        const char *abatch = vba ? "av" : "av[0]";
        const char *sd = scratch_on ? fmt(", st[VB * N]") : "";
        const char *sa = scratch_on ? ", st" : "";
        const char *sinit = scratch_on ? "        st_init(st + b * N);\n" : "";
        const char *scmp = scratch_on ? "    for (int b = 0; b < VB; b++) st_cmp(__func__, x + b * N, av[b], st + b * N);\n" : "";
        printf("enum { VB = %d };\n", vb);
        const char *unb = fmt("    (void)c;\n    (void)B; /* VB */\n    for (int b = 0; b < VB; b++) {\n"
                              "        for (int i = 0; i < N; i++) x[b * N + i] = (%s)in[b * NI + i];\n"
                              "        av[b] = %s;\n%s    }\n", T, sc ? fmt("(%s)in[b * NI + N]", T) : "A0", sinit);
        printf("#ifdef FZ_F_VMAP\nstatic void w_f_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], av[VB], y[VB * M]%s;\n%s"
               "    fv_vmap(VB, x, %s, y, N%s);\n"
               "    for (int i = 0; i < VB * M; i++) out[i] = y[i];\n%s}\n#endif\n",
               T, sd, unb, abatch, sa, scmp);
        printf("#ifdef FZ_S_VMAP\nstatic void w_s_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], av[VB], r[VB]%s;\n%s"
               "    fs_vmap(VB, x, %s, N%s, r);\n"
               "    for (int i = 0; i < VB; i++) out[i] = r[i];\n%s}\n#endif\n",
               T, sd, unb, abatch, sa, scmp);
        printf("#ifdef FZ_S_GRAD_VMAP\nstatic void w_s_grad_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], xb[VB * N], av[VB], ab[VB], r[VB]%s;\n    (void)ab;\n%s"
               "    for (int i = 0; i < VB * N; i++) xb[i] = (%s)(7 + i); /* overwritten */\n"
               "    fs_grad_vmap(VB, x, xb, %s%s, N%s, r);\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < N; i++) out[b * (NI + 1) + i] = xb[b * N + i];\n%s"
               "        out[b * (NI + 1) + NI] = r[b];\n    }\n%s}\n#endif\n",
               T, sd, unb, T, abatch, sc ? ", ab" : "", sa,
               sc ? "        out[b * (NI + 1) + N] = ab[b];\n" : "", scmp);
        printf("#ifdef FZ_F_JACFWD_VMAP\nstatic void w_f_jacfwd_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], av[VB], y[VB * M], j[VB * M * NI]%s;\n%s"
               "    fv_jacfwd_vmap(VB, x, %s, y, N%s, j);\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < M; i++) out[b * (M + M * NI) + i] = y[b * M + i];\n"
               "        for (int k = 0; k < M * NI; k++) out[b * (M + M * NI) + M + k] = j[b * M * NI + k];\n"
               "    }\n%s}\n#endif\n",
               T, sd, unb, abatch, sa, scmp);
        /* hvp: each element's block of 2 NI is its point, then its direction */
        printf("#ifdef FZ_S_HVP_VMAP\nstatic void w_s_hvp_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], xv[VB * N], xh[VB * N], av[VB], avv[VB], ah[VB], r[VB]%s;\n"
               "    (void)c;\n    (void)B; /* VB */\n    (void)avv;\n    (void)ah;\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < N; i++) {\n"
               "            x[b * N + i] = (%s)in[b * 2 * NI + i];\n"
               "            xv[b * N + i] = (%s)in[b * 2 * NI + NI + i];\n        }\n"
               "        av[b] = %s;\n        avv[b] = %s;\n%s    }\n"
               "    fs_hvp_vmap(VB, x, xv, xh, %s%s, N%s, r);\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < N; i++) out[b * (NI + 1) + i] = xh[b * N + i];\n%s"
               "        out[b * (NI + 1) + NI] = r[b];\n    }\n%s}\n#endif\n",
               T, sd, T, T, sc ? fmt("(%s)in[b * 2 * NI + N]", T) : "A0",
               sc ? fmt("(%s)in[b * 2 * NI + NI + N]", T) : "0", sinit, abatch, sc ? ", avv, ah" : "", sa,
               sc ? "        out[b * (NI + 1) + N] = ah[b];\n" : "", scmp);
        printf("#ifdef FZ_S_HVP_NESTED_VMAP\nstatic void w_s_hvp_nested_vmap(void *c, int B, const double *in, double *out)\n{\n"
               "    %s x[VB * N], xv[VB * N], xb[VB * N], xh[VB * N], av[VB], avv[VB], ab[VB], ah[VB], r[VB]%s;\n"
               "    (void)c;\n    (void)B; /* VB */\n    (void)avv;\n    (void)ab;\n    (void)ah;\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < N; i++) {\n"
               "            x[b * N + i] = (%s)in[b * 2 * NI + i];\n"
               "            xv[b * N + i] = (%s)in[b * 2 * NI + NI + i];\n        }\n"
               "        av[b] = %s;\n        avv[b] = %s;\n%s    }\n"
               "    fs_grad_jvp_vmap(VB, x, xv, xb, xh, %s%s, N%s, r);\n"
               "    for (int b = 0; b < VB; b++) {\n"
               "        for (int i = 0; i < N; i++) out[b * (NI + 1) + i] = xh[b * N + i];\n%s"
               "        out[b * (NI + 1) + NI] = r[b];\n    }\n%s}\n#endif\n"
               "#ifndef FZ_S_HVP_NESTED_VMAP\n#define w_s_hvp_nested_vmap NULL\n#endif\n",
               T, sd, T, T, sc ? fmt("(%s)in[b * 2 * NI + N]", T) : "A0",
               sc ? fmt("(%s)in[b * 2 * NI + NI + N]", T) : "0", sinit, abatch, sc ? ", avv, ab, ah" : "", sa,
               sc ? "        out[b * (NI + 1) + N] = ah[b];\n" : "", scmp);
        printf("#ifndef FZ_F_JACFWD_VMAP\n#define w_f_jacfwd_vmap NULL\n#endif\n"
               "#ifndef FZ_S_HVP_VMAP\n#define w_s_hvp_vmap NULL\n#endif\n");
        printf("#ifndef FZ_F_VMAP\n#define w_f_vmap NULL\n#endif\n"
               "#ifndef FZ_S_VMAP\n#define w_s_vmap NULL\n#endif\n"
               "#ifndef FZ_S_GRAD_VMAP\n#define w_s_grad_vmap NULL\n#endif\n\n");
    }
    if (feat[F_mayalias]) {
        /* fa on one buffer of AL (the memory before and after the call:
        ** input and output), then on separate u, v (the usual rule) */
        int pu = alias_pu, pv = alias_pv, al = N + (pu > pv ? pu : pv);
        printf("enum { AL = %d, PU = %d, PV = %d };\n", al, pu, pv);
        printf("static void w_fa(void *c, const double *in, double *out)\n{\n"
               "    %s b[AL], cc[N];\n    (void)c;\n"
               "    for (int i = 0; i < AL; i++) b[i] = (%s)in[i];\n"
               "    for (int i = 0; i < N; i++) cc[i] = (%s)in[AL + i];\n"
               "    fa(b + PU, b + PV, cc, N);\n"
               "    for (int i = 0; i < AL; i++) out[i] = b[i];\n}\n", T, T, T);
        printf("static void w_fa_apart(void *c, const double *in, double *out)\n{\n"
               "    %s u[N], v[N], cc[N];\n    (void)c;\n"
               "    for (int i = 0; i < N; i++) { u[i] = (%s)in[i]; cc[i] = (%s)in[N + i]; v[i] = 0; }\n"
               "    fa(u, v, cc, N);\n"
               "    for (int i = 0; i < N; i++) out[i] = v[i];\n}\n", T, T, T);
        printf("#ifdef FZ_A_JVP\nstatic void w_fa_jvp(void *c, const double *in, const double *d, double *out, double *od)\n{\n"
               "    %s b[AL], bd[AL], cc[N], cd[N];\n    (void)c;\n"
               "    for (int i = 0; i < AL; i++) { b[i] = (%s)in[i]; bd[i] = (%s)d[i]; }\n"
               "    for (int i = 0; i < N; i++) { cc[i] = (%s)in[AL + i]; cd[i] = (%s)d[AL + i]; }\n"
               "    fa_jvp(b + PU, bd + PU, b + PV, bd + PV, cc, cd, N);\n"
               "    for (int i = 0; i < AL; i++) { out[i] = b[i]; od[i] = bd[i]; }\n}\n", T, T, T, T, T);
        printf("static void w_fa_apart_jvp(void *c, const double *in, const double *d, double *out, double *od)\n{\n"
               "    %s u[N], ud[N], v[N], vd[N], cc[N], cd[N];\n    (void)c;\n"
               "    for (int i = 0; i < N; i++) {\n"
               "        u[i] = (%s)in[i]; ud[i] = (%s)d[i]; cc[i] = (%s)in[N + i]; cd[i] = (%s)d[N + i];\n"
               "        v[i] = 0; vd[i] = 0;\n    }\n"
               "    fa_jvp(u, ud, v, vd, cc, cd, N);\n"
               "    for (int i = 0; i < N; i++) { out[i] = v[i]; od[i] = vd[i]; }\n}\n#endif\n", T, T, T, T, T);
        /* in vjp the shared storage is in-out: the seed of the memory after
        ** the call on entry, the adjoint of the memory before it on exit */
        printf("#ifdef FZ_A_VJP\nstatic void w_fa_vjp(void *c, const double *in, double *xbar, double *w, double *out)\n{\n"
               "    %s b[AL], bb[AL], cc[N], cb[N];\n    (void)c;\n"
               "    for (int i = 0; i < AL; i++) { b[i] = (%s)in[i]; bb[i] = (%s)w[i]; }\n"
               "    for (int i = 0; i < N; i++) { cc[i] = (%s)in[AL + i]; cb[i] = (%s)xbar[AL + i]; }\n"
               "    fa_vjp(b + PU, bb + PU, b + PV, bb + PV, cc, cb, N);\n"
               "    for (int i = 0; i < AL; i++) { out[i] = b[i]; xbar[i] += bb[i]; w[i] = 0; }\n"
               "    for (int i = 0; i < N; i++) xbar[AL + i] = cb[i];\n}\n", T, T, T, T, T);
        printf("static void w_fa_apart_vjp(void *c, const double *in, double *xbar, double *w, double *out)\n{\n"
               "    %s u[N], ub[N], v[N], vb[N], cc[N], cb[N];\n    (void)c;\n"
               "    for (int i = 0; i < N; i++) {\n"
               "        u[i] = (%s)in[i]; ub[i] = (%s)xbar[i]; cc[i] = (%s)in[N + i]; cb[i] = (%s)xbar[N + i];\n"
               "        v[i] = 0; vb[i] = (%s)w[i];\n    }\n"
               "    fa_vjp(u, ub, v, vb, cc, cb, N);\n"
               "    for (int i = 0; i < N; i++) { out[i] = v[i]; w[i] = vb[i]; xbar[i] = ub[i]; xbar[N + i] = cb[i]; }\n}\n#endif\n",
               T, T, T, T, T, T);
        printf("#ifndef FZ_A_JVP\n#define w_fa_jvp NULL\n#define w_fa_apart_jvp NULL\n#endif\n"
               "#ifndef FZ_A_VJP\n#define w_fa_vjp NULL\n#define w_fa_apart_vjp NULL\n#endif\n\n");
    }
    if (feat[F_nested]) {
        /* jvp(grad(fs)): the gradient's tangent, H v */
        pw("#ifdef FZ_S_HVP_NESTED\nstatic double w_s_hvp_nested(void *c, const double *in, const double *v, double *hv)\n{\n"
           "    %s x[N], xv[N], xb[N], xh[N], a = A0, av = 0, ab = 0, ah = 0, r;\n    (void)c;\n    (void)av;\n"
           "    (void)ab;\n    (void)ah;\n%s"
           "    for (int i = 0; i < N; i++) xv[i] = (%s)v[i];\n%s"
           "    r = fs_grad_jvp(x, xv, xb, xh, a%s, N);\n"
           "    for (int i = 0; i < N; i++) hv[i] = xh[i];\n%s    return r;\n}\n#endif\n"
           "#ifndef FZ_S_HVP_NESTED\n#define w_s_hvp_nested NULL\n#endif\n\n",
           T, unpack, T, sc ? fmt("    av = (%s)v[N];\n", T) : "", sc ? ", av, &ab, &ah" : "",
           sc ? "    hv[N] = ah;\n" : "");
        /* grad(jvp(fs)): the gradient of the directional derivative, H v */
        pw("#ifdef FZ_S_HVP_NESTED2\nstatic double w_s_hvp_nested2(void *c, const double *in, const double *v, double *hv)\n{\n"
           "    %s x[N], xv[N], xh[N], a = A0, av = 0, ah = 0, rd, r;\n    (void)c;\n    (void)av;\n"
           "    (void)ah;\n%s"
           "    for (int i = 0; i < N; i++) xv[i] = (%s)v[i];\n%s"
           "    r = fs_jvp_grad(x, xh, xv, a%s, N, &rd);\n"
           "    for (int i = 0; i < N; i++) hv[i] = xh[i];\n%s    return r;\n}\n#endif\n"
           "#ifndef FZ_S_HVP_NESTED2\n#define w_s_hvp_nested2 NULL\n#endif\n\n",
           T, unpack, T, sc ? fmt("    av = (%s)v[N];\n", T) : "", sc ? ", &ah, av" : "",
           sc ? "    hv[N] = ah;\n" : "");
    }

    printf("#ifndef FZ_F_JVP\n#define w_f_jvp NULL\n#endif\n"
           "#ifndef FZ_F_VJP\n#define w_f_vjp NULL\n#endif\n"
           "#ifndef FZ_F_JACFWD\n#define w_f_jacfwd NULL\n#endif\n"
           "#ifndef FZ_F_JACREV\n#define w_f_jacrev NULL\n#endif\n"
           "#ifndef FZ_FS\n#define w_s NULL\n#endif\n"
           "#ifndef FZ_S_JVP\n#define w_s_jvp NULL\n#endif\n"
           "#ifndef FZ_S_VJP\n#define w_s_vjp NULL\n#endif\n"
           "#ifndef FZ_S_GRAD\n#define w_s_grad NULL\n#endif\n"
           "#ifndef FZ_S_HESSIAN\n#define w_s_hessian NULL\n#endif\n"
           "#ifndef FZ_S_HVP\n#define w_s_hvp NULL\n#endif\n"
           "#ifndef FZ_S_GRAD_JACFWD\n#define w_s_grad_jacfwd NULL\n#endif\n"
           "#ifndef FZ_F_JACFWD_SP\n#define w_f_jacfwd_sp NULL\n#endif\n"
           "#ifndef FZ_F_JACREV_SP\n#define w_f_jacrev_sp NULL\n#endif\n"
           "#ifndef FZ_S_HESSIAN_SP\n#define w_s_hessian_sp NULL\n#endif\n\n");
    printf("int main(void)\n{\n"
           "    FzProg p = {\"%s\", NI, M, %d, w_f, w_f_jvp, w_f_vjp, w_f_jacfwd, w_f_jacrev,\n"
           "                w_s, w_s_jvp, w_s_vjp, w_s_grad, w_s_hessian, w_s_hvp, w_s_grad_jacfwd};\n"
           "    fz_sparse.f_jacfwd = w_f_jacfwd_sp;\n    fz_sparse.f_jacrev = w_f_jacrev_sp;\n"
           "    fz_sparse.s_hessian = w_s_hessian_sp;\n%s%s%s"
           "    return fz_run(&p, %lluu);\n}\n#endif\n",
           name, is_float,
           feat[F_vmap] ? fmt("    fz_vmap.batch = VB;\n    fz_vmap.shared_last = %d;\n"
                              "    fz_vmap.f = w_f_vmap;\n    fz_vmap.s = w_s_vmap;\n    fz_vmap.s_grad = w_s_grad_vmap;\n"
                              "    fz_vmap.s_hvp = w_s_hvp_vmap;\n    fz_vmap.f_jacfwd = w_f_jacfwd_vmap;\n%s",
                              sc && !vba, feat[F_nested] ? "    fz_vmap.s_hvp2 = w_s_hvp_nested_vmap;\n" : "") : "",
           feat[F_nested] ? "    fz_nested.s_hvp = w_s_hvp_nested;\n    fz_nested.s_hvp2 = w_s_hvp_nested2;\n" : "",
           feat[F_mayalias]
               ? fmt("    fz_alias[0] = (OracleProblem){\"fa overlapping\", AL + N, AL, w_fa, w_fa_jvp, w_fa_vjp,\n"
                     "                                  ccad_tape_empty, %s, 0};\n"
                     "    fz_alias[1] = (OracleProblem){\"fa apart\", 2 * N, N, w_fa_apart, w_fa_apart_jvp,\n"
                     "                                  w_fa_apart_vjp, ccad_tape_empty, %s, 0};\n",
                     is_float ? "FLT_EPSILON" : "0", is_float ? "FLT_EPSILON" : "0")
               : "",
           (unsigned long long)(seed * 7919 + 17));
}

/* ----------------------------------------------------------------- main */

/* Classes not in 'all': omp and vmap need -fopenmp; the others came later,
** and 'all' keeps the programs of its seeds (CI's fuzz/batch, found/). */
static int optin(int f)
{
    return f == F_omp || f == F_ckptcall || f == F_scratch || f == F_vmap || f == F_nested || f == F_mayalias ||
           f == F_ifguard || f == F_ompalias;
}

static int parse_features(const char *list)
{
    char *s = fmt("%s", list);
    for (char *t = strtok(s, ","); t; t = strtok(NULL, ",")) {
        int on = 1, found = 0;
        if (*t == '-') {
            on = 0;
            t++;
        }
        if (strcmp(t, "all") == 0) {  /* (not the opt-in classes: the seeds of 'all' keep their programs) */
            for (int i = 0; i < NFEAT; i++)
                feat[i] = on && !optin(i);
            continue;
        }
        if (strcmp(t, "none") == 0) {
            for (int i = 0; i < NFEAT; i++)
                feat[i] = 0;
            continue;
        }
        for (int i = 0; i < NFEAT; i++)
            if (strcmp(t, feat_name[i]) == 0) {
                feat[i] = on;
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "ccad_fuzz_gen: unknown feature '%s'\n", t);
            return 0;
        }
    }
    free(s);
    return 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: ccad_fuzz_gen --seed S [--features LIST] [--name NAME] [--size small]\n"
               "Writes a random self-checking differentiable C program (NAME.c) to stdout.\n"
               "LIST: comma-separated, 'all' (default), 'none', NAME or -NAME:\n");
    for (int i = 0; i < NFEAT; i++)
        fprintf(f, "  %-11s %s\n", feat_name[i], feat_doc[i]);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    const char *features = "all", *name = "prog";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (strcmp(argv[i], "--features") == 0 && i + 1 < argc)
            features = argv[++i];
        else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
            small = strcmp(argv[++i], "small") == 0;
        else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!parse_features(features))
        return 2;
    rng_state = seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
    N = 3 + rint_(4);
    M = 1 + rint_(3);
    is_float = feat[F_float] && rint_(3) == 0;
    scratch_on = feat[F_scratch];
    T = is_float ? "float" : "double";
    FS = is_float ? "f" : "";
    define_helpers();
    if (feat[F_mayalias])
        define_alias_fn();
    gen_body();
    ret_ckpt = feat[F_ckptcall] && helper_unit[H_SCALAR] && chance(40);
    print_program(name, seed, features);
    return 0;
}

/* The generator is a one-shot process that keeps every string it formats
 * until it exits; under the sanitizer build that is not a leak to report. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
