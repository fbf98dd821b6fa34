/* cx.c — small libclang helpers: strings, locations, children. */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "front_int.h"

char *cx_str(CXString s) {
  const char *c = clang_getCString(s);
  char *r = xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

char *cx_spelling(CXCursor c) { return cx_str(clang_getCursorSpelling(c)); }

void *cmap_get(const CursorMap *m, CXCursor k) {
  if (!m->cap) return NULL;
  for (unsigned i = clang_hashCursor(k);; i++) {
    unsigned j = i & (unsigned)(m->cap - 1);
    if (!m->vals[j]) return NULL;
    if (clang_equalCursors(m->keys[j], k)) return m->vals[j];
  }
}

void cmap_put(CursorMap *m, CXCursor k, void *v) {
  if (2 * (m->len + 1) > m->cap) {
    int ncap = m->cap ? 2 * m->cap : 64;
    CursorMap n = {xmalloc(sizeof(CXCursor) * (size_t)ncap), xmalloc(sizeof(void *) * (size_t)ncap), ncap, 0};
    for (int i = 0; i < m->cap; i++)
      if (m->vals[i]) cmap_put(&n, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  for (unsigned i = clang_hashCursor(k);; i++) {
    unsigned j = i & (unsigned)(m->cap - 1);
    if (!m->vals[j]) {
      m->keys[j] = k;
      m->vals[j] = v;
      m->len++;
      return;
    }
    if (clang_equalCursors(m->keys[j], k)) {
      m->vals[j] = v;
      return;
    }
  }
}

unsigned cx_offset(CXSourceLocation l) {
  unsigned off;
  clang_getExpansionLocation(l, NULL, NULL, NULL, &off);
  return off;
}

SrcLoc cx_loc_at(Front *fr, CXSourceLocation l) {
  CXFile f;
  unsigned line, col;
  clang_getExpansionLocation(l, &f, &line, &col, NULL);
  SrcLoc loc = {0};
  if (!f) return loc;
  if (clang_File_isEqual(f, fr->main_file))
    loc.file = fr->file;
  else
    loc.file = cx_str(clang_getFileName(f));
  loc.line = (int)line;
  loc.col = (int)col;
  return loc;
}

SrcLoc cx_loc(Front *fr, CXCursor c) { return cx_loc_at(fr, clang_getCursorLocation(c)); }

bool cx_own_file(Front *fr, CXFile f) {
  if (!f) return false;
  if (clang_File_isEqual(f, fr->main_file)) return true;
  for (int i = 0; i < fr->own_files.len; i++)
    if (clang_File_isEqual(f, fr->own_files.data[i])) return true;
  return false;
}

/* In FILE.c, or in a .c file it includes: FILE.ad.c cannot include that
 * one (it would define its functions again), so it is FILE.c's own text. */
bool cx_in_main_file(Front *fr, CXCursor c) {
  CXFile f;
  clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
  return cx_own_file(fr, f);
}

static bool in_macro(CXSourceLocation l) {
  CXFile sf, xf;
  unsigned so, xo;
  clang_getSpellingLocation(l, &sf, NULL, NULL, &so);
  clang_getExpansionLocation(l, &xf, NULL, NULL, &xo);
  return so != xo || !sf != !xf || (sf && !clang_File_isEqual(sf, xf));
}

/* The range of c's text as the user wrote it. XXX(libclang 19): the extent
 * of a cursor spelled in a macro's body begins in the macro's definition and
 * ends at its use, and tokenizing it reads everything in between; the text
 * as written is then the macro's use. A cursor inside one macro argument
 * keeps its extent (both ends are spelled in the argument). */
CXSourceRange cx_written_range(Front *fr, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  CXSourceLocation b = clang_getRangeStart(r), e = clang_getRangeEnd(r);
  if (!in_macro(b) || in_macro(e)) return r;
  CXFile f;
  unsigned off;
  clang_getExpansionLocation(b, &f, NULL, NULL, &off);
  return clang_getRange(clang_getLocationForOffset(fr->tu, f, off), e);
}

/* The spellings of the tokens in range r. */
int cx_range_tokens(Front *fr, CXSourceRange r, char ***out) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, r, &toks, &n);
  *out = xmalloc(sizeof(char *) * (n ? n : 1));
  for (unsigned i = 0; i < n; i++) (*out)[i] = cx_str(clang_getTokenSpelling(fr->tu, toks[i]));
  clang_disposeTokens(fr->tu, toks, n);
  return (int)n;
}

/* The tokens of the text a macro's body spells from c's start on (to at
 * most 4096 bytes further): empty when c does not start in a macro body. */
int cx_macro_body_tokens(Front *fr, CXCursor c, char ***out) {
  *out = NULL;
  CXSourceLocation b = clang_getRangeStart(clang_getCursorExtent(c));
  if (!in_macro(b)) return 0;
  CXFile f;
  unsigned off;
  size_t size = 0;
  clang_getSpellingLocation(b, &f, NULL, NULL, &off);
  if (!f || !clang_getFileContents(fr->tu, f, &size)) return 0;
  unsigned end = off + 4096 < size ? off + 4096 : (unsigned)size;
  return cx_range_tokens(
      fr, clang_getRange(clang_getLocationForOffset(fr->tu, f, off), clang_getLocationForOffset(fr->tu, f, end)), out);
}

/* struct { ... } / enum { ... }: the keyword is followed directly by the
 * brace (libclang may still spell the type with its typedef's name). */
bool cx_untagged(Front *fr, CXCursor decl) {
  char **toks;
  /* declared by a macro: its body spells the keyword and the brace */
  int n = cx_macro_body_tokens(fr, decl, &toks);
  if (!n) n = cx_range_tokens(fr, cx_written_range(fr, decl), &toks);
  int i = 1;
  /* struct __attribute__((packed)) { ...: attributes come before the brace */
  while (i < n && (!strcmp(toks[i], "__attribute__") || !strcmp(toks[i], "__attribute") ||
                   !strcmp(toks[i], "__declspec") || !strcmp(toks[i], "_Alignas"))) {
    int depth = 0;
    for (i++; i < n; i++) {
      if (!strcmp(toks[i], "(")) depth++;
      if (!strcmp(toks[i], ")") && --depth == 0) break;
    }
    i++;
  }
  return i < n && !strcmp(toks[i], "{");
}

typedef struct Kids {
  CXCursor *a;
  int n, cap;
} Kids;

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Kids *k = d;
  if (k->n == k->cap) {
    k->cap = k->cap ? 2 * k->cap : 8;
    k->a = xrealloc(k->a, sizeof(CXCursor) * (size_t)k->cap);
  }
  k->a[k->n++] = c;
  return CXChildVisit_Continue;
}

int cx_children(CXCursor c, CXCursor **out) {
  Kids k = {0};
  clang_visitChildren(c, collect, &k);
  *out = k.a;
  return k.n;
}

/* An expression written as one object-like macro of a file named mpi.h
 * (MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD): the macro's name, else NULL.
 * Generated code names the handle as FILE.c does, not by what one MPI's
 * header expands it to ((MPI_Datatype)(void *)&ompi_mpi_double), so it
 * reads as written and builds with another MPI. */
const char *cx_mpi_macro(Front *fr, CXCursor c) {
  if (!fr->mpi_h) {  /* (once: most files include no MPI) */
    fr->mpi_h = -1;
    for (int i = 0; i < fr->m->deps.len; i++) {
      const char *d = fr->m->deps.data[i], *slash = strrchr(d, '/');
      if (!strcmp(slash ? slash + 1 : d, "mpi.h")) fr->mpi_h = 1;
    }
  }
  if (fr->mpi_h < 0) return NULL;
  CXSourceRange r = cx_written_range(fr, c);
  CXSourceLocation b = clang_getRangeStart(clang_getCursorExtent(c));
  if (!in_macro(b)) return NULL;
  CXFile sf;
  clang_getSpellingLocation(b, &sf, NULL, NULL, NULL);
  char *path = sf ? cx_str(clang_getFileName(sf)) : NULL;
  const char *base = path ? strrchr(path, '/') : NULL;
  base = base ? base + 1 : path;
  if (!base || strcmp(base, "mpi.h")) return NULL;
  char **toks;
  int n = cx_range_tokens(fr, r, &toks);
  const char *name = n == 1 && (isalpha((unsigned char)toks[0][0]) || toks[0][0] == '_') ? toks[0] : NULL;
  return name;
}


/* ---- C11 generic selections -------------------------------------------
 * _Generic(ctrl, T1: e1, ..., default: ed) is resolved at compile time and
 * libclang does not say to which association: its children are ctrl and
 * the association expressions, in order. The selected one has the
 * selection's type (type-generic function names: sqf, sqd); else the
 * selection is a constant whose value one of them has; else the type names
 * are read from the tokens and compared with ctrl's type. */

/* A type name of keywords only (unsigned long int), as clang spells the
 * canonical type (unsigned long); NULL for anything else. */
static char *builtin_spelling(char **t, int n) {
  int un = 0, sg = 0, sh = 0, lg = 0, ch = 0, in = 0, fl = 0, db = 0, bo = 0, cx = 0, vd = 0;
  for (int i = 0; i < n; i++) {
    const char *s = t[i];
    if (!strcmp(s, "unsigned")) un++;
    else if (!strcmp(s, "signed")) sg++;
    else if (!strcmp(s, "short")) sh++;
    else if (!strcmp(s, "long")) lg++;
    else if (!strcmp(s, "char")) ch++;
    else if (!strcmp(s, "int")) in++;
    else if (!strcmp(s, "float")) fl++;
    else if (!strcmp(s, "double")) db++;
    else if (!strcmp(s, "_Bool")) bo++;
    else if (!strcmp(s, "_Complex")) cx++;
    else if (!strcmp(s, "void")) vd++;
    else return NULL;  /* a typedef, struct, qualifier, pointer: not read */
  }
  if (n == 0) return NULL;
  const char *base;
  if (vd) base = "void";
  else if (bo) base = "_Bool";
  else if (fl) base = "float";
  else if (db) base = lg ? "long double" : "double";
  else if (ch) base = un ? "unsigned char" : sg ? "signed char" : "char";
  else if (sh) base = un ? "unsigned short" : "short";
  else if (lg >= 2) base = un ? "unsigned long long" : "long long";
  else if (lg) base = un ? "unsigned long" : "long";
  else base = un ? "unsigned int" : "int";
  (void)in;
  return cx ? xfmt("_Complex %s", base) : xstrdup(base);
}

typedef struct TdFind {
  const char *name;
  CXType type;
  bool found;
} TdFind;

static enum CXChildVisitResult td_visit(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  TdFind *t = d;
  if (clang_getCursorKind(c) != CXCursor_TypedefDecl) return CXChildVisit_Continue;
  char *name = cx_spelling(c);
  if (!strcmp(name, t->name)) {
    t->type = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(c));
    t->found = true;
  }
  free(name);
  return CXChildVisit_Continue;
}

/* A type name that is one identifier, a file-scope typedef: 1 when it is
 * ct, 0 when not, -1 when it is no typedef. */
static int typedef_is(Front *fr, const char *name, CXType ct) {
  if (!isalpha((unsigned char)name[0]) && name[0] != '_') return -1;
  for (const char *s = name; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_') return -1;
  TdFind t = {name, {0}, false};
  clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), td_visit, &t);
  return t.found ? clang_equalTypes(t.type, ct) != 0 : -1;
}

/* The association of the generic selection g picked by matching type names
 * in g's tokens (as written, or in the macro body spelling it); -1: cannot
 * tell. Association k is the child k + 1. */
static int generic_by_tokens(Front *fr, CXCursor g, CXCursor ctrl, int nassoc) {
  char **t;
  int n = cx_macro_body_tokens(fr, g, &t);
  if (!n) n = cx_range_tokens(fr, clang_getCursorExtent(g), &t);
  if (n < 2 || strcmp(t[0], "_Generic") || strcmp(t[1], "(")) return -1;
  CXType ct = clang_getCanonicalType(clang_getCursorType(ctrl));
  char *canon = cx_str(clang_getTypeSpelling(ct)), *sugar = cx_str(clang_getTypeSpelling(clang_getCursorType(ctrl)));
  int i = 2, depth = 0;
  for (; i < n && !(depth == 0 && !strcmp(t[i], ",")); i++) depth += (!strcmp(t[i], "(") || !strcmp(t[i], "[")) - (!strcmp(t[i], ")") || !strcmp(t[i], "]"));
  int k = 0, match = -1, matches = 0, unknown = 0, dflt = -1;
  while (i < n && !strcmp(t[i], ",") && k < nassoc) {
    int a = ++i;
    for (depth = 0; i < n && !(depth == 0 && !strcmp(t[i], ":")); i++) depth += !strcmp(t[i], "(") - !strcmp(t[i], ")");
    StrBuf name = {0};
    for (int j = a; j < i; j++) sb_printf(&name, "%s%s", j > a ? " " : "", t[j]);
    char *text = name.len ? sb_take(&name) : xstrdup("");
    char *b = builtin_spelling(t + a, i - a);
    int td = b ? -1 : typedef_is(fr, text, ct);
    if (!strcmp(text, "default")) dflt = k;
    else if (str_eq(text, canon) || str_eq(text, sugar) || str_eq(b, canon) || td == 1) match = k, matches++;
    else if (!b && td != 0) unknown++;
    for (depth = 0; i < n && !(depth == 0 && (!strcmp(t[i], ",") || !strcmp(t[i], ")"))); i++)
      depth += (!strcmp(t[i], "(") || !strcmp(t[i], "[") || !strcmp(t[i], "{")) - (!strcmp(t[i], ")") || !strcmp(t[i], "]") || !strcmp(t[i], "}"));
    k++;
  }
  if (k != nassoc) return -1;  /* the tokens are not this selection's */
  if (matches == 1) return match;
  return matches == 0 && unknown == 0 ? dflt : -1;
}

static bool same_constant(CXCursor a, CXCursor b) {
  CXEvalResult x = clang_Cursor_Evaluate(a), y = clang_Cursor_Evaluate(b);
  bool same = x && y && clang_EvalResult_getKind(x) == clang_EvalResult_getKind(y);
  if (same && clang_EvalResult_getKind(x) == CXEval_Int)
    same = clang_EvalResult_getAsLongLong(x) == clang_EvalResult_getAsLongLong(y);
  else if (same && clang_EvalResult_getKind(x) == CXEval_Float)
    same = clang_EvalResult_getAsDouble(x) == clang_EvalResult_getAsDouble(y);
  else
    same = false;
  if (x) clang_EvalResult_dispose(x);
  if (y) clang_EvalResult_dispose(y);
  return same;
}

/* The candidates of type t all name one function (_Generic(x, real: f,
 * default: f)): any of them is the one chosen. */
static bool same_function(CXCursor *k, int n, CXType t) {
  CXCursor fn = clang_getNullCursor();
  for (int i = 0; i < n; i++) {
    if (!clang_equalTypes(clang_getCanonicalType(clang_getCursorType(k[i])), t)) continue;
    CXCursor d = clang_getCursorKind(k[i]) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(k[i]) : fn;
    if (clang_getCursorKind(d) != CXCursor_FunctionDecl) return false;
    d = clang_getCanonicalCursor(d);
    if (!clang_Cursor_isNull(fn) && !clang_equalCursors(fn, d)) return false;
    fn = d;
  }
  return !clang_Cursor_isNull(fn);
}

CXCursor cx_generic_choice(Front *fr, CXCursor g) {
  CXCursor *k, pick = clang_getNullCursor();
  int n = cx_children(g, &k);
  if (n < 2) {
    free(k);
    return pick;
  }
  CXType gt = clang_getCanonicalType(clang_getCursorType(g));
  int typed = 0, valued = 0;
  CXCursor by_type = pick, by_value = pick;
  for (int i = 1; i < n; i++) {
    if (clang_equalTypes(clang_getCanonicalType(clang_getCursorType(k[i])), gt)) typed++, by_type = k[i];
    if (clang_equalTypes(clang_getCanonicalType(clang_getCursorType(k[i])), gt) && same_constant(k[i], g))
      valued++, by_value = k[i];
  }
  /* several constants of the value and type: any of them is the same */
  if (typed > 1 && same_function(k + 1, n - 1, gt)) typed = 1;
  if (typed == 1)
    pick = by_type;
  else if (valued >= 1)
    pick = by_value;
  else {
    int a = generic_by_tokens(fr, g, k[0], n - 1);
    if (a >= 0) pick = k[a + 1];
  }
  free(k);
  return pick;
}
