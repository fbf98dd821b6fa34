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
 * Provides: the same, with such pairs merged (Places: where each variable
 * is named, found once for the function). And simplify_zero_saved (below).
 */
#include <stdint.h>
#include <stdlib.h>

#include "transform.h"

/* Where each variable is named, in one numbering of the statements (pre
 * order): statement s covers [pre(s), post(s)), a mention is at the
 * number of the statement whose own expressions hold it. A block then
 * finds the first statement after a declaration that names its variable
 * by two binary searches: linear-logarithmic in the function's size,
 * however deep its blocks nest (an else-if chain a thousand long). */
typedef struct IntVec {
  int *v;
  int len, cap;
} IntVec;

typedef struct Places {
  PtrMap span;     /* Stmt* -> 1 + its index in pre/post */
  IntVec pre, post;
  PtrMap named;    /* Var* -> IntVec* of the statement numbers naming it, ascending */
  IntVec barrier;  /* numbers of OpenMP loops whose clauses are kept as text (they may name anything) */
  int at;          /* the statement being numbered */
} Places;

static void iv_push(IntVec *a, int x) {
  if (a->len == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 8;
    a->v = xrealloc(a->v, sizeof(int) * (size_t)a->cap);
  }
  a->v[a->len++] = x;
}

/* the first element >= x of an ascending vector, as an index (len if none) */
static int lower_bound(const IntVec *a, int x) {
  int lo = 0, hi = a->len;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (a->v[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void name(Places *pl, const Var *v) {
  if (!v) return;
  IntVec *a = ptrmap_get(&pl->named, v);
  if (!a) {
    a = xmalloc(sizeof *a);
    *a = (IntVec){0};
    ptrmap_put(&pl->named, v, a);
  }
  if (!a->len || a->v[a->len - 1] != pl->at) iv_push(a, pl->at);
}

static Walk name_e(Expr *e, void *ctx) {
  if (e->kind == EX_VAR) name(ctx, e->var);
  return WALK_ON;
}

static void own(Places *pl, const Stmt *s) {
  Expr *parts[4] = {s->lhs, s->rhs, s->expr, s->cond};
  for (int i = 0; i < 4; i++)
    if (parts[i]) ex_each(parts[i], name_e, pl);
  if (s->kind == ST_DECL) {
    name(pl, s->var);
    if (s->var->type->vla) ex_each(s->var->type->vla, name_e, pl);
  }
  if (s->kind == ST_FOR && s->omp) {
    Omp *o = s->omp;
    const PtrVec *lists[3] = {&o->priv, &o->fpriv, &o->lpriv};
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < lists[k]->len; i++) name(pl, lists[k]->data[i]);
    for (int i = 0; i < o->nred; i++) {
      name(pl, o->red[i].var);
      if (o->red[i].len) ex_each(o->red[i].len, name_e, pl);
    }
    if (o->rest && *o->rest) iv_push(&pl->barrier, pl->at);
  }
}

static void number(Places *pl, Stmt *s) {
  if (!s) return;
  int k = pl->pre.len;
  ptrmap_put(&pl->span, s, (void *)(intptr_t)(k + 1));
  iv_push(&pl->pre, k);
  iv_push(&pl->post, 0);
  pl->at = k;
  own(pl, s);
  number(pl, s->init);
  number(pl, s->step);
  number(pl, s->then);
  number(pl, s->els);
  for (int i = 0; i < s->nbody; i++) number(pl, s->body[i]);
  pl->post.v[k] = pl->pre.len;
}

static int pre_of(Places *pl, const Stmt *s) { return pl->pre.v[(intptr_t)ptrmap_get(&pl->span, s) - 1]; }
static int post_of(Places *pl, const Stmt *s) { return pl->post.v[(intptr_t)ptrmap_get(&pl->span, s) - 1]; }

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

/* The index in block b of the statement that first names v after
 * statement i, or -1 (none in the block, or an OpenMP loop with clauses
 * as text before it). starts: each statement's first number. */
static int next_naming(Places *pl, Stmt *b, const IntVec *starts, int i, const Var *v) {
  IntVec *at = ptrmap_get(&pl->named, v);
  int from = post_of(pl, b->body[i]);
  int k = at ? lower_bound(at, from) : 0;
  if (!at || k == at->len || at->v[k] >= post_of(pl, b)) return -1;
  int j = lower_bound(starts, at->v[k] + 1) - 1;  /* the last statement starting at or before it */
  int q = lower_bound(&pl->barrier, from);
  if (q < pl->barrier.len && pl->barrier.v[q] < starts->v[j]) return -1;
  return j;
}

/* Is v named after statement s (read later)? A local only ever set stays
 * `T v; ... v = e;`: as `T v = e;` it would be an unused variable, a
 * warning -Wno-unused-but-set-variable does not silence (PARSEC's
 * blackscholes sets two it never reads). */
static bool named_after(Places *pl, const Stmt *s, const Var *v) {
  IntVec *at = ptrmap_get(&pl->named, v);
  return at && lower_bound(at, post_of(pl, s)) < at->len;
}

static void sink_block(Places *pl, Stmt *b) {
  for (int i = 0; i < b->nbody; i++)
    if (b->body[i]->kind == ST_CASE) return;  /* C11: a label is not followed by a declaration */
  IntVec starts = {0};
  for (int i = 0; i < b->nbody; i++) iv_push(&starts, pre_of(pl, b->body[i]));
  bool *gone = xmalloc(sizeof(bool) * (size_t)(b->nbody + 1));
  for (int i = b->nbody - 1; i >= 0; i--) {
    Stmt *s = b->body[i];
    gone[i] = false;
    if (!movable(s)) continue;
    int j = next_naming(pl, b, &starts, i, s->var);
    if (j > i && first_value(b->body[j], s->var) && named_after(pl, b->body[j], s->var)) {
      Stmt *set = b->body[j];
      s->expr = set->rhs;
      s->loc = set->loc;
      ptrmap_put(&pl->span, s, ptrmap_get(&pl->span, set));  /* it stands where the assignment stood */
      b->body[j] = s;
      gone[i] = true;
    }
  }
  int k = 0;
  for (int i = 0; i < b->nbody; i++)
    if (!gone[i]) b->body[k++] = b->body[i];
  b->nbody = k;
  free(gone);
  free(starts.v);
}

static Walk sink_s(Stmt *s, void *ctx) {
  if (s->kind == ST_BLOCK) sink_block(ctx, s);
  return WALK_ON;
}

void simplify_sink_decls(Fn *f) {
  if (!f->body) return;
  Places pl = {0};
  number(&pl, f->body);
  st_each(f->body, sink_s, &pl);
  for (int i = 0; i < pl.named.cap; i++)
    if (pl.named.keys && pl.named.keys[i]) {
      IntVec *a = pl.named.vals[i];
      free(a->v);
      free(a);
    }
  free(pl.named.keys);
  free(pl.named.vals);
  free(pl.span.keys);
  free(pl.span.vals);
  free(pl.pre.v);
  free(pl.post.v);
  free(pl.barrier.v);
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
  StrMap *fwd;   /* names of the module's forward sweeps (g_fwd) */
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
  Saved *sv = ctx;
  if (e->kind == EX_CALL && e->rt && rt_info[e->rt].kind == RK_PUSH && e->nargs) {
    const Expr *a = e->args[0];
    if (a->kind == EX_ADDR) a = a->lhs;  /* ccad_push_bytes(&s, sizeof(s)) */
    mark_saved(ctx, a);
  }
  /* memcpy(ccad_reserve_d(n), p, sizeof(p)): a block saved whole (a call
   * that stores into p, adjoint_bulk.c), the first time too */
  if (e->kind == EX_CALL && !e->rt && str_eq(e->text, "memcpy") && e->nargs == 3 && rt_is(e->args[0], RK_RESERVE)) {
    const Expr *a = ex_strip_implicit(e->args[1]);
    Var *b = base_var(sv, a, true);
    if (b && b->kind == VAR_LOCAL) ptrmap_put(&sv->saved, b, (void *)1);
  }
  /* polar_fwd(xy, rt): a callee's forward sweep saves what it overwrites,
   * the first time too (a helper filling rt[2] in a loop) */
  bool fwd = e->kind == EX_CALL && !e->rt && e->text && strmap_get(sv->fwd, e->text);
  for (int i = 0; fwd && i < e->nargs; i++) {
    const Expr *a = ex_strip_implicit(e->args[i]);
    Var *b = ty_is_ptr(a->type) || a->type->kind == TY_ARRAY ? base_var(sv, a, true) : NULL;
    if (b && b->kind == VAR_LOCAL) ptrmap_put(&sv->saved, b, (void *)1);
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

void simplify_zero_saved(StrMap *fwd, Fn *f) {
  if (!f->body) return;
  Saved sv = {.fwd = fwd};
  st_each(f->body, find_aliases, &sv);
  ir_walk(&(IrWalk){find_saves, NULL, find_pushes, &sv}, f->body);
  if (sv.saved.len) st_each(f->body, zero_saved, &sv);
}
