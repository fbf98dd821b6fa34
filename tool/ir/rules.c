/*
 * rules.c — rules.def as data: find a rule by name (double/float forms),
 * and instantiate a partial derivative by parsing its template with the
 * call's arguments substituted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir_parse.h"
#include "rules.h"

static const Rule rules[] = {
#define RULE(n, k, a, b, c) {#n, k, {a, b, c}, false, false, NULL, NULL},
#define CRULE(n, k, a, b) {#n, k, {a, b, NULL}, true, false, NULL, NULL},
#define CSPECIAL(n, real, tan, adj) {#n, 1, {NULL, NULL, NULL}, true, real, tan, adj},
#include "rules.def"
#undef RULE
#undef CRULE
#undef CSPECIAL
};

static NameSet *shadowed;  /* names the program defines itself (rule_shadow) */

void rule_shadow(const char *name) {
  if (!shadowed) shadowed = xmalloc(sizeof *shadowed);  /* zeroed */
  nameset_add(shadowed, name);
}

void rule_shadow_reset(void) { shadowed = NULL; }

static bool is_shadowed(const char *name) { return shadowed && nameset_has(shadowed, name); }

static const char *strip_builtin(const char *name) {
  return str_starts(name, "__builtin_") ? name + 10 : name;
}

static const Rule *find_exact(const char *name) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (!strcmp(rules[i].name, name)) return &rules[i];
  return NULL;
}

/* What a call's name is to the rules: every call of the program asks, so
 * the answer per name is kept (a cache of constant data). */
typedef struct Known {
  const Rule *rule;
  bool is_float;  /* sinf, the float form of sin */
} Known;

static const Known *known(const char *name) {
  static StrMap memo;
  Known *k = strmap_get(&memo, name);
  if (k) return k;
  k = xmalloc(sizeof *k);
  const char *s = strip_builtin(name);
  k->rule = find_exact(s);
  size_t n = strlen(s);
  if (!k->rule && n >= 2 && s[n - 1] == 'f') {
    char *base = xstrndup(s, n - 1);
    k->rule = find_exact(base);
    k->is_float = k->rule != NULL;
    free(base);
  }
  strmap_put(&memo, xstrdup(name), k);
  return k;
}

bool rule_is_float_form(const char *name) { return !is_shadowed(name) && known(name)->is_float; }

const Rule *rule_find(const char *name) { return name && !is_shadowed(name) ? known(name)->rule : NULL; }

static bool reads_values(const char *t) { return t && (strstr(t, "$0") || strstr(t, "$1") || strstr(t, "$2") || strstr(t, "$r")); }

bool rule_is_linear(const char *name) {
  const Rule *r = rule_find(name);
  if (!r || !r->is_complex) return false;
  for (int i = 0; i < 3; i++)
    if (reads_values(r->partial[i])) return false;
  return !reads_values(r->tangent) && !reads_values(r->adjoint);
}

bool rule_external_harmless(const char *name) {
  static const char *ok[] = {"printf", "fprintf", "puts", "fputs", "putchar", "fputc", "sprintf", "snprintf",
                             "fflush", "fwrite", "rand", "srand", "time", "clock", "exit", "abort", "__assert_fail",
                             "assert", "perror", "__builtin_prefetch" /* a hint: reads nothing */, NULL};
  for (int i = 0; ok[i]; i++)
    if (!strcmp(name, ok[i])) return true;
  return false;
}

typedef struct Inst {
  const Expr *call;
  const Expr *result;
  const Expr *shadow;   /* $d or $b */
  bool is_float;
} Inst;

static Expr *placeholder(ParseResolver *r, char which) {
  Inst *in = r->ctx;
  if (which == 'r') return ir_clone_expr(in->result, NULL);
  if (which == 'd' || which == 'b') return in->shadow ? ir_clone_expr(in->shadow, NULL) : NULL;
  int i = which - '0';
  if (i < 0 || i >= in->call->nargs) return NULL;
  return ir_clone_expr(in->call->args[i], NULL);
}

static const char *call_name(ParseResolver *r, const char *name) {
  Inst *in = r->ctx;
  return in->is_float ? xfmt("%sf", name) : name;
}

static Type *call_type(ParseResolver *r, const char *name) {
  const Rule *rule = rule_find(name);
  return rule && rule->is_complex && !rule->real_result ? ty_complex(r->float_type) : r->float_type;
}

/* I, the imaginary unit (complex templates) */
static Expr *ident(ParseResolver *r, const char *name) {
  if (strcmp(name, "I")) return NULL;
  Expr *e = ex_new(EX_NUM, ty_complex(r->float_type), ((Inst *)r->ctx)->call->loc);
  e->value = NAN;  /* no real value (ex_is_zero, folds) */
  e->text = "I";
  return e;
}

static Expr *instantiate(const Rule *rule, const char *text, const Expr *call, const Expr *result,
                         const Expr *shadow) {
  Inst in = {call, result, shadow, rule_is_float_form(call->text)};
  ParseResolver pr = {.ident = ident, .placeholder = placeholder, .call_name = call_name, .call_type = call_type,
                      .float_type = in.is_float ? ty_float() : ty_double(), .ctx = &in};
  const char *err;
  Expr *e = ir_parse_expr(text, &pr, &err, NULL);
  if (!e) diag_at((SrcLoc){0}, D_BAD_RULE, rule->name, err);
  return e;
}

Expr *rule_partial(const Expr *call, int i, const Expr *result) {
  const Rule *rule = rule_find(call->text);
  if (!rule || i >= rule->nargs || !rule->partial[i] || !strcmp(rule->partial[i], "0")) return NULL;
  return instantiate(rule, rule->partial[i], call, result, NULL);
}

Expr *rule_special_tangent(const Expr *call, const Expr *result, const Expr *d) {
  const Rule *rule = rule_find(call->text);
  return rule && rule->tangent ? instantiate(rule, rule->tangent, call, result, d) : NULL;
}

Expr *rule_special_adjoint(const Expr *call, const Expr *result, const Expr *b) {
  const Rule *rule = rule_find(call->text);
  return rule && rule->adjoint ? instantiate(rule, rule->adjoint, call, result, b) : NULL;
}
