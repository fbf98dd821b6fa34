/*
 * lower_sizeof.c — S0 -> S1 for sizeof: of an expression (its operand's
 * effects dropped, as C does), of a type name (its spelling kept, with
 * macros it names expanded), of an array type (its length evaluated).
 *
 * Requires: lower_expr.c's lowering of the operand.
 * Provides: lower_sizeof().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

/* C's words that a type name may contain. */
static bool type_keyword(const char *s) {
  static const char *kw[] = {"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
                             "_Bool", "_Complex", "struct", "union", "enum", "const", "volatile", "restrict",
                             "_Atomic", NULL};
  for (int i = 0; kw[i]; i++)
    if (!strcmp(s, kw[i])) return true;
  return false;
}

static bool is_ident(const char *s) { return isalpha((unsigned char)s[0]) || s[0] == '_'; }

/* Appends the type name's tokens to b, checked against what clang saw:
 * each identifier is a C keyword or a type the sizeof refers to (names[]),
 * and an object-like macro of FILE.c's translation unit is replaced by its
 * text (FILE.ad.c does not have FILE.c's macros). False for anything else
 * (a macro parameter, an enum constant): the caller falls back. */
static bool type_tokens(Lower *l, char **toks, int n, char **names, int nnames, StrBuf *b, int depth) {
  Front *fr = l->fr;
  for (int i = 0; i < n; i++) {
    const char *s = toks[i];
    if (is_ident(s) && !type_keyword(s)) {
      bool named = false;
      for (int k = 0; k < nnames && !named; k++) named = !strcmp(names[k], s);
      if (!named) {
        int m = fr->macro_names.len - 1;
        while (m >= 0 && strcmp(fr->macro_names.data[m], s)) m--;
        if (m < 0 || depth > 8) return false;
        char *text = xstrdup(fr->macro_texts.data[m]);
        PtrVec mt = {0};
        for (char *t = strtok(text, " "); t; t = strtok(NULL, " ")) vec_push(&mt, xstrdup(t));
        if (!type_tokens(l, (char **)mt.data, mt.len, names, nnames, b, depth + 1)) return false;
        continue;
      }
    } else if (!is_ident(s) && !strchr("*[]()0123456789", s[0])) {
      return false;
    }
    if (b->len && b->s[b->len - 1] != '(' && (is_ident(s) || isdigit((unsigned char)s[0])) &&
        (isalnum((unsigned char)b->s[b->len - 1]) || b->s[b->len - 1] == '_' || b->s[b->len - 1] == '*'))
      sb_putc(b, ' ');
    sb_puts(b, s);
  }
  return true;
}

/* The types a sizeof(T) names (typedefs, tags), as their last word. */
static int type_refs(CXCursor c, char ***names) {
  CXCursor *k;
  int n = cx_children(c, &k);
  *names = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
  int m = 0;
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_TypeRef) {
      char *s = cx_spelling(k[i]);
      char *sp = strrchr(s, ' ');
      (*names)[m++] = sp ? sp + 1 : s;
    }
  free(k);
  return m;
}

/* "sizeof(T)" from tokens that start with sizeof ( T ), or NULL. */
static char *sizeof_text(Lower *l, char **toks, int n, char **names, int nnames) {
  if (n < 4 || strcmp(toks[0], "sizeof") || strcmp(toks[1], "(")) return NULL;
  int depth = 0, end = -1;
  for (int i = 1; i < n && end < 0; i++) {
    if (!strcmp(toks[i], "(")) depth++;
    if (!strcmp(toks[i], ")") && --depth == 0) end = i;
  }
  if (end < 3) return NULL;
  StrBuf b = {0};
  sb_puts(&b, "sizeof(");
  if (!type_tokens(l, toks + 2, end - 2, names, nnames, &b, 0)) return NULL;
  sb_putc(&b, ')');
  return sb_take(&b);
}

/* sizeof(double[2]), sizeof(real[NB]): a type whose only child is its
 * length, not an operand. The text says so (sizeof, '(', a type keyword);
 * else the sizes do: an operand's type has the size sizeof gives. */
static bool sizeof_of_array_type(Lower *l, CXCursor c, CXCursor kid) {
  char **toks;
  int nt = cx_range_tokens(l->fr, cx_written_range(l->fr, c), &toks);
  if (nt < 3 || strcmp(toks[0], "sizeof")) nt = cx_macro_body_tokens(l->fr, c, &toks);
  if (nt >= 3 && !strcmp(toks[0], "sizeof") && !strcmp(toks[1], "(") && type_keyword(toks[2])) return true;
  long long kid_size = clang_Type_getSizeOf(clang_getCursorType(kid));
  if (kid_size < 0) return false;  /* a VLA operand */
  CXEvalResult r = clang_Cursor_Evaluate(c);
  bool known = r && clang_EvalResult_getKind(r) == CXEval_Int;
  long long v = known ? clang_EvalResult_getAsLongLong(r) : -1;
  if (r) clang_EvalResult_dispose(r);
  return v != kid_size;  /* not constant: double[n] */
}

Expr *lower_sizeof(Lower *l, CXCursor c) {
  CXCursor *k;
  int n = cx_children(c, &k);
  Expr *e = ex_new(EX_SIZEOF, ty_size_t(), cx_loc(l->fr, c));
  if (n == 1 && clang_isExpression(clang_getCursorKind(k[0])) && !sizeof_of_array_type(l, c, k[0])) {
    Stmt *junk = st_block(e->loc);  /* sizeof does not evaluate its operand */
    e->lhs = lower_into(l, k[0], junk);
    if (!junk->nbody) {
      free(k);
      return e;
    }
    e->lhs = NULL;  /* sizeof(x[i++]) names a temporary of the dropped effects: its size instead */
  }
  free(k);
  /* sizeof(T): the type as written, or as a macro's body spells it */
  char **names, **toks;
  int nnames = type_refs(c, &names);
  int nt = cx_range_tokens(l->fr, cx_written_range(l->fr, c), &toks);
  e->text = sizeof_text(l, toks, nt, names, nnames);
  if (!e->text) {
    nt = cx_macro_body_tokens(l->fr, c, &toks);
    e->text = sizeof_text(l, toks, nt, names, nnames);
  }
  if (e->text) return e;
  /* A type cc-ad cannot spell in FILE.ad.c (a macro's parameter): its size. */
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (!r || clang_EvalResult_getKind(r) != CXEval_Int) {
    if (r) clang_EvalResult_dispose(r);
    return unsupported(l, c, D_SIZEOF_VLA);
  }
  long long v = clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ex_cast(ty_size_t(), ex_num((double)v, ty_long()));
}

