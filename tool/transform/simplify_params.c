/*
 * simplify_params.c — S3 cleanup: parameters a static generated function
 * never reads are dropped, with the arguments of every call to it.
 *
 * Requires: every generated function of the module, with the `(void)p;`
 * lines simplify_unused_params added.
 * Provides: simplify_drop_params(): `tile_fwd(x, x_bar, out, out_bar)` whose
 * body reads neither x_bar nor out_bar becomes `tile_fwd(x, out)`, without
 * its `(void)x_bar;` lines. Only where the module sees every use of the
 * function (static, not variadic, called by name, named in no printed
 * text), and where each dropped argument is pure and leaves every variable
 * in it read elsewhere in its caller (else that one would be unused).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "transform.h"

typedef struct Site {
  Expr *call;
  Fn *caller;
  int *reads;      /* the caller's reads per variable id (count_reads) */
} Site;

static void count_reads(const Stmt *s, int *reads, int nvars);

/* (void)p; */
static bool is_void_use(const Stmt *s) {
  return s->kind == ST_EXPR && s->expr->kind == EX_CAST && s->expr->type->kind == TY_VOID &&
         s->expr->lhs->kind == EX_VAR;
}

/* Does a length in type t (double a[n], double (*m)[n]) read v? */
static bool type_reads(const Type *t, const Var *v) {
  for (; t && (t->kind == TY_PTR || t->kind == TY_ARRAY); t = t->base)
    if (t->vla && ex_mentions(t->vla, v)) return true;
  return false;
}

static bool reads(const Stmt *s, const Var *v) {
  if (!s || is_void_use(s)) return false;
  if (ex_mentions(s->lhs, v) || ex_mentions(s->rhs, v) || ex_mentions(s->expr, v) || ex_mentions(s->cond, v))
    return true;
  if (s->kind == ST_DECL && type_reads(s->var->type, v)) return true;
  if (reads(s->then, v) || reads(s->els, v) || reads(s->init, v) || reads(s->step, v)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (reads(s->body[i], v)) return true;
  return false;
}

/* ---- Where each generated function is used --------------------------- */

typedef struct Uses {
  PtrVec *sites;   /* per generated function: Site* */
  PtrMap reads;    /* caller Fn* -> its int reads[nvars] */
  bool *escapes;   /* named other than as a callee: keep its signature */
  StrMap index;    /* name -> 1 + its index in m->generated */
} Uses;

static int fn_index(Uses *u, const char *name) {
  return name ? (int)(intptr_t)strmap_get(&u->index, name) - 1 : -1;
}

static void uses_e(Module *m, Uses *u, Fn *caller, Expr *e) {
  if (!e) return;
  if (e->kind == EX_CALL && e->text && e->rt == RT_NONE && !rule_find(e->text)) {
    int k = fn_index(u, e->text);
    if (k >= 0) {
      Site *s = xmalloc(sizeof *s);
      s->call = e;
      s->caller = caller;
      s->reads = ptrmap_get(&u->reads, caller);
      if (!s->reads) {
        s->reads = calloc((size_t)caller->nvars + 1, sizeof(int));
        if (!s->reads) die_internal("out of memory");
        count_reads(caller->body, s->reads, caller->nvars);
        ptrmap_put(&u->reads, caller, s->reads);
      }
      vec_push(&u->sites[k], s);
    }
  }
  if (e->kind == EX_FUNC) {
    int k = fn_index(u, e->text);
    if (k >= 0) u->escapes[k] = true;
  }
  uses_e(m, u, caller, e->lhs);
  uses_e(m, u, caller, e->rhs);
  uses_e(m, u, caller, e->cond);
  for (int i = 0; i < e->nargs; i++) uses_e(m, u, caller, e->args[i]);
}

static void uses_s(Module *m, Uses *u, Fn *caller, Stmt *s) {
  if (!s) return;
  uses_e(m, u, caller, s->lhs);
  uses_e(m, u, caller, s->rhs);
  uses_e(m, u, caller, s->expr);
  uses_e(m, u, caller, s->cond);
  uses_s(m, u, caller, s->then);
  uses_s(m, u, caller, s->els);
  uses_s(m, u, caller, s->init);
  uses_s(m, u, caller, s->step);
  for (int i = 0; i < s->nbody; i++) uses_s(m, u, caller, s->body[i]);
}

/* ---- Reads left in the caller ---------------------------------------- */

/* Reads of variables in s: not as the target of an assignment, not
 * (void)v, not under sizeof. */
static void count_e(const Expr *e, int *reads, int sign) {
  if (!e || e->kind == EX_SIZEOF) return;
  if (e->kind == EX_VAR && e->var->kind != VAR_GLOBAL) reads[e->var->id] += sign;
  count_e(e->lhs, reads, sign);
  count_e(e->rhs, reads, sign);
  count_e(e->cond, reads, sign);
  for (int i = 0; i < e->nargs; i++) count_e(e->args[i], reads, sign);
}

static void count_reads(const Stmt *s, int *reads, int nvars) {
  if (!s || is_void_use(s)) return;
  const Expr *r = s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? ex_strip_implicit(s->rhs) : NULL;
  if (r && r->kind == EX_BIN && ex_strip_implicit(r->lhs)->kind == EX_VAR && ex_strip_implicit(r->lhs)->var == s->lhs->var) {
    /* x = x - 2 prints as x -= 2, which compilers count as no use of x
     * (k -= 2 stepping a counter back, left alone: set but not used) */
    count_e(r->rhs, reads, 1);
    return;
  }
  if (s->kind == ST_ASSIGN) {
    /* x[i] = e reads i, not x: the compiler calls x set but not used */
    const Expr *l = s->lhs;
    while (l->kind == EX_INDEX || (l->kind == EX_MEMBER && !l->is_arrow) || (l->kind == EX_CAST && l->is_implicit)) {
      if (l->kind == EX_INDEX) count_e(l->rhs, reads, 1);
      l = l->lhs;
    }
    if (l->kind != EX_VAR) count_e(l, reads, 1);
  } else {
    count_e(s->lhs, reads, 1);
  }
  count_e(s->rhs, reads, 1);
  count_e(s->expr, reads, 1);
  count_e(s->cond, reads, 1);
  if (s->kind == ST_DECL && s->var->type->vla) count_e(s->var->type->vla, reads, 1);
  count_reads(s->then, reads, nvars);
  count_reads(s->els, reads, nvars);
  count_reads(s->init, reads, nvars);
  count_reads(s->step, reads, nvars);
  for (int i = 0; i < s->nbody; i++) count_reads(s->body[i], reads, nvars);
}

static bool pure(const Expr *e) {
  if (!e) return true;
  if (e->kind == EX_CALL && !rule_find(e->text)) return false;
  if (!pure(e->lhs) || !pure(e->rhs) || !pure(e->cond)) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!pure(e->args[i])) return false;
  return true;
}

/* Each variable of arg is still read in its caller (reads counts what
 * is left once the arguments to drop are gone). */
static bool still_read(const Expr *arg, const int *reads) {
  bool ok = true;
  PtrVec work = {0};
  vec_push(&work, (void *)arg);
  while (work.len && ok) {
    const Expr *e = vec_pop(&work);
    if (!e) continue;
    if (e->kind == EX_VAR && e->var->kind != VAR_GLOBAL && reads[e->var->id] <= 0) ok = false;
    vec_push(&work, e->lhs);
    vec_push(&work, e->rhs);
    vec_push(&work, e->cond);
    for (int i = 0; i < e->nargs; i++) vec_push(&work, e->args[i]);
  }
  free(work.data);
  return ok;
}

/* Can parameter k of g go? If so, the reads of its arguments are taken
 * off their callers' counts. */
static bool droppable(const Fn *g, int k, const PtrVec *sites) {
  if (reads(g->body, g->params[k])) return false;
  for (int i = 0; i < g->nparams; i++)
    if (type_reads(g->params[i]->type, g->params[k])) return false;
  for (int i = 0; i < sites->len; i++) {
    const Site *s = sites->data[i];
    if (s->call->nargs != g->nparams || !pure(s->call->args[k])) return false;
  }
  /* all calls at once: two calls may pass the caller's only two reads of x */
  for (int i = 0; i < sites->len; i++) count_e(((Site *)sites->data[i])->call->args[k], ((Site *)sites->data[i])->reads, -1);
  bool ok = true;
  for (int i = 0; i < sites->len && ok; i++) ok = still_read(((Site *)sites->data[i])->call->args[k], ((Site *)sites->data[i])->reads);
  if (!ok)
    for (int i = 0; i < sites->len; i++) count_e(((Site *)sites->data[i])->call->args[k], ((Site *)sites->data[i])->reads, 1);
  return ok;
}

/* removes the (void)p; statements of s's blocks, at any depth (the user's
 * own (void)n; may sit inside what single-exit control flow nested) */
static void drop_void_uses(Stmt *s, const Var *p) {
  if (!s) return;
  if (s->kind == ST_BLOCK) {
    int n = 0;
    for (int i = 0; i < s->nbody; i++)
      if (!(is_void_use(s->body[i]) && s->body[i]->expr->lhs->var == p)) s->body[n++] = s->body[i];
    s->nbody = n;
  }
  drop_void_uses(s->then, p);
  drop_void_uses(s->els, p);
  drop_void_uses(s->init, p);
  drop_void_uses(s->step, p);
  for (int i = 0; i < s->nbody; i++) drop_void_uses(s->body[i], p);
}

static void drop(Fn *g, int k, PtrVec *sites) {
  Var *p = g->params[k];
  for (int i = k; i + 1 < g->nparams; i++) g->params[i] = g->params[i + 1];
  g->nparams--;
  for (int i = 0; i < sites->len; i++) {
    Expr *c = ((Site *)sites->data[i])->call;
    for (int j = k; j + 1 < c->nargs; j++) c->args[j] = c->args[j + 1];
    c->nargs--;
  }
  drop_void_uses(g->body, p);
}

/* Could a parameter of g go (before looking at its uses)? */
static bool may_drop(const Fn *g) { return g->is_static && g->is_generated && !g->is_variadic && g->body && !g->is_cuda; }

void simplify_drop_params(Module *m) {
  int n = m->generated.len;
  bool any = false;  /* (no candidate: no walk of every body for its calls) */
  for (int i = 0; i < n && !any; i++) any = may_drop(m->generated.data[i]);
  if (!any) return;
  Uses u = {0};
  u.sites = calloc((size_t)n + 1, sizeof *u.sites);
  u.escapes = calloc((size_t)n + 1, sizeof *u.escapes);
  if (!u.sites || !u.escapes) die_internal("out of memory");
  for (int i = n - 1; i >= 0; i--)  /* (the first of a name wins, as a scan would find it) */
    strmap_put(&u.index, ((Fn *)m->generated.data[i])->name, (void *)(intptr_t)(i + 1));
  for (int i = 0; i < n; i++) {
    Fn *f = m->generated.data[i];
    uses_s(m, &u, f, f->body);
  }
  for (int i = 0; i < m->cuda.len; i++) uses_s(m, &u, m->cuda.data[i], ((Fn *)m->cuda.data[i])->body);
  for (int i = 0; i < n; i++) {
    Fn *g = m->generated.data[i];
    if (!may_drop(g) || u.escapes[i]) continue;
    for (int k = g->nparams - 1; k >= 0; k--)
      if (droppable(g, k, &u.sites[i])) drop(g, k, &u.sites[i]);
  }
}
