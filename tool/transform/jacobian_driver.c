/*
 * jacobian_driver.c — the scaffolding every Jacobian and Hessian driver
 * is built from (jacobian.c: jacfwd, jacrev; jacobian_second.c: hvp,
 * hessian): a block's seed and result storage, the driver function and
 * its extra parameters, the in-out memory saved before the first sweep
 * and put back before each later one, and the sweep loops.
 *
 * Requires: a Drv whose request and blocks are known (jacobian_layout.c).
 * Provides: the jd_* builders of jacobian_int.h; everything they make is
 * IR appended at g->at.
 */
#include <string.h>

#include "jacobian_int.h"
#include "../ir/mpi.h"

/* ---- A block's storage in the driver --------------------------------------
 * Its seeds or results: an array for a pointer parameter, else one value. */

/* the struct holding entry q */
static Expr *holder(const Block *b, Var *v, Expr *q) {
  return b->size ? ex_addr(ex_index(V(v), ex_bin(OP_DIV, q, ex_int(b->k)))) : ex_addr(V(v));
}

Expr *jd_entry(const Block *b, Var *v, Expr *q) {
  if (b->k) {
    Expr *e = call(b->get->name, ty_double(), 2, holder(b, v, q), ex_bin(OP_MOD, ir_clone_expr(q, NULL), ex_int(b->k)), NULL);
    e->fn = b->get;
    return e;
  }
  return b->size ? ex_index(V(v), q) : V(v);
}

Stmt *jd_zero(Drv *g, const Block *b, Var *v) {
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
  return st_assign(jd_entry(b, v, q), value, NOLOC);
}

/* entry q = 1 */
Stmt *jd_one(const Block *b, Var *v, Expr *q) {
  return jd_set_entry(b, v, q, ex_num(1, b->k ? ty_double() : b->elem));
}

/* T v = 0, a zeroed struct, or T *v = calloc(count, sizeof(T)) */
Var *jd_declare(Drv *g, const Block *b, const char *hint) {
  if (b->size) {
    Var *v = local(g, hint, ty_ptr(b->elem));
    put(g, st_decl(v, call("calloc", ty_ptr(ty_void()), 2, to(ty_size_t(), cnt(g, b)), ex_sizeof_type(b->elem), NULL),
                   NOLOC));
    return v;
  }
  Var *v = local(g, hint, b->elem);
  if (b->k) {
    put(g, st_decl(v, NULL, NOLOC));
    put(g, jd_zero(g, b, v));
  } else {
    put(g, st_decl(v, d_zero(b->elem), NOLOC));
  }
  return v;
}

Var *jd_result_decl(Drv *g) {
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

const char *jd_buf_hint(Drv *g, const Block *b) { return b->p ? xfmt("d_%s", dparam(g, b->p)->name) : "d_ret"; }

Expr *jd_total(Drv *g, Block *b, int n) {
  Expr *t = ex_int(0);
  for (int i = 0; i < n; i++) t = add(t, num_n(g, &b[i]));
  return t;
}

Request *jd_sub_request(Request *r, Directive dir, Fn *fn, const char *name) {
  Request *s = xmalloc(sizeof *s);
  s->dir = dir;
  s->fname = fn->name;
  s->fn = fn;
  s->loc = r->loc;
  s->gen_name = name;
  s->serves = r->serves ? r->serves : r;
  return s;
}

ReqItem *jd_copy_items(ReqItem *items, int n) {
  ReqItem *c = xmalloc(sizeof(ReqItem) * (size_t)(n ? n : 1));
  if (n) memcpy(c, items, sizeof(ReqItem) * (size_t)n);
  return c;
}

/* scratch(...) and may_alias(...) hold for every sweep of the request */
void jd_copy_state_clauses(Request *s, const Request *r) {
  s->scratch = jd_copy_items(r->scratch, r->nscratch);
  s->nscratch = r->nscratch;
  s->may_alias = jd_copy_items(r->may_alias, r->nmay_alias);
  s->nmay_alias = r->nmay_alias;
}

/* A sweep differentiating fn as r asks: r's wrt and out, and its state
 * clauses. */
Request *jd_sweep_request(Request *r, Directive dir, Fn *fn, const char *name) {
  Request *s = jd_sub_request(r, dir, fn, name);
  s->wrt = jd_copy_items(r->wrt, r->nwrt);
  s->nwrt = r->nwrt;
  s->has_wrt = r->has_wrt;
  s->out = jd_copy_items(r->out, r->nout);
  s->nout = r->nout;
  s->has_out = r->has_out;
  jd_copy_state_clauses(s, r);
  return s;
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
Fn *jd_driver_fn(Drv *g, PtrVec *extra, PtrVec *after) {
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
  d->names.also = &g->m->names;
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
Var *jd_extra_param(PtrVec *extra, PtrVec *after, const char *name, Type *t, Var *behind) {
  Var *v = xmalloc(sizeof *v);
  v->name = name;
  v->type = t;
  v->kind = VAR_PARAM;
  vec_push(extra, v);
  vec_push(after, behind);
  return v;
}

void jd_finish(Drv *g, Var *result) {
  if (result) {
    Stmt *ret = st_new(ST_RETURN, NOLOC);
    ret->expr = V(result);
    put(g, ret);
  }
  g->r->result = g->d;
  vec_push(&g->m->generated, g->d);
}

/* no clause names parameter j */
static bool unlisted(const Request *r, int j) {
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j) return false;
  for (int i = 0; i < r->nwrt; i++)
    if (r->wrt[i].param == j) return false;
  for (int i = 0; i < r->nscratch; i++)
    if (r->scratch[i].param == j) return false;
  return true;
}

/* State of f's behind a pointer parameter in no clause that f (or a
 * callee) stores through: a seed, a step counter, a hit count. */
static bool state_param(Drv *g, int j) {
  Var *p = g->r->fn->params[j];
  if (!ty_is_ptr(p->type)) return false;
  const Type *t = p->type->base;
  bool opaque = t->kind == TY_RECORD && (!t->rec || !t->rec->nfields);  /* MPI_Comm, FILE *: a library's, not f's */
  return g->fv && !t->is_const && !opaque && (g->fv->writes[j] & 1) && unlisted(g->r, j);
}

/* The function whose uses of parameter *j tell its state's extent: f, or
 * for the sweeps over f's gradient (hessian), the user's f (*j becomes
 * the index of the parameter of that name). NULL: none. */
static Fn *state_fn(Drv *g, int *j) {
  Fn *f = g->r->fn;
  const Request *u = g->r->serves;
  if (!f->is_generated || !u || !u->fn || u->fn == f) return f;
  const char *name = f->params[*j]->name;
  for (int k = 0; k < u->fn->nparams; k++)
    if (str_eq(u->fn->params[k]->name, name)) {
      *j = k;
      return u->fn;
    }
  return NULL;
}

/* Which of f's pointer parameters does f write? (restored between sweeps:
 * outputs, scratch state, inputs f writes, such as a work array, and
 * state in no clause) */
static bool writes_param(Drv *g, int j) {
  Request *r = g->r;
  Var *p = r->fn->params[j];
  if (!ty_is_ptr(p->type) || p->type->base->is_const) return false;
  if (state_param(g, j)) return true;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j) return !r->fresh_outs;
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

/* State whose extent is unknown (p[i], passed on): putting back too
 * little would leave each sweep another call's Jacobian. Refused, once a
 * request. */
static void unsized_state(Drv *g, int j) {
  Request *r = g->r;
  const Request *u = r->serves ? r->serves : r;
  const char *p = r->fn->params[j]->name;
  int k = j;
  Fn *f = state_param(g, j) ? state_fn(g, &k) : NULL;
  Type *t;
  if (!f || jd_state_extent(f, k, &t) == 0 || tr_param_first_use(g->m, f, k) != IU_READ) return;
  const char *key = xfmt("state %s:%d:%d %s", u->loc.file, u->loc.line, u->loc.col, p);
  if (diag_muted() || nameset_has(&g->m->notes_told, key)) return;
  nameset_add(&g->m->notes_told, key);
  diag_at(u->loc, D_SWEEP_STATE_SIZE, u->gen_name, u->fname, u->fname, p, p, p, p, p);
}

/* State in no clause whose extent is known: n objects of type *t (0:
 * unknown, or nothing to keep). */
static long state_objects(Drv *g, int j, Type **t) {
  int k = j;
  Fn *f = state_fn(g, &k);
  long n = f ? jd_state_extent(f, k, t) : -1;
  return n > 0 && *t ? n : 0;
}

/* A scalar is copied to a local (unsigned keep_seed), a struct or several
 * objects to the heap (a struct may be large): Opt *keep_o. Else refused
 * where f may read it before it stores into it. */
static Var *keep_state(Drv *g, int j) {
  Type *t = NULL;
  long n = state_objects(g, j, &t);
  if (!n) {
    unsized_state(g, j);
    return NULL;
  }
  Var *p = g->f->params[j];
  const char *hint = xfmt("keep_%s", dparam(g, p)->name);
  Expr *size = bytes(ex_int(n), ex_sizeof_type(t));
  Var *v;
  if (n == 1 && ty_is_arith(t)) {
    v = local(g, hint, t);
    put(g, st_decl(v, NULL, NOLOC));
    put(g, call_st("memcpy", 3, ex_addr(V(v)), P(g, p), size));
  } else {
    v = local(g, hint, ty_ptr(t));
    put(g, st_decl(v, call("malloc", ty_ptr(ty_void()), 1, size, NULL, NULL), NOLOC));
    put(g, call_st("memcpy", 3, V(v), P(g, p), ir_clone_expr(size, NULL)));
  }
  return v;
}

static Stmt *restore_state(Drv *g, int j, Var *v) {
  Type *t = NULL;
  long n = state_objects(g, j, &t);
  return call_st("memcpy", 3, P(g, g->f->params[j]), ty_is_ptr(v->type) ? V(v) : ex_addr(V(v)),
                 bytes(ex_int(n), ex_sizeof_type(t)));
}

/* in units of the parameter's pointee: rows of a matrix (r[2][3]: 2) */
static Expr *keep_cnt(Drv *g, const Block *out, int j) {
  const Block *b = out_block(g->r, out, j);
  return b && !b->rows ? cnt(g, b) : cl(g, keep_size(g, out, j));
}

/* A small constant count: kept on the stack. */
bool jd_keep_fixed(const Expr *size) {
  return size && size->kind == EX_NUM && size->value >= 1 && size->value <= 256 && size->value == (long)size->value;
}

/* The file's globals f writes (glob_writes: a generator's state, a call
 * counter) are state too: the sweeps would each see what the one before
 * left, another call of f each (another noise draw per column or row).
 * Saved like in-out memory, put back before each later sweep, left as the
 * last sweep left them. Not kept: a global holding pointers (f may free
 * what it pointed to and store a new block: putting the old address back
 * would dangle), an array of unknown length. keep[nparams + i] is the copy
 * of glob_writes' entry i (NULL: not kept). */
static bool global_kept(const Var *x) {
  return !ty_holds_ptr(x->type) && !(x->type->kind == TY_ARRAY && x->type->len < 0);
}

static void save_globals(Drv *g, Var **keep) {
  const PtrVec *ws = glob_writes(g->m, g->f);
  for (int i = 0; i < ws->len; i++) {
    Var *x = ws->data[i], **k = &keep[g->f->nparams + i];
    *k = NULL;
    if (!global_kept(x)) continue;
    const char *hint = xfmt("keep_%s", x->name);
    if (x->type->kind == TY_ARRAY) {  /* (a table may be large: not on the stack) */
      *k = local(g, hint, ty_ptr(ty_void()));
      put(g, st_decl(*k, call("malloc", ty_ptr(ty_void()), 1, d_sizeof_expr(V(x)), NULL, NULL), NOLOC));
      put(g, call_st("memcpy", 3, V(*k), V(x), d_sizeof_expr(V(x))));
    } else {
      *k = local(g, hint, ty_unqual(x->type));
      put(g, st_decl(*k, V(x), NOLOC));
    }
  }
}

static Stmt *restore_global(Var *x, Var *k) {
  if (x->type->kind == TY_ARRAY) return call_st("memcpy", 3, V(x), V(k), d_sizeof_expr(V(x)));
  return st_assign(V(x), V(k), NOLOC);
}

bool jd_keeps_any(Drv *g, Var **keep) {
  int n = g->f->nparams + glob_writes(g->m, g->f)->len;
  for (int j = 0; j < n; j++)
    if (keep[j]) return true;
  return false;
}

Var **jd_save_inout(Drv *g, const Block *out) {
  Fn *f = g->f;
  Var **keep = xmalloc(sizeof(Var *) * (size_t)(f->nparams + glob_writes(g->m, f)->len + 1));
  save_globals(g, keep);
  for (int j = 0; j < f->nparams; j++) {
    keep[j] = NULL;
    if (!writes_param(g, j)) continue;
    if (!keep_size(g, out, j)) {
      if (state_param(g, j)) keep[j] = keep_state(g, j);
      continue;
    }
    Var *p = f->params[j];
    Type *e = ty_unqual(p->type->base);
    const char *hint = xfmt("keep_%s", dparam(g, p)->name);
    Expr *each = d_sizeof_expr(ex_deref(P(g, p)));
    const Expr *size = keep_size(g, out, j);
    if (jd_keep_fixed(size)) {
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

void jd_restore_inout(Drv *g, const Block *out, Var **keep, Var *sweep) {
  for (int j = 0; j < g->f->nparams; j++) {
    if (!keep[j]) continue;
    Var *p = g->f->params[j];
    Stmt *c = keep_size(g, out, j) ? call_st("memcpy", 3, P(g, p), V(keep[j]),
                                             bytes(keep_cnt(g, out, j), d_sizeof_expr(ex_deref(P(g, p)))))
                                   : restore_state(g, j, keep[j]);
    put(g, sweep ? if_then(ex_bin(OP_GT, V(sweep), ex_int(0)), c) : c);  /* (NULL: always) */
  }
  const PtrVec *ws = glob_writes(g->m, g->f);
  for (int i = 0; i < ws->len; i++) {
    Var *k = keep[g->f->nparams + i];
    if (!k) continue;
    Stmt *c = restore_global(ws->data[i], k);
    put(g, sweep ? if_then(ex_bin(OP_GT, V(sweep), ex_int(0)), c) : c);
  }
}

void jd_free_inout(Drv *g, const Block *out, Var **keep) {
  for (int j = 0; j < g->f->nparams; j++)
    if (keep[j] && (keep_size(g, out, j) ? !jd_keep_fixed(keep_size(g, out, j)) : ty_is_ptr(keep[j]->type)))
      free_st(g, V(keep[j]));
  const PtrVec *ws = glob_writes(g->m, g->f);
  for (int i = 0; i < ws->len; i++)
    if (keep[g->f->nparams + i] && ((Var *)ws->data[i])->type->kind == TY_ARRAY) free_st(g, V(keep[g->f->nparams + i]));
}

/* sweep >= off && sweep < off + n (whether entry 'at' falls in block b) */
Expr *jd_within(Drv *g, const Block *b, Var *at) {
  Expr *lo = ex_bin(OP_GE, V(at), off(g, b)), *hi = ex_bin(OP_LT, V(at), add(off(g, b), num_n(g, b)));
  return ex_is_zero(b->off) ? hi : ex_bin(OP_LAND, lo, hi);
}

/* for (long sweep = 0; sweep < count || sweep == 0; sweep += by):
 * at least one sweep, so f runs (and returns) even with no rows or columns.
 * Where f communicates through MPI, every rank runs as many sweeps as the
 * rank with the most (ccad_mpi_sweeps, agreed after the first): a rank
 * with fewer columns or rows (an uneven distribution) seeds nothing in its
 * extra sweeps, and the ranks' collectives stay paired. */
Stmt *jd_sweeps(Drv *g, Var *sweep, Var *count, long by) {
  Expr *n = V(count);
  if (mpi_communicates(g->m, g->f)) {
    Expr *args[2] = {V(sweep), V(count)};
    n = ex_call("ccad_mpi_sweeps", ty_long(), args, 2);
    g->m->uses_mpi = true;
  }
  Expr *c = ex_bin(OP_LOR, ex_bin(OP_LT, V(sweep), n), ex_bin(OP_EQ, V(sweep), ex_int(0)));
  return loop(sweep, ex_int(0), c, by);
}

Var *jd_count_decl(Drv *g, const char *hint, Expr *value) {
  Var *v = local(g, hint, const_of(ty_long()));
  put(g, st_decl(v, value, NOLOC));
  return v;
}

void jd_run_sweep(Drv *g, Fn *sw, PtrVec *args, Var *result) {
  Expr *c = call_fn(sw, args);
  put(g, result ? st_assign(V(result), c, NOLOC) : st_expr(c, NOLOC));
}
