/*
 * lower_init.c — initializer lists: { a, .f = b, [3] = c } with
 * designators, brace elision and zero-filled gaps, as one EX_INIT of the
 * object's type (a zero per field, so the printed list is warning-free).
 *
 * Requires: lower_expr for the items.
 * Provides: lower_init_list.
 */
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

static Type *cx_type(Lower *l, CXCursor c) { return lower_type(l->fr, clang_getCursorType(c), NULL, clang_getNullCursor()); }

/* A zero of type t, as an initializer element: a struct gets a zero per
 * field ({0} inside a list is -Wmissing-field-initializers), an array its
 * first element's. */
static Expr *zero_init(Type *t) {
  if (t->kind == TY_RECORD && t->rec && t->rec->nfields > 0) {
    Expr *z = ex_new(EX_INIT, t, (SrcLoc){0});
    z->nargs = t->rec->nfields;
    z->args = xmalloc(sizeof(Expr *) * (size_t)z->nargs);
    for (int i = 0; i < z->nargs; i++) z->args[i] = zero_init(t->rec->fields[i].type);
    return z;
  }
  if (t->kind == TY_RECORD || t->kind == TY_ARRAY) {
    Expr *z = ex_new(EX_INIT, t, (SrcLoc){0});
    z->args = xmalloc(sizeof(Expr *));
    if (t->kind == TY_ARRAY && t->base) {
      z->nargs = 1;
      z->args[0] = zero_init(t->base);
    }
    return z;  /* (nargs 0 prints as {0}) */
  }
  return ex_num(0, ty_is_float(t) ? t : ty_int());
}

static bool ty_is_aggregate(const Type *t) {
  return t->kind == TY_RECORD || t->kind == TY_ARRAY;
}

static Type *slot_type(const Type *t, long i) {
  return t->kind == TY_RECORD && t->rec ? t->rec->fields[i].type : t->kind == TY_ARRAY ? t->base : ty_int();
}

static Expr *init_fill(Lower *l, Type *t, CXCursor *k, int n, int *next, bool braced, SrcLoc loc);

/* The element for a slot of type st from k[*next]: a braced list, a value,
 * or (brace elision: {1, 2, 3} for {{1, 2}, 3}) as many of the following
 * items as the slot's own elements take. */
static Expr *init_item(Lower *l, Type *st, CXCursor item, CXCursor *k, int n, int *next, SrcLoc loc) {
  if (clang_getCursorKind(item) == CXCursor_InitListExpr) {
    (*next)++;
    return lower_init_list(l, item);
  }
  if (ty_is_aggregate(st) && !ty_is_aggregate(cx_type(l, item)))
    return init_fill(l, st, k, n, next, false, loc);
  (*next)++;
  return lower_expr(l, item);
}

/* The slot a designator names in t (.f or [i]); -1: none. */
static long designated_slot(const Type *t, CXCursor d) {
  long pos = -1;
  if (clang_getCursorKind(d) == CXCursor_MemberRef && t->kind == TY_RECORD && t->rec) {
    char *f = cx_spelling(d);
    for (int j = 0; j < t->rec->nfields; j++)
      if (!strcmp(t->rec->fields[j].name, f)) pos = j;
  } else if (t->kind == TY_ARRAY && clang_isExpression(clang_getCursorKind(d))) {
    CXEvalResult r = clang_Cursor_Evaluate(d);
    if (r) {
      pos = clang_EvalResult_getAsLongLong(r);
      clang_EvalResult_dispose(r);
    }
  }
  return pos;
}

static long slot_count(const Type *t) {
  return t->kind == TY_RECORD && t->rec ? t->rec->nfields : t->kind == TY_ARRAY && t->len >= 0 ? t->len : -1;
}

/* e as an EX_INIT of t with every slot present (zeros where it has none),
 * so that a designator chain can set one element inside it. */
static Expr *full_init(Type *t, Expr *e, SrcLoc loc) {
  long slots = slot_count(t);
  if (slots < 0) return NULL;
  Expr *f = ex_new(EX_INIT, t, loc);
  f->nargs = (int)slots;
  f->args = xmalloc(sizeof(Expr *) * (size_t)(slots ? slots : 1));
  for (long i = 0; i < slots; i++)
    f->args[i] = e && e->kind == EX_INIT && i < e->nargs ? e->args[i] : zero_init(slot_type(t, i));
  return f;
}

/* [1][2] = v, [1].w[0] = v: the designators after the first (d[0..nd)),
 * applied inside *slot of type t. */
static bool set_path(Lower *l, Type *t, Expr **slot, CXCursor *d, int nd, CXCursor value, SrcLoc loc) {
  if (nd == 0) {
    int one = 0;
    *slot = init_item(l, t, value, &value, 1, &one, loc);
    return *slot != NULL;
  }
  long pos = designated_slot(t, d[0]);
  Expr *f = full_init(t, *slot, loc);
  if (!f || pos < 0 || pos >= f->nargs) return false;
  *slot = f;
  return set_path(l, slot_type(t, pos), &f->args[pos], d + 1, nd - 1, value, loc);
}

/* { a, .f = b, [3] = c }: designators put elements in place; the result is
 * fully braced and positional, with zeros where the list says nothing, so
 * element i is slot i for every transform. A list whose braces were elided
 * (braced false) takes items from k[*next] until its slots are full.
 * A chain of designators ([1][2] = v, [0].w[1] = v) sets an element inside
 * a slot; an element without designator after one, whose place C gives
 * inside that slot, is refused rather than guessed.
 * XXX(libclang 19): a designated element is an UnexposedExpr whose
 * children are its designators (a MemberRef, or the index expression) and
 * then its value; libclang shows the list as written, without the braces
 * C fills in. */
static Expr *init_fill(Lower *l, Type *t, CXCursor *k, int n, int *next, bool braced, SrcLoc loc) {
  Expr *e = ex_new(EX_INIT, t, loc);
  long slots = slot_count(t);
  if (slots < 0) slots = braced ? n : 0;  /* int a[] = {...}: as many as written */
  Expr **at = xmalloc(sizeof(Expr *) * (size_t)(slots ? slots : 1));
  for (long i = 0; i < slots; i++) at[i] = NULL;
  long pos = 0, used = 0;
  bool chained = false;  /* the last element was set by a chain of designators */
  while (*next < n && (braced || pos < slots)) {
    CXCursor item = k[*next];
    CXCursor *dk = NULL;
    int nd = clang_getCursorKind(item) == CXCursor_UnexposedExpr ? cx_children(item, &dk) : 0;
    long dpos = nd >= 2 ? designated_slot(t, dk[0]) : -1;
    bool designated = dpos >= 0;
    if (designated && !braced) {  /* it designates in the enclosing list */
      free(dk);
      break;
    }
    if (designated) pos = dpos;
    if (pos < 0 || pos >= slots || (!designated && chained)) {
      free(dk);
      return unsupported(l, item, D_INIT_OUT_OF_ORDER);
    }
    if (designated) {
      if (!set_path(l, slot_type(t, pos), &at[pos], dk + 1, nd - 2, dk[nd - 1], loc)) {
        free(dk);
        return unsupported(l, item, D_INIT_OUT_OF_ORDER);
      }
      (*next)++;
    } else {
      at[pos] = init_item(l, slot_type(t, pos), item, k, n, next, loc);
    }
    chained = designated && nd > 2;
    free(dk);
    pos++;
    if (pos > used) used = pos;
  }
  if (t->kind == TY_RECORD) used = slots;  /* every field, for -Wmissing-field-initializers */
  e->nargs = (int)used;
  e->args = xmalloc(sizeof(Expr *) * (size_t)(used ? used : 1));
  for (long i = 0; i < used; i++) e->args[i] = at[i] ? at[i] : zero_init(slot_type(t, i));
  free(at);
  return e;
}

Expr *lower_init_list(Lower *l, CXCursor c) {
  CXCursor *k;
  int n = cx_children(c, &k);
  int next = 0;
  Expr *e = init_fill(l, cx_type(l, c), k, n, &next, true, cx_loc(l->fr, c));
  free(k);
  return e;
}
