/*
 * ir.h — the IR: S1 (lowered C) and S3 (derivative code) share it.
 *
 * The IR is a typed, structured tree close to C, chosen so that derivative
 * code prints back as readable C with the user's loops intact:
 *
 *   Module  — the translation unit: functions, globals, types, requests.
 *   Fn      — a function: parameters (Var), a body (Stmt ST_BLOCK).
 *   Stmt    — statements; control flow stays structured (no goto).
 *   Expr    — expressions, each with its Type.
 *   Var     — one object per declared variable; names are unique per Fn.
 *
 * Invariants of lowered code (S1), checked by ir_verify() (ir_verify.c has
 * the full list, for every state):
 *   - Expressions are pure except EX_CALL to a "pure" builtin (math.h):
 *     assignments, ++/--, comma and calls to anything else are statements.
 *   - ST_ASSIGN's rhs may be an EX_CALL to any function (the only place a
 *     user function is called); ST_EXPR holds a bare call (or a pure
 *     expression: (void)x).
 *   - Compound assignment is expanded: a += b  is  a = a + b.
 *   - Every Stmt and Expr has the SrcLoc of the C text it came from.
 *
 * Memory: all nodes are heap-allocated and never freed (one short run).
 * Nodes are never shared between two trees: ir_clone_* copies before reuse,
 * so transforms may edit what they build.
 */
#ifndef CCAD_IR_H
#define CCAD_IR_H

#include <stdbool.h>

#include "../diag/diag.h"
#include "../util/util.h"

typedef struct Type Type;
typedef struct Field Field;
typedef struct Record Record;
typedef struct Var Var;
typedef struct Expr Expr;
typedef struct Stmt Stmt;
typedef struct Fn Fn;
typedef struct Module Module;
typedef struct Request Request;

/* ---- Types ------------------------------------------------------------ */

typedef enum TypeKind {
  TY_VOID,
  TY_INT,     /* every integer type, bool, char, enum: spelling in 'name' */
  TY_FLOAT,
  TY_DOUBLE,
  TY_LDOUBLE, /* long double: never differentiated */
  TY_PTR,     /* base */
  TY_ARRAY,   /* base, len (>= 0) or vla (an Expr) or len == -1 incomplete */
  TY_RECORD,  /* struct or union: rec */
  TY_FUNC,    /* function designators only */
  TY_COMPLEX, /* C99 _Complex: base is float or double; counts as floating */
} TypeKind;

struct Type {
  TypeKind kind;
  const char *name;   /* spelling: "int", "size_t", a typedef name, "struct P" */
  bool is_const;
  bool is_volatile;   /* printed as written; derivative code's own copies drop it (ty_unqual) */
  bool is_unsigned;   /* TY_INT: an unsigned integer type (bool included) */
  bool narrow;        /* TY_INT: of 32 bits or fewer (int, short, char, bool, most enums): taped as int */
  bool is_enum;       /* TY_INT: an enumeration (C++, the device code, converts ints to it only by a cast) */
  Type *base;         /* TY_PTR, TY_ARRAY */
  long len;           /* TY_ARRAY */
  Expr *vla;          /* TY_ARRAY with a run-time length */
  Record *rec;        /* TY_RECORD */
};

struct Field {
  const char *name;
  Type *type;
  bool is_bitfield;     /* unsigned flag : width */
  int width;
  int align;            /* bytes, from _Alignas or aligned(N); 0 if none */
};

/* A struct or union type known to the module. */
struct Record {
  const char *tag;      /* "P" for struct P; NULL if anonymous */
  const char *tdname;   /* typedef name, if any: "Particle" */
  bool is_union;
  bool in_main_file;    /* defined in FILE.c (the .ad.h must declare it) */
  bool nested;          /* defined inside another record: printed in its field */
  bool local;           /* declared inside a function: FILE.ad.h defines it at file scope, its tag
                           made unique (f_P for struct P of f) */
  bool is_packed;       /* __attribute__((packed)) */
  int align;            /* bytes, from __attribute__((aligned(N))) on the type; 0 if none */
  const char **enums;   /* enum definitions written inside it, as C text */
  int nenums;
  Field *fields;
  int nfields;
  SrcLoc loc;
};

/* ---- Variables -------------------------------------------------------- */

typedef enum VarKind { VAR_LOCAL, VAR_PARAM, VAR_GLOBAL } VarKind;

struct Var {
  const char *name;     /* unique within its Fn (globals: unique in module) */
  const char *src_name; /* a parameter's name in FILE.c, when 'name' had to differ (double
                           gamma, y0: <math.h> declares them): what clauses name */
  Type *type;
  VarKind kind;
  int id;               /* dense index within its Fn (globals: in module) */
  bool is_static;       /* static local, or file-scope static global */
  bool static_fresh;    /* static local written before it is read on every path (f2c's
                           locals): derivative code may treat it as an ordinary local */
  bool is_extern_def;   /* global defined outside FILE.c (only declared) */
  bool static_readonly; /* file-scope static of FILE.c that nothing writes (f2c's constants,
                           front/static_readonly.c): FILE.ad.c may have its own copy */
  const char *tls;      /* globals: "_Thread_local", "__thread" or "thread_local" as FILE.c spells it, or NULL */
  Expr *init;           /* globals: constant initializer, printed verbatim */
  const char *init_text;/* globals: initializer source text when not lowered */
  Type *knr_type;       /* a parameter of a K&R definition whose type a caller promotes
                         * (float: double; char, short: int): the type it is passed as */
  const char *array_decl; /* a parameter of FILE.c declared as an array (T p[3], T M[n][4],
                           vec3 w): its declaration as written, for prototypes of f (its
                           type here is the pointer it decays to; gcc's -Warray-parameter
                           tells the two apart) */
  const Var *adjoint_of; /* a vjp/grad parameter: the adjoint of this parameter of the primal
                           (x_bar of x; x_bar_2 when the user's code has an x_bar) */
  Var *copy_of;         /* set on a parameter's local copy (front/lower_fn.c param_copy: an
                           integer parameter the function writes, a floating or struct one whose
                           address it takes): the parameter, which itself stays as passed */
  SrcLoc loc;
};

/* ---- Runtime operations (runtime.def) -------------------------------- */

typedef enum RtKind {
  RK_PUSH, RK_POP,              /* one value (or a byte block) on / off a typed tape */
  RK_RESERVE, RK_RELEASE,       /* a block of n values, written / read through a pointer */
  RK_FRAME_PUSH, RK_FRAME_POP,  /* frame memory shared by f_fwd and f_bwd */
  RK_REDO_PUSH, RK_REDO_APPLY,  /* the redo log */
  RK_QUERY, RK_MEMORY,          /* statistics, ccad_malloc and friends */
  RK_SPECIAL,                   /* special functions (digamma, ...): math */
  RK_CKPT,                      /* checkpointed loops: begin, iter, end, next */
  RK_CKPT_SAVE, RK_CKPT_LOAD,   /* a piece of a checkpointed loop's state (ck, address, bytes) */
  RK_OMP_PART, RK_OMP_PARTS_ADD, /* a thread's copy of an adjoint array; all copies added after the loop */
  RK_PURE,                      /* a test on derivative values, no effect (int) */
} RtKind;

typedef enum RtElem { RE_NONE, RE_DOUBLE, RE_FLOAT, RE_LONG, RE_INT, RE_PTR, RE_BRANCH, RE_BYTES } RtElem;

typedef enum RtOp {
  RT_NONE,  /* not a runtime call */
#define RT(op, name, kind, elem, pair) RT_##op,
#include "runtime.def"
#undef RT
  RT_COUNT,
} RtOp;

typedef struct RtInfo {
  const char *name;   /* the C name in include/ccad.h */
  RtKind kind;
  RtElem elem;
  RtOp pair;          /* the operation that undoes it, RT_NONE if none */
} RtInfo;

extern const RtInfo rt_info[RT_COUNT];  /* indexed by RtOp; [RT_NONE] is empty */

/* ---- Expressions ------------------------------------------------------ */

typedef enum ExprKind {
  EX_NUM,     /* numeric constant: text (as printed), value */
  EX_STR,     /* string literal: text (with quotes) */
  EX_VAR,     /* var */
  EX_FUNC,    /* function designator: text = name (callee of EX_CALL) */
  EX_BIN,     /* op, lhs, rhs */
  EX_UN,      /* op, lhs: unary - + ! ~ */
  EX_DEREF,   /* *lhs */
  EX_ADDR,    /* &lhs */
  EX_INDEX,   /* lhs[rhs] */
  EX_MEMBER,  /* lhs.text or lhs->text (is_arrow) */
  EX_CALL,    /* text(args...); rt: a runtime operation (text is then its name) */
  EX_CAST,    /* (type)lhs; is_implicit: not printed */
  EX_COND,    /* cond ? lhs : rhs */
  EX_SIZEOF,  /* sizeof: of (a type), lhs (the operand expr), or text "sizeof(T)" as written */
  EX_INIT,    /* { args... } initializer list (declarations only) */
} ExprKind;

typedef enum BinOp {
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
  OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE,
  OP_BAND, OP_BOR, OP_BXOR, OP_SHL, OP_SHR,
  OP_LAND, OP_LOR,
  OP_NEG, OP_PLUS, OP_NOT, OP_BNOT,   /* unary (EX_UN) */
} BinOp;

struct Expr {  /* (members ordered so that no padding is left: there are millions of them) */
  ExprKind kind;
  BinOp op;
  Type *type;
  SrcLoc loc;
  Expr *lhs, *rhs, *cond;
  Expr **args;
  int nargs;
  RtOp rt;            /* EX_CALL to libccad (runtime.def), else RT_NONE */
  Var *var;
  const char *text;   /* EX_NUM, EX_STR, EX_FUNC, EX_CALL callee, EX_MEMBER field, EX_SIZEOF */
  Type *of;           /* EX_SIZEOF of a type: sizeof(of) */
  double value;       /* EX_NUM */
  Fn *fn;             /* EX_CALL to a function defined in the module, else NULL */
  const Expr *orig;   /* the primal node this one was cloned from (analysis facts are keyed by it) */
  bool is_arrow;      /* EX_MEMBER */
  bool is_implicit;   /* EX_CAST */
  bool is_launch;     /* EX_CALL of a CUDA kernel: args[0] and args[1] are <<<grid, block>>> */
  bool fnptr;         /* EX_CALL made of FILE.c's call through a function pointer on floating data:
                         a dispatch's call of a target by name, or the indirect call itself where
                         FILE.c takes the address of no function of its type (tr_check_external) */
  bool fnptr_else;    /* EX_CALL: the indirect call a dispatch on data pointers falls back to (no
                         target of FILE.c matched); a transform guards it by ccad_unknown_callee where
                         it touches derivatives (tr_fallback_guard), else it runs as FILE.c's */
  bool moves_tangent; /* such a call moving a tangent (tangent.c, the jvp of a reverse result):
                         a vector sweep moves one per lane (vector.c) */
};

/* ---- Statements ------------------------------------------------------- */

/* An OpenMP directive of FILE.c on a loop (front/pragma_omp.c): parsed
 * without OpenMP, so the loop is an ordinary ST_FOR carrying it. The lists
 * name the primal's variables; transforms make a copy with their own
 * (a tangent private where its primal is, s_dot reduced with s). */
typedef struct OmpRed {
  const char *op;     /* "+", "*", "max", ... as written */
  Var *var;
  Expr *len;          /* non-NULL: the array section var[:len] (a privatised adjoint array) */
} OmpRed;

typedef struct Omp {
  const char *dir;    /* "parallel for", "for", "simd", "parallel for simd", "for simd" */
  bool team;          /* parallel: a team of threads runs the loop */
  int collapse;       /* loops it applies to (1 without collapse) */
  const char *rest;   /* clauses kept as written: schedule, if, num_threads, proc_bind, safelen, simdlen */
  PtrVec priv, fpriv, lpriv;  /* Var* of private, firstprivate, lastprivate */
  OmpRed *red;
  int nred;
  SrcLoc loc;         /* of the pragma */
} Omp;


typedef enum StmtKind {
  ST_BLOCK,    /* body[nbody] */
  ST_DECL,     /* var, optional init (pure, or EX_INIT) */
  ST_ASSIGN,   /* lhs = rhs (rhs pure or an EX_CALL) */
  ST_EXPR,     /* expr: a call whose result is unused */
  ST_IF,       /* cond, then, els (may be NULL) */
  ST_WHILE,    /* cond, then (the body); is_do: do-while */
  ST_FOR,      /* init (block or NULL), cond (NULL: forever), step (block or NULL), then */
  ST_SWITCH,   /* cond, then: the body block with ST_CASE labels in it */
  ST_CASE,     /* label; value (NULL for default) */
  ST_RETURN,   /* expr (may be NULL) */
  ST_BREAK,
  ST_CONTINUE,
} StmtKind;

struct Stmt {  /* (members ordered so that little padding is left) */
  StmtKind kind;
  int checkpoint;     /* ST_FOR: 0 none; -1 "#pragma ad checkpoint"; K snapshots */
  int unroll;         /* ST_FOR: a vector sweep's lane loop of this many iterations, printed after
                         _Pragma("GCC unroll N") in C: unrolled, its lanes stay in registers */
  bool is_do;         /* ST_WHILE */
  bool ckpt_call;     /* ST_FOR: the one-iteration loop a checkpointed call becomes */
  bool parallel;      /* ST_FOR: independent iterations, run by OpenMP threads when compiled with it */
  bool omp_single;    /* ST_FOR: an 'omp for' OpenMP cannot share (front/lower_stmt.c): in a
                         parallel region one thread of the team runs it, #pragma omp single */
  bool omp_atomic;    /* ST_ASSIGN: an accumulation other threads may make at once: #pragma omp atomic */
  bool undo;          /* ST_ASSIGN: x = x - e, a backward sweep undoing the forward sweep's atomic
                         x += e; its read of x is no read that asks the forward sweep to keep x */
  SrcLoc loc;
  Stmt **body;        /* ST_BLOCK */
  int nbody, capbody;
  Var *var;           /* ST_DECL */
  Expr *lhs, *rhs;    /* ST_ASSIGN */
  Expr *expr;         /* ST_DECL init, ST_EXPR, ST_RETURN, ST_CASE value */
  Expr *cond;         /* ST_IF, ST_WHILE, ST_FOR, ST_SWITCH */
  Stmt *then, *els;   /* ST_IF; 'then' is the loop/switch body */
  Stmt *init, *step;  /* ST_FOR */
  Omp *omp;           /* ST_FOR: the OpenMP directive on it (front/pragma_omp.c), NULL if none */
};

/* ---- Functions and the module ---------------------------------------- */

struct Fn {
  const char *name;
  Type *ret;
  Var **params;
  int nparams;
  bool is_variadic;
  bool no_proto;        /* declared 'T f()' and not defined: no parameters known */
  bool knr;             /* defined K&R style (double f(a) float a; {...}): callers pass its
                         * parameters promoted (Var.knr_type), FILE.c has no prototype */
  bool is_static;
  bool is_noreturn;     /* _Noreturn or __attribute__((noreturn)) in FILE.c: its copies and declarations
                         * say so (CCAD__NORETURN), or callers that end in a call of it warn -Wreturn-type */
  bool is_defined;      /* has a body in the translation unit */
  bool in_main_file;    /* defined (or first declared) in FILE.c */
  bool is_inactive;     /* #pragma ad inactive(f): results carry no derivative */
  const char *custom_jvp; /* #pragma ad custom_jvp(f, g): g, called instead of differentiating f */
  const char *qualifiers; /* printed before the declaration: "__host__ __device__" (CUDA) */
  bool is_cuda;         /* emitted into FILE.ad.cu, not FILE.ad.c */
  bool c_linkage;       /* CUDA: extern "C" */
  PtrVec shadows;       /* jvp: the tangent variables it made (vector.c widens them) */
  int tape_dir;         /* +1 pushes what a later call pops (f_fwd), -1 pops (f_bwd), 0 neither or both */
  Var *ret_shadow;      /* jvp: the T *ret_dot parameter, if any */
  const char *custom_vjp;
  bool is_lowered;      /* body lowered into the IR (reachable from a request) */
  bool is_generated;    /* produced by a transform */
  const char *purpose;  /* generated: what it does, for its comment line, where no request says it */
  Stmt *body;
  PtrVec locals;        /* Var*: every local, in declaration order */
  NameSet names;        /* all names used in this function (params, locals, generated) */
  int nvars;            /* next Var id */
  SrcLoc loc;
  int end_line;         /* last line of the definition in its file */
  const void *decl;     /* front end's handle for lazy lowering (opaque) */
};

/* A differentiation request: one #pragma ad line or --ad spec. The
 * directives and what each takes and makes are one table, directives.def. */
typedef enum Directive {
#define DIRECTIVE(name, id, ...) DIR_##id,
#include "directives.def"
#undef DIRECTIVE
} Directive;

typedef enum DirKind { DK_FORWARD, DK_REVERSE, DK_DRIVER, DK_BATCHED, DK_RULE, DK_MARK, DK_LOOP } DirKind;
enum { CL_WRT = 1, CL_OUT = 2, CL_BATCH = 4, CL_NAME = 8, CL_SCRATCH = 16, CL_MAY_ALIAS = 32 };  /* clause sets */
typedef enum Sweep { SWEEP_NONE, SWEEP_FORWARD, SWEEP_REVERSE } Sweep;  /* = MODE_JVP, MODE_VJP */

typedef struct DirInfo {
  const char *name;     /* as written: "grad" */
  DirKind kind;
  unsigned clauses;     /* CL_* */
  const char *suffix;   /* of the generated name ("_grad"); NULL: generates none */
  Sweep sweep;          /* activity sweep for the default wrt/out */
  int order;            /* derivative order; 2: differentiates a derivative */
} DirInfo;

const DirInfo *directive_info(Directive d);
const char *directive_name(Directive d);
bool directive_lookup(const char *name, Directive *d);  /* false: no such directive */
bool directive_is_derivative(Directive d);  /* forward, reverse or driver: takes wrt/out */

typedef struct ReqItem {
  const char *name;     /* parameter name, or "return" */
  const char *size;     /* size expression text, or NULL */
  Expr *size_expr;      /* parsed over the function's parameters: the element
                           count (M[n][p] on double (*M)[p]: n rows) */
  const char **dims;    /* every [size] as written, outermost first (dims[0] == size) */
  SrcLoc *dim_loc;      /* where each one's text starts */
  int ndims;
  SrcLoc loc;
  int param;            /* index in fn->params; -1 for return */
  int group;            /* may_alias: which clause it came from (each one a set) */
} ReqItem;

struct Request {
  Directive dir;
  const char *fname;    /* function named in the directive */
  const char *extra;    /* custom_*: the hand-written function's name */
  SrcLoc extra_loc;     /* where that name is written */
  ReqItem *wrt; int nwrt; bool has_wrt;
  ReqItem *out; int nout; bool has_out;
  ReqItem *batch; int nbatch; bool has_batch;
  ReqItem *scratch; int nscratch;   /* scratch(s[n]): shadowed inside, allocated there */
  ReqItem *may_alias; int nmay_alias; /* may_alias(p, q): items with their clause's group */
  bool sparse;          /* the sparse clause: the matrix in CSR (ccad_csr) */
  bool fresh_outs;      /* (a driver's sweep request) f writes every output whole before reading
                           it, a gradient's: nothing to put back between sweeps */
  const char *gen_name; /* name(...) or the default f_<dir> */
  SrcLoc name_loc;      /* of the name(...) identifier; file NULL: the default */
  SrcLoc loc;
  Fn *fn;               /* resolved function */
  Request *compose_of;  /* FUNC is what this earlier request generates */
  const Request *serves; /* a sweep a transform makes for this user request (NULL: a user's own) */
  bool nested;          /* the outer request of a nested spelling (jvp(grad(f))): its defaults
                           differentiate the inner one's results (plan.c) */
  bool implied;         /* the inner request of a nested spelling: one the same as another
                           request is that request (jvp(grad(f)) and vmap(grad(f)) share f_grad) */
  /* The fields above are frozen once planned (analysis/plan.c); transforms
   * get a const Request *. The driver records what the transform made: */
  Fn *result;           /* the generated function */
};

/* A type declaration of FILE.c, re-emitted in source order. */
typedef enum TypeDeclKind { TD_RECORD, TD_TYPEDEF, TD_TEXT } TypeDeclKind;
typedef struct TypeDecl {
  TypeDeclKind kind;
  Record *rec;            /* TD_RECORD */
  const char *name;       /* TD_TYPEDEF: the new name; type: what it names */
  Type *type;
  const char *text;       /* TD_TEXT: an enum definition, printed as is */
} TypeDecl;

struct Module {
  const char *file;       /* FILE.c as given */
  const char *base;       /* output path without ".ad.c" */
  PtrVec fns;             /* Fn*: every function declared or defined */
  PtrVec globals;         /* Var*: file-scope variables referenced */
  PtrVec records;         /* Record*: struct/union types, definition order */
  PtrVec typedecls;       /* TypeDecl*: type declarations of FILE.c, in source order */
  PtrVec includes;        /* const char*: "#include ..." lines of FILE.c in order */
  PtrVec include_defs;    /* const char* or NULL, parallel: FILE.c's #define lines just before each */
  PtrVec include_once;    /* const char* or NULL, parallel: a header without include guard (a table,
                             say): the lines FILE.ad.h has instead (the guarded headers it includes) */
  PtrVec requests;        /* Request* */
  PtrVec generated;       /* Fn*: generated functions in emission order */
  PtrVec cuda;            /* Fn*: what FILE.ad.cu defines (device copies, kernels, launchers) */
  PtrVec cuda_tables;     /* cuda.c: (global Var*, its name in device code Var*) pairs of const tables */
  PtrVec inactive;        /* const char*: functions declared inactive */
  bool self_include;      /* FILE.c includes its own FILE.ad.h */
  /* FILE.ad.h's prototypes spell these type names (typedefs, "enum E") as
   * the const char* they name ("struct P", an enum's integer type): names
   * the header cannot declare without defining them again. own: FILE.c's
   * (when it includes FILE.ad.h after them); unguarded: those of headers
   * without include guard, whose struct tags forward_tags declares
   * ("struct P;") */
  StrMap respell_own, respell_unguarded;
  PtrVec forward_tags;
  bool header_statics;    /* a header of FILE.c defines statics compilers report unused */
  bool uses_complex;      /* front.c: a complex type was lowered (FILE.ad.c includes <complex.h>) */
  bool uses_ldouble;      /* front/types.c: long double was lowered (else activity checks skip it) */
  bool static_locals;     /* emit_file.c: some function has a static local (else no search for their state) */
  bool uses_cmplx;        /* front.c: CMPLX or CMPLXF was called (FILE.ad.c defines them for clang) */
  const char *header_name;/* basename of FILE.ad.h */
  NameSet names;          /* file-scope names (functions, variables) generated code must not shadow */
  /* What the stages keep between calls during one run lives here, not in
   * statics, so one process can run cc-ad twice (driver_run). */
  void *front;            /* front.c: the parse, kept for late resolution; front_free disposes of it */
  PtrVec deps;            /* front.c: const char*, files the translation unit read (-MF) */
  PtrVec variants;        /* activity.c: Variant*, the facts (analysis.h) */
  PtrMap ldouble_reported;/* activity.c: primal nodes already reported (long double, unions) */
  PtrMap union_reported;
  PtrMap union_reads;     /* activity.c: Fn* -> PtrMap* of the unions whose floating members it reads */
  PtrVec jvp_queue;       /* tangent.c: Variant* waiting to be generated */
  NameSet fn_names;       /* build.c: file-scope names taken (filled on first use) */
  bool fn_names_ready;
  PtrVec vector_memos;    /* vector.c: widened jvp functions */
  PtrMap pattern_sweeps;  /* vector_bits.c: a vector sweep -> its pattern sweep (made once) */
  bool omp_serial_reverse;/* --deterministic: adjoint_omp.c reverses OpenMP loops serially */
  NameSet cuda_told;      /* cuda.c: requests already told they cannot run on a GPU */
  bool uses_mpi;          /* ir/mpi.c: generated code calls libccad_mpi (FILE.ad.c includes ccad_mpi.h) */
  NameSet ckpt_told;      /* adjoint_ckpt.c, adjoint_omp.c: loops already warned about (file:line:col) */
  NameSet notes_told;     /* transforms: notes given once a run, not once a request (tr_note_static) */
  PtrMap mpi_scanned;     /* ir/mpi.c: lowered Fn* already searched for MPI calls (mpi_program) */
  int mpi_h;              /* ir/mpi.c: 1 a header named mpi.h is among deps, -1 none, 0 not looked yet */
  NameSet mpi_told;       /* build.c: escaping requests already reported (file:line:col) */
  PtrMap glob_fx;         /* analysis/globals.c: Fn* -> the globals it stores into and reads */
  /* tr_link_calls: the generated functions whose calls it linked, by name
   * (the last of a name), and the calls still unlinked, by callee name */
  StrMap fns_by_name;     /* mod_find_fn's index of fns (the first of a name) */
  int nfns_indexed;
  int nlinked;
  StrMap generated_by_name;
  StrMap unlinked;        /* name -> PtrVec* of EX_CALL */
};

/* ---- Construction and queries (ir.c) --------------------------------- */

Type *ty_new(TypeKind k, const char *name);
Type *ty_ptr(Type *base);
Type *ty_unqual(Type *t);           /* copy without const */
Type *ty_double(void);
Type *ty_float(void);
Type *ty_int(void);
Type *ty_long(void);
Type *ty_void(void);
Type *ty_size_t(void);
Type *ty_complex(const Type *base);  /* float or double complex (a shared node) */
bool ty_is_complex(const Type *t);
Type *ty_real_of(Type *t);           /* complex: its real type; else t */
bool ty_is_float(const Type *t);    /* float, double, or a complex of them */
bool ty_is_arith(const Type *t);
bool ty_is_ptr(const Type *t);
bool ty_has_float(const Type *t);   /* float data inside (arrays, records, pointees excluded) */
bool ty_points_to_float(const Type *t); /* pointer/array whose elements have float data */
bool ty_holds_ptr(const Type *t);
bool ty_reaches_float(const Type *t); /* float data in it or behind its pointers (struct fields too) */   /* a pointer, or an array or struct with pointers in it */
/* a pointer to a function, or to a struct whose fields lead to no float and no void *
 * (a table of functions): it never needs derivative storage */
bool ty_ptr_never_shadowed(const Type *t);
bool ty_float_pointer_in(const Type *t);  /* a pointer to floating data in it (a struct's fields, an array's elements) */
Type *ty_elem(const Type *t);       /* element of pointer or array */
bool ty_same(const Type *a, const Type *b);

Expr *ex_new(ExprKind k, Type *t, SrcLoc loc);
Expr *ex_num(double v, Type *t);        /* literal in the type's form: 2.0, 2.0f, 2 */
Expr *ex_int(long v);
Expr *ex_var(Var *v);
Expr *ex_bin(BinOp op, Expr *a, Expr *b);   /* type: usual arithmetic conversions */
Expr *ex_un(BinOp op, Expr *a);
Expr *ex_call(const char *fn, Type *ret, Expr **args, int nargs);
Expr *ex_call1(const char *fn, Type *ret, Expr *a);
Expr *ex_rt(RtOp op, Expr **args, int nargs);  /* a runtime call, typed from the table */
Expr *ex_rt0(RtOp op);
Expr *ex_rt1(RtOp op, Expr *a);
Expr *ex_rt2(RtOp op, Expr *a, Expr *b);
RtOp rt_lookup(const char *name);   /* the op of a C name (front end, templates), else RT_NONE */
RtOp rt_find(RtKind k, RtElem el);  /* the op of that kind and element, else RT_NONE */
RtOp rt_of(const Expr *e);          /* the op e calls (under casts), else RT_NONE */
bool rt_is(const Expr *e, RtKind k);/* e (under casts) calls an op of kind k */
RtElem rt_elem_of(const Type *t);   /* the tape element for values of type t */
Type *rt_type(RtOp op);             /* what the op returns */
/* The op moves values that may carry derivatives between f_fwd and f_bwd
 * (floating, pointers, byte blocks, blocks of floating values, frames, the
 * redo log): jvp of a
 * reverse-mode result pairs a tangent with each (tangent.c, vector.c). */
bool rt_carries_tangent(RtOp op);

/* OpenMP (ir.c) */
Omp *omp_copy(const Omp *o);          /* lists copied: a transform adds to its own */
void omp_add_red(Omp *o, const char *op, Var *v);
/* what follows "#pragma omp"; only variables loop names; expr prints a section's length */
char *omp_text(const Omp *o, const Stmt *loop, char *(*expr)(const Expr *));
Expr *ex_index(Expr *base, Expr *idx);
Expr *ex_deref(Expr *p);
Expr *ex_addr(Expr *lv);
Expr *ex_cast(Type *t, Expr *e);
Expr *ex_sizeof_type(Type *t);          /* sizeof(T) */
Expr *ex_cond(Expr *c, Expr *a, Expr *b);
bool ex_is_zero(const Expr *e);
bool ex_is_one(const Expr *e);
bool ex_is_lvalue(const Expr *e);
Var *ex_root_var(const Expr *e);        /* the variable an lvalue/pointer expr is based on */
Var *ex_own_var(const Expr *lv);        /* the variable whose own storage lv is (q, q.w, q.c[1]); NULL through a pointer */
const Expr *ex_strip_implicit(const Expr *e); /* e without the implicit casts around it */
bool ex_has_call(const Expr *e);
bool ex_mentions(const Expr *e, const Var *x);   /* e reads variable x */
bool st_assigns(const Stmt *s, const Var *x);    /* s assigns or declares x (not through pointers) */
bool st_mentions(const Stmt *s, const Var *x);   /* s declares x, or an expression in s names it */
/* e is arithmetic over constants and non-global variables s never assigns */
bool ex_unchanged_by(const Expr *e, const Stmt *s);
bool ir_expr_equal(const Expr *a, const Expr *b);

Stmt *st_new(StmtKind k, SrcLoc loc);
Stmt *st_block(SrcLoc loc);
void st_append(Stmt *block, Stmt *s);
/* Empties block and returns its old statements (*n of them), to rebuild it with st_append. */
Stmt **st_take_body(Stmt *block, int *n);
Stmt *st_assign(Expr *lhs, Expr *rhs, SrcLoc loc);
Stmt *st_decl(Var *v, Expr *init, SrcLoc loc);
Stmt *st_expr(Expr *e, SrcLoc loc);

Var *fn_new_var(Fn *f, const char *hint, Type *t, VarKind k, SrcLoc loc);
bool var_named(const Var *v, const char *name);  /* its name, or its name in FILE.c */
/* g's parameter that holds the adjoint of p (a parameter of the function
 * g derives from; matched by role, not by name), or NULL. A gradient's own
 * gradient parameter is the adjoint of the same p: where g's parameters
 * include the function's own (f_grad's x_bar in jacrev(f_grad)), ask
 * about those first. */
Var *fn_adjoint_param(const Fn *g, const Var *p);
bool var_is_adjoint_of(const Var *b, const Var *p);  /* unique name */
const char *fn_fresh_name(Fn *f, const char *hint);
Fn *mod_find_fn(Module *m, const char *name);
Request *mod_request_making(Module *m, const Request *r);  /* another request generating r's FUNC, or NULL */

/* ir_clone.c: deep copies; 'map' (may be NULL) renames Vars. */
Expr *ir_clone_expr(const Expr *e, PtrMap *map);
Stmt *ir_clone_stmt(const Stmt *s, PtrMap *map);

/* ir_walk.c: one visitor, pre-order with an optional post-order hook on
 * statements. A callback returns WALK_ON (go into the node's children),
 * WALK_SKIP (not into them) or WALK_STOP (end the walk: the walk returns
 * false). Children come in the order of the C text; a statement's
 * expressions are walked only when 'ex' is set. The walkers take const
 * trees and hand callbacks mutable nodes (as strchr does): a callback may
 * edit the node it gets and anything below it. */
typedef enum Walk { WALK_ON, WALK_SKIP, WALK_STOP } Walk;
typedef Walk (*StVisit)(Stmt *s, void *ctx);
typedef Walk (*ExVisit)(Expr *e, void *ctx);
typedef struct IrWalk {
  StVisit st;       /* before a statement's parts (NULL: none) */
  StVisit st_post;  /* after them (not for a statement whose 'st' skipped) */
  ExVisit ex;       /* before an expression's operands (NULL: expressions are not walked) */
  void *ctx;
} IrWalk;
bool ir_walk(const IrWalk *w, Stmt *s);

/* How the paths through s first use v (ir_use.c): not at all, written on
 * every path before any read, written on some paths (and not read on the
 * others), or possibly read first. Anything but a plain store of v counts
 * as a read. */
typedef enum IrUse { IU_NONE, IU_WRITE, IU_SOME, IU_READ } IrUse;
IrUse ir_first_use(Stmt *s, const Var *v);
IrUse ir_seq_use(IrUse acc, IrUse next);            /* acc, then next */
IrUse ir_first_use_after(Stmt *b, int from, const Var *v);  /* b's statements from index 'from' on */
bool st_each(const Stmt *s, StVisit f, void *ctx);       /* s and the statements in it */
bool st_each_expr(const Stmt *s, ExVisit f, void *ctx);  /* every expression in s, nested statements too */
bool ex_each(const Expr *e, ExVisit f, void *ctx);       /* e and its operands */

/* ir_inline.c: calls of pointer accessors (one `return` of a pure
 * expression over the parameters) become that expression. */
void ir_inline_address_helpers(Module *m);

/* ir_verify.c: the invariants above (and tool/README.md's), in every
 * function of m: NULL when they hold, else the first violation as text and
 * its node's location in *at. pure_call names the builtins S1 allows inside
 * expressions (math.h); NULL skips the S1 checks. */
const char *ir_verify(const Module *m, bool (*pure_call)(const char *name), SrcLoc *at);
/* The same on the functions m gained since 'mark' (ir_mark): a stage that
 * only adds functions is checked in time linear in what it added. */
typedef struct IrMark { int fns, generated, cuda; } IrMark;
IrMark ir_mark(const Module *m);
const char *ir_verify_since(const Module *m, IrMark mark, bool (*pure_call)(const char *name), SrcLoc *at);

/* ir_print.c: stable text dump for --dump=ir and tests. */
void ir_dump_fn(const Fn *f, StrBuf *out);
void ir_dump_expr(const Expr *e, StrBuf *out);

#endif
