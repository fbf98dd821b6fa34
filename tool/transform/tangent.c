/*
 * tangent.c — forward mode (jvp). S2 -> S3.
 * Requires: activity (analysis.h). Preserves: SrcLoc of every primal
 * statement on its tangent statements. Breaks: nothing (the primal is read
 * only; generated code shares its Var objects for primal variables).
 *
 * Every active variable x gets a shadow x_dot of the same type, so a
 * derivative of a memory location is found by following the same path from
 * the shadow root: p->v[i] has tangent p_dot->v[i]. Statements become
 *   lhs = rhs   =>   shadow(lhs) = tangent(rhs); lhs = rhs;
 * (tangent first, since rhs may read lhs). Nonlinear math calls with active
 * arguments are evaluated once into temporaries with their tangents.
 */
#include <string.h>

#include "../ir/rules.h"
#include "tangent_int.h"


static const char *variant_name(Module *m, Variant *cv) {
  if (!cv->name) {
    cv->name = tr_fresh_fn_name(m, xfmt("%s_jvp", cv->fn->name));
    vec_push(&m->jvp_queue, cv);
  }
  return cv->name;
}


static void free_scratch(Tan *t, SrcLoc loc) {
  for (int i = 0; i < t->scratch.len; i++) emit(t, d_free(t->scratch.data[i], loc));
}


Var *tan_new_shadow(Tan *t, Var *x, VarKind kind) {
  Var *d = fn_new_var(t->out, xfmt("%s_dot", x->name), ty_unqual(x->type), kind, x->loc);
  if (x->type->is_const && kind == VAR_PARAM) d->type = x->type;
  ptrmap_put(&t->shadow, x, d);
  vec_push(&t->out->shadows, d);
  return d;
}

/* ---- Shadows of lvalues and pointers --------------------------------- */

static Expr *tan_root(void *ctx, Var *x) {
  Var *d = shadow_var(ctx, x);
  return d ? ex_var(d) : NULL;
}

/* The same access path, rooted at the shadow: x[i].f -> x_dot[i].f. */
Expr *tan_shadow_of(Tan *t, const Expr *e) { return tr_shadow_path(e, tan_root, t, t->v); }

/* ---- Tangents of expressions ----------------------------------------- */

static Expr *tangent(Tan *t, const Expr *e);


static Expr *tangent(Tan *t, const Expr *e) {
  if (!e || !ty_has_float(e->type)) return NULL;
  switch (e->kind) {
  case EX_VAR: {
    Var *d = shadow_var(t, e->var);
    return d ? ex_var(d) : NULL;
  }
  case EX_INDEX:
  case EX_MEMBER:
  case EX_DEREF: return act_lvalue_varied(t->v, (Expr *)e) ? tan_shadow_of(t, e) : NULL;
  case EX_BIN: {
    Expr *a = tangent(t, e->lhs), *b = tangent(t, e->rhs);
    if (!a && !b) return NULL;
    switch (e->op) {
    /* y = u + v  =>  y_dot = u_dot + v_dot */
    case OP_ADD: return d_add(a, b);
    case OP_SUB: return d_sub(a, b);
    /* y = u * v  =>  y_dot = u_dot * v + u * v_dot */
    case OP_MUL: return d_add(d_mul(a, cl(e->rhs)), d_mul(cl(e->lhs), b));
    /* y = u / v  =>  y_dot = (u_dot - (u / v) * v_dot) / v: one division
     * by v where v * v would overflow (|v| > 1e154) or underflow, and in a
     * vector sweep u / v is the same in every lane (computed once) */
    case OP_DIV: {
      if (!b) return d_div(a, cl(e->rhs));
      Expr *q = ex_bin(OP_DIV, cl(e->lhs), cl(e->rhs));
      q->type = e->type;
      return d_div(d_sub(a, d_mul(q, b)), cl(e->rhs));
    }
    default: return NULL;
    }
  }
  case EX_UN:
    if (e->op == OP_NEG) return d_neg(tangent(t, e->lhs));
    if (e->op == OP_PLUS) return tangent(t, e->lhs);
    return NULL;
  case EX_CAST: {
    Expr *a = tangent(t, e->lhs);
    if (!a) return NULL;
    if (ty_same(a->type, e->type)) return a;
    Expr *c = ex_cast(ty_unqual(e->type), a);
    c->is_implicit = e->is_implicit;
    return c;
  }
  case EX_COND: {
    Expr *a = tangent(t, e->lhs), *b = tangent(t, e->rhs);
    if (!a && !b) return NULL;
    return ex_cond(cl(e->cond), d_or_zero(a, e->type), d_or_zero(b, e->type));
  }
  case EX_CALL:
    if (rule_is_linear(e->text)) {  /* creal(z): creal(z_dot), in place */
      Expr *dot = NULL;
      for (int i = 0; i < e->nargs; i++) {
        Expr *ad = tangent(t, e->args[i]);
        if (ad) dot = d_add(dot, tr_rule_tangent(e, i, e, ad));
      }
      return dot;
    }
    if (act_expr_varied(t->v, (Expr *)e)) diag_at(e->loc, D_MATH_NOT_NORMALISED);
    return NULL;
  default: return NULL;
  }
}

/* Nonlinear math calls with active arguments are computed once:
 *   y = sin(u)  =>  double s = sin(u); double s_dot = cos(u) * u_dot;   */
static bool writes_active_ptr(Tan *t, const Expr *call) {
  for (int i = 0; i < call->nargs; i++)
    if (ty_is_ptr(call->args[i]->type) && act_ptr_shadowed(t->v, call->args[i])) return true;
  return false;
}

static bool hoisted_call(Tan *t, const Expr *e) {
  return e->kind == EX_CALL && rule_find(e->text) && !rule_is_linear(e->text) &&
         (act_expr_varied(t->v, (Expr *)e) || writes_active_ptr(t, e));
}

static Walk is_hoisted(Expr *e, void *t) { return hoisted_call(t, e) ? WALK_STOP : WALK_ON; }

/* Does e hold a call that hoist() computes into a temporary? */
static bool has_hoisted_call(Tan *t, const Expr *e) { return !ex_each(e, is_hoisted, t); }

static Expr *hoist(Tan *t, Expr *e, SrcLoc loc);

/* c ? u : v with a math call in an arm: hoisted before the ?:, the call
 * would run whatever c is (sqrt of a negative: FE_INVALID, extra calls).
 * Each arm is computed with its tangent under the condition instead:
 *   double r, r_dot; if (c) { <u's calls>; r = u; r_dot = u_dot; } else ... */
static Expr *hoist_arms(Tan *t, Expr *e, SrcLoc loc) {
  Var *r = fn_new_var(t->out, "sel", ty_unqual(e->type), VAR_LOCAL, loc);
  Stmt *arm[2];
  Expr *val[2], *dot[2];
  Stmt *saved = t->cur;
  for (int k = 0; k < 2; k++) {
    t->cur = arm[k] = st_block(loc);
    val[k] = hoist(t, k ? e->rhs : e->lhs, loc);
    dot[k] = tangent(t, val[k]);
  }
  t->cur = saved;
  emit(t, st_decl(r, NULL, loc));
  Var *rd = dot[0] || dot[1] ? tan_new_shadow(t, r, VAR_LOCAL) : NULL;
  if (rd) emit(t, st_decl(rd, NULL, loc));
  for (int k = 0; k < 2; k++) {
    if (rd) st_append(arm[k], st_assign(ex_var(rd), d_or_zero(dot[k], r->type), loc));
    st_append(arm[k], st_assign(ex_var(r), val[k], loc));
  }
  Stmt *n = st_new(ST_IF, loc);
  n->cond = e->cond;
  n->then = arm[0];
  n->els = arm[1];
  emit(t, n);
  return ex_var(r);
}

static Expr *hoist(Tan *t, Expr *e, SrcLoc loc) {
  if (!e) return NULL;
  if (hoisted_call(t, e)) {
    Expr *c = cl(e);
    for (int i = 0; i < c->nargs; i++) {
      Expr *a = hoist(t, c->args[i], loc);
      if (!d_is_simple(a) && act_expr_varied(t->v, a)) {
        Var *av = fn_new_var(t->out, "u", ty_unqual(a->type), VAR_LOCAL, loc);
        Expr *ad = tangent(t, a);
        emit(t, st_decl(av, a, loc));
        if (ad) emit(t, st_decl(tan_new_shadow(t, av, VAR_LOCAL), ad, loc));
        a = ex_var(av);
      }
      c->args[i] = a;
    }
    const char *fname = str_starts(c->text, "__builtin_") ? c->text + 10 : c->text;
    Var *r = fn_new_var(t->out, xfmt("%s_r", fname), ty_unqual(c->type), VAR_LOCAL, loc);
    Expr *rv = ex_var(r);
    Expr *dot = NULL;
    for (int i = 0; i < c->nargs; i++) {
      Expr *ad = tangent(t, c->args[i]);
      if (ad) dot = d_add(dot, tr_rule_tangent(c, i, rv, ad));
    }
    emit(t, st_decl(r, c, loc));
    emit(t, st_decl(tan_new_shadow(t, r, VAR_LOCAL), d_or_zero(dot, r->type), loc));
    /* modf(x, &ip): the integral part has derivative 0 */
    for (int i = 0; i < c->nargs; i++)
      if (ty_is_ptr(c->args[i]->type) && ty_has_float(c->args[i]->type->base) && act_ptr_shadowed(t->v, c->args[i]))
        emit(t, st_assign(ex_deref(tan_shadow_of(t, c->args[i])), d_zero(c->args[i]->type->base), loc));
    return ex_var(r);
  }
  Expr *c = e;
  /* what c ? u : v, c && u and c || u may not evaluate stays under its
   * condition; the right of && and || is an int and needs no tangent */
  if (e->kind == EX_COND) {
    c->cond = hoist(t, e->cond, loc);
    if (ty_has_float(e->type) && (has_hoisted_call(t, e->lhs) || has_hoisted_call(t, e->rhs)))
      return hoist_arms(t, c, loc);
    return c;
  }
  if (e->lhs) c->lhs = hoist(t, e->lhs, loc);
  if (e->kind == EX_BIN && (e->op == OP_LAND || e->op == OP_LOR)) return c;
  if (e->rhs) c->rhs = hoist(t, e->rhs, loc);
  if (e->cond) c->cond = hoist(t, e->cond, loc);
  if (e->kind != EX_CALL || rule_is_linear(e->text))  /* creal(sin(z)): its argument's calls */
    for (int i = 0; i < e->nargs; i++) c->args[i] = hoist(t, e->args[i], loc);
  return c;
}

/* ---- Statements ------------------------------------------------------ */

static void tan_block(Tan *t, Stmt *s);

static Stmt *sub_block(Tan *t, Stmt *s) {
  if (!s) return NULL;
  Stmt *saved = t->cur;
  Stmt *b = st_block(s->loc);
  t->cur = b;
  if (s->kind == ST_BLOCK)
    for (int i = 0; i < s->nbody; i++) tan_block(t, s->body[i]);
  else
    tan_block(t, s);
  t->cur = saved;
  return b;
}

/* y = g(args)  =>  y = g_jvp(a, a_dot, ..., &y_dot) */
static void tan_call(Tan *t, Expr *lhs, Expr *call, SrcLoc loc) {
  Variant *cv = act_callee(t->v, call);
  Fn *g = call->fn;
  bool ptr_shadow = lhs && ty_is_ptr(lhs->type) &&
                    (lhs->kind == EX_VAR ? shadow_var(t, lhs->var) != NULL : act_ptr_shadowed(t->v, lhs));
  if (ptr_shadow && !cv->ret_shadow) {
    diag_at(loc, D_RETURNS_POINTER);
    return;
  }
  PtrVec args = {0};
  call = cl(call);
  for (int j = 0; j < call->nargs; j++) call->args[j] = hoist(t, call->args[j], loc);
  for (int j = 0; j < call->nargs; j++) {
    Expr *a = call->args[j];
    vec_push(&args, cl(a));
    if (j >= g->nparams || !cv->shadow[j]) continue;
    Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt)) {
      vec_push(&args, act_ptr_shadowed(t->v, a) ? tan_shadow_of(t, a) : ex_int(0));
    } else if (pt->kind == TY_RECORD) {
      /* floating fields varied, or pointers leading to varied memory */
      Expr *d = ex_is_lvalue(a) && act_ptr_shadowed(t->v, ex_addr(cl(a))) ? tan_shadow_of(t, a) : NULL;
      if (!d) {
        Var *z = fn_new_var(t->out, "zero", ty_unqual(pt), VAR_LOCAL, loc);
        emit(t, st_decl(z, NULL, loc));
        emit(t, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
        d = ex_var(z);
      }
      vec_push(&args, d);
    } else {
      vec_push(&args, d_or_zero(tangent(t, a), pt));
    }
  }
  Expr *res_dot = NULL;
  bool lhs_active = (lhs && ty_has_float(lhs->type) && act_lvalue_varied(t->v, lhs)) || ptr_shadow;
  if (cv->ret || cv->ret_shadow) {
    if (lhs_active && lhs->kind == EX_VAR && shadow_var(t, lhs->var) && !ex_mentions(call, lhs->var)) {
      res_dot = ex_var(shadow_var(t, lhs->var));
      vec_push(&args, ex_addr(res_dot));
      res_dot = NULL;
    } else {
      Var *rd = fn_new_var(t->out, xfmt("%s_dot", g->name), ty_unqual(g->ret), VAR_LOCAL, loc);
      vec_push(&t->out->shadows, rd);  /* a tangent: one per direction in vector mode */
      emit(t, st_decl(rd, NULL, loc));
      vec_push(&args, ex_addr(ex_var(rd)));
      res_dot = ex_var(rd);
    }
  }
  Expr *c = ex_call(variant_name(t->m, cv), call->type, (Expr **)args.data, args.len);
  c->loc = call->loc;
  emit(t, lhs ? st_assign(cl(lhs), c, loc) : st_expr(c, loc));
  if (lhs_active && (res_dot || !(cv->ret || cv->ret_shadow)))
    emit(t, st_assign(tan_shadow_of(t, lhs), d_or_zero(res_dot, lhs->type), loc));
}

/* y = g(x) with '#pragma ad custom_jvp(g, my_g_jvp)':
 *   y = my_g_jvp(x, x_dot, ..., &y_dot)   (every floating argument with its tangent) */
static bool tan_custom(Tan *t, Expr *lhs, Expr *call, SrcLoc loc) {
  Fn *g = call->text ? mod_find_fn(t->m, call->text) : NULL;
  if (!g || !g->custom_jvp || t->v->inactive) return false;  /* (inactive: g's own body, constant) */
  call = cl(call);
  for (int j = 0; j < call->nargs; j++) call->args[j] = hoist(t, call->args[j], loc);
  PtrVec args = {0};
  for (int j = 0; j < call->nargs; j++) {
    Expr *a = call->args[j];
    vec_push(&args, cl(a));
    if (j >= g->nparams || !act_custom_shadow(g->params[j])) continue;
    Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt)) {
      if (!act_ptr_shadowed(t->v, a)) {
        diag_at(loc, D_CUSTOM_JVP_UNSIZED, g->custom_jvp, g->name, j + 1, g->name);
        return true;
      }
      vec_push(&args, tan_shadow_of(t, a));
    } else if (pt->kind == TY_RECORD) {
      if (ex_is_lvalue(a) && act_lvalue_varied(t->v, a)) {
        vec_push(&args, tan_shadow_of(t, a));
      } else {
        Var *z = fn_new_var(t->out, "zero", ty_unqual(pt), VAR_LOCAL, loc);
        emit(t, st_decl(z, NULL, loc));
        emit(t, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
        vec_push(&args, ex_var(z));
      }
    } else {
      vec_push(&args, d_or_zero(tangent(t, a), pt));
    }
  }
  bool lhs_active = lhs && ty_has_float(lhs->type) && act_lvalue_varied(t->v, lhs);
  Var *rd = NULL;
  if (ty_is_float(g->ret) || (g->ret->kind == TY_RECORD && ty_has_float(g->ret))) {
    rd = fn_new_var(t->out, xfmt("%s_dot", g->name), ty_unqual(g->ret), VAR_LOCAL, loc);
    vec_push(&t->out->shadows, rd);
    emit(t, st_decl(rd, NULL, loc));
    vec_push(&args, ex_addr(ex_var(rd)));
  }
  Expr *c = ex_call(g->custom_jvp, g->ret, (Expr **)args.data, args.len);
  c->loc = call->loc;
  Fn *h = mod_find_fn(t->m, g->custom_jvp);
  if (h && h->is_lowered) c->fn = h;  /* differentiable again (grad(f_jvp), jvp(f_jvp)) */
  emit(t, lhs ? st_assign(cl(lhs), c, loc) : st_expr(c, loc));
  if (lhs_active) emit(t, st_assign(tan_shadow_of(t, lhs), rd ? ex_var(rd) : d_zero(lhs->type), loc));
  return true;
}

static void check_global_write(Expr *lhs, SrcLoc loc) {
  Var *root = ex_root_var(lhs);
  if (root && root->kind == VAR_GLOBAL && root->is_static && !root->is_extern_def)
    diag_at(loc, D_STATIC_WRITE, root->name);
}

/* lhs = rhs, with rhs pure (calls handled by the caller). */
/* e, a struct, has a shadow (a local's, or memory with derivative storage) */
static bool rec_shadowed(Tan *t, Expr *e) {
  if (e->kind == EX_VAR) return shadow_var(t, e->var) != NULL;
  return ex_is_lvalue(e) && act_ptr_shadowed(t->v, ex_addr(cl(e)));
}

static void tan_assign(Tan *t, Expr *lhs, Expr *rhs, SrcLoc loc, bool is_decl) {
  Stmt *tangent_stmt = NULL;
  bool ptr_active = ty_is_ptr(lhs->type) && !ty_ptr_never_shadowed(lhs->type) &&
                    (lhs->kind == EX_VAR ? shadow_var(t, lhs->var) != NULL : act_ptr_shadowed(t->v, lhs));
  if (ptr_active) {
    bool null = ex_is_zero(rhs) || !act_ptr_shadowed(t->v, rhs);
    tangent_stmt = st_assign(tan_shadow_of(t, lhs), null ? ex_int(0) : tan_shadow_of(t, rhs), loc);
  } else if (ty_has_float(lhs->type) && act_lvalue_varied(t->v, lhs)) {
    Var *root = ex_root_var(lhs);
    if (root && root->kind == VAR_GLOBAL) {
      diag_at(loc, D_GLOBAL_WRITE, root->name);
      return;
    }
    bool constant = act_stores_constant(t->v, act_loc_id(t->v, lhs));  /* (inactive: the caller's memory) */
    if (lhs->type->kind == TY_RECORD || lhs->type->kind == TY_ARRAY) {
      /* (a struct holding pointers: its shadow's pointers follow, whatever its values) */
      bool ptrs = lhs->type->kind == TY_RECORD && ty_holds_ptr(lhs->type) && ex_is_lvalue(rhs) && rec_shadowed(t, rhs);
      if (rhs->kind == EX_INIT || !ex_is_lvalue(rhs) || (!act_lvalue_varied(t->v, rhs) && !ptrs) || constant)
        tangent_stmt = d_memset0(ex_addr(tan_shadow_of(t, lhs)), d_sizeof_expr(tan_shadow_of(t, lhs)), loc);
      else
        tangent_stmt = st_assign(tan_shadow_of(t, lhs), tan_shadow_of(t, rhs), loc);
    } else {
      tangent_stmt = st_assign(tan_shadow_of(t, lhs), constant ? d_zero(lhs->type) : d_or_zero(tangent(t, rhs), lhs->type), loc);
    }
  } else if (lhs->type->kind == TY_RECORD && ty_holds_ptr(lhs->type) && ex_is_lvalue(rhs) && rec_shadowed(t, lhs) &&
             rec_shadowed(t, rhs)) {
    /* View w = v, a struct of pointers and integers: w_dot's pointers are v_dot's */
    tangent_stmt = st_assign(tan_shadow_of(t, lhs), tan_shadow_of(t, rhs), loc);
  }
  /* x += c: the tangent update x_dot = x_dot says nothing (clang: -Wself-assign) */
  if (tangent_stmt && tangent_stmt->kind == ST_ASSIGN && ir_expr_equal(tangent_stmt->lhs, tangent_stmt->rhs))
    tangent_stmt = NULL;
  if (is_decl) {
    emit(t, st_assign(cl(lhs), rhs, loc));
    if (tangent_stmt) emit(t, tangent_stmt);
  } else {
    if (tangent_stmt) emit(t, tangent_stmt);
    emit(t, st_assign(cl(lhs), rhs, loc));
  }
}

/* Does the call need the callee's jvp variant? A call without active
 * arguments runs the primal, except a sweep of a reverse-mode callee
 * (g_fwd, g_bwd): its pushes and pops pair with the other sweep's, whose
 * variant may be active, and each pushed value travels with its tangent. */
static bool tan_differentiates(Variant *cv) {
  return cv && (!tr_call_is_passive(cv) || cv->fn->tape_dir != 0);
}

static void tan_assign_any(Tan *t, Expr *lhs, Expr *rhs, SrcLoc loc, bool is_decl) {
  check_global_write(lhs, loc);
  if (!ex_is_zero(rhs) && tr_global_pointer_write(t->v, lhs, loc)) return;
  if (tan_runtime(t, lhs, rhs, loc)) return;
  if (rhs->kind == EX_CALL && !rule_find(rhs->text)) {
    if (tan_mpi(t, lhs, rhs, loc)) return;
    if (tan_memory(t, lhs, rhs, loc)) return;
    if (tan_custom(t, lhs, rhs, loc)) return;
    if (tan_differentiates(act_callee(t->v, rhs))) {
      tan_call(t, lhs, rhs, loc);
      return;
    }
    /* a call without derivative: its result is a constant */
    tr_check_external(t->m, t->v, rhs);
    tr_check_pointer_result(t->v, lhs, rhs);
    Stmt *guard = tr_fallback_guard(t->v, lhs, rhs);
    if (guard) emit(t, guard);
    emit(t, st_assign(cl(lhs), cl(rhs), loc));
    if (ty_has_float(lhs->type) && act_lvalue_varied(t->v, lhs))
      emit(t, st_assign(tan_shadow_of(t, lhs), d_zero(lhs->type), loc));
    return;
  }
  Expr *r = hoist(t, cl(rhs), loc);
  tan_assign(t, lhs, r, loc, is_decl);
}

static Expr *init_tangent(Tan *t, Expr *init, Type *type) {
  if (init->kind != EX_INIT && ty_is_ptr(init->type)) {
    /* {n, data}: the pointer's tangent is data's shadow */
    bool null = ex_is_zero(init) || !act_ptr_shadowed(t->v, init);
    return null ? ex_int(0) : tan_shadow_of(t, init);
  }
  if (init->kind != EX_INIT) return d_or_zero(tangent(t, init), type);
  Expr *d = ex_new(EX_INIT, init->type, init->loc);
  d->nargs = init->nargs;
  d->args = xmalloc(sizeof(Expr *) * (size_t)(init->nargs ? init->nargs : 1));
  for (int i = 0; i < init->nargs; i++) d->args[i] = init_tangent(t, init->args[i], init->args[i]->type);
  return d;
}

static void tan_decl(Tan *t, Stmt *s) {
  Var *x = s->var;
  SrcLoc loc = s->loc;
  bool active = act_var_shadowed(t->v, x) || ptrmap_get(&t->taped, x);
  const Type *base = x->type;
  while (base->kind == TY_ARRAY) base = base->base;
  if (active && base->kind == TY_RECORD && base->rec && base->rec->is_union) {
    diag_at(loc, D_UNION_VAR, x->name);
    return;
  }
  if (x->is_static && active && !x->static_fresh) {
    diag_at(loc, D_STATIC_LOCAL, x->name);
    return;
  }
  if (x->is_static && active) tr_note_static_fresh(t->m, loc, x);
  Expr *init = s->expr;
  bool call_init = init && init->kind == EX_CALL && !rule_find(init->text);
  bool simple_init = init && !call_init && init->kind != EX_INIT;
  if (call_init) x->type = ty_unqual(x->type);  /* const double c = g(x): assigned after its declaration */
  Expr *hinit = simple_init ? hoist(t, cl(init), loc) : NULL;
  /* {x[0], sin(x[1])}: math calls computed before, with their tangents */
  if (init && init->kind == EX_INIT) init = hoist(t, cl(init), loc);
  /* primal declaration (keeping its initializer where it has no call) */
  emit(t, st_decl(x, call_init ? NULL : (hinit ? hinit : (init ? cl(init) : NULL)), loc));
  if (active) {
    Var *d = tan_new_shadow(t, x, VAR_LOCAL);
    Type *ty = x->type;
    if (call_init) {
      emit(t, st_decl(d, ty_is_ptr(ty) ? ex_int(0) : NULL, loc));
    } else if (ty_is_ptr(ty)) {
      bool null = !hinit || ex_is_zero(hinit) || !act_ptr_shadowed(t->v, hinit);
      emit(t, st_decl(d, null ? ex_int(0) : tan_shadow_of(t, hinit), loc));
    } else if (ty_is_float(ty)) {
      emit(t, st_decl(d, hinit ? d_or_zero(tangent(t, hinit), ty) : (init ? init_tangent(t, init, ty) : d_zero(ty)), loc));
    } else if (init && init->kind == EX_INIT) {
      emit(t, st_decl(d, init_tangent(t, init, ty), loc));
    } else if (hinit && ex_is_lvalue(hinit) &&
               (act_lvalue_varied(t->v, hinit) || (ty->kind == TY_RECORD && ty_holds_ptr(ty) && rec_shadowed(t, hinit)))) {
      /* (a struct holding pointers: its shadow's pointers follow, whatever its values) */
      emit(t, st_decl(d, tan_shadow_of(t, hinit), loc));
    } else {
      emit(t, st_decl(d, NULL, loc));
      emit(t, d_memset0(ty->kind == TY_ARRAY ? ex_var(d) : ex_addr(ex_var(d)), d_sizeof_expr(ex_var(d)), loc));
    }
  }
  if (call_init) tan_assign_any(t, ex_var(x), init, loc, false);
}

/* The loop's OpenMP directive with the tangents: a tangent is private
 * where its primal is, and s_dot is summed where s is (the tangent of a
 * sum is the sum of the tangents). Other reductions of active values
 * (*, max, min) have no such tangent reduction: the loop runs serially,
 * which computes the same; a worksharing loop inside a parallel region
 * runs on one thread of the team ('single'), not on every thread. */
static Omp *tan_serial(Omp *c) {
  if (!str_starts(c->dir, "for")) return NULL;  /* parallel for, simd: a serial loop */
  c->dir = "single";
  c->lpriv = (PtrVec){0};  /* one thread runs every iteration on the shared variables */
  c->nred = 0;
  c->collapse = 1;
  c->rest = NULL;
  return c;
}

static Omp *tan_omp(Tan *t, const Omp *o) {
  if (!o) return NULL;
  Omp *c = omp_copy(o);
  PtrVec *lists[3] = {&c->priv, &c->fpriv, &c->lpriv};
  for (int k = 0; k < 3; k++)
    for (int i = 0, n = lists[k]->len; i < n; i++) {
      Var *d = shadow_var(t, lists[k]->data[i]);
      if (d) vec_push(lists[k], d);
    }
  for (int i = 0, n = o->nred; i < n; i++) {
    Var *d = shadow_var(t, o->red[i].var);
    if (!d) continue;
    if (strcmp(o->red[i].op, "+") && strcmp(o->red[i].op, "-")) return tan_serial(c);
    omp_add_red(c, "+", d);
    if (o->red[i].len) c->red[c->nred - 1].len = ir_clone_expr(o->red[i].len, NULL);  /* x_bar_dot[:n] */
  }
  return c;
}

static void tan_block(Tan *t, Stmt *s) {
  SrcLoc loc = s->loc;
  switch (s->kind) {
  case ST_BLOCK: {
    tr_omp_one_thread(t->v, s);
    Stmt *b = sub_block(t, s);
    b->omp = tan_omp(t, s->omp);  /* a parallel region (adjoint_omp.c) */
    emit(t, b);
    break;
  }
  case ST_DECL: tan_decl(t, s); break;
  case ST_ASSIGN: {
    int from = t->cur->nbody;
    tan_assign_any(t, s->lhs, s->rhs, loc, false);
    /* #pragma omp atomic x += e: x_dot += e_dot as well */
    for (int i = from; s->omp_atomic && i < t->cur->nbody; i++) {
      Stmt *a = t->cur->body[i];
      const Expr *r = a->kind == ST_ASSIGN ? ex_strip_implicit(a->rhs) : NULL;
      if (r && r->kind == EX_BIN && ir_expr_equal(ex_strip_implicit(r->lhs), a->lhs) && !ex_mentions(r->rhs, ex_root_var(a->lhs)))
        a->omp_atomic = true;
    }
    break;
  }
  case ST_EXPR: {
    Expr *c = s->expr;
    if (tan_runtime(t, NULL, c, loc)) break;
    if (c->kind == EX_CALL && tan_tape_copy(t, c, loc)) break;
    if (c->kind == EX_CALL && tan_mpi(t, NULL, c, loc)) break;
    if (c->kind == EX_CALL && tan_memory(t, NULL, c, loc)) break;
    if (c->kind == EX_CALL && tan_custom(t, NULL, c, loc)) break;
    if (c->kind == EX_CALL && tan_differentiates(act_callee(t->v, c))) {
      tan_call(t, NULL, c, loc);
      break;
    }
    if (c->kind == EX_CALL && rule_find(c->text)) {
      /* frexp(v, &e); modf(v, &ip); its value dropped: run for what it stores,
       * whose tangent is 0 (as for modf's ip when the value is used) */
      emit(t, ir_clone_stmt(s, NULL));
      for (int i = 0; i < c->nargs; i++)
        if (ty_is_ptr(c->args[i]->type) && ty_has_float(c->args[i]->type->base) && act_ptr_shadowed(t->v, c->args[i]))
          emit(t, st_assign(ex_deref(tan_shadow_of(t, c->args[i])), d_zero(c->args[i]->type->base), loc));
      break;
    }
    if (c->kind == EX_CALL) tr_check_external(t->m, t->v, c);
    Stmt *guard = c->kind == EX_CALL ? tr_fallback_guard(t->v, NULL, c) : NULL;
    if (guard) emit(t, guard);
    emit(t, ir_clone_stmt(s, NULL));
    break;
  }
  case ST_IF: {
    Stmt *n = st_new(ST_IF, loc);
    n->cond = cl(s->cond);
    n->then = sub_block(t, s->then);
    n->els = s->els ? sub_block(t, s->els) : NULL;
    if (n->els && n->els->nbody == 1 && n->els->body[0]->kind == ST_IF) n->els = n->els->body[0];
    emit(t, n);
    break;
  }
  case ST_WHILE:
  case ST_SWITCH: {
    Stmt *n = st_new(s->kind, loc);
    n->is_do = s->is_do;
    n->cond = cl(s->cond);
    n->then = sub_block(t, s->then);
    emit(t, n);
    break;
  }
  case ST_FOR: {
    Stmt *n = st_new(ST_FOR, loc);
    n->init = s->init ? sub_block(t, s->init) : NULL;
    n->cond = cl(s->cond);
    n->step = s->step ? sub_block(t, s->step) : NULL;
    n->then = sub_block(t, s->then);
    n->checkpoint = s->checkpoint;
    /* an atomic update other than a sum (p[k] *= f): its tangent cannot be
     * updated atomically with it; the loop runs on one thread */
    n->omp = tr_omp_ordered_update(t->v, s, true) ? tan_serial(omp_copy(s->omp)) : tan_omp(t, s->omp);
    n->omp_single = s->omp_single;
    emit(t, n);
    break;
  }
  case ST_RETURN: {
    if (!s->expr) {
      free_scratch(t, loc);
      emit(t, st_new(ST_RETURN, loc));
      break;
    }
    Expr *e = s->expr;
    if (t->ret_dot && ty_is_ptr(e->type)) {
      bool null = ex_is_zero(e) || !act_ptr_shadowed(t->v, e);
      emit(t, st_assign(ex_deref(ex_var(t->ret_dot)), null ? ex_int(0) : tan_shadow_of(t, e), loc));
    } else if (t->ret_dot) {
      e = hoist(t, cl(e), loc);
      Expr *d = tangent(t, e);
      emit(t, st_assign(ex_deref(ex_var(t->ret_dot)), d_or_zero(d, t->ret_dot->type->base), loc));
    }
    Stmt *r = st_new(ST_RETURN, loc);
    r->expr = cl(e);
    free_scratch(t, loc);  /* the return value is primal: it reads no tangent */
    emit(t, r);
    break;
  }
  default: emit(t, ir_clone_stmt(s, NULL)); break;
  }
}

/* ---- Functions -------------------------------------------------------- */

static Expr *size_of_param(Variant *v, int j) {
  const Request *r = v->req;
  if (!r) return NULL;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j && r->out[i].size_expr) return r->out[i].size_expr;
  for (int i = 0; i < r->nwrt; i++)
    if (r->wrt[i].param == j && r->wrt[i].size_expr) return r->wrt[i].size_expr;
  return NULL;
}

/* Pointers to floating data that a reverse-mode sweep pushes or pops
 * (its scratch buffers and their adjoints, x and x_bar). Each gets a
 * tangent whatever this sweep's activity says: the other sweep, with its
 * own activity, may read through the tangent it pops (x_bar_dot of a
 * buffer f_fwd allocates and only f_bwd accumulates into), and the sweep
 * that frees the buffer must free the tangent buffer as well. */
static void find_taped(Tan *t, const Stmt *s, bool sweep) {
  if (!s) return;
  const Expr *e = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  e = tan_uncast(e);
  if (e && e->kind == EX_CALL && e->rt) {
    Var *x = NULL;
    const Expr *a = NULL;
    if (e->rt == RT_PUSH_P && e->nargs == 1)
      a = tan_uncast(e->args[0]);
    else if (e->rt == RT_POP_P)
      a = s->kind == ST_ASSIGN ? s->lhs : NULL;
    if (a && a->kind == EX_VAR) x = a->var;
    if (s->kind == ST_DECL && e->rt == RT_POP_P) x = s->var;
    if (!sweep) x = NULL;
    /* and whatever the function, the pointer of a block of floating values */
    if ((rt_is(e, RK_RESERVE) || rt_is(e, RK_RELEASE)) && rt_carries_tangent(e->rt))
      x = s->kind == ST_DECL ? s->var : s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? s->lhs->var : NULL;
    if (x && x->kind == VAR_LOCAL && ty_is_ptr(x->type) && ty_reaches_float(x->type)) ptrmap_put(&t->taped, x, x);
  }
  for (int i = 0; i < s->nbody; i++) find_taped(t, s->body[i], sweep);
  find_taped(t, s->then, sweep);
  find_taped(t, s->els, sweep);
  find_taped(t, s->init, sweep);
  find_taped(t, s->step, sweep);
}

static Fn *generate(Module *m, Variant *v) {
  Fn *f = v->fn;
  Fn *out = xmalloc(sizeof *out);
  out->name = v->name;
  out->ret = f->ret;
  out->is_static = !v->is_public;
  out->is_defined = out->is_lowered = out->is_generated = true;
  out->loc = f->loc;
  out->nvars = f->nvars;
  for (int i = 0; i < f->locals.len; i++) vec_push(&out->locals, f->locals.data[i]);  /* the body shares them */
  out->tape_dir = f->tape_dir;
  out->is_inactive = v->inactive;  /* (jvp(f_jvp): still constants) */
  nameset_inherit(&out->names, &f->names);
  Tan t = {.m = m, .v = v, .out = out};
  PtrVec params = {0};
  for (int j = 0; j < f->nparams; j++) {
    vec_push(&params, f->params[j]);
    if (act_shadow_param(v, j)) vec_push(&params, tan_new_shadow(&t, f->params[j], VAR_PARAM));
  }
  if ((v->ret && ty_has_float(f->ret)) || v->ret_shadow) {
    /* T *ret_dot; for a returned pointer T **ret_dot, set to its shadow */
    t.ret_dot = fn_new_var(out, "ret_dot", ty_ptr(ty_unqual(f->ret)), VAR_PARAM, f->loc);
    out->ret_shadow = t.ret_dot;
    vec_push(&params, t.ret_dot);
  }
  out->params = (Var **)params.data;
  out->nparams = params.len;
  out->body = st_block(f->loc);
  t.cur = out->body;
  /* scratch(s[n]): the tangent of state f keeps in s lives here, zero on entry */
  for (int j = 0; v->scratch && j < f->nparams; j++) {
    if (!v->scratch[j]) continue;
    Var *d = tan_new_shadow(&t, f->params[j], VAR_LOCAL);
    d->type = tr_writable(d->type);
    emit(&t, d_calloc_decl(d, ir_clone_expr(v->scratch[j], NULL), f->loc));
    vec_push(&t.scratch, d);
  }
  /* a parameter's local copy that the function makes active: zero tangent */
  for (int j = 0; j < f->nparams; j++) {
    if (!act_param_local_shadow(v, j)) continue;
    Var *d = tan_new_shadow(&t, f->params[j], VAR_LOCAL);
    if (ty_is_float(d->type)) {
      emit(&t, st_decl(d, d_zero(d->type), f->loc));
    } else {
      emit(&t, st_decl(d, NULL, f->loc));
      emit(&t, d_memset0(ex_addr(ex_var(d)), d_sizeof_expr(ex_var(d)), f->loc));
    }
  }
  find_taped(&t, f->body, f->tape_dir != 0);
  /* pure outputs start from a zero tangent */
  for (int j = 0; j < f->nparams; j++) {
    if (!v->zero_out[j]) continue;
    Expr *n = size_of_param(v, j);
    if (!n && v->req) tr_check_unsized_output(t.m, v->req, f, j);
    if (!n) continue;
    Var *d = shadow_var(&t, f->params[j]);
    emit(&t, tr_zero_output(out, d, ir_clone_expr(n, NULL), f->loc));
  }
  for (int i = 0; i < f->body->nbody; i++) tan_block(&t, f->body->body[i]);
  Stmt *last = out->body->nbody ? out->body->body[out->body->nbody - 1] : NULL;
  if (!last || last->kind != ST_RETURN) free_scratch(&t, f->loc);
  if (f->is_generated) simplify_dead_stores(out, f->nvars);  /* a reverse result's tangents recomputed backward */
  simplify_dead_vars(out, f->nvars);
  simplify_unused_params(out);
  v->result = out;
  return out;
}

Fn *tangent_request(Module *m, const Request *r) {
  Variant *v = act_request(m, r, MODE_JVP);
  if (!v) return NULL;
  Fn *result = generate(m, v);
  vec_push(&m->generated, result);
  PtrVec *queue = &m->jvp_queue;
  while (queue->len) {
    Variant *cv = queue->data[0];
    memmove(queue->data, queue->data + 1, sizeof(void *) * (size_t)(queue->len - 1));
    queue->len--;
    if (cv->result) continue;
    vec_push(&m->generated, generate(m, cv));
  }
  tr_link_calls(m);
  return result;
}
