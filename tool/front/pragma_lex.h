/*
 * pragma_lex.h — private to front/pragma*.c: the tokens of one pragma
 * line or --ad spec, with locations for messages.
 */
#ifndef CCAD_PRAGMA_LEX_H
#define CCAD_PRAGMA_LEX_H

#include <ctype.h>

#include "front_int.h"

typedef struct Lex {
  const char *text, *p;
  SrcLoc base;    /* location of text[0] */
  bool failed;
} Lex;

static inline SrcLoc at(Lex *x, const char *p) {
  SrcLoc l = x->base;
  l.col += (int)(p - x->text);
  return l;
}

static inline void ws(Lex *x) {
  while (isspace((unsigned char)*x->p)) x->p++;
}

static inline char *ident(Lex *x) {
  ws(x);
  const char *s = x->p;
  if (!isalpha((unsigned char)*s) && *s != '_') return NULL;
  while (isalnum((unsigned char)*x->p) || *x->p == '_') x->p++;
  return xstrndup(s, (size_t)(x->p - s));
}

static inline bool punct(Lex *x, char c) {
  ws(x);
  if (*x->p != c) return false;
  x->p++;
  return true;
}

/* Only the first error of a line: the rest would follow from it. */
#define lex_error(x, p, ...)                               \
  do {                                                     \
    if (!(x)->failed) diag_at(at((x), (p)), __VA_ARGS__); \
    (x)->failed = true;                                    \
  } while (0)

#endif
