/*
 * jacobian_second.c — hvp and hessian: forward over reverse. G =
 * grad(f) (a static function), then T = jvp(G) with respect to the
 * inputs, whose outputs are the gradients: hvp is one T sweep, hessian
 * one T sweep per input element (or per colour, sparse).
 *
 * Requires: adjoint_request and tangent_request for G and T, the blocks
 * of jacobian_layout.c, the scaffolding of jacobian_driver.c.
 * Provides: f_hvp, f_hessian (and f_hessian_pattern with sparse).
 */
#include "jacobian_int.h"

static Var *param_named(Fn *f, const char *name) {
  for (int i = 0; i < f->nparams; i++)
    if (str_eq(f->params[i]->name, name)) return f->params[i];
  return NULL;
}

static int param_index(Fn *f, const Var *p) {
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i] == p) return i;
  return -1;
}

/* The row type 'row' (double[p]) with elements 'scalar' (const double). */
static Type *rows_of(Type *row, Type *scalar) {
  if (row->kind != TY_ARRAY) return scalar;
  Type *c = xmalloc(sizeof *c);
  *c = *row;
  c->is_const = false;
  c->name = NULL;
  c->base = rows_of(row->base, scalar);
  return c;
}

/* A flat sweep T's pattern sweep: its one-lane vector variant, whose
 * rows of one lane are T's flat memory, with sets of 64 directions in each
 * double (vector_bits.c); *bargs: T's arguments, cast to it. NULL where
 * that cannot be made. */
static Fn *pattern_sweep(Module *m, Fn *T, const PtrVec *args, PtrVec *bargs) {
  bool rows = false;
  Fn *v = vectorize_tangent(m, T, 1, &rows);
  Fn *bits = v && rows && v->nparams == args->len ? bits_variant(m, v) : NULL;
  for (int k = 0; bits && k < args->len; k++) {
    Expr *a = ir_clone_expr(args->data[k], NULL);
    Type *pt = bits->params[k]->type;
    if (ty_same(pt, a->type)) {
      vec_push(bargs, a);
    } else if (ty_is_ptr(pt) && ty_is_ptr(a->type)) {
      vec_push(bargs, ex_cast(pt, a));  /* double * as double (*)[1] */
    } else {
      bits = NULL;  /* a scalar direction: W = 1 takes it as an array */
    }
  }
  return bits;
}

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv, Variant *fv);

/* A dense Hessian of real scalars (no struct fields) whose driver nothing
 * differentiates again or runs on a GPU: by jacfwd of the gradient. */
static bool by_columns(Module *m, const Request *r, const Block *in) {
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].k > 0 || ty_is_complex(in[i].elem)) return false;
  return !composed_by(m, r, -1) && !composed_by(m, r, DIR_CUDA);
}

/* hessian, dense: the Jacobian of G's gradients with respect to the inputs
 * by jacfwd (jr: the jvp request of G made a jacfwd one), so G's jvp runs
 * up to 16 directions per sweep where it widens (vector.c) instead of one;
 * f_hessian calls it with gradient buffers of its own. The rows are the
 * gradient's entries, the columns the inputs: H, symmetric, as a
 * sweep per input would give it. */
static void hessian_by_jacfwd(Module *m, Request *r, Request *gr, Request *jr, Block *in, Var **bars) {
  Fn *f = r->fn, *G = gr->result;
  jr->fresh_outs = true;  /* G zeroes the gradients first */
  jacobian_of(m, jr, true);
  Fn *J = jr->result;
  if (!J) return;
  J->is_static = true;
  Drv g = {.m = m, .r = r, .f = f, .fv = act_request_variant(m, gr)};
  PtrVec extra = {0}, after = {0};
  Var *hess = jd_extra_param(&extra, &after, "hess", ty_ptr(in[0].scalar), NULL);
  jd_driver_fn(&g, &extra, &after);
  Var **gs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) gs[i] = jd_declare(&g, &in[i], xfmt("g_%s", dparam(&g, in[i].p)->name));
  Var *result = f->ret->kind != TY_VOID ? jd_result_decl(&g) : NULL;
  PtrVec args = {0};
  for (int j = 0; j < G->nparams; j++) {
    Var *p = G->params[j];
    int b = -1;
    for (int i = 0; i < r->nwrt; i++)
      if (p == bars[i]) b = i;
    if (b >= 0) {
      vec_push(&args, in[b].rows ? ex_cast(ty_ptr(ty_void()), V(gs[b])) : addr_of(&in[b], gs[b]));
    } else {
      Var *fp = param_named(f, p->name);
      vec_push(&args, fp ? P(&g, fp) : V(p));
    }
  }
  vec_push(&args, V(hess));
  jd_run_sweep(&g, J, &args, result);
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size) free_st(&g, V(gs[i]));
  jd_finish(&g, result);
}

void jacobian_second_order(Module *m, Request *r, bool full) {
  Fn *f = r->fn;
  /* G = grad(f) (static), then T = jvp(G) wrt(inputs) out(gradients) */
  Request *g = jd_sweep_request(r, DIR_GRAD, f, tr_fresh_fn_name(m, xfmt("%s_%s_grad", f->name, full ? "hessian" : "hvp")));
  g->result = adjoint_request(m, g);
  if (!g->result) return;
  Fn *G = g->result;
  G->is_static = true;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;
  Request *t = jd_sub_request(r, DIR_JVP, G, tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, full ? "hessian" : "hvp")));
  t->nwrt = t->nout = r->nwrt;
  t->has_wrt = t->has_out = true;
  t->wrt = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  t->out = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  Var **bars = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    Var *bar = bars[i] = fn_adjoint_param(G, b->p);
    if (!bar) {
      diag_at(r->loc, D_NO_GRAD_PARAM, b->p->name);
      return;
    }
    t->wrt[i] = (ReqItem){.name = b->p->name, .size_expr = b->size, .loc = r->loc, .param = param_index(G, b->p)};
    t->out[i] = (ReqItem){.name = bar->name, .size_expr = b->size ? b->size : ex_int(1), .loc = r->loc,
                          .param = param_index(G, bar)};
  }
  /* G's own scratch shadows are its locals; f's scratch state is G's too */
  jd_copy_state_clauses(t, r);
  for (int i = 0; i < t->nscratch; i++) t->scratch[i].param = param_index(G, f->params[r->scratch[i].param]);
  for (int i = 0; i < t->nmay_alias; i++) t->may_alias[i].param = param_index(G, f->params[r->may_alias[i].param]);
  if (full && !r->sparse && by_columns(m, r, in)) {
    t->dir = DIR_JACFWD;
    hessian_by_jacfwd(m, r, g, t, in, bars);
    return;
  }
  t->result = tangent_request(m, t);
  if (!t->result) return;
  t->result->is_static = true;
  second_order_driver(m, r, full, G, bars, t->result, act_request_variant(m, t), act_request_variant(m, g));
  sparse_pattern_fn(m, r);
}

/* a struct passed by value has its hvp direction behind a pointer; a
 * complex number is a scalar */
static bool by_pointer(const Block *b) { return b->deep || (b->k > 0 && !ty_is_complex(b->elem)); }

/* hvp: by value T a_v, pointer const T *p_v; a matrix parameter's have its
 * row type (double (*M_v)[p]); a struct's are the same struct, through
 * pointers (contract section 3) */
static Type *direction_type(const Block *b) {
  Type *pt = b->p->type;
  Type *cv = xmalloc(sizeof *cv);
  *cv = *b->elem;
  cv->is_const = b->size != NULL || by_pointer(b);
  if (b->rows) return ty_ptr(rows_of(pt->base, cv));
  return b->size || by_pointer(b) ? ty_ptr(cv) : cv;
}

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv, Variant *fv) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;
  Drv g = {.m = m, .r = r, .f = f, .fv = fv};
  /* the driver's own parameters */
  PtrVec extra = {0}, after = {0};
  Var *hess = NULL;
  Var **pvs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)), **phs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)),
      **pbs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  if (full) {
    hess = jd_extra_param(&extra, &after, "hess", ty_ptr(r->sparse ? sparse_csr_type() : in[0].scalar), NULL);
  } else {
    /* hvp: after each input p, const T *p_v and T *p_hv */
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      Type *ht = b->rows ? tr_writable(b->p->type) : ty_ptr(b->elem);
      pvs[i] = jd_extra_param(&extra, &after, xfmt("%s_v", b->p->name), direction_type(b), b->p);
      phs[i] = jd_extra_param(&extra, &after, xfmt("%s_hv", b->p->name), ht, b->p);
      /* the gradient the sweep works in: its pointers lead where only the
       * caller knows the sizes */
      pbs[i] = b->deep ? jd_extra_param(&extra, &after, xfmt("%s_bar", b->p->name), ty_ptr(b->elem), b->p) : NULL;
      if (b->deep) diag_at(r->loc, D_HVP_DEEP_STRUCT, r->gen_name, b->p->name, b->p->name, b->p->name, b->p->name);
    }
  }
  jd_driver_fn(&g, &extra, &after);
  /* gradient buffers (T's x_bar), directions and results (full) */
  Var **gs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)), **vs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)),
      **hvs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    const char *p = dparam(&g, b->p)->name;
    gs[i] = !full && b->deep ? pbs[i] : jd_declare(&g, b, xfmt("g_%s", p));
    vs[i] = NULL;
    if (full) {
      vs[i] = jd_declare(&g, b, xfmt("v_%s", p));
      hvs[i] = jd_declare(&g, b, xfmt("hv_%s", p));
    }
  }
  Var *result = f->ret->kind != TY_VOID && full ? jd_result_decl(&g) : NULL;
  /* T's arguments: G's parameters with their tangents */
  PtrVec args = {0};
  for (int j = 0; j < G->nparams; j++) {
    Var *p = G->params[j];
    int bin = -1, bgrad = -1;
    for (int i = 0; i < r->nwrt; i++) {
      if (in[i].p == p) bin = i;
      if (p == bars[i]) bgrad = i;
    }
    if (bgrad >= 0) {
      Block *b = &in[bgrad];
      Expr *buf = b->deep ? V(gs[bgrad]) : addr_of(b, gs[bgrad]);  /* deep: the caller's p_bar */
      vec_push(&args, b->rows ? ex_cast(ty_ptr(ty_void()), V(gs[bgrad])) : buf);
    } else {
      Var *fp = param_named(f, p->name);
      vec_push(&args, fp ? P(&g, fp) : V(p));
    }
    if (!act_shadow_param(tv, j)) continue;
    if (bin >= 0) {
      Block *b = &in[bin];
      Var *tp = args.len < T->nparams ? T->params[args.len] : NULL;
      Type *te = tp && ty_is_ptr(tp->type) ? tp->type->base : NULL;
      while (te && te->kind == TY_ARRAY) te = te->base;  /* a matrix's rows: their elements */
      if (!full && b->size && te && !te->is_const) {
        /* f writes p too (in-out), or p is not declared const: the sweep
         * may write its tangent there, and the caller's direction is
         * const, so the sweep gets a copy */
        vs[bin] = jd_declare(&g, b, xfmt("v_%s", dparam(&g, b->p)->name));
        put(&g, call_st("memcpy", 3, V(vs[bin]), V(pvs[bin]), bytes(cnt(&g, b), ex_sizeof_type(b->elem))));
      }
      if (full || vs[bin]) vec_push(&args, b->rows ? ex_cast(ty_ptr(ty_void()), V(vs[bin])) : V(vs[bin]));
      else vec_push(&args, !b->size && by_pointer(b) ? ex_deref(V(pvs[bin])) : V(pvs[bin]));
    } else if (bgrad >= 0) {
      Block *b = &in[bgrad];
      if (full) vec_push(&args, b->rows ? ex_cast(ty_ptr(ty_void()), V(hvs[bgrad])) : addr_of(b, hvs[bgrad]));
      else vec_push(&args, V(phs[bgrad]));
    } else {
      diag_at(r->loc, D_HVP_NOT_INPUT, r->gen_name, p->name);
      return;
    }
  }
  if (tv->ret && ty_is_float(G->ret)) {
    Var *rd = local(&g, "ret_dot", ty_unqual(G->ret));
    put(&g, st_decl(rd, d_zero(rd->type), NOLOC));
    vec_push(&args, ex_addr(V(rd)));
  }
  if (!full) {  /* one sweep: T result = T(...) */
    Expr *c = call_fn(T, &args);
    if (f->ret->kind != TY_VOID) {
      result = local(&g, "result", ty_unqual(f->ret));
      put(&g, st_decl(result, c, NOLOC));
    } else {
      put(&g, st_expr(c, NOLOC));
    }
  } else if (r->sparse) {  /* sweeps seeded by the runtime, results to it */
    Var *n_in = jd_count_decl(&g, "n_in", jd_total(&g, in, r->nwrt));
    Sparse sp = {.jac = hess};
    Var **keep = jd_save_inout(&g, NULL);  /* scratch state, inputs f writes */
    bool inout = jd_keeps_any(&g, keep);
    PtrVec bargs = {0};
    Fn *bits = in[0].scalar->kind == TY_DOUBLE ? pattern_sweep(m, T, &args, &bargs) : NULL;
    sparse_open(&g, &sp, 2 | (in[0].scalar->kind == TY_FLOAT ? 4 : 0) | (bits ? 8 : 0), n_in, n_in, n_in, n_in, inout,
                1);
    jd_restore_inout(&g, NULL, keep, sp.ran);
    for (int i = 0; i < r->nwrt; i++) sparse_seed(&g, &sp, &in[i], vs[i], NULL);
    if (bits) {  /* finding the pattern: 64 columns a sweep, as bits */
      Stmt *pick = st_new(ST_IF, NOLOC);
      pick->cond = call("ccad__sparse_bits", ty_int(), 2, V(sp.jac), V(sp.phase), NULL);
      pick->then = st_block(NOLOC);
      pick->els = st_block(NOLOC);
      put(&g, pick);
      Stmt *at = g.at;
      g.at = pick->then;
      jd_run_sweep(&g, bits, &bargs, result);
      g.at = pick->els;
      jd_run_sweep(&g, T, &args, result);
      g.at = at;
    } else {
      jd_run_sweep(&g, T, &args, result);
    }
    for (int i = 0; i < r->nwrt; i++) sparse_gather(&g, &sp, &in[i], hvs[i], NULL);
    sparse_close(&g, &sp, true);
    jd_free_inout(&g, NULL, keep);
  } else {
    Var *n_in = jd_count_decl(&g, "n_in", jd_total(&g, in, r->nwrt));
    Var **keep = jd_save_inout(&g, NULL);  /* scratch state, inputs f writes */
    Var *sweep = local(&g, "sweep", ty_long());
    Stmt *outer = jd_sweeps(&g, sweep, n_in, 1);
    put(&g, outer);
    Stmt *top = g.at;
    g.at = outer->then;
    jd_restore_inout(&g, NULL, keep, sweep);
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      put(&g, jd_zero(&g, b, vs[i]));
      put(&g, if_then(jd_within(&g, b, sweep), jd_one(b, vs[i], sub(V(sweep), off(&g, b)))));
    }
    jd_run_sweep(&g, T, &args, result);
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      Expr *below = ex_bin(OP_LT, V(sweep), V(n_in));
      Expr *row = add(ex_bin(OP_MUL, V(sweep), V(n_in)), off(&g, b));
      if (b->size || b->k) {
        Var *q = q_var(&g);
        Stmt *each = loop(q, ex_int(0), ex_bin(OP_LAND, ex_bin(OP_LT, V(q), num_n(&g, b)), below), 1);
        st_append(each->then, st_assign(ex_index(V(hess), ex_bin(OP_ADD, row, V(q))), jd_entry(b, hvs[i], V(q)), NOLOC));
        put(&g, each);
      } else {
        put(&g, if_then(below, st_assign(ex_index(V(hess), row), V(hvs[i]), NOLOC)));
      }
    }
    g.at = top;
    jd_free_inout(&g, NULL, keep);
  }
  for (int i = 0; i < r->nwrt; i++) {
    if (!in[i].size) continue;
    if (!in[i].deep) free_st(&g, V(gs[i]));
    if (!full && vs[i]) free_st(&g, V(vs[i]));
    if (full) {
      free_st(&g, V(vs[i]));
      free_st(&g, V(hvs[i]));
    }
  }
  jd_finish(&g, result);
}
