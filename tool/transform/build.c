/* build.c — expression builders shared by the transforms. NULL is zero. */
#include "transform.h"

static bool is_minus_one(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e && e->kind == EX_NUM && e->value == -1.0;
}

Expr *d_add(Expr *a, Expr *b) {
  if (!a) return b;
  if (!b) return a;
  if (b->kind == EX_UN && b->op == OP_NEG) return ex_bin(OP_SUB, a, b->lhs);
  return ex_bin(OP_ADD, a, b);
}

Expr *d_sub(Expr *a, Expr *b) {
  if (!b) return a;
  if (!a) return d_neg(b);
  if (b->kind == EX_UN && b->op == OP_NEG) return ex_bin(OP_ADD, a, b->lhs);
  return ex_bin(OP_SUB, a, b);
}

Expr *d_neg(Expr *a) {
  if (!a) return NULL;
  if (a->kind == EX_UN && a->op == OP_NEG) return a->lhs;
  if (a->kind == EX_NUM && a->text[0] != '-' && a->type->kind != TY_INT) return ex_num(-a->value, a->type);
  return ex_un(OP_NEG, a);
}

Expr *d_mul(Expr *a, Expr *b) {
  if (!a || !b) return NULL;
  if (ex_is_zero(a) || ex_is_zero(b)) return NULL;
  if (ex_is_one(a)) return b;
  if (ex_is_one(b)) return a;
  if (is_minus_one(a)) return d_neg(b);
  if (is_minus_one(b)) return d_neg(a);
  if (a->kind == EX_UN && a->op == OP_NEG) return d_neg(d_mul(a->lhs, b));
  return ex_bin(OP_MUL, a, b);
}

Expr *d_div(Expr *a, Expr *b) {
  if (!a) return NULL;
  if (ex_is_one(b)) return a;
  return ex_bin(OP_DIV, a, b);
}

Expr *d_zero(Type *t) {
  if (t && t->kind == TY_FLOAT) return ex_num(0, ty_float());
  if (t && (t->kind == TY_PTR || t->kind == TY_INT)) return ex_int(0);
  return ex_num(0, ty_double());
}

Expr *d_or_zero(Expr *a, Type *t) { return a ? a : d_zero(t); }

bool d_is_simple(const Expr *e) {
  switch (e->kind) {
  case EX_NUM:
  case EX_VAR: return true;
  case EX_CAST: return d_is_simple(e->lhs);
  case EX_MEMBER: return d_is_simple(e->lhs);
  case EX_INDEX: return d_is_simple(e->lhs) && d_is_simple(e->rhs);
  default: return false;
  }
}

Expr *d_sizeof_expr(Expr *e) {
  Expr *s = ex_new(EX_SIZEOF, ty_size_t(), e->loc);
  s->lhs = e;
  return s;
}

Stmt *d_memset0(Expr *dst, Expr *bytes, SrcLoc loc) {
  Expr *args[3] = {dst, ex_int(0), bytes};
  return st_expr(ex_call("memset", ty_ptr(ty_void()), args, 3), loc);
}

static NameSet fn_names;
static bool fn_names_ready;

const char *tr_fresh_fn_name(Module *m, const char *hint) {
  if (!fn_names_ready) {
    fn_names_ready = true;
    for (int i = 0; i < m->fns.len; i++) nameset_add(&fn_names, ((Fn *)m->fns.data[i])->name);
    for (int i = 0; i < m->globals.len; i++) nameset_add(&fn_names, ((Var *)m->globals.data[i])->name);
    for (int i = 0; i < m->requests.len; i++) {
      Request *r = m->requests.data[i];
      if (r->gen_name) nameset_add(&fn_names, r->gen_name);
    }
  }
  const char *name = hint;
  for (int i = 2; nameset_has(&fn_names, name); i++) name = xfmt("%s_%d", hint, i);
  name = xstrdup(name);
  nameset_add(&fn_names, name);
  return name;
}
