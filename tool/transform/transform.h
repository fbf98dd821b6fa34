/*
 * transform.h — S2 -> S3: derivative functions built from the primal IR
 * and the activity facts. One entry point per mode; each adds generated
 * functions to m->generated (the requested one and the internal variants
 * of the callees it needs).
 */
#ifndef CCAD_TRANSFORM_H
#define CCAD_TRANSFORM_H

#include "../analysis/analysis.h"

enum { MODE_JVP = 1, MODE_VJP = 2 };

/* The transforms of directives.def: each takes a planned request, which it
 * leaves as it is, and returns the function it generated (NULL after an
 * error). */
Fn *tangent_request(Module *m, const Request *r);
Fn *adjoint_request(Module *m, const Request *r);   /* vjp and grad */
Fn *adjoint_split_request(Module *m, const Request *r, Fn **bwd);  /* jacrev: forward and backward apart */
Fn *jacobian_request(Module *m, const Request *r);  /* jacfwd, jacrev, hessian, hvp */
Fn *batch_request(Module *m, const Request *r);     /* vmap */
Fn *cuda_request(Module *m, const Request *r);      /* cuda: FILE.ad.cu */
/* vector.c: a copy of a jvp function carrying W directions per sweep (its
 * callees too), or NULL if it cannot be made (the scalar one is unchanged).
 * *rows: the lanes are innermost (T (*x_dot)[W], x_dot[i][lane]), else
 * each derivative parameter is an array of W pointers (x_dot[lane][i]). */
Fn *vectorize_tangent(Module *m, Fn *jvp, int width, bool *rows);
Fn *vectorize_adjoint_fn(Module *m, Fn *f, int width);
/* vector_views.c: does f view the tangents in wide (Var* keys) as another element type? */
bool vector_views_other_elements(const Fn *f, const PtrMap *wide);  /* f's Fn.shadows widened, lanes innermost, or NULL */
/* vector_rev.c: jacrev's split sweeps widened to W adjoint lanes: the
 * backward function, or NULL; *vfw the forward function's variant */
Fn *vectorize_adjoint(Module *m, Fn *fw, const bool *fw_adj, Fn *bw, const bool *bw_adj, int width, Fn **vfw);
/* vector_bits.c: a sparse driver's pattern sweep, the vector sweep sw with
 * sets of 64 directions in each lane's bits (ccad_bits_or), or NULL. */
Fn *bits_variant(Module *m, Fn *sw);

/* build.c: expression builders that fold zeros and ones (NULL is zero). */
Expr *d_add(Expr *a, Expr *b);
Expr *d_sub(Expr *a, Expr *b);
Expr *d_mul(Expr *a, Expr *b);
Expr *d_div(Expr *a, Expr *b);
Expr *d_conj(Expr *a);        /* conj(a) for a complex a, else a */
Expr *d_real(Expr *a);        /* creal(a) for a complex a, else a */
/* A math call's derivative rule (rules.def) applied to argument i: the
 * result's tangent from the argument's tangent 'dot' (f'(u) * dot), and
 * what the argument's adjoint gains from the result's adjoint 'seed'
 * (conj(f'(u)) * seed; the real part of it for a real argument). */
Expr *tr_rule_tangent(const Expr *call, int i, const Expr *result, Expr *dot);
Expr *tr_rule_adjoint(const Expr *call, int i, const Expr *result, Expr *seed);
Expr *d_neg(Expr *a);
Expr *d_zero(Type *t);        /* 0 of a float type, 0.0 or 0.0f */
Expr *d_or_zero(Expr *a, Type *t);
bool d_is_simple(const Expr *e);   /* cheap to evaluate twice: var, constant, a[i] */
Stmt *d_memset0(Expr *dst, Expr *bytes, SrcLoc loc);   /* memset(dst, 0, bytes) */
Expr *d_sizeof_expr(Expr *e);      /* sizeof e */
Stmt *d_calloc_decl(Var *d, Expr *count, SrcLoc loc);  /* T *d = calloc(count, sizeof *d) */
Stmt *d_free(Var *d, SrcLoc loc);                      /* free((void *)d) */
Type *tr_writable(Type *t);        /* the type without const, also below pointers */

/* structure.c: single-exit form (flags for break/continue/return, switch as ifs). */
Stmt *structure_normalize(Fn *out, Fn *primal, Stmt *body, Var **retval);

/* simplify.c: remove unread transform-made variables (id >= first_id). */
void simplify_dead_vars(Fn *f, int first_id);
bool simplify_pure(const Expr *e);  /* no call that stores or moves a tape */
/* simplify_dead.c: stores into the transform's floating scalar locals that nothing reads */
void simplify_dead_stores(Fn *f, int first_id);
void simplify_unused_params(Fn *f);
/* param_use.c: x for x_bar, x_dot, x_hv, x_v (a nested spelling's inner clauses name it) */
const char *tr_primal_name(const char *n);
/* simplify_zero.c: transform-made floating scalars only ever set to 0 read as 0, folded away */
void simplify_zero_vars(Fn *f, int first);
/* simplify_tape.c: g_fwd's trailing pushes whose values g_bwd's leading pops throw away go, both */
void simplify_split_tape(Fn *fw, Fn *bw);
/* simplify_accum.c: x_bar = x_bar + d becomes x_bar = d where x_bar is known
 * to be 0; only the derivative variables in vars (Var* keys) are touched. */
void simplify_first_accum(Fn *f, const PtrMap *vars);
/* simplify_accum.c: after memset(v, 0, N * sizeof(*v)), a first loop adding
 * into v[i] once per index stores instead (and the memset goes if the loop
 * covers [0, N)). */
void simplify_first_store(Fn *f);
/* simplify_loop.c: reversed counted loops in the natural form. */
void simplify_natural_loops(Fn *f);
/* path[0..n-1]: the function's body down to a statement; may v's value
 * after that statement be read before it is written? */
bool simplify_live_after(Stmt **path, int n, const Var *v);
Expr *simplify_plus(Expr *e, long c, Type *t);  /* e + c, folded where e is or ends in a constant (of type t) */
/* simplify_lanes.c: a vector sweep's loop that only adds multiples of
 * lanes runs behind a test that one of them is not zero. */
void simplify_zero_lanes(Fn *f);
/* simplify_shift.c: a pointer parameter shifted by constants at the top
 * (--fvec;) and otherwise only indexed is indexed with the shift (fvec[i - 1]). */
void simplify_shifts(Fn *f);
/* simplify_decl.c: `T v = c; ...; v = e;` with nothing between naming v becomes `...; T v = e;`. */
void simplify_sink_decls(Fn *f);
/* simplify_decl.c: a local array or struct whose old value the forward sweep saves starts zeroed. */
void simplify_zero_saved(StrMap *fwd, Fn *f);  /* fwd: names of the forward sweeps (g_fwd) */
/* simplify_params.c: unread parameters of static generated functions go,
 * with their arguments. */
void simplify_drop_params(Module *m);
/* simplify_fold.c: the cleanups every generated function gets before it is
 * printed (folds, copies, loops). */
void simplify_module(Module *m);
/* simplify_fold.c: the variables under an & anywhere in s */
void simplify_addr_taken(const Stmt *s, PtrMap *out);

typedef Expr *(*ShadowRoot)(void *ctx, Var *x);
Expr *tr_shadow_path(const Expr *e, ShadowRoot root, void *ctx, Variant *v);
/* Error: 'name' points where derivatives are stored but has no derivative storage. */
void tr_no_shadow_error(SrcLoc loc, Variant *v, const Var *x, const char *name);  /* x: the variable, or NULL; a global a store reaches: global_write */
void tr_note_static_fresh(Module *m, SrcLoc loc, const Var *x);  /* once a run */
/* A static local of f that f stores into (or whose address it takes), so
 * several threads running f at once share it: with fresh, any; without,
 * only one that may keep a value from one call to the next (not
 * Var.static_fresh: code cc-ad prints declares a fresh one as an ordinary
 * local). NULL: none. */
Var *tr_static_shared(Fn *f, bool fresh);
/* f stores into its static local x, or lets its address reach where
 * something may store through it (not a parameter of a function of FILE.c
 * that only reads through it: f2c's d_sign(&c_b5, ..)) */
bool tr_static_stored(const Fn *f, const Var *x);
void tr_check_external(Module *m, Variant *v, Expr *call);
/* lhs = call, a call without derivative code: lhs's pointer must not lead to data with derivatives */
void tr_check_pointer_result(Variant *v, Expr *lhs, Expr *call);
/* A dispatch's fallback call on data pointers (Expr.fnptr_else) that
 * touches derivatives: `ccad_unknown_callee(site);` to run before it. */
Stmt *tr_fallback_guard(Variant *v, Expr *lhs, Expr *call);
/* lhs = ..., lhs in a global: an error (true) when it is a pointer to data with derivatives */
bool tr_global_pointer_write(Variant *v, Expr *lhs, SrcLoc loc);
/* OpenMP loop 'loop' updates memory its threads share, carrying derivatives,
 * under 'atomic' (or, unless atomic_only, 'critical') other than by a sum
 * (p[k] *= f; if (v > m[k]) m[k] = v): reverse mode must undo the threads'
 * updates in the reverse of their order; forward mode cannot update the
 * tangent atomically together with an atomic one (under a lock it can) */
bool tr_omp_ordered_update(Variant *v, const Stmt *loop, bool atomic_only);
void tr_omp_one_thread(Variant *v, const Stmt *s);  /* a single, master or atomic capture block that stores varied data: error */
void tr_link_calls(Module *m);
bool tr_call_is_passive(Variant *cv);
/* param_use.c: how f's paths first use the memory behind pointer parameter j (the block as one, loops as
 * run, callees followed): IU_WRITE stored into first on every path, IU_READ possibly read first */
IrUse tr_param_first_use(Module *m, Fn *f, int j);
/* out(r) without a size and not in wrt: an error unless f stores into r first on every path */
void tr_check_unsized_output(Module *m, const Request *r, Fn *f, int j);
Stmt *tr_zero_output(Fn *out, Var *d, Expr *n, SrcLoc loc);  /* d[0 .. n) zero; a struct's pointers kept */

/* Unique generated-function names across the module. */
const char *tr_fresh_fn_name(Module *m, const char *hint);

#endif
