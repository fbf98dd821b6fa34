/*
 * jacobian_split.c — jacrev over one forward sweep: when the function's
 * reverse mode can be split into f_fwd and f_bwd and its backward sweep
 * read again, the driver runs f_fwd once, marks the tape, and runs f_bwd
 * once per output, rewinding the tape between them.
 *
 * Requires: adjoint_split_request (adjoint.c), the tape marks of the
 * runtime (ccad_tape_mark_here, ccad_tape_rewind, ccad_tape_unmark).
 * Provides: split_eligible (before generating: may the caller's memory be
 * put back between backward sweeps?), split_clean (after: does the
 * backward sweep only pop?), split_args (the arguments of f_fwd and
 * f_bwd from the driver's buffers); costly_mode, the warning that the
 * other mode would take a quarter of the sweeps.
 */
#include "jacobian_int.h"
#include "../ir/mpi.h"

/* Every memory f may write is a sized output the driver can copy back
 * between backward sweeps: non-const pointers are outputs with a size, no
 * parameter leads to further pointers, no global is written. */
typedef struct GlobalCtx { PtrMap seen; bool writes; } GlobalCtx;

static Walk global_ex(Expr *e, void *ctx);

static Walk global_st(Stmt *s, void *ctx) {
  GlobalCtx *c = ctx;
  if (s->omp) {  /* each thread tapes its iterations on its own tape, which a mark does not cover */
    c->writes = true;
    return WALK_STOP;
  }
  if (s->kind == ST_ASSIGN && s->lhs) {
    Var *v = ex_root_var(s->lhs);
    if (v && v->kind == VAR_GLOBAL) {
      c->writes = true;
      return WALK_STOP;
    }
  }
  return WALK_ON;
}

/* a call: the callee's body too; a global passed to a call may be written */
static Walk global_ex(Expr *e, void *ctx) {
  GlobalCtx *c = ctx;
  if (e->kind != EX_CALL) return WALK_ON;
  for (int i = 0; i < e->nargs; i++) {
    Var *v = ex_root_var(e->args[i]);
    if (v && v->kind == VAR_GLOBAL && ty_is_ptr(e->args[i]->type) && !e->args[i]->type->base->is_const) {
      c->writes = true;
      return WALK_STOP;
    }
  }
  Fn *f = e->fn;
  if (f && f->body && !ptrmap_get(&c->seen, f)) {
    ptrmap_put(&c->seen, f, (void *)1);
    IrWalk w = {.st = global_st, .ex = global_ex, .ctx = c};
    if (!ir_walk(&w, f->body)) return WALK_STOP;
  }
  return WALK_ON;
}

static bool sized_output(const Request *r, int j) {
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j && r->out[i].size_expr) return true;
  return false;
}

bool split_eligible(const Request *r) {
  Fn *f = r->fn;
  if (!f->body || ty_is_ptr(f->ret)) return false;
  for (int j = 0; j < f->nparams; j++) {
    Type *t = f->params[j]->type;
    if (!ty_is_ptr(t)) {
      if (ty_holds_ptr(t)) return false;
      continue;
    }
    if (t->base->kind == TY_FUNC || ty_holds_ptr(t->base)) return false;
    if (!t->base->is_const && !sized_output(r, j)) return false;
  }
  GlobalCtx c = {0};
  ptrmap_put(&c.seen, f, (void *)1);
  IrWalk w = {.st = global_st, .ex = global_ex, .ctx = &c};
  ir_walk(&w, f->body);
  return !c.writes;
}

/* The backward sweep (and what it calls) pushes nothing, which would
 * write over the marked tape (a checkpointed loop recomputes forward),
 * frees nothing (memory the forward sweep allocated), which the next
 * backward sweep reads again, and calls no MPI wrapper: libccad_mpi's
 * records of the forward sweep's calls are consumed by their backward
 * sweeps and lie outside the tape mark (then each row is a whole vjp). */
typedef struct PushCtx { PtrMap seen; bool pushes; } PushCtx;

static bool frees(const Expr *e) {
  return e->kind == EX_CALL && !e->fn && e->text &&
         (str_eq(e->text, "free") || str_eq(e->text, "realloc") || rt_is(e, RK_MEMORY));
}

static Walk push_ex(Expr *e, void *ctx) {
  PushCtx *c = ctx;
  MpiSweep sweep;
  if (rt_is(e, RK_PUSH) || rt_is(e, RK_RESERVE) || rt_is(e, RK_FRAME_PUSH) || rt_is(e, RK_REDO_PUSH) || frees(e) ||
      mpi_wrapper_info(e, &sweep)) {
    c->pushes = true;
    return WALK_STOP;
  }
  if (e->kind == EX_CALL && e->fn && e->fn->body && !ptrmap_get(&c->seen, e->fn)) {
    ptrmap_put(&c->seen, e->fn, (void *)1);
    IrWalk w = {.ex = push_ex, .ctx = c};
    if (!ir_walk(&w, e->fn->body)) return WALK_STOP;
  }
  return WALK_ON;
}

bool split_clean(Fn *bw) {
  PushCtx c = {0};
  IrWalk w = {.ex = push_ex, .ctx = &c};
  ir_walk(&w, bw->body);
  return !c.pushes;
}

/* Each parameter of fn is f's own, p_bar for f's parameter p, or ret_bar. */
bool split_params_ok(Fn *f, Fn *fn) {
  for (int k = 0; k < fn->nparams; k++) {
    Var *p = fn->params[k];
    bool ok = str_eq(p->name, "ret_bar") && !ty_is_ptr(p->type);
    for (int j = 0; j < f->nparams && !ok; j++)
      ok = p == f->params[j] || var_is_adjoint_of(p, f->params[j]);  /* (the same either way) */
    if (!ok) return false;
  }
  return true;
}

/* fn's parameters: f's own, p_bar for f's parameter p (its buffer; a
 * scalar's by address), ret_bar (the return value's seed). False when one
 * is none of these. */
bool split_args(Drv *g, Fn *fn, PtrVec *args) {
  Fn *f = g->f;
  for (int k = 0; k < fn->nparams; k++) {
    Var *p = fn->params[k];
    Expr *a = NULL;
    for (int j = 0; j < f->nparams && !a; j++) {  /* f's own first: f_grad's x_bar is x's adjoint too */
      Var *q = f->params[j];
      if (p == q) {
        Var *c = ptrmap_get(&g->pmap, q);
        a = ex_var(c ? c : q);
      }
    }
    for (int j = 0; j < f->nparams && !a; j++) {
      Var *q = f->params[j];
      if (var_is_adjoint_of(p, q)) {
        Var *dv = ptrmap_get(&g->bufs, q);
        if (!dv) return false;
        if (!ty_is_ptr(q->type)) a = ex_addr(ex_var(dv));
        else a = q->type->base->kind == TY_ARRAY ? ex_cast(ty_ptr(ty_void()), ex_var(dv)) : ex_var(dv);
      }
    }
    /* (W seeds in the vector backward sweep: const T *ret_bar, d_ret[W]) */
    if (!a && str_eq(p->name, "ret_bar") && (!ty_is_ptr(p->type) || p->type->base->is_const)) {
      Var *dv = ptrmap_get(&g->bufs, g);
      if (!dv) return false;
      a = ex_var(dv);
    }
    if (!a) return false;
    vec_push(args, a);
  }
  return true;
}

/* A warning when the other mode takes a quarter of the sweeps or fewer:
 * jacrev runs one reverse sweep per output, jacfwd one tangent direction
 * per input (up to 32 of them in one vector sweep: no warning there; 16 for
 * jacrev's vector backward sweep, 'lanes'). Only
 * when both counts are constants (with symbolic sizes the ratio is the
 * caller's; a sparse request's colours are known at run time). */
long constant_total(const Block *b, int n) {
  long t = 0;
  for (int i = 0; i < n; i++) {
    if (b[i].n->kind != EX_NUM) return -1;
    t += (long)b[i].n->value;
  }
  return t;
}

void costly_mode(const Request *r, Fn *f, const Block *in, const Block *out, bool forward, bool lanes) {
  long ni = constant_total(in, r->nwrt), no = constant_total(out, r->nout);
  if (ni < 0 || no < 0) return;
  long runs = forward ? ni : no, other = forward ? no : ni;
  if (other < 1 || runs < 4 * other || (forward && runs <= 32) || (lanes && runs <= 16)) return;  /* (lanes_for) */
  diag_at(r->loc, D_JAC_MODE_COSTLY, forward ? "jacfwd" : "jacrev", f->name, no, ni, runs, forward ? "input" : "output",
          forward ? "jacrev" : "jacfwd", f->name, other, forward ? "output" : "input");
}
