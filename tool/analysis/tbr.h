/*
 * tbr.h — to-be-recorded facts of reverse mode: what the backward sweep
 * reads, per statement, and what the forward sweep must therefore save
 * before it overwrites it; per callee variant, which pointer parameters'
 * memory its backward function reads.
 *
 * Keys are opaque pointers: a Var* (a variable) or an activity memory
 * class (act_loc_id). Each key gets a dense index on first use, so sets
 * are bitsets (linear in the number of keys, cheap unions).
 *
 * Today the reverse-mode builder fills these facts (adjoint.c: a first
 * build without restores, then trial builds until the read sets settle);
 * it reads them back when it decides what to push. `cc-ad --dump=tbr`
 * prints them.
 */
#ifndef CCAD_TBR_H
#define CCAD_TBR_H

#include <stdint.h>

#include "../ir/ir.h"

/* A set of key indices: bits for the words [lo, lo + nw) only, so a
 * statement that reads keys made late (a long function's last variables)
 * costs the span of its own keys, not all keys before them. */
typedef struct TbrSet {
  uint64_t *w;
  int lo, nw;
} TbrSet;

void tbrset_add(TbrSet *s, int i);
bool tbrset_has(const TbrSet *s, int i);
bool tbrset_union(TbrSet *dst, const TbrSet *src);  /* true when dst grew */
int tbrset_count(const TbrSet *s);
void tbrset_del(TbrSet *s, int i);
int tbrset_next(const TbrSet *s, int i);  /* the first member >= i, or -1: for (i = next(s, 0); i >= 0; i = next(s, i + 1)) */

typedef struct TbrFacts {
  const char *fn;        /* the generated function (forward sweep's name) */
  PtrMap index;          /* key -> 1 + dense index */
  PtrVec keys;           /* dense index -> key */
  PtrVec labels;         /* dense index -> text (how it was first named) */
  PtrMap reads;          /* statement -> TbrSet*: what its backward code reads */
  PtrVec stmts;          /* statements with a read set, in the order first recorded */
  PtrMap saves;          /* statement -> TbrSet*: what the forward sweep saves there */
  PtrVec saving;         /* statements with saves, in order */
  TbrSet primal;         /* keys the primal code names (not a build's temporaries); printed alone when set */
  TbrSet live;           /* a callee's locals that g_fwd leaves on the tape for g_bwd */
  TbrSet snapshot;       /* the caller's memory g_fwd saves whole on entry, g_bwd restores at its end */
  Var **params;          /* callee variants: */
  int nparams;
  bool *bwd_reads;       /*   per parameter, g_bwd reads memory the pointer reaches (NULL: not computed) */
  PtrMap fields;         /* class -> PtrVec of its TbrField keys */
} TbrFacts;

/* A field of the structs in a memory class: p->x and q->vx are parts of
 * one class that no write of the other touches. A key like a class. */
typedef struct TbrField {
  const void *cls;
  const Record *rec;
  const char *name;
} TbrField;

TbrFacts *tbr_new(const char *fn);
void tbr_register(TbrFacts *f);  /* listed by tbr_all() (and --dump=tbr) */
/* Every TbrFacts made, in creation order. */
PtrVec *tbr_all(void);

int tbr_id(TbrFacts *f, const void *key, const char *label);  /* the key's index (made on first use) */
int tbr_find(const TbrFacts *f, const void *key);            /* -1 when never used */
bool tbr_has(const TbrFacts *f, const TbrSet *s, const void *key);
/* The key of field 'name' of struct 'rec' in class cls (made on first use). */
const TbrField *tbr_field(TbrFacts *f, const void *cls, const Record *rec, const char *name);
/* s holds memory that overlaps part (rec, name) of class cls: the class
 * whole, that field, or a field of another record (which may overlay it);
 * with rec NULL, the whole class: the class or any of its fields. */
bool tbr_has_part(const TbrFacts *f, const TbrSet *s, const void *cls, const Record *rec, const char *name);

TbrSet *tbr_reads(TbrFacts *f, const Stmt *s);      /* s's read set, made empty on first use */
TbrSet *tbr_reads_of(const TbrFacts *f, const Stmt *s);  /* NULL when none recorded */
bool tbr_read_anywhere(const TbrFacts *f, const void *key);  /* in some statement's read set (a class: or one of its fields) */
void tbr_note_save(TbrFacts *f, const Stmt *s, const void *key, const char *label);

/* A label for an lvalue: x, *p, a[], s.f, p->f (indices elided: a class
 * stands for every element). */
const char *tbr_label(const Expr *lv);

/* Text of the facts:
 *   tbr f_vjp
 *     line 3 assign: reads {x, *p} saves {y}
 *     live {t}
 *     snapshot {*out}
 *     bwd_reads x=1 n=0
 */
void tbr_print(const TbrFacts *f, StrBuf *out);

#endif
