/*
 * jacobian_layout.c — the matrix's layout for jacfwd, jacrev, hessian and
 * hvp: each wrt/out item is a block of consecutive entries (offset, count,
 * over f's parameters), a struct counting as its floating fields, a
 * complex number as its real and imaginary parts.
 *
 * Requires: a request whose wrt/out items are resolved (param, size_expr).
 * Provides: jac_blocks; the static get/set functions of each struct type
 * flattened (added to m->generated once per type).
 */
#include <string.h>

#include "jacobian_int.h"

/* ---- Structs: floating fields flattened in declaration order ------------
 * A struct input or output contributes its floating fields (nested structs
 * and arrays of them included, array fields element by element) in
 * declaration order, element after element for an array of structs. Two
 * static functions per struct type read and write entry l of one struct:
 *   static double ccad_flat_get_P(const P *s, long l);
 *   static void ccad_flat_set_P(P *s, long l, double v);                */

typedef struct Leaf { Expr *path; long count; Type *t; } Leaf;

static const char THROUGH_POINTER[] = "leads to floating data through a pointer";

static Expr *member(Expr *lhs, const char *name, Type *t) {
  Expr *e = ex_new(EX_MEMBER, t, NOLOC);
  e->lhs = lhs;
  e->text = name;
  e->is_arrow = ty_is_ptr(lhs->type);
  return e;
}

/* The floating leaves of t at path (s, s->a, s->a[2]); false with *bad
 * set (the field, then why) for what cannot be flattened: pointers to
 * floating data, unions holding floating data, arrays without a fixed
 * length. */
static bool leaves(Type *t, Expr *path, PtrVec *out, const char **bad, const char *field) {
  /* a complex field, or an array of them: its real words, ((double *)&s->z)[l] */
  Type *c = ty_is_complex(t) ? t : t->kind == TY_ARRAY && ty_is_complex(t->base) && t->len >= 0 && !t->vla ? t->base : NULL;
  if (c) {
    Leaf *l = xmalloc(sizeof *l);
    Expr *words = ex_cast(ty_ptr(c->base), c == t ? ex_addr(path) : path);
    *l = (Leaf){words, c == t ? 2 : 2 * t->len, c->base};
    vec_push(out, l);
    return true;
  }
  if (ty_is_float(t)) {
    Leaf *l = xmalloc(sizeof *l);
    *l = (Leaf){path, 1, t};
    vec_push(out, l);
    return true;
  }
  if (t->kind == TY_ARRAY) {
    if (!ty_has_float(t)) return true;
    if (t->len < 0 || t->vla) {
      bad[0] = field;
      bad[1] = "has no fixed length";
      return false;
    }
    if (ty_is_float(t->base)) {
      Leaf *l = xmalloc(sizeof *l);
      *l = (Leaf){path, t->len, t->base};
      vec_push(out, l);
      return true;
    }
    for (long i = 0; i < t->len; i++)
      if (!leaves(t->base, ex_index(ir_clone_expr(path, NULL), ex_int(i)), out, bad, field)) return false;
    return true;
  }
  if (t->kind == TY_RECORD && t->rec) {
    if (t->rec->is_union && ty_has_float(t)) {
      bad[0] = field;
      bad[1] = "is a union holding floating data";
      return false;
    }
    for (int i = 0; i < t->rec->nfields; i++) {
      Field *fl = &t->rec->fields[i];
      const char *name = fl->name && *fl->name ? fl->name : NULL;  /* anonymous member: its fields */
      Expr *sub_path = ir_clone_expr(path, NULL);
      if (name) sub_path = member(sub_path, name, fl->type);
      if (!leaves(fl->type, sub_path, out, bad, name ? name : field)) return false;
    }
    return true;
  }
  if (ty_is_ptr(t) && ty_reaches_float(t)) {
    bad[0] = field;
    bad[1] = THROUGH_POINTER;
    return false;
  }
  return true;  /* integers, other pointers: no entries */
}

/* static RET NAME(S *s, long l[, double v]); its body is filled by the caller */
static Fn *flat_fn(Module *m, const char *name, Type *ret, Type *s, bool set) {
  Fn *d = xmalloc(sizeof *d);
  d->name = tr_fresh_fn_name(m, name);
  d->ret = ret;
  d->is_static = true;
  d->is_defined = d->is_lowered = d->is_generated = true;
  d->nparams = set ? 3 : 2;
  d->params = xmalloc(sizeof(Var *) * 3);
  d->params[0] = fn_new_var(d, "s", ty_ptr(s), VAR_PARAM, NOLOC);
  d->params[1] = fn_new_var(d, "l", ty_long(), VAR_PARAM, NOLOC);
  if (set) d->params[2] = fn_new_var(d, "v", ty_double(), VAR_PARAM, NOLOC);
  d->body = st_block(NOLOC);
  vec_push(&m->generated, d);
  return d;
}

/* An array field's element k through a pointer, *(&s->v[0] + k): indexed
 * as s->v[k], gcc -O2 inlines the loop over l and reports the elements
 * past the array it proves another branch takes (-Waggressive-loop-
 * optimizations, "iteration 3 invokes undefined behavior"). */
static Expr *element(Expr *path, Expr *k) {
  Expr *first = ex_addr(ex_index(path, ex_int(0)));
  Expr *at = ex_bin(OP_ADD, first, k);
  at->type = first->type;
  return ex_deref(at);
}

/* get: if (l == 0) return s->a; if (l < 4) return *(&s->v[0] + (l - 1)); return s->b;
 * set: if (l == 0) s->a = v; if (l >= 1 && l < 4) *(&s->v[0] + (l - 1)) = v; ...   */
static void flat_bodies(Fn *get, Fn *set, Type *t) {
  PtrVec gl = {0}, sl = {0};
  const char *bad[2];
  leaves(t, ex_var(get->params[0]), &gl, bad, NULL);
  leaves(t, ex_var(set->params[0]), &sl, bad, NULL);
  Var *gi = get->params[1], *si = set->params[1], *v = set->params[2];
  long at = 0;
  for (int i = 0; i < gl.len; i++) {
    Leaf *g = gl.data[i], *s = sl.data[i];
    bool last = i == gl.len - 1;
    Expr *val = s->t->kind == TY_FLOAT ? ex_cast(ty_float(), ex_var(v)) : ex_var(v);
    if (g->count == 1) {
      Stmt *ret = st_new(ST_RETURN, NOLOC);
      ret->expr = g->path;
      st_append(get->body, last ? ret : if_then(ex_bin(OP_EQ, ex_var(gi), ex_int(at)), ret));
      st_append(set->body, if_then(ex_bin(OP_EQ, ex_var(si), ex_int(at)), st_assign(s->path, val, NOLOC)));
    } else {
      Stmt *ret = st_new(ST_RETURN, NOLOC);
      ret->expr = element(g->path, sub(ex_var(gi), ex_int(at)));
      st_append(get->body, last ? ret : if_then(ex_bin(OP_LT, ex_var(gi), ex_int(at + g->count)), ret));
      Expr *in = ex_bin(OP_LT, ex_var(si), ex_int(at + g->count));
      if (at) in = ex_bin(OP_LAND, ex_bin(OP_GE, ex_var(si), ex_int(at)), in);
      st_append(set->body, if_then(in, st_assign(element(s->path, sub(ex_var(si), ex_int(at))), val, NOLOC)));
    }
    at += g->count;
  }
}

/* The get (or set) function an earlier request made for t, if any. */
static Fn *made_before(Module *m, Type *t, bool set) {
  const char *kind = set ? "ccad_flat_set_" : "ccad_flat_get_";
  for (int i = 0; i < m->generated.len; i++) {
    Fn *g = m->generated.data[i];
    if (g->nparams == (set ? 3 : 2) && str_starts(g->name, kind) && ty_same(g->params[0]->type->base, t)) return g;
  }
  return NULL;
}

/* A complex number is its real and imaginary parts, entries 0 and 1 (C11
 * 6.2.5: the representation of an array of two reals):
 *   static double ccad_flat_get_cd(const double complex *s, long l) { return ((const double *)s)[l]; }
 *   static void ccad_flat_set_cd(double complex *s, long l, double v) { ((double *)s)[l] = v; } */
static void flatten_complex(Module *m, Block *b, Type *t) {
  b->k = 2;
  b->scalar = t->base;
  b->get = made_before(m, t, false);
  b->set = made_before(m, t, true);
  if (b->get && b->set) return;
  const char *tag = t->base->kind == TY_FLOAT ? "cf" : "cd";
  b->get = flat_fn(m, xfmt("ccad_flat_get_%s", tag), ty_double(), const_of(t), false);
  b->set = flat_fn(m, xfmt("ccad_flat_set_%s", tag), ty_void(), ty_unqual(t), true);
  Type *cr = xmalloc(sizeof *cr);
  *cr = *t->base;
  cr->is_const = true;
  Stmt *ret = st_new(ST_RETURN, NOLOC);
  ret->expr = ex_index(ex_cast(ty_ptr(cr), ex_var(b->get->params[0])), ex_var(b->get->params[1]));
  st_append(b->get->body, ret);
  Expr *v = ex_var(b->set->params[2]);
  if (t->base->kind == TY_FLOAT) v = ex_cast(ty_float(), v);
  Expr *part = ex_index(ex_cast(ty_ptr(t->base), ex_var(b->set->params[0])), ex_var(b->set->params[1]));
  st_append(b->set->body, st_assign(part, v, NOLOC));
}

/* Fills b's struct fields for struct type t; false after an error. */
static bool flatten(Module *m, Request *r, SrcLoc loc, Block *b, Type *t, const char *what) {
  PtrVec ls = {0};
  const char *bad[2] = {NULL, NULL};
  Var probe = {.name = "s", .type = ty_ptr(t)};
  if (!leaves(t, ex_var(&probe), &ls, bad, NULL)) {
    if (r->dir == DIR_HVP && bad[1] == THROUGH_POINTER) {  /* no matrix: no entries */
      b->deep = true;
      return true;
    }
    diag_at(loc, D_JAC_STRUCT_POINTER, r->gen_name, b->p ? b->p->name : "return", bad[0] ? bad[0] : "?", bad[1]);
    return false;
  }
  long k = 0;
  bool dbl = false;
  for (int i = 0; i < ls.len; i++) {
    Leaf *l = ls.data[i];
    k += l->count;
    dbl |= l->t->kind == TY_DOUBLE;
  }
  if (!k) {
    diag_at(loc, D_JAC_STRUCT_NO_FLOAT, r->gen_name, b->p ? b->p->name : "return", what);
    return false;
  }
  const char *tag = t->rec->tdname ? t->rec->tdname : t->rec->tag ? t->rec->tag : "struct";
  b->k = (int)k;
  b->scalar = dbl ? ty_double() : ty_float();
  b->get = made_before(m, t, false);
  b->set = made_before(m, t, true);
  if (b->get && b->set) return true;
  b->get = flat_fn(m, xfmt("ccad_flat_get_%s", tag), ty_double(), const_of(t), false);
  b->set = flat_fn(m, xfmt("ccad_flat_set_%s", tag), ty_void(), ty_unqual(t), true);
  flat_bodies(b->get, b->set, t);
  return true;
}

/* Blocks for a list of request items; false (after an error) on a pointer
 * without a size. */
bool jac_blocks(Module *m, Request *r, ReqItem *items, int n, Block *out, const char *what) {
  Fn *f = r->fn;
  Expr *at = ex_int(0);
  for (int i = 0; i < n; i++) {
    ReqItem *it = &items[i];
    Block *b = &out[i];
    memset(b, 0, sizeof *b);
    b->param = it->param;
    b->off = at;
    if (it->param < 0) {  /* return */
      b->elem = ty_unqual(f->ret);
      b->n = ex_int(1);
    } else {
      b->p = f->params[it->param];
      if (ty_is_ptr(b->p->type)) {
        if (!it->size_expr) {
          if (r->nested) {  /* (the outer clauses are the inner request's: name x, not x_bar) */
            const char *base = tr_primal_name(it->name);
            diag_at(it->loc, D_JAC_NEEDS_SIZE_NESTED, r->gen_name, it->name, base, base, base);
          } else {
            diag_at(it->loc, D_JAC_NEEDS_SIZE, r->gen_name, it->name, what, it->name);
          }
          return false;
        }
        b->size = it->size_expr;
        b->n = to(ty_long(), ir_clone_expr(it->size_expr, NULL));
        /* rows of a matrix parameter (double (*M)[p], wrt(M[n][p])) are
         * flattened: n * p scalars */
        Type *e = b->p->type->base;
        for (; e->kind == TY_ARRAY; e = e->base)
          b->n = mul(b->n, e->vla ? to(ty_long(), ir_clone_expr(e->vla, NULL)) : ex_int(e->len));
        b->elem = ty_unqual(e);
        b->rows = b->p->type->base->kind == TY_ARRAY;
      } else {
        b->n = ex_int(1);
        b->elem = ty_unqual(b->p->type);
      }
    }
    b->cnt = b->n;
    b->scalar = b->elem;
    if (b->elem->kind == TY_RECORD || ty_is_complex(b->elem)) {
      if (ty_is_complex(b->elem))
        flatten_complex(m, b, b->elem);
      else if (!flatten(m, r, it->loc, b, b->elem, what))
        return false;
      else if (b->deep)
        b->k = 0;
      b->n = b->size ? mul(ir_clone_expr(b->cnt, NULL), ex_int(b->k)) : ex_int(b->k);
    } else if (!ty_is_float(b->elem)) {
      diag_at(it->loc, D_JAC_NOT_FLOAT, r->gen_name, it->name);
      return false;
    }
    at = add(ir_clone_expr(at, NULL), ir_clone_expr(b->n, NULL));
  }
  return true;
}
