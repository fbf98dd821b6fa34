/*
 * adjoint_snapshot.c — a callee's writes into the caller's memory, undone
 * from one snapshot instead of element by element.
 *
 * Requires: Adj after preparation (split build of g_fwd/g_bwd), activity.
 * Provides: adj_find_snapshots (a->snap: memory classes of pointer
 *   parameters g saves whole on entry to g_fwd and restores at the end of
 *   g_bwd) and adj_snapshot_push/pop; escapes() in adjoint_stmt.c no
 *   longer saves single elements of those classes for the caller.
 *
 * g_bwd must leave the caller's memory as g_fwd found it. Saving each
 * element before each overwrite does that, but costs a value per write:
 * gradbench's Qtimesx (out[i] = ..., then out[j] += ... for j > i) would
 * save d(d+1)/2 values per call where d are the whole array. When every
 * store into *p is p[c], c the counter of an enclosing loop
 * for (c = first; c < n; c++) with first >= 0 (a constant, or an
 * enclosing such counter plus a constant), n the same expression of
 * unwritten integer parameters for all of them, one of them in a loop from
 * 0 that the body runs unconditionally and to its end (so p[0 .. n) is
 * memory g writes anyway: never a NULL p), p itself is never reassigned and no call or other lvalue stores into
 * p's memory, then g writes only p[0 .. n) and one copy of it on entry
 * (n values) restores everything. Saves that g's own backward code needs
 * (values it reads, adj_is_read) are made as before.
 */
#include "adjoint_int.h"
#include "../ir/rules.h"

typedef struct Snap {
  Var *p;
  const Expr *n;  /* elements */
  bool from0;     /* some store starts at 0 */
  bool ok;
} Snap;

/* an int expression of unwritten integer parameters and constants */
static bool entry_int(Adj *a, const Expr *e) {
  if (!e) return false;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR:
    return e->var->kind == VAR_PARAM && e->var->type->kind == TY_INT && !adj_writes_var(a->body, e->var) &&
           !ptrmap_get(&a->addr_taken, e->var);
  case EX_CAST: return entry_int(a, e->lhs);
  case EX_BIN: return (e->op == OP_ADD || e->op == OP_SUB || e->op == OP_MUL) && entry_int(a, e->lhs) && entry_int(a, e->rhs);
  default: return false;
  }
}

/* the loop among 'loops' whose counter c is, with 'first' and 'bound' */
static const Stmt *loop_of(PtrVec *loops, const Var *c, const Expr **first, const Expr **bound) {
  for (int i = loops->len - 1; i >= 0; i--) {
    Var *ctr;
    long step;
    const Stmt *l = loops->data[i];
    if (adj_loop_header(l, &ctr, first, bound, &step) && ctr == c) {
      const Expr *cond = l->cond;
      if (step <= 0 || cond->op != OP_LT) return NULL;
      return l;
    }
  }
  return NULL;
}

/* c >= 0 in every iteration of its loop: it starts at a constant >= 0 or
 * at such a counter plus a constant >= 0, and only grows */
static bool nonneg_counter(PtrVec *loops, const Var *c, bool *zero, int depth) {
  const Expr *first, *bound;
  if (depth > 8 || !loop_of(loops, c, &first, &bound)) return false;
  const Expr *f = ex_strip_implicit(first);
  if (f->kind == EX_NUM) {
    if (zero) *zero = f->value == 0;
    return f->value >= 0;
  }
  if (zero) *zero = false;
  if (f->kind == EX_VAR) return nonneg_counter(loops, f->var, NULL, depth + 1);
  if (f->kind == EX_BIN && f->op == OP_ADD) {
    const Expr *l = ex_strip_implicit(f->lhs), *r = ex_strip_implicit(f->rhs);
    if (l->kind == EX_VAR && r->kind == EX_NUM && r->value >= 0) return nonneg_counter(loops, l->var, NULL, depth + 1);
  }
  return false;
}

static bool top_level(Adj *a, const Stmt *l) {
  for (int k = 0; k < a->body->nbody; k++)
    if (a->body->body[k] == l) return true;
  return false;
}

static bool leaves(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_RETURN || s->kind == ST_CONTINUE) return true;
  if (leaves(s->then) || leaves(s->els) || leaves(s->init) || leaves(s->step)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (leaves(s->body[i])) return true;
  return false;
}

/* a store p[c] into s's class: in range? */
static bool direct_in(const Stmt *loop, const Stmt *s) {
  const Stmt *b = loop->then;
  if (b == s) return true;
  for (int i = 0; b && b->kind == ST_BLOCK && i < b->nbody; i++)
    if (b->body[i] == s) return true;
  return false;
}

static void check_store(Adj *a, Snap *sn, PtrVec *loops, const Stmt *st, const Expr *lv) {
  const Expr *base = ex_strip_implicit(lv->lhs);
  const Expr *idx = ex_strip_implicit(lv->rhs);
  const Expr *first, *bound;
  bool zero = false;
  if (lv->kind != EX_INDEX || base->kind != EX_VAR || base->var != sn->p || idx->kind != EX_VAR ||
      !loop_of(loops, idx->var, &first, &bound) || !nonneg_counter(loops, idx->var, &zero, 0) ||
      !entry_int(a, bound)) {
    sn->ok = false;
    return;
  }
  if (!sn->n) sn->n = bound;
  else if (!ir_expr_equal(sn->n, bound)) sn->ok = false;
  /* p[0 .. n) is g's to read only if g itself surely writes all of it:
   * a loop from 0 that the function body runs unconditionally, to its end
   * (if (out) out[i] = ..: out may be NULL) */
  if (zero && loops->len == 1 && top_level(a, loops->data[0]) && direct_in(loops->data[0], st) &&
      !leaves(loops->data[0]))
    sn->from0 = true;
}

static bool call_stores(Adj *a, const Expr *c, const void *cls) {
  if (!c || c->kind != EX_CALL || (c->text && (rule_find(c->text) || str_eq(c->text, "free")))) return false;
  for (int i = 0; i < c->nargs; i++) {
    const Type *t = c->fn && i < c->fn->nparams ? c->fn->params[i]->type : c->args[i]->type;
    if (ty_is_ptr(c->args[i]->type) && (!ty_is_ptr(t) || !t->base->is_const || ty_holds_ptr(t->base)) &&
        c->args[i]->type->base->kind != TY_FUNC && act_loc_id(a->v, ex_deref(ir_clone_expr(c->args[i], NULL))) == cls)
      return true;
  }
  return false;
}

static void scan(Adj *a, Snap *sn, const void *cls, const Stmt *s, PtrVec *loops) {
  if (!s || !sn->ok) return;
  if (s->kind == ST_ASSIGN && act_loc_id(a->v, s->lhs) == cls) check_store(a, sn, loops, s, s->lhs);
  if ((s->kind == ST_ASSIGN && call_stores(a, s->rhs, cls)) || (s->kind == ST_EXPR && call_stores(a, s->expr, cls)) ||
      (s->kind == ST_DECL && call_stores(a, s->expr, cls)))
    sn->ok = false;
  bool loop = s->kind == ST_FOR || s->kind == ST_WHILE;
  if (loop) vec_push(loops, (void *)s);
  scan(a, sn, cls, s->init, loops);
  scan(a, sn, cls, s->then, loops);
  scan(a, sn, cls, s->els, loops);
  scan(a, sn, cls, s->step, loops);
  for (int i = 0; i < s->nbody; i++) scan(a, sn, cls, s->body[i], loops);
  if (loop) loops->len--;
}

void adj_find_snapshots(Adj *a) {
  a->snap = (PtrMap){0};
  a->snaps = (PtrVec){0};
  if (!a->split) return;
  for (int j = 0; j < a->primal->nparams; j++) {
    Var *p = a->primal->params[j];
    if (a->v->preserve && !a->v->preserve[j]) continue;
    if (!ty_is_ptr(p->type) || p->type->base->is_const || !ty_is_arith(p->type->base) ||
        adj_writes_var(a->body, p) || ptrmap_get(&a->addr_taken, p))
      continue;
    const void *cls = act_loc_id(a->v, ex_deref(ex_var(p)));
    if (!cls || ptrmap_get(&a->snap, cls)) continue;
    Snap sn = {.p = p, .ok = true};
    PtrVec loops = {0};
    scan(a, &sn, cls, a->body, &loops);
    if (!sn.ok || !sn.n || !sn.from0) continue;
    /* another parameter reaching the same memory: its stores did not count */
    bool shared = false;
    for (int k = 0; k < a->primal->nparams; k++)
      if (k != j && ty_is_ptr(a->primal->params[k]->type) &&
          act_loc_id(a->v, ex_deref(ex_var(a->primal->params[k]))) == cls)
        shared = true;
    if (shared) continue;
    ptrmap_put(&a->snap, cls, p);
    /* bytes: n > 0 ? n : 0 elements */
    Expr *n = ex_cast(ty_long(), ir_clone_expr(sn.n, NULL));
    Expr *pos = ex_cond(ex_bin(OP_GT, ir_clone_expr(n, NULL), ex_int(0)), n, ex_num(0, ty_long()));
    Expr *bytes = ex_bin(OP_MUL, ex_cast(ty_size_t(), pos), d_sizeof_expr(ex_deref(ex_var(p))));
    vec_push(&a->snaps, p);
    vec_push(&a->snaps, bytes);
  }
}

void adj_snapshot_push(Adj *a, Stmt *into, SrcLoc loc) {
  for (int i = 0; i < a->snaps.len; i += 2) {
    Expr *mem = ex_deref(ex_var(a->snaps.data[i]));
    const void *cls = act_loc_id(a->v, mem);
    if (cls) {
      int id = tbr_id(a->tbr, cls, tbr_label(mem));
      tbrset_add(&a->tbr->snapshot, id);
      tbrset_add(&a->tbr->primal, id);  /* memory the primal names */
    }
    st_append(into, adj_push_block(a, ex_var(a->snaps.data[i]), ir_clone_expr(a->snaps.data[i + 1], NULL), loc));
  }
}

void adj_snapshot_pop(Adj *a, Stmt *into, SrcLoc loc) {
  for (int i = a->snaps.len - 2; i >= 0; i -= 2) {
    Var *p = a->snaps.data[i];
    adj_log_redo(a, ex_var(p), ir_clone_expr(a->snaps.data[i + 1], NULL), ex_deref(ex_var(p)), into, loc);
    st_append(into, adj_pop_block(a, ex_var(p), ir_clone_expr(a->snaps.data[i + 1], NULL), loc));
  }
}
