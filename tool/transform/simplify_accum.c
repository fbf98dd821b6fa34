/*
 * simplify_accum.c — S3 cleanup: the first accumulation into a zero
 * adjoint is an assignment.
 *
 * Reverse mode declares a scalar adjoint as 0, accumulates into it
 * (x_bar = x_bar + d) and resets it to 0 after its last use, in every
 * iteration of a reversed loop. Where x_bar is known to hold 0, the add
 * only lengthens the backward sweep's dependence chain (an add the
 * compiler may not fold: 0.0 + d is not d when d is -0.0). A forward
 * walk over the generated code keeps the set of variables known to be 0
 * and rewrites x_bar = x_bar + d into x_bar = d (and x_bar - d into -d)
 * where the set holds x_bar. Only the derivative variables the caller
 * names are touched: for them the sign of a zero does not matter.
 *
 * The set is a must-analysis: 'if' joins intersect; a loop body starts
 * from the fixed point of (set before the loop) & (set at the end of the
 * body); a body with break or continue starts from the set before the
 * loop less everything the body writes, and a switch removes what its
 * body writes. Variables whose address is taken are never in the set.
 *
 * The same for arrays, in the one place it is cheap to prove: grad zeroes
 * a gradient array on entry, and when the first code touching it is a
 * loop adding into every element once, the adds become stores and the
 * memset goes (simplify_first_store: the loss-style x_bar[i] += c x*[i]).
 *
 * Requires: a generated reverse-mode function (S3).
 * Provides: x_bar += d as x_bar = d where x_bar is known zero; a first
 *   loop into a zeroed gradient array as stores.
 */
#include <stdlib.h>
#include <string.h>

#include "transform.h"

typedef struct Zero {
  const PtrMap *vars;   /* the derivative variables that may be rewritten */
  unsigned char *cand;  /* per Var id: 0 once its address is taken */
  int n;                /* ids 0..n-1 */
} Zero;

static bool is_cand(const Zero *z, const Var *v) {
  return v->kind == VAR_LOCAL && !v->is_static && v->id < z->n && z->cand[v->id] && ty_is_float(v->type) &&
         ptrmap_get(z->vars, v);
}

static Walk no_addr_e(Expr *e, void *z_) {
  Zero *z = z_;
  if (e->kind == EX_ADDR) {
    const Expr *l = ex_strip_implicit(e->lhs);
    if (l->kind == EX_VAR && l->var->id < z->n) z->cand[l->var->id] = 0;
  }
  return WALK_ON;
}

static void no_addr(Zero *z, const Stmt *s) { st_each_expr(s, no_addr_e, z); }

/* Clear in 'set' every variable s assigns or declares. */
typedef struct Kill {
  unsigned char *set;
  int n;
} Kill;

static Walk kill_s(Stmt *s, void *ctx) {
  Kill *k = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var->id < k->n) k->set[s->lhs->var->id] = 0;
  if (s->kind == ST_DECL && s->var->id < k->n) k->set[s->var->id] = 0;
  return WALK_ON;
}

static void kill_written(const Stmt *s, unsigned char *set, int n) { st_each(s, kill_s, &(Kill){set, n}); }

static Walk is_jump(Stmt *s, void *unused) {
  (void)unused;
  return s->kind == ST_BREAK || s->kind == ST_CONTINUE ? WALK_STOP : WALK_ON;
}

static bool has_jump(const Stmt *s) { return !st_each(s, is_jump, NULL); }

static unsigned char *copy(const Zero *z, const unsigned char *set) {
  unsigned char *c = xmalloc((size_t)z->n + 1);
  memcpy(c, set, (size_t)z->n);
  return c;
}

static void meet(const Zero *z, unsigned char *into, const unsigned char *other) {
  for (int i = 0; i < z->n; i++) into[i] &= other[i];
}

static void walk(Zero *z, Stmt *s, unsigned char *set, bool rewrite);

/* A loop: the body runs from 'in', the largest subset of the entry set
 * that the body (and step) leave in place. */
static void loop(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  walk(z, s->init, set, rewrite);
  unsigned char *in = copy(z, set);
  if (has_jump(s->then)) {
    kill_written(s->then, in, z->n);
    kill_written(s->step, in, z->n);
  } else {
    for (;;) {
      unsigned char *t = copy(z, in);
      walk(z, s->then, t, false);
      walk(z, s->step, t, false);
      bool same = true;
      for (int i = 0; i < z->n; i++)
        if (in[i] && !t[i]) in[i] = 0, same = false;
      free(t);
      if (same) break;
    }
  }
  unsigned char *t = copy(z, in);
  walk(z, s->then, t, rewrite);
  walk(z, s->step, t, rewrite);
  free(t);
  memcpy(set, in, (size_t)z->n);  /* every exit test sees a superset of 'in' */
  free(in);
}

static void assign(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  Var *v = s->lhs->var;
  if (!is_cand(z, v)) return;
  Expr *r = (Expr *)ex_strip_implicit(s->rhs);
  if (ex_is_zero(r)) {
    set[v->id] = 1;
    return;
  }
  if (set[v->id] && rewrite && r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB)) {
    const Expr *l = ex_strip_implicit(r->lhs);
    if (l->kind == EX_VAR && l->var == v && !ex_mentions(r->rhs, v))
      s->rhs = r->op == OP_ADD ? r->rhs : d_neg(r->rhs);
  }
  set[v->id] = 0;
}

static void walk(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  if (!s) return;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++) walk(z, s->body[i], set, rewrite);
    break;
  case ST_DECL:
    if (is_cand(z, s->var)) set[s->var->id] = s->expr && ex_is_zero(s->expr);
    break;
  case ST_ASSIGN:
    if (s->lhs->kind == EX_VAR) assign(z, s, set, rewrite);
    break;
  case ST_IF: {
    unsigned char *e = copy(z, set);
    walk(z, s->then, set, rewrite);
    walk(z, s->els, e, rewrite);
    meet(z, set, e);
    free(e);
    break;
  }
  case ST_WHILE:
  case ST_FOR: loop(z, s, set, rewrite); break;
  case ST_SWITCH: kill_written(s->then, set, z->n); break;
  default: break;  /* expressions, return, break, continue, case labels */
  }
}

void simplify_first_accum(Fn *f, const PtrMap *vars) {
  Zero z = {.vars = vars, .n = f->nvars};
  z.cand = xmalloc((size_t)z.n + 1);
  memset(z.cand, 1, (size_t)z.n);
  no_addr(&z, f->body);
  unsigned char *set = xmalloc((size_t)z.n + 1);
  memset(set, 0, (size_t)z.n);
  walk(&z, f->body, set, true);
  free(set);
  free(z.cand);
}

/* ---- Zeroed arrays: the first store of a loop ------------------------- */

/* memset(V, 0, N * sizeof(*V)) with V a pointer variable: V, and N in *n. */
static Var *zeroed_array(const Stmt *s, const Expr **n) {
  if (s->kind != ST_EXPR || s->expr->kind != EX_CALL || !s->expr->text || strcmp(s->expr->text, "memset") ||
      s->expr->nargs != 3 || !ex_is_zero(s->expr->args[1]))
    return NULL;
  const Expr *v = ex_strip_implicit(s->expr->args[0]), *b = ex_strip_implicit(s->expr->args[2]);
  if (v->kind != EX_VAR || v->var->type->kind != TY_PTR || b->kind != EX_BIN || b->op != OP_MUL) return NULL;
  const Expr *sz = ex_strip_implicit(b->rhs);
  if (sz->kind != EX_SIZEOF || !sz->lhs || sz->lhs->kind != EX_DEREF) return NULL;
  const Expr *d = ex_strip_implicit(sz->lhs->lhs);
  if (d->kind != EX_VAR || d->var != v->var) return NULL;
  *n = b->lhs;
  return v->var;
}

/* The one assignment i = e of a for-init (a block of one, or the statement). */
static const Stmt *single(const Stmt *s) {
  if (s && s->kind == ST_BLOCK) return s->nbody == 1 ? s->body[0] : NULL;
  return s;
}

static bool is_var(const Expr *e, const Var *v) {
  e = ex_strip_implicit(e);
  return e->kind == EX_VAR && e->var == v;
}

/* i = i + c or i = i - c (c = 1 when unit) */
static bool steps(const Stmt *s, const Var *i, BinOp op) {
  if (!s || s->kind != ST_ASSIGN || !is_var(s->lhs, i)) return false;
  const Expr *r = ex_strip_implicit(s->rhs);
  return r->kind == EX_BIN && r->op == op && is_var(r->lhs, i) && ex_is_one(r->rhs);
}

/* A loop over i visiting each index once and running to its end:
 * for (i = A; i < B; i++), or the reversed form for (i = B; i > A;) { i--;
 * ... }, whose body writes i nowhere else. Sets *lo = A, *hi = B. */
static Var *each_once(const Stmt *l, const Expr **lo, const Expr **hi) {
  const Stmt *init = single(l->init);
  if (l->kind != ST_FOR || !init || init->kind != ST_ASSIGN || init->lhs->kind != EX_VAR || !l->cond ||
      l->cond->kind != EX_BIN || has_jump(l->then) || !l->then || l->then->kind != ST_BLOCK)
    return NULL;
  Var *i = init->lhs->var;
  if (!is_var(l->cond->lhs, i) || i->type->kind != TY_INT) return NULL;
  int own;  /* the body statement that steps i, or -1 */
  if (l->cond->op == OP_LT && steps(single(l->step), i, OP_ADD)) {
    *lo = init->rhs;
    *hi = l->cond->rhs;
    own = -1;
  } else if (l->cond->op == OP_GT && !l->step && l->then->nbody && steps(l->then->body[0], i, OP_SUB)) {
    *lo = l->cond->rhs;
    *hi = init->rhs;
    own = 0;
  } else {
    return NULL;
  }
  for (int k = 0; k < l->then->nbody; k++)
    if (k != own && st_assigns(l->then->body[k], i)) return NULL;
  return i;
}

/* The statement of loop body b that stores into v: v[i] = v[i] + e, at the
 * top level of b and the only one mentioning v. */
static Stmt *only_update(Stmt *b, const Var *v, const Var *i) {
  Stmt *found = NULL;
  for (int k = 0; k < b->nbody; k++) {
    Stmt *c = b->body[k];
    if (!st_mentions(c, v)) continue;
    if (found || c->kind != ST_ASSIGN || c->lhs->kind != EX_INDEX || !is_var(c->lhs->lhs, v) ||
        !is_var(c->lhs->rhs, i))
      return NULL;
    const Expr *r = ex_strip_implicit(c->rhs);
    if (r->kind != EX_BIN || r->op != OP_ADD || !ir_expr_equal(ex_strip_implicit(r->lhs), c->lhs) ||
        ex_mentions(r->rhs, v))
      return NULL;
    found = c;
  }
  return found;
}

/* grad zeroes a gradient array on entry (memset(v, 0, N * sizeof(*v))).
 * When the first code that touches v afterwards is a loop over [0, N)
 * adding into v[i] once per index, the adds are stores (v[i] = e) and the
 * memset goes. Nothing between them mentions v, so no other pointer into
 * v exists there; N's variables are never assigned, so the loop's N is
 * the memset's. */
void simplify_first_store(Fn *f) {
  Stmt *b = f->body;
  for (int k = 0; k < b->nbody; k++) {
    const Expr *n;
    Var *v = zeroed_array(b->body[k], &n);
    if (!v || v->kind == VAR_GLOBAL) continue;
    int j = k + 1;
    while (j < b->nbody && !st_mentions(b->body[j], v)) j++;
    if (j == b->nbody) continue;
    const Expr *lo, *hi;
    Var *i = each_once(b->body[j], &lo, &hi);
    Stmt *u = i ? only_update(b->body[j]->then, v, i) : NULL;
    if (!u || !ex_is_zero(lo) || !ir_expr_equal(ex_strip_implicit(hi), ex_strip_implicit(n)) || !ex_unchanged_by(n, f->body))
      continue;
    u->rhs = ((Expr *)ex_strip_implicit(u->rhs))->rhs;
    memmove(&b->body[k], &b->body[k + 1], sizeof(Stmt *) * (size_t)(b->nbody - k - 1));
    b->nbody--;
    k--;
  }
}
