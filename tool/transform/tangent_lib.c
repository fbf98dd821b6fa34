/*
 * tangent_lib.c — forward mode of calls that move memory or use the
 * runtime: the tape's pushes and pops and byte copies in a reverse result
 * differentiated again (hessian, hvp, jvp of a grad: each paired with its
 * tangent, rt_carries_tangent), malloc/calloc/free, memcpy/memmove/memset
 * on active buffers, and MPI's communication (ccad_mpi_*_jvp wrappers).
 *
 * Requires: tangent.c's state (Tan, tangent_int.h); runtime.def, mpi.h.
 * Provides: tan_runtime, tan_tape_copy, tan_memory, tan_mpi.
 */
#include <string.h>

#include "../ir/mpi.h"
#include "tangent_int.h"

const Expr *tan_uncast(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e;
}

/* Has the location (or pointer) x a tangent? */
static bool has_tangent(Tan *t, const Expr *x) {
  x = tan_uncast(x);
  if (x->kind == EX_ADDR) x = x->lhs;
  if (x->kind == EX_VAR) return shadow_var(t, x->var) != NULL;  /* declared with a tangent or not at all */
  if (ty_is_ptr(x->type)) return act_ptr_shadowed(t->v, (Expr *)x);
  return ex_is_lvalue(x) && act_lvalue_varied(t->v, (Expr *)x);
}

static Expr *tangent_of_arg(Tan *t, const Expr *a) {
  /* (void *)p -> (void *)p_dot, &x -> &x_dot, x -> x_dot */
  if (a->kind == EX_CAST) {
    Expr *c = cl(a);
    c->lhs = tangent_of_arg(t, a->lhs);
    return c;
  }
  if (a->kind == EX_ADDR) return ex_addr(tan_shadow_of(t, a->lhs));
  return tan_shadow_of(t, a);
}

/* The tape of a differentiated gradient (forward over reverse): every
 * value on the tape travels with its tangent, so a push in one function
 * and the pop in another (f_fwd, f_bwd) stay paired whatever each one's
 * own activity says: a value without a tangent pushes 0, a pop without a
 * place for the tangent drops it. Pushes put the tangent first, pops take
 * the value first (LIFO). Frames likewise get a tangent block each, and a
 * block of doubles (ccad_reserve_d) a block of tangents below it. */
static Expr *zero_like(const Expr *a) {
  Type *t = tan_uncast(a)->type;
  return ty_is_ptr(t) ? ex_cast(ty_ptr(ty_void()), ex_int(0)) : d_zero(t);
}

/* e, the runtime call under its casts, marked as moving a tangent */
static Expr *tangent_op(Expr *e) {
  Expr *c = e;
  while (c->kind == EX_CAST) c = c->lhs;
  c->moves_tangent = true;
  return e;
}

bool tan_runtime(Tan *t, Expr *lhs, Expr *rhs, SrcLoc loc) {
  const Expr *c = tan_uncast(rhs);
  RtOp op = rt_of(c);
  if (!op || rt_info[op].kind == RK_SPECIAL) return false;  /* digamma: math, by its rule */
  RtKind kind = rt_info[op].kind;
  bool bytes = rt_info[op].elem == RE_BYTES;
  if (op == RT_DEFER_FREE && c->nargs == 1 && has_tangent(t, c->args[0])) {
    /* a block of the reverse sweep's deferred with its tangent block */
    emit(t, st_expr(cl(c), loc));
    emit(t, st_expr(ex_rt1(RT_DEFER_FREE, tangent_of_arg(t, c->args[0])), loc));
    return true;
  }
  if (kind == RK_PUSH && rt_carries_tangent(op) && !bytes) {
    Expr *d = tangent_op(cl(c));
    d->args[0] = has_tangent(t, c->args[0]) ? tangent_of_arg(t, c->args[0]) : zero_like(c->args[0]);
    emit(t, st_expr(d, loc));
    emit(t, st_expr(cl(c), loc));
    return true;
  }
  if (kind == RK_POP && rt_carries_tangent(op) && !bytes) {
    emit(t, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    if (lhs && has_tangent(t, lhs))
      emit(t, st_assign(tan_shadow_of(t, lhs), tangent_op(cl(rhs)), loc));
    else
      emit(t, st_expr(ex_cast(ty_void(), tangent_op(ex_rt0(op))), loc));
    return true;
  }
  if ((kind == RK_PUSH || kind == RK_POP) && bytes) {
    bool push = kind == RK_PUSH;
    Stmt *tan;
    if (has_tangent(t, c->args[0])) {
      Expr *d = tangent_op(cl(c));
      d->args[0] = tangent_of_arg(t, c->args[0]);
      tan = st_expr(d, loc);
    } else {
      /* zeros pushed, or the popped tangent dropped, through a scratch block */
      tan = st_block(loc);
      Var *z = fn_new_var(t->out, "scratch", ty_ptr(ty_void()), VAR_LOCAL, loc);
      Expr *args[2] = {ex_int(1), ir_clone_expr(c->args[1], NULL)};
      st_append(tan, st_decl(z, ex_call("calloc", ty_ptr(ty_void()), args, 2), loc));
      Expr *d = tangent_op(cl(c));
      d->args[0] = ex_var(z);
      st_append(tan, st_expr(d, loc));
      st_append(tan, st_expr(ex_call1("free", ty_void(), ex_var(z)), loc));
    }
    if (push) emit(t, tan);
    emit(t, st_expr(cl(c), loc));
    if (!push) emit(t, tan);
    return true;
  }
  if ((kind == RK_RESERVE || kind == RK_RELEASE) && rt_carries_tangent(op)) {
    /* a block of n values gets a block of their tangents, reserved below
     * it and released after it; its pointer is taped (find_taped), so
     * every value written through it writes its tangent, 0 if none */
    Expr *blk = lhs && has_tangent(t, lhs) ? tangent_op(cl(rhs)) : ex_cast(ty_void(), tangent_op(cl(rhs)));
    Stmt *tan = lhs && has_tangent(t, lhs) ? st_assign(tan_shadow_of(t, lhs), blk, loc) : st_expr(blk, loc);
    if (kind == RK_RESERVE) emit(t, tan);
    emit(t, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    if (kind == RK_RELEASE) emit(t, tan);
    return true;
  }
  if (kind == RK_FRAME_PUSH) {
    emit(t, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    if (lhs && has_tangent(t, lhs))
      emit(t, st_assign(tan_shadow_of(t, lhs), tangent_op(cl(rhs)), loc));
    else if (lhs && lhs->kind == EX_VAR && ty_reaches_float(lhs->var->type))
      /* a frame the reverse sweep accumulates into (x_bar) gets its tangent
       * block whatever this sweep's activity says: the pointer is taped */
      emit(t, st_decl(tan_new_shadow(t, lhs->var, VAR_LOCAL), tangent_op(cl(rhs)), loc));
    else
      /* (an int frame, &rank for MPI_Comm_rank: its tangent block is only popped) */
      emit(t, st_expr(ex_cast(ty_void(), tangent_op(cl(c))), loc));
    return true;
  }
  if (kind == RK_FRAME_POP) {
    emit(t, st_expr(cl(c), loc));  /* the tangent block, pushed last */
    emit(t, st_expr(cl(c), loc));
    return true;
  }
  if (kind == RK_CKPT_SAVE || kind == RK_CKPT_LOAD) {
    /* a piece of a checkpointed loop's state: its tangent is the next piece,
     * saved and loaded in the same order */
    emit(t, st_expr(cl(c), loc));
    if (c->nargs == 3 && has_tangent(t, c->args[1])) {
      Expr *d = tangent_op(cl(c));
      d->args[1] = tangent_of_arg(t, c->args[1]);
      emit(t, st_expr(d, loc));
    }
    return true;
  }
  if ((kind == RK_OMP_PART || kind == RK_OMP_PARTS_ADD) && has_tangent(t, c->args[0])) {
    /* a thread's copy of an adjoint array: its tangent is the thread's copy of the array's tangent */
    emit(t, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    Expr *d = tangent_op(cl(c));
    d->args[0] = tangent_of_arg(t, c->args[0]);
    if (rhs->kind == EX_CAST && rhs->lhs == c) d = ex_cast(rhs->type, d);  /* (double (*)[3])ccad_omp_part_d(..) */
    if (kind == RK_OMP_PARTS_ADD || (lhs && has_tangent(t, lhs)))
      emit(t, kind == RK_OMP_PARTS_ADD ? st_expr(d, loc) : st_assign(tan_shadow_of(t, lhs), d, loc));
    return true;
  }
  if (kind == RK_REDO_PUSH && c->nargs == 2 && has_tangent(t, c->args[0])) {
    Expr *d = tangent_op(cl(c));
    d->args[0] = tangent_of_arg(t, c->args[0]);
    emit(t, st_expr(d, loc));
  }
  emit(t, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
  return true;
}

/* An array saved whole in a block of the typed tape (adjoint_bulk.c):
 * memcpy(ccad_reserve_d(n), src, bytes) saves src_dot (or zeros) in a block
 * below; memcpy(dst, ccad_release_d(n) - n, bytes) restores dst_dot (or
 * drops the block) after. */
bool tan_tape_copy(Tan *t, Expr *c, SrcLoc loc) {
  if (!str_eq(c->text, "memcpy") || c->nargs != 3) return false;
  const Expr *src = tan_uncast(c->args[1]);
  bool save = rt_is(c->args[0], RK_RESERVE) && rt_carries_tangent(rt_of(c->args[0]));
  bool restore = src->kind == EX_BIN && rt_is(src->lhs, RK_RELEASE) && rt_carries_tangent(rt_of(src->lhs));
  if (!save && !restore) return false;
  Expr *d = cl(c);
  tangent_op(save ? d->args[0] : ((Expr *)tan_uncast(d->args[1]))->lhs);
  Expr *other = save ? c->args[1] : c->args[0];
  if (has_tangent(t, other)) {
    d->args[save ? 1 : 0] = tangent_of_arg(t, other);
  } else if (save) {
    Expr *args[3] = {d->args[0], ex_int(0), d->args[2]};
    d = ex_call("memset", ty_ptr(ty_void()), args, 3);
  } else {
    d = ex_cast(ty_void(), tangent_op(cl(tan_uncast(src->lhs))));
  }
  if (save) emit(t, st_expr(d, loc));
  emit(t, st_expr(cl(c), loc));
  if (restore) emit(t, st_expr(d, loc));
  return true;
}

/* malloc/calloc/realloc/free/memcpy/memmove/memset on active buffers. */
bool tan_memory(Tan *t, Expr *lhs, Expr *c, SrcLoc loc) {
  if (!c->text || !act_is_memory_fn(c->text)) return false;
  const char *n = c->text;
  if (!strcmp(n, "malloc") || !strcmp(n, "calloc") || !strcmp(n, "realloc")) {
    emit(t, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
    if (!lhs || !ty_is_ptr(lhs->type)) return true;
    bool shadowed = lhs->kind == EX_VAR ? shadow_var(t, lhs->var) != NULL : act_ptr_shadowed(t->v, lhs);
    if (!shadowed) return true;
    if (!strcmp(n, "realloc")) {
      /* the tangent block moves beside the primal one, its contents (the
       * tangents of the values realloc keeps) with it */
      const Expr *from = c->nargs == 2 ? ex_strip_implicit(c->args[0]) : NULL;
      bool from_shadowed = from && ty_is_ptr(from->type) &&
                           (from->kind == EX_VAR ? shadow_var(t, from->var) != NULL : act_ptr_shadowed(t->v, (Expr *)from));
      if (!from_shadowed) {
        diag_at(loc, D_REALLOC);
        return true;
      }
      Expr *args[2] = {tan_shadow_of(t, from), cl(c->args[1])};
      emit(t, st_assign(tan_shadow_of(t, lhs), ex_call("realloc", c->type, args, 2), loc));
      return true;
    }
    /* The shadow buffer is zeroed: derivatives of unwritten elements are 0. */
    Expr *args[2];
    if (!strcmp(n, "malloc")) {
      args[0] = cl(c->args[0]);
      args[1] = ex_int(1);
    } else {
      args[0] = cl(c->args[0]);
      args[1] = cl(c->args[1]);
    }
    emit(t, st_assign(tan_shadow_of(t, lhs), ex_call("calloc", c->type, args, 2), loc));
    return true;
  }
  if (!strcmp(n, "free")) {
    emit(t, st_expr(cl(c), loc));
    if (act_ptr_shadowed(t->v, c->args[0]) || (c->args[0]->kind == EX_VAR && shadow_var(t, c->args[0]->var))) {
      Expr *a = tan_shadow_of(t, c->args[0]);
      emit(t, st_expr(ex_call1("free", ty_void(), a), loc));
    }
    return true;
  }
  /* memcpy(d, s, n) => memcpy(d_dot, s_dot, n), or memset(d_dot, 0, n) */
  Expr *d = c->args[0];
  bool dst_active = act_ptr_shadowed(t->v, d);
  if (dst_active) {
    Stmt *s;
    if (!strcmp(n, "memset") || !act_ptr_shadowed(t->v, c->args[1]) || act_stores_constant(t->v, act_pts_id(t->v, d))) {
      s = d_memset0(tan_shadow_of(t, d), cl(c->args[2]), loc);
    } else {
      Expr *args[3] = {tan_shadow_of(t, d), tan_shadow_of(t, c->args[1]), cl(c->args[2])};
      s = st_expr(ex_call(n, c->type, args, 3), loc);
    }
    emit(t, s);
  }
  emit(t, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
  return true;
}

/* An MPI call on float data: its _jvp wrapper moves the tangents with the
 * values (ir/mpi.def); other MPI calls run as written. */
static Expr *tan_mpi_shadow(void *ctx, const Expr *buf) {
  Tan *t = ctx;
  return act_ptr_shadowed(t->v, (Expr *)buf) ? tan_shadow_of(t, buf) : NULL;
}

bool tan_mpi(Tan *t, Expr *lhs, Expr *c, SrcLoc loc) {
  MpiSweep sweep;
  const MpiInfo *rev = mpi_wrapper_info(c, &sweep);
  if (rev) {
    /* a sweep of a reverse-mode result (hvp, jvp of a grad) */
    Expr *w = mpi_wrapper_jvp(t->m, rev, sweep, c, tan_mpi_shadow, t);
    if (!w) diag_at(loc, D_MPI_SECOND_ORDER, rev->name);
    else emit(t, lhs ? st_assign(cl(lhs), w, loc) : st_expr(w, loc));
    return true;
  }
  if (!mpi_declared(t->m, c)) return false;
  const MpiInfo *mi = mpi_info(t->m, c);
  bool wrap = mpi_check(t->m, mi, c) && mi && mi->stem && mpi_differentiated(mi, c);
  Expr *w = wrap ? mpi_wrapper(t->m, mi, c, MPI_JVP, tan_mpi_shadow, t) : cl(c);
  if (str_eq(c->text, "MPI_Comm_free") && c->nargs == 1) {  /* libccad_mpi may hold it (ccad_mpi_sweeps) */
    w = ex_call1("ccad_mpi_comm_free_jvp", c->type, cl(c->args[0]));
    t->m->uses_mpi = true;
  }
  emit(t, lhs ? st_assign(cl(lhs), w, loc) : st_expr(w, loc));
  return true;
}
