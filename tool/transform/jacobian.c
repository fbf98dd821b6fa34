/*
 * jacobian.c — jacfwd, jacrev, hessian, hvp. S2 -> S3, built from the
 * other transforms:
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

/* ---- IR shorthands ------------------------------------------------------ */

static Expr *cl(Drv *g, const Expr *e) { return ir_clone_expr(e, &g->pmap); }

static Expr *V(Var *v) { return ex_var(v); }

static Var *dparam(Drv *g, Var *p) {
  Var *c = ptrmap_get(&g->pmap, p);
  return c ? c : p;
}

static Expr *P(Drv *g, Var *p) { return V(dparam(g, p)); }

static void put(Drv *g, Stmt *s) { st_append(g->at, s); }

static Expr *call(const char *name, Type *ret, int n, Expr *a, Expr *b, Expr *c) {
  Expr *args[3] = {a, b, c};
  return ex_call(name, ret, args, n);
}

static Expr *call_fn(Fn *fn, PtrVec *args) {
  Expr *e = ex_call(fn->name, fn->ret, (Expr **)args->data, args->len);
  e->fn = fn;
  return e;
}

static Stmt *call_st(const char *name, int n, Expr *a, Expr *b, Expr *c) {
  return st_expr(call(name, ty_void(), n, a, b, c), NOLOC);
}

static Expr *bytes(Expr *count, Expr *elem_size) {
  if (ex_is_one(count)) return elem_size;
  return ex_bin(OP_MUL, to(ty_size_t(), count), elem_size);
}

static Type *array_of(Type *base, long len) {
  Type *t = ty_new(TY_ARRAY, NULL);
  t->base = base;
  t->len = len;
  return t;
}

/* for (T i = from; cond; i += by) {}: the body is s->then */
static Stmt *loop(Var *i, Expr *from, Expr *cond, long by) {
  Stmt *s = st_new(ST_FOR, NOLOC);
  s->init = st_decl(i, from, NOLOC);
  s->cond = cond;
  s->step = st_assign(V(i), ex_bin(OP_ADD, V(i), ex_int(by)), NOLOC);
  s->then = st_block(NOLOC);
  return s;
}

static Var *local(Drv *g, const char *hint, Type *t) { return fn_new_var(g->d, hint, t, VAR_LOCAL, NOLOC); }

static Var *lane_var(Drv *g) { return g->lane ? g->lane : (g->lane = local(g, "lane", ty_int())); }

static Var *q_var(Drv *g) { return g->q ? g->q : (g->q = local(g, "q", ty_long())); }

/* ---- A block's storage in the driver --------------------------------------
 * Its seeds or results: an array for a pointer parameter, else one value. */

static Expr *cnt(Drv *g, const Block *b) { return cl(g, b->cnt); }
static Expr *num_n(Drv *g, const Block *b) { return cl(g, b->n); }
static Expr *off(Drv *g, const Block *b) { return cl(g, b->off); }

static Expr *addr_of(const Block *b, Var *v) { return b->size ? V(v) : ex_addr(V(v)); }

/* the struct holding entry q */
static Expr *holder(const Block *b, Var *v, Expr *q) {
  return b->size ? ex_addr(ex_index(V(v), ex_bin(OP_DIV, q, ex_int(b->k)))) : ex_addr(V(v));
}

static Expr *entry(const Block *b, Var *v, Expr *q) {
  if (b->k) {
    Expr *e = call(b->get->name, ty_double(), 2, holder(b, v, q), ex_bin(OP_MOD, ir_clone_expr(q, NULL), ex_int(b->k)), NULL);
    e->fn = b->get;
    return e;
  }
  return b->size ? ex_index(V(v), q) : V(v);
}

static Stmt *zero(Drv *g, const Block *b, Var *v) {
  if (b->k || b->size) return d_memset0(addr_of(b, v), bytes(cnt(g, b), ex_sizeof_type(b->elem)), NOLOC);
  return st_assign(V(v), d_zero(b->elem), NOLOC);
}

/* entry q = value */
Stmt *jd_set_entry(const Block *b, Var *v, Expr *q, Expr *value) {
  if (b->k) {
    Expr *e = call(b->set->name, ty_void(), 3, holder(b, v, q), ex_bin(OP_MOD, ir_clone_expr(q, NULL), ex_int(b->k)),
                   value);
    e->fn = b->set;
    return st_expr(e, NOLOC);
  }
  return st_assign(entry(b, v, q), value, NOLOC);
}

Expr *jd_entry(const Block *b, Var *v, Expr *q) { return entry(b, v, q); }

/* entry q = 1 */
static Stmt *one(const Block *b, Var *v, Expr *q) {
  return jd_set_entry(b, v, q, ex_num(1, b->k ? ty_double() : b->elem));
}

/* T v = 0, a zeroed struct, or T *v = calloc(count, sizeof(T)) */
static Var *declare(Drv *g, const Block *b, const char *hint) {
  if (b->size) {
    Var *v = local(g, hint, ty_ptr(b->elem));
    put(g, st_decl(v, call("calloc", ty_ptr(ty_void()), 2, to(ty_size_t(), cnt(g, b)), ex_sizeof_type(b->elem), NULL),
                   NOLOC));
    return v;
  }
  Var *v = local(g, hint, b->elem);
  if (b->k) {
    put(g, st_decl(v, NULL, NOLOC));
    put(g, zero(g, b, v));
  } else {
    put(g, st_decl(v, d_zero(b->elem), NOLOC));
  }
  return v;
}

static Var *result_decl(Drv *g) {
  Type *t = ty_unqual(g->f->ret);
  Var *v = local(g, "result", t);
  if (t->kind == TY_RECORD) {
    put(g, st_decl(v, NULL, NOLOC));
    put(g, d_memset0(ex_addr(V(v)), d_sizeof_expr(V(v)), NOLOC));
  } else {
    put(g, st_decl(v, d_zero(t), NOLOC));
  }
  return v;
}

static void free_st(Drv *g, Expr *p) { put(g, call_st("free", 1, p, NULL, NULL)); }

/* the driver's d_p of a block (return: d_ret) */
static Var *buf(Drv *g, const Block *b) { return ptrmap_get(&g->bufs, b->p ? (void *)b->p : (void *)g); }

static void set_buf(Drv *g, const Block *b, Var *v) { ptrmap_put(&g->bufs, b->p ? (void *)b->p : (void *)g, v); }

static const char *buf_hint(Drv *g, const Block *b) { return b->p ? xfmt("d_%s", dparam(g, b->p)->name) : "d_ret"; }

static Expr *total(Drv *g, Block *b, int n) {
  Expr *t = ex_int(0);
  for (int i = 0; i < n; i++) t = add(t, num_n(g, &b[i]));
  return t;
}

static Request *sub_request(Request *r, Directive dir, Fn *fn, const char *name) {
  Request *s = xmalloc(sizeof *s);
  s->dir = dir;
  s->fname = fn->name;
  s->fn = fn;
  s->loc = r->loc;
  s->gen_name = name;
  return s;
}

static ReqItem *copy_items(ReqItem *items, int n) {
  ReqItem *c = xmalloc(sizeof(ReqItem) * (size_t)(n ? n : 1));
  if (n) memcpy(c, items, sizeof(ReqItem) * (size_t)n);
  return c;
}

/* scratch(...) and may_alias(...) hold for every sweep of the request */
static void copy_state_clauses(Request *s, const Request *r) {
  s->scratch = copy_items(r->scratch, r->nscratch);
  s->nscratch = r->nscratch;
  s->may_alias = copy_items(r->may_alias, r->nmay_alias);
  s->nmay_alias = r->nmay_alias;
}

/* ---- The driver function ------------------------------------------------
 * Its own parameters (jac, hess, p_v, p_hv) keep the contract's names: a
 * parameter of f spelled like one of them is renamed in the driver (the
 * header shows the new name). Its locals get names free among its
 * parameters and the file's names. */

static bool in_list(PtrVec *names, const char *name) {
  for (int i = 0; i < names->len; i++)
    if (str_eq(names->data[i], name)) return true;
  return false;
}

/* The driver: f's parameters with the extra ones (Var*) after the
 * parameters their 'after' entry names (NULL: at the end). */
static Fn *driver_fn(Drv *g, PtrVec *extra, PtrVec *after) {
  Fn *f = g->f;
  Fn *d = xmalloc(sizeof *d);
  d->name = g->r->gen_name;
  d->ret = f->ret;
  d->is_defined = d->is_lowered = d->is_generated = true;
  d->loc = f->loc;
  g->d = d;
  PtrVec own = {0};
  for (int i = 0; i < extra->len; i++) vec_push(&own, (void *)((Var *)extra->data[i])->name);
  for (int i = 0; i < f->nparams; i++) {  /* its own copies, same ids */
    Var *p = f->params[i];
    Var *c = xmalloc(sizeof *c);
    *c = *p;
    ptrmap_put(&g->pmap, p, c);
    if (!in_list(&own, p->name)) continue;
    const char *fresh = NULL;
    for (int k = 2; !fresh || in_list(&own, fresh) || nameset_has(&f->names, fresh); k++)
      fresh = xfmt("%s_%d", p->name, k);
    c->name = fresh;
  }
  d->nvars = f->nvars;
  for (int i = 0; i < g->m->names.cap; i++)
    if (g->m->names.keys && g->m->names.keys[i]) nameset_add(&d->names, g->m->names.keys[i]);
  PtrVec params = {0};
  for (int j = 0; j < f->nparams; j++) {
    Var *p = dparam(g, f->params[j]);
    vec_push(&params, p);
    for (int i = 0; i < extra->len; i++)
      if (after->data[i] == f->params[j]) vec_push(&params, extra->data[i]);
  }
  for (int i = 0; i < extra->len; i++)
    if (!after->data[i]) vec_push(&params, extra->data[i]);
  d->params = (Var **)params.data;
  d->nparams = params.len;
  for (int i = 0; i < extra->len; i++) ((Var *)extra->data[i])->id = d->nvars++;
  for (int i = 0; i < d->nparams; i++) nameset_add(&d->names, d->params[i]->name);
  d->body = g->at = st_block(f->loc);
  return d;
}

/* an extra parameter of the driver */
static Var *extra_param(PtrVec *extra, PtrVec *after, const char *name, Type *t, Var *behind) {
  Var *v = xmalloc(sizeof *v);
  v->name = name;
  v->type = t;
  v->kind = VAR_PARAM;
  vec_push(extra, v);
  vec_push(after, behind);
  return v;
}

static void finish(Drv *g, Var *result) {
  if (result) {
    Stmt *ret = st_new(ST_RETURN, NOLOC);
    ret->expr = V(result);
    put(g, ret);
  }
  g->r->result = g->d;
  vec_push(&g->m->generated, g->d);
}

/* Which of f's pointer parameters does f write? (restored between sweeps:
 * outputs, scratch state, and inputs f writes, such as a work array) */
static bool writes_param(Drv *g, int j) {
  Request *r = g->r;
  Var *p = r->fn->params[j];
  if (!ty_is_ptr(p->type) || p->type->base->is_const) return false;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j) return true;
  for (int i = 0; i < r->nscratch; i++)
    if (r->scratch[i].param == j) return true;
  for (int i = 0; g->fv && i < r->nwrt; i++)
    if (r->wrt[i].param == j && (g->fv->writes[j] & 1)) return true;
  return false;
}

/* In-out memory: f's outputs that it also reads are saved before the first
 * sweep (keep_p) and put back before every later one. */
static const Block *out_block(Request *r, const Block *out, int j) {
  for (int i = 0; out && i < r->nout; i++)
    if (out[i].param == j) return &out[i];
  return NULL;
}

/* The element count of in-out or scratch parameter j */
static const Expr *keep_size(Drv *g, const Block *out, int j) {
  const Block *b = out_block(g->r, out, j);
  if (b) return b->size;
  for (int i = 0; i < g->r->nscratch; i++)
    if (g->r->scratch[i].param == j) return g->r->scratch[i].size_expr;
  for (int i = 0; i < g->r->nwrt; i++)
    if (g->r->wrt[i].param == j) return g->r->wrt[i].size_expr;
  return NULL;
}

static Expr *keep_cnt(Drv *g, const Block *out, int j) {
  const Block *b = out_block(g->r, out, j);
  return b ? cnt(g, b) : cl(g, keep_size(g, out, j));
}

/* A small constant count: kept on the stack. */
static bool keep_fixed(const Expr *size) {
  return size && size->kind == EX_NUM && size->value >= 1 && size->value <= 256 && size->value == (long)size->value;
}

static Var **save_inout(Drv *g, const Block *out) {
  Fn *f = g->f;
  Var **keep = xmalloc(sizeof(Var *) * (size_t)(f->nparams + 1));
  for (int j = 0; j < f->nparams; j++) {
    keep[j] = NULL;
    if (!writes_param(g, j) || !keep_size(g, out, j)) continue;
    Var *p = f->params[j];
    Type *e = ty_unqual(p->type->base);
    const char *hint = xfmt("keep_%s", dparam(g, p)->name);
    Expr *each = d_sizeof_expr(ex_deref(P(g, p)));
    const Expr *size = keep_size(g, out, j);
    if (keep_fixed(size)) {
      keep[j] = local(g, hint, array_of(e, (long)size->value));
      put(g, st_decl(keep[j], NULL, NOLOC));
    } else {
      keep[j] = local(g, hint, ty_ptr(e));
      put(g, st_decl(keep[j], call("malloc", ty_ptr(ty_void()), 1, bytes(keep_cnt(g, out, j), each), NULL, NULL), NOLOC));
    }
    put(g, call_st("memcpy", 3, V(keep[j]), P(g, p), bytes(keep_cnt(g, out, j), ir_clone_expr(each, NULL))));
  }
  return keep;
}

static void restore_inout(Drv *g, const Block *out, Var **keep, Var *sweep) {
  for (int j = 0; j < g->f->nparams; j++) {
    if (!keep[j]) continue;
    Var *p = g->f->params[j];
    Expr *n = bytes(keep_cnt(g, out, j), d_sizeof_expr(ex_deref(P(g, p))));
    Stmt *c = call_st("memcpy", 3, P(g, p), V(keep[j]), n);
    put(g, sweep ? if_then(ex_bin(OP_GT, V(sweep), ex_int(0)), c) : c);  /* (NULL: always) */
  }
}

static void free_inout(Drv *g, const Block *out, Var **keep) {
  for (int j = 0; j < g->f->nparams; j++)
    if (keep[j] && !keep_fixed(keep_size(g, out, j))) free_st(g, V(keep[j]));
}

/* sweep >= off && sweep < off + n (whether entry 'at' falls in block b) */
static Expr *within(Drv *g, const Block *b, Var *at) {
  Expr *lo = ex_bin(OP_GE, V(at), off(g, b)), *hi = ex_bin(OP_LT, V(at), add(off(g, b), num_n(g, b)));
  return ex_is_zero(b->off) ? hi : ex_bin(OP_LAND, lo, hi);
}

/* for (long sweep = 0; sweep < count || sweep == 0; sweep += by):
 * at least one sweep, so f runs (and returns) even with no rows or columns */
static Stmt *sweeps(Var *sweep, Var *count, long by) {
  Expr *c = ex_bin(OP_LOR, ex_bin(OP_LT, V(sweep), V(count)), ex_bin(OP_EQ, V(sweep), ex_int(0)));
  return loop(sweep, ex_int(0), c, by);
}

static Var *count_decl(Drv *g, const char *hint, Expr *value) {
  Var *v = local(g, hint, const_of(ty_long()));
  put(g, st_decl(v, value, NOLOC));
  return v;
}

/* ---- jacfwd / jacrev ---------------------------------------------------- */

/* jacfwd: tangent directions per vector sweep. Every column in one sweep
 * (one run of f) when there are at most 16 and their count is a constant,
 * else 8 per sweep. */
static int lanes_for(const Block *in, int nin) {
  long n = 0;
  for (int i = 0; i < nin; i++) {
    const Expr *z = in[i].size;
    if (!z) n += 1;
    else if (z->kind == EX_NUM && z->value >= 0 && z->value == (long)z->value) n += (long)z->value;
    else return 8;
  }
  int w = 2;
  while (w < n && w < 16) w *= 2;
  return w;
}

static bool in_inputs(Block *in, int nin, int param) {
  for (int k = 0; k < nin; k++)
    if (in[k].param == param && param >= 0) return true;
  return false;
}

/* A block whose derivatives fit on the stack: a constant element count. */
static bool fixed_rows(const Expr *size) { return keep_fixed(size); }

/* The derivative buffers of one block, for every lane in one allocation
 * (a jacfwd of a small function would otherwise spend its time in calloc):
 * rows, T (*d_p)[L] with element q of lane l at d_p[q][l], or L pointers,
 * d_p[l][q]. */
static Var *lane_buffers(Drv *g, const Block *b, bool rows, int L) {
  const char *hint = buf_hint(g, b);
  if (rows && fixed_rows(b->size)) {  /* a small constant size: no allocation */
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
    put(g, st_decl(v, call("calloc", ty_ptr(ty_void()), 2, to(ty_size_t(), num_n(g, b)), d_sizeof_expr(ex_deref(V(v))), NULL),
                   NOLOC));
    return v;
  }
  Var *v = local(g, hint, array_of(ty_ptr(b->elem), L));
  put(g, st_decl(v, NULL, NOLOC));
  Expr *all = ex_bin(OP_MUL, ex_cast(ty_size_t(), ex_int(L)), to(ty_size_t(), num_n(g, b)));
  put(g, st_assign(ex_index(V(v), ex_int(0)), call("calloc", ty_ptr(ty_void()), 2, all, ex_sizeof_type(b->elem), NULL),
                   NOLOC));
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
      vec_push(args, p->type->base->kind == TY_ARRAY ? ex_cast(ty_ptr(ty_void()), V(dv)) : V(dv));
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

static void run_sweep(Drv *g, Fn *sw, PtrVec *args, Var *result) {
  Expr *c = call_fn(sw, args);
  put(g, result ? st_assign(V(result), c, NOLOC) : st_expr(c, NOLOC));
}

/* lane < L && (sweep + lane < count || lane == 0) */
static Expr *lanes_below(Var *sweep, Var *lane, int L, Var *count) {
  Expr *in = ex_bin(OP_LOR, ex_bin(OP_LT, ex_bin(OP_ADD, V(sweep), V(lane)), V(count)), ex_bin(OP_EQ, V(lane), ex_int(0)));
  return ex_bin(OP_LAND, ex_bin(OP_LT, V(lane), ex_int(L)), in);
}

static void vector_free(Drv *g, bool rows, Block *in, Block *out, Var **keep, Var *result) {
  Request *r = g->r;
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size && !(rows && fixed_rows(in[i].size)))
      free_st(g, rows ? V(buf(g, &in[i])) : ex_index(V(buf(g, &in[i])), ex_int(0)));
  for (int i = 0; i < r->nout; i++)
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !(rows && fixed_rows(out[i].size)))
      free_st(g, rows ? V(buf(g, &out[i])) : ex_index(V(buf(g, &out[i])), ex_int(0)));
  free_inout(g, out, keep);
  finish(g, result);
}

/* jacfwd with the vector sweep: L columns of J per run of f (sparse: L
 * NaN probes, or L colours). */
static void vector_driver(Drv *g, Fn *sw, bool rows, int L, Variant *v, Block *in, Block *out, Var *jac, bool pattern) {
  Request *r = g->r;
  Fn *f = g->f;
  Var *n_in = count_decl(g, "n_in", total(g, in, r->nwrt));
  Var *n_out = r->sparse ? count_decl(g, "n_out", total(g, out, r->nout)) : NULL;
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    if (b->size) {
      set_buf(g, b, lane_buffers(g, b, rows, L));
    } else {
      Var *dv = local(g, buf_hint(g, b), array_of(b->elem, L));
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
    } else if (!in_inputs(in, r->nwrt, b->param)) {
      set_buf(g, b, lane_buffers(g, b, rows, L));
    }
  }
  Var **keep = save_inout(g, out);
  Var *result = f->ret->kind != TY_VOID ? result_decl(g) : NULL;
  Var *sweep, *ran;
  Sparse sp = {.jac = jac};
  Lanes ln = {.lane = lane_var(g), .rows = rows};
  Stmt *top = g->at;
  if (r->sparse) {  /* the phases; L columns (NaN probes or colours) per sweep */
    bool inout = false;
    for (int j = 0; j < f->nparams; j++) inout |= keep[j] != NULL;
    sparse_open(g, &sp, r->nout && out[0].scalar->kind == TY_FLOAT ? 4 : 0, n_out, n_in, n_in, n_out, pattern, inout, L);
    sweep = sp.sweep;
    ran = sp.ran;
  } else {
    sweep = ran = local(g, "sweep", ty_long());
    Stmt *outer = sweeps(sweep, n_in, L);
    put(g, outer);
    g->at = outer->then;
  }
  Stmt *body = g->at;
  restore_inout(g, out, keep, ran);
  /* one memset per block (the lanes' buffers are contiguous); an input f
   * cannot write keeps its zeros, and only its seeds are reset after the sweep */
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size && !keeps_zeros(&in[i])) put(g, clear_lanes(g, &in[i], buf(g, &in[i]), rows, L));
  for (int i = 0; i < r->nout; i++)  /* (a pure output's the sweep zeroes itself) */
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !v->zero_out[out[i].param])
      put(g, clear_lanes(g, &out[i], buf(g, &out[i]), rows, L));
  Var *lane = lane_var(g);
  Stmt *seed = loop(lane, ex_int(0), ex_bin(OP_LT, V(lane), ex_int(L)), 1);
  if (r->sparse) seed->cond = lanes_below(sweep, lane, L, sp.count);  /* (later lanes: results unread) */
  put(g, seed);
  g->at = seed->then;
  if (r->sparse) sparse_seed_call(g, &sp, ex_bin(OP_ADD, V(sweep), V(lane)));
  for (int i = 0; i < r->nwrt && r->sparse; i++) sparse_seed(g, &sp, &in[i], buf(g, &in[i]), &ln);
  Var *j = NULL;
  if (r->nwrt && !r->sparse) {
    j = local(g, "j", const_of(ty_long()));
    put(g, st_decl(j, ex_bin(OP_ADD, V(sweep), V(lane)), NOLOC));
  }
  for (int i = 0; i < r->nwrt && !r->sparse; i++) {
    Block *b = &in[i];
    if (b->size)
      put(g, if_then(within(g, b, j), st_assign(lane_at(rows, buf(g, b), sub(V(j), off(g, b)), lane), ex_num(1, b->elem),
                                                NOLOC)));
    else
      put(g, st_assign(ex_index(V(buf(g, b)), V(lane)), ex_bin(OP_EQ, V(j), off(g, b)), NOLOC));
  }
  for (int i = 0; i < r->nout; i++)
    if (out[i].param < 0) put(g, st_assign(ex_index(V(buf(g, &out[i])), V(lane)), d_zero(out[i].elem), NOLOC));
  g->at = body;
  PtrVec args = {0};
  sweep_args(g, v, &args, false);
  if (v->ret && ty_is_float(f->ret)) vec_push(&args, V(ret_buf(g, out)));
  run_sweep(g, sw, &args, result);
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
  /* gather: columns sweep .. sweep + L - 1 */
  Expr *col = ex_bin(OP_ADD, V(sweep), V(lane));
  Stmt *gather = loop(lane, ex_int(0), ex_bin(OP_LAND, ex_bin(OP_LT, V(lane), ex_int(L)), ex_bin(OP_LT, col, V(n_in))), 1);
  /* jac[row * n_in + sweep + lane] */
#define COL(row) ex_bin(OP_ADD, ex_bin(OP_ADD, row, V(sweep)), V(lane))
  put(g, gather);
  g->at = gather->then;
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    if (b->size) {
      Var *q = q_var(g);
      Stmt *each = loop(q, ex_int(0), ex_bin(OP_LT, V(q), num_n(g, b)), 1);
      Expr *at = COL(ex_bin(OP_MUL, add(off(g, b), V(q)), V(n_in)));
      st_append(each->then, st_assign(ex_index(V(jac), at), lane_at(rows, buf(g, b), V(q), lane), NOLOC));
      put(g, each);
    } else {
      Expr *at = COL(mul(off(g, b), V(n_in)));
      put(g, st_assign(ex_index(V(jac), at), ex_index(V(buf(g, b)), V(lane)), NOLOC));
    }
  }
#undef COL
  g->at = body;
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
        put(g, if_then(within(g, b, j),
                       st_assign(lane_at(rows, buf(g, b), sub(V(j), off(g, b)), lane), d_zero(b->elem), NOLOC)));
    }
  }
  g->at = top;
  vector_free(g, rows, in, out, keep, result);
}

/* Does a later request compose this one's driver? With DIR_CUDA: cuda(...)
 * batches it, and device code has no tape marks. With -1: it is
 * differentiated again (jvp(f_jacfwd)), so its sweep stays the scalar jvp:
 * transforms do not follow the lanes of a vector sweep. */
static bool composed_by(Module *m, const Request *r, int dir) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *q = m->requests.data[i];
    /* (by name: r is jacobian_request's copy of the planned request) */
    bool match = dir >= 0 ? (int)q->dir == dir : q->dir != DIR_VMAP && q->dir != DIR_CUDA;
    if (q->compose_of && str_eq(q->compose_of->gen_name, r->gen_name) && match) return true;
  }
  return false;
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward, bool pattern, Fn *bw);

static void jacobian(Module *m, Request *r, bool forward) {
  Fn *f = r->fn;
  /* the inner sweep: f_jvp or f_vjp, static */
  const char *inner = tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, forward ? "jacfwd" : "jacrev"));
  Request *s = sub_request(r, forward ? DIR_JVP : DIR_VJP, f, inner);
  s->wrt = copy_items(r->wrt, r->nwrt);
  s->nwrt = r->nwrt;
  s->has_wrt = r->has_wrt;
  s->out = copy_items(r->out, r->nout);
  s->nout = r->nout;
  s->has_out = r->has_out;
  copy_state_clauses(s, r);
  Fn *bw = NULL;
  if (!forward && split_eligible(r) && !r->nscratch && !composed_by(m, r, DIR_CUDA)) {  /* one forward sweep, a backward sweep per output */
    Request *sp = sub_request(r, DIR_VJP, f, inner);
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
  jacobian_driver(m, r, s, forward, false, bw);
  if (r->sparse && r->result) {  /* f_jacrev_pattern: the pattern alone */
    Request p = *r;
    p.gen_name = tr_fresh_fn_name(m, xfmt("%s_pattern", r->gen_name));
    jacobian_driver(m, &p, s, forward, true, bw);
  }
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward, bool pattern, Fn *bw) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1)), *out = xmalloc(sizeof(Block) * (size_t)(r->nout + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt") || !jac_blocks(m, r, r->out, r->nout, out, "out")) return;
  Drv g = {.m = m, .r = r, .f = f, .fv = act_request_variant(m, s)};
  Type *et = r->nout ? out[0].scalar : ty_double();
  PtrVec extra = {0}, after = {0};
  Var *jac = extra_param(&extra, &after, "jac", ty_ptr(r->sparse ? sparse_csr_type() : et), NULL);
  driver_fn(&g, &extra, &after);
  if (!pattern && !r->sparse) costly_mode(r, f, in, out, forward);
  bool rows = false;
  int L = lanes_for(in, r->nwrt);
  Fn *sw = s->result;
  bool structs = false;  /* the vector sweep's lanes are arrays of scalars */
  for (int i = 0; i < r->nwrt; i++) structs |= in[i].k > 0;
  for (int i = 0; i < r->nout; i++) structs |= out[i].k > 0;
  /* (scratch state's tangent is the sweep's own buffer, one lane wide) */
  Fn *vsw = forward && !structs && !r->nscratch && !composed_by(m, r, -1) ? vectorize_tangent(m, sw, L, &rows)
                                                                               : NULL;
  if (vsw) {
    vector_driver(&g, vsw, rows, L, act_request_variant(m, s), in, out, jac, pattern);
    return;
  }
  Var *n_in = count_decl(&g, "n_in", total(&g, in, r->nwrt));
  Var *n_out = forward && !r->sparse ? NULL : count_decl(&g, "n_out", total(&g, out, r->nout));
  /* seed and result storage: one per block */
  for (int i = 0; i < r->nwrt; i++) set_buf(&g, &in[i], declare(&g, &in[i], buf_hint(&g, &in[i])));
  for (int i = 0; i < r->nout; i++)
    if (!in_inputs(in, r->nwrt, out[i].param)) set_buf(&g, &out[i], declare(&g, &out[i], buf_hint(&g, &out[i])));
  Var *result = f->ret->kind != TY_VOID ? result_decl(&g) : NULL;
  /* in-out memory, restored before every sweep but the first; split: the
   * forward sweep once, then its final values, restored before each
   * backward sweep but the first, and at the end */
  Var *mark = NULL, **keep = bw ? NULL : save_inout(&g, out);
  if (bw) {
    PtrVec fa = {0};
    split_args(&g, s->result, &fa);
    run_sweep(&g, s->result, &fa, result);
    keep = save_inout(&g, out);
    mark = local(&g, "mark", ty_ptr(opaque_type("ccad_tape_mark")));
    put(&g, st_decl(mark, call("ccad_tape_mark_here", ty_ptr(opaque_type("ccad_tape_mark")), 0, NULL, NULL, NULL), NOLOC));
  }
  Var *count = forward ? n_in : n_out, *sweep, *ran;
  Sparse sp = {.jac = jac};
  Stmt *top = g.at;
  if (r->sparse) {  /* the phases: pattern, values */
    int kind = (forward ? 0 : 1) | (et->kind == TY_FLOAT ? 4 : 0);
    bool inout = bw != NULL;
    for (int j = 0; j < f->nparams; j++) inout |= keep[j] != NULL;
    sparse_open(&g, &sp, kind, n_out, n_in, count, forward ? n_out : n_in, pattern, inout, 1);
    sweep = sp.sweep;
    ran = sp.ran;
  } else {
    sweep = ran = local(&g, "sweep", ty_long());
    Stmt *outer = sweeps(sweep, count, 1);
    put(&g, outer);
    g.at = outer->then;
  }
  restore_inout(&g, out, keep, ran);
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
    put(&g, zero(&g, b, buf(&g, b)));
    put(&g, if_then(within(&g, b, sweep), one(b, buf(&g, b), sub(V(sweep), off(&g, b)))));
  }
  for (int i = 0; i < ncleared; i++) {
    Block *b = &cleared[i];
    if (in_inputs(seeded, nseeded, b->param)) continue;  /* an in-out block: its seed was just set */
    put(&g, zero(&g, b, buf(&g, b)));
  }
  /* the sweep: f's arguments, each active one followed by its seed or result */
  Variant *v = act_request_variant(m, s);
  PtrVec args = {0};
  if (bw) {
    split_args(&g, bw, &args);
    run_sweep(&g, bw, &args, NULL);
  } else {
    sweep_args(&g, v, &args, !forward);
    if (v->ret && ty_has_float(f->ret)) vec_push(&args, forward ? ex_addr(V(ret_buf(&g, out))) : V(ret_buf(&g, out)));
    run_sweep(&g, sw, &args, result);
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
      st_append(each->then, st_assign(ex_index(V(jac), at), entry(b, buf(&g, b), V(q)), NOLOC));
      put(&g, each);
    } else {
      put(&g, if_then(below, st_assign(ex_index(V(jac), at), V(buf(&g, b)), NOLOC)));
    }
  }
  g.at = top;
  if (bw) {  /* the tape as the last backward sweep left it; f's final values */
    put(&g, call_st("ccad_tape_unmark", 1, V(mark), NULL, NULL));
    restore_inout(&g, out, keep, NULL);
  }
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size) free_st(&g, V(buf(&g, &in[i])));
  for (int i = 0; i < r->nout; i++)
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param)) free_st(&g, V(buf(&g, &out[i])));
  free_inout(&g, out, keep);
  finish(&g, result);
}

/* ---- hvp / hessian: forward over reverse --------------------------------- */

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

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv, Variant *fv, bool pattern);

static void second_order(Module *m, Request *r, bool full) {
  Fn *f = r->fn;
  /* G = grad(f) (static), then T = jvp(G) wrt(inputs) out(gradients) */
  Request *g = sub_request(r, DIR_GRAD, f, tr_fresh_fn_name(m, xfmt("%s_%s_grad", f->name, full ? "hessian" : "hvp")));
  g->wrt = copy_items(r->wrt, r->nwrt);
  g->nwrt = r->nwrt;
  g->has_wrt = r->has_wrt;
  g->out = copy_items(r->out, r->nout);
  g->nout = r->nout;
  g->has_out = r->has_out;
  copy_state_clauses(g, r);
  g->result = adjoint_request(m, g);
  if (!g->result) return;
  Fn *G = g->result;
  G->is_static = true;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;
  Request *t = sub_request(r, DIR_JVP, G, tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, full ? "hessian" : "hvp")));
  t->nwrt = t->nout = r->nwrt;
  t->has_wrt = t->has_out = true;
  t->wrt = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  t->out = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  Var **bars = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    Var *bar = bars[i] = param_named(G, xfmt("%s_bar", b->p->name));
    if (!bar) {
      diag_at(r->loc, D_NO_GRAD_PARAM, b->p->name);
      return;
    }
    t->wrt[i] = (ReqItem){.name = b->p->name, .size_expr = b->size, .loc = r->loc, .param = param_index(G, b->p)};
    t->out[i] = (ReqItem){.name = bar->name, .size_expr = b->size ? b->size : ex_int(1), .loc = r->loc,
                          .param = param_index(G, bar)};
  }
  /* G's own scratch shadows are its locals; f's scratch state is G's too */
  copy_state_clauses(t, r);
  for (int i = 0; i < t->nscratch; i++) t->scratch[i].param = param_index(G, f->params[r->scratch[i].param]);
  for (int i = 0; i < t->nmay_alias; i++) t->may_alias[i].param = param_index(G, f->params[r->may_alias[i].param]);
  t->result = tangent_request(m, t);
  if (!t->result) return;
  t->result->is_static = true;
  second_order_driver(m, r, full, G, bars, t->result, act_request_variant(m, t), act_request_variant(m, g), false);
  if (r->sparse && r->result) {  /* f_hessian_pattern */
    Request p = *r;
    p.gen_name = tr_fresh_fn_name(m, xfmt("%s_pattern", r->gen_name));
    second_order_driver(m, &p, full, G, bars, t->result, act_request_variant(m, t), act_request_variant(m, g), true);
  }
}

/* a struct passed by value has its hvp direction behind a pointer; a
 * complex number is a scalar */
static bool by_pointer(const Block *b) { return b->k > 0 && !ty_is_complex(b->elem); }

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

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv, Variant *fv, bool pattern) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!jac_blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;
  Drv g = {.m = m, .r = r, .f = f, .fv = fv};
  /* the driver's own parameters */
  PtrVec extra = {0}, after = {0};
  Var *hess = NULL;
  Var **pvs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)), **phs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  if (full) {
    hess = extra_param(&extra, &after, "hess", ty_ptr(r->sparse ? sparse_csr_type() : in[0].scalar), NULL);
  } else {
    /* hvp: after each input p, const T *p_v and T *p_hv */
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      Type *ht = b->rows ? tr_writable(b->p->type) : ty_ptr(b->elem);
      pvs[i] = extra_param(&extra, &after, xfmt("%s_v", b->p->name), direction_type(b), b->p);
      phs[i] = extra_param(&extra, &after, xfmt("%s_hv", b->p->name), ht, b->p);
    }
  }
  driver_fn(&g, &extra, &after);
  /* gradient buffers (T's x_bar), directions and results (full) */
  Var **gs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)), **vs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)),
      **hvs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    const char *p = dparam(&g, b->p)->name;
    gs[i] = declare(&g, b, xfmt("g_%s", p));
    if (full) {
      vs[i] = declare(&g, b, xfmt("v_%s", p));
      hvs[i] = declare(&g, b, xfmt("hv_%s", p));
    }
  }
  Var *result = f->ret->kind != TY_VOID && full ? result_decl(&g) : NULL;
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
      vec_push(&args, b->rows ? ex_cast(ty_ptr(ty_void()), V(gs[bgrad])) : addr_of(b, gs[bgrad]));
    } else {
      Var *fp = param_named(f, p->name);
      vec_push(&args, fp ? P(&g, fp) : V(p));
    }
    if (!act_shadow_param(tv, j)) continue;
    if (bin >= 0) {
      Block *b = &in[bin];
      if (full) vec_push(&args, b->rows ? ex_cast(ty_ptr(ty_void()), V(vs[bin])) : V(vs[bin]));
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
    Var *n_in = count_decl(&g, "n_in", total(&g, in, r->nwrt));
    Sparse sp = {.jac = hess};
    Var **keep = save_inout(&g, NULL);  /* scratch state, inputs f writes */
    bool inout = false;
    for (int j = 0; j < f->nparams; j++) inout |= keep[j] != NULL;
    sparse_open(&g, &sp, 2 | (in[0].scalar->kind == TY_FLOAT ? 4 : 0), n_in, n_in, n_in, n_in, pattern, inout, 1);
    restore_inout(&g, NULL, keep, sp.ran);
    for (int i = 0; i < r->nwrt; i++) sparse_seed(&g, &sp, &in[i], vs[i], NULL);
    run_sweep(&g, T, &args, result);
    for (int i = 0; i < r->nwrt; i++) sparse_gather(&g, &sp, &in[i], hvs[i], NULL);
    sparse_close(&g, &sp, true);
  } else {
    Var *n_in = count_decl(&g, "n_in", total(&g, in, r->nwrt));
    Var **keep = save_inout(&g, NULL);  /* scratch state, inputs f writes */
    Var *sweep = local(&g, "sweep", ty_long());
    Stmt *outer = sweeps(sweep, n_in, 1);
    put(&g, outer);
    Stmt *top = g.at;
    g.at = outer->then;
    restore_inout(&g, NULL, keep, sweep);
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      put(&g, zero(&g, b, vs[i]));
      put(&g, if_then(within(&g, b, sweep), one(b, vs[i], sub(V(sweep), off(&g, b)))));
    }
    run_sweep(&g, T, &args, result);
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      Expr *below = ex_bin(OP_LT, V(sweep), V(n_in));
      Expr *row = add(ex_bin(OP_MUL, V(sweep), V(n_in)), off(&g, b));
      if (b->size || b->k) {
        Var *q = q_var(&g);
        Stmt *each = loop(q, ex_int(0), ex_bin(OP_LAND, ex_bin(OP_LT, V(q), num_n(&g, b)), below), 1);
        st_append(each->then, st_assign(ex_index(V(hess), ex_bin(OP_ADD, row, V(q))), entry(b, hvs[i], V(q)), NOLOC));
        put(&g, each);
      } else {
        put(&g, if_then(below, st_assign(ex_index(V(hess), row), V(hvs[i]), NOLOC)));
      }
    }
    g.at = top;
    free_inout(&g, NULL, keep);
  }
  for (int i = 0; i < r->nwrt; i++) {
    if (!in[i].size) continue;
    free_st(&g, V(gs[i]));
    if (full) {
      free_st(&g, V(vs[i]));
      free_st(&g, V(hvs[i]));
    }
  }
  finish(&g, result);
}

Fn *jacobian_request(Module *m, const Request *planned) {
  Request *r = xmalloc(sizeof *r);  /* the drivers record their result in it */
  *r = *planned;
  if (r->dir == DIR_JACFWD || r->dir == DIR_JACREV) jacobian(m, r, r->dir == DIR_JACFWD);
  if (r->dir == DIR_HESSIAN || r->dir == DIR_HVP) second_order(m, r, r->dir == DIR_HESSIAN);
  return r->result;
}
