/*
 * simplify_loop.c — S3 cleanup: reversed counted loops in their natural form.
 *
 * Requires: a generated function (any mode), after its transforms.
 * Provides: simplify_natural_loops(): `for (i = B; i > A;) { i--; ... }`,
 * the form reverse mode walks a counter back in, becomes
 * `for (i = B - 1; i >= A; i--) { ... }` (and `for (i = B; i < A;) { i++;
 * ... }` becomes `for (i = B + 1; i <= A; i++)`), where the two are the same
 * program: i is a signed integer local whose address is not taken, the body
 * does not otherwise write it, and nothing reads i after the loop before
 * writing it (the new form leaves i one step further: A - 1, not A).
 * Not exact for the extreme counters i == INT_MIN or INT_MAX at a bound,
 * which a loop of the primal reaching them would overflow too.
 */
#include <stdlib.h>
#include <string.h>

#include "transform.h"

/* ---- Who reads i after a statement ------------------------------------ */

static bool st_jumps(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_CONTINUE) return true;
  if (st_jumps(s->then) || st_jumps(s->els) || st_jumps(s->init) || st_jumps(s->step)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (st_jumps(s->body[i])) return true;
  return false;
}

enum { FLOWS, KILLS, READS };

/* What running s does to v's current value: overwrites it before any read
 * (KILLS), may read it or leave by a jump (READS), neither (FLOWS). */
static int effect(const Stmt *s, const Var *v) {
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == v) return ex_mentions(s->rhs, v) ? READS : KILLS;
  if (s->kind == ST_FOR && s->init && !st_jumps(s->init)) {
    const Stmt *in = s->init;
    if (in->kind == ST_BLOCK && in->nbody == 1) in = in->body[0];
    if (in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR && in->lhs->var == v && !ex_mentions(in->rhs, v)) return KILLS;
  }
  if (s->kind == ST_RETURN) return ex_mentions(s->expr, v) ? READS : KILLS;
  if (st_mentions(s, v) || st_jumps(s)) return READS;
  return FLOWS;
}

/* budget: statements left to look at; past it, v counts as read (linear
 * time where many loops end in long code) */
static int seq(Stmt *const *body, int from, int to, const Var *v, int *budget) {
  for (int i = from; i < to; i++) {
    if (--*budget < 0) return READS;
    int e = effect(body[i], v);
    if (e != FLOWS) return e;
  }
  return FLOWS;
}

static int index_in(const Stmt *block, const Stmt *child) {
  for (int i = 0; i < block->nbody; i++)
    if (block->body[i] == child) return i;
  return -1;
}

/* May v's value at the end of path[n - 1] be read before it is written? */
bool simplify_live_after(Stmt **path, int n, const Var *v) {
  int budget = 1024;
  for (int k = n - 2; k >= 0; k--) {
    Stmt *p = path[k], *c = path[k + 1];
    if (p->kind == ST_BLOCK) {
      int e = seq(p->body, index_in(p, c) + 1, p->nbody, v, &budget);
      if (e != FLOWS) return e == READS;
    } else if (p->kind == ST_WHILE || p->kind == ST_FOR) {
      if (c != p->then) return true;
      /* the next iteration: step, condition, then the body up to the loop,
       * whose own first statement writes v */
      if (st_mentions(p->step, v) || ex_mentions(p->cond, v) || st_jumps(p->step)) return true;
      if (c->kind != ST_BLOCK || k + 2 >= n || k + 2 != n - 1) return true;
      if (seq(c->body, 0, index_in(c, path[k + 2]), v, &budget) == READS) return true;
      /* ... or the loop ends: go on after it */
    } else if (p->kind != ST_IF && p->kind != ST_SWITCH) {
      return true;
    }
  }
  return false;  /* the function ends */
}

/* ---- The loops -------------------------------------------------------- */

static bool signed_int(const Type *t) {
  static const char *const names[] = {"int", "long", "short", "long int", "long long", "long long int", "signed",
                                      "signed int", "short int", "ptrdiff_t", "int32_t", "int64_t", "ssize_t"};
  if (t->kind != TY_INT || !t->name) return false;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(t->name, names[i]) == 0) return true;
  return false;
}

static bool addr_taken(const Expr *e, const Var *v) {
  if (!e) return false;
  if (e->kind == EX_ADDR && ex_root_var(e->lhs) == v) return true;
  if (addr_taken(e->lhs, v) || addr_taken(e->rhs, v) || addr_taken(e->cond, v)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (addr_taken(e->args[i], v)) return true;
  return false;
}

static bool st_addr_taken(const Stmt *s, const Var *v) {
  if (!s) return false;
  if (addr_taken(s->lhs, v) || addr_taken(s->rhs, v) || addr_taken(s->expr, v) || addr_taken(s->cond, v)) return true;
  if (st_addr_taken(s->then, v) || st_addr_taken(s->els, v) || st_addr_taken(s->init, v) || st_addr_taken(s->step, v))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (st_addr_taken(s->body[i], v)) return true;
  return false;
}

/* e as an integer constant (3, -3 as a literal or a negation) */
static bool int_const(const Expr *e, long *v) {
  e = ex_strip_implicit(e);
  bool neg = e->kind == EX_UN && e->op == OP_NEG;
  if (neg) e = ex_strip_implicit(e->lhs);
  if (e->kind != EX_NUM || e->type->kind != TY_INT) return false;
  *v = neg ? -(long)e->value : (long)e->value;
  return true;
}

/* e + c, folded where e is a constant or ends in one */
Expr *simplify_plus(Expr *e, long c, Type *t) {
  const Expr *x = ex_strip_implicit(e);
  long k;
  if (int_const(x, &k)) return ex_num((double)(k + c), t);
  if (x->kind == EX_BIN && (x->op == OP_ADD || x->op == OP_SUB) && x->type->kind == TY_INT &&
      int_const(x->rhs, &k)) {
    k = k * (x->op == OP_ADD ? 1 : -1) + c;
    if (k == 0) return x->lhs;
    return ex_bin(k > 0 ? OP_ADD : OP_SUB, x->lhs, ex_num((double)(k > 0 ? k : -k), ex_strip_implicit(x->rhs)->type));
  }
  return ex_bin(c > 0 ? OP_ADD : OP_SUB, e, ex_num((double)(c > 0 ? c : -c), ty_int()));
}

/* i = i - 1 (down) or i = i + 1 */
static bool is_unit_step(const Stmt *s, const Var *i, bool down) {
  if (!s || s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR || s->lhs->var != i) return false;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || r->op != (down ? OP_SUB : OP_ADD) || !ex_is_one(r->rhs)) return false;
  const Expr *l = ex_strip_implicit(r->lhs);
  return l->kind == EX_VAR && l->var == i;
}

/* path: the statements from the function body down to s */
static void natural(Stmt **path, int n) {
  Stmt *s = path[n - 1];
  if (s->kind != ST_FOR || s->step || !s->init || !s->cond || s->cond->kind != EX_BIN) return;
  if (s->cond->op != OP_GT && s->cond->op != OP_LT) return;
  bool down = s->cond->op == OP_GT;
  const Expr *ce = ex_strip_implicit(s->cond->lhs);
  Stmt *init = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  if (ce->kind != EX_VAR || init->kind != ST_ASSIGN || init->lhs->kind != EX_VAR || init->lhs->var != ce->var) return;
  Var *i = ce->var;
  Stmt *b = s->then;
  if (i->kind != VAR_LOCAL || i->is_static || !signed_int(i->type) || !b || b->kind != ST_BLOCK || !b->nbody) return;
  if (!is_unit_step(b->body[0], i, down) || ex_mentions(init->rhs, i) || ex_mentions(s->cond->rhs, i)) return;
  for (int k = 1; k < b->nbody; k++)
    if (st_assigns(b->body[k], i)) return;
  if (st_addr_taken(path[0], i) || simplify_live_after(path, n, i)) return;
  Stmt *step = b->body[0];
  for (int k = 1; k < b->nbody; k++) b->body[k - 1] = b->body[k];
  b->nbody--;
  init->rhs = simplify_plus(init->rhs, down ? -1 : 1, init->lhs->type);
  s->cond->op = down ? OP_GE : OP_LE;
  s->step = step;
}

static void walk(Stmt *s, PtrVec *path) {
  if (!s) return;
  vec_push(path, s);
  walk(s->then, path);
  walk(s->els, path);
  for (int i = 0; i < s->nbody; i++) walk(s->body[i], path);
  natural((Stmt **)path->data, path->len);
  path->len--;
}

void simplify_natural_loops(Fn *f) {
  PtrVec path = {0};
  walk(f->body, &path);
  free(path.data);
}
