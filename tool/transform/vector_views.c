/*
 * vector_views.c — whether a jvp function views its tangents as another
 * element type, which rules out lanes innermost (vector.c).
 *
 * rows: W lanes behind each floating value of a shadow's own element type.
 * Tangents viewed as another element type (double complex *z_dot = (double
 * complex *)x_dot; (double *)&u_dot; memcpy between them) would mix lanes
 * with parts: such a function takes lanes outermost, each lane's memory
 * the scalar function's own. Row views ((double (*)[3])x_dot) and void *
 * keep rows.
 *
 * Requires: the shadows vector.c widens. Provides: vector_views_other_elements().
 */
#include "transform.h"

static const Type *leaf_of(const Type *t) {
  while (t && (t->kind == TY_PTR || t->kind == TY_ARRAY)) t = t->base;
  return t;
}

/* Does 'to', a pointer, view what 'from' (casts aside) points to as
 * elements of another type? */
static bool reinterprets(const Type *to, const Expr *from) {
  while (from && from->kind == EX_CAST) from = from->lhs;
  if (!to || !from || !from->type || !(ty_is_ptr(to) || to->kind == TY_ARRAY) ||
      !(ty_is_ptr(from->type) || from->type->kind == TY_ARRAY))
    return false;
  const Type *a = leaf_of(to), *b = leaf_of(from->type);
  return a && b && a->kind != TY_VOID && b->kind != TY_VOID && !ty_same(a, b);
}

typedef struct Views {
  const PtrMap *wide;  /* the shadows being widened */
} Views;

static Walk is_wide(Expr *e, void *ctx) {
  return e->kind == EX_VAR && ptrmap_get(((Views *)ctx)->wide, e->var) ? WALK_STOP : WALK_ON;
}

static bool touches_e(Views *w, const Expr *e) { return !ex_each(e, is_wide, w); }

static Walk view_e(Expr *e, void *ctx) {
  Views *w = ctx;
  if (e->kind == EX_CAST && touches_e(w, e) && reinterprets(e->type, e->lhs)) return WALK_STOP;
  bool copy = e->kind == EX_CALL && e->text && (str_eq(e->text, "memcpy") || str_eq(e->text, "memmove")) && e->nargs == 3;
  const Expr *to = copy ? e->args[0] : NULL;  /* memcpy(w_dot, x_dot, n), complex from double: a view too */
  for (; to && to->kind == EX_CAST; to = to->lhs) {}
  if (to && touches_e(w, e->args[0]) && reinterprets(to->type, e->args[1])) return WALK_STOP;
  for (int i = 0; e->kind == EX_CALL && e->fn && i < e->nargs && i < e->fn->nparams; i++)
    if (touches_e(w, e->args[i]) && reinterprets(e->fn->params[i]->type, e->args[i])) return WALK_STOP;
  return WALK_ON;
}

static Walk view_s(Stmt *s, void *ctx) {
  Views *w = ctx;
  bool decl = s->kind == ST_DECL && s->expr && ptrmap_get(w->wide, s->var) && reinterprets(s->var->type, s->expr);
  return decl || (s->kind == ST_ASSIGN && touches_e(w, s->rhs) && reinterprets(s->lhs->type, s->rhs)) ? WALK_STOP : WALK_ON;
}

bool vector_views_other_elements(const Fn *f, const PtrMap *wide) {
  Views w = {wide};
  return !st_each(f->body, view_s, &w) || !st_each_expr(f->body, view_e, &w);
}

