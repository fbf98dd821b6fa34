/*
 * jacobian_int.h — shared by jacobian.c (the drivers) and
 * jacobian_layout.c (where each input and output sits in the matrix).
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
  Var *lane, *q;    /* loop counters, declared by each loop */
  Stmt *at;         /* where statements go */
  Variant *fv;      /* f's variant in the sweeps: what f writes (restored between sweeps) */
} Drv;

/* jacobian.c: entry q of a block's storage v, read or set */
Expr *jd_entry(const Block *b, Var *v, Expr *q);
Stmt *jd_set_entry(const Block *b, Var *v, Expr *q, Expr *value);

/* jacobian_sparse.c: the sparse clause's phases around a driver's sweeps */
typedef struct Sparse {
  Var *jac;         /* ccad_csr * */
  Var *seed, *got;  /* double *: flat seed and result of a sweep */
  Var *phase, *sweep, *count, *ran;
  Stmt *top;        /* where the phase loop sits */
} Sparse;
Type *sparse_csr_type(void);
Type *opaque_type(const char *name);  /* a struct of ccad.h, by pointer only */

/* jacobian_split.c: jacrev over one forward sweep */
bool split_eligible(const Request *r);
bool split_clean(Fn *bw);
bool split_params_ok(Fn *f, Fn *fn);
bool split_args(Drv *g, Fn *fn, PtrVec *args);
void costly_mode(const Request *r, Fn *f, const Block *in, const Block *out, bool forward);
/* kind: 0 jacfwd, 1 jacrev, 2 hessian, plus 4 for float; nseed, ngot: the flat lengths;
 * pattern: the _pattern function (phase 0 only, always); ran: declare
 * s->ran, 0 until the first sweep has run (in-out memory to restore); by:
 * columns per sweep (a vector sweep's lanes) */
void sparse_open(Drv *g, Sparse *s, int kind, Var *m, Var *n, Var *nseed, Var *ngot, bool pattern, bool ran, int by);
/* a vector sweep's buffers: lanes innermost (rows) or W pointers */
typedef struct Lanes { Var *lane; bool rows; } Lanes;
void sparse_seed(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln);     /* ln: NULL, scalar */
void sparse_gather(Drv *g, Sparse *s, const Block *b, Var *v, const Lanes *ln);
void sparse_seed_call(Drv *g, Sparse *s, Expr *at);    /* by > 1: per lane, sweep + lane */
void sparse_gather_call(Drv *g, Sparse *s, Expr *at);
void sparse_close(Drv *g, Sparse *s, bool gather);      /* gather: the scalar sweep's gather call */

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

#endif
