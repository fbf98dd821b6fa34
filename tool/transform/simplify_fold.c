/*
 * simplify_fold.c — S3 cleanup before printing: what a reader should not
 * have to undo in their head.
 *
 * Requires: the generated functions of the module, every transform done.
 * Provides: simplify_module(), run once by the driver before emit:
 * - copies: `double d = t_bar; t_bar = 0.0; ...d...` reads t_bar itself and
 *   zeroes it after its last use (fold_copies);
 * - folds that are exact in IEEE arithmetic, so results do not change by a
 *   bit: -(-e) is e, (-a) * b is -(a * b), a + -b is a - b, a - -b is
 *   a + b, -a + b is b - a, e * 1 and e / 1 are e, e - 0 is e, and
 *   a * b + b * a (the product rule on x * x) is 2.0 * (b * a); integer
 *   constants fold;
 * - memset(v, 0, sizeof(v)) right after `T v[N];` becomes `T v[N] = {0};`,
 *   and `i = a;` right before `for (; i < n; ...)` its init;
 * - a constant stored at the top level into a local scalar nothing later
 *   names goes, and the zeroing of a local array that never stands for a
 *   pointer (drop_dead_stores: the zeroing a backward sweep ends with);
 * - reversed counted loops in the natural form (simplify_loop.c);
 * - a declaration moves down to the assignment that first sets it, and
 *   a local array whose old values the forward sweep saves starts zeroed
 *   (simplify_decl.c);
 * - parameters a static generated function does not read go, with their
 *   arguments (simplify_params.c).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "transform.h"

/* ---- Expressions ------------------------------------------------------ */

static bool is_fp(const Expr *e) { return e->type && (e->type->kind == TY_DOUBLE || e->type->kind == TY_FLOAT); }
static bool is_int_num(const Expr *e) { return e->kind == EX_NUM && e->type->kind == TY_INT; }
static bool is_neg(const Expr *e) { return e->kind == EX_UN && e->op == OP_NEG; }

static Expr *bin_of(BinOp op, Expr *a, Expr *b, Type *t) {
  Expr *e = ex_bin(op, a, b);
  e->type = t;
  return e;
}

/* An integer constant a op b, or NULL when it is not exactly that. */
static Expr *fold_int(const Expr *e) {
  long long a = (long long)e->lhs->value, b = (long long)e->rhs->value, r;
  switch (e->op) {
  case OP_ADD: r = a + b; break;
  case OP_SUB: r = a - b; break;
  case OP_MUL: r = a * b; break;
  case OP_DIV: if (b <= 0 || a < 0) return NULL; r = a / b; break;
  case OP_LT: r = a < b; break;
  case OP_GT: r = a > b; break;
  case OP_LE: r = a <= b; break;
  case OP_GE: r = a >= b; break;
  case OP_EQ: r = a == b; break;
  case OP_NE: r = a != b; break;
  default: return NULL;
  }
  /* literals of any integer type: where no value is negative or past
   * INT_MAX, signed and unsigned arithmetic agree and nothing overflows */
  if (a < 0 || a > INT_MAX || b < 0 || b > INT_MAX || r < 0 || r > INT_MAX) return NULL;
  Expr *n = ex_num((double)r, e->type);
  n->loc = e->loc;
  return n;
}

/* -e for a floating e that is a negation, or a product or quotient with
 * a negated factor ((-a) * b is -(a * b) exactly), else NULL. */
static Expr *unneg(const Expr *e) {
  if (!is_fp(e)) return NULL;
  if (is_neg(e)) return e->lhs->type->kind == e->type->kind ? e->lhs : NULL;
  if (e->kind != EX_BIN || (e->op != OP_MUL && e->op != OP_DIV)) return NULL;
  Expr *x = unneg(e->lhs);
  if (x) return bin_of(e->op, x, e->rhs, e->type);
  x = unneg(e->rhs);
  if (x) return bin_of(e->op, e->lhs, x, e->type);
  return NULL;
}


static Expr *fold_bin(Expr *e) {
  Expr *a = e->lhs, *b = e->rhs;
  if (is_int_num(a) && is_int_num(b) && e->type->kind == TY_INT) {
    Expr *r = fold_int(e);
    if (r) return r;
  }
  if (e->type->kind == TY_INT) {
    if ((e->op == OP_ADD && ex_is_zero(a)) && b->type == e->type) return b;
    if ((e->op == OP_ADD || e->op == OP_SUB) && ex_is_zero(b) && a->type == e->type) return a;
    return e;
  }
  if (!is_fp(e) || !is_fp(a) || !is_fp(b)) return e;
  switch (e->op) {
  case OP_MUL:
  case OP_DIV:
    /* only where the type stays: float * 1.0 is a double */
    if (ex_is_one(b) && a->type->kind == e->type->kind) return a;
    if (e->op == OP_MUL && ex_is_one(a) && b->type->kind == e->type->kind) return b;
    return e;
  case OP_ADD: {
    Expr *nb = unneg(b), *na;
    if (nb) return fold_bin(bin_of(OP_SUB, a, nb, e->type));
    if ((na = unneg(a))) return fold_bin(bin_of(OP_SUB, b, na, e->type));
    /* p * q + q * p: the two products are the same number */
    if (a->kind == EX_BIN && b->kind == EX_BIN && a->op == OP_MUL && b->op == OP_MUL &&
        ((ir_expr_equal(a->lhs, b->rhs) && ir_expr_equal(a->rhs, b->lhs)) ||
         (ir_expr_equal(a->lhs, b->lhs) && ir_expr_equal(a->rhs, b->rhs))))
      return bin_of(OP_MUL, ex_num(2, e->type), b, e->type);
    return e;
  }
  case OP_SUB: {
    Expr *nb = unneg(b);
    if (nb) return fold_bin(bin_of(OP_ADD, a, nb, e->type));
    if (ex_is_zero(b) && a->type->kind == e->type->kind) return a;
    return e;
  }
  default: return e;
  }
}

/* A fold must not drop a variable's only read (-Wunused-but-set-variable). */
static bool has_var(const Expr *e) {
  if (!e) return false;
  if (e->kind == EX_VAR) return true;
  if (has_var(e->lhs) || has_var(e->rhs) || has_var(e->cond)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (has_var(e->args[i])) return true;
  return false;
}

/* e with its parts folded; may return a part of e. */
static Expr *fold(Expr *e) {
  if (!e) return NULL;
  e->lhs = fold(e->lhs);
  e->rhs = fold(e->rhs);
  e->cond = fold(e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = fold(e->args[i]);
  switch (e->kind) {
  case EX_UN:
    if (e->op == OP_NEG && e->lhs->type->kind == e->type->kind) {
      Expr *x = unneg(e->lhs);
      if (x) return x;
    }
    return e;
  case EX_BIN: return fold_bin(e);
  case EX_COND:
    /* 100 > 0 ? 100 : 0, from trip counts of constant loops */
    if (is_int_num(e->cond) && e->type->kind == TY_INT && !has_var(e->cond->value != 0 ? e->rhs : e->lhs)) {
      Expr *arm = e->cond->value != 0 ? e->lhs : e->rhs;
      if (arm->type->kind != TY_INT || !str_eq(arm->type->name, e->type->name)) {
        arm = ex_cast(e->type, arm);
        arm->is_implicit = true;
      }
      return arm;
    }
    return e;
  default: return e;
  }
}

static void fold_stmt(Stmt *s) {
  if (!s) return;
  if (s->kind == ST_ASSIGN) {
    s->lhs = fold(s->lhs);
    s->rhs = fold(s->rhs);
  }
  if (s->kind == ST_DECL && s->expr && s->expr->kind != EX_INIT) s->expr = fold(s->expr);
  if (s->kind == ST_EXPR || s->kind == ST_RETURN) s->expr = fold(s->expr);
  s->cond = fold(s->cond);
  fold_stmt(s->then);
  fold_stmt(s->els);
  fold_stmt(s->init);
  fold_stmt(s->step);
  for (int i = 0; i < s->nbody; i++) fold_stmt(s->body[i]);
}

/* ---- Statements ------------------------------------------------------- */

static bool st_leaves(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN) return true;
  if (st_leaves(s->then) || st_leaves(s->els) || st_leaves(s->init) || st_leaves(s->step)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (st_leaves(s->body[i])) return true;
  return false;
}

/* The variables under an & in e (all of them: cheap and safe). */
static void addr_e(const Expr *e, bool under, PtrMap *out) {
  if (!e) return;
  under |= e->kind == EX_ADDR;
  if (under && e->kind == EX_VAR) ptrmap_put(out, e->var, (void *)1);
  addr_e(e->lhs, under, out);
  addr_e(e->rhs, under, out);
  addr_e(e->cond, under, out);
  for (int i = 0; i < e->nargs; i++) addr_e(e->args[i], under, out);
}

void simplify_addr_taken(const Stmt *s, PtrMap *out) {
  if (!s) return;
  addr_e(s->lhs, false, out);
  addr_e(s->rhs, false, out);
  addr_e(s->expr, false, out);
  addr_e(s->cond, false, out);
  simplify_addr_taken(s->then, out);
  simplify_addr_taken(s->els, out);
  simplify_addr_taken(s->init, out);
  simplify_addr_taken(s->step, out);
  for (int i = 0; i < s->nbody; i++) simplify_addr_taken(s->body[i], out);
}

/* e with each read of 'from' replaced by a copy of 'to' */
static Expr *subst_e(Expr *e, const Var *from, const Expr *to) {
  if (!e) return NULL;
  if (e->kind == EX_VAR && e->var == from) return ir_clone_expr(to, NULL);
  e->lhs = subst_e(e->lhs, from, to);
  e->rhs = subst_e(e->rhs, from, to);
  e->cond = subst_e(e->cond, from, to);
  for (int i = 0; i < e->nargs; i++) e->args[i] = subst_e(e->args[i], from, to);
  return e;
}

static void subst(Stmt *s, const Var *from, const Expr *to) {
  if (!s) return;
  s->lhs = subst_e(s->lhs, from, to);
  s->rhs = subst_e(s->rhs, from, to);
  s->expr = subst_e(s->expr, from, to);
  s->cond = subst_e(s->cond, from, to);
  subst(s->then, from, to);
  subst(s->els, from, to);
  subst(s->init, from, to);
  subst(s->step, from, to);
  for (int i = 0; i < s->nbody; i++) subst(s->body[i], from, to);
}

static bool plain_scalar(const Var *v, const PtrMap *taken) {
  return (v->kind == VAR_LOCAL || v->kind == VAR_PARAM) && !v->is_static && !ptrmap_get(taken, v) &&
         (v->type->kind == TY_DOUBLE || v->type->kind == TY_FLOAT);
}

enum { COPY_REACH = 256 };  /* statements after a copy that are looked at */

/* b->body[k] is `T d = s;` (or -s): read s itself where d is read. Either nothing
 * up to d's last reader writes s, or one statement `s = constant;` does
 * (the adjoint's `d = t_bar; t_bar = 0.0;`) and nothing after it up there
 * mentions s or jumps: that statement then moves after the last reader. */
static bool copy_at(Stmt *b, int k, const PtrMap *taken) {
  Stmt *c = b->body[k];
  if (c->kind != ST_DECL || !c->expr) return false;
  Expr *src = c->expr;  /* s or -s */
  if (is_neg(src) && src->lhs->kind == EX_VAR && src->lhs->type->kind == src->type->kind) src = src->lhs;
  if (src->kind != EX_VAR) return false;
  Var *d = c->var, *s = src->var;
  if (d == s || !plain_scalar(d, taken) || !plain_scalar(s, taken) || d->type->kind != s->type->kind) return false;
  int last = -1, kill = -1;
  if (b->nbody - k > COPY_REACH) return false;  /* linear time in long blocks */
  for (int j = k + 1; j < b->nbody; j++) {
    if (st_assigns(b->body[j], d)) return false;
    if (st_mentions(b->body[j], d)) last = j;
  }
  if (last < 0) return false;
  for (int j = k + 1; j <= last; j++) {
    Stmt *x = b->body[j];
    if (!st_assigns(x, s)) continue;
    if (kill >= 0 || x->kind != ST_ASSIGN || x->lhs->kind != EX_VAR || x->rhs->kind != EX_NUM) return false;
    kill = j;
  }
  if (kill >= 0)
    for (int j = kill + 1; j <= last; j++)
      if (st_mentions(b->body[j], s) || st_leaves(b->body[j])) return false;
  for (int j = k + 1; j <= last; j++) subst(b->body[j], d, c->expr);
  if (kill >= 0) {
    Stmt *z = b->body[kill];
    for (int j = kill; j < last; j++) b->body[j] = b->body[j + 1];
    b->body[last] = z;
  }
  for (int j = k; j + 1 < b->nbody; j++) b->body[j] = b->body[j + 1];
  b->nbody--;
  return true;
}

static void fold_copies(Stmt *s, const PtrMap *taken) {
  if (!s) return;
  if (s->kind == ST_BLOCK)
    for (int k = 0; k < s->nbody; k++)
      while (k < s->nbody && copy_at(s, k, taken)) {
      }
  fold_copies(s->then, taken);
  fold_copies(s->els, taken);
  fold_copies(s->init, taken);
  fold_copies(s->step, taken);
  for (int i = 0; i < s->nbody; i++) fold_copies(s->body[i], taken);
}

/* memset(v, 0, sizeof(v)) for the array v */
static bool zeroes_whole(const Stmt *s, const Var *v) {
  if (s->kind != ST_EXPR || s->expr->kind != EX_CALL || !str_eq(s->expr->text, "memset") || s->expr->nargs != 3)
    return false;
  const Expr *dst = ex_strip_implicit(s->expr->args[0]), *size = s->expr->args[2];
  if (dst->kind != EX_VAR || dst->var != v || !ex_is_zero(s->expr->args[1])) return false;
  if (size->kind != EX_SIZEOF || !size->lhs) return false;
  const Expr *of = ex_strip_implicit(size->lhs);
  return of->kind == EX_VAR && of->var == v;
}

/* read: the counts of mark_reads, where the memset's own mention is one */
static bool read_elsewhere(const Var *v, const PtrMap *read) { return (intptr_t)ptrmap_get(read, v) > 1; }

static bool zero_init_ok(const Var *v) {
  const Type *t = v->type;
  if (t->kind != TY_ARRAY || t->vla || t->len <= 0 || v->is_static) return false;
  TypeKind b = t->base->kind;
  return b == TY_DOUBLE || b == TY_FLOAT || b == TY_INT || b == TY_PTR;
}

/* The variables s reads: every mention but as the array or struct an
 * assignment stores into (x[i] = e reads i, not x). */
static void mark_reads_e(const Expr *e, PtrMap *out) {
  if (!e || e->kind == EX_SIZEOF) return;  /* not evaluated: no read */
  if (e->kind == EX_VAR) ptrmap_put(out, e->var, (void *)((intptr_t)ptrmap_get(out, e->var) + 1));
  mark_reads_e(e->lhs, out);
  mark_reads_e(e->rhs, out);
  mark_reads_e(e->cond, out);
  for (int i = 0; i < e->nargs; i++) mark_reads_e(e->args[i], out);
}

static void mark_reads(const Stmt *s, PtrMap *out) {
  if (!s) return;
  if (s->kind == ST_ASSIGN) {
    const Expr *l = s->lhs;
    while (l->kind == EX_INDEX || (l->kind == EX_MEMBER && !l->is_arrow) || (l->kind == EX_CAST && l->is_implicit)) {
      if (l->kind == EX_INDEX) mark_reads_e(l->rhs, out);
      l = l->lhs;
    }
    if (l->kind != EX_VAR) mark_reads_e(l, out);
  } else {
    mark_reads_e(s->lhs, out);
  }
  mark_reads_e(s->rhs, out);
  mark_reads_e(s->expr, out);
  mark_reads_e(s->cond, out);
  if (s->kind == ST_DECL && s->var->type->vla) mark_reads_e(s->var->type->vla, out);
  mark_reads(s->then, out);
  mark_reads(s->els, out);
  mark_reads(s->init, out);
  mark_reads(s->step, out);
  for (int i = 0; i < s->nbody; i++) mark_reads(s->body[i], out);
}

/* `T v[N]; memset(v, 0, sizeof(v));` is `T v[N] = {0};` (where v is read
 * elsewhere: else the memset was its only use, and the compiler would call
 * it set but not used), and `i = a;`
 * right before `for (; c; s)` is the loop's init. */
static void merge_adjacent(Stmt *s, const PtrMap *read) {
  if (!s) return;
  if (s->kind == ST_BLOCK) {
    int k = 0;
    for (int i = 0; i < s->nbody; i++) {
      Stmt *c = s->body[i], *prev = k ? s->body[k - 1] : NULL;
      if (prev && prev->kind == ST_DECL && !prev->expr && zero_init_ok(prev->var) && zeroes_whole(c, prev->var) &&
          read_elsewhere(prev->var, read)) {
        prev->expr = ex_new(EX_INIT, prev->var->type, prev->loc);
        continue;
      }
      if (prev && prev->kind == ST_ASSIGN && prev->lhs->kind == EX_VAR && c->kind == ST_FOR &&
          (!c->init || (c->init->kind == ST_BLOCK && !c->init->nbody)) && ex_mentions(c->cond, prev->lhs->var)) {
        c->init = prev;
        s->body[k - 1] = c;
        continue;
      }
      s->body[k++] = c;
    }
    s->nbody = k;
  }
  merge_adjacent(s->then, read);
  merge_adjacent(s->els, read);
  for (int i = 0; i < s->nbody; i++) merge_adjacent(s->body[i], read);
}

/* ---- Dead final stores ------------------------------------------------- */

static Walk note_var_e(Expr *e, void *set) {
  if (e->kind == EX_VAR && e->var) ptrmap_put(set, e->var, (void *)1);
  return WALK_ON;
}

static Walk note_var_s(Stmt *s, void *set) {
  if (s->kind == ST_DECL && s->var) ptrmap_put(set, s->var, (void *)1);
  return WALK_ON;
}

/* A local array of numbers of constant length that never stands for a
 * pointer (only indexed, sized, or zeroed by memset): no other name can
 * read it. */
typedef struct Bare {
  const Var *x;
  bool seen;
} Bare;

static bool bare_e(const Expr *e, Bare *b, bool ok) {
  if (!e || b->seen) return b->seen;
  if (e->kind == EX_VAR && e->var == b->x && !ok) return b->seen = true;
  if (e->kind == EX_SIZEOF) return false;
  if (e->kind == EX_ADDR && ex_root_var(e->lhs) == b->x) return b->seen = true;  /* &x[k] */
  bool memset0 = e->kind == EX_CALL && e->text && str_eq(e->text, "memset");
  if (e->kind == EX_INDEX) bare_e(ex_strip_implicit(e->lhs), b, true);
  else bare_e(e->lhs, b, false);
  bare_e(e->rhs, b, false);
  bare_e(e->cond, b, false);
  for (int i = 0; i < e->nargs; i++)
    bare_e(memset0 && i == 0 ? ex_strip_implicit(e->args[i]) : e->args[i], b, memset0 && i == 0);
  return b->seen;
}

static Walk bare_s(Stmt *s, void *ctx) {
  Bare *b = ctx;
  const Expr *es[4] = {s->lhs, s->rhs, s->expr, s->cond};
  for (int i = 0; i < 4; i++)
    if (bare_e(es[i], b, false)) return WALK_STOP;
  return WALK_ON;
}

static bool own_array(const Var *x, Stmt *body) {
  if (x->kind != VAR_LOCAL || x->is_static || x->type->kind != TY_ARRAY || x->type->vla) return false;
  TypeKind k = x->type->base->kind;  /* (of numbers: no row or field of it is an array) */
  if (k != TY_DOUBLE && k != TY_FLOAT && k != TY_INT) return false;
  Bare b = {x, false};
  st_each(body, bare_s, &b);
  return !b.seen;
}

/* the local array a statement only zeroes or sets an element of to a
 * constant (x[k] = 0.0, memset(x, 0, ...)), else NULL */
static const Var *array_store(const Stmt *s) {
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_INDEX && s->rhs->kind == EX_NUM) {
    const Expr *b = ex_strip_implicit(s->lhs->lhs), *k = ex_strip_implicit(s->lhs->rhs);
    return b->kind == EX_VAR && (k->kind == EX_NUM || k->kind == EX_VAR) ? b->var : NULL;
  }
  if (s->kind == ST_EXPR && s->expr->kind == EX_CALL && s->expr->text && str_eq(s->expr->text, "memset") &&
      s->expr->nargs == 3) {
    const Expr *b = ex_strip_implicit(s->expr->args[0]);
    return b->kind == EX_VAR ? b->var : NULL;
  }
  return NULL;
}

/* `x_bar = 0.0;` at the top level of a function, for a local scalar whose
 * address is not taken, when no later top-level statement names x_bar: the
 * value is never read (what the backward sweep leaves zeroed at its end);
 * the same for `x_bar[0] = 0.0;` and `memset(x_bar, 0, ..)` of a local
 * array that never stands for a pointer. Top-level statements run in
 * order, so "later" is exact; one walk backward over them with the set of
 * names still to come. */
static void drop_dead_stores(Stmt *body, const PtrMap *taken) {
  if (!body || body->kind != ST_BLOCK) return;
  PtrMap later = {0}, arrays = {0};  /* arrays: 1 own, 2 not */
  int keep = body->nbody;
  bool *dead = xmalloc(sizeof(bool) * (size_t)(body->nbody + 1));
  for (int k = body->nbody - 1; k >= 0; k--) {
    Stmt *s = body->body[k];
    const Var *x = array_store(s);
    if (x && !ptrmap_get(&later, x)) {
      if (!ptrmap_get(&arrays, x)) ptrmap_put(&arrays, x, (void *)(intptr_t)(own_array(x, body) ? 1 : 2));
      if ((intptr_t)ptrmap_get(&arrays, x) == 1) {
        dead[k] = true;
        keep--;
        continue;
      }
    }
    dead[k] = s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var->kind == VAR_LOCAL &&
              plain_scalar(s->lhs->var, taken) && s->rhs->kind == EX_NUM && !ptrmap_get(&later, s->lhs->var);
    if (dead[k]) {
      keep--;
      continue;
    }
    ir_walk(&(IrWalk){note_var_s, NULL, note_var_e, &later}, s);
  }
  if (keep < body->nbody) {
    int n = 0;
    for (int k = 0; k < body->nbody; k++)
      if (!dead[k]) body->body[n++] = body->body[k];
    body->nbody = n;
  }
  free(dead);
  free(later.keys);
  free(later.vals);
  free(arrays.keys);
  free(arrays.vals);
}

void simplify_module(Module *m) {
  StrMap fwd = {0};
  for (int i = 0; i < m->generated.len; i++) {
    Fn *f = m->generated.data[i];
    if (f->tape_dir > 0) strmap_put(&fwd, f->name, f);
  }
  for (int i = 0; i < m->generated.len; i++) {
    Fn *f = m->generated.data[i];
    if (!f->body) continue;
    PtrMap taken = {0};
    simplify_addr_taken(f->body, &taken);
    fold_copies(f->body, &taken);
    fold_stmt(f->body);
    drop_dead_stores(f->body, &taken);
    PtrMap read = {0};
    mark_reads(f->body, &read);
    merge_adjacent(f->body, &read);
    simplify_natural_loops(f);
    simplify_sink_decls(f);
    simplify_zero_lanes(f);
    simplify_shifts(f);
    simplify_zero_saved(&fwd, f);
  }
  free(fwd.keys);
  free(fwd.vals);
  simplify_drop_params(m);
}
