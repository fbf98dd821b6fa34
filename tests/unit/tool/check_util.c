/*
** check_util.c: the tool's containers and look-ups that keep it linear
** (issue 11): string-keyed maps, name sets that also see an enclosing
** scope, xnode's zeroed node memory, and mod_find_fn's index over a
** module's functions as they are appended.
*/
#include "tool_check.h"

START_TEST(test_strmap)
{
  StrMap m = {0};
  ck_assert_ptr_null(strmap_get(&m, "x"));
  static int vals[5000];
  char *keys[5000];
  for (int i = 0; i < 5000; i++) {
    keys[i] = xfmt("name_%d", i);
    strmap_put(&m, keys[i], &vals[i]);
  }
  ck_assert_int_eq(m.len, 5000);
  for (int i = 0; i < 5000; i++) {
    char probe[32];
    snprintf(probe, sizeof probe, "name_%d", i);  /* another pointer, same text */
    ck_assert_ptr_eq(strmap_get(&m, probe), &vals[i]);
  }
  ck_assert_ptr_null(strmap_get(&m, "name_5000"));
  strmap_put(&m, "name_7", &vals[0]);  /* a put replaces */
  ck_assert_ptr_eq(strmap_get(&m, "name_7"), &vals[0]);
  ck_assert_int_eq(m.len, 5000);
}
END_TEST

START_TEST(test_nameset_also)
{
  NameSet outer = {0}, inner = {0};
  nameset_add(&outer, "sin");
  inner.also = &outer;
  ck_assert(nameset_has(&inner, "sin"));
  ck_assert(!nameset_has(&outer, "x"));
  /* the inner set grows (rehashes) and still sees the outer one */
  for (int i = 0; i < 1000; i++) nameset_add(&inner, xfmt("v%d", i));
  ck_assert(nameset_has(&inner, "sin"));
  ck_assert(nameset_has(&inner, "v999"));
  ck_assert(!nameset_has(&outer, "v999"));
  ck_assert_ptr_eq(inner.also, &outer);
  /* a fresh name avoids both */
  Fn f = {.name = "f"};
  f.names.also = &outer;
  ck_assert_str_eq(fn_fresh_name(&f, "sin"), "sin_2");
  ck_assert_str_eq(fn_fresh_name(&f, "y"), "y");
}
END_TEST

START_TEST(test_xnode)
{
  char *prev = NULL;
  for (int i = 0; i < 20000; i++) {  /* a few 1 MiB blocks */
    char *p = xnode(sizeof(Expr));
    ck_assert_int_eq((int)((unsigned long)p % 16), 0);
    size_t nonzero = 0;
    for (size_t k = 0; k < sizeof(Expr); k++) nonzero += p[k] != 0;
    ck_assert_int_eq((int)nonzero, 0);
    ck_assert_ptr_ne(p, prev);
    memset(p, 0xff, sizeof(Expr));  /* the next one must not overlap */
    prev = p;
  }
  char *big = xnode(1 << 20);  /* larger than a block: its own allocation */
  ck_assert_int_eq(big[(1 << 20) - 1], 0);
}
END_TEST

static int cmp_ptr(const void *a, const void *b) {
  const char *x = *(char *const *)a, *y = *(char *const *)b;
  return (x > y) - (x < y);
}

/* Scopes: nodes made inside one are new addresses, zeroed, 16-aligned;
 * after it ends, no later node gets the address of one made inside it
 * (maps keyed by node pointers rely on it), nested scopes end in order,
 * and xnode_keep allocates outside the scope. */
START_TEST(test_xnode_scopes)
{
  enum { N = 30000 };  /* several 1 MiB blocks per scope */
  char **inner = malloc(sizeof(char *) * N);
  char *keep = NULL;
  int s1 = xnode_scope_begin();
  for (int i = 0; i < N; i++) {
    inner[i] = xnode(sizeof(Expr));
    ck_assert_int_eq((int)((unsigned long)inner[i] % 16), 0);
    ck_assert_int_eq(inner[i][sizeof(Expr) - 1], 0);
    memset(inner[i], 0xab, sizeof(Expr));
    if (i == N / 2) {
      int s2 = xnode_scope_begin();  /* nested: a dry run inside a silent build */
      ck_assert_int_eq(s2, s1 + 1);
      for (int k = 0; k < 1000; k++) memset(xnode(64), 0xcd, 64);
      xnode_scope_end(s2);
      keep = xnode_keep(32);
    }
  }
  memset(keep, 0x11, 32);
  xnode_scope_end(s1);
  ck_assert_int_eq(keep[31], 0x11);  /* kept */
  qsort(inner, N, sizeof *inner, cmp_ptr);
  for (int i = 0; i < N; i++) {  /* never handed out again */
    char *p = xnode(sizeof(Expr));
    ck_assert_int_eq(p[0], 0);
    ck_assert_ptr_null(bsearch(&p, inner, N, sizeof *inner, cmp_ptr));
  }
  free(inner);
}
END_TEST

START_TEST(test_mod_find_fn)
{
  Module m = {0};
  Fn a = {.name = "g"}, b = {.name = "g"}, c = {.name = "h"};
  vec_push(&m.fns, &a);
  ck_assert_ptr_eq(mod_find_fn(&m, "g"), &a);
  ck_assert_ptr_null(mod_find_fn(&m, "h"));
  vec_push(&m.fns, &b);  /* a second of the name: the first still wins */
  vec_push(&m.fns, &c);  /* appended after a look-up: found */
  ck_assert_ptr_eq(mod_find_fn(&m, "g"), &a);
  ck_assert_ptr_eq(mod_find_fn(&m, "h"), &c);
  ck_assert_ptr_null(mod_find_fn(&m, NULL));
}
END_TEST

static Suite *util_suite(void)
{
  Suite *s = suite_create("util");
  TCase *t = tcase_create("core");
  tcase_add_test(t, test_strmap);
  tcase_add_test(t, test_nameset_also);
  tcase_add_test(t, test_xnode);
  tcase_add_test(t, test_xnode_scopes);
  tcase_add_test(t, test_mod_find_fn);
  suite_add_tcase(s, t);
  return s;
}

int main(void) { return tc_run(util_suite()); }
