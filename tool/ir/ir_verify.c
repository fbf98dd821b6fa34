/*
 * ir_verify.c — the IR invariants (ir.h, tool/README.md), checked.
 *
 * Requires: a Module in any state. Provides: ir_verify. Mutates: nothing.
 *
 * Every state: no Stmt or Expr reached twice (in one tree or two); every
 * Expr and Var has a type; each function's Vars have ids in 0..nvars-1,
 * one Var per id, names unique, and a local is declared once; control flow
 * is structured (break inside a loop or switch, continue inside a loop,
 * case inside a switch; loops and ifs have bodies); an assignment's left
 * side is an lvalue.
 * S1 on top, for the file's lowered functions (m->fns; not the copies in
 * m->generated or m->cuda, which transforms changed): calls only as
 * statements (a whole ST_EXPR, the whole right side of an assignment or
 * initializer; an ST_EXPR without a call is pure: (void)x) except calls to the pure builtins the caller names (math.h
 * with a rule); { } lists only as initializers.
 * The first violation is returned as text, with the location of the node.
 */
#include "ir.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct Verify {
  PtrMap seen;              /* every node of the module so far */
  const Fn *f;
  Var **by_id;              /* f's Vars by id */
  PtrMap declared;          /* Var -> the first Stmt declaring it */
  PtrMap in_scope;          /* Var -> 1 while a declaration of it is visible */
  PtrVec visible, scopes;   /* the Vars in scope; per open scope, visible.len at its start */
  NameSet names;
  int loops, switches;      /* enclosing the current statement */
  bool (*pure_call)(const char *name);
  const char *why;          /* the first violation */
  SrcLoc at;
} Verify;

static const char *st_kind[] = {"block", "decl", "assign", "expr", "if", "while", "for", "switch",
                                "case", "return", "break", "continue"};

static Walk fail(Verify *v, SrcLoc at, const char *why) {
  if (!v->why) {
    v->why = xfmt("in %s: %s", v->f->name, why);
    v->at = at;
  }
  return WALK_STOP;
}

/* A Var of f (params, locals; globals are the module's). */
static bool var_ok(Verify *v, const Var *x, SrcLoc at) {
  if (!x->type) return fail(v, at, xfmt("variable '%s' has no type", x->name)), false;
  if (x->kind == VAR_GLOBAL) return true;
  if (x->id < 0 || x->id >= v->f->nvars)
    return fail(v, at, xfmt("variable '%s' has id %d, outside 0..%d", x->name, x->id, v->f->nvars - 1)), false;
  Var *y = v->by_id[x->id];
  if (y == x) return true;
  if (y) return fail(v, at, xfmt("variables '%s' and '%s' share id %d", y->name, x->name, x->id)), false;
  if (nameset_has(&v->names, x->name)) return fail(v, at, xfmt("two variables are named '%s'", x->name)), false;
  v->by_id[x->id] = (Var *)x;
  nameset_add(&v->names, x->name);
  return true;
}

/* Is node seen for the first time? (what it is is worded only on failure) */
static bool first_visit(Verify *v, const void *node) {
  if (ptrmap_get(&v->seen, node)) return false;
  ptrmap_put(&v->seen, node, (void *)1);
  return true;
}

static Walk shared(Verify *v, SrcLoc at, const char *what) {
  return fail(v, at, xfmt("%s: a node shared between two places", what));
}

static Walk check_e(Expr *e, void *ctx) {
  Verify *v = ctx;
  if (!first_visit(v, e)) {
    StrBuf b = {0};
    ir_dump_expr(e, &b);
    return shared(v, e->loc, xfmt("the expression %s", sb_take(&b)));
  }
  if (!e->type && e->kind != EX_FUNC) return fail(v, e->loc, xfmt("an expression (kind %d) has no type", (int)e->kind));
  if (e->kind == EX_VAR) {
    if (!e->var) return fail(v, e->loc, "a variable expression without its variable");
    if (!var_ok(v, e->var, e->loc)) return WALK_STOP;
    if (e->var->kind == VAR_LOCAL && !ptrmap_get(&v->declared, e->var))
      return fail(v, e->loc, xfmt("local '%s' is used but not declared", e->var->name));
  }
  return WALK_ON;
}

/* S1: e is pure but for calls of pure builtins. */
static Walk pure_e(Expr *e, void *ctx) {
  Verify *v = ctx;
  if (e->kind == EX_CALL && !(e->text && !e->fn && v->pure_call(e->text)))
    return fail(v, e->loc, xfmt("a call to '%s' inside an expression", e->text ? e->text : "(pointer)"));
  if (e->kind == EX_INIT) return fail(v, e->loc, "an initializer list outside a declaration");
  return WALK_ON;
}

/* S1: the whole right side may be any call, with pure arguments (under a
 * conversion too: cuda.c spells out p = (double *)malloc(n) for C++). */
static bool pure_top(Verify *v, const Expr *e, bool init_ok) {
  if (!e) return true;
  while (e->kind == EX_CAST && e->lhs && e->lhs->kind == EX_CALL) e = e->lhs;
  if (e->kind == EX_INIT && init_ok) {
    for (int i = 0; i < e->nargs; i++)
      if (!pure_top(v, e->args[i], true)) return false;
    return true;
  }
  if (e->kind != EX_CALL) return ex_each(e, pure_e, v);
  for (int i = 0; i < e->nargs; i++)
    if (!ex_each(e->args[i], pure_e, v)) return false;
  return ex_each(e->lhs, pure_e, v);
}

static bool lowered_ok(Verify *v, const Stmt *s) {
  switch (s->kind) {
  case ST_DECL: return pure_top(v, s->expr, true);
  case ST_ASSIGN: return ex_each(s->lhs, pure_e, v) && pure_top(v, s->rhs, false);
  case ST_EXPR: return pure_top(v, s->expr, false);  /* a call, or (void)x */
  default: return ex_each(s->expr, pure_e, v) && ex_each(s->cond, pure_e, v);
  }
}

static Walk check_s(Stmt *s, void *ctx) {
  Verify *v = ctx;
  if (!first_visit(v, s)) return shared(v, s->loc, xfmt("a statement (%s)", st_kind[s->kind]));
  switch (s->kind) {
  case ST_DECL:
    if (!s->var || !var_ok(v, s->var, s->loc)) return fail(v, s->loc, "a declaration without a variable");
    break;
  case ST_ASSIGN:
    if (!s->lhs || !s->rhs || !ex_is_lvalue(s->lhs)) return fail(v, s->loc, "an assignment to what is not an lvalue");
    break;
  case ST_EXPR:
    if (!s->expr) return fail(v, s->loc, "an expression statement without an expression");
    break;
  case ST_IF:
    if (!s->cond || !s->then) return fail(v, s->loc, "an if without a condition or a branch");
    break;
  case ST_WHILE:
  case ST_FOR:
    if (!s->then) return fail(v, s->loc, "a loop without a body");
    v->loops++;
    break;
  case ST_SWITCH:
    if (!s->cond || !s->then) return fail(v, s->loc, "a switch without a condition or a body");
    v->switches++;
    break;
  case ST_CASE:
    if (!v->switches) return fail(v, s->loc, "a case label outside a switch");
    break;
  case ST_BREAK:
    if (!v->loops && !v->switches) return fail(v, s->loc, "a break outside a loop or switch");
    break;
  case ST_CONTINUE:
    if (!v->loops) return fail(v, s->loc, "a continue outside a loop");
    break;
  default: break;
  }
  if (v->pure_call && !lowered_ok(v, s)) return WALK_STOP;
  return WALK_ON;
}

static Walk leave_s(Stmt *s, void *ctx) {
  Verify *v = ctx;
  if (s->kind == ST_WHILE || s->kind == ST_FOR) v->loops--;
  if (s->kind == ST_SWITCH) v->switches--;
  return WALK_ON;
}

/* A local is declared once in each scope that can see it (a first walk,
 * so a use may come first in the tree, as in code that declares at the
 * top of a later block): the same Var in two sibling blocks or two loop
 * headers, for (int lane = 0; ...) twice, is one name in two scopes. */
static Walk open_scope(Stmt *s, void *ctx) {
  Verify *v = ctx;
  if (s->kind == ST_BLOCK || s->kind == ST_FOR) vec_push(&v->scopes, (void *)(intptr_t)v->visible.len);
  if (s->kind != ST_DECL || !s->var) return WALK_ON;
  if (ptrmap_get(&v->in_scope, s->var)) return fail(v, s->loc, xfmt("'%s' is declared twice", s->var->name));
  ptrmap_put(&v->in_scope, s->var, (void *)1);
  vec_push(&v->visible, s->var);
  if (!ptrmap_get(&v->declared, s->var)) ptrmap_put(&v->declared, s->var, s);
  return WALK_ON;
}

static Walk close_scope(Stmt *s, void *ctx) {
  Verify *v = ctx;
  if (s->kind != ST_BLOCK && s->kind != ST_FOR) return WALK_ON;
  int keep = (int)(intptr_t)vec_pop(&v->scopes);
  while (v->visible.len > keep) ptrmap_put(&v->in_scope, vec_pop(&v->visible), NULL);
  return WALK_ON;
}

static bool verify_fn(Verify *v, const Fn *f, bool lowered) {
  v->f = f;
  v->by_id = xmalloc(sizeof(Var *) * (size_t)(f->nvars + 1));
  v->declared = (PtrMap){0};
  v->in_scope = (PtrMap){0};
  v->visible = v->scopes = (PtrVec){0};
  v->names = (NameSet){0};
  v->loops = v->switches = 0;
  bool (*pure)(const char *) = v->pure_call;
  if (!lowered) v->pure_call = NULL;
  bool ok = true;
  for (int i = 0; i < f->nparams && ok; i++) ok = var_ok(v, f->params[i], f->loc);
  ok = ok && ir_walk(&(IrWalk){open_scope, close_scope, NULL, v}, f->body);
  ok = ok && ir_walk(&(IrWalk){check_s, leave_s, check_e, v}, f->body);
  v->pure_call = pure;
  free(v->by_id);
  free(v->declared.keys);
  free(v->declared.vals);
  free(v->in_scope.keys);
  free(v->in_scope.vals);
  free(v->visible.data);
  free(v->scopes.data);
  free(v->names.keys);
  return ok;
}

IrMark ir_mark(const Module *m) { return (IrMark){m->fns.len, m->generated.len, m->cuda.len}; }

const char *ir_verify(const Module *m, bool (*pure_call)(const char *name), SrcLoc *at) {
  return ir_verify_since(m, (IrMark){0, 0, 0}, pure_call, at);
}

const char *ir_verify_since(const Module *m, IrMark mark, bool (*pure_call)(const char *name), SrcLoc *at) {
  Verify v = {.pure_call = pure_call};
  PtrMap fns = {0};
  const PtrVec *lists[] = {&m->fns, &m->generated, &m->cuda};
  const int from[] = {mark.fns, mark.generated, mark.cuda};
  for (int k = 0; k < 3 && !v.why; k++)
    for (int i = from[k]; i < lists[k]->len && !v.why; i++) {
      const Fn *f = lists[k]->data[i];
      if (!f->body || ptrmap_get(&fns, f)) continue;
      ptrmap_put(&fns, f, (void *)1);
      verify_fn(&v, f, k == 0 && f->is_lowered && !f->is_generated);  /* S1: the file's own functions */
    }
  free(fns.keys);
  free(fns.vals);
  free(v.seen.keys);
  free(v.seen.vals);
  if (v.why && at) *at = v.at;
  return v.why;
}
