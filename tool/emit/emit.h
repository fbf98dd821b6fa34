/*
 * emit.h — S3 -> S4: IR to C text.
 *
 * A Printer accumulates text with indentation and keeps #line directives
 * pointing back at the user's source: each statement that came from FILE.c
 * is preceded by `#line N "FILE.c"` (`#line N` while the file stays the
 * same) where the compiler would otherwise count a wrong line, and generated
 * code without a source location is re-anchored to the output file itself,
 * so compiler messages land on the right text. Short statements from the
 * source line of the one before share its output line (pr_stmt) instead
 * of repeating the directive.
 */
#ifndef CCAD_EMIT_H
#define CCAD_EMIT_H

#include "../ir/ir.h"

typedef struct Printer {
  StrBuf out;
  int indent;
  int line;               /* output lines written so far */
  const char *outname;    /* name of the file being written, for #line */
  bool line_directives;   /* emit #line at all */
  const char *at_file;    /* where the compiler believes the text comes from */
  int at_line;            /* last source line announced */
  bool anchored_out;      /* currently anchored to outname */
  const char *join_file;  /* the last line is a statement of this source line */
  int join_line;          /* (0: it is not) */
  int join_indent;
  size_t join_start;      /* where that line starts in out */
  bool cuda;              /* printing a function for nvcc, which knows no GCC pragmas */
  bool header;            /* printing FILE.ad.h, which FILE.c includes */
} Printer;

void pr_init(Printer *p, const char *outname, bool line_directives);
void pr_line(Printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));  /* one indented line */
void pr_raw(Printer *p, const char *text);   /* verbatim text (may span lines) */
void pr_blank(Printer *p);                   /* an empty line */
void pr_anchor(Printer *p, SrcLoc loc);      /* #line for a statement at loc, if needed */
void pr_stmt(Printer *p, SrcLoc loc, const char *text);  /* a one-line statement from loc */

char *emit_decl(const Type *t, const char *name);   /* "const double *x", "double a[n]" */
char *emit_type_name(const Type *t);                /* abstract declarator: "double *" */
char *emit_expr(const Expr *e);
void emit_stmt(Printer *p, const Stmt *s);
void emit_proto(Printer *p, const Fn *f, bool is_static);  /* declaration only */
void emit_fn(Printer *p, const Fn *f, bool is_static);
void emit_record(Printer *p, const Record *r, bool forward_only);
/* Until called again with NULLs, type names found in a or b print as the
 * text they map to (FILE.ad.h: Module.respell_own, respell_unguarded). */
void emit_respell(const StrMap *a, const StrMap *b);
/* Tags the records print with instead of their own (FILE.ad.cu: a tag an
 * ordinary name also names, which C++ does not allow); NULL: none. */
void emit_retag(const StrMap *tags);

/* emit_file.c: whole FILE.ad.c / FILE.ad.h; returns heap text. Without
 * line_directives (--no-line) no #line is printed. */
char *emit_source(Module *m, const char *outname, bool line_directives);
char *emit_header(Module *m, const char *outname);
char *emit_cuda(Module *m, const char *outname, bool line_directives);   /* NULL without cuda requests */

#endif
