/*
 * lower_fold.c — a lowered body's variables that are values in disguise:
 * a const integer local with a constant initializer (llm.c's
 * const int LOOP_UNROLL = 8) is that constant, and a VLA whose length
 * reads an integer parameter's copy before anything writes it is declared
 * with the parameter (double t[n]; ... while (n-- > 0)).
 *
 * Requires: lower_stmt.c's lowered body, param_copy's copies (Var.copy_of).
 * Provides: lower_fold.
 */
#include <string.h>

#include "front_int.h"

/* ---- VLA lengths over parameters the function writes -------------------
 * double t[n]; ... while (n-- > 0): the length reads n's copy (param_copy)
 * before anything writes it, so it is the parameter's value: say so in the
 * type, and reverse mode can declare t where the parameter is known (a
 * split function's top, its frame). */

static Walk writes_var(Stmt *s, void *x) {
  return s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == x ? WALK_STOP : WALK_ON;
}

static bool copies_unwritten(const Expr *e, Stmt *body, int upto) {
  if (!e) return true;
  if (e->kind == EX_VAR && e->var->copy_of)
    for (int i = 0; i < upto; i++)
      if (!st_each(body->body[i], writes_var, e->var)) return false;
  if (!copies_unwritten(e->lhs, body, upto) || !copies_unwritten(e->rhs, body, upto) ||
      !copies_unwritten(e->cond, body, upto))
    return false;
  for (int i = 0; i < e->nargs; i++)
    if (!copies_unwritten(e->args[i], body, upto)) return false;
  return true;
}

static Expr *params_for_copies(const Expr *e) {
  Expr *c = ir_clone_expr(e, NULL);
  if (c->kind == EX_VAR && c->var->copy_of) c->var = c->var->copy_of;
  if (c->lhs) c->lhs = params_for_copies(c->lhs);
  if (c->rhs) c->rhs = params_for_copies(c->rhs);
  if (c->cond) c->cond = params_for_copies(c->cond);
  for (int i = 0; i < c->nargs; i++) c->args[i] = params_for_copies(c->args[i]);
  return c;
}

static Type *vla_of_params(const Type *t) {
  if (t->kind != TY_ARRAY) return (Type *)t;
  Type *c = xmalloc(sizeof *c);
  *c = *t;
  if (t->vla) c->vla = params_for_copies(t->vla);
  c->base = vla_of_params(t->base);
  return c;
}

static bool vla_over_copies(const Type *t, Stmt *body, int upto) {
  bool vla = false;
  for (; t && t->kind == TY_ARRAY; t = t->base)
    if (t->vla) {
      if (!copies_unwritten(t->vla, body, upto)) return false;
      vla = true;
    }
  return vla;
}

static void vla_lengths_of_params(Stmt *body) {
  for (int i = 0; i < body->nbody; i++) {
    Stmt *s = body->body[i];
    if (s->kind == ST_DECL && s->var->type->kind == TY_ARRAY && vla_over_copies(s->var->type, body, i))
      s->var->type = vla_of_params(s->var->type);
  }
}

/* ---- const int LOOP_UNROLL = 8; (llm.c) ---------------------------------
 * A const integer local with a constant initializer is that constant:
 * its uses become the number (unless its address is taken), so a loop
 * stepping by it is a counted loop, and derivative code need not keep it. */

typedef struct ConstLocals { PtrMap val, addr; } ConstLocals;

static Walk const_decl(Stmt *s, void *ctx) {
  ConstLocals *c = ctx;
  /* (the number's own type: const long K = 8 keeps K, whose 8 is an int) */
  if (s->kind == ST_DECL && s->var->kind == VAR_LOCAL && s->var->type->kind == TY_INT && s->var->type->is_const &&
      !s->var->is_static && s->expr && s->expr->kind == EX_NUM && s->expr->type && s->expr->type->kind == TY_INT &&
      s->expr->type->is_unsigned == s->var->type->is_unsigned && s->var->type->name && s->expr->type->name &&
      !strcmp(s->var->type->name, s->expr->type->name))
    ptrmap_put(&c->val, s->var, s->expr);
  return WALK_ON;
}

static Walk const_addr(Expr *e, void *ctx) {
  if (e->kind == EX_ADDR && e->lhs && e->lhs->kind == EX_VAR) ptrmap_put(&((ConstLocals *)ctx)->addr, e->lhs->var, e);
  return WALK_ON;
}

static Walk const_fold(Expr *e, void *ctx) {
  ConstLocals *c = ctx;
  if (e->kind != EX_VAR || ptrmap_get(&c->addr, e->var)) return WALK_ON;
  const Expr *v = ptrmap_get(&c->val, e->var);
  if (!v) return WALK_ON;
  SrcLoc loc = e->loc;
  *e = *ir_clone_expr(v, NULL);
  e->loc = loc;
  return WALK_ON;
}

/* its declaration goes too: nothing reads the variable any more */
static void drop_folded(Stmt *s, ConstLocals *c) {
  if (!s) return;
  int k = 0;
  for (int i = 0; i < s->nbody; i++) {
    Stmt *b = s->body[i];
    if (b->kind == ST_DECL && ptrmap_get(&c->val, b->var) && !ptrmap_get(&c->addr, b->var)) continue;
    drop_folded(b, c);
    s->body[k++] = b;
  }
  s->nbody = k;
  drop_folded(s->then, c);
  drop_folded(s->els, c);
}

static void fold_const_locals(Stmt *body) {
  ConstLocals c = {0};
  st_each(body, const_decl, &c);
  if (!c.val.len) return;
  st_each_expr(body, const_addr, &c);
  st_each_expr(body, const_fold, &c);
  drop_folded(body, &c);
}

void lower_fold(Stmt *body) {
  vla_lengths_of_params(body);
  fold_const_locals(body);
}
