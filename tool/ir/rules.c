/*
 * rules.c — rules.def as data: find a rule by name (double/float forms),
 * and instantiate a partial derivative by parsing its template with the
 * call's arguments substituted.
 */
#include <string.h>

#include "ir_parse.h"
#include "rules.h"

static const Rule rules[] = {
#define RULE(n, k, a, b, c) {#n, k, {a, b, c}},
#include "rules.def"
#undef RULE
};

static const char *strip_builtin(const char *name) {
  return str_starts(name, "__builtin_") ? name + 10 : name;
}

static const Rule *find_exact(const char *name) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (!strcmp(rules[i].name, name)) return &rules[i];
  return NULL;
}

bool rule_is_float_form(const char *name) {
  name = strip_builtin(name);
  if (find_exact(name)) return false;
  size_t n = strlen(name);
  if (n < 2 || name[n - 1] != 'f') return false;
  char *base = xstrndup(name, n - 1);
  return find_exact(base) != NULL;
}

const Rule *rule_find(const char *name) {
  if (!name) return NULL;
  name = strip_builtin(name);
  const Rule *r = find_exact(name);
  if (r) return r;
  if (rule_is_float_form(name)) return find_exact(xstrndup(name, strlen(name) - 1));
  return NULL;
}

typedef struct Inst {
  const Expr *call;
  const Expr *result;
  bool is_float;
} Inst;

static Expr *placeholder(ParseResolver *r, char which) {
  Inst *in = r->ctx;
  if (which == 'r') return ir_clone_expr(in->result, NULL);
  int i = which - '0';
  if (i < 0 || i >= in->call->nargs) return NULL;
  return ir_clone_expr(in->call->args[i], NULL);
}

static const char *call_name(ParseResolver *r, const char *name) {
  Inst *in = r->ctx;
  return in->is_float ? xfmt("%sf", name) : name;
}

static Type *call_type(ParseResolver *r, const char *name) {
  (void)name;
  return r->float_type;
}

Expr *rule_partial(const Expr *call, int i, const Expr *result) {
  const Rule *rule = rule_find(call->text);
  if (!rule || i >= rule->nargs || !rule->partial[i] || !strcmp(rule->partial[i], "0")) return NULL;
  Inst in = {call, result, rule_is_float_form(call->text)};
  ParseResolver pr = {.placeholder = placeholder, .call_name = call_name, .call_type = call_type,
                      .float_type = in.is_float ? ty_float() : ty_double(), .ctx = &in};
  const char *err;
  Expr *e = ir_parse_expr(rule->partial[i], &pr, &err, NULL);
  if (!e) diag_at((SrcLoc){0}, D_BAD_RULE, rule->name, err);
  return e;
}
