/*
 * points_to.c — memory nodes of activity analysis: union-find over
 * classes, field-sensitive cells of pointees (see points_to.h), and the
 * walks over the levels below a class.
 *
 * Requires: nothing but the IR's types.
 * Provides: pt_* (for activity.c), act_classes_at.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "points_to.h"

typedef struct FieldPts {
  const Record *rec;
  int field;
  Node *pts;
} FieldPts;

struct Cell {
  Cell *parent;     /* union-find */
  Node *pointee;    /* collapsed: the one class every pointer stored here points into */
  FieldPts *f;      /* else: per field, what it points into */
  int nf, cap;
};

bool pt_changed;
bool pt_solving;

/* (kept: nodes are made on demand, also while a scope's silent build asks) */
Node *pt_new(void) { return xnode_keep(sizeof(Node)); }

Node *pt_find(Node *n) {
  while (n->parent) {
    if (n->parent->parent) n->parent = n->parent->parent;
    n = n->parent;
  }
  return n;
}

static Cell *cell_find(Cell *c) {
  while (c->parent) {
    if (c->parent->parent) c->parent = c->parent->parent;
    c = c->parent;
  }
  return c;
}

static void collapse_cell(Cell *c);

static Cell *cell_of(Node *n) {
  n = pt_find(n);
  if (!n->cell) {
    n->cell = xnode_keep(sizeof(Cell));
    if (n->untyped) {
      collapse_cell(n->cell);
      pt_find(n->cell->pointee)->untyped = true;
    }
  }
  return cell_find(n->cell);
}

static Cell *cell_if_any(Node *n) {
  n = pt_find(n);
  return n->cell ? cell_find(n->cell) : NULL;
}

static void collapse_cell(Cell *c) {
  c = cell_find(c);
  if (c->pointee) return;
  FieldPts *f = c->f;
  int nf = c->nf;
  /* after solving, a collapse would merge classes the transforms hold by
   * identity: every expression they ask about was visited while solving */
  assert(pt_solving || !nf);
  c->f = NULL;
  c->nf = c->cap = 0;
  c->pointee = pt_new();
  for (int i = 0; i < nf; i++) pt_join(cell_find(c)->pointee, f[i].pts);
  free(f);
}

void pt_collapse(Node *n) { collapse_cell(cell_of(n)); }

void pt_untyped(Node *n) {
  while (n) {
    n = pt_find(n);
    Cell *c = n->cell ? cell_find(n->cell) : NULL;
    if (n->untyped && (!c || (c->pointee && pt_find(c->pointee)->untyped))) return;
    n->untyped = true;
    if (!c) return;
    collapse_cell(c);
    n = cell_find(c)->pointee;
  }
}

Node *pt_pointee(Node *n) {
  Cell *c = cell_of(n);
  collapse_cell(c);
  return pt_find(cell_find(c)->pointee);
}

static FieldPts *field_slot(Cell *c, const Record *rec, int field) {
  for (int i = 0; i < c->nf; i++)
    if (c->f[i].rec == rec && c->f[i].field == field) return &c->f[i];
  return NULL;
}

Node *pt_field(Node *n, const Record *rec, int field) {
  if (!rec || rec->is_union || field < 0) return pt_pointee(n);
  Cell *c = cell_of(n);
  if (c->pointee) return pt_find(c->pointee);
  FieldPts *s = field_slot(c, rec, field);
  if (s) return pt_find(s->pts);
  if (c->nf == c->cap) c->f = xrealloc(c->f, sizeof(FieldPts) * (size_t)(c->cap = 2 * c->cap + 4));
  Node *p = pt_new();
  c->f[c->nf++] = (FieldPts){rec, field, p};
  return p;
}

/* node joins c's pointee for (rec, field) */
static void cell_put(Cell *c, const Record *rec, int field, Node *node) {
  c = cell_find(c);
  if (c->pointee) {
    pt_join(c->pointee, node);
    return;
  }
  FieldPts *s = field_slot(c, rec, field);
  if (s) {
    pt_join(s->pts, node);
    return;
  }
  if (c->nf == c->cap) c->f = xrealloc(c->f, sizeof(FieldPts) * (size_t)(c->cap = 2 * c->cap + 4));
  c->f[c->nf++] = (FieldPts){rec, field, node};
}

/* One cell for both; field by field, or collapsed when either is. */
static void cell_join(Cell *c, Cell *d) {
  c = cell_find(c);
  d = cell_find(d);
  if (c == d) return;
  d->parent = c;
  Node *dp = d->pointee;
  FieldPts *f = d->f;
  int nf = d->nf;
  d->pointee = NULL;
  d->f = NULL;
  d->nf = d->cap = 0;
  if (dp) {
    collapse_cell(c);
    pt_join(cell_find(c)->pointee, dp);
  }
  for (int i = 0; i < nf; i++) cell_put(c, f[i].rec, f[i].field, f[i].pts);
  free(f);
}

void pt_join_cells(Node *a, Node *b) {
  if (!a || !b) return;
  cell_join(cell_of(a), cell_of(b));
}

void pt_join(Node *a, Node *b) {
  if (!a || !b) return;
  a = pt_find(a);
  b = pt_find(b);
  if (a == b) return;
  b->parent = a;
  if (b->varied != a->varied && !a->sink && !b->sink) pt_changed = true;
  bool untyped = a->untyped || b->untyped;
  a->varied |= b->varied;
  a->read |= b->read;
  a->written |= b->written;
  a->escapes |= b->escapes;
  a->sink |= b->sink;
  if (a->sink) a->varied = false;
  Cell *cb = b->cell;
  b->cell = NULL;
  if (cb && !a->cell) a->cell = cb;
  else if (cb) cell_join(a->cell, cb);
  if (untyped) {  /* again, for what b brought */
    a = pt_find(a);
    a->untyped = false;
    pt_untyped(a);
  }
}

void pt_mark(Node *n) {
  if (!n) return;
  n = pt_find(n);
  if (!n->varied && !n->sink) {
    n->varied = true;
    pt_changed = true;
  }
}

static const Type *strip_arrays(const Type *t) {
  while (t && t->kind == TY_ARRAY) t = t->base;
  return t;
}

/* n holds objects of type t (NULL: unknown) whose memory carries
 * derivatives; so does each level their pointers lead to, depth more. */
static void mark_typed(Node *n, const Type *t, int depth, bool self) {
  t = strip_arrays(t);
  if (self && (!t || t->kind == TY_VOID || ty_has_float(t))) pt_mark(n);
  if (depth == 0) return;
  if (!t || t->kind == TY_VOID || (t->kind == TY_RECORD && (!t->rec || t->rec->is_union))) {
    mark_typed(pt_pointee(n), NULL, depth - 1, true);  /* unknown: whatever its pointers reach */
    return;
  }
  if (t->kind == TY_PTR) {
    if (t->base && t->base->kind != TY_FUNC) mark_typed(pt_pointee(n), t->base, depth - 1, true);
    return;
  }
  if (t->kind != TY_RECORD) return;
  for (int i = 0; i < t->rec->nfields; i++) {
    const Type *ft = strip_arrays(t->rec->fields[i].type);
    if (ft && ft->kind == TY_PTR && ft->base && ft->base->kind != TY_FUNC)
      mark_typed(pt_field(n, t->rec, i), ft->base, depth - 1, true);
    else if (ft && ft->kind == TY_RECORD)
      mark_typed(n, ft, depth, false);  /* a struct inside: its fields are in n too */
  }
}

/* Memory of type cur at n carries derivatives, and so does each level its
 * pointers lead to: double **rows (the doubles two levels down), Vec *v
 * with v->data (each field's own class). */
void pt_mark_levels(Node *n, Type *cur) {
  pt_mark(n);
  mark_typed(n, cur, PT_DEPTH - 1, false);
}

/* ---- Read-only walks ------------------------------------------------- */

static void push_unique(PtrVec *v, Node *n) {
  n = pt_find(n);
  for (int i = 0; i < v->len; i++)
    if (v->data[i] == n) return;
  vec_push(v, n);
}

/* The classes one level below those of cur. */
static void next_level(const PtrVec *cur, PtrVec *next) {
  next->len = 0;
  for (int i = 0; i < cur->len; i++) {
    Cell *c = cell_if_any(cur->data[i]);
    if (!c) continue;
    if (c->pointee) push_unique(next, c->pointee);
    for (int k = 0; k < c->nf; k++) push_unique(next, c->f[k].pts);
  }
}

static bool has_flag(const Node *n, unsigned flag) {
  return ((flag & PF_VARIED) && n->varied) || ((flag & PF_WRITTEN) && n->written);
}

static unsigned char levels(Node *n, unsigned flag, int nd) {
  if (!n) return 0;
  unsigned char m = 0;
  PtrVec a = {0}, b = {0};
  push_unique(&a, n);
  for (int d = 0; d < nd && a.len; d++) {
    for (int i = 0; i < a.len; i++)
      if (has_flag(a.data[i], flag)) m |= (unsigned char)(1u << d);
    next_level(&a, &b);
    PtrVec t = a;
    a = b;
    b = t;
  }
  free(a.data);
  free(b.data);
  return m;
}

unsigned char pt_levels(Node *n, unsigned flag) { return levels(n, flag, PT_DEPTH); }

bool pt_reach_varied(Node *n) { return levels(n, PF_VARIED, PT_DEPTH) != 0; }

bool pt_reach_below(Node *n) { return (levels(n, PF_VARIED, PT_DEPTH + 1) >> 1) != 0; }

void act_classes_at(const void *id, int d, PtrVec *out) {
  out->len = 0;
  if (!id) return;
  PtrVec b = {0};
  push_unique(out, (Node *)id);
  for (int k = 0; k < d && out->len; k++) {
    next_level(out, &b);
    PtrVec t = *out;
    *out = b;
    b = t;
  }
  free(b.data);
}

/* ---- Paths ------------------------------------------------------------ */

typedef struct {
  PathFact **out;
  int *n, *cap;
  int from;
  unsigned want;
  int budget;  /* classes visited: past it, levels are followed untyped */
} Collect;

static void put(Collect *c, const PathFact *p) {
  if (*c->n == *c->cap) *c->out = xrealloc(*c->out, sizeof(PathFact) * (size_t)(*c->cap = 2 * *c->cap + 16));
  (*c->out)[(*c->n)++] = *p;
}

static unsigned flags_of(const Node *n) { return (n->varied ? PF_VARIED : 0) | (n->written ? PF_WRITTEN : 0); }

static bool collect_paths(Collect *c, Node *n, PathFact *cur) {
  if (--c->budget < 0) return false;
  n = pt_find(n);
  unsigned fl = flags_of(n);
  if (cur->len >= c->from && (!c->want || (fl & c->want))) {
    cur->flags = c->want ? fl & c->want : fl;
    cur->node = n;
    put(c, cur);
  }
  if (cur->len == PT_DEPTH - 1) return true;
  Cell *cell = cell_if_any(n);
  if (!cell) return true;
  int len = cur->len++;
  bool ok = true;
  if (cell->pointee) {
    cur->s[len] = (Step){NULL, 0};
    ok = collect_paths(c, cell->pointee, cur);
  }
  for (int i = 0; ok && i < cell->nf; i++) {
    cur->s[len] = (Step){cell->f[i].rec, cell->f[i].field};
    ok = collect_paths(c, cell->f[i].pts, cur);
  }
  cur->len = len;
  return ok;
}

void pt_collect(Node *origin, int j, int from, unsigned want, PathFact **out, int *n, int *cap) {
  if (!origin) return;
  int start = *n;
  Collect c = {out, n, cap, from, want, 512};
  PathFact cur = {.j = j};
  if (collect_paths(&c, origin, &cur)) return;
  /* too many paths (a web of structs): per level, every class there with
   * untyped steps, which the caller follows by collapsing */
  *n = start;
  PtrVec a = {0}, b = {0};
  push_unique(&a, origin);
  for (int d = 0; d < PT_DEPTH && a.len; d++) {
    PathFact p = {.j = j, .len = d};
    for (int i = 0; d >= from && i < a.len; i++) {
      Node *m = a.data[i];
      unsigned fl = flags_of(m);
      if (want && !(fl & want)) continue;
      p.flags = want ? fl & want : fl;
      p.node = m;
      put(&c, &p);
    }
    next_level(&a, &b);
    PtrVec t = a;
    a = b;
    b = t;
  }
  free(a.data);
  free(b.data);
}

Node *pt_follow(Node *n, const PathFact *p) {
  for (int i = 0; n && i < p->len; i++) n = pt_field(n, p->s[i].rec, p->s[i].field);
  return n ? pt_find(n) : NULL;
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

static int cmp_step(const Step *a, const Step *b) {
  if (a->rec != b->rec) {
    if (!a->rec || !b->rec) return a->rec ? 1 : -1;
    int c = cmp_str(a->rec->tag, b->rec->tag);
    if (!c) c = cmp_str(a->rec->tdname, b->rec->tdname);
    if (c) return c;
    return a->rec < b->rec ? -1 : 1;
  }
  return a->field - b->field;
}

static int cmp_path(const void *x, const void *y) {
  const PathFact *a = x, *b = y;
  if (a->j != b->j) return a->j - b->j;
  if (a->len != b->len) return a->len - b->len;
  for (int i = 0; i < a->len; i++) {
    int c = cmp_step(&a->s[i], &b->s[i]);
    if (c) return c;
  }
  return 0;
}

void pt_sort(PathFact *f, int *n) {
  if (*n < 2) return;
  qsort(f, (size_t)*n, sizeof *f, cmp_path);
  int k = 0;
  for (int i = 0; i < *n; i++) {
    if (k && !cmp_path(&f[k - 1], &f[i])) {
      f[k - 1].flags |= f[i].flags;
      continue;
    }
    f[k++] = f[i];
  }
  *n = k;
}

bool pt_same(const PathFact *a, int na, const PathFact *b, int nb) {
  if (na != nb) return false;
  for (int i = 0; i < na; i++)
    if (cmp_path(&a[i], &b[i]) || a[i].flags != b[i].flags) return false;
  return true;
}

static int cmp_pair(const void *x, const void *y) {
  int c = cmp_path(x, y);
  return c ? c : cmp_path((const PathFact *)x + 1, (const PathFact *)y + 1);
}

void pt_sort_pairs(PathFact *f, int n) {
  for (int i = 0; i < n; i++)
    if (cmp_path(&f[2 * i], &f[2 * i + 1]) > 0) {
      PathFact t = f[2 * i];
      f[2 * i] = f[2 * i + 1];
      f[2 * i + 1] = t;
    }
  if (n > 1) qsort(f, (size_t)n, 2 * sizeof *f, cmp_pair);
}
