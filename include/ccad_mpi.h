/*
** ccad_mpi.h: libccad_mpi, the MPI part of the cc-ad runtime
** (-lccad_mpi -lccad, with the MPI library: pkg-config ccad_mpi).
**
** Code that cc-ad generates from a function calling MPI calls these
** wrappers instead of the MPI functions, when the buffers hold float or
** double data (MPI_FLOAT, MPI_DOUBLE; MPI_C_FLOAT_COMPLEX, MPI_C_DOUBLE_COMPLEX:
** two reals per element).  Each MPI function X has up to three:
**
**   ccad_mpi_X_jvp  forward mode: the MPI arguments with the tangent of each
**                   buffer after it (NULL: zero).  Point-to-point messages
**                   carry values and tangents packed in one message, so
**                   wildcards and message order behave as in the primal;
**                   collectives run a second time on the tangents.
**   ccad_mpi_X_fwd  reverse mode, forward sweep: the MPI call itself, plus
**                   a record of what the backward sweep needs (counts,
**                   peers, the actual source and tag of a receive, the
**                   winner of each element of a MAX/MIN reduction).
**   ccad_mpi_X_bwd  reverse mode, backward sweep: the adjoint communication
**                   (a send's adjoint receives and adds, a receive's sends
**                   and zeroes, a broadcast's reduces to the root, a sum's
**                   sums the adjoints, a MAX/MIN's gives the adjoint to the
**                   rank that won); its arguments are the adjoints of the
**                   buffers (NULL: the data carry none).
**
** The records form a LIFO stack per thread, beside the tapes of ccad.h:
** the backward sweep must run the _bwd calls in the reverse order of the
** _fwd calls, which generated code does.  Adjoint messages use the tag and
** communicator of the primal message, in the other direction: every message
** a differentiated function sends must be received by differentiated code.
** Errors (a datatype other than MPI_FLOAT/MPI_DOUBLE or their complex
** types, an operation other than MPI_SUM/MPI_MAX/MPI_MIN or MAX/MIN on
** complex data, a request never waited for) call the error
** handler of ccad.h with CCAD_EMPI.
*/
#ifndef CCAD_MPI_H
#define CCAD_MPI_H

#include <mpi.h>

#include "ccad.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { CCAD_EMPI = 16 };  /* an MPI call cc-ad cannot differentiate, or MPI failed */

/* Number of ranks of comm (generated code sizes the saved buffers of gathers with it). */
int ccad_mpi_comm_size(MPI_Comm comm);
/* This rank in comm (generated code saves a root's receive buffer on the root alone). */
int ccad_mpi_comm_rank(MPI_Comm comm);
/* Records not yet reversed (0 after each complete reverse-mode call). */
size_t ccad_mpi_pending(void);
/* The seed grad gives its result: a value every rank of the last collective
** returns alike (an MPI_Allreduce result) is one output, its seed split
** into equal shares (1/size each: adjoints of a value held by every rank
** are summed over the ranks); other results are seeded with 1 (the output
** is then the sum of the ranks' results). */
double ccad_mpi_grad_seed(double result);
/* MPI_Comm_free in a forward sweep: the backward sweep still communicates
** on the communicator, so it is freed once every record is reversed
** (*comm becomes MPI_COMM_NULL now, as MPI_Comm_free leaves it). */
int ccad_mpi_comm_free_fwd(MPI_Comm *comm);
/* MPI_Comm_free in forward mode (libccad_mpi forgets the communicator). */
int ccad_mpi_comm_free_jvp(MPI_Comm *comm);
/* A Jacobian driver's sweep count (jacfwd's columns, jacrev's rows) when
** f communicates: every rank runs as many sweeps as the rank with the most
** (its extra sweeps seed nothing), else the ranks' collectives would pair
** wrongly; agreed after each sweep on the communicator of its last call. */
long ccad_mpi_sweeps(long sweep, long count);
/* Bytes of floating data the adjoint and tangent communication moved on this thread since the last call. */
size_t ccad_mpi_bytes_moved(void);

/* {====================================================================== forward mode */
int ccad_mpi_send_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm);
int ccad_mpi_recv_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                      MPI_Status *status);
int ccad_mpi_sendrecv_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, int dest, int stag,
                          void *rbuf, void *rbuf_dot, int rcount, MPI_Datatype rtype, int source, int rtag,
                          MPI_Comm comm, MPI_Status *status);
int ccad_mpi_bcast_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int root, MPI_Comm comm);
int ccad_mpi_reduce_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                        MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm);
int ccad_mpi_allreduce_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                           MPI_Datatype type, MPI_Op op, MPI_Comm comm);
int ccad_mpi_gather_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                        void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm);
int ccad_mpi_scatter_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                         void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm);
int ccad_mpi_allgather_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                           void *rbuf_dot, int rcount, MPI_Datatype rtype, MPI_Comm comm);
int ccad_mpi_isend_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag,
                       MPI_Comm comm, MPI_Request *req);
int ccad_mpi_irecv_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                       MPI_Request *req);
int ccad_mpi_wait_jvp(MPI_Request *req, MPI_Status *status);
int ccad_mpi_waitall_jvp(int n, MPI_Request *reqs, MPI_Status *statuses);
/* }====================================================================== */

/* {====================================================================== reverse mode */
int ccad_mpi_send_fwd(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm);
void ccad_mpi_send_bwd(void *buf_bar);
int ccad_mpi_recv_fwd(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status *status);
void ccad_mpi_recv_bwd(void *buf_bar);
int ccad_mpi_sendrecv_fwd(const void *sbuf, int scount, MPI_Datatype stype, int dest, int stag, void *rbuf, int rcount,
                          MPI_Datatype rtype, int source, int rtag, MPI_Comm comm, MPI_Status *status);
void ccad_mpi_sendrecv_bwd(void *sbuf_bar, void *rbuf_bar);
int ccad_mpi_bcast_fwd(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm);
void ccad_mpi_bcast_bwd(void *buf_bar);
int ccad_mpi_reduce_fwd(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm);
void ccad_mpi_reduce_bwd(void *sbuf_bar, void *rbuf_bar);
int ccad_mpi_allreduce_fwd(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm);
void ccad_mpi_allreduce_bwd(void *sbuf_bar, void *rbuf_bar);
int ccad_mpi_gather_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                        int root, MPI_Comm comm);
void ccad_mpi_gather_bwd(void *sbuf_bar, void *rbuf_bar);
int ccad_mpi_scatter_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                         int root, MPI_Comm comm);
void ccad_mpi_scatter_bwd(void *sbuf_bar, void *rbuf_bar);
int ccad_mpi_allgather_fwd(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount,
                           MPI_Datatype rtype, MPI_Comm comm);
void ccad_mpi_allgather_bwd(void *sbuf_bar, void *rbuf_bar);
/* Non-blocking: the adjoint of a wait posts the adjoint communication
** (an MPI_Irecv for an MPI_Isend, an MPI_Isend of the adjoint for an
** MPI_Irecv: so irecv_fwd takes the adjoint buffer), the adjoint of the
** MPI_Isend/MPI_Irecv completes it. */
int ccad_mpi_isend_fwd(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
                       MPI_Request *req);
void ccad_mpi_isend_bwd(void *buf_bar);
int ccad_mpi_irecv_fwd(void *buf, void *buf_bar, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                       MPI_Request *req);
void ccad_mpi_irecv_bwd(void);
int ccad_mpi_wait_fwd(MPI_Request *req, MPI_Status *status);
void ccad_mpi_wait_bwd(void);
int ccad_mpi_waitall_fwd(int n, MPI_Request *reqs, MPI_Status *statuses);
void ccad_mpi_waitall_bwd(void);
/* }====================================================================== */

/* {====================================================================== forward over reverse
** The tangents of the two sweeps (hvp, hessian, jvp of a grad): _fwd_jvp takes
** the MPI arguments with the tangent of each buffer after it, _bwd_jvp the
** adjoints, each with its tangent after it. Not for MPI_Isend, MPI_Irecv and
** the waits. */
int ccad_mpi_send_fwd_jvp(const void *buf, const void *buf_dot, int count, MPI_Datatype type, int dest, int tag,
                          MPI_Comm comm);
void ccad_mpi_send_bwd_jvp(void *buf_bar, void *buf_bar_dot);
int ccad_mpi_recv_fwd_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                          MPI_Status *status);
void ccad_mpi_recv_bwd_jvp(void *buf_bar, void *buf_bar_dot);
int ccad_mpi_sendrecv_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, int dest,
                              int stag, void *rbuf, void *rbuf_dot, int rcount, MPI_Datatype rtype, int source,
                              int rtag, MPI_Comm comm, MPI_Status *status);
void ccad_mpi_sendrecv_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
int ccad_mpi_bcast_fwd_jvp(void *buf, void *buf_dot, int count, MPI_Datatype type, int root, MPI_Comm comm);
void ccad_mpi_bcast_bwd_jvp(void *buf_bar, void *buf_bar_dot);
int ccad_mpi_reduce_fwd_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                            MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm);
void ccad_mpi_reduce_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
int ccad_mpi_allreduce_fwd_jvp(const void *sbuf, const void *sbuf_dot, void *rbuf, void *rbuf_dot, int count,
                               MPI_Datatype type, MPI_Op op, MPI_Comm comm);
void ccad_mpi_allreduce_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
int ccad_mpi_gather_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                            void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm);
void ccad_mpi_gather_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
int ccad_mpi_scatter_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                             void *rbuf_dot, int rcount, MPI_Datatype rtype, int root, MPI_Comm comm);
void ccad_mpi_scatter_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
int ccad_mpi_allgather_fwd_jvp(const void *sbuf, const void *sbuf_dot, int scount, MPI_Datatype stype, void *rbuf,
                               void *rbuf_dot, int rcount, MPI_Datatype rtype, MPI_Comm comm);
void ccad_mpi_allgather_bwd_jvp(void *sbuf_bar, void *sbuf_bar_dot, void *rbuf_bar, void *rbuf_bar_dot);
/* }====================================================================== */

#ifdef __cplusplus
}
#endif

#endif
