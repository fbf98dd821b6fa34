/*
** check_emit.c: the C printer (tool/emit/emit_c.c) on hand-built IR.
** Parentheses come from precedence only: just the ones C needs, plus the
** ones compilers ask for under -Wparentheses ((a < b) == c, (a && b) || c).
** Declarators follow C's inside-out rule; assignments print in their
** compound forms (a += b, i++) only where that means the same.
*/
#include "tool_check.h"

static Fn scope;

static Expr *v(const char *name) { return ex_var(fn_new_var(&scope, name, ty_double(), VAR_LOCAL, (SrcLoc){0})); }
static Expr *iv(const char *name) { return ex_var(fn_new_var(&scope, name, ty_int(), VAR_LOCAL, (SrcLoc){0})); }
static Expr *pv(const char *name)
{
  return ex_var(fn_new_var(&scope, name, ty_ptr(ty_double()), VAR_LOCAL, (SrcLoc){0}));
}
static Expr *bin(BinOp op, Expr *a, Expr *b) { return ex_bin(op, a, b); }

#define ck_emit(e, want) ck_assert_str_eq(emit_expr(e), (want))

/* fn_new_var makes names unique: a, a_2, ... so each test uses fresh letters */

START_TEST(test_subtraction)
{
  ck_emit(bin(OP_SUB, v("a"), bin(OP_SUB, v("b"), v("c"))), "a - (b - c)");
  ck_emit(bin(OP_SUB, bin(OP_SUB, v("d"), v("e")), v("f")), "d - e - f");
  ck_emit(bin(OP_SUB, v("g"), bin(OP_ADD, v("h"), v("i"))), "g - (h + i)");
  ck_emit(bin(OP_ADD, v("j"), bin(OP_SUB, v("k"), v("l"))), "j + (k - l)");
  ck_emit(bin(OP_ADD, bin(OP_ADD, v("m"), v("n")), v("o")), "m + n + o");
}
END_TEST

START_TEST(test_multiplicative)
{
  ck_emit(bin(OP_MUL, v("a"), bin(OP_ADD, v("b"), v("c"))), "a * (b + c)");
  ck_emit(bin(OP_ADD, v("d"), bin(OP_MUL, v("e"), v("f"))), "d + e * f");
  ck_emit(bin(OP_MUL, bin(OP_ADD, v("g"), v("h")), v("i")), "(g + h) * i");
  ck_emit(bin(OP_DIV, v("j"), bin(OP_MUL, v("k"), v("l"))), "j / (k * l)");
  ck_emit(bin(OP_DIV, bin(OP_MUL, v("m"), v("n")), v("o")), "m * n / o");
  ck_emit(bin(OP_MUL, v("p"), bin(OP_DIV, v("q"), v("r"))), "p * (q / r)");
  ck_emit(bin(OP_MOD, iv("s"), bin(OP_MUL, iv("t"), iv("u"))), "s % (t * u)");
}
END_TEST

START_TEST(test_unary_minus)
{
  Expr *x = v("x");
  ck_emit(ex_un(OP_NEG, ex_un(OP_NEG, x)), "-(-x)");
  ck_emit(ex_un(OP_NEG, v("a")), "-a");
  ck_emit(ex_un(OP_NEG, bin(OP_ADD, v("b"), v("c"))), "-(b + c)");
  ck_emit(bin(OP_MUL, ex_un(OP_NEG, v("d")), v("e")), "-d * e");
  ck_emit(bin(OP_SUB, v("f"), ex_un(OP_NEG, v("g"))), "f - -g");
  ck_emit(ex_un(OP_NEG, ex_num(-1.0, ty_double())), "-(-1.0)");
  ck_emit(ex_un(OP_PLUS, ex_un(OP_NEG, v("h"))), "+(-h)");
  ck_emit(ex_un(OP_NEG, ex_un(OP_PLUS, v("i"))), "-(+i)");
  ck_emit(ex_un(OP_NOT, bin(OP_LT, v("j"), v("k"))), "!(j < k)");
  ck_emit(ex_un(OP_NEG, ex_call1("sin", ty_double(), v("l"))), "-sin(l)");
}
END_TEST

START_TEST(test_clarity_parentheses)
{
  ck_emit(bin(OP_EQ, bin(OP_LT, v("a"), v("b")), v("c")), "(a < b) == c");
  ck_emit(bin(OP_EQ, v("d"), bin(OP_LT, v("e"), v("f"))), "d == (e < f)");
  ck_emit(bin(OP_LOR, bin(OP_LAND, iv("g"), iv("h")), iv("i")), "(g && h) || i");
  ck_emit(bin(OP_LOR, iv("j"), bin(OP_LAND, iv("k"), iv("l"))), "j || (k && l)");
  ck_emit(bin(OP_SHL, bin(OP_ADD, iv("m"), iv("n")), iv("o")), "(m + n) << o");
  ck_emit(bin(OP_BAND, iv("p"), bin(OP_EQ, iv("q"), iv("r"))), "p & (q == r)");
  /* same level: no clarity parentheses */
  ck_emit(bin(OP_LAND, bin(OP_LAND, iv("s"), iv("t")), iv("u")), "s && t && u");
  ck_emit(bin(OP_LAND, bin(OP_LT, v("w"), v("x")), bin(OP_GT, v("y"), v("z"))), "w < x && y > z");
}
END_TEST

/* gcc -Wparentheses also wants & inside | and ^, and ^ inside |, spelled out */
START_TEST(test_bitwise_clarity)
{
  ck_emit(bin(OP_BOR, bin(OP_BAND, iv("a"), iv("b")), iv("c")), "(a & b) | c");
  ck_emit(bin(OP_BOR, iv("d"), bin(OP_BXOR, iv("e"), iv("f"))), "d | (e ^ f)");
  ck_emit(bin(OP_BXOR, bin(OP_BAND, iv("g"), iv("h")), iv("i")), "(g & h) ^ i");
  ck_emit(bin(OP_BAND, bin(OP_BOR, iv("j"), iv("k")), iv("l")), "(j | k) & l");
  ck_emit(bin(OP_BOR, bin(OP_BOR, iv("m"), iv("n")), iv("o")), "m | n | o");
}
END_TEST

START_TEST(test_conditional)
{
  Expr *c = iv("c");
  ck_emit(ex_cond(c, v("a"), v("b")), "c ? a : b");
  ck_emit(bin(OP_ADD, ex_cond(iv("d"), v("e"), v("f")), v("g")), "(d ? e : f) + g");
  ck_emit(ex_cond(iv("h"), v("i"), ex_cond(iv("j"), v("k"), v("l"))), "h ? i : j ? k : l");
  ck_emit(ex_cond(ex_cond(iv("m"), iv("n"), iv("o")), v("p"), v("q")), "(m ? n : o) ? p : q");
  ck_emit(ex_cond(iv("r"), ex_cond(iv("s"), v("t"), v("u")), v("w")), "r ? s ? t : u : w");
  ck_emit(ex_cond(bin(OP_LOR, iv("x"), iv("y")), v("z"), v("a")), "x || y ? z : a_2");
}
END_TEST

START_TEST(test_casts)
{
  ck_emit(ex_cast(ty_double(), bin(OP_ADD, iv("a"), iv("b"))), "(double)(a + b)");
  ck_emit(bin(OP_MUL, ex_cast(ty_int(), v("c")), iv("d")), "(int)c * d");
  ck_emit(ex_cast(ty_ptr(ty_double()), pv("e")), "(double *)e");
  ck_emit(ex_cast(ty_int(), ex_cast(ty_double(), iv("f"))), "(int)(double)f");
  ck_emit(ex_cast(ty_int(), ex_un(OP_NEG, v("g"))), "(int)-g");
  Expr *imp = ex_cast(ty_double(), iv("h"));
  imp->is_implicit = true;
  ck_emit(bin(OP_ADD, imp, v("i")), "h + i");
  /* an implicit conversion keeps the precedence of what it converts */
  Expr *imp2 = ex_cast(ty_double(), bin(OP_ADD, iv("j"), iv("k")));
  imp2->is_implicit = true;
  ck_emit(bin(OP_MUL, imp2, v("l")), "(j + k) * l");
}
END_TEST

START_TEST(test_pointers)
{
  Expr *p = pv("p");
  ck_emit(ex_deref(bin(OP_ADD, p, iv("i"))), "*(p + i)");
  ck_emit(ex_addr(ex_index(pv("x"), iv("j"))), "&x[j]");
  ck_emit(ex_index(bin(OP_ADD, pv("q"), iv("k")), ex_int(0)), "(q + k)[0]");
  ck_emit(ex_index(pv("r"), bin(OP_MUL, iv("m"), iv("n"))), "r[m * n]");
  ck_emit(bin(OP_MUL, ex_deref(pv("s")), ex_deref(pv("t"))), "*s * *t");
  ck_emit(ex_addr(ex_addr(v("u"))), "&(&u)");
}
END_TEST

START_TEST(test_members)
{
  Record *r = xmalloc(sizeof *r);
  r->tag = "P";
  Type *pt = ty_new(TY_RECORD, NULL);
  pt->rec = r;
  Expr *p = ex_var(fn_new_var(&scope, "p", ty_ptr(pt), VAR_LOCAL, (SrcLoc){0}));
  Expr *m = ex_new(EX_MEMBER, ty_double(), (SrcLoc){0});
  m->lhs = ex_deref(p);
  m->text = "x";
  ck_emit(m, "(*p).x");
  Expr *a = ex_new(EX_MEMBER, ty_double(), (SrcLoc){0});
  a->lhs = ir_clone_expr(p, NULL);
  a->text = "y";
  a->is_arrow = true;
  ck_emit(a, "p->y");
  ck_emit(ex_addr(a), "&p->y");
}
END_TEST

START_TEST(test_calls_sizeof_init)
{
  Expr *args[2] = {v("a"), bin(OP_ADD, v("b"), v("c"))};
  ck_emit(ex_call("f", ty_double(), args, 2), "f(a, b + c)");
  ck_emit(ex_call("g", ty_double(), args, 0), "g()");
  Expr *s = ex_new(EX_SIZEOF, ty_size_t(), (SrcLoc){0});
  s->lhs = v("d");
  ck_emit(s, "sizeof(d)");
  Expr *t = ex_new(EX_SIZEOF, ty_size_t(), (SrcLoc){0});
  t->text = "sizeof(double)";
  ck_emit(bin(OP_MUL, t, iv("n")), "sizeof(double) * n");
  Expr *init = ex_new(EX_INIT, ty_double(), (SrcLoc){0});
  init->args = args;
  init->nargs = 2;
  ck_emit(init, "{a, b + c}");
  Expr *empty = ex_new(EX_INIT, ty_double(), (SrcLoc){0});
  ck_emit(empty, "{0}");
  /* sizeof of a type is IR (transforms print no text themselves) */
  ck_emit(bin(OP_MUL, iv("m"), ex_sizeof_type(ty_ptr(ty_double()))), "m * sizeof(double *)");
}
END_TEST

/* a CUDA kernel launch: the first two arguments are <<<grid, block>>> */
START_TEST(test_launch)
{
  Expr *nb = iv("nb");
  Expr *args[4] = {bin(OP_DIV, nb, ex_int(128)), ex_int(128), ir_clone_expr(nb, NULL), pv("px")};
  Expr *k = ex_call("k", ty_void(), args, 4);
  k->is_launch = true;
  ck_emit(k, "k<<<nb / 128, 128>>>(nb, px)");
}
END_TEST

START_TEST(test_numbers)
{
  ck_emit(ex_num(2.0, ty_double()), "2.0");
  ck_emit(ex_num(0.1, ty_double()), "0.1");
  ck_emit(ex_num(2.0, ty_float()), "2.0f");
  ck_emit(ex_num(1e300, ty_double()), "1e+300");
  ck_emit(ex_int(7), "7");
  ck_emit(bin(OP_SUB, v("a"), ex_num(-1.0, ty_double())), "a - -1.0");
  ck_emit(bin(OP_MUL, ex_num(-2.0, ty_double()), v("b")), "-2.0 * b");
}
END_TEST

/* A call through a function pointer: the callee is an expression (lhs). */
START_TEST(test_call_through_pointer)
{
  Type *fp = ty_new(TY_PTR, "void (*)(int *)");
  fp->base = ty_new(TY_FUNC, NULL);
  Expr *cb = ex_var(fn_new_var(&scope, "cb", fp, VAR_LOCAL, (SrcLoc){0}));
  Expr *arg = ex_var(fn_new_var(&scope, "count", ty_ptr(ty_int()), VAR_LOCAL, (SrcLoc){0}));
  Expr *call = ex_call(NULL, ty_void(), &arg, 1);
  call->lhs = cb;
  ck_emit(call, "cb(count)");
}
END_TEST

/* ---- statements ------------------------------------------------------ */

static char *stmt_text(const Stmt *s)
{
  Printer p;
  pr_init(&p, "t.ad.c", false);
  emit_stmt(&p, s);
  return sb_take(&p.out);
}

START_TEST(test_stmt_assign_forms)
{
  Expr *i = iv("i");
  ck_assert_str_eq(stmt_text(st_assign(i, bin(OP_ADD, ir_clone_expr(i, NULL), ex_int(1)), (SrcLoc){0})), "i++;\n");
  Expr *a = v("a");
  ck_assert_str_eq(stmt_text(st_assign(a, bin(OP_MUL, ir_clone_expr(a, NULL), v("b")), (SrcLoc){0})), "a *= b;\n");
  ck_assert_str_eq(stmt_text(st_assign(ir_clone_expr(a, NULL), bin(OP_SUB, v("c"), ir_clone_expr(a, NULL)), (SrcLoc){0})),
                   "a = c - a;\n");
  Expr *x = pv("x");
  Expr *xi = ex_index(x, ir_clone_expr(i, NULL));
  ck_assert_str_eq(stmt_text(st_assign(xi, bin(OP_ADD, ir_clone_expr(xi, NULL), v("d")), (SrcLoc){0})), "x[i] += d;\n");
}
END_TEST

/* *p = *p + 1 on an int counter: "*p++" would move the pointer instead */
START_TEST(test_stmt_increment_through_pointer)
{
  Expr *p = ex_var(fn_new_var(&scope, "p", ty_ptr(ty_int()), VAR_LOCAL, (SrcLoc){0}));
  Expr *lhs = ex_deref(p);
  char *t = stmt_text(st_assign(lhs, bin(OP_ADD, ir_clone_expr(lhs, NULL), ex_int(1)), (SrcLoc){0}));
  ck_assert_msg(!strcmp(t, "(*p)++;\n") || !strcmp(t, "*p += 1;\n") || !strcmp(t, "++*p;\n"),
                "*p = *p + 1 printed as '%s'", t);
  char *u = stmt_text(st_assign(ir_clone_expr(lhs, NULL), bin(OP_SUB, ir_clone_expr(lhs, NULL), ex_int(1)), (SrcLoc){0}));
  ck_assert_msg(!strcmp(u, "(*p)--;\n") || !strcmp(u, "*p -= 1;\n") || !strcmp(u, "--*p;\n"),
                "*p = *p - 1 printed as '%s'", u);
}
END_TEST

/* a parallel loop is guarded OpenMP; without line directives the printer
 * writes no #line, whatever the statements' locations */
START_TEST(test_stmt_parallel_and_lines)
{
  Var *b = fn_new_var(&scope, "b", ty_int(), VAR_LOCAL, (SrcLoc){0});
  Stmt *loop = st_new(ST_FOR, (SrcLoc){"f.c", 7, 1});
  loop->init = st_decl(b, ex_int(0), (SrcLoc){0});
  loop->cond = bin(OP_LT, ex_var(b), iv("nbatch"));
  loop->step = st_assign(ex_var(b), bin(OP_ADD, ex_var(b), ex_int(1)), (SrcLoc){0});
  loop->then = st_block((SrcLoc){0});
  loop->parallel = true;
  ck_assert_str_eq(stmt_text(loop),
                   "#ifdef _OPENMP\n#pragma omp parallel for\n#endif\nfor (int b = 0; b < nbatch; b++) {\n}\n");
  Printer p;
  pr_init(&p, "t.ad.c", true);
  emit_stmt(&p, loop);
  ck_assert_ptr_nonnull(strstr(sb_take(&p.out), "#line 7 \"f.c\"\nfor"));
}
END_TEST

/* ---- declarators --------------------------------------------------- */

static Type *cnst(Type *t)
{
  Type *c = xmalloc(sizeof *c);
  *c = *t;
  c->is_const = true;
  return c;
}

static Type *arr(Type *base, long len)
{
  Type *t = ty_new(TY_ARRAY, NULL);
  t->base = base;
  t->len = len;
  return t;
}

START_TEST(test_decl_scalars_pointers)
{
  ck_assert_str_eq(emit_decl(ty_double(), "x"), "double x");
  ck_assert_str_eq(emit_decl(ty_ptr(ty_double()), "x"), "double *x");
  ck_assert_str_eq(emit_decl(ty_ptr(cnst(ty_double())), "x"), "const double *x");
  ck_assert_str_eq(emit_decl(cnst(ty_ptr(ty_double())), "x"), "double *const x");
  ck_assert_str_eq(emit_decl(cnst(ty_ptr(cnst(ty_double()))), "x"), "const double *const x");
  ck_assert_str_eq(emit_decl(ty_ptr(ty_ptr(ty_double())), "x"), "double **x");
  ck_assert_str_eq(emit_decl(ty_ptr(cnst(ty_ptr(ty_double()))), "x"), "double *const *x");
  ck_assert_str_eq(emit_decl(cnst(ty_int()), "n"), "const int n");
  ck_assert_str_eq(emit_decl(ty_size_t(), "n"), "size_t n");
  ck_assert_str_eq(emit_type_name(ty_ptr(ty_double())), "double *");
  ck_assert_str_eq(emit_type_name(ty_double()), "double");
}
END_TEST

START_TEST(test_decl_arrays)
{
  ck_assert_str_eq(emit_decl(arr(ty_double(), 3), "a"), "double a[3]");
  ck_assert_str_eq(emit_decl(arr(arr(ty_double(), 4), 3), "a"), "double a[3][4]");
  ck_assert_str_eq(emit_decl(arr(ty_double(), -1), "a"), "double a[]");
  ck_assert_str_eq(emit_decl(arr(cnst(ty_double()), 2), "a"), "const double a[2]");
  ck_assert_str_eq(emit_decl(arr(ty_ptr(ty_double()), 3), "a"), "double *a[3]");
  ck_assert_str_eq(emit_decl(ty_ptr(arr(ty_double(), 4)), "p"), "double (*p)[4]");
  ck_assert_str_eq(emit_type_name(ty_ptr(arr(ty_double(), 4))), "double (*)[4]");
}
END_TEST

START_TEST(test_decl_vla)
{
  Type *t = ty_new(TY_ARRAY, NULL);
  t->base = ty_double();
  t->len = -1;
  t->vla = bin(OP_MUL, iv("n"), iv("m"));
  ck_assert_str_eq(emit_decl(t, "a"), "double a[n * m]");
  Type *t2 = ty_new(TY_ARRAY, NULL);
  t2->base = t;
  t2->len = -1;
  t2->vla = iv("k");
  ck_assert_str_eq(emit_decl(t2, "b"), "double b[k][n * m]");
}
END_TEST

START_TEST(test_decl_records_typedefs)
{
  Record *r = xmalloc(sizeof *r);
  r->tag = "P";
  Type *s = ty_new(TY_RECORD, NULL);
  s->rec = r;
  ck_assert_str_eq(emit_decl(s, "p"), "struct P p");
  ck_assert_str_eq(emit_decl(ty_ptr(cnst(s)), "p"), "const struct P *p");
  Record *u = xmalloc(sizeof *u);
  u->tag = "U";
  u->is_union = true;
  Type *ut = ty_new(TY_RECORD, NULL);
  ut->rec = u;
  ck_assert_str_eq(emit_decl(ut, "u"), "union U u");
  /* typedef names print by name */
  Record *q = xmalloc(sizeof *q);
  q->tdname = "Particle";
  Type *qt = ty_new(TY_RECORD, NULL);
  qt->rec = q;
  ck_assert_str_eq(emit_decl(ty_ptr(qt), "p"), "Particle *p");
  Type *real = ty_new(TY_DOUBLE, "real");
  ck_assert_str_eq(emit_decl(arr(real, 2), "r"), "real r[2]");
  Type *vec = arr(ty_double(), 3);
  vec->name = "vec3";
  ck_assert_str_eq(emit_decl(vec, "v"), "vec3 v");
  ck_assert_str_eq(emit_decl(ty_ptr(vec), "v"), "vec3 *v");
}
END_TEST

/* A function pointer type (kept by its spelling) must still declare a name. */
START_TEST(test_decl_function_pointer)
{
  Type *fp = ty_new(TY_PTR, "void (*)(int)");
  fp->base = ty_new(TY_FUNC, NULL);
  ck_assert_str_eq(emit_decl(fp, "cb"), "void (*cb)(int)");
  Type *fd = ty_new(TY_PTR, "double (*)(double, void *)");
  fd->base = ty_new(TY_FUNC, NULL);
  ck_assert_str_eq(emit_decl(fd, "f"), "double (*f)(double, void *)");
}
END_TEST

static Suite *emit_suite(void)
{
  Suite *s = suite_create("emit");
  TCase *t = tcase_create("expr");
  tcase_add_test(t, test_subtraction);
  tcase_add_test(t, test_multiplicative);
  tcase_add_test(t, test_unary_minus);
  tcase_add_test(t, test_clarity_parentheses);
  tcase_add_test(t, test_bitwise_clarity);
  tcase_add_test(t, test_conditional);
  tcase_add_test(t, test_casts);
  tcase_add_test(t, test_pointers);
  tcase_add_test(t, test_members);
  tcase_add_test(t, test_calls_sizeof_init);
  tcase_add_test(t, test_numbers);
  tcase_add_test(t, test_call_through_pointer);
  tcase_add_test(t, test_launch);
  suite_add_tcase(s, t);
  t = tcase_create("stmt");
  tcase_add_test(t, test_stmt_assign_forms);
  tcase_add_test(t, test_stmt_increment_through_pointer);
  tcase_add_test(t, test_stmt_parallel_and_lines);
  suite_add_tcase(s, t);
  t = tcase_create("decl");
  tcase_add_test(t, test_decl_scalars_pointers);
  tcase_add_test(t, test_decl_arrays);
  tcase_add_test(t, test_decl_vla);
  tcase_add_test(t, test_decl_records_typedefs);
  tcase_add_test(t, test_decl_function_pointer);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(emit_suite()); }
