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

