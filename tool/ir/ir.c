/* ir.c — constructors and small queries over the IR (see ir.h). */
#include "ir.h"
#include "rules.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static SrcLoc noloc;

Type *ty_new(TypeKind k, const char *name) {
  Type *t = xmalloc(sizeof *t);
  t->kind = k;
  t->name = name;
  return t;
}

Type *ty_ptr(Type *base) {
  Type *t = ty_new(TY_PTR, NULL);
  t->base = base;
  return t;
}

Type *ty_unqual(Type *t) {
  if (!t->is_const && !t->is_volatile) return t;
  Type *u = xmalloc(sizeof *u);
  *u = *t;
  u->is_const = false;
  u->is_volatile = false;
  return u;
}

Type *ty_double(void) {
  static Type t = {.kind = TY_DOUBLE, .name = "double"};
  return &t;
}
Type *ty_float(void) {
  static Type t = {.kind = TY_FLOAT, .name = "float"};
  return &t;
}
Type *ty_int(void) {
  static Type t = {.kind = TY_INT, .name = "int", .narrow = true};
  return &t;
}
Type *ty_long(void) {
  static Type t = {.kind = TY_INT, .name = "long"};
  return &t;
}
Type *ty_void(void) {
  static Type t = {.kind = TY_VOID, .name = "void"};
  return &t;
}
Type *ty_size_t(void) {
  static Type t = {.kind = TY_INT, .name = "size_t"};
  return &t;
}

Type *ty_complex(const Type *base) {
  static Type d = {.kind = TY_COMPLEX, .name = "double complex"};
  static Type f = {.kind = TY_COMPLEX, .name = "float complex"};
  d.base = ty_double();
  f.base = ty_float();
  return base && base->kind == TY_FLOAT ? &f : &d;
}
bool ty_is_complex(const Type *t) { return t && t->kind == TY_COMPLEX; }
Type *ty_real_of(Type *t) { return ty_is_complex(t) ? t->base : t; }

bool ty_is_float(const Type *t) {
  return t && (t->kind == TY_FLOAT || t->kind == TY_DOUBLE || t->kind == TY_COMPLEX);
}
bool ty_is_arith(const Type *t) {
  return t && (t->kind == TY_INT || t->kind == TY_FLOAT || t->kind == TY_DOUBLE || t->kind == TY_LDOUBLE ||
               t->kind == TY_COMPLEX);
}
bool ty_is_ptr(const Type *t) { return t && t->kind == TY_PTR; }

bool ty_has_float(const Type *t) {
  if (!t) return false;
  switch (t->kind) {
  case TY_FLOAT:
  case TY_DOUBLE:
  case TY_COMPLEX: return true;
  case TY_ARRAY: return ty_has_float(t->base);
  case TY_RECORD:
    if (!t->rec) return false;
    for (int i = 0; i < t->rec->nfields; i++)
      if (ty_has_float(t->rec->fields[i].type)) return true;
    return false;
  default: return false;
  }
}

bool ty_points_to_float(const Type *t) {
  return t && (t->kind == TY_PTR || t->kind == TY_ARRAY) && (ty_has_float(t->base) || ty_points_to_float(t->base));
}

static bool reaches_float(const Type *t, int depth) {
  if (!t || depth < 0) return false;
  if (ty_is_float(t)) return true;
  if (t->kind == TY_PTR) return reaches_float(t->base, depth - 1);
  if (t->kind == TY_ARRAY) return reaches_float(t->base, depth);
  if (t->kind == TY_RECORD && t->rec)
    for (int i = 0; i < t->rec->nfields; i++)
      if (reaches_float(t->rec->fields[i].type, depth)) return true;
  return false;
}

bool ty_reaches_float(const Type *t) { return reaches_float(t, 4); }

/* t's memory, as its type says, holds nothing through which data with
 * derivatives is reached: no float at any depth, no void * (GSL's state) */
static bool no_float_behind(const Type *t, int depth) {
  if (!t || depth < 0) return false;
  switch (t->kind) {
  case TY_FUNC: return true;
  case TY_VOID: return false;
  case TY_PTR: return no_float_behind(t->base, depth - 1);
  case TY_ARRAY: return no_float_behind(t->base, depth);
  case TY_RECORD:
    if (!t->rec || t->rec->is_union) return false;
    for (int i = 0; i < t->rec->nfields; i++)
      if (!no_float_behind(t->rec->fields[i].type, depth)) return false;
    return true;
  case TY_INT: return true;
  default: return false;
  }
}

bool ty_ptr_never_shadowed(const Type *t) {
  return ty_is_ptr(t) && (t->base->kind == TY_FUNC || (t->base->kind == TY_RECORD && no_float_behind(t->base, 4)));
}

bool ty_holds_ptr(const Type *t) {
  if (t->kind == TY_PTR) return true;
  if (t->kind == TY_ARRAY) return ty_holds_ptr(t->base);
  if (t->kind == TY_RECORD && t->rec)
    for (int i = 0; i < t->rec->nfields; i++)
      if (ty_holds_ptr(t->rec->fields[i].type)) return true;
  return false;
}

Type *ty_elem(const Type *t) { return (t && (t->kind == TY_PTR || t->kind == TY_ARRAY)) ? t->base : NULL; }

bool ty_same(const Type *a, const Type *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind) return false;
  switch (a->kind) {
  case TY_PTR:
  case TY_ARRAY: return ty_same(a->base, b->base);
  case TY_RECORD: return a->rec == b->rec;
  case TY_INT: return str_eq(a->name, b->name);
  case TY_COMPLEX: return a->base->kind == b->base->kind;
  default: return true;
  }
}

Expr *ex_new(ExprKind k, Type *t, SrcLoc loc) {
  Expr *e = xnode(sizeof *e);
  e->kind = k;
  e->type = t;
  e->loc = loc;
  return e;
}

/* The text of constant v of type t (an integer, a float, another real). */
static const char *num_text(double v, Type *t) {
  char buf[64];
  if (t->kind == TY_INT) {
    snprintf(buf, sizeof buf, "%ld", (long)v);
  } else {
    if (fabs(v) < 1e15 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
      snprintf(buf, sizeof buf, "%lld", (long long)v);  /* 0.0, 1.0, 10.0: most constants */
    } else {
      snprintf(buf, sizeof buf, "%.17g", v);
      /* Shortest text that reads back exactly. */
      for (int p = 1; p <= 17; p++) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*g", p, v);
        if (strtod(tmp, NULL) == v) {
          strcpy(buf, tmp);
          break;
        }
      }
    }
    if (!strpbrk(buf, ".eEn")) strcat(buf, ".0");
    if (ty_real_of(t)->kind == TY_FLOAT) strcat(buf, "f");
  }
  return xstrdup(buf);
}

/* Constants repeat (0.0, 1.0, 0.5 in every derivative): their texts are
 * kept in a small direct-mapped cache, shared (a text is never changed). */
typedef struct NumText {
  uint64_t bits;
  int cls;  /* 0: none, 1: integer, 2: float, 3: other real */
  const char *text;
} NumText;
static NumText num_cache[4096];

Expr *ex_num(double v, Type *t) {
  Expr *e = ex_new(EX_NUM, t, noloc);
  e->value = v;
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int cls = t->kind == TY_INT ? 1 : ty_real_of(t)->kind == TY_FLOAT ? 2 : 3;
  NumText *slot = &num_cache[(bits ^ (bits >> 29) ^ (bits >> 47) ^ (uint64_t)cls) & 4095];
  if (slot->cls != cls || slot->bits != bits) *slot = (NumText){bits, cls, num_text(v, t)};
  e->text = slot->text;
  return e;
}

/* The variable whose own storage lv is (q, q.w, q.c[1], o.in.b); NULL
 * when the path goes through a pointer. */
Var *ex_own_var(const Expr *lv) {
  for (;;) {
    if (lv && lv->kind == EX_CAST && lv->is_implicit && lv->lhs->type->kind == TY_ARRAY) lv = lv->lhs;  /* decay */
    if (!lv || !((lv->kind == EX_MEMBER && !lv->is_arrow) || lv->kind == EX_INDEX)) break;
    if (lv->kind == EX_INDEX && ex_strip_implicit(lv->lhs)->type->kind != TY_ARRAY) return NULL;
    lv = lv->lhs;
  }
  return lv && lv->kind == EX_VAR ? lv->var : NULL;
}

Expr *ex_int(long v) { return ex_num((double)v, ty_int()); }

Expr *ex_var(Var *v) {
  Expr *e = ex_new(EX_VAR, v->type, v->loc);
  e->var = v;
  return e;
}

/* Rank for the usual arithmetic conversions, enough for derivative code. */
static int rank(const Type *t) {
  switch (t->kind) {
  case TY_COMPLEX: return rank(t->base);
  case TY_LDOUBLE: return 4;
  case TY_DOUBLE: return 3;
  case TY_FLOAT: return 2;
  default: return 1;
  }
}

Expr *ex_bin(BinOp op, Expr *a, Expr *b) {
  Type *t;
  if (op >= OP_LT && op <= OP_NE)
    t = ty_int();
  else if (op == OP_LAND || op == OP_LOR)
    t = ty_int();
  else if (ty_is_ptr(a->type) || a->type->kind == TY_ARRAY)
    t = (op == OP_SUB && (ty_is_ptr(b->type) || b->type->kind == TY_ARRAY)) ? ty_long() : a->type;
  else if (ty_is_ptr(b->type))
    t = b->type;
  else if (ty_is_complex(a->type) || ty_is_complex(b->type))  /* float complex * double: double complex */
    t = ty_complex(rank(a->type) >= rank(b->type) ? ty_real_of(a->type) : ty_real_of(b->type));
  else
    t = rank(a->type) >= rank(b->type) ? a->type : b->type;
  Expr *e = ex_new(EX_BIN, ty_unqual(t), a->loc);
  e->op = op;
  e->lhs = a;
  e->rhs = b;
  return e;
}

Expr *ex_un(BinOp op, Expr *a) {
  Expr *e = ex_new(EX_UN, op == OP_NOT ? ty_int() : ty_unqual(a->type), a->loc);
  e->op = op;
  e->lhs = a;
  return e;
}

Expr *ex_call(const char *fn, Type *ret, Expr **args, int nargs) {
  Expr *e = ex_new(EX_CALL, ret, nargs ? args[0]->loc : noloc);
  e->text = fn;
  e->args = xnode(sizeof(Expr *) * (size_t)(nargs ? nargs : 1));
  if (nargs) memcpy(e->args, args, sizeof(Expr *) * (size_t)nargs);
  e->nargs = nargs;
  return e;
}

Expr *ex_call1(const char *fn, Type *ret, Expr *a) { return ex_call(fn, ret, &a, 1); }

/* ---- Runtime operations --------------------------------------------- */

const RtInfo rt_info[RT_COUNT] = {
  [RT_NONE] = {NULL, RK_QUERY, RE_NONE, RT_NONE},
#define RT(op, name, kind, elem, pair) [RT_##op] = {#name, kind, elem, RT_##pair},
#include "runtime.def"
#undef RT
};

static Type *rt_elem_type(RtElem el) {
  switch (el) {
  case RE_DOUBLE: return ty_double();
  case RE_FLOAT: return ty_float();
  case RE_LONG: return ty_long();
  case RE_INT: return ty_int();
  case RE_PTR: return ty_ptr(ty_void());
  case RE_BRANCH: return ty_int();
  default: return ty_void();
  }
}

Type *rt_type(RtOp op) {
  const RtInfo *r = &rt_info[op];
  switch (r->kind) {
  case RK_POP: return rt_elem_type(r->elem);
  case RK_RESERVE: return ty_ptr(rt_elem_type(r->elem));
  case RK_RELEASE: {
    Type *c = xmalloc(sizeof *c);  /* const T: the block is read only */
    *c = *rt_elem_type(r->elem);
    c->is_const = true;
    return ty_ptr(c);
  }
  case RK_FRAME_PUSH: return ty_ptr(ty_void());
  case RK_SPECIAL: return rt_elem_type(r->elem);
  case RK_PURE: return op == RT_BITS_OR ? ty_double() : ty_int();
  case RK_QUERY:
    if (op == RT_CHECKPOINT_RECOMPUTATIONS || op == RT_CHECKPOINT_STEPS) return ty_long();
    if (op == RT_TAPE_LIMIT) return ty_size_t();
    if (op == RT_OMP_THREAD || op == RT_OMP_THREADS || op == RT_OMP_MAX_THREADS) return ty_long();
    return op == RT_TAPE_EMPTY || op == RT_OMP_APART ? ty_int() : op == RT_TAPE_BYTES || op == RT_TAPE_PEAK_BYTES ? ty_size_t() : ty_void();
  case RK_MEMORY: return op == RT_FREE || op == RT_REDO_FREE || op == RT_DEFER_FREE || op == RT_DEFER_APPLY ? ty_void() : ty_ptr(ty_void());
  case RK_OMP_PART: return ty_ptr(rt_elem_type(r->elem));
  case RK_CKPT: return op == RT_CKPT_BEGIN || op == RT_CKPT_BEGIN_N ? ty_ptr(ty_void()) : op == RT_CKPT_NEXT ? ty_int() : ty_void();
  default: return ty_void();
  }
}

Expr *ex_rt(RtOp op, Expr **args, int nargs) {
  Expr *e = ex_call(rt_info[op].name, rt_type(op), args, nargs);
  e->rt = op;
  return e;
}
Expr *ex_rt0(RtOp op) { return ex_rt(op, NULL, 0); }
Expr *ex_rt1(RtOp op, Expr *a) { return ex_rt(op, &a, 1); }
Expr *ex_rt2(RtOp op, Expr *a, Expr *b) {
  Expr *args[2] = {a, b};
  return ex_rt(op, args, 2);
}

RtOp rt_lookup(const char *name) {
  if (!name || strncmp(name, "ccad_", 5)) return RT_NONE;
  for (int i = 1; i < RT_COUNT; i++)
    if (!strcmp(rt_info[i].name, name)) return (RtOp)i;
  return RT_NONE;
}

RtOp rt_find(RtKind k, RtElem el) {
  for (int i = 1; i < RT_COUNT; i++)
    if (rt_info[i].kind == k && rt_info[i].elem == el) return (RtOp)i;
  return RT_NONE;
}

RtOp rt_of(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e && e->kind == EX_CALL ? e->rt : RT_NONE;
}

bool rt_is(const Expr *e, RtKind k) {
  RtOp op = rt_of(e);
  return op != RT_NONE && rt_info[op].kind == k;
}

bool ty_float_pointer_in(const Type *t) {
  if (ty_is_ptr(t)) return ty_reaches_float(t);
  if (t->kind == TY_ARRAY) return ty_float_pointer_in(t->base);
  if (t->kind != TY_RECORD || !t->rec || t->rec->is_union) return false;
  for (int i = 0; i < t->rec->nfields; i++)
    if (ty_float_pointer_in(t->rec->fields[i].type)) return true;
  return false;
}

bool rt_carries_tangent(RtOp op) {
  const RtInfo *r = &rt_info[op];
  bool value = r->elem == RE_DOUBLE || r->elem == RE_FLOAT || r->elem == RE_PTR || r->elem == RE_BYTES;
  switch (r->kind) {
  case RK_PUSH:
  case RK_POP: return value;
  case RK_RESERVE:
  case RK_RELEASE: return r->elem == RE_DOUBLE || r->elem == RE_FLOAT;
  case RK_FRAME_PUSH:
  case RK_FRAME_POP:
  case RK_REDO_PUSH:
  case RK_CKPT_SAVE:
  case RK_CKPT_LOAD: return true;
  default: return false;
  }
}

RtElem rt_elem_of(const Type *t) {
  switch (t->kind) {
  case TY_DOUBLE: return RE_DOUBLE;
  case TY_FLOAT: return RE_FLOAT;
  case TY_INT: return t->narrow ? RE_INT : RE_LONG;
  case TY_PTR: return RE_PTR;
  default: return RE_BYTES;
  }
}

Expr *ex_index(Expr *base, Expr *idx) {
  Expr *e = ex_new(EX_INDEX, ty_elem(base->type), base->loc);
  e->lhs = base;
  e->rhs = idx;
  return e;
}

Expr *ex_deref(Expr *p) {
  Expr *e = ex_new(EX_DEREF, ty_elem(p->type), p->loc);
  e->lhs = p;
  return e;
}

Expr *ex_addr(Expr *lv) {
  Expr *e = ex_new(EX_ADDR, ty_ptr(lv->type), lv->loc);
  e->lhs = lv;
  return e;
}

Expr *ex_cast(Type *t, Expr *a) {
  Expr *e = ex_new(EX_CAST, t, a->loc);
  e->lhs = a;
  return e;
}

Expr *ex_sizeof_type(Type *t) {
  Expr *e = ex_new(EX_SIZEOF, ty_size_t(), (SrcLoc){0});
  e->of = t;
  return e;
}

Expr *ex_cond(Expr *c, Expr *a, Expr *b) {
  Expr *e = ex_new(EX_COND, rank(a->type) >= rank(b->type) ? a->type : b->type, c->loc);
  e->cond = c;
  e->lhs = a;
  e->rhs = b;
  return e;
}

bool ex_is_zero(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e && e->kind == EX_NUM && e->value == 0.0;
}

bool ex_is_one(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e && e->kind == EX_NUM && e->value == 1.0;
}

bool ex_is_lvalue(const Expr *e) {
  switch (e->kind) {
  case EX_VAR:
  case EX_DEREF:
  case EX_INDEX: return true;
  case EX_MEMBER: return e->is_arrow || ex_is_lvalue(e->lhs);
  default: return false;
  }
}

const Expr *ex_strip_implicit(const Expr *e) {
  while (e && e->kind == EX_CAST && e->is_implicit) e = e->lhs;
  return e;
}

Var *ex_root_var(const Expr *e) {
  if (!e) return NULL;
  switch (e->kind) {
  case EX_VAR: return e->var;
  case EX_DEREF:
  case EX_ADDR:
  case EX_MEMBER:
  case EX_CAST:
    return ex_root_var(e->lhs);
  case EX_INDEX: {
    /* a[i] and i[a]: the pointer-typed side is the base */
    const Expr *b = (ty_is_ptr(e->lhs->type) || e->lhs->type->kind == TY_ARRAY) ? e->lhs : e->rhs;
    return ex_root_var(b);
  }
  case EX_BIN:
    if (ty_is_ptr(e->lhs->type) || e->lhs->type->kind == TY_ARRAY) return ex_root_var(e->lhs);
    if (ty_is_ptr(e->rhs->type) || e->rhs->type->kind == TY_ARRAY) return ex_root_var(e->rhs);
    return NULL;
  default: return NULL;
  }
}

static Walk mentions(Expr *e, void *x) { return e->kind == EX_VAR && e->var == x ? WALK_STOP : WALK_ON; }

bool ex_mentions(const Expr *e, const Var *x) { return !ex_each(e, mentions, (void *)x); }

static Walk assigns(Stmt *s, void *x) {
  bool hit = (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == x) || (s->kind == ST_DECL && s->var == x);
  return hit ? WALK_STOP : WALK_ON;
}

bool st_assigns(const Stmt *s, const Var *x) { return !st_each(s, assigns, (void *)x); }

static Walk declares(Stmt *s, void *x) { return s->kind == ST_DECL && s->var == x ? WALK_STOP : WALK_ON; }

bool st_mentions(const Stmt *s, const Var *x) {
  return !ir_walk(&(IrWalk){.st = declares, .ex = mentions, .ctx = (void *)x}, (Stmt *)s);
}

bool ex_unchanged_by(const Expr *e, const Stmt *s) {
  if (!e) return true;
  if (e->kind == EX_VAR) return e->var->kind != VAR_GLOBAL && !st_assigns(s, e->var);
  if (e->kind != EX_NUM && e->kind != EX_CAST && e->kind != EX_BIN && e->kind != EX_UN) return false;
  return ex_unchanged_by(e->lhs, s) && ex_unchanged_by(e->rhs, s);
}

static Walk is_call(Expr *e, void *unused) {
  (void)unused;
  return e->kind == EX_CALL ? WALK_STOP : WALK_ON;
}

bool ex_has_call(const Expr *e) { return !ex_each(e, is_call, NULL); }

Stmt *st_new(StmtKind k, SrcLoc loc) {
  Stmt *s = xnode(sizeof *s);
  s->kind = k;
  s->loc = loc;
  return s;
}

Stmt *st_block(SrcLoc loc) { return st_new(ST_BLOCK, loc); }

void st_append(Stmt *b, Stmt *s) {
  if (!s) return;
  if (b->nbody == b->capbody) {
    b->capbody = b->capbody ? 2 * b->capbody : 8;
    b->body = xrealloc(b->body, sizeof(Stmt *) * (size_t)b->capbody);
  }
  b->body[b->nbody++] = s;
}

Stmt **st_take_body(Stmt *block, int *n) {
  Stmt **old = block->body;
  *n = block->nbody;
  block->body = NULL;
  block->nbody = block->capbody = 0;
  return old;
}

Stmt *st_assign(Expr *lhs, Expr *rhs, SrcLoc loc) {
  Stmt *s = st_new(ST_ASSIGN, loc);
  s->lhs = lhs;
  s->rhs = rhs;
  return s;
}

Stmt *st_decl(Var *v, Expr *init, SrcLoc loc) {
  Stmt *s = st_new(ST_DECL, loc);
  s->var = v;
  s->expr = init;
  return s;
}

Stmt *st_expr(Expr *e, SrcLoc loc) {
  Stmt *s = st_new(ST_EXPR, loc);
  s->expr = e;
  return s;
}

/* hint_N in buf (of strlen(hint) + 24 bytes): the probes of fn_fresh_name, not kept */
static const char *numbered(char *buf, size_t n, const char *hint, long k) {
  snprintf(buf, n, "%s_%ld", hint, k);
  return buf;
}

/* hint, else hint_2, hint_3, ...: those are taken in order, so a free one
 * is found by doubling, then bisecting (O(log n) probes, not n: a function
 * with thousands of temporaries of one hint took quadratic time). With a
 * contiguous run taken, it is the first free one. */
const char *fn_fresh_name(Fn *f, const char *hint) {
  const char *name = hint;
  if (nameset_has(&f->names, hint)) {
    size_t n = strlen(hint) + 24;
    char *buf = xmalloc(n);
    long lo = 1, hi = 2;  /* lo: taken (1 stands for the hint itself); hi: to try */
    while (nameset_has(&f->names, numbered(buf, n, hint, hi))) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (nameset_has(&f->names, numbered(buf, n, hint, mid))) lo = mid;
      else hi = mid;
    }
    name = xstrdup(numbered(buf, n, hint, hi));
    free(buf);
  } else {
    name = xstrdup(name);
  }
  nameset_add(&f->names, name);
  return name;
}

bool var_is_adjoint_of(const Var *b, const Var *p) { return b->adjoint_of && b->adjoint_of == p; }

Var *fn_adjoint_param(const Fn *g, const Var *p) {
  for (int i = 0; i < g->nparams; i++)
    if (var_is_adjoint_of(g->params[i], p)) return g->params[i];
  return NULL;
}

Var *fn_new_var(Fn *f, const char *hint, Type *t, VarKind k, SrcLoc loc) {
  Var *v = xnode(sizeof *v);
  v->name = fn_fresh_name(f, hint);
  v->type = t;
  v->kind = k;
  v->loc = loc;
  v->id = f->nvars++;
  if (k == VAR_LOCAL) vec_push(&f->locals, v);
  return v;
}

bool var_named(const Var *v, const char *name) {
  return str_eq(v->name, name) || (v->src_name && str_eq(v->src_name, name));
}

/* The first of m->fns with that name; m->fns only grows, so the index
 * takes in what was appended since the last call. */
Fn *mod_find_fn(Module *m, const char *name) {
  for (; m->nfns_indexed < m->fns.len; m->nfns_indexed++) {
    Fn *f = m->fns.data[m->nfns_indexed];
    if (f->name && !strmap_get(&m->fns_by_name, f->name)) strmap_put(&m->fns_by_name, f->name, f);
  }
  return name ? strmap_get(&m->fns_by_name, name) : NULL;
}

/* A composed request (jvp(f_grad)) names what an earlier one generates. */
Request *mod_request_making(Module *m, const Request *r) {
  for (int j = 0; j < m->requests.len; j++) {
    Request *o = m->requests.data[j];
    if (o != r && o->gen_name && str_eq(o->gen_name, r->fname)) return o;
  }
  return NULL;
}

/* Structurally equal (same variables, operators and constants). */
bool ir_expr_equal(const Expr *a, const Expr *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind) return false;
  switch (a->kind) {
  case EX_VAR: return a->var == b->var;
  case EX_NUM:
  case EX_STR:
  case EX_FUNC: return str_eq(a->text, b->text);
  case EX_MEMBER: return a->is_arrow == b->is_arrow && str_eq(a->text, b->text) && ir_expr_equal(a->lhs, b->lhs);
  case EX_INDEX:
  case EX_BIN: return a->op == b->op && ir_expr_equal(a->lhs, b->lhs) && ir_expr_equal(a->rhs, b->rhs);
  case EX_UN:
  case EX_DEREF:
  case EX_ADDR: return a->op == b->op && ir_expr_equal(a->lhs, b->lhs);
  case EX_CAST: return a->is_implicit == b->is_implicit && ty_same(a->type, b->type) && ir_expr_equal(a->lhs, b->lhs);
  /* a clamped index, x_bar[i < 0 ? 0 : i] += ..: without these an
   * accumulation would not be seen as one (an OpenMP backward loop then
   * left it plain, a race) */
  case EX_COND: return ir_expr_equal(a->cond, b->cond) && ir_expr_equal(a->lhs, b->lhs) && ir_expr_equal(a->rhs, b->rhs);
  case EX_CALL:  /* a math function of rules.def: pure (runtime calls never are) */
    if (a->rt || b->rt || !str_eq(a->text, b->text) || a->nargs != b->nargs || !rule_find(a->text)) return false;
    for (int i = 0; i < a->nargs; i++)
      if (!ir_expr_equal(a->args[i], b->args[i])) return false;
    return true;
  case EX_SIZEOF:
    if (a->text || b->text) return str_eq(a->text, b->text);  /* sizeof(double) as written in a size */
    return a->of && b->of ? ty_same(a->of, b->of) : ir_expr_equal(a->lhs, b->lhs);
  default: return false;
  }
}


/* ---- Directives (directives.def) -------------------------------------- */

static const DirInfo directives[] = {
#define DIRECTIVE(name, id, kind, clauses, suffix, sweep, order, entry) {name, kind, clauses, suffix, sweep, order},
#include "directives.def"
#undef DIRECTIVE
};

const DirInfo *directive_info(Directive d) { return &directives[d]; }

const char *directive_name(Directive d) {
  return (unsigned)d < sizeof directives / sizeof directives[0] ? directives[d].name : "?";
}

bool directive_lookup(const char *name, Directive *d) {
  for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
    if (!strcmp(directives[i].name, name)) {
      *d = (Directive)i;
      return true;
    }
  return false;
}

bool directive_is_derivative(Directive d) {
  DirKind k = directives[d].kind;
  return k == DK_FORWARD || k == DK_REVERSE || k == DK_DRIVER;
}

/* ---- OpenMP directives on loops ---------------------------------------- */

Omp *omp_copy(const Omp *o) {
  Omp *c = xmalloc(sizeof *c);
  *c = *o;
  c->priv = (PtrVec){0};
  c->fpriv = (PtrVec){0};
  c->lpriv = (PtrVec){0};
  for (int i = 0; i < o->priv.len; i++) vec_push(&c->priv, o->priv.data[i]);
  for (int i = 0; i < o->fpriv.len; i++) vec_push(&c->fpriv, o->fpriv.data[i]);
  for (int i = 0; i < o->lpriv.len; i++) vec_push(&c->lpriv, o->lpriv.data[i]);
  c->red = xmalloc(sizeof(OmpRed) * (size_t)(o->nred + 1));
  for (int i = 0; i < o->nred; i++) c->red[i] = o->red[i];
  return c;
}

void omp_add_red(Omp *o, const char *op, Var *v) {
  o->red = xrealloc(o->red, sizeof(OmpRed) * (size_t)(o->nred + 1));
  o->red[o->nred++] = (OmpRed){op, v, NULL};
}

static Walk names_var(Expr *e, void *ctx) { return e->kind == EX_VAR && e->var == ctx ? WALK_STOP : WALK_ON; }

/* Does the loop name v? Variables a later pass removed do not matter to it. */
static bool loop_names(const Stmt *loop, const Var *v) { return !loop || !st_each_expr(loop, names_var, (void *)v); }

static void omp_list(StrBuf *b, const char *clause, const PtrVec *vs, const Stmt *loop) {
  int n = 0;
  for (int i = 0; i < vs->len; i++) {
    if (!loop_names(loop, vs->data[i])) continue;
    sb_printf(b, "%s%s", n++ ? ", " : xfmt(" %s(", clause), ((Var *)vs->data[i])->name);
  }
  if (n) sb_putc(b, ')');
}

/* "parallel for private(t) reduction(+:s)": the pragma after "#pragma omp" */
char *omp_text(const Omp *o, const Stmt *loop, char *(*expr)(const Expr *)) {
  StrBuf b = {0};
  sb_puts(&b, o->dir);
  omp_list(&b, "private", &o->priv, loop);
  omp_list(&b, "firstprivate", &o->fpriv, loop);
  omp_list(&b, "lastprivate", &o->lpriv, loop);
  for (int i = 0; i < o->nred; i++)
    if (o->red[i].len)
      sb_printf(&b, " reduction(%s:%s[:%s])", o->red[i].op, o->red[i].var->name, expr(o->red[i].len));
    else if (loop_names(loop, o->red[i].var))
      sb_printf(&b, " reduction(%s:%s)", o->red[i].op, o->red[i].var->name);
  if (o->collapse > 1) sb_printf(&b, " collapse(%d)", o->collapse);
  if (o->rest) sb_printf(&b, " %s", o->rest);
  return sb_take(&b);
}
