/*
 * adjoint_omp_regions.c — a parallel region of 'omp for' loops (and its
 * threads' declarations, each used by one loop) becomes one 'parallel for'
 * per loop in adj_prepare's copy, the region's clauses joined to each
 * loop's, so that adjoint_omp.c reverses each loop as a 'parallel for'.
 *
 * Requires: the prepared body (adjoint_prep.c). Provides: adj_omp_split_regions.
 */
#include <string.h>

#include "adjoint_int.h"

static bool splittable(const Stmt *r) {
  const Omp *o = r->omp;
  if (!o || !o->team || r->kind != ST_BLOCK || o->nred || o->lpriv.len) return false;
  int loops = 0;
  for (int i = 0; i < r->nbody; i++) {
    const Stmt *s = r->body[i];
    if (s->kind == ST_FOR && s->omp && !s->omp->team && strstr(s->omp->dir, "for")) {
      loops++;
      continue;
    }
    if (s->kind != ST_DECL || (s->expr && s->expr->kind != EX_NUM)) return false;
    /* a thread's own variable, used by one loop: each loop's private */
    int uses = 0;
    for (int j = 0; j < r->nbody; j++)
      if (r->body[j]->kind == ST_FOR && adj_stmt_mentions(r->body[j], s->var)) uses++;
    if (uses > 1) return false;
  }
  return loops > 0;
}

static void split_in(Stmt *b) {
  if (!b) return;
  for (int i = 0; i < b->nbody; i++) {
    Stmt *r = b->body[i];
    if (splittable(r)) {
      const Omp *ro = r->omp;
      r->omp = NULL;
      for (int j = 0; j < r->nbody; j++) {
        Stmt *l = r->body[j];
        if (l->kind != ST_FOR) continue;
        Omp *o = omp_copy(l->omp);
        o->dir = strstr(l->omp->dir, "simd") ? "parallel for simd" : "parallel for";
        o->team = true;
        for (int k = 0; k < ro->priv.len; k++) vec_push(&o->priv, ro->priv.data[k]);
        for (int k = 0; k < ro->fpriv.len; k++) vec_push(&o->fpriv, ro->fpriv.data[k]);
        o->rest = ro->rest && o->rest ? xfmt("%s %s", ro->rest, o->rest) : ro->rest ? ro->rest : o->rest;
        l->omp = o;
      }
    }
    split_in(r->then);
    split_in(r->els);
    if (r->kind == ST_BLOCK) split_in(r);
  }
}

void adj_omp_split_regions(Stmt *body) { split_in(body); }
