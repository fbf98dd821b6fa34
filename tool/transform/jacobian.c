/*
 * jacobian.c — jacfwd, jacrev, hessian, hvp. S2 -> S3, built from the
 * other transforms (hvp and hessian: jacobian_second.c; the drivers'
 * scaffolding: jacobian_driver.c):
 *
 *   jacfwd(f)  = one f_jvp sweep per input element (column j of J)
 *   jacrev(f)  = one f_vjp sweep per output element (row i of J)
 *   hvp(f)     = jvp(f_grad): forward over reverse, H v in one sweep
 *   hessian(f) = one hvp sweep per input element
 *
 * Requires: the activity facts of f (analysis/), tangent_request,
 * adjoint_request and vectorize_tangent for the sweeps, jac_blocks for
 * the matrix's layout (jacobian_layout.c).
 * Provides: the requested function, a driver built as IR around static
 * sweeps (loops that seed, run a sweep, gather one row or column), so a
 * later request can transform it again (vmap(f_jacfwd)). Between sweeps,
 * memory f both reads and writes (in-out parameters) is put back as it was
 * on entry, so each sweep differentiates the same function; the last sweep
 * leaves f's final values.
 */
#include <string.h>

#include "jacobian_int.h"
/* ---- jacfwd / jacrev ---------------------------------------------------- */

/* jacfwd: tangent directions per vector sweep (jacrev: adjoint directions
 * per backward sweep). Every column in one sweep (one run of f) when
 * there are at most 16 and their count is a constant (a dense jacfwd: at
 * most 32, one_max; bench_jac's hand, 26 columns: 2 x 14 ran f twice, zeroed
 * and copied the result's lanes twice, 33.4 -> 29.0 x f at gcc -O2, the same
 * at -O3), else 8 per sweep; 16 for a Hessian's, whose every sweep runs the whole
 * gradient (primal and backward sweep) once for its lanes (bench_jac's
 * n = 100 Hessian at gcc -O3: 23 x grad with 8, 18.5 with 16). */
static int lanes_for(const Request *r, const Block *in, int nin, int one_max) {
  long n = 0;
  for (int i = 0; i < nin; i++) {
    const Expr *z = in[i].size;
    if (!z) n += 1;
    else if (z->kind == EX_NUM && z->value >= 0 && z->value == (long)z->value) n += (long)z->value;
    else return r->serves && r->serves->dir == DIR_HESSIAN ? 16 : 8;
  }
  if (n >= 2 && n <= one_max) return (int)n;  /* (exactly: jacrev of 10 rows carried 16 lanes, 6 of them zeros) */
  if (n > one_max) {  /* equal sweeps, an even width: 40 columns as 3 x 14, not 2 x 16 + 8 */
    long sweeps = (n + 15) / 16, w = (n + sweeps - 1) / sweeps;
    return (int)(w + (w & 1));
  }
  return 2;
}

static bool in_inputs(Block *in, int nin, int param) {
  for (int k = 0; k < nin; k++)
    if (in[k].param == param && param >= 0) return true;
  return false;
}

/* A block whose derivatives fit on the stack: a constant element count. */
static bool fixed_rows(const Expr *size) { return jd_keep_fixed(size); }

/* lane buffers on the stack: a small constant count of scalars (a matrix
 * parameter's, a[2][3], are on the heap: the sweep takes them as rows) */
static bool on_stack(const Block *b, bool rows) { return rows && fixed_rows(b->size) && !b->rows; }

/* The derivative buffers of one block, for every lane in one allocation
 * (a jacfwd of a small function would otherwise spend its time in calloc):
 * rows, T (*d_p)[L] with element q of lane l at d_p[q][l], or L pointers,
 * d_p[l][q]. */
static Var *lane_buffers(Drv *g, const Block *b, bool rows, int L, bool zeroed) {
  const char *hint = jd_buf_hint(g, b);
  if (on_stack(b, rows)) {  /* a small constant size: no allocation */
    Var *v = local(g, hint, array_of(array_of(b->elem, L), (long)b->size->value));
    Expr *z = ex_new(EX_INIT, v->type, NOLOC), *z0 = ex_new(EX_INIT, v->type->base, NOLOC);
    z0->args = xmalloc(sizeof(Expr *));
    z0->args[0] = ex_int(0);
    z0->nargs = 1;
    z->args = xmalloc(sizeof(Expr *));
    z->args[0] = z0;
    z->nargs = 1;
    put(g, st_decl(v, z, NOLOC));
    return v;
  }
  if (rows) {
    Var *v = local(g, hint, ty_ptr(array_of(b->elem, L)));
    Expr *n = to(ty_size_t(), num_n(g, b)), *sz = b->rows ? ex_sizeof_type(v->type->base) : d_sizeof_expr(ex_deref(V(v)));
    Expr *alloc = zeroed ? call("malloc", ty_ptr(ty_void()), 1, ex_bin(OP_MUL, n, sz), NULL, NULL)  /* the sweep zeroes it */
                         : call("calloc", ty_ptr(ty_void()), 2, n, sz, NULL);
    if (g->scratch)  /* (kept by jac from call to call; every sweep sets what it reads) */
      alloc = call("ccad__sparse_scratch", ty_ptr(ty_void()), 3, V(g->scratch), ex_int(g->nscratch++),
                   bytes(num_n(g, b), d_sizeof_expr(ex_deref(V(v)))));
    if (b->rows) {  /* a matrix: the allocation stays void * for the sweep (Drv.raw) */
      Var *raw = local(g, xfmt("%s_mem", hint), ty_ptr(ty_void()));
      put(g, st_decl(raw, alloc, NOLOC));
      ptrmap_put(&g->raw, v, raw);
      alloc = V(raw);
    }
    put(g, st_decl(v, alloc, NOLOC));
    return v;
  }
  Var *v = local(g, hint, array_of(ty_ptr(b->elem), L));
  put(g, st_decl(v, NULL, NOLOC));
  Expr *all = ex_bin(OP_MUL, ex_cast(ty_size_t(), ex_int(L)), to(ty_size_t(), num_n(g, b)));
  Expr *alloc = g->scratch ? call("ccad__sparse_scratch", ty_ptr(ty_void()), 3, V(g->scratch), ex_int(g->nscratch++),
                                  ex_bin(OP_MUL, all, ex_sizeof_type(b->elem)))
                           : call("calloc", ty_ptr(ty_void()), 2, all, ex_sizeof_type(b->elem), NULL);
  put(g, st_assign(ex_index(V(v), ex_int(0)), alloc, NOLOC));
  Var *lane = lane_var(g);
  Stmt *s = loop(lane, ex_int(1), ex_bin(OP_LT, V(lane), ex_int(L)), 1);
  st_append(s->then, st_assign(ex_index(V(v), V(lane)),
                               ex_bin(OP_ADD, ex_index(V(v), ex_int(0)), ex_bin(OP_MUL, V(lane), num_n(g, b))), NOLOC));
  put(g, s);
  return v;
}

static Stmt *clear_lanes(Drv *g, const Block *b, Var *v, bool rows, int L) {
  if (rows) return d_memset0(V(v), bytes(num_n(g, b), d_sizeof_expr(ex_deref(V(v)))), NOLOC);
  Expr *all = ex_bin(OP_MUL, ex_cast(ty_size_t(), ex_int(L)), to(ty_size_t(), num_n(g, b)));
  Expr *first = ex_index(V(v), ex_int(0));
  return d_memset0(ir_clone_expr(first, NULL), ex_bin(OP_MUL, all, d_sizeof_expr(ex_deref(first))), NOLOC);
}

/* element q of lane 'lane' */
static Expr *lane_at(bool rows, Var *v, Expr *q, Var *lane) {
  return rows ? ex_index(ex_index(V(v), q), V(lane)) : ex_index(ex_index(V(v), V(lane)), q);
}

/* An input block that f only reads: its derivative buffers hold zeros
 * but for the seeds. */
static bool keeps_zeros(const Block *b) { return ty_is_ptr(b->p->type) && b->p->type->base->is_const; }

/* f's arguments to a sweep, each active one followed by its derivative */
static void sweep_args(Drv *g, Variant *v, PtrVec *args, bool by_addr) {
  Fn *f = g->f;
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    vec_push(args, P(g, p));
    if (!act_shadow_param(v, j)) continue;
    Var *dv = ptrmap_get(&g->bufs, p);
    if (ty_is_ptr(p->type))
      vec_push(args, p->type->base->kind == TY_ARRAY ? ptrmap_get(&g->raw, dv) ? V((Var *)ptrmap_get(&g->raw, dv))
                                                                               : ex_cast(ty_ptr(ty_void()), V(dv))
                                                 : V(dv));
    else
      vec_push(args, by_addr ? ex_addr(V(dv)) : V(dv));
  }
}

/* d_ret: the return value's derivative, which the sweep's variant has
 * because the return value is an output */
static Var *ret_buf(Drv *g, Block *out) {
  for (int i = 0; i < g->r->nout; i++)
    if (out[i].param < 0) return buf(g, &out[i]);
  die_internal("a sweep returns a derivative that is no output");
  return NULL;
}


/* lane < L && (sweep + lane < count || lane == 0) */
static Expr *lanes_below(Var *sweep, Var *lane, int L, Var *count) {
  Expr *in = ex_bin(OP_LOR, ex_bin(OP_LT, ex_bin(OP_ADD, V(sweep), V(lane)), V(count)), ex_bin(OP_EQ, V(lane), ex_int(0)));
  return ex_bin(OP_LAND, ex_bin(OP_LT, V(lane), ex_int(L)), in);
}

static void vector_free(Drv *g, bool rows, Block *in, Block *out, Var **keep, Var *result) {
  Request *r = g->r;
  for (int i = 0; i < r->nwrt && !g->scratch; i++)
    if (in[i].size && !on_stack(&in[i], rows))
      free_st(g, rows ? V(buf(g, &in[i])) : ex_index(V(buf(g, &in[i])), ex_int(0)));
  for (int i = 0; i < r->nout && !g->scratch; i++)
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !on_stack(&out[i], rows) &&
        !ptrmap_get(&g->in_place, &out[i]))
      free_st(g, rows ? V(buf(g, &out[i])) : ex_index(V(buf(g, &out[i])), ex_int(0)));
  jd_free_inout(g, out, keep);
  jd_finish(g, result);
}

/* jacfwd whose every column is in the one sweep (L = n_in, rows): an
 * output block's row q of L lanes is row off + q of J, so the sweep writes
 * J where it lies (bench_jac's hand: the copy of 6,000 rows of 26 lanes was
 * a sixth of the Jacobian's time). Not a struct's (flattened), a matrix
 * parameter's, nor one that is also an input (its lanes hold the seeds). */
static Var *rows_in_jac(Drv *g, const Block *b, Block *in, Var *jac, int L) {
  if (!b->size || b->k || b->rows || in_inputs(in, g->r->nwrt, b->param) || !ty_same(b->elem, jac->type->base))
    return NULL;
  Var *v = local(g, jd_buf_hint(g, b), ty_ptr(array_of(b->elem, L)));
  put(g, st_decl(v, ex_cast(v->type, ex_bin(OP_ADD, V(jac), mul(off(g, b), ex_int(L)))), NOLOC));
  ptrmap_put(&g->in_place, b, v);
  return v;
}

/* jacfwd's results of one sweep into jac, row by row: jac[row * n_in +
 * sweep + lane] for lane < width, or for lane < n_in - sweep when width
 * is 0 (the last sweep). */
static Stmt *gather_rows(Drv *g, Block *out, Var *jac, Var *n_in, Var *sweep, bool rows, int width) {
  Var *lane = lane_var(g);
  Stmt *all = st_block(NOLOC);
  for (int i = 0; i < g->r->nout; i++) {
    Block *b = &out[i];
    if (ptrmap_get(&g->in_place, b)) continue;  /* (written where it lies) */
    Expr *bound = width ? ex_int(width) : ex_bin(OP_SUB, V(n_in), V(sweep));
    Stmt *lanes = loop(lane, ex_int(0), ex_bin(OP_LT, V(lane), bound), 1);
    lanes->unroll = width;
    Expr *row = b->size ? add(off(g, b), V(q_var(g))) : off(g, b);
    Expr *at = ex_bin(OP_ADD, ex_bin(OP_ADD, mul(row, V(n_in)), V(sweep)), V(lane));
    Expr *from = b->size ? lane_at(rows, buf(g, b), V(q_var(g)), lane) : ex_index(V(buf(g, b)), V(lane));
    st_append(lanes->then, st_assign(ex_index(V(jac), at), from, NOLOC));
    if (b->size) {
      Stmt *each = loop(q_var(g), ex_int(0), ex_bin(OP_LT, V(q_var(g)), num_n(g, b)), 1);
      st_append(each->then, lanes);
      st_append(all, each);
    } else {
      st_append(all, lanes);
    }
  }
  return all;
}

/* The sweep; with a pattern sweep (vector_bits.c), that one while the
 * runtime finds the pattern by bits (ccad__sparse_bits). */
static void run_sweep(Drv *g, Fn *sw, Fn *bits, const Sparse *sp, PtrVec *args, Var *result) {
  if (!bits) {
    jd_run_sweep(g, sw, args, result);
    return;
  }
  Stmt *pick = st_new(ST_IF, NOLOC);
  pick->cond = call("ccad__sparse_bits", ty_int(), 2, V(sp->jac), V(sp->phase), NULL);
  pick->then = st_block(NOLOC);
  pick->els = st_block(NOLOC);
  put(g, pick);
  Stmt *at = g->at;
  PtrVec copy = {0};
  for (int i = 0; i < args->len; i++) vec_push(&copy, ir_clone_expr(args->data[i], NULL));
  g->at = pick->then;
  jd_run_sweep(g, bits, &copy, result);
  g->at = pick->els;
  jd_run_sweep(g, sw, args, result);
  g->at = at;
}

/* jacfwd with the vector sweep: L columns of J per run of f (sparse: L
 * NaN probes, or L colours). */
static void vector_driver(Drv *g, Fn *sw, bool rows, int L, Variant *v, Block *in, Block *out, Var *jac) {
  Request *r = g->r;
  Fn *f = g->f;
  Var *n_in = jd_count_decl(g, "n_in", jd_total(g, in, r->nwrt));
  Var *n_out = r->sparse ? jd_count_decl(g, "n_out", jd_total(g, out, r->nout)) : NULL;
  if (r->sparse && sparse_lanes_ok(in, r->nwrt) && sparse_lanes_ok(out, r->nout) && r->nwrt + r->nout <= CCAD_SCRATCH_SLOTS)
    g->scratch = jac;
  bool one = !r->sparse && rows && constant_total(in, r->nwrt) == L;  /* every column in one sweep */
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    if (b->size) {
      set_buf(g, b, lane_buffers(g, b, rows, L, false));
    } else {
      Var *dv = local(g, jd_buf_hint(g, b), array_of(b->elem, L));
      put(g, st_decl(dv, NULL, NOLOC));
      set_buf(g, b, dv);
    }
  }
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    if (b->param < 0) {
      Var *dv = local(g, "d_ret", array_of(b->elem, L));
      put(g, st_decl(dv, NULL, NOLOC));
      set_buf(g, b, dv);
    } else if (!in_inputs(in, r->nwrt, b->param)) {  /* (malloc, not calloc, where the sweep zeroes its lanes itself) */
      Var *d = one ? rows_in_jac(g, b, in, jac, L) : NULL;
      set_buf(g, b, d ? d : lane_buffers(g, b, rows, L, rows && v->zero_out[b->param]));
    }
  }
  Var **keep = jd_save_inout(g, out);
  Var *result = f->ret->kind != TY_VOID ? jd_result_decl(g) : NULL;
  Var *sweep, *ran;
  Sparse sp = {.jac = jac};
  Lanes ln = {.lane = lane_var(g), .rows = rows};
  Stmt *top = g->at;
  Fn *bits = NULL;
  if (r->sparse) {  /* the phases; L columns (NaN probes, sets of 64 as bits, or colours) per sweep */
    bool inout = jd_keeps_any(g, keep);
    sp.lanes = g->scratch != NULL;
    bool fl = r->nout && out[0].scalar->kind == TY_FLOAT;
    bits = sp.lanes && !fl ? bits_variant(g->m, sw) : NULL;
    sparse_open(g, &sp, (fl ? 4 : 0) | (bits ? 8 : 0), n_out, n_in, n_in, n_out, inout, L);
    sweep = sp.sweep;
    ran = sp.ran;
  } else {
    sweep = ran = local(g, "sweep", ty_long());
    Stmt *outer = jd_sweeps(g, sweep, n_in, L);
    put(g, outer);
    g->at = outer->then;
  }
  Stmt *body = g->at;
  jd_restore_inout(g, out, keep, ran);
  /* one memset per block (the lanes' buffers are contiguous); an input f
   * cannot write keeps its zeros, and only its seeds are reset after the sweep */
  for (int i = 0; i < r->nwrt; i++)  /* (sp.lanes: the runtime writes every lane of the seeds) */
    if (in[i].size && !keeps_zeros(&in[i]) && !sp.lanes) put(g, clear_lanes(g, &in[i], buf(g, &in[i]), rows, L));
  for (int i = 0; i < r->nwrt && sp.lanes; i++) sparse_lanes_seed(g, &sp, &in[i], buf(g, &in[i]), L, rows);
  for (int i = 0; i < r->nout; i++)  /* (a pure output's the sweep zeroes itself) */
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !v->zero_out[out[i].param])
      put(g, clear_lanes(g, &out[i], buf(g, &out[i]), rows, L));
  Var *lane = lane_var(g);
  Stmt *seed = loop(lane, ex_int(0), ex_bin(OP_LT, V(lane), ex_int(L)), 1);
  /* (sparse: every lane, the runtime's seed of a sweep past the last is
   * zero; a lane left as it was holds an earlier probe's NaN, or garbage
   * in an unsized input's d_a[L], and raises FP exceptions f does not) */
  put(g, seed);
  g->at = seed->then;
  if (r->sparse && !sp.lanes) sparse_seed_call(g, &sp, ex_bin(OP_ADD, V(sweep), V(lane)));
  for (int i = 0; i < r->nwrt && r->sparse && !sp.lanes; i++) sparse_seed(g, &sp, &in[i], buf(g, &in[i]), &ln);
  Var *j = NULL;
  if (r->nwrt && !r->sparse) {
    j = local(g, "j", const_of(ty_long()));
    put(g, st_decl(j, ex_bin(OP_ADD, V(sweep), V(lane)), NOLOC));
  }
  for (int i = 0; i < r->nwrt && !r->sparse; i++) {
    Block *b = &in[i];
    if (b->size)
      put(g, if_then(jd_within(g, b, j), st_assign(lane_at(rows, buf(g, b), sub(V(j), off(g, b)), lane), ex_num(1, b->elem),
                                                NOLOC)));
    else
      put(g, st_assign(ex_index(V(buf(g, b)), V(lane)), ex_bin(OP_EQ, V(j), off(g, b)), NOLOC));
  }
  for (int i = 0; i < r->nout; i++)
    if (out[i].param < 0) put(g, st_assign(ex_index(V(buf(g, &out[i])), V(lane)), d_zero(out[i].elem), NOLOC));
  g->at = body;
  if (!seed->then->nbody && body->nbody && body->body[body->nbody - 1] == seed) body->nbody--;  /* (sp.lanes) */
  PtrVec args = {0};
  sweep_args(g, v, &args, false);
  if (v->ret && ty_is_float(f->ret)) vec_push(&args, V(ret_buf(g, out)));
  run_sweep(g, sw, bits, &sp, &args, result);
  if (r->sparse && sp.lanes) {  /* the results where they are, block by block */
    for (int i = 0; i < r->nout; i++) sparse_lanes_gather(g, &sp, &out[i], buf(g, &out[i]), L, rows);
    sparse_lanes_done(g, &sp, L);
    sparse_close(g, &sp, false);
    vector_free(g, rows, in, out, keep, result);
    return;
  }
  if (r->sparse) {  /* each lane's results, flat, to the runtime */
    Stmt *each = loop(lane, ex_int(0), lanes_below(sweep, lane, L, sp.count), 1);
    put(g, each);
    g->at = each->then;
    for (int i = 0; i < r->nout; i++) sparse_gather(g, &sp, &out[i], buf(g, &out[i]), &ln);
    sparse_gather_call(g, &sp, ex_bin(OP_ADD, V(sweep), V(lane)));
    g->at = body;
    sparse_close(g, &sp, false);
    vector_free(g, rows, in, out, keep, result);
    return;
  }
  /* gather: columns sweep .. sweep + L - 1, row by row (the matrix is
   * written where it lies, not a column of every row per lane); L at a
   * time but in the last sweep, so that the copy of a row is a fixed one */
  Stmt *full = gather_rows(g, out, jac, n_in, sweep, rows, L);
  Stmt *last = gather_rows(g, out, jac, n_in, sweep, rows, 0);
  Stmt *which = st_new(ST_IF, NOLOC);
  which->cond = ex_bin(OP_LE, ex_bin(OP_ADD, V(sweep), ex_int(L)), V(n_in));
  which->then = full;
  which->els = last;
  if (full->nbody || last->nbody) put(g, which);
  bool reset = false;
  for (int i = 0; i < r->nwrt; i++) reset |= in[i].size && keeps_zeros(&in[i]);
  if (reset) {
    Stmt *back = loop(lane, ex_int(0), ex_bin(OP_LT, V(lane), ex_int(L)), 1);
    put(g, back);
    g->at = back->then;
    put(g, st_decl(j, ex_bin(OP_ADD, V(sweep), V(lane)), NOLOC));
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      if (b->size && keeps_zeros(b))
        put(g, if_then(jd_within(g, b, j),
                       st_assign(lane_at(rows, buf(g, b), sub(V(j), off(g, b)), lane), d_zero(b->elem), NOLOC)));
    }
  }
  g->at = top;
  vector_free(g, rows, in, out, keep, result);
}

/* The parameters of f_bwd that carry adjoints: p_bar for f's p, ret_bar
 * (split_params_ok's names; the others are f's own). */
static bool *adjoint_params(Fn *f, Fn *bw) {
  bool *a = xmalloc(sizeof(bool) * (size_t)(bw->nparams + 1));
  for (int k = 0; k < bw->nparams; k++) {
    Var *p = bw->params[k];
    bool own = false;  /* (f_grad's x_bar is x's adjoint too, but f's own here) */
    for (int j = 0; j < f->nparams; j++) own |= p == f->params[j];
    a[k] = !own && str_eq(p->name, "ret_bar");
    for (int j = 0; j < f->nparams && !own && !a[k]; j++) a[k] = var_is_adjoint_of(p, f->params[j]);
  }
  return a;
}

/* A block's lane buffers for the reverse sweep: rows for a sized block,
 * T v[L] for a scalar or the return value. */
static Var *rev_lanes(Drv *g, Block *b, int L) {
  if (b->size) return lane_buffers(g, b, true, L, false);
  Var *v = local(g, jd_buf_hint(g, b), array_of(b->elem, L));
  put(g, st_decl(v, NULL, NOLOC));
  return v;
}

/* every lane of a block's buffers 0 */
static void rev_zero(Drv *g, Block *b, int L) {
  Var *v = buf(g, b), *lane = lane_var(g);
  if (b->size) {
    put(g, clear_lanes(g, b, v, true, L));
    return;
  }
  Stmt *z = loop(lane, ex_int(0), ex_bin(OP_LT, V(lane), ex_int(L)), 1);
  st_append(z->then, st_assign(ex_index(V(v), V(lane)), d_zero(b->elem), NOLOC));
  put(g, z);
}

/* jacrev with the vector backward sweep (vector_rev.c): one forward sweep
 * (its variant: the adjoint memory it allocates or passes on has lanes
 * too), then L rows of J per backward sweep over the marked tape. */
static void vector_rev_driver(Drv *g, Fn *vfw, Fn *vbw, int L, Block *in, Block *out, Var *jac) {
  Request *r = g->r;
  Var *n_in = jd_count_decl(g, "n_in", jd_total(g, in, r->nwrt));
  Var *n_out = jd_count_decl(g, "n_out", jd_total(g, out, r->nout));
  if (r->sparse && sparse_lanes_ok(in, r->nwrt) && sparse_lanes_ok(out, r->nout) && r->nwrt + r->nout <= CCAD_SCRATCH_SLOTS)
    g->scratch = jac;
  for (int i = 0; i < r->nwrt; i++) set_buf(g, &in[i], rev_lanes(g, &in[i], L));
  for (int i = 0; i < r->nout; i++)
    if (!in_inputs(in, r->nwrt, out[i].param)) set_buf(g, &out[i], rev_lanes(g, &out[i], L));
  Var *result = g->f->ret->kind != TY_VOID ? jd_result_decl(g) : NULL;
  PtrVec fa = {0};
  split_args(g, vfw, &fa);
  jd_run_sweep(g, vfw, &fa, result);
  Var **keep = jd_save_inout(g, out);
  /* every row in one backward sweep (a constant count): the tape is read
   * once, as by a vjp, so no mark to rewind to (a 2 x 15 block is 50 ns) */
  long rows_total = constant_total(out, r->nout);
  bool once = !r->sparse && rows_total >= 1 && rows_total <= L;
  Var *mark = once ? NULL : local(g, "mark", ty_ptr(opaque_type("ccad_tape_mark")));
  if (mark)
    put(g, st_decl(mark, call("ccad_tape_mark_here", ty_ptr(opaque_type("ccad_tape_mark")), 0, NULL, NULL, NULL), NOLOC));
  Var *lane = lane_var(g), *sweep, *ran;
  Lanes ln = {.lane = lane, .rows = true};
  Sparse sp = {.jac = jac};
  Stmt *top = g->at;
  Fn *bits = NULL;
  if (r->sparse) {  /* the phases; L rows (NaN probes, sets of 64 as bits, or colours) per backward sweep */
    sp.lanes = g->scratch != NULL;
    bool fl = r->nout && out[0].scalar->kind == TY_FLOAT;
    bits = sp.lanes && !fl ? bits_variant(g->m, vbw) : NULL;
    sparse_open(g, &sp, 1 | (fl ? 4 : 0) | (bits ? 8 : 0), n_out, n_in, n_out, n_in, true, L);
    sweep = sp.sweep;
    ran = sp.ran;
  } else {
    sweep = ran = local(g, "sweep", ty_long());
    Stmt *outer = jd_sweeps(g, sweep, n_out, L);
    put(g, outer);
    g->at = outer->then;
  }
  if (mark) {
    jd_restore_inout(g, out, keep, ran);
    put(g, if_then(ex_bin(OP_GT, V(ran), ex_int(0)), call_st("ccad_tape_rewind", 1, V(mark), NULL, NULL)));
  }
  for (int i = 0; i < r->nout; i++)  /* (sp.lanes: the runtime writes every lane of the seeds) */
    if (sp.lanes) sparse_lanes_seed(g, &sp, &out[i], buf(g, &out[i]), L, true);
    else rev_zero(g, &out[i], L);
  for (int i = 0; i < r->nwrt; i++)
    if (!in_inputs(out, r->nout, in[i].param)) rev_zero(g, &in[i], L);
  /* seeds: row sweep + lane of J in lane 'lane' (sparse: the runtime's) */
  Stmt *seed = loop(lane, ex_int(0), r->sparse ? lanes_below(sweep, lane, L, sp.count) : ex_bin(OP_LT, V(lane), ex_int(L)), 1);
  Stmt *body = g->at;
  put(g, seed);
  g->at = seed->then;
  Var *j = NULL;
  if (r->sparse && !sp.lanes) {
    sparse_seed_call(g, &sp, ex_bin(OP_ADD, V(sweep), V(lane)));
  } else if (!r->sparse) {
    j = local(g, "j", const_of(ty_long()));
    put(g, st_decl(j, ex_bin(OP_ADD, V(sweep), V(lane)), NOLOC));
  }
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    if (r->sparse) {
      if (!sp.lanes) sparse_seed(g, &sp, b, buf(g, b), &ln);
      continue;
    }
    Expr *at = b->size ? lane_at(true, buf(g, b), sub(V(j), off(g, b)), lane) : ex_index(V(buf(g, b)), V(lane));
    put(g, if_then(jd_within(g, b, j), st_assign(at, ex_num(1, b->elem), NOLOC)));
  }
  g->at = body;
  if (!seed->then->nbody && body->nbody && body->body[body->nbody - 1] == seed) body->nbody--;  /* (sp.lanes) */
  PtrVec args = {0};
  split_args(g, vbw, &args);
  run_sweep(g, vbw, bits, &sp, &args, NULL);
  if (sp.lanes) {  /* the rows where they are, block by block */
    for (int i = 0; i < r->nwrt; i++) sparse_lanes_gather(g, &sp, &in[i], buf(g, &in[i]), L, true);
    sparse_lanes_done(g, &sp, L);
    sparse_close(g, &sp, false);
    g->at = top;
    put(g, call_st("ccad_tape_unmark", 1, V(mark), NULL, NULL));
    put(g, st_expr(ex_rt0(RT_DEFER_APPLY), NOLOC));  /* the frees the forward sweep deferred */
    jd_restore_inout(g, out, keep, NULL);
    vector_free(g, true, in, out, keep, result);
    return;
  }
  /* gather: rows sweep .. sweep + L - 1 */
  Expr *row = ex_bin(OP_ADD, V(sweep), V(lane));
  Stmt *gather = loop(lane, ex_int(0),
                      r->sparse ? lanes_below(sweep, lane, L, sp.count)
                                : ex_bin(OP_LAND, ex_bin(OP_LT, V(lane), ex_int(L)), ex_bin(OP_LT, row, V(n_out))),
                      1);
  put(g, gather);
  g->at = gather->then;
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    if (r->sparse) {
      sparse_gather(g, &sp, b, buf(g, b), &ln);
      continue;
    }
    Expr *first = add(ex_bin(OP_MUL, ir_clone_expr(row, NULL), V(n_in)), off(g, b));
    if (b->size) {
      Var *q = q_var(g);
      Stmt *each = loop(q, ex_int(0), ex_bin(OP_LT, V(q), num_n(g, b)), 1);
      st_append(each->then, st_assign(ex_index(V(jac), add(first, V(q))), lane_at(true, buf(g, b), V(q), lane), NOLOC));
      put(g, each);
    } else {
      put(g, st_assign(ex_index(V(jac), first), ex_index(V(buf(g, b)), V(lane)), NOLOC));
    }
  }
  if (r->sparse) {
    sparse_gather_call(g, &sp, ir_clone_expr(row, NULL));
    g->at = body;
    sparse_close(g, &sp, false);
  }
  g->at = top;
  if (mark) {
    put(g, call_st("ccad_tape_unmark", 1, V(mark), NULL, NULL));
    put(g, st_expr(ex_rt0(RT_DEFER_APPLY), NOLOC));
  }
  jd_restore_inout(g, out, keep, NULL);
  vector_free(g, true, in, out, keep, result);
}



/* Does a later request compose this one's driver? With DIR_CUDA: cuda(...)
 * batches it, and device code has no tape marks. With -1: it is
 * differentiated again (jvp(f_jacfwd)), so its sweep stays the scalar jvp:
 * transforms do not follow the lanes of a vector sweep. */
bool composed_by(Module *m, const Request *r, int dir) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *q = m->requests.data[i];
    /* (by name: r is jacobian_request's copy of the planned request) */
    bool match = dir >= 0 ? (int)q->dir == dir : q->dir != DIR_VMAP && q->dir != DIR_CUDA;
    if (q->compose_of && str_eq(q->compose_of->gen_name, r->gen_name) && match) return true;
  }
  return false;
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward, Fn *bw);

void jacobian_of(Module *m, Request *r, bool forward) {
  Fn *f = r->fn;
  /* the inner sweep: f_jvp or f_vjp, static */
  const char *inner = tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, forward ? "jacfwd" : "jacrev"));
  Request *s = jd_sweep_request(r, forward ? DIR_JVP : DIR_VJP, f, inner);
  Fn *bw = NULL;
  if (!forward && split_eligible(r) && !r->nscratch && !composed_by(m, r, DIR_CUDA)) {  /* one forward sweep, a backward sweep per output */
    Request *sp = jd_sub_request(r, DIR_VJP, f, inner);
    *sp = *s;
    Fn *fw = adjoint_split_request(m, sp, &bw);
    if (fw && bw && split_clean(bw) && split_params_ok(f, fw) && split_params_ok(f, bw)) {
      s = sp;
      s->result = fw;
    } else {
      bw = NULL;
      s->gen_name = tr_fresh_fn_name(m, inner);
    }
  }
  if (!bw) s->result = forward ? tangent_request(m, s) : adjoint_request(m, s);
  if (!s->result) return;
  s->result->is_static = true;
  /* defaults were applied to s */
  r->wrt = s->wrt;
  r->nwrt = s->nwrt;
  r->out = s->out;
  r->nout = s->nout;
  jacobian_driver(m, r, s, forward, bw);
  sparse_pattern_fn(m, r);
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward, Fn *bw) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1)), *out = xmalloc(sizeof(Block) * (size_t)(r->nout + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt") || !jac_blocks(m, r, r->out, r->nout, out, "out")) return;
  Drv g = {.m = m, .r = r, .f = f, .fv = act_request_variant(m, s)};
  Type *et = r->nout ? out[0].scalar : ty_double();
  PtrVec extra = {0}, after = {0};
  Var *jac = jd_extra_param(&extra, &after, "jac", ty_ptr(r->sparse ? sparse_csr_type() : et), NULL);
  jd_driver_fn(&g, &extra, &after);
  bool rows = false;
  int L = lanes_for(r, in, r->nwrt, forward && !r->sparse ? 32 : 16);
  Fn *sw = s->result;
  bool structs = false;  /* the vector sweep's lanes are arrays of scalars */
  for (int i = 0; i < r->nwrt; i++) structs |= in[i].k > 0;
  for (int i = 0; i < r->nout; i++) structs |= out[i].k > 0;
  /* (scratch state's tangent is the sweep's own buffer, one lane wide) */
  Fn *vsw = forward && !structs && !r->nscratch && !composed_by(m, r, -1) ? vectorize_tangent(m, sw, L, &rows)
                                                                               : NULL;
  if (vsw) {
    if (!r->sparse) costly_mode(r, f, in, out, forward, true);
    vector_driver(&g, vsw, rows, L, act_request_variant(m, s), in, out, jac);
    return;
  }
  /* (sparse: 4 colours per sweep; 8 made MINPACK's Broyden, 3 colours and a
   * 9 us function, 2.4 x slower: zeroed and copied lanes nobody needs;
   * bench_sparse, bench_jac's BA) */
  int Lr = r->sparse ? 4 : lanes_for(r, out, r->nout, 16);
  Fn *vbw = NULL, *vfw = NULL;
  if (bw && !structs && !composed_by(m, r, -1) && (r->sparse || constant_total(out, r->nout) != 1))  /* (one row: no lanes) */
    vbw = vectorize_adjoint(m, sw, adjoint_params(f, sw), bw, adjoint_params(f, bw), Lr, &vfw);
  if (!r->sparse) costly_mode(r, f, in, out, forward, vsw || vbw);
  if (vbw) {
    vector_rev_driver(&g, vfw, vbw, Lr, in, out, jac);
    return;
  }
  Var *n_in = jd_count_decl(&g, "n_in", jd_total(&g, in, r->nwrt));
  Var *n_out = forward && !r->sparse ? NULL : jd_count_decl(&g, "n_out", jd_total(&g, out, r->nout));
  /* seed and result storage: one per block */
  for (int i = 0; i < r->nwrt; i++) set_buf(&g, &in[i], jd_declare(&g, &in[i], jd_buf_hint(&g, &in[i])));
  for (int i = 0; i < r->nout; i++)
    if (!in_inputs(in, r->nwrt, out[i].param)) set_buf(&g, &out[i], jd_declare(&g, &out[i], jd_buf_hint(&g, &out[i])));
  Var *result = f->ret->kind != TY_VOID ? jd_result_decl(&g) : NULL;
  /* in-out memory, restored before every sweep but the first; split: the
   * forward sweep once, then its final values, restored before each
   * backward sweep but the first, and at the end */
  Var *mark = NULL, **keep = bw ? NULL : jd_save_inout(&g, out);
  if (bw) {
    PtrVec fa = {0};
    split_args(&g, s->result, &fa);
    jd_run_sweep(&g, s->result, &fa, result);
    keep = jd_save_inout(&g, out);
    mark = local(&g, "mark", ty_ptr(opaque_type("ccad_tape_mark")));
    put(&g, st_decl(mark, call("ccad_tape_mark_here", ty_ptr(opaque_type("ccad_tape_mark")), 0, NULL, NULL, NULL), NOLOC));
  }
  Var *count = forward ? n_in : n_out, *sweep, *ran;
  Sparse sp = {.jac = jac};
  Stmt *top = g.at;
  if (r->sparse) {  /* the phases: pattern, values */
    int kind = (forward ? 0 : 1) | (et->kind == TY_FLOAT ? 4 : 0);
    bool inout = bw != NULL || jd_keeps_any(&g, keep);
    sparse_open(&g, &sp, kind, n_out, n_in, count, forward ? n_out : n_in, inout, 1);
    sweep = sp.sweep;
    ran = sp.ran;
  } else {
    sweep = ran = local(&g, "sweep", ty_long());
    Stmt *outer = jd_sweeps(&g, sweep, count, 1);
    put(&g, outer);
    g.at = outer->then;
  }
  jd_restore_inout(&g, out, keep, ran);
  if (bw) put(&g, if_then(ex_bin(OP_GT, V(ran), ex_int(0)), call_st("ccad_tape_rewind", 1, V(mark), NULL, NULL)));
  /* seeds: e_sweep in the input blocks (jacfwd) or output blocks (jacrev) */
  Block *seeded = forward ? in : out;
  int nseeded = forward ? r->nwrt : r->nout;
  Block *cleared = forward ? out : in;
  int ncleared = forward ? r->nout : r->nwrt;
  for (int i = 0; i < nseeded; i++) {
    Block *b = &seeded[i];
    if (r->sparse) {
      sparse_seed(&g, &sp, b, buf(&g, b), NULL);
      continue;
    }
    put(&g, jd_zero(&g, b, buf(&g, b)));
    put(&g, if_then(jd_within(&g, b, sweep), jd_one(b, buf(&g, b), sub(V(sweep), off(&g, b)))));
  }
  for (int i = 0; i < ncleared; i++) {
    Block *b = &cleared[i];
    if (in_inputs(seeded, nseeded, b->param)) continue;  /* an in-out block: its seed was just set */
    put(&g, jd_zero(&g, b, buf(&g, b)));
  }
  /* the sweep: f's arguments, each active one followed by its seed or result */
  Variant *v = act_request_variant(m, s);
  PtrVec args = {0};
  if (bw) {
    split_args(&g, bw, &args);
    jd_run_sweep(&g, bw, &args, NULL);
  } else {
    sweep_args(&g, v, &args, !forward);
    if (v->ret && ty_has_float(f->ret)) vec_push(&args, forward ? ex_addr(V(ret_buf(&g, out))) : V(ret_buf(&g, out)));
    jd_run_sweep(&g, sw, &args, result);
  }
  /* gather: column 'sweep' (jacfwd) or row 'sweep' (jacrev) */
  Block *got = forward ? out : in;
  int ngot = forward ? r->nout : r->nwrt;
  for (int i = 0; i < ngot && r->sparse; i++) sparse_gather(&g, &sp, &got[i], buf(&g, &got[i]), NULL);
  if (r->sparse) sparse_close(&g, &sp, true);
  for (int i = 0; i < ngot && !r->sparse; i++) {
    Block *b = &got[i];
    Var *q = b->size || b->k ? q_var(&g) : NULL;
    Expr *qe = q ? V(q) : ex_int(0);
    Expr *at = forward ? add(mul(add(off(&g, b), qe), V(n_in)), V(sweep))
                       : add(add(ex_bin(OP_MUL, V(sweep), V(n_in)), off(&g, b)), ir_clone_expr(qe, NULL));
    Expr *below = ex_bin(OP_LT, V(sweep), V(count));
    if (q) {
      Stmt *each = loop(q, ex_int(0), ex_bin(OP_LAND, ex_bin(OP_LT, V(q), num_n(&g, b)), below), 1);
      st_append(each->then, st_assign(ex_index(V(jac), at), jd_entry(b, buf(&g, b), V(q)), NOLOC));
      put(&g, each);
    } else {
      put(&g, if_then(below, st_assign(ex_index(V(jac), at), V(buf(&g, b)), NOLOC)));
    }
  }
  g.at = top;
  if (bw) {  /* the tape as the last backward sweep left it; f's final values */
    put(&g, call_st("ccad_tape_unmark", 1, V(mark), NULL, NULL));
    put(&g, st_expr(ex_rt0(RT_DEFER_APPLY), NOLOC));
    jd_restore_inout(&g, out, keep, NULL);
  }
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size) free_st(&g, V(buf(&g, &in[i])));
  for (int i = 0; i < r->nout; i++)
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param)) free_st(&g, V(buf(&g, &out[i])));
  jd_free_inout(&g, out, keep);
  jd_finish(&g, result);
}

Fn *jacobian_request(Module *m, const Request *planned) {
  Request *r = xmalloc(sizeof *r);  /* the drivers record their result in it */
  *r = *planned;
  if (r->dir == DIR_JACFWD || r->dir == DIR_JACREV) jacobian_of(m, r, r->dir == DIR_JACFWD);
  if (r->dir == DIR_HESSIAN || r->dir == DIR_HVP) jacobian_second_order(m, r, r->dir == DIR_HESSIAN);
  return r->result;
}
