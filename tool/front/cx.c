/* cx.c — small libclang helpers: strings, locations, children. */
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

char *cx_str(CXString s) {
  const char *c = clang_getCString(s);
  char *r = xstrdup(c ? c : "");
  clang_disposeString(s);
  return r;
}

char *cx_spelling(CXCursor c) { return cx_str(clang_getCursorSpelling(c)); }

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

bool cx_in_main_file(Front *fr, CXCursor c) {
  CXFile f;
  clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
  return f && clang_File_isEqual(f, fr->main_file);
}

/* struct { ... } / enum { ... }: the keyword is followed directly by the
 * brace (libclang may still spell the type with its typedef's name). */
bool cx_untagged(Front *fr, CXCursor decl) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, clang_getCursorExtent(decl), &toks, &n);
  bool r = false;
  if (n >= 2) {
    char *second = cx_str(clang_getTokenSpelling(fr->tu, toks[1]));
    r = !strcmp(second, "{");
    free(second);
  }
  clang_disposeTokens(fr->tu, toks, n);
  return r;
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
