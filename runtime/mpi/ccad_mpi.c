/*
** ccad_mpi.c: libccad_mpi, derivatives of MPI communication (ccad_mpi.h).
**
** Forward mode packs each point-to-point message as [values | tangents]
** (one message, so matching is the primal's); collectives run again on
** the tangents.  Reverse mode records each call on a per-thread LIFO of
** records (Rec) in the forward sweep and performs the transposed
** communication in the backward sweep.  Only MPI_DOUBLE and MPI_FLOAT
** buffers (MPI_C_DOUBLE_COMPLEX, MPI_C_FLOAT_COMPLEX: two reals per
** element) reach this file: cc-ad calls MPI directly for other data.
*/
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../rt_int.h"
#include "ccad_mpi.h"

enum Kind { K_SEND, K_RECV, K_SENDRECV, K_BCAST, K_REDUCE, K_ALLREDUCE, K_GATHER, K_SCATTER, K_ALLGATHER,
            K_ISEND, K_IRECV, K_WAIT };

/* One MPI call of the forward sweep, as its backward sweep needs it. */
typedef struct Rec {
  enum Kind kind;
  const char *call;           /* for messages */
  int count, rcount;          /* elements sent, received (actual count of a receive) */
  MPI_Datatype type, rtype;
  int peer, tag;              /* send: destination and tag */
  int rpeer, rtag;            /* receive: actual source and tag */
  int root, in_place;
  MPI_Op op;
  MPI_Comm comm;
  unsigned char *won;         /* MAX/MIN: the elements this rank supplied */
  /* non-blocking */
  MPI_Request req;            /* the primal request (until its wait) */
  MPI_Request *where;         /* where the program keeps it (Open MPI may hand out
                                 one handle for several completed requests) */
  void *abuf;                 /* MPI_Irecv: the adjoint of its buffer */
  void *tmp;                  /* the adjoint message's storage */
  MPI_Request areq;           /* the adjoint communication, posted by the wait's adjoint */
  int posted;                 /* areq was posted */
  int *links;                 /* wait: the records of its requests */
  int nlinks;
  unsigned long serial;       /* the calls' order */
} Rec;

/* the communicator of the last call (ccad_mpi_sweeps) */
static _Thread_local MPI_Comm last_comm = MPI_COMM_NULL;

static _Thread_local Rec *recs;
static _Thread_local size_t nrecs, caprecs;
static _Thread_local size_t moved;
static _Thread_local unsigned long serial;
/* The newest record a checkpoint dropped (its kind and communicator, for
** grad's seed), until the backward sweep has popped every record. */
static _Thread_local Rec gone;

/* Forward mode's open non-blocking receives and sends: storage freed, or
** tangents unpacked, at their wait. */
typedef struct Open {
  MPI_Request req, *where;
  char *tmp;
  void *buf, *buf_dot;
  MPI_Datatype type;
  int is_recv;
} Open;
static _Thread_local Open *opens;
static _Thread_local size_t nopens, capopens;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
  if (need <= *cap)
    return p;
  size_t n = *cap ? *cap * 2 : 16;
  while (n < need)
    n *= 2;
  void *q = realloc(p, n * size);
  if (!q) {
    ccad__error(CCAD_ENOMEM, "ccad_mpi: out of memory (%zu records)", n);
    abort();
  }
  *cap = n;
  return q;
}

static void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) {
    ccad__error(CCAD_ENOMEM, "ccad_mpi: out of memory (%zu bytes)", n * size);
    abort();
  }
  return p;
}

static size_t recs_mark(void) { return nrecs; }
static void recs_drop(size_t n);

/* Communicators a forward sweep freed (ccad_mpi_comm_free_fwd) while
** records still named them: freed once no record is left, at the next call
** that finds the stack empty (the backward sweep's last call still uses
** the record it pops). */
static _Thread_local MPI_Comm *later;
static _Thread_local size_t nlater, caplater;

static void free_later(void)
{
  if (nrecs)
    return;
  for (size_t i = 0; i < nlater; i++) {
    if (later[i] == last_comm)
      last_comm = MPI_COMM_NULL;
    MPI_Comm_free(&later[i]);
  }
  nlater = 0;
}

static Rec *push(enum Kind k, const char *call)
{
  free_later();
  static atomic_int told;  /* checkpoints drop records with the tapes they rewind */
  if (!atomic_load(&told)) {
    ccad__tape_extend(recs_mark, recs_drop);
    atomic_store(&told, 1);
  }
  recs = grow(recs, &caprecs, nrecs + 1, sizeof *recs);
  Rec *r = &recs[nrecs++];
  memset(r, 0, sizeof *r);
  r->kind = k;
  r->call = call;
  r->req = r->areq = MPI_REQUEST_NULL;
  r->serial = ++serial;
  return r;
}

static Rec *pop(enum Kind k, const char *call)
{
  if (!nrecs || recs[nrecs - 1].kind != k) {
    ccad__error(CCAD_EUNDERFLOW, "ccad_mpi: the backward sweep of %s finds no record of it", call);
    return NULL;
  }
  if (nrecs == 1)
    gone.serial = 0;
  return &recs[--nrecs];
}

/* The records of an iteration that a checkpoint ran again only to get
** its results (its tape dropped): the messages went, no adjoint will.
** A request must be completed within the iteration that posted it. */
static void recs_drop(size_t n)
{
  for (; nrecs > n; nrecs--) {
    Rec *r = &recs[nrecs - 1];
    if (r->serial > gone.serial) {
      gone = *r;
      gone.won = NULL, gone.links = NULL, gone.tmp = NULL;  /* (freed below) */
    }
    if ((r->kind == K_ISEND || r->kind == K_IRECV) && r->where)
      ccad__error(CCAD_EMPI, "%s: a request posted in an iteration of a checkpointed loop must be completed "
                  "(MPI_Wait, MPI_Waitall) in that iteration", r->call);
    for (int i = 0; r->kind == K_WAIT && i < r->nlinks; i++)
      if ((size_t)r->links[i] < n)
        ccad__error(CCAD_EMPI, "MPI_Wait: a request posted before a checkpointed loop must not be completed "
                    "in one of its iterations");
    free(r->won);
    free(r->links);
    free(r->tmp);
  }
}

/* A complex element is two reals (real, imaginary part) for sums and
** messages alike; its derivative too. MPI itself sends and sums it. */
static int is_complex(MPI_Datatype t) { return t == MPI_C_DOUBLE_COMPLEX || t == MPI_C_FLOAT_COMPLEX || t == MPI_C_COMPLEX; }

static int is_double(MPI_Datatype t) { return t == MPI_DOUBLE || t == MPI_C_DOUBLE_COMPLEX; }

/* Reals per element. */
static int reals(MPI_Datatype t) { return is_complex(t) ? 2 : 1; }

/* Bytes per element; 0 (after the error handler) for a type cc-ad does not differentiate. */
static size_t esize(MPI_Datatype t, const char *call)
{
  if (t == MPI_DOUBLE || t == MPI_C_DOUBLE_COMPLEX)
    return (size_t)reals(t) * sizeof(double);
  if (t == MPI_FLOAT || t == MPI_C_FLOAT_COMPLEX || t == MPI_C_COMPLEX)
    return (size_t)reals(t) * sizeof(float);
  ccad__error(CCAD_EMPI, "%s: a buffer of float or double data needs the datatype MPI_FLOAT or MPI_DOUBLE "
              "(MPI_C_FLOAT_COMPLEX or MPI_C_DOUBLE_COMPLEX for complex data)", call);
  return 0;
}

/* 0 (after the error handler) for an operation cc-ad does not differentiate. */
static int check_op(MPI_Op op, MPI_Datatype t, const char *call)
{
  if (op != MPI_SUM && op != MPI_MAX && op != MPI_MIN)
    ccad__error(CCAD_EMPI, "%s: cc-ad differentiates the operations MPI_SUM, MPI_MAX and MPI_MIN only", call);
  else if (op != MPI_SUM && is_complex(t))
    ccad__error(CCAD_EMPI, "%s: complex data has no MPI_MAX or MPI_MIN (MPI defines only sums and products)", call);
  else
    return 1;
  return 0;
}

static int rank_of(MPI_Comm c)
{
  int r;
  MPI_Comm_rank(c, &r);
  return r;
}

int ccad_mpi_comm_rank(MPI_Comm comm) { return rank_of(comm); }

int ccad_mpi_comm_size(MPI_Comm comm)
{
  int n;
  MPI_Comm_size(comm, &n);
  return n;
}

size_t ccad_mpi_pending(void) { return nrecs; }

size_t ccad_mpi_bytes_moved(void)
{
  size_t n = moved;
  moved = 0;
  return n;
}

/* d[i] += s[i] (s NULL: nothing), d[i] = 0, for n elements of type t. */
static void add(void *d, const void *s, int n, MPI_Datatype t)
{
  if (!d || !s)
    return;
  n *= reals(t);
  if (is_double(t))
    for (int i = 0; i < n; i++)
      ((double *)d)[i] += ((const double *)s)[i];
  else
    for (int i = 0; i < n; i++)
      ((float *)d)[i] += ((const float *)s)[i];
}

static void add_won(void *d, const void *s, const unsigned char *won, int n, MPI_Datatype t)
{
  if (!d)
    return;
  if (t == MPI_DOUBLE)
    for (int i = 0; i < n; i++)
      ((double *)d)[i] += won[i] ? ((const double *)s)[i] : 0.0;
  else
    for (int i = 0; i < n; i++)
      ((float *)d)[i] += won[i] ? ((const float *)s)[i] : 0.0f;
}

static void zero(void *d, int n, size_t es)
{
  if (d && n > 0)
    memset(d, 0, (size_t)n * es);
}

/* A copy of p (n elements), or zeros when p is NULL. */
static char *copy_or_zero(const void *p, int n, size_t es)
{
  char *t = xcalloc((size_t)(n > 0 ? n : 0), es);
  if (p && n > 0)
    memcpy(t, p, (size_t)n * es);
  return t;
}

/* [values | tangents] of n elements in one block. */
static char *pack(const void *v, const void *d, int n, size_t es)
{
  char *t = xcalloc(2 * (size_t)(n > 0 ? n : 0), es);
  if (n > 0) {
    memcpy(t, v, (size_t)n * es);
    if (d)
      memcpy(t + (size_t)n * es, d, (size_t)n * es);
  }
  return t;
}

static void unpack(const char *t, void *v, void *d, int n, size_t es)
{
  if (n <= 0)
    return;
  memcpy(v, t, (size_t)n * es);
  if (d)
    memcpy(d, t + (size_t)n * es, (size_t)n * es);
}

/* A received packed message: n elements each of values and tangents; the
** caller's status says n. */
static int packed_count(MPI_Status *st, MPI_Datatype t)
{
  int n = 0;
  MPI_Get_count(st, t, &n);
  return n / 2;
}

static void set_status(MPI_Status *user, MPI_Status *st, MPI_Datatype t, int n)
{
  if (user == MPI_STATUS_IGNORE)
    return;
  *user = *st;
  MPI_Status_set_elements(user, t, n);
}

/* {====================================================================== forward mode */

int ccad_mpi_send_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
  last_comm = comm;
  size_t es = esize(type, "MPI_Send");
  if (!es)
    return MPI_ERR_TYPE;
  char *t = pack(buf, buf_dot, count, es);
  int rc = MPI_Send(t, 2 * count, type, dest, tag, comm);
  moved += (size_t)count * es;
  free(t);
  return rc;
}

int ccad_mpi_recv_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                      MPI_Status *status)
{
  last_comm = comm;
  size_t es = esize(type, "MPI_Recv");
  if (!es)
    return MPI_ERR_TYPE;
  char *t = xcalloc(2 * (size_t)(count > 0 ? count : 0), es);
  MPI_Status st;
  int rc = MPI_Recv(t, 2 * count, type, source, tag, comm, &st);
  int n = packed_count(&st, type);
  unpack(t, buf, buf_dot, n, es);
  set_status(status, &st, type, n);
  free(t);
  return rc;
}

int ccad_mpi_sendrecv_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, int dest, int stag,
                          void *rbuf, void *rbuf_dot, int rcount, MPI_Datatype rtype, int source, int rtag,
                          MPI_Comm comm, MPI_Status *status)
{
  last_comm = comm;
  size_t ses = esize(stype, "MPI_Sendrecv"), res = esize(rtype, "MPI_Sendrecv");
  if (!ses || !res)
    return MPI_ERR_TYPE;
  char *s = pack(sbuf, sbuf_dot, scount, ses);
  char *r = xcalloc(2 * (size_t)(rcount > 0 ? rcount : 0), res);
  MPI_Status st;
  int rc = MPI_Sendrecv(s, 2 * scount, stype, dest, stag, r, 2 * rcount, rtype, source, rtag, comm, &st);
  int n = packed_count(&st, rtype);
  unpack(r, rbuf, rbuf_dot, n, res);
  set_status(status, &st, rtype, n);
  moved += (size_t)scount * ses;
  free(s);
  free(r);
  return rc;
}

int ccad_mpi_bcast_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int root, MPI_Comm comm)
{
  last_comm = comm;
  size_t es = esize(type, "MPI_Bcast");
  if (!es)
    return MPI_ERR_TYPE;
  char *t = pack(buf, buf_dot, count, es);
  int rc = MPI_Bcast(t, 2 * count, type, root, comm);
  if (rank_of(comm) != root)
    unpack(t, buf, buf_dot, count, es);
  moved += (size_t)count * es;
  free(t);
  return rc;
}

/* MAX/MIN: which elements of in this rank supplies (the lowest rank among
** equals, MPI_MAXLOC's rule), everywhere; the result goes to out (may be NULL). */
static unsigned char *winners(const void *in, void *out, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
  int me = rank_of(comm);
  unsigned char *won = xcalloc((size_t)(count > 0 ? count : 0), 1);
  MPI_Op loc = op == MPI_MAX ? MPI_MAXLOC : MPI_MINLOC;
  if (type == MPI_DOUBLE) {
    struct { double v; int r; } *p = xcalloc((size_t)(count > 0 ? count : 0), sizeof *p);
    for (int i = 0; i < count; i++)
      p[i].v = ((const double *)in)[i], p[i].r = me;
    MPI_Allreduce(MPI_IN_PLACE, p, count, MPI_DOUBLE_INT, loc, comm);
    for (int i = 0; i < count; i++) {
      won[i] = p[i].r == me;
      if (out)
        ((double *)out)[i] = p[i].v;
    }
    free(p);
  } else {
    struct { float v; int r; } *p = xcalloc((size_t)(count > 0 ? count : 0), sizeof *p);
    for (int i = 0; i < count; i++)
      p[i].v = ((const float *)in)[i], p[i].r = me;
    MPI_Allreduce(MPI_IN_PLACE, p, count, MPI_FLOAT_INT, loc, comm);
    for (int i = 0; i < count; i++) {
      won[i] = p[i].r == me;
      if (out)
        ((float *)out)[i] = p[i].v;
    }
    free(p);
  }
  return won;
}

/* Tangents of this rank's winning elements, zeros elsewhere. */
static char *masked(const void *d, const unsigned char *won, int count, size_t es)
{
  char *t = xcalloc((size_t)(count > 0 ? count : 0), es);
  for (int i = 0; d && i < count; i++)
    if (won[i])
      memcpy(t + (size_t)i * es, (const char *)d + (size_t)i * es, es);
  return t;
}

/* reduce (root >= 0) or allreduce (root < 0) of values and tangents */
static int reduce_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                      MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm, const char *call)
{
  size_t es = esize(type, call);
  if (!check_op(op, type, call))
    return MPI_ERR_OP;
  if (!es)
    return MPI_ERR_TYPE;
  int me = rank_of(comm), here = root < 0 || me == root;
  const void *in = sbuf, *in_dot = sbuf_dot;
  if (sbuf == MPI_IN_PLACE)
    in = rbuf, in_dot = rbuf_dot;
  int rc;
  moved += (size_t)count * es;
  if (op == MPI_SUM) {
    char *t = pack(in, in_dot, count, es);
    if (root < 0)
      rc = MPI_Allreduce(MPI_IN_PLACE, t, 2 * count, type, MPI_SUM, comm);
    else
      rc = MPI_Reduce(me == root ? MPI_IN_PLACE : t, me == root ? t : NULL, 2 * count, type, MPI_SUM, root, comm);
    if (here)
      unpack(t, rbuf, rbuf_dot, count, es);
    free(t);
    return rc;
  }
  unsigned char *won = winners(in, here ? rbuf : NULL, count, type, op, comm);
  char *t = masked(in_dot, won, count, es);
  if (root < 0)
    rc = MPI_Allreduce(MPI_IN_PLACE, t, count, type, MPI_SUM, comm);
  else
    rc = MPI_Reduce(me == root ? MPI_IN_PLACE : t, me == root ? t : NULL, count, type, MPI_SUM, root, comm);
  if (here && rbuf_dot)
    memcpy(rbuf_dot, t, (size_t)count * es);
  free(t);
  free(won);
  return rc;
}

int ccad_mpi_reduce_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                        MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm)
{
  last_comm = comm;
  return reduce_jvp(sbuf, sbuf_dot, rbuf, rbuf_dot, count, type, op, root, comm, "MPI_Reduce");
}

int ccad_mpi_allreduce_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                           MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
  last_comm = comm;
  return reduce_jvp(sbuf, sbuf_dot, rbuf, rbuf_dot, count, type, op, -1, comm, "MPI_Allreduce");
}

int ccad_mpi_gather_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                        void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm)
{
  last_comm = comm;
  int is_root = rank_of(comm) == root, ip = is_root && sbuf == MPI_IN_PLACE;
  size_t res = esize(rtype, "MPI_Gather"), es = ip ? res : esize(stype, "MPI_Gather");
  if (!es || !res)
    return MPI_ERR_TYPE;
  int rc = MPI_Gather(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
  /* in place at the root: its own tangents are in rbuf_dot already */
  char *sd = ip ? NULL : copy_or_zero(sbuf_dot, scount, es);
  char *rd = is_root && !rbuf_dot ? xcalloc((size_t)rcount * (size_t)ccad_mpi_comm_size(comm), res) : NULL;
  MPI_Gather(ip ? MPI_IN_PLACE : sd, scount, stype, rd ? rd : rbuf_dot, rcount, rtype, root, comm);
  moved += ip ? 0 : (size_t)scount * es;
  free(sd);
  free(rd);
  return rc;
}

int ccad_mpi_scatter_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                         void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm)
{
  last_comm = comm;
  size_t es = esize(stype, "MPI_Scatter"), res = esize(rtype, "MPI_Scatter");
  if (!es || !res)
    return MPI_ERR_TYPE;
  int rc = MPI_Scatter(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
  int is_root = rank_of(comm) == root;
  char *sd = is_root && !sbuf_dot ? xcalloc((size_t)scount * (size_t)ccad_mpi_comm_size(comm), es) : NULL;
  char *rd = rbuf_dot ? NULL : xcalloc((size_t)rcount, res);
  MPI_Scatter(sd ? sd : sbuf_dot, scount, stype, rd ? rd : rbuf_dot, rcount, rtype, root, comm);
  moved += (size_t)rcount * res;
  free(sd);
  free(rd);
  return rc;
}

int ccad_mpi_allgather_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                           void *rbuf_dot, int rcount, MPI_Datatype rtype, MPI_Comm comm)
{
  last_comm = comm;
  int ip = sbuf == MPI_IN_PLACE;
  size_t res = esize(rtype, "MPI_Allgather"), es = ip ? res : esize(stype, "MPI_Allgather");
  if (!es || !res)
    return MPI_ERR_TYPE;
  int rc = MPI_Allgather(sbuf, scount, stype, rbuf, rcount, rtype, comm);
  /* in place: this rank's tangents are in its block of rbuf_dot already */
  char *sd = ip ? NULL : copy_or_zero(sbuf_dot, scount, es);
  char *rd = rbuf_dot ? NULL : xcalloc((size_t)rcount * (size_t)ccad_mpi_comm_size(comm), res);
  MPI_Allgather(ip ? MPI_IN_PLACE : sd, scount, stype, rd ? rd : rbuf_dot, rcount, rtype, comm);
  moved += (size_t)(ip ? rcount : scount) * es;
  free(sd);
  free(rd);
  return rc;
}

static void open_add(MPI_Request *where, char *tmp, void *buf, void *buf_dot, MPI_Datatype type, int is_recv)
{
  opens = grow(opens, &capopens, nopens + 1, sizeof *opens);
  opens[nopens++] = (Open){*where, where, tmp, buf, buf_dot, type, is_recv};
}

int ccad_mpi_isend_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag,
                       MPI_Comm comm, MPI_Request *req)
{
  last_comm = comm;
  size_t es = esize(type, "MPI_Isend");
  if (!es)
    return MPI_ERR_TYPE;
  char *t = pack(buf, buf_dot, count, es);
  int rc = MPI_Isend(t, 2 * count, type, dest, tag, comm, req);
  moved += (size_t)count * es;
  open_add(req, t, NULL, NULL, type, 0);
  return rc;
}

int ccad_mpi_irecv_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                       MPI_Request *req)
{
  last_comm = comm;
  size_t es = esize(type, "MPI_Irecv");
  if (!es)
    return MPI_ERR_TYPE;
  char *t = xcalloc(2 * (size_t)(count > 0 ? count : 0), es);
  int rc = MPI_Irecv(t, 2 * count, type, source, tag, comm, req);
  open_add(req, t, buf, buf_dot, type, 1);
  return rc;
}

int ccad_mpi_wait_jvp(MPI_Request *req, MPI_Status *status)
{
  size_t i = 0;
  while (i < nopens && opens[i].where != req)
    i++;
  if (i == nopens)
    for (i = 0; i < nopens && opens[i].req != *req;)
      i++;
  MPI_Status st;
  int rc = MPI_Wait(req, &st);
  if (i == nopens) {
    if (status != MPI_STATUS_IGNORE)
      *status = st;
    return rc;
  }
  Open o = opens[i];
  opens[i] = opens[--nopens];
  if (o.is_recv) {
    int n = packed_count(&st, o.type);
    unpack(o.tmp, o.buf, o.buf_dot, n, esize(o.type, "MPI_Wait"));
    set_status(status, &st, o.type, n);
  } else if (status != MPI_STATUS_IGNORE) {
    *status = st;
  }
  free(o.tmp);
  return rc;
}

int ccad_mpi_waitall_jvp(int n, MPI_Request *reqs, MPI_Status *statuses)
{
  int rc = MPI_SUCCESS;
  for (int i = 0; i < n; i++) {
    int r = ccad_mpi_wait_jvp(&reqs[i], statuses == MPI_STATUSES_IGNORE ? MPI_STATUS_IGNORE : &statuses[i]);
    if (r != MPI_SUCCESS)
      rc = r;
  }
  return rc;
}
/* }====================================================================== */

/* {====================================================================== reverse mode */

/* The tag of an adjoint message: the primal tag moved into the other half
** of [0, MPI_TAG_UB], so that a receive of the primal (a wildcard source on
** a rank still in its forward sweep) never takes an adjoint message. */
static int adj_tag(int tag)
{
  static int half;
  if (!half) {
    int *ub, flag = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ub, &flag);
    half = flag && *ub >= 32767 ? *ub / 2 + 1 : 16384;
  }
  return tag < half ? tag + half : tag - half;
}

int ccad_mpi_send_fwd(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm)
{
  last_comm = comm;
  esize(type, "MPI_Send");
  Rec *r = push(K_SEND, "MPI_Send");
  r->count = count, r->type = type, r->peer = dest, r->tag = tag, r->comm = comm;
  return MPI_Send(buf, count, type, dest, tag, comm);
}

void ccad_mpi_send_bwd(void *buf_bar)
{
  Rec *r = pop(K_SEND, "MPI_Send");
  if (!r || r->peer == MPI_PROC_NULL)
    return;
  size_t es = esize(r->type, r->call);
  char *t = xcalloc((size_t)r->count, es);
  MPI_Recv(t, r->count, r->type, r->peer, adj_tag(r->tag), r->comm, MPI_STATUS_IGNORE);
  moved += (size_t)r->count * es;
  add(buf_bar, t, r->count, r->type);
  free(t);
}

int ccad_mpi_recv_fwd(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status *status)
{
  last_comm = comm;
  esize(type, "MPI_Recv");
  MPI_Status st;
  int rc = MPI_Recv(buf, count, type, source, tag, comm, &st);
  Rec *r = push(K_RECV, "MPI_Recv");
  r->type = type, r->comm = comm, r->rpeer = st.MPI_SOURCE, r->rtag = st.MPI_TAG;
  MPI_Get_count(&st, type, &r->rcount);
  if (source == MPI_PROC_NULL)
    r->rpeer = MPI_PROC_NULL, r->rtag = 0, r->rcount = 0;
  if (status != MPI_STATUS_IGNORE)
    *status = st;
  return rc;
}

void ccad_mpi_recv_bwd(void *buf_bar)
{
  Rec *r = pop(K_RECV, "MPI_Recv");
  if (!r || r->rpeer == MPI_PROC_NULL)
    return;
  size_t es = esize(r->type, r->call);
  char *t = copy_or_zero(buf_bar, r->rcount, es);
  zero(buf_bar, r->rcount, es);
  MPI_Send(t, r->rcount, r->type, r->rpeer, adj_tag(r->rtag), r->comm);
  moved += (size_t)r->rcount * es;
  free(t);
}

int ccad_mpi_sendrecv_fwd(const void *sbuf, int scount, MPI_Datatype stype, int dest, int stag, void *rbuf, int rcount,
                          MPI_Datatype rtype, int source, int rtag, MPI_Comm comm, MPI_Status *status)
{
  last_comm = comm;
  esize(stype, "MPI_Sendrecv");
  esize(rtype, "MPI_Sendrecv");
  MPI_Status st;
  int rc = MPI_Sendrecv(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, source, rtag, comm, &st);
  Rec *r = push(K_SENDRECV, "MPI_Sendrecv");
  r->count = scount, r->type = stype, r->peer = dest, r->tag = stag;
  r->rtype = rtype, r->rpeer = st.MPI_SOURCE, r->rtag = st.MPI_TAG, r->comm = comm;
  MPI_Get_count(&st, rtype, &r->rcount);
  if (source == MPI_PROC_NULL)
    r->rpeer = MPI_PROC_NULL, r->rtag = 0, r->rcount = 0;
  if (status != MPI_STATUS_IGNORE)
    *status = st;
  return rc;
}

void ccad_mpi_sendrecv_bwd(void *sbuf_bar, void *rbuf_bar)
{
  Rec *r = pop(K_SENDRECV, "MPI_Sendrecv");
  if (!r)
    return;
  size_t es = esize(r->type, r->call), res = esize(r->rtype, r->call);
  /* the received values' adjoints go back to their source; the sent
  ** values' adjoints come back from the destination */
  char *out = copy_or_zero(rbuf_bar, r->rcount, res);
  char *in = xcalloc((size_t)r->count, es);
  zero(rbuf_bar, r->rcount, res);
  MPI_Sendrecv(out, r->rcount, r->rtype, r->rpeer, adj_tag(r->rtag), in, r->count, r->type, r->peer, adj_tag(r->tag), r->comm,
               MPI_STATUS_IGNORE);
  if (r->peer != MPI_PROC_NULL)
    add(sbuf_bar, in, r->count, r->type);
  moved += (size_t)r->rcount * res;
  free(out);
  free(in);
}

int ccad_mpi_bcast_fwd(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm)
{
  last_comm = comm;
  esize(type, "MPI_Bcast");
  Rec *r = push(K_BCAST, "MPI_Bcast");
  r->count = count, r->type = type, r->root = root, r->comm = comm;
  return MPI_Bcast(buf, count, type, root, comm);
}

void ccad_mpi_bcast_bwd(void *buf_bar)
{
  Rec *r = pop(K_BCAST, "MPI_Bcast");
  if (!r)
    return;
  size_t es = esize(r->type, r->call);
  int is_root = rank_of(r->comm) == r->root;
  char *t = copy_or_zero(buf_bar, r->count, es);
  MPI_Reduce(is_root ? MPI_IN_PLACE : t, is_root ? t : NULL, r->count, r->type, MPI_SUM, r->root, r->comm);
  if (is_root && buf_bar)
    memcpy(buf_bar, t, (size_t)r->count * es);
  else
    zero(buf_bar, r->count, es);
  moved += (size_t)r->count * es;
  free(t);
}

static int reduce_fwd(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm,
                      enum Kind k, const char *call)
{
  size_t es = esize(type, call);
  if (!check_op(op, type, call))
    return MPI_ERR_OP;
  Rec *r = push(k, call);
  r->count = count, r->type = type, r->op = op, r->root = root, r->comm = comm;
  r->in_place = sbuf == MPI_IN_PLACE;
  if (op == MPI_SUM || !es)
    return root < 0 ? MPI_Allreduce(sbuf, rbuf, count, type, op, comm)
                    : MPI_Reduce(sbuf, rbuf, count, type, op, root, comm);
  int here = root < 0 || rank_of(comm) == root;
  r->won = winners(r->in_place ? rbuf : sbuf, here ? rbuf : NULL, count, type, op, comm);
  return MPI_SUCCESS;
}

static void reduce_bwd(void *sbuf_bar, void *rbuf_bar, enum Kind k, const char *call)
{
  Rec *r = pop(k, call);
  if (!r)
    return;
  size_t es = esize(r->type, r->call);
  int here = r->root < 0 || rank_of(r->comm) == r->root;
  /* every rank's input gets the sum of the result's adjoints (allreduce),
  ** or the root's (reduce); MAX/MIN: only where it won */
  char *t = copy_or_zero(here ? rbuf_bar : NULL, r->count, es);
  if (r->root < 0)
    MPI_Allreduce(MPI_IN_PLACE, t, r->count, r->type, MPI_SUM, r->comm);
  else
    MPI_Bcast(t, r->count, r->type, r->root, r->comm);
  if (here)
    zero(rbuf_bar, r->count, es);
  void *in_bar = r->in_place && here ? rbuf_bar : sbuf_bar;
  if (r->won)
    add_won(in_bar, t, r->won, r->count, r->type);
  else
    add(in_bar, t, r->count, r->type);
  moved += (size_t)r->count * es;
  free(t);
  free(r->won);
}

int ccad_mpi_reduce_fwd(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm)
{
  last_comm = comm;
  return reduce_fwd(sbuf, rbuf, count, type, op, root, comm, K_REDUCE, "MPI_Reduce");
}

void ccad_mpi_reduce_bwd(void *sbuf_bar, void *rbuf_bar) { reduce_bwd(sbuf_bar, rbuf_bar, K_REDUCE, "MPI_Reduce"); }

int ccad_mpi_allreduce_fwd(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
  last_comm = comm;
  return reduce_fwd(sbuf, rbuf, count, type, op, -1, comm, K_ALLREDUCE, "MPI_Allreduce");
}

void ccad_mpi_allreduce_bwd(void *sbuf_bar, void *rbuf_bar)
{
  reduce_bwd(sbuf_bar, rbuf_bar, K_ALLREDUCE, "MPI_Allreduce");
}

/* in_place: MPI_IN_PLACE as the send buffer of a gather (at its root) or
** allgather: this rank's block of the receive buffer is its contribution
** (scount and stype ignored, as MPI ignores them) */
static Rec *record_xfer(enum Kind k, const char *call, int scount, MPI_Datatype stype, int rcount, MPI_Datatype rtype,
                        int root, MPI_Comm comm, int in_place)
{
  if (in_place)
    scount = rcount, stype = rtype;
  esize(stype, call);
  esize(rtype, call);
  Rec *r = push(k, call);
  r->count = scount, r->type = stype, r->rcount = rcount, r->rtype = rtype, r->root = root, r->comm = comm;
  r->in_place = in_place;
  return r;
}

/* This rank's block of a gathered buffer (n elements of es bytes each). */
static void *own_block(void *buf, int n, size_t es, MPI_Comm comm)
{
  return buf ? (char *)buf + (size_t)rank_of(comm) * (size_t)n * es : NULL;
}

int ccad_mpi_gather_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                        int root, MPI_Comm comm)
{
  last_comm = comm;
  record_xfer(K_GATHER, "MPI_Gather", scount, stype, rcount, rtype, root, comm,
              sbuf == MPI_IN_PLACE && rank_of(comm) == root);
  return MPI_Gather(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
}

void ccad_mpi_gather_bwd(void *sbuf_bar, void *rbuf_bar)
{
  Rec *r = pop(K_GATHER, "MPI_Gather");
  if (!r)
    return;
  size_t es = esize(r->type, r->call), res = esize(r->rtype, r->call);
  int is_root = rank_of(r->comm) == r->root, n = r->rcount * ccad_mpi_comm_size(r->comm);
  char *all = is_root ? copy_or_zero(rbuf_bar, n, res) : NULL;
  char *t = xcalloc((size_t)r->count, es);
  MPI_Scatter(all, r->rcount, r->rtype, t, r->count, r->type, r->root, r->comm);
  if (is_root)
    zero(rbuf_bar, n, res);
  add(r->in_place ? own_block(rbuf_bar, r->rcount, res, r->comm) : sbuf_bar, t, r->count, r->type);
  moved += (size_t)r->count * es;
  free(all);
  free(t);
}

int ccad_mpi_scatter_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                         int root, MPI_Comm comm)
{
  last_comm = comm;
  record_xfer(K_SCATTER, "MPI_Scatter", scount, stype, rcount, rtype, root, comm, 0);
  return MPI_Scatter(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
}

void ccad_mpi_scatter_bwd(void *sbuf_bar, void *rbuf_bar)
{
  Rec *r = pop(K_SCATTER, "MPI_Scatter");
  if (!r)
    return;
  size_t es = esize(r->type, r->call), res = esize(r->rtype, r->call);
  int is_root = rank_of(r->comm) == r->root, n = r->count * ccad_mpi_comm_size(r->comm);
  char *mine = copy_or_zero(rbuf_bar, r->rcount, res);
  char *all = is_root ? xcalloc((size_t)n, es) : NULL;
  zero(rbuf_bar, r->rcount, res);
  MPI_Gather(mine, r->rcount, r->rtype, all, r->count, r->type, r->root, r->comm);
  if (is_root)
    add(sbuf_bar, all, n, r->type);
  moved += (size_t)r->rcount * res;
  free(mine);
  free(all);
}

int ccad_mpi_allgather_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount,
                           MPI_Datatype rtype, MPI_Comm comm)
{
  last_comm = comm;
  record_xfer(K_ALLGATHER, "MPI_Allgather", scount, stype, rcount, rtype, -1, comm, sbuf == MPI_IN_PLACE);
  return MPI_Allgather(sbuf, scount, stype, rbuf, rcount, rtype, comm);
}

void ccad_mpi_allgather_bwd(void *sbuf_bar, void *rbuf_bar)
{
  Rec *r = pop(K_ALLGATHER, "MPI_Allgather");
  if (!r)
    return;
  size_t es = esize(r->type, r->call), res = esize(r->rtype, r->call);
  int n = r->rcount * ccad_mpi_comm_size(r->comm);
  char *all = copy_or_zero(rbuf_bar, n, res);
  char *t = xcalloc((size_t)r->count, es);
  zero(rbuf_bar, n, res);
  MPI_Reduce_scatter_block(all, t, r->rcount, r->rtype, MPI_SUM, r->comm);
  add(r->in_place ? own_block(rbuf_bar, r->rcount, res, r->comm) : sbuf_bar, t, r->count, r->type);
  moved += (size_t)r->count * es;
  free(all);
  free(t);
}

/* Non-blocking.  isend/irecv_fwd push a record that stays below the
** records after it; wait_fwd links to it by its request.  The wait's
** adjoint posts the adjoint communication into r->tmp, the isend/irecv's
** adjoint completes it. */
static int find_open(MPI_Request *where)
{
  for (size_t i = nrecs; i-- > 0;)
    if ((recs[i].kind == K_ISEND || recs[i].kind == K_IRECV) && recs[i].where == where)
      return (int)i;
  for (size_t i = nrecs; i-- > 0;)
    if ((recs[i].kind == K_ISEND || recs[i].kind == K_IRECV) && recs[i].where && recs[i].req == *where)
      return (int)i;
  return -1;
}

int ccad_mpi_isend_fwd(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
                       MPI_Request *req)
{
  last_comm = comm;
  esize(type, "MPI_Isend");
  int rc = MPI_Isend(buf, count, type, dest, tag, comm, req);
  Rec *r = push(K_ISEND, "MPI_Isend");
  r->count = count, r->type = type, r->peer = dest, r->tag = tag, r->comm = comm, r->req = *req, r->where = req;
  return rc;
}

int ccad_mpi_irecv_fwd(void *buf, void *buf_bar, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                       MPI_Request *req)
{
  last_comm = comm;
  esize(type, "MPI_Irecv");
  int rc = MPI_Irecv(buf, count, type, source, tag, comm, req);
  Rec *r = push(K_IRECV, "MPI_Irecv");
  r->rcount = count, r->type = type, r->rpeer = source, r->rtag = tag, r->comm = comm, r->req = *req, r->where = req;
  r->abuf = buf_bar;
  return rc;
}

/* After MPI_Wait/MPI_Waitall completed record i with status st. */
static void completed(int i, MPI_Status *st)
{
  Rec *r = &recs[i];
  r->req = MPI_REQUEST_NULL, r->where = NULL;
  if (r->kind == K_IRECV) {
    if (r->rpeer != MPI_PROC_NULL) {
      r->rpeer = st->MPI_SOURCE, r->rtag = st->MPI_TAG;
      MPI_Get_count(st, r->type, &r->rcount);
    } else {
      r->rtag = 0, r->rcount = 0;
    }
  }
}

static void wait_record(int *links, int n)
{
  Rec *w = push(K_WAIT, "MPI_Wait");
  w->links = links, w->nlinks = n;
}

int ccad_mpi_wait_fwd(MPI_Request *req, MPI_Status *status)
{
  int i = find_open(req);
  MPI_Status st;
  int rc = MPI_Wait(req, &st);
  if (status != MPI_STATUS_IGNORE)
    *status = st;
  if (i < 0)
    return rc;
  completed(i, &st);
  int *links = xcalloc(1, sizeof(int));
  links[0] = i;
  wait_record(links, 1);
  return rc;
}

int ccad_mpi_waitall_fwd(int n, MPI_Request *reqs, MPI_Status *statuses)
{
  int *links = xcalloc((size_t)(n > 0 ? n : 0), sizeof(int));
  MPI_Status *st = xcalloc((size_t)(n > 0 ? n : 0), sizeof(MPI_Status));
  for (int i = 0; i < n; i++)
    links[i] = find_open(&reqs[i]);
  int rc = MPI_Waitall(n, reqs, st);
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (statuses != MPI_STATUSES_IGNORE)
      statuses[i] = st[i];
    if (links[i] >= 0) {
      completed(links[i], &st[i]);
      links[k++] = links[i];
    }
  }
  free(st);
  wait_record(links, k);
  return rc;
}

/* The adjoint of completing record r: post its transposed message. */
static void post_adjoint(Rec *r)
{
  size_t es = esize(r->type, r->call);
  if (r->kind == K_ISEND) {
    r->tmp = xcalloc((size_t)r->count, es);
    if (r->peer != MPI_PROC_NULL)
      MPI_Irecv(r->tmp, r->count, r->type, r->peer, adj_tag(r->tag), r->comm, &r->areq);
  } else {
    r->tmp = copy_or_zero(r->abuf, r->rcount, es);
    zero(r->abuf, r->rcount, es);
    if (r->rpeer != MPI_PROC_NULL)
      MPI_Isend(r->tmp, r->rcount, r->type, r->rpeer, adj_tag(r->rtag), r->comm, &r->areq);
  }
  r->posted = 1;
}

static void wait_bwd(void)
{
  Rec *w = pop(K_WAIT, "MPI_Wait");
  if (!w)
    return;
  for (int i = w->nlinks; i-- > 0;)
    post_adjoint(&recs[w->links[i]]);
  free(w->links);
}

void ccad_mpi_wait_bwd(void) { wait_bwd(); }
void ccad_mpi_waitall_bwd(void) { wait_bwd(); }

static Rec *finish(enum Kind k, const char *call)
{
  Rec *r = pop(k, call);
  if (!r)
    return NULL;
  if (!r->posted) {
    ccad__error(CCAD_EMPI, "%s: its request must be completed by MPI_Wait or MPI_Waitall in the differentiated code",
                call);
    return NULL;
  }
  MPI_Wait(&r->areq, MPI_STATUS_IGNORE);
  moved += (size_t)(k == K_ISEND ? r->count : r->rcount) * esize(r->type, call);
  return r;
}

void ccad_mpi_isend_bwd(void *buf_bar)
{
  Rec *r = finish(K_ISEND, "MPI_Isend");
  if (!r)
    return;
  add(buf_bar, r->tmp, r->count, r->type);
  free(r->tmp);
}

void ccad_mpi_irecv_bwd(void)
{
  Rec *r = finish(K_IRECV, "MPI_Irecv");
  if (r)
    free(r->tmp);
}
/* }====================================================================== */

int ccad_mpi_comm_free_jvp(MPI_Comm *comm)
{
  if (*comm == last_comm)
    last_comm = MPI_COMM_NULL;  /* (ccad_mpi_sweeps: no longer there) */
  return MPI_Comm_free(comm);
}

int ccad_mpi_comm_free_fwd(MPI_Comm *comm)
{
  free_later();
  if (!nrecs || *comm == MPI_COMM_NULL)
    return ccad_mpi_comm_free_jvp(comm);
  later = grow(later, &caplater, nlater + 1, sizeof *later);
  later[nlater++] = *comm;
  *comm = MPI_COMM_NULL;  /* as MPI_Comm_free leaves it */
  return MPI_SUCCESS;
}

/* The number of sweeps of a Jacobian driver (ccad_mpi.h): the largest
** count of the ranks that took part in the last sweep's last call. */
long ccad_mpi_sweeps(long sweep, long count)
{
  /* at every check after the first sweep, on every rank alike (each runs
  ** the same sweeps): no state kept, so drivers may nest */
  long all = count;
  if (sweep > 0 && last_comm != MPI_COMM_NULL)
    MPI_Allreduce(&count, &all, 1, MPI_LONG, MPI_MAX, last_comm);
  return all;
}

/* grad's seed of its result (ccad_mpi.h). */
double ccad_mpi_grad_seed(double result)
{
  /* the last call of the forward sweep, kept or dropped by a checkpoint */
  Rec *r = nrecs ? &recs[nrecs - 1] : NULL;
  if (gone.serial && (!r || gone.serial > r->serial))
    r = &gone;
  if (!r)
    return 1.0;
  if (r->kind == K_SEND || r->kind == K_RECV || r->kind == K_SENDRECV || r->kind == K_ISEND || r->kind == K_IRECV ||
      r->kind == K_WAIT)
    return 1.0;
  double lo, hi;
  MPI_Allreduce(&result, &lo, 1, MPI_DOUBLE, MPI_MIN, r->comm);
  MPI_Allreduce(&result, &hi, 1, MPI_DOUBLE, MPI_MAX, r->comm);
  return lo == hi ? 1.0 / ccad_mpi_comm_size(r->comm) : 1.0;
}

/* {====================================================================== forward over reverse
** The tangent of a reverse-mode result (hvp, hessian): _fwd_jvp runs the
** _fwd call, then moves the tangents by the record it left (a second
** message right after the first, on the same tag: nothing can come between
** them); _bwd_jvp runs the _bwd call on the adjoints and again, with a copy
** of the record, on their tangents (the adjoint communication is linear in
** the adjoints; a MAX/MIN's winners are fixed). */

/* n elements at p, or zeros (freed by the caller when *tmp is set) */
static const void *or_zeros(const void *p, int n, size_t es, char **tmp)
{
  *tmp = p ? NULL : xcalloc((size_t)(n > 0 ? n : 0), es);
  return p ? p : *tmp;
}

static void *or_scratch(void *p, int n, size_t es, char **tmp)
{
  *tmp = p ? NULL : xcalloc((size_t)(n > 0 ? n : 0), es);
  return p ? p : *tmp;
}

int ccad_mpi_send_fwd_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag,
                          MPI_Comm comm)
{
  int rc = ccad_mpi_send_fwd(buf, count, type, dest, tag, comm);
  char *z;
  const void *d = or_zeros(buf_dot, count, esize(type, "MPI_Send"), &z);
  MPI_Send(d, count, type, dest, tag, comm);
  free(z);
  return rc;
}

static int recv_tangent(Rec *r, void *buf_dot)
{
  char *z;
  void *d = or_scratch(buf_dot, r->rcount, esize(r->type, r->call), &z);
  int rc = r->rpeer == MPI_PROC_NULL ? MPI_SUCCESS
                                     : MPI_Recv(d, r->rcount, r->type, r->rpeer, r->rtag, r->comm, MPI_STATUS_IGNORE);
  free(z);
  return rc;
}

int ccad_mpi_recv_fwd_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                          MPI_Status *status)
{
  int rc = ccad_mpi_recv_fwd(buf, count, type, source, tag, comm, status);
  recv_tangent(&recs[nrecs - 1], buf_dot);
  return rc;
}

int ccad_mpi_sendrecv_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, int dest,
                              int stag, void *rbuf, void *rbuf_dot, int rcount, MPI_Datatype rtype, int source,
                              int rtag, MPI_Comm comm, MPI_Status *status)
{
  int rc = ccad_mpi_sendrecv_fwd(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, source, rtag, comm, status);
  Rec *r = &recs[nrecs - 1];
  char *zs, *zr;
  const void *s = or_zeros(sbuf_dot, scount, esize(stype, r->call), &zs);
  void *d = or_scratch(rbuf_dot, r->rcount, esize(rtype, r->call), &zr);
  MPI_Sendrecv(s, scount, stype, dest, stag, d, r->rcount, rtype, r->rpeer, r->rpeer == MPI_PROC_NULL ? 0 : r->rtag,
               comm, MPI_STATUS_IGNORE);
  free(zs);
  free(zr);
  return rc;
}

int ccad_mpi_bcast_fwd_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int root, MPI_Comm comm)
{
  int rc = ccad_mpi_bcast_fwd(buf, count, type, root, comm);
  char *z;
  void *d = or_scratch(buf_dot, count, esize(type, "MPI_Bcast"), &z);
  MPI_Bcast(d, count, type, root, comm);
  free(z);
  return rc;
}

/* the tangents of a reduction whose values the _fwd call reduced */
static void reduce_tangents(Rec *r, const void *sbuf_dot, void *rbuf_dot)
{
  size_t es = esize(r->type, r->call);
  int me = rank_of(r->comm), here = r->root < 0 || me == r->root;
  const void *in = r->in_place && here ? rbuf_dot : sbuf_dot;
  char *t = r->won ? masked(in, r->won, r->count, es) : copy_or_zero(in, r->count, es);
  if (r->root < 0)
    MPI_Allreduce(MPI_IN_PLACE, t, r->count, r->type, MPI_SUM, r->comm);
  else
    MPI_Reduce(me == r->root ? MPI_IN_PLACE : t, me == r->root ? t : NULL, r->count, r->type, MPI_SUM, r->root,
               r->comm);
  if (here && rbuf_dot)
    memcpy(rbuf_dot, t, (size_t)r->count * es);
  free(t);
}

int ccad_mpi_reduce_fwd_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                            MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm)
{
  int rc = ccad_mpi_reduce_fwd(sbuf, rbuf, count, type, op, root, comm);
  reduce_tangents(&recs[nrecs - 1], sbuf_dot, rbuf_dot);
  return rc;
}

int ccad_mpi_allreduce_fwd_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                               MPI_Datatype type, MPI_Op op, MPI_Comm comm)
{
  int rc = ccad_mpi_allreduce_fwd(sbuf, rbuf, count, type, op, comm);
  reduce_tangents(&recs[nrecs - 1], sbuf_dot, rbuf_dot);
  return rc;
}

int ccad_mpi_gather_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                            void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm)
{
  int rc = ccad_mpi_gather_fwd(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
  char *zs = NULL, *zr = NULL;
  const void *s = recs[nrecs - 1].in_place ? MPI_IN_PLACE : or_zeros(sbuf_dot, scount, esize(stype, "MPI_Gather"), &zs);
  void *d = rbuf_dot;
  if (rank_of(comm) == root && !d)
    d = zr = xcalloc((size_t)rcount * (size_t)ccad_mpi_comm_size(comm), esize(rtype, "MPI_Gather"));
  MPI_Gather(s, scount, stype, d, rcount, rtype, root, comm);
  free(zs);
  free(zr);
  return rc;
}

int ccad_mpi_scatter_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                             void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm)
{
  int rc = ccad_mpi_scatter_fwd(sbuf, scount, stype, rbuf, rcount, rtype, root, comm);
  char *zs = NULL, *zr;
  const void *s = sbuf_dot;
  if (rank_of(comm) == root && !s)
    s = zs = xcalloc((size_t)scount * (size_t)ccad_mpi_comm_size(comm), esize(stype, "MPI_Scatter"));
  void *d = or_scratch(rbuf_dot, rcount, esize(rtype, "MPI_Scatter"), &zr);
  MPI_Scatter(s, scount, stype, d, rcount, rtype, root, comm);
  free(zs);
  free(zr);
  return rc;
}

int ccad_mpi_allgather_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                               void *rbuf_dot, int rcount, MPI_Datatype rtype, MPI_Comm comm)
{
  int rc = ccad_mpi_allgather_fwd(sbuf, scount, stype, rbuf, rcount, rtype, comm);
  char *zs = NULL, *zr;
  const void *s = sbuf == MPI_IN_PLACE ? MPI_IN_PLACE : or_zeros(sbuf_dot, scount, esize(stype, "MPI_Allgather"), &zs);
  void *d = or_scratch(rbuf_dot, rcount * ccad_mpi_comm_size(comm), esize(rtype, "MPI_Allgather"), &zr);
  MPI_Allgather(s, scount, stype, d, rcount, rtype, comm);
  free(zs);
  free(zr);
  return rc;
}

/* A copy of the top record above it, for a second backward call. */
static void dup_top(void)
{
  if (!nrecs)
    return;
  recs = grow(recs, &caprecs, nrecs + 1, sizeof *recs);
  recs[nrecs] = recs[nrecs - 1];
  Rec *c = &recs[nrecs++];
  if (c->won) {
    unsigned char *w = xcalloc((size_t)(c->count > 0 ? c->count : 0), 1);
    memcpy(w, recs[nrecs - 2].won, (size_t)(c->count > 0 ? c->count : 0));
    c->won = w;
  }
}

void ccad_mpi_send_bwd_jvp(void *a, void *a_dot) { dup_top(), ccad_mpi_send_bwd(a), ccad_mpi_send_bwd(a_dot); }
void ccad_mpi_recv_bwd_jvp(void *a, void *a_dot) { dup_top(), ccad_mpi_recv_bwd(a), ccad_mpi_recv_bwd(a_dot); }
void ccad_mpi_bcast_bwd_jvp(void *a, void *a_dot) { dup_top(), ccad_mpi_bcast_bwd(a), ccad_mpi_bcast_bwd(a_dot); }
#define CCAD_MPI_BWD2(x)                                                  \
  void ccad_mpi_##x##_bwd_jvp(void *s, void *s_dot, void *r, void *r_dot) \
  {                                                                       \
    dup_top();                                                            \
    ccad_mpi_##x##_bwd(s, r);                                             \
    ccad_mpi_##x##_bwd(s_dot, r_dot);                                     \
  }
CCAD_MPI_BWD2(sendrecv)
CCAD_MPI_BWD2(reduce)
CCAD_MPI_BWD2(allreduce)
CCAD_MPI_BWD2(gather)
CCAD_MPI_BWD2(scatter)
CCAD_MPI_BWD2(allgather)
/* }====================================================================== */
