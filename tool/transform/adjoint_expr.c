/*
 * adjoint_expr.c — reverse mode for expressions: adjoint storage paths,
 * propagation of a seed through an expression, tape saves and restores,
 * and the set R of what the backward sweep reads.
 *
 * Requires: Adj, activity facts, the to-be-recorded facts (tbr.h),
 *   rules.def.
 * Provides: the adjoint statements of an expression, tape saves and
 *   restores, the reads of backward code.
 */
#include <stdlib.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Expr *bar_root(void *ctx, Var *x) {
  Adj *a = ctx;
  Expr *r = ptrmap_get(&a->bar, x);
  return r ? ir_clone_expr(r, NULL) : NULL;
}

/* (const double (*)[4])a, *(const P3 *)(x + 1): adjoints are written, so
 * the casts on a shadow's path drop the const */
static Walk writable_cast(Expr *e, void *ctx) {
  (void)ctx;
  if (e->kind == EX_CAST && !e->is_implicit && ty_is_ptr(e->type)) e->type = tr_writable(e->type);
  return WALK_ON;
}

Expr *adj_bar(Adj *a, const Expr *lv) {
  Expr *r = tr_shadow_path(lv, bar_root, a, a->v);
  ex_each(r, writable_cast, NULL);
  return r;
}

Expr *adj_ptr_shadow(Adj *a, const Expr *p) { return adj_bar(a, p); }

/* The shadow of a pointer passed to a callee's shadow parameter, which is
 * writable: a shadow read from a `const double *` field of a struct's
 * shadow (`g_bar->W` for `const GRU *g`) has the field's const type, so
 * it is cast (C would warn that the call discards the qualifier). Only
 * there: other shadows are writable variables, and a cast would follow
 * the expression into the tangent and lane copies (x_bar_dot + i). */
static bool field_based(const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB)) e = ex_strip_implicit(e->lhs);
  return e->kind == EX_MEMBER;
}

Expr *adj_ptr_shadow_arg(Adj *a, const Expr *p) {
  Expr *r = adj_bar(a, p);
  if (!ty_is_ptr(r->type) || !field_based(r)) return r;  /* x_bar + i: x_bar is writable already */
  Type *w = tr_writable(r->type);
  return w != r->type ? ex_cast(w, r) : r;
}

bool adj_ptr_has_shadow(Adj *a, const Expr *p) {
  if (ex_is_zero(p)) return false;
  p = ex_strip_implicit(p);
  if (p->kind == EX_COND)  /* c ? &x[3] : &x[4]: c ? &x_bar[3] : &x_bar[4] */
    return (adj_ptr_has_shadow(a, p->lhs) || ex_is_zero(p->lhs)) &&
           (adj_ptr_has_shadow(a, p->rhs) || ex_is_zero(p->rhs)) && !(ex_is_zero(p->lhs) && ex_is_zero(p->rhs));
  Var *root = ex_root_var(p);
  if (p->kind == EX_VAR) return ptrmap_get(&a->bar, p->var) != NULL;
  return act_ptr_shadowed(a->v, (Expr *)p) && root && ptrmap_get(&a->bar, root);
}

Var *adj_temp(Adj *a, const char *hint, Type *t, Expr *init, Stmt *into, SrcLoc loc) {
  Var *v = fn_new_var(a->out, hint, ty_unqual(t), VAR_LOCAL, loc);
  st_append(into, st_decl(v, init, loc));
  return v;
}

/* A seed used more than once is first put in a variable. */
static Expr *once(Adj *a, Expr *seed, Stmt *bwd, SrcLoc loc) {
  if (d_is_simple(seed)) return seed;
  return ex_var(adj_temp(a, "d", seed->type, seed, bwd, loc));
}

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

static void accumulate(Stmt *bwd, Expr *dst, Expr *val, SrcLoc loc) {
  if (!val) return;
  if (!ty_same(val->type, dst->type) && ty_is_float(dst->type)) {
    val = ex_cast(ty_unqual(dst->type), val);
    val->is_implicit = true;
  }
  st_append(bwd, st_assign(dst, ex_bin(OP_ADD, ir_clone_expr(dst, NULL), val), loc));
}

/* Adjoint of e given the adjoint 'seed' of its value: every active operand
 * x gets x_bar += (d e / d x) * seed. Rules:
 *   u + v: u_bar += s, v_bar += s       u * v: u_bar += s * v, v_bar += u * s
 *   u / v: u_bar += s / v, v_bar -= s * u / (v * v)
 *   f(u):  u_bar += f'(u) * s  (rules.def; $r is the statement's result) */
void adj_expr(Adj *a, Expr *e, Expr *seed, Stmt *bwd) {
  if (!e || !seed || !act_expr_varied(a->v, e)) return;
  SrcLoc loc = e->loc;
  /* a real value's adjoint is the real part of a complex seed (the
   * complex adjoint is dL/dRe + i dL/dIm) */
  if (!ty_is_complex(e->type)) seed = d_real(seed);
  switch (e->kind) {
  case EX_VAR:
  case EX_INDEX:
  case EX_MEMBER:
  case EX_DEREF:
    if (!act_lvalue_varied(a->v, e)) return;
    accumulate(bwd, adj_bar(a, e), seed, loc);
    return;
  case EX_BIN: {
    bool l = act_expr_varied(a->v, e->lhs), r = act_expr_varied(a->v, e->rhs);
    if (l && r) seed = once(a, seed, bwd, loc);
    switch (e->op) {
    case OP_ADD:
      adj_expr(a, e->lhs, seed, bwd);
      adj_expr(a, e->rhs, cl(seed), bwd);
      return;
    case OP_SUB:
      adj_expr(a, e->lhs, seed, bwd);
      adj_expr(a, e->rhs, d_neg(cl(seed)), bwd);
      return;
    case OP_MUL:
      /* complex: u_bar += s * conj(v) (conj: identity on reals) */
      if (l && r && ir_expr_equal(e->lhs, e->rhs)) { /* u * u: one update, u_bar += 2 * s * u */
        adj_expr(a, e->lhs, d_mul(d_mul(ex_num(2, ty_real_of(e->type)), seed), d_conj(cl(e->rhs))), bwd);
        return;
      }
      if (l) adj_expr(a, e->lhs, d_mul(seed, d_conj(cl(e->rhs))), bwd);
      if (r) adj_expr(a, e->rhs, d_mul(d_conj(cl(e->lhs)), cl(seed)), bwd);
      return;
    case OP_DIV:
      if (l) adj_expr(a, e->lhs, d_div(seed, d_conj(cl(e->rhs))), bwd);
      if (r && a->cur_result && a->cur_result->kind == EX_VAR && a->cur_rhs == e && ty_same(a->cur_result->type, e->type)) {
        /* y = u / v with y a variable still in place: v_bar -= s * y / v,
         * and for y = 1 / v v_bar -= s * y * y (no division on the adjoint's
         * critical path). Not for y an array element: reading it would make
         * the whole array needed by the backward sweep. */
        const Expr *u = ex_strip_implicit(e->lhs);
        Expr *y = ir_clone_expr(a->cur_result, NULL);
        Expr *p = u->kind == EX_NUM && u->value == 1.0 ? d_mul(y, ir_clone_expr(a->cur_result, NULL))
                                                        : d_div(y, cl(e->rhs));
        adj_expr(a, e->rhs, d_neg(d_mul(cl(seed), d_conj(p))), bwd);
      } else if (r) {
        Expr *vv = ex_bin(OP_MUL, cl(e->rhs), cl(e->rhs));
        adj_expr(a, e->rhs, d_neg(d_div(d_mul(cl(seed), d_conj(cl(e->lhs))), d_conj(vv))), bwd);
      }
      return;
    default: return;
    }
  }
  case EX_UN:
    if (e->op == OP_NEG) adj_expr(a, e->lhs, d_neg(seed), bwd);
    if (e->op == OP_PLUS) adj_expr(a, e->lhs, seed, bwd);
    return;
  case EX_CAST:
    if (ty_has_float(e->lhs->type)) {
      Expr *s = seed;
      if (!ty_same(e->lhs->type, seed->type)) {
        s = ex_cast(ty_unqual(e->lhs->type), seed);
        s->is_implicit = e->is_implicit;
      }
      adj_expr(a, e->lhs, s, bwd);
    }
    return;
  case EX_COND: {
    /* c ? u : v  =>  if (c) u_bar += s; else v_bar += s; */
    seed = once(a, seed, bwd, loc);
    Stmt *i = st_new(ST_IF, loc);
    i->cond = cl(e->cond);
    i->then = st_block(loc);
    i->els = st_block(loc);
    adj_expr(a, e->lhs, seed, i->then);
    adj_expr(a, e->rhs, cl(seed), i->els);
    if (i->then->nbody || i->els->nbody) st_append(bwd, i);
    return;
  }
  case EX_CALL: {
    const Rule *rule = rule_find(e->text);
    if (!rule) return;
    /* $r: the statement's result if still in place and e is its whole
     * right side, else recomputed (a call left in an arm of ?:) */
    const Expr *result = a->cur_result && a->cur_rhs == e ? a->cur_result : e;
    int nact = 0;
    for (int i = 0; i < e->nargs; i++) nact += act_expr_varied(a->v, e->args[i]);
    if (nact > 1) seed = once(a, seed, bwd, loc);
    for (int i = 0; i < e->nargs; i++) {
      if (!act_expr_varied(a->v, e->args[i])) continue;
      Expr *p = tr_rule_adjoint(e, i, result, cl(seed));
      if (p) adj_expr(a, e->args[i], p, bwd);
    }
    return;
  }
  default: return;
  }
}

/* ---- Records and arrays, field by field ------------------------------ */

static void fields(Adj *a, Expr *dst, Expr *src, Type *t, Stmt *bwd, int depth) {
  SrcLoc loc = dst->loc;
  if (ty_is_float(t)) {
    if (src)
      accumulate(bwd, dst, src, loc);
    else
      st_append(bwd, st_assign(dst, d_zero(t), loc));
    return;
  }
  if (t->kind == TY_RECORD && t->rec) {
    for (int i = 0; i < t->rec->nfields; i++) {
      Field *f = &t->rec->fields[i];
      if (!ty_has_float(f->type)) continue;
      Expr *d = ex_new(EX_MEMBER, f->type, loc);
      d->lhs = cl(dst);
      d->text = f->name;
      Expr *s = NULL;
      if (src) {
        s = ex_new(EX_MEMBER, f->type, loc);
        s->lhs = cl(src);
        s->text = f->name;
      }
      fields(a, d, s, f->type, bwd, depth);
    }
    return;
  }
  if (t->kind == TY_ARRAY && t->len > 0 && ty_has_float(t->base)) {
    /* the counter is the loop's own: declared at a->top it could come
     * after the loop (a driver's entry zeroing runs before a->top) */
    Var *k = fn_new_var(a->out, "k", ty_long(), VAR_LOCAL, loc);
    ptrmap_put(&a->nolive, k, (void *)1);
    Stmt *f = st_new(ST_FOR, loc);
    f->init = st_decl(k, ex_int(0), loc);
    f->cond = ex_bin(OP_LT, ex_var(k), ex_num((double)t->len, ty_long()));
    f->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
    f->then = st_block(loc);
    fields(a, ex_index(cl(dst), ex_var(k)), src ? ex_index(cl(src), ex_var(k)) : NULL, t->base, f->then, depth + 1);
    st_append(bwd, f);
  }
}

void adj_zero_fields(Adj *a, Expr *dst_bar, Type *t, Stmt *bwd) { fields(a, dst_bar, NULL, t, bwd, 0); }
void adj_add_fields(Adj *a, Expr *dst_bar, Expr *src_bar, Type *t, Stmt *bwd) { fields(a, dst_bar, src_bar, t, bwd, 0); }

/* ---- Tape -------------------------------------------------------------- */

Stmt *adj_save(Adj *a, Expr *lv, SrcLoc loc) {
  (void)a;
  Type *t = lv->type;
  switch (t->kind) {
  case TY_DOUBLE: return st_expr(ex_rt1(RT_PUSH_D, cl(lv)), loc);
  case TY_FLOAT: return st_expr(ex_rt1(RT_PUSH_F, cl(lv)), loc);
  case TY_INT: return st_expr(ex_rt1(t->narrow ? RT_PUSH_I32 : RT_PUSH_I, ex_cast(t->narrow ? ty_int() : ty_long(), cl(lv))), loc);
  case TY_PTR:
    /* (a function pointer as bytes: ISO C has no conversion of it to void *) */
    if (t->base->kind != TY_FUNC) return st_expr(ex_rt1(RT_PUSH_P, ex_cast(ty_ptr(ty_void()), cl(lv))), loc);
    /* fall through */
  default: {
    return st_expr(ex_rt2(RT_PUSH_BYTES, ex_addr(cl(lv)), d_sizeof_expr(cl(lv))), loc);
  }
  }
}

Stmt *adj_restore(Adj *a, Expr *lv, SrcLoc loc) {
  (void)a;
  Type *t = lv->type;
  switch (t->kind) {
  case TY_DOUBLE: return st_assign(cl(lv), ex_rt0(RT_POP_D), loc);
  case TY_FLOAT: return st_assign(cl(lv), ex_rt0(RT_POP_F), loc);
  case TY_INT: return st_assign(cl(lv), ex_cast(ty_unqual(t), ex_rt0(t->narrow ? RT_POP_I32 : RT_POP_I)), loc);
  case TY_PTR:
    if (t->base->kind != TY_FUNC) return st_assign(cl(lv), ex_cast(ty_unqual(t), ex_rt0(RT_POP_P)), loc);
    /* fall through */
  default: {
    return st_expr(ex_rt2(RT_POP_BYTES, ex_addr(cl(lv)), d_sizeof_expr(cl(lv))), loc);
  }
  }
}

/* ---- What the backward sweep reads ---------------------------------- */

/* key's index in the facts, labelled after lv when new */
static int key_id(Adj *a, const void *key, const Expr *lv) {
  int i = tbr_find(a->tbr, key);
  return i >= 0 ? i : tbr_id(a->tbr, key, lv->kind == EX_VAR && key == lv->var ? lv->var->name : tbr_label(lv));
}

/* lv lies in field 'name' of a struct 'rec' (not a union): p->x, s.v[i],
 * a[i].pos. Activity's classes do not tell fields apart; the facts do, so
 * that a store into b->vx keeps nothing for a read of b->mass. */
bool adj_field_of(const Expr *lv, const Record **rec, const char **name) {
  for (;;) {
    if (lv->kind == EX_CAST && lv->is_implicit && lv->lhs->type->kind == TY_ARRAY)
      lv = lv->lhs;
    else if (lv->kind == EX_INDEX && lv->lhs->type->kind == TY_ARRAY && lv->lhs->kind != EX_VAR)
      lv = lv->lhs;
    else
      break;
  }
  if (lv->kind != EX_MEMBER || !lv->text) return false;
  const Type *t = lv->lhs->type;
  if (lv->is_arrow) t = ty_is_ptr(t) ? t->base : NULL;
  if (!t || t->kind != TY_RECORD || !t->rec || t->rec->is_union) return false;
  *rec = t->rec;
  *name = lv->text;
  return true;
}

static void note(Adj *a, const Expr *lv, TbrSet *into) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  const Record *rec;
  const char *name;
  if (id && ptrmap_get(&a->stable, id)) {
    if (adj_field_of(lv, &rec, &name)) {
      const TbrField *k = tbr_field(a->tbr, id, rec, name);
      ptrmap_put(&a->stable, k, (void *)1);
      tbrset_add(into, key_id(a, k, lv));
    } else {
      tbrset_add(into, key_id(a, id, lv));
    }
  }
  if (lv->kind == EX_VAR && ptrmap_get(&a->stable, lv->var)) tbrset_add(into, key_id(a, lv->var, lv));
}

bool adj_lv_in(Adj *a, const TbrSet *s, const Expr *lv) {
  if (!s) return false;
  if (lv->kind == EX_VAR && tbr_has(a->tbr, s, lv->var)) return true;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  const Record *rec = NULL;
  const char *name = NULL;
  if (!id) return false;
  if (!adj_field_of(lv, &rec, &name)) rec = NULL;
  return tbr_has_part(a->tbr, s, id, rec, name);
}

void adj_note_save(Adj *a, const Expr *lv) {
  if (a->phase != 2 || a->trial || !a->cur_stmt) return;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  const Var *x = lv->kind == EX_VAR ? lv->var : NULL;
  const Record *rec;
  const char *name;
  if (id && adj_field_of(lv, &rec, &name)) id = tbr_field(a->tbr, id, rec, name);
  if (id) tbr_note_save(a->tbr, a->cur_stmt, id, x && id == x ? x->name : tbr_label(lv));
  if (x && id != x) tbr_note_save(a->tbr, a->cur_stmt, x, x->name);
  /* primal memory, named or not by a read (--dump=tbr prints it) */
  if (id) tbrset_add(&a->tbr->primal, tbr_find(a->tbr, id));
}

/* ---- Memory a pointer reaches ------------------------------------------ */

static bool each_pointee(Adj *a, const Expr *p, int depth, AdjVisit fn, void *ctx);

/* lv, then what its pointers (its own, its struct fields', its elements')
 * point to */
static bool each_in(Adj *a, Expr *lv, int depth, AdjVisit fn, void *ctx) {
  if (fn(a, lv, ctx)) return true;
  const Type *t = lv->type;
  if (ty_is_ptr(t)) return each_pointee(a, lv, depth + 1, fn, ctx);
  if (t->kind == TY_ARRAY && ty_holds_ptr(t->base)) return each_in(a, ex_index(lv, ex_int(0)), depth, fn, ctx);
  if (t->kind == TY_RECORD && t->rec)
    for (int i = 0; i < t->rec->nfields; i++) {
      const Field *f = &t->rec->fields[i];
      if (!ty_holds_ptr(f->type)) continue;
      Expr *m = ex_new(EX_MEMBER, f->type, lv->loc);
      m->lhs = ir_clone_expr(lv, NULL);
      m->text = f->name;
      if (each_in(a, m, depth, fn, ctx)) return true;
    }
  return false;
}

static bool each_pointee(Adj *a, const Expr *p, int depth, AdjVisit fn, void *ctx) {
  if (depth > 3 || !ty_is_ptr(p->type) || p->type->base->kind == TY_FUNC || p->type->base->kind == TY_VOID)
    return false;
  return each_in(a, ex_deref(ir_clone_expr(p, NULL)), depth, fn, ctx);
}

bool adj_each_pointee(Adj *a, const Expr *p, AdjVisit fn, void *ctx) { return each_pointee(a, p, 0, fn, ctx); }

static bool note_visit(Adj *a, const Expr *lv, void *into) {
  note(a, lv, into);
  return false;
}

/* A callee (g_bwd, say) may read whatever a pointer argument reaches:
 * f(buf) reads buf's memory, not only the variable buf; v->data[i] for a
 * struct argument. Shadows aside. */
static void note_pointees(Adj *a, const Expr *p, TbrSet *into, int depth) {
  (void)depth;
  Var *root = ex_root_var(p);
  if (root && ptrmap_get(&a->shadow_of, root)) return;
  adj_each_pointee(a, p, note_visit, into);
}

static void reads_expr(Adj *a, const Expr *e, TbrSet *into);

/* What computing lv's address reads, not lv itself: the pointers and
 * indices on its path (s.f, a[i].x: i; p->f: p). */
static void reads_addr(Adj *a, const Expr *lv, TbrSet *into) {
  switch (lv->kind) {
  case EX_VAR: return;
  case EX_DEREF: reads_expr(a, lv->lhs, into); return;
  case EX_MEMBER:
    if (lv->is_arrow)
      reads_expr(a, lv->lhs, into);
    else
      reads_addr(a, lv->lhs, into);
    return;
  case EX_INDEX:
    if (lv->lhs->type->kind == TY_ARRAY && ex_is_lvalue(lv->lhs))
      reads_addr(a, lv->lhs, into);
    else
      reads_expr(a, lv->lhs, into);
    reads_expr(a, lv->rhs, into);
    return;
  default: reads_expr(a, lv, into); return;
  }
}

/* A shadow pointer held in memory (r_bar.prev, ps_bar[k], s_bar->u)
 * follows the primal pointer at the same place, as a shadow pointer
 * variable follows its primal: reading it needs the primal (r.prev, ps[k])
 * restored, so that a store into it saves both (adj_save_both). */
static void note_shadow_ptr(Adj *a, const Expr *e, Var *root, TbrSet *into) {
  Var *primal = root ? ptrmap_get(&a->shadow_of, root) : NULL;
  if (!primal || e->kind == EX_VAR || !ty_is_ptr(e->type)) return;
  PtrMap map = {0};
  ptrmap_put(&map, root, primal);
  note(a, ir_clone_expr(e, &map), into);
  free(map.keys);
  free(map.vals);
}

static void reads_expr(Adj *a, const Expr *e, TbrSet *into) {
  if (!e) return;
  if (e->kind == EX_SIZEOF) return;
  if (e->kind == EX_ADDR && ex_is_lvalue(e->lhs) && e->lhs->kind != EX_VAR) {
    /* &x[i] reads the index and the base pointer, not x[i]; a callee that
     * gets the address is accounted for by its call (note_pointees) */
    reads_addr(a, e->lhs, into);
    return;
  }
  if (e->kind == EX_MEMBER && !e->is_arrow && ex_is_lvalue(e)) {
    /* s.f loads s.f, not the rest of s */
    Var *root = ex_root_var(e);
    if (!root || !ptrmap_get(&a->shadow_of, root)) note(a, e, into);
    else note_shadow_ptr(a, e, root, into);
    reads_addr(a, e->lhs, into);
    return;
  }
  if (e->kind == EX_VAR) {
    /* a shadow pointer follows its primal pointer: reading it needs the
     * primal pointer restored; adjoint values need nothing */
    Var *primal = ptrmap_get(&a->shadow_of, e->var);
    if (!primal)
      note(a, e, into);
    else if (ty_is_ptr(e->var->type))
      note(a, ex_var(primal), into);
  } else if (ex_is_lvalue(e)) {
    Var *root = ex_root_var(e);
    if (!root || !ptrmap_get(&a->shadow_of, root)) note(a, e, into);
    else note_shadow_ptr(a, e, root, into);
  }
  if (e->kind == EX_CALL) {
    /* (the runtime's tape and frame calls read no primal memory; phase 1
     * names callees ccad_pending_*) */
    PtrVec *noted = ptrmap_get(&a->bwd_noted, e);
    const PtrVec *globals = ptrmap_get(&a->bwd_globals, e);
    for (int i = 0; globals && i < globals->len; i++) note(a, ex_var(globals->data[i]), into);
    bool runtime = e->rt != RT_NONE;
    if (noted) {
      for (int i = 0; i < noted->len; i++) note_pointees(a, noted->data[i], into, 0);
    } else if (e->text && !rule_find(e->text) && !runtime && !str_eq(e->text, "free") && !str_eq(e->text, "memset")) {
      for (int i = 0; i < e->nargs; i++) note_pointees(a, e->args[i], into, 0);
    }
  }
  reads_expr(a, e->lhs, into);
  reads_expr(a, e->rhs, into);
  reads_expr(a, e->cond, into);
  for (int i = 0; i < e->nargs; i++) reads_expr(a, e->args[i], into);
}

void adj_collect_reads(Adj *a, const Stmt *s, TbrSet *into) {
  if (!s) return;
  TbrSet *memo = ptrmap_get(&a->bwd_memo, s);
  if (memo) {
    /* collected when its statement was done: a deep nest is walked once */
    tbrset_union(into, memo);
    return;
  }
  Var *ctr = ptrmap_get(&a->recon, s);
  if (ctr) {
    /* a backward loop that recomputes its counter: its reads of the
     * counter need no taped value */
    TbrSet body = {0};
    reads_expr(a, s->cond, &body);
    adj_collect_reads(a, s->init, &body);
    adj_collect_reads(a, s->step, &body);
    adj_collect_reads(a, s->then, &body);
    const void *cid = act_loc_id(a->v, ex_var(ctr));
    int ci = tbr_find(a->tbr, ctr), cc = cid ? tbr_find(a->tbr, cid) : -1;
    tbrset_del(&body, ci);
    tbrset_del(&body, cc);
    tbrset_union(into, &body);
    return;
  }
  if (s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR) {
    /* the stored-to location is written, but its path (indices, base) is read */
    reads_addr(a, s->lhs, into);
  }
  if (s->kind == ST_ASSIGN && s->undo) {
    /* x = x - e undoing an atomic x += e: x's value is whatever the loop
     * left (the undo needs no saved x); e is read */
    reads_expr(a, s->rhs->rhs, into);
    return;
  }
  reads_expr(a, s->rhs, into);
  reads_expr(a, s->expr, into);
  reads_expr(a, s->cond, into);
  adj_collect_reads(a, s->then, into);
  adj_collect_reads(a, s->els, into);
  adj_collect_reads(a, s->init, into);
  adj_collect_reads(a, s->step, into);
  for (int i = 0; i < s->nbody; i++) adj_collect_reads(a, s->body[i], into);
}

static bool killed(const Adj *a, const Var *x) { return ptrmap_get(&a->killed, x) != NULL; }

void adj_before_add(Adj *a, const Stmt *primal_stmt) {
  if (!a->before) return;
  const TbrSet *r = tbr_reads_of(a->tbr, primal_stmt);
  tbrset_union(a->before, r);
  /* a killed variable this statement's backward code reads needs its
   * value kept again (its key, a Var*, is in the read set: note()) */
  for (int i = r && a->killed.len ? tbrset_next(r, 0) : -1; i >= 0; i = tbrset_next(r, i + 1))
    if (killed(a, a->tbr->keys.data[i])) ptrmap_put(&a->killed, a->tbr->keys.data[i], NULL);
}

bool adj_is_read(Adj *a, Expr *lv) {
  if (lv->kind == EX_VAR && killed(a, lv->var)) return false;
  return adj_lv_in(a, a->before, lv);
}

/* A write of scalar local x was saved here, so its restore hands the old
 * value to the backward code of every statement before it: a later write
 * of x needs no save until a statement reads x again (adj_before_add).
 * Only for locals no pointer reaches; a block that may not run (a
 * branch, a loop body) keeps its kills to itself (adj_kills_leave). */
void adj_kill(Adj *a, const Expr *lv) {
  if (!a->before || lv->kind != EX_VAR) return;
  Var *x = lv->var;
  if ((x->kind != VAR_LOCAL && x->kind != VAR_PARAM) || x->is_static || x->type->kind == TY_ARRAY ||
      ptrmap_get(&a->addr_taken, x) || !ptrmap_get(&a->stable, x) || killed(a, x))
    return;  /* (stable: its reads note the Var* itself, which revives it) */
  ptrmap_put(&a->killed, x, (void *)1);
  vec_push(&a->kill_log, x);
}

int adj_kills_enter(Adj *a) { return a->kill_log.len; }

/* After a block: what was killed before it and is still (its own kills
 * may not have happened; its reads revived what they read). */
void adj_kills_leave(Adj *a, int mark) {
  for (int i = mark; i < a->kill_log.len; i++) ptrmap_put(&a->killed, a->kill_log.data[i], NULL);
  a->kill_log.len = mark;
}
