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

const Request *plan_request(Module *m, Front *fr, Request *r) {
  if (!r->fn && r->compose_of) {
    if (!r->compose_of->result) return NULL;  /* the earlier request failed */
    if (r->compose_of->sparse) {  /* its ccad_csr is the runtime's, not C cc-ad can follow */
      diag_at(r->loc, D_SPARSE_COMPOSED, directive_name(r->dir), r->fname, r->fname);
      return NULL;
    }
    r->fn = r->compose_of->result;
    front_check_request(fr, r);
    if (diag_errors()) return NULL;
  }
  if (!r->fn || !apply_defaults(m, r)) return NULL;
  return r;
}
