/*
 * lower_goto.c — forward gotos as flags: a goto to a label further down in
 * a block that encloses it (out of nested loops: goto done; error paths:
 * goto fail;) becomes structured code, so no transform sees a jump.
 *
 * Requires: lower_stmt (statements), the Lower context (loop_depth counts
 * the loops and switches being lowered).
 * Provides: lower_children, lower_list (the statements of a compound
 * statement, or a loop's one statement, with the gotos to the labels among
 * them), lower_goto (a goto statement).
 *
 *   { ...; for (..) { ..; if (c) goto L; B; } C; L: D; }
 *     =>  { int goto_L = 0; ...;
 *           for (..) { ..; if (c) goto_L = 1; if (goto_L) break; B; }
 *           if (!goto_L) { C; }  D; }
 *
 * A goto sets its label's flag; after each statement that may have set
 * flags, a loop or switch between it and the label's block is left
 * (if (flag) break;), and in the label's block and the blocks between, the
 * statements before the label are skipped (if (!flag) { ... }). A goto
 * to an exit tail elsewhere (the label's statements run on to a return) is
 * that tail, copied (lower_exit_tail). A backward goto that closes a loop
 * in one block, `L: S; ...; if (c) goto L;` (or `goto L;`), with no
 * declaration, break or continue of an outer construct in between, is that
 * loop (goto_loop_end, lower_goto_loop): f2c's DO WHILE. Another goto
 * backward, into a block or loop, past a case label of its switch, or
 * through a pointer stays an error.
 */
#include <stdlib.h>

#include "front_int.h"

typedef struct GotoLabel {
  char *name;
  Var *flag;     /* goto_L, declared at the top of the label's block */
  Stmt *decl;    /* its declaration (dropped when no goto sets it) */
  int depth;     /* loop_depth of the label's block */
  int hits;      /* gotos lowered to it so far */
  bool passed;   /* the label's statement was lowered: a later goto jumps back */
} GotoLabel;

static GotoLabel *find_label(Lower *l, const char *name) {
  for (int i = l->labels.len - 1; i >= 0; i--) {
    GotoLabel *g = l->labels.data[i];
    if (str_eq(g->name, name)) return g;
  }
  return NULL;
}

/* ---- exit tails ----
 * A goto to a label whose statements run on to a return, in a block that
 * does not hold the goto (Cephes' lgam: `if (p == q) { lgsing:
 * mtherr("lgam", SING); return INFINITY; }` and, further down, `goto
 * lgsing;`), is that tail lowered in place of the goto: the same statements
 * run, then the function returns, so no jump is left. The tail may not
 * declare, label or jump (goto, break, continue, case), and may name only
 * parameters, globals and locals of the function's outermost block declared
 * before the goto: the variables in scope both at the label and at the goto. */

typedef struct TailFind {
  CXCursor label, block;
  bool found;
} TailFind;

/* the same statement (a referenced label and the visited one are not
 * equal cursors: they differ in the parent they were reached from) */
static bool same_stmt(CXCursor a, CXCursor b) {
  return clang_getCursorKind(a) == clang_getCursorKind(b) &&
         cx_offset(clang_getCursorLocation(a)) == cx_offset(clang_getCursorLocation(b));
}

static enum CXChildVisitResult find_holder(CXCursor c, CXCursor parent, CXClientData d) {
  TailFind *t = d;
  if (!same_stmt(c, t->label)) return CXChildVisit_Recurse;
  t->found = clang_getCursorKind(parent) == CXCursor_CompoundStmt;
  t->block = parent;
  return CXChildVisit_Break;
}

typedef struct TailCheck {
  Lower *l;
  unsigned goto_off;
  bool ok;
} TailCheck;

/* decl is declared by a statement of the function's outermost block before 'before' */
static bool outer_local(Lower *l, CXCursor decl, unsigned before) {
  CXCursor *k;
  int n = cx_children(l->body, &k);
  bool ok = false;
  for (int i = 0; i < n && !ok; i++) {
    if (clang_getCursorKind(k[i]) != CXCursor_DeclStmt) continue;
    CXCursor *d;
    int m = cx_children(k[i], &d);
    for (int j = 0; j < m; j++)
      if (clang_equalCursors(d[j], decl)) ok = cx_offset(clang_getCursorLocation(k[i])) < before;
    free(d);
  }
  free(k);
  return ok;
}

static bool tail_node_ok(TailCheck *t, CXCursor c) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_LabelStmt: case CXCursor_GotoStmt: case CXCursor_IndirectGotoStmt: case CXCursor_DeclStmt:
  case CXCursor_BreakStmt: case CXCursor_ContinueStmt: case CXCursor_CaseStmt: case CXCursor_DefaultStmt:
    return false;
  case CXCursor_DeclRefExpr: {
    CXCursor r = clang_getCursorReferenced(c);
    if (clang_getCursorKind(r) != CXCursor_VarDecl) return true;
    if (clang_getCursorKind(clang_getCursorSemanticParent(r)) == CXCursor_TranslationUnit) return true;
    return outer_local(t->l, r, t->goto_off);
  }
  default: return true;
  }
}

static enum CXChildVisitResult check_tail(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  TailCheck *t = d;
  if (tail_node_ok(t, c)) return CXChildVisit_Recurse;
  t->ok = false;
  return CXChildVisit_Break;
}

/* The statements from 'label' to the end of its block, when they end in a
 * return and may run at the goto c: lowered into block, true. */
static bool lower_exit_tail(Lower *l, CXCursor c, CXCursor label, Stmt *block) {
  if (clang_Cursor_isNull(l->body) || clang_getCursorKind(label) != CXCursor_LabelStmt) return false;
  TailFind f = {.label = label};
  clang_visitChildren(l->body, find_holder, &f);
  if (!f.found) return false;
  CXCursor *k, *sub;
  int n = cx_children(f.block, &k), at = -1;
  for (int i = 0; i < n; i++)
    if (same_stmt(k[i], label)) at = i;
  int ns = cx_children(label, &sub);
  bool ok = at >= 0 && ns > 0;
  if (ok) k[at] = sub[ns - 1];  /* the labelled statement, then its followers */
  TailCheck t = {l, cx_offset(clang_getCursorLocation(c)), ok};
  for (int i = at; t.ok && i < n; i++)
    if (!tail_node_ok(&t, k[i])) t.ok = false;
    else clang_visitChildren(k[i], check_tail, &t);
  ok = t.ok && clang_getCursorKind(k[n - 1]) == CXCursor_ReturnStmt;
  for (int i = at; ok && i < n; i++) lower_stmt(l, k[i], block);
  free(k);
  if (ns) free(sub);
  return ok;
}

void lower_goto(Lower *l, CXCursor c, Stmt *block) {
  SrcLoc loc = cx_loc(l->fr, c);
  CXCursor *k;
  int n = clang_getCursorKind(c) == CXCursor_GotoStmt ? cx_children(c, &k) : 0;
  CXCursor label = n ? clang_getCursorReferenced(k[0]) : clang_getNullCursor();
  char *name = n ? cx_spelling(label) : NULL;
  if (n) free(k);
  GotoLabel *g = name ? find_label(l, name) : NULL;
  if (!g || g->passed) {
    if (!n || !lower_exit_tail(l, c, label, block)) diag_at(loc, D_GOTO);
    return;
  }
  g->hits++;
  st_append(block, st_assign(ex_var(g->flag), ex_int(1), loc));
}

/* flags of the labels whose hits differ from 'before', of loop depth
 * below (leave) or equal to (skip) the current one, or'ed */
static Expr *flags_hit(Lower *l, const int *before, int nbefore, bool leave) {
  Expr *e = NULL;
  for (int i = 0; i < nbefore && i < l->labels.len; i++) {
    GotoLabel *g = l->labels.data[i];
    if (g->passed || g->hits == before[i] || (leave ? g->depth >= l->loop_depth : g->depth != l->loop_depth)) continue;
    e = e ? ex_bin(OP_LOR, e, ex_var(g->flag)) : ex_var(g->flag);
  }
  return e;
}

static Stmt *if_stmt(Expr *cond, Stmt *then, SrcLoc loc) {
  Stmt *s = st_new(ST_IF, loc);
  s->cond = cond;
  s->then = then;
  return s;
}

/* if (!(f1 || f2)) { <rest> }: appended to *cur, which becomes the rest;
 * 'open' keeps the blocks that hold such guards, innermost last */
static void skip_rest(Expr *flags, Stmt **cur, PtrVec *open, SrcLoc loc) {
  Stmt *rest = st_block(loc);
  st_append(*cur, if_stmt(ex_un(OP_NOT, flags), rest, loc));
  vec_push(open, *cur);
  *cur = rest;
}

/* lv = init, an initializer list element by element (after a memset: the
 * gaps are zero) */
static void init_assigns(Expr *lv, Expr *init, Stmt *into, SrcLoc loc) {
  if (init->kind != EX_INIT) {
    st_append(into, st_assign(lv, init, loc));
    return;
  }
  Type *t = lv->type;
  for (int i = 0; i < init->nargs; i++) {
    Expr *sub;
    if (t->kind == TY_RECORD) {
      if (!t->rec || i >= t->rec->nfields) return;
      sub = ex_new(EX_MEMBER, t->rec->fields[i].type, loc);
      sub->lhs = ir_clone_expr(lv, NULL);
      sub->text = t->rec->fields[i].name;
    } else {
      sub = ex_index(ir_clone_expr(lv, NULL), ex_int(i));
    }
    init_assigns(sub, init->args[i], into, loc);
  }
}

/* t without const, on it or on its elements (const double arr[2]) */
static Type *writable(Type *t) {
  if (t->kind != TY_ARRAY) return ty_unqual(t);
  Type *c = xmalloc(sizeof *c);
  *c = *t;
  c->is_const = false;
  c->name = NULL;
  c->base = writable(t->base);
  return c;
}

/* A declaration in the skipped statements: C's scope lets the code after
 * the label use it, so it goes before the guard (g, in holder) and its
 * initializer stays in the guard as assignments. */
static void hoist_decls(Stmt *holder, Stmt *g) {
  Stmt *keep = st_block(g->loc);
  for (int i = 0; i < g->then->nbody; i++) {
    Stmt *d = g->then->body[i];
    if (d->kind != ST_DECL || d->var->is_static) {
      st_append(keep, d);
      continue;
    }
    Var *v = d->var;
    v->type = writable(v->type);  /* assigned now (const double t = ...) */
    /* (a scalar starts at 0: compilers cannot tell that the code after
     * the label reads it only where the guard ran) */
    Expr *zero = ty_is_arith(v->type) || ty_is_ptr(v->type) ? ex_num(0, ty_is_float(v->type) ? v->type : ty_int()) : NULL;
    holder->body[holder->nbody - 1] = st_decl(v, zero, d->loc);
    st_append(holder, g);
    if (!d->expr) continue;
    if (d->expr->kind == EX_INIT) {
      Expr *args[3] = {ex_addr(ex_var(v)), ex_int(0), ex_sizeof_type(v->type)};
      st_append(keep, st_expr(ex_call("memset", ty_ptr(ty_void()), args, 3), d->loc));
    }
    init_assigns(ex_var(v), d->expr, keep, d->loc);
  }
  g->then->nbody = 0;
  for (int i = 0; i < keep->nbody; i++) st_append(g->then, keep->body[i]);
}

/* The guards end, innermost first: their declarations go before them, and
 * those left empty go (a label right after the goto). */
static void close_guards(PtrVec *open) {
  for (int i = open->len - 1; i >= 0; i--) {
    Stmt *holder = open->data[i];
    Stmt *last = holder->nbody ? holder->body[holder->nbody - 1] : NULL;
    if (!last || last->kind != ST_IF || last->els) continue;
    hoist_decls(holder, last);
    if (last->then->nbody == 0) holder->nbody--;
  }
  open->len = 0;
}

/* The flags of this block's labels that no goto sets (every goto to the
 * label was an exit tail) go: nothing reads them. */
static void drop_unset_flags(Lower *l, int base, Stmt *b) {
  for (int i = base; i < l->labels.len; i++) {
    GotoLabel *g = l->labels.data[i];
    if (g->hits) continue;
    int w = 0;
    for (int j = 0; j < b->nbody; j++)
      if (b->body[j] != g->decl) b->body[w++] = b->body[j];
    b->nbody = w;
  }
}

/* ---- loops made of a backward goto ---- */

/* c is `goto L;`, or `{ goto L; }` when braced */
static bool goto_to(CXCursor c, CXCursor label) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  CXCursor *k;
  int n = cx_children(c, &k);
  bool hit = false;
  if (kind == CXCursor_GotoStmt && n == 1) hit = same_stmt(clang_getCursorReferenced(k[0]), label);
  else if (kind == CXCursor_CompoundStmt && n == 1) hit = goto_to(k[0], label);
  if (n) free(k);
  return hit;
}

/* c is `goto L;` or `if (c) goto L;` without else */
static bool closes_loop(CXCursor c, CXCursor label) {
  if (clang_getCursorKind(c) != CXCursor_IfStmt) return goto_to(c, label);
  CXCursor *k;
  int n = cx_children(c, &k);
  bool hit = n == 2 && goto_to(k[1], label);
  if (n) free(k);
  return hit;
}

typedef struct Escape {
  int loops, switches;  /* constructs entered below the statement */
  bool found;
} Escape;

/* a break or continue that leaves the statements (binds outside them) */
static enum CXChildVisitResult escape_visit(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Escape *e = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if ((k == CXCursor_BreakStmt && !e->loops && !e->switches) || (k == CXCursor_ContinueStmt && !e->loops)) {
    e->found = true;
    return CXChildVisit_Break;
  }
  bool loop = k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt;
  if (!loop && k != CXCursor_SwitchStmt) return CXChildVisit_Recurse;
  Escape in = {e->loops + loop, e->switches + !loop, false};
  clang_visitChildren(c, escape_visit, &in);
  e->found |= in.found;
  return e->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

static bool escapes(CXCursor c) {
  Escape e = {0, 0, false};
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt) return true;
  if (k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt) return false;
  if (k == CXCursor_SwitchStmt) e.switches = 1;
  clang_visitChildren(c, escape_visit, &e);
  return e.found;
}

/* If k[i] is a label L that a later statement k[j] of the same list jumps
 * back to (closes_loop) with k[i..j) a loop body as it stands (no
 * declaration, whose scope would end with the loop; no break or continue
 * of an outer construct), j; else -1. */
static int goto_loop_end(CXCursor *k, int n, int i) {
  if (clang_getCursorKind(k[i]) != CXCursor_LabelStmt) return -1;
  int j = i + 1;
  while (j < n && !closes_loop(k[j], k[i])) j++;
  if (j == n) return -1;
  for (int q = i; q < j; q++) {
    CXCursor c = k[q];
    CXCursor *sub = NULL;
    if (q == i) {
      int ns = cx_children(c, &sub);
      if (!ns) return -1;
      c = sub[ns - 1];
      free(sub);
    }
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (kind == CXCursor_DeclStmt || kind == CXCursor_LabelStmt || escapes(c)) return -1;
  }
  return j;
}

/* Statements k[0..n) into b: a block's, or a loop's single statement. */
void lower_list(Lower *l, CXCursor *k, int n, Stmt *b) {
  int base = l->labels.len;
  for (int i = 0; i < n; i++) {
    if (clang_getCursorKind(k[i]) != CXCursor_LabelStmt) continue;
    GotoLabel *g = xmalloc(sizeof *g);
    *g = (GotoLabel){.name = cx_spelling(k[i]), .depth = l->loop_depth};
    SrcLoc loc = cx_loc(l->fr, k[i]);
    g->flag = fn_new_var(l->fn, xfmt("goto_%s", g->name), ty_int(), VAR_LOCAL, loc);
    g->decl = st_decl(g->flag, ex_int(0), loc);
    st_append(b, g->decl);
    vec_push(&l->labels, g);
  }
  PtrVec skipped = {0};  /* labels hit here whose statements this block skips to */
  PtrVec open = {0};
  Stmt *cur = b;
  for (int i = 0; i < n; i++) {
    SrcLoc loc = cx_loc(l->fr, k[i]);
    if (clang_getCursorKind(k[i]) == CXCursor_LabelStmt) {
      GotoLabel *g = find_label(l, cx_spelling(k[i]));
      if (g) g->passed = true;
      /* the skipping ends here for this label; the others' goes on */
      close_guards(&open);
      cur = b;
      Expr *still = NULL;
      for (int j = 0; j < skipped.len; j++) {
        GotoLabel *s = skipped.data[j];
        if (!s->passed) still = still ? ex_bin(OP_LOR, still, ex_var(s->flag)) : ex_var(s->flag);
      }
      if (still) skip_rest(still, &cur, &open, loc);
    }
    enum CXCursorKind ck = clang_getCursorKind(k[i]);
    if (cur != b && (ck == CXCursor_CaseStmt || ck == CXCursor_DefaultStmt)) {
      /* the statements a goto skips hold a case label: a jump into them
       * from the switch would skip the guard */
      diag_at(loc, D_GOTO);
      cur = b;
    }
    int nb = l->labels.len, *before = xmalloc(sizeof(int) * (size_t)(nb + 1));
    for (int j = 0; j < nb; j++) before[j] = ((GotoLabel *)l->labels.data[j])->hits;
    int end = goto_loop_end(k, n, i);
    if (end >= 0) {
      lower_goto_loop(l, k + i, end - i + 1, cur);
      i = end;
    } else {
      lower_stmt(l, k[i], cur);
    }
    Expr *leave = flags_hit(l, before, nb, true), *skip = flags_hit(l, before, nb, false);
    if (leave) st_append(cur, if_stmt(leave, st_new(ST_BREAK, loc), loc));
    if (skip) {
      for (int j = 0; j < nb; j++) {
        GotoLabel *g = l->labels.data[j];
        bool known = false;
        for (int q = 0; q < skipped.len; q++) known |= skipped.data[q] == g;
        if (!g->passed && g->hits != before[j] && g->depth == l->loop_depth && !known) vec_push(&skipped, g);
      }
      if (i + 1 < n) skip_rest(skip, &cur, &open, loc);
    }
    free(before);
  }
  close_guards(&open);
  drop_unset_flags(l, base, b);
  l->labels.len = base;  /* this block's labels end with it */
}

void lower_children(Lower *l, CXCursor compound, Stmt *b) {
  CXCursor *k;
  int n = cx_children(compound, &k);
  lower_list(l, k, n, b);
  free(k);
}
