/*
 * custom_rules.c — a custom_jvp or custom_vjp rule's hand-written
 * derivative has the signature its calls will have.
 *
 * Generated code calls my_g_jvp and my_g_vjp with the arguments the
 * manual lists (DECLARATIONS): those of '#pragma ad jvp(g)' and
 * 'vjp(g)' with default clauses. A prototype that differs compiles all
 * the same when C converts the arguments (a seed declared int gets 0) and
 * is wrong without a word; so each rule is checked once, before the
 * transforms, and a mismatch is an error showing the expected signature.
 * Types compare as C's compatible types do, const aside; pointers the
 * derivative writes through (an adjoint, ret_dot) must not point to const.
 */
#include "../analysis/analysis.h"
#include "../emit/emit.h"
#include "driver.h"

typedef struct Sig {
  Type *ret;
  PtrVec types, names;  /* Type*, const char* */
  PtrVec written;       /* (void *)1 where the derivative writes through the pointer */
} Sig;

static void add(Sig *s, Type *t, const char *name, bool written) {
  vec_push(&s->types, t);
  vec_push(&s->names, (void *)name);
  vec_push(&s->written, written ? (void *)s : NULL);
}

static bool has_derivative(const Type *t) { return ty_is_float(t) || (t->kind == TY_RECORD && ty_has_float(t)); }

/* The signature of g's jvp (vjp: !forward) as the rule's calls are built
 * (tangent.c's tan_custom, adjoint_stmt.c's custom). */
static Sig expected(const Fn *g, bool forward) {
  Sig s = {.ret = g->ret};
  for (int j = 0; j < g->nparams; j++) {
    Var *p = g->params[j];
    add(&s, p->type, p->name, false);
    if (!act_custom_shadow(p)) continue;
    const char *d = xfmt("%s_%s", p->name, forward ? "dot" : "bar");
    if (forward) add(&s, p->type, d, false);
    else if (ty_is_ptr(p->type)) add(&s, ty_ptr(ty_unqual(p->type->base)), d, true);
    else add(&s, ty_ptr(ty_unqual(p->type)), d, true);
  }
  if (has_derivative(g->ret)) {
    if (forward) add(&s, ty_ptr(ty_unqual(g->ret)), "ret_dot", true);
    else add(&s, ty_unqual(g->ret), "ret_bar", false);
  }
  return s;
}

static const Type *decayed(const Type *t) { return t->kind == TY_ARRAY ? t->base : t; }

static bool matches(const Sig *s, const Fn *h) {
  if (h->nparams != s->types.len || h->is_variadic || !ty_same(h->ret, s->ret)) return false;
  for (int j = 0; j < h->nparams; j++) {
    const Type *want = s->types.data[j], *got = h->params[j]->type;
    if (got->kind == TY_ARRAY) {  /* double x_bar[] is a pointer */
      if (!ty_is_ptr(want) || !ty_same(decayed(got), want->base)) return false;
    } else if (!ty_same(got, want)) {
      return false;
    }
    const Type *pointee = got->kind == TY_ARRAY || got->kind == TY_PTR ? got->base : NULL;
    if (s->written.data[j] && pointee && pointee->is_const) return false;
  }
  return true;
}

static char *text(const Type *ret, const char *name, Var **params, int n, const PtrVec *types, const PtrVec *names) {
  StrBuf b = {0};
  sb_printf(&b, "%s(", emit_decl(ret, name));
  for (int j = 0; j < n; j++)
    sb_printf(&b, "%s%s", j ? ", " : "",
              params ? emit_decl(params[j]->type, params[j]->name) : emit_decl(types->data[j], names->data[j]));
  if (!n) sb_puts(&b, "void");
  sb_puts(&b, ")");
  return sb_take(&b);
}

void check_custom_rules(Module *m) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    if ((r->dir != DIR_CUSTOM_JVP && r->dir != DIR_CUSTOM_VJP) || !r->fn || !r->extra) continue;
    Fn *g = r->fn, *h = mod_find_fn(m, r->extra);
    if (!h || h->no_proto || g->is_variadic) continue;
    bool forward = r->dir == DIR_CUSTOM_JVP;
    Sig s = expected(g, forward);
    if (!matches(&s, h))
      diag_at(r->extra_loc, D_CUSTOM_SIGNATURE, h->name, directive_name(r->dir), g->name,
              text(h->ret, h->name, h->params, h->nparams, NULL, NULL),
              text(s.ret, h->name, NULL, s.types.len, &s.types, &s.names));
  }
}
