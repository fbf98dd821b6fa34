/*
** sparse.c: the pattern, colouring and value recovery behind the drivers
** that the `sparse` clause generates (ccad_csr in ccad.h).
**
** A driver runs phases: phase 0 runs one NaN-seeded sweep per column
** (jacfwd, hessian) or row (jacrev) and records where NaN comes out: the
** pattern.  Phase 1 runs one sweep per colour, seeded by the sum of the
** unit vectors of that colour, and scatters each result into the entries
** it determines.  The colouring: distance-1 on the column intersection
** graph (jacfwd: two columns sharing a row differ), the same on rows
** (jacrev), a star colouring of the adjacency graph for hessian (no path
** on four vertices has two colours), recovered symmetrically: H[i][j] from
** sweep colour(j) at row i when colour(j) occurs once in row i, else from
** sweep colour(i) at row j.
*/
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_int.h"

enum { K_FWD = 0, K_REV = 1, K_HESS = 2 };

struct ccad__sparse {
  int kind;
  long m, n;
  int ncolors;
  int *color;                  /* per seeded index (column; jacrev: row); -1: none */
  int *seed_ptr, *seed_idx;    /* per colour: the indices it seeds */
  int *gat_ptr, *gat_src, *gat_k;  /* per colour: val[k] = got[src] */
  int *cov_ptr, *cov_idx;      /* per colour: where got may be non-zero */
  int *mark;                   /* per got index: the stamp of the last gather that covers it */
  int stamp;
  int stale, reprobed;
  int check;                   /* phase 1 ends with a check sweep (a random direction) */
  double tol;                  /* its relative tolerance: double or float arithmetic */
  long npairs, cap;            /* phase 0: entries found, (row, col) */
  int *pi, *pj;
  /* a vector sweep's gathers, block by block (ccad__sparse_gather_lanes):
   * per lane, the non-zeros seen and those where the colour has entries */
  long nz_all[CCAD__SPARSE_LANES], nz_cov[CCAD__SPARSE_LANES];
  double *check_got;           /* the check lane, assembled */
  double *dir;                 /* the check's direction (seed_len), then J v and its magnitudes (got_len each) */
  int *tab;                    /* jacfwd, jacrev: per result index and colour, the entry it gives, or nnz (none) */
  int bits;                    /* phase 0 by the pattern sweep (64 indices a lane, ccad_bits_or): 1; NaN probes: 0;
                                  -1 once a pattern so found failed its check */
  int bits_used;               /* the last phase 0 ran on bits */
  int pattern_call;            /* this call finds the pattern alone (ccad__sparse_pattern_call) */
};

static void *alloc0(size_t count, size_t size) {
  void *p = ccad_calloc(count ? count : 1, size);
  return p;
}

static long seed_len(const struct ccad__sparse *s) { return s->kind == K_REV ? s->m : s->n; }
static long got_len(const struct ccad__sparse *s) { return s->kind == K_FWD ? s->m : s->n; }

static void free_colouring(struct ccad__sparse *s) {
  free(s->color);
  free(s->seed_ptr);
  free(s->seed_idx);
  free(s->gat_ptr);
  free(s->gat_src);
  free(s->gat_k);
  free(s->cov_ptr);
  free(s->cov_idx);
  free(s->mark);
  free(s->tab);
  s->tab = NULL;
  s->color = s->seed_ptr = s->seed_idx = s->gat_ptr = s->gat_src = s->gat_k = s->cov_ptr = s->cov_idx = s->mark = NULL;
  s->ncolors = 0;
}

static void free_matrix(ccad_csr *a) {
  free(a->rowptr);
  free(a->col);
  free(a->val);
  a->rowptr = a->col = NULL;
  a->val = NULL;
  a->nnz = 0;
}

struct ccad__scratch {
  void *p[CCAD__SPARSE_LANES];
  size_t len[CCAD__SPARSE_LANES];
};

/* (large lane buffers allocated on each call cost their page faults on
 * each call: Broyden's n = 10,000 spent more there than in its sweep) */
void *ccad__sparse_scratch(ccad_csr *a, int slot, size_t bytes) {
  if (slot < 0 || slot >= CCAD__SPARSE_LANES) {
    ccad__error(CCAD_ENOMEM, "sparse driver: scratch buffer %d of %d", slot, CCAD__SPARSE_LANES);
    slot = 0;
  }
  if (!a->scratch) a->scratch = alloc0(1, sizeof *a->scratch);
  struct ccad__scratch *s = a->scratch;
  if (s->len[slot] < bytes || !s->p[slot]) {
    free(s->p[slot]);
    s->p[slot] = alloc0(bytes ? bytes : 1, 1);
    s->len[slot] = bytes;
  }
  return s->p[slot];
}

static void free_scratch(ccad_csr *a) {
  for (int i = 0; a->scratch && i < CCAD__SPARSE_LANES; i++) free(a->scratch->p[i]);
  free(a->scratch);
  a->scratch = NULL;
}

void ccad_csr_free(ccad_csr *a) {
  if (!a) return;
  free_matrix(a);
  free_scratch(a);
  if (a->plan) {
    free_colouring(a->plan);
    free(a->plan->pi);
    free(a->plan->pj);
    free(a->plan->check_got);
    free(a->plan->tab);
    free(a->plan->dir);
    free(a->plan);
  }
  memset(a, 0, sizeof *a);
}

int ccad_csr_colors(const ccad_csr *a) { return a && a->plan && a->rowptr ? a->plan->ncolors : 0; }

void ccad__sparse_pattern_call(ccad_csr *a) { a->pattern_call = 1; }

int ccad__sparse_begin(ccad_csr *a, int kind, long m, long n, int fresh) {
  struct ccad__sparse *s = a->plan;
  int pattern_call = a->pattern_call;
  fresh |= pattern_call;
  int elem_float = (kind & 4) != 0, bits = (kind & 8) != 0 && !elem_float;
  kind &= 3;
  if (s && a->rowptr && !fresh && s->kind == kind && s->m == m && s->n == n) {
    s->pattern_call = 0;
    s->reprobed = 0;
    s->stale = 0;
    s->bits_used = 0;  /* (a stale pattern now: the inputs took other branches) */
    s->check = !a->skip_check;
    return 1;
  }
  int skip = a->skip_check;  /* the caller's setting survives a new pattern, */
  struct ccad__scratch *keep = a->scratch;  /* and the buffers its driver holds */
  a->scratch = NULL;
  ccad_csr_free(a);
  a->skip_check = skip;
  a->scratch = keep;
  if (m < 0 || n < 0 || m >= INT_MAX || n >= INT_MAX) {
    ccad__error(CCAD_ENOMEM, "sparse matrix of %ld x %ld: more rows or columns than an int counts", m, n);
    m = n = 0;
  }
  s = a->plan = alloc0(1, sizeof *s);
  s->pattern_call = pattern_call;  /* (a->pattern_call was cleared with a) */
  s->kind = kind;
  s->bits = bits;
  s->tol = elem_float ? 1e-4 : 1e-9;
  s->m = m;
  s->n = n;
  a->nrows = (int)m;
  a->ncols = (int)n;
  return 0;
}

long ccad__sparse_sweeps(const ccad_csr *a, int phase) {
  const struct ccad__sparse *s = a->plan;
  long probes = s->kind == K_REV ? s->m : s->n;
  if (phase == 0 && s->bits == 1) return (probes + 63) / 64;  /* a lane: 64 indices */
  return phase == 0 ? probes : s->ncolors + s->check;
}

int ccad__sparse_bits(const ccad_csr *a, int phase) { return phase == 0 && a->plan->bits == 1; }

/* a lane of the pattern sweep: a set of indices as a double's bits */
typedef union { double d; unsigned long long u; } bitset;

/* The check sweep's direction: fixed, in [0.5, 1.5), no two alike nearby. */
static double direction(long t) {
  double u = (double)t * 0.6180339887498949;
  return 0.5 + (u - floor(u));
}

/* The check sweep: J v (jacfwd), u^T J (jacrev) or H v from the sweep
 * against the same product of the values just recovered; a difference is
 * an entry outside the pattern (f took other branches). */
static void check(ccad_csr *a, const double *got) {
  struct ccad__sparse *s = a->plan;
  long len = got_len(s), nd = seed_len(s);
  if (!s->dir) {  /* the direction and two sums, kept with the plan */
    s->dir = alloc0((size_t)nd + 2 * (size_t)len, sizeof(double));
    for (long t = 0; t < nd; t++) s->dir[t] = direction(t);
  }
  double *want = s->dir + nd, *mag = want + len;
  const double *dir = s->dir, *val = a->val;
  const int *col = a->col, *rowptr = a->rowptr;
  if (s->kind != K_REV) {  /* J v, H v: a sum per row, in registers */
    for (int i = 0; i < a->nrows; i++) {
      double w = 0.0, g = 0.0;
      for (int k = rowptr[i]; k < rowptr[i + 1]; k++) {
        double p = val[k] * dir[col[k]];
        w += p;
        g += fabs(p);
      }
      want[i] = w;
      mag[i] = g;
    }
  } else {  /* u^T J: row i scattered over its columns */
    memset(want, 0, 2 * sizeof(double) * (size_t)len);
    for (int i = 0; i < a->nrows; i++)
      for (int k = rowptr[i]; k < rowptr[i + 1]; k++) {
        double p = val[k] * dir[i];
        want[col[k]] += p;
        mag[col[k]] += fabs(p);
      }
  }
  for (long t = 0; t < len; t++) {
    if (isnan(got[t]) && isnan(want[t])) continue;
    if (!(fabs(got[t] - want[t]) <= s->tol * (mag[t] + fabs(got[t])) + 1e-300)) s->stale = 1;
  }
}

void ccad__sparse_seed(ccad_csr *a, int phase, long sweep, double *seed) {
  struct ccad__sparse *s = a->plan;
  long len = seed_len(s);
  if (len) memset(seed, 0, sizeof(double) * (size_t)len);
  if (sweep >= ccad__sparse_sweeps(a, phase)) return;
  if (phase == 0 && s->bits == 1) {  /* indices 64 sweep .. 64 sweep + 63 */
    for (long t = 64 * sweep; t < 64 * sweep + 64 && t < len; t++) {
      bitset b = {.u = 1ULL << (t - 64 * sweep)};
      seed[t] = b.d;
    }
    return;
  }
  if (phase == 0) {
    seed[sweep] = NAN;
    return;
  }
  if (sweep == s->ncolors) {
    for (long t = 0; t < len; t++) seed[t] = direction(t);
    return;
  }
  for (int t = s->seed_ptr[sweep]; t < s->seed_ptr[sweep + 1]; t++) seed[s->seed_idx[t]] = 1.0;
}

static void add_pair(struct ccad__sparse *s, long i, long j) {
  if (s->npairs == s->cap) {
    long cap = s->cap ? 2 * s->cap : 256;
    int *pi = realloc(s->pi, sizeof(int) * (size_t)cap), *pj = pi ? realloc(s->pj, sizeof(int) * (size_t)cap) : NULL;
    if (pi) s->pi = pi;
    if (!pi || !pj) {
      ccad__error(CCAD_ENOMEM, "sparse pattern: out of memory for %ld entries", cap);
      return;
    }
    s->pj = pj;
    s->cap = cap;
  }
  s->pi[s->npairs] = (int)i;
  s->pj[s->npairs] = (int)j;
  s->npairs++;
}

/* phase 0: NaN came out at result index t of sweep c (the probe of one
 * column, or of one row for jacrev): an entry of the pattern */
static void found(struct ccad__sparse *s, long t, long c) {
  if (s->kind == K_REV) {
    add_pair(s, c, t);
  } else {
    add_pair(s, t, c);
    if (s->kind == K_HESS && t != c) add_pair(s, c, t);
  }
}

/* an index from a pattern sweep's bits: one of its seeds (a stray bit, not
 * the union of seeds, would be a bug in the sweep; dropped, the check
 * sweep then finds what is missing) */
static void found_bit(struct ccad__sparse *s, long t, long c) {
  if (c < seed_len(s)) found(s, t, c);
}

void ccad__sparse_gather(ccad_csr *a, int phase, long sweep, const double *got) {
  struct ccad__sparse *s = a->plan;
  long len = got_len(s);
  if (sweep >= ccad__sparse_sweeps(a, phase)) return;
  if (phase == 0 && s->bits == 1) {
    for (long t = 0; t < len; t++)
      for (bitset b = {got[t]}; b.u; b.u &= b.u - 1) found_bit(s, t, 64 * sweep + __builtin_ctzll(b.u));
    return;
  }
  if (phase == 0) {
    for (long t = 0; t < len; t++)
      if (isnan(got[t])) found(s, t, sweep);
    return;
  }
  if (sweep == s->ncolors) {
    check(a, got);
    return;
  }
  for (int t = s->gat_ptr[sweep]; t < s->gat_ptr[sweep + 1]; t++) a->val[s->gat_k[t]] = got[s->gat_src[t]];
  /* a non-zero where this colour has no entry: the pattern does not hold
   * for this call's inputs */
  int stamp = ++s->stamp;
  for (int t = s->cov_ptr[sweep]; t < s->cov_ptr[sweep + 1]; t++) s->mark[s->cov_idx[t]] = stamp;
  for (long t = 0; t < len; t++)
    if (s->mark[t] != stamp && got[t] != 0.0) s->stale = 1;
}

/* ---- Vector sweeps: W lanes, sweeps sweep .. sweep + W - 1 --------------
 * Block by block, straight between the runtime and the driver's lane
 * buffers: d[q * W + lane] (rows) or d[lane * n + q] for the entries
 * off .. off + n - 1 of the seed or of the result; no flat copies. */

static double *lane_at(double *d, int W, long n, int rows, long q, int l) { return rows ? &d[q * W + l] : &d[(long)l * n + q]; }

/* the first t in [lo, hi) with idx[t] >= key (idx ascending there) */
static int lower(const int *idx, int lo, int hi, long key) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (idx[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void ccad__sparse_seed_lanes(ccad_csr *a, int phase, long sweep, int W, long off, long n, double *d, int rows) {
  struct ccad__sparse *s = a->plan;
  if (n <= 0) return;
  memset(d, 0, sizeof(double) * (size_t)n * (size_t)W);
  long count = ccad__sparse_sweeps(a, phase);
  for (int l = 0; l < W && sweep + l < count; l++) {
    long c = sweep + l;
    if (phase == 0 && s->bits == 1) {  /* indices 64 c .. 64 c + 63 */
      for (long t = 64 * c > off ? 64 * c : off; t < 64 * c + 64 && t < off + n; t++) {
        bitset b = {*lane_at(d, W, n, rows, t - off, l)};
        b.u |= 1ULL << (t - 64 * c);
        *lane_at(d, W, n, rows, t - off, l) = b.d;
      }
    } else if (phase == 0) {
      if (c >= off && c < off + n) *lane_at(d, W, n, rows, c - off, l) = NAN;
    } else if (c == s->ncolors) {
      for (long q = 0; q < n; q++) *lane_at(d, W, n, rows, q, l) = direction(off + q);
    } else {
      for (int t = lower(s->seed_idx, s->seed_ptr[c], s->seed_ptr[c + 1], off); t < s->seed_ptr[c + 1] && s->seed_idx[t] < off + n; t++)
        *lane_at(d, W, n, rows, s->seed_idx[t] - off, l) = 1.0;
    }
  }
}

/* jacfwd and jacrev (distance-1 colourings: a result index and a colour
 * give at most one entry): the entries by result index, so that a block's
 * lanes are read once, in order; a_nnz (val[a_nnz], a slot past the
 * matrix) where there is none, so that the gather stores without a branch.
 * NULL where too large (or hessian). */
static const int *entry_table(struct ccad__sparse *s, int a_nnz) {
  long len = got_len(s);
  if (s->tab || s->kind == K_HESS || !s->ncolors || len * (long)s->ncolors > (1L << 25)) return s->tab;
  s->tab = ccad_calloc((size_t)len * (size_t)s->ncolors, sizeof(int));
  if (!s->tab) return NULL;
  for (long t = 0; t < len * (long)s->ncolors; t++) s->tab[t] = a_nnz;  /* none: the sink past the entries */
  for (int c = 0; c < s->ncolors; c++)
    for (int t = s->gat_ptr[c]; t < s->gat_ptr[c + 1]; t++) s->tab[(long)s->gat_src[t] * s->ncolors + c] = s->gat_k[t];
  return s->tab;
}

/* the colour lanes of a block by the table: values, and a non-zero where
 * its colour has no entry (the pattern does not hold) */
static void gather_by_table(ccad_csr *a, const int *tab, long sweep, int nl, int W, long off, long n, double *d, int rows) {
  struct ccad__sparse *s = a->plan;
  double *val = a->val;
  int stale = 0;
  int none = a->nnz;  /* (the sink) */
  for (long q = 0; q < n; q++) {
    const int *e = tab + (off + q) * s->ncolors + sweep;
    for (int l = 0; l < nl; l++) {
      double v = *lane_at(d, W, n, rows, q, l);
      val[e[l]] = v;
      stale |= (e[l] == none) & (v != 0.0);
    }
  }
  if (stale) s->stale = 1;
}

void ccad__sparse_gather_lanes(ccad_csr *a, int phase, long sweep, int W, long off, long n, const double *d, int rows) {
  struct ccad__sparse *s = a->plan;
  long count = ccad__sparse_sweeps(a, phase);
  double *dd = (double *)d;  /* (read only) */
  const int *tab = phase == 1 ? entry_table(s, a->nnz) : NULL;
  long check = s->ncolors - sweep;  /* the check lane: whole when every block is in (ccad__sparse_gathered) */
  if (phase == 1 && check >= 0 && check < W && s->ncolors < count) {
    if (!s->check_got) s->check_got = alloc0((size_t)got_len(s), sizeof(double));
    for (long q = 0; q < n; q++) s->check_got[off + q] = *lane_at(dd, W, n, rows, q, (int)check);
  }
  if (tab) {
    gather_by_table(a, tab, sweep, check < W ? (int)check : W, W, off, n, dd, rows);
    return;
  }
  for (int l = 0; l < W && sweep + l < count; l++) {
    long c = sweep + l;
    if (phase == 0 && s->bits == 1) {
      for (long q = 0; q < n; q++)
        for (bitset b = {*lane_at(dd, W, n, rows, q, l)}; b.u; b.u &= b.u - 1)
          found_bit(s, off + q, 64 * c + __builtin_ctzll(b.u));
      continue;
    }
    if (phase == 0) {
      for (long q = 0; q < n; q++)
        if (isnan(*lane_at(dd, W, n, rows, q, l))) found(s, off + q, c);
      continue;
    }
    if (c == s->ncolors) continue;  /* (the check lane, above) */
    for (int t = lower(s->gat_src, s->gat_ptr[c], s->gat_ptr[c + 1], off); t < s->gat_ptr[c + 1] && s->gat_src[t] < off + n; t++)
      a->val[s->gat_k[t]] = *lane_at(dd, W, n, rows, s->gat_src[t] - off, l);
    /* a non-zero where this colour has no entry: the pattern does not hold
     * (covered indices counted once: a hessian's row may repeat) */
    for (int t = lower(s->cov_idx, s->cov_ptr[c], s->cov_ptr[c + 1], off); t < s->cov_ptr[c + 1] && s->cov_idx[t] < off + n; t++)
      if (t == s->cov_ptr[c] || s->cov_idx[t] != s->cov_idx[t - 1]) s->nz_cov[l] += *lane_at(dd, W, n, rows, s->cov_idx[t] - off, l) != 0.0;
  }
  if (phase == 0) return;
  long nz[CCAD__SPARSE_LANES] = {0};
  int L = W < CCAD__SPARSE_LANES ? W : CCAD__SPARSE_LANES;
  for (long q = 0; q < n; q++)
    for (int l = 0; l < L; l++) nz[l] += *lane_at(dd, W, n, rows, q, l) != 0.0;
  for (int l = 0; l < L && sweep + l < count; l++)
    if (sweep + l < s->ncolors) s->nz_all[l] += nz[l];
}

void ccad__sparse_gathered(ccad_csr *a, int phase, long sweep, int W) {
  struct ccad__sparse *s = a->plan;
  if (phase == 0) return;
  long count = ccad__sparse_sweeps(a, phase);
  for (int l = 0; l < W && l < CCAD__SPARSE_LANES; l++) {
    if (sweep + l < count && sweep + l < s->ncolors && s->nz_all[l] > s->nz_cov[l]) s->stale = 1;
    s->nz_all[l] = s->nz_cov[l] = 0;
  }
  if (sweep <= s->ncolors && s->ncolors < sweep + W && s->ncolors < count && s->check_got) check(a, s->check_got);
}

/* ---- The pattern: CSR from the pairs ------------------------------------ */

static int cmp_int(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

static void build_csr(ccad_csr *a) {
  struct ccad__sparse *s = a->plan;
  long m = s->kind == K_HESS ? s->n : s->m;
  int *rowptr = alloc0((size_t)m + 1, sizeof(int));
  for (long p = 0; p < s->npairs; p++) rowptr[s->pi[p] + 1]++;
  for (long i = 0; i < m; i++) rowptr[i + 1] += rowptr[i];
  int *col = alloc0((size_t)s->npairs, sizeof(int)), *fill = alloc0((size_t)m + 1, sizeof(int));
  memcpy(fill, rowptr, sizeof(int) * (size_t)m);
  for (long p = 0; p < s->npairs; p++) col[fill[s->pi[p]]++] = s->pj[p];
  free(fill);
  /* sort each row, drop repeats */
  int nnz = 0;
  for (long i = 0; i < m; i++) {
    int lo = rowptr[i], hi = rowptr[i + 1];
    qsort(col + lo, (size_t)(hi - lo), sizeof(int), cmp_int);
    rowptr[i] = nnz;
    for (int k = lo; k < hi; k++)
      if (k == lo || col[k] != col[k - 1]) col[nnz++] = col[k];
  }
  rowptr[m] = nnz;
  free(s->pi);
  free(s->pj);
  s->pi = s->pj = NULL;
  s->npairs = s->cap = 0;
  a->rowptr = rowptr;
  a->col = col;
  a->nnz = nnz;
  a->val = alloc0((size_t)nnz + 1, sizeof(double));  /* (+1: the gathers' sink, entry_table) */
}

/* The transpose's structure: for each column, the rows holding it. */
static void transpose(const ccad_csr *a, long ncols, int **tptr, int **trow) {
  int *ptr = alloc0((size_t)ncols + 1, sizeof(int)), *row = alloc0((size_t)a->nnz, sizeof(int));
  for (int k = 0; k < a->nnz; k++) ptr[a->col[k] + 1]++;
  for (long j = 0; j < ncols; j++) ptr[j + 1] += ptr[j];
  int *fill = alloc0((size_t)ncols + 1, sizeof(int));
  memcpy(fill, ptr, sizeof(int) * (size_t)ncols);
  for (int i = 0; i < a->nrows; i++)
    for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) row[fill[a->col[k]]++] = i;
  free(fill);
  *tptr = ptr;
  *trow = row;
}

/* first colour not stamped with v in forbid (forbid has nv + 1 slots) */
static int first_free(const int *forbid, int v) {
  int c = 0;
  while (forbid[c] == v) c++;
  return c;
}

/* Distance-1 colouring of the vertices v < nv of a bipartite graph:
 * v -> its neighbours u (vptr/vadj), u -> the vertices sharing them
 * (uptr/uadj); two vertices sharing a neighbour differ. */
static int colour_d1(long nv, const int *vptr, const int *vadj, const int *uptr, const int *uadj, int *color) {
  int *forbid = alloc0((size_t)nv + 1, sizeof(int)), ncolors = 0;
  for (long v = 0; v <= nv; v++) forbid[v] = -1;
  for (long v = 0; v < nv; v++) color[v] = -1;
  for (long v = 0; v < nv; v++) {
    if (vptr[v] == vptr[v + 1]) continue;  /* no entry: never seeded */
    for (int k = vptr[v]; k < vptr[v + 1]; k++)
      for (int t = uptr[vadj[k]]; t < uptr[vadj[k] + 1]; t++)
        if (color[uadj[t]] >= 0) forbid[color[uadj[t]]] = (int)v;
    color[v] = first_free(forbid, (int)v);
    if (color[v] >= ncolors) ncolors = color[v] + 1;
  }
  free(forbid);
  return ncolors;
}

/* Star colouring of the symmetric pattern's adjacency graph (Gebremedhin,
 * Manne, Pothen 2005, algorithm 4.1): a neighbour's colour is forbidden;
 * through an uncoloured neighbour w, the colours of w's neighbours; through
 * a coloured w, the colour of a neighbour x of w that has another neighbour
 * of w's colour (v-w-x-y would have two colours). */
/* The vertices by decreasing degree, in index order among equals (the
 * largest-first order: a vertex joined to all others, the hub of an
 * arrowhead, is coloured before its neighbours, else every path through
 * it, still uncoloured, forbids all their colours: n colours, not 2). */
static int *largest_first(long n, const int *ptr) {
  int *order = alloc0((size_t)n + 1, sizeof(int));
  long *count = alloc0((size_t)n + 2, sizeof(long));
  for (long v = 0; v < n; v++) count[n - (ptr[v + 1] - ptr[v])]++;  /* degree <= n: key n - degree */
  for (long k = 1; k <= n + 1; k++) count[k] += count[k - 1];
  for (long v = n - 1; v >= 0; v--) order[--count[n - (ptr[v + 1] - ptr[v])]] = (int)v;
  free(count);
  return order;
}

static int colour_star(const ccad_csr *a, int *color) {
  long n = a->nrows;
  const int *ptr = a->rowptr, *adj = a->col;
  int *forbid = alloc0((size_t)n + 1, sizeof(int)), ncolors = 0;
  int *order = largest_first(n, ptr);
  for (long v = 0; v <= n; v++) forbid[v] = -1;
  for (long v = 0; v < n; v++) color[v] = -1;
  for (long t = 0; t < n; t++) {
    long v = order[t];
    if (ptr[v] == ptr[v + 1]) continue;
    for (int k = ptr[v]; k < ptr[v + 1]; k++) {
      int w = adj[k];
      if (w == v) continue;
      if (color[w] >= 0) forbid[color[w]] = (int)v;
      for (int t = ptr[w]; t < ptr[w + 1]; t++) {
        int x = adj[t];
        if (x == v || x == w || color[x] < 0) continue;
        if (color[w] < 0) {
          forbid[color[x]] = (int)v;
          continue;
        }
        for (int u = ptr[x]; u < ptr[x + 1]; u++)
          if (adj[u] != x && adj[u] != w && color[adj[u]] == color[w]) {
            forbid[color[x]] = (int)v;
            break;
          }
      }
    }
    color[v] = first_free(forbid, (int)v);
    if (color[v] >= ncolors) ncolors = color[v] + 1;
  }
  free(order);
  free(forbid);
  return ncolors;
}

/* Per colour lists from (colour, value) pairs, grouped by colour. */
static void group(int ncolors, long cnt, const int *cs, int **ptr_out, int **idx_out, const int *vals, const int *vals2,
                  int **idx2_out) {
  int *ptr = alloc0((size_t)ncolors + 1, sizeof(int)), *idx = alloc0((size_t)cnt, sizeof(int));
  int *idx2 = vals2 ? alloc0((size_t)cnt, sizeof(int)) : NULL;
  for (long t = 0; t < cnt; t++) ptr[cs[t] + 1]++;
  for (int c = 0; c < ncolors; c++) ptr[c + 1] += ptr[c];
  int *fill = alloc0((size_t)ncolors + 1, sizeof(int));
  memcpy(fill, ptr, sizeof(int) * (size_t)ncolors);
  for (long t = 0; t < cnt; t++) {
    int at = fill[cs[t]]++;
    idx[at] = vals[t];
    if (idx2) idx2[at] = vals2[t];
  }
  free(fill);
  /* each colour's indices ascending (idx2 along): a vector sweep's block
   * finds its part by binary search */
  for (int c = 0; c < ncolors; c++) {
    int lo = ptr[c], hi = ptr[c + 1], t = lo + 1;
    while (t < hi && idx[t - 1] <= idx[t]) t++;
    if (t >= hi) continue;  /* (jacfwd's are: rows come in order) */
    int (*pair)[2] = alloc0((size_t)(hi - lo), sizeof *pair);
    for (t = lo; t < hi; t++) pair[t - lo][0] = idx[t], pair[t - lo][1] = idx2 ? idx2[t] : 0;
    qsort(pair, (size_t)(hi - lo), sizeof *pair, cmp_int);  /* (by the first int: the index) */
    for (t = lo; t < hi; t++) {
      idx[t] = pair[t - lo][0];
      if (idx2) idx2[t] = pair[t - lo][1];
    }
    free(pair);
  }
  *ptr_out = ptr;
  *idx_out = idx;
  if (idx2_out) *idx2_out = idx2;
}

/* How entry k = (i, j) is recovered: from sweep *c at index *src; false
 * when the colouring cannot tell (a hessian colouring that is no star
 * colouring). cnt counts colours in row i (hessian). */
static int source(const ccad_csr *a, const int *color, int i, int j, const int *cnt_i, int *c, int *src) {
  const struct ccad__sparse *s = a->plan;
  if (s->kind == K_FWD) {
    *c = color[j];
    *src = i;
    return 1;
  }
  if (s->kind == K_REV) {
    *c = color[i];
    *src = j;
    return 1;
  }
  if (cnt_i[color[j]] == 1) {
    *c = color[j];
    *src = i;
    return 1;
  }
  int same = 0;  /* colour(i) among row j's entries */
  for (int k = a->rowptr[j]; k < a->rowptr[j + 1]; k++) same += color[a->col[k]] == color[i];
  *c = color[i];
  *src = j;
  return same == 1;
}

/* The recovery lists; false if some entry cannot be recovered. */
static int recovery(ccad_csr *a) {
  struct ccad__sparse *s = a->plan;
  int nnz = a->nnz, ok = 1;
  int *cs = alloc0((size_t)nnz, sizeof(int)), *src = alloc0((size_t)nnz, sizeof(int)), *ks = alloc0((size_t)nnz, sizeof(int));
  int *covc = alloc0((size_t)nnz, sizeof(int)), *covi = alloc0((size_t)nnz, sizeof(int));
  int *cnt = alloc0((size_t)s->ncolors + 1, sizeof(int));
  for (int i = 0; i < a->nrows; i++) {
    if (s->kind == K_HESS)
      for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) cnt[s->color[a->col[k]]]++;
    for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) {
      int j = a->col[k];
      ok &= source(a, s->color, i, j, cnt, &cs[k], &src[k]);
      ks[k] = k;
      covc[k] = s->kind == K_REV ? s->color[i] : s->color[j];
      covi[k] = s->kind == K_REV ? j : i;
    }
    if (s->kind == K_HESS)
      for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++) cnt[s->color[a->col[k]]] = 0;
  }
  if (ok) {
    group(s->ncolors, nnz, cs, &s->gat_ptr, &s->gat_src, src, ks, &s->gat_k);
    group(s->ncolors, nnz, covc, &s->cov_ptr, &s->cov_idx, covi, NULL, NULL);
  }
  free(cs);
  free(src);
  free(ks);
  free(covc);
  free(covi);
  free(cnt);
  return ok;
}

static void colour(ccad_csr *a) {
  struct ccad__sparse *s = a->plan;
  long nseed = seed_len(s);
  s->color = alloc0((size_t)nseed, sizeof(int));
  int *tptr, *trow;
  transpose(a, s->kind == K_REV ? s->n : nseed, &tptr, &trow);
  if (s->kind == K_FWD)  /* columns: a column's rows, a row's columns */
    s->ncolors = colour_d1(nseed, tptr, trow, a->rowptr, a->col, s->color);
  else if (s->kind == K_REV)
    s->ncolors = colour_d1(nseed, a->rowptr, a->col, tptr, trow, s->color);
  else
    s->ncolors = colour_star(a, s->color);
  if (!recovery(a)) {  /* not a star colouring (a bug): columns of H, always exact */
    free(s->gat_ptr);
    s->ncolors = colour_d1(nseed, tptr, trow, a->rowptr, a->col, s->color);
    if (!recovery(a)) ccad__error(CCAD_EUNDERFLOW, "sparse hessian: the colouring cannot be recovered");
  }
  free(tptr);
  free(trow);
  long ns = 0;
  int *cs = alloc0((size_t)nseed, sizeof(int)), *vs = alloc0((size_t)nseed, sizeof(int));
  for (long v = 0; v < nseed; v++)
    if (s->color[v] >= 0) {
      cs[ns] = s->color[v];
      vs[ns++] = (int)v;
    }
  group(s->ncolors, ns, cs, &s->seed_ptr, &s->seed_idx, vs, NULL, NULL);
  free(cs);
  free(vs);
  s->mark = alloc0((size_t)got_len(s), sizeof(int));
  s->stamp = 0;
}

int ccad__sparse_next(ccad_csr *a, int phase, int last) {
  struct ccad__sparse *s = a->plan;
  if (s->pattern_call) last = 0;
  if (phase == 0) {
    free_matrix(a);
    free_colouring(s);
    build_csr(a);
    colour(a);
    s->stale = 0;
    s->bits_used = s->bits == 1;
    /* the values of a pattern NaN probes found need no check; one the
     * pattern sweep found is checked, also when only the pattern is asked */
    s->check = s->bits_used;
    return last >= 1 || s->bits_used ? 1 : 2;
  }
  if (s->stale && !s->reprobed) {  /* once per call: find the pattern of these inputs */
    s->reprobed = 1;
    s->stale = 0;
    if (s->bits_used) s->bits = -1;  /* (the pattern sweep missed an entry: NaN probes from now on) */
    return 0;
  }
  if (last == 0 && a->val) memset(a->val, 0, sizeof(double) * (size_t)a->nnz);  /* the pattern alone */
  return 2;
}
