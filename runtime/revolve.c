/*
** revolve.c: the binomial checkpointing controller (Griewank & Walther,
** "Algorithm 799: revolve", ACM TOMS 26(1), 2000).  It only decides the
** next action; the caller stores and restores states.  Semantics of the
** actions and the counting convention: ccad.h.
**
** Notation: beta(s, r) = C(s+r, s) is the largest number of steps that s
** snapshots reverse when no step is run more than r times by ADVANCE.  For
** l steps and s snapshots (the one of the start state included), let
** r = rep(l, s) be the least r with beta(s, r) >= l.  The least number of
** ADVANCE steps is
**
**   T(l, s) = r*l - beta(s+1, r-1)                                  (1)
**
** T(., s) is convex and piecewise linear with slope rep(l, s), so it obeys
** the recursion that a schedule realises: from a stored state, advance j
** steps, store, reverse the upper l-j steps with one snapshot fewer, then
** restore and reverse the lower j steps with the same snapshots:
**
**   T(l, s) = min over 0 < j < l of  j + T(j, s) + T(l-j, s-1)       (2)
**
** The minimum is reached exactly when both parts stay on the linear pieces
** of slope r-1 and r (Pascal's rule beta(s+1,r-2) + beta(s,r-1) =
** beta(s+1,r-1) then gives (1)), that is for
**
**   max(beta(s,r-2), l - beta(s-1,r)) <= j <= min(beta(s,r-1), l - beta(s-1,r-1))
**
** (beta(s,-1) = 0), an interval that is never empty.  We take its upper end,
** so the first ADVANCE goes as far as possible; with s >= l this is j = 1,
** the store-every-step schedule.  With one snapshot (s = 1) there is no
** split: advance to l-1 and turn.
*/
#include <limits.h>
#include <stdlib.h>

#include "rt_int.h"

struct ccad_revolve {
  long steps;      /* number of steps of the loop */
  long snapshots;  /* slots 0..snapshots-1 */
  long capo;       /* the caller's current state (or the step of a turn) */
  long oldcapo;    /* for ADVANCE, the state advanced from; else capo */
  long fine;       /* steps fine..steps-1 have been reversed */
  long nfwd;       /* steps run: ADVANCE steps plus one per turn */
  int check;       /* newest occupied slot, -1 when none */
  int turned;      /* FIRSTURN has been returned */
  int done;        /* TERMINATE has been returned */
  int failed;      /* invalid schedule: next() returns ERROR */
  long *ch;        /* ch[k] = state stored in slot k, for k <= check */
};

/* a*b, or LONG_MAX when it does not fit (a, b >= 0). */
static long mul_sat(long a, long b)
{
  if (a != 0 && b > LONG_MAX / a)
    return LONG_MAX;
  return a * b;
}

static long add_sat(long a, long b)
{
  return a > LONG_MAX - b ? LONG_MAX : a + b;
}

/* beta(s, k) from b = beta(s, k-1): b*(s+k)/k, exact, saturating at LONG_MAX.
** Split b = q*k + m so that no intermediate exceeds the result much:
** b*(s+k)/k = q*(s+k) + m*(s+k)/k, and k divides m*(s+k) because it
** divides b*(s+k) and q*k*(s+k). */
static long beta_next(long b, long s, long k)
{
  if (b == LONG_MAX || s > LONG_MAX - k)
    return LONG_MAX;
  long q = b / k, m = b % k;
  long hi = mul_sat(q, s + k);
  long lo = mul_sat(m, s + k);
  if (hi == LONG_MAX || lo == LONG_MAX)
    return LONG_MAX;
  return add_sat(hi, lo / k);
}

/* beta(s, r) = C(s+r, s) = C(s+r, r), saturating; 0 for r < 0.  O(min(s, r)). */
static long beta(long s, long r)
{
  long lo = s < r ? s : r, hi = s < r ? r : s;
  long b = 1;

  if (r < 0)
    return 0;
  for (long k = 1; k <= lo && b != LONG_MAX; k++)
    b = beta_next(b, hi, k);
  return b;
}

/* rep(l, s): least r >= 0 with beta(s, r) >= l (s >= 1).  beta grows in r,
** so double r until it is reached, then bisect: O(log r * min(s, r)). */
static long rep(long l, long s)
{
  long lo = 0, hi = 1;  /* beta(s, lo) < l <= beta(s, hi) once found */

  if (l <= 1)
    return 0;
  while (beta(s, hi) < l) {
    lo = hi;
    hi = hi > LONG_MAX / 2 ? LONG_MAX : 2 * hi;
  }
  while (hi - lo > 1) {
    long mid = lo + (hi - lo) / 2;
    if (beta(s, mid) < l)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

long ccad_binomial_extra_steps(long steps, int snapshots)
{
  long s = snapshots, r;

  if (steps < 0 || snapshots < 0 || (steps >= 2 && snapshots < 1))
    return -1;
  if (steps <= 1)
    return 0;
  if (s == 1)  /* r = l-1: every step recomputed from state 0 */
    return steps % 2 == 0 ? mul_sat(steps / 2, steps - 1) : mul_sat(steps, (steps - 1) / 2);
  r = rep(steps, s);
  long tl = mul_sat(r, steps);
  if (tl == LONG_MAX)
    return LONG_MAX;
  return tl - beta(s + 1, r - 1);
}

/* How far to ADVANCE from r->capo: the upper end of the optimal interval
** above, for l = fine - capo >= 2 steps and s free slots counting capo's. */
static long split(const ccad_revolve *r)
{
  long l = r->fine - r->capo;
  long s = r->snapshots - r->check;
  long t, j, j2;

  if (s <= 1)
    return l - 1;
  t = rep(l, s);
  j = beta(s, t - 1);
  j2 = l - beta(s - 1, t - 1);
  if (j2 < j)
    j = j2;
  if (j < 1)  /* cannot happen (see the header comment); stay safe */
    j = 1;
  if (j > l - 1)
    j = l - 1;
  return j;
}

ccad_revolve *ccad_revolve_new(long steps, int snapshots)
{
  ccad_revolve *r = ccad_calloc(1, sizeof *r);
  long nslots;

  r->steps = steps;
  r->snapshots = snapshots;
  r->fine = steps;
  r->check = -1;
  if (steps < 0 || snapshots < 0 || (steps >= 2 && snapshots < 1)) {
    r->failed = 1;
    ccad__error(CCAD_ESCHEDULE, "invalid checkpoint schedule: %ld steps with %d snapshots "
                "(need steps >= 0, and snapshots >= 1 when steps >= 2)", steps, snapshots);
    return r;
  }
  /* At most min(snapshots, steps) slots are ever in use. */
  nslots = snapshots < steps ? snapshots : steps;
  r->snapshots = nslots;
  r->ch = ccad_malloc(sizeof *r->ch * (size_t)(nslots > 0 ? nslots : 1));
  return r;
}

ccad_ck_action ccad_revolve_next(ccad_revolve *r)
{
  if (!r || r->failed)
    return CCAD_CK_ERROR;
  if (r->done)
    return CCAD_CK_TERMINATE;
  r->oldcapo = r->capo;

  /* The step just reversed started at capo: go back to the newest snapshot. */
  if (r->capo == r->fine) {
    if (r->check < 0) {
      r->done = 1;
      return CCAD_CK_TERMINATE;
    }
    r->capo = r->oldcapo = r->ch[r->check];
    return CCAD_CK_RESTORE;
  }

  /* One step left below fine: tape it and reverse it; its start state's
  ** snapshot, if any, is no longer needed. */
  if (r->fine - r->capo == 1) {
    r->fine = r->capo;
    if (r->check >= 0 && r->ch[r->check] == r->capo)
      r->check--;
    r->nfwd++;
    if (!r->turned) {
      r->turned = 1;
      return CCAD_CK_FIRSTURN;
    }
    return CCAD_CK_YOUTURN;
  }

  /* Store the current state unless the newest snapshot already holds it. */
  if (r->check < 0 || r->ch[r->check] != r->capo) {
    if (r->check + 1 >= r->snapshots) {  /* unreachable if the split is right */
      r->failed = 1;
      ccad__error(CCAD_ESCHEDULE, "checkpoint schedule: no free snapshot slot at state %ld "
                  "(%ld steps, %ld snapshots)", r->capo, r->steps, r->snapshots);
      return CCAD_CK_ERROR;
    }
    r->ch[++r->check] = r->capo;
    return CCAD_CK_TAKESHOT;
  }

  r->capo += split(r);
  r->nfwd += r->capo - r->oldcapo;
  return CCAD_CK_ADVANCE;
}

long ccad_revolve_capo(const ccad_revolve *r)
{
  return r ? r->capo : -1;
}

long ccad_revolve_oldcapo(const ccad_revolve *r)
{
  return r ? r->oldcapo : -1;
}

int ccad_revolve_check(const ccad_revolve *r)
{
  return r ? r->check : -1;
}

long ccad_revolve_forward_steps(const ccad_revolve *r)
{
  return r ? r->nfwd : 0;
}

void ccad_revolve_free(ccad_revolve *r)
{
  if (!r)
    return;
  ccad_free(r->ch);
  ccad_free(r);
}
