/*
 * adjoint_extent.c — how many bytes a checkpoint saves behind a pointer:
 * the extent of a block (malloc'd here, trading buffers, a parameter sized
 * by the request, a field an init helper allocates) or the span a loop and
 * its callees store through a parameter (u[i] under i < n, constant
 * indices, memcpy/memset counts), over the caller's own variables.
 *
 * Requires: the activity variant (memory classes) and the function's body.
 * Provides: adj_extent_of, adj_written_span, adj_field_extent,
 * adj_fixed_size, adj_holds_class, adj_loop_writes_struct (adjoint_int.h),
 * for adjoint_ckpt.c's regions.
 */

#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* Only integer variables nothing in the function writes, constants, sizeof. */
bool adj_fixed_size(const Expr *e, const Stmt *body) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(body, e->var);
  case EX_CAST:
  case EX_UN: return adj_fixed_size(e->lhs, body);
  case EX_BIN: return adj_fixed_size(e->lhs, body) && adj_fixed_size(e->rhs, body);
  default: return false;
  }
}

/* Structural equality of two plain expressions (variables, numbers, arithmetic). */
static bool ex_same(const Expr *x, const Expr *y) {
  x = x ? ex_strip_implicit(x) : NULL;
  y = y ? ex_strip_implicit(y) : NULL;
  if (!x || !y) return x == y;
  if (x->kind != y->kind || x->op != y->op) return false;
  if (x->kind == EX_VAR) return x->var == y->var;
  if (x->kind == EX_NUM) return x->value == y->value;
  if (x->kind != EX_BIN && x->kind != EX_UN && x->kind != EX_CAST) return false;
  return ex_same(x->lhs, y->lhs) && ex_same(x->rhs, y->rhs);
}

/* The bytes a loop body writes through p when every store of p's class is
 * p[i] inside for (i = 0; i < B; i++) with B fixed (the same B each time),
 * or p[K] with K an integer constant (an ODE's u[0], u[1]: the largest K
 * plus one), or a memcpy/memset of p's first BYTES bytes, or a call
 * passing p itself to a callee whose own stores through that parameter
 * are of these forms (callee_span: a helper's u[i] for i < n, n its
 * parameter, mapped to the call's argument), and no other call may write
 * it: B * sizeof *p; else NULL. Read over function v->fn's body (the
 * checkpointing function's, or a callee's for its summary). */
typedef struct Span {
  Variant *v;
  const Stmt *body;  /* the function's: what fixed_size asks about */
  const void *cls;
  Var *p;
  Expr *bound;
  const Expr *bytes; /* memcpy(p, _, bytes), or a callee's span */
  long nconst;       /* p[K] stores: the largest K + 1 */
  int depth;         /* callees summarised on the way */
  bool bad;
} Span;

/* K when e is a non-negative integer constant (through casts), else -1 */
static long const_index(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  if (!e || e->kind != EX_NUM || ty_is_float(e->type) || e->value < 0 || e->value > 1e9 ||
      e->value != (double)(long)e->value)
    return -1;
  return (long)e->value;
}

/* One store of p's first BYTES bytes (fixed): the first such count, or one
 * equal to it; p[i] stores beside it are refused later (written_bytes). */
static void span_bytes_store(Span *sp, const Expr *bytes) {
  if (!adj_fixed_size(bytes, sp->body) || (sp->bytes && !ex_same(sp->bytes, bytes))) sp->bad = true;
  else sp->bytes = bytes;
}

/* memcpy/memmove/memset(p, _, BYTES) with BYTES fixed: a store of p's
 * first BYTES bytes. True when c is one. */
static bool span_mem_call(Span *sp, const Expr *c) {
  if (!c->text || c->nargs != 3 || (strcmp(c->text, "memcpy") && strcmp(c->text, "memmove") && strcmp(c->text, "memset")))
    return false;
  const Expr *dst = ex_strip_implicit(c->args[0]);
  if (dst->kind != EX_VAR || dst->var != sp->p) return false;
  span_bytes_store(sp, c->args[2]);
  return true;
}

static Expr *callee_span(Variant *cv, int j, int depth, bool *count);

/* e, an expression over f's parameters, with the arguments of call c in
 * their place; NULL where it names anything else (a local, a global). */
static Expr *at_call(const Expr *e, const Fn *f, const Expr *c) {
  if (!e) return NULL;
  switch (e->kind) {
  case EX_NUM: return cl(e);
  case EX_SIZEOF: {  /* sizeof *u: its type's size, u not evaluated */
    if (!e->lhs) return cl(e);
    for (const Type *t = e->lhs->type; t && t->kind == TY_ARRAY; t = t->base)
      if (t->vla || t->len < 0) return NULL;
    return e->lhs->type ? ex_sizeof_type(ty_unqual(e->lhs->type)) : NULL;
  }
  case EX_VAR:
    for (int k = 0; k < f->nparams && k < c->nargs; k++) {
      if (e->var != f->params[k]) continue;
      Expr *a = cl(c->args[k]);  /* (converted as the call converts it) */
      return ty_same(a->type, e->type) ? a : ex_cast(e->type, a);
    }
    return NULL;
  case EX_CAST:
  case EX_UN:
  case EX_BIN: {
    Expr *n = cl(e);
    n->lhs = at_call(e->lhs, f, c);
    n->rhs = e->rhs ? at_call(e->rhs, f, c) : NULL;
    return n->lhs && (n->rhs || !e->rhs) ? n : NULL;
  }
  default: return NULL;
  }
}

/* A call whose argument j is of p's class and whose callee may store
 * there: when the argument is p itself and the callee's span through its
 * parameter is known over its parameters (the call's arguments there
 * fixed), a store of p's first elements (a count of p's own element type:
 * compared with the other stores' bound, so smooth(u, m) may call
 * inner(u, m) and store u[i] for i < m itself) or bytes; anything else is
 * unknown. */
static void span_call_arg(Span *sp, const Expr *c, int j, Variant *cv) {
  const Expr *arg = ex_strip_implicit(c->args[j]);
  bool count = false;
  Expr *n = NULL;
  if (arg->kind == EX_VAR && arg->var == sp->p && cv && cv->writes && j < cv->fn->nparams && !(cv->writes[j] & ~1u))
    n = at_call(callee_span(cv, j, sp->depth + 1, &count), cv->fn, c);
  if (!n) {
    sp->bad = true;
    return;
  }
  Type *et = cv->fn->params[j]->type->base;
  long k;
  if (count && ty_same(ty_unqual(et), ty_unqual(sp->p->type->base))) {
    if ((k = const_index(n)) > 0 && k > sp->nconst) sp->nconst = k;
    else if (k >= 0) { /* p[0..k) with k no larger: already counted */ }
    else if (!sp->bound) sp->bound = n;
    else if (!ex_same(sp->bound, n)) sp->bad = true;
    if (!sp->bad && k < 0 && !adj_fixed_size(n, sp->body)) sp->bad = true;
    return;
  }
  span_bytes_store(sp, count ? ex_bin(OP_MUL, ex_cast(ty_size_t(), n), ex_sizeof_type(ty_unqual(et))) : n);
}

static void span_walk(Span *sp, const Stmt *s, Var *ctr, const Expr *bound) {
  if (!s || sp->bad) return;
  if (s->kind == ST_FOR) {
    Var *i;
    const Expr *first, *b;
    long c;
    if (adj_loop_header(s, &i, &first, &b, &c) && c == 1 && s->cond->op == OP_LT && ex_is_zero(first) &&
        adj_fixed_size(b, sp->body)) {
      span_walk(sp, s->then, i, b);
      return;
    }
  }
  if (s->kind == ST_ASSIGN && act_loc_id(sp->v, s->lhs) == sp->cls) {
    const Expr *lv = ex_strip_implicit(s->lhs);
    const Expr *base = lv->kind == EX_INDEX || lv->kind == EX_DEREF ? ex_strip_implicit(lv->lhs) : NULL;
    const Expr *ix = lv->kind == EX_INDEX ? ex_strip_implicit(lv->rhs) : NULL;
    long k = ix ? const_index(ix) : lv->kind == EX_DEREF ? 0 : -1;  /* *p is p[0] */
    if (base && base->kind == EX_VAR && base->var == sp->p && k >= 0) {
      if (k + 1 > sp->nconst) sp->nconst = k + 1;
    } else if (!base || base->kind != EX_VAR || base->var != sp->p || !ix || ix->kind != EX_VAR || ix->var != ctr) {
      sp->bad = true;
      return;
    } else if (!sp->bound) sp->bound = (Expr *)bound;
    else if (!ex_same(sp->bound, bound)) sp->bad = true;
  }
  const Expr *c = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  if (c && c->kind == EX_CALL && s->kind == ST_EXPR && span_mem_call(sp, c)) {
    /* counted as a store of p's first elements */
  } else if (c && c->kind == EX_CALL && !c->rt && !rule_find(c->text)) {
    Variant *cv = act_callee(sp->v, (Expr *)c);  /* a callee that only reads p (rhs(u, du, n)) writes nothing */
    for (int j = 0; j < c->nargs && !sp->bad; j++)
      if (ty_is_ptr(c->args[j]->type) && act_loc_id(sp->v, ex_deref(cl(c->args[j]))) == sp->cls &&
          !(cv && cv->writes && j < cv->fn->nparams && !cv->writes[j]))
        span_call_arg(sp, c, j, cv);
  }
  span_walk(sp, s->then, ctr, bound);
  span_walk(sp, s->els, ctr, bound);
  span_walk(sp, s->init, ctr, bound);
  span_walk(sp, s->step, ctr, bound);
  for (int i = 0; i < s->nbody; i++) span_walk(sp, s->body[i], ctr, bound);
}

/* What a finished walk found written through p: a count of p's elements
 * (*count set) or bytes; NULL: unknown. */
static Expr *span_result(const Span *sp, bool *count) {
  *count = false;
  if (sp->bad) return NULL;
  if (sp->nconst) {  /* constant indices alone: their span is known; beside others it cannot be compared */
    if (sp->bound || sp->bytes) return NULL;
    *count = true;
    return ex_num((double)sp->nconst, ty_int());
  }
  if (!sp->bound == !sp->bytes) return NULL;
  *count = sp->bound != NULL;
  return cl(sp->bound ? sp->bound : sp->bytes);
}

/* The bytes of p a finished walk found written; NULL: unknown. */
static Expr *written_bytes(const Span *sp, const Var *p) {
  bool count;
  Expr *n = span_result(sp, &count);
  if (!n) return NULL;
  if (!count) return ex_cast(ty_size_t(), n);
  return ex_bin(OP_MUL, ex_cast(ty_size_t(), n), ex_sizeof_type(ty_unqual(p->type->base)));
}

/* A callee's summary: what it writes through its pointer parameter j (a
 * count of its elements, *count set, or bytes), as an expression over its
 * parameters (its own stores of the forms above, its callees' in turn, a
 * few levels deep); NULL: unknown, or it changes the parameter itself. */
static Expr *callee_span(Variant *cv, int j, int depth, bool *count) {
  Fn *f = cv->fn;
  *count = false;
  if (depth > 4 || !f->body || j >= f->nparams || !ty_is_ptr(f->params[j]->type)) return NULL;
  Var *p = f->params[j];
  const void *cls = act_loc_id(cv, ex_deref(ex_var(p)));
  if (!cls || adj_writes_var(f->body, p)) return NULL;
  Span sp = {cv, f->body, cls, p, NULL, NULL, 0, depth, false};
  span_walk(&sp, f->body, NULL, NULL);
  return span_result(&sp, count);
}

Expr *adj_written_span(Adj *a, const Stmt *loop, Var *p, const void *cls) {
  Span sp = {a->v, a->body, cls, p, NULL, NULL, 0, 0, false};
  /* the checkpointed loop's own counter counts too: for (i = 0; i < n; i++) u[i] = .. */
  Var *i = NULL;
  const Expr *first = NULL, *b = NULL;
  long c = 0;
  bool counted = loop->kind == ST_FOR && adj_loop_header(loop, &i, &first, &b, &c) && c == 1 &&
                 loop->cond->op == OP_LT && ex_is_zero(first) && adj_fixed_size(b, a->body);
  span_walk(&sp, loop->then, counted ? i : NULL, counted ? b : NULL);
  span_walk(&sp, loop->step, NULL, NULL);
  if (adj_writes_var(loop, p)) return NULL;
  return written_bytes(&sp, p);
}

/* The size in bytes of what pointer variable p points to, when known and
 * fixed: a local malloc'd once, or trading buffers of one size with others,
 * or a parameter sized by the request (wrt, out, scratch). */
Expr *adj_extent_of(Adj *a, Var *p) {
  Expr *bytes = ptrmap_get(&a->extent, p);
  if (!bytes) bytes = ptrmap_get(&a->swap_extent, p);
  if (bytes) return cl(bytes);
  if (!a->v->is_public || !a->v->req || p->kind != VAR_PARAM) return NULL;
  const Request *r = a->v->req;
  for (int k = 0; k < r->nwrt + r->nout + r->nscratch; k++) {
    const ReqItem *it = k < r->nwrt ? &r->wrt[k] : k < r->nwrt + r->nout ? &r->out[k - r->nwrt]
                                                                        : &r->scratch[k - r->nwrt - r->nout];
    if (it->param < 0 || a->primal->params[it->param] != p || !it->size_expr) continue;
    if (!adj_fixed_size(it->size_expr, a->body)) return NULL;
    Expr *n = ex_cast(ty_size_t(), cl(it->size_expr));
    return ex_bin(OP_MUL, n, ex_sizeof_type(ty_unqual(p->type->base)));
  }
  return NULL;
}

/* ---- a pointer field below a local struct, at any depth ----
 * The path x.f[0].f[1]...f[n-1]: x a local struct, each f[i] a field
 * reached by `.`, the last one a pointer (kf.x.d). */

enum { FPATH_MAX = 8 };
typedef struct FPath { const Var *x; int n; const char *f[FPATH_MAX]; } FPath;

static bool fpath_of(const Expr *e, FPath *p) {
  const char *rev[FPATH_MAX];
  int n = 0;
  e = ex_strip_implicit(e);
  while (e->kind == EX_MEMBER && !e->is_arrow && n < FPATH_MAX) {
    rev[n++] = e->text;
    e = ex_strip_implicit(e->lhs);
  }
  if (e->kind != EX_VAR || n == 0) return false;
  p->x = e->var;
  p->n = n;
  for (int i = 0; i < n; i++) p->f[i] = rev[n - 1 - i];
  return true;
}

/* How many of p's fields lvalue e names, when e is x or x.f[0]...f[k-1]
 * (a prefix of the path, or the path itself); else -1. */
static int path_prefix(const Expr *e, const FPath *p) {
  const char *rev[FPATH_MAX];
  int k = 0;
  e = ex_strip_implicit(e);
  while (e->kind == EX_MEMBER && !e->is_arrow) {
    if (k == p->n) return -1;
    rev[k++] = e->text;
    e = ex_strip_implicit(e->lhs);
  }
  if (e->kind != EX_VAR || e->var != p->x) return -1;
  for (int i = 0; i < k; i++)
    if (!str_eq(rev[k - 1 - i], p->f[i])) return -1;
  return k;
}

static bool is_path(const Expr *e, const FPath *p) { return path_prefix(e, p) == p->n; }

/* e, casts and conversions aside, is the constant 0 (NULL) */
static bool is_null(const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return ex_is_zero(e);
}

typedef struct FieldUse { const FPath *p; int writes; bool addr, whole; } FieldUse;

/* &x, &x.f[0].., &x.f[0]...f[n-1]: a pointer through which the field may change */
static Walk field_use_ex(Expr *e, void *ctx) {
  FieldUse *u = ctx;
  if (e->kind == EX_ADDR && path_prefix(e->lhs, u->p) >= 0) u->addr = true;
  return WALK_ON;
}

static Walk field_use_st(Stmt *s, void *ctx) {
  FieldUse *u = ctx;
  int k = s->kind == ST_ASSIGN ? path_prefix(s->lhs, u->p) : -1;
  if (k == u->p->n) u->writes++;
  else if (k >= 0) u->whole = true;  /* x or a struct on the way stored whole */
  if (s->kind == ST_DECL && s->var == u->p->x && s->expr) u->whole = true;
  return WALK_ON;
}

/* ---- a field reached through a callee's parameter ----
 * A call given &x.f[0]...f[k-1] (k < n) as parameter q: the callee names
 * the field q->f[k].f[k+1]...f[n-1]. */

typedef struct PField {
  const Var *q;
  const FPath *p;
  int k, stores, nulls, depth;
  int uses, based;  /* q read, q read to reach through it (q->.., *q) */
  int addrs, handed;  /* addresses on the path taken, handed to a release (&q->x) */
  bool other;
} PField;

/* How many of the fields f[k].. lvalue l names below q (q->f[k].., or
 * (*q).f[k].., or *q: 0), when they follow the path; -2 when l is fields
 * below q that leave the path (q->H beside q->F.d: other memory); else -1. */
static int param_prefix(const Expr *l, const PField *u) {
  const char *rev[FPATH_MAX];
  int m = 0;
  l = ex_strip_implicit(l);
  for (;;) {
    const Expr *in = l->kind == EX_DEREF || (l->kind == EX_MEMBER && l->is_arrow) ? ex_strip_implicit(l->lhs) : NULL;
    if (in && in->kind == EX_ADDR) {  /* (&q->F)->d is q->F.d (the AT(&kf->F, i, j) macro) */
      if (l->kind == EX_MEMBER) {
        if (m == FPATH_MAX) return -1;
        rev[m++] = l->text;
      }
      l = ex_strip_implicit(in->lhs);
      continue;
    }
    if (in) break;
    if (l->kind != EX_MEMBER || m == FPATH_MAX) return -1;
    rev[m++] = l->text;
    l = ex_strip_implicit(l->lhs);
  }
  if (l->kind == EX_MEMBER) {  /* q->g */
    if (m == FPATH_MAX) return -1;
    rev[m++] = l->text;
  }
  const Expr *q = ex_strip_implicit(l->lhs);
  if (q->kind != EX_VAR || q->var != u->q) return -1;
  if (m > u->p->n - u->k) return m > 0 && !str_eq(rev[m - 1], u->p->f[u->k]) ? -2 : -1;
  for (int i = 0; i < m; i++)
    if (!str_eq(rev[m - 1 - i], u->p->f[u->k + i])) return -2;
  return m;
}

/* stores into the field, and uses of q that could change it otherwise
 * (q itself stored, a struct on the way stored whole, q or an address
 * below it handed to a call) */
static Walk pfield_st(Stmt *s, void *ctx) {
  PField *u = ctx;
  if (s->kind != ST_ASSIGN) return WALK_ON;
  const Expr *l = ex_strip_implicit(s->lhs);
  int m = param_prefix(l, u);
  if (m == u->p->n - u->k) {
    u->stores++;
    if (is_null(s->rhs)) u->nulls++;
  } else if (m >= 0 || (l->kind == EX_VAR && l->var == u->q)) {
    u->other = true;
  }
  return WALK_ON;
}

static bool defined_callee(const Expr *c) {
  return c && c->fn && c->fn->is_defined && c->fn->body && c->fn->nparams == c->nargs;
}

static PField pfield_uses(const Fn *g, int j, const FPath *p, int k, int depth);

/* q handed to a call: only an address on the path (&q->x, short of the
 * field) to a function of the file that in turn stores the field nothing
 * but NULL (kf_free(&kf) calling mat_free(&kf->x)) leaves it known */
static Walk pfield_ex(Expr *e, void *ctx) {
  PField *u = ctx;
  if (e->kind == EX_VAR && e->var == u->q) u->uses++;
  if ((e->kind == EX_DEREF || (e->kind == EX_MEMBER && e->is_arrow)) && e->lhs->kind == EX_VAR && e->lhs->var == u->q)
    u->based++;
  if (e->kind == EX_ADDR && param_prefix(e->lhs, u) >= 0) u->addrs++;
  const Expr *in = e->kind == EX_DEREF || (e->kind == EX_MEMBER && e->is_arrow) ? ex_strip_implicit(e->lhs) : NULL;
  if (in && in->kind == EX_ADDR && param_prefix(in->lhs, u) >= 0) u->handed++;  /* reached through at once */
  if (e->kind != EX_CALL) return WALK_ON;
  for (int i = 0; i < e->nargs; i++) {
    const Expr *g = ex_strip_implicit(e->args[i]);
    if (g->kind == EX_CAST) g = ex_strip_implicit(g->lhs);
    if (g->kind == EX_VAR && g->var == u->q) u->other = true;
    if (g->kind != EX_ADDR || !ex_mentions(g, u->q)) continue;
    int m = param_prefix(g->lhs, u);
    if (m == -2) continue;  /* another field's address */
    if (m < 0 || m >= u->p->n - u->k || !defined_callee(e) || u->depth >= 4) {
      u->other = true;
      continue;
    }
    PField w = pfield_uses(e->fn, i, u->p, u->k + m, u->depth + 1);
    if (w.other || w.stores != w.nulls) u->other = true;
    u->handed++;
    u->stores += w.stores;
    u->nulls += w.nulls;
  }
  return WALK_ON;
}

static PField pfield_uses(const Fn *g, int j, const FPath *p, int k, int depth) {
  PField u = {g->params[j], p, k, 0, 0, depth, 0, 0, 0, 0, false};
  IrWalk w = {pfield_st, NULL, pfield_ex, &u};
  ir_walk(&w, g->body);
  /* q stored, or read other than to reach through it (Kalman *a = q;
   * a->x.d = ..), or an address on the path kept (Mat *m = &q->x) */
  if (adj_writes_var(g->body, g->params[j]) || u.uses > u.based || u.addrs > u.handed) u.other = true;
  return u;
}

/* The parameter of call c given an address on the path (&x, &x.f[0]..,
 * short of the field itself), with its prefix length in *k; -1 if none,
 * or if another argument names x. */
static int path_arg(const Expr *c, const FPath *p, int *k) {
  int at = -1;
  for (int j = 0; j < c->nargs; j++) {
    const Expr *arg = ex_strip_implicit(c->args[j]);
    int kk = arg->kind == EX_ADDR ? path_prefix(arg->lhs, p) : -1;
    if (at < 0 && kk >= 0 && kk < p->n) {
      at = j;
      *k = kk;
    } else if (ex_mentions(arg, p->x)) {
      return -1;
    }
  }
  return at;
}

/* The stores into the field in s, statements of nested plain blocks
 * included, in order, into out; how many there are. */
static int top_stores(const Stmt *s, const PField *u, const Stmt **out, int cap, int n) {
  if (s->kind == ST_BLOCK) {
    for (int i = 0; i < s->nbody; i++) n = top_stores(s->body[i], u, out, cap, n);
    return n;
  }
  if (s->kind == ST_ASSIGN && param_prefix(s->lhs, u) == u->p->n - u->k) {
    if (n < cap) out[n] = s;
    n++;
  }
  return n;
}

/* If call hands &x (or &x.f[0]..) to a function of the file whose stores
 * into the field are all at its top level (in plain blocks too), a malloc
 * or calloc of a size over its integer parameters last, NULL before it
 * (an inlined constructor's `m = {0, 0, 0}`), and that does nothing else
 * that could change the field: those bytes at the call. */
static Expr *callee_field_alloc(const Expr *call, const FPath *p) {
  int k = 0, j = defined_callee(call) ? path_arg(call, p, &k) : -1;
  if (j < 0) return NULL;
  const Fn *g = call->fn;
  PField u = pfield_uses(g, j, p, k, 0);
  if (u.stores - u.nulls != 1 || u.other) return NULL;
  const Stmt *st[16];
  if (top_stores(g->body, &u, st, 16, 0) != u.stores || u.stores > 16) return NULL;
  const Expr *rhs = ex_strip_implicit(st[u.stores - 1]->rhs);
  if (rhs->kind != EX_CALL || !rhs->text || rhs->rt || (!str_eq(rhs->text, "malloc") && !str_eq(rhs->text, "calloc")))
    return NULL;
  Expr *bytes = str_eq(rhs->text, "malloc") ? cl(rhs->args[0]) : ex_bin(OP_MUL, cl(rhs->args[0]), cl(rhs->args[1]));
  return at_call(bytes, g, call);
}

static const Expr *stmt_call(const Stmt *s) {
  const Expr *e = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  e = e ? ex_strip_implicit(e) : NULL;
  return e && e->kind == EX_CALL && !e->rt ? e : NULL;
}

/* A statement after the loop that takes an address on the path only to
 * hand it to a call of a function of the file that stores nothing into
 * the field but NULL (x's release: free(p->u); p->u = NULL;). */
static bool releases_only(const Stmt *s, const FPath *p) {
  const Expr *c = stmt_call(s);
  int k = 0, j = s->kind == ST_EXPR && defined_callee(c) ? path_arg(c, p, &k) : -1;
  if (j < 0) return false;
  PField u = pfield_uses(c->fn, j, p, k, 0);
  return u.stores == u.nulls && !u.other;
}

enum { PATH_MAX_DEPTH = 64 };

/* The blocks from s down to the one that holds target, with the index of
 * the child on the way in each (blk[0] outermost); false if not there. */
static bool block_path(const Stmt *s, const Stmt *target, const Stmt **blk, int *idx, int *len) {
  if (!s || *len >= PATH_MAX_DEPTH) return false;
  if (s->kind == ST_BLOCK) {
    int at = (*len)++;
    blk[at] = s;
    for (int i = 0; i < s->nbody; i++) {
      idx[at] = i;
      if (s->body[i] == target) return true;
      int keep = *len;
      if (block_path(s->body[i], target, blk, idx, len)) return true;
      *len = keep;
    }
    (*len)--;
    return false;
  }
  const Stmt *kids[4] = {s->then, s->els, s->init, s->step};
  for (int i = 0; i < 4; i++)
    if (kids[i] && block_path(kids[i], target, blk, idx, len)) return true;
  return false;
}

static bool takes_addr(const Stmt *s, const FPath *p) {
  FieldUse u = {p, 0, false, false};
  IrWalk w = {field_use_st, NULL, field_use_ex, &u};
  ir_walk(&w, (Stmt *)s);
  return u.addr;
}

/* The parts of compound statement s other than its child on the way down
 * (a block, or the block that holds it) take an address on the path. */
static bool parts_take_addr(const Stmt *s, const Stmt *down, const FPath *p) {
  FieldUse u = {p, 0, false, false};
  const Expr *es[3] = {s->cond, s->expr, NULL};
  for (int i = 0; es[i]; i++) ex_each(es[i], field_use_ex, &u);
  const Stmt *kids[4] = {s->then, s->els, s->init, s->step};
  for (int i = 0; i < 4; i++)
    if (kids[i] && kids[i] != down && takes_addr(kids[i], p)) u.addr = true;
  return u.addr;
}

/* The bytes malloc'd into pointer field m of a local struct (m: x.f, or
 * x.f[0]...f[n-1] through structs of structs: State s; s.u = malloc(n *
 * sizeof(double));, or init(&s, n) storing p->u = malloc(..), or
 * kf_init(&kf) storing kf->x.d = calloc(..), callee_field_alloc) when that
 * is the field's only store, a statement before the checkpointed loop in
 * the block that holds it, no struct on the way is ever stored whole, and
 * nothing takes an address on the path (&x, &x.f[0]..) outside the loop
 * but that call and, after the loop, calls that release the field without
 * storing it but NULL (releases_only); the loop stores nothing into x
 * itself (field_region checks). */
Expr *adj_field_extent(Adj *a, const Stmt *loop, const Expr *m) {
  FPath p;
  const Stmt *blk[PATH_MAX_DEPTH];
  int idx[PATH_MAX_DEPTH], len = 0;
  if (!fpath_of(m, &p) || !a->body || !block_path(a->body, loop, blk, idx, &len) || len == 0) return NULL;
  const Stmt *b = blk[len - 1];
  int lp = idx[len - 1], at = -1;
  Expr *by_call = NULL;
  for (int i = 0; i < lp && at < 0; i++) {
    const Stmt *s = b->body[i];
    if (s->kind == ST_ASSIGN && is_path(s->lhs, &p)) at = i;
  }
  for (int i = 0; at < 0 && i < lp; i++)
    if ((by_call = callee_field_alloc(stmt_call(b->body[i]), &p))) at = i;
  if (at < 0) return NULL;
  Expr *bytes = by_call;
  if (!bytes) {
    const Expr *rhs = ex_strip_implicit(b->body[at]->rhs);
    if (rhs->kind != EX_CALL || !rhs->text || (!str_eq(rhs->text, "malloc") && !str_eq(rhs->text, "calloc")))
      return NULL;
    bytes = str_eq(rhs->text, "malloc") ? cl(rhs->args[0]) : ex_bin(OP_MUL, cl(rhs->args[0]), cl(rhs->args[1]));
  }
  FieldUse all = {&p, 0, false, false};
  IrWalk w = {field_use_st, NULL, field_use_ex, &all};
  ir_walk(&w, a->body);
  if (all.writes != (by_call ? 0 : 1) || all.whole) return NULL;
  for (int L = 0; L < len; L++) {
    const Stmt *bl = blk[L];
    for (int i = 0; i < bl->nbody; i++) {
      const Stmt *s = bl->body[i];
      if (i == idx[L]) {
        if (L + 1 < len && parts_take_addr(s, blk[L + 1], &p)) return NULL;
        continue;
      }
      if (L == len - 1 && by_call && i == at) continue;
      if (takes_addr(s, &p) && !(i > idx[L] && releases_only(s, &p))) return NULL;
    }
  }
  return adj_fixed_size(bytes, a->body) ? bytes : NULL;
}

/* Whether array or struct variable x's own storage is class cls: the
 * array, the struct, or one of its fields (Hist h; upd(h.v, 4) writes the
 * class of h.v's elements). */
bool adj_holds_class(Adj *a, Var *x, const void *cls) {
  if (act_loc_id(a->v, ex_var(x)) == cls) return true;
  const Type *t = x->type;
  if (t->kind != TY_RECORD || !t->rec || t->rec->is_union) return false;
  for (int i = 0; i < t->rec->nfields; i++) {
    Field *f = &t->rec->fields[i];
    if (!f->name || !*f->name || f->is_bitfield) continue;
    Expr *m = ex_new(EX_MEMBER, f->type, x->loc);
    m->lhs = ex_var(x);
    m->text = f->name;
    if (act_loc_id(a->v, m) == cls) return true;
    if (f->type->kind == TY_ARRAY && act_loc_id(a->v, ex_index(m, ex_int(0))) == cls) return true;
  }
  return false;
}

/* Whether the loop may store into x itself (x = .., x.f = .., or a call
 * given &x that writes what its parameter points to): a pointer field it
 * changes (s->u = s->v, s->u++) would make the extent wrong. */
typedef struct XWrite { Adj *a; const Var *x; bool yes; } XWrite;

static Walk x_write_st(Stmt *s, void *ctx) {
  XWrite *w = ctx;
  if (s->kind == ST_ASSIGN && adj_root_var(s->lhs) == w->x) {
    const Expr *l = ex_strip_implicit(s->lhs);
    while (l->kind == EX_MEMBER && !l->is_arrow) l = ex_strip_implicit(l->lhs);
    if (l->kind == EX_VAR) w->yes = true;
  }
  return w->yes ? WALK_STOP : WALK_ON;
}

static Walk x_write_ex(Expr *e, void *ctx) {
  XWrite *w = ctx;
  if (e->kind != EX_CALL) return WALK_ON;
  Variant *cv = act_callee(w->a->v, e);
  for (int j = 0; j < e->nargs; j++) {
    const Expr *g = ex_strip_implicit(e->args[j]);
    if (g->kind != EX_ADDR || adj_root_var(g->lhs) != w->x) continue;
    if (!cv || !cv->writes || j >= cv->fn->nparams || (cv->writes[j] & 1)) w->yes = true;
  }
  return w->yes ? WALK_STOP : WALK_ON;
}

bool adj_loop_writes_struct(Adj *a, const Stmt *loop, const Var *x) {
  XWrite w = {a, x, false};
  IrWalk iw = {x_write_st, NULL, x_write_ex, &w};
  ir_walk(&iw, (Stmt *)loop);
  return w.yes;
}
