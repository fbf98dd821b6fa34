/*
 * activity.c — S1 -> S2: points-to classes and varied analysis (see
 * analysis.h for the model). Requires: lowered bodies. Mutates: nothing in
 * the IR; facts live in the Variant.
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/mpi.h"
#include "../ir/rules.h"
#include "activity_int.h"
#include "plan.h"

PtrVec *act_all_variants(Module *m) { return &m->variants; }

static long stamp;  /* solving's clock (Variant's *_at fields) */

long act_tick(void) { return ++stamp; }

/* ---- Locations ------------------------------------------------------- */

Node *act_var_node(Variant *v, Var *x) {
  if (x->kind == VAR_GLOBAL) {
    if (x->id >= v->nglobals) {
      int n = x->id + 16;
      v->gnodes = xrealloc(v->gnodes, sizeof(Node *) * (size_t)n);
      for (int i = v->nglobals; i < n; i++) {
        v->gnodes[i] = pt_new();
        pt_untyped(v->gnodes[i]);  /* set where this function does not see */
      }
      v->nglobals = n;
    }
    return pt_find(v->gnodes[x->id]);
  }
  if (x->id >= v->nnodes || !v->nodes[x->id]) return pt_new();  /* a transform's temporary: not analysed */
  return pt_find(v->nodes[x->id]);
}

static bool is_arrayish(const Type *t) { return t && t->kind == TY_ARRAY; }

static Node *loc_of(Variant *v, Expr *e);

/* The memory e points to when nothing is known of it. A node made anew
 * on each visit would be marked anew on each pass, and analyze() would
 * never reach its fixed point. */
static Node *fresh_of(Variant *v, Expr *e) {
  Node *n = ptrmap_get(&v->fresh, e);
  if (!n) {
    n = pt_new();
    pt_untyped(n);  /* whatever made it may have made its pointers overlap */
    ptrmap_put(&v->fresh, e, n);
  }
  return pt_find(n);
}

/* An integer constant made a pointer: NULL, or an address no C object has. */
static bool is_null_constant(const Expr *e) {
  while (e->kind == EX_CAST) e = e->lhs;
  return e->kind == EX_NUM;
}

/* The struct member e names, as a key of field pointees (false: a union's
 * member, or one not found: untyped). */
static bool member_key(const Expr *e, const Record **rec, int *field) {
  const Type *t = e->lhs->type;
  if (e->is_arrow) t = t && (t->kind == TY_PTR || t->kind == TY_ARRAY) ? t->base : NULL;
  if (!t || t->kind != TY_RECORD || !t->rec || t->rec->is_union || !e->text) return false;
  for (int i = 0; i < t->rec->nfields; i++)
    if (str_eq(t->rec->fields[i].name, e->text)) {
      *rec = t->rec;
      *field = i;
      return true;
    }
  return false;
}

/* The array or pointer operand of an index expression. */
static Expr *index_base(Expr *e) {
  return (ty_is_ptr(e->lhs->type) || is_arrayish(e->lhs->type)) ? e->lhs : e->rhs;
}

/* The class the pointers stored at lvalue lv point into: its field's
 * pointee for a member (L->w, s.p[i] of an array member), else the one
 * pointee of its storage (collapsing a struct's: *(&L->w), pp[i]). */
static Node *slot_pts(Variant *v, Expr *lv) {
  Node *l = loc_of(v, lv);
  if (!l) return NULL;
  Expr *e = lv;
  while (e->kind == EX_INDEX && is_arrayish(index_base(e)->type) && ex_is_lvalue(index_base(e))) e = index_base(e);
  const Record *rec;
  int field;
  if (e->kind == EX_MEMBER && member_key(e, &rec, &field)) return pt_field(l, rec, field);
  return pt_pointee(l);
}

/* A pointer cast to another pointee type ((char *)s, (Other *)p, memcpy's
 * void *): its memory is read or written untyped from now on. */
static void note_cast(Node *n, const Expr *e) {
  const Type *from = ty_elem(e->lhs->type), *to = e->type->base;
  if (n && !ty_same(from, to)) pt_collapse(n);
}

/* The node a pointer-valued expression points into (NULL: nowhere known). */
static Node *pts_of(Variant *v, Expr *e) {
  if (!e) return NULL;
  if (is_arrayish(e->type)) return loc_of(v, e);
  switch (e->kind) {
  case EX_VAR: return pt_pointee(act_var_node(v, e->var));
  case EX_CAST:
    if (is_arrayish(e->lhs->type) || ty_is_ptr(e->lhs->type)) {
      Node *n = pts_of(v, e->lhs);
      if (ty_is_ptr(e->type)) note_cast(n, e);
      return n;
    }
    return is_null_constant(e->lhs) ? NULL : fresh_of(v, e);
  case EX_BIN:
    if (ty_is_ptr(e->lhs->type) || is_arrayish(e->lhs->type)) return pts_of(v, e->lhs);
    if (ty_is_ptr(e->rhs->type) || is_arrayish(e->rhs->type)) return pts_of(v, e->rhs);
    return fresh_of(v, e);
  case EX_ADDR: return loc_of(v, e->lhs);
  case EX_COND: {
    Node *a = pts_of(v, e->lhs), *b = pts_of(v, e->rhs);
    if (!a) return b;
    if (!b) return a;
    pt_join(a, b);
    return pt_find(a);
  }
  case EX_INDEX:
  case EX_MEMBER:
  case EX_DEREF: return slot_pts(v, e);
  case EX_NUM: return NULL;
  case EX_CALL:  /* a thread's copy of an adjoint array is the array, for the classes */
    if (e->rt && rt_info[e->rt].kind == RK_OMP_PART && e->nargs) return pts_of(v, e->args[0]);
    return fresh_of(v, e);
  default: return fresh_of(v, e);
  }
}

/* The storage node of an lvalue. */
static Node *loc_of(Variant *v, Expr *e) {
  switch (e->kind) {
  case EX_VAR: return act_var_node(v, e->var);
  case EX_INDEX: {
    Expr *b = index_base(e);
    return is_arrayish(b->type) && ex_is_lvalue(b) ? loc_of(v, b) : pts_of(v, b);
  }
  case EX_DEREF: return pts_of(v, e->lhs);
  case EX_MEMBER: {
    Node *n = e->is_arrow ? pts_of(v, e->lhs) : loc_of(v, e->lhs);
    const Type *t = e->is_arrow ? ty_elem(e->lhs->type) : e->lhs->type;
    if (n && t && t->kind == TY_RECORD && t->rec && t->rec->is_union) pt_collapse(n);  /* members overlap */
    return n;
  }
  case EX_CAST: return e->is_implicit ? loc_of(v, e->lhs) : NULL;
  default: return NULL;
  }
}

bool act_has_pointers(const Type *t) {
  if (!t) return false;
  switch (t->kind) {
  case TY_PTR: return t->base->kind != TY_FUNC;
  case TY_ARRAY: return act_has_pointers(t->base);
  case TY_RECORD:
    for (int i = 0; t->rec && i < t->rec->nfields; i++)
      if (act_has_pointers(t->rec->fields[i].type)) return true;
    return false;
  default: return false;
  }
}

/* Where the summaries of parameter j of a callee start, for argument a:
 * what a pointer points to; a struct by value's own storage (its levels
 * from 1: the struct is the callee's copy). */
Node *act_arg_origin(Variant *v, Expr *a, const Type *pt) {
  if (ty_is_ptr(pt) || is_arrayish(pt)) return is_null_constant(a) ? NULL : pts_of(v, a);
  return act_has_pointers(pt) && ex_is_lvalue(a) ? loc_of(v, a) : NULL;
}

Node *act_param_origin(Variant *v, int j) {
  Var *p = v->fn->params[j];
  if (ty_is_ptr(p->type)) return p->type->base->kind == TY_FUNC ? NULL : pt_pointee(act_var_node(v, p));
  return act_has_pointers(p->type) ? act_var_node(v, p) : NULL;
}

/* ---- Expression queries ---------------------------------------------- */

static bool varied(Variant *v, Expr *e) {
  if (!e || !ty_has_float(e->type)) return false;
  switch (e->kind) {
  case EX_NUM:
  case EX_STR:
  case EX_SIZEOF: return false;
  case EX_VAR:
  case EX_INDEX:
  case EX_MEMBER:
  case EX_DEREF: {
    Node *n = loc_of(v, e);
    return n && pt_find(n)->varied;
  }
  case EX_CALL: {
    if (!rule_find(e->text)) return false;
    for (int i = 0; i < e->nargs; i++)
      if (varied(v, e->args[i])) return true;
    return false;
  }
  case EX_INIT:
    for (int i = 0; i < e->nargs; i++)
      if (varied(v, e->args[i])) return true;
    return false;
  case EX_COND: return varied(v, e->lhs) || varied(v, e->rhs);
  default: return varied(v, e->lhs) || varied(v, e->rhs);
  }
}

/* Reads of floating storage inside e (for the default wrt list). */
static Walk note_read(Expr *e, void *v) {
  if (ex_is_lvalue(e) && (ty_has_float(e->type))) {
    Node *n = loc_of(v, e);
    if (n) pt_find(n)->read = true;
  }
  return e->kind == EX_SIZEOF ? WALK_SKIP : WALK_ON;
}

static void note_reads(Variant *v, Expr *e) { ex_each(e, note_read, v); }

/* ---- Unions stored into and never read back as floating -----------------
 * b.d = x; return (b.u >> 52) & 0x7ff: frexp by hand. Only the integer
 * member is read, so what the store carries goes nowhere: it varies
 * nothing (and the union needs no shadow). A union read as floating
 * anywhere in the function, or used whole (copied, passed, its address
 * taken), is read. */

static const Record *union_of(const Expr *m) {
  if (m->kind != EX_MEMBER) return NULL;
  const Type *agg = m->is_arrow ? m->lhs->type->base : m->lhs->type;
  return agg && agg->kind == TY_RECORD && agg->rec && agg->rec->is_union ? agg->rec : NULL;
}

static void union_reads_e(const Expr *e, PtrMap *read, bool base) {
  if (!e || e->kind == EX_SIZEOF) return;
  const Type *t = e->type;
  if (!base && t && t->kind == TY_RECORD && t->rec && t->rec->is_union) ptrmap_put(read, t->rec, (void *)1);
  const Record *u = union_of(e);
  if (u && ty_has_float(e->type)) ptrmap_put(read, u, (void *)1);
  union_reads_e(e->lhs, read, e->kind == EX_MEMBER && !e->is_arrow);
  union_reads_e(e->rhs, read, false);
  union_reads_e(e->cond, read, false);
  for (int i = 0; i < e->nargs; i++) union_reads_e(e->args[i], read, false);
}

static Walk union_reads_s(Stmt *s, void *read) {
  const Expr *l = s->kind == ST_ASSIGN ? s->lhs : NULL;
  if (l && union_of(l) && ty_is_float(l->type)) union_reads_e(l->lhs, read, !l->is_arrow);  /* b.d = ..: a store */
  else union_reads_e(s->lhs, read, false);
  union_reads_e(s->rhs, read, false);
  union_reads_e(s->expr, read, false);
  union_reads_e(s->cond, read, false);
  return WALK_ON;
}

/* lhs, a floating member of a union the function never reads as floating */
static bool dead_union_store(Variant *v, const Expr *lhs) {
  const Record *u = union_of(lhs);
  if (!u || !ty_is_float(lhs->type)) return false;
  PtrMap *read = ptrmap_get(&v->module->union_reads, v->fn);
  if (!read) {
    read = xmalloc(sizeof *read);
    memset(read, 0, sizeof *read);
    st_each(v->fn->body, union_reads_s, read);
    ptrmap_put(&v->module->union_reads, v->fn, read);
  }
  return !ptrmap_get(read, u);
}

/* ---- Variants --------------------------------------------------------- */

Variant *act_variant_new(Module *m, Fn *f, int mode) {
  Variant *v = xmalloc(sizeof *v);
  v->fn = f;
  v->module = m;
  v->mode = mode;
  v->shadow = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  v->out = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  v->out_depth = xmalloc((size_t)(f->nparams + 1));
  v->writes = xmalloc((size_t)(f->nparams + 1));
  v->zero_out = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  vec_push(&m->variants, v);
  return v;
}

/* Pointer arguments of a call that may reach the same memory and carry
 * derivatives (the adjoint adds into both, read-only or not): the callee's variant
 * must not assume its parameters apart (the no-overlap rule binds the
 * user's calls of a requested function; calls inside the file cc-ad sees,
 * g(t, t)). Per parameter, the first parameter whose argument shares its
 * class, or -1; NULL when none do. */
static int *call_aliasing(Variant *v, Expr *c, Fn *g) {
  int *alias = NULL;
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    if (!ty_is_ptr(g->params[j]->type) || !ty_reaches_float(g->params[j]->type)) continue;
    Node *nj = pts_of(v, c->args[j]);
    if (!nj || !pt_reach_varied(nj)) continue;
    for (int k = 0; k < j; k++) {
      if (!ty_is_ptr(g->params[k]->type) || !ty_reaches_float(g->params[k]->type)) continue;
      /* (read-only ones too: their adjoints are both added into) */
      Node *nk = pts_of(v, c->args[k]);
      if (!nk || pt_find(nk) != pt_find(nj) || !pt_reach_varied(nk)) continue;
      if (!alias) {
        alias = xmalloc(sizeof(int) * (size_t)(g->nparams + 1));
        for (int i = 0; i < g->nparams; i++) alias[i] = -1;
      }
      alias[j] = alias[k] >= 0 ? alias[k] : k;
      break;
    }
  }
  return alias;
}

bool act_custom_shadow(const Var *p) {
  return ty_is_float(p->type) || (p->type->kind == TY_RECORD && ty_has_float(p->type)) || ty_points_to_float(p->type);
}

bool act_is_memory_fn(const char *name) {
  static const char *names[] = {"malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset", NULL};
  for (int i = 0; names[i]; i++)
    if (str_eq(name, names[i])) return true;
  return false;
}

static bool is_differentiable_call(Expr *c) { return c->kind == EX_CALL && c->fn && c->fn->is_lowered && !c->fn->is_inactive; }

/* Effects of one call on the caller's facts. */
/* The function of a call, also when it only has a prototype. */
static Fn *callee_of(Variant *v, Expr *c) {
  if (c->fn) return c->fn;
  return c->text ? mod_find_fn(v->module, c->text) : NULL;
}

/* A call with a hand-written derivative is a black box: if any argument
 * carries derivatives, so do its result and everything it may write. */
static bool custom_effects(Variant *v, Expr *c, Expr *lhs) {
  Fn *g = callee_of(v, c);
  if (!g || !(v->mode == 1 ? g->custom_jvp : g->custom_vjp)) return false;
  bool any = false;
  for (int j = 0; j < c->nargs; j++) {
    Expr *a = c->args[j];
    any |= varied(v, a);
    if (ty_is_ptr(a->type)) {
      Node *n = pts_of(v, a);
      any |= n && pt_find(n)->varied;
    }
  }
  if (!any) return true;
  if (lhs) pt_mark(loc_of(v, lhs));
  for (int j = 0; j < c->nargs; j++)
    if (ty_is_ptr(c->args[j]->type) && !c->args[j]->type->base->is_const) pt_mark(pts_of(v, c->args[j]));
  return true;
}

/* A call whose body is not analysed may store through any pointer to
 * non-const it is given; memset and memcpy store into their first. */
static void unknown_writes(Variant *v, Expr *c) {
  bool memfn = c->text && act_is_memory_fn(c->text);
  /* what it reads is not known: memory that escapes (memset and free
   * read no floating values: zeroing a write-only cache keeps it one) */
  bool reads = !memfn || !(str_eq(c->text, "memset") || str_eq(c->text, "free"));
  for (int j = 0; j < c->nargs && reads; j++) {
    Node *n = ty_is_ptr(c->args[j]->type) ? pts_of(v, c->args[j]) : NULL;
    if (n) pt_find(n)->escapes = true;
  }
  if (memfn && (str_eq(c->text, "malloc") || str_eq(c->text, "calloc") || str_eq(c->text, "free"))) return;
  for (int j = 0; j < c->nargs && !(memfn && j > 0); j++) {
    Expr *a = c->args[j];
    if (!ty_is_ptr(a->type) || a->type->base->is_const || a->type->base->kind == TY_FUNC) continue;
    if (mpi_handle_arg(v->module, c, j)) continue;  /* MPI_Comm comm: MPI's object, not the program's */
    Node *n = pts_of(v, a);
    if (n) pt_find(n)->written = true;
  }
}

/* A block of floating values on the typed tape (adjoint_bulk.c): reserved
 * in one sweep, released in the other. */
static bool is_tape_block(const Expr *e) {
  RtOp op = rt_of(e);
  return (rt_is(e, RK_RESERVE) || rt_is(e, RK_RELEASE)) && (rt_info[op].elem == RE_DOUBLE || rt_info[op].elem == RE_FLOAT);
}

/* An MPI call on float data moves derivatives between ranks: what it
 * writes carries them whatever this rank sends (the other end of a message
 * may be active), and what it sends is read. */
static void mpi_effects(Variant *v, Expr *c) {
  MpiSweep sweep = MPI_JVP;
  const MpiInfo *mi = mpi_wrapper_info(c, &sweep);  /* a sweep of a reverse-mode result */
  if (!mi) mi = mpi_info(v->module, c);
  if (!mi || !mi->stem || (sweep != MPI_BWD && !mpi_differentiated(mi, c))) return;
  for (int j = 0; j < c->nargs; j++) {
    char role = sweep == MPI_BWD ? 'b' : mi->args[j];  /* _bwd: adjoints, read and written */
    if (!role) break;
    if (!mpi_is_buffer(role)) continue;
    Node *n = pts_of(v, (Expr *)mpi_arg(c, j));
    if (!n) continue;
    pt_find(n)->read = true;
    if (mpi_is_written(role)) pt_mark(n);
  }
}

/* A pointer f_fwd pushes comes off the tape in f_bwd, which may store
 * derivatives through it (the adjoint of a matrix a callee allocated): a
 * tangent of f_fwd (hessian, hvp) needs the tangents of that memory too, as
 * a pop's (visit) gets them in f_bwd. */
static void pushed_pointer_effects(Variant *v, Expr *c) {
  RtOp op = rt_of(c);
  if (!rt_is(c, RK_PUSH) || rt_info[op].elem != RE_PTR || c->nargs < 1 || !v->fn->is_generated || v->fn->tape_dir != 1)
    return;
  Expr *p = c->args[0];
  while (p->kind == EX_CAST && ty_is_ptr(p->lhs->type)) p = p->lhs;  /* (void *)q_bar: q_bar's type */
  Node *n = ty_is_ptr(p->type) && p->type->base->kind != TY_FUNC ? pts_of(v, p) : NULL;
  if (n) pt_mark_levels(n, p->type->base);
}

/* A call of a function declared inactive (or any call in an inactive
 * variant) that may store through a pointer into memory carrying
 * derivatives: what it stores there is a constant, so the derivatives of
 * exactly the elements it stores must become zero. With its body, its
 * inactive variant does that; without, tr_check_external refuses it. */
static bool stores_into_varied(Variant *v, Expr *c) {
  for (int j = 0; j < c->fn->nparams && j < c->nargs; j++) {
    const Type *pt = c->fn->params[j]->type;
    if (ty_is_ptr(pt) && pt->base->kind != TY_FUNC && (!pt->base->is_const || act_has_pointers(pt->base)) &&
        pt_reach_varied(pts_of(v, c->args[j])))
      return true;
  }
  return false;
}

/* The classes below call c's arguments that are write-only memory here
 * (a caller's sink, write_only_params): the callee stores into them
 * without derivatives too, by path below its parameters. */
static void call_sinks(Variant *v, Expr *c, Fn *g, CallFacts *cf) {
  PathFact *all = NULL;
  int n = 0, cap = 0;
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    const Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt) || is_arrayish(pt) || act_has_pointers(pt))
      pt_collect(act_arg_origin(v, c->args[j], pt), j, 0, 0, &all, &n, &cap);
  }
  cf->nsinks = 0;
  for (int i = 0; i < n; i++)
    if (pt_find(all[i].node)->sink) {
      all[cf->nsinks] = all[i];
      all[cf->nsinks].flags = 0;
      all[cf->nsinks++].node = NULL;
    }
  pt_sort(all, &cf->nsinks);
  if (cf->nsinks) cf->sinks = all;
  else free(all);
}

static void call_effects(Variant *v, Expr *c, Expr *lhs) {
  if (c->text && !c->rt && (!c->fn || !c->fn->is_lowered)) {
    /* meta() calls loss_grad, declared in FILE.c and generated by an
     * earlier request: differentiated through its generated body */
    Fn *g = strmap_get(&v->module->generated_by_name, c->text);
    if (g && g->is_lowered && !(c->fn && (c->fn->is_inactive || c->fn->custom_jvp || c->fn->custom_vjp))) c->fn = g;
  }
  bool inactive = c->fn && (c->fn->is_inactive || v->inactive);
  if (!inactive && custom_effects(v, c, lhs)) {
    unknown_writes(v, c);
    return;
  }
  if (inactive ? !c->fn->is_lowered || !stores_into_varied(v, c) : !is_differentiable_call(c)) {
    if (inactive && ptrmap_get(&v->callee, c->orig ? c->orig : c))  /* (facts reset: a sink now) */
      ptrmap_put(&v->callee, c->orig ? c->orig : c, NULL);
    unknown_writes(v, c);
    mpi_effects(v, c);
    pushed_pointer_effects(v, c);
    /* (not into a block on the tape, a fresh node every pass: tangent.c
     * saves the tangents with it whatever activity says) */
    if (c->text && (str_eq(c->text, "memcpy") || str_eq(c->text, "memmove")) && c->nargs == 3 &&
        !is_tape_block(c->args[0])) {
      Node *d = pts_of(v, c->args[0]), *s = pts_of(v, c->args[1]);
      if (s && d && pt_find(s)->varied && !v->inactive) pt_mark(d);  /* (inactive: a copy feeds only constants, a log) */
      /* (the type of what is copied: before the conversion to void *) */
      const Type *et = ty_elem(ex_strip_implicit(c->args[0])->type), *es = ty_elem(ex_strip_implicit(c->args[1])->type);
      if (s && d && (act_has_pointers(et) || act_has_pointers(es))) pt_join(pt_pointee(d), pt_pointee(s));
    }
    return;
  }
  Fn *g = c->fn;
  /* Conservatively, a callee reads what its pointer arguments reach
   * (defaults of wrt); what it writes is its summary, below. */
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    if (!ty_is_ptr(g->params[j]->type)) continue;
    Node *n = pts_of(v, c->args[j]);
    if (n) pt_find(n)->read = true;
  }
  bool *sh = xmalloc(sizeof(bool) * (size_t)(g->nparams + 1));
  PathFact *seeds = NULL;
  int nseeds = 0, cap = 0;
  CallFacts cf = {.shadow = sh};
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    Expr *a = c->args[j];
    Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt) && is_null_constant(a)) {
      /* f(x, NULL): a pointer the callee may write carries a (null)
       * shadow, for a callee that tests it (if (out) out[i] = ...) */
      sh[j] = ty_reaches_float(pt) && !pt->base->is_const;
    } else if (ty_is_ptr(pt) || is_arrayish(pt) || act_has_pointers(pt)) {
      /* shadow if the memory, or memory reachable from it, is varied (a
       * struct by value: its own fields, then what its pointers reach);
       * the callee's variant is for the classes varied here, by path */
      int before = nseeds;
      pt_collect(act_arg_origin(v, a, pt), j, 0, PF_VARIED, &seeds, &nseeds, &cap);
      sh[j] = nseeds > before;
      if (ty_is_ptr(pt) && !act_has_pointers(pt->base)) nseeds = before;  /* no levels below: the shadow says it all */
      if (ty_ptr_never_shadowed(pt)) {  /* a table of functions, in a class with varied data (a malloc'd struct) */
        sh[j] = false;
        nseeds = before;
      }
    } else {
      sh[j] = !inactive && varied(v, a);
    }
  }
  pt_sort(seeds, &nseeds);
  call_sinks(v, c, g, &cf);
  cf.inactive = inactive;
  cf.seeds = seeds;
  cf.nseeds = nseeds;
  cf.alias = call_aliasing(v, c, g);
  act_shared_paths(v, c, g, &cf);
  /* p = g(..) returning a pointer (to memory g allocates, say): g's
   * derivative returns its shadow too when the caller's p needs one */
  Node *rp = lhs && ty_is_ptr(lhs->type) && ty_is_ptr(g->ret) ? slot_pts(v, lhs) : NULL;
  Variant *cv = act_variant_for(v->module, g, v->mode, rp && pt_reach_varied(rp), &cf);
  ptrmap_put(&v->callee, c->orig ? c->orig : c, cv);
  if (cv->ret_varied && lhs) pt_mark(loc_of(v, lhs));
  for (int i = 0; i < cv->nlinks; i++) {  /* classes the callee joined below its parameters */
    const PathFact *e = &cv->links[2 * i];
    if (e[0].j >= c->nargs || e[1].j >= c->nargs) continue;
    Node *a = e[0].j < 0 ? rp : act_arg_origin(v, c->args[e[0].j], g->params[e[0].j]->type);
    Node *b = a ? act_arg_origin(v, c->args[e[1].j], g->params[e[1].j]->type) : NULL;
    a = pt_follow(a, &e[0]);
    b = b ? pt_follow(b, &e[1]) : NULL;
    if (a && b && pt_find(a) != pt_find(b)) pt_join(a, b), pt_changed = true;
  }
  for (int i = 0; i < cv->nfacts; i++) {
    /* the same classes below the argument: y->v[i] written is *(y->v),
     * not *y, nor y->w; for a struct by value, below what its pointers
     * reach; for the returned pointer, below what it points to */
    const PathFact *e = &cv->facts[i];
    if (e->j >= c->nargs) continue;
    Node *n = pt_follow(e->j < 0 ? rp : act_arg_origin(v, c->args[e->j], g->params[e->j]->type), e);
    if (!n) continue;
    if (e->flags & PF_VARIED) pt_mark(n);
    if ((e->flags & PF_WRITTEN) && e->j >= 0) pt_find(n)->written = true;
  }
}

static void walk_expr_reads(Variant *v, Expr *e) { note_reads(v, e); }

/* A pop of a value that may carry a derivative (double, float, pointer). */
static bool is_tape_pop(const Expr *e) {
  RtOp op = rt_of(e);
  return rt_is(e, RK_POP) && (rt_info[op].elem == RE_DOUBLE || rt_info[op].elem == RE_FLOAT || rt_info[op].elem == RE_PTR);
}

/* The pointers of an initializer list stored in the aggregate whose node
 * is l: a struct's field by field (Layer L = {w, out, n}: L.w points where
 * w does, L.out where out does); an array's elements all where the member
 * holding it (rec, field; rec NULL: none) has its pointee. */
static void join_init(Variant *v, Node *l, Expr *init, const Record *rec, int field) {
  const Type *t = init->type;
  bool record = t && t->kind == TY_RECORD && t->rec;
  for (int i = 0; i < init->nargs; i++) {
    Expr *e = init->args[i];
    const Record *r = record ? t->rec : rec;
    int k = record ? i : field;
    if (e->kind == EX_INIT) {
      join_init(v, l, e, r, k);
    } else if (ty_is_ptr(e->type)) {
      Node *p = pts_of(v, e);
      if (p) pt_join(pt_field(l, r, k), p);
    } else if (act_has_pointers(e->type) && ex_is_lvalue(e)) {
      Node *s = loc_of(v, e);  /* {inner, p}: inner's pointers, copied */
      if (s) pt_join_cells(l, s);
    }
  }
}

/* The effects of s itself (ir_walk brings the statements inside it). */
static Walk visit(Stmt *s, void *v_) {
  Variant *v = v_;
  switch (s->kind) {
  case ST_DECL:
  case ST_ASSIGN: {
    Expr decl = {.kind = EX_VAR, .var = s->var};  /* ex_var(s->var), not kept */
    if (s->var) decl.type = s->var->type, decl.loc = s->var->loc;
    Expr *lhs = s->kind == ST_DECL ? &decl : s->lhs;
    Expr *rhs = s->kind == ST_DECL ? s->expr : s->rhs;
    if (!rhs) break;
    Node *l = loc_of(v, lhs);
    if (l) pt_find(l)->written = true;
    walk_expr_reads(v, rhs);
    if (act_has_pointers(lhs->type) && l && !(rhs->kind == EX_CALL && rhs->fn)) {
      if (ty_is_ptr(lhs->type)) {
        Node *p = pts_of(v, rhs);
        if (p) pt_join(slot_pts(v, lhs), p);
      } else if (rhs->kind == EX_INIT) {
        join_init(v, l, rhs, NULL, -1);  /* Vec v = {n, data}: v.data points where data does */
      } else if (ex_is_lvalue(rhs)) {
        Node *r = loc_of(v, rhs);  /* x = y: x's pointers, field by field, where y's point */
        if (r) pt_join_cells(l, r);
      }
    }
    if (is_tape_pop(rhs)) {
      /* the tape is a channel activity cannot follow (a value pushed by
       * f_fwd, popped by f_bwd): what comes off it may carry derivatives.
       * A function that pushes and pops itself (a requested grad) pops
       * into lhs a value lhs held before: nothing new. */
      if (v->fn->is_generated && v->fn->tape_dir == 0) break;
      if (ty_has_float(lhs->type)) pt_mark(l);
      if (ty_is_ptr(lhs->type) && l && lhs->type->base->kind != TY_FUNC) {
        pt_untyped(slot_pts(v, lhs));
        pt_mark_levels(slot_pts(v, lhs), lhs->type->base);
      }
      break;
    }
    if (is_tape_block(rhs)) {
      /* like a pop, and whatever the function: the values in the block
       * travel with their tangents (jvp of a reverse-mode result pairs a
       * tangent block with each block, tangent.c), so what a sweep reads
       * from it, or stores into it, may carry derivatives */
      if (l && ty_is_ptr(lhs->type)) pt_mark_levels(slot_pts(v, lhs), lhs->type->base);
      break;
    }
    if (rhs->kind == EX_CALL && !rule_find(rhs->text)) {
      /* p = pick(x, i) without a body analysed (a custom derivative's): the
       * pointer returned may point into any memory its pointer arguments
       * reach; else the callee's links say where (call_effects) */
      Fn *g = rhs->fn;
      if (l && ty_is_ptr(lhs->type) && g && (!is_differentiable_call(rhs) || g->custom_jvp || g->custom_vjp))
        for (int i = 0; i < rhs->nargs; i++) {
          Node *a = ty_is_ptr(rhs->args[i]->type) && rhs->args[i]->type->base->kind != TY_FUNC
                        ? pts_of(v, rhs->args[i]) : NULL;
          if (a) pt_join(slot_pts(v, lhs), a);
        }
      call_effects(v, rhs, lhs);
      break;
    }
    /* (an inactive function's stores into globals: constants, a log) */
    if (ty_has_float(lhs->type) && varied(v, rhs) && !(v->inactive && ex_root_var(lhs) && ex_root_var(lhs)->kind == VAR_GLOBAL) &&
        !dead_union_store(v, lhs))
      pt_mark(l);
    break;
  }
  case ST_EXPR:
    walk_expr_reads(v, s->expr);
    if (s->expr->rt == RT_POP_BYTES && s->expr->nargs == 2) {  /* a block off the tape: not integer data */
      const Type *b = ex_strip_implicit(s->expr->args[0])->type->base;
      Node *n = pts_of(v, s->expr->args[0]);
      const Var *root = ex_root_var(s->expr->args[0]);  /* (a global put back around a call carries none) */
      if (n && (!b || b->kind == TY_VOID || ty_has_float(b) || ty_holds_ptr(b)) && !(root && root->kind == VAR_GLOBAL))
        pt_mark(n);
    }
    /* memcpy(dst, ccad_release_d(n) - n, bytes): an array block off the tape */
    if (s->expr->kind == EX_CALL && str_eq(s->expr->text, "memcpy") && s->expr->nargs == 3) {
      const Expr *src = ex_strip_implicit(s->expr->args[1]);
      if (src->kind == EX_BIN && is_tape_block(src->lhs)) {
        Node *n = pts_of(v, s->expr->args[0]);
        if (n) pt_mark(n);
      }
    }
    if (s->expr->kind == EX_CALL) call_effects(v, s->expr, NULL);
    break;
  case ST_IF:
  case ST_WHILE:
  case ST_SWITCH:
  case ST_FOR:
    walk_expr_reads(v, s->cond);
    break;
  case ST_RETURN:
    walk_expr_reads(v, s->expr);
    if (s->expr && varied(v, s->expr) && !v->ret_varied && !v->inactive) {
      v->ret_varied = true;
      pt_changed = true;
    }
    if (s->expr && ty_is_ptr(s->expr->type) && s->expr->type->base->kind != TY_FUNC) {
      Node *p = pts_of(v, s->expr);
      if (!p) break;
      if (!v->ret_pts) v->ret_pts = pt_new();
      pt_join(v->ret_pts, p);
      if (v->ret_shadow) pt_mark_levels(pt_find(p), s->expr->type->base);
      unsigned char d = pt_levels(p, PF_VARIED);
      if ((v->ret_depth | d) != v->ret_depth) {
        v->ret_depth |= d;
        pt_changed = true;
      }
    }
    break;
  default: break;
  }
  return WALK_ON;
}

void act_init_nodes(Variant *v) {
  Fn *f = v->fn;
  v->analysed_at = 0;
  v->nodes = xmalloc(sizeof(Node *) * (size_t)(f->nvars + 1));
  v->nnodes = f->nvars;
  for (int i = 0; i < f->nvars; i++) v->nodes[i] = pt_new();
  /* pointers that may overlap share one class of memory (the no-overlap
   * rule keeps the others apart: each parameter its own class) */
  for (int j = 0; v->alias_with && j < f->nparams; j++)
    if (v->alias_with[j] >= 0)
      pt_join(pt_pointee(act_var_node(v, f->params[v->alias_with[j]])), pt_pointee(act_var_node(v, f->params[j])));
  /* the requested function's parameters lead to memory its caller set up:
   * the pointer fields of a struct there may point into one array (the
   * no-overlap rule is about distinct parameters), so none are told apart
   * (a callee's are, as its callers' facts say: Variant.shared) */
  for (int j = 0; v->is_public && j < f->nparams; j++) pt_untyped(act_var_node(v, f->params[j]));
  for (int i = 0; i < v->nsinks; i++) {
    Node *n = pt_follow(act_param_origin(v, v->sinks[i].j), &v->sinks[i]);
    if (n) n->sink = true;
  }
}

void act_add_var(Variant *v, Var *x, bool is_varied) {
  if (x->id >= v->nnodes) {
    int n = x->id + 64;
    v->nodes = xrealloc(v->nodes, sizeof(Node *) * (size_t)n);
    for (int i = v->nnodes; i < n; i++) v->nodes[i] = NULL;
    v->nnodes = n;
  }
  v->nodes[x->id] = pt_new();
  v->nodes[x->id]->varied = is_varied;
}

void act_add_retval(Variant *v, Var *x) {
  act_add_var(v, x, ty_has_float(x->type));
  if (ty_is_ptr(x->type) && v->ret_pts) pt_join(pt_pointee(v->nodes[x->id]), v->ret_pts);
}

const void *act_loc_id(Variant *v, Expr *lv) {
  Node *n = loc_of(v, lv);
  return n ? pt_find(n) : NULL;
}

const void *act_pts_id(Variant *v, Expr *p) {
  Node *n = pts_of(v, p);
  return n ? pt_find(n) : NULL;
}

const void *act_var_id(Variant *v, Var *x) { return act_var_node(v, x); }

/* One pass over a variant; returns whether its summary changed. */
static bool analyze(Variant *v) {
  Fn *f = v->fn;
  if (!v->nodes) act_init_nodes(v);
  bool summary_changed = false, facts_ch = false;
  unsigned char ret_depth = v->ret_depth;
  do {
    pt_changed = false;
    act_seed(v);
    st_each(f->body, visit, v);
    facts_ch |= pt_changed;
  } while (pt_changed);
  if (facts_ch) v->facts_at = ++stamp;
  summary_changed |= act_summary_changed(v);
  if (v->ret_depth != ret_depth) summary_changed = true;
  if (v->ret_varied != v->ret && !v->is_public) {
    v->ret = v->ret_varied;
    summary_changed = true;
  }
  return summary_changed;
}

/* Must v be analysed again? Its facts are a function of its body, its
 * seeds and its callees' summaries: not when it was analysed after the
 * last change of each (a generated function's body may still change). */
static bool stale(Variant *v) {
  if (!v->analysed_at || v->fn->is_generated) return true;
  for (int i = 0; i < v->callee.cap; i++)
    if (v->callee.keys[i] && ((Variant *)v->callee.vals[i])->changed_at > v->analysed_at) return true;
  return false;
}

/* Analyses every variant until no summary changes; those whose inputs did
 * not change since their last analysis are skipped, so each request costs
 * what it reaches, not everything analysed before it. */
void act_solve(Module *m) {
  bool again = true;
  pt_solving = true;
  while (again) {
    again = false;
    for (int i = 0; i < m->variants.len; i++) {
      Variant *v = m->variants.data[i];
      if (!stale(v)) continue;
      long at = ++stamp;
      bool ch = analyze(v);
      v->analysed_at = at;
      if (ch) {
        v->changed_at = ++stamp;
        again = true;
      }
    }
  }
  pt_solving = false;
}

/* ---- Queries ---------------------------------------------------------- */

bool act_var_shadowed(Variant *v, Var *x) {
  if (x->kind == VAR_PARAM) {
    for (int j = 0; j < v->fn->nparams; j++)
      if (v->fn->params[j] == x) return v->shadow[j];
  }
  if (x->kind == VAR_GLOBAL) return false;
  if (x->id >= v->nnodes || !v->nodes[x->id]) return false;
  Node *n = act_var_node(v, x);
  if (ty_has_float(x->type) && n->varied) return true;
  return act_has_pointers(x->type) && pt_reach_below(n);
}

bool act_shadow_param(const Variant *v, int j) { return v->shadow[j] && !(v->scratch && v->scratch[j]); }

bool act_param_local_shadow(Variant *v, int j) {
  Var *p = v->fn->params[j];
  if (v->shadow[j] || ty_is_ptr(p->type) || !ty_has_float(p->type)) return false;
  if (p->id >= v->nnodes || !v->nodes[p->id]) return false;
  return act_var_node(v, p)->varied;
}

bool act_lvalue_varied(Variant *v, Expr *lv) {
  Node *n = loc_of(v, lv);
  return n && pt_find(n)->varied;
}

bool act_expr_varied(Variant *v, Expr *e) { return varied(v, e); }

/* In an inactive variant, a store into the class id (act_loc_id,
 * act_pts_id) is a constant when the class is memory its caller sees,
 * below a parameter. (A struct by value's own storage counts too: zeroing
 * a copy's derivative is harmless.) */
bool act_stores_constant(Variant *v, const void *id) {
  if (!v->inactive || !id) return false;
  bool found = false;
  for (int j = 0; j < v->fn->nparams && !found; j++) {
    PathFact *all = NULL;
    int n = 0, cap = 0;
    pt_collect(act_param_origin(v, j), j, 0, 0, &all, &n, &cap);
    for (int i = 0; i < n && !found; i++) found = pt_find(all[i].node) == id;
    free(all);
  }
  return found;
}

bool act_ptr_shadowed(Variant *v, Expr *p) { return pt_reach_varied(pts_of(v, p)); }

bool act_pts_varied(Variant *v, Expr *p) {
  Node *n = pts_of(v, p);
  return n && pt_find(n)->varied;
}

Variant *act_callee(Variant *v, Expr *call) { return ptrmap_get(&v->callee, call->orig ? call->orig : call); }

Variant *act_request_variant(Module *m, const Request *r) {
  for (int i = m->variants.len - 1; i >= 0; i--) {
    Variant *v = m->variants.data[i];
    if (v->is_public && v->req == r) return v;
  }
  return NULL;
}
