/* OPEN (probe21): _Pragma("ad checkpoint") inside a macro that expands to
** more than one statement is placed at the macro's first statement, not at
** the statement it stands before in the expansion. Valid code is refused
** or (quietly) checkpointed at the wrong statement; derivatives are right.
**  1. LOOP below: the _Pragma stands before the call kick(u, p) inside the
**     loop's body (a call checkpoint), but cc-ad applies it to the `while`
**     loop itself (g's .ad.c has ccad_ckpt_begin on the loop, kick_fwd is
**     taped in every iteration). Expected: kick(u, p) checkpointed as a
**     call, as with a #pragma line there.
**  2. h: a `#pragma ad checkpoint(snapshots=2)` line before LOOP_BRK, whose
**     body starts with `if (..) break;`: the line takes the `while`, the
**     _Pragma the next statement of the expansion, the `if`, and cc-ad
**     refuses the file ("'#pragma ad checkpoint' must be followed by a loop
**     (for, while or do) or by a statement that calls a function", at the
**     LOOP_BRK line). (With LOOP there, the _Pragma happens to take kick.)
**  3. DEFINE_RUN: a macro that defines a whole function (type-generic C)
**     with the _Pragma in its body: "'#pragma ad checkpoint' belongs inside
**     a function, right before a loop or a statement that calls a function"
**     at the _Pragma's spelling in the #define.
** Cause: pragma_operator.c places every _Pragma of an expansion at the
** macro use (`hand_over(..., cx_loc(fr, use), ...)` with `trailing`), and
** pragma.c then takes the first statement at that location; all statements
** of one expansion share it. A fix needs the expansion's token order (the
** statement whose first token follows the _Pragma in the expanded token
** stream), or a refusal saying "_Pragma inside a multi-statement macro".
** Run: build/tool/cc-ad -o /tmp/x.ad.c tests/fuzz/open/pragma_operator_macro_body.c
**      (errors for h and run_d; grep ckpt /tmp/x.ad.c for g with h and
**      run_d deleted).
*/
#include <math.h>

static void kick(double *u, const double *p)
{
    u[0] += 0.1 * sin(u[1]) * p[0];
    u[1] += 0.1 * cos(u[0]);
}

#define LOOP                          \
    while (t < n) {                   \
        _Pragma("ad checkpoint")      \
        kick(u, p);                   \
        t++;                          \
    }

double g(const double *p, int n)
{
    double u[2] = {0.5, 0.2};
    int t = 0;
    LOOP
    return u[0] * u[1];
}

#define LOOP_BRK                      \
    while (t < n) {                   \
        if (u[0] > 1e3) break;        \
        _Pragma("ad checkpoint")      \
        kick(u, p);                   \
        t++;                          \
    }

double h(const double *p, int n)
{
    double u[2] = {0.5, 0.2};
    int t = 0;
#pragma ad checkpoint(snapshots=2)
    LOOP_BRK
    return u[0] * u[1];
}

#define DEFINE_RUN(NAME)                                  \
    double NAME(const double *p, int n)                   \
    {                                                     \
        double u[2] = {0.5, 0.2};                         \
        for (int t = 0; t < n; t++) {                     \
            _Pragma("ad checkpoint")                      \
            kick(u, p);                                   \
        }                                                 \
        return u[0] * u[1];                               \
    }

DEFINE_RUN(run_d)

#pragma ad grad(g) wrt(p[1])
#pragma ad grad(h) wrt(p[1])
#pragma ad grad(run_d) wrt(p[1])
