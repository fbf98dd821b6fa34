/*
 * ir_inline.c — S1 -> S1: one-statement pointer accessors are inlined at
 * their calls.
 *
 * Numerical C reaches into arrays through small accessors:
 *
 *   static double *row(double *A, int i, int m) { return A + i * m; }
 *   static double *pos(Particle *p) { return &p->x; }
 *
 * A pointer returned by a call would need its derivative pointer from the
 * callee (the derivative of A + i * m is A_dot + i * m), which the
 * derivative variants of a function do not return. An accessor whose body
 * is one `return` of a pure expression over its parameters (pointer
 * arithmetic, &a[i], &p->f, v.data + i, a ?: choosing between pointers;
 * no call) is the same as that expression evaluated at the call, so each
 * `r = row(x, i, m)` becomes `r = x + i * m` before analysis and every
 * mode differentiates plain pointer code. Arguments are pure in S1 (calls
 * are statements), so substituting one for each use of its parameter
 * keeps the meaning; conversions to the parameter types stay as casts.
 *
 * Struct constructors likewise: a helper that returns a struct holding
 * pointers to floating data (a view, a span) built from its parameters
 * alone,
 *
 *   static Span span_of(double *a, size_t off, size_t n) { Span s = {a + off, n}; return s; }
 *
 * (a compound literal returned, or the fields stored one by one, are the
 * same in S1): where the returned pointers point would have to come back
 * from the callee with their derivatives, while the fields' expressions
 * evaluated at the call are the same struct, so `Span v = span_of(x, 0, m)`
 * becomes `Span v = {x + 0, m}`. A field may also be stored the result of a
 * call with such arguments (`m.d = calloc((size_t)r * c, sizeof(double));`,
 * a matrix type's mat_new, or an allocator of the file, xmalloc(n)): then
 * the constructor's stores are made at the call site, after the
 * declaration, in its order, so `Mat a = mat_new(n, 1)` becomes `Mat a =
 * {0, 0, 0}; a.r = n; a.c = 1; a.d = calloc(..)` and the derivative
 * allocates the shadow as for any local buffer. Every other call of a function of the
 * file returning such a struct is refused here (D_STRUCT_RETURN_PTR).
 *
 * Requires: S1.
 * Provides: S1 with calls of one-statement pointer accessors and of struct
 *   constructors replaced by their expressions.
 */
#include <string.h>

#include "ir.h"

/* e is pure: parameters, globals, constants, operators, loads, no call
 * (S1 keeps calls of the file's functions out of expressions; math.h
 * calls are rejected here too, to keep the inlined text small). */
static bool pure(const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    if (e->var->kind == VAR_LOCAL) return false;
    for (const Type *t = e->var->type; t; t = t->base)
      if (t->vla) return false;  /* a length naming g's parameters */
    return true;
  case EX_CAST:
  case EX_UN:
  case EX_ADDR:
  case EX_DEREF:
  case EX_MEMBER: return pure(e->lhs);
  case EX_BIN:
  case EX_INDEX: return pure(e->lhs) && pure(e->rhs);
  case EX_COND: return pure(e->cond) && pure(e->lhs) && pure(e->rhs);
  default: return false;
  }
}

/* The expression g returns, if g is a pointer accessor. */
static const Expr *helper_result(const Fn *g) {
  if (!g || !g->is_lowered || !g->body || g->is_variadic || g->ret->kind != TY_PTR || g->body->nbody != 1) return NULL;
  const Stmt *r = g->body->body[0];
  if (r->kind != ST_RETURN || !r->expr || !pure(r->expr)) return NULL;
  return r->expr;
}

/* e with g's parameters replaced by the call's arguments. */
static Expr *substitute(const Fn *g, const Expr *e, Expr **args) {
  if (!e) return NULL;
  if (e->kind == EX_VAR) {
    for (int i = 0; i < g->nparams; i++)
      if (g->params[i] == e->var) {
        Expr *a = ir_clone_expr(args[i], NULL);
        return ty_same(a->type, e->type) ? a : ex_cast(e->type, a);
      }
  }
  Expr *c = ir_clone_expr(e, NULL);
  c->lhs = substitute(g, e->lhs, args);
  c->rhs = substitute(g, e->rhs, args);
  c->cond = substitute(g, e->cond, args);
  for (int i = 0; i < e->nargs; i++) c->args[i] = substitute(g, e->args[i], args);
  return c;
}

/* rhs, if it is a call of a pointer accessor: the inlined expression. */
static Expr *inlined(Expr *rhs) {
  if (!rhs) return NULL;
  Expr *c = (Expr *)ex_strip_implicit(rhs);
  const Expr *res = c->kind == EX_CALL ? helper_result(c->fn) : NULL;
  if (!res || c->nargs != c->fn->nparams) return NULL;
  Expr *e = substitute(c->fn, res, c->args);
  if (!ty_same(e->type, c->fn->ret)) e = ex_cast(c->fn->ret, e);
  if (c != rhs) {  /* the conversion at the call stays */
    e = ex_cast(rhs->type, e);
    e->is_implicit = true;
  }
  return e;
}

/* ---- Struct constructors ---------------------------------------------- */

static int field_index(const Record *r, const char *name) {
  for (int i = 0; i < r->nfields; i++)
    if (str_eq(r->fields[i].name, name)) return i;
  return -1;
}

/* e is a call with pure arguments: a field's value the constructor gets
 * from a call (m.d = calloc((size_t)r * c, sizeof(double)), an allocator
 * of the file, xmalloc(n)), made at the call site in its place. */
static bool call_value(const Expr *e) {
  if (!e || e->kind != EX_CALL || e->rt || e->type->kind == TY_RECORD) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!pure(e->args[i])) return false;
  return true;
}

/* g's fields' values, if g is a struct constructor: T s [= {e, ..}];
 * s.f = e; ...; return s; with every field a scalar or a pointer, every e
 * pure over g's parameters or a call with such arguments (NULL: a field
 * left unset). */
static const Expr **constructor(const Fn *g) {
  if (!g || !g->is_lowered || !g->body || g->is_variadic || g->ret->kind != TY_RECORD || !g->ret->rec ||
      g->ret->rec->is_union || g->body->nbody < 2)
    return NULL;
  const Record *r = g->ret->rec;
  for (int i = 0; i < r->nfields; i++) {
    const Type *t = r->fields[i].type;
    if ((t->kind != TY_PTR && !ty_is_arith(t)) || ty_is_complex(t) || r->fields[i].is_bitfield) return NULL;
  }
  const Stmt *d = g->body->body[0], *ret = g->body->body[g->body->nbody - 1];
  if (d->kind != ST_DECL || d->var->kind != VAR_LOCAL || !ty_same(d->var->type, g->ret) || ret->kind != ST_RETURN ||
      !ret->expr || ret->expr->kind != EX_VAR || ret->expr->var != d->var)
    return NULL;
  const Expr **val = xmalloc(sizeof(Expr *) * (size_t)(r->nfields + 1));
  memset(val, 0, sizeof(Expr *) * (size_t)(r->nfields + 1));
  if (d->expr) {
    if (d->expr->kind != EX_INIT || d->expr->nargs > r->nfields) return NULL;
    for (int i = 0; i < d->expr->nargs; i++) {
      if (!pure(d->expr->args[i])) return NULL;
      val[i] = d->expr->args[i];
    }
  }
  for (int k = 1; k + 1 < g->body->nbody; k++) {
    const Stmt *a = g->body->body[k];
    const Expr *lv = a->kind == ST_ASSIGN ? a->lhs : NULL;
    if (!lv || lv->kind != EX_MEMBER || lv->is_arrow || lv->lhs->kind != EX_VAR || lv->lhs->var != d->var ||
        !(pure(a->rhs) || call_value(a->rhs)))
      return NULL;
    int i = field_index(r, lv->text);
    if (i < 0) return NULL;
    val[i] = a->rhs;
  }
  return val;
}

/* g (a constructor) makes a call: its stores are then made at the call
 * site one by one, in its order. */
static bool ctor_calls(const Fn *g) {
  for (int k = 1; k + 1 < g->body->nbody; k++)
    if (call_value(g->body->body[k]->rhs)) return true;
  return false;
}

/* e over g's parameters at the call c, converted to t (a call's pointer
 * stays as it is: an allocation is stored uncast, as the front end stores
 * one). */
static Expr *value_at(const Expr *c, const Expr *e, Type *t) {
  Expr *v = substitute(c->fn, e, c->args);
  if (ty_same(v->type, t) || (e->kind == EX_CALL && ty_is_ptr(t) && ty_is_ptr(v->type))) return v;
  return ex_cast(t, v);
}

/* Field i's value at the call c: the constructor's expression over the
 * call's arguments, 0 where it leaves the field unset. */
static Expr *field_value(const Expr *c, const Expr **val, int i) {
  Type *t = c->fn->ret->rec->fields[i].type;
  return val[i] ? value_at(c, val[i], t) : ex_cast(t, ex_int(0));
}

static const Expr *ctor_call(const Expr *e, const Expr ***val) {
  if (!e || e->kind != EX_CALL || !e->fn || e->nargs != e->fn->nparams) return NULL;
  return (*val = constructor(e->fn)) ? e : NULL;
}

/* The values a calling constructor's declaration gives (T s = {..}), the
 * other fields 0: what v's declaration starts from. */
static Expr *ctor_init(const Expr *c, Type *t) {
  const Record *r = c->fn->ret->rec;
  const Stmt *d = c->fn->body->body[0];
  Expr *init = ex_new(EX_INIT, t, c->loc);
  init->nargs = r->nfields;
  init->args = xmalloc(sizeof(Expr *) * (size_t)(r->nfields + 1));
  for (int i = 0; i < r->nfields; i++)
    init->args[i] = d->expr && i < d->expr->nargs ? value_at(c, d->expr->args[i], r->fields[i].type)
                                                  : ex_cast(r->fields[i].type, ex_int(0));
  return init;
}

/* The constructor's stores, in its order, into dst's fields: appended to into. */
static void ctor_stores(const Expr *dst, const Expr *c, Stmt *into, SrcLoc loc) {
  const Fn *g = c->fn;
  for (int k = 1; k + 1 < g->body->nbody; k++) {
    const Stmt *a = g->body->body[k];
    Expr *f = ex_new(EX_MEMBER, a->lhs->type, loc);
    f->lhs = ir_clone_expr(dst, NULL);
    f->text = a->lhs->text;
    st_append(into, st_assign(f, value_at(c, a->rhs, a->lhs->type), loc));
  }
}

static Stmt *field_store(const Expr *dst, const Expr *c, const Expr **val, int i, SrcLoc loc) {
  const Record *r = c->fn->ret->rec;
  Expr *f = ex_new(EX_MEMBER, r->fields[i].type, loc);
  f->lhs = ir_clone_expr(dst, NULL);
  f->text = r->fields[i].name;
  return st_assign(f, field_value(c, val, i), loc);
}

/* In block b, each T v = ctor(args) whose constructor makes calls: v's
 * declaration takes the constructor's own initializer, and its stores
 * follow it in its order (a declaration's initializer holds no call in
 * S1). */
static void inline_ctor_blocks(Stmt *b) {
  for (int k = 0; k < b->nbody; k++) {
    Stmt *s = b->body[k];
    const Expr **val;
    const Expr *c = s->kind == ST_DECL ? ctor_call(s->expr, &val) : NULL;
    if (!c || !ctor_calls(c->fn)) continue;
    Stmt *t = st_block(s->loc);
    for (int j = 0; j <= k; j++) st_append(t, b->body[j]);
    ctor_stores(ex_var(s->var), c, t, s->loc);
    int added = t->nbody - (k + 1);
    for (int j = k + 1; j < b->nbody; j++) st_append(t, b->body[j]);
    s->expr = ctor_init(c, s->var->type);
    b->body = t->body;
    b->nbody = t->nbody;
    b->capbody = t->capbody;
    k += added;
  }
}

/* e mentions x other than as x->g or x.g for a field g other than f. */
static bool mentions_but_field(const Expr *e, const Var *x, const char *f) {
  if (!e) return false;
  if (e->kind == EX_MEMBER && e->lhs && e->lhs->kind == EX_VAR && e->lhs->var == x) return !f || str_eq(e->text, f);
  if (e->kind == EX_VAR) return e->var == x;
  if (mentions_but_field(e->lhs, x, f) || mentions_but_field(e->rhs, x, f) || mentions_but_field(e->cond, x, f))
    return true;
  for (int i = 0; i < e->nargs; i++)
    if (mentions_but_field(e->args[i], x, f)) return true;
  return false;
}

/* e is arithmetic over variables and constants: no load, no call. */
static bool scalar_arith(const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_VAR: return true;
  case EX_CAST:
  case EX_UN: return scalar_arith(e->lhs);
  case EX_BIN: return scalar_arith(e->lhs) && scalar_arith(e->rhs);
  default: return false;
  }
}

/* dst = ctor(args) may become stores into dst's fields: dst is a variable,
 * or field accesses, subscripts by plain arithmetic and dereferences over
 * one (v.F, p->F, a[i].F), and the arguments read none of what the stores
 * change (dst's variable, except through another field of a one-level
 * v->G or v.G). */
static bool target_apart(const Expr *dst, const Expr *c) {
  if (dst->kind == EX_VAR) return !ex_mentions(c, dst->var);
  if (dst->kind != EX_MEMBER) return false;
  const Expr *b = dst;
  while (b->kind != EX_VAR) {
    if (b->kind == EX_INDEX && !scalar_arith(b->rhs)) return false;
    if (b->kind != EX_MEMBER && b->kind != EX_INDEX && b->kind != EX_DEREF) return false;
    b = b->lhs;
  }
  const char *f = dst->lhs->kind == EX_VAR ? dst->text : NULL;
  for (int i = 0; i < c->nargs; i++)
    if (mentions_but_field(c->args[i], b->var, f)) return false;
  return true;
}

/* T v = ctor(args) -> T v = {values}; v = ctor(args) -> v.f = value, ...
 * (only where no argument reads v, which the stores change) */
static void inline_ctor(Stmt *s) {
  const Expr **val;
  const Expr *c = ctor_call(s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL, &val);
  if (!c) return;
  const Record *r = c->fn->ret->rec;
  bool calls = ctor_calls(c->fn);
  if (s->kind == ST_DECL) {
    if (calls) return;  /* not in a block (a for's init): refused below */
    Expr *init = ex_new(EX_INIT, s->var->type, c->loc);
    init->nargs = r->nfields;
    init->args = xmalloc(sizeof(Expr *) * (size_t)(r->nfields + 1));
    for (int i = 0; i < r->nfields; i++) init->args[i] = field_value(c, val, i);
    s->expr = init;
    return;
  }
  if (!target_apart(s->lhs, c)) return;
  Stmt *b = st_block(s->loc);
  if (calls) {  /* the declaration's values, then the stores in order */
    Expr *init = ctor_init(c, c->fn->ret);
    for (int i = 0; i < r->nfields; i++) {
      Expr *f = ex_new(EX_MEMBER, r->fields[i].type, s->loc);
      f->lhs = ir_clone_expr(s->lhs, NULL);
      f->text = r->fields[i].name;
      st_append(b, st_assign(f, init->args[i], s->loc));
    }
    ctor_stores(s->lhs, c, b, s->loc);
  } else {
    for (int i = 0; i < r->nfields; i++)
      if (val[i]) st_append(b, field_store(s->lhs, c, val, i, s->loc));
  }
  *s = *b;
}

static Walk inline_stmt(Stmt *s, void *unused) {
  (void)unused;
  Expr *e;
  if (s->kind == ST_BLOCK) inline_ctor_blocks(s);
  if (s->kind == ST_ASSIGN && (e = inlined(s->rhs))) s->rhs = e;
  if ((s->kind == ST_DECL || s->kind == ST_RETURN) && (e = inlined(s->expr))) s->expr = e;
  inline_ctor(s);
  return WALK_ON;
}

/* A call left that returns a struct holding pointers to floating data. */
static Walk refuse_e(Expr *e, void *unused) {
  (void)unused;
  if (e->kind == EX_CALL && e->fn && e->fn->is_defined && e->type->kind == TY_RECORD && ty_float_pointer_in(e->type))
    diag_at(e->loc, D_STRUCT_RETURN_PTR, e->fn->name, e->fn->name);
  return WALK_ON;
}

/* Is there a function whose calls either pass could touch: a pointer accessor or
 * a constructor (lowered), a struct-valued function (defined)? Else no walk. */
static bool any_candidate(const Module *m) {
  for (int i = 0; i < m->fns.len; i++) {
    const Fn *f = m->fns.data[i];
    if (f->ret && (f->ret->kind == TY_PTR || f->ret->kind == TY_RECORD) && (f->is_lowered || f->is_defined)) return true;
  }
  return false;
}

void ir_inline_address_helpers(Module *m) {
  if (!any_candidate(m)) return;
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (f->is_lowered) st_each(f->body, inline_stmt, NULL);
  }
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (f->is_lowered) st_each_expr(f->body, refuse_e, NULL);
  }
}
