/*
 * front_int.h — private to front/: the lowering context. Only front/ sees
 * libclang; no CXCursor reaches the IR.
 */
#ifndef CCAD_FRONT_INT_H
#define CCAD_FRONT_INT_H

#include <clang-c/Index.h>

#include "front.h"

/* Cursor-keyed map (clang_hashCursor, clang_equalCursors): the front end's
 * name lookups, linear in the input instead of a scan per reference. */
typedef struct CursorMap {
  CXCursor *keys;
  void **vals;            /* NULL: an empty slot */
  int cap, len;
} CursorMap;
void *cmap_get(const CursorMap *m, CXCursor k);
void cmap_put(CursorMap *m, CXCursor k, void *v);

typedef struct Front {
  Module *m;
  CXIndex idx;
  CXTranslationUnit tu;
  const char *file;       /* FILE.c as given (for SrcLoc) */
  CXFile main_file;
  PtrVec own_files;       /* CXFile: .c files FILE.c includes (a unity build): its own text */
  PtrVec once_files;      /* CXFile or NULL, parallel to m->includes: a header without include guard */
  PtrVec sub_includes;    /* SubInclude* (front.c): the #include lines of such headers */
  PtrVec fn_cursors;      /* CXCursor* parallel to m->fns: the definition if any */
  CursorMap globals;      /* canonical cursor -> Var* of m->globals */
  CursorMap recs;         /* definition cursor -> Record* of m->records */
  PtrVec pending;         /* Fn* to lower (reachable from requests) */
  int mpi_h;              /* the TU reads a file named mpi.h: 1, no: -1, not looked yet: 0 */
  PtrVec macro_names;     /* object-like macros of the TU: name ... */
  PtrVec macro_texts;     /* ... and replacement text (for request sizes) */
  StrMap enum_consts;     /* file-scope enumeration constant -> long long* (the first one) */
  StrMap typedef_sizes;   /* file-scope typedef -> long long* sizeof (the last one); both kept
                             after the TU goes: a composed request's sizes read them later */
  StrBuf defines;         /* FILE.c's #define lines since its last #include */
  NameSet defined;        /* the macros FILE.c defined so far */
  PtrVec checkpoints;     /* Checkpoint* (pragma.c): #pragma ad checkpoint lines */
  NameSet local_tags;     /* tags given to types declared inside functions (types.c) */
  PtrVec taken_fns;       /* CXCursor*: functions whose address FILE.c takes (targets of calls
                             through pointers, lower_expr.c), NULL until first needed */
  bool taken_ready;
  CXCursor taken_top;     /* the file-scope declaration being scanned for taken addresses */
  PtrVec taken_sites;     /* TakenSite*: where FILE.c takes a static function's address */
  PtrVec static_targets;  /* TakenSite*: static functions a dispatch may call, at the call */
  PtrVec omps;            /* OmpLine* (pragma_omp.c): #pragma omp lines inside function bodies */
  bool openmp;            /* the user's flags ask for OpenMP (taken out of the parse) */
  bool tolerate;          /* FILE.c includes generated headers: errors outside
                             differentiated functions are expected */
} Front;

/* The address of a static function taken (or a dispatch that may call
 * it): the function, the file-scope declaration holding the site, where. */
typedef struct TakenSite { CXCursor fn, top; SrcLoc loc; Fn *in; /* static_targets: the dispatch's function */ } TakenSite;

/* One function being lowered. */
typedef struct Lower {
  Front *fr;
  Fn *fn;
  CursorMap vars;         /* declaration cursor -> Var* */
  Stmt *pre;              /* block receiving side effects of the current expression */
  int ntemps;
  int loop_depth;
  int stmt_depth, expr_depth; /* nesting, against the limits of lower_*.c */
  bool too_deep;          /* reported once */
  bool ldcomplex_told;    /* long double complex: reported once per function */
  bool no_temps;          /* a file-scope initializer: nowhere to put temporaries */
  PtrVec labels;          /* lower_goto.c: GotoLabel* of the blocks being lowered */
  CXCursor body;          /* the function's compound statement (lower_goto.c's exit tails) */
} Lower;

/* cx.c: libclang helpers */
SrcLoc cx_loc(Front *fr, CXCursor c);
SrcLoc cx_loc_at(Front *fr, CXSourceLocation l);
char *cx_str(CXString s);                  /* copies and disposes */
char *cx_spelling(CXCursor c);
int cx_children(CXCursor c, CXCursor **out);  /* heap array */
bool cx_in_main_file(Front *fr, CXCursor c);   /* FILE.c, or a .c file it includes */
bool cx_own_file(Front *fr, CXFile f);
bool cx_untagged(Front *fr, CXCursor decl);  /* struct { / enum { with no tag */
unsigned cx_offset(CXSourceLocation l);
CXSourceRange cx_written_range(Front *fr, CXCursor c);  /* c's text as written (a macro's use) */
int cx_range_tokens(Front *fr, CXSourceRange r, char ***out);  /* token spellings */
const char *cx_mpi_macro(Front *fr, CXCursor c);  /* MPI_DOUBLE as written, or NULL */
int cx_macro_body_tokens(Front *fr, CXCursor c, char ***out);  /* from c's start in a macro body */
CXCursor cx_generic_choice(Front *fr, CXCursor g);  /* _Generic's selected association, or null */

/* types.c */
Type *lower_type(Front *fr, CXType t, Lower *l, CXCursor decl);
Record *lower_record(Front *fr, CXCursor decl);
char *enum_text(Front *fr, CXCursor c);  /* "enum T { A = 0, B = 1 };" */

/* lower.c */
Fn *front_fn_for(Front *fr, CXCursor decl);      /* find or declare */
Var *front_global_for(Front *fr, CXCursor decl);
void lower_fn(Front *fr, Fn *f);
Expr *lower_into(Lower *l, CXCursor c, Stmt *block);  /* c lowered into block: its value, block its effects */
Expr *lower_sizeof(Lower *l, CXCursor c);             /* lower_sizeof.c: a sizeof expression */
Expr *lower_expr(Lower *l, CXCursor c);
void lower_effect(Lower *l, CXCursor c);
Expr *lower_assign(Lower *l, CXCursor c);
Expr *lower_incdec(Lower *l, CXCursor c, bool want);
void lower_stmt(Lower *l, CXCursor c, Stmt *block);
/* lower_goto.c: a compound statement's statements, forward gotos as flags */
void lower_children(Lower *l, CXCursor compound, Stmt *b);
void lower_list(Lower *l, CXCursor *k, int n, Stmt *b);
void lower_goto(Lower *l, CXCursor c, Stmt *block);
void lower_goto_loop(Lower *l, CXCursor *k, int n, Stmt *block);  /* lower_stmt.c: a loop made of a backward goto */
/* A construct cc-ad cannot lower: its error at c, and a placeholder 0. */
#define unsupported(l, c, ...) (diag_at(cx_loc((l)->fr, (c)), __VA_ARGS__), ex_int(0))
Var *lower_temp(Lower *l, const char *hint, Type *t, Expr *init, SrcLoc loc);  /* a local in l->pre */
Expr *lower_init_list(Lower *l, CXCursor c);     /* lower_init.c: {..}, an EX_INIT of c's type */
/* lower_expr.c and lower_fnptr.c: calls */
Expr *lower_call_at(Lower *l, CXCursor c, bool hoist);  /* a call expression (hoist: into a temporary) */
Expr *lower_named_call(Lower *l, CXCursor ref, Expr **args, int n, Type *rt, SrcLoc loc);
void lower_queue(Lower *l, Fn *f);  /* lower f's body too */
Expr *lower_fnptr_dispatch(Lower *l, Expr *callee, CXType ft, Expr **args, int n, Type *rt, SrcLoc loc,
                           bool floaty);
CXCursor lower_through_generic(Front *fr, CXCursor c);  /* the callee _Generic chooses */
Expr *lower_qsort(Lower *l, CXCursor c, Expr **args, SrcLoc loc);  /* lower_sort.c: 0, or NULL: stays a call */
Expr *lower_sincos(Lower *l, const char *name, Expr **args, SrcLoc loc);  /* lower_sincos.c: sin and cos through the pointers */
/* lower_compound.c */
Expr *lower_compound_literal(Lower *l, CXCursor c);  /* (T){...}: a local of the block */
Expr *lower_stmt_expr(Lower *l, CXCursor c);     /* ({ ...; e; }): statements to l->pre, e */

/* static_readonly.c */
void front_mark_readonly_statics(Front *fr);
/* lower_expr.c: a static function a dispatch may reach, whose address
 * FILE.c takes where the generated code does not (main): an error */
void front_check_static_targets(Front *fr);

/* pragma.c */
void pragma_collect(Front *fr, const char **specs, int nspecs);
typedef struct Bodies Bodies;  /* where FILE.c's function bodies begin and end */
/* Where the statement a pragma applies to is: the next one in rest (which
 * starts at line, col of FILE.c), or, when 'follows', the one FILE.c
 * expands at the pragma's place (tokens after it in a macro's expansion),
 * then a loop only when 'loop_only' (a loop follows it in the macro). */
typedef struct Next {
  const char *rest;
  int line, col;
  bool follows, loop_only;
  const PtrVec *skipped;  /* line ranges the preprocessor skips (skipped_lines), or NULL */
} Next;
void pragma_body(Front *fr, Bodies *bodies, const char *q, SrcLoc text_at, SrcLoc place, Next next);
/* pragma_operator.c: the _Pragma("...") operators FILE.c's code expands */
void pragma_operators(Front *fr, Bodies *bodies, const char *text, const PtrVec *skipped);
void pragma_resolve(Front *fr);  /* pragma_check.c */
/* pragma_checkpoint.c */
void parse_checkpoint(Front *fr, const char *text, SrcLoc text_at, SrcLoc place, SrcLoc stmt, bool loop_only);
bool front_int_constant(Front *fr, const char *name, long long *value);  /* a macro's or an enum constant's value */
/* where the statement next in p (at line, col) starts: line 0 if none; col 0
 * when it is the first on its line (any statement starting on that line) */
SrcLoc next_stmt_at(const char *p, int line, int col, const PtrVec *skipped);
bool line_skipped(const PtrVec *s, int line);  /* pragma.c: within a range the preprocessor skips */
int pragma_checkpoint_for(Front *fr, SrcLoc loop);  /* 0 none, -1 default snapshots, K */
int pragma_checkpoint_take(Front *fr, SrcLoc at, SrcLoc *where);  /* the same, for any statement; where: the pragma */
/* pragma_omp.c */
void pragma_omp_note(Front *fr, const char *text, SrcLoc text_at, SrcLoc place, int for_line);
Omp *pragma_omp_for(Lower *l, CXCursor loop, SrcLoc at_loop);  /* NULL: no pragma on it */
Omp *pragma_omp_stmt(Lower *l, CXCursor c, SrcLoc at, bool block);  /* parallel, critical; atomic */
Omp *pragma_omp_capture(Lower *l, SrcLoc at);                          /* atomic capture before a statement */
Omp *pragma_omp_critical(Lower *l, CXCursor c, SrcLoc at);            /* critical before one statement */
void pragma_omp_own_copies(Fn *f);  /* after lowering: private(t) onto a copy of t */
int next_code_line(const char *p, int line);
void pragma_omp_check(Front *fr, Fn *f);

/* lower_fold.c, after a body is lowered: const int N = 8 is 8; double t[n]
 * over n's copy, unwritten yet, is over n */
void lower_fold(Stmt *body);

#endif
