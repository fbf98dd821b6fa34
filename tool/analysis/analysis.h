/*
 * analysis.h — S1 -> S2: facts about the primal that the transforms read.
 *
 * Activity ("varied") analysis decides which values carry derivatives.
 * It is flow-insensitive and works on abstract memory nodes: one per
 * variable, plus the "pointee" nodes of what pointers stored in a node
 * point to (Steensgaard-style unification: p = &x[i] puts x in p's pointee
 * class, q = p merges the classes; points_to.h). A struct's pointer fields
 * have a pointee each (Layer's w and out: storing through L->out does not
 * touch w's class) until the struct is used untyped (cast, memcpy, a
 * field's address dereferenced, a union), which gives them one for good.
 * A node is varied when a value depending on an active input may be
 * stored in it. A variable gets a shadow (x_dot, x_bar) when its storage,
 * or memory reachable through it, is varied. Below a class there may be
 * several (act_classes_at): the summaries of callees say which by path
 * (Variant.facts), and a callee's variant is made for the paths below its
 * shadowed arguments that are varied in the caller (Variant.seeds) and
 * for those that are one class there (Variant.shared: two fields pointing
 * into one array stay one class in the callee). What the requested
 * function's parameters lead to was set up by its caller: no fields are
 * told apart there.
 *
 * Facts are computed per Variant: a function together with which of its
 * parameters carry shadows. The requested function is one variant; every
 * call from a variant to a function of the module selects (or creates) the
 * callee's variant from the activity of the arguments. Summaries (return
 * varied, pointer parameters written with varied data) iterate to a fixed
 * point over the call graph, so recursion works.
 */
#ifndef CCAD_ANALYSIS_H
#define CCAD_ANALYSIS_H

#include "../ir/ir.h"

typedef struct Node Node;
typedef struct Variant Variant;
typedef struct PathFact PathFact;  /* points_to.h */

struct Variant {
  Fn *fn;
  Module *module;
  int mode;             /* which transform family uses it (jvp, vjp) */
  bool *shadow;         /* per parameter: the variant takes a shadow for it */
  bool *out;            /* per parameter: varied data may be stored through it */
  unsigned char *out_depth; /* per parameter: bit d set when the memory d pointer levels below what it points to is varied */
  unsigned char *writes;    /* per parameter: bit d set when the function (or a callee) may store into the memory d
                               levels below what it points to (for a struct by value, below what its pointers reach) */
  PathFact *links;      /* summary: pairs of paths below two parameters (or one and the returned
                           pointer) that the function put in one class (point(&acts, memory)
                           storing &memory[o] into acts->ln1) */
  int nlinks;           /* (pairs) */
  PathFact *facts;      /* summary: the classes below parameters (and the returned pointer) that are
                           varied or written, by path (L->out apart from L->w) */
  int nfacts;
  PathFact *seeds;      /* a callee's: the classes below shadowed arguments that are varied in the
                           caller, by path (NULL: everything a shadowed parameter reaches) */
  int nseeds;
  PathFact *shared;     /* a callee's: pairs of paths below its parameters that are one class in the
                           caller (two fields of one struct pointing into one buffer) */
  int nshared;          /* (pairs) */
  bool ret;             /* return value varied (or requested) */
  bool ret_shadow;      /* a returned pointer: the caller needs its shadow (memory a helper allocates, say) */
  bool is_public;       /* the requested function itself */
  bool inactive;        /* a function declared inactive (or called from one, or its forward sweep) that
                           stores into memory carrying derivatives: what it stores below its parameters
                           gets a zero derivative (act_param_memory), it returns none, its calls go to
                           inactive variants; its locals and tape traffic are differentiated as usual */
  const Request *req;   /* public: the request */
  const char *name;     /* generated function name (reverse mode: the forward sweep) */
  const char *bwd_name; /* reverse mode: the backward sweep of a callee */
  Fn *result;           /* generated function */
  Fn *bwd_result;
  bool *preserve;       /* reverse mode callee: per pointer parameter, the caller needs
                           overwritten values of that memory restored (NULL: all) */
  unsigned char *redo;  /* reverse mode callee: per parameter, bit d set when the caller needs
                           the restores of the memory d pointer levels below what it points
                           to (a struct by value: below the struct) logged (ccad_redo_push),
                           so that it ends as the primal leaves it (NULL: none) */
  Variant *base;        /* a copy made for one (preserve, redo) mask: the variant it copies */
  /* facts, valid after act_solve */
  Node **nodes;         /* per Var id of fn (and of registered temporaries) */
  int nnodes;
  Node **gnodes;        /* per global id */
  int nglobals;
  PtrMap callee;        /* call Expr* -> Variant* */
  PtrMap fresh;         /* Expr* -> Node*: memory of unknown origin (a pointer made from an
                           integer, an unknown call's result), one node per expression so
                           that every pass of the analysis marks the same node */
  bool ret_varied;      /* computed: the return expression is varied */
  unsigned char ret_depth; /* computed, pointer returns: bit d set when the memory d levels below what it points to is varied */
  Node *ret_pts;        /* pointer returns: the class of what the returned pointers point to */
  bool *zero_out;       /* per parameter: out-only pointer whose shadow is zeroed on entry */
  Expr **scratch;       /* per parameter (NULL: none): scratch(s[n]) of the request, its size; the
                           generated function allocates the shadow and frees it */
  PathFact *sinks;      /* write-only memory below parameters that carries no derivative, by path */
  int nsinks;
  int *alias_with;      /* per parameter (NULL: none): an earlier pointer parameter whose memory it may
                           overlap (may_alias, or the same memory passed twice), or -1 */
  /* solving: stamps of a counter, so a variant is analysed again only when
   * a callee's summary changed since (solving is linear in the requests) */
  long analysed_at;     /* its last analysis began (0: never, or facts reset) */
  long changed_at;      /* its summary last changed */
  long facts_at;        /* its facts last changed */
  long checked_at;      /* its body was last checked (long double, unions) */
};

/* Builds the public variant for a planned request (plan.c applied the
 * defaults for wrt/out) and solves activity for everything it reaches.
 * Returns NULL after reporting errors. */
Variant *act_request(Module *m, const Request *r, int mode);
Variant *act_request_variant(Module *m, const Request *r);  /* the one act_request built for r, or NULL */

/* With nothing active: which pointer parameters of f f, callees included,
 * reads and writes through, one level down (read[j], written[j]; false for
 * other parameters): the facts behind default wrt/out (pointers to floating
 * data) and vmap's shared parameters. */
void act_param_effects(Module *m, Fn *f, int mode, bool *read, bool *written);

/* Queries over a solved variant. */
bool act_var_shadowed(Variant *v, Var *x);      /* x needs a shadow */
bool act_shadow_param(const Variant *v, int j);   /* parameter j is followed by its shadow parameter */
/* Parameter j is passed by value without a shadow parameter, and the
 * function stores varied data into its copy (a = a * x, scale(&p, x)):
 * the copy gets a local shadow, zero on entry. */
bool act_param_local_shadow(Variant *v, int j);
bool act_lvalue_varied(Variant *v, Expr *lv);   /* storage of lv holds varied data */
bool act_expr_varied(Variant *v, Expr *e);      /* float value of e is varied */
bool act_stores_constant(Variant *v, const void *id); /* inactive variant: class id lies below a parameter */
/* omp_rows.c: each iteration of the parallel loop (counter ctr) touches its own rows of the array
 * parameter (x = inp + b*T*C + t*C; x[i], i < C), so their adjoints need no copies or atomics */
bool omp_rows_disjoint(Variant *v, const Stmt *loop, const Var *ctr, const Var *array);
/* ... the same over the accesses through array itself and pointers the body derives from it (others in its class unseen) */
bool omp_rows_own_disjoint(Variant *v, const Stmt *loop, const Var *ctr, const Var *array);
/* ... the conditions of omp_rows_disjoint's proof as a run-time test over variables the loop does not change
 * (sizes whose signs are unknown: hs = C / NH), to evaluate before the backward loop; NULL where no test can say */
Expr *omp_rows_apart_cond(Variant *v, const Stmt *loop, const Var *ctr, const Var *array);
/* ... or every iteration touches exactly array[0..N) (x[j] in for (j = 0; j < N; j++)): N as written, else NULL */
const Expr *omp_rows_hull(Variant *v, const Stmt *loop, const Var *ctr, const Var *array);
/* ... f's body stores every element of array[0..n) and never reads it: the condition (ex_int(1): always) under
 * which it does, over variables f never assigns, and the store (*store); NULL where that is not shown */
Expr *omp_rows_cover(Variant *v, const Stmt *body, const Var *array, const Expr *n, const Expr **store);
/* globals.c: the file-scope variables (not static, not const) f stores into, and reads, itself or
 * through the functions of the file it calls: Var* lists (empty for a function without a body) */
const PtrVec *glob_writes(Module *m, Fn *f);
const PtrVec *glob_reads(Module *m, Fn *f);
bool glob_written_by(Module *m, Fn *f, const Var *x);
void act_check_variant(Variant *v);           /* activity_checks.c: long double, unions, integer indices */
int *act_alias_roots(const Request *r);  /* activity_checks.c: may_alias sets as roots per parameter (NULL: none) */
void act_check_alias_sets(const Variant *v, const Request *r);  /* activity_checks.c: may_alias sets */
bool act_aliases_input(const Variant *v, const Request *r, int j);  /* j may share memory with a wrt input */
bool act_ptr_shadowed(Variant *v, Expr *p);     /* pointer value p points to shadowed memory */
bool act_pts_varied(Variant *v, Expr *p);       /* the class pointer p points into holds varied data */
Variant *act_callee(Variant *v, Expr *call);    /* callee variant of a call */
const void *act_loc_id(Variant *v, Expr *lv);   /* identity of lv's memory class (NULL: none) */
const void *act_pts_id(Variant *v, Expr *p);    /* identity of the class pointer p points into (NULL: none) */
const void *act_var_id(Variant *v, Var *x);     /* identity of x's own storage */
/* The classes d pointer levels below class id (d = 0: id itself), into *out
 * (emptied first): for a struct, what each of its pointer fields points
 * into; a class may hold pointers into several classes. */
void act_classes_at(const void *id, int d, PtrVec *out);
/* activity_useful.c: the classes whose values may flow into r's outputs */
void act_useful(Variant *v, const Request *r, PtrMap *set);
/* Registers a variable made by a transform (a temporary) with the analysis. */
void act_add_var(Variant *v, Var *x, bool varied);
/* Registers the variable a transform returns f's value from (a pointer
 * in it points where f's return statements' pointers do). */
void act_add_retval(Variant *v, Var *x);

/* For a call to a function with a hand-written derivative: the parameters
 * that get a shadow (every floating or pointer-to-floating one), as the
 * derivative's signature has them. */
bool act_custom_shadow(const Var *param);

/* Every variant created, in creation order (deterministic). */
PtrVec *act_all_variants(Module *m);

/* Is 'name' one of the functions whose calls need special handling
 * (malloc, calloc, realloc, free, memcpy, memmove, memset)? */
bool act_is_memory_fn(const char *name);

#endif
