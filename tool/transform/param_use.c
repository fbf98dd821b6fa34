/*
 * param_use.c — how the paths through a function first use the memory
 * behind one of its pointer parameters, as ir_first_use does for a
 * variable: stored into first on every path, on some, or possibly read
 * first (or handed where cc-ad cannot follow: q = p, an unknown function).
 * Followed at the granularity of the whole block behind p (a store into
 * any element counts as one into all, a loop as run), through the
 * functions of the file it is passed to; memset, memcpy and memmove store
 * into their first argument.
 *
 * The drivers ask it whether state in no clause carries anything from one
 * call to the next (memory stored into first does not: a work array, a
 * permutation f fills, the Jacobian a callback builds), jvp and vjp
 * whether an output without a size is stored into on every path (else
 * the derivative of the value it holds on entry, zero, must be written
 * over its whole extent).
 *
 * Requires: lowered bodies. Provides: tr_param_first_use, tr_check_unsized_output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/mpi.h"
#include "transform.h"

/* The primal parameter a derivative parameter belongs to (x for x_bar,
 * x_dot, x_hv, x_v): in a nested spelling the inner request's clauses
 * name it. */
const char *tr_primal_name(const char *n) {
  size_t len = strlen(n);
  static const char *const suffix[] = {"_bar", "_dot", "_hv", "_v", NULL};
  for (int k = 0; suffix[k]; k++) {
    size_t sl = strlen(suffix[k]);
    if (len > sl && str_eq(n + len - sl, suffix[k])) return xfmt("%.*s", (int)(len - sl), n);
  }
  return n;
}

typedef struct First {
  Module *m;
  const Var *p;
  PtrVec *open;
} First;

static IrUse fn_first(Module *m, Fn *f, int j, PtrVec *open);

/* e is an address into the memory behind p: p, p + k, &p[i] */
static bool based_on_p(const First *c, const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB) && ty_is_ptr(e->type)) e = ex_strip_implicit(e->lhs);
  if (e->kind == EX_ADDR) return false;
  return e->kind == EX_VAR && e->var == c->p;
}

/* lv is (a part of) an element behind p: p[i], *p, p->x, p[i].x[2] */
static bool elem_of_p(const First *c, const Expr *lv) {
  for (;;) {
    lv = ex_strip_implicit(lv);
    if (lv->kind == EX_MEMBER && !lv->is_arrow) lv = lv->lhs;
    else if (lv->kind == EX_INDEX && lv->lhs->type && lv->lhs->type->kind == TY_ARRAY) lv = lv->lhs;
    else break;
  }
  if (lv->kind == EX_INDEX || lv->kind == EX_DEREF || (lv->kind == EX_MEMBER && lv->is_arrow)) return based_on_p(c, lv->lhs);
  return false;
}

static Walk mentions_p(Expr *e, void *ctx) {
  const First *c = ctx;
  if (e->kind == EX_SIZEOF) return WALK_SKIP;
  return e->kind == EX_VAR && e->var == c->p ? WALK_STOP : WALK_ON;
}

static bool names_p(const First *c, const Expr *e) { return e && !ex_each(e, mentions_p, (void *)c); }

/* library functions that only store into their first argument */
static bool stores_first(const char *name) {
  return name && (str_eq(name, "memset") || str_eq(name, "memcpy") || str_eq(name, "memmove"));
}

/* an MPI buffer: a receive's only stored into (MPI_Irecv's at its wait),
 * one written at the root only (MPI_Reduce's) on some ranks */
static IrUse mpi_first(const MpiInfo *mi, int k) {
  char role = k < (int)strlen(mi->args) ? mi->args[k] : 0;
  return role == 'r' || role == 'i' ? IU_WRITE : role == 'R' ? IU_SOME : IU_READ;
}

/* a call: what it does to the memory behind p, in argument order */
static IrUse call_first(const First *c, const Expr *call) {
  IrUse u = IU_NONE;
  for (int k = 0; k < call->nargs && u != IU_READ && u != IU_WRITE; k++) {
    const Expr *a = call->args[k];
    if (!names_p(c, a)) continue;
    if (!based_on_p(c, a)) u = ir_seq_use(u, IU_READ);
    else if (call->fn && call->fn->body && k < call->fn->nparams) u = ir_seq_use(u, fn_first(c->m, call->fn, k, c->open));
    else if (k == 0 && stores_first(call->text)) u = ir_seq_use(u, IU_WRITE);
    else if (mpi_info(c->m, call)) u = ir_seq_use(u, mpi_first(mpi_info(c->m, call), k));
    else if (!(call->text && str_eq(call->text, "free"))) u = ir_seq_use(u, IU_READ);  /* (unknown: may read) */
  }
  return u;
}

/* an expression evaluated for its value: any mention of p reads (or lets
 * the address escape), but for p == NULL and a call's own use */
static IrUse expr_first(const First *c, const Expr *e) {
  if (!e || !names_p(c, e)) return IU_NONE;
  const Expr *s = ex_strip_implicit(e);
  if (s->kind == EX_CALL) return call_first(c, s);
  if (s->kind == EX_BIN && (s->op == OP_EQ || s->op == OP_NE)) {
    const Expr *l = ex_strip_implicit(s->lhs), *r = ex_strip_implicit(s->rhs);
    if ((l->kind == EX_VAR && l->var == c->p && !names_p(c, r)) || (r->kind == EX_VAR && r->var == c->p && !names_p(c, l)))
      return IU_NONE;
  }
  return IU_READ;
}

/* a test: if (p) reads the pointer, not its memory */
static IrUse cond_first(const First *c, const Expr *e) {
  const Expr *s = e ? ex_strip_implicit(e) : NULL;
  return s && s->kind == EX_VAR && s->var == c->p ? IU_NONE : expr_first(c, e);
}

/* the operands of lvalue lv other than its base: indices */
static IrUse index_first(const First *c, const Expr *lv) {
  IrUse u = IU_NONE;
  for (lv = ex_strip_implicit(lv); lv; lv = lv->lhs ? ex_strip_implicit(lv->lhs) : NULL) {
    if (lv->kind == EX_INDEX) u = ir_seq_use(u, expr_first(c, lv->rhs));
    if (lv->kind == EX_VAR) break;
  }
  return u;
}

static IrUse st_first(const First *c, Stmt *s);

static IrUse block_first(const First *c, Stmt *b, int from) {
  IrUse u = IU_NONE;
  for (int i = from; b && i < b->nbody && u != IU_WRITE && u != IU_READ; i++) u = ir_seq_use(u, st_first(c, b->body[i]));
  return u;
}

static Walk any_read_visit(Stmt *s, void *ctx) {
  const First *c = ctx;
  if (s->kind == ST_BLOCK || s->kind == ST_CASE) return WALK_ON;
  if (s->kind == ST_IF || s->kind == ST_WHILE || s->kind == ST_FOR || s->kind == ST_SWITCH)
    return cond_first(c, s->cond) == IU_READ ? WALK_STOP : WALK_ON;
  return st_first(c, s) == IU_READ ? WALK_STOP : WALK_ON;
}

static IrUse st_first(const First *c, Stmt *s) {
  if (!s) return IU_NONE;
  switch (s->kind) {
  case ST_BLOCK: return block_first(c, s, 0);
  case ST_DECL: return expr_first(c, s->expr);
  case ST_EXPR:
  case ST_RETURN: return expr_first(c, s->expr);
  case ST_ASSIGN: {
    if (s->lhs->kind == EX_VAR && s->lhs->var == c->p && based_on_p(c, s->rhs))
      return IU_NONE;  /* f2c's --x, fjac -= fjac_offset: the same block */
    IrUse u = ir_seq_use(expr_first(c, s->rhs), index_first(c, s->lhs));
    if (elem_of_p(c, s->lhs)) return ir_seq_use(u, IU_WRITE);
    return ir_seq_use(u, names_p(c, s->lhs) ? IU_READ : IU_NONE);  /* (p = ...: its memory escapes) */
  }
  case ST_IF: {
    IrUse u = cond_first(c, s->cond);
    if (u == IU_READ) return u;
    IrUse t = st_first(c, s->then), e = st_first(c, s->els);
    if (t == IU_READ || e == IU_READ) return IU_READ;
    return ir_seq_use(u, t == IU_WRITE && e == IU_WRITE ? IU_WRITE : t == IU_NONE && e == IU_NONE ? IU_NONE : IU_SOME);
  }
  case ST_WHILE:
  case ST_FOR: {  /* (the body as run: see above) */
    IrUse u = s->kind == ST_FOR ? st_first(c, s->init) : IU_NONE;
    if (!s->is_do) u = ir_seq_use(u, cond_first(c, s->cond));
    u = ir_seq_use(u, st_first(c, s->then));
    u = ir_seq_use(u, s->kind == ST_FOR ? st_first(c, s->step) : IU_NONE);
    return s->is_do ? ir_seq_use(u, cond_first(c, s->cond)) : u;
  }
  case ST_SWITCH: {  /* paths enter at its labels: a read anywhere in it may come first */
    IrUse u = cond_first(c, s->cond);
    if (u == IU_READ || !ir_walk(&(IrWalk){.st = any_read_visit, .ctx = (void *)c}, s->then)) return IU_READ;
    return ir_seq_use(u, st_first(c, s->then) == IU_NONE ? IU_NONE : IU_SOME);
  }
  default: return IU_NONE;
  }
}

static IrUse fn_first(Module *m, Fn *f, int j, PtrVec *open) {
  for (int i = 0; i + 1 < open->len; i += 2)
    if (open->data[i] == f && (intptr_t)open->data[i + 1] == j) return IU_READ;  /* recursion: not followed */
  vec_push(open, f);
  vec_push(open, (void *)(intptr_t)j);
  First c = {.m = m, .p = f->params[j], .open = open};
  IrUse u = st_first(&c, f->body);
  open->len -= 2;
  return u;
}

IrUse tr_param_first_use(Module *m, Fn *f, int j) {
  if (!f->body || !ty_is_ptr(f->params[j]->type)) return IU_READ;
  PtrVec open = {0};
  IrUse u = fn_first(m, f, j, &open);
  free(open.data);
  return u;
}


/* An output in no wrt clause: the value it holds on entry is a constant,
 * whose derivative is zero (jvp writes r_dot over the whole output, vjp
 * leaves r_bar zero). Without a size that is known only where f stores
 * into it first on every path; else refused, once a request. */
void tr_check_unsized_output(Module *m, const Request *r, Fn *f, int j) {
  if (tr_param_first_use(m, f, j) == IU_WRITE) return;
  const ReqItem *it = NULL;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j) it = &r->out[i];
  if (!it || diag_muted()) return;  /* (a trial build: the real one says it) */
  const char *key = xfmt("unsized out %s:%d:%d %s", it->loc.file, it->loc.line, it->loc.col, it->name);
  if (nameset_has(&m->notes_told, key)) return;
  nameset_add(&m->notes_told, key);
  const char *n = it->name;
  if (r->nested) {  /* out(x_bar[n]) is the inner request's clause: x_bar's size is x's there */
    diag_at(it->loc, D_OUT_UNSIZED_NESTED, r->gen_name, n, f->name, tr_primal_name(n));
    return;
  }
  diag_at(it->loc, D_OUT_UNSIZED_ENTRY, r->gen_name, n, f->name, n, n, n, n);
}
