/*
 * util.h — memory, strings, growable arrays and hash sets for the tool.
 *
 * The tool is a short-lived compiler: IR and strings come from one arena and
 * are never freed (chibicc's rule), except the IR of builds made only to
 * learn facts (xnode_scope_*). xmalloc-family functions die on failure.
 */
#ifndef CCAD_UTIL_H
#define CCAD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);                 /* zeroed; dies on failure */
/* Zeroed memory that is never freed nor reallocated (IR nodes): carved
 * from large blocks, without malloc's per-allocation header. */
void *xnode(size_t n);
/* The same, never inside a scope's blocks: facts that outlive a scope
 * (activity's points-to nodes, made on demand whoever asks). */
void *xnode_keep(size_t n);
/* A scope for IR that is thrown away whole (reverse mode's silent builds):
 * xnode allocates from the scope's own blocks until xnode_scope_end, which
 * gives their pages back to the system. Their addresses stay reserved, so
 * no later node has the address of a thrown-away one (maps keyed by node
 * pointers never mistake one for the other). Scopes nest; end them in
 * reverse order. CCAD_ARENA_CHECK=1 makes ended scopes' pages
 * inaccessible instead, so a node that outlived its scope faults at once. */
int xnode_scope_begin(void);             /* returns the depth to end */
void xnode_scope_end(int depth);
/* Ends the scope keeping its IR: its blocks join the enclosing scope's (a
 * build kept after all). */
void xnode_scope_keep(int depth);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvfmt(const char *fmt, va_list ap);
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A bug in cc-ad, not in its input: exit status 3 and a request to report it. */
_Noreturn void die_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define ccad_unreachable() die_internal("unreachable code reached at %s:%d", __FILE__, __LINE__)

/* Growable array of pointers. */
typedef struct PtrVec {
  void **data;
  int len, cap;
} PtrVec;
void vec_push(PtrVec *v, void *p);
void *vec_pop(PtrVec *v);
#define vec_at(v, i) ((v)->data[i])
#define vec_last(v) ((v)->data[(v)->len - 1])

/* String builder. */
typedef struct StrBuf {
  char *s;
  size_t len, cap;
} StrBuf;
void sb_putc(StrBuf *b, char c);
void sb_puts(StrBuf *b, const char *s);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_take(StrBuf *b);  /* heap string; b is reset */

/* Set of strings (names), for fresh-name generation. nameset_has also
 * looks in 'also' (when set): names taken in an enclosing scope, without
 * a copy of them. */
typedef struct NameSet {
  const char **keys;
  int cap, len;
  const struct NameSet *also;
} NameSet;
bool nameset_has(const NameSet *s, const char *k);
void nameset_add(NameSet *s, const char *k);
/* dst takes src's own names and looks in what src looks in (a generated
 * function named against its primal's names and the file's). */
void nameset_inherit(NameSet *dst, const NameSet *src);

/* Pointer-keyed map. */
typedef struct PtrMap {
  const void **keys;
  void **vals;
  int cap, len;
} PtrMap;
void *ptrmap_get(const PtrMap *m, const void *k);
void ptrmap_put(PtrMap *m, const void *k, void *v);
PtrMap ptrmap_copy(const PtrMap *m);  /* a map of its own (a struct copy shares the tables) */

/* String-keyed map (keys are not copied). */
typedef struct StrMap {
  const char **keys;
  void **vals;
  int cap, len;
} StrMap;
void *strmap_get(const StrMap *m, const char *k);
void strmap_put(StrMap *m, const char *k, void *v);

char *read_file(const char *path, size_t *len);  /* NULL if unreadable */
bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);

#endif
