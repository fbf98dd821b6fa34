/*
 * batch.c — vmap: f over a leading batch dimension, OpenMP-parallel.
 * S2 -> S3.
 *
 *   #pragma ad vmap(f) batch(x[n], a)
 *   void f_vmap(int batch, const double *x, double a..., double *ret)
 *   {
 *     for (int b = 0; b < batch; b++)      (#pragma omp parallel for)
 *       ret[b] = f(x + b * n, a[b], ...);
 *   }
 *
 * A batched scalar becomes a pointer to batch values, a batched array x[n]
 * batch consecutive blocks of n; a returned value becomes a last parameter
 * ret. Shared (unbatched) parameters must not be written: elements run in
 * parallel. Each element calls f itself, so any f (a generated gradient
 * too: tapes are per thread) can be batched; the user's own f with static
 * locals it stores into through a copy (element_fn), as threads would share
 * them, and a warning for what stays shared.
 *
 * Requires: a planned vmap request; the function (or generated function)
 *   it names.
 * Provides: f_vmap: a loop over the batch (an OpenMP parallel loop)
 *   calling f per element.
 */
#include <stdlib.h>
#include <string.h>

#include "../analysis/plan.h"
#include "transform.h"
#include "../ir/mpi.h"

static bool in_batch(const Request *r, int j, ReqItem **item) {
  for (int i = 0; i < r->nbatch; i++)
    if (r->batch[i].param == j) {
      if (item) *item = &r->batch[i];
      return true;
    }
  return false;
}

/* Does f (or a callee) store through parameter j? Not through a pointer
 * to const data; else as activity's facts say (written[j]: f, its callees
 * and calls cc-ad cannot see into), where the pointee holds no pointers
 * (memory further down is not asked about: taken as written). */
static bool may_write(Fn *f, int j, const bool *written) {
  Type *t = f->params[j]->type;
  if (!ty_is_ptr(t) || t->base->is_const || t->base->kind == TY_FUNC) return false;
  return written[j] || ty_holds_ptr(t->base);
}

/* vmap runs the function for several elements at once, so a static local
 * it stores into is shared by the threads. The user's own compiled f keeps
 * its statics, even f2c's that hold nothing between calls (written before
 * they are read: Var.static_fresh): then the loop calls a copy of f that
 * cc-ad prints, where those are ordinary locals (emit_c.c), as in every
 * derivative. Code cc-ad prints is the generated functions and the copies
 * of FILE.c's static functions; the rest is the user's. */
static bool user_compiled(const Fn *g) { return !g->is_generated && !(g->is_static && g->in_main_file); }

/* May FILE.ad.c run f's copy in its place? The copy and the copies of the
 * static functions of FILE.c it reaches (FILE.ad.c has its own) must not
 * name a file-scope static that something writes (FILE.ad.c's would be
 * another variable: emit_file.c refuses it) nor keep state in a static
 * local of such a function (it would count apart from the user's). */
typedef struct CopyOk { Module *m; PtrMap seen; PtrVec todo; bool ok; } CopyOk;

static Walk copy_ok_ex(Expr *e, void *ctx) {
  CopyOk *c = ctx;
  /* a dispatch would compare FILE.c's pointers with the copies' functions */
  if (e->kind == EX_CALL && e->fnptr) c->ok = false;
  if (e->kind == EX_VAR && e->var->kind == VAR_GLOBAL && e->var->is_static && !e->var->static_readonly) {
    const Type *el = e->var->type;
    while (el->kind == TY_ARRAY && !el->is_const) el = el->base;
    if (!el->is_const) c->ok = false;
  }
  if ((e->kind == EX_CALL || e->kind == EX_FUNC) && e->text) {
    Fn *g = e->fn ? e->fn : mod_find_fn(c->m, e->text);
    if (g && g->is_static && g->in_main_file && !g->is_generated && !ptrmap_get(&c->seen, g)) {
      ptrmap_put(&c->seen, g, (void *)1);
      vec_push(&c->todo, g);
    }
  }
  return c->ok ? WALK_ON : WALK_STOP;
}

static bool copy_ok(Module *m, Fn *f) {
  CopyOk c = {.m = m, .ok = true};
  vec_push(&c.todo, f);
  ptrmap_put(&c.seen, f, (void *)1);
  for (int i = 0; i < c.todo.len && c.ok; i++) {
    Fn *g = c.todo.data[i];
    if (!g->body || (g != f && tr_static_shared(g, false))) c.ok = false;
    else ir_walk(&(IrWalk){.ex = copy_ok_ex, .ctx = &c}, g->body);
  }
  free(c.todo.data);
  return c.ok;
}

static Fn *element_fn(Module *m, const Request *r, Fn *f) {
  /* (one that keeps state between calls, a counter, stays the user's: the
   * copy would count apart; the warning below says it is shared) */
  if (r->dir != DIR_VMAP || !f->body || !user_compiled(f) || !tr_static_shared(f, true) || tr_static_shared(f, false) ||
      !copy_ok(m, f))
    return f;
  Fn *c = xmalloc(sizeof *c);
  *c = *f;
  c->name = tr_fresh_fn_name(m, xfmt("%s_elem", r->gen_name));
  c->is_static = c->is_generated = true;
  c->body = ir_clone_stmt(f->body, NULL);
  /* its own parameter list: simplify_module may drop f's unread ones */
  c->params = xmalloc(sizeof(Var *) * (size_t)(f->nparams + 1));
  memcpy(c->params, f->params, sizeof(Var *) * (size_t)f->nparams);
  vec_push(&m->generated, c);
  return c;
}

static Walk call_of(Expr *e, void *ctx) {
  if (e->kind == EX_CALL) vec_push(ctx, e);
  return WALK_ON;
}

/* What is still shared (a static that keeps state, or any static of the
 * user's own functions that the loop reaches): a warning per variable. */
static void warn_shared_statics(Module *m, const Request *r, Fn *run) {
  PtrVec todo = {0};
  PtrMap seen = {0};
  vec_push(&todo, run);
  ptrmap_put(&seen, run, (void *)1);
  for (int i = 0; i < todo.len; i++) {
    Fn *g = todo.data[i];
    Var *x = tr_static_shared(g, user_compiled(g));
    if (x) diag_at(r->loc, D_VMAP_STATIC_SHARED, r->gen_name, g->name, x->name);
    PtrVec calls = {0};
    ir_walk(&(IrWalk){.ex = call_of, .ctx = &calls}, g->body);
    for (int k = 0; k < calls.len; k++) {
      Expr *e = calls.data[k];
      Fn *c = e->fn ? e->fn : e->text ? mod_find_fn(m, e->text) : NULL;
      if (!c || !c->body || ptrmap_get(&seen, c)) continue;
      ptrmap_put(&seen, c, (void *)1);
      vec_push(&todo, c);
    }
    free(calls.data);
  }
  free(todo.data);
}

typedef struct BatchedUse { const Request *r; Fn *f; Var *hit; } BatchedUse;

static Walk batched_use(Expr *e, void *ctx) {
  BatchedUse *u = ctx;
  if (e->kind != EX_VAR) return WALK_ON;
  for (int k = 0; k < u->f->nparams; k++)
    if (e->var == u->f->params[k] && in_batch(u->r, k, NULL)) {
      u->hit = e->var;
      return WALK_STOP;
    }
  return WALK_ON;
}

/* A batched array is batch consecutive blocks of one length: a size that
 * reads a batched parameter (batch(x[n], n), batch(x[s->n], s)) differs per
 * element, and no single block length exists. */
static bool size_reads_batched(const Request *r, const ReqItem *it) {
  BatchedUse u = {r, r->fn, NULL};
  ex_each(it->size_expr, batched_use, &u);
  if (!u.hit) return false;
  diag_at(it->ndims ? it->dim_loc[0] : it->loc, D_VMAP_BATCHED_SIZE, r->gen_name, it->name, u.hit->name,
          u.hit->name);
  return true;
}

Fn *batch_request(Module *m, const Request *r) {
  Fn *f = r->fn;
  if (!r->has_batch || !r->nbatch) {
    diag_at(r->loc, D_VMAP_NO_BATCH, r->gen_name);
    return NULL;
  }
  Fn *d = xmalloc(sizeof *d);
  d->name = r->gen_name;
  d->ret = ty_void();
  d->is_defined = d->is_lowered = d->is_generated = true;
  d->loc = f->loc;
  d->nvars = f->nvars;
  nameset_inherit(&d->names, &f->names);
  Var *batch = fn_new_var(d, "batch", ty_int(), VAR_PARAM, f->loc);
  PtrVec params = {0};
  vec_push(&params, batch);
  Var *b = fn_new_var(d, "b", ty_int(), VAR_LOCAL, f->loc);
  Expr **args = xmalloc(sizeof(Expr *) * (size_t)(f->nparams + 1));
  bool unsized = false;  /* an error left args[j] unset: report every one, then stop */
  bool *read = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  bool *written = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  act_param_effects(m, f, MODE_JVP, read, written);
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    ReqItem *it;
    if (!in_batch(r, j, &it)) {
      if (may_write(f, j, written))
        diag_at(r->loc, D_VMAP_SHARED_WRITTEN, r->gen_name, p->name, p->name, plan_size_hint(r, p));
      vec_push(&params, p);
      args[j] = ex_var(p);
      continue;
    }
    if (ty_is_ptr(p->type)) {
      if (!it->size_expr) {
        diag_at(it->loc, D_VMAP_UNSIZED, r->gen_name, p->name, p->name, plan_size_hint(r, p));
        unsized = true;
        continue;
      }
      if (size_reads_batched(r, it)) {
        unsized = true;
        continue;
      }
      /* element b's block: x + (size_t)b * n */
      vec_push(&params, p);
      Expr *off = ex_bin(OP_MUL, ex_cast(ty_size_t(), ex_var(b)), ir_clone_expr(it->size_expr, NULL));
      args[j] = ex_bin(OP_ADD, ex_var(p), off);
      args[j]->type = p->type;
    } else {
      /* a scalar (or struct) becomes an array of batch values */
      Type *e = ty_unqual(p->type);
      Type *ce = xmalloc(sizeof *ce);
      *ce = *e;
      ce->is_const = true;
      Var *arr = fn_new_var(d, p->name, ty_ptr(ce), VAR_PARAM, p->loc);
      arr->name = p->name;  /* it replaces the parameter: same name */
      vec_push(&params, arr);
      args[j] = ex_index(ex_var(arr), ex_var(b));
    }
  }
  if (unsized) return NULL;
  Var *ret = NULL;
  if (f->ret->kind != TY_VOID) {
    ret = fn_new_var(d, "ret", ty_ptr(ty_unqual(f->ret)), VAR_PARAM, f->loc);
    vec_push(&params, ret);
  }
  d->params = (Var **)params.data;
  d->nparams = params.len;
  Fn *run = element_fn(m, r, f);
  if (r->dir == DIR_VMAP) warn_shared_statics(m, r, run);
  Expr *call = ex_call(run->name, f->ret, args, f->nparams);
  call->fn = run;
  Stmt *loop = st_new(ST_FOR, f->loc);
  loop->init = st_decl(b, ex_int(0), f->loc);
  loop->cond = ex_bin(OP_LT, ex_var(b), ex_var(batch));
  loop->step = st_assign(ex_var(b), ex_bin(OP_ADD, ex_var(b), ex_int(1)), f->loc);
  loop->then = st_block(f->loc);
  if (ret)
    st_append(loop->then, st_assign(ex_index(ex_var(ret), ex_var(b)), call, f->loc));
  else
    st_append(loop->then, st_expr(call, f->loc));
  d->body = st_block(f->loc);
  /* OpenMP threads, unless an element communicates: every rank must run
   * its collectives and messages in one order, element after element (MPI
   * matches them by order, not by thread) */
  loop->parallel = !mpi_communicates(m, run);
  st_append(d->body, loop);
  vec_push(&m->generated, d);
  return d;
}
