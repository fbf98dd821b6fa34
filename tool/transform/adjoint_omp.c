/*
 * adjoint_omp.c — reverse mode of an OpenMP parallel loop.
 * Requires: adjoint_loop.c (the loop's parts, built: init, body, step and
 * their backward code), the primal loop's Omp (front/pragma_omp.c).
 * Provides: adj_omp_loop: when the iterations keep nothing for the
 * backward sweep (no tape, no calls), both sweeps are parallel loops over
 * the primal's iteration space, with clauses computed from the code built:
 *   - a scalar written in the body only as v = v + e (v not read otherwise)
 *     is summed: reduction(+:v) (the primal's reductions, the adjoints of
 *     shared scalars the primal reads);
 *   - any other variable the body writes is firstprivate (a primal local,
 *     a temporary, an adjoint of a local, zero between iterations);
 *   - in the backward loop, an accumulation into memory (x_bar[k] += ..,
 *     the adjoint of a shared read) is '#pragma omp atomic' unless k is the
 *     loop counter or the iteration also stores plainly to that element
 *     (the adjoint of the primal's own store, which no other iteration
 *     touches).
 * Otherwise the loop is reversed serially (adj_loop), with a note.
 */
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Walk any_call(Expr *e, void *ctx) {
  (void)ctx;
  if (e->kind == EX_CALL && (e->rt || !rule_find(e->text))) return WALK_STOP;
  return WALK_ON;
}

/* Only assignments, declarations, ifs and loops over pure expressions. */
static bool plain_code(const Stmt *s) { return !s || st_each_expr(s, any_call, NULL); }

typedef struct Writes {
  PtrVec vars;      /* Var* written, in order */
  PtrMap nonacc;    /* Var* -> 1: written other than v = v + e, or read elsewhere */
  PtrMap declared;  /* Var* declared in the body */
  const Stmt *root;
} Writes;

static bool accumulates(const Stmt *s, const Var *v) {
  const Expr *r = ex_strip_implicit(s->rhs);
  return r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ex_strip_implicit(r->lhs)->kind == EX_VAR &&
         ex_strip_implicit(r->lhs)->var == v && !ex_mentions(r->rhs, v);
}

static Walk note_write(Stmt *s, void *ctx) {
  Writes *w = ctx;
  if (s->kind == ST_DECL) ptrmap_put(&w->declared, s->var, (void *)1);
  if (s->kind != ST_ASSIGN) return WALK_ON;
  Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : NULL;
  if (!v && (s->lhs->kind == EX_INDEX || s->lhs->kind == EX_MEMBER)) {
    Var *r = ex_root_var(s->lhs);
    /* a local array or struct written element by element */
    if (r && r->kind == VAR_LOCAL && (r->type->kind == TY_ARRAY || r->type->kind == TY_RECORD)) v = r;
    if (v) ptrmap_put(&w->nonacc, v, (void *)1);
  }
  if (!v) return WALK_ON;
  bool seen = false;
  for (int i = 0; i < w->vars.len && !seen; i++) seen = w->vars.data[i] == v;
  if (!seen) vec_push(&w->vars, v);
  if (s->lhs->kind != EX_VAR || !ty_is_float(v->type) || !accumulates(s, v)) ptrmap_put(&w->nonacc, v, (void *)1);
  return WALK_ON;
}

/* v is read in the body other than by its own accumulations */
typedef struct Reads {
  const Var *v;
  bool read;
} Reads;

static Walk reads_var(Expr *e, void *ctx) {
  Reads *r = ctx;
  if (e->kind == EX_VAR && e->var == r->v) r->read = true;
  return r->read ? WALK_STOP : WALK_ON;
}

static Walk other_read(Stmt *s, void *ctx) {
  Reads *r = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == r->v && accumulates(s, r->v)) return WALK_SKIP;
  if (s->kind == ST_ASSIGN) {
    if (s->lhs->kind != EX_VAR) ex_each(s->lhs, reads_var, r);
    ex_each(s->rhs, reads_var, r);
  } else {
    ex_each(s->expr, reads_var, r);
    ex_each(s->cond, reads_var, r);
  }
  return r->read ? WALK_STOP : WALK_ON;
}

static const char *user_red(const Omp *o, const Var *v) {
  for (int i = 0; i < o->nred; i++)
    if (o->red[i].var == v) return o->red[i].op;
  return NULL;
}

static bool in_list(const PtrVec *l, const Var *v) {
  for (int i = 0; i < l->len; i++)
    if (l->data[i] == v) return true;
  return false;
}

/* The clauses of a built loop over 'body' with counter 'ctr'. */
static Omp *clauses(const Omp *user, Stmt *loop, const Var *ctr) {
  Omp *o = xmalloc(sizeof *o);
  memset(o, 0, sizeof *o);
  o->dir = "parallel for";
  o->team = true;
  o->collapse = 1;
  o->rest = user->rest;
  o->loc = user->loc;
  o->red = xmalloc(sizeof(OmpRed));
  Writes w = {0};
  st_each(loop->then, note_write, &w);
  for (int i = 0; i < w.vars.len; i++) {
    Var *v = w.vars.data[i];
    if (v == ctr || ptrmap_get(&w.declared, v)) continue;
    Reads r = {v, false};
    if (!ptrmap_get(&w.nonacc, v)) st_each(loop->then, other_read, &r);
    const char *op = user_red(user, v);
    if (op || (!ptrmap_get(&w.nonacc, v) && !r.read))
      omp_add_red(o, op ? op : "+", v);
    else if (in_list(&user->lpriv, v))
      vec_push(&o->lpriv, v);
    else
      vec_push(&o->fpriv, v);
  }
  return o;
}

/* ---- Race-free accumulation in the backward loop ------------------------ */

typedef struct Acc {
  const Var *ctr;
  PtrVec stores;  /* lvalues stored plainly (not accumulated) */
} Acc;

static Walk note_store(Stmt *s, void *ctx) {
  Acc *c = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR) {
    const Expr *r = ex_strip_implicit(s->rhs);
    bool acc = r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs);
    if (!acc) vec_push(&c->stores, s->lhs);
  }
  return WALK_ON;
}

static Walk mark_atomic(Stmt *s, void *ctx) {
  Acc *c = ctx;
  if (s->kind != ST_ASSIGN || s->lhs->kind == EX_VAR) return WALK_ON;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB) || !ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs))
    return WALK_ON;
  Var *root = ex_root_var(s->lhs);
  if (root && root->kind == VAR_LOCAL && (root->type->kind == TY_ARRAY || root->type->kind == TY_RECORD))
    return WALK_ON;  /* a local array: firstprivate or reduced, not shared */
  const Expr *k = s->lhs->kind == EX_INDEX ? ex_strip_implicit(s->lhs->rhs) : NULL;
  if (k && k->kind == EX_VAR && k->var == c->ctr && s->lhs->lhs->kind == EX_VAR) return WALK_ON;
  for (int i = 0; i < c->stores.len; i++)
    if (ir_expr_equal(c->stores.data[i], s->lhs)) return WALK_ON;
  s->omp_atomic = true;
  return WALK_ON;
}

/* the backward code of the step: the counter walked back, nothing else */
static bool only_ctr(const Stmt *bs, const Var *ctr) {
  for (int i = 0; i < bs->nbody; i++)
    if (bs->body[i]->kind != ST_ASSIGN || bs->body[i]->lhs->kind != EX_VAR || bs->body[i]->lhs->var != ctr) return false;
  return true;
}

static Stmt *clone_block(const Stmt *b) { return b ? ir_clone_stmt(b, NULL) : NULL; }

bool adj_omp_loop(Adj *a, Stmt *s, Stmt *fi, Stmt *fb, Stmt *fs, Stmt *bb, Stmt *bs, Stmt *fwd, Stmt *bwd) {
  if (!s->omp || !s->omp->team || a->phase != 2) return false;
  Var *ctr = adj_counted_ctr(s);
  bool ok = ctr && only_ctr(bs, ctr) && plain_code(fi) && plain_code(fb) && plain_code(fs) && plain_code(bb);
  if (!ok) {
    diag_at(s->omp->loc, D_OMP_SERIAL_REVERSE);  /* printed by the one unmuted build */
    return false;
  }
  SrcLoc loc = s->loc;
  Stmt *fl = st_new(ST_FOR, loc), *bl = st_new(ST_FOR, loc);
  fl->init = fi;
  fl->cond = ir_clone_expr(s->cond, NULL);
  fl->step = fs;
  fl->then = fb;
  bl->init = clone_block(fi);
  bl->cond = ir_clone_expr(s->cond, NULL);
  bl->step = clone_block(fs);
  bl->then = bb;
  fl->omp = clauses(s->omp, fl, ctr);
  Acc c = {ctr, {0}};
  st_each(bb, note_store, &c);
  st_each(bb, mark_atomic, &c);
  bl->omp = clauses(s->omp, bl, ctr);
  st_append(fwd, fl);
  st_append(bwd, bl);
  return true;
}
