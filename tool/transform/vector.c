/*
 * vector.c — vector forward mode: a jvp function widened to W tangent
 * directions (lanes) per sweep; jacfwd uses it. S3 -> S3.
 *
 * The primal statements run once for all W lanes; every statement that
 * touches a tangent runs once per lane:
 *
 *   y_dot = cos(u) * u_dot;   =>   double inv = cos(u);
 *                                  for (lane = 0; lane < W; lane++)
 *                                    y_dot[lane] = inv * u_dot[lane];
 *
 * (what does not depend on the lane is computed before the loop). The
 * same holds through the whole call tree: a call of a callee's jvp becomes
 * one call of its vector variant (made the same way, g_jvp_w8), so the
 * callee's primal, side effects included, runs once as in the original. A
 * hand-written jvp (custom_jvp) computes one direction: it is called once
 * per lane, and only when it cannot write the caller's memory.
 *
 * Two layouts of derivative memory:
 * - rows (lanes innermost), when no struct is in the way: each floating
 *   value has W tangents side by side, double *x_dot becomes
 *   double (*x_dot)[W] and x[i] has x_dot[i][lane]; pointers, their
 *   arithmetic (--x_dot), addresses and byte counts apply to all lanes at
 *   once, and lane loops are contiguous, so compilers vectorise them;
 * - lanes outermost otherwise (a struct's derivative has the struct's
 *   type; a view of tangents as another element type, real as complex):
 *   a pointer parameter becomes an array of W pointers, x_dot[lane][i],
 *   and a callee that changes such a parameter works on its own copy.
 * Scalars are T x_dot[W] in both, a scalar parameter W values (const T *),
 * T *ret_dot W results. Tangents moved through a tape (jvp of a gradient)
 * are not widened: those requests keep the scalar function.
 *
 * Requires: a generated jvp function and its callees' jvp variants.
 * Provides: their W-lane variants (g_jvp_w8): the primal once per sweep.
 */
#include <stdint.h>
#include <string.h>

#include "../ir/rules.h"
#include "transform.h"

#include "vector_int.h"

/* rows: a floating value stored in derivative memory (x_dot[i], *p_dot,
 * s_dot) has W lanes behind it: its lane is one more subscript. Pointers,
 * their arithmetic, addresses and sizes stay whole (&x_dot[3] is row 3). */
static bool addr_of_wide_scalar(Vec *w, const Expr *e) {
  return e && e->kind == EX_ADDR && e->lhs->kind == EX_VAR && ty_is_float(e->lhs->type) &&
         (intptr_t)ptrmap_get(&w->wide, e->lhs->var) == 1;
}

static Expr *lane_rows(Vec *w, Expr *e) {
  if (e && e->kind == EX_CALL)  /* called per lane: a rule, a custom jvp */
    for (int i = 0; i < e->nargs; i++)
      if (addr_of_wide_scalar(w, e->args[i]))  /* &rd, a rule's result: &rd[lane] */
        e->args[i]->lhs = lane_rows(w, e->args[i]->lhs);
  if (addr_of_wide_scalar(w, e)) {
    /* pa_dot = &a_dot of a scalar a (double *pa = &a): a_dot is a's row of
     * W lanes, so its address is the row pointer, the same for every lane */
    e->type = ty_ptr(e->lhs->var->type);
    return e;
  }
  if (!e || e->kind == EX_SIZEOF || e->kind == EX_ADDR) return e;
  if (e->kind == EX_DEREF && e->lhs->kind == EX_VAR && (intptr_t)ptrmap_get(&w->wide, e->lhs->var) == 2) {
    w->used_lane = true;
    return ex_index(ex_var(e->lhs->var), ex_var(w->lane));  /* *ret_dot -> ret_dot[lane] */
  }
  bool lv = e->kind == EX_VAR || e->kind == EX_INDEX || e->kind == EX_DEREF;
  Var *root = lv ? ex_root_var(e) : NULL;
  if (root && ty_is_float(e->type) && (intptr_t)ptrmap_get(&w->wide, root) == 1) {
    Expr *x = ex_index(e, ex_var(w->lane));
    x->type = e->type;
    w->used_lane = true;
    return x;
  }
  e->lhs = lane_rows(w, e->lhs);
  e->rhs = lane_rows(w, e->rhs);
  e->cond = lane_rows(w, e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = lane_rows(w, e->args[i]);
  return e;
}

static Expr *lane_e(Vec *w, Expr *e) {
  if (!e) return NULL;
  if (w->rows) return lane_rows(w, e);
  w->used_lane = true;
  if (e->kind == EX_DEREF && e->lhs->kind == EX_VAR && (intptr_t)ptrmap_get(&w->wide, e->lhs->var) == 2)
    return ex_index(ex_var(e->lhs->var), ex_var(w->lane));  /* *ret_dot -> ret_dot[lane] */
  if (e->kind == EX_VAR) {
    intptr_t how = (intptr_t)ptrmap_get(&w->wide, e->var);
    if (how == 1) return ex_index(ex_var(e->var), ex_var(w->lane));
    if (how == 2) {
      Expr *p = ex_bin(OP_ADD, ex_var(e->var), ex_var(w->lane));
      p->type = e->var->type;
      return p;
    }
    return e;
  }
  e->lhs = lane_e(w, e->lhs);
  e->rhs = lane_e(w, e->rhs);
  e->cond = lane_e(w, e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = lane_e(w, e->args[i]);
  return e;
}

static Walk is_wide(Expr *e, void *w) {
  return e->kind == EX_VAR && ptrmap_get(&((Vec *)w)->wide, e->var) ? WALK_STOP : WALK_ON;
}

static bool touches_e(Vec *w, const Expr *e) { return !ex_each(e, is_wide, w); }

/* e has no effects and reads only the primal's values: the same in every lane. */
static Walk varies(Expr *e, void *w) {
  if (e->kind == EX_CALL && !(e->text && rule_find(e->text))) return WALK_STOP;
  return is_wide(e, w);
}

bool vec_invariant(Vec *w, const Expr *e) { return ex_each(e, varies, w); }

static bool invariant(Vec *w, const Expr *e) { return vec_invariant(w, e); }

/* Integer arithmetic on local values (2 * k + 1): a store through a
 * floating pointer cannot change it (strict aliasing), so the compiler
 * keeps it in a register; hoisting it would only cost a line. */
static bool int_arith(const Expr *e) {
  if (!e || !e->type || e->type->kind != TY_INT) return false;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR: return e->var->kind != VAR_GLOBAL;
  case EX_CAST:
  case EX_UN: return int_arith(e->lhs);
  case EX_BIN: return int_arith(e->lhs) && int_arith(e->rhs);
  default: return false;
  }
}

/* Parts of a lane statement that do not depend on the lane go once, before
 * the lane loop, into locals (cos(u), x[i] in y_dot = cos(u) * u_dot + x[i]
 * * v_dot): the compiler cannot tell derivative memory apart from x, and
 * would load x[i] and call cos in every lane. Same operations, same order,
 * same values; only what every lane evaluates (not ?:'s arms, nor the
 * right of && and ||). */
static Expr *hoist_invariant(Vec *w, Expr *e, Stmt *pre) {
  if (!e) return NULL;
  bool leaf = e->kind == EX_NUM || (e->kind == EX_VAR && e->var->kind != VAR_GLOBAL) || int_arith(e);
  if (!leaf && ty_is_arith(e->type) && invariant(w, e)) {
    for (int i = 0; i < pre->nbody; i++)  /* x[i] twice in x_dot[i] * x[i] + x[i] * x_dot[i] */
      if (pre->body[i]->kind == ST_DECL && ir_expr_equal(pre->body[i]->expr, e) &&
          ty_same(pre->body[i]->var->type, ty_unqual(e->type)))
        return ex_var(pre->body[i]->var);
    Var *t = fn_new_var(w->f, "inv", ty_unqual(e->type), VAR_LOCAL, e->loc);
    st_append(pre, st_decl(t, e, e->loc));
    return ex_var(t);
  }
  switch (e->kind) {
  case EX_CALL:
    if (!rule_find(e->text)) return e;  /* calls with effects run per lane */
    break;
  case EX_COND: e->cond = hoist_invariant(w, e->cond, pre); return e;
  case EX_BIN:
    if (e->op == OP_LAND || e->op == OP_LOR) {
      e->lhs = hoist_invariant(w, e->lhs, pre);
      return e;
    }
    break;
  case EX_ADDR:
  case EX_SIZEOF: return e;
  default: break;
  }
  e->lhs = hoist_invariant(w, e->lhs, pre);
  e->rhs = hoist_invariant(w, e->rhs, pre);
  e->cond = hoist_invariant(w, e->cond, pre);
  for (int i = 0; i < e->nargs; i++) e->args[i] = hoist_invariant(w, e->args[i], pre);
  return e;
}

static Type *array_of(Type *t, int n) {
  Type *a = ty_new(TY_ARRAY, NULL);
  a->base = t;
  a->len = n;
  return a;
}

/* rows: derivative memory is W times the primal's: a byte count that
 * the primal's code wrote (memset(p_dot, 0, n * sizeof(*p))) is scaled,
 * one over a derivative variable (sizeof(*p_dot)) already is. */
static void scale_bytes(Vec *w, Stmt *c) {
  Expr *call = c->kind == ST_ASSIGN ? c->rhs : c->expr;
  while (call && call->kind == EX_CAST) call = call->lhs;
  if (!call || call->kind != EX_CALL || !call->text) return;
  int at = -1;
  if (str_eq(call->text, "memset") || str_eq(call->text, "memcpy") || str_eq(call->text, "memmove")) at = 2;
  if (str_eq(call->text, "calloc") || str_eq(call->text, "malloc")) at = 0;
  if (at < 0 || at >= call->nargs || touches_e(w, call->args[at])) return;
  /* an array of pointers (to rows) holds as many pointers as the primal's */
  const Expr *dst = at == 2 ? ex_strip_implicit(call->args[0]) : NULL;
  while (dst && dst->kind == EX_CAST) dst = ex_strip_implicit(dst->lhs);
  if (dst && (dst->type->kind == TY_ARRAY || ty_is_ptr(dst->type)) && dst->type->base && ty_is_ptr(dst->type->base))
    return;
  Expr *n = ex_bin(OP_MUL, ex_cast(ty_size_t(), ex_int(w->width)), call->args[at]);
  n->type = ty_size_t();
  call->args[at] = n;
}

static Stmt *lane_loop(Vec *w, Stmt *body) {
  SrcLoc loc = body->loc;
  w->looped = true;
  Stmt *f = st_new(ST_FOR, loc);
  f->init = st_assign(ex_var(w->lane), ex_int(0), loc);
  f->cond = ex_bin(OP_LT, ex_var(w->lane), ex_int(w->width));
  f->step = st_assign(ex_var(w->lane), ex_bin(OP_ADD, ex_var(w->lane), ex_int(1)), loc);
  f->then = st_block(loc);
  st_append(f->then, body);
  f->unroll = w->width;
  return f;
}

/* lv is x_dot[lane] or a_dot[i][lane] in a local array, which no
 * parameter points to: rows of W lanes, so lane k reads row element k
 * only, whatever the loads alias, and the compiler can tell the store
 * from the loads of derivative memory behind parameters. */
static bool lane_local(const Expr *lv) {
  const Expr *a = lv;
  while (a->kind == EX_INDEX) a = ex_strip_implicit(a->lhs);
  return lv->kind == EX_INDEX && a->kind == EX_VAR && a->var->kind == VAR_LOCAL && a->var->type->kind == TY_ARRAY;
}

/* Does e read derivative memory through a pointer (x_dot[i][lane]) other
 * than the element 'self' a lane stores to (x_bar_dot[i][lane] += d[lane]
 * reads only its own lane)? */
typedef struct RowLoad {
  Vec *w;
  const Expr *self;
} RowLoad;

static Walk loads_row(Expr *e, void *ctx) {
  RowLoad *c = ctx;
  if (c->self && ir_expr_equal(e, c->self)) return WALK_SKIP;
  if (e->kind == EX_INDEX || e->kind == EX_DEREF) {
    Var *r = ex_root_var(e);
    if (r && ptrmap_get(&c->w->wide, r) && ty_is_ptr(r->type)) return WALK_STOP;
  }
  return WALK_ON;
}

static bool loads_rows(Vec *w, const Expr *e, const Expr *self) { return !ex_each(e, loads_row, &(RowLoad){w, self}); }

/* Appends per_lane's result to block 'into': the statements of the block
 * it makes for hoisted values go in one by one (their names are unique in
 * the function, so no scope is needed, and the output stays short). */
static void put_lanes(Stmt *into, Stmt *x) {
  if (x->kind != ST_BLOCK) {
    st_append(into, x);
    return;
  }
  for (int i = 0; i < x->nbody; i++) st_append(into, x->body[i]);
}

static Stmt *per_lane(Vec *w, Stmt *s) {
  Stmt *c = ir_clone_stmt(s, NULL);
  Stmt *pre = st_block(s->loc);
  if (c->kind == ST_ASSIGN) {
    c->rhs = hoist_invariant(w, vec_lane_fold(w, c->rhs), pre);
    if (c->lhs->kind == EX_INDEX) c->lhs->rhs = hoist_invariant(w, c->lhs->rhs, pre);  /* y_dot[i + 1] */
  }
  w->used_lane = false;
  c->lhs = lane_e(w, c->lhs);
  c->rhs = lane_e(w, c->rhs);
  c->expr = lane_e(w, c->expr);
  SrcLoc loc = s->loc;
  if (!w->used_lane) {  /* rows: pointers and whole blocks, once for every lane */
    scale_bytes(w, c);
    st_append(pre, c);
    return pre->nbody == 1 ? c : pre;
  }
  if (w->rows && c->kind == ST_ASSIGN && !c->omp_atomic && !lane_local(c->lhs) && ty_is_arith(c->lhs->type) &&
      loads_rows(w, c->rhs, c->lhs)) {
    /* (not an atomic update: x_dot[i][lane] += e stays one update per lane) */
    /* y_dot[i][lane] = f(x_dot[i][lane]): computed into a local first, so
     * the compiler need not fear that the stores change what the next lane
     * reads (it vectorises the first loop, and the second one is a copy) */
    Var *t = fn_new_var(w->f, "lanes", array_of(ty_unqual(c->lhs->type), w->width), VAR_LOCAL, loc);
    st_append(pre, st_decl(t, NULL, loc));
    st_append(pre, lane_loop(w, st_assign(ex_index(ex_var(t), ex_var(w->lane)), c->rhs, loc)));
    c->rhs = ex_index(ex_var(t), ex_var(w->lane));
  }
  st_append(pre, lane_loop(w, c));
  return pre->nbody == 1 ? pre->body[0] : pre;
}


/* rows: the type of derivative storage with W lanes behind each floating
 * value (double *x_dot -> double (*x_dot)[W], double a_dot[3] -> double
 * a_dot[3][W]); NULL where a struct or void is in the way. Without const:
 * C11 does not convert double (*)[W] to const double (*)[W]. */
static Type *rows_type(Type *t, int width) {
  if (ty_is_float(t)) return array_of(ty_unqual(t), width);
  if (t->kind != TY_PTR && t->kind != TY_ARRAY) return NULL;
  Type *b = rows_type(t->base, width);
  if (!b) return NULL;
  if (t->kind == TY_PTR) return ty_ptr(b);
  Type *a = array_of(b, t->len);
  a->vla = t->vla;  /* double (*X)[p]: the rows keep their length */
  return a;
}

static Stmt *widen_fn(Module *m, Fn *f, int width, bool rows, bool adjoint);

/* rows: the value of pointer v_dot, whose rows have W lanes more than a
 * cast in it says (m_dot = (double (*)[k])x_dot): through void *, which
 * converts to v_dot's own type. */
static Expr *rows_pointer(Vec *w, const Var *v, Expr *e) {
  if (!w->rows || !ptrmap_get(&w->wide, v) || !ty_is_ptr(v->type) || e->kind != EX_CAST || !ty_is_ptr(e->type))
    return e;
  while (e->kind == EX_CAST) e = e->lhs;
  return ex_cast(ty_ptr(ty_void()), e);
}

/* A use of a widened variable that stands for one lane's value (x_dot of
 * type T[W], or a parameter const T *): typed T, as the statements of the
 * scalar function have it, so that lane_e picks the lane. */
static Expr *one_lane(Var *v) {
  Expr *e = ex_var(v);
  if ((v->type->kind == TY_ARRAY || ty_is_ptr(v->type)) && v->type->base &&
      (ty_is_float(v->type->base) || v->type->base->kind == TY_RECORD))
    e->type = ty_unqual(v->type->base);
  return e;
}

/* Scalar jvp functions -> their vector variants (NULL while failed), shared
 * by every request of the module (callee jvp variants are shared too). */
typedef struct Memo {
  Fn *g;
  int width;
  bool rows, adjoint;
  Fn *v;        /* NULL: g cannot be widened this way */
} Memo;  /* in m->vector_memos */

static Memo *memo_of(Module *m, Fn *g, int width, bool rows, bool adjoint) {
  for (int i = 0; i < m->vector_memos.len; i++) {
    Memo *k = m->vector_memos.data[i];
    if (k->g == g && k->width == width && k->rows == rows && k->adjoint == adjoint) return k;
  }
  return NULL;
}

static bool is_shadow_of(const Fn *g, const Var *p) {
  for (int i = 0; i < g->shadows.len; i++)
    if (g->shadows.data[i] == p) return true;
  return false;
}

/* A generated jvp function (tangent.c): it made tangent variables. */
static Fn *jvp_callee(const Expr *call) {
  Fn *g = call->fn;
  return g && g->is_generated && (g->shadows.len || g->ret_shadow) ? g : NULL;
}

/* A copy of jvp function g with its own tangent variables (the primal ones
 * stay shared, as between g and the function it differentiates). */
static Fn *clone_jvp(Module *m, Fn *g, int width) {
  Fn *c = xmalloc(sizeof *c);
  *c = *g;
  c->name = tr_fresh_fn_name(m, xfmt("%s_w%d", g->name, width));
  c->is_static = true;
  c->names = (NameSet){0};
  nameset_inherit(&c->names, &g->names);
  PtrMap map = {0};
  c->shadows = (PtrVec){0};
  for (int i = 0; i < g->shadows.len; i++) {
    Var *d = g->shadows.data[i], *n = xmalloc(sizeof *n);
    *n = *d;
    ptrmap_put(&map, d, n);
    vec_push(&c->shadows, n);
  }
  if (g->ret_shadow) {
    Var *n = xmalloc(sizeof *n);
    *n = *g->ret_shadow;
    ptrmap_put(&map, g->ret_shadow, n);
    c->ret_shadow = n;
  }
  c->locals = (PtrVec){0};
  for (int i = 0; i < g->locals.len; i++) {
    Var *n = ptrmap_get(&map, g->locals.data[i]);
    vec_push(&c->locals, n ? n : g->locals.data[i]);
  }
  c->params = xmalloc(sizeof(Var *) * (size_t)(g->nparams ? g->nparams : 1));
  for (int i = 0; i < g->nparams; i++) {
    Var *n = ptrmap_get(&map, g->params[i]);
    c->params[i] = n ? n : g->params[i];
  }
  c->body = ir_clone_stmt(g->body, &map);
  return c;
}

/* The vector variant of jvp function g (made on first use), or NULL when g
 * cannot carry lanes. */
static Fn *vector_fn(Module *m, Fn *g, int width, bool rows, bool adjoint) {
  Memo *k = memo_of(m, g, width, rows, adjoint);
  if (k) return k->v;
  Fn *v = clone_jvp(m, g, width);
  k = xmalloc(sizeof *k);
  *k = (Memo){g, width, rows, adjoint, v};
  vec_push(&m->vector_memos, k);  /* before widening: recursive calls find it */
  if (!widen_fn(m, v, width, rows, adjoint)) {
    k->v = NULL;
    return NULL;
  }
  vec_push(&m->generated, v);
  return v;
}

static Stmt *lane_assign(Vec *w, Var *tmp, Expr *val, SrcLoc loc) {
  ptrmap_put(&w->wide, tmp, (void *)1);
  return per_lane(w, st_assign(one_lane(tmp), val, loc));
}

/* The same C type, qualifiers included (T ** and const T ** differ). */
static bool exact(const Type *a, const Type *b) {
  if (!ty_same(a, b) || a->is_const != b->is_const) return false;
  return !(a->kind == TY_PTR || a->kind == TY_ARRAY) || exact(a->base, b->base);
}

/* The lanes of one tangent argument, as g's vector variant takes them: an
 * array of W pointers for a pointer parameter, W values otherwise. */
static Expr *lanes_arg(Vec *w, Stmt *out, Expr *a, Var *p, SrcLoc loc) {
  bool ptr = ty_is_ptr(p->type) || p->type->kind == TY_ARRAY;
  if (ptr && w->rows) return ir_clone_expr(a, NULL);  /* rows: one pointer for every lane */
  Type *et = ptr ? ty_ptr(tr_writable(p->type->base)) : ty_unqual(p->type);
  if (a->kind == EX_VAR && (intptr_t)ptrmap_get(&w->wide, a->var) == 1) {
    /* already W of them, laid out as g's variant takes them */
    const Type *have = a->var->type->base;
    if (ptr ? exact(have, et) : ty_same(have, et)) return ex_var(a->var);
  }
  Var *tmp = fn_new_var(w->f, xfmt("%s_lanes", p->name), array_of(et, w->width), VAR_LOCAL, loc);
  st_append(out, st_decl(tmp, NULL, loc));
  Expr *val = ir_clone_expr(a, NULL);
  if (ptr && !ex_is_zero(val) && !exact(val->type, et)) val = ex_cast(et, val);
  put_lanes(out, lane_assign(w, tmp, val, loc));
  return ex_var(tmp);
}

/* y = g_jvp(x, x_dot, &y_dot)  =>  y = g_jvp_w8(x, x_dot_lanes, y_dot): one
 * call carries every lane, so g's primal runs once, as in the original. */
static bool vector_call(Vec *w, Stmt *out, Stmt *c, Expr *call, Fn *g) {
  Fn *vg = vector_fn(w->m, g, w->width, w->rows, w->adjoint);
  if (!vg) return false;
  Expr *nc = ir_clone_expr(call, NULL);
  nc->text = vg->name;
  nc->fn = vg;
  for (int i = 0; i < call->nargs; i++) {
    Expr *a = call->args[i];
    Var *p = i < g->nparams ? g->params[i] : NULL;
    if (p && p == g->ret_shadow && w->rows && ty_is_ptr(g->ret)) {
      nc->args[i] = ir_clone_expr(a, NULL);  /* &p_dot: the rows of every lane */
    } else if (p && p == g->ret_shadow) {
      /* &y_dot: W consecutive results */
      if (a->kind != EX_ADDR || a->lhs->kind != EX_VAR || (intptr_t)ptrmap_get(&w->wide, a->lhs->var) != 1 ||
          a->lhs->var->kind == VAR_PARAM)
        return false;
      nc->args[i] = ex_var(a->lhs->var);
    } else if (p && is_shadow_of(g, p)) {
      nc->args[i] = lanes_arg(w, out, a, p, c->loc);
    } else if (touches_e(w, a)) {
      return false;
    }
  }
  Stmt *n = ir_clone_stmt(c, NULL);
  if (n->kind == ST_ASSIGN) n->rhs = nc;
  else n->expr = nc;
  st_append(out, n);
  return true;
}

/* The primal function whose hand-written jvp 'call' calls, if any. */
static Fn *custom_of(Module *m, const Expr *call) {
  for (int i = 0; call->text && i < m->fns.len; i++) {
    Fn *g = m->fns.data[i];
    if (g->custom_jvp && str_eq(g->custom_jvp, call->text)) return g;
  }
  return NULL;
}

/* A hand-written jvp computes one direction: it runs once per lane, with
 * the result stored once after the lanes (y = rule(y, ...) reads y). Only
 * for rules that cannot write the caller's memory: run W times, an update
 * in place would happen W times. */
static bool custom_lanes(Vec *w, Stmt *out, Stmt *c, Expr *call, Fn *g) {
  for (int j = 0; j < g->nparams; j++) {
    Type *t = g->params[j]->type;
    if (ty_is_ptr(t) && (!t->base->is_const || (w->rows && act_custom_shadow(g->params[j]))))
      return false;  /* rows: the rule takes one direction's pointer */
  }
  if (c->kind != ST_ASSIGN) {
    put_lanes(out, per_lane(w, c));
    return true;
  }
  Var *r = fn_new_var(w->f, "rule_r", ty_unqual(call->type), VAR_LOCAL, c->loc);
  st_append(out, st_decl(r, NULL, c->loc));
  put_lanes(out, per_lane(w, st_assign(ex_var(r), call, c->loc)));
  st_append(out, st_assign(ir_clone_expr(c->lhs, NULL), ex_var(r), c->loc));
  return true;
}

/* ---- The tape of a reverse result's jvp (hessian, hvp) -----------------
 * Every value on the tape travels with its tangent (tangent.c marks those
 * calls moves_tangent). With lanes innermost a floating value's tangent is
 * W values: W pushes in lane order, W pops in the other; a block of n
 * values (ccad_reserve_d) gets n rows of W tangents, and a frame W times
 * the bytes; a pointer's tangent points to rows, one pointer for all
 * lanes. Byte blocks, checkpointed states and the redo log keep the
 * scalar sweep (lanes outermost too). */
static Walk marked(Expr *e, void *out) {
  if (e->kind == EX_CALL && e->moves_tangent) {
    *(Expr **)out = e;
    return WALK_STOP;
  }
  return WALK_ON;
}

static Expr *tangent_call(Stmt *c) {
  Expr *e = NULL;
  if (c->kind == ST_DECL || c->kind == ST_ASSIGN || c->kind == ST_EXPR || c->kind == ST_RETURN)
    st_each_expr(c, marked, &e);
  return e;
}

static Expr *times_width(Vec *w, Expr *n) {
  Expr *x = ex_bin(OP_MUL, ex_cast(n->type, ex_int(w->width)), n);
  x->type = n->type;
  return x;
}

/* W times the values of every marked block in e; release(n) - n, the
 * block's start, follows. */
static Expr *scale_blocks(Vec *w, Expr *e) {
  if (!e) return NULL;
  if (e->kind == EX_BIN && e->op == OP_SUB) {
    Expr *l = e->lhs;
    while (l->kind == EX_CAST) l = l->lhs;
    if (l->kind == EX_CALL && l->moves_tangent && rt_info[l->rt].kind == RK_RELEASE) e->rhs = times_width(w, e->rhs);
  }
  if (e->kind == EX_CALL && e->moves_tangent && e->nargs == 1 &&
      (rt_info[e->rt].kind == RK_RESERVE || rt_info[e->rt].kind == RK_RELEASE || rt_info[e->rt].kind == RK_FRAME_PUSH))
    e->args[0] = times_width(w, e->args[0]);
  e->lhs = scale_blocks(w, e->lhs);
  e->rhs = scale_blocks(w, e->rhs);
  e->cond = scale_blocks(w, e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = scale_blocks(w, e->args[i]);
  return e;
}

/* lanes W - 1 down to 0: the pops of what lane_loop pushed */
static Stmt *lane_loop_down(Vec *w, Stmt *body) {
  Stmt *f = lane_loop(w, body);
  f->init = st_assign(ex_var(w->lane), ex_int(w->width - 1), body->loc);
  f->cond = ex_bin(OP_GE, ex_var(w->lane), ex_int(0));
  f->step = st_assign(ex_var(w->lane), ex_bin(OP_SUB, ex_var(w->lane), ex_int(1)), body->loc);
  return f;
}

/* c moves a tangent (e) on or off the tape: its widened form, or NULL. */
static Stmt *tape_lanes(Vec *w, Stmt *c, Expr *e) {
  RtKind kind = rt_info[e->rt].kind;
  RtElem elem = rt_info[e->rt].elem;
  bool value = elem == RE_DOUBLE || elem == RE_FLOAT;
  if (!w->rows || (value && c->kind == ST_DECL)) return NULL;
  Stmt *x = ir_clone_stmt(c, NULL);
  if ((kind == RK_PUSH || kind == RK_POP) && value) {
    x->lhs = lane_e(w, x->lhs);
    x->rhs = lane_e(w, x->rhs);
    x->expr = lane_e(w, x->expr);
    return kind == RK_PUSH ? lane_loop(w, x) : lane_loop_down(w, x);
  }
  if (!((kind == RK_PUSH || kind == RK_POP) && elem == RE_PTR) && !(kind == RK_RESERVE || kind == RK_RELEASE) &&
      kind != RK_FRAME_PUSH)
    return NULL;
  /* whole: a pointer to rows, a block of rows */
  x->lhs = scale_blocks(w, x->lhs);
  x->rhs = scale_blocks(w, x->rhs);
  x->expr = scale_blocks(w, x->expr);
  if (x->kind == ST_EXPR) scale_bytes(w, x);  /* memcpy(ccad_reserve_d(n), .., bytes) */
  Var *to = x->kind == ST_ASSIGN && x->lhs->kind == EX_VAR ? x->lhs->var : x->kind == ST_DECL ? x->var : NULL;
  Expr **val = x->kind == ST_ASSIGN ? &x->rhs : x->kind == ST_DECL ? &x->expr : NULL;
  if (to && val && *val && ptrmap_get(&w->wide, to) && ty_is_ptr(to->type)) {
    /* double (*p_dot)[W] = (double (*)[W])ccad_pop_p() */
    Expr *v = *val;
    while (v->kind == EX_CAST) v = v->lhs;
    *val = ex_cast(ty_unqual(to->type), v);
  } else if (!to && val && *val && x->kind == ST_ASSIGN && ty_is_ptr(x->lhs->type) && ex_root_var(x->lhs) &&
             ptrmap_get(&w->wide, ex_root_var(x->lhs))) {
    /* an element of an array of pointers to rows, ps_dot[k] = (void *)
     * ccad_pop_p(): its expression has the scalar element's type; void *
     * converts to the row pointer */
    Expr *v = *val;
    while (v->kind == EX_CAST) v = v->lhs;
    *val = ex_cast(ty_ptr(ty_void()), v);
  }
  return x;
}

/* Does e call libccad_mpi? A message carries one direction's tangents
 * (ir/mpi.h): the sweep stays one direction at a time. */
static bool moves_messages(const Expr *e) {
  if (!e) return false;
  if (e->kind == EX_CALL && e->text && str_starts(e->text, "ccad_mpi_")) return true;
  for (int i = 0; i < e->nargs; i++)
    if (moves_messages(e->args[i])) return true;
  return false;
}

/* A copy of init for one lane (its wide variables indexed by the constant k). */
static Expr *lane_const(Expr *e, Var *lane, int k) {
  if (!e) return NULL;
  if (e->kind == EX_VAR && e->var == lane) return ex_int(k);
  e->lhs = lane_const(e->lhs, lane, k);
  e->rhs = lane_const(e->rhs, lane, k);
  e->cond = lane_const(e->cond, lane, k);
  for (int i = 0; i < e->nargs; i++) e->args[i] = lane_const(e->args[i], lane, k);
  return e;
}

static Expr *init_lanes(Vec *w, Expr *init, Type *t) {
  Expr *all = ex_new(EX_INIT, t, init->loc);
  all->nargs = w->width;
  all->args = xmalloc(sizeof(Expr *) * (size_t)w->width);
  for (int k = 0; k < w->width; k++)
    all->args[k] = lane_const(lane_e(w, ir_clone_expr(init, NULL)), w->lane, k);
  return all;
}

/* rows: T x_dot[N] = {e0, e1, ...} becomes T x_dot[N][W] = {0}, then
 * x_dot[k][lane] = ek_lane for each entry that is not 0 (a flat list). */
static bool init_rows(Vec *w, Stmt *out, Stmt *decl, Expr *init) {
  Type *t = decl->var->type;
  if (t->kind != TY_ARRAY || t->vla || !t->base || t->base->kind != TY_ARRAY || !ty_is_float(t->base->base))
    return false;
  for (int k = 0; k < init->nargs; k++)
    if (init->args[k]->kind == EX_INIT) return false;
  decl->expr = ex_new(EX_INIT, t, decl->loc);
  for (int k = 0; k < init->nargs; k++) {
    if (ex_is_zero(init->args[k])) continue;
    Expr *at = ex_index(ex_var(decl->var), ex_int(k));
    at->type = t->base->base;  /* one lane's value, as the scalar function has it */
    put_lanes(out, per_lane(w, st_assign(at, init->args[k], decl->loc)));
  }
  return true;
}

/* ---- Zeroing a local array's derivatives ------------------------------
 * The jvp zeroes the derivatives of a local array when it is declared
 * (double a[3]; double a_dot[3]; memset(a_dot, 0, ...)), so elements f
 * never writes have derivative 0. Each lane's copy costs a memset per call
 * in a vector sweep. It is not needed where every write of an element has
 * its derivative written too and f reads only elements it wrote (reading
 * an element never written reads an indeterminate value in the primal
 * too): a[k] read or assigned directly, or a passed to a callee's jvp
 * together with a_dot (which writes a derivative wherever it writes). Any
 * other use (a pointer kept, memcpy, a call without derivative, a rule)
 * keeps the zeroing. */
typedef struct Pair {
  const Var *a, *ad;
} Pair;

static Walk indexed_only(Expr *e, void *ctx) {
  const Var *a = ((Pair *)ctx)->a, *ad = ((Pair *)ctx)->ad;
  const Expr *base = e->kind == EX_INDEX ? ex_strip_implicit(e->lhs) : NULL;
  if (base && base->kind == EX_VAR && (base->var == a || base->var == ad))
    return ex_each(e->rhs, indexed_only, ctx) ? WALK_SKIP : WALK_STOP;
  if (e->kind == EX_VAR && (e->var == a || e->var == ad)) return WALK_STOP;
  if (e->kind == EX_CALL && jvp_callee(e) && (ex_mentions(e, a) || ex_mentions(e, ad)))
    return ex_mentions(e, ad) ? WALK_SKIP : WALK_STOP;  /* g_jvp(.., a + 1, a_dot + 1, ..) */
  return WALK_ON;
}

static bool uses_only_indexed(Stmt **body, int n, const Var *a, const Var *ad) {
  for (int i = 0; i < n; i++)
    if (!st_each_expr(body[i], indexed_only, &(Pair){a, ad})) return false;
  return true;
}

/* Mentions of ad, and stores into its elements (ad[k] = ...): equal counts
 * mean nothing reads the derivatives (their array's contribution is dead). */
typedef struct Mentions { const Var *ad; int all, stores; } Mentions;

static Walk mention_e(Expr *e, void *ctx) {
  Mentions *c = ctx;
  if (e->kind == EX_VAR && e->var == c->ad) c->all++;
  return WALK_ON;
}

static Walk store_s(Stmt *s, void *ctx) {
  Mentions *c = ctx;
  const Expr *l = s->kind == ST_ASSIGN ? s->lhs : NULL;
  while (l && l->kind == EX_INDEX) l = ex_strip_implicit(l->lhs);
  if (l && l != s->lhs && l->kind == EX_VAR && l->var == c->ad) c->stores++;
  return WALK_ON;
}

static bool never_read(Stmt **body, int n, const Var *ad) {
  Mentions c = {.ad = ad};
  for (int i = 0; i < n; i++) {
    st_each_expr(body[i], mention_e, &c);
    st_each(body[i], store_s, &c);
  }
  return c.all == c.stores;
}

/* old[i] declares ad, the derivatives of local array old[i - 1]; old[i + 1]
 * zeroes them: can the zeroing go? (Not where nothing reads them: the
 * zeroing is then the one use that keeps gcc from calling ad set but
 * unused, as in the scalar jvp.) */
static bool zeroing_redundant(Stmt **old, int n, int i) {
  if (i < 1 || i + 1 >= n || old[i - 1]->kind != ST_DECL || old[i - 1]->expr) return false;
  Var *a = old[i - 1]->var, *ad = old[i]->var;
  const Stmt *z = old[i + 1];
  if (a->type->kind != TY_ARRAY || !ty_is_float(a->type->base) || z->kind != ST_EXPR || z->expr->kind != EX_CALL ||
      !str_eq(z->expr->text, "memset") || z->expr->nargs != 3 || z->expr->args[0]->kind != EX_VAR ||
      z->expr->args[0]->var != ad)
    return false;
  return uses_only_indexed(old + i + 2, n - i - 2, a, ad) && !never_read(old + i + 2, n - i - 2, ad);
}

static void widen(Vec *w, Stmt *s) {
  if (!s) return;
  if (s->kind != ST_BLOCK) {
    widen(w, s->then);
    widen(w, s->els);
    widen(w, s->init);
    widen(w, s->step);
    return;
  }
  int n;
  Stmt **old = st_take_body(s, &n);
  for (int i = 0; i < n; i++) {
    Stmt *c = old[i];
    if (moves_messages(c->expr) || moves_messages(c->rhs)) w->failed = true;
    Expr *tc = tangent_call(c);
    if (tc) {
      Stmt *x = tape_lanes(w, c, tc);
      if (!x) w->failed = true;
      st_append(s, x ? x : c);
      continue;
    }
    if (c->kind == ST_DECL && ptrmap_get(&w->wide, c->var)) {
      /* T x_dot = e;  =>  T x_dot[W]; for (lane..) x_dot[lane] = e_lane; */
      Expr *init = c->expr;
      c->expr = NULL;
      st_append(s, c);
      if (init && ex_is_zero(init) && c->var->type->kind == TY_ARRAY && !c->var->type->vla) {
        c->expr = ex_new(EX_INIT, c->var->type, c->loc);  /* T x_dot[W] = {0} */
      } else if (init && init->kind == EX_INIT && w->rows) {
        if (!init_rows(w, s, c, init)) w->failed = true;  /* (nested lists: the lanes would be transposed) */
      } else if (init && init->kind == EX_INIT) {
        c->expr = init_lanes(w, init, c->var->type);  /* T x_dot[W] = {{..}, {..}, ...} */
      } else if (init) {
        put_lanes(s, per_lane(w, st_assign(one_lane(c->var), rows_pointer(w, c->var, init), c->loc)));
      } else if (zeroing_redundant(old, n, i)) {
        i++;  /* every element written before it is read */
      }
      continue;
    }
    bool mine = c->kind == ST_ASSIGN || c->kind == ST_EXPR || c->kind == ST_DECL;
    Expr *call = c->kind == ST_ASSIGN ? c->rhs : c->kind == ST_EXPR ? c->expr : NULL;
    if (call && call->kind == EX_CALL && (touches_e(w, call) || (w->adjoint && jvp_callee(call)))) {
      Fn *g = jvp_callee(call), *h = g ? NULL : custom_of(w->m, call);
      if (g || h) {
        if (!(g ? vector_call(w, s, c, call, g) : custom_lanes(w, s, c, call, h))) {
          w->failed = true;
          st_append(s, c);
        }
        continue;
      }
    }
    if (mine && (touches_e(w, c->lhs) || touches_e(w, c->rhs) || touches_e(w, c->expr))) {
      if (c->kind == ST_ASSIGN && c->lhs->kind == EX_VAR) c->rhs = rows_pointer(w, c->lhs->var, c->rhs);
      put_lanes(s, per_lane(w, c));
      continue;
    }
    if (c->kind == ST_RETURN && touches_e(w, c->expr)) w->failed = true;
    widen(w, c);
    st_append(s, c);
  }
}

/* Does s change x itself (not what it points to): assign it, or a member
 * of it when x is a value, or take such an address? */
static bool is_x(const Expr *lv, const Var *x, bool value) {
  if (value) return ex_root_var(lv) == x;
  return lv->kind == EX_VAR && lv->var == x;
}

typedef struct Change {
  const Var *x;
  bool value;
} Change;

static Walk addr_of(Expr *e, void *ctx) {
  Change *c = ctx;
  return e->kind == EX_ADDR && is_x(e->lhs, c->x, c->value) ? WALK_STOP : WALK_ON;
}

static Walk assigns_x(Stmt *s, void *ctx) {
  Change *c = ctx;
  return s->kind == ST_ASSIGN && is_x(s->lhs, c->x, c->value) ? WALK_STOP : WALK_ON;
}

static bool changes(const Stmt *s, const Var *x, bool value) {
  return !ir_walk(&(IrWalk){.st = assigns_x, .ex = addr_of, .ctx = &(Change){x, value}}, (Stmt *)s);
}

/* A tangent parameter the function changes (--x_dot for 1-based indexing,
 * a scalar parameter assigned) is the caller's array of W: the function
 * works on its own copy, x_dot[lane] = x_dot_in[lane]. */
static void own_copies(Vec *w, Stmt *pre) {
  Fn *f = w->f;
  for (int i = 0; i < f->nparams; i++) {
    Var *d = f->params[i];
    if ((intptr_t)ptrmap_get(&w->wide, d) != 1) continue;
    /* W values (const T *), not W pointers (T **) or rows (T (*)[W]) */
    bool value = d->type->base->is_const && !ty_is_ptr(d->type->base) && d->type->base->kind != TY_ARRAY;
    if ((w->rows && !value) || !changes(f->body, d, value)) continue;
    Var *in = fn_new_var(f, xfmt("%s_in", d->name), d->type, VAR_PARAM, d->loc);
    f->params[i] = in;
    d->kind = VAR_LOCAL;
    d->type = array_of(ty_unqual(d->type->base), w->width);
    vec_push(&f->locals, d);
    ptrmap_put(&w->wide, in, (void *)1);
    st_append(pre, st_decl(d, NULL, d->loc));
    put_lanes(pre, per_lane(w, st_assign(one_lane(d), one_lane(in), d->loc)));
  }
}

/* Widens jvp function f in place; NULL if it cannot (the body is then
 * half-widened: f must be a copy). */
/* A parallel loop of the widened function: its lane loops share the
 * function's 'lane' counter, which each thread needs its own of. */
/* The clauses kept as written, less those only simd takes. */
static const char *no_simd_clauses(const char *rest) {
  StrBuf b = {0};
  for (const char *p = rest; p && *p;) {
    while (*p == ' ') p++;
    const char *start = p;
    int depth = 0;
    for (; *p; p++) {
      if (*p == '(') depth++;
      if (*p == ')' && --depth == 0) {
        p++;
        break;
      }
    }
    if (p > start && strncmp(start, "safelen(", 8) && strncmp(start, "simdlen(", 8))
      sb_printf(&b, "%s%.*s", b.len ? " " : "", (int)(p - start), start);
  }
  return b.len ? sb_take(&b) : NULL;
}

static Walk lane_private(Stmt *s, void *ctx) {
  /* (a critical section takes no private clause) */
  if (!s->omp || str_starts(s->omp->dir, "critical") || str_eq(s->omp->dir, "atomic")) return WALK_ON;
  /* the lane loops inside a simd loop are what vectorises now; clang
   * cannot vectorise the simd loop around them and says so (a warning,
   * -Wpass-failed): simd goes */
  const char *dir = s->omp->dir;
  size_t len = strlen(dir);
  if (str_eq(dir, "simd")) {
    s->omp = NULL;
    return WALK_ON;
  }
  s->omp = omp_copy(s->omp);
  if (len > 5 && str_eq(dir + len - 5, " simd")) {
    s->omp->dir = xstrndup(dir, len - 5);
    s->omp->rest = no_simd_clauses(s->omp->rest);
  }
  vec_push(&s->omp->priv, ctx);
  return WALK_ON;
}

/* A reduction over an array section of widened rows (x_bar_dot[:n] of a
 * reverse sweep's tangent) is not one OpenMP has: the function's OpenMP
 * goes, all of it, so both sweeps of a parallel loop run in one thread. */
static Walk has_section(Stmt *s, void *ctx) {
  for (int i = 0; s->omp && i < s->omp->nred; i++)
    if (s->omp->red[i].len) *(bool *)ctx = true;
  return WALK_ON;
}

static Walk no_omp(Stmt *s, void *ctx) {
  (void)ctx;
  s->omp = NULL;
  s->omp_single = false;
  s->omp_atomic = false;
  return WALK_ON;
}

static Stmt *widen_fn(Module *m, Fn *f, int width, bool rows, bool adjoint) {
  Vec w = {.m = m, .f = f, .width = width, .rows = rows, .adjoint = adjoint};
  for (int i = 0; i < f->shadows.len; i++) {
    Var *d = f->shadows.data[i];
    bool ptr = ty_is_ptr(d->type) || d->type->kind == TY_ARRAY;
    if (rows && !ptr && !ty_is_float(d->type)) return NULL;  /* a struct: lanes outermost */
    if (rows && (ptr || d->kind != VAR_PARAM)) {
      Type *t = rows_type(d->kind == VAR_PARAM && d->type->kind == TY_ARRAY ? ty_ptr(d->type->base) : d->type, width);
      if (!t) return NULL;  /* a struct: lanes outermost */
      d->type = t;
    } else if (d->kind == VAR_PARAM) {
      if (ptr) {
        Type *pt = d->type->kind == TY_ARRAY ? ty_ptr(d->type->base) : d->type;
        d->type = ty_ptr(tr_writable(pt));  /* an array of W shadow pointers */
      } else {
        Type *c = xmalloc(sizeof *c);
        *c = *ty_unqual(d->type);
        c->is_const = true;
        d->type = ty_ptr(c);  /* W tangents */
      }
    } else {
      d->type = array_of(d->type, width);
    }
    ptrmap_put(&w.wide, d, (void *)1);
  }
  if (f->ret_shadow && rows && ty_is_ptr(f->ret)) {
    /* a returned pointer's derivative: T (**ret_dot)[W], one for every lane */
    Type *t = rows_type(f->ret_shadow->type, width);
    if (!t) return NULL;
    f->ret_shadow->type = t;
    ptrmap_put(&w.wide, f->ret_shadow, (void *)1);
  } else if (f->ret_shadow) {
    ptrmap_put(&w.wide, f->ret_shadow, (void *)2);  /* W results (W pointers) */
  }
  if (rows && vector_views_other_elements(f, &w.wide)) return NULL;  /* lanes outermost (vector_views.c) */
  w.lane = fn_new_var(f, "lane", ty_int(), VAR_LOCAL, f->loc);
  Stmt *pre = st_block(f->loc);
  st_append(pre, st_decl(w.lane, NULL, f->loc));
  own_copies(&w, pre);
  widen(&w, f->body);
  if (w.failed) return NULL;
  if (rows && !adjoint) vec_drop_covered_zeroing(&w, f);
  bool section = false;
  st_each(f->body, has_section, &section);
  st_each(f->body, section ? no_omp : lane_private, w.lane);
  Stmt *b = st_block(f->loc);
  for (int i = w.looped ? 0 : 1; i < pre->nbody; i++) st_append(b, pre->body[i]);  /* no lane loop: no lane */
  for (int i = 0; i < f->body->nbody; i++) st_append(b, f->body->body[i]);
  f->body = b;
  return b;
}

/* The vector variant of jvp function f (a copy: f stays as it is), W
 * directions per sweep, its callees vector too; NULL if it cannot be made. */
Fn *vectorize_tangent(Module *m, Fn *f, int width, bool *rows) {
  Fn *v = vector_fn(m, f, width, true, false);
  *rows = v != NULL;
  return v ? v : vector_fn(m, f, width, false, false);
}

/* vector_rev.c's: a split function's sweep, lanes innermost */
Fn *vectorize_adjoint_fn(Module *m, Fn *f, int width) { return vector_fn(m, f, width, true, true); }
