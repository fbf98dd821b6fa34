/*
 * adjoint_prep.c — reverse mode, preparation passes over a copy of the
 * primal body, before any code is generated.
 * Requires: activity facts (the variant), structure.c (single exit).
 * Provides: adj_prepare: calls hoisted to their own statements (a rule's
 * $r, arguments a callee may change), costly subscripts in temporaries,
 * initializer lists flattened, locals marked for hoisting, and the facts
 * the statement code reads: fresh writes (a->fresh), the caller's memory
 * (a->escaping), malloc'd extents (a->extent), address-taken variables;
 * adj_grad_outputs_ok: grad's one scalar output, checked.
 */
#include <stdint.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* ---- Preparation ------------------------------------------------------ */

/* Active nonlinear calls get their own statement: r = f(u); so that the
 * backward sweep can use r (the rule's $r) and a simple u. */
static Expr *hoist(Adj *a, Expr *e, Stmt *pre, SrcLoc loc) {
  if (!e) return NULL;
  if (e->kind == EX_CALL && rule_find(e->text) && !rule_is_linear(e->text) && act_expr_varied(a->v, e)) {
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
  if ((!c->fn->custom_vjp || a->v->inactive) && (!cv || tr_call_is_passive(cv))) return;
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
    const char *where = a->split ? "in a function called from differentiated code" : "inside a block";
    /* every dimension: double A[2][k] has a constant outer one */
    for (const Type *t = s->var->type; t->kind == TY_ARRAY; t = t->base)
      if (t->vla && !vla_hoistable(a, t->vla)) {
        diag_at(s->loc, D_VLA_IN_BLOCK, s->var->name, where);
        break;
      }
    /* double (*m)[k]: the row length is evaluated where it is declared */
    for (const Type *t = s->var->type->kind == TY_PTR ? s->var->type->base : NULL; t && t->kind == TY_ARRAY; t = t->base)
      if (t->vla && !vla_hoistable(a, t->vla)) {
        diag_at(s->loc, D_VLA_PTR_IN_BLOCK, s->var->name, where);
        break;
      }
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

Type *adj_unconst(Type *t) {
  Type *u = ty_unqual(t);
  if (u->kind == TY_ARRAY && u->base->is_const) {
    u = xmalloc(sizeof *u);
    *u = *t;
    u->is_const = false;
    u->base = adj_unconst(t->base);
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
      if (c->kind == ST_DECL && c->expr && c->expr->kind == EX_INIT && !c->var->is_static &&  /* (a static's runs once) */
          (nested || a->split || act_expr_varied(a->v, c->expr) || act_var_shadowed(a->v, c->var))) {
        Expr *init = c->expr;
        c->expr = NULL;
        c->var->type = adj_unconst(c->var->type);
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
    if (depth == 0 && s->kind == ST_FOR && st && st->kind == ST_ASSIGN && adj_invertible(st->lhs, st->rhs) &&
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

int adj_count_writes(const Stmt *s, const Var *x) {
  if (!s) return 0;
  int n = (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == x) ||
          (s->kind == ST_DECL && s->var == x && s->expr);
  n += adj_count_writes(s->then, x) + adj_count_writes(s->els, x) + adj_count_writes(s->init, x) + adj_count_writes(s->step, x);
  for (int i = 0; i < s->nbody; i++) n += adj_count_writes(s->body[i], x);
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

/* Declarations of x initialised to a null pointer (double *q_dot = 0). */
static int null_inits(const Stmt *s, const Var *x) {
  if (!s) return 0;
  int n = s->kind == ST_DECL && s->var == x && s->expr && ex_is_zero(s->expr);
  n += null_inits(s->then, x) + null_inits(s->els, x) + null_inits(s->init, x) + null_inits(s->step, x);
  for (int i = 0; i < s->nbody; i++) n += null_inits(s->body[i], x);
  return n;
}

/* A pointer malloc'd once: its only write, or its only write besides a
 * null initialiser when the allocation runs unconditionally at the top of
 * the body (a tangent buffer, double *q_dot = 0; ... q_dot = calloc(...)). */
static bool allocated_once(const Stmt *s, const Stmt *fnbody, const Var *x, bool top) {
  int n = adj_count_writes(fnbody, x);
  return n == 1 || (top && s->kind == ST_ASSIGN && n - null_inits(fnbody, x) == 1);
}

/* ---- Allocators that return their block at an offset -------------------
 * NR's dvector: double *v = malloc((nh - nl + 1 + NR_END) * sizeof(double));
 * (checks); return v - nl + NR_END. The block is (p - OFF, BYTES) for
 * p = dvector(lo, hi), OFF and BYTES over the allocator's parameters with
 * the call's arguments put in. */

static const Expr *uncast(const Expr *e) {
  e = ex_strip_implicit(e);
  while (e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return e;
}

static bool is_malloc(const Expr *e) {
  e = uncast(e);
  return e->kind == EX_CALL && e->text && !e->rt && (str_eq(e->text, "malloc") || str_eq(e->text, "calloc"));
}

/* e over g's integer parameters that g does not write, and constants */
static bool over_params(const Expr *e, const Fn *g) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR: return e->var->kind == VAR_PARAM && e->var->type->kind == TY_INT && !adj_writes_var(g->body, e->var);
  case EX_CAST:
  case EX_UN: return over_params(e->lhs, g);
  case EX_BIN: return over_params(e->lhs, g) && over_params(e->rhs, g);
  default: return false;
  }
}

/* e is v + OFF (a sum of integer terms over g's parameters): OFF into *off (NULL: 0) */
static bool alloc_offset(const Expr *e, const Var *v, const Fn *g, Expr **off) {
  e = uncast(e);
  if (e->kind == EX_VAR && e->var == v) return true;
  if (e->kind != EX_BIN || (e->op != OP_ADD && e->op != OP_SUB)) return false;
  bool left = ty_is_ptr(e->lhs->type);
  const Expr *ptr = left ? e->lhs : e->rhs, *term = left ? e->rhs : e->lhs;
  if ((!left && e->op == OP_SUB) || !over_params(term, g) || !alloc_offset(ptr, v, g, off)) return false;
  Expr *t = ir_clone_expr(term, NULL);
  *off = *off ? ex_bin(e->op, *off, t) : e->op == OP_SUB ? ex_un(OP_NEG, t) : t;
  return true;
}

static Walk count_return(Stmt *s, void *ctx) {
  if (s->kind == ST_RETURN) ++*(int *)ctx;
  return WALK_ON;
}

/* g's bytes and offset: its body declares one pointer it mallocs, writes it
 * nowhere else, and ends returning it plus an offset (its only return). */
static bool offset_allocator(const Fn *g, Expr **bytes, Expr **off) {
  const Stmt *b = g->body;
  if (!b || b->kind != ST_BLOCK || !b->nbody) return false;
  const Stmt *ret = b->body[b->nbody - 1];
  const Expr *alloc = NULL;
  const Var *v = NULL;
  for (int i = 0; i < b->nbody && !v; i++) {  /* double *v = malloc(..), or v = (double *)malloc(..) */
    const Stmt *t = b->body[i];
    if (t->kind == ST_DECL && t->expr && is_malloc(t->expr)) v = t->var, alloc = t->expr;
    if (t->kind == ST_ASSIGN && t->lhs->kind == EX_VAR && is_malloc(t->rhs)) v = t->lhs->var, alloc = t->rhs;
  }
  if (!v || v->kind != VAR_LOCAL || ret->kind != ST_RETURN || !ret->expr || adj_count_writes(b, v) != 1) return false;
  int nret = 0;
  st_each(b, count_return, &nret);
  if (nret != 1) return false;
  const Expr *m = uncast(alloc);
  Expr *by = str_eq(m->text, "malloc") ? ir_clone_expr(m->args[0], NULL)
                                       : ex_bin(OP_MUL, ir_clone_expr(m->args[0], NULL), ir_clone_expr(m->args[1], NULL));
  *off = NULL;
  if (!over_params(by, g) || !alloc_offset(ret->expr, v, g, off) || !*off) return false;
  *bytes = by;
  return true;
}

/* e with g's parameters replaced by the call's arguments */
static Expr *put_args(const Expr *e, const Fn *g, const Expr *call) {
  if (!e) return NULL;
  if (e->kind == EX_VAR)
    for (int i = 0; i < g->nparams && i < call->nargs; i++)
      if (g->params[i] == e->var) return ir_clone_expr(call->args[i], NULL);
  Expr *c = ir_clone_expr(e, NULL);
  c->lhs = put_args(e->lhs, g, call);
  c->rhs = put_args(e->rhs, g, call);
  return c;
}

static void find_extents(Adj *a, Stmt *s, Stmt *fnbody, bool top) {
  if (!s) return;
  Expr *lhs = s->kind == ST_DECL ? (s->expr ? ex_var(s->var) : NULL) : s->kind == ST_ASSIGN ? s->lhs : NULL;
  Expr *rhs = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  Expr *by, *off;
  if (lhs && lhs->kind == EX_VAR && ty_is_ptr(lhs->type) && rhs && rhs->kind == EX_CALL && rhs->fn &&
      offset_allocator(rhs->fn, &by, &off) && allocated_once(s, fnbody, lhs->var, top)) {
    Expr **e = xmalloc(2 * sizeof *e);
    e[0] = put_args(off, rhs->fn, rhs);
    e[1] = put_args(by, rhs->fn, rhs);
    if (plain_in(e[0], fnbody) && plain_in(e[1], fnbody)) ptrmap_put(&a->at_extent, lhs->var, e);
  }
  if (lhs && lhs->kind == EX_VAR && ty_is_ptr(lhs->type) && rhs && rhs->kind == EX_CALL && rhs->text &&
      (str_eq(rhs->text, "malloc") || str_eq(rhs->text, "calloc")) && allocated_once(s, fnbody, lhs->var, top)) {
    Expr *bytes = str_eq(rhs->text, "malloc") ? ir_clone_expr(rhs->args[0], NULL)
                                              : ex_bin(OP_MUL, ir_clone_expr(rhs->args[0], NULL),
                                                       ir_clone_expr(rhs->args[1], NULL));
    if (plain_in(bytes, fnbody)) ptrmap_put(&a->extent, lhs->var, bytes);
  }
  find_extents(a, s->then, fnbody, false);
  find_extents(a, s->els, fnbody, false);
  find_extents(a, s->init, fnbody, false);
  find_extents(a, s->step, fnbody, false);
  for (int i = 0; i < s->nbody; i++) find_extents(a, s->body[i], fnbody, s == fnbody && s->kind == ST_BLOCK);
}

/* Pointers that trade buffers (t = a; a = b; b = t: a time stepper's
 * ping-pong) point to buffers of one size when every write of each is a
 * malloc of that size or a copy of another of them: the sizes a
 * checkpointed loop's state needs (a->swap_extent). Per variable its
 * writes; then sizes by a descending fixed point: unknown, one size,
 * none (NONE). */
static bool none_mark;
#define NONE ((Expr *)&none_mark)

static Walk swap_writes(Stmt *s, void *ctx) {
  PtrMap *writes = ctx;
  Expr *lhs = s->kind == ST_DECL ? (s->expr ? ex_var(s->var) : NULL) : s->kind == ST_ASSIGN ? s->lhs : NULL;
  Expr *rhs = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  if (!lhs || lhs->kind != EX_VAR || !ty_is_ptr(lhs->type)) return WALK_ON;
  PtrVec *w = ptrmap_get(writes, lhs->var);
  if (!w) ptrmap_put(writes, lhs->var, w = xmalloc(sizeof *w));
  vec_push(w, rhs);
  return WALK_ON;
}

static Walk sizeof_by_type(Expr *e, void *ctx) {
  (void)ctx;
  if (e->kind == EX_SIZEOF && e->lhs) {
    Expr *t = ex_sizeof_type(ty_unqual(e->lhs->type));
    *e = *t;
    return WALK_SKIP;
  }
  return WALK_ON;
}

/* The size a write gives: NULL when it says nothing (yet): a null start,
 * or a copy of a pointer whose size is not known yet. */
static Expr *write_size(Expr *rhs, PtrMap *writes, PtrMap *size, const Stmt *fnbody) {
  rhs = (Expr *)ex_strip_implicit(rhs);
  while (rhs->kind == EX_CAST) rhs = (Expr *)ex_strip_implicit(rhs->lhs);
  if (ex_is_zero(rhs)) return NULL;
  if (rhs->kind == EX_VAR) return ptrmap_get(writes, rhs->var) ? ptrmap_get(size, rhs->var) : NONE;  /* (a parameter: NONE) */
  if (rhs->kind != EX_CALL || !rhs->text || !(str_eq(rhs->text, "malloc") || str_eq(rhs->text, "calloc"))) return NONE;
  Expr *bytes = str_eq(rhs->text, "malloc") ? rhs->args[0] : ex_bin(OP_MUL, rhs->args[0], rhs->args[1]);
  if (!plain_in(bytes, fnbody)) return NONE;
  bytes = ir_clone_expr(bytes, NULL);
  ex_each(bytes, sizeof_by_type, NULL);  /* n * sizeof *a and n * sizeof *b: one size */
  return bytes;
}

static void find_swap_extents(Adj *a, Stmt *b) {
  PtrMap writes = {0}, size = {0};  /* Var* -> PtrVec* of right sides; Var* -> Expr* (NULL: unknown yet) */
  st_each(b, swap_writes, &writes);
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < writes.cap; i++) {
      Var *p = (Var *)writes.keys[i];
      if (!p || ptrmap_get(&size, p) == NONE) continue;
      PtrVec *w = writes.vals[i];
      Expr *now = ptrmap_get(&size, p);
      for (int k = 0; k < w->len && now != NONE; k++) {
        Expr *e = write_size(w->data[k], &writes, &size, b);
        if (!e) continue;
        if (!now) now = e;
        else if (e == NONE || (e != now && !ir_expr_equal(e, now))) now = NONE;
      }
      if (now != ptrmap_get(&size, p)) {
        ptrmap_put(&size, p, now);
        changed = true;
      }
    }
  }
  for (int i = 0; i < size.cap; i++)
    if (size.keys[i] && size.vals[i] && size.vals[i] != NONE && ((Var *)size.keys[i])->kind == VAR_LOCAL)
      ptrmap_put(&a->swap_extent, size.keys[i], size.vals[i]);
}

Stmt *adj_prepare(Adj *a, Stmt *body) {
  for (int j = 0; j < a->primal->nparams; j++)
    if (!a->v->preserve || a->v->preserve[j]) note_escaping(a, ex_var(a->primal->params[j]));
  Stmt *b = ir_clone_stmt(body, NULL);
  adj_omp_split_regions(b);  /* a parallel region of 'omp for' loops: parallel for loops */
  adj_omp_hoist_bounds(a, b);  /* i <= f->n: read once before the loop, as OpenMP does */
  adj_omp_framed_sums(a, b);  /* reduction(+:s), &s taken in a split function: s_red, not the frame's *s */
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
  find_extents(a, b, b, false);
  find_swap_extents(a, b);
  return b;
}

/* f stores p[i] with i not the constant 0: p is more than one value (an
 * unsized output of grad must be one) */
static Walk past_first(Stmt *s, void *p) {
  if (s->kind != ST_ASSIGN || s->lhs->kind != EX_INDEX) return WALK_ON;
  const Expr *b = ex_strip_implicit(s->lhs->lhs);
  return b->kind == EX_VAR && b->var == p && !ex_is_zero(ex_strip_implicit(s->lhs->rhs)) ? WALK_STOP : WALK_ON;
}

bool adj_stores_past_first(Fn *f, const Var *p) { return !ir_walk(&(IrWalk){.st = past_first, .ctx = (void *)p}, f->body); }

/* grad (and the gradient of a hessian or hvp) differentiates one scalar
 * output: before activity (solved false) what the clauses say, after it
 * the defaults and what f stores. */
bool adj_grad_outputs_ok(const Request *r, bool solved) {
  if (r->dir != DIR_GRAD) return true;
  const ReqItem *o = r->nout == 1 ? &r->out[0] : NULL;
  if (!solved) {
    const Expr *osz = o && o->param >= 0 ? o->size_expr : NULL;
    if (r->serves && (!o || (osz && !(osz->kind == EX_NUM && osz->value == 1)))) {
      diag_at(r->serves->loc, D_SECOND_ONE_OUTPUT, directive_name(r->serves->dir));  /* in the hessian's terms */
      return false;
    }
    if (r->has_out && !o) {
      diag_at(r->loc, D_GRAD_OUTPUTS);
      return false;
    }
    /* out(s[1]) on a struct: not one scalar to seed by 1 (the seed was
     * `S s_seed[1] = {1.0}`, which does not compile) */
    const Type *st = o && o->param >= 0 ? ty_elem(r->fn->params[o->param]->type) : NULL;
    if (st && st->kind == TY_RECORD) {
      diag_at(r->serves ? r->serves->loc : o->loc, D_GRAD_STRUCT_OUT,
              directive_name(r->serves ? r->serves->dir : r->dir), o->name, st->name ? st->name : "a struct");
      return false;
    }
    return true;
  }
  if (!o) {
    diag_at(r->loc, D_GRAD_OUTPUTS_N, r->fname, r->nout);
    return false;
  }
  if (o->param >= 0 && o->size_expr && !(o->size_expr->kind == EX_NUM && o->size_expr->value == 1)) {
    diag_at(o->loc, D_GRAD_OUT_SIZE, o->name);
    return false;
  }
  if (o->param >= 0 && !o->size_expr && adj_stores_past_first(r->fn, r->fn->params[o->param])) {
    diag_at(o->loc, D_GRAD_OUT_ARRAY, r->fname, o->name, o->name, o->name);  /* one value: not y of y[i] = */
    return false;
  }
  if (o->param < 0 && !ty_is_float(r->fn->ret)) {
    diag_at(r->loc, D_GRAD_STRUCT_RETURN, r->fname);
    return false;
  }
  Type *ot = o->param < 0 ? r->fn->ret : ty_elem(r->fn->params[o->param]->type);
  if (ty_is_complex(ot)) {  /* two real outputs */
    diag_at(o->param < 0 ? r->loc : o->loc, D_GRAD_COMPLEX, o->param < 0 ? r->fname : o->name);
    return false;
  }
  return true;
}
