/*
 * activity_checks.c — what activity facts reveal that cannot be
 * differentiated or is easy to miss: long double fed a derivative, active
 * values in unions (errors), and an integer index computed from a varied
 * value (a warning). Each reported once per primal node.
 *
 * Requires: a variant whose activity is solved (activity.c).
 * Provides: act_check_variant(); the checks of a request's may_alias sets
 * (act_check_alias_sets, act_aliases_input).
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "analysis.h"

/* ---- long double: never differentiated, so never fed a derivative ------ */

static bool is_ldouble(const Type *t) {
  while (t && t->kind == TY_ARRAY) t = t->base;
  return t && t->kind == TY_LDOUBLE;
}

/* node: a primal Expr or Stmt, reported once */
static void ldouble_error(Variant *v, const void *node, SrcLoc loc) {
  PtrMap *reported = &v->module->ldouble_reported;
  if (ptrmap_get(reported, node)) return;
  ptrmap_put(reported, node, (void *)1);
  diag_at(loc, D_LONG_DOUBLE);
}

static Walk ldouble_e(Expr *e, void *v) {
  if (e->kind == EX_CAST && is_ldouble(e->type) && !is_ldouble(e->lhs->type) && act_expr_varied(v, e->lhs))
    ldouble_error(v, e, e->loc);
  return WALK_ON;
}

static Walk ldouble_s(Stmt *s, void *v) {
  Expr decl = {.kind = EX_VAR, .var = s->var};  /* ex_var(s->var), not kept */
  if (s->var) decl.type = s->var->type, decl.loc = s->var->loc;
  Expr *lhs = s->kind == ST_ASSIGN ? s->lhs : s->kind == ST_DECL ? &decl : NULL;
  Expr *rhs = s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  if (lhs && rhs && is_ldouble(lhs->type) && !(rhs->kind == EX_CALL && !rule_find(rhs->text)) && act_expr_varied(v, rhs))
    ldouble_error(v, s, s->loc);
  ex_each(rhs, ldouble_e, v);
  ex_each(s->expr != rhs ? s->expr : NULL, ldouble_e, v);
  ex_each(s->cond, ldouble_e, v);
  return WALK_ON;
}

/* ---- conversions to an integer used as an index: the derivative stops ---- */

/* table[(int)(x * 100)] of a varied x (a sigmoid lookup table): the index
 * carries no derivative, so the value looked up has none from x. Legal,
 * but easy to miss: a warning once per conversion, when its result indexes
 * floating data directly or through an integer local it is stored in.
 * Trip counts, (double)(int)x and the like stay quiet. */
typedef struct IntCast { Variant *v; PtrMap held; Expr *found; } IntCast;

static bool varied_int_cast(Variant *v, const Expr *e) {
  return e->kind == EX_CAST && e->type->kind == TY_INT && ty_is_float(e->lhs->type) && act_expr_varied(v, e->lhs);
}

/* the conversion e holds: a cast in it, or a local that holds one */
static Walk find_cast(Expr *e, void *ctx) {
  IntCast *c = ctx;
  Expr *k = varied_int_cast(c->v, e) ? e : e->kind == EX_VAR ? ptrmap_get(&c->held, e->var) : NULL;
  if (!k) return WALK_ON;
  c->found = k;
  return WALK_STOP;
}

static Expr *cast_in(IntCast *c, Expr *e) {
  c->found = NULL;
  ex_each(e, find_cast, c);
  return c->found;
}

static Walk held_s(Stmt *s, void *ctx) {
  IntCast *c = ctx;
  Var *x = s->kind == ST_DECL ? s->var : s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? s->lhs->var : NULL;
  Expr *rhs = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  Expr *k = x && x->type->kind == TY_INT && x->kind == VAR_LOCAL && rhs ? cast_in(c, rhs) : NULL;
  if (k) ptrmap_put(&c->held, x, k);
  return WALK_ON;
}

static Walk index_e(Expr *e, void *ctx) {
  IntCast *c = ctx;
  Expr *k = e->kind == EX_INDEX && ty_is_float(e->type) ? cast_in(c, e->rhs) : NULL;
  PtrMap *reported = &c->v->module->ldouble_reported;
  if (k && !ptrmap_get(reported, k)) {
    ptrmap_put(reported, k, (void *)1);
    diag_at(k->loc, D_FLOAT_TO_INT);
  }
  return WALK_ON;
}

static void int_cast_check(Variant *v) {
  IntCast c = {.v = v};
  st_each(v->fn->body, held_s, &c);
  st_each_expr(v->fn->body, index_e, &c);
  free(c.held.keys);
  free(c.held.vals);
}

/* ---- unions: which member is live is not known, so no derivative -------- */

/* Is field 'name' of r reached through a union (r itself, or an anonymous
 * union member of r: s->w for struct S { union { double w; }; })? -1: not a
 * field of r. */
static int union_path(const Record *r, const char *name) {
  if (!r) return -1;
  for (int i = 0; i < r->nfields; i++) {
    const Field *f = &r->fields[i];
    if (*f->name) {
      if (!strcmp(f->name, name)) return r->is_union;
      continue;
    }
    if (f->type->kind != TY_RECORD) continue;
    int k = union_path(f->type->rec, name);
    if (k >= 0) return r->is_union || k;
  }
  return -1;
}

static bool is_union(const Type *t) { return t && t->kind == TY_RECORD && t->rec && t->rec->is_union; }

/* node: a primal expression, reported once */
static void union_error(Variant *v, const void *node, SrcLoc loc, const char *member) {
  PtrMap *reported = &v->module->union_reported;
  if (ptrmap_get(reported, node)) return;
  ptrmap_put(reported, node, (void *)node);
  const char *what = member ? xfmt("member '%s' of a union carries a derivative here", member)
                            : "a union holding values that carry derivatives is used whole here";
  diag_at(loc, D_UNION_ACTIVE, what);
}

/* base: e is the aggregate of a member access (u in u.d), not used whole */
static void check_union_e(Variant *v, Expr *e, bool base) {
  if (!e || e->kind == EX_SIZEOF) return;
  if (e->kind == EX_MEMBER) {
    const Type *agg = e->is_arrow ? e->lhs->type->base : e->lhs->type;
    /* u.d, s->u.w, s->w (anonymous union member) */
    if (agg && agg->kind == TY_RECORD && union_path(agg->rec, e->text) == 1 && act_expr_varied(v, e))
      union_error(v, e, e->loc, e->text);
    else if (!base && is_union(e->type) && act_expr_varied(v, e))
      union_error(v, e, e->loc, NULL);
    check_union_e(v, e->lhs, !e->is_arrow);
    return;
  }
  if (!base && is_union(e->type) && act_expr_varied(v, e)) {
    union_error(v, e, e->loc, NULL);
    return;
  }
  check_union_e(v, e->lhs, false);
  check_union_e(v, e->rhs, false);
  check_union_e(v, e->cond, false);
  for (int i = 0; i < e->nargs; i++) check_union_e(v, e->args[i], false);
}

static Walk union_s(Stmt *s, void *v) {
  if (s->kind == ST_DECL && is_union(s->var->type) && s->expr && act_expr_varied(v, s->expr)) union_error(v, s, s->loc, NULL);
  check_union_e(v, s->lhs, false);
  check_union_e(v, s->rhs, false);
  check_union_e(v, s->expr, false);
  check_union_e(v, s->cond, false);
  return WALK_ON;
}

/* ---- bytes and strings: the derivative does not follow ------------------ */

static const char *root_name(const Expr *e) {
  Var *x = ex_root_var(e);
  if (x && x->copy_of) x = x->copy_of;  /* a parameter's local copy (param_copy): the name the user wrote */
  return x ? x->name : "memory";
}

/* memcpy(raw, x, n) of unsigned char raw[], memcpy(&bits, &d, 8) of a
 * uint64_t: varied floating values moved through integer memory, which has
 * no derivative storage; copied back they would arrive with none. */
static Walk byte_copy_e(Expr *c, void *ctx) {
  Variant *v = ctx;
  if (c->kind != EX_CALL || !c->text || c->nargs != 3 || (!str_eq(c->text, "memcpy") && !str_eq(c->text, "memmove")))
    return WALK_ON;
  const Expr *d = ex_strip_implicit(c->args[0]), *src = ex_strip_implicit(c->args[1]);
  const Type *et = ty_elem(d->type), *es = ty_elem(src->type);
  const Type *bytes = et && et->kind == TY_INT && ty_has_float(es) ? et : es && es->kind == TY_INT && ty_has_float(et) ? es : NULL;
  PtrMap *reported = &v->module->ldouble_reported;
  if (!bytes || !act_pts_varied(v, c->args[1]) || ptrmap_get(reported, c)) return WALK_ON;
  ptrmap_put(reported, c, (void *)1);
  diag_at(c->loc, D_BYTE_COPY, c->text, root_name(src), root_name(d), bytes->name);
  return WALK_ON;
}

static bool is_call_to(const Expr *e, const char *const *names) {
  if (e->kind != EX_CALL || !e->text || e->rt) return false;
  for (int i = 0; names[i]; i++)
    if (str_eq(e->text, names[i])) return true;
  return false;
}

/* the calls parsing a string into numbers, found in the function */
typedef struct Parses { Variant *v; PtrVec calls; } Parses;

static Walk parse_e(Expr *e, void *ctx) {
  static const char *const parse[] = {"atof", "strtod", "strtof", "sscanf", NULL};
  if (is_call_to(e, parse) && e->nargs > 0) vec_push(&((Parses *)ctx)->calls, e);
  return WALK_ON;
}

/* snprintf(buf, n, "%.17g", x) of a varied x, with buf parsed back in the
 * same function (atof(buf)): the number read carries no derivative. A
 * string only printed or logged is fine. */
static Walk format_e(Expr *e, void *ctx) {
  static const char *const format[] = {"sprintf", "snprintf", NULL};
  Parses *p = ctx;
  if (!is_call_to(e, format) || e->nargs < 2) return WALK_ON;
  const void *buf = act_pts_id(p->v, e->args[0]);
  Expr *val = NULL, *reader = NULL;
  for (int i = 1; i < e->nargs && !val; i++)
    if (ty_is_float(e->args[i]->type) && act_expr_varied(p->v, e->args[i])) val = e->args[i];
  for (int i = 0; i < p->calls.len && buf && val && !reader; i++) {
    Expr *r = p->calls.data[i];
    if (act_pts_id(p->v, r->args[0]) == buf) reader = r;
  }
  PtrMap *reported = &p->v->module->ldouble_reported;
  if (!reader || ptrmap_get(reported, e)) return WALK_ON;
  ptrmap_put(reported, e, (void *)1);
  diag_at(e->loc, D_STRING_COPY, e->text, root_name(val), root_name(ex_strip_implicit(e->args[0])), reader->text);
  return WALK_ON;
}

/* byte copies reported, parsing calls gathered: one walk */
static Walk copies_and_parses(Expr *e, void *ctx) {
  Parses *p = ctx;
  byte_copy_e(e, p->v);
  return parse_e(e, p);
}

static void bytes_check(Variant *v) {
  if (v->inactive) return;
  Parses p = {.v = v};
  st_each_expr(v->fn->body, copies_and_parses, &p);
  if (p.calls.len) st_each_expr(v->fn->body, format_e, &p);
  free(p.calls.data);
}

/* ---- variadic functions of the file: va_arg has no derivative ----------- */

/* A variant of f that carries derivatives: its derivative functions would
 * be printed without f's '...' and its va_arg reads without a source. */
static void variadic_check(Variant *v) {
  Fn *f = v->fn;
  if (!f->is_variadic || !f->body || v->inactive || f->is_inactive) return;
  bool carries = v->is_public || v->ret_shadow;
  for (int j = 0; j < f->nparams && !carries; j++) carries = v->shadow[j];
  PtrMap *reported = &v->module->ldouble_reported;
  if (!carries || ptrmap_get(reported, f)) return;
  ptrmap_put(reported, f, (void *)1);
  diag_at(f->loc, D_VARIADIC_FN, f->name, f->name);
}

/* Does the module know a union (else no member of one to check)? */
static bool has_union(const Module *m) {
  for (int i = 0; i < m->records.len; i++)
    if (((const Record *)m->records.data[i])->is_union) return true;
  return false;
}

void act_check_variant(Variant *cv) {
  if (!cv->fn->is_generated) variadic_check(cv);
  if (cv->module->uses_ldouble) st_each(cv->fn->body, ldouble_s, cv);
  if (has_union(cv->module)) st_each(cv->fn->body, union_s, cv);
  if (!cv->fn->is_generated) int_cast_check(cv);
  if (!cv->fn->is_generated) bytes_check(cv);
}

/* may_alias(...) of request r: per parameter, the first parameter of its
 * set (sets sharing a parameter merge), -1 for one in no set; NULL when
 * the request has none. */
int *act_alias_roots(const Request *r) {
  if (!r->nmay_alias) return NULL;
  int n = r->fn->nparams;
  int *root = xmalloc(sizeof(int) * (size_t)(n + 1));
  for (int j = 0; j < n; j++) root[j] = j;
  for (int i = 0; i < r->nmay_alias; i++)
    for (int k = 0; k < i; k++) {
      if (r->may_alias[k].group != r->may_alias[i].group) continue;
      int a = r->may_alias[k].param, b = r->may_alias[i].param;
      while (root[a] != a) a = root[a];
      while (root[b] != b) b = root[b];
      if (a != b) root[a > b ? a : b] = a > b ? b : a;
    }
  for (int j = 0; j < n; j++) {
    int a = j;
    while (root[a] != a) a = root[a];
    root[j] = a;
  }
  for (int j = 0; j < n; j++)
    if (root[j] == j) root[j] = -1;
  return root;
}

/* ---- may_alias sets of a request ---------------------------------------- */

static int alias_root(const Variant *v, int j) { return v->alias_with && v->alias_with[j] >= 0 ? v->alias_with[j] : j; }

/* may_alias: does pointer parameter j share memory with an input? Then
 * its shadow is that input's too, and is not zeroed on entry. */
bool act_aliases_input(const Variant *v, const Request *r, int j) {
  for (int i = 0; v->alias_with && i < r->nwrt; i++) {
    int k = r->wrt[i].param;
    if (k != j && alias_root(v, k) == alias_root(v, j)) return true;
  }
  return false;
}

/* Memory that may be shared has one derivative: every parameter of a
 * may_alias set has a shadow parameter, or none has (and none is scratch,
 * whose shadow is the function's own). */
void act_check_alias_sets(const Variant *v, const Request *r) {
  for (int i = 0; i < r->nmay_alias; i++) {
    const ReqItem *it = &r->may_alias[i];
    int j = it->param, root = alias_root(v, j);
    if (v->scratch && v->scratch[j]) {
      diag_at(it->loc, D_ALIAS_SCRATCH, it->name);
      continue;
    }
    for (int k = 0; k < v->fn->nparams; k++) {
      if (k == j || alias_root(v, k) != root || v->shadow[k] == v->shadow[j]) continue;
      if (!v->shadow[j]) diag_at(it->loc, D_ALIAS_UNSHADOWED, it->name, v->fn->params[k]->name, it->name, it->name);
      break;
    }
  }
  for (int i = 0; r->dir == DIR_GRAD && i < r->nout; i++) {
    int j = r->out[i].param;
    if (j >= 0 && act_aliases_input(v, r, j)) {
      const char *in = "an input";
      for (int k = 0; k < r->nwrt; k++)
        if (r->wrt[k].param != j && alias_root(v, r->wrt[k].param) == alias_root(v, j)) in = r->wrt[k].name;
      diag_at(r->out[i].loc, D_ALIAS_GRAD_OUT, r->out[i].name, in, r->out[i].name);
    }
  }
}
