/*
 * adjoint_int.h — private to adjoint*.c: reverse mode (vjp, grad).
 *
 * A variant is differentiated into a forward sweep (the primal, plus what
 * the backward sweep needs pushed on the tape) and a backward sweep (the
 * adjoints, in reverse statement order, popping the tape). The requested
 * function runs both sweeps in one body; a callee's variant is split into
 * two static functions, f_fwd and f_bwd, so the caller's forward sweep
 * calls f_fwd and its backward sweep f_bwd at the mirrored point (split
 * reversal: the tape's LIFO order makes recursion work). The one
 * recomputation: scratch buffers rewritten by simple kernels
 * (adjoint_recompute.c).
 *
 * What is pushed (to-be-recorded): generation runs twice. Phase 1 builds
 * the backward sweep without any restores and records, per statement, the
 * memory classes its backward code reads (a->tbr, TbrFacts of
 * analysis/tbr.h, which --dump=tbr prints). Phase 2 walks the code in
 * forward order keeping 'before', the union of those sets for the
 * statements already executed (a loop's body counts as executed before
 * itself, for the earlier iterations). A write pushes the old value only
 * when its class is in 'before': the backward code of an earlier
 * statement will need it. The restores phase 2 adds read too (v[k] = pop
 * reads k): trial runs of phase 2 add their reads to R until it settles
 * (settle_reads). First writes (declarations outside loops) and
 * invertible ones (i = i + 1, undone by i = i - 1) push nothing. Once a
 * write of a scalar local is saved, its restore gives the old value back
 * to every earlier statement: later writes push nothing until a statement
 * reads it again (adj_kill; m = 0; m += x[i]; m /= C pushes once). A call of
 * g_bwd reads the memory behind those pointer arguments that g's own
 * backward code reads (adj_bwd_reads: a dry run of g's phases 1 and 2).
 */
#ifndef CCAD_ADJOINT_INT_H
#define CCAD_ADJOINT_INT_H

#include "../analysis/tbr.h"
#include "transform.h"

typedef struct Adj {
  Module *m;
  Variant *v;
  Fn *primal;
  Fn *out;            /* the function being built (shared by both sweeps' Vars) */
  PtrMap bar;         /* Var* -> Expr* root of its adjoint (x_bar, *p_bar, ...) */
  PtrMap shadow_of;   /* adjoint or shadow Var* -> the primal Var* it belongs to */
  PtrMap hoisted;     /* Var* declared at the top instead of in place */
  bool split;         /* building f_fwd/f_bwd (every local hoisted) rather than one body */
  const Expr *cur_result; /* the value a rule partial calls $r */
  const Expr *cur_rhs;    /* the expression whose value cur_result holds */
  Stmt *top;          /* declarations at the top of the function */
  Stmt *bwd_top;      /* declarations at the top of the backward sweep */
  int phase;          /* 1: collect R; 2: emit with restores */
  bool trial;         /* phase 2 run only to learn what its restores read (see settle_reads) */
  bool checking;      /* the first real build: learns as a trial does, thrown away if R grew */
  bool reads_grew;    /* a trial found reads that stmt_reads lacked */
  PtrMap stable;      /* the variables and memory classes the prepared body names (not a build's temporaries) */
  TbrFacts *tbr;      /* phase 1 fills its read sets (per prepared Stmt*); phase 2 reads them and notes saves */
  PtrMap bwd_memo;    /* generated backward Stmt* -> TbrSet* of what it reads (each is collected once) */
  TbrSet *before;     /* phase 2: what the backward code of the statements run so far reads */
  TbrSet *cur_reads;  /* phase 2: what the backward code of the current statement reads */
  PtrMap killed;      /* phase 2: Var* -> 1, scalar locals saved since the last read of them (adj_kill) */
  PtrVec kill_log;    /* the kills in the order made, for adj_kills_leave to drop a block's own */
  int loop_depth;
  Expr *ret_seed;     /* seed for the return value in the backward sweep */
  PtrMap nolive;      /* top-level Vars the backward sweep sets itself (loop counters) */
  PtrMap callee_written; /* phase 1: memory classes passed to callees that may write them */
  PtrMap redo;        /* classes of the caller's memory whose restores are logged (ccad_redo_push) */
  PtrMap escaping;    /* split: classes of the caller's memory (what pointer parameters reach) */
  PtrMap fresh;       /* prepared ST_ASSIGN* -> its loop: writes each element once (see fresh_writes) */
  PtrMap fresh_ok;    /* phase 2: those whose old values nothing read before the loop */
  Stmt *cur_stmt;     /* the statement being transformed */
  PtrMap recon;       /* backward loop Stmt* -> the counter it recomputes itself */
  PtrMap extent;      /* local pointer Var* -> Expr* bytes it points to (malloc'd once) */
  PtrMap grown;       /* local pointer Var* realloc grows -> its size Var* (adjoint_lib.c) */
  PtrMap swap_extent; /* the same for pointers that trade buffers of one size (t = a; a = b; b = t) */
  PtrMap at_extent;   /* local pointer Var* -> Expr *[2]: a block an allocator of the file returns at an
                         offset (NR's dvector: return v - nl + 1), allocated once: {offset of the pointer
                         from the block's start in elements, bytes} (checkpoint state only) */
  Var *retval;        /* holds the primal result */
  Var *ret_shadow;    /* split, a returned pointer the caller needs the shadow of: f_fwd's T **ret_bar */
  Stmt *body;         /* the prepared function body */
  PtrMap addr_taken;  /* Var* whose address the prepared body takes */
  PtrVec loops;       /* prepared loop statements enclosing the current one, outermost first */
  Stmt *loop_pre;     /* backward code that starts each reversed iteration of the innermost loop */
  PtrMap bwd_noted;   /* g_bwd call Expr* -> PtrVec* of its arguments whose memory g_bwd reads */
  PtrMap bwd_globals; /* g_bwd call Expr* -> const PtrVec* of the globals g reads (glob_reads) */
  bool redo_used;     /* the backward sweep, or a callee's, logs the caller's memory: apply the log at the end */
  PtrMap iter_cand;   /* local Var* -> IterCand*: set again at the start of a backward iteration if needed */
  PtrMap branch_again; /* if Stmt* -> 1 + adj_branch_again's answer (the same in every build) */
  struct IterIndex *iix; /* adjoint_recompute.c: what its questions ask of the prepared body, counted once */
  PtrMap replay;      /* loop Stmt* -> its Replay (adjoint_recompute.c), or the Adj itself for none */
  int in_prefix;      /* building a replayed prefix (adj_replay_body): its loops replay nothing of their own */
  PtrMap replayed;    /* Var* -> 1: locals the current loop's backward iteration sets again first (adj_replay_body) */
  PtrMap iter_done;   /* this build: local Var* set again in a backward iteration's code */
  PtrMap iter_guards; /* this build: if Stmt* of loop_pre -> the arm block whose locals it sets again */
  bool iter_calls, iter_caller_mem; /* adjoint_recompute.c's cost walk: saw a math call, a load of the caller's memory */
  PtrMap snap;        /* split: classes of the caller's memory saved whole on entry (adjoint_snapshot.c) -> Var* p */
  PtrVec snaps;       /* split: (Var* p, Expr* bytes) pairs of those snapshots */
} Adj;

/* adjoint_expr.c */
/* Calls fn on *p and on every lvalue reachable from it through pointers,
 * struct fields and array elements (4 pointer levels); stops and returns
 * true when fn does. */
typedef bool (*AdjVisit)(Adj *a, const Expr *lv, void *ctx);
bool adj_each_pointee(Adj *a, const Expr *p, AdjVisit fn, void *ctx);
Expr *adj_bar(Adj *a, const Expr *lv);               /* adjoint storage of an lvalue: x_bar[i] */
Expr *adj_ptr_shadow(Adj *a, const Expr *p);         /* shadow of a pointer value */
Expr *adj_ptr_shadow_arg(Adj *a, const Expr *p);     /* the same, writable, as a call's argument */
bool adj_ptr_has_shadow(Adj *a, const Expr *p);
void adj_expr(Adj *a, Expr *e, Expr *seed, Stmt *bwd); /* adjoints of e's operands += d e * seed */
void adj_zero_fields(Adj *a, Expr *dst_bar, Type *t, Stmt *bwd);
void adj_add_fields(Adj *a, Expr *dst_bar, Expr *src_bar, Type *t, Stmt *bwd); /* dst += src (float parts) */
/* adjoint_stmt.c: does the backward sweep need lv's old value (own: the
 * statement reads lv itself)? save it, and a pointer's shadow with it;
 * put both back */
bool adj_must_save(Adj *a, const Expr *lv, bool own);
bool adj_shadowed_ptr(Adj *a, Expr *lhs);
void adj_save_both(Adj *a, Expr *lhs, Stmt *fwd, SrcLoc loc);
void adj_restore_both(Adj *a, Expr *lhs, Stmt *bwd, SrcLoc loc);
/* adjoint_lib.c: memory functions and MPI (false: not one of them) */
bool adj_memory_call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd);
bool adj_mpi_call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd);
Stmt *adj_save(Adj *a, Expr *lv, SrcLoc loc);         /* push lv's value */
Stmt *adj_restore(Adj *a, Expr *lv, SrcLoc loc);      /* pop into lv */
bool adj_is_read(Adj *a, Expr *lv);                   /* lv's memory is in 'before' */
bool adj_lv_in(Adj *a, const TbrSet *s, const Expr *lv); /* s holds lv: its variable, or memory overlapping it */
bool adj_field_of(const Expr *lv, const Record **rec, const char **name); /* lv is in field name of struct rec */
void adj_collect_reads(Adj *a, const Stmt *s, TbrSet *into); /* what backward code s reads */
void adj_note_save(Adj *a, const Expr *lv);           /* tbr: the current statement saves lv */
void adj_before_add(Adj *a, const Stmt *primal_stmt);  /* phase 2: 'before' += its reads */
void adj_kill(Adj *a, const Expr *lv);                 /* lv was saved here: see 'killed' */
int adj_kills_enter(Adj *a);                           /* around a block that may not run */
void adj_kills_leave(Adj *a, int mark);
Var *adj_temp(Adj *a, const char *hint, Type *t, Expr *init, Stmt *into, SrcLoc loc);

/* adjoint_prep.c */
Stmt *adj_prepare(Adj *a, Stmt *body);   /* normalise: single exit, hoisted calls and locals */
void adj_zero_seed(Adj *a, const Stmt *prepared, Var *p, Var *b, Expr *n, Stmt *leave); /* an output's seed zeroed at the end, unless stored whole (adjoint_lib.c) */
bool adj_writes_var(const Stmt *s, const Var *x);  /* s assigns x */
int adj_count_writes(const Stmt *s, const Var *x); /* assignments of x (and x's initialised declaration) in s */
bool adj_stores_past_first(Fn *f, const Var *p);  /* f stores p[i], i not 0 (adjoint_prep.c) */
bool adj_grad_outputs_ok(const Request *r, bool solved); /* grad's one scalar output (errors) */
Type *adj_unconst(Type *t);              /* t without const (an array's elements too) */

/* adjoint_stmt.c */
void adj_block(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd);
bool adj_invertible(const Expr *lhs, const Expr *rhs); /* i = i + c (integer, pointer): undone by i = i - c */
bool adj_invertible_step(const Expr *lhs, const Expr *rhs); /* the same, or p = p + e with e integer variables and constants */
Expr *adj_inverse(const Expr *lhs, const Expr *rhs);            /* lhs - e for lhs + e, and lhs + e for lhs - e */
bool adj_branch_again(Adj *a, const Stmt *s);  /* the backward sweep evaluates if s's condition again, untaped */
/* s stores into class cls or variable x (see adjoint_stmt.c; slot: an
 * element A[k] whose other literal-index stores do not count) */
bool adj_stores(Adj *a, const Stmt *s, const void *cls, const Var *x, const Expr *slot);
/* s may store into memory lv reads (its class, but not another field of
 * its struct); with calls_only, by a call */
bool adj_stores_part(Adj *a, const Stmt *s, const Expr *lv, bool calls_only);

/* adjoint_loop.c */
void adj_loop(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd);  /* a for or while statement */
/* adjoint_omp.c: both sweeps of an OpenMP parallel loop as parallel loops, if it can */
bool adj_omp_loop(Adj *a, Stmt *s, Stmt *fi, Stmt *fb, Stmt *fs, Stmt *bb, Stmt *bs, Stmt *fwd, Stmt *bwd);
/* adjoint_omp_acc.c: race-free accumulation in a parallel backward loop */
typedef struct Acc {
  const Var *ctr;
  PtrMap *inner;
  PtrMap priv;    /* adjoint arrays reduced per thread, and pointers into them */
  PtrVec parts;   /* Var*, Expr* count: arrays whose threads' copies are added after the loop */
  bool by_ctr;    /* every accumulation into shared memory is p[i], i the counter */
  const Stmt *loop; /* the primal loop */
  PtrMap rows;    /* adjoint arrays (and pointers derived from them) each iteration touches its own rows of */
  PtrVec stores;  /* lvalues stored plainly (not accumulated) */
  PtrVec apart;   /* Var* x_bar, const void* class: rows apart by x's own accesses (settle_apart) */
  Expr *rt_rows;  /* the run-time test under which the arrays it covers are rows apart (omp_rows_apart_cond) */
  bool assume_rt; /* the build for when rt_rows holds: those arrays plain */
} Acc;
void omp_race_free(Adj *a, Acc *c, Stmt *body);     /* plain, per-thread copies, or atomic */
void omp_add_parts(const Acc *c, Stmt *after, SrcLoc loc);  /* the threads' copies added after the loop */
int omp_atomics_in(Stmt *s);
Stmt *omp_clone_block(const Stmt *b);
Stmt *omp_clone_team(Adj *a, const Stmt *s);
bool omp_only_ctr(const Stmt *bs, const Var *ctr);
/* one-team: the loop without atomics (one) where a team has one thread, else par */
void omp_team_choice(Stmt *bwd, Expr *one_team, Stmt *one, Stmt *par, const Acc *c, SrcLoc loc);
/* par with its parts' sums into 'into'; or, where c found rows a run-time test proves apart, rt (a copy
 * of par made before omp_race_free) built with them plain under that test, par otherwise */
void omp_rows_choice(Adj *a, Stmt *into, Stmt *rt, Stmt *rt_body, Stmt *par, const Acc *c, SrcLoc loc);
void adj_omp_team_serial(Adj *a, const Stmt *s);  /* a construct run on one thread that asks for its team: error */
void adj_omp_split_regions(Stmt *body);  /* a region of 'omp for' loops as 'parallel for' loops */
void adj_omp_framed_sums(Adj *a, Stmt *body);  /* split: reduction(+:s) of a local whose address is taken: into s_red */
void adj_omp_hoist_bounds(Adj *a, Stmt *body);  /* a parallel loop's bound read through a pointer: a local set before it */
Var *adj_counted_ctr(const Stmt *loop);  /* the counter of a counted for loop, else NULL */
Expr *adj_counted_trips(const Stmt *loop);  /* its trip count as a long expression, else NULL */
bool adj_counted_span(const Stmt *loop, Expr **lo, Expr **span); /* its counter's least value, values spanned */
/* for (i = first; i REL bound; i += step) with i an integer the body does
 * not write (bound and first not checked) */
bool adj_loop_header(const Stmt *loop, Var **ctr, const Expr **first, const Expr **bound, long *step);
bool adj_stmt_mentions(const Stmt *s, const Var *x);  /* s names x */

/* adjoint_extent.c: bytes behind a pointer that a checkpoint saves (NULL: unknown) */
bool adj_fixed_size(const Expr *e, const Stmt *body);  /* integers nothing in body writes, constants, sizeof */
Expr *adj_extent_of(Adj *a, Var *p);
Expr *adj_written_span(Adj *a, const Stmt *loop, Var *p, const void *cls);
Expr *adj_field_extent(Adj *a, const Stmt *loop, const Expr *m);
bool adj_holds_class(Adj *a, Var *x, const void *cls);
bool adj_loop_writes_struct(Adj *a, const Stmt *loop, const Var *x);

/* adjoint_ckpt.c */
Var *adj_root_var(const Expr *lv);  /* what an lvalue stores into directly (x, x.f, x[i] of an array), or NULL */
/* A loop under #pragma ad checkpoint: fwd and bwd get the checkpointed form
 * of the loop whose body and step adj_loop transformed into fb/bb and fs/bs;
 * false (after a warning) when its state cannot be saved. */
bool adj_ckpt_loop(Adj *a, Stmt *s, Stmt *fb, Stmt *bb, Stmt *fs, Stmt *bs, Stmt *fwd, Stmt *bwd);
/* Whether a loop under #pragma ad checkpoint gets its checkpointed form
 * (its state can be saved), without a word */
bool adj_ckpt_applies(Adj *a, Stmt *s);
/* adjoint_heap.c: why running the body (and step) again would repeat an allocation or a free that outlives it, or NULL */
const char *adj_heap_unbalanced(const Stmt *body, const Stmt *step, bool call);

/* adjoint_recompute.c */
/* May the scratch buffer passed as argument j of call c (in the current
 * statement) be recomputed by calling c again at the start of the
 * iteration's backward code, instead of saved around the call? */
bool adj_recompute_arg(Adj *a, const Expr *c, int j);
/* v = e in the innermost loop's body, v iteration-local (see there): ITER_ALWAYS,
 * set it again at the start of the backward iteration (no loads, no
 * floating values: costs nothing); ITER_IF_NEEDED, only instead of a save
 * (adj_recompute_local); ITER_NO, save it as usual. */
typedef enum IterLocal { ITER_NO, ITER_ALWAYS, ITER_IF_NEEDED } IterLocal;
IterLocal adj_iteration_local(Adj *a, const Expr *lhs, const Expr *rhs, SrcLoc loc);
void adj_recompute_local(Adj *a, const Expr *lhs);
/* Shared by adjoint_recompute.c and adjoint_replay.c: the cost rule of a
 * value computed again (an operator or load 1, a math call RECOMPUTE_CALL),
 * and facts of the prepared body about its variables. */
#define RECOMPUTE_MAX 12
#define RECOMPUTE_CALL 8
/* What the questions below ask of the prepared body, about variables,
 * counted in one walk: they come once per statement of a loop, in each
 * build, and walking the body for each made a loop of N statements cost
 * N^2. Counts follow the rules of the walks they stand for
 * (adj_count_writes, adj_stmt_mentions). */
typedef struct LoopIndex {
  PtrMap pos;        /* statement of the loop's block -> 1 + its index */
  PtrMap first;      /* Var* -> 1 + index of the block's first statement that mentions it */
  PtrMap nstmts;     /* Var* -> statements of the block that mention it */
  PtrMap nsites;     /* Var* -> mention sites inside the loop (see mention_sites) */
  int first_exit;    /* index of the block's first statement that may leave the iteration */
  PtrMap sets;       /* Var* the loop assigns or declares with a value (sets_in) */
} LoopIndex;

typedef struct IterIndex {
  const Stmt *body;  /* the prepared body it describes */
  PtrMap nwrites;    /* Var* -> writes in the body (adj_count_writes) */
  PtrMap last_top;   /* Var* -> 1 + the last top-level statement that writes it */
  PtrMap nsites;     /* Var* -> mention sites in the body */
  PtrMap top_of;     /* loop Stmt* -> 1 + the top-level statement that holds it */
  PtrMap loops;      /* loop Stmt* -> LoopIndex* (made when first asked) */
  PtrMap counters;   /* loop Stmt* -> adj_counted_ctr, or the index itself for none */
} IterIndex;
IterIndex *adj_iter_index(Adj *a);
/* x holds one value from the outermost enclosing loop (statement 'from' of
 * the body) on: not written there, or a counter the backward loops set */
bool adj_fixed_var(Adj *a, const Var *x, int from);
int adj_outer_from(Adj *a);  /* the top-level statement holding the outermost loop, or -1 */
/* e loads memory nothing stores into from statement 'from' on */
bool adj_stable_load(Adj *a, const Expr *e, int from);
void adj_mention_sites(const Stmt *s, PtrMap *m);  /* Var* -> how often s names it */
bool adj_calls_any(const Stmt *s);                 /* a call other than <math.h> */
static inline void adj_count_up(PtrMap *m, const void *k, long by) {
  ptrmap_put(m, k, (void *)((long)ptrmap_get(m, k) + by));
}
/* The body of loop (innermost in a->loops) into fwd and bwd; a prefix of
 * it that computes locals from fixed data runs untaped forward and again
 * at the start of the backward iteration: that code is returned (NULL
 * when the body is reversed as usual). */
Stmt *adj_replay_body(Adj *a, Stmt *loop, Stmt *fwd, Stmt *bwd);
bool adj_replayed(const Adj *a, const Var *x);
/* adj_before_add for a loop about to be reversed: without the reads of the
 * elements other iterations own (A[c] of a local array, c the counter) */
void adj_before_add_loop(Adj *a, const Stmt *loop);

/* adjoint_snapshot.c: in a split build, pointer parameters whose memory
 * g writes only at p[0 .. n) are saved whole on entry to g_fwd and
 * restored at the end of g_bwd, instead of element by element */
void adj_find_snapshots(Adj *a);
void adj_snapshot_push(Adj *a, Stmt *into, SrcLoc loc);
void adj_snapshot_pop(Adj *a, Stmt *into, SrcLoc loc);

/* adjoint_bulk.c */
/* Counted loop 'loop' (forward copy) and 'rev' (its reversed copy), trip
 * count 'trips': kinds pushed the same number of times per iteration go to
 * one block, reserved at the end of fwd and released at the end of bwd
 * (call it just before appending the loops there). Phase 2 only. */
void adj_bulk_tapes(Adj *a, Stmt *loop, Stmt *rev, const Expr *trips, Stmt *fwd, Stmt *bwd, SrcLoc loc);
/* Save 'bytes' bytes at p whole / restore them (LIFO): a block on the
 * double or float tape when p points to doubles or floats (memcpy to a
 * reserved block), else ccad_push_bytes / ccad_pop_bytes. */
Stmt *adj_push_block(Adj *a, Expr *p, Expr *bytes, SrcLoc loc);
Stmt *adj_pop_block(Adj *a, Expr *p, Expr *bytes, SrcLoc loc);
Stmt *adj_passive_saves(Adj *a, const Expr *c, Stmt *fwd, SrcLoc loc);  /* -> the pops, for after bwd */
/* the same for argument j alone, its pop prepended to pops */
void adj_passive_save_arg(Adj *a, const Expr *c, int j, Stmt *fwd, Stmt *pops, SrcLoc loc);
Stmt *adj_global_saves(Adj *a, Fn *f, Stmt *fwd, SrcLoc loc);           /* globals a call of f stores into: the same */
/* a call of g with a custom_vjp rule storing through pointers: the saves of what it rewrites */
void adj_custom_saves(Adj *a, const Expr *c, Fn *g, Stmt *fwd, Stmt *before, Stmt *after, SrcLoc loc);
/* adjoint_live.c */
void adj_refs(const Stmt *s, PtrMap *seen, PtrVec *order);  /* the variables s names, first use first */
int adj_first_access(const Stmt *s, const Var *x);  /* 1: written before any read on every path, -1: maybe read first, 0: neither */
void adj_assigned(const Stmt *s, PtrMap *out);      /* variables s assigns (whole or in part) or takes the address of */

/* adjoint.c */
/* Per parameter of callee variant cv: may its backward function read the
 * memory that pointer parameter reaches? NULL: unknown (recursion). */
bool *adj_bwd_reads(Module *m, Variant *cv);
/* Restoring the caller's memory: ccad_redo_push of what lv holds first, where its class is in a->redo. */
void adj_log_redo(Adj *a, Expr *addr, Expr *bytes, const Expr *lv, Stmt *bwd, SrcLoc loc);
const void *adj_redo_start(Adj *a, const Expr *arg, int *skip); /* the classes a redo mask's bit 0 names: skip levels below it */
bool adj_in_redo(Adj *a, const Expr *lv);             /* lv's class is logged */
unsigned char *adj_redo_mask(Adj *a, Variant *cv, const Expr *c); /* per argument of call c, the depths g must log */
void adj_redo_from_caller(Adj *a);  /* a callee: the classes its caller's redo mask names go to a->redo */
/* Name of a callee's f_fwd/f_bwd for the given per-parameter preserve and redo masks. */
const char *adj_callee_name(Adj *a, Variant *cv, const bool *preserve, const unsigned char *redo, bool bwd);

/* adjoint_frame.c */
/* Variables whose address s takes (&x) -> (void *)1. */
void adj_addr_taken(const Stmt *s, PtrMap *out);
/* Split functions: locals that pointers may reach move to frames
 * (ccad_frame_push); rewrites the top declarations into f_fwd's (allocate)
 * and f_bwd's (declare), the framed pointers into 'framed', and the nb bodies. */
void adj_frame_locals(Adj *a, Stmt *top, Stmt **fw_top, Stmt **bw_top, PtrVec *framed, Stmt **bodies, int nb);
bool adj_replay_shifts(const Stmt *fwd, const Var *x, Stmt *replay);  /* --x; redone in g_bwd */

#endif
