/*
** check_points_to.c: activity's memory nodes (tool/analysis/points_to.c):
** a struct's field pointees apart, joined field by field, collapsed by a
** generic request (for good), cells shared by a struct copy, the walks
** over the levels below a class and the paths that summaries are made of.
** Records are built by hand: Layer { const double *w; double *out; int n; }.
*/
#include "tool_check.h"

#include "analysis/points_to.h"

static Record *layer(void)
{
  static Field f[3];
  static Record r = {.tag = "Layer", .fields = f, .nfields = 3};
  f[0] = (Field){.name = "w", .type = ty_ptr(ty_double())};
  f[1] = (Field){.name = "out", .type = ty_ptr(ty_double())};
  f[2] = (Field){.name = "n", .type = ty_int()};
  return &r;
}

START_TEST(fields_apart)
{
  Record *r = layer();
  Node *L = pt_new(), *w = pt_new(), *out = pt_new();
  pt_join(pt_field(L, r, 0), w);
  pt_join(pt_field(L, r, 1), out);
  ck_assert_ptr_ne(pt_find(w), pt_find(out));
  ck_assert_ptr_eq(pt_field(L, r, 0), pt_find(w));
  pt_mark(out);
  ck_assert(!pt_find(w)->varied);
  ck_assert_uint_eq(pt_levels(L, PF_VARIED), 2u);  /* level 1 only */
  PtrVec below = {0};
  act_classes_at(L, 1, &below);
  ck_assert_int_eq(below.len, 2);
}
END_TEST

START_TEST(generic_request_collapses)
{
  Record *r = layer();
  Node *L = pt_new(), *w = pt_new(), *out = pt_new();
  pt_join(pt_field(L, r, 0), w);
  pt_join(pt_field(L, r, 1), out);
  Node *all = pt_pointee(L);  /* *(double **)&L */
  ck_assert_ptr_eq(pt_find(w), pt_find(out));
  ck_assert_ptr_eq(all, pt_find(w));
  Node *later = pt_field(L, r, 1);  /* collapsed for good */
  ck_assert_ptr_eq(later, pt_find(w));
}
END_TEST

START_TEST(join_merges_field_by_field)
{
  Record *r = layer();
  Node *a = pt_new(), *b = pt_new(), *aw = pt_new(), *bw = pt_new(), *bo = pt_new();
  pt_join(pt_field(a, r, 0), aw);
  pt_join(pt_field(b, r, 0), bw);
  pt_join(pt_field(b, r, 1), bo);
  pt_join(a, b);
  ck_assert_ptr_eq(pt_find(aw), pt_find(bw));
  ck_assert_ptr_ne(pt_find(aw), pt_find(bo));
  ck_assert_ptr_eq(pt_field(a, r, 1), pt_find(bo));
}
END_TEST

START_TEST(join_with_collapsed_collapses)
{
  Record *r = layer();
  Node *a = pt_new(), *b = pt_new(), *aw = pt_new(), *ao = pt_new();
  pt_join(pt_field(a, r, 0), aw);
  pt_join(pt_field(a, r, 1), ao);
  pt_collapse(b);
  pt_join(b, a);
  ck_assert_ptr_eq(pt_find(aw), pt_find(ao));
}
END_TEST

START_TEST(struct_copy_shares_cells)
{
  Record *r = layer();
  Node *x = pt_new(), *y = pt_new(), *w = pt_new();
  pt_join(pt_field(y, r, 0), w);
  pt_join_cells(x, y);  /* x = y */
  ck_assert_ptr_ne(pt_find(x), pt_find(y));
  ck_assert_ptr_eq(pt_field(x, r, 0), pt_find(w));
  Node *o = pt_field(x, r, 1);  /* made after the copy: one for both */
  ck_assert_ptr_eq(pt_field(y, r, 1), o);
}
END_TEST

START_TEST(paths_round_trip)
{
  Record *r = layer();
  Node *L = pt_new(), *w = pt_new(), *out = pt_new();
  pt_join(pt_field(L, r, 0), w);
  pt_join(pt_field(L, r, 1), out);
  pt_mark(out);
  PathFact *f = NULL;
  int n = 0, cap = 0;
  pt_collect(L, 0, 0, PF_VARIED, &f, &n, &cap);
  ck_assert_int_eq(n, 1);
  ck_assert_int_eq(f[0].len, 1);
  ck_assert_int_eq(f[0].s[0].field, 1);
  /* followed from another struct of the same type: its own out */
  Node *M = pt_new(), *mo = pt_new();
  pt_join(pt_field(M, r, 1), mo);
  ck_assert_ptr_eq(pt_follow(M, &f[0]), pt_find(mo));
  /* from a collapsed one: its one pointee */
  Node *C = pt_new();
  pt_collapse(C);
  ck_assert_ptr_eq(pt_follow(C, &f[0]), pt_pointee(C));
  PathFact two[2] = {f[0], f[0]};
  int k = 2;
  pt_sort(two, &k);
  ck_assert_int_eq(k, 1);
  ck_assert(pt_same(two, 1, f, 1));
}
END_TEST

START_TEST(typed_marking)
{
  Record *r = layer();
  Node *L = pt_new();
  Type t = {.kind = TY_RECORD, .rec = r};
  pt_mark_levels(L, &t);
  ck_assert(pt_find(pt_field(L, r, 0))->varied);
  ck_assert(pt_find(pt_field(L, r, 1))->varied);
}
END_TEST

START_TEST(untyped_levels_collapse)
{
  Record *r = layer();
  Node *param = pt_new(), *a = pt_new(), *b = pt_new();
  pt_untyped(param);  /* a requested function's Layer *L */
  Node *L = pt_pointee(param);
  pt_join(pt_field(L, r, 0), a);
  pt_join(pt_field(L, r, 1), b);
  ck_assert_ptr_eq(pt_find(a), pt_find(b));
  /* a struct of fields joined to an untyped one collapses */
  Node *M = pt_new(), *c = pt_new(), *d = pt_new();
  pt_join(pt_field(M, r, 0), c);
  pt_join(pt_field(M, r, 1), d);
  ck_assert_ptr_ne(pt_find(c), pt_find(d));
  pt_join(M, L);
  ck_assert_ptr_eq(pt_find(c), pt_find(d));
}
END_TEST

int main(void)
{
  pt_solving = true; /* (collapses are asserted to happen while solving) */
  Suite *s = suite_create("points_to");
  TCase *tc = tcase_create("points_to");
  tcase_add_test(tc, fields_apart);
  tcase_add_test(tc, generic_request_collapses);
  tcase_add_test(tc, join_merges_field_by_field);
  tcase_add_test(tc, join_with_collapsed_collapses);
  tcase_add_test(tc, struct_copy_shares_cells);
  tcase_add_test(tc, paths_round_trip);
  tcase_add_test(tc, typed_marking);
  tcase_add_test(tc, untyped_levels_collapse);
  suite_add_tcase(s, tc);
  return tc_run(s);
}
