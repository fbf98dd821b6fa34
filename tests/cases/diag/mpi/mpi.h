/* A stand-in for Open MPI's mpi.h with the declarations the diag cases use,
 * written as Open MPI writes them, so that the cases run where MPI is not
 * installed: cc-ad recognises MPI calls by a declaration in a file named
 * mpi.h. */
#ifndef DIAG_MPI_H
#define DIAG_MPI_H
typedef struct ompi_communicator_t *MPI_Comm;
typedef struct ompi_datatype_t *MPI_Datatype;
typedef struct ompi_op_t *MPI_Op;
typedef struct ompi_request_t *MPI_Request;
typedef struct ompi_win_t *MPI_Win;
typedef struct ompi_status_public_t { int MPI_SOURCE, MPI_TAG, MPI_ERROR, _cancelled; long _ucount; } MPI_Status;
typedef long MPI_Aint;
extern struct ompi_predefined_communicator_t ompi_mpi_comm_world;
extern struct ompi_predefined_datatype_t ompi_mpi_double;
extern struct ompi_predefined_datatype_t ompi_mpi_byte;
extern struct ompi_predefined_op_t ompi_mpi_op_sum;
extern struct ompi_predefined_op_t ompi_mpi_op_prod;
#define MPI_COMM_WORLD ((MPI_Comm)((void *)&(ompi_mpi_comm_world)))
#define MPI_DOUBLE ((MPI_Datatype)((void *)&(ompi_mpi_double)))
#define MPI_BYTE ((MPI_Datatype)((void *)&(ompi_mpi_byte)))
#define MPI_SUM ((MPI_Op)((void *)&(ompi_mpi_op_sum)))
#define MPI_PROD ((MPI_Op)((void *)&(ompi_mpi_op_prod)))
#define MPI_STATUS_IGNORE ((MPI_Status *)0)
int MPI_Put(const void *origin, int ocount, MPI_Datatype otype, int target, MPI_Aint disp, int tcount,
            MPI_Datatype ttype, MPI_Win win);
int MPI_Alltoall(const void *sbuf, int scount, MPI_Datatype stype, void *rbuf, int rcount, MPI_Datatype rtype,
                 MPI_Comm comm);
int MPI_Allreduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm);
int MPI_Reduce(const void *sbuf, void *rbuf, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm);
int MPI_Sendrecv(const void *sbuf, int scount, MPI_Datatype stype, int dest, int stag, void *rbuf, int rcount,
                 MPI_Datatype rtype, int source, int rtag, MPI_Comm comm, MPI_Status *status);
int MPI_Irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Request *req);
int MPI_Wait(MPI_Request *req, MPI_Status *status);
int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *req);
int MPI_Testall(int count, MPI_Request reqs[], int *flag, MPI_Status statuses[]);
#endif
