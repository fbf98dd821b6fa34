/*
** check_lower.c: C to IR (tool/front/lower_*.c) on small programs.
** Each test lowers a function through front_run (the `#pragma ad` request
** makes it reachable) and checks the IR through ir_dump_fn (and sometimes
** the C the emitter prints back). Every lowered module is also checked
** with ir_verify (the S1 invariants of ir.h: expressions are pure except
** calls to math.h builtins; other calls only as ST_EXPR, or as the whole
** right side of an assignment or initializer; and those of every state).
*/
#include "tool_check.h"
#include "ir/rules.h"

/* ---- S1 invariants ------------------------------------------------------ */

static bool pure_builtin(const char *name) { return rule_find(name) != NULL; }

static void check_invariants(Module *m)
{
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (!f->is_lowered) continue;
    ck_assert_ptr_nonnull(f->body);
    ck_assert_int_eq(f->body->kind, ST_BLOCK);
  }
  SrcLoc at;
  const char *why = ir_verify(m, pure_builtin, &at);
  ck_assert_msg(why == NULL, "line %d: %s", at.line, why);
}

/* Lowers 'src' (no errors allowed), checks the invariants, returns the dump
 * of 'fname'; *mp (may be NULL) receives the module. */
static char *lower(const char *src, const char *fname, Module **mp)
{
  Module *m = tc_front(src);
  ck_assert_int_eq(diag_errors(), 0);
  check_invariants(m);
  Fn *f = tc_fn(m, fname);
  ck_assert_msg(f->is_lowered, "'%s' was not lowered", fname);
  if (mp) *mp = m;
  return tc_dump_fn(f);
}

/* ---- tests --------------------------------------------------------------- */

START_TEST(test_compound_assignment)
{
  Module *m;
  char *d = lower("double f(double a, double b, int i, double *x) {\n"
                  "  a += b; a -= b; a *= b; a /= b;\n"
                  "  i %= 3; i <<= 1; i >>= 1; i &= 7; i |= 8; i ^= 1;\n"
                  "  x[i] += a;\n"
                  "  i *= 2.5;\n"
                  "  return a;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  assign (var a:double) (bin +:double (var a:double) (var b:double))\n");
  ck_assert_has(d, "  assign (var a:double) (bin -:double (var a:double) (var b:double))\n");
  ck_assert_has(d, "  assign (var a:double) (bin *:double (var a:double) (var b:double))\n");
  ck_assert_has(d, "  assign (var a:double) (bin /:double (var a:double) (var b:double))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin %:int (var i_2:int) (num 3:int))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin <<:int (var i_2:int) (num 1:int))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin >>:int (var i_2:int) (num 1:int))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin &:int (var i_2:int) (num 7:int))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin |:int (var i_2:int) (num 8:int))\n");
  ck_assert_has(d, "  assign (var i_2:int) (bin ^:int (var i_2:int) (num 1:int))\n");
  ck_assert_has(d, "  assign (index:double (var x:double*) (var i_2:int)) (bin +:double (index:double (var x:double*) "
                   "(var i_2:int)) (var a:double))\n");
  /* the conversion back to the left side's type is explicit */
  ck_assert_has(d, "  assign (var i_2:int) (cast:int (bin *:double (var i_2:int) (num 2.5:double)))\n");
  /* an integer parameter f changes is a copy made at entry (clause sizes read the caller's value) */
  ck_assert_has(d, "  decl i_2:int = (var i:int)\n");
  /* printed back as C, compound assignment reappears */
  char *c = tc_c(tc_fn(m, "f"));
  ck_assert_has(c, "  a += b;\n");
  ck_assert_has(c, "  a /= b;\n");
  ck_assert_has(c, "  x[i_2] += a;\n");
  ck_assert_has(c, "  i_2 = (int)(i_2 * 2.5);\n");
}
END_TEST

START_TEST(test_compound_side_effect_once)
{
  /* the left side is evaluated once: x[i++] += 1 increments i once */
  char *d = lower("void f(double *x, int i) { x[i++] += 1.0; }\n#pragma ad jvp(f)\n", "f", NULL);
  ck_assert_int_eq(tc_count(d, "assign (var i_2:int)"), 1);
  ck_assert_has(d, "  decl old:int = (var i_2:int)\n"
                   "  assign (var i_2:int) (bin +:int (var i_2:int) (num 1:int))\n"
                   "  assign (index:double (var x:double*) (var old:int)) (bin +:double (index:double (var x:double*) "
                   "(var old:int)) (num 1.0:double))\n");
}
END_TEST

START_TEST(test_increment_decrement)
{
  char *d = lower("double f(double *x, int n) {\n"
                  "  int i = 0;\n"
                  "  double y = x[i++];\n"
                  "  double z = x[++i];\n"
                  "  i--;\n"
                  "  --i;\n"
                  "  y = y++ + z;\n"
                  "  return y + z + n;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  /* x++ in expression context: the old value in a temporary */
  ck_assert_has(d, "  decl old:int = (var i:int)\n"
                   "  assign (var i:int) (bin +:int (var i:int) (num 1:int))\n"
                   "  decl y:double = (index:double (var x:double*) (var old:int))\n");
  /* ++x: no temporary */
  ck_assert_has(d, "  assign (var i:int) (bin +:int (var i:int) (num 1:int))\n"
                   "  decl z:double = (index:double (var x:double*) (var i:int))\n");
  /* statements: no temporary */
  ck_assert_int_eq(tc_count(d, "assign (var i:int) (bin -:int (var i:int) (num 1:int))"), 2);
  ck_assert_int_eq(tc_count(d, "decl old"), 2);
  /* a floating increment adds 1.0 */
  ck_assert_has(d, "  decl old_2:double = (var y:double)\n"
                   "  assign (var y:double) (bin +:double (var y:double) (num 1.0:double))\n"
                   "  assign (var y:double) (bin +:double (var old_2:double) (var z:double))\n");
}
END_TEST

START_TEST(test_pointer_increment)
{
  char *d = lower("double f(const double *x, int n) {\n"
                  "  const double *p = x;\n"
                  "  double s = 0;\n"
                  "  while (n-- > 0) s += *p++;\n"
                  "  return s + *(x + 1) + x[2];\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  decl p:const double* = (var x:const double*)\n");
  ck_assert_has(d, "assign (var p:const double*) (bin +:const double* (var p:const double*) (num 1:int))");
  ck_assert_has(d, "(deref:const double (var old_2:const double*))");
  ck_assert_has(d, "(deref:const double (bin +:const double* (var x:const double*) (num 1:int)))");
}
END_TEST

START_TEST(test_calls_hoisted)
{
  Module *m;
  char *d = lower("#include <math.h>\n"
                  "double g(double v);\n"
                  "double h(double v) { return v * 2; }\n"
                  "void effect(double *p);\n"
                  "double f(double x) {\n"
                  "  double y = g(x) + 1.0;\n"
                  "  double z = sin(x) + cos(x) * h(x);\n"
                  "  y = h(y);\n"
                  "  effect(&y);\n"
                  "  return exp(y) + g(z);\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  decl t:double = (call g:double (var x:double))\n"
                   "  decl y:double = (bin +:double (var t:double) (num 1.0:double))\n");
  /* math stays in the expression; the user function does not */
  ck_assert_has(d, "  decl t_2:double = (call h:double (var x:double))\n"
                   "  decl z:double = (bin +:double (call sin:double (var x:double)) (bin *:double (call cos:double "
                   "(var x:double)) (var t_2:double)))\n");
  /* y = h(y) keeps the call as the right side */
  ck_assert_has(d, "  assign (var y:double) (call h:double (var y:double))\n");
  ck_assert_has(d, "  expr (call effect:void (addr:double* (var y:double)))\n");
  ck_assert_has(d, "  decl t_3:double = (call g:double (var z:double))\n"
                   "  return (bin +:double (call exp:double (var y:double)) (var t_3:double))\n");
  /* h is defined here: lowered too, and calls point at it */
  Fn *h = tc_fn(m, "h");
  ck_assert(h->is_lowered);
  ck_assert(!tc_fn(m, "g")->is_lowered);
  ck_assert(!tc_fn(m, "g")->is_defined);
  Stmt *asg = NULL;
  Stmt *body = tc_fn(m, "f")->body;
  for (int i = 0; i < body->nbody; i++)
    if (body->body[i]->kind == ST_ASSIGN) asg = body->body[i];
  ck_assert_ptr_nonnull(asg);
  ck_assert_ptr_eq(asg->rhs->fn, h);
}
END_TEST

START_TEST(test_call_with_conversion_hoisted)
{
  /* float y = g(x) with g returning double: the conversion is not part of the call */
  char *d = lower("double g(double v);\n"
                  "float f(float x) { float y = g(x); y = g(y); return y; }\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  decl t:double = (call g:double (icast:double (var x:float)))\n"
                   "  decl y:float = (icast:float (var t:double))\n");
  ck_assert_has(d, "  decl t_2:double = (call g:double (icast:double (var y:float)))\n"
                   "  assign (var y:float) (icast:float (var t_2:double))\n");
}
END_TEST

START_TEST(test_recursion_lowered_once)
{
  Module *m;
  char *d = lower("double f(double x, int n) { return n ? x * f(x, n - 1) : 1.0; }\n#pragma ad jvp(f)\n", "f", &m);
  ck_assert_has(d, "(call f:double (var x:double) (bin -:int (var n:int) (num 1:int)))");
  int nf = 0;
  for (int i = 0; i < m->fns.len; i++) nf += !strcmp(((Fn *)m->fns.data[i])->name, "f");
  ck_assert_int_eq(nf, 1);
}
END_TEST

START_TEST(test_for_missing_parts)
{
  char *d = lower("double f(double *x, int n) {\n"
                  "  double s = 0;\n"
                  "  int i = 0;\n"
                  "  for (;;) { if (i >= n) break; s += x[i]; i++; }\n"
                  "  for (i = 0; i < n;) { s += x[i]; i++; }\n"
                  "  for (; i > 0; i--) s -= x[i - 1];\n"
                  "  for (i = 0; ; i++) { if (i == n) break; s *= 2; }\n"
                  "  for (int j = 0, k = n; j < k; k--) s += x[j] * x[k - 1];\n"
                  "  return s;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  for\n    cond forever\n    body\n      if (bin >=:int (var i:int) (var n:int))\n");
  ck_assert_has(d, "  for\n    init\n      assign (var i:int) (num 0:int)\n"
                   "    cond (bin <:int (var i:int) (var n:int))\n    body\n");
  ck_assert_has(d, "  for\n    cond (bin >:int (var i:int) (num 0:int))\n"
                   "    step\n      assign (var i:int) (bin -:int (var i:int) (num 1:int))\n    body\n");
  ck_assert_has(d, "  for\n    init\n      assign (var i:int) (num 0:int)\n    cond forever\n"
                   "    step\n      assign (var i:int) (bin +:int (var i:int) (num 1:int))\n    body\n");
  ck_assert_has(d, "  for\n    init\n      decl j:int = (num 0:int)\n      decl k:int = (var n:int)\n"
                   "    cond (bin <:int (var j:int) (var k:int))\n"
                   "    step\n      assign (var k:int) (bin -:int (var k:int) (num 1:int))\n    body\n");
}
END_TEST

START_TEST(test_for_missing_parts_in_macro)
{
  /* the header's parts are found even when the loop comes from a macro */
  char *d = lower("#define UPWARD(i, n) for (; i < (n); i++)\n"
                  "double f(double *x, int n) {\n"
                  "  double s = 0;\n"
                  "  int i = 0;\n"
                  "  UPWARD(i, n) s += x[i];\n"
                  "  return s;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  for\n    cond (bin <:int (var i:int) (var n:int))\n"
                   "    step\n      assign (var i:int) (bin +:int (var i:int) (num 1:int))\n    body\n");
}
END_TEST

START_TEST(test_while_do)
{
  char *d = lower("int more(int *c);\n"
                  "double f(double x, int n, int *c) {\n"
                  "  while (n > 0) { x *= 2; n--; }\n"
                  "  do { x += 1; } while (x < 10);\n"
                  "  while (more(c) > 0) x -= 1;\n"
                  "  return x;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  while (bin >:int (var n_2:int) (num 0:int))\n    assign (var x:double)");
  ck_assert_has(d, "  do-while (bin <:int (var x:double) (icast:double (num 10:int)))\n"
                   "    assign (var x:double) (bin +:double (var x:double) (icast:double (num 1:int)))\n");
  /* a condition with effects: for (;;) { effects; if (!c) break; body } */
  ck_assert_has(d, "  for\n    cond forever\n    body\n"
                   "      decl t:int = (call more:int (var c:int*))\n"
                   "      if (un !:int (bin >:int (var t:int) (num 0:int)))\n"
                   "        then\n          break\n"
                   "      assign (var x:double)");
}
END_TEST

START_TEST(test_switch)
{
  char *d = lower("double f(double x, int k) {\n"
                  "  double r = 0;\n"
                  "  switch (k) {\n"
                  "  case 0: r = x; break;\n"
                  "  case 1:\n"
                  "  case 2: r = 2 * x;\n"
                  "  case 3: r += 1; break;\n"
                  "  default: r = -x;\n"
                  "  }\n"
                  "  return r;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  switch (var k:int)\n"
                   "    case (num 0:int)\n"
                   "    assign (var r:double) (var x:double)\n"
                   "    break\n"
                   "    case (num 1:int)\n"
                   "    case (num 2:int)\n"
                   "    assign (var r:double) (bin *:double (icast:double (num 2:int)) (var x:double))\n"
                   "    case (num 3:int)\n"
                   "    assign (var r:double) (bin +:double (var r:double) (icast:double (num 1:int)))\n"
                   "    break\n"
                   "    default\n"
                   "    assign (var r:double) (un -:double (var x:double))\n"
                   "  return (var r:double)\n");
}
END_TEST

START_TEST(test_if_else_chain)
{
  char *d = lower("double f(double x) {\n"
                  "  if (x < 0) return -x; else if (x < 1) x = x * x; else { x = 1; }\n"
                  "  if (x) x++;\n"
                  "  return x;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  if (bin <:int (var x:double) (icast:double (num 0:int)))\n"
                   "    then\n      return (un -:double (var x:double))\n"
                   "    else\n      if (bin <:int (var x:double) (icast:double (num 1:int)))\n"
                   "        then\n          assign (var x:double) (bin *:double (var x:double) (var x:double))\n"
                   "        else\n          assign (var x:double) (icast:double (num 1:int))\n");
  ck_assert_has(d, "  if (var x:double)\n    then\n      assign (var x:double)");
}
END_TEST

START_TEST(test_structs)
{
  char *d = lower("struct V { double x, y; };\n"
                  "typedef struct P { struct V pos; double m; int id; } P;\n"
                  "double f(P *p, P q, struct V *vs, int n) {\n"
                  "  double s = p->pos.x * q.m + vs[n - 1].y;\n"
                  "  p->pos.y = q.pos.x;\n"
                  "  P tmp = *p;\n"
                  "  tmp.m += 1;\n"
                  "  struct V v = {1.0, 2.0};\n"
                  "  (&tmp)->id = 3;\n"
                  "  return s + tmp.m + v.y;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "fn f(p:P*, q:P, vs:struct V*, n:int) -> double\n");
  ck_assert_has(d, "(member .x:double (member ->pos:struct V (var p:P*)))");
  ck_assert_has(d, "(member .m:double (var q:P))");
  ck_assert_has(d, "(member .y:double (index:struct V (var vs:struct V*) (bin -:int (var n:int) (num 1:int))))");
  ck_assert_has(d, "  assign (member .y:double (member ->pos:struct V (var p:P*))) (member .x:double (member .pos:struct "
                   "V (var q:P)))\n");
  ck_assert_has(d, "  decl tmp:P = (deref:P (var p:P*))\n");
  ck_assert_has(d, "  decl v:struct V = (init:struct V (num 1.0:double) (num 2.0:double))\n");
  ck_assert_has(d, "  assign (member ->id:int (addr:P* (var tmp:P))) (num 3:int)\n");
}
END_TEST

START_TEST(test_struct_records)
{
  Module *m;
  lower("typedef struct { double a; int b[3]; } S;\n"
        "union U { double d; long l; };\n"
        "double f(S *s) { return s->a; }\n"
        "#pragma ad jvp(f)\n",
        "f", &m);
  ck_assert_int_ge(m->records.len, 2);
  Record *s = m->records.data[0];
  ck_assert_ptr_null(s->tag);
  ck_assert_str_eq(s->tdname, "S");
  ck_assert_int_eq(s->nfields, 2);
  ck_assert_str_eq(s->fields[1].name, "b");
  ck_assert_int_eq(s->fields[1].type->kind, TY_ARRAY);
  ck_assert_int_eq(s->fields[1].type->len, 3);
  ck_assert(s->in_main_file);
  Record *u = m->records.data[1];
  ck_assert(u->is_union);
  ck_assert_str_eq(u->tag, "U");
}
END_TEST

START_TEST(test_vla)
{
  Module *m;
  char *d = lower("double f(const double *x, int n, int m) {\n"
                  "  double t[n];\n"
                  "  double u[n][m + 1];\n"
                  "  for (int i = 0; i < n; i++) t[i] = x[i];\n"
                  "  u[0][0] = t[0];\n"
                  "  return u[0][0];\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  decl t:double[(var n:int)]\n");
  ck_assert_has(d, "  decl u:double[(var n:int)][(bin +:int (var m:int) (num 1:int))]\n");
  char *c = tc_c(tc_fn(m, "f"));
  ck_assert_has(c, "  double t[n];\n");
  ck_assert_has(c, "  double u[n][m + 1];\n");
}
END_TEST

START_TEST(test_local_arrays)
{
  Module *m;
  char *d = lower("double f(double x) {\n"
                  "  double a[3] = {x, 2 * x};\n"
                  "  double b[2][2] = {{1, 0}, {0, 1}};\n"
                  "  int idx[] = {2, 1, 0};\n"
                  "  return a[idx[0]] + b[1][1];\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  decl a:double[3] = (init:double[3] (var x:double) (bin *:double (icast:double (num 2:int)) (var "
                   "x:double)))\n");
  ck_assert_has(d, "  decl b:double[2][2] = (init:double[2][2] (init:double[2]");
  ck_assert_has(d, "  decl idx:int[3] = (init:int[3] (num 2:int) (num 1:int) (num 0:int))\n");
  char *c = tc_c(tc_fn(m, "f"));
  ck_assert_has(c, "  double b[2][2] = {{1, 0}, {0, 1}};\n");
  ck_assert_has(c, "  int idx[3] = {2, 1, 0};\n");
}
END_TEST

START_TEST(test_sizeof)
{
  char *d = lower("struct V { double x, y; };\n"
                  "double f(double *x, int i) {\n"
                  "  unsigned long a = sizeof(double);\n"
                  "  unsigned long b = sizeof x[0];\n"
                  "  unsigned long c = sizeof(struct V);\n"
                  "  unsigned long e = sizeof(x[i++]);\n"
                  "  return (double)(a + b + c + e) * x[i];\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "(sizeof:size_t \"sizeof(double)\")");
  ck_assert_has(d, "(sizeof:size_t (index:double (var x:double*) (num 0:int)))");
  ck_assert_has(d, "(sizeof:size_t \"sizeof(struct V)\")");
  /* the operand of sizeof is not evaluated: i++ has no effect */
  ck_assert_lacks(d, "assign (var i:int)");
}
END_TEST

START_TEST(test_casts)
{
  char *d = lower("double f(double x, int i, unsigned u) {\n"
                  "  int a = (int)x;\n"
                  "  float b = (float)x;\n"
                  "  double c = i;\n"
                  "  double e = (double)i / 3;\n"
                  "  long g = (long)(x * 2);\n"
                  "  unsigned h = (unsigned)i + u;\n"
                  "  return a + b + c + e + g + h;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  decl a:int = (cast:int (var x:double))\n");
  ck_assert_has(d, "  decl b:float = (cast:float (var x:double))\n");
  ck_assert_has(d, "  decl c:double = (icast:double (var i:int))\n");
  ck_assert_has(d, "  decl e:double = (bin /:double (cast:double (var i:int)) (icast:double (num 3:int)))\n");
  ck_assert_has(d, "  decl g:long = (cast:long (bin *:double (var x:double) (icast:double (num 2:int))))\n");
  ck_assert_has(d, "  decl h:unsigned int = (bin +:unsigned int (cast:unsigned int (var i:int)) (var u:unsigned int))\n");
}
END_TEST

START_TEST(test_return_conversion)
{
  char *d = lower("int f(double x) { return x * 2; }\n#pragma ad jvp(f)\n", "f", NULL);
  ck_assert_has(d, "  return (icast:int (bin *:double (var x:double) (icast:double (num 2:int))))\n");
}
END_TEST

START_TEST(test_logical_side_effects)
{
  char *d = lower("int g(int *c);\n"
                  "double f(double x, int *c) {\n"
                  "  int a = x > 0 && g(c);\n"
                  "  int b = x < 0 || g(c) > 1;\n"
                  "  int e = x > 1 && x < 2;\n"
                  "  return a + b + e;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  decl cond:int = (bin !=:int (bin >:int (var x:double) (icast:double (num 0:int))) (num 0:int))\n"
                   "  if (var cond:int)\n"
                   "    then\n"
                   "      decl t:int = (call g:int (var c:int*))\n"
                   "      assign (var cond:int) (bin !=:int (var t:int) (num 0:int))\n"
                   "  decl a:int = (var cond:int)\n");
  ck_assert_has(d, "  if (un !:int (var cond_2:int))\n");
  /* no effects: stays an expression */
  ck_assert_has(d, "  decl e:int = (bin &&:int (bin >:int");
}
END_TEST

START_TEST(test_conditional_side_effects)
{
  char *d = lower("double g(double v);\n"
                  "double f(double x) {\n"
                  "  double y = x > 0 ? g(x) : 1.0;\n"
                  "  double z = x > 0 ? x : -x;\n"
                  "  return y + z;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  decl sel:double\n"
                   "  if (bin >:int (var x:double) (icast:double (num 0:int)))\n"
                   "    then\n"
                   "      decl t:double = (call g:double (var x:double))\n"
                   "      assign (var sel:double) (var t:double)\n"
                   "    else\n"
                   "      assign (var sel:double) (num 1.0:double)\n"
                   "  decl y:double = (var sel:double)\n");
  ck_assert_has(d, "  decl z:double = (cond:double (bin >:int (var x:double) (icast:double (num 0:int))) (var x:double) "
                   "(un -:double (var x:double)))\n");
}
END_TEST

/* Comma operands whose value is dropped (i++, j-- in a for step) are
 * statements: no temporaries for the old values. */
START_TEST(test_comma)
{
  char *d = lower("double f(double x) {\n"
                  "  double y = (x += 1, x * 2);\n"
                  "  int i, j;\n"
                  "  for (i = 0, j = 3; i < j; i++, j--) y += i;\n"
                  "  return y;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  assign (var x:double) (bin +:double (var x:double) (icast:double (num 1:int)))\n"
                   "  decl y:double = (bin *:double (var x:double) (icast:double (num 2:int)))\n");
  ck_assert_has(d, "    init\n      assign (var i:int) (num 0:int)\n      assign (var j:int) (num 3:int)\n");
  ck_assert_has(d, "    step\n      assign (var i:int) (bin +:int (var i:int) (num 1:int))\n"
                   "      assign (var j:int) (bin -:int (var j:int) (num 1:int))\n");
  ck_assert_lacks(d, "decl old");
}
END_TEST

START_TEST(test_static_local_and_globals)
{
  Module *m;
  char *d = lower("static const double tbl[3] = {1.5, 2.5, 3.5};\n"
                  "enum { SCALE = 4 };\n"
                  "double f(double x) {\n"
                  "  static int calls = 0;\n"
                  "  calls++;\n"
                  "  return tbl[1] * x * SCALE;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  decl static calls:int = (num 0:int)\n");
  ck_assert_has(d, "(index:const double (icast:const double* (var tbl:const double[3])) (num 1:int))");
  ck_assert_has(d, "(num SCALE:int)");
  ck_assert_int_eq(m->globals.len, 1);
  Var *g = m->globals.data[0];
  ck_assert_str_eq(g->name, "tbl");
  ck_assert_int_eq(g->kind, VAR_GLOBAL);
  ck_assert(g->is_static);
  ck_assert_ptr_nonnull(g->init);
  ck_assert_int_eq(g->init->kind, EX_INIT);
  ck_assert_int_eq(g->init->nargs, 3);
}
END_TEST

START_TEST(test_literals_keep_spelling)
{
  char *d = lower("double f(double x) { int a = 0x10; char c = 'a'; return x * 1e-3 + a + c + .5; }\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "(num 0x10:int)");
  ck_assert_has(d, "(num 'a':");
  ck_assert_has(d, "(num 1e-3:double)");
  ck_assert_has(d, "(num .5:double)");
}
END_TEST

START_TEST(test_malloc_free)
{
  Module *m;
  char *d = lower("#include <stdlib.h>\n#include <string.h>\n"
                  "double f(const double *x, int n) {\n"
                  "  double *w = malloc(n * sizeof *w);\n"
                  "  double *z = (double *)calloc(n, sizeof(double));\n"
                  "  memcpy(w, x, n * sizeof(double));\n"
                  "  double s = w[0] + z[0];\n"
                  "  free(w); free(z);\n"
                  "  return s;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", &m);
  ck_assert_has(d, "  decl w:double* = (call malloc:void* ");
  ck_assert_has(d, "(call calloc:void* ");
  ck_assert_has(d, "  expr (call memcpy:void* ");
  ck_assert_has(d, "  expr (call free:void (icast:void* (var w:double*)))\n");
  char *c = tc_c(tc_fn(m, "f"));
  ck_assert_has(c, "double *w = malloc(n * sizeof(*w));");
}
END_TEST

START_TEST(test_unreachable_not_lowered)
{
  Module *m = tc_front("double a(double x) { return x; }\n"
                       "double b(double x) { return a(x) * 2; }\n"
                       "double c(double x) { return x * 3; }\n"
                       "#pragma ad jvp(b)\n");
  ck_assert_int_eq(diag_errors(), 0);
  ck_assert(tc_fn(m, "a")->is_lowered);
  ck_assert(tc_fn(m, "b")->is_lowered);
  ck_assert(!tc_fn(m, "c")->is_lowered);
  ck_assert_ptr_null(tc_fn(m, "c")->body);
}
END_TEST

START_TEST(test_dump_header)
{
  char *d = lower("static double f(const double *x, int n, ...) { return x[n]; }\n"
                  "double g(const double *x) { return f(x, 0); }\n"
                  "#pragma ad jvp(g)\n",
                  "f", NULL);
  ck_assert_has(d, "fn f(x:const double*, n:int, ...) -> double static\n  return (index:const double ");
}
END_TEST

START_TEST(test_goto_forward_is_a_flag)
{
  char *d = lower("double f(double x) {\n"
                  "  if (x > 0) goto done;\n"
                  "  x = -x;\n"
                  "done:\n"
                  "  return x;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "assign (var goto_done:int) (num 1:int)");
  ck_assert_has(d, "if (un !:int (var goto_done:int))\n    then\n      assign (var x:double)");
}
END_TEST

START_TEST(test_goto_backward_is_a_loop)
{
  /* f2c's DO WHILE: a goto back to a label of its own block */
  char *d = lower("double f(double x) {\n"
                  "  int i = 0;\n"
                  "again:\n"
                  "  x = x * x;\n"
                  "  if (++i < 3) goto again;\n"
                  "  return x;\n"
                  "}\n"
                  "#pragma ad jvp(f)\n",
                  "f", NULL);
  ck_assert_has(d, "  for\n    cond forever\n    body\n      assign (var x:double)");
  ck_assert_has(d, "      if (un !:int (bin <:int (var i:int) (num 3:int)))\n        then\n          break");
}
END_TEST

START_TEST(test_goto_backward_is_an_error)
{
  /* out of a nested loop back to its caller's block: no loop of its own */
  char *diags;
  tc_front_diag("double f(double x, int n) {\n"
                "  int i = 0;\n"
                "again:\n"
                "  x = x * x;\n"
                "  for (int k = 0; k < 2; k++)\n"
                "    if (++i < n) goto again;\n"
                "  return x;\n"
                "}\n"
                "#pragma ad jvp(f)\n",
                NULL, 0, &diags);
  ck_assert_int_ge(diag_errors(), 1);
  ck_assert_has(diags, "error: a goto backward, into a block or a loop, past a case label");
}
END_TEST

START_TEST(test_type_in_function_is_file_scope)
{
  /* a block-scope struct: a record of its own, tagged for its function,
   * declared at file scope of the generated files */
  Module *m = tc_front("double f(double x) {\n"
                       "  struct L { double v; } l = {x};\n"
                       "  return l.v;\n"
                       "}\n"
                       "double g(double x) {\n"
                       "  struct L { double v, w; } l = {x, x};\n"
                       "  return l.v * l.w;\n"
                       "}\n"
                       "#pragma ad jvp(f)\n"
                       "#pragma ad jvp(g)\n");
  ck_assert_int_eq(diag_errors(), 0);
  int local = 0;
  for (int i = 0; i < m->records.len; i++) {
    Record *r = m->records.data[i];
    if (!r->local) continue;
    local++;
    ck_assert(!strcmp(r->tag, "f_L") || !strcmp(r->tag, "g_L"));
  }
  ck_assert_int_eq(local, 2);
}
END_TEST

static Suite *lower_suite(void)
{
  Suite *s = suite_create("lower");
  TCase *t = tcase_create("expressions");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_compound_assignment);
  tcase_add_test(t, test_compound_side_effect_once);
  tcase_add_test(t, test_increment_decrement);
  tcase_add_test(t, test_pointer_increment);
  tcase_add_test(t, test_calls_hoisted);
  tcase_add_test(t, test_call_with_conversion_hoisted);
  tcase_add_test(t, test_recursion_lowered_once);
  tcase_add_test(t, test_casts);
  tcase_add_test(t, test_return_conversion);
  tcase_add_test(t, test_logical_side_effects);
  tcase_add_test(t, test_conditional_side_effects);
  tcase_add_test(t, test_comma);
  tcase_add_test(t, test_sizeof);
  tcase_add_test(t, test_literals_keep_spelling);
  tcase_add_test(t, test_malloc_free);
  suite_add_tcase(s, t);
  t = tcase_create("statements");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_for_missing_parts);
  tcase_add_test(t, test_for_missing_parts_in_macro);
  tcase_add_test(t, test_while_do);
  tcase_add_test(t, test_switch);
  tcase_add_test(t, test_if_else_chain);
  tcase_add_test(t, test_goto_forward_is_a_flag);
  tcase_add_test(t, test_goto_backward_is_a_loop);
  tcase_add_test(t, test_goto_backward_is_an_error);
  tcase_add_test(t, test_type_in_function_is_file_scope);
  suite_add_tcase(s, t);
  t = tcase_create("data");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, test_structs);
  tcase_add_test(t, test_struct_records);
  tcase_add_test(t, test_vla);
  tcase_add_test(t, test_local_arrays);
  tcase_add_test(t, test_static_local_and_globals);
  tcase_add_test(t, test_unreachable_not_lowered);
  tcase_add_test(t, test_dump_header);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(lower_suite()); }
