/*
 * adjoint_bulk.c — one tape block per counted loop instead of a push per
 * value.
 *
 * A counted loop runs a trip count known before it starts. When every
 * iteration of its forward copy pushes the same number k of values of a
 * kind (double, float, integer), the forward sweep reserves trips * k
 * values once and writes them through a local pointer; the reversed loop
 * releases the block once and reads it downwards:
 *
 *   double *tape_d = ccad_reserve_d(trips * k);      const double *tape_d_2 = ccad_release_d(trips * k);
 *   for (...) { *tape_d = cff; tape_d++; ... }       for (...) { ... tape_d_2--; cff = *tape_d_2; }
 *
 * No bounds check per value, and the pointer stays in a register (the
 * thread-local stack pointer is stored back on every push, since a push
 * may call out). The order of the values is that of the pushes and pops
 * it replaces, so the LIFO discipline is unchanged.
 *
 * A kind qualifies only when each path through one iteration pushes
 * exactly k values of it: pushes in both arms of an if must agree, no
 * loop nested in the body may push it, and the body calls nothing that
 * could push or pop unseen (a callee's f_fwd); the reversed body mirrors
 * it with k pops.
 *
 * Arrays of doubles or floats saved whole (a scratch buffer a callee
 * rewrites, the target of a memcpy) go to the same typed tapes as a block
 * of their own, memcpy(ccad_reserve_d(n), buf, bytes) (adj_push_block);
 * at the top of a counted loop's body, with a size the loop does not
 * change, such a block joins the loop's block (trips * (k + n) values).
 *
 * Modules that differentiate a reverse-mode result again (hessian, hvp,
 * jvp of a grad) use blocks too: the tangent transform gives each block
 * of doubles or floats a block of tangents (tangent.c, tan_runtime).
 *
 * Requires: a reverse-mode forward/backward pair being built (Adj), its
 *   pushes typed by runtime.def.
 * Provides: counted loops whose pushes go to one reserved block
 *   (ccad_reserve_*) and whose reversed loops read it back.
 */
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

/* The typed tapes, k: the suffix of the names of the tape pointers (tape_d). */
typedef RtElem Kind;
static const Kind kinds[] = {RE_DOUBLE, RE_FLOAT, RE_LONG, RE_INT};

static const char *suffix(Kind k) { return k == RE_DOUBLE ? "d" : k == RE_FLOAT ? "f" : k == RE_INT ? "i32" : "i"; }

/* Calls a loop body may make without touching the typed tapes unseen. */
static bool harmless_call(const Expr *c) {
  static const char *const ok[] = {"malloc", "calloc", "realloc", "free", "memcpy", "memset", "memmove"};
  if (!c->text) return false;
  if (c->rt) return rt_info[c->rt].kind != RK_REDO_APPLY && rt_info[c->rt].kind != RK_QUERY && rt_info[c->rt].kind != RK_MEMORY &&
                    rt_info[c->rt].kind != RK_CKPT;  /* a checkpointed loop drops tape */
  if (rule_find(c->text)) return true;
  if (c->fn && !c->fn->is_generated) return true;  /* a primal function of the file: no tape */
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
    if (!strcmp(c->text, ok[i])) return true;
  return false;
}

/* e is the runtime operation of kind 'op' on the tape of kind k. */
static bool is_op(const Expr *e, RtKind op, Kind k) {
  return e->kind == EX_CALL && e->rt && rt_info[e->rt].kind == op && rt_info[e->rt].elem == k;
}

/* Tape operations of kind k in e: -1 if e calls something else unseen. */
static int ops_in(const Expr *e, RtKind op, Kind k) {
  if (!e) return 0;
  int n = 0;
  if (e->kind == EX_CALL) {
    /* an unseen call, or a nested loop's block of this kind */
    if (!harmless_call(e) || is_op(e, RK_RESERVE, k) || is_op(e, RK_RELEASE, k)) return -1;
    n += is_op(e, op, k);
  }
  const Expr *sub[3] = {e->lhs, e->rhs, e->cond};
  for (int i = 0; i < 3; i++) {
    int m = ops_in(sub[i], op, k);
    if (m < 0) return -1;
    n += m;
  }
  for (int i = 0; i < e->nargs; i++) {
    int m = ops_in(e->args[i], op, k);
    if (m < 0) return -1;
    n += m;
  }
  return n;
}

/* Operations of kind k that the statement's own expressions perform once. */
static int own_ops(const Stmt *s, RtKind op, Kind k) {
  const Expr *es[4] = {s->lhs, s->rhs, s->expr, s->kind == ST_IF ? s->cond : NULL};
  int n = 0;
  for (int i = 0; i < 4; i++) {
    int m = ops_in(es[i], op, k);
    if (m < 0) return -1;
    n += m;
  }
  return n;
}

/* Operations of kind k one run of s performs, the same on every path; -1
 * if they differ between paths, happen in a nested loop, or s calls
 * something unseen. */
static int per_run(const Stmt *s, RtKind op, Kind k) {
  if (!s) return 0;
  switch (s->kind) {
  case ST_BLOCK: {
    int n = 0;
    for (int i = 0; i < s->nbody; i++) {
      int m = per_run(s->body[i], op, k);
      if (m < 0) return -1;
      n += m;
    }
    return n;
  }
  case ST_IF: {
    int c = own_ops(s, op, k), t = per_run(s->then, op, k), e = per_run(s->els, op, k);
    return c < 0 || t < 0 || t != e ? -1 : c + t;
  }
  case ST_FOR:
  case ST_WHILE: {
    int i = per_run(s->init, op, k);
    if (i < 0 || ops_in(s->cond, op, k) != 0 || per_run(s->step, op, k) != 0 || per_run(s->then, op, k) != 0)
      return -1;
    return i;
  }
  case ST_SWITCH: return per_run(s->then, op, k) == 0 ? 0 : -1;
  default: return own_ops(s, op, k);
  }
}

/* A for-init as a block, so that statements can go before its parts. */
static Stmt *as_block(Stmt *s) {
  if (!s || s->kind == ST_BLOCK) return s;
  Stmt *b = st_block(s->loc);
  st_append(b, s);
  return b;
}

/* tp = tp + n (OP_ADD) or tp = tp - n (OP_SUB) */
static Stmt *step_ptr(Var *tp, BinOp op, Expr *n, SrcLoc loc) {
  Expr *e = ex_bin(op, ex_var(tp), n);
  e->type = tp->type;
  return st_assign(ex_var(tp), e, loc);
}

static Expr *replace_pop(Expr *e, Var *tp, Kind k) {
  if (!e) return NULL;
  if (is_op(e, RK_POP, k)) return ex_deref(ex_var(tp));
  e->lhs = replace_pop(e->lhs, tp, k);
  e->rhs = replace_pop(e->rhs, tp, k);
  e->cond = replace_pop(e->cond, tp, k);
  for (int i = 0; i < e->nargs; i++) e->args[i] = replace_pop(e->args[i], tp, k);
  return e;
}

/* The single values through tp: forward, ccad_push_K(e) becomes *tp = e;
 * tp++; backward, a statement that pops once gets tp--; before it and *tp
 * for its ccad_pop_K(). Into blocks, both arms of ifs and for-inits (the
 * paths per_run counted). */
static void rewrite_values(Stmt *s, Var *tp, Kind k, bool fwd) {
  if (!s) return;
  if (s->kind == ST_IF) {
    rewrite_values(s->then, tp, k, fwd);
    rewrite_values(s->els, tp, k, fwd);
  } else if (s->kind == ST_FOR) {
    s->init = as_block(s->init);
    rewrite_values(s->init, tp, k, fwd);
  }
  if (s->kind != ST_BLOCK) return;
  int n;
  Stmt **old = st_take_body(s, &n);
  for (int i = 0; i < n; i++) {
    Stmt *c = old[i];
    if (fwd && c->kind == ST_EXPR && is_op(c->expr, RK_PUSH, k)) {
      st_append(s, st_assign(ex_deref(ex_var(tp)), c->expr->args[0], c->loc));
      st_append(s, step_ptr(tp, OP_ADD, ex_int(1), c->loc));
      continue;
    }
    if (!fwd && own_ops(c, RK_POP, k) == 1) {
      st_append(s, step_ptr(tp, OP_SUB, ex_int(1), c->loc));
      c->lhs = replace_pop(c->lhs, tp, k);
      c->rhs = replace_pop(c->rhs, tp, k);
      c->expr = replace_pop(c->expr, tp, k);
      if (c->kind == ST_IF) c->cond = replace_pop(c->cond, tp, k);
    }
    rewrite_values(c, tp, k, fwd);
    st_append(s, c);
  }
}

/* No statement of s pops twice (one 'tp--' per statement). */
static bool single_pops(const Stmt *s, Kind k) {
  if (!s) return true;
  if (own_ops(s, RK_POP, k) > 1) return false;
  if (!single_pops(s->then, k) || !single_pops(s->els, k) || !single_pops(s->init, k)) return false;
  for (int i = 0; i < s->nbody; i++)
    if (!single_pops(s->body[i], k)) return false;
  return true;
}

/* ---- Arrays of doubles saved whole ------------------------------------ */

/* The kind of tape for the elements of pointer p (double, float), else RE_NONE. */
static Kind elem_kind(const Expr *p) {
  const Type *t = ex_strip_implicit(p)->type;
  if (!ty_is_ptr(t) && t->kind != TY_ARRAY) return RE_NONE;
  t = ty_elem(t);
  return t->kind == TY_DOUBLE ? RE_DOUBLE : t->kind == TY_FLOAT ? RE_FLOAT : RE_NONE;
}

/* How many values of kind k 'bytes' holds: X for X * sizeof(double),
 * else rounded up. */
static Expr *values_in(const Expr *bytes, Kind k) {
  const char *tname = k == RE_DOUBLE ? "double" : "float";
  const Expr *b = ex_strip_implicit(bytes);
  if (b->kind == EX_BIN && b->op == OP_MUL) {
    const Expr *z = ex_strip_implicit(b->rhs);
    bool is_elem = z->kind == EX_SIZEOF && ((z->text && !strcmp(z->text, xfmt("sizeof(%s)", tname))) ||
                                            (z->lhs && z->lhs->type->kind == (k == RE_DOUBLE ? TY_DOUBLE : TY_FLOAT)));
    if (is_elem) return ir_clone_expr(b->lhs, NULL);
  }
  Expr *size = ex_new(EX_SIZEOF, ty_size_t(), bytes->loc);
  size->text = xfmt("sizeof(%s)", tname);
  Expr *up = ex_bin(OP_ADD, ir_clone_expr(bytes, NULL), ex_bin(OP_SUB, size, ex_int(1)));
  Expr *n = ex_bin(OP_DIV, up, ir_clone_expr(size, NULL));
  n->type = ty_size_t();
  return n;
}

Stmt *adj_push_block(Adj *a, Expr *p, Expr *bytes, SrcLoc loc) {
  (void)a;
  Kind k = elem_kind(p);
  if (!k) return st_expr(ex_rt2(RT_PUSH_BYTES, p, bytes), loc);
  Expr *room = ex_rt1(rt_find(RK_RESERVE, k), values_in(bytes, k));
  Expr *args[3] = {room, p, bytes};
  return st_expr(ex_call("memcpy", ty_ptr(ty_void()), args, 3), loc);
}

Stmt *adj_pop_block(Adj *a, Expr *p, Expr *bytes, SrcLoc loc) {
  (void)a;
  Kind k = elem_kind(p);
  if (!k) return st_expr(ex_rt2(RT_POP_BYTES, p, bytes), loc);
  Expr *n = values_in(bytes, k);
  Expr *end = ex_rt1(rt_find(RK_RELEASE, k), n);
  Expr *start = ex_bin(OP_SUB, end, ir_clone_expr(n, NULL));
  start->type = end->type;
  Expr *args[3] = {p, start, bytes};
  return st_expr(ex_call("memcpy", ty_ptr(ty_void()), args, 3), loc);
}

/* An array block at the top of a loop body: memcpy(ccad_reserve_K(n), src,
 * bytes) (fwd) or memcpy(dst, ccad_release_K(n) - n, bytes) (bwd). Its n. */
static Expr *array_block(const Stmt *s, Kind k, bool fwd) {
  if (s->kind != ST_EXPR || s->expr->kind != EX_CALL || !s->expr->text || strcmp(s->expr->text, "memcpy") ||
      s->expr->nargs != 3)
    return NULL;
  const Expr *r = fwd ? s->expr->args[0] : s->expr->args[1];
  if (!fwd) {
    if (r->kind != EX_BIN || r->op != OP_SUB) return NULL;
    r = r->lhs;
  }
  return is_op(r, fwd ? RK_RESERVE : RK_RELEASE, k) ? r->args[0] : NULL;
}

/* Values of kind k one iteration of body b pushes (fwd) or pops: *n single
 * values, and in 'blocks' the sizes of the array blocks at its top level,
 * in order. False if that is not the same on every path. */
static bool iteration(const Stmt *b, Kind k, bool fwd, int *n, PtrVec *blocks) {
  *n = 0;
  blocks->len = 0;
  if (!b || b->kind != ST_BLOCK) return false;
  for (int i = 0; i < b->nbody; i++) {
    Expr *size = array_block(b->body[i], k, fwd);
    if (size) {
      vec_push(blocks, size);
      continue;
    }
    int m = per_run(b->body[i], fwd ? RK_PUSH : RK_POP, k);
    if (m < 0) return false;
    *n += m;
  }
  return true;
}

/* Blocks: memcpy(ccad_reserve_K(n), ..) becomes memcpy(tp, ..); tp += n
 * and memcpy(.., ccad_release_K(n) - n, ..) becomes tp -= n; memcpy(.., tp, ..). */
static void rewrite_blocks(Stmt *b, Var *tp, Kind k, bool fwd) {
  int n;
  Stmt **old = st_take_body(b, &n);
  for (int i = 0; i < n; i++) {
    Stmt *c = old[i];
    Expr *size = array_block(c, k, fwd);
    if (!size) {
      st_append(b, c);
      continue;
    }
    Stmt *move = step_ptr(tp, fwd ? OP_ADD : OP_SUB, ir_clone_expr(size, NULL), c->loc);
    if (!fwd) st_append(b, move);
    c->expr->args[fwd ? 0 : 1] = ex_var(tp);
    st_append(b, c);
    if (fwd) st_append(b, move);
  }
}

/* The kinds of the pushes and reserves in a loop body, a bit each: one walk,
 * so that a kind the loop does not push costs nothing below. */
static Walk pushed_kinds(Expr *e, void *mask) {
  if (e->kind == EX_CALL && e->rt && (rt_info[e->rt].kind == RK_PUSH || rt_info[e->rt].kind == RK_RESERVE))
    *(unsigned *)mask |= 1u << rt_info[e->rt].elem;
  return WALK_ON;
}

void adj_bulk_tapes(Adj *a, Stmt *loop, Stmt *rev, const Expr *trips, Stmt *fwd, Stmt *bwd, SrcLoc loc) {
  if (a->phase != 2) return;
  unsigned pushed = 0;
  st_each_expr(loop->then, pushed_kinds, &pushed);
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    Kind k = kinds[i];
    if (!(pushed & (1u << k))) continue;
    int n, nb;
    PtrVec fb = {0}, bb = {0};
    if (!iteration(loop->then, k, true, &n, &fb) || !iteration(rev->then, k, false, &nb, &bb) || n != nb ||
        fb.len != bb.len || n + fb.len == 0)
      continue;
    if (per_run(loop->step, RK_PUSH, k) != 0 || per_run(rev->init, RK_POP, k) != 0 ||
        per_run(rev->step, RK_POP, k) != 0 || !single_pops(rev->then, k))
      continue;
    /* the same blocks, popped in reverse order, of sizes the loop does not change */
    bool same = true;
    for (int j = 0; j < fb.len && same; j++)
      same = ir_expr_equal(fb.data[j], bb.data[bb.len - 1 - j]) && ex_unchanged_by(fb.data[j], loop->then) &&
             ex_unchanged_by(fb.data[j], loop->step);
    if (!same) continue;
    /* count = trips * (n + blocks) */
    long fixed = n;  /* constant sizes fold into the single values */
    Expr *per = NULL;
    for (int j = 0; j < fb.len; j++) {
      const Expr *z = ex_strip_implicit(fb.data[j]);
      if (z->kind == EX_NUM) {
        fixed += (long)z->value;
        continue;
      }
      Expr *sz = ex_cast(ty_size_t(), ir_clone_expr(fb.data[j], NULL));
      per = per ? ex_bin(OP_ADD, per, sz) : sz;
      per->type = ty_size_t();
    }
    if (fixed) {
      per = per ? ex_bin(OP_ADD, ex_int(fixed), per) : ex_int(fixed);
      per->type = ty_size_t();
    }
    Expr *count = ex_cast(ty_size_t(), ir_clone_expr(trips, NULL));
    if (!(per->kind == EX_NUM && per->value == 1)) {
      count = ex_bin(OP_MUL, count, per);
      count->type = ty_size_t();
    }
    Expr *reserve = ex_rt1(rt_find(RK_RESERVE, k), count);
    Var *w = adj_temp(a, xfmt("tape_%s", suffix(k)), reserve->type, reserve, fwd, loc);
    Expr *release = ex_rt1(rt_find(RK_RELEASE, k), ir_clone_expr(count, NULL));
    Var *r = adj_temp(a, xfmt("tape_%s", suffix(k)), release->type, release, bwd, loc);
    rewrite_blocks(loop->then, w, k, true);
    rewrite_blocks(rev->then, r, k, false);
    rewrite_values(loop->then, w, k, true);
    rewrite_values(rev->then, r, k, false);
  }
}

/* ---- Calls that carry no derivative but store through pointers ---------
 * inactive(noise) filling a dropout mask in every iteration, an external
 * function writing a work array: the call runs once, in the forward sweep,
 * and its stores overwrite what backward code of earlier statements reads. Such memory of known size (an
 * array, a buffer malloc'd here, a parameter sized in the request) is saved
 * whole before the call and put back after the statement's backward code
 * (the pops returned); of unknown size, an error. */
static Expr *request_bytes(Adj *a, const Var *p) {
  const Request *r = a->v->req;
  for (int k = 0; r && k < 3; k++) {
    const ReqItem *items = k == 0 ? r->wrt : k == 1 ? r->out : r->scratch;
    int n = k == 0 ? r->nwrt : k == 1 ? r->nout : r->nscratch;
    for (int i = 0; i < n; i++)
      if (items[i].param >= 0 && a->primal->params[items[i].param] == p && items[i].size_expr)
        return ex_bin(OP_MUL, ir_clone_expr(items[i].size_expr, NULL), d_sizeof_expr(ex_deref(ex_var((Var *)p))));
  }
  return NULL;
}

/* s first in block b: restores run in the reverse order of their saves */
static void prepend(Stmt *b, Stmt *s) {
  st_append(b, s);
  for (int k = b->nbody - 1; k > 0; k--) b->body[k] = b->body[k - 1];
  b->body[0] = s;
}

/* The file-scope variables a call of f stores into, itself or deeper
 * (analysis/globals.c: set_coef(k) rewriting double coef[4], tick()
 * stepping a counter), that backward code of statements already run reads:
 * saved whole before the call, put back after its backward code, which
 * the statements' own are given. Returns those restores, in order. */
Stmt *adj_global_saves(Adj *a, Fn *f, Stmt *fwd, SrcLoc loc) {
  Stmt *pops = st_block(loc);
  const PtrVec *ws = f ? glob_writes(a->m, f) : NULL;
  for (int i = 0; a->phase == 2 && ws && i < ws->len; i++) {
    Var *g = ws->data[i];
    Expr *lv = ex_var(g);
    if (!adj_is_read(a, lv)) continue;
    /* as bytes: what carries no derivative (a pushed block of doubles
     * would get a block of tangents in hessian's sweep, which a global has
     * not) */
    Expr *addr = ex_cast(ty_ptr(ty_void()), g->type->kind == TY_ARRAY ? ex_var(g) : ex_addr(ex_var(g)));
    adj_note_save(a, lv);
    st_append(fwd, adj_push_block(a, addr, d_sizeof_expr(ex_var(g)), loc));
    prepend(pops, adj_pop_block(a, ir_clone_expr(addr, NULL), d_sizeof_expr(ex_var(g)), loc));
  }
  return pops;
}

/* The memory a call's argument arg (a pointer to non-const) lets it store
 * into: its base e (&b[k], b + k, (T *)b: all of b), the lvalue *lv whose
 * class it is, and its extent in bytes where cc-ad knows it (an array by
 * its sizeof, a malloc'd extent, a parameter sized in the request; NULL
 * otherwise). False for &x of a scalar (scalar: whether to count it). */
static bool arg_memory(Adj *a, const Expr *arg, bool scalar, Expr **base, Expr **lv, Expr **bytes) {
  const Expr *e = ex_strip_implicit(arg);
  for (;;) {
    if (e->kind == EX_ADDR && e->lhs->kind == EX_INDEX) e = ex_strip_implicit(e->lhs->lhs);
    else if (e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB) && ty_is_ptr(e->type)) e = ex_strip_implicit(e->lhs);
    else if (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
    else break;
  }
  if (e->kind == EX_ADDR && e->lhs->kind == EX_VAR) {  /* &seed: a scalar, no buffer */
    if (!scalar) return false;
    *base = ir_clone_expr(e, NULL);
    *lv = ir_clone_expr(e->lhs, NULL);
    *bytes = d_sizeof_expr(ir_clone_expr(e->lhs, NULL));
    return true;
  }
  Var *b = e->kind == EX_VAR ? e->var : NULL;
  bool arr = e->type->kind == TY_ARRAY && ex_is_lvalue(e);  /* mask[8], st.mask, w[n] (sizeof at run time) */
  *base = ir_clone_expr(e, NULL);
  *lv = arr ? ex_index(ir_clone_expr(e, NULL), ex_int(0)) : ex_deref(ir_clone_expr(b ? ex_var(b) : arg, NULL));
  *bytes = arr ? d_sizeof_expr(ir_clone_expr(e, NULL))
           : !b ? NULL
           : ptrmap_get(&a->extent, b) ? ir_clone_expr(ptrmap_get(&a->extent, b), NULL)
           : b->kind == VAR_PARAM ? request_bytes(a, b) : NULL;
  return true;
}

/* Does parameter j of c's callee point to const (the call cannot store)? */
static bool to_const(const Expr *c, int j) {
  const Expr *arg = c->args[j];
  if (!ty_is_ptr(arg->type) || arg->type->base->is_const) return true;
  return c->fn && j < c->fn->nparams && ty_is_ptr(c->fn->params[j]->type) && c->fn->params[j]->type->base->is_const;
}

/* A caller's memory this function must keep for it (escaping) as well,
 * unless it holds integers that nothing saves here (a seed). */
static bool must_keep(Adj *a, Expr *lv) {
  const void *id = act_loc_id(a->v, lv);
  bool esc = a->split && id && ptrmap_get(&a->escaping, id) && !ptrmap_get(&a->snap, id) && ty_has_float(lv->type);
  return adj_is_read(a, lv) || esc;
}

/* A null pointer constant (MPI_STATUS_IGNORE, NULL): no memory. */
static bool null_ptr(const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return e->kind == EX_NUM;
}

void adj_passive_save_arg(Adj *a, const Expr *c, int j, Stmt *fwd, Stmt *pops, SrcLoc loc) {
  Expr *e, *lv, *bytes;
  /* a scalar too (&st of an MPI_Status, &k of a count): its fields read
   * backward are the last call's otherwise */
  if (a->phase != 2 || to_const(c, j) || null_ptr(c->args[j]) || !arg_memory(a, c->args[j], true, &e, &lv, &bytes) ||
      !must_keep(a, lv))
    return;
  if (!bytes) {
    diag_at(c->loc, D_PASSIVE_CALL_WRITES, c->text, j + 1);
    return;
  }
  adj_note_save(a, lv);
  st_append(fwd, adj_push_block(a, e, bytes, loc));
  prepend(pops, adj_pop_block(a, ir_clone_expr(e, NULL), ir_clone_expr(bytes, NULL), loc));
}

Stmt *adj_passive_saves(Adj *a, const Expr *c, Stmt *fwd, SrcLoc loc) {
  Stmt *pops = st_block(loc);
  if (a->phase != 2 || !c->text) return pops;  /* (through a pointer: the dispatch's fallback, after an error) */
  for (int j = 0; j < c->nargs; j++) adj_passive_save_arg(a, c, j, fwd, pops, loc);
  return pops;
}

/* A call of g with a custom_vjp rule that stores through its pointers
 * (softmax(z, p, n) writing p[]): the backward sweep calls my_g_vjp, which
 * computes g again, so it needs the memory as it was before the call (g
 * may read it first: an in-out u[]; 'before', restored before the rule's
 * call), and what the rule rewrites must be as before the call again for
 * the backward code of earlier statements that reads it ('after', restored
 * after it). Both are saved in the forward sweep, with the size cc-ad
 * knows (else an error). */
void adj_custom_saves(Adj *a, const Expr *c, Fn *g, Stmt *fwd, Stmt *before, Stmt *after, SrcLoc loc) {
  Stmt *second = st_block(loc);
  for (int j = 0; j < c->nargs && a->phase == 2; j++) {  /* (phase 1: no restores) */
    Expr *e, *lv, *bytes;
    if (to_const(c, j) || !arg_memory(a, c->args[j], true, &e, &lv, &bytes)) continue;
    bool need_after = must_keep(a, lv);
    if (!bytes) {
      diag_at(c->loc, D_CUSTOM_VJP_WRITES, g->name, g->custom_vjp, g->name, j + 1);
      continue;
    }
    if (need_after) {
      adj_note_save(a, lv);
      st_append(fwd, adj_push_block(a, e, bytes, loc));
      prepend(after, adj_pop_block(a, ir_clone_expr(e, NULL), ir_clone_expr(bytes, NULL), loc));
    }
    /* pushed last, popped first */
    st_append(second, adj_push_block(a, ir_clone_expr(e, NULL), ir_clone_expr(bytes, NULL), loc));
    prepend(before, adj_pop_block(a, ir_clone_expr(e, NULL), ir_clone_expr(bytes, NULL), loc));
  }
  for (int i = 0; i < second->nbody; i++) st_append(fwd, second->body[i]);
}
