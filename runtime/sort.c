/*
** sort.c: the permutation of a qsort whose elements carry derivatives
** (ccad_sort_perm, semantics in ccad.h).  cc-ad lowers such a qsort to this
** permutation and copies of the elements (and of their tangents or
** adjoints) through it.  A bottom-up merge sort of indices: stable, O(n log
** n) calls of cmp, a buffer of n indices, nothing kept between calls.
*/
#include <stdlib.h>

#include "rt_int.h"

/* src[lo .. mid) and src[mid .. hi), each sorted, merged into dst[lo .. hi) */
static void merge(const char *base, size_t size, int (*cmp)(const void *, const void *), const long *src, long *dst,
                  size_t lo, size_t mid, size_t hi)
{
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    /* (equal: the left one first, so the sort is stable) */
    if (cmp(base + (size_t)src[j] * size, base + (size_t)src[i] * size) < 0)
      dst[k++] = src[j++];
    else
      dst[k++] = src[i++];
  }
  while (i < mid) dst[k++] = src[i++];
  while (j < hi) dst[k++] = src[j++];
}

void ccad_sort_perm(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *), long *perm,
                    size_t esize)
{
  for (size_t k = 0; k < n; k++) perm[k] = (long)k;
  if (size != esize) {
    ccad__error(CCAD_ESORT,
                "qsort sorts elements of %zu bytes, but cc-ad moves the derivatives of elements of %zu bytes (the "
                "type its first argument points to)",
                size, esize);
    return;
  }
  if (n < 2) return;
  long *buf = malloc(n * sizeof *buf);
  if (!buf) {
    ccad__error(CCAD_ENOMEM, "ccad_sort_perm: out of memory for %zu indices", n);
    return;
  }
  long *src = perm, *dst = buf;
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      merge(base, size, cmp, src, dst, lo, mid, hi);
    }
    long *t = src;
    src = dst;
    dst = t;
  }
  if (src != perm)
    for (size_t k = 0; k < n; k++) perm[k] = src[k];
  free(buf);
}
