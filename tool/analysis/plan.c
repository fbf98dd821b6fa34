/*
 * plan.c — the planning stage: after the front end, before any analysis or
 * transform of a request. Planning lives in analysis/ because a request's
 * default wrt(...)/out(...) are facts of the activity analysis (which
 * pointer parameters f reads and writes, its callees included).
 *
 * Requires: S1, the requests parsed and checked against FILE.c (front/).
 * Provides: m->requests in run order, each composed request linked to the
 *           one it composes (compose_of); plan_request: a request resolved,
 *           with its defaults, frozen for the analyses and transforms.
 */
#include <string.h>

#include "analysis.h"
#include "plan.h"

/* Requests run in order, and a composed one needs the result of the one it
 * composes: move each after its base (stable otherwise); a cycle is an
 * error. */
static void order_composed(Module *m) {
  int n = m->requests.len;
  for (int pass = 0; pass <= n * n; pass++) {  /* each move fixes one pair */
    bool moved = false;
    for (int i = 0; i < m->requests.len; i++) {
      Request *r = m->requests.data[i];
      if (!r->compose_of) continue;
      int at = -1;
      for (int j = 0; j < m->requests.len; j++)
        if (m->requests.data[j] == r->compose_of) at = j;
      if (at < i) continue;
      memmove(&m->requests.data[i], &m->requests.data[i + 1], sizeof(void *) * (size_t)(at - i));
      m->requests.data[at] = r;
      moved = true;
      break;
    }
    if (!moved) return;
  }
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    if (r->compose_of) {
      diag_at(r->loc, D_COMPOSE_CYCLE, r->fname, r->compose_of->fname);
      return;
    }
  }
}

void plan_module(Module *m) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    Fn *f = mod_find_fn(m, r->fname);
    if (!f || !f->is_defined) r->compose_of = mod_request_making(m, r);
  }
  order_composed(m);
}

static ReqItem *add_item(ReqItem **items, int *n, const char *name, int param, SrcLoc loc) {
  *items = xrealloc(*items, sizeof(ReqItem) * (size_t)(*n + 1));
  ReqItem *it = &(*items)[(*n)++];
  memset(it, 0, sizeof *it);
  it->name = name;
  it->param = param;
  it->loc = loc;
  return it;
}

/* Default inputs: the floating parameters, and the pointers to floating
 * data f reads (or declares const); default outputs: a floating return,
 * else the pointers to non-const floating data f writes. */
static bool apply_defaults(Module *m, Request *r) {
  Sweep sweep = directive_info(r->dir)->sweep;
  if (sweep == SWEEP_NONE) return true;
  Fn *f = r->fn;
  bool *read = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  bool *written = xmalloc(sizeof(bool) * (size_t)(f->nparams + 1));
  act_param_effects(m, f, (int)sweep, read, written);
  if (!r->has_wrt) {
    for (int j = 0; j < f->nparams; j++) {
      Var *p = f->params[j];
      bool take = ty_is_float(p->type) || (p->type->kind == TY_RECORD && ty_has_float(p->type));
      if (ty_is_ptr(p->type) && ty_points_to_float(p->type)) take = read[j] || p->type->base->is_const;
      if (take) add_item(&r->wrt, &r->nwrt, p->name, j, r->loc);
    }
  }
  if (!r->has_out) {
    if (ty_is_float(f->ret)) {
      add_item(&r->out, &r->nout, "return", -1, r->loc);
    } else {
      for (int j = 0; j < f->nparams; j++) {
        Var *p = f->params[j];
        if (ty_is_ptr(p->type) && ty_points_to_float(p->type) && !p->type->base->is_const && written[j])
          add_item(&r->out, &r->nout, p->name, j, r->loc);
      }
    }
  }
  if (!r->nout && ty_has_float(f->ret)) {  /* a struct is an output only when asked for */
    diag_at(r->loc, D_STRUCT_NO_OUTPUT, f->name, f->ret->name ? f->ret->name : "a struct", r->dir == DIR_GRAD ? "'grad' needs one scalar output: return a double, or use vjp or jacrev with "
                                    "out(return)"
                                  : "to differentiate the struct's floating fields, write out(return)");
    return false;
  }
  if (!r->nout) {
    diag_at(r->loc, D_NO_FLOAT_OUTPUT, f->name, f->ret->name ? f->ret->name : "void");
    return false;
  }
  return true;
}

/* Is 'name' a shadow of parameter 'p' of the function a derivative was
 * made of: p followed by derivative suffixes (x_bar, x_dot, x_bar_dot,
 * x_v, x_hv)? */
static bool shadow_name_of(const char *name, const char *p) {
  size_t n = strlen(p);
  if (strncmp(name, p, n) || name[n] != '_') return false;
  static const char *const sfx[] = {"dot", "bar", "v", "hv", NULL};
  for (const char *s = name + n; *s;) {
    if (*s++ != '_') return false;
    int k = 0;
    while (sfx[k] && !(str_starts(s, sfx[k]) && (s[strlen(sfx[k])] == '_' || !s[strlen(sfx[k])]))) k++;
    if (!sfx[k]) return false;
    s += strlen(sfx[k]);
  }
  return true;
}

/* The size to suggest for parameter p of the function r differentiates
 * or batches: for a generated one, that of the item of the request that
 * made it which p is or shadows (x_hv of wrt(x[n]): n; s_hv of a scalar
 * s, or ret_dot: one element); else n. */
const char *plan_size_hint(const Request *r, const Var *p) {
  const Request *q = r->compose_of;
  const ReqItem *of = NULL;
  for (int k = 0; q && k < 2; k++) {
    const ReqItem *items = k ? q->out : q->wrt;
    int n = k ? q->nout : q->nwrt;
    for (int i = 0; i < n; i++) {
      const char *name = items[i].name;
      if ((str_eq(p->name, name) || shadow_name_of(p->name, name)) && (!of || strlen(name) > strlen(of->name)))
        of = &items[i];
    }
  }
  if (of && of->size) return of->size;
  if (ty_is_ptr(p->type) && (of ? !str_eq(p->name, of->name) : q && shadow_name_of(p->name, "ret"))) return "1";
  return "n";
}

static bool is_param_of(const Fn *f, const Var *p) {
  for (int j = 0; f && j < f->nparams; j++)
    if (f->params[j] == p) return true;
  return false;
}

/* The primal of a derivative at any depth of composition: the function
 * the innermost of a chain of derivative requests differentiates (f for
 * jvp(f_grad), whose f_grad is grad(f)), so that x_bar of f_grad is a
 * shadow of x like x_dot and x_bar_dot, not a parameter of a primal. */
static const Fn *primal_of(const Request *d) {
  while (d->compose_of && directive_is_derivative(d->compose_of->dir)) d = d->compose_of;
  return d->fn;
}

/* Batching a derivative (vmap(f_grad) batch(x[n]), vmap(grad(f)),
 * vmap(f_grad_jvp)): a shadow follows its primal, so x_bar[n], x_dot[n],
 * x_bar_dot[n] are batched with x[n] unless the clause names them; a
 * scalar's T *a_bar is batched as a_bar[1]. */
static void batch_shadows(Request *r, const Fn *base) {
  Fn *g = r->fn;
  int n0 = r->nbatch;
  for (int j = 0; j < g->nparams; j++) {
    Var *q = g->params[j];
    if (is_param_of(base, q)) continue;  /* a parameter of the primal: as the user says */
    bool listed = false;
    const ReqItem *of = NULL;
    for (int i = 0; i < n0; i++) {
      listed |= str_eq(r->batch[i].name, q->name);
      if (shadow_name_of(q->name, r->batch[i].name) && (!of || strlen(r->batch[i].name) > strlen(of->name)))
        of = &r->batch[i];
    }
    if (!listed && !of && shadow_name_of(q->name, "ret")) {  /* ret_dot, ret_bar: the result is batched */
      static ReqItem ret_item;
      ret_item.loc = r->loc;
      of = &ret_item;
    }
    if (listed || !of) continue;
    ReqItem it = *of;
    it.name = q->name;
    it.param = -1;
    it.size_expr = NULL;
    if (!of->ndims && ty_is_ptr(q->type)) {  /* T *a_bar of a scalar a */
      it.ndims = 1;
      it.dims = xmalloc(sizeof(char *));
      it.dims[0] = "1";
      it.dim_loc = xmalloc(sizeof(SrcLoc));
      it.dim_loc[0] = of->loc;
      it.size = "1";
    }
    r->batch = xrealloc(r->batch, sizeof(ReqItem) * (size_t)(r->nbatch + 1));
    r->batch[r->nbatch++] = it;
    of = NULL;
  }
}

/* An item of a nested request's defaults: 'w' renamed, with size [1]
 * when it has none (a scalar's T *a_bar, the result's T *ret_dot). */
static ReqItem derived_item(const ReqItem *w, const char *name, bool sized) {
  ReqItem o = *w;
  o.name = name;
  o.param = -1;
  o.size_expr = NULL;
  if (sized && !o.ndims) {
    o.ndims = 1;
    o.dims = xmalloc(sizeof(char *));
    o.dims[0] = o.size = "1";
    o.dim_loc = xmalloc(sizeof(SrcLoc));
    o.dim_loc[0] = w->loc;
  }
  return o;
}

/* The outer derivative of a nested spelling differentiates the inner one's
 * results with respect to f's inputs, as JAX means it: jvp(grad(f)) and
 * jacfwd(grad(f)) the gradient (x_bar[n], a_bar[1]); grad(jvp(f)) and
 * vjp(jvp(f)) the tangent (ret_dot[1], y_dot[m]). */
/* The name of the inner gradient's parameter that holds wrt item x's
 * adjoint: x_bar, unless FILE.c's own names took it (x_bar_2). */
static const char *adjoint_name(const Request *in, const char *x) {
  Fn *g = in->result, *f = in->fn;
  for (int j = 0; g && f && j < f->nparams; j++)
    if (var_named(f->params[j], x)) {
      Var *b = fn_adjoint_param(g, f->params[j]);
      if (b) return b->name;
    }
  return xfmt("%s_bar", x);
}

/* The element count of item 'it' as C text: [1] for the return value or
 * a scalar, else the product of its dims; NULL for a struct (its width
 * is its floating fields, not a size the clause can say). */
static const char *item_count(const Fn *f, const ReqItem *it) {
  if (it->param < 0) return "1";
  if (!it->ndims) return ty_is_float(f->params[it->param]->type) ? "1" : NULL;
  const char *s = xfmt("(%s)", it->dims[0]);
  for (int d = 1; d < it->ndims; d++) s = xfmt("%s*(%s)", s, it->dims[d]);
  return s;
}

/* The sum of the element counts of 'items' ("(n)+1"), NULL if one has none. */
static const char *items_count(const Fn *f, const ReqItem *items, int n) {
  const char *s = NULL;
  for (int i = 0; i < n; i++) {
    const char *c = item_count(f, &items[i]);
    if (!c) return NULL;
    s = s ? xfmt("%s+%s", s, c) : c;
  }
  return s;
}

/* jacfwd(jacrev(f)), jacrev(hessian(f)) ...: the outer derivative
 * differentiates the inner matrix (its last parameter, m x n) with respect
 * to f's inputs. False when a count is unknown (the outer request takes
 * its own defaults and says what is missing). */
static bool is_matrix_request(const Request *in) {
  return (in->dir == DIR_JACFWD || in->dir == DIR_JACREV || in->dir == DIR_HESSIAN) && in->nwrt && !in->sparse &&
         in->result && in->result->nparams;
}

/* The matrix parameter of a jacfwd/jacrev/hessian result (its last) as an
 * item sized m*n; false when a count is unknown. */
static bool matrix_item(const Request *in, ReqItem *o) {
  const Fn *f = in->fn, *g = in->result;
  const char *n = items_count(f, in->wrt, in->nwrt);
  const char *m = in->dir == DIR_HESSIAN ? n : items_count(f, in->out, in->nout);
  if (!n || !m) return false;
  *o = derived_item(&in->wrt[0], g->params[g->nparams - 1]->name, false);
  o->ndims = 1;
  o->dims = xmalloc(sizeof(char *));
  o->dims[0] = o->size = xfmt("(%s)*(%s)", m, n);
  o->dim_loc = xmalloc(sizeof(SrcLoc));
  o->dim_loc[0] = in->wrt[0].loc;
  return true;
}

static bool nested_matrix_defaults(Request *r, const Request *in) {
  ReqItem o;
  if (!matrix_item(in, &o)) return false;
  r->wrt = xmalloc(sizeof(ReqItem) * (size_t)(in->nwrt + 1));
  for (int i = 0; i < in->nwrt; i++) r->wrt[r->nwrt++] = derived_item(&in->wrt[i], in->wrt[i].name, false);
  r->out = xmalloc(sizeof(ReqItem));
  r->out[r->nout++] = o;
  /* f's output arrays still hold active values: state of the outer
   * derivative, not its results */
  for (int i = 0; i < in->nout; i++)
    if (in->out[i].param >= 0) {
      r->scratch = xrealloc(r->scratch, sizeof(ReqItem) * (size_t)(r->nscratch + 1));
      r->scratch[r->nscratch++] = derived_item(&in->out[i], in->out[i].name, false);
    }
  r->has_wrt = r->has_out = true;
  return true;
}

/* An item's derived shadow takes size [1] only where it stands for one
 * value: the result, or a scalar by value (T *a_bar). A pointer without a
 * size (jvp(F)'s default out(y)) stays without one: [1] would make
 * jacfwd(jvp(F)) a single row of an m-row matrix. */
static bool one_value(const Fn *f, const ReqItem *it) {
  return it->param < 0 || !ty_is_ptr(f->params[it->param]->type);
}

/* jvp(hvp(f)), jacfwd(hvp(f)): the outer derivative differentiates the
 * products (x_hv, a_hv) with respect to f's inputs, the direction held
 * fixed, as JAX's jacfwd(hvp) does. Without the product parameters (names
 * FILE.c took), the outer request keeps its own defaults. */
static void nested_hvp_defaults(Request *r, const Request *in) {
  const Fn *g = in->result;
  ReqItem *out = xmalloc(sizeof(ReqItem) * (size_t)(in->nwrt + 1));
  for (int i = 0; i < in->nwrt; i++) {
    const char *hv = xfmt("%s_hv", in->wrt[i].name);
    bool found = false;
    for (int j = 0; g && j < g->nparams; j++) found |= str_eq(g->params[j]->name, hv);
    if (!found) return;
    out[i] = derived_item(&in->wrt[i], hv, one_value(in->fn, &in->wrt[i]));
  }
  r->wrt = xmalloc(sizeof(ReqItem) * (size_t)(in->nwrt + 1));
  for (int i = 0; i < in->nwrt; i++) r->wrt[r->nwrt++] = derived_item(&in->wrt[i], in->wrt[i].name, false);
  r->out = out;
  r->nout = in->nwrt;
  r->has_wrt = r->has_out = true;
}

/* The inner request's scratch(work[n]) is state of the function it
 * generates too: the outer derivative of a nested spelling keeps it as its
 * own scratch (the clause went to the inner request). */
static void inherit_scratch(Request *r, const Request *in) {
  for (int i = 0; i < in->nscratch; i++) {
    r->scratch = xrealloc(r->scratch, sizeof(ReqItem) * (size_t)(r->nscratch + 1));
    r->scratch[r->nscratch++] = derived_item(&in->scratch[i], in->scratch[i].name, false);
  }
}

static void nested_defaults(Request *r) {
  const Request *in = r->compose_of;
  if (!r->nested || !directive_is_derivative(r->dir) || r->has_wrt || r->has_out) return;
  inherit_scratch(r, in);
  if (is_matrix_request(in)) {
    nested_matrix_defaults(r, in);
    return;
  }
  if (in->dir == DIR_HVP) {
    nested_hvp_defaults(r, in);
    return;
  }
  bool rev = in->dir == DIR_GRAD || in->dir == DIR_VJP;
  if (!rev && in->dir != DIR_JVP) return;
  r->wrt = xmalloc(sizeof(ReqItem) * (size_t)(in->nwrt + 1));
  r->out = xmalloc(sizeof(ReqItem) * (size_t)(in->nwrt + in->nout + 1));
  for (int i = 0; i < in->nwrt; i++) {
    r->wrt[r->nwrt++] = derived_item(&in->wrt[i], in->wrt[i].name, false);
    if (rev) r->out[r->nout++] = derived_item(&in->wrt[i], adjoint_name(in, in->wrt[i].name), one_value(in->fn, &in->wrt[i]));
  }
  for (int i = 0; !rev && i < in->nout; i++) {
    const char *name = in->out[i].param < 0 ? "ret_dot" : xfmt("%s_dot", in->out[i].name);
    r->out[r->nout++] = derived_item(&in->out[i], name, one_value(in->fn, &in->out[i]));
  }
  r->has_wrt = r->has_out = true;
}

/* Batching a matrix (vmap(f_jacfwd), vmap(hessian(f))): each element has
 * its own m*n matrix, as each has its own result, unless the clause names
 * it. */
static void batch_matrix(Request *r) {
  const Request *in = r->compose_of;
  ReqItem o;
  if (!is_matrix_request(in) || !matrix_item(in, &o)) return;
  for (int i = 0; i < r->nbatch; i++)
    if (str_eq(r->batch[i].name, o.name)) return;
  o.loc = r->loc;
  r->batch = xrealloc(r->batch, sizeof(ReqItem) * (size_t)(r->nbatch + 1));
  r->batch[r->nbatch++] = o;
}

const Request *plan_request(Module *m, Front *fr, Request *r) {
  if (!r->fn && r->compose_of) {
    if (!r->compose_of->result) return NULL;  /* the earlier request failed */
    if (r->compose_of->sparse) {  /* its ccad_csr is the runtime's, not C cc-ad can follow */
      diag_at(r->loc, D_SPARSE_COMPOSED, directive_name(r->dir), r->fname, r->fname);
      return NULL;
    }
    r->fn = r->compose_of->result;
    nested_defaults(r);
    if (directive_info(r->dir)->kind == DK_BATCHED && directive_is_derivative(r->compose_of->dir))
      batch_shadows(r, primal_of(r->compose_of));
    if (directive_info(r->dir)->kind == DK_BATCHED) batch_matrix(r);
    front_check_request(fr, r);
    if (diag_errors()) return NULL;
  }
  if (!r->fn || !apply_defaults(m, r)) return NULL;
  return r;
}
