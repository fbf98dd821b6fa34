/*
 * mpi.c — MPI calls: recognised by their declaration in mpi.h, described by
 * the table mpi.def, turned into calls of libccad_mpi's wrappers.
 *
 * Requires: S1 calls (EX_CALL with the callee's name; the module's Fn of
 * each declared function, with the file that declares it).
 * Provides: the table's lookup, checks and wrapper calls, for activity
 * (which buffers a call writes) and the transforms.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mpi.h"

static const MpiInfo table[] = {
#define MPI(name, stem, args, why) {#name, stem, args, why},
#include "mpi.def"
#undef MPI
};

static bool is_mpi_h(const char *path) {
  const char *slash = strrchr(path, '/');
  return str_eq(slash ? slash + 1 : path, "mpi.h");
}

/* Did the translation unit read a header named mpi.h? (Looked up once the
 * front end has listed what it read: no MPI call to look for otherwise.) */
static bool reads_mpi_h(Module *m) {
  if (m->mpi_h) return m->mpi_h > 0;
  if (!m->deps.len) return true;  /* (not listed yet: look at the call) */
  m->mpi_h = -1;
  for (int i = 0; i < m->deps.len; i++)
    if (is_mpi_h(m->deps.data[i])) m->mpi_h = 1;
  return m->mpi_h > 0;
}

/* Declared by a header named mpi.h (Open MPI, MPICH), not defined here. */
static bool from_mpi_h(Module *m, const Expr *c) {
  if (c->kind != EX_CALL || !c->text || c->rt || !str_starts(c->text, "MPI_")) return false;
  if (!reads_mpi_h(m)) return false;
  Fn *f = c->fn ? c->fn : mod_find_fn(m, c->text);
  if (!f || f->is_defined || !f->loc.file) return false;
  const char *slash = strrchr(f->loc.file, '/');
  return str_eq(slash ? slash + 1 : f->loc.file, "mpi.h");
}

const MpiInfo *mpi_info(Module *m, const Expr *c) {
  if (!from_mpi_h(m, c)) return NULL;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    /* (an mpi.h whose function takes other arguments than the table says: not this one) */
    if (str_eq(c->text, table[i].name)) return strlen(table[i].args) == (size_t)c->nargs ? &table[i] : NULL;
  return NULL;
}

bool mpi_declared(Module *m, const Expr *c) { return from_mpi_h(m, c); }

/* MPI_Comm, MPI_Datatype, MPI_Op, MPI_Win... by value: in Open MPI a
 * pointer to the library's own struct, which a call may change but which
 * is never the program's memory (a call that sets a handle takes its
 * address: MPI_Comm *). */
bool mpi_handle_arg(Module *m, const Expr *c, int j) {
  if (!from_mpi_h(m, c)) return false;
  Fn *f = c->fn ? c->fn : mod_find_fn(m, c->text);
  if (!f || j < 0 || j >= f->nparams) return false;
  const Type *t = f->params[j]->type;
  return t->name && str_starts(t->name, "MPI_") && !strchr(t->name, '*');
}

bool mpi_is_buffer(char role) { return role && strchr("srRbi", role); }
bool mpi_is_written(char role) { return role && strchr("rRbi", role); }

const Expr *mpi_arg(const Expr *c, int j) {
  const Expr *a = c->args[j];
  /* and a cast to void * as written, MPI_Send((void *)x, ...): what the
   * prototype's conversion does anyway */
  while (a->kind == EX_CAST && (a->is_implicit || (ty_is_ptr(a->type) && a->type->base->kind == TY_VOID &&
                                                   a->lhs->type && ty_is_ptr(a->lhs->type))))
    a = a->lhs;
  return a;
}

bool mpi_float_buffer(const Expr *a) {
  return (ty_is_ptr(a->type) || a->type->kind == TY_ARRAY) && ty_is_float(ty_elem(a->type));
}

/* The one floating type a struct (or array, or complex) is made of, laid
 * out as that many reals without padding (no bitfield, no _Alignas): a
 * particle struct { double x, y; }; NULL for anything else. */
static Type *packed_real(const Type *t) {
  if (!t) return NULL;
  if (t->kind == TY_DOUBLE) return ty_double();
  if (t->kind == TY_FLOAT) return ty_float();
  if (t->kind == TY_COMPLEX) return packed_real(t->base);
  if (t->kind == TY_ARRAY) return t->vla || t->len <= 0 ? NULL : packed_real(t->base);
  if (t->kind != TY_RECORD || !t->rec || t->rec->is_union || !t->rec->nfields) return NULL;
  Type *leaf = NULL;
  for (int i = 0; i < t->rec->nfields; i++) {
    const Field *f = &t->rec->fields[i];
    Type *r = f->is_bitfield || f->align ? NULL : packed_real(f->type);
    if (!r || (leaf && r != leaf)) return NULL;
    leaf = r;
  }
  return leaf;
}

/* A datatype argument written as MPI_DOUBLE or MPI_FLOAT (by name, or as
 * Open MPI expands it: &ompi_mpi_double). */
static bool datatype_is(const Expr *t, const char *name) {
  while (t->kind == EX_CAST) t = t->lhs;
  if (t->kind == EX_NUM) return t->text && str_starts(t->text, "MPI_") && str_eq(t->text + 4, name);
  if (t->kind != EX_ADDR || t->lhs->kind != EX_VAR || !str_starts(t->lhs->var->name, "ompi_mpi_")) return false;
  const char *n = t->lhs->var->name + strlen("ompi_mpi_");
  for (; *n && *name; n++, name++)
    if (*n != *name - 'A' + 'a') return false;
  return !*n && !*name;
}

/* The datatype argument that describes buffer argument j (the 't' after
 * its count), or -1. */
static int datatype_of(const MpiInfo *mi, const Expr *c, int j) {
  int k = j;
  while (mi->args[k] && mi->args[k] != 'n' && mi->args[k] != 'N') k++;
  return mi->args[k] && mi->args[k + 1] == 't' && k + 1 < c->nargs ? k + 1 : -1;
}

/* Buffer argument j of c points to elements made of doubles (floats)
 * alone, sent as MPI_DOUBLE (MPI_FLOAT): those reals' type, else NULL. */
static Type *real_view(const MpiInfo *mi, const Expr *c, int j) {
  const Expr *a = mpi_arg(c, j);
  if (!(ty_is_ptr(a->type) || a->type->kind == TY_ARRAY) || mpi_float_buffer(a)) return NULL;
  const Type *et = ty_elem(a->type);
  if (!et || (et->kind != TY_RECORD && et->kind != TY_ARRAY)) return NULL;
  Type *leaf = packed_real(et);
  int t = datatype_of(mi, c, j);
  if (!leaf || t < 0 || !datatype_is(c->args[t], leaf->kind == TY_DOUBLE ? "DOUBLE" : "FLOAT")) return NULL;
  return leaf;
}

static Walk view_call(Expr *e, void *ctx) {
  const MpiInfo *mi = e->kind == EX_CALL ? mpi_info(ctx, e) : NULL;
  for (int j = 0; mi && mi->stem && mi->args[j] && j < e->nargs; j++) {
    Type *leaf = mpi_is_buffer(mi->args[j]) ? real_view(mi, e, j) : NULL;
    if (!leaf) continue;
    const Expr *a = mpi_arg(e, j);
    Type *lt = leaf;
    if (ty_elem(a->type)->is_const) {
      lt = xmalloc(sizeof *lt);
      *lt = *leaf;
      lt->is_const = true;
    }
    Expr *view = ex_cast(ty_ptr(lt), (Expr *)a);
    if (e->args[j] == a) {
      e->args[j] = view;
      continue;
    }
    Expr *up = e->args[j];  /* the conversion to void * above it */
    while (up->lhs != a) up = up->lhs;
    up->lhs = view;
  }
  return WALK_ON;
}

void mpi_real_views(Module *m) {
  if (!reads_mpi_h(m)) return;
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (f->is_lowered && f->body) st_each_expr(f->body, view_call, m);
  }
}

bool mpi_buffer_type_check(const Expr *c, int j) {
  const Expr *a = mpi_arg(c, j);
  const Type *et = ty_elem(a->type);
  if (!et || mpi_float_buffer(a) || !ty_has_float(et)) return true;
  const char *name = et->name;
  if (!name && et->kind == TY_ARRAY && et->base && et->base->name) name = xfmt("%s[%ld]", et->base->name, et->len);
  diag_at(a->loc.line ? a->loc : c->loc, D_MPI_BUFFER_TYPE, j + 1, c->text, name ? name : "?");
  return false;
}

bool mpi_differentiated(const MpiInfo *mi, const Expr *c) {
  bool any = false;
  for (int j = 0; mi->args[j] && j < c->nargs; j++) {
    if (!mpi_is_buffer(mi->args[j])) continue;
    if (mpi_float_buffer(mpi_arg(c, j))) return true;
    any = true;
  }
  return !any;
}

Expr *mpi_bytes(const MpiInfo *mi, const Expr *c, int j) {
  int k = j;
  while (mi->args[k] && mi->args[k] != 'n' && mi->args[k] != 'N') k++;
  if (!mi->args[k] || k >= c->nargs) return NULL;
  const Expr *buf = mpi_arg(c, j);
  Expr *n = ex_cast(ty_size_t(), ir_clone_expr(c->args[k], NULL));
  Expr *bytes = ex_bin(OP_MUL, n, ex_sizeof_type(ty_unqual(ty_elem(buf->type))));
  if (mi->args[k] == 'N') {
    const char *comm = strchr(mi->args, 'c');
    if (!comm) return NULL;
    Expr *size = ex_call1("ccad_mpi_comm_size", ty_int(), ir_clone_expr(c->args[comm - mi->args], NULL));
    bytes = ex_bin(OP_MUL, bytes, ex_cast(ty_size_t(), size));
  }
  return bytes;
}

Expr *mpi_at_root(const MpiInfo *mi, const Expr *c) {
  const char *comm = strchr(mi->args, 'c');
  if (!strchr(mi->args, 'R') || !comm || comm == mi->args || comm[-1] != '.' || comm - mi->args >= c->nargs)
    return NULL;
  int k = (int)(comm - mi->args);
  Expr *rank = ex_call1("ccad_mpi_comm_rank", ty_int(), ir_clone_expr(c->args[k], NULL));
  return ex_bin(OP_EQ, rank, ir_clone_expr(c->args[k - 1], NULL));
}

static const char *wrapper_name(const MpiInfo *mi, MpiSweep sweep) {
  static const char *suffix[] = {"_jvp", "_fwd", "_bwd"};
  StrBuf b = {0};
  sb_printf(&b, "ccad_mpi_%s%s", mi->stem, suffix[sweep]);
  return sb_take(&b);
}

Expr *mpi_wrapper(Module *m, const MpiInfo *mi, const Expr *c, MpiSweep sweep, MpiShadow shadow, void *ctx) {
  PtrVec args = {0};
  for (int j = 0; j < c->nargs; j++) {
    char role = mi->args[j];
    bool buf = mpi_is_buffer(role);
    if (sweep != MPI_BWD) vec_push(&args, ir_clone_expr(c->args[j], NULL));
    bool with_shadow = buf && (sweep == MPI_JVP ? true : sweep == MPI_FWD ? role == 'i' : role != 'i');
    if (!with_shadow) continue;
    const Expr *a = mpi_arg(c, j);
    Expr *s = mpi_float_buffer(a) ? shadow(ctx, a) : NULL;
    vec_push(&args, s ? s : ex_int(0));
  }
  m->uses_mpi = true;
  Type *ret = sweep == MPI_BWD ? ty_void() : c->type;
  Expr *w = ex_call(wrapper_name(mi, sweep), ret, (Expr **)args.data, args.len);
  w->loc = c->loc;
  return w;
}

/* A reduction operation written as a predefined one (MPI_SUM is the address
 * of a global in Open MPI, a constant in MPICH); a variable holding an op
 * is taken for a user-defined one. */
static bool predefined_op(const Expr *op) {
  while (op->kind == EX_CAST) op = op->lhs;
  if (op->kind == EX_NUM) return true;
  return op->kind == EX_ADDR && op->lhs->kind == EX_VAR && op->lhs->var->kind == VAR_GLOBAL;
}

/* A predefined operation other than MPI_SUM, MPI_MAX, MPI_MIN: its name
 * (PROD for MPI_PROD as written, which the front end keeps by name, or for
 * Open MPI's expansion ompi_mpi_op_prod), else NULL. */
static const char *other_op(const Expr *op) {
  while (op->kind == EX_CAST) op = op->lhs;
  if (op->kind == EX_NUM && op->text && str_starts(op->text, "MPI_")) {
    const char *n = op->text + 4;
    return str_eq(n, "SUM") || str_eq(n, "MAX") || str_eq(n, "MIN") ? NULL : n;
  }
  if (op->kind != EX_ADDR || op->lhs->kind != EX_VAR || !str_starts(op->lhs->var->name, "ompi_mpi_op_")) return NULL;
  const char *n = op->lhs->var->name + strlen("ompi_mpi_op_");
  if (str_eq(n, "sum") || str_eq(n, "max") || str_eq(n, "min")) return NULL;
  StrBuf b = {0};
  for (; *n; n++) sb_putc(&b, (char)(*n >= 'a' && *n <= 'z' ? *n - 'a' + 'A' : *n));
  return sb_take(&b);
}

/* A non-blocking call on float data (its record waits for its wait). */
static Walk finds_float_request(Expr *e, void *ctx) {
  const MpiInfo *mi = e->kind == EX_CALL ? mpi_info(ctx, e) : NULL;
  if (!mi || !mi->stem || !strchr(mi->args, 'q')) return WALK_ON;
  for (int j = 0; mi->args[j] && j < e->nargs; j++)
    if (mpi_is_buffer(mi->args[j]) && mpi_float_buffer(mpi_arg(e, j))) return WALK_STOP;
  return WALK_ON;
}

static bool float_requests(Module *m) {
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (f->is_lowered && f->body && !st_each_expr(f->body, finds_float_request, m)) return true;
  }
  return false;
}

bool mpi_check(Module *m, const MpiInfo *mi, const Expr *c) {
  if (mi && !mi->stem && str_eq(mi->why, "a completion")) {
    if (!float_requests(m)) return true;  /* integer messages: as written */
    diag_at(c->loc, D_MPI_COMPLETION, c->text);
    return false;
  }
  if (!mi) {
    /* another function of mpi.h on float data: not differentiated */
    for (int j = 0; j < c->nargs; j++)
      if (mpi_float_buffer(mpi_arg(c, j))) {
        diag_at(c->loc, D_MPI_UNKNOWN, c->text);
        return false;
      }
    (void)m;
    return true;
  }
  if (!mi->stem) {
    if (!mpi_differentiated(mi, c)) return true;
    diag_at(c->loc, D_MPI_ONE_SIDED, c->text, mi->why);
    return false;
  }
  for (int j = 0; mi->args[j] && j < c->nargs; j++)
    if (mpi_is_buffer(mi->args[j]) && mpi_differentiated(mi, c) && !mpi_buffer_type_check(c, j)) return false;
  for (int j = 0; mi->args[j] && j < c->nargs; j++) {
    if (mi->args[j] != 'o' || !mpi_differentiated(mi, c)) continue;
    const char *other = other_op(c->args[j]);
    if (!predefined_op(c->args[j]))
      diag_at(c->args[j]->loc, D_MPI_USER_OP, c->text);
    else if (other)
      diag_at(c->args[j]->loc, D_MPI_OP, c->text, other);
    else
      continue;
    return false;
  }
  return true;
}

static Walk finds_mpi(Expr *e, void *ctx) {
  Module *m = ctx;
  const MpiInfo *mi = e->kind == EX_CALL ? mpi_info(m, e) : NULL;
  return mi && mi->stem && mpi_differentiated(mi, e) ? WALK_STOP : WALK_ON;
}

bool mpi_program(Module *m) {
  if (!m->uses_mpi && !reads_mpi_h(m)) return false;
  for (int i = 0; i < m->fns.len && !m->uses_mpi; i++) {
    Fn *f = m->fns.data[i];
    if (!f->is_lowered || !f->body || ptrmap_get(&m->mpi_scanned, f)) continue;
    ptrmap_put(&m->mpi_scanned, f, (void *)1);  /* each body searched once: a run stays linear */
    if (!st_each_expr(f->body, finds_mpi, m)) m->uses_mpi = true;
  }
  return m->uses_mpi;
}

typedef struct Talks { Module *m; PtrMap seen; } Talks;

/* A call that communicates: a function of mpi.h other than the queries
 * (MPI_Comm_rank...), or a wrapper of libccad_mpi (a generated function's). */
static bool talks_call(Module *m, const Expr *c) {
  static const char *quiet[] = {"MPI_Comm_rank", "MPI_Comm_size", "MPI_Wtime", "MPI_Wtick", "MPI_Initialized",
                                "MPI_Finalized", "MPI_Query_thread", "MPI_Is_thread_main", NULL};
  if (!c->text) return false;
  if (str_starts(c->text, "ccad_mpi_"))
    return !str_eq(c->text, "ccad_mpi_comm_size") && !str_eq(c->text, "ccad_mpi_comm_rank");
  if (!from_mpi_h(m, c)) return false;
  for (int i = 0; quiet[i]; i++)
    if (str_eq(c->text, quiet[i])) return false;
  return true;
}

static bool talks_fn(Talks *t, Fn *f);

static Walk finds_talk(Expr *e, void *ctx) {
  Talks *t = ctx;
  if (e->kind != EX_CALL) return WALK_ON;
  if (talks_call(t->m, e)) return WALK_STOP;
  Fn *g = e->fn ? e->fn : e->text ? mod_find_fn(t->m, e->text) : NULL;
  return g && talks_fn(t, g) ? WALK_STOP : WALK_ON;
}

static bool talks_fn(Talks *t, Fn *f) {
  if (!f->body || ptrmap_get(&t->seen, f)) return false;
  ptrmap_put(&t->seen, f, (void *)1);
  return !st_each_expr(f->body, finds_talk, t);
}

bool mpi_communicates(Module *m, Fn *f) {
  Talks t = {m, {0}};
  bool r = talks_fn(&t, f);
  free(t.seen.keys);
  free(t.seen.vals);
  return r;
}

Expr *mpi_grad_seed(Module *m, Expr *result, Type *t) {
  m->uses_mpi = true;
  return ex_cast(t, ex_call1("ccad_mpi_grad_seed", ty_double(), ex_cast(ty_double(), result)));
}

const MpiInfo *mpi_wrapper_info(const Expr *c, MpiSweep *sweep) {
  if (c->kind != EX_CALL || !c->text || !str_starts(c->text, "ccad_mpi_")) return NULL;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (!table[i].stem) continue;
    for (int s = MPI_FWD; s <= MPI_BWD; s++)
      if (str_eq(c->text, wrapper_name(&table[i], (MpiSweep)s))) {
        *sweep = (MpiSweep)s;
        return &table[i];
      }
  }
  return NULL;
}

Expr *mpi_wrapper_jvp(Module *m, const MpiInfo *mi, MpiSweep sweep, const Expr *c, MpiShadow shadow, void *ctx) {
  if (strchr(mi->args, 'q')) return NULL;  /* non-blocking: no tangents of its sweeps */
  PtrVec args = {0};
  for (int j = 0; j < c->nargs; j++) {
    vec_push(&args, ir_clone_expr(c->args[j], NULL));
    if (sweep == MPI_FWD && !mpi_is_buffer(mi->args[j])) continue;
    const Expr *a = mpi_arg(c, j);
    Expr *s = mpi_float_buffer(a) ? shadow(ctx, a) : NULL;
    vec_push(&args, s ? s : ex_int(0));
  }
  m->uses_mpi = true;
  Expr *w = ex_call(xfmt("%s_jvp", c->text), c->type, (Expr **)args.data, args.len);
  w->loc = c->loc;
  return w;
}

/* A call to a function cc-ad sees no body of, given the address of an
 * MPI_Request, in a program that posts non-blocking calls on float data:
 * a request may be completed (or posted) where libccad_mpi cannot follow. */
bool mpi_request_escapes(Module *m, const Expr *c) {
  if (c->kind != EX_CALL || !c->text || c->rt || from_mpi_h(m, c)) return false;
  const Fn *f = c->fn ? c->fn : mod_find_fn(m, c->text);
  if (f && f->body) return false;
  for (int j = 0; j < c->nargs; j++) {
    const Type *t = ex_strip_implicit(c->args[j])->type;
    if ((ty_is_ptr(t) || t->kind == TY_ARRAY) && t->base && t->base->name && str_eq(t->base->name, "MPI_Request"))
      return float_requests(m);
  }
  return false;
}
