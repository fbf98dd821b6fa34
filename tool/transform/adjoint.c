/*
 * adjoint.c — reverse mode (vjp, grad): signatures and function assembly.
 * S2 -> S3. Requires: activity. See adjoint_int.h for the scheme.
 *
 *   f_vjp / f_grad (requested):   T f_vjp(params.., p_bar.., T *a_bar.., T ret_bar)
 *       { top declarations; forward sweep; backward sweep; *a_bar += ..; return y; }
 *   callee g (one per activity variant):
 *       static T g_fwd(params.., p_bar..)    forward sweep, then pushes the
 *                                           locals the backward sweep reads
 *       static void g_bwd(params.., p_bar.., T *a_bar.., T ret_bar)
 *                                           pops them, backward sweep
 */
#include <string.h>

#include "adjoint_int.h"

static PtrVec queue;   /* callee variants to generate */
static Module *cur_module;

static PtrVec copies;  /* Variant* made per preserve mask */
static PtrVec spares;  /* copies a thrown-away build asked for (see generate), named already */

/* The index of cv's copy for that preserve and redo mask in list, or -1 */
static int copy_in(const PtrVec *list, const Variant *cv, const bool *preserve, const unsigned char *redo, size_t n) {
  for (int i = 0; i < list->len; i++) {
    const Variant *c = list->data[i];
    if (c->base == cv && !memcmp(c->preserve, preserve, n * sizeof(bool)) && !memcmp(c->redo, redo, n)) return i;
  }
  return -1;
}

/* A callee's split functions depend on what the caller needs preserved:
 * memory the caller's backward code reads before the call must be saved by
 * the callee when it overwrites it; other memory need not be. And on what
 * the caller needs logged: memory whose final values only the redo log
 * can give back (see keep_final_state). */
const char *adj_callee_name(Adj *a, Variant *cv, const bool *preserve, const unsigned char *redo, bool bwd) {
  if (a->phase == 1 || a->trial) return bwd ? "ccad_pending_bwd" : "ccad_pending_fwd";
  size_t n = (size_t)(cv->fn->nparams ? cv->fn->nparams : 1);
  Variant *v = NULL;
  int i = copy_in(&copies, cv, preserve, redo, n);
  if (i >= 0) v = copies.data[i];
  if (!v && (i = copy_in(&spares, cv, preserve, redo, n)) >= 0) {
    v = spares.data[i];
    spares.data[i] = spares.data[--spares.len];
    vec_push(&copies, v);
    vec_push(&queue, v);
  }
  if (!v) {
    v = xmalloc(sizeof *v);
    *v = *cv;
    v->fresh = ptrmap_copy(&cv->fresh);  /* (the copy's own: a shared table grown by one is freed under the other) */
    v->callee = ptrmap_copy(&cv->callee);
    v->base = cv;
    v->preserve = xmalloc(n * sizeof(bool));
    memcpy(v->preserve, preserve, n * sizeof(bool));
    v->redo = xmalloc(n);
    memcpy(v->redo, redo, n);
    /* own copy of the facts: temporaries get registered per generation */
    v->nodes = xmalloc(sizeof(void *) * (size_t)(cv->nnodes ? cv->nnodes : 1));
    memcpy(v->nodes, cv->nodes, sizeof(void *) * (size_t)cv->nnodes);
    v->name = tr_fresh_fn_name(a->m, xfmt("%s_fwd", cv->fn->name));
    v->bwd_name = tr_fresh_fn_name(a->m, xfmt("%s_bwd", cv->fn->name));
    v->result = v->bwd_result = NULL;
    vec_push(&copies, v);
    vec_push(&queue, v);
  }
  return bwd ? v->bwd_name : v->name;
}

typedef enum Kind { K_VJP, K_GRAD, K_SPLIT } Kind;

typedef struct Sig {
  PtrVec fwd_params;   /* split: the forward function's parameters */
  PtrVec params;       /* joint, or the backward function's parameters */
  Stmt *enter;         /* grad: zero the gradients; seeds */
  Stmt *enter_fwd;     /* split: what the forward function starts with (a struct copy's shadow pointers) */
  Stmt *leave;         /* *a_bar += a_acc */
} Sig;

static Expr *size_for(const Request *r, int j) {
  if (!r) return NULL;
  for (int i = 0; i < r->nwrt; i++)
    if (r->wrt[i].param == j && r->wrt[i].size_expr) return r->wrt[i].size_expr;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j && r->out[i].size_expr) return r->out[i].size_expr;
  for (int i = 0; i < r->nscratch; i++)
    if (r->scratch[i].param == j && r->scratch[i].size_expr) return r->scratch[i].size_expr;
  return NULL;
}

static bool is_out_param(const Request *r, int j) {
  for (int i = 0; r && i < r->nout; i++)
    if (r->out[i].param == j) return true;
  return false;
}

static bool is_wrt_param(const Request *r, int j) {
  for (int i = 0; r && i < r->nwrt; i++)
    if (r->wrt[i].param == j) return true;
  return false;
}

static bool is_aliased_param(const Request *r, int j) {
  for (int i = 0; r && i < r->nmay_alias; i++)
    if (r->may_alias[i].param == j) return true;
  return false;
}

/* A parameter passed by value without a shadow whose copy the function
 * makes active: its adjoint is a local, zero on entry (and in g_fwd when
 * it names it: fwd_accumulators). */
static void local_adjoint(Adj *a, Sig *sig, Var *p) {
  Type *t = tr_writable(p->type);
  Var *acc = fn_new_var(a->out, xfmt("%s_adj", p->name), t, VAR_LOCAL, p->loc);
  if (ty_is_float(t)) {
    st_append(sig->enter, st_decl(acc, d_zero(t), p->loc));
  } else {
    st_append(sig->enter, st_decl(acc, NULL, p->loc));
    st_append(sig->enter, d_memset0(ex_addr(ex_var(acc)), d_sizeof_expr(ex_var(acc)), p->loc));
  }
  ptrmap_put(&a->bar, p, ex_var(acc));
  ptrmap_put(&a->shadow_of, acc, p);
}

/* Parameters and the adjoint roots of the parameters. */
static void signature(Adj *a, Kind kind, const Stmt *prepared, Sig *sig) {
  Fn *f = a->primal;
  Variant *v = a->v;
  const Request *r = v->req;
  sig->enter = st_block(f->loc);
  sig->enter_fwd = st_block(f->loc);
  sig->leave = st_block(f->loc);
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    vec_push(&sig->params, p);
    vec_push(&sig->fwd_params, p);
    if (act_param_local_shadow(v, j)) {
      local_adjoint(a, sig, p);
      continue;
    }
    if (!v->shadow[j]) continue;
    SrcLoc loc = p->loc;
    if (v->scratch && v->scratch[j]) {
      /* scratch(s[n]): the adjoint of state f keeps in s lives here, zero
       * on entry (no seed), dropped on exit (no input) */
      Var *b = fn_new_var(a->out, xfmt("%s_bar", p->name), tr_writable(p->type), VAR_LOCAL, loc);
      st_append(sig->enter, d_calloc_decl(b, ir_clone_expr(v->scratch[j], NULL), loc));
      st_append(sig->leave, d_free(b, loc));
      ptrmap_put(&a->bar, p, ex_var(b));
      ptrmap_put(&a->shadow_of, b, p);
      continue;
    }
    if (ty_is_ptr(p->type)) {
      Type *bt = tr_writable(p->type);
      if (kind == K_GRAD && is_out_param(r, j) && !is_wrt_param(r, j)) {
        /* grad's scalar output through a pointer: seeded by 1, no parameter */
        Type *arr = ty_new(TY_ARRAY, NULL);
        arr->base = ty_unqual(p->type->base);
        arr->len = 1;
        Var *seed = fn_new_var(a->out, xfmt("%s_seed", p->name), arr, VAR_LOCAL, loc);
        Expr *one = ex_new(EX_INIT, arr, loc);
        Expr *val = ex_num(1, ty_is_float(arr->base) ? arr->base : ty_double());
        one->args = xmalloc(sizeof(Expr *));
        one->args[0] = val;
        one->nargs = 1;
        st_append(sig->enter, st_decl(seed, one, loc));
        ptrmap_put(&a->bar, p, ex_var(seed));
        ptrmap_put(&a->shadow_of, seed, p);
        continue;
      }
      Var *b = fn_new_var(a->out, xfmt("%s_bar", p->name), bt, VAR_PARAM, loc);
      b->adjoint_of = p;
      vec_push(&sig->params, b);
      vec_push(&sig->fwd_params, b);
      ptrmap_put(&a->bar, p, ex_var(b));
      ptrmap_put(&a->shadow_of, b, p);
      if (kind == K_VJP && r && !r->serves && is_out_param(r, j) && !is_wrt_param(r, j) && !is_aliased_param(r, j)) {
        /* a user's vjp: an output's seed is zero on exit (the contract),
         * also where f does not store (y[i] for some i only) or reads the
         * value it had, which is no input here. Not a struct holding the
         * caller's shadow pointers, nor memory an input's adjoint may share. */
        Expr *n = size_for(r, j);
        if (!n) tr_check_unsized_output(a->m, r, r->fn, j);
        if (n && !ty_holds_ptr(p->type->base))
          adj_zero_seed(a, prepared, p, b, n, sig->leave);
      }
      if (kind == K_GRAD) {
        Expr *n = size_for(r, j);
        if (!n && r->serves) continue;  /* the hessian's, hvp's own message says it */
        if (!n) {
          SrcLoc at = r->loc;
          for (int i = 0; i < r->nwrt; i++)
            if (r->wrt[i].param == j) at = r->wrt[i].loc;
          diag_at(at, D_GRAD_UNSIZED_INPUT, p->name, p->name);
          continue;
        }
        Type *et = p->type->base;
        if (!ty_holds_ptr(et)) {
          st_append(sig->enter, d_memset0(ex_var(b), ex_bin(OP_MUL, ir_clone_expr(n, NULL),
                                                            d_sizeof_expr(ex_deref(ex_var(b)))), loc));
          /* an in-out output, wrt(e[1]) out(e[1]): its one value's seed
           * goes into the gradient slot after the zeroing */
          if (is_out_param(r, j) && ty_is_float(et) && !ty_is_complex(et))
            st_append(sig->enter, st_assign(ex_index(ex_var(b), ex_int(0)), ex_num(1, ty_unqual(et)), loc));
          continue;
        }
        /* structs with pointers (double **a too): the caller's shadow pointers
         * stay; only floating fields are zeroed (what they reach has no size) */
        if (ty_is_ptr(et)) diag_at(p->loc, D_GRAD_PTR_ROWS, p->name);
        else if ((!r || !r->serves) && ty_float_pointer_in(et))  /* hvp's own message says it; */
          diag_at(p->loc, D_GRAD_DEEP_ZERO, p->name);            /* char *name leads to no derivative */
        Var *k = fn_new_var(a->out, "k", ty_long(), VAR_LOCAL, loc);
        st_append(sig->enter, st_decl(k, ex_int(0), loc));
        Stmt *loop = st_new(ST_FOR, loc);
        loop->init = st_assign(ex_var(k), ex_int(0), loc);
        loop->cond = ex_bin(OP_LT, ex_var(k), ir_clone_expr(n, NULL));
        loop->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
        loop->then = st_block(loc);
        adj_zero_fields(a, ex_index(ex_var(b), ex_var(k)), ty_unqual(et), loop->then);
        if (loop->then->nbody) st_append(sig->enter, loop);
      }
    } else {
      /* by value: the caller's T *a_bar gets the local accumulator added */
      Type *t = tr_writable(p->type);
      Var *pb = fn_new_var(a->out, xfmt("%s_bar", p->name), ty_ptr(t), VAR_PARAM, loc);
      pb->adjoint_of = p;
      vec_push(&sig->params, pb);
      Var *acc = fn_new_var(a->out, xfmt("%s_adj", p->name), t, VAR_LOCAL, loc);
      if (ty_is_float(t)) {
        st_append(sig->enter, st_decl(acc, d_zero(t), loc));
        if (kind == K_GRAD) st_append(sig->leave, st_assign(ex_deref(ex_var(pb)), ex_var(acc), loc));
        else st_append(sig->leave, st_assign(ex_deref(ex_var(pb)), ex_bin(OP_ADD, ex_deref(ex_var(pb)), ex_var(acc)), loc));
      } else if (ty_holds_ptr(t)) {
        /* its pointers lead to the caller's shadow memory: copied from
         * *p_bar; only the floating fields accumulate here */
        if (kind == K_GRAD && (!r || !r->serves) && ty_float_pointer_in(t))
          diag_at(p->loc, D_GRAD_DEEP_ZERO, p->name);  /* (as for a pointer to the struct) */
        if (kind == K_GRAD) adj_zero_fields(a, ex_deref(ex_var(pb)), t, sig->enter);
        st_append(sig->enter, st_decl(acc, ex_deref(ex_var(pb)), loc));
        adj_zero_fields(a, ex_var(acc), t, sig->enter);
        adj_add_fields(a, ex_deref(ex_var(pb)), ex_var(acc), t, sig->leave);
        /* the forward function follows those pointers too (shadow arguments of its calls) */
        vec_push(&sig->fwd_params, pb);
        st_append(sig->enter_fwd, st_decl(acc, ex_deref(ex_var(pb)), loc));
      } else {
        st_append(sig->enter, st_decl(acc, NULL, loc));
        st_append(sig->enter, d_memset0(ex_addr(ex_var(acc)), d_sizeof_expr(ex_var(acc)), loc));
        if (kind == K_GRAD) st_append(sig->enter, d_memset0(ex_var(pb), d_sizeof_expr(ex_deref(ex_var(pb))), loc));
        adj_add_fields(a, ex_deref(ex_var(pb)), ex_var(acc), t, sig->leave);
      }
      ptrmap_put(&a->bar, p, ex_var(acc));
      ptrmap_put(&a->shadow_of, acc, p);
    }
  }
  /* a returned pointer (memory f allocates): f_fwd sets *ret_bar to its shadow */
  a->ret_shadow = NULL;
  if (v->ret_shadow) {
    a->ret_shadow = fn_new_var(a->out, "ret_bar", ty_ptr(tr_writable(f->ret)), VAR_PARAM, f->loc);
    vec_push(&sig->fwd_params, a->ret_shadow);
  }
  a->ret_seed = NULL;
  if (v->ret && f->ret->kind != TY_VOID) {
    if (kind == K_GRAD) {
      a->ret_seed = ex_num(1, f->ret->kind == TY_FLOAT ? ty_float() : ty_double());
    } else {
      Var *rb = fn_new_var(a->out, "ret_bar", ty_unqual(f->ret), VAR_PARAM, f->loc);
      vec_push(&sig->params, rb);
      a->ret_seed = ex_var(rb);
    }
  }
}

/* ---- Generation -------------------------------------------------------- */

typedef struct Built {
  Stmt *fwd, *bwd;
  Sig sig;
} Built;

static void build(Adj *a, Kind kind, Stmt *prepared, Built *b) {
  a->top = st_block(a->primal->loc);
  a->bwd_top = st_block(a->primal->loc);
  a->bar = (PtrMap){0};
  a->shadow_of = (PtrMap){0};
  a->nolive = (PtrMap){0};
  a->grown = (PtrMap){0};
  a->loop_depth = 0;
  memset(&b->sig, 0, sizeof b->sig);
  signature(a, kind, prepared, &b->sig);
  a->retval = NULL;
  if (a->primal->ret->kind != TY_VOID) {
    a->retval = fn_new_var(a->out, "result", ty_unqual(a->primal->ret), VAR_LOCAL, a->primal->loc);
    st_append(a->top, st_decl(a->retval, NULL, a->primal->loc));
  }
  b->fwd = st_block(a->primal->loc);
  b->bwd = st_block(a->primal->loc);
  a->iter_cand = (PtrMap){0};
  a->iter_done = (PtrMap){0};
  a->iter_guards = (PtrMap){0};
  a->bwd_memo = (PtrMap){0};
  adj_block(a, prepared, b->fwd, b->bwd);
}

static NameSet names_copy(const NameSet *n) {
  NameSet c = *n;
  c.keys = xmalloc(sizeof(char *) * (size_t)(n->cap ? n->cap : 1));
  if (n->cap) memcpy(c.keys, n->keys, sizeof(char *) * (size_t)n->cap);
  return c;
}

/* A build that only learns what backward code reads (phase 1, trials):
 * no messages, and the function's names, variables and locals as before
 * it, so that its IR may be thrown away (xnode_scope_end). */
static void silent_build(Adj *a, Kind kind, Stmt *prepared, Built *b, const NameSet *names, int nvars) {
  int nlocals = a->out->locals.len;
  a->out->names = names_copy(names);
  a->out->nvars = nvars;
  if (a->phase == 2) a->before = xmalloc(sizeof(TbrSet));
  a->fresh_ok = (PtrMap){0};
  a->reads_grew = false;
  diag_mute(true);
  build(a, kind, prepared, b);
  diag_mute(false);
  a->out->locals.len = nlocals;
}

static bool stable_visit(Adj *a, const Expr *lv, void *ctx) {
  (void)ctx;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (id) ptrmap_put(&a->stable, id, (void *)1);
  return false;
}

static void stable_e(Adj *a, const Expr *e) {
  if (!e || e->kind == EX_SIZEOF) return;
  if (e->kind == EX_VAR) ptrmap_put(&a->stable, e->var, (void *)1);
  if (ex_is_lvalue(e)) stable_visit(a, e, NULL);
  if (ty_is_ptr(e->type)) adj_each_pointee(a, e, stable_visit, NULL);
  stable_e(a, e->lhs);
  stable_e(a, e->rhs);
  stable_e(a, e->cond);
  for (int i = 0; i < e->nargs; i++) stable_e(a, e->args[i]);
}

static void stable_s(Adj *a, const Stmt *s) {
  if (!s) return;
  if (s->kind == ST_DECL) stable_e(a, ex_var(s->var));
  stable_e(a, s->lhs);
  stable_e(a, s->rhs);
  stable_e(a, s->expr);
  stable_e(a, s->cond);
  stable_s(a, s->then);
  stable_s(a, s->els);
  stable_s(a, s->init);
  stable_s(a, s->step);
  for (int i = 0; i < s->nbody; i++) stable_s(a, s->body[i]);
}

/* The globals a called function of the file reads or stores into count as
 * named here (a helper's backward code reads dt, set_coef rewrites coef). */
static Walk stable_call(Expr *e, void *ctx) {
  Adj *a = ctx;
  if (e->kind != EX_CALL || !e->fn) return WALK_ON;
  const PtrVec *lists[2] = {glob_reads(a->m, e->fn), glob_writes(a->m, e->fn)};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < lists[k]->len; i++) stable_e(a, ex_var(lists[k]->data[i]));
  return WALK_ON;
}

/* Only what the primal code names counts in the read sets: each build
 * makes new temporaries, which no save decision asks about. */
static void find_stable(Adj *a, const Stmt *prepared) {
  a->stable = (PtrMap){0};
  stable_s(a, prepared);
  st_each_expr(prepared, stable_call, a);
  for (int j = 0; j < a->primal->nparams; j++) stable_e(a, ex_var(a->primal->params[j]));
}

/* Phase 2 restores what its saves took (v[k] = pop), and a restore reads
 * the path to its location (k): an earlier overwrite of k must then be
 * saved too, which phase 1 could not see. Trial runs of phase 2 (nothing
 * kept, no callee variants made) add what each statement's backward code
 * reads to stmt_reads until that settles; R only grows, so it ends. The
 * names and variables phase 1 left are restored before each run. Leaves
 * the last trial's code in *b (a callee's dry run reads it; generate's
 * real builds learn as trials do, see there). */
static void mark_primal(Adj *a) {
  for (int i = 0; i < a->tbr->keys.len; i++)
    if (ptrmap_get(&a->stable, a->tbr->keys.data[i])) tbrset_add(&a->tbr->primal, i);
}

static void settle_reads(Adj *a, Kind kind, Stmt *prepared, const NameSet *names, int nvars, Built *b) {
  a->phase = 2;
  a->trial = true;
  for (int round = 0; round < 32; round++) {
    silent_build(a, kind, prepared, b, names, nvars);
    if (!a->reads_grew) break;
  }
  a->trial = false;
  mark_primal(a);
  a->fresh_ok = (PtrMap){0};
}

/* Memory classes the function stores into (not counting callees). */
static void stores(Adj *a, const Stmt *s, PtrMap *out) {
  if (!s) return;
  if (s->kind == ST_ASSIGN) {
    const void *id = act_loc_id(a->v, s->lhs);
    if (id) ptrmap_put(out, id, (void *)1);
  }
  if (s->kind == ST_EXPR && s->expr->kind == EX_CALL && s->expr->nargs == 3 && s->expr->text &&
      (str_eq(s->expr->text, "memcpy") || str_eq(s->expr->text, "memmove") || str_eq(s->expr->text, "memset"))) {
    const void *id = act_loc_id(a->v, ex_deref(ir_clone_expr(s->expr->args[0], NULL)));
    if (id) ptrmap_put(out, id, (void *)1);
  }
  stores(a, s->then, out);
  stores(a, s->els, out);
  stores(a, s->init, out);
  stores(a, s->step, out);
  for (int i = 0; i < s->nbody; i++) stores(a, s->body[i], out);
}

static bool read_anywhere(Adj *a, const void *id) { return tbr_read_anywhere(a->tbr, id); }

typedef struct DeepCtx {
  const void *first;  /* the class of *p itself (handled with its size) */
  PtrVec ids;         /* deeper classes */
} DeepCtx;

static bool deep_visit(Adj *a, const Expr *lv, void *ctx) {
  DeepCtx *d = ctx;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (!id || id == d->first) return false;
  for (int i = 0; i < d->ids.len; i++)
    if (d->ids.data[i] == id) return false;
  vec_push(&d->ids, (void *)id);
  return false;
}

/* The backward sweep restores overwritten values. The caller's memory must
 * end as the primal leaves it: parameters with a known size are copied
 * after the forward sweep and copied back at the end, after the redo log
 * (log_first); without a size, the restores are logged and undone. */
static void keep_final_state(Adj *a, Stmt *after_fwd, Stmt *at_end) {
  Fn *f = a->primal;
  PtrMap written = {0};
  stores(a, f->body, &written);
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    if (!ty_is_ptr(p->type) || p->type->base->is_const || p->type->base->kind == TY_FUNC) continue;
    const void *id = act_loc_id(a->v, ex_deref(ex_var(p)));
    if (!id) continue;
    bool by_callee = ptrmap_get(&a->callee_written, id) != NULL;
    if (!(by_callee || (ptrmap_get(&written, id) && read_anywhere(a, id)))) continue;
    Expr *n = size_for(a->v->req, j);
    SrcLoc loc = f->loc;
    if (n) {
      Expr *bytes = ex_bin(OP_MUL, ir_clone_expr(n, NULL), d_sizeof_expr(ex_deref(ex_var(p))));
      Var *keep = fn_new_var(a->out, xfmt("%s_final", p->name), ty_ptr(ty_unqual(p->type->base)), VAR_LOCAL, loc);
      st_append(after_fwd, st_decl(keep, ex_call1("malloc", ty_ptr(ty_void()), bytes), loc));
      Expr *c1[3] = {ex_var(keep), ex_var(p), ir_clone_expr(bytes, NULL)};
      st_append(after_fwd, st_expr(ex_call("memcpy", ty_ptr(ty_void()), c1, 3), loc));
      Expr *c2[3] = {ex_var(p), ex_var(keep), ir_clone_expr(bytes, NULL)};
      st_append(at_end, st_expr(ex_call("memcpy", ty_ptr(ty_void()), c2, 3), loc));
      st_append(at_end, st_expr(ex_call1("free", ty_void(), ex_var(keep)), loc));
    } else {
      /* no size: what f and its callees (redo_mask) restore is logged */
      ptrmap_put(&a->redo, id, (void *)1);
    }
  }
  /* memory further behind a parameter (s->v[i] for Vec *s, rows[r][j]):
   * no size either */
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    DeepCtx d = {0};
    if (ty_is_ptr(p->type) && p->type->base->kind != TY_FUNC && ty_holds_ptr(p->type->base)) {
      d.first = act_loc_id(a->v, ex_deref(ex_var(p)));
      adj_each_pointee(a, ex_var(p), deep_visit, &d);
    } else if (!ty_is_ptr(p->type) && ty_holds_ptr(p->type)) {  /* a struct by value: its pointers' targets */
      d.first = act_loc_id(a->v, ex_var(p));
      adj_each_pointee(a, ex_addr(ex_var(p)), deep_visit, &d);
    }
    for (int i = 0; i < d.ids.len; i++) ptrmap_put(&a->redo, d.ids.data[i], (void *)1);
  }
  /* file-scope variables f or its callees store into: the backward sweep
   * may undo those stores (visits++ by visits--, a saved value restored),
   * and the caller reads them after the call (a counter) */
  for (int j = 0; j < a->m->globals.len; j++) {
    Var *g = a->m->globals.data[j];
    if (g->kind != VAR_GLOBAL || g->is_static || g->type->is_const) continue;
    const void *id = act_loc_id(a->v, ex_var(g));
    bool by_call = ptrmap_get(&a->callee_written, id) || glob_written_by(a->m, f, g);
    if (!id || !(ptrmap_get(&written, id) || by_call) || !read_anywhere(a, id)) continue;
    SrcLoc loc = f->loc;
    Var *keep = fn_new_var(a->out, xfmt("%s_final", g->name), ty_unqual(g->type), VAR_LOCAL, loc);
    Expr *addr = g->type->kind == TY_ARRAY ? ex_var(g) : ex_addr(ex_var(g));
    Expr *kaddr = g->type->kind == TY_ARRAY ? ex_var(keep) : ex_addr(ex_var(keep));
    st_append(after_fwd, st_decl(keep, NULL, loc));
    Expr *c1[3] = {kaddr, addr, d_sizeof_expr(ex_var(g))};
    st_append(after_fwd, st_expr(ex_call("memcpy", ty_ptr(ty_void()), c1, 3), loc));
    Expr *c2[3] = {ir_clone_expr(addr, NULL), ir_clone_expr(kaddr, NULL), d_sizeof_expr(ex_var(g))};
    st_append(at_end, st_expr(ex_call("memcpy", ty_ptr(ty_void()), c2, 3), loc));
  }
}

static Fn *new_fn(Fn *primal, const char *name, bool is_static) {
  Fn *out = xmalloc(sizeof *out);
  out->name = name;
  out->is_static = is_static;
  out->is_defined = out->is_lowered = out->is_generated = true;
  out->loc = primal->loc;
  out->nvars = primal->nvars;
  nameset_inherit(&out->names, &primal->names);
  return out;
}

static void splice(Stmt *dst, Stmt *src) {
  for (int i = 0; i < src->nbody; i++) st_append(dst, src->body[i]);
}

/* ---- What a callee's backward function reads --------------------------
 * The caller's to-be-recorded analysis counts g_bwd(.., p, ..) as reading
 * p's memory. A dry run of g's phase 1 tells for which pointer parameters
 * that is true: predict_bwd(.., logits, ..) may never look at logits, and
 * then the caller need not keep logits as the forward sweep left it. */

static PtrMap bwd_reads_memo;  /* base Variant* -> bool[nparams], or IN_PROGRESS */
static bool in_progress_mark;
#define IN_PROGRESS ((void *)&in_progress_mark)

static bool read_visit(Adj *a, const Expr *lv, void *reads) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  return !id || tbr_has_part(a->tbr, reads, id, NULL, NULL);  /* unknown memory: assume read */
}

/* Does the backward code (its reads) read memory that p reaches? */
static bool reaches(Adj *a, TbrSet *reads, Expr *p) { return adj_each_pointee(a, p, read_visit, reads); }

/* One dry run of base's phase 1 and trials: per parameter, whether the
 * backward code reads what it reaches. */
static bool *dry_run_reads(Module *m, Variant *base) {
  int scope = xnode_scope_begin();  /* the dry run's IR is given back */
  Fn *f = base->fn;
  Variant tmp = *base;
  tmp.fresh = ptrmap_copy(&base->fresh);
  tmp.callee = ptrmap_copy(&base->callee);
  tmp.preserve = NULL;
  tmp.nodes = xmalloc(sizeof(void *) * (size_t)(base->nnodes ? base->nnodes : 1));
  memcpy(tmp.nodes, base->nodes, sizeof(void *) * (size_t)base->nnodes);
  Adj a = {.m = m, .v = &tmp, .primal = f, .split = true};
  a.out = new_fn(f, "ccad_dry_run", true);
  a.tbr = tbr_new(a.out->name);
  Stmt *prepared = adj_prepare(&a, f->body);
  find_stable(&a, prepared);
  NameSet names = names_copy(&a.out->names);
  int nvars = a.out->nvars;
  Built b;
  a.phase = 1;
  silent_build(&a, K_SPLIT, prepared, &b, &names, nvars);
  /* with its restores (of everything: no preserve mask) */
  settle_reads(&a, K_SPLIT, prepared, &names, nvars, &b);
  TbrSet reads = {0};
  adj_collect_reads(&a, b.bwd, &reads);
  adj_collect_reads(&a, a.bwd_top, &reads);
  bool *res = xmalloc(sizeof(bool) * (size_t)(f->nparams ? f->nparams : 1));
  for (int j = 0; j < f->nparams; j++) res[j] = reaches(&a, &reads, ex_var(f->params[j]));
  xnode_scope_end(scope);
  return res;
}

/* The variant whose dry run is running, what its own recursive calls are
 * assumed to read, and whether one asked. */
static Variant *self_base;
static bool *self_assumed;
static bool self_asked;

/* A function that calls itself (kissfft's kf_work) reads through a
 * parameter when its own code does, or its recursive call's g_bwd does:
 * dry runs from "reads nothing", each assuming what the last found, until
 * that holds (at most one run per parameter more). Mutual recursion:
 * everything. */
bool *adj_bwd_reads(Module *m, Variant *cv) {
  Variant *base = cv->base ? cv->base : cv;
  void *memo = ptrmap_get(&bwd_reads_memo, base);
  if (memo == IN_PROGRESS) {
    if (base != self_base) return NULL;
    self_asked = true;
    return self_assumed;
  }
  if (memo) return memo;
  ptrmap_put(&bwd_reads_memo, base, IN_PROGRESS);
  int n = base->fn->nparams;
  Variant *outer_base = self_base;
  bool *outer_assumed = self_assumed, outer_asked = self_asked;
  bool *assumed = xmalloc(sizeof(bool) * (size_t)(n ? n : 1));
  memset(assumed, 0, sizeof(bool) * (size_t)(n ? n : 1));
  bool *res;
  for (;;) {
    self_base = base;
    self_assumed = assumed;
    self_asked = false;
    res = dry_run_reads(m, base);
    if (!self_asked) break;
    bool grew = false;
    for (int j = 0; j < n; j++)
      if (res[j] && !assumed[j]) assumed[j] = grew = true;
    if (!grew) {
      res = assumed;  /* holds for what it assumed: sound */
      break;
    }
  }
  self_base = outer_base;
  self_assumed = outer_assumed;
  self_asked = outer_asked;
  ptrmap_put(&bwd_reads_memo, base, res);
  return res;
}

/* A local that f_fwd pushes at its end for f_bwd may be set only inside a
 * loop or a branch that runs no time at run time (a call's result temporary
 * in a while loop's body): its declaration gets a zero initializer, so the
 * push never reads an indeterminate value (gcc -O1: "may be used
 * uninitialized"; the value is then never used by f_bwd either). */
static void init_live_locals(Stmt *fw_top, const Stmt *fwd, const PtrVec *live) {
  for (int i = 0; i < fw_top->nbody; i++) {
    Stmt *d = fw_top->body[i];
    if (d->kind != ST_DECL || d->expr || d->var->kind == VAR_PARAM) continue;
    if (!ty_is_arith(d->var->type) || ty_is_complex(d->var->type)) continue;
    bool is_live = false;
    for (int k = 0; k < live->len && !is_live; k++) is_live = live->data[k] == d->var;
    if (is_live && adj_first_access(fwd, d->var) != 1) d->expr = ex_num(0, d->var->type);
  }
}

/* A parameter passed by value has its adjoint accumulator in g_bwd; g_fwd
 * names it too when it passes the parameter's address on (scale(&q, f)
 * gets &q_adj as the shadow): a zeroed local there. */
static void fwd_accumulators(Adj *a, Built *b) {
  PtrMap seen = {0};
  PtrVec order = {0};
  adj_refs(b->fwd, &seen, &order);
  for (int j = 0; j < a->primal->nparams; j++) {
    Var *p = a->primal->params[j];
    Expr *acc = ptrmap_get(&a->bar, p);
    if (ty_is_ptr(p->type) || ty_holds_ptr(p->type) || !acc || acc->kind != EX_VAR || !ptrmap_get(&seen, acc->var))
      continue;
    Var *x = acc->var;
    SrcLoc loc = p->loc;
    if (ty_is_float(x->type)) {
      st_append(b->sig.enter_fwd, st_decl(x, d_zero(x->type), loc));
    } else {
      st_append(b->sig.enter_fwd, st_decl(x, NULL, loc));
      st_append(b->sig.enter_fwd, d_memset0(ex_addr(ex_var(x)), d_sizeof_expr(ex_var(x)), loc));
    }
  }
}

static Walk is_redo_apply(Expr *e, void *ctx) {
  (void)ctx;
  return rt_is(e, RK_REDO_APPLY) ? WALK_STOP : WALK_ON;
}

/* The redo log is applied before the copies of keep_final_state are put
 * back: a copy taken after the forward sweep is its memory's final state,
 * while the log may hold the same memory half-restored (a checkpoint logs
 * all the caller's memory it loads, the restores of sized parameters and
 * globals before it are not logged). */
static Stmt *log_first(Stmt *at_end, SrcLoc loc) {
  Stmt *b = st_block(loc);
  st_append(b, st_expr(ex_rt0(RT_REDO_APPLY), loc));
  splice(b, at_end);
  return b;
}

static void generate(Module *m, Variant *v, Kind kind) {
  Fn *f = v->fn;
  Adj a = {.m = m, .v = v, .primal = f, .split = kind == K_SPLIT};
  a.out = new_fn(f, v->name, kind == K_SPLIT);
  a.out->is_inactive = v->inactive;  /* (g_fwd stores constants too: jvp(f_grad) must know; g_bwd only zeroes
                                        and restores, which its tangent follows as it is) */
  a.tbr = tbr_new(v->name);
  tbr_register(a.tbr);
  Stmt *prepared = adj_prepare(&a, f->body);
  find_stable(&a, prepared);
  adj_find_snapshots(&a);
  /* phase 1: what does the backward sweep read? (its IR given back) */
  NameSet names = names_copy(&a.out->names);
  int nvars = a.out->nvars;
  Built b;
  a.phase = 1;
  int scope = xnode_scope_begin();
  silent_build(&a, kind, prepared, &b, &names, nvars);
  xnode_scope_end(scope);
  mark_primal(&a);
  /* phase 2: the real thing, saving what R needs. Its restores may read
   * what phase 1 could not see (v[k] = pop reads k): each build learns as
   * a trial does, and one whose R grew is thrown away (its IR given back,
   * the callee variants it asked for kept aside, spares) for another; the
   * first that adds nothing is kept. */
  int nlocals = a.out->locals.len;
  Stmt *after_fwd, *at_end;
  for (int attempt = 0;; attempt++) {
    int ncopies = copies.len, nqueue = queue.len;
    bool last = attempt == 32;  /* (R only grows, so this is not reached) */
    int scope = last ? 0 : xnode_scope_begin();
    a.out->names = names_copy(&names);
    a.out->nvars = nvars;
    a.out->locals.len = nlocals;
    a.phase = 2;
    a.checking = !last;
    a.reads_grew = false;
    a.redo_used = false;
    a.fresh_ok = (PtrMap){0};
    a.before = xmalloc(sizeof(TbrSet));
    a.tbr->saves = (PtrMap){0};  /* (what this build saves) */
    a.tbr->saving.len = 0;
    after_fwd = st_block(f->loc);
    at_end = st_block(f->loc);
    if (kind != K_SPLIT)
      keep_final_state(&a, after_fwd, at_end);
    else
      adj_redo_from_caller(&a);
    build(&a, kind, prepared, &b);
    a.checking = false;
    if (!a.reads_grew) {
      if (!last) xnode_scope_keep(scope);
      break;
    }
    xnode_scope_end(scope);
    for (int i = ncopies; i < copies.len; i++) vec_push(&spares, copies.data[i]);
    copies.len = ncopies;
    queue.len = nqueue;
  }
  mark_primal(&a);
  if (kind != K_SPLIT && a.redo_used && st_each_expr(at_end, is_redo_apply, NULL))
    at_end = log_first(at_end, f->loc);
  if (kind != K_SPLIT)  /* (after the log: it may write into deferred blocks) */
    st_append(at_end, st_expr(ex_rt0(RT_DEFER_APPLY), f->loc));

  PtrVec *params = &b.sig.params;
  if (kind != K_SPLIT) {
    Fn *out = a.out;
    out->ret = f->ret;
    out->params = (Var **)params->data;
    out->nparams = params->len;
    out->body = st_block(f->loc);
    splice(out->body, b.sig.enter);
    splice(out->body, a.top);
    splice(out->body, b.fwd);
    splice(out->body, after_fwd);
    splice(out->body, a.bwd_top);
    splice(out->body, b.bwd);
    splice(out->body, at_end);
    splice(out->body, b.sig.leave);
    if (a.retval) {
      Stmt *r = st_new(ST_RETURN, f->loc);
      r->expr = ex_var(a.retval);
      st_append(out->body, r);
    }
    simplify_zero_vars(out, f->nvars);
    simplify_dead_vars(out, f->nvars);
    simplify_first_accum(out, &a.shadow_of);
    simplify_first_store(out);
    simplify_unused_params(out);
    v->result = out;
    vec_push(&m->generated, out);
    return;
  }
  /* split: frames for locals pointers may refer to; the locals the
   * backward sweep reads travel on the tape */
  fwd_accumulators(&a, &b);
  Stmt *fw_top, *bw_top;
  PtrVec framed = {0};
  Stmt *bodies[4] = {b.fwd, b.bwd, b.sig.leave, a.bwd_top};
  adj_frame_locals(&a, a.top, &fw_top, &bw_top, &framed, bodies, 4);
  PtrMap seen = {0}, top = {0}, written = {0};
  PtrVec order = {0};
  adj_refs(b.bwd, &seen, &order);
  adj_refs(b.sig.leave, &seen, &order);
  adj_refs(a.bwd_top, &seen, &order);
  for (int i = 0; i < fw_top->nbody; i++)
    if (fw_top->body[i]->kind == ST_DECL) ptrmap_put(&top, fw_top->body[i]->var, (void *)1);
  adj_assigned(b.fwd, &written);
  PtrVec live = {0};
  Stmt *replay = st_block(f->loc);  /* --x; done again in g_bwd, not taped */
  for (int i = 0; i < order.len; i++) {
    Var *x = order.data[i];
    if (ptrmap_get(&a.nolive, x)) continue;
    if (adj_first_access(b.bwd, x) == 1 && adj_first_access(b.sig.leave, x) == 0) continue;  /* set before use */
    /* a static the forward sweep never stores into holds its initializer
     * in f_bwd's copy too (f2c's constants: static double one = 1.;) */
    if (x->is_static && !ptrmap_get(&written, x)) continue;
    if (ptrmap_get(&top, x) || (x->kind == VAR_PARAM && ptrmap_get(&written, x))) {
      if (x->kind == VAR_PARAM && adj_replay_shifts(b.fwd, x, replay)) continue;
      vec_push(&live, x);
      tbrset_add(&a.tbr->live, tbr_id(a.tbr, x, x->name));
    }
  }
  init_live_locals(fw_top, b.fwd, &live);
  bool *br = ptrmap_get(&bwd_reads_memo, v->base ? v->base : v);
  if (br && br != IN_PROGRESS) {
    a.tbr->bwd_reads = br;
    a.tbr->params = f->params;
    a.tbr->nparams = f->nparams;
  }
  Fn *fw = a.out;
  fw->ret = f->ret;
  fw->params = (Var **)b.sig.fwd_params.data;
  fw->nparams = b.sig.fwd_params.len;
  fw->body = st_block(f->loc);
  splice(fw->body, b.sig.enter_fwd);
  splice(fw->body, fw_top);
  adj_snapshot_push(&a, fw->body, f->loc);
  splice(fw->body, b.fwd);
  for (int i = 0; i < live.len; i++) st_append(fw->body, adj_save(&a, ex_var(live.data[i]), f->loc));
  if (a.retval) {
    Stmt *r = st_new(ST_RETURN, f->loc);
    r->expr = ex_var(a.retval);
    st_append(fw->body, r);
  }
  Fn *bw = new_fn(f, v->bwd_name, true);
  bw->names = a.out->names;
  bw->nvars = a.out->nvars;
  bw->ret = ty_void();
  bw->params = (Var **)params->data;
  bw->nparams = params->len;
  bw->body = st_block(f->loc);
  splice(bw->body, b.sig.enter);
  splice(bw->body, bw_top);
  splice(bw->body, replay);
  for (int i = live.len - 1; i >= 0; i--) st_append(bw->body, adj_restore(&a, ex_var(live.data[i]), f->loc));
  splice(bw->body, a.bwd_top);
  splice(bw->body, b.bwd);
  splice(bw->body, b.sig.leave);
  adj_snapshot_pop(&a, bw->body, f->loc);
  for (int i = framed.len - 1; i >= 0; i--)
    st_append(bw->body, st_expr(ex_rt1(RT_FRAME_POP, ex_var(framed.data[i])), f->loc));
  simplify_zero_vars(bw, f->nvars);
  simplify_dead_vars(fw, f->nvars);
  /* g_bwd has no effect the user sees: unread primal variables (a pointer
   * walked only for its shadow) may go too, so first_id = 0 */
  simplify_dead_vars(bw, 0);
  simplify_first_accum(bw, &a.shadow_of);
  simplify_split_tape(fw, bw);
  simplify_dead_vars(fw, f->nvars);
  simplify_dead_vars(bw, 0);
  simplify_unused_params(fw);
  simplify_unused_params(bw);
  v->result = fw;
  v->bwd_result = bw;
  fw->tape_dir = 1;
  bw->tape_dir = -1;
  vec_push(&m->generated, fw);
  vec_push(&m->generated, bw);
}

/* Does f (or a function it calls) use the tape? Reverse mode over it would
 * interleave its pushes with its own: not supported. */
static bool uses_tape_s(const Stmt *s, PtrMap *seen);

static bool uses_tape_e(const Expr *e, PtrMap *seen) {
  if (!e) return false;
  if (rt_is(e, RK_PUSH) || rt_is(e, RK_POP) || rt_is(e, RK_RESERVE) || rt_is(e, RK_RELEASE)) return true;
  /* (a call of FILE.c's loss_grad, generated: activity links it later) */
  Fn *g = e->kind != EX_CALL || !e->text ? NULL : e->fn && e->fn->body ? e->fn : strmap_get(&cur_module->generated_by_name, e->text);
  if (g && g->body && !ptrmap_get(seen, g)) {
    ptrmap_put(seen, g, (void *)1);
    if (uses_tape_s(g->body, seen)) return true;
  }
  if (uses_tape_e(e->lhs, seen) || uses_tape_e(e->rhs, seen) || uses_tape_e(e->cond, seen)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (uses_tape_e(e->args[i], seen)) return true;
  return false;
}

static bool uses_tape_s(const Stmt *s, PtrMap *seen) {
  if (!s) return false;
  if (uses_tape_e(s->lhs, seen) || uses_tape_e(s->rhs, seen) || uses_tape_e(s->expr, seen) ||
      uses_tape_e(s->cond, seen))
    return true;
  if (uses_tape_s(s->then, seen) || uses_tape_s(s->els, seen) || uses_tape_s(s->init, seen) ||
      uses_tape_s(s->step, seen))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (uses_tape_s(s->body[i], seen)) return true;
  return false;
}

/* ccad_fn_begin("f_grad") first and ccad_fn_end() before the return: the
 * runtime's tape limit and report name the function (include/ccad.h). */
static void announce(Fn *f) {
  Stmt *b = f->body;
  Type *ch = ty_new(TY_INT, "char");
  ch->is_const = true;
  Expr *name = ex_new(EX_STR, ty_ptr(ch), f->loc);
  name->text = xfmt("\"%s\"", f->name);
  Stmt *begin = st_expr(ex_rt1(RT_FN_BEGIN, name), f->loc), *end = st_expr(ex_rt0(RT_FN_END), f->loc);
  int at = b->nbody && b->body[b->nbody - 1]->kind == ST_RETURN ? b->nbody - 1 : b->nbody;
  st_append(b, end);
  memmove(b->body + at + 1, b->body + at, sizeof(Stmt *) * (size_t)(b->nbody - 1 - at));
  b->body[at] = end;
  st_append(b, begin);
  memmove(b->body + 1, b->body, sizeof(Stmt *) * (size_t)(b->nbody - 1));
  b->body[0] = begin;
}

/* Does code reached from here (the callees included) log into the redo log? */
static Walk logs_redo(Expr *e, void *seen) {
  if (rt_is(e, RK_REDO_PUSH)) return WALK_STOP;
  if (e->kind == EX_CALL && e->fn && e->fn->body && !ptrmap_get(seen, e->fn)) {
    ptrmap_put(seen, e->fn, (void *)1);
    if (!st_each_expr(e->fn->body, logs_redo, seen)) return WALK_STOP;
  }
  return WALK_ON;
}

/* Does code reached from here (the callees included) defer a free? */
static Walk defers_free(Expr *e, void *seen) {
  if (e->kind == EX_CALL && e->rt == RT_DEFER_FREE) return WALK_STOP;
  if (e->kind == EX_CALL && e->fn && e->fn->body && !ptrmap_get(seen, e->fn)) {
    ptrmap_put(seen, e->fn, (void *)1);
    if (!st_each_expr(e->fn->body, defers_free, seen)) return WALK_STOP;
  }
  return WALK_ON;
}

static bool is_rt_stmt(const Stmt *s, RtOp op) { return s->kind == ST_EXPR && s->expr->kind == EX_CALL && s->expr->rt == op; }

/* A callee asked to log (a redo mask) may have restored nothing there:
 * then the requested function has no log to apply; nor, where nothing
 * defers a free, deferred frees. */
static void drop_idle_redo(Fn *out) {
  Stmt *b = out->body;
  bool applies_redo = false, applies_defer = false;  /* (each body walked only where it could go) */
  for (int i = 0; i < b->nbody; i++) {
    Stmt *s = b->body[i];
    applies_redo |= s->kind == ST_EXPR && rt_is(s->expr, RK_REDO_APPLY);
    applies_defer |= is_rt_stmt(s, RT_DEFER_APPLY);
  }
  PtrMap seen = {0}, seen2 = {0};
  bool redo = !applies_redo || !st_each_expr(out->body, logs_redo, &seen);
  bool defer = !applies_defer || !st_each_expr(out->body, defers_free, &seen2);
  int k = 0;
  for (int i = 0; i < b->nbody; i++) {
    Stmt *s = b->body[i];
    if (!((!redo && s->kind == ST_EXPR && rt_is(s->expr, RK_REDO_APPLY)) || (!defer && is_rt_stmt(s, RT_DEFER_APPLY))))
      b->body[k++] = s;
  }
  b->nbody = k;
}

/* The callee variants queued while generating: split functions. */
static void drain_queue(Module *m) {
  while (queue.len) {
    Variant *cv = queue.data[0];
    memmove(queue.data, queue.data + 1, sizeof(void *) * (size_t)(queue.len - 1));
    queue.len--;
    if (cv->result) continue;
    generate(m, cv, K_SPLIT);
  }
  tr_link_calls(m);
}

/* jacrev's sweeps: the requested function split as a callee is,
 * r->gen_name (forward sweep, then the locals the backward sweep reads
 * pushed) and *bwd, so one forward sweep serves a backward sweep per
 * output (over a tape mark). Overwritten memory of the caller is left as
 * the backward sweep restores it: the caller keeps its final values. */
Fn *adjoint_split_request(Module *m, const Request *r, Fn **bwd) {
  cur_module = m;
  PtrMap seen = {0};
  if (r->fn->is_generated && uses_tape_s(r->fn->body, &seen)) return NULL;
  Variant *v = act_request(m, r, MODE_VJP);
  if (!v) return NULL;
  v->bwd_name = tr_fresh_fn_name(m, xfmt("%s_bwd", r->gen_name));
  generate(m, v, K_SPLIT);
  drain_queue(m);
  *bwd = v->bwd_result;
  return v->result;
}

Fn *adjoint_request(Module *m, const Request *r) {
  cur_module = m;
  PtrMap seen = {0};
  if (uses_tape_s(r->fn->body, &seen)) {  /* f_grad itself, or meta() calling it */
    diag_at(r->loc, D_REV_OVER_REV, r->fname, r->fname, r->fname);
    return NULL;
  }
  if (!adj_grad_outputs_ok(r, false)) return NULL;
  Variant *v = act_request(m, r, MODE_VJP);
  if (!v || !adj_grad_outputs_ok(r, true)) return NULL;
  generate(m, v, r->dir == DIR_GRAD ? K_GRAD : K_VJP);
  Fn *result = v->result;
  if (result && result->body) announce(result);
  drain_queue(m);
  if (result && result->body) drop_idle_redo(result);
  return result;
}
