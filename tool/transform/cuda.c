/*
 * cuda.c — cuda(f): f over a batch, one GPU thread per element, in
 * FILE.ad.cu. S2 -> S3.
 *
 *   static __host__ __device__ double ccad_dev_f(...)   f and its callees,
 *                                                       printed as CUDA C++
 *   static __global__ void f_cuda_kernel(int batch, ...)  one element per thread
 *   extern "C" int f_cuda(int batch, ...)   launch, synchronise, return the error
 *   extern "C" void f_cuda_host(int batch, ...)   the same elements on the CPU
 *
 * The parameters are vmap's (see batch.c). f_cuda takes device pointers;
 * f_cuda_host runs the per-element code on the host, which is how it is
 * tested on machines without a GPU. Code using the tape (a generated
 * gradient) or the runtime's special functions cannot run on the device.
 */
#include <string.h>

#include "transform.h"

static const char *dev_name(const char *name) { return xfmt("ccad_dev_%s", name); }

/* libccad (the tape, its special functions) is not on the device */
static bool host_only(const Expr *c) { return c->rt != RT_NONE || str_eq(c->text, "realloc"); }

static void fix_e(Expr *e, Module *m, PtrVec *todo, SrcLoc at, const char *req) {
  if (!e) return;
  if (e->kind == EX_CALL && str_eq(e->text, "calloc")) e->text = "ccad_dev_calloc";  /* none on the device */
  if (e->kind == EX_CALL && e->text) {
    Fn *g = e->fn ? e->fn : mod_find_fn(m, e->text);
    NameSet *told = &m->cuda_told;  /* requests told already: one error each */
    if (host_only(e) && !nameset_has(told, req)) {
      nameset_add(told, req);
      diag_at(at, D_CUDA_HOST_CALL, req, e->text);
    } else if (g && g->body && !host_only(e)) {
      bool seen = false;
      for (int i = 0; i < todo->len; i++) seen |= todo->data[i] == g;
      if (!seen) vec_push(todo, g);
      e->text = dev_name(g->name);
    }
  }
  /* C++ converts void * only explicitly: print the casts */
  if (e->kind == EX_CAST && e->is_implicit && ty_is_ptr(e->type)) e->is_implicit = false;
  if (e->kind == EX_VAR && e->var->kind == VAR_GLOBAL) {
    /* at the use, which the user changes; then the request that needs it */
    diag_at(e->loc.file ? e->loc : at, D_CUDA_GLOBAL, req, e->var->name);
    if (e->loc.file) diag_at(at, D_REQUESTED_HERE, req);
  }
  fix_e(e->lhs, m, todo, at, req);
  fix_e(e->rhs, m, todo, at, req);
  fix_e(e->cond, m, todo, at, req);
  for (int i = 0; i < e->nargs; i++) fix_e(e->args[i], m, todo, at, req);
}

static void fix_s(Stmt *s, Module *m, PtrVec *todo, SrcLoc at, const char *req) {
  if (!s) return;
  /* p = malloc(n): C++ wants the conversion from void * spelled out */
  Expr **rhs = s->kind == ST_ASSIGN ? &s->rhs : s->kind == ST_DECL && s->expr ? &s->expr : NULL;
  Type *lt = s->kind == ST_ASSIGN ? s->lhs->type : s->kind == ST_DECL ? s->var->type : NULL;
  if (rhs && ty_is_ptr(lt) && ty_is_ptr((*rhs)->type) && (*rhs)->type->base->kind == TY_VOID &&
      lt->base->kind != TY_VOID)
    *rhs = ex_cast(ty_unqual(lt), *rhs);
  fix_e(s->lhs, m, todo, at, req);
  fix_e(s->rhs, m, todo, at, req);
  fix_e(s->expr, m, todo, at, req);
  fix_e(s->cond, m, todo, at, req);
  fix_s(s->then, m, todo, at, req);
  fix_s(s->els, m, todo, at, req);
  fix_s(s->init, m, todo, at, req);
  fix_s(s->step, m, todo, at, req);
  for (int i = 0; i < s->nbody; i++) fix_s(s->body[i], m, todo, at, req);
}

/* Is s (a body) C text? The drivers of jacfwd, jacrev, hessian and hvp are:
 * their sweeps, which use the tape, hide in it. */
static bool verbatim(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_VERBATIM) return true;
  for (int i = 0; i < s->nbody; i++)
    if (verbatim(s->body[i])) return true;
  return false;
}

/* A device copy of g (and, through 'todo', of what it calls). */
static Fn *device_copy(Fn *g) {
  Fn *c = xmalloc(sizeof *c);
  *c = *g;
  c->name = dev_name(g->name);
  c->qualifiers = "__host__ __device__";
  c->is_static = true;
  c->is_cuda = true;
  c->body = ir_clone_stmt(g->body, NULL);
  return c;
}

Fn *cuda_request(Module *m, const Request *r) {
  Fn *f = r->fn;
  if (!f->body) {
    diag_at(r->loc, D_CUDA_NO_BODY, f->name);
    return NULL;
  }
  /* vmap's driver gives the parameters and the per-element call */
  Request v = *r;
  v.gen_name = tr_fresh_fn_name(m, xfmt("%s_cuda_host", f->name));
  int before = m->generated.len;
  Fn *host = batch_request(m, &v);
  if (!host) return NULL;
  m->generated.len = before;  /* it goes to the .cu, not the .c */
  host->name = xfmt("%s_host", r->gen_name);
  host->is_cuda = true;
  host->c_linkage = true;
  /* device copies of f and everything it calls */
  PtrVec todo = {0};
  vec_push(&todo, f);
  for (int i = 0; i < todo.len; i++) {
    Fn *g = todo.data[i];
    if (verbatim(g->body)) {
      diag_at(r->loc, D_CUDA_TAPE, r->gen_name, g->name);
      return NULL;
    }
    Fn *c = device_copy(g);
    fix_s(c->body, m, &todo, r->loc, r->gen_name);
    vec_push(&m->cuda, c);
  }
  fix_s(host->body, m, &todo, r->loc, r->gen_name);
  /* host driver: drop the OpenMP lines, keep the loop */
  Stmt *loop = NULL;
  for (int i = 0; i < host->body->nbody; i++)
    if (host->body->body[i]->kind == ST_FOR) loop = host->body->body[i];
  host->body = st_block(f->loc);
  st_append(host->body, loop);
  vec_push(&m->cuda, host);
  /* the kernel: the loop body for b = blockIdx.x * blockDim.x + threadIdx.x */
  Fn *k = xmalloc(sizeof *k);
  *k = *host;
  k->name = xfmt("%s_kernel", r->gen_name);
  k->qualifiers = "__global__";
  k->ret = ty_void();
  k->is_static = true;
  k->c_linkage = false;
  k->body = st_block(f->loc);
  Var *b = loop->init->var;
  st_append(k->body, st_decl(b, NULL, f->loc));
  st_append(k->body, st_verbatim(xfmt("%s = (int)(blockIdx.x * blockDim.x + threadIdx.x);", b->name), (SrcLoc){0}));
  Stmt *guard = st_new(ST_IF, f->loc);
  guard->cond = ir_clone_expr(loop->cond, NULL);
  guard->then = ir_clone_stmt(loop->then, NULL);
  st_append(k->body, guard);
  vec_push(&m->cuda, k);
  /* the launcher */
  Fn *l = xmalloc(sizeof *l);
  *l = *host;
  l->name = r->gen_name;
  l->ret = ty_int();
  l->qualifiers = NULL;
  l->body = st_block(f->loc);
  StrBuf args = {0};
  for (int i = 0; i < host->nparams; i++) sb_printf(&args, "%s%s", i ? ", " : "", host->params[i]->name);
  Var *batch = host->params[0];
  st_append(l->body, st_verbatim(xfmt("if (%s <= 0) return 0;", batch->name), (SrcLoc){0}));
  st_append(l->body, st_verbatim("const int threads = 128;", (SrcLoc){0}));
  st_append(l->body, st_verbatim(xfmt("%s<<<(%s + threads - 1) / threads, threads>>>(%s);", k->name, batch->name,
                                      args.s),
                                 (SrcLoc){0}));
  st_append(l->body, st_verbatim("cudaError_t err = cudaGetLastError();", (SrcLoc){0}));
  st_append(l->body, st_verbatim("if (err == cudaSuccess) err = cudaDeviceSynchronize();", (SrcLoc){0}));
  st_append(l->body, st_verbatim("return (int)err;", (SrcLoc){0}));
  vec_push(&m->cuda, l);
  return l;
}
