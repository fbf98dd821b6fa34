/*
 * jacobian_int.h — shared by jacobian.c (jacfwd, jacrev),
 * jacobian_second.c (hvp, hessian), jacobian_driver.c (what every driver
 * is built from), jacobian_layout.c (where each input and output sits in
 * the matrix), jacobian_sparse.c and jacobian_split.c.
 */
#ifndef CCAD_JACOBIAN_INT_H
#define CCAD_JACOBIAN_INT_H

#include "transform.h"

#define NOLOC ((SrcLoc){0})

/* One input or output of the matrix: a parameter (or the return value)
 * whose floating entries are consecutive rows or columns. */
typedef struct Block {
  Var *p;           /* the parameter (in the primal) */
  int param;        /* its index */
  Expr *size;       /* element count (NULL: a scalar) */
  Expr *n;          /* its entry count in the flattened list (over f's parameters) */
  Expr *off;        /* its offset in the flattened list */
  Type *elem;       /* element type */
  bool rows;        /* p points to arrays: its buffers are passed as void * */
  bool deep;        /* hvp: a struct whose pointers lead to floating data, not flattened: its
                       direction, result and gradient are structs whose pointers the caller sets */
  /* a struct (or array of structs): its floating fields are k entries per
   * element, read and written through the functions get and set */
  Expr *cnt;        /* its element count */
  int k;            /* 0: not a struct */
  Fn *get, *set;
  Type *scalar;     /* the type of its entries */
} Block;

/* One driver being built: what a request's driver needs besides its
 * blocks (per request: nothing here outlives it). */
typedef struct Drv {
  Module *m;
  Request *r;
  Fn *f;            /* the primal */
  Fn *d;            /* the driver */
  PtrMap pmap;      /* f's parameter Var* -> the driver's renamed copy */
  PtrMap bufs;      /* f's parameter Var* (or the Drv, for return) -> the driver's d_p */
  PtrMap in_place;  /* jacfwd in one sweep: output Block* whose lanes are J's rows (no buffer, no copy) */
  PtrMap raw;       /* a matrix parameter's d_p -> the void * calloc gave it, which the sweep
                       gets: passed as (void *)d_p, gcc -O2 takes the T (*)[p][L] access for
                       one beyond an object of d_p's type (-Warray-bounds) */
  Var *lane, *q;    /* loop counters, declared by each loop */
  Stmt *at;         /* where statements go */
  Variant *fv;      /* f's variant in the sweeps: what f writes (restored between sweeps) */
  Var *scratch;     /* sparse vector sweeps: the ccad_csr * whose buffers (ccad__sparse_scratch) hold the lanes */
  int nscratch;
} Drv;

/* jacobian_sparse.c: the sparse clause's phases around a driver's sweeps */
enum { CCAD_SCRATCH_SLOTS = 16 };  /* = the runtime's CCAD__SPARSE_LANES: buffers ccad__sparse_scratch keeps */
typedef struct Sparse {
  Var *jac;         /* ccad_csr * */
  Var *seed, *got;  /* double *: flat seed and result of a sweep (NULL: lanes, straight) */
  Var *phase, *sweep, *count, *ran;
  Stmt *top;        /* where the phase loop sits */
  bool lanes;       /* a vector sweep whose blocks the runtime reads and writes in place */
} Sparse;
Type *sparse_csr_type(void);
Type *opaque_type(const char *name);  /* a struct of ccad.h, by pointer only */

/* jacobian_split.c: jacrev over one forward sweep */
bool split_eligible(const Request *r);
bool split_clean(Fn *bw);
bool split_params_ok(Fn *f, Fn *fn);
bool split_args(Drv *g, Fn *fn, PtrVec *args);
void costly_mode(const Request *r, Fn *f, const Block *in, const Block *out, bool forward, bool lanes);
long constant_total(const Block *b, int n);  /* entries of n blocks when a constant, else -1 */
/* kind: 0 jacfwd, 1 jacrev, 2 hessian, plus 4 for float; nseed, ngot: the flat lengths; ran: declare
 * s->ran, 0 until the first sweep has run (in-out memory to restore); by:
 * columns per sweep (a vector sweep's lanes) */
void sparse_open(Drv *g, Sparse *s, int kind, Var *m, Var *n, Var *nseed, Var *ngot, bool ran, int by);
/* f_jacfwd_pattern (jacrev, hessian): r's sparse driver, asked for the pattern alone */
void sparse_pattern_fn(Module *m, Request *r);
/* a vector sweep's buffers: lanes innermost (rows) or W pointers */
typedef struct Lanes { Var *lane; bool rows; } Lanes;
void sparse_seed(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln);     /* ln: NULL, scalar */
void sparse_gather(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln);
void sparse_seed_call(Drv *g, Sparse *s, Expr *at);    /* by > 1: per lane, sweep + lane */
void sparse_gather_call(Drv *g, Sparse *s, Expr *at);
void sparse_close(Drv *g, Sparse *s, bool gather);      /* gather: the scalar sweep's gather call */
/* a vector sweep of L double lanes: each block straight between the runtime and its lane buffer */
bool sparse_lanes_ok(const Block *b, int nb);
void sparse_lanes_seed(Drv *g, Sparse *s, const Block *b, Var *v, int L, bool rows);
void sparse_lanes_gather(Drv *g, Sparse *s, const Block *b, Var *v, int L, bool rows);
void sparse_lanes_done(Drv *g, Sparse *s, int L);

/* Blocks for a list of request items; false (after an error) on a pointer
 * without a size or data that is not floating. */
bool jac_blocks(Module *m, Request *r, ReqItem *items, int n, Block *out, const char *what);

/* Integer arithmetic on counts and offsets, constants folded. */
static inline Expr *add(Expr *a, Expr *b) {
  if (a->kind == EX_NUM && b->kind == EX_NUM && a->type->kind == TY_INT && b->type->kind == TY_INT)
    return ex_int((long)a->value + (long)b->value);
  if (ex_is_zero(a)) return b;
  if (ex_is_zero(b)) return a;
  return ex_bin(OP_ADD, a, b);
}

static inline Expr *sub(Expr *a, Expr *b) { return ex_is_zero(b) ? a : ex_bin(OP_SUB, a, b); }

static inline Expr *mul(Expr *a, Expr *b) {
  if (ex_is_zero(a) || ex_is_zero(b)) return ex_int(0);
  if (a->kind == EX_NUM && b->kind == EX_NUM && a->type->kind == TY_INT && b->type->kind == TY_INT)
    return ex_int((long)a->value * (long)b->value);
  if (ex_is_one(a)) return b;
  if (ex_is_one(b)) return a;
  return ex_bin(OP_MUL, a, b);
}

static inline Expr *to(Type *t, Expr *e) {
  if (e->kind == EX_NUM) return e;
  if (e->kind == EX_CAST && !e->is_implicit && e->type->kind == TY_INT && t->kind == TY_INT) e = e->lhs;
  const Expr *s = ex_strip_implicit(e);
  if (s->type->kind == t->kind && s->type->name && t->name && str_eq(s->type->name, t->name)) return e;
  return ex_cast(t, e);
}

static inline Type *const_of(Type *t) {
  Type *c = xmalloc(sizeof *c);
  *c = *t;
  c->is_const = true;
  return c;
}

static inline Stmt *if_then(Expr *c, Stmt *then) {
  Stmt *s = st_new(ST_IF, NOLOC);
  s->cond = c;
  s->then = st_block(NOLOC);
  st_append(s->then, then);
  return s;
}

/* ---- IR shorthands of the drivers ---------------------------------------- */

static inline Expr *cl(Drv *g, const Expr *e) { return ir_clone_expr(e, &g->pmap); }

static inline Expr *V(Var *v) { return ex_var(v); }

static inline Var *dparam(Drv *g, Var *p) {
  Var *c = ptrmap_get(&g->pmap, p);
  return c ? c : p;
}

static inline Expr *P(Drv *g, Var *p) { return V(dparam(g, p)); }

static inline void put(Drv *g, Stmt *s) { st_append(g->at, s); }

static inline Expr *call(const char *name, Type *ret, int n, Expr *a, Expr *b, Expr *c) {
  Expr *args[3] = {a, b, c};
  return ex_call(name, ret, args, n);
}

static inline Expr *call_fn(Fn *fn, PtrVec *args) {
  Expr *e = ex_call(fn->name, fn->ret, (Expr **)args->data, args->len);
  e->fn = fn;
  return e;
}

static inline Stmt *call_st(const char *name, int n, Expr *a, Expr *b, Expr *c) {
  return st_expr(call(name, ty_void(), n, a, b, c), NOLOC);
}

static inline Expr *bytes(Expr *count, Expr *elem_size) {
  if (ex_is_one(count)) return elem_size;
  return ex_bin(OP_MUL, to(ty_size_t(), count), elem_size);
}

static inline Type *array_of(Type *base, long len) {
  Type *t = ty_new(TY_ARRAY, NULL);
  t->base = base;
  t->len = len;
  return t;
}

/* for (T i = from; cond; i += by) {}: the body is s->then */
static inline Stmt *loop(Var *i, Expr *from, Expr *cond, long by) {
  Stmt *s = st_new(ST_FOR, NOLOC);
  s->init = st_decl(i, from, NOLOC);
  s->cond = cond;
  s->step = st_assign(V(i), ex_bin(OP_ADD, V(i), ex_int(by)), NOLOC);
  s->then = st_block(NOLOC);
  return s;
}

static inline Var *local(Drv *g, const char *hint, Type *t) { return fn_new_var(g->d, hint, t, VAR_LOCAL, NOLOC); }

static inline Var *lane_var(Drv *g) { return g->lane ? g->lane : (g->lane = local(g, "lane", ty_int())); }

static inline Var *q_var(Drv *g) { return g->q ? g->q : (g->q = local(g, "q", ty_long())); }

/* a block's count, entry count and offset in the driver (f's parameters renamed) */
static inline Expr *cnt(Drv *g, const Block *b) { return cl(g, b->cnt); }
static inline Expr *num_n(Drv *g, const Block *b) { return cl(g, b->n); }
static inline Expr *off(Drv *g, const Block *b) { return cl(g, b->off); }
static inline Expr *addr_of(const Block *b, Var *v) { return b->size ? V(v) : ex_addr(V(v)); }
static inline void free_st(Drv *g, Expr *p) { put(g, call_st("free", 1, p, NULL, NULL)); }
/* the driver's d_p of a block (return: d_ret) */
static inline Var *buf(Drv *g, const Block *b) { return ptrmap_get(&g->bufs, b->p ? (void *)b->p : (void *)g); }
static inline void set_buf(Drv *g, const Block *b, Var *v) { ptrmap_put(&g->bufs, b->p ? (void *)b->p : (void *)g, v); }

/* ---- jacobian_driver.c: the scaffolding of every driver -------------------- */

Expr *jd_entry(const Block *b, Var *v, Expr *q);                 /* entry q of a block's storage v */
Stmt *jd_set_entry(const Block *b, Var *v, Expr *q, Expr *value);
Stmt *jd_zero(Drv *g, const Block *b, Var *v);                   /* every entry 0 */
Stmt *jd_one(const Block *b, Var *v, Expr *q);                   /* entry q = 1 */
Var *jd_declare(Drv *g, const Block *b, const char *hint);       /* T v = 0, a zeroed struct, or calloc'd */
Var *jd_result_decl(Drv *g);                                     /* the driver's copy of f's result */
const char *jd_buf_hint(Drv *g, const Block *b);                 /* d_p, d_ret */
Expr *jd_total(Drv *g, Block *b, int n);                         /* entries of n blocks */
Request *jd_sub_request(Request *r, Directive dir, Fn *fn, const char *name);  /* a sweep's request */
ReqItem *jd_copy_items(ReqItem *items, int n);
void jd_copy_state_clauses(Request *s, const Request *r);       /* scratch, may_alias: every sweep's */
Request *jd_sweep_request(Request *r, Directive dir, Fn *fn, const char *name);  /* r's wrt, out, state */
/* The driver: f's parameters with the extra ones (Var*) after the
 * parameters their 'after' entry names (NULL: at the end); its body is g->at. */
Fn *jd_driver_fn(Drv *g, PtrVec *extra, PtrVec *after);
Var *jd_extra_param(PtrVec *extra, PtrVec *after, const char *name, Type *t, Var *behind);
void jd_finish(Drv *g, Var *result);                             /* return result; the request's result */
bool jd_keep_fixed(const Expr *size);                            /* a small constant count: on the stack */
/* In-out memory (outputs f reads, scratch state, inputs f writes, the
 * state behind pointer parameters in no clause that f writes) and the
 * globals f writes: saved before the first sweep, put back before each
 * later one (sweep > 0; sweep NULL: always), freed at the end. */
Var **jd_save_inout(Drv *g, const Block *out);
bool jd_keeps_any(Drv *g, Var **keep);  /* anything saved? */
void jd_restore_inout(Drv *g, const Block *out, Var **keep, Var *sweep);
void jd_free_inout(Drv *g, const Block *out, Var **keep);
/* jacobian_state.c: objects behind f's pointer parameter j that f and its callees reach, when they use
 * it as one object (*p, p->x, p[2], rand_r(p), T *d = (T *)p), of type *obj; 0: not at all; -1: unknown
 * (p[i], p + 1, q = p) */
long jd_state_extent(Fn *f, int j, Type **obj);
Expr *jd_within(Drv *g, const Block *b, Var *at);                /* entry 'at' falls in block b */
Stmt *jd_sweeps(Drv *g, Var *sweep, Var *count, long by);                /* at least one sweep, so f runs */
Var *jd_count_decl(Drv *g, const char *hint, Expr *value);       /* const long hint = value */
void jd_run_sweep(Drv *g, Fn *sw, PtrVec *args, Var *result);   /* [result =] sw(args) */

/* jacobian.c: r's jacfwd (forward) or jacrev driver, its result in r;
 * does a later request compose r (dir -1: differentiate it again)? */
void jacobian_of(Module *m, Request *r, bool forward);
bool composed_by(Module *m, const Request *r, int dir);

/* jacobian_second.c: hvp (full: false) and hessian */
void jacobian_second_order(Module *m, Request *r, bool full);

#endif
