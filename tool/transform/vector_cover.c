/*
 * vector_cover.c — a vector sweep's zeroing on entry of an output it then
 * stores whole, dropped (vector.c calls it on a finished sweep).
 * Requires: a widened jvp function in the rows layout.
 * Provides: vec_drop_covered_zeroing.
 */
#include <string.h>

#include "vector_int.h"

/* ---- Outputs the sweep writes whole (drop_covered_zeroing) -------------
 * A jvp zeroes a pure output's tangent on entry (memset(y_dot, 0, n *
 * sizeof(*y_dot))): f might not write every element. When the sweep names
 * y_dot nowhere else than in one lane store inside a counted loop at its
 * top level, which every iteration runs and which covers rows 0 .. n - 1
 * (for (v = 0; v < n; v++) { ... y_dot[v][lane] = e; } or, for n = C * m,
 * for (v = 0; v < m; v++) { ... for (k = 0; k < C; k++) { ... y_dot[C * v
 * + k][lane] = e; } }), the zeroing is dead (bench_jac's hand: 6,000 rows
 * of 26 lanes, 1.25 MB a call). Conservative: no return but a last one, no
 * break or continue in the loops, the bound's variables never stored nor
 * their address taken, the counters stored by their loops only. */
typedef struct Named {
  const Var *d;
  const Stmt *skip;  /* the store, checked apart */
  bool found;
} Named;

static Walk names_var(Expr *e, void *ctx) {
  Named *n = ctx;
  if (e->kind == EX_VAR && e->var == n->d) n->found = true;
  return n->found ? WALK_STOP : WALK_ON;
}

static bool ex_names(const Expr *e, const Var *d) {
  Named n = {d, NULL, false};
  if (e) ex_each(e, names_var, &n);
  return n.found;
}

/* s or a statement in it, but the store, names d */
static bool st_names(const Stmt *s, const Var *d, const Stmt *skip) {
  if (!s || s == skip) return false;
  if (ex_names(s->lhs, d) || ex_names(s->rhs, d) || ex_names(s->expr, d) || ex_names(s->cond, d)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (st_names(s->body[i], d, skip)) return true;
  return st_names(s->then, d, skip) || st_names(s->els, d, skip) || st_names(s->init, d, skip) ||
         st_names(s->step, d, skip);
}

/* a return, break or continue in s (top: a return as its last statement is none) */
static bool jumps(const Stmt *s, bool top) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN || s->kind == ST_SWITCH) return true;
  for (int i = 0; i < s->nbody; i++)
    if (!(top && i == s->nbody - 1 && s->body[i]->kind == ST_RETURN) && jumps(s->body[i], false)) return true;
  return jumps(s->then, false) || jumps(s->els, false) || jumps(s->init, false) || jumps(s->step, false);
}

typedef struct Stored {
  const Var *v;
  bool found;
} Stored;

static Walk addr_of_var(Expr *e, void *ctx) {
  Stored *c = ctx;
  if (e->kind == EX_ADDR && ex_root_var(e->lhs) == c->v) c->found = true;
  return c->found ? WALK_STOP : WALK_ON;
}

static Walk stores_var(Stmt *s, void *ctx) {
  Stored *c = ctx;
  if ((s->kind == ST_ASSIGN && s->lhs && ex_root_var(s->lhs) == c->v) || (s->kind == ST_DECL && s->var == c->v))
    c->found = true;
  return c->found ? WALK_STOP : WALK_ON;
}

/* s stores v, or takes its address */
static bool st_stores(const Stmt *s, const Var *v) {
  Stored c = {v, false};
  if (s) st_each(s, stores_var, &c);
  if (s && !c.found) st_each_expr(s, addr_of_var, &c);
  return c.found;
}

/* the bound's variables: locals or parameters the function never stores */
static Walk bound_ok(Expr *e, void *body) {
  if (e->kind == EX_VAR)
    return e->var->kind == VAR_GLOBAL || st_stores(body, e->var) ? WALK_STOP : WALK_ON;
  return e->kind == EX_NUM || e->kind == EX_BIN || e->kind == EX_CAST ? WALK_ON : WALK_STOP;
}

/* for (c = 0; c < bound; c = c + 1) (or c++): its counter, else NULL */
static Var *counted(const Stmt *s, Expr **bound) {
  if (!s || s->kind != ST_FOR || !s->init || !s->step || !s->cond || s->cond->kind != EX_BIN || s->cond->op != OP_LT)
    return NULL;
  const Expr *c = ex_strip_implicit(s->cond->lhs);
  if (c->kind != EX_VAR || c->var->type->kind != TY_INT) return NULL;
  Var *v = c->var;
  const Stmt *i = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  const Stmt *t = s->step->kind == ST_BLOCK && s->step->nbody == 1 ? s->step->body[0] : s->step;
  const Expr *z = i->kind == ST_DECL && i->var == v ? i->expr : i->kind == ST_ASSIGN && i->lhs->kind == EX_VAR && i->lhs->var == v ? i->rhs : NULL;
  z = z ? ex_strip_implicit(z) : NULL;
  if (!z || z->kind != EX_NUM || z->value != 0) return NULL;
  if (t->kind != ST_ASSIGN || t->lhs->kind != EX_VAR || t->lhs->var != v) return NULL;
  const Expr *r = ex_strip_implicit(t->rhs);
  if (r->kind != EX_BIN || r->op != OP_ADD || ex_strip_implicit(r->lhs)->kind != EX_VAR ||
      ex_strip_implicit(r->lhs)->var != v || ex_strip_implicit(r->rhs)->kind != EX_NUM || ex_strip_implicit(r->rhs)->value != 1)
    return NULL;
  *bound = s->cond->rhs;
  return v;
}

static bool is_var(const Expr *e, const Var *v) {
  e = ex_strip_implicit(e);
  return e->kind == EX_VAR && e->var == v;
}

static long num_of(const Expr *e) {
  e = ex_strip_implicit(e);
  return e->kind == EX_NUM && e->value == (long)e->value ? (long)e->value : -1;
}

/* idx is C * v + k (k + C * v, v * C + k; v alone when C is 1) */
static bool row_index(const Expr *idx, long C, const Var *v, const Var *k) {
  idx = ex_strip_implicit(idx);
  if (C == 1) return is_var(idx, v);
  if (idx->kind != EX_BIN || idx->op != OP_ADD) return false;
  const Expr *a = ex_strip_implicit(idx->lhs), *b = ex_strip_implicit(idx->rhs);
  if (is_var(a, k)) {
    const Expr *t = a;
    a = b;
    b = t;
  }
  if (!is_var(b, k) || a->kind != EX_BIN || a->op != OP_MUL) return false;
  return (num_of(a->lhs) == C && is_var(a->rhs, v)) || (num_of(a->rhs) == C && is_var(a->lhs, v));
}

/* in block b's top level: a lane loop whose one statement is d[row][lane] = e, row covering C rows per v */
static Stmt *lane_store(Vec *w, const Stmt *b, const Var *d, long C, const Var *v, const Var *k) {
  for (int i = 0; b && b->kind == ST_BLOCK && i < b->nbody; i++) {
    Stmt *l = b->body[i];
    Expr *n = NULL;
    if (counted(l, &n) != w->lane || num_of(n) != w->width || !l->then || l->then->kind != ST_BLOCK || l->then->nbody != 1)
      continue;
    Stmt *a = l->then->body[0];
    if (a->kind != ST_ASSIGN || a->lhs->kind != EX_INDEX || !is_var(a->lhs->rhs, w->lane)) continue;
    const Expr *r = ex_strip_implicit(a->lhs->lhs);
    if (r->kind == EX_INDEX && is_var(r->lhs, d) && row_index(r->rhs, C, v, k) && !ex_names(a->rhs, d) &&
        !ex_names(r->rhs, d))
      return a;
  }
  return NULL;
}

/* memset(d, 0, n * sizeof(*d)) of a rows parameter d: d, and n in *n */
static Var *zeroing(const Stmt *s, Expr **n) {
  if (s->kind != ST_EXPR || s->expr->kind != EX_CALL || !s->expr->text || !str_eq(s->expr->text, "memset") ||
      s->expr->nargs != 3 || num_of(s->expr->args[1]) != 0)
    return NULL;
  const Expr *p = ex_strip_implicit(s->expr->args[0]), *b = ex_strip_implicit(s->expr->args[2]);
  if (p->kind != EX_VAR || p->var->kind != VAR_PARAM || !ty_is_ptr(p->var->type) || p->var->type->base->kind != TY_ARRAY)
    return NULL;
  if (b->kind != EX_BIN || b->op != OP_MUL) return NULL;
  const Expr *z = ex_strip_implicit(b->rhs);
  if (z->kind != EX_SIZEOF || !z->lhs || z->lhs->kind != EX_DEREF || !is_var(z->lhs->lhs, p->var)) return NULL;
  *n = b->lhs;
  return p->var;
}

/* the loop at the top level of body, from statement 'from' on, that
 * covers d's n rows: the lane store, else NULL */
static Stmt *covering(Vec *w, Stmt *body, int from, const Var *d, Expr *n, Stmt **loop) {
  for (int i = from; i < body->nbody; i++) {
    Stmt *L = body->body[i];
    Expr *m = NULL;
    Var *v = counted(L, &m);
    if (!v || !st_names(L, d, NULL)) continue;
    *loop = L;
    if (jumps(L->then, false) || st_stores(L->then, v)) return NULL;
    const Expr *nn = ex_strip_implicit(n);
    if (ir_expr_equal(nn, ex_strip_implicit(m))) return lane_store(w, L->then, d, 1, v, NULL);
    if (nn->kind != EX_BIN || nn->op != OP_MUL || num_of(nn->lhs) < 2 || !ir_expr_equal(ex_strip_implicit(nn->rhs), ex_strip_implicit(m)))
      return NULL;
    long C = num_of(nn->lhs);
    for (int j = 0; L->then->kind == ST_BLOCK && j < L->then->nbody; j++) {
      Expr *c = NULL;
      Stmt *K = L->then->body[j];
      Var *k = counted(K, &c);
      if (k && num_of(c) == C && !st_stores(K->then, k)) {
        Stmt *a = lane_store(w, K->then, d, C, v, k);
        if (a) return a;
      }
    }
    return NULL;
  }
  return NULL;
}

void vec_drop_covered_zeroing(Vec *w, Fn *f) {
  Stmt *body = f->body;
  if (jumps(body, true)) return;
  for (int i = 0; i < body->nbody; i++) {
    Expr *n = NULL;
    Var *d = zeroing(body->body[i], &n);
    if (!d || ex_each(n, bound_ok, body) == false) continue;
    Stmt *loop = NULL, *store = covering(w, body, i + 1, d, n, &loop);  /* after the memset */
    if (!store) continue;
    bool elsewhere = false;  /* d named but by the memset and the store */
    for (int j = 0; j < body->nbody && !elsewhere; j++)
      if (j != i) elsewhere = st_names(body->body[j], d, store);
    if (elsewhere) continue;
    memmove(&body->body[i], &body->body[i + 1], sizeof(Stmt *) * (size_t)(body->nbody - i - 1));
    body->nbody--;
    i--;
  }
}
