/*
 * pragma_checkpoint.c — `#pragma ad checkpoint [(snapshots=K)]` inside a
 * function body, right before a loop (for, while, do): remembered per loop line in the
 * front end's context, read when the loop is lowered.
 *
 * Requires: the pragma line (pragma.c finds it, inside a function body).
 * Provides: pragma_checkpoint_for(loop), 0 when the loop has none.
 */
#include <stdlib.h>
#include <string.h>

#include "pragma_lex.h"

typedef struct Checkpoint {
  int line, col;  /* where the statement it applies to starts (as FILE.c expands it); col 0: any on the line */
  bool loop_only; /* a loop, not a call statement (the pragma stands before a loop in a macro) */
  int snapshots;  /* -1: default */
  SrcLoc loc;
  bool used;      /* a loop or a statement there took it */
} Checkpoint;

void parse_checkpoint(Front *fr, const char *text, SrcLoc text_at, SrcLoc place, SrcLoc stmt, bool loop_only) {
  Lex x = {text, text, text_at, false};
  ident(&x);  /* "checkpoint" */
  Checkpoint *c = xmalloc(sizeof *c);
  c->line = stmt.line;
  c->col = stmt.col;
  c->loop_only = loop_only;
  c->loc = place;
  c->snapshots = -1;
  if (punct(&x, '(')) {
    const char *s = x.p;
    char *k = ident(&x);
    if (!k || strcmp(k, "snapshots") || !punct(&x, '=')) {
      lex_error(&x, s, D_CHECKPOINT_SYNTAX);
      return;
    }
    ws(&x);
    char *end;
    long v = strtol(x.p, &end, 10);
    if (end == x.p && (isalpha((unsigned char)*x.p) || *x.p == '_')) {  /* snapshots=NSNAP: a macro or an enum constant */
      const char *at = x.p;
      char *name = ident(&x);
      long long k = 0;
      end = (char *)x.p;
      x.p = at;
      if (!front_int_constant(fr, name, &k) || k > 1000000000) end = (char *)at;
      v = (long)k;
    }
    if (end == x.p || v < 1) {
      lex_error(&x, x.p, D_CHECKPOINT_SNAPSHOTS);
      return;
    }
    x.p = end;
    c->snapshots = (int)v;
    if (!punct(&x, ')')) {
      lex_error(&x, x.p, D_REQ_CLOSE_EXPECTED);
      return;
    }
  }
  ws(&x);
  if (*x.p) {
    lex_error(&x, x.p, D_CHECKPOINT_TRAILING);
    return;
  }
  vec_push(&fr->checkpoints, c);
}


/* Where the next statement in p starts (after blanks, comments, directive
 * lines such as #endif, and lines the preprocessor skips; p is at line,
 * col): line 0 when a block closes first or there is none. A loop
 * there takes the pragma, else the statement starting there (a call to
 * checkpoint: lower_stmt.c checks). The column is kept where other code
 * precedes it on its line (a function written on one line), else 0. */
SrcLoc next_stmt_at(const char *p, int line, int col, const PtrVec *skipped) {
  bool own_line = col == 1;  /* (p starts a line: a '#pragma' line's next) */
  for (;;) {
    for (; isspace((unsigned char)*p); p++, col++)
      if (*p == '\n') line++, col = 0, own_line = true;
    bool directive = own_line && p[0] == '#';  /* #endif, #else, #define ...: not code */
    if (directive || (own_line && skipped && line_skipped(skipped, line))) {
      while (*p && *p != '\n') p += p[0] == '\\' && p[1] == '\n' ? (line++, 2) : 1;
    } else if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      if (!e) return (SrcLoc){0};
      for (; p < e; p++, col++)
        if (*p == '\n') line++, col = 0, own_line = true;
      p = e + 2;
      col += 2;
      own_line = false;  /* (code after a comment on its line: by column) */
    } else {
      return *p && *p != '}' && *p != '#' ? (SrcLoc){NULL, line, own_line ? 0 : col} : (SrcLoc){0};
    }
  }
}

/* The checkpoint request of the loop or statement starting at 'at' (any on
 * its line for a pragma whose statement starts its line), taken by the
 * first to ask: 0 none, -1 default snapshots, K snapshots; *where: the
 * pragma. */
static int take(Front *fr, SrcLoc at, SrcLoc *where, bool loop) {
  for (int i = 0; i < fr->checkpoints.len; i++) {
    Checkpoint *c = fr->checkpoints.data[i];
    if (c->line == at.line && (!c->col || c->col == at.col) && (loop || !c->loop_only) &&
        str_eq(at.file, c->loc.file) && !c->used) {
      c->used = true;
      if (where) *where = c->loc;
      return c->snapshots;
    }
  }
  return 0;
}

int pragma_checkpoint_take(Front *fr, SrcLoc at, SrcLoc *where) { return take(fr, at, where, false); }

int pragma_checkpoint_for(Front *fr, SrcLoc loop) { return take(fr, loop, NULL, true); }
