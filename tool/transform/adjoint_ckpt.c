/*
 * adjoint_ckpt.c — reverse mode, checkpointed loops (#pragma ad checkpoint).
 * Requires: adjoint_loop.c (the loop's forward and backward bodies), the
 * activity facts (memory classes, what callees write), adjoint_extent.c
 * (the bytes behind a pointer that the state holds).
 * Provides: adj_ckpt_loop: the loop's state (what the body and the step
 * write that outlives an iteration: variables whole, and the memory they
 * write through pointers, as regions of known size; the shadow pointers
 * of the pointers among them), and the code that
 * runs the loop under the runtime's checkpoint driver (checkpoint.c):
 *
 *   forward:   init; ck = ccad_ckpt_begin(K); save state;
 *              while (cond) { ccad_ckpt_iter(ck); body_fwd; step_fwd }
 *              ccad_ckpt_end(ck); ccad_push_p(ck);
 *   backward:  ck = ccad_pop_p();
 *              for (;;) switch (ccad_ckpt_next(ck)) {
 *                ADVANCE: body_fwd; step_fwd      (its tape is dropped)
 *                SAVE / LOAD: the state, piece by piece
 *                TURN: body_fwd; step_fwd; step_bwd; body_bwd
 *                DONE: leave }
 *
 * The forward copies push what an iteration's backward code needs; the
 * driver drops that tape except in TURN, where it is popped at once. The
 * last LOAD is the state on entry, what the backward code of the
 * statements before the loop reads. The trip count is counted, so while
 * loops and loops left by break (a flag after structure.c) work the same.
 */
#include <stdlib.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/mpi.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

typedef struct State {
  Adj *a;
  PtrMap inner;     /* Var* declared in the body each iteration (not hoisted) */
  PtrMap fresh;     /* Var* declared in the body with a block malloc'd there (and freed there:
                       adj_heap_unbalanced), assigned nothing else: stale at an iteration's start */
  PtrMap kept;      /* classes written other than through a fresh pointer: state */
  PtrMap var_seen;  /* Var* already in vars */
  PtrVec vars;      /* variables saved whole */
  PtrVec classes;   /* memory classes written through pointers */
  PtrMap callee_seen;
  const char *why;  /* why the loop cannot be checkpointed */
  SrcLoc why_loc;
  bool call;        /* a checkpointed call (a loop of one iteration): say so */
} State;

static void fail(State *st, const char *why, SrcLoc loc) {
  if (st->why) return;
  st->why = why;
  st->why_loc = loc;
}

static void add_var(State *st, Var *x) {
  if (ptrmap_get(&st->inner, x) || ptrmap_get(&st->var_seen, x)) return;
  ptrmap_put(&st->var_seen, x, (void *)1);
  vec_push(&st->vars, x);
}

static void add_class_via(State *st, const void *cls, SrcLoc loc, bool fresh) {
  if (!cls) {
    fail(st, "it writes memory whose class the analysis does not know", loc);
    return;
  }
  if (!fresh) ptrmap_put(&st->kept, cls, (void *)1);
  for (int i = 0; i < st->classes.len; i++)
    if (st->classes.data[i] == cls) return;
  vec_push(&st->classes, (void *)cls);
}

static void add_class(State *st, const void *cls, SrcLoc loc) { add_class_via(st, cls, loc, false); }

/* The pointer variable an lvalue stores through (p[i], *p, p->f), or NULL. */
static Var *through_var(const Expr *lv) {
  lv = ex_strip_implicit(lv);
  const Expr *p = lv->kind == EX_INDEX || lv->kind == EX_DEREF || (lv->kind == EX_MEMBER && lv->is_arrow) ? lv->lhs : NULL;
  p = p ? ex_strip_implicit(p) : NULL;
  return p && p->kind == EX_VAR && ty_is_ptr(p->var->type) ? p->var : NULL;
}

/* The variable an lvalue stores into directly (x, x.f, x[i] with x an
 * array), or NULL when it stores through a pointer. */
Var *adj_root_var(const Expr *lv) {
  for (;;) {
    lv = ex_strip_implicit(lv);
    if (lv->kind == EX_VAR) return lv->var;
    if (lv->kind == EX_MEMBER && !lv->is_arrow) {
      lv = lv->lhs;
    } else if (lv->kind == EX_INDEX && lv->lhs->type && ex_strip_implicit(lv->lhs)->type->kind == TY_ARRAY) {
      lv = lv->lhs;
    } else {
      return NULL;
    }
  }
}

static void note_lvalue(State *st, Expr *lv) {
  Var *x = adj_root_var(lv);
  if (x) {
    add_var(st, x);
  } else {
    Var *p = through_var(lv);
    add_class_via(st, act_loc_id(st->a->v, lv), lv->loc, p && ptrmap_get(&st->fresh, p));
  }
}

/* ---- Blocks of the iteration's own ---------------------------------------
 * double *t = malloc(..); ... free(t); in the body: the block is not state
 * (an iteration run again allocates it again, adj_heap_unbalanced), and at
 * the iteration's start t still points to the last one, freed: saving
 * through it would read freed memory. */
static bool alloc_init(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e && e->kind == EX_CALL && e->text && !e->rt && (str_eq(e->text, "malloc") || str_eq(e->text, "calloc"));
}

static Walk fresh_decl(Stmt *s, void *ctx) {
  State *st = ctx;
  if (s->kind == ST_DECL && ty_is_ptr(s->var->type) && alloc_init(s->expr)) ptrmap_put(&st->fresh, s->var, (void *)1);
  return WALK_ON;
}

static Walk fresh_stored(Stmt *s, void *ctx) {
  State *st = ctx;
  if (s->kind == ST_ASSIGN && ex_strip_implicit(s->lhs)->kind == EX_VAR)
    ptrmap_put(&st->fresh, ex_strip_implicit(s->lhs)->var, NULL);
  return WALK_ON;
}

static Walk fresh_addressed(Expr *e, void *ctx) {
  State *st = ctx;
  if (e->kind == EX_ADDR && ex_strip_implicit(e->lhs)->kind == EX_VAR)
    ptrmap_put(&st->fresh, ex_strip_implicit(e->lhs)->var, NULL);
  return WALK_ON;
}

static void find_fresh(State *st, Stmt *body) {
  st_each(body, fresh_decl, st);
  st_each(body, fresh_stored, st);
  st_each_expr(body, fresh_addressed, st);
}

/* Memory a pointer argument lets a callee write (level 0). */
static void note_target(State *st, Expr *arg) {
  const Expr *p = ex_strip_implicit(arg);
  if (p->kind == EX_ADDR) {
    note_lvalue(st, p->lhs);
    return;
  }
  if (p->kind == EX_VAR && p->var->type->kind == TY_ARRAY) {
    add_var(st, p->var);
    return;
  }
  note_lvalue(st, ex_deref(cl(arg)));
}

/* A call that running an iteration again would not repeat faithfully: a
 * function cc-ad cannot see into (rand() would give other numbers, printf
 * would print again), other than <math.h>, the memory functions, checks
 * without effects, and MPI's communication (every rank runs the same
 * schedule of iterations again, so the messages meet again; libccad_mpi's
 * records of an iteration run again go with its tape) and queries. */
static bool rerun_unsafe(Module *m, const Expr *c) {
  /* (exit and abort: a run that calls them ends the program, so running
   * an iteration again, which repeats the first run, never gets there) */
  static const char *pure[] = {"assert", "__assert_fail", "abs", "labs", "llabs", "strlen", "strcmp", "strncmp",
                               "memcmp", "exit", "abort", "_Exit", "quick_exit", NULL};
  if (!c->text || c->rt || rule_find(c->text) || act_is_memory_fn(c->text)) return false;
  const MpiInfo *mi = mpi_info(m, c);
  if (mi && mi->stem) return false;
  if (mpi_declared(m, c) && (str_eq(c->text, "MPI_Comm_rank") || str_eq(c->text, "MPI_Comm_size") ||
                             str_eq(c->text, "MPI_Barrier")))
    return false;
  if (c->fn && c->fn->body) return false;
  for (int i = 0; pure[i]; i++)
    if (str_eq(c->text, pure[i])) return false;
  return true;
}

static void note_rerun(State *st, const Expr *c) {
  if (rerun_unsafe(st->a->m, c))
    fail(st,
         xfmt("%s run again would call '%s' again, and cc-ad cannot see what it does (random "
              "numbers would differ, output would repeat); call it outside the %s, or drop the checkpoint",
              st->call ? "the checkpointed call" : "an iteration", c->text, st->call ? "checkpointed call" : "loop"),
         c->loc);
}

static void scan_globals(State *st, const Stmt *s);

/* f ends the program (NR's nrerror: messages, then exit(1)): what it does
 * is never run again (see rerun_unsafe). */
static bool ends_program(const Fn *f) {
  const Stmt *b = f->body;
  const Stmt *last = b && b->kind == ST_BLOCK && b->nbody ? b->body[b->nbody - 1] : NULL;
  const Expr *c = last && last->kind == ST_EXPR ? last->expr : NULL;
  return c && c->kind == EX_CALL && c->text && !c->fn &&
         (str_eq(c->text, "exit") || str_eq(c->text, "abort") || str_eq(c->text, "_Exit"));
}

/* Globals a callee (and what it calls) assigns. */
static void scan_callee(State *st, Fn *f) {
  if (!f || !f->body || ptrmap_get(&st->callee_seen, f) || ends_program(f)) return;
  ptrmap_put(&st->callee_seen, f, (void *)1);
  scan_globals(st, f->body);
}

static void scan_globals_expr(State *st, const Expr *e) {
  if (!e) return;
  if (e->kind == EX_CALL) {
    note_rerun(st, e);  /* (a callee's mallocs and frees: adj_heap_unbalanced) */
    scan_callee(st, e->fn);
  }
  scan_globals_expr(st, e->lhs);
  scan_globals_expr(st, e->rhs);
  scan_globals_expr(st, e->cond);
  for (int i = 0; i < e->nargs; i++) scan_globals_expr(st, e->args[i]);
}

static void scan_globals(State *st, const Stmt *s) {
  if (!s) return;
  if (s->kind == ST_ASSIGN) {
    Var *x = adj_root_var(s->lhs);
    if (x && x->kind == VAR_GLOBAL) add_var(st, x);
  }
  scan_globals_expr(st, s->lhs);
  scan_globals_expr(st, s->rhs);
  scan_globals_expr(st, s->expr);
  scan_globals_expr(st, s->cond);
  scan_globals(st, s->then);
  scan_globals(st, s->els);
  scan_globals(st, s->init);
  scan_globals(st, s->step);
  for (int i = 0; i < s->nbody; i++) scan_globals(st, s->body[i]);
}

/* Memory a callee writes through pointers stored in memory (Vec *v with
 * v->data, double **rows, a struct by value with pointer fields): the
 * classes 1, 2, ... levels below base (what the argument points to, or
 * what a struct's pointers reach), bit d-1 of bits for level d, each then
 * covered by a pointer of known extent that points there (cover). */
static void note_deep(State *st, const void *base, unsigned bits, SrcLoc loc) {
  PtrVec cls = {0};
  for (int d = 0; bits >> d; d++) {
    if (!((bits >> d) & 1)) continue;
    act_classes_at(base, d + 1, &cls);
    if (!cls.len) add_class(st, NULL, loc);
    for (int i = 0; i < cls.len; i++) add_class(st, cls.data[i], loc);
  }
  free(cls.data);
}

static void note_call(State *st, Expr *c) {
  if (!c->text || c->rt || rule_find(c->text)) return;
  note_rerun(st, c);  /* first: the reason that matters most */
  if (act_is_memory_fn(c->text)) {
    if (!strcmp(c->text, "memcpy") || !strcmp(c->text, "memmove") || !strcmp(c->text, "memset")) {
      if (c->nargs > 0) note_target(st, c->args[0]);
    }  /* malloc and free: adj_heap_unbalanced */
    return;
  }
  Variant *cv = act_callee(st->a->v, c);
  scan_callee(st, c->fn);
  for (int j = 0; j < c->nargs; j++) {
    const Type *pt = c->fn && j < c->fn->nparams ? c->fn->params[j]->type : c->args[j]->type;
    /* MPI_Request *rq: MPI writes the handles, never what they point to */
    bool handles = ty_is_ptr(pt) && pt->base->name && str_starts(pt->base->name, "MPI_") && mpi_declared(st->a->m, c);
    bool deep = cv && cv->writes && j < cv->fn->nparams ? (cv->writes[j] >> 1) != 0
                : !handles && ty_holds_ptr(pt->base ? pt->base : pt);
    bool known = cv && cv->writes && j < cv->fn->nparams;
    if (!ty_is_ptr(pt)) {
      if (ty_holds_ptr(pt) && !known)
        fail(st, "a function it calls writes memory reached through a structure's pointers", c->loc);
      else if (ty_holds_ptr(pt) && cv->writes[j])
        note_deep(st, act_loc_id(st->a->v, c->args[j]), cv->writes[j], c->loc);
      continue;
    }
    if (pt->base->is_const && !ty_holds_ptr(pt->base)) continue;
    if (pt->base->kind == TY_FUNC || mpi_handle_arg(st->a->m, c, j)) continue;
    if (ex_strip_implicit(c->args[j])->kind == EX_STR) continue;  /* printf's format: never written */
    const Expr *p0 = ex_strip_implicit(c->args[j]);
    while (p0->kind == EX_CAST) p0 = ex_strip_implicit(p0->lhs);
    if (p0->kind == EX_NUM) continue;  /* NULL, MPI_STATUSES_IGNORE: no memory */
    if (deep && !known) {
      fail(st, "a function it calls writes memory reached through pointers stored in memory", c->loc);
      continue;
    }
    if (deep) note_deep(st, act_pts_id(st->a->v, c->args[j]), cv->writes[j] >> 1, c->loc);
    if (!cv || !cv->writes || (cv->writes[j] & 1)) note_target(st, c->args[j]);
  }
}

static void scan_expr_addr(State *st, const Expr *e) {
  if (!e) return;
  if (e->kind == EX_ADDR) {
    Var *x = adj_root_var(e->lhs);
    if (x) add_var(st, x);  /* a pointer to it may be written through later */
  }
  scan_expr_addr(st, e->lhs);
  scan_expr_addr(st, e->rhs);
  scan_expr_addr(st, e->cond);
  for (int i = 0; i < e->nargs; i++) scan_expr_addr(st, e->args[i]);
}

static void scan(State *st, Stmt *s) {
  if (!s) return;
  switch (s->kind) {
  case ST_DECL:
    if (!ptrmap_get(&st->a->hoisted, s->var))
      ptrmap_put(&st->inner, s->var, (void *)1);
    else if (s->expr)
      add_var(st, s->var);
    if (s->expr && s->expr->kind == EX_CALL) note_call(st, s->expr);
    break;
  case ST_ASSIGN:
    note_lvalue(st, s->lhs);
    if (s->rhs->kind == EX_CALL) note_call(st, s->rhs);
    break;
  case ST_EXPR:
    if (s->expr->kind == EX_CALL) note_call(st, s->expr);
    break;
  case ST_RETURN: fail(st, "it returns from inside the loop", s->loc); break;
  default: break;
  }
  scan_expr_addr(st, s->lhs);
  scan_expr_addr(st, s->rhs);
  scan_expr_addr(st, s->expr);
  scan_expr_addr(st, s->cond);
  scan_globals_expr(st, s->lhs);
  scan_globals_expr(st, s->rhs);
  scan_globals_expr(st, s->expr);
  scan_globals_expr(st, s->cond);
  scan(st, s->then);
  scan(st, s->els);
  scan(st, s->init);
  scan(st, s->step);
  for (int i = 0; i < s->nbody; i++) scan(st, s->body[i]);
}

/* Variables declared anywhere in s, in order. */
static void decls(const Stmt *s, PtrVec *out) {
  if (!s) return;
  if (s->kind == ST_DECL) vec_push(out, s->var);
  decls(s->then, out);
  decls(s->els, out);
  decls(s->init, out);
  decls(s->step, out);
  for (int i = 0; i < s->nbody; i++) decls(s->body[i], out);
}

/* The pointer fields below struct lvalue base (of type t: its fields,
 * the fields of its struct fields, ...) that point to class cls, as
 * (field, bytes) pairs into found; false where one has no known extent. */
static bool field_paths(State *st, const Stmt *loop, Expr *base, const Type *t, const void *cls, PtrVec *found,
                        int depth) {
  Adj *a = st->a;
  if (!t->rec || t->rec->is_union || depth > 8) return true;
  for (int i = 0; i < t->rec->nfields; i++) {
    Field *f = &t->rec->fields[i];
    const Type *ft = f->type;
    if (!f->name || !*f->name || f->is_bitfield) continue;
    Expr *m = ex_new(EX_MEMBER, f->type, base->loc);
    m->lhs = cl(base);
    m->text = f->name;
    if (ft->kind == TY_RECORD) {
      if (!field_paths(st, loop, m, ft, cls, found, depth + 1)) return false;
      continue;
    }
    if (!ty_is_ptr(ft) || ft->base->is_const || ft->base->kind == TY_VOID || ft->base->kind == TY_FUNC) continue;
    if (act_loc_id(a->v, ex_deref(m)) != cls) continue;
    Expr *bytes = adj_field_extent(a, loop, m);
    if (!bytes) return false;  /* every field into cls, or none */
    vec_push(found, m);
    vec_push(found, bytes);
  }
  return true;
}

/* The pointer fields of local struct x (at any depth: kf.x.d) that point
 * to class cls, malloc'd in this function or by an init helper
 * (adj_field_extent), as regions; only when the loop writes none of x's
 * own storage (which could store another pointer there). */
static bool field_region(State *st, const Stmt *loop, Var *x, const void *cls, PtrVec *regions) {
  Adj *a = st->a;
  const Type *t = x->type;
  if (!t->rec || t->rec->is_union) return false;
  for (int c = 0; c < st->classes.len; c++)
    if (adj_holds_class(a, x, st->classes.data[c])) return false;
  if (adj_loop_writes_struct(a, loop, x)) return false;
  PtrVec found = {0};
  bool ok = field_paths(st, loop, ex_var(x), t, cls, &found, 0);
  for (int i = 0; ok && i < found.len; i++) vec_push(regions, found.data[i]);
  free(found.data);
  return ok && found.len > 0;
}

/* Regions covering each written class: pairs (pointer, bytes) into regions,
 * arrays into st->vars. */
static void cover(State *st, const Stmt *loop, PtrVec *regions, SrcLoc loc) {
  Adj *a = st->a;
  PtrVec all = {0};
  for (int j = 0; j < a->primal->nparams; j++) vec_push(&all, a->primal->params[j]);
  decls(a->body, &all);
  for (int c = 0; c < st->classes.len && !st->why; c++) {
    const void *cls = st->classes.data[c];
    if (!ptrmap_get(&st->kept, cls)) continue;  /* only the iteration's own blocks */
    bool covered = false;
    const char *via = NULL;  /* a pointer to it, for the message */
    for (int i = 0; i < all.len; i++) {
      Var *x = all.data[i];
      if (ptrmap_get(&st->inner, x)) continue;
      if (x->type->kind == TY_ARRAY || x->type->kind == TY_RECORD) {
        if (adj_holds_class(a, x, cls)) {  /* saved whole */
          add_var(st, x);
          covered = true;
        } else if (!covered && x->kind == VAR_LOCAL && x->type->kind == TY_RECORD) {
          covered = field_region(st, loop, x, cls, regions);
        }
        continue;
      }
      if (!ty_is_ptr(x->type) || x->type->base->kind == TY_VOID || x->type->base->kind == TY_FUNC) continue;
      if (x->type->base->is_const) continue;  /* not written through it (its class merely meets a written one) */
      if (ptrmap_get(&st->fresh, x)) continue;  /* stale where the state is saved */
      if (act_loc_id(a->v, ex_deref(ex_var(x))) != cls) continue;
      if (!via) via = x->name;
      Expr *bytes = adj_extent_of(a, x);
      if (!bytes && x->kind == VAR_PARAM) bytes = adj_written_span(a, loop, x, cls);
      Expr **at = bytes ? NULL : ptrmap_get(&a->at_extent, x);  /* (dvector's block: from x - off) */
      if (at && adj_fixed_size(at[0], a->body) && adj_fixed_size(at[1], a->body)) {
        vec_push(regions, ex_bin(OP_SUB, ex_var(x), cl(at[0])));
        vec_push(regions, cl(at[1]));
        covered = true;
      } else if (bytes) {
        vec_push(regions, ex_var(x));
        vec_push(regions, bytes);
        covered = true;
      } else if (x->kind == VAR_PARAM) {
        fail(st, a->v->is_public
                     ? xfmt("cc-ad cannot tell the size of the memory it writes through '%s': give it in the request, "
                            "wrt(%s[N]), out(%s[N]) or scratch(%s[N])", x->name, x->name, x->name, x->name)
                     : xfmt("cc-ad cannot tell the size of the memory it writes through '%s' (a function it calls "
                            "writes there, or not only %s[i] in a loop for (i = 0; i < n; i++)); checkpoint the loop "
                            "where that memory is allocated", x->name, x->name), loc);
      }
    }
    if (!covered)
      fail(st, xfmt("cc-ad cannot tell the size of the memory it writes through %s%s%s (malloc it in this "
                    "function, or pass it as a parameter sized in the request)",
                    via ? "'" : "a pointer", via ? via : "", via ? "'" : ""), loc);
  }
}

/* The shadow pointers of lvalue lv of type t, as (address, bytes) pairs
 * into out: a pointer's shadow, an array of pointers' shadow array whole,
 * the fields of a struct and the elements of a constant array of structs
 * one by one. Only addresses: a struct's floating fields in its shadow are
 * adjoints, never saved. False where a part carries derivatives cc-ad
 * does not reach (a union, a long or run-time array of structs). */
static bool shadow_parts(Adj *a, Expr *lv, const Type *t, PtrVec *out, int depth) {
  if (!ty_holds_ptr(t) || depth > 8) return !ty_holds_ptr(t);
  if (ty_is_ptr(t)) {
    if (adj_shadowed_ptr(a, lv)) {
      Expr *sh = adj_ptr_shadow(a, lv);
      vec_push(out, ex_addr(sh));
      vec_push(out, d_sizeof_expr(cl(sh)));
    }
    return true;
  }
  if (t->kind == TY_ARRAY) {
    const Type *et = t;
    Expr *first = cl(lv);
    while (et->kind == TY_ARRAY) {
      et = et->base;
      first = ex_index(first, ex_int(0));
    }
    if (ty_is_ptr(et)) {  /* all addresses: the shadow array whole */
      if (adj_shadowed_ptr(a, first)) {
        Expr *sh = adj_bar(a, lv);
        vec_push(out, ex_addr(sh));
        vec_push(out, d_sizeof_expr(cl(sh)));
      }
      return true;
    }
    if (t->vla || t->len < 0 || t->len > 64 || t->base->kind == TY_ARRAY) {
      PtrVec probe = {0};
      bool ok = shadow_parts(a, first, et, &probe, depth + 1) && !probe.len;
      free(probe.data);
      return ok;
    }
    for (long k = 0; k < t->len; k++)
      if (!shadow_parts(a, ex_index(cl(lv), ex_int(k)), t->base, out, depth + 1)) return false;
    return true;
  }
  if (t->kind != TY_RECORD || !t->rec) return false;
  for (int i = 0; i < t->rec->nfields; i++) {
    Field *f = &t->rec->fields[i];
    if (!ty_holds_ptr(f->type)) continue;
    if (t->rec->is_union || !f->name || !*f->name) return false;
    Expr *m = ex_new(EX_MEMBER, f->type, lv->loc);
    m->lhs = cl(lv);
    m->text = f->name;
    if (!shadow_parts(a, m, f->type, out, depth + 1)) return false;
  }
  return true;
}

/* The pointer variable of a region (NULL: a struct's pointer field) */
static Var *region_var(const Expr *pe) { return pe->kind == EX_VAR ? pe->var : NULL; }

/* The pointer a region starts from (p, or p of p - off) */
static const Expr *region_ptr(const Expr *pe) { return pe->kind == EX_BIN && ty_is_ptr(pe->lhs->type) ? pe->lhs : pe; }

/* The shadow pointers of the state, as (address, bytes) pairs: a pointer
 * variable the loop writes carries its shadow along (cur = nxt; cur_bar =
 * nxt_bar), and a load that puts the primal back must put the shadow back
 * with it, or the adjoints land in the other buffer. So: each saved
 * variable's shadow pointers (shadow_parts), and the shadow of a region of
 * pointers the function allocated. */
static void shadow_state(State *st, PtrVec *regions, PtrVec *out, SrcLoc loc) {
  Adj *a = st->a;
  for (int i = 0; i < st->vars.len; i++) {
    Var *x = st->vars.data[i];
    if (ty_holds_ptr(x->type) && !shadow_parts(a, ex_var(x), x->type, out, 0) && ptrmap_get(&a->bar, x)) {
      fail(st, xfmt("it writes pointers with shadows in '%s' (a union, or a long array of structures), which cc-ad "
                    "does not save in a checkpoint", x->name), loc);
      return;
    }
  }
  for (int i = 0; i < regions->len; i += 2) {
    Expr *pe = regions->data[i];
    Type *et = pe->type->base;
    if (!et || !ty_holds_ptr(et)) continue;
    PtrVec sh = {0};
    bool ok = shadow_parts(a, ex_deref(cl(pe)), et, &sh, 0);
    free(sh.data);
    if (ok && !sh.len) continue;  /* no shadows there */
    Var *p = region_var(pe);
    if (!ty_is_ptr(et) || !p || p->kind != VAR_LOCAL || !adj_ptr_has_shadow(a, ex_var(p))) {
      fail(st, xfmt("it writes pointers with shadows stored in the memory '%s' points to, which cc-ad does not save "
                    "in a checkpoint", p ? p->name : "a structure's field"), loc);
      return;
    }
    vec_push(out, adj_ptr_shadow(a, ex_var(p)));
    vec_push(out, cl(regions->data[i + 1]));
  }
}

static Stmt *piece(RtOp op, Var *ck, Expr *addr, Expr *bytes, SrcLoc loc) {
  Expr *args[3] = {ex_var(ck), addr, bytes};
  return st_expr(ex_rt(op, args, 3), loc);
}

/* Save (op CKPT_SAVE) or load the state, piece by piece: variables,
 * regions, then the shadow pointers (shadow_state). */
static Stmt *state_code(State *st, PtrVec *regions, PtrVec *shadows, RtOp op, Var *ck, SrcLoc loc) {
  Stmt *b = st_block(loc);
  for (int i = 0; i < st->vars.len; i++) {
    Var *x = st->vars.data[i];
    Expr *addr = x->type->kind == TY_ARRAY ? ex_var(x) : ex_addr(ex_var(x));
    st_append(b, piece(op, ck, addr, d_sizeof_expr(ex_var(x)), loc));
  }
  for (int i = 0; i < regions->len; i += 2) {
    /* (a pointer that trades buffers may not hold one yet: t of t = a;
     * a = b; b = t starts null; the pointers are loaded first) */
    Expr *pe = regions->data[i];
    Var *p = region_var(pe);
    Stmt *one = piece(op, ck, cl(pe), cl(regions->data[i + 1]), loc);
    if (!p || p->kind == VAR_LOCAL) {
      Stmt *guard = st_new(ST_IF, loc);
      guard->cond = cl(region_ptr(pe));
      guard->then = one;
      one = guard;
    }
    st_append(b, one);
  }
  for (int i = 0; i < shadows->len; i += 2)
    st_append(b, piece(op, ck, cl(shadows->data[i]), cl(shadows->data[i + 1]), loc));
  return b;
}

static void append_all(Stmt *to, const Stmt *from) {
  for (int i = 0; from && i < from->nbody; i++) st_append(to, ir_clone_stmt(from->body[i], NULL));
}

static Stmt *when(Var *act, int value, Stmt *then, Stmt *els, SrcLoc loc) {
  Stmt *i = st_new(ST_IF, loc);
  i->cond = ex_bin(OP_EQ, ex_var(act), ex_int(value));
  i->then = then;
  i->els = els;
  return i;
}

/* The loads overwrite the caller's memory (parameters, globals) with
 * earlier states: the requested function logs its values first (redo log),
 * so that it still ends as the primal left it (adjoint.c applies the log). */
static void log_caller_memory(Adj *a, State *st, PtrVec *regions, Stmt *bwd, SrcLoc loc) {
  if (a->split) {  /* a callee: what its caller asks to be logged (the redo mask) */
    for (int i = 0; i < regions->len; i += 2) {
      Var *p = region_var(regions->data[i]);
      if (p && p->kind == VAR_PARAM) adj_log_redo(a, ex_var(p), cl(regions->data[i + 1]), ex_deref(ex_var(p)), bwd, loc);
    }
    return;
  }
  for (int i = 0; i < st->vars.len; i++) {
    Var *x = st->vars.data[i];
    if (x->kind != VAR_GLOBAL) continue;
    Expr *addr = x->type->kind == TY_ARRAY ? ex_var(x) : ex_addr(ex_var(x));
    st_append(bwd, st_expr(ex_rt2(RT_REDO_PUSH, addr, d_sizeof_expr(ex_var(x))), loc));
    a->redo_used = true;
  }
  for (int i = 0; i < regions->len; i += 2) {
    Var *p = region_var(regions->data[i]);
    if (!p || p->kind != VAR_PARAM) continue;
    st_append(bwd, st_expr(ex_rt2(RT_REDO_PUSH, ex_var(p), cl(regions->data[i + 1])), loc));
    a->redo_used = true;
  }
}

/* while (1) { act = ccad_ckpt_next(ck); chain } */
static Stmt *drive(Var *ck, Var *act, Stmt *chain, SrcLoc loc) {
  Stmt *d = st_new(ST_WHILE, loc);
  d->cond = ex_int(1);
  d->then = st_block(loc);
  st_append(d->then, st_assign(ex_var(act), ex_rt1(RT_CKPT_NEXT, ex_var(ck)), loc));
  st_append(d->then, chain);
  return d;
}

/* The loop's state, its regions and their shadows; st->why says why they
 * cannot be saved. Analysis only: run again, it finds the same. */
static void ckpt_state(State *st, Stmt *s, PtrVec *regions, PtrVec *shadows) {
  SrcLoc loc = s->loc;
  find_fresh(st, s->then);
  scan(st, s->then);
  scan(st, s->step);
  /* a block allocated and freed in each iteration may be allocated again */
  const char *heap = adj_heap_unbalanced(s->then, s->step, s->ckpt_call);
  if (heap) fail(st, heap, loc);
  if (!st->why) cover(st, s, regions, loc);
  if (!st->why) shadow_state(st, regions, shadows, loc);
}

bool adj_ckpt_applies(Adj *a, Stmt *s) {
  State st = {.a = a, .call = s->ckpt_call};
  PtrVec regions = {0}, shadows = {0};
  ckpt_state(&st, s, &regions, &shadows);
  return !st.why;
}

bool adj_ckpt_loop(Adj *a, Stmt *s, Stmt *fb, Stmt *bb, Stmt *fs, Stmt *bs, Stmt *fwd, Stmt *bwd) {
  SrcLoc loc = s->loc;
  State st = {.a = a, .call = s->ckpt_call};
  PtrVec regions = {0};
  PtrVec shadows = {0};
  ckpt_state(&st, s, &regions, &shadows);
  if (st.why) {
    SrcLoc at = st.why_loc.file ? st.why_loc : loc;
    const char *key = xfmt("%s:%d:%d", at.file, at.line, at.col);
    if (a->phase == 2 && !a->trial && !nameset_has(&a->m->ckpt_told, key)) {  /* once, not per variant */
      nameset_add(&a->m->ckpt_told, key);
      diag_at(at, D_CHECKPOINT_TAPED, s->ckpt_call ? "call" : "loop", st.why);
    }
    return false;
  }
  Var *ck = adj_temp(a, "ck", ty_ptr(ty_void()), ex_int(0), a->top, loc);
  Var *act = adj_temp(a, "ck_do", ty_int(), ex_int(0), a->top, loc);
  ptrmap_put(&a->nolive, ck, (void *)1);
  ptrmap_put(&a->nolive, act, (void *)1);

  int k = s->checkpoint > 0 ? s->checkpoint : 0;
  Expr *trips = adj_counted_trips(s);
  if (trips) {
    /* forward: revolve's schedule up to its first turn, then the last iteration */
    Expr *args[2] = {ex_int(k), trips};
    st_append(fwd, st_assign(ex_var(ck), ex_rt(RT_CKPT_BEGIN_N, args, 2), loc));
    Stmt *adv = st_block(loc), *done = st_block(loc);
    append_all(adv, fb);
    append_all(adv, fs);
    st_append(done, st_new(ST_BREAK, loc));
    Stmt *chain = when(act, 2, state_code(&st, &regions, &shadows, RT_CKPT_SAVE, ck, loc), done, loc);
    st_append(fwd, drive(ck, act, when(act, 1, adv, chain, loc), loc));
  } else {
    /* forward: the loop runs once, its tape dropped iteration by iteration */
    st_append(fwd, st_assign(ex_var(ck), ex_rt1(RT_CKPT_BEGIN, ex_int(k)), loc));
    st_append(fwd, state_code(&st, &regions, &shadows, RT_CKPT_SAVE, ck, loc));
    Stmt *loop = st_new(s->kind, loc);
    loop->is_do = s->is_do;
    loop->cond = cl(s->cond);
    loop->then = st_block(loc);
    st_append(loop->then, st_expr(ex_rt1(RT_CKPT_ITER, ex_var(ck)), loc));
    append_all(loop->then, fb);
    loop->step = fs->nbody ? ir_clone_stmt(fs, NULL) : NULL;
    st_append(fwd, loop);
    st_append(fwd, st_expr(ex_rt1(RT_CKPT_END, ex_var(ck)), loc));
  }
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_P, ex_var(ck)), loc));

  /* backward: the driver's actions until DONE */
  st_append(bwd, st_assign(ex_var(ck), ex_rt0(RT_POP_P), loc));
  log_caller_memory(a, &st, &regions, bwd, loc);
  Stmt *adv = st_block(loc), *turn = st_block(loc), *done = st_block(loc);
  append_all(adv, fb);
  append_all(adv, fs);
  append_all(turn, fb);
  append_all(turn, fs);
  append_all(turn, bs);
  append_all(turn, bb);
  st_append(done, st_new(ST_BREAK, loc));
  Stmt *chain = when(act, 4, turn, done, loc);
  chain = when(act, 3, state_code(&st, &regions, &shadows, RT_CKPT_LOAD, ck, loc), chain, loc);
  chain = when(act, 2, state_code(&st, &regions, &shadows, RT_CKPT_SAVE, ck, loc), chain, loc);
  chain = when(act, 1, adv, chain, loc);
  st_append(bwd, drive(ck, act, chain, loc));
  return true;
}
