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
 * tested on machines without a GPU. Reverse-mode code (cuda(f_grad),
 * cuda(f_vjp), cuda(f_hvp)) calls the device tape of include/ccad_cuda.h
 * (ccad_gpu_push_d, ...): each element runs between ccad_gpu_begin(b) and
 * ccad_gpu_end() with a tape of its own, and the launcher allocates the
 * tapes' arena (ccad_gpu_setup) and turns an element that ran out of
 * memory into an error code (ccad_gpu_finish). The runtime's special
 * functions (digamma) and realloc cannot run on the device: an error.
 *
 * Requires: a planned cuda request; the function it names and its callees.
 * Provides: device copies (ccad_dev_*, one per function and file), a kernel
 *   and a launcher in m->cuda, printed to FILE.ad.cu.
 */
#include <string.h>

#include "../ir/rules.h"
#include "transform.h"
#include "../ir/mpi.h"

static const char *dev_name(const char *name) { return xfmt("ccad_dev_%s", name); }

/* The tape and memory operations have device versions (ccad_cuda.h);
 * the rest of libccad (statistics, special functions) is host-only. */
static bool on_device_tape(RtOp op) {
  switch (rt_info[op].kind) {
  case RK_PUSH: case RK_POP: case RK_RESERVE: case RK_RELEASE: case RK_FRAME_PUSH: case RK_FRAME_POP:
  case RK_REDO_PUSH: case RK_REDO_APPLY: case RK_MEMORY: case RK_OMP_PART: case RK_OMP_PARTS_ADD: return true;
  default: return false;
  }
}

/* The C library functions device code does not have (it has printf,
 * malloc, free, memcpy, memset and <math.h>) that programs commonly call */
static const char *const host_libc[] = {
    "realloc", "exit", "_Exit", "abort", "atexit", "quick_exit", "system", "getenv", "rand", "srand", "random",
    "srandom", "drand48", "erand48", "lrand48", "qsort", "bsearch", "atof", "atoi", "atol", "atoll", "strtod",
    "strtof", "strtol", "strtoul", "strtoll", "strtoull", "puts", "putchar", "fputs", "fputc", "putc", "fprintf",
    "vfprintf", "sprintf", "snprintf", "vsprintf", "vsnprintf", "scanf", "fscanf", "sscanf", "fopen", "fclose",
    "fread", "fwrite", "fflush", "fgets", "fgetc", "getc", "getchar", "perror", "strlen", "strcpy", "strncpy",
    "strcmp", "strncmp", "strcat", "strchr", "strrchr", "strstr", "strdup", "memcmp", "memmove", "memchr", "time",
    "clock", "gettimeofday", "clock_gettime", "sleep", "usleep", "aligned_alloc", "posix_memalign", NULL};

static bool host_only(const Expr *c) {
  if (c->rt != RT_NONE && !on_device_tape(c->rt)) return true;
  for (int k = 0; c->text && host_libc[k]; k++)
    if (str_eq(c->text, host_libc[k])) return true;
  return false;
}

/* ccad_push_d -> ccad_gpu_push_d (ccad_cuda.h); ccad_calloc has its own name */
static void to_device_tape(Expr *e) {
  const char *name = rt_info[e->rt].name;
  e->text = e->rt == RT_CALLOC ? "ccad_gpu_calloc_z" : xfmt("ccad_gpu_%s", name + strlen("ccad_"));
  e->rt = RT_NONE;
}

/* A file-scope table that nothing writes (const data, or a static nothing
 * in FILE.c stores into) with its initializer: FILE.ad.cu has a copy for
 * the host and one for the device, under one name (emit_file.c), so the
 * per-element code reads it on both. NULL for anything else. */
static Var *cuda_table(Module *m, Var *g) {
  const Type *el = g->type;
  while (el->kind == TY_ARRAY) el = el->base;
  if (!g->init || !(el->is_const || g->static_readonly) || ty_holds_ptr(g->type)) return NULL;
  for (int i = 0; i < m->cuda_tables.len; i += 2)
    if (m->cuda_tables.data[i] == g) return m->cuda_tables.data[i + 1];
  Var *t = xmalloc(sizeof *t);
  *t = *g;
  t->name = xfmt("ccad_tab_%s", g->name);
  vec_push(&m->cuda_tables, g);
  vec_push(&m->cuda_tables, t);
  return t;
}

/* What a host-only call is, in the user's words: the runtime's names
 * (ccad_digammaf, ccad_ckpt_begin_n) come from cc-ad, not from f. */
static const char *host_call_what(const Expr *c) {
  if (c->rt != RT_NONE && (rt_info[c->rt].kind == RK_CKPT || rt_info[c->rt].kind == RK_CKPT_SAVE ||
                           rt_info[c->rt].kind == RK_CKPT_LOAD))
    return xfmt("'%s', the schedule of a '#pragma ad checkpoint' (host code)", c->text);
  if (c->rt != RT_NONE && rt_info[c->rt].kind == RK_SPECIAL)
    return xfmt("'%s', which the derivative of lgamma or tgamma needs and only the host has", c->text);
  if (c->rt == RT_SORT_PERM) return "'qsort' (a host-only function)";
  if (str_starts(c->text, "MPI_") || str_starts(c->text, "ccad_mpi_"))
    return xfmt("'%s' (MPI: host code)", c->text);
  return xfmt("'%s' (a host-only function)", c->text);
}

/* C converts a complex value to a real type by its real part (to _Bool by
 * z != 0); ccad_cuda_complex.h's classes have no such conversion, so a cast
 * of one, spelled or implicit (double re = z;), reads the part itself. */
static void real_of_complex(Expr *e) {
  if (e->kind != EX_CAST || !e->lhs || !e->lhs->type || !ty_is_complex(e->lhs->type) || ty_is_complex(e->type) ||
      e->type->kind == TY_VOID)
    return;
  Expr *z = e->lhs;
  const char *tn = e->type->name;
  if (e->type->kind == TY_INT && tn && str_eq(tn, "_Bool")) {
    e->lhs = ex_bin(OP_NE, z, ex_int(0));
    return;
  }
  bool f = z->type->base->kind == TY_FLOAT;
  e->lhs = ex_call1(f ? "ccad_crealf" : "ccad_creal", z->type->base, z);
}

/* stderr of fprintf(stderr, ...): the call is the error (host_only) */
static bool is_std_stream(const char *name) {
  return str_eq(name, "stderr") || str_eq(name, "stdout") || str_eq(name, "stdin");
}

static bool has_vla(const Type *t) {
  for (; t && t->kind == TY_ARRAY; t = t->base)
    if (t->vla) return true;
  return false;
}

/* <math.h>'s classification macros expand to compiler builtins that device
 * code cannot call (__builtin_isinf_sign, __builtin_fpclassify,
 * __builtin_isgreater ...): FILE.ad.cu has templates of its own for them
 * (emit_file.c), with C's results */
static const char *const math_builtins[] = {"isinf_sign", "fpclassify", "isgreater", "isgreaterequal", "isless",
                                            "islessequal", "islessgreater", "isunordered", NULL};

static void device_builtin(Expr *e) {
  if (e->kind != EX_CALL || !e->text || !str_starts(e->text, "__builtin_")) return;
  for (int k = 0; math_builtins[k]; k++)
    if (str_eq(e->text + strlen("__builtin_"), math_builtins[k])) e->text = xfmt("ccad_%s", math_builtins[k]);
}

static void fix_e(Expr *e, Module *m, PtrVec *todo, SrcLoc at, const char *req) {
  if (!e) return;
  device_builtin(e);
  if (e->kind == EX_CALL && str_eq(e->text, "calloc")) e->text = "ccad_dev_calloc";  /* none on the device */
  if (e->kind == EX_CALL && e->rt != RT_NONE && on_device_tape(e->rt)) to_device_tape(e);
  if (e->kind == EX_CALL && e->text) {
    Fn *g = e->fn ? e->fn : mod_find_fn(m, e->text);
    NameSet *told = &m->cuda_told;  /* requests told already: one error each */
    /* declared in FILE.c, defined elsewhere: FILE.ad.cu has no body to compile */
    bool elsewhere = g && !g->is_defined && g->in_main_file && e->rt == RT_NONE &&
                     !str_starts(g->name, "__");  /* (__builtin_isnan: the compiler's) */
    /* (not a function of the user's named rand); MPI and libccad_mpi: the host's */
    bool talks = mpi_declared(m, e) || str_starts(e->text, "ccad_mpi_");
    bool host = (host_only(e) || talks) && !(g && g->body);
    if ((host || elsewhere) && !nameset_has(told, req)) {
      nameset_add(told, req);
      const char *what =
          elsewhere ? xfmt("'%s', which is defined in another file (the device code needs its body in %s)", e->text, m->file)
                    : host_call_what(e);
      diag_at(e->loc.file ? e->loc : at, D_CUDA_HOST_CALL, req, what);
      if (e->loc.file) diag_at(at, D_REQUESTED_HERE, req);
    } else if (g && g->body && !host && !elsewhere) {
      bool seen = false;
      for (int i = 0; i < todo->len; i++) seen |= todo->data[i] == g;
      if (!seen) vec_push(todo, g);
      e->text = dev_name(g->name);
    }
    /* sin(v) of a float v: C converts v to double; C++'s <math.h> has a
     * float overload, computed in float. An argument's conversion to a
     * library function's parameter type is spelled (a user function's copy
     * has one signature, as in C) */
    if (!(g && g->body))
      for (int i = 0; i < e->nargs; i++) {
        Expr *a = e->args[i];
        if (a->kind == EX_CAST && a->is_implicit && (a->type->kind == TY_FLOAT || a->type->kind == TY_DOUBLE ||
                                                     a->type->kind == TY_LDOUBLE || a->type->kind == TY_INT))
          a->is_implicit = false;
      }
  }
  /* a pointer the host passes holds a host function's address, which
   * device code cannot call (a dispatch's last arm calls it too) */
  if (e->kind == EX_CALL && !e->text && e->lhs && !nameset_has(&m->cuda_told, xfmt("fnptr %s", req))) {
    nameset_add(&m->cuda_told, xfmt("fnptr %s", req));
    diag_at(e->loc.file ? e->loc : at, D_CUDA_FNPTR_CALL, req);
    if (e->loc.file) diag_at(at, D_REQUESTED_HERE, req);
  }
  /* C++ has no _Complex: FILE.ad.cu computes with ccad_cuda_complex.h's
   * classes, whose functions and imaginary unit have a ccad_ prefix */
  const Rule *cr = e->kind == EX_CALL && e->text && !e->fn ? rule_find(e->text) : NULL;
  if (cr && cr->is_complex) e->text = xfmt("ccad_%s", e->text);
  if (e->kind == EX_NUM && ty_is_complex(e->type) && str_eq(e->text, "I"))
    e->text = e->type->base->kind == TY_FLOAT ? "ccad_cfloat(0.0f, 1.0f)" : "ccad_cdouble(0.0, 1.0)";
  /* C++ converts void * only explicitly: print those casts (an array's
   * decay, p_bar->d of a const struct's field, stays implicit: spelled, it
   * would keep the primal's const on an adjoint) */
  if (e->kind == EX_CAST && e->is_implicit && ty_is_ptr(e->type) && e->lhs->type->kind != TY_ARRAY) e->is_implicit = false;
  if (e->kind == EX_CAST && e->is_implicit && e->type->is_enum) e->is_implicit = false;  /* (int to enum, likewise) */
  real_of_complex(e);
  /* sizeof('a'), sizeof(a == b): int in C, char and bool in C++; the
   * operand's C type says it (a variable keeps its name: its type is the
   * same in both, and nvcc would call it unused) */
  if (e->kind == EX_SIZEOF && e->lhs && e->lhs->kind != EX_VAR && e->lhs->type && !has_vla(e->lhs->type)) {
    e->of = e->lhs->type;
    e->lhs = NULL;
  }
  /* long double is double in device code: other results than f's on the CPU */
  const Type *lt = e->type;
  while (lt && (lt->kind == TY_PTR || lt->kind == TY_ARRAY)) lt = lt->base;
  if (lt && lt->kind == TY_LDOUBLE && !nameset_has(&m->cuda_told, xfmt("ld %s", req))) {
    nameset_add(&m->cuda_told, xfmt("ld %s", req));
    diag_at(e->loc.file ? e->loc : at, D_CUDA_LONG_DOUBLE, req);
    if (e->loc.file) diag_at(at, D_REQUESTED_HERE, req);
  }
  Var *table = e->kind == EX_VAR && e->var->kind == VAR_GLOBAL ? cuda_table(m, e->var) : NULL;
  if (table) {
    e->var = table;
  } else if (e->kind == EX_VAR && e->var->kind == VAR_GLOBAL && !is_std_stream(e->var->name)) {
    /* at the use, which the user changes; then the request that needs it */
    diag_at(e->loc.file ? e->loc : at, D_CUDA_GLOBAL, req, e->var->name);
    if (e->loc.file) diag_at(at, D_REQUESTED_HERE, req);
  }
  fix_e(e->lhs, m, todo, at, req);
  fix_e(e->rhs, m, todo, at, req);
  fix_e(e->cond, m, todo, at, req);
  for (int i = 0; i < e->nargs; i++) fix_e(e->args[i], m, todo, at, req);
}

/* ccad_fn_begin/end name a function for the host's tape limit and report */
static bool announces(const Stmt *s) {
  return s->kind == ST_EXPR && s->expr && s->expr->kind == EX_CALL &&
         (s->expr->rt == RT_FN_BEGIN || s->expr->rt == RT_FN_END);
}

/* char t[3] = "abc": C drops the terminating NUL where the array has no
 * room for it, C++ refuses; the characters as a list instead (a literal
 * without escapes, the common case; others stay as written) */
static void string_fits_exactly(Stmt *s) {
  const Type *t = s->kind == ST_DECL ? s->var->type : NULL;
  Expr *e = t ? s->expr : NULL;
  if (!e || e->kind != EX_STR || t->kind != TY_ARRAY || t->vla || t->len < 0 || t->base->kind != TY_INT) return;
  const char *q = e->text;
  size_t n = strlen(q);
  if (n < 2 || q[0] != '"' || q[n - 1] != '"' || (long)(n - 2) != t->len || strpbrk(q + 1, "\\\"") != q + n - 1) return;
  Expr *l = ex_new(EX_INIT, s->var->type, e->loc);
  l->nargs = (int)t->len;
  l->args = xmalloc(sizeof(Expr *) * (size_t)(l->nargs ? l->nargs : 1));
  for (int i = 0; i < l->nargs; i++) l->args[i] = ex_int((unsigned char)q[i + 1]);
  s->expr = l;
}

static void fix_s(Stmt *s, Module *m, PtrVec *todo, SrcLoc at, const char *req) {
  if (!s) return;
  string_fits_exactly(s);
  int k = 0;  /* the device has no tape limit: the announcements go */
  for (int i = 0; i < s->nbody; i++)
    if (!announces(s->body[i])) s->body[k++] = s->body[i];
  s->nbody = k;
  /* p = malloc(n): C++ wants the conversion from void * spelled out */
  Expr **rhs = s->kind == ST_ASSIGN ? &s->rhs : s->kind == ST_DECL && s->expr ? &s->expr : NULL;
  Type *lt = s->kind == ST_ASSIGN ? s->lhs->type : s->kind == ST_DECL ? s->var->type : NULL;
  if (rhs && ty_is_ptr(lt) && ty_is_ptr((*rhs)->type) && (*rhs)->type->base->kind == TY_VOID &&
      lt->base->kind != TY_VOID)
    *rhs = ex_cast(ty_unqual(lt), *rhs);
  /* double t[n]: C++ has no variable-length arrays (once a request) */
  for (const Type *t = s->kind == ST_DECL ? s->var->type : NULL; t && t->kind == TY_ARRAY; t = t->base)
    if (t->vla && !nameset_has(&m->cuda_told, xfmt("vla %s", req))) {
      nameset_add(&m->cuda_told, xfmt("vla %s", req));
      diag_at(s->loc, D_CUDA_VLA_LOCAL, req, s->var->name);
      diag_at(at, D_REQUESTED_HERE, req);
    }
  /* m = (m + 1) % 3 into an enum: an int, converted only by a cast in C++;
   * so is k++ (k = k + 1, whose sum the IR may type as the enum: C++ has no
   * ++ nor + for it, and the printer would write k++ again) */
  const Expr *rs = rhs ? ex_strip_implicit(*rhs) : NULL;
  if (rhs && lt && lt->is_enum &&
      (!((*rhs)->type && (*rhs)->type->is_enum && ty_same((*rhs)->type, lt)) || rs->kind == EX_BIN || rs->kind == EX_UN))
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

/* A variable CUDA declares (blockIdx, cudaSuccess): a global of type t */
static Var *cuda_var(const char *name, const char *type) {
  Var *v = xmalloc(sizeof *v);
  v->name = name;
  v->type = ty_new(TY_INT, type);
  v->kind = VAR_GLOBAL;
  return v;
}

/* a local of l named hint, or hint_2, ... when a parameter has that name */
static Var *launcher_local(Fn *l, const char *hint, Type *t) {
  const char *name = hint;
  for (int k = 2;; k++) {
    bool taken = false;
    for (int i = 0; i < l->nparams; i++) taken |= str_eq(l->params[i]->name, name);
    if (!taken) break;
    name = xfmt("%s_%d", hint, k);
  }
  Var *v = xmalloc(sizeof *v);
  v->name = name;
  v->type = t;
  v->kind = VAR_LOCAL;
  v->id = l->nvars++;
  return v;
}

static Stmt *ret(Expr *e) {
  Stmt *s = st_new(ST_RETURN, (SrcLoc){0});
  s->expr = e;
  return s;
}

static Stmt *when(Expr *c, Stmt *then) {
  Stmt *s = st_new(ST_IF, (SrcLoc){0});
  s->cond = c;
  s->then = st_block((SrcLoc){0});
  st_append(s->then, then);
  return s;
}

static Walk is_tape_call(Expr *e, void *unused) {
  (void)unused;
  return e->kind == EX_CALL && e->text && str_starts(e->text, "ccad_gpu_") ? WALK_STOP : WALK_ON;
}

/* Does any of the device copies a request runs use the device tape? */
static bool uses_tape(const PtrVec *copies) {
  for (int i = 0; i < copies->len; i++)
    if (!st_each_expr(((Fn *)copies->data[i])->body, is_tape_call, NULL)) return true;
  return false;
}

/* body, between ccad_gpu_begin(b) and ccad_gpu_end(): element b's tape */
static Stmt *with_tape(Stmt *body, Var *b) {
  Stmt *s = st_block(body->loc);
  Expr *arg = ex_var(b);
  st_append(s, st_expr(ex_call("ccad_gpu_begin", ty_void(), &arg, 1), (SrcLoc){0}));
  if (body->kind == ST_BLOCK)
    for (int i = 0; i < body->nbody; i++) st_append(s, body->body[i]);
  else
    st_append(s, body);
  st_append(s, st_expr(ex_cast(ty_void(), ex_call("ccad_gpu_end", ty_int(), NULL, 0)), (SrcLoc){0}));
  return s;
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
  /* its own parameter list: simplify_module may drop g's unread ones later */
  c->params = xmalloc(sizeof(Var *) * (size_t)(g->nparams + 1));
  memcpy(c->params, g->params, sizeof(Var *) * (size_t)g->nparams);
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
  /* (its diagnostics name the function the user asked for; the host
   * driver is renamed f_cuda_host below) */
  v.gen_name = r->gen_name;
  int before = m->generated.len;
  Fn *host = batch_request(m, &v);
  if (!host) return NULL;
  m->generated.len = before;  /* it goes to the .cu, not the .c */
  host->name = xfmt("%s_host", r->gen_name);
  host->is_cuda = true;
  host->c_linkage = true;
  /* device copies of f and everything it calls */
  PtrVec todo = {0};
  int first = m->cuda.len;
  vec_push(&todo, f);
  PtrVec copies = {0};  /* what this request runs, printed or not */
  for (int i = 0; i < todo.len; i++) {
    Fn *g = todo.data[i];
    Fn *c = device_copy(g);
    fix_s(c->body, m, &todo, r->loc, r->gen_name);
    /* (a fresh f2c static is printed as an ordinary local: emit_c.c) */
    Var *st = tr_static_shared(g, false);
    if (st) {
      diag_at(st->loc, D_CUDA_STATIC_LOCAL, r->gen_name, st->name, g->name);
      diag_at(r->loc, D_REQUESTED_HERE, r->gen_name);
    }
    vec_push(&copies, c);
    bool made = false;  /* by an earlier cuda request: one copy per file */
    for (int j = 0; j < first; j++) made |= str_eq(((Fn *)m->cuda.data[j])->name, c->name);
    if (!made) vec_push(&m->cuda, c);
  }
  fix_s(host->body, m, &todo, r->loc, r->gen_name);
  /* host driver: the loop, without OpenMP */
  Stmt *loop = NULL;
  for (int i = 0; i < host->body->nbody; i++)
    if (host->body->body[i]->kind == ST_FOR) loop = host->body->body[i];
  loop->parallel = false;
  bool tape = uses_tape(&copies);
  if (tape) loop->then = with_tape(loop->then, loop->init->var);
  vec_push(&m->cuda, host);
  /* the kernel: the loop body for b = blockIdx.x * blockDim.x + threadIdx.x,
   * spelled by a helper of FILE.ad.cu's (emit_file.c): f's own names may be
   * threadIdx or blockDim, which the device code renames */
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
  st_append(k->body, st_assign(ex_var(b), ex_call("ccad_cuda_index", ty_int(), NULL, 0), (SrcLoc){0}));
  Stmt *guard = st_new(ST_IF, f->loc);
  guard->cond = ir_clone_expr(loop->cond, NULL);
  guard->then = ir_clone_stmt(loop->then, NULL);  /* with the tape, if any */
  st_append(k->body, guard);
  vec_push(&m->cuda, k);
  /* the launcher */
  Fn *l = xmalloc(sizeof *l);
  *l = *host;
  l->name = r->gen_name;
  l->ret = ty_int();
  l->qualifiers = NULL;
  l->body = st_block(f->loc);
  /* if (batch <= 0) return 0; k<<<(batch + threads - 1) / threads, threads>>>(...);
   * then the launch's error, or the kernel's */
  Var *batch = host->params[0];
  st_append(l->body, when(ex_bin(OP_LE, ex_var(batch), ex_int(0)), ret(ex_int(0))));
  Type *cint = ty_new(TY_INT, "int");
  cint->is_const = true;
  Var *threads = launcher_local(l, "threads", cint);
  st_append(l->body, st_decl(threads, ex_int(128), (SrcLoc){0}));
  PtrVec args = {0};
  Expr *grid = ex_bin(OP_SUB, ex_bin(OP_ADD, ex_var(batch), ex_var(threads)), ex_int(1));
  vec_push(&args, ex_bin(OP_DIV, grid, ex_var(threads)));
  vec_push(&args, ex_var(threads));
  for (int i = 0; i < host->nparams; i++) vec_push(&args, ex_var(host->params[i]));
  Expr *launch = ex_call(k->name, ty_void(), (Expr **)args.data, args.len);
  launch->is_launch = true;
  Type *et = ty_new(TY_INT, "cudaError_t");
  Var *err = launcher_local(l, "err", et);
  if (tape) {
    /* int err = ccad_gpu_setup(batch); if (err) return err; ... */
    Expr *nb = ex_var(batch);
    err->type = ty_int();
    st_append(l->body, st_decl(err, ex_call("ccad_gpu_setup", ty_int(), &nb, 1), (SrcLoc){0}));
    st_append(l->body, when(ex_var(err), ret(ex_var(err))));
  }
  st_append(l->body, st_expr(launch, (SrcLoc){0}));
  Expr *last = ex_call("cudaGetLastError", et, NULL, 0);
  if (tape)
    st_append(l->body, st_assign(ex_var(err), ex_cast(ty_int(), last), (SrcLoc){0}));
  else
    st_append(l->body, st_decl(err, last, (SrcLoc){0}));
  Expr *ok = ex_bin(OP_EQ, ex_var(err), ex_var(cuda_var("cudaSuccess", "cudaError_t")));
  Expr *sync = ex_call("cudaDeviceSynchronize", et, NULL, 0);
  st_append(l->body, when(ok, st_assign(ex_var(err), tape ? ex_cast(ty_int(), sync) : sync, (SrcLoc){0})));
  if (tape) {
    /* the first element's tape error, after the launch's and the kernel's */
    Expr *e = ex_var(err);
    st_append(l->body, ret(ex_call("ccad_gpu_finish", ty_int(), &e, 1)));
  } else {
    st_append(l->body, ret(ex_cast(ty_int(), ex_var(err))));
  }
  vec_push(&m->cuda, l);
  return l;
}
