/*
 * simplify_decl.c — a declaration moves down to its first assignment.
 *
 * The transforms declare a variable before they know its first value
 * (`double u = 0.0;` at the top of a split function, `double u_bar = 0.0;`
 * where an adjoint comes into scope) and set it later (`u = ccad_pop_d();`,
 * `u_bar = cos(u) * sin_r_bar;`). When nothing between the two names the
 * variable and the first statement that does is a plain `v = e` of the
 * same block, with e not reading v, the two are one: `T v = e;` there
 * (when the first value is a constant or none, not a value the function
 * computed). It is never read, so nothing changes but the text (a
 * hand-written adjoint reads this way).
 *
 * Requires: a generated function (S3), simplified otherwise.
 * Provides: the same, with such pairs merged; one pass per block from its
 * end (the statement that next names each variable), so linear in the
 * size of a block times its nesting depth. And simplify_zero_saved (below).
 */
#include <stdint.h>
#include <stdlib.h>

#include "transform.h"

typedef struct Next {
  PtrMap at;    /* Var* -> 1 + index of the next statement of the block naming it */
  int index;    /* the statement being walked */
  int barrier;  /* 1 + the first index from which nothing may move past (OpenMP clauses as text) */
} Next;

static void note(Next *n, const Var *v) {
  if (v) ptrmap_put(&n->at, v, (void *)(intptr_t)(n->index + 1));
}

static Walk note_e(Expr *e, void *ctx) {
  if (e->kind == EX_VAR) note(ctx, e->var);
  return WALK_ON;
}

static void note_vars(Next *n, const PtrVec *vars) {
  for (int i = 0; i < vars->len; i++) note(n, vars->data[i]);
}

static Walk note_s(Stmt *s, void *ctx) {
  Next *n = ctx;
  if (s->kind == ST_DECL) {
    note(n, s->var);
    if (s->var->type->vla) ex_each(s->var->type->vla, note_e, n);
  }
  if (s->kind == ST_FOR && s->omp) {
    Omp *o = s->omp;
    note_vars(n, &o->priv);
    note_vars(n, &o->fpriv);
    note_vars(n, &o->lpriv);
    for (int i = 0; i < o->nred; i++) {
      note(n, o->red[i].var);
      if (o->red[i].len) ex_each(o->red[i].len, note_e, n);
    }
    if (o->rest && *o->rest) n->barrier = n->index + 1;  /* may name anything */
  }
  return WALK_ON;
}

static bool movable(const Stmt *d) {
  if (d->kind != ST_DECL || !d->var || d->var->is_static) return false;
  TypeKind k = d->var->type->kind;
  if (k != TY_INT && k != TY_FLOAT && k != TY_DOUBLE && k != TY_PTR) return false;
  /* a value the function computed stays: dropping it could leave what
   * computed it unused (-Wunused-variable) */
  const Expr *e = d->expr;
  while (e && e->kind == EX_CAST) e = e->lhs;
  return !e || e->kind == EX_NUM;
}

/* s sets v from what does not read v: the declaration's value there. */
static bool first_value(const Stmt *s, const Var *v) {
  return s->kind == ST_ASSIGN && !s->omp_atomic && s->lhs->kind == EX_VAR && s->lhs->var == v &&
         !ex_mentions(s->rhs, v);
}

static void sink_block(Stmt *b) {
  for (int i = 0; i < b->nbody; i++)
    if (b->body[i]->kind == ST_CASE) return;  /* C11: a label is not followed by a declaration */
  Next n = {0};
  bool *gone = xmalloc(sizeof(bool) * (size_t)(b->nbody + 1));
  for (int i = b->nbody - 1; i >= 0; i--) {
    Stmt *s = b->body[i];
    gone[i] = false;
    if (movable(s)) {
      int j = (int)(intptr_t)ptrmap_get(&n.at, s->var) - 1;
      if (j > i && (!n.barrier || j < n.barrier - 1) && first_value(b->body[j], s->var)) {
        Stmt *set = b->body[j];
        s->expr = set->rhs;
        s->loc = set->loc;
        b->body[j] = s;
        gone[i] = true;
        continue;  /* statement j still names the variable first */
      }
    }
    n.index = i;
    ir_walk(&(IrWalk){note_s, NULL, note_e, &n}, s);
  }
  int k = 0;
  for (int i = 0; i < b->nbody; i++)
    if (!gone[i]) b->body[k++] = b->body[i];
  b->nbody = k;
  free(gone);
  free(n.at.keys);
  free(n.at.vals);
}

static Walk sink_s(Stmt *s, void *unused) {
  (void)unused;
  if (s->kind == ST_BLOCK) sink_block(s);
  return WALK_ON;
}

void simplify_sink_decls(Fn *f) {
  if (f->body) st_each(f->body, sink_s, NULL);
}

/* ---- Saved before set ------------------------------------------------
 * The forward sweep saves an old value before it overwrites it, also on
 * the first write of a local array: `*tape_d = acc[u]; acc[u] = ...` reads
 * an element nothing has set yet. Its value is never used (the backward
 * sweep restores it into memory nothing reads after), but gcc -O2/-O3 says
 * "may be used uninitialized" (an error under -Werror). Such arrays and
 * structs start zeroed: `double acc[4] = {0};`, a cost no larger than the
 * saves themselves. */

typedef struct Saved {
  PtrMap tape;   /* Var* of bulk tape pointers (set from ccad_reserve_*) */
  PtrMap alias;  /* local pointer Var* -> the local Var* it was set to point into */
  PtrMap saved;  /* local Var* whose memory a save reads */
} Saved;

/* The local variable whose storage lv (or pointer p, when ptr) is in. */
static Var *base_var(Saved *sv, const Expr *e, bool ptr) {
  for (;;) {
    switch (e->kind) {
    case EX_VAR: {
      if (!ptr || e->var->type->kind == TY_ARRAY) return e->var;
      return ptrmap_get(&sv->alias, e->var);
    }
    case EX_CAST: e = e->lhs; break;
    case EX_ADDR: e = e->lhs; ptr = false; break;
    case EX_MEMBER:
      ptr = e->is_arrow;
      e = e->lhs;
      break;
    case EX_DEREF: e = e->lhs; ptr = true; break;
    case EX_INDEX: e = ty_is_ptr(e->lhs->type) || e->lhs->type->kind == TY_ARRAY ? e->lhs : e->rhs; ptr = true; break;
    case EX_BIN:
      if (e->op != OP_ADD && e->op != OP_SUB) return NULL;
      e = ty_is_ptr(e->lhs->type) || e->lhs->type->kind == TY_ARRAY ? e->lhs : e->rhs;
      ptr = true;
      break;
    default: return NULL;
    }
  }
}

static void note_set(Saved *sv, Var *v, const Expr *rhs) {
  if (!v || !rhs || v->kind != VAR_LOCAL) return;
  if (rt_is(rhs, RK_RESERVE)) ptrmap_put(&sv->tape, v, (void *)1);
  if (ty_is_ptr(v->type)) {
    Var *b = base_var(sv, rhs, true);
    if (b && b->kind == VAR_LOCAL) ptrmap_put(&sv->alias, v, b);
  }
}

static Walk find_aliases(Stmt *s, void *ctx) {
  if (s->kind == ST_DECL) note_set(ctx, s->var, s->expr);
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR) note_set(ctx, s->lhs->var, s->rhs);
  return WALK_ON;
}

static void mark_saved(Saved *sv, const Expr *lv) {
  Var *b = base_var(sv, lv, false);
  if (b && b->kind == VAR_LOCAL) ptrmap_put(&sv->saved, b, (void *)1);
}

static Walk find_pushes(Expr *e, void *ctx) {
  if (e->kind == EX_CALL && e->rt && rt_info[e->rt].kind == RK_PUSH && e->nargs) {
    const Expr *a = e->args[0];
    if (a->kind == EX_ADDR) a = a->lhs;  /* ccad_push_bytes(&s, sizeof(s)) */
    mark_saved(ctx, a);
  }
  return WALK_ON;
}

static Walk find_saves(Stmt *s, void *ctx) {
  Saved *sv = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_DEREF && s->lhs->lhs->kind == EX_VAR &&
      ptrmap_get(&sv->tape, s->lhs->lhs->var))
    mark_saved(sv, s->rhs);  /* *tape_d = acc[u] */
  return WALK_ON;
}

static Walk zero_saved(Stmt *s, void *ctx) {
  Saved *sv = ctx;
  if (s->kind != ST_DECL || s->expr || s->var->is_static || !ptrmap_get(&sv->saved, s->var)) return WALK_ON;
  const Type *t = s->var->type;
  if ((t->kind == TY_ARRAY && !t->vla && t->len > 0) || t->kind == TY_RECORD)
    s->expr = ex_new(EX_INIT, s->var->type, s->loc);
  return WALK_ON;
}

void simplify_zero_saved(Fn *f) {
  if (!f->body) return;
  Saved sv = {0};
  st_each(f->body, find_aliases, &sv);
  ir_walk(&(IrWalk){find_saves, NULL, find_pushes, &sv}, f->body);
  if (sv.saved.len) st_each(f->body, zero_saved, &sv);
}
