#include <stdlib.h>
#include <string.h>
/* build.c — expression builders shared by the transforms. NULL is zero. */
#include "transform.h"
#include "../ir/rules.h"
#include "../ir/mpi.h"

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
  /* (I is a number without a value: NaN) */
  if (a->kind == EX_NUM && a->text[0] != '-' && a->type->kind != TY_INT && a->value == a->value)
    return ex_num(-a->value, a->type);
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

/* fn(a) in a's precision (conjf, crealf for float complex) */
static Expr *complex_call(const char *fn, Type *t, Expr *a) {
  return ex_call1(a->type->base->kind == TY_FLOAT ? xfmt("%sf", fn) : fn, t, a);
}

static bool is_conj(const Expr *a) {
  return a->kind == EX_CALL && a->nargs == 1 && ty_is_complex(a->type) &&
         str_eq(a->text, a->type->base->kind == TY_FLOAT ? "conjf" : "conj");
}

Expr *d_conj(Expr *a) {
  if (!a || !ty_is_complex(a->type)) return a;
  const Expr *n = ex_strip_implicit(a);
  if (n->kind == EX_NUM && n->value == n->value) return a;  /* a real number */
  if (n->kind == EX_NUM) return d_neg(a);                   /* I */
  if (n != a && !ty_is_complex(n->type)) return a;          /* a real value, converted */
  if (is_conj(a)) return a->args[0];
  if (a->kind == EX_UN && a->op == OP_NEG) return d_neg(d_conj(a->lhs));
  /* conj(u * v) = conj(u) * conj(v) (and +, -, /) where that spends no more conj calls */
  if (a->kind == EX_BIN && (a->op == OP_MUL || a->op == OP_DIV || a->op == OP_ADD || a->op == OP_SUB) &&
      (!ty_is_complex(a->lhs->type) || !ty_is_complex(a->rhs->type) || is_conj(a->lhs) || is_conj(a->rhs)))
    return ex_bin(a->op, d_conj(a->lhs), d_conj(a->rhs));
  return complex_call("conj", ty_unqual(a->type), a);
}

Expr *d_real(Expr *a) {
  if (!a || !ty_is_complex(a->type)) return a;
  return complex_call("creal", a->type->base, a);
}

Expr *tr_rule_tangent(const Expr *call, int i, const Expr *result, Expr *dot) {
  Expr *s = rule_special_tangent(call, result, dot);
  return s ? s : d_mul(rule_partial(call, i, result), dot);
}

Expr *tr_rule_adjoint(const Expr *call, int i, const Expr *result, Expr *seed) {
  Expr *s = rule_special_adjoint(call, result, seed);
  if (s && is_conj(s)) s = d_conj(s->args[0]);  /* conj's: conj(conj(u) * s) is u * s */
  if (!s) s = d_mul(d_conj(rule_partial(call, i, result)), seed);
  return ty_is_complex(call->args[i]->type) ? s : d_real(s);
}

Expr *d_zero(Type *t) {
  if (t && t->kind == TY_FLOAT) return ex_num(0, ty_float());
  if (t && t->kind == TY_RECORD) return ex_cast(ty_unqual(t), ex_new(EX_INIT, ty_unqual(t), (SrcLoc){0}));  /* (Acc){0} */
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

Type *tr_writable(Type *t) {
  if (t->kind != TY_PTR && t->kind != TY_ARRAY) return ty_unqual(t);
  if (t->base->kind == TY_FUNC) return ty_unqual(t);
  Type *base = tr_writable(t->base);
  if (base == t->base && !t->is_const) return t;
  Type *u = xmalloc(sizeof *u);
  *u = *t;
  u->is_const = false;
  u->base = base;
  if (u->name) u->name = NULL;  /* a typedef name would bring the const back */
  return u;
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

/* Derivative storage a generated function owns (scratch(s[n])): zeroed. */
Stmt *d_calloc_decl(Var *d, Expr *count, SrcLoc loc) {
  Expr *args[2] = {ex_cast(ty_size_t(), count), d_sizeof_expr(ex_deref(ex_var(d)))};
  return st_decl(d, ex_call("calloc", ty_ptr(ty_void()), args, 2), loc);
}

Stmt *d_free(Var *d, SrcLoc loc) { return st_expr(ex_call1("free", ty_void(), ex_cast(ty_ptr(ty_void()), ex_var(d))), loc); }

const char *tr_fresh_fn_name(Module *m, const char *hint) {
  NameSet *fn_names = &m->fn_names;
  if (!m->fn_names_ready) {
    m->fn_names_ready = true;
    for (int i = 0; i < m->fns.len; i++) nameset_add(fn_names, ((Fn *)m->fns.data[i])->name);
    for (int i = 0; i < m->globals.len; i++) nameset_add(fn_names, ((Var *)m->globals.data[i])->name);
    for (int i = 0; i < m->requests.len; i++) {
      Request *r = m->requests.data[i];
      if (r->gen_name) nameset_add(fn_names, r->gen_name);
    }
  }
  const char *name = hint;
  for (int i = 2; nameset_has(fn_names, name); i++) name = xfmt("%s_%d", hint, i);
  name = xstrdup(name);
  nameset_add(fn_names, name);
  return name;
}

/* The same access path as e, rooted at the shadow of its base variable:
 * x[i].f -> x_dot[i].f, p + k -> p_bar + k. Index and offset parts are
 * copied unchanged; 'root' maps the base variable to its shadow. */
/* Does v's function store data carrying derivatives into the memory of
 * global x other than by naming x (double *p = &G; *p = t;, a call writing
 * through &G[1], memcpy(G, ...))? A table that only shares a pointer
 * target with differentiated data, which nothing writes, does not. */
typedef struct GlobStore {
  Variant *v;
  const void *cls;
} GlobStore;

static Walk glob_store_st(Stmt *s, void *ctx) {
  GlobStore *g = ctx;
  return s->kind == ST_ASSIGN && act_loc_id(g->v, s->lhs) == g->cls && act_lvalue_varied(g->v, s->lhs) ? WALK_STOP
                                                                                                        : WALK_ON;
}

static Walk glob_store_ex(Expr *e, void *ctx) {
  GlobStore *g = ctx;
  if (e->kind != EX_CALL || rule_find(e->text)) return WALK_ON;
  for (int i = 0; i < e->nargs; i++) {
    Expr *a = e->args[i];
    if (ty_is_ptr(a->type) && !a->type->base->is_const && act_pts_id(g->v, a) == g->cls && act_pts_varied(g->v, a))
      return WALK_STOP;  /* passed where the callee may write */
  }
  return WALK_ON;
}

static bool global_stored(Variant *v, const Var *x) {
  if (!v || !v->fn || !v->fn->body || x->kind != VAR_GLOBAL || x->type->is_const) return false;
  GlobStore g = {v, act_loc_id(v, ex_var((Var *)x))};
  return g.cls && (!st_each(v->fn->body, glob_store_st, &g) || !st_each_expr(v->fn->body, glob_store_ex, &g));
}

void tr_no_shadow_error(SrcLoc loc, Variant *v, const Var *x, const char *name) {
  bool stored = x && global_stored(v, x);  /* a write to the global through a pointer, as G = t would be */
  if (stored && x->is_static)
    diag_at(loc, D_STATIC_WRITE, x->name);
  else if (stored)
    diag_at(loc, D_GLOBAL_WRITE, x->name);
  else
    diag_at(loc, D_NO_SHADOW, name);
}

/* The note that an f2c static local is treated as an ordinary local: once
 * a run for each, whatever the requests and variants that meet it (and
 * not used up by a silent build, whose messages are dropped). */
void tr_note_static_fresh(Module *m, SrcLoc loc, const Var *x) {
  const char *key = xfmt("%s:%d:%s", loc.file ? loc.file : "", loc.line, x->name);
  if (diag_muted() || nameset_has(&m->notes_told, key)) return;
  nameset_add(&m->notes_told, key);
  diag_at(loc, D_STATIC_LOCAL_FRESH, x->name);
}

/* tr_static_shared: f's static locals, and which of them it stores into */
typedef struct Statics { PtrVec decls; PtrMap stored; } Statics;

static Walk statics_st(Stmt *s, void *ctx) {
  Statics *c = ctx;
  if (s->kind == ST_DECL && s->var && s->var->is_static && s->var->kind == VAR_LOCAL) vec_push(&c->decls, s->var);
  if (s->kind == ST_ASSIGN && s->lhs) {
    Var *x = ex_root_var(s->lhs);
    if (x) ptrmap_put(&c->stored, x, (void *)1);
  }
  return WALK_ON;
}

static Walk statics_ex(Expr *e, void *ctx) {
  Statics *c = ctx;
  Var *x = e->kind == EX_ADDR ? ex_root_var(e->lhs) : NULL;
  if (x) ptrmap_put(&c->stored, x, (void *)1);
  for (int i = 0; e->kind == EX_CALL && i < e->nargs; i++) {  /* an array passed: may be written */
    const Expr *a = ex_strip_implicit(e->args[i]);
    if (a->kind == EX_VAR && a->var->type->kind == TY_ARRAY) ptrmap_put(&c->stored, a->var, (void *)1);
  }
  return WALK_ON;
}

Var *tr_static_shared(Fn *f, bool fresh) {
  if (!f || !f->body) return NULL;
  Statics c = {0};
  ir_walk(&(IrWalk){.st = statics_st, .ex = statics_ex, .ctx = &c}, f->body);
  Var *hit = NULL;
  for (int i = 0; i < c.decls.len && !hit; i++) {
    Var *x = c.decls.data[i];
    if (ptrmap_get(&c.stored, x) && (fresh || !x->static_fresh)) hit = x;
  }
  free(c.decls.data);
  free(c.stored.keys);
  free(c.stored.vals);
  return hit;
}

/* A shadow struct has the primal's field types, so a field declared
 * `const double *w` points to writable adjoint storage through a const
 * pointer: M_bar->w[i] += .. needs ((double *)M_bar->w)[i]. */
static Expr *writable_field(Expr *p) {
  if (p->kind != EX_MEMBER || !ty_is_ptr(p->type) || !p->type->base->is_const) return p;
  Expr *c = ex_cast(ty_ptr(ty_unqual(p->type->base)), p);
  return c;
}

static Expr *shadow_path(const Expr *e, ShadowRoot root, void *ctx, Variant *v) {
  Expr *c;
  switch (e->kind) {
  case EX_VAR: {
    Expr *r = root(ctx, e->var);
    if (!r) {
      /* Activity tracks one pointer target per variable and per struct (all
       * its pointer fields together): data without derivatives that shares
       * that target with differentiated data ends up here. After an error
       * about e's variable (a union, a static) this would be a follow-on. */
      if (!diag_errors()) tr_no_shadow_error(e->loc, v, e->var, e->var->name);
      return ex_int(0);
    }
    return r;
  }
  case EX_NUM: return ir_clone_expr(e, NULL);
  case EX_INDEX:
  case EX_BIN:
    c = ir_clone_expr(e, NULL);
    if (ty_is_ptr(e->lhs->type) || e->lhs->type->kind == TY_ARRAY)
      c->lhs = writable_field(shadow_path(e->lhs, root, ctx, v));
    else
      c->rhs = writable_field(shadow_path(e->rhs, root, ctx, v));
    return c;
  case EX_MEMBER:
  case EX_DEREF:
  case EX_ADDR:
  case EX_CAST:
    c = ir_clone_expr(e, NULL);
    c->lhs = shadow_path(e->lhs, root, ctx, v);
    if (e->kind == EX_DEREF) c->lhs = writable_field(c->lhs);
    if (c->kind == EX_MEMBER) c->is_arrow = ty_is_ptr(c->lhs->type);
    return c;
  case EX_COND:
    c = ir_clone_expr(e, NULL);
    c->lhs = shadow_path(e->lhs, root, ctx, v);
    c->rhs = shadow_path(e->rhs, root, ctx, v);
    return c;
  default:
    diag_at(e->loc, D_NO_SHADOW_PATH);
    return ex_int(0);
  }
}

Expr *tr_shadow_path(const Expr *e, ShadowRoot root, void *ctx, Variant *v) { return shadow_path(e, root, ctx, v); }

/* Calls to generated functions get their Fn, so later requests (jvp of a
 * gradient) can differentiate through them: the last generated function
 * of the call's name. Each body is walked once; a call no function is
 * generated for yet waits in m->unlinked until one is. */
static Walk link_e(Expr *e, void *m_) {
  Module *m = m_;
  if (e->kind == EX_CALL && e->text && !e->fn) {
    e->fn = strmap_get(&m->generated_by_name, e->text);
    if (!e->fn) {
      PtrVec *calls = strmap_get(&m->unlinked, e->text);
      if (!calls) strmap_put(&m->unlinked, e->text, calls = xmalloc(sizeof *calls));
      vec_push(calls, e);
    }
  }
  return WALK_ON;
}

/* A call whose variant carries no derivative in or out, to a function that
 * cannot write through its parameters, is just a call of the primal. */
bool tr_call_is_passive(Variant *cv) {
  if (!cv || cv->ret || cv->ret_shadow) return !cv;
  Fn *g = cv->fn;
  /* a reverse-mode sweep (jvp of f_grad): what g_bwd pops, g_fwd pushed
   * with its tangent (a pointer it allocated, say), so g_bwd pops both */
  if (g->tape_dir) return false;
  for (int j = 0; j < g->nparams; j++) {
    if (cv->shadow[j]) return false;
    Type *t = g->params[j]->type;
    if (ty_is_ptr(t) && !t->base->is_const) return false;
  }
  return true;
}

void tr_link_calls(Module *m) {
  int first = m->nlinked;
  m->nlinked = m->generated.len;
  for (int i = first; i < m->generated.len; i++) {
    Fn *g = m->generated.data[i];
    strmap_put(&m->generated_by_name, g->name, g);
  }
  for (int i = first; i < m->generated.len; i++) {
    PtrVec *calls = strmap_get(&m->unlinked, ((Fn *)m->generated.data[i])->name);
    for (int k = 0; calls && k < calls->len; k++) {
      Expr *c = calls->data[k];
      if (!c->fn) c->fn = strmap_get(&m->generated_by_name, c->text);
    }
    if (calls) calls->len = 0;
  }
  for (int i = first; i < m->generated.len; i++) st_each_expr(((Fn *)m->generated.data[i])->body, link_e, m);
}

typedef struct OrderedCtx {
  Variant *v;
  const Stmt *loop;
  const Var *x;
  bool atomic_only;
} OrderedCtx;

static Walk declares_x(Stmt *s, void *ctx) { return s->kind == ST_DECL && s->var == ((OrderedCtx *)ctx)->x ? WALK_STOP : WALK_ON; }

static bool ptr_in(const PtrVec *l, const void *x) {
  for (int i = 0; i < l->len; i++)
    if (l->data[i] == x) return true;
  return false;
}

/* s = s + e or s - e, e not reading s: its adjoint is the same in any order */
static bool sum_update(const Stmt *s, const Var *x) {
  const Expr *r = ex_strip_implicit(s->rhs);
  return r && r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs) &&
         !ex_mentions(r->rhs, x);
}

static bool ordered_in(OrderedCtx *c, const Stmt *s, bool locked) {
  if (!s) return false;
  locked |= !c->atomic_only && s->kind == ST_BLOCK && s->omp && str_starts(s->omp->dir, "critical");
  if (s->kind == ST_ASSIGN && (locked || s->omp_atomic) && ty_is_float(s->lhs->type)) {
    Var *x = ex_root_var(s->lhs);
    const Omp *o = c->loop->omp;
    c->x = x;
    bool own = !x || !st_each(c->loop->then, declares_x, c) || ptr_in(&o->priv, x) || ptr_in(&o->fpriv, x) || ptr_in(&o->lpriv, x);
    if (!own && !sum_update(s, x) && act_lvalue_varied(c->v, s->lhs)) return true;
  }
  if (ordered_in(c, s->then, locked) || ordered_in(c, s->els, locked)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (ordered_in(c, s->body[i], locked)) return true;
  return false;
}

bool tr_omp_ordered_update(Variant *v, const Stmt *loop, bool atomic_only) {
  OrderedCtx c = {v, loop, NULL, atomic_only};
  return loop->omp && ordered_in(&c, loop->then, false);
}

/* Does a statement store varied data (a 'single', 'master' or 'atomic
 * capture' block, which the derivatives run as the primal does only where
 * it carries none)? */
static Walk stores_varied(Stmt *s, void *ctx) {
  Variant *v = ctx;
  if (s->kind == ST_ASSIGN && act_lvalue_varied(v, s->lhs)) return WALK_STOP;
  if (s->kind == ST_DECL && act_var_shadowed(v, s->var)) return WALK_STOP;
  return WALK_ON;
}

static Walk passes_varied(Expr *e, void *ctx) {
  if (e->kind != EX_CALL || rule_find(e->text)) return WALK_ON;
  for (int i = 0; i < e->nargs; i++)
    if (act_expr_varied(ctx, e->args[i]) || (ty_is_ptr(e->args[i]->type) && act_pts_varied(ctx, e->args[i])))
      return WALK_STOP;
  return WALK_ON;
}

void tr_omp_one_thread(Variant *v, const Stmt *s) {
  if (s->kind != ST_BLOCK || !s->omp) return;
  bool capture = !strcmp(s->omp->dir, "atomic capture");
  if (!capture && strcmp(s->omp->dir, "single") && strcmp(s->omp->dir, "master")) return;
  if (st_each(s, stores_varied, v) && st_each_expr(s, passes_varied, v)) return;
  if (capture)
    diag_at(s->omp->loc, D_OMP_CAPTURE_ACTIVE);
  else
    diag_at(s->omp->loc, D_OMP_ONE_THREAD_ACTIVE, s->omp->dir);
}

/* A call that FILE.c makes through a function pointer on floating data,
 * with no function here to differentiate (FILE.c takes the address of none
 * of its type, or of one defined elsewhere), touching data that carries
 * derivatives: an error (said here, not by the front end: vmap calls it as
 * it is). */
static bool fnptr_touches(Module *m, Variant *v, Expr *c) {
  Fn *f = c->text ? (c->fn ? c->fn : mod_find_fn(m, c->text)) : NULL;
  if (c->text && ((f && f->body) || rule_find(c->text) || (f && f->is_inactive) || v->inactive)) return false;
  for (int i = 0; i < c->nargs; i++) {
    Expr *a = c->args[i];
    if (!act_expr_varied(v, a) && !(ty_is_ptr(a->type) && act_ptr_shadowed(v, a))) continue;
    if (c->text)
      diag_at(c->loc, D_FNPTR_TARGET, c->text, c->text);
    else
      diag_at(c->loc, D_FNPTR_CALL);
    return true;
  }
  return false;
}

/* A call to something cc-ad cannot see into must not touch active data. */
void tr_check_external(Module *m, Variant *v, Expr *c) {
  if (c->fnptr && fnptr_touches(m, v, c)) return;
  /* (the runtime: transforms handle it) */
  if (!c->text || c->rt || rule_external_harmless(c->text)) return;
  if (mpi_request_escapes(m, c)) {
    const char *key = xfmt("%s:%d:%d", c->loc.file, c->loc.line, c->loc.col);
    if (!diag_muted() && !nameset_has(&m->mpi_told, key)) {  /* once, not per variant */
      nameset_add(&m->mpi_told, key);
      diag_at(c->loc, D_MPI_REQUEST_ESCAPES, c->text, c->text);
    }
    return;
  }
  /* isnan(x), signbit(x): integer results of values carry no derivative */
  bool by_value = !ty_has_float(c->type) && !ty_is_ptr(c->type);
  for (int i = 0; i < c->nargs && by_value; i++) by_value = !ty_is_ptr(c->args[i]->type);
  if (by_value) return;
  Fn *f = c->fn ? c->fn : mod_find_fn(m, c->text);
  if ((f && f->is_inactive) || v->inactive) {
    /* results carry no derivative; but what it stores through a pointer
     * into memory that carries derivatives must get a zero derivative, and
     * only its body (the inactive variant, activity.c) tells which
     * elements it stores */
    for (int i = 0; i < c->nargs; i++) {
      const Type *pt = f && i < f->nparams ? f->params[i]->type : c->args[i]->type;
      if (ty_is_ptr(pt) && pt->base->kind != TY_FUNC && !pt->base->is_const && act_ptr_shadowed(v, c->args[i])) {
        diag_at(c->args[i]->loc, D_INACTIVE_WRITES, i + 1, c->text, c->text);
        return;
      }
    }
    return;
  }
  /* A value, or memory behind a pointer of any type (const, void *: what
   * the function reads from it decides what it returns or writes), that
   * carries derivatives: they would be dropped. */
  for (int i = 0; i < c->nargs; i++) {
    Expr *a = c->args[i];
    bool touches = act_expr_varied(v, a) || (ty_is_ptr(a->type) && act_ptr_shadowed(v, a));
    if (touches && f && f->is_variadic && i >= f->nparams) {
      diag_at(c->loc, D_VARIADIC_CALL, c->text);
      return;
    }
    if (touches && str_eq(c->text, "qsort") && c->nargs == 4) {  /* (one front/lower_sort.c left as it is) */
      diag_at(c->loc, D_QSORT_ELEMENT);
      return;
    }
    if (touches && mpi_declared(m, c) && ty_is_ptr(a->type) && !mpi_buffer_type_check(c, i)) return;
    if (touches) {
      diag_at(a->loc, D_EXTERNAL_CALL, i + 1, c->text, ty_is_ptr(a->type) ? "points to data that carries" : "carries",
              c->text, c->text, c->text);
      return;
    }
  }
  /* (w = pool_alloc(n), memory that then carries derivatives: the
   * assignment says so, tr_check_pointer_result) */
}

/* p = g(...) where g has no body here (a pool allocator of another file, a
 * library's buffer, a call through a pointer to one of the file's
 * allocators: GSL's s->type->alloc(dim)) and p's memory comes to carry
 * derivatives: their storage has a size only g's body knows (malloc,
 * calloc, realloc are known), so the derivative code would leave p's
 * shadow null, and read through it. */
void tr_check_pointer_result(Variant *v, Expr *lhs, Expr *call) {
  if (call->fnptr_else) return;  /* (tr_fallback_guard) */
  if (!lhs || !ty_is_ptr(lhs->type) || lhs->type->base->kind == TY_FUNC || !act_ptr_shadowed(v, lhs)) return;
  diag_at(call->loc, D_EXTERNAL_POINTER,
          call->text ? xfmt("'%s'", call->text) : "this call through a function pointer");
}

/* The indirect call a dispatch on data pointers falls back to (none of
 * FILE.c's functions of its type matched: a pointer from elsewhere, a
 * library's allocator hook) runs as FILE.c's where nothing it returns or
 * may write carries derivatives; else it stops the program first: its
 * derivative is unknown (a result's shadow would be left null). */
Stmt *tr_fallback_guard(Variant *v, Expr *lhs, Expr *call) {
  if (!call->fnptr_else) return NULL;
  bool touches = lhs && ty_is_ptr(lhs->type) && lhs->type->base->kind != TY_FUNC && act_ptr_shadowed(v, lhs);
  for (int i = 0; i < call->nargs && !touches; i++) {
    Expr *a = call->args[i];
    touches = act_expr_varied(v, a) ||
              (ty_is_ptr(a->type) && !a->type->base->is_const && a->type->base->kind != TY_FUNC && act_ptr_shadowed(v, a));
  }
  if (!touches) return NULL;
  Expr *site = ex_new(EX_STR, ty_ptr(ty_new(TY_INT, "char")), call->loc);
  const char *base = strrchr(call->loc.file, '/');
  site->text = xfmt("\"%s:%d\"", base ? base + 1 : call->loc.file, call->loc.line);
  return st_expr(ex_rt1(RT_UNKNOWN_CALLEE, site), call->loc);
}

/* g_input = o1 (a global pointer set to memory with derivatives, read by
 * the callees through the global): each variant sees a global's memory
 * as set where it does not see (activity.c), so a callee reading through
 * it would find no derivatives there. */
bool tr_global_pointer_write(Variant *v, Expr *lhs, SrcLoc loc) {
  Var *root = ex_root_var(lhs);
  if (!root || root->kind != VAR_GLOBAL || !ty_is_ptr(lhs->type) || lhs->type->base->kind == TY_FUNC) return false;
  if (!act_ptr_shadowed(v, lhs)) return false;
  diag_at(loc, D_GLOBAL_POINTER, root->name);
  return true;
}

/* The floating fields of lv (of type t) zero; its pointers kept. */
static void zero_floats(Expr *lv, Type *t, Stmt *into, SrcLoc loc) {
  if (ty_is_float(t)) {
    st_append(into, st_assign(lv, d_zero(t), loc));
  } else if (t->kind == TY_RECORD && t->rec) {
    for (int i = 0; i < t->rec->nfields; i++) {
      Field *f = &t->rec->fields[i];
      if (!ty_has_float(f->type)) continue;
      Expr *m = ex_new(EX_MEMBER, f->type, loc);
      m->lhs = ir_clone_expr(lv, NULL);
      m->text = f->name;
      zero_floats(m, f->type, into, loc);
    }
  } else if (t->kind == TY_ARRAY && !ty_holds_ptr(t)) {
    st_append(into, d_memset0(ex_addr(lv), d_sizeof_expr(ir_clone_expr(lv, NULL)), loc));
  }
}

/* A pure output's derivative memory, d[0 .. n), zero on entry: whole, or
 * for structs holding pointers (the caller's shadows: out_dot->v) only
 * their floating fields. */
Stmt *tr_zero_output(Fn *out, Var *d, Expr *n, SrcLoc loc) {
  Type *et = d->type->base;
  if (!ty_holds_ptr(et)) return d_memset0(ex_var(d), ex_bin(OP_MUL, n, d_sizeof_expr(ex_deref(ex_var(d)))), loc);
  Var *k = fn_new_var(out, "k", ty_long(), VAR_LOCAL, loc);
  Stmt *loop = st_new(ST_FOR, loc);
  loop->init = st_decl(k, ex_int(0), loc);
  loop->cond = ex_bin(OP_LT, ex_var(k), n);
  loop->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
  loop->then = st_block(loc);
  zero_floats(ex_index(ex_var(d), ex_var(k)), ty_unqual(et), loop->then, loc);
  return loop;
}
