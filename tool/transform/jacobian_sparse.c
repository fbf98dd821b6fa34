/*
 * jacobian_sparse.c — the sparse clause of jacfwd, jacrev and hessian:
 * the phases around a driver's sweeps.
 *
 * Requires: a driver under construction (jacobian.c's Drv) whose sweep
 * reads its seeds from and writes its results to per-block buffers.
 * Provides: sparse_open/seed/gather/close, which wrap the sweep in
 *
 *   double *sp_seed = calloc(...), *sp_got = calloc(...);
 *   for (int phase = ccad__sparse_begin(jac, kind, m, n, fresh); phase < 2;
 *        phase = ccad__sparse_next(jac, phase, last)) {
 *     const long count = ccad__sparse_sweeps(jac, phase);
 *     for (long sweep = 0; sweep < count || sweep == 0; sweep++) {
 *       ccad__sparse_seed(jac, phase, sweep, sp_seed);   the seed blocks from sp_seed
 *       ... the sweep ...                                 the result blocks into sp_got
 *       ccad__sparse_gather(jac, phase, sweep, sp_got);
 *     }
 *   }
 *
 * The runtime (runtime/sparse.c) decides what each phase seeds: sets of 64
 * indices as bits for a pattern sweep (vector_bits.c; ccad__sparse_bits
 * says when the driver runs that one), else NaN unit vectors, to find the
 * pattern; sums of unit vectors of one colour for the values; the driver
 * only moves flat vectors in and out of f's layout.
 */
#include "jacobian_int.h"

static Expr *call5(const char *name, Type *ret, int n, Expr *a, Expr *b, Expr *c, Expr *d, Expr *e) {
  Expr *args[5] = {a, b, c, d, e};
  return ex_call(name, ret, args, n);
}

Type *opaque_type(const char *name) {
  Type *t = ty_new(TY_RECORD, name);
  t->rec = xmalloc(sizeof *t->rec);
  return t;
}

Type *sparse_csr_type(void) {
  static Type *t;
  if (!t) t = opaque_type("ccad_csr");
  return t;
}

static Var *flat(Drv *g, const char *hint, Var *len) {
  Var *v = local(g, hint, ty_ptr(ty_double()));
  Expr *n = ex_bin(OP_ADD, ex_cast(ty_size_t(), V(len)), ex_cast(ty_size_t(), ex_int(1)));
  put(g, st_decl(v, call5("calloc", ty_ptr(ty_void()), 2, n, ex_sizeof_type(ty_double()), NULL, NULL, NULL), NOLOC));
  return v;
}

void sparse_open(Drv *g, Sparse *s, int kind, Var *m, Var *n, Var *nseed, Var *ngot, bool ran, int by) {
  s->seed = s->got = NULL;
  if (by == 1 || !s->lanes) {
    s->seed = flat(g, "sp_seed", nseed);
    s->got = flat(g, "sp_got", ngot);
  }
  s->ran = ran ? local(g, "ran", ty_int()) : NULL;
  if (ran) put(g, st_decl(s->ran, ex_int(0), NOLOC));
  s->top = g->at;
  s->phase = local(g, "phase", ty_int());
  Stmt *ph = st_new(ST_FOR, NOLOC);
  ph->init = st_decl(s->phase,
                     call5("ccad__sparse_begin", ty_int(), 5, V(s->jac), ex_int(kind), V(m), V(n), ex_int(0)),
                     NOLOC);
  ph->cond = ex_bin(OP_LT, V(s->phase), ex_int(2));
  ph->step = st_assign(V(s->phase),
                       call5("ccad__sparse_next", ty_int(), 3, V(s->jac), V(s->phase), ex_int(1), NULL, NULL),
                       NOLOC);
  ph->then = st_block(NOLOC);
  put(g, ph);
  g->at = ph->then;
  s->count = local(g, "count", const_of(ty_long()));
  put(g, st_decl(s->count, call5("ccad__sparse_sweeps", ty_long(), 2, V(s->jac), V(s->phase), NULL, NULL, NULL), NOLOC));
  /* at least one sweep, so f runs (and returns) even with no colours */
  s->sweep = local(g, "sweep", ty_long());
  Stmt *sw = st_new(ST_FOR, NOLOC);
  sw->init = st_decl(s->sweep, ex_int(0), NOLOC);
  sw->cond = ex_bin(OP_LOR, ex_bin(OP_LT, V(s->sweep), V(s->count)), ex_bin(OP_EQ, V(s->sweep), ex_int(0)));
  sw->step = st_assign(V(s->sweep), ex_bin(OP_ADD, V(s->sweep), ex_int(by)), NOLOC);
  sw->then = st_block(NOLOC);
  put(g, sw);
  g->at = sw->then;
  if (by == 1) sparse_seed_call(g, s, V(s->sweep));
}

/* (a vector sweep: once per lane, sweep + lane) */
void sparse_seed_call(Drv *g, Sparse *s, Expr *at) {
  put(g, st_expr(call5("ccad__sparse_seed", ty_void(), 4, V(s->jac), V(s->phase), at, V(s->seed), NULL), NOLOC));
}

void sparse_gather_call(Drv *g, Sparse *s, Expr *at) {
  put(g, st_expr(call5("ccad__sparse_gather", ty_void(), 4, V(s->jac), V(s->phase), at, V(s->got), NULL), NOLOC));
}

/* entry q of lane 'lane' of a vector sweep's buffer (see jacobian.c) */
static Expr *lane_entry(const Block *b, Var *v, Expr *q, const Lanes *ln) {
  if (!b->size) return ex_index(V(v), V(ln->lane));
  return ln->rows ? ex_index(ex_index(V(v), q), V(ln->lane)) : ex_index(ex_index(V(v), V(ln->lane)), q);
}

/* for (q = 0; q < n; q++) body(q), or body(0) for a scalar; ln: one lane
 * of a vector sweep's buffers (no structs there) */
static void each(Drv *g, const Block *b, Var *v, Var *flatv, bool in, const Lanes *ln) {
  Expr *n = ir_clone_expr(b->n, &g->pmap), *o = ir_clone_expr(b->off, &g->pmap);
  if (!b->size && !b->k) {
    Expr *f = ex_index(V(flatv), o), *e = ln ? lane_entry(b, v, NULL, ln) : V(v);
    put(g, in ? st_assign(e, f, NOLOC) : st_assign(f, e, NOLOC));
    return;
  }
  if (!g->q) g->q = local(g, "q", ty_long());
  Var *q = g->q;
  Stmt *s = st_new(ST_FOR, NOLOC);
  s->init = st_decl(q, ex_int(0), NOLOC);
  s->cond = ex_bin(OP_LT, V(q), n);
  s->step = st_assign(V(q), ex_bin(OP_ADD, V(q), ex_int(1)), NOLOC);
  s->then = st_block(NOLOC);
  Expr *f = ex_index(V(flatv), add(o, V(q)));
  if (ln)
    st_append(s->then, in ? st_assign(lane_entry(b, v, V(q), ln), f, NOLOC) : st_assign(f, lane_entry(b, v, V(q), ln), NOLOC));
  else
    st_append(s->then, in ? jd_set_entry(b, v, V(q), f) : st_assign(f, jd_entry(b, v, V(q)), NOLOC));
  put(g, s);
}

void sparse_seed(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln) { each(g, b, v, s->seed, true, ln); }

void sparse_gather(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln) { each(g, b, v, s->got, false, ln); }

void sparse_close(Drv *g, Sparse *s, bool gather) {
  if (gather) sparse_gather_call(g, s, V(s->sweep));
  if (s->ran) put(g, st_assign(V(s->ran), ex_int(1), NOLOC));
  g->at = s->top;
  if (!s->seed) return;
  put(g, st_expr(call5("free", ty_void(), 1, V(s->seed), NULL, NULL, NULL, NULL), NOLOC));
  put(g, st_expr(call5("free", ty_void(), 1, V(s->got), NULL, NULL, NULL, NULL), NOLOC));
}

/* Blocks of doubles in plain lane buffers (no structs, no matrices): the
 * runtime reads and writes them where they are. */
bool sparse_lanes_ok(const Block *b, int nb) {
  for (int i = 0; i < nb; i++)
    if (b[i].k || b[i].rows || b[i].elem->kind != TY_DOUBLE) return false;
  return true;
}

/* (W pointers per parameter, double *d_x[W]: the lanes lie one after the
 * other from d_x[0], which the runtime indexes d[lane * n + q]) */
static void lanes_call(Drv *g, Sparse *s, const char *name, const Block *b, Var *v, int L, bool rows) {
  Expr *base = !rows && v->type->kind == TY_ARRAY && ty_is_ptr(v->type->base) ? ex_index(V(v), ex_int(0)) : V(v);
  Expr *args[8] = {V(s->jac), V(s->phase), V(s->sweep), ex_int(L), ir_clone_expr(b->off, &g->pmap),
                   b->size ? ir_clone_expr(b->n, &g->pmap) : ex_int(1), ex_cast(ty_ptr(ty_double()), base), ex_int(rows)};
  put(g, st_expr(ex_call(name, ty_void(), args, 8), NOLOC));
}

void sparse_lanes_seed(Drv *g, Sparse *s, const Block *b, Var *v, int L, bool rows) {
  lanes_call(g, s, "ccad__sparse_seed_lanes", b, v, L, rows);
}

void sparse_lanes_gather(Drv *g, Sparse *s, const Block *b, Var *v, int L, bool rows) {
  lanes_call(g, s, "ccad__sparse_gather_lanes", b, v, L, rows);
}

void sparse_lanes_done(Drv *g, Sparse *s, int L) {
  put(g, st_expr(call5("ccad__sparse_gathered", ty_void(), 4, V(s->jac), V(s->phase), V(s->sweep), ex_int(L), NULL), NOLOC));
}

/* f_jacfwd_pattern(..., jac): the sparse driver f_jacfwd itself, told by
 * the runtime to find the pattern alone (one driver, not two copies that
 * differ in two constants). */
void sparse_pattern_fn(Module *m, Request *r) {
  Fn *d = r->result;
  if (!r->sparse || !d) return;
  Fn *p = xmalloc(sizeof *p);
  *p = *d;
  p->name = tr_fresh_fn_name(m, xfmt("%s_pattern", d->name));
  p->purpose = xfmt("the sparsity pattern of %s alone (val left zero)", d->name);
  p->params = xmalloc(sizeof(Var *) * (size_t)d->nparams);
  p->names = (NameSet){.also = &m->names};
  PtrVec args = {0};
  for (int i = 0; i < d->nparams; i++) {
    Var *c = xmalloc(sizeof *c);
    *c = *d->params[i];
    p->params[i] = c;
    nameset_add(&p->names, c->name);
    vec_push(&args, V(c));
  }
  p->body = st_block(d->loc);
  Var *jac = p->params[d->nparams - 1];  /* (jac or hess: the last parameter) */
  st_append(p->body, st_expr(ex_call1("ccad__sparse_pattern_call", ty_void(), V(jac)), NOLOC));
  Expr *run = call_fn(d, &args);
  if (d->ret->kind == TY_VOID) {
    st_append(p->body, st_expr(run, NOLOC));
  } else {
    Stmt *ret = st_new(ST_RETURN, NOLOC);
    ret->expr = run;
    st_append(p->body, ret);
  }
  vec_push(&m->generated, p);
}
