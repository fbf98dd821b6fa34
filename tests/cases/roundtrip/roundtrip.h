/*
** roundtrip.h: comparisons for the round-trip cases (tests/cases/roundtrip).
**
** A case calls FUNC (compiled from the case file) and FUNC_primal (the same
** function as cc-ad lowered it, printed back by --emit-primal) on the same
** inputs. Lowering only reorganises the code (temporaries, a += b as
** a = a + b, hoisted calls), and the cases are compiled with -std=c11 (no
** floating-point contraction), so results are normally bitwise identical;
** a difference up to 1e-15 relative is tolerated, NaN matches NaN.
**
**   rt_begin("label");  rt_cmp(got, want, i); ...  rt_end();
** prints one summary line per label (and the first few mismatches), and
** counts one oracle check; main ends with `return oracle_result();`.
*/
#ifndef CCAD_ROUNDTRIP_H
#define CCAD_ROUNDTRIP_H

#include "ccad_oracle.h"

#define RT_RTOL 1e-15
#define RT_NCASES 200 /* inputs per function, unless a case says otherwise */

static const char *rt_label;
static int rt_n, rt_bad, rt_exact;

static inline void rt_begin(const char *label)
{
    rt_label = label;
    rt_n = rt_bad = rt_exact = 0;
}

/* got: FUNC_primal's value, want: FUNC's; i: the input's number. */
static inline void rt_cmp(double got, double want, int i)
{
    int exact = memcmp(&got, &want, sizeof got) == 0 || (isnan(got) && isnan(want));
    int ok = exact || (isfinite(got) && isfinite(want) &&
                       fabs(got - want) <= RT_RTOL * fmax(fabs(got), fabs(want)));
    rt_n++;
    rt_exact += exact;
    if (!ok) {
        if (rt_bad < 5)
            printf("%s [input %d]: primal=%.17g original=%.17g FAIL\n", rt_label, i, got, want);
        rt_bad++;
    }
}

static inline void rt_cmpi(long got, long want, int i)
{
    rt_n++;
    if (got == want) {
        rt_exact++;
        return;
    }
    if (rt_bad < 5)
        printf("%s [input %d]: primal=%ld original=%ld FAIL\n", rt_label, i, got, want);
    rt_bad++;
}

static inline void rt_cmpv(const double *got, const double *want, int n, int i)
{
    for (int k = 0; k < n; k++)
        rt_cmp(got[k], want[k], i);
}

static inline void rt_end(void)
{
    printf("%s: %d values, %d bitwise identical, %d differ: %s\n", rt_label, rt_n, rt_exact, rt_bad,
           rt_bad || !rt_n ? "FAIL" : "ok");
    oracle_record(rt_bad == 0 && rt_n > 0);
}

#endif
