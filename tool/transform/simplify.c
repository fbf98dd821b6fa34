/*
 * simplify.c — S3 cleanup: drop derivative variables nobody reads.
 *
 * Flow-insensitive activity gives shadows to some values whose derivative
 * is never needed (a pointer only compared, a tangent only overwritten).
 * Their declarations and pure assignments are removed, repeatedly, so the
 * output stays readable and free of unused-variable warnings. Only
 * variables created by the transform (id >= first_id) are touched.
 *
 * Requires: a generated function (S3).
 * Provides: the same without derivative variables nobody reads.
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "transform.h"

/* a call, except one of <math.h> that stores nothing (modf(v, &ip) and
 * frexp(v, &e) store through their pointer) */
static Walk impure(Expr *e, void *unused) {
  (void)unused;
  if (e->kind != EX_CALL) return WALK_ON;
  if (!rule_find(e->text)) return WALK_STOP;
  for (int i = 0; i < e->nargs; i++)
    if (ty_is_ptr(e->args[i]->type)) return WALK_STOP;
  return WALK_ON;
}

bool simplify_pure(const Expr *e) { return ex_each(e, impure, NULL); }

/* Reads of variables in an expression, except of 'self' (x_bar = x_bar + d
 * reads x_bar only for itself: nobody else reading it makes the update dead). */
typedef struct Reads {
  int *reads, first;
  const Var *self;
} Reads;

static Walk count_var(Expr *e, void *ctx) {
  Reads *r = ctx;
  if (e->kind == EX_VAR && e->var != r->self && e->var->kind != VAR_GLOBAL && e->var->id >= r->first)
    r->reads[e->var->id]++;
  return WALK_ON;
}

static void count_expr_except(const Expr *e, int *reads, int first, const Var *self) {
  ex_each(e, count_var, &(Reads){reads, first, self});
}

static void count_expr(const Expr *e, int *reads, int first) { count_expr_except(e, reads, first, NULL); }

/* The variable an assignment stores into directly (x = ..., not x[i] = ...). */
static const Var *target(const Stmt *s) {
  if (s->kind == ST_DECL) return s->var;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR) return s->lhs->var;
  return NULL;
}

/* in_block: s sits directly in a block, where prune() can drop it; only
 * there may an update x = x + d count as no read of x. */
static void count_in(const Stmt *s, int *reads, int first, bool in_block) {
  if (!s) return;
  if (s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR) count_expr(s->lhs, reads, first);
  if (s->kind == ST_DECL && s->var->type->vla) count_expr(s->var->type->vla, reads, first);
  if (in_block && s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR)
    count_expr_except(s->rhs, reads, first, s->lhs->var);
  else
    count_expr(s->rhs, reads, first);
  count_expr(s->expr, reads, first);
  count_expr(s->cond, reads, first);
  count_in(s->then, reads, first, false);
  count_in(s->els, reads, first, false);
  count_in(s->init, reads, first, false);
  count_in(s->step, reads, first, false);
  for (int i = 0; i < s->nbody; i++) count_in(s->body[i], reads, first, s->kind == ST_BLOCK);
}

static void count(const Stmt *s, int *reads, int first) { count_in(s, reads, first, false); }

/* Writes to primal variables keep them (the count above only sees reads). */
static Walk count_write(Stmt *s, void *ctx) {
  Reads *r = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var->kind != VAR_GLOBAL && s->lhs->var->id < r->first)
    r->reads[s->lhs->var->id]++;
  return WALK_ON;
}

static void count_primal_writes(const Stmt *s, int *reads, int first) {
  st_each(s, count_write, &(Reads){reads, first, NULL});
}

static bool prune(Stmt *s, const int *reads, int first) {
  if (!s) return false;
  bool changed = false;
  if (s->kind == ST_BLOCK) {
    int k = 0;
    for (int i = 0; i < s->nbody; i++) {
      Stmt *c = s->body[i];
      const Var *v = target(c);
      /* transform-made variables nobody reads; any local nobody mentions */
      bool unread = v && v->kind == VAR_LOCAL && !reads[v->id] && (v->id >= first || c->kind == ST_DECL);
      /* a transform-made parameter restored from the tape and never read (x_dot
       * in the tangent of a backward sweep that needs x only) */
      unread |= v && v->kind == VAR_PARAM && v->id >= first && c->kind == ST_ASSIGN && !reads[v->id];
      bool dead = unread && simplify_pure(c->kind == ST_DECL ? c->expr : c->rhs);
      if (unread && !dead && (c->kind == ST_ASSIGN || (c->kind == ST_DECL && c->expr))) {
        /* v = ccad_pop_p(), T *p = ccad_release_d(n), T *v = ccad_frame_push(n):
         * the call stays (it keeps the tape and the frames in step), the store
         * or the declaration goes */
        Expr *call = c->kind == ST_DECL ? c->expr : c->rhs;
        while (call->kind == EX_CAST) call = call->lhs;
        s->body[k++] = st_expr(ex_cast(ty_void(), call), c->loc);
        changed = true;
        continue;
      }
      if (dead) {
        changed = true;
        continue;
      }
      s->body[k++] = c;
    }
    s->nbody = k;
  }
  changed |= prune(s->then, reads, first) | prune(s->els, reads, first) | prune(s->init, reads, first) |
             prune(s->step, reads, first);
  for (int i = 0; i < s->nbody; i++) changed |= prune(s->body[i], reads, first);
  return changed;
}

void simplify_dead_vars(Fn *f, int first_id) {
  for (;;) {
    int *reads = xmalloc(sizeof(int) * (size_t)(f->nvars + 1));
    count(f->body, reads, 0);
    count_primal_writes(f->body, reads, first_id);
    bool changed = prune(f->body, reads, first_id);
    free(reads);
    if (!changed) return;
  }
}

/* (void)p; for parameters the generated body does not use (-Wextra). */
void simplify_unused_params(Fn *f) {
  int *reads = xmalloc(sizeof(int) * (size_t)(f->nvars + 1));
  count(f->body, reads, 0);
  count_primal_writes(f->body, reads, f->nvars);
  Stmt *pre = st_block(f->loc);
  for (int i = 0; i < f->nparams; i++) {
    Var *p = f->params[i];
    if (p->id < f->nvars && reads[p->id]) continue;
    st_append(pre, st_expr(ex_cast(ty_void(), ex_var(p)), (SrcLoc){0}));
  }
  free(reads);
  if (!pre->nbody) return;
  for (int i = 0; i < f->body->nbody; i++) st_append(pre, f->body->body[i]);
  f->body->body = pre->body;
  f->body->nbody = pre->nbody;
  f->body->capbody = pre->capbody;
}
