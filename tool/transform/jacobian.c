/*
 * jacobian.c — jacfwd, jacrev, hessian, hvp. S2 -> S3, built from the
 * other transforms:
 *
 *   jacfwd(f)  = one f_jvp sweep per input element (column j of J)
 *   jacrev(f)  = one f_vjp sweep per output element (row i of J)
 *   hvp(f)     = jvp(f_grad): forward over reverse, H v in one sweep
 *   hessian(f) = one hvp sweep per input element
 *
 * The internal derivative functions are static; the requested function is
 * a driver around them whose body is written as C text (its statements are
 * ST_VERBATIM), so it cannot itself be differentiated again. Between
 * sweeps, memory f both reads and writes (in-out parameters) is put back
 * as it was on entry, so each sweep differentiates the same function; the
 * last sweep leaves f's final values.
 */
#include <stdarg.h>
#include <string.h>

#include "../emit/emit.h"
#include "transform.h"

typedef struct Block {
  Var *p;           /* the parameter (in the primal) */
  int param;        /* its index */
  Expr *size;       /* element count (NULL: a scalar) */
  const char *n;    /* C text: its entry count in the flattened list */
  const char *off;  /* C text: its offset in the flattened list */
  Type *elem;       /* element type */
  bool rows;        /* p points to arrays: its buffers are passed as void * */
  /* a struct (or array of structs): its floating fields are k entries per
   * element, read and written through the functions get and set */
  const char *cnt;  /* C text: its element count */
  int k;            /* 0: not a struct */
  const char *get, *set;
  Type *scalar;     /* the type of its entries */
} Block;

static char *text(const Expr *e) { return e ? emit_expr(e) : xstrdup("1"); }

static const char *tname(Type *t) { return emit_type_name(t); }

/* ---- Structs: floating fields flattened in declaration order ------------
 * A struct input or output contributes its floating fields (nested structs
 * and arrays of them included, array fields element by element) in
 * declaration order, element after element for an array of structs. Two
 * static functions per struct type read and write entry l of one struct:
 *   static double ccad_flat_get_P(const P *s, long l);
 *   static void ccad_flat_set_P(P *s, long l, double v);                */

typedef struct Leaf { const char *path; long count; Type *t; } Leaf;

/* The floating leaves of t at path (s->path); false with *bad set (the
 * field, then why) for what cannot be flattened: pointers to floating
 * data, unions holding floating data, arrays without a fixed length. */
static bool leaves(Type *t, const char *path, PtrVec *out, const char **bad, const char *field) {
  if (ty_is_float(t)) {
    Leaf *l = xmalloc(sizeof *l);
    *l = (Leaf){path, 1, t};
    vec_push(out, l);
    return true;
  }
  if (t->kind == TY_ARRAY) {
    if (!ty_has_float(t)) return true;
    if (t->len < 0 || t->vla) {
      bad[0] = field;
      bad[1] = "has no fixed length";
      return false;
    }
    if (ty_is_float(t->base)) {
      Leaf *l = xmalloc(sizeof *l);
      *l = (Leaf){path, t->len, t->base};
      vec_push(out, l);
      return true;
    }
    for (long i = 0; i < t->len; i++)
      if (!leaves(t->base, xfmt("%s[%ld]", path, i), out, bad, field)) return false;
    return true;
  }
  if (t->kind == TY_RECORD && t->rec) {
    if (t->rec->is_union && ty_has_float(t)) {
      bad[0] = field;
      bad[1] = "is a union holding floating data";
      return false;
    }
    for (int i = 0; i < t->rec->nfields; i++) {
      Field *fl = &t->rec->fields[i];
      const char *name = fl->name && *fl->name ? fl->name : NULL;  /* anonymous member: its fields */
      const char *sub = name ? xfmt("%s%s%s", path, *path ? "." : "", name) : path;
      if (!leaves(fl->type, sub, out, bad, name ? name : field)) return false;
    }
    return true;
  }
  if (ty_is_ptr(t) && ty_reaches_float(t)) {
    bad[0] = field;
    bad[1] = "leads to floating data through a pointer";
    return false;
  }
  return true;  /* integers, other pointers: no entries */
}

/* static RET NAME(S *s, long l[, double v]) { BODY }, one statement a line */
static Fn *flat_fn(Module *m, const char *name, Type *ret, Type *s, bool set, const char *body) {
  Fn *d = xmalloc(sizeof *d);
  d->name = tr_fresh_fn_name(m, name);
  d->ret = ret;
  d->is_static = true;
  d->is_defined = d->is_lowered = d->is_generated = true;
  d->nparams = set ? 3 : 2;
  d->params = xmalloc(sizeof(Var *) * 3);
  d->params[0] = fn_new_var(d, "s", ty_ptr(s), VAR_PARAM, (SrcLoc){0});
  d->params[1] = fn_new_var(d, "l", ty_long(), VAR_PARAM, (SrcLoc){0});
  if (set) d->params[2] = fn_new_var(d, "v", ty_double(), VAR_PARAM, (SrcLoc){0});
  d->body = st_block((SrcLoc){0});
  for (char *l = xstrdup(body), *nl; l && *l; l = nl) {
    nl = strchr(l, '\n');
    if (nl) *nl++ = 0;
    st_append(d->body, st_verbatim(l, (SrcLoc){0}));
  }
  vec_push(&m->generated, d);
  return d;
}

/* Fills b's struct fields for struct type t; false after an error. */
static bool flatten(Module *m, Request *r, SrcLoc loc, Block *b, Type *t, const char *what) {
  static PtrMap made;  /* Record* -> Block* holding its get/set and leaves */
  Block *known = ptrmap_get(&made, t->rec);
  if (known) {
    b->k = known->k;
    b->get = known->get;
    b->set = known->set;
    b->scalar = known->scalar;
    return true;
  }
  PtrVec ls = {0};
  const char *bad[2] = {NULL, NULL};
  if (!leaves(t, "", &ls, bad, NULL)) {
    diag_at(loc, D_JAC_STRUCT_POINTER, r->gen_name, b->p ? b->p->name : "return", bad[0] ? bad[0] : "?", bad[1]);
    return false;
  }
  long k = 0;
  bool dbl = false;
  for (int i = 0; i < ls.len; i++) {
    Leaf *l = ls.data[i];
    k += l->count;
    dbl |= l->t->kind == TY_DOUBLE;
  }
  if (!k) {
    diag_at(loc, D_JAC_STRUCT_NO_FLOAT, r->gen_name, b->p ? b->p->name : "return", what);
    return false;
  }
  const char *tag = t->rec->tdname ? t->rec->tdname : t->rec->tag ? t->rec->tag : "struct";
  StrBuf get = {0}, set = {0};
  long at = 0;
  for (int i = 0; i < ls.len; i++) {
    Leaf *l = ls.data[i];
    const char *cast = l->t->kind == TY_FLOAT ? "(float)" : "";
    bool last = i == ls.len - 1;
    if (l->count == 1) {
      if (!last) sb_printf(&get, "if (l == %ld) ", at);
      sb_printf(&get, "return s->%s;\n", l->path);
      sb_printf(&set, "if (l == %ld) s->%s = %sv;\n", at, l->path, cast);
    } else {
      if (!last) sb_printf(&get, "if (l < %ld) ", at + l->count);
      sb_printf(&get, "return s->%s[l - %ld];\n", l->path, at);
      sb_printf(&set, "if (l >= %ld && l < %ld) s->%s[l - %ld] = %sv;\n", at, at + l->count, l->path, at, cast);
    }
    at += l->count;
  }
  Type *ct = xmalloc(sizeof *ct);
  *ct = *t;
  ct->is_const = true;
  b->k = (int)k;
  b->scalar = dbl ? ty_double() : ty_float();
  b->get = flat_fn(m, xfmt("ccad_flat_get_%s", tag), ty_double(), ct, false, sb_take(&get))->name;
  b->set = flat_fn(m, xfmt("ccad_flat_set_%s", tag), ty_void(), ty_unqual(t), true, sb_take(&set))->name;
  Block *keep = xmalloc(sizeof *keep);
  *keep = *b;
  ptrmap_put(&made, t->rec, keep);
  return true;
}

/* C text for a driver variable v holding a block's seeds or results (an
 * array for a pointer parameter, else one value): its address, entry q
 * (relative to the block) of it, zeroing it, entry q = 1, its declaration. */
static const char *at_addr(const Block *b, const char *v) { return xfmt("%s%s", b->size ? "" : "&", v); }

/* the struct holding entry q */
static const char *holder(const Block *b, const char *v, const char *q) {
  return b->size ? xfmt("&%s[(%s) / %d]", v, q, b->k) : xfmt("&%s", v);
}

static const char *entry(const Block *b, const char *v, const char *q) {
  if (b->k) return xfmt("%s(%s, (%s) %% %d)", b->get, holder(b, v, q), q, b->k);
  return b->size ? xfmt("%s[%s]", v, q) : v;
}

static const char *zero_text(const Block *b, const char *v) {
  if (b->k || b->size) return xfmt("memset(%s, 0, (size_t)%s * sizeof(%s));", at_addr(b, v), b->cnt, tname(b->elem));
  return xfmt("%s = 0;", v);
}

static const char *one_text(const Block *b, const char *v, const char *q) {
  if (b->k) return xfmt("%s(%s, (%s) %% %d, 1);", b->set, holder(b, v, q), q, b->k);
  return xfmt("%s = 1;", entry(b, v, q));
}

static const char *result_decl(Fn *f) {
  const char *t = tname(ty_unqual(f->ret));
  if (f->ret->kind == TY_RECORD) return xfmt("%s result;\nmemset(&result, 0, sizeof result);", t);
  return xfmt("%s result = 0;", t);
}

static const char *decl_text(const Block *b, const char *v) {
  const char *e = tname(b->elem);
  if (b->size) return xfmt("%s *%s = calloc((size_t)%s, sizeof(%s));", e, v, b->cnt, e);
  if (b->k) return xfmt("%s %s;\n%s", e, v, zero_text(b, v));
  return xfmt("%s %s = 0;", e, v);
}

/* Blocks for a list of request items; false (after an error) on a pointer
 * without a size. */
static bool blocks(Module *m, Request *r, ReqItem *items, int n, Block *out, const char *what) {
  Fn *f = r->fn;
  StrBuf off = {0};
  sb_puts(&off, "0");
  for (int i = 0; i < n; i++) {
    ReqItem *it = &items[i];
    Block *b = &out[i];
    memset(b, 0, sizeof *b);
    b->param = it->param;
    b->off = xstrdup(off.s);
    if (it->param < 0) {  /* return */
      b->elem = ty_unqual(f->ret);
      b->n = "1";
    } else {
      b->p = f->params[it->param];
      if (ty_is_ptr(b->p->type)) {
        if (!it->size_expr) {
          diag_at(it->loc, D_JAC_NEEDS_SIZE, r->gen_name, it->name, what, it->name);
          return false;
        }
        b->size = it->size_expr;
        b->n = xfmt("((long)(%s))", text(it->size_expr));
        /* rows of a matrix parameter (double (*M)[p], wrt(M[n][p])) are
         * flattened: n * p scalars */
        Type *e = b->p->type->base;
        for (; e->kind == TY_ARRAY; e = e->base)
          b->n = xfmt("%s * ((long)(%s))", b->n, e->vla ? text(e->vla) : xfmt("%ld", e->len));
        b->elem = ty_unqual(e);
        b->rows = b->p->type->base->kind == TY_ARRAY;
      } else {
        b->n = "1";
        b->elem = ty_unqual(b->p->type);
      }
    }
    b->cnt = b->n;
    b->scalar = b->elem;
    if (b->elem->kind == TY_RECORD) {
      if (!flatten(m, r, it->loc, b, b->elem, what)) return false;
      b->n = b->size ? xfmt("(%s * %d)", b->cnt, b->k) : xfmt("%d", b->k);
    } else if (!ty_is_float(b->elem)) {
      diag_at(it->loc, D_JAC_NOT_FLOAT, r->gen_name, it->name);
      return false;
    }
    sb_printf(&off, " + %s", b->n);
  }
  return true;
}

static const char *total(Block *b, int n) {
  if (!n) return "0";
  StrBuf s = {0};
  for (int i = 0; i < n; i++) sb_printf(&s, "%s%s", i ? " + " : "", b[i].n);
  return sb_take(&s);
}

static Request *sub_request(Request *r, Directive dir, Fn *fn, const char *name) {
  Request *s = xmalloc(sizeof *s);
  s->dir = dir;
  s->fname = fn->name;
  s->fn = fn;
  s->loc = r->loc;
  s->gen_name = name;
  return s;
}

static ReqItem *copy_items(ReqItem *items, int n) {
  ReqItem *c = xmalloc(sizeof(ReqItem) * (size_t)(n ? n : 1));
  if (n) memcpy(c, items, sizeof(ReqItem) * (size_t)n);
  return c;
}

/* ---- The driver's names ------------------------------------------------
 * The driver's own names (loop counters, buffers, its extra parameters)
 * must not capture a parameter of f: a parameter spelled like one of them
 * (int q, double *jac, ...) is renamed while the driver is built (the
 * header shows the new name), and the driver declares a copy of it. */

static PtrMap renamed;     /* f's parameter Var* -> the driver's copy */
static PtrVec renamed_at;  /* Var*, old name, ... to restore */

static bool driver_name(Fn *f, const char *name) {
  static const char *const own[] = {"sweep", "q", "lane", "j", "n_in", "n_out", "result", "jac", "hess", "ret_dot",
                                    "d_ret", NULL};
  for (int i = 0; own[i]; i++)
    if (str_eq(name, own[i])) return true;
  for (int i = 0; i < f->nparams; i++) {
    const char *p = f->params[i]->name;
    static const char *const pre[] = {"d_", "g_", "v_", "hv_", "keep_", NULL};
    for (int k = 0; pre[k]; k++)
      if (str_eq(name, xfmt("%s%s", pre[k], p))) return true;
    if (str_eq(name, xfmt("%s_v", p)) || str_eq(name, xfmt("%s_hv", p))) return true;
  }
  return false;
}

static void names_begin(Fn *f) {
  for (int i = 0; i < f->nparams; i++) {
    Var *p = f->params[i];
    if (!driver_name(f, p->name)) continue;
    const char *fresh = NULL;
    for (int k = 2; !fresh || driver_name(f, fresh) || nameset_has(&f->names, fresh); k++)
      fresh = xfmt("%s_%d", p->name, k);
    vec_push(&renamed_at, p);
    vec_push(&renamed_at, (void *)p->name);
    Var *c = xmalloc(sizeof *c);
    *c = *p;
    c->name = p->name = fresh;
    ptrmap_put(&renamed, p, c);
  }
}

static void names_end(void) {
  for (int i = 0; i < renamed_at.len; i += 2) ((Var *)renamed_at.data[i])->name = renamed_at.data[i + 1];
  renamed_at.len = 0;
}

/* p's name in f (a renamed parameter's shadows keep it: x_v, x_hv) */
static const char *orig_name(Var *p) {
  for (int i = 0; i < renamed_at.len; i += 2)
    if (renamed_at.data[i] == p) return renamed_at.data[i + 1];
  return p->name;
}

static Var *dparam(Var *p) {
  Var *c = ptrmap_get(&renamed, p);
  return c ? c : p;
}

/* The driver function: f's parameters plus 'extra', body lines. */
static Fn *driver_fn(Module *m, Request *r, PtrVec *extra_params, Type *ret) {
  Fn *f = r->fn;
  Fn *d = xmalloc(sizeof *d);
  d->name = r->gen_name;
  d->ret = ret;
  d->is_defined = d->is_lowered = d->is_generated = true;
  d->loc = f->loc;
  d->nvars = f->nvars;
  for (int i = 0; i < f->names.cap; i++)
    if (f->names.keys && f->names.keys[i]) nameset_add(&d->names, f->names.keys[i]);
  PtrVec params = {0};
  for (int j = 0; j < f->nparams; j++) vec_push(&params, dparam(f->params[j]));
  for (int i = 0; i < extra_params->len; i++) vec_push(&params, extra_params->data[i]);
  d->params = (Var **)params.data;
  d->nparams = params.len;
  d->body = st_block(f->loc);
  (void)m;
  return d;
}

static void line(Fn *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(Fn *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *t = xvfmt(fmt, ap);
  va_end(ap);
  /* one statement per line; the indent of the first for the others */
  const char *ind = "";
  for (char *nl; (nl = strchr(t, '\n'));) {
    *nl = 0;
    st_append(d->body, st_verbatim(xfmt("%s%s", ind, t), (SrcLoc){0}));
    if (!*ind) ind = xstrndup(t, strspn(t, " "));
    t = nl + 1;
  }
  st_append(d->body, st_verbatim(xfmt("%s%s", ind, t), (SrcLoc){0}));
}

/* Which of f's pointer parameters does f write? (restored between sweeps) */
static bool writes_param(Request *r, int j) {
  Var *p = r->fn->params[j];
  if (!ty_is_ptr(p->type) || p->type->base->is_const) return false;
  for (int i = 0; i < r->nout; i++)
    if (r->out[i].param == j) return true;
  return false;
}

/* In-out memory: f's outputs that it also reads are saved before the first
 * sweep (keep_p) and put back before every later one. */
static const char *out_count(Request *r, const Block *out, int j) {
  for (int i = 0; i < r->nout; i++)
    if (out[i].param == j) return out[i].cnt;
  return NULL;
}

static const Expr *out_size(Request *r, const Block *out, int j) {
  for (int i = 0; i < r->nout; i++)
    if (out[i].param == j) return out[i].size;
  return NULL;
}

/* A small constant count: kept on the stack. */
static bool keep_fixed(const Expr *size) {
  return size && size->kind == EX_NUM && size->value >= 1 && size->value <= 256 && size->value == (long)size->value;
}

static void save_inout(Fn *d, Fn *f, Request *r, const Block *out) {
  for (int j = 0; j < f->nparams; j++) {
    if (!writes_param(r, j)) continue;
    Var *p = f->params[j];
    const char *n = out_count(r, out, j);
    const Expr *z = out_size(r, out, j);
    if (keep_fixed(z))
      line(d, "%s keep_%s[%ld];", tname(ty_unqual(p->type->base)), p->name, (long)z->value);
    else
      line(d, "%s *keep_%s = malloc((size_t)%s * sizeof(*%s));", tname(ty_unqual(p->type->base)), p->name, n, p->name);
    line(d, "memcpy(keep_%s, %s, (size_t)%s * sizeof(*%s));", p->name, p->name, n, p->name);
  }
}

static void restore_inout(Fn *d, Fn *f, Request *r, const Block *out) {
  for (int j = 0; j < f->nparams; j++) {
    if (!writes_param(r, j)) continue;
    Var *p = f->params[j];
    const char *n = out_count(r, out, j);
    line(d, "  if (sweep > 0) memcpy(%s, keep_%s, (size_t)%s * sizeof(*%s));", p->name, p->name, n, p->name);
  }
}

/* ---- jacfwd / jacrev ---------------------------------------------------- */

/* jacfwd: tangent directions per vector sweep. Every column in one sweep
 * (one run of f) when there are at most 16 and their count is a constant,
 * else 8 per sweep. */
static int lanes_for(const Block *in, int nin) {
  long n = 0;
  for (int i = 0; i < nin; i++) {
    const Expr *z = in[i].size;
    if (!z) n += 1;
    else if (z->kind == EX_NUM && z->value >= 0 && z->value == (long)z->value) n += (long)z->value;
    else return 8;
  }
  int w = 2;
  while (w < n && w < 16) w *= 2;
  return w;
}

static bool in_inputs(Block *in, int nin, int param) {
  for (int k = 0; k < nin; k++)
    if (in[k].param == param && param >= 0) return true;
  return false;
}

/* A block whose derivatives fit on the stack: a constant element count. */
static bool fixed_rows(const Expr *size) { return keep_fixed(size); }

/* The derivative buffers of one block, for every lane in one allocation
 * (a jacfwd of a small function would otherwise spend its time in calloc):
 * rows, T (*d_p)[L] with element q of lane l at d_p[q][l], or L pointers,
 * d_p[l][q]. */
static void lane_buffers(Fn *d, bool rows, int L, const char *e, const char *p, const char *n, const Expr *size) {
  if (rows && fixed_rows(size)) {  /* a small constant size: no allocation */
    line(d, "%s d_%s[%ld][%d] = {{0}};", e, p, (long)size->value, L);
    return;
  }
  if (rows) {
    line(d, "%s (*d_%s)[%d] = calloc((size_t)%s, sizeof(*d_%s));", e, p, L, n, p);
    return;
  }
  line(d, "%s *d_%s[%d];", e, p, L);
  line(d, "d_%s[0] = calloc((size_t)%d * (size_t)%s, sizeof(%s));", p, L, n, e);
  line(d, "for (int lane = 1; lane < %d; lane++) d_%s[lane] = d_%s[0] + lane * %s;", L, p, p, n);
}

static void clear_lanes(Fn *d, bool rows, int L, const char *p, const char *n) {
  if (rows)
    line(d, "  memset(d_%s, 0, (size_t)%s * sizeof(*d_%s));", p, n, p);
  else
    line(d, "  memset(d_%s[0], 0, (size_t)%d * (size_t)%s * sizeof(*d_%s[0]));", p, L, n, p);
}

/* C text: element 'q' of lane 'lane' of block p. */
static const char *lane_at(bool rows, const char *p, const char *q) {
  return rows ? xfmt("d_%s[%s][lane]", p, q) : xfmt("d_%s[lane][%s]", p, q);
}

/* An input block that f only reads: its derivative buffers hold zeros
 * but for the seeds. */
static bool keeps_zeros(const Block *b) { return ty_is_ptr(b->p->type) && b->p->type->base->is_const; }

/* jacfwd with the vector sweep: L columns of J per run of f. */
static void vector_driver(Module *m, Request *r, Fn *d, Fn *sw, bool rows, int L, Variant *v, Block *in, Block *out) {
  Fn *f = r->fn;
  line(d, "const long n_in = %s;", total(in, r->nwrt));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    const char *e = tname(b->elem), *p = b->p->name;
    if (b->size) {
      lane_buffers(d, rows, L, e, p, b->n, b->size);
    } else {
      line(d, "%s d_%s[%d];", e, p, L);
    }
  }
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    const char *e = tname(b->elem);
    if (b->param < 0) {
      line(d, "%s d_ret[%d];", e, L);
    } else if (!in_inputs(in, r->nwrt, b->param)) {
      lane_buffers(d, rows, L, e, b->p->name, b->n, b->size);
    }
  }
  save_inout(d, f, r, out);
  if (f->ret->kind != TY_VOID) line(d, "%s", result_decl(f));
  line(d, "for (long sweep = 0; sweep < n_in || sweep == 0; sweep += %d) {", L);
  restore_inout(d, f, r, out);
  /* one memset per block (the lanes' buffers are contiguous); an input f
   * cannot write keeps its zeros, and only its seeds are reset after the sweep */
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size && !keeps_zeros(&in[i])) clear_lanes(d, rows, L, in[i].p->name, in[i].n);
  for (int i = 0; i < r->nout; i++)  /* (a pure output's the sweep zeroes itself) */
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !v->zero_out[out[i].param])
      clear_lanes(d, rows, L, out[i].p->name, out[i].n);
  line(d, "  for (int lane = 0; lane < %d; lane++) {", L);
  line(d, "    const long j = sweep + lane;");
  line(d, "    (void)j;");
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    const char *p = b->p->name;
    if (b->size)
      line(d, "    if (j >= %s && j < %s + %s) %s = 1;", b->off, b->off, b->n, lane_at(rows, p, xfmt("j - (%s)", b->off)));
    else
      line(d, "    d_%s[lane] = j == %s;", p, b->off);
  }
  for (int i = 0; i < r->nout; i++)
    if (out[i].param < 0) line(d, "    d_ret[lane] = 0;");
  line(d, "  }");
  StrBuf call = {0};
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    sb_printf(&call, "%s%s", j ? ", " : "", p->name);
    if (v->shadow[j])
      sb_printf(&call, ", %sd_%s", ty_is_ptr(p->type) && p->type->base->kind == TY_ARRAY ? "(void *)" : "", p->name);
  }
  if (v->ret && ty_is_float(f->ret)) sb_puts(&call, ", d_ret");
  line(d, "  %s%s(%s);", f->ret->kind != TY_VOID ? "result = " : "", sw->name, call.s ? call.s : "");
  line(d, "  for (int lane = 0; lane < %d && sweep + lane < n_in; lane++) {", L);
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    const char *name = b->param < 0 ? "ret" : b->p->name;
    if (b->size)
      line(d, "    for (long q = 0; q < %s; q++) jac[(%s + q) * n_in + sweep + lane] = %s;", b->n, b->off,
           lane_at(rows, name, "q"));
    else
      line(d, "    jac[(%s) * n_in + sweep + lane] = d_%s[lane];", b->off, name);
  }
  line(d, "  }");
  bool reset = false;
  for (int i = 0; i < r->nwrt; i++) reset |= in[i].size && keeps_zeros(&in[i]);
  if (reset) {
    line(d, "  for (int lane = 0; lane < %d; lane++) {", L);
    line(d, "    const long j = sweep + lane;");
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      if (b->size && keeps_zeros(b))
        line(d, "    if (j >= %s && j < %s + %s) %s = 0;", b->off, b->off, b->n,
             lane_at(rows, b->p->name, xfmt("j - (%s)", b->off)));
    }
    line(d, "  }");
  }
  line(d, "}");
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size && !(rows && fixed_rows(in[i].size))) line(d, "free(d_%s%s);", in[i].p->name, rows ? "" : "[0]");
  for (int i = 0; i < r->nout; i++)
    if (out[i].size && !in_inputs(in, r->nwrt, out[i].param) && !(rows && fixed_rows(out[i].size)))
      line(d, "free(d_%s%s);", out[i].p->name, rows ? "" : "[0]");
  for (int j = 0; j < f->nparams; j++)
    if (writes_param(r, j) && !keep_fixed(out_size(r, out, j))) line(d, "free(keep_%s);", f->params[j]->name);
  if (f->ret->kind != TY_VOID) line(d, "return result;");
  r->result = d;
  vec_push(&m->generated, d);
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward);

static void jacobian(Module *m, Request *r, bool forward) {
  Fn *f = r->fn;
  Request *probe = sub_request(r, forward ? DIR_JVP : DIR_VJP, f, r->gen_name);
  probe->wrt = r->wrt;
  probe->nwrt = r->nwrt;
  probe->has_wrt = r->has_wrt;
  probe->out = r->out;
  probe->nout = r->nout;
  probe->has_out = r->has_out;
  /* the inner sweep: f_jvp or f_vjp, static */
  const char *inner = tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, forward ? "jacfwd" : "jacrev"));
  Request *s = sub_request(r, forward ? DIR_JVP : DIR_VJP, f, inner);
  s->wrt = copy_items(r->wrt, r->nwrt);
  s->nwrt = r->nwrt;
  s->has_wrt = r->has_wrt;
  s->out = copy_items(r->out, r->nout);
  s->nout = r->nout;
  s->has_out = r->has_out;
  s->result = forward ? tangent_request(m, s) : adjoint_request(m, s);
  if (!s->result) return;
  s->result->is_static = true;
  names_begin(f);
  jacobian_driver(m, r, s, forward);
  names_end();
}

static void jacobian_driver(Module *m, Request *r, Request *s, bool forward) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1)), *out = xmalloc(sizeof(Block) * (size_t)(r->nout + 1));
  if (!blocks(m, r, r->wrt, r->nwrt, in, "wrt") || !blocks(m, r, r->out, r->nout, out, "out")) return;
  Type *et = r->nout ? out[0].scalar : ty_double();
  PtrVec extra = {0};
  Var *jac = fn_new_var(f, "jac", ty_ptr(et), VAR_PARAM, f->loc);
  jac->name = "jac";
  vec_push(&extra, jac);
  Fn *d = driver_fn(m, r, &extra, f->ret);
  bool rows = false;
  int L = lanes_for(in, r->nwrt);
  Fn *sw = s->result;
  bool structs = false;  /* the vector sweep's lanes are arrays of scalars */
  for (int i = 0; i < r->nwrt; i++) structs |= in[i].k > 0;
  for (int i = 0; i < r->nout; i++) structs |= out[i].k > 0;
  Fn *vsw = forward && !structs ? vectorize_tangent(m, sw, L, &rows) : NULL;
  if (vsw) {
    vector_driver(m, r, d, vsw, rows, L, act_request_variant(m, s), in, out);
    return;
  }
  const char *N = total(in, r->nwrt), *M = total(out, r->nout);
  line(d, "const long n_in = %s, n_out = %s;", N, M);
  line(d, "(void)n_in;");
  line(d, "(void)n_out;");
  /* seed and result storage: one per block */
  for (int i = 0; i < r->nwrt; i++) line(d, "%s", decl_text(&in[i], xfmt("d_%s", in[i].p->name)));
  for (int i = 0; i < r->nout; i++) {
    Block *b = &out[i];
    bool also_in = false;
    for (int k = 0; k < r->nwrt; k++) also_in |= in[k].param == b->param && b->param >= 0;
    if (!also_in) line(d, "%s", decl_text(b, xfmt("d_%s", b->param < 0 ? "ret" : b->p->name)));
  }
  /* in-out memory, restored before every sweep but the first */
  save_inout(d, f, r, out);
  if (f->ret->kind != TY_VOID) line(d, "%s", result_decl(f));
  const char *count = forward ? "n_in" : "n_out";
  /* at least one sweep, so f runs (and returns) even with no rows or columns */
  line(d, "for (long sweep = 0; sweep < %s || sweep == 0; sweep++) {", count);
  restore_inout(d, f, r, out);
  /* seeds: e_sweep in the input blocks (jacfwd) or output blocks (jacrev) */
  Block *seeded = forward ? in : out;
  int nseeded = forward ? r->nwrt : r->nout;
  Block *cleared = forward ? out : in;
  int ncleared = forward ? r->nout : r->nwrt;
  for (int i = 0; i < nseeded; i++) {
    Block *b = &seeded[i];
    const char *v = xfmt("d_%s", b->param < 0 ? "ret" : b->p->name);
    line(d, "  %s", zero_text(b, v));
    line(d, "  if (sweep >= %s && sweep < %s + %s) %s", b->off, b->off, b->n, one_text(b, v, xfmt("sweep - (%s)", b->off)));
  }
  for (int i = 0; i < ncleared; i++) {
    Block *b = &cleared[i];
    bool seeded_too = false;
    for (int k = 0; k < nseeded; k++) seeded_too |= seeded[k].param == b->param && b->param >= 0;
    if (seeded_too) continue;  /* an in-out block: its seed was just set */
    line(d, "  %s", zero_text(b, xfmt("d_%s", b->param < 0 ? "ret" : b->p->name)));
  }
  /* the sweep: f's arguments, each active one followed by its seed or result */
  Variant *v = act_request_variant(m, s);
  StrBuf call = {0};
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    sb_printf(&call, "%s%s", j ? ", " : "", p->name);
    if (!v->shadow[j]) continue;
    if (ty_is_ptr(p->type))
      sb_printf(&call, ", %sd_%s", p->type->base->kind == TY_ARRAY ? "(void *)" : "", p->name);
    else
      sb_printf(&call, forward ? ", d_%s" : ", &d_%s", p->name);
  }
  if (v->ret && ty_has_float(f->ret)) sb_printf(&call, "%sd_ret", forward ? ", &" : ", ");
  line(d, "  %s%s(%s);", f->ret->kind != TY_VOID ? "result = " : "", sw->name, call.s ? call.s : "");
  /* gather: column 'sweep' (jacfwd) or row 'sweep' (jacrev) */
  Block *got = forward ? out : in;
  int ngot = forward ? r->nout : r->nwrt;
  for (int i = 0; i < ngot; i++) {
    Block *b = &got[i];
    const char *name = b->param < 0 ? "ret" : b->p->name;
    const char *at = forward ? xfmt("(%s + q) * n_in + sweep", b->off) : xfmt("sweep * n_in + %s + q", b->off);
    if (b->size || b->k)
      line(d, "  for (long q = 0; q < %s && sweep < %s; q++) jac[%s] = %s;", b->n, count, at,
           entry(b, xfmt("d_%s", name), "q"));
    else
      line(d, "  if (sweep < %s) { long q = 0; jac[%s] = d_%s; }", count, at, name);
  }
  line(d, "}");
  for (int i = 0; i < r->nwrt; i++)
    if (in[i].size) line(d, "free(d_%s);", in[i].p->name);
  for (int i = 0; i < r->nout; i++) {
    bool also_in = false;
    for (int q = 0; q < r->nwrt; q++) also_in |= in[q].param == out[i].param && out[i].param >= 0;
    if (out[i].size && !also_in) line(d, "free(d_%s);", out[i].p->name);
  }
  for (int j = 0; j < f->nparams; j++)
    if (writes_param(r, j) && !keep_fixed(out_size(r, out, j))) line(d, "free(keep_%s);", f->params[j]->name);
  if (f->ret->kind != TY_VOID) line(d, "return result;");
  r->result = d;
  vec_push(&m->generated, d);
}

/* ---- hvp / hessian: forward over reverse --------------------------------- */

static Var *param_named(Fn *f, const char *name) {
  for (int i = 0; i < f->nparams; i++)
    if (str_eq(f->params[i]->name, name)) return f->params[i];
  return NULL;
}

static int param_index(Fn *f, const Var *p) {
  for (int i = 0; i < f->nparams; i++)
    if (f->params[i] == p) return i;
  return -1;
}

/* The row type 'row' (double[p]) with elements 'scalar' (const double). */
static Type *rows_of(Type *row, Type *scalar) {
  if (row->kind != TY_ARRAY) return scalar;
  Type *c = xmalloc(sizeof *c);
  *c = *row;
  c->is_const = false;
  c->name = NULL;
  c->base = rows_of(row->base, scalar);
  return c;
}

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv);

static void second_order(Module *m, Request *r, bool full) {
  Fn *f = r->fn;
  /* G = grad(f) (static), then T = jvp(G) wrt(inputs) out(gradients) */
  Request *g = sub_request(r, DIR_GRAD, f, tr_fresh_fn_name(m, xfmt("%s_%s_grad", f->name, full ? "hessian" : "hvp")));
  g->wrt = copy_items(r->wrt, r->nwrt);
  g->nwrt = r->nwrt;
  g->has_wrt = r->has_wrt;
  g->out = copy_items(r->out, r->nout);
  g->nout = r->nout;
  g->has_out = r->has_out;
  g->result = adjoint_request(m, g);
  if (!g->result) return;
  Fn *G = g->result;
  G->is_static = true;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;
  Request *t = sub_request(r, DIR_JVP, G, tr_fresh_fn_name(m, xfmt("%s_%s_sweep", f->name, full ? "hessian" : "hvp")));
  t->nwrt = t->nout = r->nwrt;
  t->has_wrt = t->has_out = true;
  t->wrt = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  t->out = xmalloc(sizeof(ReqItem) * (size_t)(r->nwrt + 1));
  Var **bars = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    Var *bar = bars[i] = param_named(G, xfmt("%s_bar", b->p->name));
    if (!bar) {
      diag_at(r->loc, D_NO_GRAD_PARAM, b->p->name);
      return;
    }
    t->wrt[i] = (ReqItem){.name = b->p->name, .size_expr = b->size, .loc = r->loc, .param = param_index(G, b->p)};
    t->out[i] = (ReqItem){.name = bar->name, .size_expr = b->size ? b->size : ex_int(1), .loc = r->loc,
                          .param = param_index(G, bar)};
  }
  t->result = tangent_request(m, t);
  if (!t->result) return;
  t->result->is_static = true;
  names_begin(f);
  second_order_driver(m, r, full, G, bars, t->result, act_request_variant(m, t));
  names_end();
}

static void second_order_driver(Module *m, Request *r, bool full, Fn *G, Var **bars, Fn *T, Variant *tv) {
  Fn *f = r->fn;
  Block *in = xmalloc(sizeof(Block) * (size_t)(r->nwrt + 1));
  if (!blocks(m, r, r->wrt, r->nwrt, in, "wrt")) return;  /* again: their text names the driver's parameters */
  /* the driver's own parameters */
  PtrVec extra = {0};
  Type *et = in[0].scalar;
  if (full) {
    Var *h = fn_new_var(f, "hess", ty_ptr(et), VAR_PARAM, f->loc);
    h->name = "hess";
    vec_push(&extra, h);
  }
  Fn *d;
  Var **pvs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1)), **phs = xmalloc(sizeof(Var *) * (size_t)(r->nwrt + 1));
  if (full) {
    d = driver_fn(m, r, &extra, f->ret);
  } else {
    /* hvp: after each input p, const T *p_v and T *p_hv */
    d = driver_fn(m, r, &extra, f->ret);
    PtrVec params = {0};
    for (int j = 0; j < f->nparams; j++) {
      vec_push(&params, dparam(f->params[j]));
      for (int i = 0; i < r->nwrt; i++)
        if (in[i].p == f->params[j]) {
          /* contract section 3: by value T a_v, pointer const T *p_v; a
           * matrix parameter's have its row type (double (*M_v)[p]); a
           * struct's are the same struct, through pointers */
          Type *pt = f->params[j]->type, *ht = in[i].rows ? tr_writable(pt) : ty_ptr(in[i].elem);
          Type *cv = xmalloc(sizeof *cv);
          *cv = *in[i].elem;
          cv->is_const = in[i].size != NULL || in[i].k > 0;
          Type *vt = in[i].size || in[i].k > 0 ? ty_ptr(cv) : cv;
          if (in[i].rows) vt = ty_ptr(rows_of(pt->base, cv));
          Var *pv = pvs[i] = fn_new_var(f, xfmt("%s_v", orig_name(f->params[j])), vt, VAR_PARAM, f->loc);
          Var *ph = phs[i] = fn_new_var(f, xfmt("%s_hv", orig_name(f->params[j])), ht, VAR_PARAM, f->loc);
          vec_push(&params, pv);
          vec_push(&params, ph);
        }
    }
    d->params = (Var **)params.data;
    d->nparams = params.len;
    d->nvars = f->nvars;  /* p_v, p_hv: ids from f's counter */
  }
  /* gradient buffers (T's x_bar), directions and results (full) */
  for (int i = 0; i < r->nwrt; i++) {
    Block *b = &in[i];
    const char *p = b->p->name;
    line(d, "%s", decl_text(b, xfmt("g_%s", p)));
    if (full) {
      line(d, "%s", decl_text(b, xfmt("v_%s", p)));
      line(d, "%s", decl_text(b, xfmt("hv_%s", p)));
    }
  }
  if (f->ret->kind != TY_VOID) line(d, "%s", result_decl(f));
  /* T's arguments: G's parameters with their tangents */
  StrBuf call = {0};
  for (int j = 0; j < G->nparams; j++) {
    Var *p = G->params[j];
    Block *bin = NULL, *bgrad = NULL;
    for (int i = 0; i < r->nwrt; i++) {
      if (in[i].p == p) bin = &in[i];
      if (p == bars[i]) bgrad = &in[i];
    }
    const char *sep = j ? ", " : "";
    if (bgrad)
      sb_printf(&call, "%s%sg_%s", sep, bgrad->rows ? "(void *)" : bgrad->size ? "" : "&", bgrad->p->name);
    else
      sb_printf(&call, "%s%s", sep, p->name);
    if (!tv->shadow[j]) continue;
    if (bin) {
      if (full) sb_printf(&call, ", %sv_%s", bin->rows ? "(void *)" : "", bin->p->name);
      else sb_printf(&call, ", %s%s", !bin->size && bin->k > 0 ? "*" : "", pvs[bin - in]->name);
    } else if (bgrad) {
      if (full) sb_printf(&call, ", %shv_%s", bgrad->rows ? "(void *)" : bgrad->size ? "" : "&", bgrad->p->name);
      else sb_printf(&call, ", %s", phs[bgrad - in]->name);
    } else {
      diag_at(r->loc, D_HVP_NOT_INPUT, r->gen_name, p->name);
      return;
    }
  }
  if (tv->ret && ty_is_float(G->ret)) {
    line(d, "%s ret_dot = 0;", tname(ty_unqual(G->ret)));
    sb_puts(&call, ", &ret_dot");
  }
  const char *assign = f->ret->kind != TY_VOID ? "result = " : "";
  if (!full) {
    line(d, "%s%s(%s);", assign, T->name, call.s);
  } else {
    line(d, "const long n_in = %s;", total(in, r->nwrt));
    line(d, "for (long sweep = 0; sweep < n_in || sweep == 0; sweep++) {");
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      const char *v = xfmt("v_%s", b->p->name);
      line(d, "  %s", zero_text(b, v));
      line(d, "  if (sweep >= %s && sweep < %s + %s) %s", b->off, b->off, b->n, one_text(b, v, xfmt("sweep - (%s)", b->off)));
    }
    line(d, "  %s%s(%s);", assign, T->name, call.s);
    for (int i = 0; i < r->nwrt; i++) {
      Block *b = &in[i];
      if (b->size || b->k)
        line(d, "  for (long q = 0; q < %s && sweep < n_in; q++) hess[sweep * n_in + %s + q] = %s;", b->n, b->off,
             entry(b, xfmt("hv_%s", b->p->name), "q"));
      else
        line(d, "  if (sweep < n_in) hess[sweep * n_in + %s] = hv_%s;", b->off, b->p->name);
    }
    line(d, "}");
  }
  for (int i = 0; i < r->nwrt; i++) {
    if (!in[i].size) continue;
    line(d, "free(g_%s);", in[i].p->name);
    if (full) {
      line(d, "free(v_%s);", in[i].p->name);
      line(d, "free(hv_%s);", in[i].p->name);
    }
  }
  if (f->ret->kind != TY_VOID) line(d, "return result;");
  r->result = d;
  vec_push(&m->generated, d);
}

Fn *jacobian_request(Module *m, const Request *planned) {
  Request *r = xmalloc(sizeof *r);  /* the drivers record their result in it */
  *r = *planned;
  if (r->dir == DIR_JACFWD || r->dir == DIR_JACREV) jacobian(m, r, r->dir == DIR_JACFWD);
  if (r->dir == DIR_HESSIAN || r->dir == DIR_HVP) second_order(m, r, r->dir == DIR_HESSIAN);
  return r->result;
}
