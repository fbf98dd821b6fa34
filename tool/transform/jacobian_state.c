/*
 * jacobian_state.c — how much memory behind an unlisted pointer parameter
 * the drivers must put back before each sweep.
 *
 * A parameter in no clause that f (or a callee) stores through is state
 * of f's: a generator's seed (rand_r(seed)), an optimiser's step counter
 * (o->t++), a hit count f adds to and reads back. Every sweep of a driver
 * runs f once, so each would see what the one before left, the Jacobian
 * of another call per row or column. Its extent is known when f and its
 * callees use the pointer only as one object: *p, p->field, p[k] with a
 * constant k, passed on whole to a parameter used the same way, or to a
 * library function whose state argument has a fixed size (rand_r: one
 * unsigned, erand48: three unsigned shorts), or read through a pointer to
 * const, or cast into a local pointer used that way (cminpack's void *p:
 * fcndata *d = (fcndata *)p; ++d->nfev). Anything else (p[i], p + 1,
 * q = p, an unknown function, a pointer stored into the object, which put
 * back could dangle) leaves the extent unknown: the driver refuses the request (jacobian_driver.c).
 *
 * Memory f stores into before it reads it needs neither (param_use.c).
 *
 * Requires: lowered bodies. Provides: jd_state_extent.
 */
#include <stdint.h>
#include <stdlib.h>

#include "jacobian_int.h"

/* library functions taking state by pointer: argument, element count */
static const struct {
  const char *name;
  int arg;
  long n;
} state_fns[] = {
    {"rand_r", 0, 1}, {"erand48", 0, 3}, {"nrand48", 0, 3}, {"jrand48", 0, 3},
};

typedef struct Use {
  Fn *f;            /* the function whose body is walked */
  const Var *p;
  long total, good; /* occurrences of p; those in a one-object use */
  long need;        /* objects the good uses reach */
  Type *obj;        /* their type: p's pointee, or what a void * is cast to (void *p; T *d = (T *)p) */
  bool bad;
  PtrVec *open;     /* (Fn*, Var*) pairs being checked: recursion */
} Use;

static long var_extent(Fn *f, const Var *p, Type **obj, PtrVec *open);

static bool is_p(const Use *u, const Expr *e) {
  e = ex_strip_implicit(e);
  return e->kind == EX_VAR && e->var == u->p;
}

/* a good use reaching n objects of type t (NULL: p's pointee) */
static void reach_as(Use *u, long n, Type *t) {
  u->good++;
  if (n <= 0) return;
  if (t && t->kind != TY_VOID) {
    t = ty_unqual(t);
    if (u->obj && !ty_same(u->obj, t)) u->bad = true;
    u->obj = t;
  }
  if (n > u->need) u->need = n;
}

static void reach(Use *u, long n) { reach_as(u, n, u->p->type->base); }

static bool is_null(const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return e->kind == EX_NUM && e->value == 0;
}

/* argument k of call c is p */
static void call_arg(Use *u, const Expr *c, int k) {
  const Expr *a = c->args[k];
  if (ty_is_ptr(a->type) && a->type->base->is_const) {  /* read only */
    reach(u, 0);
    return;
  }
  if (c->fn && c->fn->body && k < c->fn->nparams) {
    Type *t = NULL;
    long n = var_extent(c->fn, c->fn->params[k], &t, u->open);
    if (n >= 0) reach_as(u, n, t);
    return;
  }
  for (size_t i = 0; c->text && i < sizeof state_fns / sizeof state_fns[0]; i++)
    if (str_eq(c->text, state_fns[i].name) && k == state_fns[i].arg) reach(u, state_fns[i].n);
}

static Walk visit(Expr *e, void *ctx) {
  Use *u = ctx;
  switch (e->kind) {
  case EX_VAR:
    if (e->var == u->p) u->total++;
    break;
  case EX_DEREF:
    if (is_p(u, e->lhs)) reach(u, 1);
    break;
  case EX_MEMBER:
    if (e->is_arrow && is_p(u, e->lhs)) reach(u, 1);
    break;
  case EX_INDEX: {
    const Expr *i = ex_strip_implicit(e->rhs);
    if (is_p(u, e->lhs) && i->kind == EX_NUM && i->value >= 0 && i->value < 1e6 && i->value == (long)i->value)
      reach(u, (long)i->value + 1);
    break;
  }
  case EX_BIN:  /* p == NULL, p != 0 */
    if ((e->op == OP_EQ || e->op == OP_NE) && ((is_p(u, e->lhs) && is_null(e->rhs)) || (is_p(u, e->rhs) && is_null(e->lhs))))
      reach(u, 0);
    break;
  case EX_CALL:
    for (int k = 0; k < e->nargs; k++)
      if (is_p(u, e->args[k])) call_arg(u, e, k);
    break;
  default:
    break;
  }
  return WALK_ON;
}

/* the object lv lies in: p->x[2].y is in *p */
static const Expr *object_of(const Expr *lv) {
  for (;;) {
    lv = ex_strip_implicit(lv);
    if (lv->kind == EX_MEMBER && !lv->is_arrow) lv = lv->lhs;
    else if (lv->kind == EX_INDEX && lv->lhs->type && lv->lhs->type->kind == TY_ARRAY) lv = lv->lhs;
    else return lv;
  }
}

/* if (p): a test of the pointer; T *d = (T *)p: d's uses tell; a pointer
 * stored into the object: putting the old one back could dangle */
static Walk visit_stmt(Stmt *s, void *ctx) {
  Use *u = ctx;
  if ((s->kind == ST_IF || s->kind == ST_WHILE) && s->cond && is_p(u, s->cond)) reach(u, 0);
  if (s->kind == ST_DECL && s->expr && ty_is_ptr(s->var->type)) {
    const Expr *e = ex_strip_implicit(s->expr);
    while (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
    if (e->kind == EX_VAR && e->var == u->p) {
      Type *t = NULL;
      long n = var_extent(u->f, s->var, &t, u->open);
      if (n >= 0) reach_as(u, n, t);
    }
  }
  if (s->kind == ST_ASSIGN && ty_holds_ptr(s->lhs->type)) {
    const Expr *o = object_of(s->lhs);
    if ((o->kind == EX_DEREF || o->kind == EX_INDEX || (o->kind == EX_MEMBER && o->is_arrow)) && is_p(u, o->lhs))
      u->bad = true;
  }
  return WALK_ON;
}

/* Objects behind pointer p (a parameter or local of f) that f reaches (0:
 * none), their type in *obj; -1: unknown. */
static long var_extent(Fn *f, const Var *p, Type **obj, PtrVec *open) {
  for (int i = 0; i + 1 < open->len; i += 2)
    if (open->data[i] == f && open->data[i + 1] == p) return 0;  /* recursion: the outer call decides */
  if (!ty_is_ptr(p->type) || p->type->base->kind == TY_FUNC) return -1;
  vec_push(open, f);
  vec_push(open, (void *)p);
  Use u = {.f = f, .p = p, .open = open};
  st_each_expr(f->body, visit, &u);
  st_each(f->body, visit_stmt, &u);
  open->len -= 2;
  *obj = u.obj;
  if (u.bad || u.good != u.total || (u.need > 0 && !u.obj)) return -1;
  return u.need;
}

long jd_state_extent(Fn *f, int j, Type **obj) {
  *obj = NULL;
  if (!f->body) return -1;
  PtrVec open = {0};
  long n = var_extent(f, f->params[j], obj, &open);
  free(open.data);
  return n;
}
