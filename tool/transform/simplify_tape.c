/*
 * simplify_tape.c — values a split pair pushes for nothing: g_fwd's last
 * statements push values (a loop's trip count, a counter's final value)
 * that g_bwd pops first; where g_bwd throws a popped value away
 * ((void)ccad_pop_i(), or a reversed loop with an empty body), the push
 * and the pop both go.
 *
 * Requires: g_fwd and g_bwd simplified (simplify_dead_vars turns a pop
 * into an unread variable into (void)pop); a pop into a local that every
 * path writes before reading it is thrown away too (ir_first_use).
 * Provides: simplify_split_tape.
 *
 * The pairing is by position, which the tape's order fixes: g_fwd's
 * trailing pushes (before its return), last first, are g_bwd's leading
 * pops (after declarations that touch no tape), first first; whatever the
 * caller does in between leaves the tape as it found it.
 */
#include <stdlib.h>

#include "transform.h"

static const Expr *strip(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e;
}

static bool is_op(const Expr *e, RtKind k) { return e && e->kind == EX_CALL && e->rt && rt_info[e->rt].kind == k; }

/* The push a trailing statement of g_fwd is (NULL: none). */
static Walk touches_tape(Expr *e, void *ctx);

static const Expr *push_of(const Stmt *s) {
  if (s->kind != ST_EXPR || !is_op(s->expr, RK_PUSH)) return NULL;
  for (int i = 0; i < s->expr->nargs; i++)  /* a value, no call that dropping it would skip */
    if (!ex_each(s->expr->args[i], touches_tape, NULL)) return NULL;
  return s->expr;
}

static Walk touches_tape(Expr *e, void *ctx) {
  (void)ctx;
  return e->kind == EX_CALL && (e->rt || e->fn || !e->text) ? WALK_STOP : WALK_ON;
}

/* The pop statement 'at' of g_bwd's body B makes, and whether the value is
 * thrown away (*idle). NULL: not a pop. */
static const Expr *pop_of(Stmt *B, int at, bool *idle) {
  const Stmt *s = B->body[at];
  *idle = false;
  if (s->kind == ST_EXPR && is_op(strip(s->expr), RK_POP)) {
    *idle = rt_info[strip(s->expr)->rt].elem != RE_BYTES;  /* ccad_pop_bytes(&x, n) stores */
    return strip(s->expr);
  }
  if (s->kind == ST_ASSIGN && is_op(strip(s->rhs), RK_POP)) {
    /* x = pop, where every path writes x before it reads it: a pointer
     * the loop below computes again (x = inp + t*C) */
    *idle = s->lhs->kind == EX_VAR && s->lhs->var->kind == VAR_LOCAL && rt_info[strip(s->rhs)->rt].elem != RE_BYTES &&
            ir_first_use_after(B, at + 1, s->lhs->var) != IU_READ;
    return strip(s->rhs);
  }
  if (s->kind == ST_DECL && s->expr && is_op(strip(s->expr), RK_POP)) return strip(s->expr);
  /* for (n = pop; n > 0; n--) { }: counts down to nothing */
  if (s->kind == ST_FOR && s->init && s->then && !s->then->nbody) {
    const Stmt *in = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
    if (in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR && is_op(strip(in->rhs), RK_POP) &&
        st_each_expr(s->step, touches_tape, NULL) && ex_each(s->cond, touches_tape, NULL)) {
      *idle = true;
      return strip(in->rhs);
    }
  }
  return NULL;
}

/* A declaration before the pops that does not touch the tape. */
static bool plain_decl(const Stmt *s) {
  return s->kind == ST_DECL && (!s->expr || ex_each(s->expr, touches_tape, NULL));
}

void simplify_split_tape(Fn *fw, Fn *bw) {
  Stmt *F = fw->body, *B = bw->body;
  int end = F->nbody;
  if (end && F->body[end - 1]->kind == ST_RETURN) end--;
  int fi = end - 1, bi = 0;
  bool *drop_f = xmalloc(sizeof(bool) * (size_t)(F->nbody + 1));
  bool *drop_b = xmalloc(sizeof(bool) * (size_t)(B->nbody + 1));
  bool any = false;
  while (fi >= 0 && bi < B->nbody) {
    const Expr *push = push_of(F->body[fi]);
    if (!push) break;
    bool idle;
    const Expr *pop = NULL;
    while (bi < B->nbody && !(pop = pop_of(B, bi, &idle)) && plain_decl(B->body[bi])) bi++;
    if (!pop || rt_info[push->rt].pair != pop->rt) break;
    if (idle) {
      drop_f[fi] = drop_b[bi] = true;
      any = true;
    }
    fi--;
    bi++;
  }
  if (any) {
    int k = 0;
    for (int i = 0; i < F->nbody; i++)
      if (!drop_f[i]) F->body[k++] = F->body[i];
    F->nbody = k;
    k = 0;
    for (int i = 0; i < B->nbody; i++)
      if (!drop_b[i]) B->body[k++] = B->body[i];
    B->nbody = k;
  }
  free(drop_f);
  free(drop_b);
}
