/*
 * adjoint_stmt.c — reverse mode for statements. For each statement S the
 * forward sweep gets S (with saves) and the backward sweep gets rev(S); a
 * block's backward code is its statements' rev() in reverse order.
 *
 *   y = e            fwd: [push y] y = e        bwd: e's operands += .. * y_bar; y_bar = 0; [pop y]
 *   if (c) A else B  fwd: if (c) {A; push_b 1} else {B; push_b 0}   bwd: if (pop_b) rev(A) else rev(B)
 *   loop             fwd: n = 0; loop { n++; body }; push n      bwd: for (n = pop; n > 0; n--) rev(body)
 *   y = g(x)         fwd: y = g_fwd(x)          bwd: g_bwd(x, &x_bar, y_bar)
 *   p = malloc(n)    fwd: p = malloc(n); p_bar = calloc(n, 1)   bwd: free(p); free(p_bar)
 *   free(p)          deferred to the backward sweep (the data is still needed there)
 */
#include <stdint.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

static Expr *pop_i(void) {
  Expr *none[1];
  return ex_call("ccad_pop_i", ty_long(), none, 0);
}

static Stmt *push_i(Expr *e, SrcLoc loc) { return st_expr(ex_call1("ccad_push_i", ty_void(), e), loc); }

/* Branch ids go on the one-byte branch tape. */
static Stmt *push_b(int which, SrcLoc loc) { return st_expr(ex_call1("ccad_push_b", ty_void(), ex_int(which)), loc); }

static Expr *pop_b(void) {
  Expr *none[1];
  return ex_call("ccad_pop_b", ty_int(), none, 0);
}

/* ---- Preparation ------------------------------------------------------ */

/* Active nonlinear calls get their own statement: r = f(u); so that the
 * backward sweep can use r (the rule's $r) and a simple u. */
static Expr *hoist(Adj *a, Expr *e, Stmt *pre, SrcLoc loc) {
  if (!e) return NULL;
  if (e->kind == EX_CALL && rule_find(e->text) && act_expr_varied(a->v, e)) {
    for (int i = 0; i < e->nargs; i++) {
      Expr *arg = hoist(a, e->args[i], pre, loc);
      if (!d_is_simple(arg) && act_expr_varied(a->v, arg)) {
        Var *u = fn_new_var(a->out, "u", ty_unqual(arg->type), VAR_LOCAL, loc);
        act_add_var(a->v, u, true);
        st_append(pre, st_decl(u, arg, loc));
        arg = ex_var(u);
      }
      e->args[i] = arg;
    }
    const char *fname = str_starts(e->text, "__builtin_") ? e->text + 10 : e->text;
    Var *r = fn_new_var(a->out, xfmt("%s_r", fname), ty_unqual(e->type), VAR_LOCAL, loc);
    act_add_var(a->v, r, true);
    st_append(pre, st_decl(r, e, loc));
    return ex_var(r);
  }
  /* what c ? u : v, c && u and c || u may not evaluate stays where it
   * is: hoisted, it would run whatever c is (sqrt of a negative, a call);
   * its rule's partials recompute $r under the same condition. (c itself
   * stays too: the backward sweep evaluates it again, from the values it
   * reads, rather than from a taped temporary.) */
  if (e->kind == EX_COND) return e;
  bool lazy = e->kind == EX_BIN && (e->op == OP_LAND || e->op == OP_LOR);
  e->lhs = hoist(a, e->lhs, pre, loc);
  if (!lazy) e->rhs = hoist(a, e->rhs, pre, loc);
  for (int i = 0; i < e->nargs; i++) e->args[i] = hoist(a, e->args[i], pre, loc);
  return e;
}

static void callnorm(Adj *a, Stmt *s);

/* ---- Arguments a callee may change ------------------------------------
 * g_bwd gets the call's arguments again, and their adjoints propagate
 * after it: h(x * s, &s) would evaluate x * s with the s that h left. An
 * argument that reads memory the call may write goes to a temporary
 * first, u = x * s; h(u, &s), whose value the backward sweep has. */

static bool may_write_visit(Adj *a, const Expr *lv, void *ctx) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (id) ptrmap_put(ctx, id, (void *)1);
  return false;
}

/* e reads an lvalue of a class in w */
static bool reads_any(Adj *a, const Expr *e, const PtrMap *w) {
  if (!e || e->kind == EX_SIZEOF) return false;
  if (ex_is_lvalue(e)) {
    const void *id = act_loc_id(a->v, (Expr *)e);
    if (id && ptrmap_get(w, id)) return true;
  }
  if (reads_any(a, e->lhs, w) || reads_any(a, e->rhs, w) || reads_any(a, e->cond, w)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (reads_any(a, e->args[i], w)) return true;
  return false;
}

static void args_before_call(Adj *a, Expr *c, Stmt *pre, SrcLoc loc) {
  if (!c || c->kind != EX_CALL || !c->fn || rule_find(c->text) || act_is_memory_fn(c->text)) return;
  Variant *cv = act_callee(a->v, c);
  if (!c->fn->custom_vjp && (!cv || tr_call_is_passive(cv))) return;
  PtrMap w = {0};  /* classes the call may write */
  for (int j = 0; j < c->nargs; j++) {
    const Type *pt = j < c->fn->nparams ? c->fn->params[j]->type : c->args[j]->type;
    if (ty_is_ptr(pt) && (!pt->base->is_const || ty_holds_ptr(pt->base)))
      adj_each_pointee(a, c->args[j], may_write_visit, &w);
    else if (!ty_is_ptr(pt) && ty_holds_ptr(pt) && ex_is_lvalue(c->args[j]))
      adj_each_pointee(a, ex_addr(cl(c->args[j])), may_write_visit, &w);
  }
  if (!w.cap) return;
  for (int j = 0; j < c->nargs; j++) {
    Expr *arg = c->args[j];
    Type *t = ty_unqual(arg->type);
    bool value = ty_is_arith(t) || (t->kind == TY_RECORD && !ty_holds_ptr(t));
    if (!value || !reads_any(a, arg, &w)) continue;
    bool varied = ty_has_float(t) && (ex_is_lvalue(arg) ? act_lvalue_varied(a->v, arg) : act_expr_varied(a->v, arg));
    Var *u = fn_new_var(a->out, "arg", t, VAR_LOCAL, loc);
    act_add_var(a->v, u, varied);
    st_append(pre, st_decl(u, arg, loc));
    c->args[j] = ex_var(u);
  }
}


static void callnorm_block(Adj *a, Stmt *b) {
  int n;
  Stmt **old = st_take_body(b, &n);
  for (int i = 0; i < n; i++) {
    Stmt *s = old[i];
    SrcLoc loc = s->loc;
    switch (s->kind) {
    case ST_DECL:
      s->expr = hoist(a, s->expr, b, loc);
      args_before_call(a, s->expr, b, loc);
      break;
    case ST_ASSIGN:
      /* a rule call assigned to a plain variable it does not read is
       * already normal (its value, the rule's $r, survives in the variable) */
      if (!(s->rhs->kind == EX_CALL && rule_find(s->rhs->text) && s->lhs->kind == EX_VAR &&
            !ex_mentions(s->rhs, s->lhs->var)))
        s->rhs = hoist(a, s->rhs, b, loc);
      else
        for (int k = 0; k < s->rhs->nargs; k++) s->rhs->args[k] = hoist(a, s->rhs->args[k], b, loc);
      args_before_call(a, s->rhs, b, loc);
      break;
    case ST_RETURN: s->expr = hoist(a, s->expr, b, loc); break;
    case ST_EXPR:
      for (int k = 0; k < s->expr->nargs; k++) s->expr->args[k] = hoist(a, s->expr->args[k], b, loc);
      args_before_call(a, s->expr, b, loc);
      break;
    default: callnorm(a, s); break;
    }
    st_append(b, s);
  }
}

static void callnorm(Adj *a, Stmt *s) {
  if (!s) return;
  if (s->kind == ST_BLOCK) {
    callnorm_block(a, s);
    return;
  }
  callnorm(a, s->then);
  callnorm(a, s->els);
  callnorm(a, s->init);
  callnorm(a, s->step);
}

/* Costly subscripts inside loops get their own integer temporary, k =
 * (i - s) % n; a[k], so that the backward sweep pops the index the
 * forward sweep computed (the temporary is saved like any local the
 * backward code reads) instead of recomputing divisions. Cheap ones (an
 * affine index, one division by a constant) are recomputed. */
enum { INDEX_TAPE_COST = 8 };  /* about a push and a pop */

/* Cost of recomputing integer expression e, in simple operations; -1 when
 * it reads memory or globals (hoisting would move a read). */
static int index_cost(const Expr *e) {
  e = ex_strip_implicit(e);
  if (e->type->kind != TY_INT) return -1;
  switch (e->kind) {
  case EX_NUM: return 0;
  case EX_VAR: return e->var->kind == VAR_GLOBAL ? -1 : 0;
  case EX_CAST: return index_cost(e->lhs);
  case EX_UN: {
    int c = e->op == OP_NOT ? -1 : index_cost(e->lhs);
    return c < 0 ? -1 : c + 1;
  }
  case EX_BIN: {
    if (e->op > OP_SHR || (e->op >= OP_LT && e->op <= OP_NE)) return -1;
    int l = index_cost(e->lhs), r = index_cost(e->rhs);
    if (l < 0 || r < 0) return -1;
    int op = 1;
    if (e->op == OP_DIV || e->op == OP_MOD) {
      const Expr *d = ex_strip_implicit(e->rhs);
      long k = d->kind == EX_NUM ? (long)d->value : 0;
      op = d->kind != EX_NUM ? 20 : (k > 0 && (k & (k - 1)) == 0) ? 1 : 4;
    }
    return l + r + op;
  }
  default: return -1;
  }
}

typedef struct IndexTemps { Expr *idx[16]; Var *var[16]; int n; } IndexTemps;

/* Replace costly subscripts in e (not under ?:, && or ||, which may not
 * evaluate them) by temporaries declared in pre; equal ones share one. */
static void hoist_indices(Adj *a, Expr *e, Stmt *pre, SrcLoc loc, IndexTemps *t) {
  if (!e || e->kind == EX_SIZEOF) return;
  if (e->kind == EX_COND || (e->kind == EX_BIN && (e->op == OP_LAND || e->op == OP_LOR))) {
    hoist_indices(a, e->kind == EX_COND ? e->cond : e->lhs, pre, loc, t);
    return;
  }
  hoist_indices(a, e->lhs, pre, loc, t);
  hoist_indices(a, e->rhs, pre, loc, t);
  for (int i = 0; i < e->nargs; i++) hoist_indices(a, e->args[i], pre, loc, t);
  if (e->kind != EX_INDEX || index_cost(e->rhs) < INDEX_TAPE_COST) return;
  for (int i = 0; i < t->n; i++)
    if (ir_expr_equal(t->idx[i], e->rhs)) {
      e->rhs = ex_var(t->var[i]);
      return;
    }
  if (t->n == 16) return;
  Var *k = fn_new_var(a->out, "k", ty_unqual(e->rhs->type), VAR_LOCAL, loc);
  act_add_var(a->v, k, false);
  st_append(pre, st_decl(k, e->rhs, loc));
  t->idx[t->n] = e->rhs;
  t->var[t->n++] = k;
  e->rhs = ex_var(k);
}

static void index_norm(Adj *a, Stmt *s, int depth);

static void index_norm_block(Adj *a, Stmt *b, int depth) {
  int n;
  Stmt **old = st_take_body(b, &n);
  for (int i = 0; i < n; i++) {
    Stmt *s = old[i];
    IndexTemps t = {.n = 0};
    bool active = (s->kind == ST_ASSIGN && (act_lvalue_varied(a->v, s->lhs) || act_expr_varied(a->v, s->rhs))) ||
                  (s->kind == ST_DECL && s->expr && act_expr_varied(a->v, s->expr));
    if (depth > 0 && active && s->kind == ST_ASSIGN) {
      hoist_indices(a, s->lhs, b, s->loc, &t);
      hoist_indices(a, s->rhs, b, s->loc, &t);
    } else if (depth > 0 && active && s->expr->kind != EX_INIT) {
      hoist_indices(a, s->expr, b, s->loc, &t);
    } else {
      index_norm(a, s, depth);
    }
    st_append(b, s);
  }
}

static void index_norm(Adj *a, Stmt *s, int depth) {
  if (!s) return;
  if (s->kind == ST_BLOCK) {
    index_norm_block(a, s, depth);
    return;
  }
  bool loop = s->kind == ST_FOR || s->kind == ST_WHILE;
  index_norm(a, s->then, depth + loop);
  index_norm(a, s->els, depth);
}

bool adj_writes_var(const Stmt *s, const Var *x) {
  if (!s) return false;
  if ((s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == x)) return true;
  if (adj_writes_var(s->then, x) || adj_writes_var(s->els, x) || adj_writes_var(s->init, x) ||
      adj_writes_var(s->step, x))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (adj_writes_var(s->body[i], x)) return true;
  return false;
}

/* A VLA can move to the top when its length reads only unmodified parameters. */
static bool vla_hoistable(Adj *a, const Expr *e) {
  if (!e) return true;
  if (e->kind == EX_VAR && (e->var->kind != VAR_PARAM || adj_writes_var(a->primal->body, e->var))) return false;
  if (e->kind == EX_CALL && !e->nargs) return false;
  if (!vla_hoistable(a, e->lhs) || !vla_hoistable(a, e->rhs) || !vla_hoistable(a, e->cond)) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!vla_hoistable(a, e->args[i])) return false;
  return true;
}

/* Declarations inside blocks move to the top of the function, where both
 * sweeps see them (all of them when building f_fwd/f_bwd). */
static void mark_hoisted(Adj *a, Stmt *s, bool nested) {
  if (!s) return;
  if (s->kind == ST_DECL && (nested || a->split)) {
    if (s->var->type->vla && !vla_hoistable(a, s->var->type->vla))
      diag_at(s->loc, D_VLA_IN_BLOCK, s->var->name,
              a->split ? "in a function called from differentiated code" : "inside a block");
    ptrmap_put(&a->hoisted, s->var, (void *)1);
  }
  for (int i = 0; i < s->nbody; i++) mark_hoisted(a, s->body[i], true);
  mark_hoisted(a, s->then, true);
  mark_hoisted(a, s->els, true);
  mark_hoisted(a, s->init, true);
  mark_hoisted(a, s->step, true);
}

/* x = {a, b, ...} element by element, zero-filling what the list omits. */
static void flatten_into(Expr *lv, Expr *init, Stmt *out, SrcLoc loc) {
  if (init->kind != EX_INIT) {
    st_append(out, st_assign(lv, init, loc));
    return;
  }
  Type *t = lv->type;
  long count = t->kind == TY_RECORD && t->rec ? t->rec->nfields : t->kind == TY_ARRAY ? t->len : 1;
  if (init->nargs < count)
    st_append(out, d_memset0(t->kind == TY_ARRAY ? ir_clone_expr(lv, NULL) : ex_addr(ir_clone_expr(lv, NULL)),
                             d_sizeof_expr(ir_clone_expr(lv, NULL)), loc));
  for (int i = 0; i < init->nargs && i < count; i++) {
    Expr *el;
    if (t->kind == TY_RECORD) {
      el = ex_new(EX_MEMBER, t->rec->fields[i].type, loc);
      el->lhs = ir_clone_expr(lv, NULL);
      el->text = t->rec->fields[i].name;
    } else if (t->kind == TY_ARRAY) {
      el = ex_index(ir_clone_expr(lv, NULL), ex_int(i));
    } else {
      el = ir_clone_expr(lv, NULL);
    }
    flatten_into(el, init->args[i], out, loc);
  }
}

static Type *unconst(Type *t) {
  Type *u = ty_unqual(t);
  if (u->kind == TY_ARRAY && u->base->is_const) {
    u = xmalloc(sizeof *u);
    *u = *t;
    u->is_const = false;
    u->base = unconst(t->base);
  }
  return u;
}

static void flatten_inits(Adj *a, Stmt *s, bool nested) {
  if (!s) return;
  if (s->kind == ST_BLOCK) {
    int n;
    Stmt **old = st_take_body(s, &n);
    for (int i = 0; i < n; i++) {
      Stmt *c = old[i];
      /* (any aggregate with a shadow too: element assignments give its
       * adjoint per element, and set the shadows of pointer fields) */
      if (c->kind == ST_DECL && c->expr && c->expr->kind == EX_INIT &&
          (nested || a->split || act_expr_varied(a->v, c->expr) || act_var_shadowed(a->v, c->var))) {
        Expr *init = c->expr;
        c->expr = NULL;
        c->var->type = unconst(c->var->type);
        st_append(s, c);
        flatten_into(ex_var(c->var), init, s, c->loc);
        continue;
      }
      flatten_inits(a, c, true);
      st_append(s, c);
    }
    return;
  }
  flatten_inits(a, s->then, true);
  flatten_inits(a, s->els, true);
  flatten_inits(a, s->init, true);
  flatten_inits(a, s->step, true);
}

/* ---- Fresh writes --------------------------------------------------------
 * In a loop that runs once per call, for (i = ..; ..; i += c) with i
 * changed only by the step, a store A[i] = ... (not in an inner loop) writes
 * each element once. If nothing else in the loop stores into A's class and
 * every read of A in the loop is at A[i + d] with d of the opposite sign of
 * c (an element an earlier iteration wrote), no adjoint inside the loop can
 * need A[i]'s old value; phase 2 also checks that nothing before the loop
 * read A. Then the store needs no save. Stores after the loop save what
 * they overwrite themselves. */

static bool invertible(const Expr *lhs, const Expr *rhs);

static void bump(PtrMap *count, const void *id, intptr_t by) {
  ptrmap_put(count, id, (void *)((intptr_t)ptrmap_get(count, id) + by));
}

static void count_stores(Adj *a, const Stmt *s, PtrMap *count) {
  if (!s) return;
  const void *id = NULL;
  if (s->kind == ST_ASSIGN) id = act_loc_id(a->v, s->lhs);
  if (id) bump(count, id, 1);
  const Expr *c = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  if (c && c->kind == EX_CALL && !rule_find(c->text))
    for (int i = 0; i < c->nargs; i++)
      if (ty_is_ptr(c->args[i]->type)) {
        const void *aid = act_loc_id(a->v, ex_deref(cl(c->args[i])));
        if (aid) bump(count, aid, 2);  /* a callee may store anywhere in it */
      }
  count_stores(a, s->then, count);
  count_stores(a, s->els, count);
  count_stores(a, s->init, count);
  count_stores(a, s->step, count);
  for (int i = 0; i < s->nbody; i++) count_stores(a, s->body[i], count);
}

/* idx == i + d ? */
static bool offset_of(const Expr *idx, const Var *i, long *d) {
  idx = ex_strip_implicit(idx);
  if (idx->kind == EX_VAR && idx->var == i) {
    *d = 0;
    return true;
  }
  if (idx->kind == EX_BIN && (idx->op == OP_ADD || idx->op == OP_SUB) && ex_strip_implicit(idx->lhs)->kind == EX_VAR &&
      ex_strip_implicit(idx->lhs)->var == i && ex_strip_implicit(idx->rhs)->kind == EX_NUM && ex_strip_implicit(idx->rhs)->type->kind == TY_INT) {
    *d = (long)ex_strip_implicit(idx->rhs)->value * (idx->op == OP_ADD ? 1 : -1);
    return true;
  }
  return false;
}

/* Every read of class 'cls' in e is A[i + d] with d * step < 0. */
static bool reads_earlier(Adj *a, const Expr *e, const void *cls, const Var *i, long step) {
  if (!e) return true;
  if (e->kind == EX_SIZEOF) return true;
  if (ex_is_lvalue(e) && e->kind != EX_VAR && act_loc_id(a->v, (Expr *)e) == cls) {
    long d;
    if (e->kind != EX_INDEX || !offset_of(e->rhs, i, &d) || d * step >= 0) return false;
    return reads_earlier(a, e->rhs, cls, i, step);
  }
  if (e->kind == EX_CALL && !rule_find(e->text))
    for (int k = 0; k < e->nargs; k++)
      if (ty_is_ptr(e->args[k]->type) && act_loc_id(a->v, ex_deref(cl(e->args[k]))) == cls) return false;
  if (!reads_earlier(a, e->lhs, cls, i, step) || !reads_earlier(a, e->rhs, cls, i, step) ||
      !reads_earlier(a, e->cond, cls, i, step))
    return false;
  for (int k = 0; k < e->nargs; k++)
    if (!reads_earlier(a, e->args[k], cls, i, step)) return false;
  return true;
}

static bool stmt_reads_earlier(Adj *a, const Stmt *s, const Stmt *writer, const void *cls, const Var *i, long step) {
  if (!s) return true;
  if (s->kind == ST_ASSIGN) {
    /* the stored-to element itself is not a read; its index is */
    if (s->lhs->kind == EX_INDEX) {
      if (!reads_earlier(a, s->lhs->lhs, cls, i, step) || !reads_earlier(a, s->lhs->rhs, cls, i, step)) return false;
    } else if (s != writer && !reads_earlier(a, s->lhs, cls, i, step)) {
      return false;
    }
  }
  if (!reads_earlier(a, s->rhs, cls, i, step) || !reads_earlier(a, s->expr, cls, i, step) ||
      !reads_earlier(a, s->cond, cls, i, step))
    return false;
  if (!stmt_reads_earlier(a, s->then, writer, cls, i, step) || !stmt_reads_earlier(a, s->els, writer, cls, i, step) ||
      !stmt_reads_earlier(a, s->init, writer, cls, i, step) || !stmt_reads_earlier(a, s->step, writer, cls, i, step))
    return false;
  for (int k = 0; k < s->nbody; k++)
    if (!stmt_reads_earlier(a, s->body[k], writer, cls, i, step)) return false;
  return true;
}

static void fresh_candidates(Adj *a, Stmt *loop, Stmt *s, const Var *i, long step, PtrMap *count) {
  if (!s) return;
  if (s->kind == ST_FOR || s->kind == ST_WHILE) return;  /* inner loops write repeatedly */
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_INDEX && !(s->rhs->kind == EX_CALL && !rule_find(s->rhs->text))) {
    long d;
    const void *cls = act_loc_id(a->v, s->lhs);
    if (cls && offset_of(s->lhs->rhs, i, &d) && d == 0 && (intptr_t)ptrmap_get(count, cls) == 1 &&
        stmt_reads_earlier(a, loop->then, s, cls, i, step))
      ptrmap_put(&a->fresh, s, loop);
  }
  fresh_candidates(a, loop, s->then, i, step, count);
  fresh_candidates(a, loop, s->els, i, step, count);
  for (int k = 0; k < s->nbody; k++) fresh_candidates(a, loop, s->body[k], i, step, count);
}

static void fresh_writes(Adj *a, Stmt *s, int depth) {
  if (!s) return;
  if (s->kind == ST_FOR || s->kind == ST_WHILE) {
    Stmt *st = s->step && s->step->kind == ST_BLOCK && s->step->nbody == 1 ? s->step->body[0] : s->step;
    if (depth == 0 && s->kind == ST_FOR && st && st->kind == ST_ASSIGN && invertible(st->lhs, st->rhs) &&
        st->lhs->type->kind == TY_INT && !adj_writes_var(s->then, st->lhs->var)) {
      const Expr *r = ex_strip_implicit(st->rhs);
      long c = (long)ex_strip_implicit(r->rhs)->value * (r->op == OP_ADD ? 1 : -1);
      PtrMap count = {0};
      count_stores(a, s->then, &count);
      if (c) fresh_candidates(a, s, s->then, st->lhs->var, c, &count);
    }
    fresh_writes(a, s->then, depth + 1);
    return;
  }
  fresh_writes(a, s->then, depth);
  fresh_writes(a, s->els, depth);
  for (int k = 0; k < s->nbody; k++) fresh_writes(a, s->body[k], depth);
}

static bool escaping_visit(Adj *a, const Expr *lv, void *ctx) {
  (void)ctx;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (id) ptrmap_put(&a->escaping, id, (void *)1);
  return false;
}

/* The caller's memory: everything a pointer parameter reaches (or the
 * pointers of a struct passed by value). */
static void note_escaping(Adj *a, Expr *p) {
  if (!ty_is_ptr(p->type) && ty_holds_ptr(p->type)) p = ex_addr(p);
  adj_each_pointee(a, p, escaping_visit, NULL);
}

static int count_writes(const Stmt *s, const Var *x) {
  if (!s) return 0;
  int n = (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == x) ||
          (s->kind == ST_DECL && s->var == x && s->expr);
  n += count_writes(s->then, x) + count_writes(s->els, x) + count_writes(s->init, x) + count_writes(s->step, x);
  for (int i = 0; i < s->nbody; i++) n += count_writes(s->body[i], x);
  return n;
}

static bool plain_in(const Expr *e, const Stmt *fnbody) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(fnbody, e->var);
  case EX_CAST:
  case EX_UN: return plain_in(e->lhs, fnbody);
  case EX_BIN: return plain_in(e->lhs, fnbody) && plain_in(e->rhs, fnbody);
  default: return false;
  }
}

static void find_extents(Adj *a, Stmt *s, Stmt *fnbody) {
  if (!s) return;
  Expr *lhs = s->kind == ST_DECL ? (s->expr ? ex_var(s->var) : NULL) : s->kind == ST_ASSIGN ? s->lhs : NULL;
  Expr *rhs = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  if (lhs && lhs->kind == EX_VAR && ty_is_ptr(lhs->type) && rhs && rhs->kind == EX_CALL && rhs->text &&
      (str_eq(rhs->text, "malloc") || str_eq(rhs->text, "calloc")) && count_writes(fnbody, lhs->var) == 1) {
    Expr *bytes = str_eq(rhs->text, "malloc") ? ir_clone_expr(rhs->args[0], NULL)
                                              : ex_bin(OP_MUL, ir_clone_expr(rhs->args[0], NULL),
                                                       ir_clone_expr(rhs->args[1], NULL));
    if (plain_in(bytes, fnbody)) ptrmap_put(&a->extent, lhs->var, bytes);
  }
  find_extents(a, s->then, fnbody);
  find_extents(a, s->els, fnbody);
  find_extents(a, s->init, fnbody);
  find_extents(a, s->step, fnbody);
  for (int i = 0; i < s->nbody; i++) find_extents(a, s->body[i], fnbody);
}

Stmt *adj_prepare(Adj *a, Stmt *body) {
  for (int j = 0; j < a->primal->nparams; j++)
    if (!a->v->preserve || a->v->preserve[j]) note_escaping(a, ex_var(a->primal->params[j]));
  Stmt *b = ir_clone_stmt(body, NULL);
  Var *retval;
  b = structure_normalize(a->out, a->primal, b, &retval);
  if (retval) act_add_retval(a->v, retval);
  for (int i = 0; i < b->nbody; i++) flatten_inits(a, b->body[i], false);
  {
    /* the top level itself */
    Stmt wrapper = *b;
    flatten_inits(a, &wrapper, false);
    *b = wrapper;
  }
  callnorm(a, b);
  index_norm(a, b, 0);
  a->body = b;
  adj_addr_taken(b, &a->addr_taken);
  for (int i = 0; i < b->nbody; i++) mark_hoisted(a, b->body[i], false);
  fresh_writes(a, b, 0);
  find_extents(a, b, b);
  return b;
}

/* ---- Adjoint variables ------------------------------------------------ */

/* x_bar for a local x: zero adjoints, and for pointers the shadow pointer. */
static void make_bar(Adj *a, Var *x, Stmt *here) {
  if (ptrmap_get(&a->bar, x) || !act_var_shadowed(a->v, x)) return;
  Type *t = tr_writable(x->type);
  Var *b = fn_new_var(a->out, xfmt("%s_bar", x->name), t, VAR_LOCAL, x->loc);
  ptrmap_put(&a->bar, x, ex_var(b));
  ptrmap_put(&a->shadow_of, b, x);
  /* pointers are kept by the forward sweep, and aggregates and scalars
   * whose address is taken (g(&x): g_fwd gets &x_bar) may have their
   * adjoint's address taken there (a split function frames them); other
   * scalar adjoints live only in the backward sweep */
  bool fwd_needs = ty_holds_ptr(t) || t->kind == TY_ARRAY || t->kind == TY_RECORD || ptrmap_get(&a->addr_taken, x);
  Stmt *into = fwd_needs ? (here ? here : a->top) : (a->split ? a->bwd_top : (here ? here : a->top));
  if (ty_is_float(t) || t->kind == TY_PTR) {
    st_append(into, st_decl(b, d_zero(t), x->loc));
  } else {
    st_append(into, st_decl(b, NULL, x->loc));
    st_append(into, d_memset0(t->kind == TY_ARRAY ? ex_var(b) : ex_addr(ex_var(b)), d_sizeof_expr(ex_var(b)), x->loc));
  }
}

/* ---- Assignments ------------------------------------------------------ */

static bool shadowed_ptr_lhs(Adj *a, Expr *lhs) {
  if (!ty_is_ptr(lhs->type)) return false;
  if (lhs->kind == EX_VAR) return ptrmap_get(&a->bar, lhs->var) != NULL;
  return act_ptr_shadowed(a->v, lhs);
}

/* i = i + 1 (integers, pointers): undone by i = i - 1, nothing taped. */
static bool invertible(const Expr *lhs, const Expr *rhs) {
  if (lhs->kind != EX_VAR || (lhs->type->kind != TY_INT && lhs->type->kind != TY_PTR)) return false;
  const Expr *r = ex_strip_implicit(rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB)) return false;
  const Expr *l = ex_strip_implicit(r->lhs);
  const Expr *c = ex_strip_implicit(r->rhs);
  return l->kind == EX_VAR && l->var == lhs->var && c->kind == EX_NUM && c->type->kind == TY_INT;
}

static Expr *inverse(const Expr *lhs, const Expr *rhs) {
  const Expr *r = ex_strip_implicit(rhs);
  Expr *e = ex_bin(r->op == OP_ADD ? OP_SUB : OP_ADD, cl(lhs), cl(r->rhs));
  e->type = lhs->type;
  return e;
}

static bool reads_class(Adj *a, const Expr *e, const void *id, const Var *var) {
  if (!e) return false;
  if (ex_is_lvalue(e)) {
    if (e->kind == EX_VAR && e->var == var) return true;
    if (id && act_loc_id(a->v, (Expr *)e) == id) return true;
  }
  if (reads_class(a, e->lhs, id, var) || reads_class(a, e->rhs, id, var) || reads_class(a, e->cond, id, var))
    return true;
  for (int i = 0; i < e->nargs; i++)
    if (reads_class(a, e->args[i], id, var)) return true;
  return false;
}

/* In a callee (split), the caller's memory is saved before every overwrite:
 * the caller's own backward code may still need the old values. */
static bool escapes(Adj *a, const Expr *lv) {
  if (!a->split) return false;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  return id && ptrmap_get(&a->escaping, id);
}

/* memory g writes and may restore: remember it (see check_final_state) */
static bool note_kept(Adj *a, const Expr *lv, void *call) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (id && !ptrmap_get(&a->callee_kept, id)) ptrmap_put(&a->callee_kept, id, call);
  return false;
}

static bool kept_visit(Adj *a, const Expr *lv, void *ctx) {
  (void)ctx;
  return adj_is_read(a, (Expr *)lv) || escapes(a, lv);
}

static void save_both(Adj *a, Expr *lhs, Stmt *fwd, SrcLoc loc) {
  st_append(fwd, adj_save(a, lhs, loc));
  if (shadowed_ptr_lhs(a, lhs)) st_append(fwd, adj_save(a, adj_ptr_shadow(a, lhs), loc));
}

/* Restoring the caller's memory: log the value it replaces first. */
static void log_redo(Adj *a, Expr *addr, Expr *bytes, const Expr *lv, Stmt *bwd, SrcLoc loc) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  if (!id || !ptrmap_get(&a->redo, id)) return;
  Expr *args[2] = {ex_cast(ty_ptr(ty_void()), addr), bytes};
  st_append(bwd, st_expr(ex_call("ccad_redo_push", ty_void(), args, 2), loc));
}

static void restore_both(Adj *a, Expr *lhs, Stmt *bwd, SrcLoc loc) {
  if (shadowed_ptr_lhs(a, lhs)) st_append(bwd, adj_restore(a, adj_ptr_shadow(a, lhs), loc));
  log_redo(a, ex_addr(cl(lhs)), d_sizeof_expr(cl(lhs)), lhs, bwd, loc);
  st_append(bwd, adj_restore(a, lhs, loc));
}

/* Reports a write cc-ad cannot handle; false then (the caller stops there:
 * the adjoint of such a write would only add follow-on errors). */
static bool global_check(Adj *a, Expr *lhs, SrcLoc loc) {
  Var *root = ex_root_var(lhs);
  if (!root || root->kind != VAR_GLOBAL) return true;
  if (root->is_static && !root->is_extern_def) {
    diag_at(loc, D_STATIC_WRITE, root->name);
    return false;
  }
  if (ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs)) {
    diag_at(loc, D_GLOBAL_WRITE, root->name);
    return false;
  }
  return true;
}

/* A pointer whose target carries derivatives set from one without
 * derivative storage: the backward sweep would write through a null
 * adjoint pointer. */
static void no_shadow(Adj *a, const Expr *rhs, SrcLoc loc) {
  (void)a;
  Var *root = ex_root_var(rhs);
  if (a->phase == 2) tr_no_shadow_error(loc, root ? root->name : "this pointer");
}

/* lhs = rhs with rhs pure (or a rule call r = f(u)). */
/* ---- Iteration-local pointers and indices, recomputed ----------------- */

static bool stmt_mentions(const Stmt *s, const Var *x);

/* x is fixed while the enclosing loops run: a counter of one of them (the
 * backward loops set it again), or a variable written nowhere from the
 * outermost enclosing loop on. */
static bool fixed_var(Adj *a, const Var *x, int from) {
  for (int i = 0; i < a->loops.len; i++)
    if (adj_counted_ctr(a->loops.data[i]) == x) return true;
  if (x->kind == VAR_GLOBAL) return false;
  for (int k = from; k < a->body->nbody; k++)
    if (count_writes(a->body->body[k], x)) return false;
  return true;
}

/* e: +, -, * and casts over fixed variables and constants, and addresses
 * (&x[i * m]) without loads: the same value when evaluated again in the
 * backward sweep's iteration. */
static bool recomputable(Adj *a, const Expr *e, int from, bool under_addr) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR: return fixed_var(a, e->var, from);
  case EX_CAST: return recomputable(a, e->lhs, from, false);
  case EX_BIN:
    return (e->op == OP_ADD || e->op == OP_SUB || e->op == OP_MUL) && recomputable(a, e->lhs, from, false) &&
           recomputable(a, e->rhs, from, false);
  case EX_ADDR: return recomputable(a, e->lhs, from, true);
  case EX_INDEX: return under_addr && recomputable(a, e->lhs, from, false) && recomputable(a, e->rhs, from, false);
  default: return false;
  }
}

/* v = e, a pointer or integer that each iteration of the innermost loop
 * sets before reading it and that nothing outside the loop reads: instead
 * of saving its old value, the backward iteration sets it again. */
static bool iteration_local(Adj *a, const Expr *lhs, const Expr *rhs) {
  if (!a->loops.len || !a->body || lhs->kind != EX_VAR) return false;
  Var *v = lhs->var;
  if (v->kind != VAR_LOCAL || v->is_static || (v->type->kind != TY_PTR && v->type->kind != TY_INT)) return false;
  if (a->split && escapes(a, lhs)) return false;
  const Stmt *loop = a->loops.data[a->loops.len - 1];
  const Stmt *body = loop->then;
  int at = -1;
  for (int i = 0; body->kind == ST_BLOCK && i < body->nbody; i++)
    if (body->body[i] == a->cur_stmt) at = i;
  if (at < 0 || count_writes(a->body, v) != 1) return false;
  for (int i = 0; i < at; i++)
    if (stmt_mentions(body->body[i], v)) return false;
  for (int k = 0; k < a->body->nbody; k++) {
    const Stmt *t = a->body->body[k];
    if (t->kind == ST_DECL && t->var == v && !t->expr) continue;
    if (t != a->loops.data[0] && stmt_mentions(t, v)) return false;
  }
  /* inside the outermost loop, only this innermost loop mentions v */
  for (int d = 0; d + 1 < a->loops.len; d++) {
    const Stmt *outer = a->loops.data[d], *inner = a->loops.data[d + 1];
    if (outer->then->kind != ST_BLOCK) return false;
    for (int i = 0; i < outer->then->nbody; i++)
      if (outer->then->body[i] != inner && stmt_mentions(outer->then->body[i], v)) return false;
  }
  int from = -1;
  for (int k = 0; k < a->body->nbody; k++)
    if (a->body->body[k] == a->loops.data[0]) from = k;
  return from >= 0 && recomputable(a, rhs, from, false);
}

/* The backward code of the current statement itself reads what lhs names
 * (its right side, or a callee's backward code through a pointer argument,
 * reads the location it overwrites: s = g(s), w[1] = g(w)). */
static bool own_read(Adj *a, const Expr *lhs) {
  if (!lhs || !a->cur_reads) return false;
  const void *lid = act_loc_id(a->v, (Expr *)lhs);
  return (lid && ptrmap_get(a->cur_reads, lid)) || (lhs->kind == EX_VAR && ptrmap_get(a->cur_reads, lhs->var));
}

static void assign(Adj *a, Expr *lhs, Expr *rhs, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (!global_check(a, lhs, loc)) return;
  if (!first && a->cur_stmt && ptrmap_get(&a->fresh_ok, a->cur_stmt) && !escapes(a, lhs)) first = true;
  bool inv = invertible(lhs, rhs);
  const void *lid = act_loc_id(a->v, lhs);
  bool alias = reads_class(a, rhs, lid, lhs->kind == EX_VAR ? lhs->var : NULL);
  /* the old value is needed by earlier statements' adjoints, or by this
   * one's when its right side reads the location it overwrites */
  bool own = alias && own_read(a, lhs);
  bool save = a->phase == 2 && !first && !inv && (adj_is_read(a, lhs) || own || escapes(a, lhs));
  if (!first && !inv && a->loop_pre && iteration_local(a, lhs, rhs)) {
    /* r = x + i * m: the backward iteration computes it again */
    save = false;
    st_append(a->loop_pre, st_assign(cl(lhs), cl(rhs), loc));
    if (shadowed_ptr_lhs(a, lhs) && !ex_is_zero(rhs) && adj_ptr_has_shadow(a, rhs))
      st_append(a->loop_pre, st_assign(adj_ptr_shadow(a, lhs), adj_ptr_shadow(a, rhs), loc));
  }
  if (save) save_both(a, lhs, fwd, loc);
  st_append(fwd, st_assign(cl(lhs), cl(rhs), loc));
  if (shadowed_ptr_lhs(a, lhs)) {
    bool null = ex_is_zero(rhs) || !adj_ptr_has_shadow(a, rhs);
    if (null && !ex_is_zero(rhs)) no_shadow(a, rhs, loc);
    st_append(fwd, st_assign(adj_ptr_shadow(a, lhs), null ? ex_int(0) : adj_ptr_shadow(a, rhs), loc));
  }
  bool active = ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  if (active && lhs->type->kind == TY_RECORD) {
    Expr *lb = adj_bar(a, lhs);
    if (ex_is_lvalue(rhs) && act_lvalue_varied(a->v, rhs)) adj_add_fields(a, adj_bar(a, rhs), lb, lhs->type, bwd);
    adj_zero_fields(a, cl(lb), lhs->type, bwd);
    if (save) restore_both(a, lhs, bwd, loc);
    return;
  }
  /* y = y + e (e not reading y): y's adjoint passes through unchanged,
   *   e's operands += .. * y_bar;   nothing to zero, no temporary */
  const Expr *r0 = ex_strip_implicit(rhs);
  if (active && lhs->type->kind != TY_RECORD && r0->kind == EX_BIN && (r0->op == OP_ADD || r0->op == OP_SUB) &&
      ir_expr_equal(ex_strip_implicit(r0->lhs), lhs) && !reads_class(a, r0->rhs, lid, lhs->kind == EX_VAR ? lhs->var : NULL)) {
    Expr *lb = adj_bar(a, lhs);
    if (!d_is_simple(lb)) lb = ex_var(adj_temp(a, "d", lb->type, lb, bwd, loc));
    a->cur_result = NULL;
    adj_expr(a, r0->rhs, r0->op == OP_ADD ? lb : d_neg(lb), bwd);
    if (save) restore_both(a, lhs, bwd, loc);
    return;
  }
  if (active) {
    Expr *lb = adj_bar(a, lhs);
    a->cur_result = lhs;
    a->cur_rhs = rhs;
    if (alias || !d_is_simple(lb)) {
      /* t = y_bar; y_bar = 0; [pop y]; operands += .. * t */
      Var *t = adj_temp(a, "d", lb->type, lb, bwd, loc);
      st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
      if (save || alias) {
        if (save) restore_both(a, lhs, bwd, loc);
        a->cur_result = NULL;  /* lhs holds its old value now: rules recompute $r */
      }
      adj_expr(a, rhs, ex_var(t), bwd);
    } else {
      adj_expr(a, rhs, lb, bwd);
      st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
      if (save) restore_both(a, lhs, bwd, loc);
    }
    a->cur_result = NULL;
    a->cur_rhs = NULL;
    /* modf(x, &ip): the pointer output has derivative 0 */
    if (rhs->kind == EX_CALL)
      for (int i = 0; i < rhs->nargs; i++)
        if (ty_is_ptr(rhs->args[i]->type) && ty_has_float(rhs->args[i]->type->base) &&
            act_ptr_shadowed(a->v, rhs->args[i]))
          st_append(bwd, st_assign(ex_deref(adj_ptr_shadow(a, rhs->args[i])), d_zero(rhs->args[i]->type->base), loc));
    return;
  }
  if (inv && (a->phase == 1 || adj_is_read(a, lhs))) {
    if (shadowed_ptr_lhs(a, lhs)) {
      Expr *sp = adj_ptr_shadow(a, lhs);
      st_append(bwd, st_assign(sp, inverse(sp, rhs), loc));
    }
    st_append(bwd, st_assign(cl(lhs), inverse(lhs, rhs), loc));
    return;
  }
  if (save) restore_both(a, lhs, bwd, loc);
}

/* ---- Counted loops --------------------------------------------------------- */

static bool stmt_mentions(const Stmt *s, const Var *x) {
  if (!s) return false;
  if (ex_mentions(s->lhs, x) || ex_mentions(s->rhs, x) || ex_mentions(s->expr, x) || ex_mentions(s->cond, x)) return true;
  if (s->kind == ST_DECL && s->var == x) return true;
  if (stmt_mentions(s->then, x) || stmt_mentions(s->els, x) || stmt_mentions(s->init, x) ||
      stmt_mentions(s->step, x))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (stmt_mentions(s->body[i], x)) return true;
  return false;
}

/* Only variables, constants and arithmetic: values the loop cannot change
 * if it writes none of the variables. */
static bool plain(const Expr *e, const Stmt *body) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(body, e->var);
  case EX_CAST:
  case EX_UN: return plain(e->lhs, body);
  case EX_BIN: return plain(e->lhs, body) && plain(e->rhs, body);
  case EX_COND: return plain(e->cond, body) && plain(e->lhs, body) && plain(e->rhs, body);
  default: return false;
  }
}

/* b + k, folding b = n - k and integer literals (n - 1 + 1 reads badly). */
static Expr *plus_const(Expr *b, long k) {
  const Expr *e = ex_strip_implicit(b);
  if (e->kind == EX_NUM && e->type->kind == TY_INT) return ex_num(e->value + (double)k, b->type);
  const Expr *r = e->kind == EX_BIN ? ex_strip_implicit(e->rhs) : NULL;
  if (r && r->kind == EX_NUM && r->type->kind == TY_INT &&
      ((e->op == OP_SUB && (long)r->value == k) || (e->op == OP_ADD && (long)r->value == -k)))
    return ir_clone_expr(e->lhs, NULL);
  return ex_bin(k > 0 ? OP_ADD : OP_SUB, b, ex_int(k > 0 ? k : -k));
}

/* for (i = a; i REL b; i += c) with i, a and b unchanged by the body: the
 * trip count as an expression over a and b, and a (as long). When c is +1
 * or -1, *down is the backward loop that walks i back from its last value
 * without any arithmetic that can overflow (body to be filled in):
 *     i < b, i <= b:   for (i = b [+ 1]; i > a;) { i--; ... }
 *     i > b, i >= b:   for (i = b [- 1]; i < a;) { i++; ... }  */
bool adj_loop_header(const Stmt *s, Var **ctr, const Expr **first, const Expr **bound, long *step) {
  if (s->kind != ST_FOR || !s->init || !s->step || !s->cond) return false;
  const Stmt *in = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  const Stmt *st = s->step->kind == ST_BLOCK && s->step->nbody == 1 ? s->step->body[0] : s->step;
  Var *i;
  const Expr *a;
  if (in->kind == ST_DECL && in->expr) {
    i = in->var;
    a = in->expr;
  } else if (in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR) {
    i = in->lhs->var;
    a = in->rhs;
  } else {
    return false;
  }
  if (i->type->kind != TY_INT || st->kind != ST_ASSIGN || st->lhs->kind != EX_VAR || st->lhs->var != i ||
      !invertible(st->lhs, st->rhs) || adj_writes_var(s->then, i))
    return false;
  const Expr *r = ex_strip_implicit(st->rhs);
  const Expr *cv = r->rhs;
  while (cv->kind == EX_CAST) cv = cv->lhs;
  long c = (long)cv->value * (r->op == OP_ADD ? 1 : -1);
  const Expr *cond = s->cond;
  if (c == 0 || cond->kind != EX_BIN || cond->op < OP_LT || cond->op > OP_NE) return false;
  const Expr *lhs = ex_strip_implicit(cond->lhs);
  if (lhs->kind != EX_VAR || lhs->var != i) return false;
  *ctr = i;
  *first = a;
  *bound = cond->rhs;
  *step = c;
  return true;
}

/* e as a long: a literal stays a literal */
static Expr *long_of(const Expr *e) {
  const Expr *x = ex_strip_implicit(e);
  if (x->kind == EX_NUM) return ex_num(x->value, ty_long());
  return ex_cast(ty_long(), ir_clone_expr(e, NULL));
}

/* b - a, folding a == 0 */
static Expr *long_sub(Expr *b, Expr *a) {
  if (ex_is_zero(a)) return b;
  Expr *d = ex_bin(OP_SUB, b, a);
  d->type = ty_long();
  return d;
}

static bool counted(const Stmt *s, Var **ctr, Expr **first, Expr **trips, long *step, Stmt **down) {
  Var *i;
  const Expr *a, *bound;
  long c;
  if (!adj_loop_header(s, &i, &a, &bound, &c) || !plain(bound, s->then) || !plain(a, s->then)) return false;
  const Expr *cond = s->cond;
  BinOp op = cond->op;
  if ((op == OP_LT || op == OP_LE) && c < 0) return false;
  if ((op == OP_GT || op == OP_GE) && c > 0) return false;
  if (op == OP_EQ) return false;
  Expr *A = long_of(a), *B = long_of(cond->rhs);
  long m = c > 0 ? c : -c;
  Expr *hi = op == OP_LT || op == OP_LE ? B : A, *lo = op == OP_LT || op == OP_LE ? A : B;
  Expr *t;
  if (op == OP_NE) {
    t = ex_bin(OP_DIV, ex_bin(OP_SUB, B, A), ex_num((double)c, ty_long()));  /* (b - a) / c */
  } else {
    /* < and >: hi > lo ? (hi - lo + m - 1) / m : 0;  <= and >=: hi >= lo ? (hi - lo) / m + 1 : 0 */
    bool incl = op == OP_LE || op == OP_GE;
    Expr *span = long_sub(ir_clone_expr(hi, NULL), ir_clone_expr(lo, NULL));
    if (!incl && m > 1) span = ex_bin(OP_ADD, span, ex_num((double)(m - 1), ty_long()));
    if (m > 1) span = ex_bin(OP_DIV, span, ex_num((double)m, ty_long()));
    if (incl) span = ex_bin(OP_ADD, span, ex_num(1, ty_long()));
    t = ex_cond(ex_bin(incl ? OP_GE : OP_GT, hi, lo), span, ex_num(0, ty_long()));
  }
  t->type = ty_long();
  *ctr = i;
  *first = ir_clone_expr(A, NULL);
  *trips = t;
  *step = c;
  *down = NULL;
  if (op != OP_NE && (c == 1 || c == -1)) {
    SrcLoc loc = s->loc;
    Type *it = ty_unqual(i->type);
    Expr *b = ir_clone_expr(cond->rhs, NULL);
    if (op == OP_LE || op == OP_GE) b = plus_const(b, c);
    Stmt *r = st_new(ST_FOR, loc);
    r->init = st_assign(ex_var(i), b, loc);
    r->cond = ex_bin(c > 0 ? OP_GT : OP_LT, ex_var(i), ir_clone_expr(a, NULL));
    r->then = st_block(loc);
    Expr *next = ex_bin(c > 0 ? OP_SUB : OP_ADD, ex_var(i), ex_int(1));
    next->type = it;
    st_append(r->then, st_assign(ex_var(i), next, loc));
    *down = r;
  }
  return true;
}

Var *adj_counted_ctr(const Stmt *loop) {
  Var *ctr;
  Expr *first, *trips;
  long step;
  Stmt *down;
  return counted(loop, &ctr, &first, &trips, &step, &down) ? ctr : NULL;
}

/* ---- Calls ------------------------------------------------------------ */

static Expr *zero_record(Adj *a, Type *t, Stmt *into, SrcLoc loc) {
  Var *z = adj_temp(a, "zero", t, NULL, into, loc);
  st_append(into, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
  return ex_var(z);
}

/* lhs = g(args) (lhs may be NULL) with g differentiated: split reversal. */
static void call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  Variant *cv = act_callee(a->v, c);
  Fn *g = c->fn;
  PtrVec fargs = {0}, bargs = {0}, post = {0};
  PtrVec *noted = xmalloc(sizeof *noted);  /* arguments whose memory g_bwd reads */
  *noted = (PtrVec){0};
  bool *bwd_reads = adj_bwd_reads(a->m, cv);
  Stmt *bpre = st_block(loc);
  for (int j = 0; j < c->nargs; j++) {
    Expr *arg = c->args[j];
    vec_push(&fargs, cl(arg));
    vec_push(&bargs, cl(arg));
    if (!bwd_reads || j >= g->nparams || bwd_reads[j]) vec_push(noted, bargs.data[bargs.len - 1]);
    Type *pt = j < g->nparams ? g->params[j]->type : arg->type;
    if (ty_is_ptr(pt) && j < g->nparams && (cv->writes[j] & 1)) {
      const void *id = act_loc_id(a->v, ex_deref(cl(arg)));
      if (id && !ptrmap_get(&a->callee_written, id)) ptrmap_put(&a->callee_written, id, c);
    }
    if (j >= g->nparams || !cv->shadow[j]) continue;
    if (ty_is_ptr(pt)) {
      Expr *sp = adj_ptr_has_shadow(a, arg) ? adj_ptr_shadow(a, arg) : ex_int(0);
      vec_push(&fargs, sp);
      vec_push(&bargs, cl(sp));
    } else {
      /* scalar or struct by value: the callee adds its adjoint to *a_bar;
       * a struct holding pointers passes its shadow's pointers along (the
       * callee accumulates through them), its floating fields zeroed */
      Expr *t;
      if (pt->kind == TY_RECORD && ty_holds_ptr(pt)) {
        /* g_fwd follows the shadow's pointers too */
        bool sh = ex_is_lvalue(arg) && act_ptr_shadowed(a->v, ex_addr(cl(arg)));
        vec_push(&fargs, ex_addr(sh ? adj_bar(a, arg) : zero_record(a, ty_unqual(pt), fwd, loc)));
      }
      if (pt->kind == TY_RECORD && ty_holds_ptr(pt) && ex_is_lvalue(arg) && act_ptr_shadowed(a->v, ex_addr(cl(arg)))) {
        t = ex_var(adj_temp(a, "arg_bar", ty_unqual(pt), adj_bar(a, arg), bpre, loc));
        adj_zero_fields(a, cl(t), pt, bpre);
      } else {
        t = pt->kind == TY_RECORD ? zero_record(a, ty_unqual(pt), bpre, loc)
                                  : ex_var(adj_temp(a, "arg_bar", pt, d_zero(pt), bpre, loc));
      }
      vec_push(&bargs, ex_addr(t));
      vec_push(&post, arg);
      vec_push(&post, t);
    }
  }
  bool lhs_active = lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  /* what of the memory passed to g must g restore for us? */
  bool *keep = xmalloc(sizeof(bool) * (size_t)(g->nparams + 1));
  PtrVec regions = {0};  /* buffers saved whole around the call */
  bool recompute = false;  /* a buffer it rewrites is recomputed instead */
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    Type *pt = g->params[j]->type;
    /* g must keep what it overwrites there if a backward code run later, or
     * the caller's caller, reads any of the memory the argument reaches
     * (through a struct's pointers too: a const Vec * or a Vec by value
     * still leads to writable data) */
    if (!ty_is_ptr(pt) && ty_holds_ptr(pt)) {
      keep[j] = ex_is_lvalue(c->args[j]) && adj_each_pointee(a, ex_addr(cl(c->args[j])), kept_visit, NULL);
      continue;
    }
    if (!ty_is_ptr(pt) || (pt->base->is_const && !ty_holds_ptr(pt->base))) continue;
    Expr *mem = ex_deref(cl(c->args[j]));
    keep[j] = adj_each_pointee(a, c->args[j], kept_visit, NULL);
    /* g writes below what the argument points to (y->v[i]): g_bwd restores that memory itself */
    if (a->phase == 2 && cv->out_depth && (cv->out_depth[j] >> 1)) adj_each_pointee(a, c->args[j], note_kept, (void *)c);
    /* a buffer of known size is saved once here, instead of element by
     * element inside g (a scratch array g rewrites completely, say) */
    const Expr *base = ex_strip_implicit(c->args[j]);
    if (base->kind == EX_ADDR && base->lhs->kind == EX_INDEX && ex_is_zero(base->lhs->rhs)) base = base->lhs->lhs;
    base = ex_strip_implicit(base);
    Expr *bytes = base->kind == EX_VAR ? ptrmap_get(&a->extent, base->var) : NULL;
    if (bytes && !escapes(a, mem) && adj_recompute_arg(a, c, j)) {
      keep[j] = false;  /* rewritten by running the call again: see adjoint_recompute.c */
      recompute = true;
      continue;
    }
    if (keep[j] && bytes && !escapes(a, mem)) {
      keep[j] = false;
      if (a->phase == 2) {
        vec_push(&regions, (void *)base);
        vec_push(&regions, bytes);
      }
    }
    const void *id = keep[j] && a->phase == 2 && (cv->writes[j] & 1) ? act_loc_id(a->v, mem) : NULL;
    if (id && !ptrmap_get(&a->callee_restores, id)) ptrmap_put(&a->callee_restores, id, c);
  }
  for (int i = 0; i < regions.len; i += 2)
    st_append(fwd, adj_push_block(a, cl(regions.data[i]), cl(regions.data[i + 1]), loc));
  /* p = g(..) returning memory it allocates: g_fwd returns p's shadow too */
  Var *ret_shadow = NULL;
  if (cv->ret_shadow) {
    ret_shadow = adj_temp(a, "res_bar", ty_unqual(g->ret), ex_int(0), a->top, loc);
    vec_push(&fargs, ex_addr(ex_var(ret_shadow)));
  }
  Expr *fcall = ex_call(adj_callee_name(a, cv, keep, false), c->type, (Expr **)fargs.data, fargs.len);
  fcall->loc = c->loc;
  /* forward: r = g_fwd(...); [push lhs]; lhs = r */
  bool save = lhs && a->phase == 2 && !first && (adj_is_read(a, lhs) || own_read(a, lhs) || escapes(a, lhs));
  if (lhs) {
    if (!global_check(a, lhs, loc)) return;
    if (save) {
      Var *r = adj_temp(a, "res", c->type, NULL, a->top, loc);
      st_append(fwd, st_assign(ex_var(r), fcall, loc));
      save_both(a, lhs, fwd, loc);
      st_append(fwd, st_assign(cl(lhs), ex_var(r), loc));
    } else {
      st_append(fwd, st_assign(cl(lhs), fcall, loc));
    }
    if (shadowed_ptr_lhs(a, lhs) && ret_shadow)
      st_append(fwd, st_assign(adj_ptr_shadow(a, lhs), ex_var(ret_shadow), loc));
    else if (shadowed_ptr_lhs(a, lhs))
      diag_at(loc, D_RETURNS_POINTER_REV);
  } else {
    st_append(fwd, st_expr(fcall, loc));
  }
  /* backward: seed, [pop lhs], g_bwd(..., &a_bar.., seed), accumulate */
  if (cv->ret) {
    Expr *seed;
    if (lhs_active) {
      Expr *lb = adj_bar(a, lhs);
      seed = ex_var(adj_temp(a, "d", lb->type, lb, bwd, loc));
      if (lhs->type->kind == TY_RECORD)
        adj_zero_fields(a, cl(lb), lhs->type, bwd);
      else
        st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
    } else {
      seed = ty_is_float(g->ret) ? d_zero(g->ret) : zero_record(a, ty_unqual(g->ret), bwd, loc);
    }
    vec_push(&bargs, seed);
  } else if (lhs_active) {
    adj_zero_fields(a, adj_bar(a, lhs), lhs->type, bwd);
  }
  if (save) restore_both(a, lhs, bwd, loc);
  for (int i = 0; i < bpre->nbody; i++) st_append(bwd, bpre->body[i]);
  Expr *bcall = ex_call(adj_callee_name(a, cv, keep, true), ty_void(), (Expr **)bargs.data, bargs.len);
  ptrmap_put(&a->bwd_noted, bcall, noted);
  st_append(bwd, st_expr(bcall, loc));
  for (int i = regions.len - 2; i >= 0; i -= 2)
    st_append(bwd, adj_pop_block(a, cl(regions.data[i]), cl(regions.data[i + 1]), loc));
  if (recompute) st_append(a->loop_pre, st_expr(cl(c), loc));
  for (int i = 0; i < post.len; i += 2) {
    Expr *arg = post.data[i], *t = post.data[i + 1];
    if (arg->type->kind == TY_RECORD) {
      if (ex_is_lvalue(arg) && act_lvalue_varied(a->v, arg)) adj_add_fields(a, adj_bar(a, arg), t, arg->type, bwd);
    } else {
      adj_expr(a, arg, t, bwd);
    }
  }
}

/* s stores into memory class cls or variable x, itself or through a call
 * whose parameter is a non-const pointer (free aside). With 'slot' (an
 * element A[k], k a literal), stores at another literal index of A's class
 * do not count. */
bool adj_stores(Adj *a, const Stmt *s, const void *cls, const Var *x, const Expr *slot) {
  if (!s) return false;
  if (s->kind == ST_DECL && s->var == x && s->expr) return true;
  if (s->kind == ST_ASSIGN) {
    const Expr *lv = s->lhs;
    if (lv->kind == EX_VAR && lv->var == x) return true;
    bool elsewhere = slot && lv->kind == EX_INDEX && ex_strip_implicit(lv->rhs)->kind == EX_NUM &&
                     ex_strip_implicit(lv->rhs)->value != ex_strip_implicit(slot->rhs)->value;
    if (cls && !elsewhere && act_loc_id(a->v, s->lhs) == cls) return true;
  }
  const Expr *c = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  if (cls && c && c->kind == EX_CALL && !rule_find(c->text) && !str_eq(c->text, "free"))
    for (int i = 0; i < c->nargs; i++) {
      /* the parameter's type says whether the callee may store: f(const double *) does not */
      const Type *t = c->fn && i < c->fn->nparams ? c->fn->params[i]->type : c->args[i]->type;
      if (ty_is_ptr(t) && !t->base->is_const && t->base->kind != TY_FUNC &&
          act_loc_id(a->v, ex_deref(cl(c->args[i]))) == cls)
        return true;
    }
  if (adj_stores(a, s->then, cls, x, slot) || adj_stores(a, s->els, cls, x, slot) ||
      adj_stores(a, s->init, cls, x, slot) || adj_stores(a, s->step, cls, x, slot))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (adj_stores(a, s->body[i], cls, x, slot)) return true;
  return false;
}

/* rows[1] = malloc(..) as a statement of the function body itself, where
 * no statement before it stores into rows[1] (a store at another literal
 * index does not count): the element's first write. */
static bool const_slot_first_write(Adj *a, const Expr *lhs) {
  if (a->loop_depth || !a->body || lhs->kind != EX_INDEX || ex_strip_implicit(lhs->rhs)->kind != EX_NUM) return false;
  const void *cls = act_loc_id(a->v, (Expr *)lhs);
  if (!cls) return false;
  for (int k = 0; k < a->body->nbody; k++) {
    if (a->body->body[k] == a->cur_stmt) return true;
    if (adj_stores(a, a->body->body[k], cls, NULL, lhs)) return false;
  }
  return false;  /* not a statement of the body itself */
}

/* malloc/calloc/free/memcpy/memmove/memset. */
static bool memory(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (!c->text || !act_is_memory_fn(c->text)) return false;
  const char *n = c->text;
  if (!strcmp(n, "malloc") || !strcmp(n, "calloc") || !strcmp(n, "realloc")) {
    if (!lhs) {
      st_append(fwd, st_expr(cl(c), loc));
      return true;
    }
    bool shadowed = shadowed_ptr_lhs(a, lhs);
    if (!strcmp(n, "realloc")) {
      diag_at(loc, D_REALLOC_REV);
      return true;
    }
    /* the old pointer matters only to backward code run later (a free of
     * an earlier buffer in the same place, say); saving it otherwise
     * would read a slot malloc left uninitialised */
    bool save = a->phase == 2 && !first && !const_slot_first_write(a, lhs) && (adj_is_read(a, lhs) || escapes(a, lhs));
    if (save) save_both(a, lhs, fwd, loc);
    st_append(fwd, st_assign(cl(lhs), cl(c), loc));
    if (shadowed) {
      Expr *args[2] = {cl(c->args[0]), !strcmp(n, "malloc") ? ex_int(1) : cl(c->args[1])};
      st_append(fwd, st_assign(adj_ptr_shadow(a, lhs), ex_call("calloc", c->type, args, 2), loc));
    }
    /* the buffer lives until the backward sweep is done with it */
    if (shadowed) st_append(bwd, st_expr(ex_call1("free", ty_void(), adj_ptr_shadow(a, lhs)), loc));
    st_append(bwd, st_expr(ex_call1("free", ty_void(), cl(lhs)), loc));
    if (save) restore_both(a, lhs, bwd, loc);
    return true;
  }
  if (!strcmp(n, "free")) return true;  /* deferred: see malloc */
  /* memcpy(d, s, n) / memmove / memset: dst adjoint moves to src, dst restored */
  const Expr *d = ex_strip_implicit(c->args[0]), *src = ex_strip_implicit(c->args[1]);
  Expr *bytes = c->args[2];
  bool save = a->phase == 2 && (adj_is_read(a, ex_deref(cl(d))) || escapes(a, ex_deref(cl(d))));
  if (save) st_append(fwd, adj_push_block(a, cl(d), cl(bytes), loc));
  st_append(fwd, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
  if (adj_ptr_has_shadow(a, d)) {
    Type *et = ty_elem(d->type);
    bool src_active = strcmp(n, "memset") && adj_ptr_has_shadow(a, src);
    if (src_active) {
      if (!ty_has_float(et) || et->kind == TY_VOID) {
        diag_at(loc, D_UNTYPED_COPY, n);
        return true;
      }
      /* t = copy of d_bar; d_bar = 0; s_bar += t (safe when the ranges overlap) */
      Var *t = adj_temp(a, "moved", ty_ptr(ty_unqual(et)), ex_call1("malloc", ty_ptr(ty_void()), cl(bytes)), bwd, loc);
      Expr *cargs[3] = {ex_var(t), adj_ptr_shadow(a, d), cl(bytes)};
      st_append(bwd, st_expr(ex_call("memcpy", ty_ptr(ty_void()), cargs, 3), loc));
      st_append(bwd, d_memset0(adj_ptr_shadow(a, d), cl(bytes), loc));
      Var *k = adj_temp(a, "k", ty_size_t(), NULL, a->top, loc);
      ptrmap_put(&a->nolive, k, (void *)1);
      Stmt *f = st_new(ST_FOR, loc);
      f->init = st_assign(ex_var(k), ex_int(0), loc);
      f->cond = ex_bin(OP_LT, ex_var(k), ex_bin(OP_DIV, cl(bytes), d_sizeof_expr(ex_deref(ex_var(t)))));
      f->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
      f->then = st_block(loc);
      adj_add_fields(a, ex_index(adj_ptr_shadow(a, src), ex_var(k)), ex_index(ex_var(t), ex_var(k)), et, f->then);
      st_append(bwd, f);
      st_append(bwd, st_expr(ex_call1("free", ty_void(), ex_var(t)), loc));
    } else {
      st_append(bwd, d_memset0(adj_ptr_shadow(a, d), cl(bytes), loc));
    }
  }
  if (save) {
    log_redo(a, cl(d), cl(bytes), ex_deref(cl(d)), bwd, loc);
    st_append(bwd, adj_pop_block(a, cl(d), cl(bytes), loc));
  }
  return true;
}

/* y = g(x) with '#pragma ad custom_vjp(g, my_g_vjp)': the forward sweep
 * calls g, the backward sweep my_g_vjp(x, &x_bar.., y_bar) (which computes
 * g again; g may only read through its pointers). */
static bool custom(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  Fn *g = c->text ? mod_find_fn(a->m, c->text) : NULL;
  if (!g || !g->custom_vjp) return false;
  for (int j = 0; j < g->nparams; j++)
    if (ty_is_ptr(g->params[j]->type) && !g->params[j]->type->base->is_const) {
      diag_at(loc, D_CUSTOM_VJP_WRITES, g->name, g->custom_vjp, g->name, g->params[j]->name);
      return true;
    }
  bool save = lhs && a->phase == 2 && !first && (adj_is_read(a, lhs) || own_read(a, lhs) || escapes(a, lhs));
  if (save) save_both(a, lhs, fwd, loc);
  st_append(fwd, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
  bool lhs_active = lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  if (!lhs_active) {
    if (save) restore_both(a, lhs, bwd, loc);
    return true;
  }
  Expr *lb = adj_bar(a, lhs);
  Var *seed = adj_temp(a, "d", lb->type, lb, bwd, loc);
  adj_zero_fields(a, cl(lb), lhs->type, bwd);
  if (save) restore_both(a, lhs, bwd, loc);
  PtrVec args = {0}, post = {0};
  for (int j = 0; j < c->nargs; j++) {
    Expr *arg = c->args[j];
    vec_push(&args, cl(arg));
    if (j >= g->nparams || !act_custom_shadow(g->params[j])) continue;
    Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt)) {
      if (!adj_ptr_has_shadow(a, arg)) {
        diag_at(loc, D_CUSTOM_VJP_UNSIZED, g->custom_vjp, g->name, j + 1);
        return true;
      }
      vec_push(&args, adj_ptr_shadow(a, arg));
    } else {
      Expr *t = pt->kind == TY_RECORD ? NULL : ex_var(adj_temp(a, "arg_bar", pt, d_zero(pt), bwd, loc));
      if (!t) {
        Var *z = adj_temp(a, "arg_bar", ty_unqual(pt), NULL, bwd, loc);
        st_append(bwd, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
        t = ex_var(z);
      }
      vec_push(&args, ex_addr(t));
      vec_push(&post, arg);
      vec_push(&post, t);
    }
  }
  vec_push(&args, ex_var(seed));
  Expr *hc = ex_call(g->custom_vjp, g->ret, (Expr **)args.data, args.len);
  Fn *h = mod_find_fn(a->m, g->custom_vjp);
  if (h && h->is_lowered) hc->fn = h;  /* differentiable again (hessian, jvp(f_grad)) */
  st_append(bwd, st_expr(hc, loc));
  for (int i = 0; i < post.len; i += 2) {
    Expr *arg = post.data[i], *t = post.data[i + 1];
    if (arg->type->kind == TY_RECORD) {
      if (ex_is_lvalue(arg) && act_lvalue_varied(a->v, arg)) adj_add_fields(a, adj_bar(a, arg), t, arg->type, bwd);
    } else {
      adj_expr(a, arg, t, bwd);
    }
  }
  return true;
}

static void assign_any(Adj *a, Expr *lhs, Expr *rhs, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (rhs->kind == EX_CALL && !rule_find(rhs->text)) {
    if (memory(a, lhs, rhs, loc, first, fwd, bwd)) return;
    if (custom(a, lhs, rhs, loc, first, fwd, bwd)) return;
    Variant *cv = act_callee(a->v, rhs);
    if (cv && !tr_call_is_passive(cv)) {
      call(a, lhs, rhs, loc, first, fwd, bwd);
      return;
    }
    /* no derivative: the result is a constant */
    tr_check_external(a->m, a->v, rhs);
    bool save = lhs && a->phase == 2 && !first && (adj_is_read(a, lhs) || escapes(a, lhs));
    if (save) save_both(a, lhs, fwd, loc);
    st_append(fwd, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    if (lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs))
      adj_zero_fields(a, adj_bar(a, lhs), lhs->type, bwd);
    if (save) restore_both(a, lhs, bwd, loc);
    return;
  }
  assign(a, lhs, rhs, loc, first, fwd, bwd);
}

/* ---- Statements ------------------------------------------------------- */

static void rev_block(Adj *a, Stmt *b, Stmt *fwd, Stmt *bwd);

static void stmt(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) {
  SrcLoc loc = s->loc;
  switch (s->kind) {
  case ST_BLOCK: rev_block(a, s, fwd, bwd); break;
  case ST_DECL: {
    Var *x = s->var;
    const Type *base = x->type;
    while (base->kind == TY_ARRAY) base = base->base;
    if (base->kind == TY_RECORD && base->rec && base->rec->is_union && act_var_shadowed(a->v, x)) {
      diag_at(loc, D_UNION_VAR, x->name);
      break;
    }
    if (x->is_static && act_var_shadowed(a->v, x)) {
      diag_at(loc, D_STATIC_LOCAL, x->name);
      break;
    }
    bool hoisted = ptrmap_get(&a->hoisted, x) != NULL;
    bool call_init = s->expr && s->expr->kind == EX_CALL && !rule_find(s->expr->text);
    /* const double c = g(x): declared here, assigned by a later statement */
    if (s->expr && (hoisted || call_init)) x->type = unconst(x->type);
    if (hoisted) {
      Expr *z = ty_is_arith(x->type) || ty_is_ptr(x->type) ? d_zero(x->type) : NULL;
      st_append(a->top, st_decl(x, z, loc));
      if (!z)  /* aggregates start zeroed too: both sweeps may read them before the first write */
        st_append(a->top, d_memset0(x->type->kind == TY_ARRAY ? ex_var(x) : ex_addr(ex_var(x)), d_sizeof_expr(ex_var(x)), loc));
      make_bar(a, x, NULL);
      if (s->expr && s->expr->kind == EX_INIT) {
        diag_at(loc, D_INIT_LIST_IN_BLOCK);
        break;
      }
      if (s->expr) assign_any(a, ex_var(x), s->expr, loc, a->loop_depth == 0, fwd, bwd);
      break;
    }
    if (s->expr && !call_init) {
      /* y's first write: nothing to save; adjoint of the initializer */
      st_append(fwd, st_decl(x, cl(s->expr), loc));
      make_bar(a, x, fwd);
      Stmt *tmp = st_block(loc);
      assign(a, ex_var(x), s->expr, loc, true, tmp, bwd);  /* tmp: the forward copy is the declaration */
      if (ty_is_ptr(x->type) && ptrmap_get(&a->bar, x)) {
        Expr *sb = ptrmap_get(&a->bar, x);
        bool null = ex_is_zero(s->expr) || !adj_ptr_has_shadow(a, s->expr);
        if (null && !ex_is_zero(s->expr)) no_shadow(a, s->expr, loc);
        st_append(fwd, st_assign(cl(sb), null ? ex_int(0) : adj_ptr_shadow(a, s->expr), loc));
      }
    } else {
      /* a scalar declared without a value starts at 0: the forward sweep
       * may save it before its first write (p = q in a loop) */
      bool scalar = !call_init && (ty_is_arith(x->type) || ty_is_ptr(x->type)) && !x->type->is_const;
      st_append(fwd, st_decl(x, scalar ? d_zero(x->type) : NULL, loc));
      make_bar(a, x, fwd);
      if (call_init) assign_any(a, ex_var(x), s->expr, loc, true, fwd, bwd);
    }
    break;
  }
  case ST_ASSIGN: assign_any(a, s->lhs, s->rhs, loc, false, fwd, bwd); break;
  case ST_EXPR:
    if (s->expr->kind == EX_CALL)
      assign_any(a, NULL, s->expr, loc, false, fwd, bwd);
    else
      st_append(fwd, ir_clone_stmt(s, NULL));
    break;
  case ST_IF: {
    Stmt *ft = st_block(loc), *bt = st_block(loc), *fe = st_block(loc), *be = st_block(loc);
    rev_block(a, s->then, ft, bt);
    if (s->els) rev_block(a, s->els, fe, be);
    Stmt *i = st_new(ST_IF, loc);
    i->cond = cl(s->cond);
    i->then = ft;
    i->els = fe->nbody ? fe : NULL;
    if (bt->nbody || be->nbody) {
      /* the branch taken is taped */
      st_append(ft, push_b(1, loc));
      if (!i->els) i->els = fe;
      st_append(fe, push_b(0, loc));
      Stmt *r = st_new(ST_IF, loc);
      r->cond = pop_b();
      r->then = bt;
      r->els = be->nbody ? be : NULL;
      st_append(bwd, r);
    }
    st_append(fwd, i);
    break;
  }
  case ST_FOR:
  case ST_WHILE: {
    Stmt *fi = st_block(loc), *bi = st_block(loc);
    if (s->init) rev_block(a, s->init, fi, bi);
    /* a write of each element once needs no save if nothing read the old
     * values before the loop */
    if (a->phase == 2)
      for (int i = 0; i < a->fresh.cap; i++)
        if (a->fresh.keys && a->fresh.keys[i] && a->fresh.vals[i] == s) {
          Stmt *w = (Stmt *)a->fresh.keys[i];
          if (!adj_is_read(a, w->lhs)) ptrmap_put(&a->fresh_ok, w, (void *)1);
        }
    /* earlier iterations run before every statement of the body */
    if (a->phase == 2) adj_before_add(a, s);
    a->loop_depth++;
    Stmt *fb = st_block(loc), *bb = st_block(loc), *fs = st_block(loc), *bs = st_block(loc);
    Stmt *saved_pre = a->loop_pre;
    a->loop_pre = st_block(loc);
    vec_push(&a->loops, s);
    rev_block(a, s->then, fb, bb);
    a->loops.len--;
    if (a->loop_pre->nbody) {
      /* recomputed buffers first: the iteration's backward code reads them */
      for (int i = 0; i < bb->nbody; i++) st_append(a->loop_pre, bb->body[i]);
      bb = a->loop_pre;
    }
    a->loop_pre = saved_pre;
    if (s->step) rev_block(a, s->step, fs, bs);
    a->loop_depth--;
    for (int i = 0; i < fi->nbody; i++) st_append(fwd, fi->body[i]);
    Stmt *loop = st_new(s->kind, loc);
    loop->is_do = s->is_do;
    loop->cond = cl(s->cond);
    loop->then = fb;
    loop->step = fs->nbody ? fs : NULL;
    Var *ctr;
    Expr *trips, *first;
    long step;
    Stmt *down;
    if (bb->nbody && counted(s, &ctr, &first, &trips, &step, &down)) {
      /* for (i = a; i < b; i += c): the backward loop recomputes the trip
       * count and i from a and b (still valid: the backward code reads them,
       * so later overwrites of them are taped); nothing is pushed */
      bool used = false;
      for (int i = 0; i < bb->nbody && !used; i++) used = stmt_mentions(bb->body[i], ctr);
      Stmt *r = down;
      if (!used || !down) {
        Var *n = adj_temp(a, "iters", ty_long(), ex_int(0), a->top, loc);
        ptrmap_put(&a->nolive, n, (void *)1);
        r = st_new(ST_FOR, loc);
        r->init = st_assign(ex_var(n), trips, loc);
        r->cond = ex_bin(OP_GT, ex_var(n), ex_int(0));
        r->step = st_assign(ex_var(n), ex_bin(OP_SUB, ex_var(n), ex_int(1)), loc);
        r->then = st_block(loc);
        Expr *k = ex_bin(OP_MUL, ex_bin(OP_SUB, ex_var(n), ex_int(1)), ex_num((double)step, ty_long()));
        if (used)
          st_append(r->then, st_assign(ex_var(ctr), ex_cast(ty_unqual(ctr->type), ex_bin(OP_ADD, first, k)), loc));
      }
      for (int i = 0; i < bb->nbody; i++) st_append(r->then, bb->body[i]);
      adj_bulk_tapes(a, loop, r, trips, fwd, bwd, loc);
      st_append(fwd, loop);
      st_append(bwd, r);
      ptrmap_put(&a->recon, r, ctr);
    } else if (bb->nbody || bs->nbody) {
      /* the trip count is taped; the backward loop runs it down */
      Var *n = adj_temp(a, "iters", ty_long(), ex_int(0), a->top, loc);
      ptrmap_put(&a->nolive, n, (void *)1);
      st_append(fwd, st_assign(ex_var(n), ex_int(0), loc));
      Stmt *body = st_block(loc);
      st_append(body, st_assign(ex_var(n), ex_bin(OP_ADD, ex_var(n), ex_int(1)), loc));
      for (int i = 0; i < fb->nbody; i++) st_append(body, fb->body[i]);
      loop->then = body;
      st_append(fwd, loop);
      st_append(fwd, push_i(ex_var(n), loc));
      Stmt *r = st_new(ST_FOR, loc);
      r->init = st_assign(ex_var(n), pop_i(), loc);
      r->cond = ex_bin(OP_GT, ex_var(n), ex_int(0));
      r->step = st_assign(ex_var(n), ex_bin(OP_SUB, ex_var(n), ex_int(1)), loc);
      r->then = st_block(loc);
      for (int i = 0; i < bs->nbody; i++) st_append(r->then, bs->body[i]);
      for (int i = 0; i < bb->nbody; i++) st_append(r->then, bb->body[i]);
      st_append(bwd, r);
    } else {
      st_append(fwd, loop);
    }
    for (int i = 0; i < bi->nbody; i++) st_append(bwd, bi->body[i]);
    break;
  }
  case ST_RETURN: {
    if (!s->expr) break;
    if (a->ret_shadow) {
      bool null = ex_is_zero(s->expr) || !adj_ptr_has_shadow(a, s->expr);
      st_append(fwd, st_assign(ex_deref(ex_var(a->ret_shadow)), null ? ex_int(0) : adj_ptr_shadow(a, s->expr), loc));
    }
    if (a->retval) {
      st_append(fwd, st_assign(ex_var(a->retval), cl(s->expr), loc));
      if (!a->ret_seed) break;
      if (s->expr->type->kind == TY_RECORD) {
        if (ex_is_lvalue(s->expr) && act_lvalue_varied(a->v, s->expr))
          adj_add_fields(a, adj_bar(a, s->expr), a->ret_seed, s->expr->type, bwd);
      } else {
        a->cur_result = NULL;
        adj_expr(a, s->expr, cl(a->ret_seed), bwd);
      }
    }
    break;
  }
  case ST_VERBATIM: st_append(fwd, ir_clone_stmt(s, NULL)); break;
  default: diag_at(loc, D_STMT_NOT_NORMALISED); break;
  }
}

/* One statement: phase 1 records what its backward code reads; phase 2
 * adds that to 'before' once the statement has run. */
static void one(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) {
  PtrMap *saved = a->cur_reads;
  Stmt *saved_stmt = a->cur_stmt;
  a->cur_reads = ptrmap_get(&a->stmt_reads, s);
  a->cur_stmt = s;
  stmt(a, s, fwd, bwd);
  a->cur_reads = saved;
  a->cur_stmt = saved_stmt;
  if (a->phase == 1) {
    PtrMap *r = xmalloc(sizeof *r);
    adj_collect_reads(a, bwd, r);
    ptrmap_put(&a->stmt_reads, s, r);
  } else {
    if (a->trial) {
      /* what this statement's restores read joins R */
      PtrMap now = {0}, *r = ptrmap_get(&a->stmt_reads, s);
      adj_collect_reads(a, bwd, &now);
      for (int i = 0; r && i < now.cap; i++)
        if (now.keys && now.keys[i] && ptrmap_get(&a->stable, now.keys[i]) && !ptrmap_get(r, now.keys[i])) {
          ptrmap_put(r, now.keys[i], (void *)1);
          a->reads_grew = true;
        }
    }
    adj_before_add(a, s);
  }
}

static void rev_block(Adj *a, Stmt *b, Stmt *fwd, Stmt *bwd) {
  if (b->kind != ST_BLOCK) {
    Stmt *r = st_block(b->loc);
    one(a, b, fwd, r);
    for (int k = 0; k < r->nbody; k++) st_append(bwd, r->body[k]);
    return;
  }
  Stmt **revs = xmalloc(sizeof(Stmt *) * (size_t)(b->nbody + 1));
  for (int i = 0; i < b->nbody; i++) {
    revs[i] = st_block(b->body[i]->loc);
    one(a, b->body[i], fwd, revs[i]);
  }
  for (int i = b->nbody - 1; i >= 0; i--)
    for (int k = 0; k < revs[i]->nbody; k++) st_append(bwd, revs[i]->body[k]);
}

void adj_block(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) { rev_block(a, s, fwd, bwd); }
