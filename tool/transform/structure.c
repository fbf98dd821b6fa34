/*
 * structure.c — S2 -> S2': single-exit control flow for reverse mode.
 *
 * Reversal works on structured code where every statement of a block runs
 * after the one before it. break, continue, switch and early return are
 * rewritten with flags so that holds:
 *
 *   for (..; c; step) { A; if (p) break; B; }
 *     =>  brk = 0; for (..; !brk && c;) { A; if (p) brk = 1; if (!brk) { B; } if (!brk) step; }
 *   continue            =>  cont = 1, and the rest of the body is guarded
 *   return e (early)    =>  retval = e; returned = 1; everything after is guarded
 *   switch (c) { case 1: A; case 2: B; break; default: C; }
 *     =>  sel = c == 1 ? 1 : c == 2 ? 2 : 3;
 *         if (sel <= 1) A; if (sel <= 2 && !brk) B ...   (fall-through kept)
 *
 * Input: a cloned body (Vars shared with the primal). Output: the same
 * code with only a final 'return' at top level. Flags are new int locals
 * of 'out'. Functions without such control flow are returned unchanged.
 *
 * Requires: a copy of a function body (S1) about to be reversed.
 * Provides: single-exit control flow: returns become a flag and one exit,
 *   the value in a variable.
 */
#include <string.h>

#include "transform.h"

typedef struct Ctx Ctx;
struct Ctx {
  Ctx *up;
  bool is_switch;
  Var *brk;     /* set by break (lazily created) */
  Var *cont;    /* set by continue (loops only) */
};

typedef struct SN {
  Fn *out;
  Var *returned;  /* early return happened */
  Var *retval;
  Type *ret;
  Stmt *decls;    /* flag declarations, placed at the top */
} SN;

static Var *flag(SN *sn, const char *name) {
  Var *v = fn_new_var(sn->out, name, ty_int(), VAR_LOCAL, (SrcLoc){0});
  st_append(sn->decls, st_decl(v, ex_int(0), (SrcLoc){0}));
  return v;
}

static Stmt *set(Var *v, SrcLoc loc) { return st_assign(ex_var(v), ex_int(1), loc); }

/* Does s contain a break/continue leaving its enclosing loop or switch
 * (depth 0), or a return? */
static bool exits(const Stmt *s, bool in_loop, bool in_switch) {
  if (!s) return false;
  switch (s->kind) {
  case ST_RETURN: return true;
  case ST_BREAK: return !in_loop && !in_switch;
  case ST_CONTINUE: return !in_loop;
  case ST_WHILE:
  case ST_FOR: return exits(s->then, true, in_switch) || exits(s->init, in_loop, in_switch);
  case ST_SWITCH: return exits(s->then, in_loop, true);
  default:
    if (exits(s->then, in_loop, in_switch) || exits(s->els, in_loop, in_switch)) return true;
    for (int i = 0; i < s->nbody; i++)
      if (exits(s->body[i], in_loop, in_switch)) return true;
    return false;
  }
}

static bool needs_work(const Stmt *s, bool top) {
  if (!s) return false;
  switch (s->kind) {
  case ST_SWITCH:
  case ST_BREAK:
  case ST_CONTINUE: return true;
  case ST_RETURN: return !top;
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (needs_work(s->body[i], top && i == s->nbody - 1)) return true;
    return false;
  default:
    return needs_work(s->then, false) || needs_work(s->els, false) || needs_work(s->init, false) ||
           needs_work(s->step, false);
  }
}

/* !f1 && !f2 ... over the flags that can be set inside the current context. */
static Expr *go_on(SN *sn, Ctx *c) {
  Expr *e = NULL;
  Var *flags[4] = {sn->returned, c ? c->brk : NULL, NULL, NULL};
  if (c && !c->is_switch) flags[2] = c->cont;
  if (c && c->is_switch) {
    Ctx *l = c->up;
    while (l && l->is_switch) l = l->up;
    if (l) flags[2] = l->cont;
  }
  for (int i = 0; i < 3; i++) {
    if (!flags[i]) continue;
    Expr *n = ex_un(OP_NOT, ex_var(flags[i]));
    e = e ? ex_bin(OP_LAND, e, n) : n;
  }
  return e ? e : ex_int(1);
}

static Stmt *norm_block(SN *sn, Ctx *c, Stmt *b);

static Stmt *as_block(Stmt *s) {
  if (s->kind == ST_BLOCK) return s;
  Stmt *b = st_block(s->loc);
  st_append(b, s);
  return b;
}

static Ctx *nearest_loop(Ctx *c) {
  while (c && c->is_switch) c = c->up;
  return c;
}

static Stmt *norm_loop(SN *sn, Ctx *outer, Stmt *s) {
  Ctx c = {outer, false, NULL, NULL};
  bool may_break = exits(s->then, false, false);
  if (may_break) {
    /* flags are created by the body as needed */
  }
  Stmt *body = norm_block(sn, &c, as_block(s->then));
  Stmt *out = st_block(s->loc);
  Stmt *loop = st_new(s->kind, s->loc);
  *loop = *s;
  loop->then = body;
  if (c.cont) {
    /* cont = 0 at the top of each iteration */
    Stmt *b = st_block(s->loc);
    st_append(b, st_assign(ex_var(c.cont), ex_int(0), s->loc));
    for (int i = 0; i < body->nbody; i++) st_append(b, body->body[i]);
    loop->then = body = b;
  }
  Expr *stop = NULL;  /* flags that end the loop early */
  if (c.brk) stop = ex_un(OP_NOT, ex_var(c.brk));
  if (sn->returned && exits(s->then, false, false)) {
    Expr *n = ex_un(OP_NOT, ex_var(sn->returned));
    stop = stop ? ex_bin(OP_LAND, stop, n) : n;
  }
  if (stop) {
    if (c.brk) st_append(out, st_assign(ex_var(c.brk), ex_int(0), s->loc));
    loop->cond = loop->cond ? ex_bin(OP_LAND, stop, loop->cond) : stop;
    if (s->kind == ST_FOR && s->step) {
      /* C skips the step after break: so does the rewritten loop */
      Stmt *g = st_new(ST_IF, s->loc);
      g->cond = ir_clone_expr(stop, NULL);
      g->then = s->step;
      st_append(body, g);
      loop->step = NULL;
    }
  }
  if (s->kind == ST_WHILE && s->is_do && stop) loop->cond = ex_bin(OP_LAND, ir_clone_expr(stop, NULL), s->cond);
  st_append(out, loop);
  return out->nbody == 1 ? loop : out;
}

/* A case label of the switch below its body's top level (Duff's device:
 * labels inside a do-while that the switch jumps into), else NULL. */
static const Stmt *nested_case(const Stmt *s) {
  if (!s || s->kind == ST_SWITCH) return NULL;  /* an inner switch's labels are its own */
  if (s->kind == ST_CASE) return s;
  const Stmt *kids[4] = {s->then, s->els, s->init, s->step}, *c;
  for (int i = 0; i < 4; i++)
    if ((c = nested_case(kids[i]))) return c;
  for (int i = 0; i < s->nbody; i++)
    if ((c = nested_case(s->body[i]))) return c;
  return NULL;
}

/* switch => selector + guarded groups (see the file comment). */
static Stmt *norm_switch(SN *sn, Ctx *outer, Stmt *s) {
  for (int i = 0; i < as_block(s->then)->nbody; i++) {
    const Stmt *x = as_block(s->then)->body[i], *c = x->kind == ST_CASE ? NULL : nested_case(x);
    if (c) {
      diag_at(c->loc, D_CASE_IN_LOOP);
      return s;
    }
  }
  Ctx c = {outer, true, NULL, NULL};
  Stmt *out = st_block(s->loc);
  Var *sel = fn_new_var(sn->out, "sel", ty_int(), VAR_LOCAL, s->loc);
  Var *val = fn_new_var(sn->out, "sw", ty_unqual(s->cond->type), VAR_LOCAL, s->loc);
  st_append(out, st_decl(val, s->cond, s->loc));
  /* groups: statements between labels */
  Stmt *body = as_block(s->then);
  PtrVec groups = {0}, labels = {0};
  Stmt *cur = NULL;
  for (int i = 0; i < body->nbody; i++) {
    Stmt *x = body->body[i];
    if (x->kind == ST_CASE) {
      cur = st_block(x->loc);
      vec_push(&groups, cur);
      vec_push(&labels, x);
      continue;
    }
    if (cur) st_append(cur, x);
  }
  int ng = groups.len, deflt = ng + 1;
  Expr *choose = NULL;
  for (int k = ng - 1; k >= 0; k--) {
    Stmt *l = labels.data[k];
    if (!l->expr) deflt = k + 1;
  }
  choose = ex_int(deflt);
  for (int k = ng - 1; k >= 0; k--) {
    Stmt *l = labels.data[k];
    if (l->expr) choose = ex_cond(ex_bin(OP_EQ, ex_var(val), ir_clone_expr(l->expr, NULL)), ex_int(k + 1), choose);
  }
  choose->type = ty_int();
  st_append(out, st_decl(sel, choose, s->loc));
  for (int k = 0; k < ng; k++) {
    Stmt *g = norm_block(sn, &c, groups.data[k]);
    Stmt *i = st_new(ST_IF, s->loc);
    Expr *e = ex_bin(OP_LE, ex_var(sel), ex_int(k + 1));
    if (k > 0) e = ex_bin(OP_LAND, e, go_on(sn, &c));
    i->cond = e;
    i->then = g;
    st_append(out, i);
  }
  if (c.brk) {
    Stmt *b = st_block(s->loc);
    st_append(b, st_assign(ex_var(c.brk), ex_int(0), s->loc));
    for (int i = 0; i < out->nbody; i++) st_append(b, out->body[i]);
    out = b;
  }
  return out;
}

static Stmt *norm_stmt(SN *sn, Ctx *c, Stmt *s) {
  switch (s->kind) {
  case ST_BREAK: {
    if (!c) return s;
    if (!c->brk) c->brk = flag(sn, c->is_switch ? "sw_break" : "brk");
    return set(c->brk, s->loc);
  }
  case ST_CONTINUE: {
    Ctx *l = nearest_loop(c);
    if (!l) return s;
    if (!l->cont) l->cont = flag(sn, "cont");
    return set(l->cont, s->loc);
  }
  case ST_RETURN: {
    Stmt *b = st_block(s->loc);
    if (s->expr) st_append(b, st_assign(ex_var(sn->retval), s->expr, s->loc));
    st_append(b, set(sn->returned, s->loc));
    return b;
  }
  case ST_BLOCK: return norm_block(sn, c, s);
  case ST_IF: {
    Stmt *n = st_new(ST_IF, s->loc);
    *n = *s;
    n->then = norm_block(sn, c, as_block(s->then));
    n->els = s->els ? norm_block(sn, c, as_block(s->els)) : NULL;
    return n;
  }
  case ST_FOR:
  case ST_WHILE: return norm_loop(sn, c, s);
  case ST_SWITCH: return norm_switch(sn, c, s);
  default: return s;
  }
}

static Stmt *norm_block(SN *sn, Ctx *c, Stmt *b) {
  Stmt *out = st_block(b->loc);
  for (int i = 0; i < b->nbody; i++) {
    Stmt *s = b->body[i];
    bool ex = exits(s, false, false) || (c && c->is_switch && exits(s, false, false));
    st_append(out, norm_stmt(sn, c, s));
    if (ex && i + 1 < b->nbody) {
      Stmt *rest = st_block(b->loc);
      for (int j = i + 1; j < b->nbody; j++) st_append(rest, b->body[j]);
      Stmt *g = st_new(ST_IF, b->body[i + 1]->loc);
      g->cond = go_on(sn, c);
      g->then = norm_block(sn, c, rest);
      st_append(out, g);
      break;
    }
  }
  return out;
}

Stmt *structure_normalize(Fn *out, Fn *primal, Stmt *body, Var **retval) {
  *retval = NULL;
  if (!needs_work(body, true)) return body;
  SN sn = {out, NULL, NULL, primal->ret, st_block(body->loc)};
  bool early = false;
  for (int i = 0; i < body->nbody; i++)
    early |= exits(body->body[i], true, true) && !(i == body->nbody - 1 && body->body[i]->kind == ST_RETURN);
  if (early) sn.returned = flag(&sn, "returned");
  if (primal->ret->kind != TY_VOID && early) {
    sn.retval = fn_new_var(out, "retval", ty_unqual(primal->ret), VAR_LOCAL, primal->loc);
    *retval = sn.retval;
    st_append(sn.decls, st_decl(sn.retval, NULL, primal->loc));
  }
  /* a final top-level return stays a return */
  Stmt *last = body->nbody ? body->body[body->nbody - 1] : NULL;
  Stmt *copy = st_block(body->loc);
  for (int i = 0; i < body->nbody; i++) st_append(copy, body->body[i]);
  if (last && last->kind == ST_RETURN) copy->nbody--;
  Stmt *n = norm_block(&sn, NULL, copy);
  Stmt *out_body = st_block(body->loc);
  for (int i = 0; i < sn.decls->nbody; i++) st_append(out_body, sn.decls->body[i]);
  if (last && last->kind == ST_RETURN && !early) {
    st_append(n, last);
    last = NULL;
  }
  if (last && last->kind == ST_RETURN) {
    /* the final return runs only if no early one did */
    Stmt *g = st_new(ST_IF, last->loc);
    g->cond = ex_un(OP_NOT, ex_var(sn.returned));
    g->then = st_block(last->loc);
    if (last->expr) st_append(g->then, st_assign(ex_var(sn.retval), last->expr, last->loc));
    st_append(n, g);
  }
  for (int i = 0; i < n->nbody; i++) st_append(out_body, n->body[i]);
  if (early) {
    Stmt *r = st_new(ST_RETURN, primal->loc);
    if (sn.retval) r->expr = ex_var(sn.retval);
    st_append(out_body, r);
  }
  return out_body;
}
