/*
 * points_to.h — the memory nodes of activity analysis (internal to
 * analysis/): unification (Steensgaard) with field-sensitive pointees.
 *
 * A node is a class of memory. What the pointers stored in it point to is
 * its cell: either one pointee for all of them ("collapsed": a double **,
 * an array of pointers, a struct read or written untyped), or one pointee
 * per field of a struct (Layer's w and out apart). A typed access to a
 * pointer field (L->w, L.out[i] = ..., {w, out, n}) uses its field's
 * pointee; any other access (a generic pointee request: a deref of a
 * field's address, a cast to another pointer type, memcpy, a union member)
 * collapses the cell, for good: all its field pointees become one class.
 * Cells unify too (a struct assigned whole: x = y shares y's cell), so a
 * field pointee made later is one for both.
 *
 * Memory set up where the analysis does not see (what the requested
 * function's parameters lead to, globals, an unknown call's result) may
 * have fields that overlap: such a node is "untyped", its cell collapsed,
 * and so is every level below it, also those made later.
 *
 * After solving nothing collapses that solving did not (the transforms'
 * queries visit the expressions solving visited); walkers that only read
 * (pt_reach_varied, pt_levels, pt_collect) never create or collapse.
 */
#ifndef CCAD_POINTS_TO_H
#define CCAD_POINTS_TO_H

#include "analysis.h"

enum { PT_DEPTH = 5 };  /* levels below a parameter the summaries follow */

typedef struct Cell Cell;

struct Node {
  Node *parent;     /* union-find */
  Cell *cell;       /* what pointers stored here point to (lazily made) */
  bool varied;      /* holds varied floating data */
  bool read, written;
  bool escapes;     /* passed to a call whose body is not analysed (memcpy's source) */
  bool sink;        /* write-only memory of a parameter: what is stored there is never read,
                       so it carries no derivative (layernorm's mean and rstd caches) */
  bool untyped;     /* its pointers, and those below, were set where the analysis does not see
                       (the requested function's parameters, globals): fields may overlap, so
                       its cell is collapsed, and so are those below */
};

/* One step down from a node: a field's pointee (rec, field) or, rec NULL,
 * the one pointee of a collapsed cell. */
typedef struct Step {
  const Record *rec;
  int field;
} Step;

enum { PF_VARIED = 1, PF_WRITTEN = 2, PF_UNTYPED = 4, PF_COLLAPSED = 8 };

/* A class below parameter j (-1: below the returned pointer), reached from
 * the parameter's origin (what it points to; a struct by value's own
 * storage) by len steps, and what holds there (PF_*). */
struct PathFact {
  int j;
  int len;
  unsigned flags;
  Step s[PT_DEPTH];
  Node *node;  /* while collecting: the class reached */
};

extern bool pt_changed;  /* set when a class's varied flag changes (join, mark) */
extern bool pt_solving;  /* while activity solves (a cell of fields collapses only then) */

Node *pt_new(void);
Node *pt_find(Node *n);
Node *pt_pointee(Node *n);                               /* generic: collapses a cell of fields */
Node *pt_field(Node *n, const Record *rec, int field);   /* a field's pointee (rec NULL: generic) */
void pt_collapse(Node *n);
void pt_untyped(Node *n);  /* n and every level below: collapsed, now and when made */
void pt_join(Node *a, Node *b);
void pt_join_cells(Node *a, Node *b);  /* what a's and b's pointers point to is one (x = y, structs) */
void pt_mark(Node *n);
void pt_mark_levels(Node *n, Type *cur);

/* Read-only walks over up to PT_DEPTH levels (every field pointee of a level). */
bool pt_reach_varied(Node *n);
bool pt_reach_below(Node *n);  /* levels 1.. below n */
unsigned char pt_levels(Node *n, unsigned flag);  /* bit d: a class d levels below n has the flag */

/* Appends to *out (length *n, capacity *cap) the classes below origin
 * (levels from..PT_DEPTH-1) with their paths, tagged j; only those with a
 * flag of 'want' (0: every class, for links). Deterministic order. */
void pt_collect(Node *origin, int j, int from, unsigned want, PathFact **out, int *n, int *cap);
Node *pt_follow(Node *origin, const PathFact *p);        /* creates and collapses as it goes */
void pt_sort(PathFact *f, int *n);                       /* canonical order, duplicates merged */
bool pt_same(const PathFact *a, int na, const PathFact *b, int nb);
void pt_sort_pairs(PathFact *f, int n);                 /* n pairs (f[2i], f[2i+1]), canonical order */

#endif
