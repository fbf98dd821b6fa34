/*
 * tbr.c — to-be-recorded facts (see tbr.h): the data structure, its sets
 * and its printed form.
 * Requires: nothing but the IR (keys are opaque).
 * Provides: TbrFacts, filled and read by reverse mode; tbr_print for
 * --dump=tbr.
 */
#include "tbr.h"

#include <stdlib.h>
#include <string.h>

static PtrVec all;

PtrVec *tbr_all(void) { return &all; }

TbrFacts *tbr_new(const char *fn) {
  TbrFacts *f = xmalloc(sizeof *f);
  f->fn = fn;
  return f;
}

void tbr_register(TbrFacts *f) { vec_push(&all, f); }

/* ---- Bitsets ----------------------------------------------------------- */

/* Make word w (absolute) part of s. */
static void grow(TbrSet *s, int w) {
  if (!s->nw) {
    s->lo = w;
    s->nw = 1;
    s->w = xmalloc(sizeof(uint64_t));
    s->w[0] = 0;
    return;
  }
  if (w >= s->lo && w < s->lo + s->nw) return;
  int lo = w < s->lo ? w : s->lo, hi = w >= s->lo + s->nw ? w + 1 : s->lo + s->nw;
  int n = s->nw;
  while (n < hi - lo) n *= 2;  /* room to grow the same way again */
  if (w < s->lo) lo = hi - n > 0 ? hi - n : 0;
  uint64_t *nw = xmalloc(sizeof(uint64_t) * (size_t)n);
  memset(nw, 0, sizeof(uint64_t) * (size_t)n);
  memcpy(nw + (s->lo - lo), s->w, sizeof(uint64_t) * (size_t)s->nw);
  free(s->w);
  s->w = nw;
  s->lo = lo;
  s->nw = n;
}

static uint64_t word(const TbrSet *s, int w) { return s && w >= s->lo && w < s->lo + s->nw ? s->w[w - s->lo] : 0; }

void tbrset_add(TbrSet *s, int i) {
  grow(s, i / 64);
  s->w[i / 64 - s->lo] |= (uint64_t)1 << (i % 64);
}

void tbrset_del(TbrSet *s, int i) {
  if (i >= 0 && word(s, i / 64)) s->w[i / 64 - s->lo] &= ~((uint64_t)1 << (i % 64));
}

bool tbrset_has(const TbrSet *s, int i) { return i >= 0 && (word(s, i / 64) >> (i % 64) & 1); }

int tbrset_next(const TbrSet *s, int i) {
  if (!s || i < 0) return -1;
  int w = i / 64 < s->lo ? s->lo : i / 64;
  uint64_t bits = w == i / 64 ? word(s, w) & (~(uint64_t)0 << (i % 64)) : word(s, w);
  for (;;) {
    if (bits) return w * 64 + __builtin_ctzll(bits);
    if (++w >= s->lo + s->nw) return -1;
    bits = word(s, w);
  }
}

bool tbrset_union(TbrSet *dst, const TbrSet *src) {
  if (!src || !src->nw) return false;
  bool grew = false;
  for (int w = src->lo + src->nw - 1; w >= src->lo; w--) {
    uint64_t add = word(src, w) & ~word(dst, w);
    if (!add) continue;
    grow(dst, w);
    dst->w[w - dst->lo] |= add;
    grew = true;
  }
  return grew;
}

int tbrset_count(const TbrSet *s) {
  int n = 0;
  for (int w = 0; s && w < s->nw; w++) n += __builtin_popcountll(s->w[w]);
  return n;
}

/* ---- Keys -------------------------------------------------------------- */

int tbr_id(TbrFacts *f, const void *key, const char *label) {
  intptr_t i = (intptr_t)ptrmap_get(&f->index, key);
  if (i) return (int)i - 1;
  vec_push(&f->keys, (void *)key);
  vec_push(&f->labels, (void *)(label ? label : "?"));
  ptrmap_put(&f->index, key, (void *)(intptr_t)f->keys.len);
  return f->keys.len - 1;
}

int tbr_find(const TbrFacts *f, const void *key) { return (int)(intptr_t)ptrmap_get(&f->index, key) - 1; }

bool tbr_has(const TbrFacts *f, const TbrSet *s, const void *key) { return tbrset_has(s, tbr_find(f, key)); }

const TbrField *tbr_field(TbrFacts *f, const void *cls, const Record *rec, const char *name) {
  PtrVec *v = ptrmap_get(&f->fields, cls);
  if (!v) {
    v = xmalloc(sizeof *v);
    ptrmap_put(&f->fields, cls, v);
  }
  for (int i = 0; i < v->len; i++) {
    const TbrField *k = v->data[i];
    if (k->rec == rec && str_eq(k->name, name)) return k;
  }
  TbrField *k = xmalloc(sizeof *k);
  *k = (TbrField){cls, rec, xstrdup(name)};
  vec_push(v, k);
  return k;
}

bool tbr_has_part(const TbrFacts *f, const TbrSet *s, const void *cls, const Record *rec, const char *name) {
  if (!s || !cls) return false;
  if (tbr_has(f, s, cls)) return true;
  const PtrVec *v = ptrmap_get(&f->fields, cls);
  for (int i = 0; v && i < v->len; i++) {
    const TbrField *k = v->data[i];
    if ((!rec || k->rec != rec || str_eq(k->name, name)) && tbr_has(f, s, k)) return true;
  }
  return false;
}

TbrSet *tbr_reads(TbrFacts *f, const Stmt *s) {
  TbrSet *r = ptrmap_get(&f->reads, s);
  if (!r) {
    r = xmalloc(sizeof *r);
    ptrmap_put(&f->reads, s, r);
    vec_push(&f->stmts, (void *)s);
  }
  return r;
}

TbrSet *tbr_reads_of(const TbrFacts *f, const Stmt *s) { return ptrmap_get(&f->reads, s); }

bool tbr_read_anywhere(const TbrFacts *f, const void *key) {
  for (int k = 0; k < f->stmts.len; k++)
    if (tbr_has_part(f, ptrmap_get(&f->reads, f->stmts.data[k]), key, NULL, NULL)) return true;
  return false;
}

void tbr_note_save(TbrFacts *f, const Stmt *s, const void *key, const char *label) {
  if (!s || !key) return;
  TbrSet *r = ptrmap_get(&f->saves, s);
  if (!r) {
    r = xmalloc(sizeof *r);
    ptrmap_put(&f->saves, s, r);
    vec_push(&f->saving, (void *)s);
  }
  tbrset_add(r, tbr_id(f, key, label));
}

/* ---- Text -------------------------------------------------------------- */

static void label_into(StrBuf *b, const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  if (!e) return;
  switch (e->kind) {
  case EX_VAR: sb_puts(b, e->var->name); return;
  case EX_DEREF: sb_putc(b, '*'); label_into(b, e->lhs); return;
  case EX_INDEX: {
    /* p[i] is *p's class; an array's elements are a[] */
    const Expr *base = e->lhs;
    while (base->kind == EX_CAST && base->is_implicit && base->lhs->type->kind == TY_ARRAY) base = base->lhs;
    if (base->type->kind == TY_ARRAY) {
      label_into(b, base);
      sb_puts(b, "[]");
    } else {
      sb_putc(b, '*');
      label_into(b, base);
    }
    return;
  }
  case EX_MEMBER:
    label_into(b, e->lhs);
    sb_printf(b, "%s%s", e->is_arrow ? "->" : ".", e->text);
    return;
  case EX_ADDR: sb_putc(b, '&'); label_into(b, e->lhs); return;
  case EX_BIN: label_into(b, e->lhs); sb_puts(b, "+.."); return;  /* p + i */
  default: sb_puts(b, "?"); return;
  }
}

const char *tbr_label(const Expr *lv) {
  StrBuf b = {0};
  label_into(&b, lv);
  return sb_take(&b);
}

static const char *kind_text(const Stmt *s) {
  switch (s->kind) {
  case ST_DECL: return "decl";
  case ST_ASSIGN: return "assign";
  case ST_EXPR: return "call";
  case ST_IF: return "if";
  case ST_FOR: return "for";
  case ST_WHILE: return s->is_do ? "do" : "while";
  case ST_RETURN: return "return";
  case ST_BLOCK: return "block";
  default: return "stmt";
  }
}

/* Sorted labels, so the text does not depend on the order keys met. */
static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

static void print_set(const TbrFacts *f, const TbrSet *s, StrBuf *out) {
  const char **names = xmalloc(sizeof(char *) * (size_t)(f->keys.len + 1));
  int n = 0;
  bool all_keys = !tbrset_count(&f->primal);
  for (int i = tbrset_next(s, 0); i >= 0; i = tbrset_next(s, i + 1))
    if (all_keys || tbrset_has(&f->primal, i)) {
      const char *l = f->labels.data[i];
      bool dup = false;
      for (int k = 0; k < n && !dup; k++) dup = !strcmp(names[k], l);
      if (!dup) names[n++] = l;
    }
  qsort(names, (size_t)n, sizeof *names, cmp_str);
  sb_putc(out, '{');
  for (int i = 0; i < n; i++) sb_printf(out, "%s%s", i ? ", " : "", names[i]);
  sb_putc(out, '}');
}

void tbr_print(const TbrFacts *f, StrBuf *out) {
  sb_printf(out, "tbr %s\n", f->fn);
  for (int k = 0; k < f->stmts.len; k++) {
    const Stmt *s = f->stmts.data[k];
    const TbrSet *saves = ptrmap_get(&f->saves, s);
    sb_printf(out, "  line %d %s: reads ", s->loc.line, kind_text(s));
    print_set(f, ptrmap_get(&f->reads, s), out);
    if (saves) {
      sb_puts(out, " saves ");
      print_set(f, saves, out);
    }
    sb_putc(out, '\n');
  }
  /* saves at statements without a read set (a split function's live locals) */
  for (int k = 0; k < f->saving.len; k++) {
    const Stmt *s = f->saving.data[k];
    if (ptrmap_get(&f->reads, s)) continue;
    sb_printf(out, "  line %d %s: saves ", s->loc.line, kind_text(s));
    print_set(f, ptrmap_get(&f->saves, s), out);
    sb_putc(out, '\n');
  }
  if (tbrset_count(&f->live)) {
    sb_puts(out, "  live ");
    print_set(f, &f->live, out);
    sb_putc(out, '\n');
  }
  if (tbrset_count(&f->snapshot)) {
    sb_puts(out, "  snapshot ");
    print_set(f, &f->snapshot, out);
    sb_putc(out, '\n');
  }
  if (f->bwd_reads) {
    sb_puts(out, "  bwd_reads");
    for (int j = 0; j < f->nparams; j++) sb_printf(out, " %s=%d", f->params[j]->name, f->bwd_reads[j]);
    sb_putc(out, '\n');
  }
}
