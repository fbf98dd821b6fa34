// NO-STANDALONE-HEADER: Matrix is an anonymous struct typedef (as in gradbench's hand.h), which a header cannot redeclare after this file defines it (C11), so hand_helpers.ad.h relies on the definition above its #include
/*
** realc/hand_helpers: the hand-tracking objective of gradbench (ADBench's
** "hand", C with light matrices) in the shapes that program writes: a
** Matrix struct of column-major data, helpers that return malloc'd
** matrices (get_new_matrix, get_new_empty_matrix with an old-style empty
** parameter list, get_matrix_array), resize that reallocates only when the
** size changes, copy that frees and reallocates, mat_mult, Rodrigues'
** rotation with its small-angle branch that returns early, Euler angles
** through three temporary matrices, a chain of 4x4 bone transforms over a
** parents[] array, linear blend skinning, the global transform, and the
** residuals err = points - posed vertices, and its "complicated" variant
** whose points lie in mesh triangles at fitted barycentric coordinates us
** (a pointer into us per point, triangle vertices through a struct's int
** array). Our own code and a small
** made-up model: two fingers of four bones on a root and a wrist (10
** bones, 14 pose parameters), 12 vertices, 8 correspondences.
** Differentiated with zero edits: jvp, vjp, jacfwd and jacrev of the
** residuals wrt theta (the complicated ones wrt theta and us: jvp, vjp,
** jacrev), grad and hessian of their half squared norm, and jacfwd and
** jacrev of the two rotation helpers through small wrappers.
** Oracles: the Jacobians of angle_axis_to_rotation_matrix (Rodrigues:
** R = c I + s [k]x + (1 - c) k k^T, k = a / |a|) and of
** euler_angles_to_rotation_matrix (R = Rz Ry Rx) written by hand in closed
** form (ORACLE_RTOL_EXACT; the small-angle branch's derivative is 0, as
** its code is); for the whole objective, central differences and the
** dot-product test between jvp and vjp (oracle_check_*), jacfwd = jacrev
** = the columns of jvp, grad = J^T err, the Hessian against differences
** of the gradient, and the us columns of the
** complicated Jacobian in closed form, -(V0 - V2) and -(V1 - V2) from the
** posed vertices.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    int nrows;
    int ncols;
    double *data; /* column-major: (i, j) at data[i + j * nrows] */
} Matrix;

typedef struct {
    int verts[3];
} Triangle;

/* ------------------------------------------------------ matrix methods */

/* a new nrows x ncols matrix, data uninitialised */
Matrix *get_new_matrix(int nrows, int ncols)
{
    Matrix *mat = (Matrix *)malloc(sizeof(Matrix));
    mat->nrows = nrows;
    mat->ncols = ncols;
    mat->data = (double *)malloc(nrows * ncols * sizeof(double));
    return mat;
}

/* a new 0 x 0 matrix without data */
Matrix *get_new_empty_matrix()
{
    Matrix *mat = (Matrix *)malloc(sizeof(Matrix));
    mat->nrows = 0;
    mat->ncols = 0;
    mat->data = NULL;
    return mat;
}

void delete_matrix(Matrix *mat)
{
    if (mat->data != NULL) {
        free(mat->data);
    }
    free(mat);
}

/* count empty matrices in one array */
Matrix *get_matrix_array(int count)
{
    Matrix *result = (Matrix *)malloc(count * sizeof(Matrix));
    int i;
    for (i = 0; i < count; i++) {
        result[i].data = NULL;
        result[i].nrows = result[i].ncols = 0;
    }
    return result;
}

void delete_light_matrix_array(Matrix *matrices, int count)
{
    int i;
    for (i = 0; i < count; i++) {
        if (matrices[i].data != NULL) {
            free(matrices[i].data);
        }
    }
    free(matrices);
}

/* nrows x ncols; the data is reallocated only when the size changes */
void resize(Matrix *mat, int nrows, int ncols)
{
    if (mat->nrows * mat->ncols != nrows * ncols) {
        if (mat->data != NULL) {
            free(mat->data);
        }
        if (nrows * ncols > 0) {
            mat->data = (double *)malloc(ncols * nrows * sizeof(double));
        } else {
            mat->data = NULL;
        }
    }
    mat->ncols = ncols;
    mat->nrows = nrows;
}

/* out = lhs * rhs (out resized) */
void mat_mult(const Matrix *lhs, const Matrix *rhs, Matrix *out)
{
    int i, j, k;
    resize(out, lhs->nrows, rhs->ncols);
    for (i = 0; i < lhs->nrows; i++) {
        for (k = 0; k < rhs->ncols; k++) {
            out->data[i + k * out->nrows] = lhs->data[i] * rhs->data[k * rhs->nrows];
            for (j = 1; j < lhs->ncols; j++) {
                out->data[i + k * out->nrows] +=
                    lhs->data[i + j * lhs->nrows] * rhs->data[j + k * rhs->nrows];
            }
        }
    }
}

void set_identity(Matrix *mat)
{
    int i_col, i_row;
    for (i_col = 0; i_col < mat->ncols; i_col++) {
        for (i_row = 0; i_row < mat->nrows; i_row++) {
            if (i_col == i_row) {
                mat->data[i_row + i_col * mat->nrows] = 1.0;
            } else {
                mat->data[i_row + i_col * mat->nrows] = 0.0;
            }
        }
    }
}

void fill(Matrix *mat, double val)
{
    int i;
    for (i = 0; i < mat->ncols * mat->nrows; i++) {
        mat->data[i] = val;
    }
}

/* mat's block at (row_off, col_off) = block */
void set_block(Matrix *mat, int row_off, int col_off, const Matrix *block)
{
    int i_col, i_row;
    for (i_col = 0; i_col < block->ncols; i_col++) {
        for (i_row = 0; i_row < block->nrows; i_row++) {
            mat->data[i_row + row_off + (i_col + col_off) * mat->nrows] =
                block->data[i_row + i_col * block->nrows];
        }
    }
}

/* dst = src, dst's data freed and allocated again */
void copy(Matrix *dst, const Matrix *src)
{
    if (dst->data != NULL) {
        free(dst->data);
    }
    dst->ncols = src->ncols;
    dst->nrows = src->nrows;
    dst->data = (double *)malloc(dst->ncols * dst->nrows * sizeof(double));
    int i;
    for (i = 0; i < dst->ncols * dst->nrows; i++) {
        dst->data[i] = src->data[i];
    }
}

double square_sum(int n, double const *x)
{
    int i;
    double res = x[0] * x[0];
    for (i = 1; i < n; i++) {
        res = res + x[i] * x[i];
    }
    return res;
}

/* ---------------------------------------------------------- hand model */

/* Rodrigues' formula; the identity for angles below 1e-4 */
void angle_axis_to_rotation_matrix(double const *angle_axis, Matrix *R)
{
    double norm = sqrt(square_sum(3, angle_axis));
    if (norm < .0001) {
        set_identity(R);
        return;
    }

    double x = angle_axis[0] / norm;
    double y = angle_axis[1] / norm;
    double z = angle_axis[2] / norm;
    double s = sin(norm);
    double c = cos(norm);

    R->data[0 + 0 * R->nrows] = x * x + (1 - x * x) * c;
    R->data[0 + 1 * R->nrows] = x * y * (1 - c) - z * s;
    R->data[0 + 2 * R->nrows] = x * z * (1 - c) + y * s;
    R->data[1 + 0 * R->nrows] = x * y * (1 - c) + z * s;
    R->data[1 + 1 * R->nrows] = y * y + (1 - y * y) * c;
    R->data[1 + 2 * R->nrows] = y * z * (1 - c) - x * s;
    R->data[2 + 0 * R->nrows] = x * z * (1 - c) - y * s;
    R->data[2 + 1 * R->nrows] = z * y * (1 - c) + x * s;
    R->data[2 + 2 * R->nrows] = z * z + (1 - z * z) * c;
}

/* positions = scale * R(rotation) * positions + translation, from the
 * first three columns of pose_params */
void apply_global_transform(const Matrix *pose_params, Matrix *positions)
{
    int i, j;
    Matrix *R = get_new_matrix(3, 3);
    angle_axis_to_rotation_matrix(pose_params->data, R);

    for (i = 0; i < 3; i++) {
        for (j = 0; j < 3; j++) {
            R->data[j + i * R->nrows] *= pose_params->data[i + 1 * pose_params->nrows];
        }
    }

    Matrix *tmp = get_new_empty_matrix();
    mat_mult(R, positions, tmp);
    for (j = 0; j < positions->ncols; j++) {
        for (i = 0; i < positions->nrows; i++) {
            positions->data[i + j * positions->nrows] =
                tmp->data[i + j * tmp->nrows] + pose_params->data[i + 2 * pose_params->nrows];
        }
    }

    delete_matrix(R);
    delete_matrix(tmp);
}

/* each bone's absolute transform: its parent's times its relative one */
void relatives_to_absolutes(int count, const Matrix *relatives, const int *parents,
                            Matrix *absolutes)
{
    int i;
    for (i = 0; i < count; i++) {
        if (parents[i] == -1) {
            copy(&absolutes[i], &relatives[i]);
        } else {
            mat_mult(&absolutes[parents[i]], &relatives[i], &absolutes[i]);
        }
    }
}

/* R = Rz Ry Rx for the angles (x, z, y) in that order */
void euler_angles_to_rotation_matrix(double const *xzy, Matrix *R)
{
    double tx = xzy[0];
    double ty = xzy[2];
    double tz = xzy[1];

    Matrix *Rx = get_new_matrix(3, 3);
    Matrix *Ry = get_new_matrix(3, 3);
    Matrix *Rz = get_new_matrix(3, 3);

    set_identity(Rx);
    Rx->data[1 + 1 * Rx->nrows] = cos(tx);
    Rx->data[2 + 1 * Rx->nrows] = sin(tx);
    Rx->data[1 + 2 * Rx->nrows] = -Rx->data[2 + 1 * Rx->nrows];
    Rx->data[2 + 2 * Rx->nrows] = Rx->data[1 + 1 * Rx->nrows];

    set_identity(Ry);
    Ry->data[0 + 0 * Ry->nrows] = cos(ty);
    Ry->data[0 + 2 * Ry->nrows] = sin(ty);
    Ry->data[2 + 0 * Ry->nrows] = -Ry->data[0 + 2 * Ry->nrows];
    Ry->data[2 + 2 * Ry->nrows] = Ry->data[0 + 0 * Ry->nrows];

    set_identity(Rz);
    Rz->data[0 + 0 * Rz->nrows] = cos(tz);
    Rz->data[1 + 0 * Rz->nrows] = sin(tz);
    Rz->data[0 + 1 * Rz->nrows] = -Rz->data[1 + 0 * Rz->nrows];
    Rz->data[1 + 1 * Rz->nrows] = Rz->data[0 + 0 * Rz->nrows];

    Matrix *tmp = get_new_empty_matrix();
    mat_mult(Rz, Ry, tmp);
    mat_mult(tmp, Rx, R);

    delete_matrix(Rx);
    delete_matrix(Ry);
    delete_matrix(Rz);
    delete_matrix(tmp);
}

/* each bone's relative transform posed by its Euler angles (pose_params
 * column i + 3) */
void get_posed_relatives(int bone_count, const Matrix *base_relatives,
                         const Matrix *pose_params, Matrix *relatives)
{
    int i;
    int offset = 3;
    Matrix *tr = get_new_matrix(4, 4);
    Matrix *R = get_new_matrix(3, 3);

    for (i = 0; i < bone_count; i++) {
        set_identity(tr);
        euler_angles_to_rotation_matrix(pose_params->data + (i + offset) * pose_params->nrows, R);
        set_block(tr, 0, 0, R);
        mat_mult(&base_relatives[i], tr, &relatives[i]);
    }

    delete_matrix(tr);
    delete_matrix(R);
}

/* linear blend skinning of the base mesh by the posed bones */
void get_skinned_vertex_positions(int bone_count, const Matrix *base_relatives,
                                  const int *parents, const Matrix *inverse_base_absolutes,
                                  const Matrix *base_positions, const Matrix *weights,
                                  int is_mirrored, const Matrix *pose_params,
                                  Matrix *positions, int apply_global)
{
    int i;
    Matrix *relatives = get_matrix_array(bone_count);
    Matrix *absolutes = get_matrix_array(bone_count);
    Matrix *transforms = get_matrix_array(bone_count);

    get_posed_relatives(bone_count, base_relatives, pose_params, relatives);
    relatives_to_absolutes(bone_count, relatives, parents, absolutes);
    for (i = 0; i < bone_count; i++) {
        mat_mult(&absolutes[i], &inverse_base_absolutes[i], &transforms[i]);
    }

    resize(positions, 3, base_positions->ncols);
    fill(positions, 0.0);
    Matrix *curr_positions = get_new_matrix(4, base_positions->ncols);

    int i_bone, i_vert;
    for (i_bone = 0; i_bone < bone_count; i_bone++) {
        mat_mult(&transforms[i_bone], base_positions, curr_positions);
        for (i_vert = 0; i_vert < positions->ncols; i_vert++) {
            for (i = 0; i < 3; i++) {
                positions->data[i + i_vert * positions->nrows] +=
                    curr_positions->data[i + i_vert * curr_positions->nrows] *
                    weights->data[i_bone + i_vert * weights->nrows];
            }
        }
    }

    if (is_mirrored) {
        for (i = 0; i < positions->ncols; i++) {
            positions->data[0 + i * positions->nrows] *= -1;
        }
    }

    if (apply_global) {
        apply_global_transform(pose_params, positions);
    }

    delete_matrix(curr_positions);
    delete_light_matrix_array(relatives, bone_count);
    delete_light_matrix_array(absolutes, bone_count);
    delete_light_matrix_array(transforms, bone_count);
}

/* theta -> 3 x (count + 3) pose parameters: global rotation, scale 1,
 * translation, then the wrist and per finger 4 bones: the first with two
 * angles, the next two with one, the tip with none */
void to_pose_params(int count, double const *theta, const char **bone_names,
                    Matrix *pose_params)
{
    int i;
    (void)bone_names;

    resize(pose_params, 3, count + 3);
    fill(pose_params, 0.0);

    for (i = 0; i < pose_params->nrows; i++) {
        pose_params->data[i] = theta[i];
        pose_params->data[i + 1 * pose_params->nrows] = 1.0;
        pose_params->data[i + 2 * pose_params->nrows] = theta[i + 3];
    }

    int i_theta = 6;
    int i_pose_params = 5;
    int n_fingers = 2;
    int i_finger;
    for (i_finger = 0; i_finger < n_fingers; i_finger++) {
        for (i = 2; i <= 4; i++) {
            pose_params->data[0 + i_pose_params * pose_params->nrows] = theta[i_theta];
            i_theta++;
            if (i == 2) {
                pose_params->data[1 + i_pose_params * pose_params->nrows] = theta[i_theta];
                i_theta++;
            }
            i_pose_params++;
        }
        i_pose_params++;
    }
}

/* err[3 * i + j] = points(j, i) - posed vertex correspondences[i], coord j */
void hand_objective(double const *theta, int bone_count, const char **bone_names,
                    const int *parents, Matrix *base_relatives,
                    Matrix *inverse_base_absolutes, Matrix *base_positions,
                    Matrix *weights, const Triangle *triangles, int is_mirrored,
                    int corresp_count, const int *correspondences, Matrix *points,
                    double *err)
{
    (void)triangles;
    Matrix *pose_params = get_new_empty_matrix();
    to_pose_params(bone_count, theta, bone_names, pose_params);

    Matrix *vertex_positions = get_new_empty_matrix();
    get_skinned_vertex_positions(bone_count, base_relatives, parents, inverse_base_absolutes,
                                 base_positions, weights, is_mirrored, pose_params,
                                 vertex_positions, 1);

    int i, j;
    for (i = 0; i < corresp_count; i++) {
        for (j = 0; j < 3; j++) {
            err[i * 3 + j] = points->data[j + i * points->nrows] -
                             vertex_positions->data[j + correspondences[i] * vertex_positions->nrows];
        }
    }

    delete_matrix(pose_params);
    delete_matrix(vertex_positions);
}

/* the "complicated" variant: each correspondence is a point of a triangle
 * of the mesh, at barycentric coordinates us[2 i], us[2 i + 1] that are
 * fitted too */
void hand_objective_complicated(double const *theta, double const *us, int bone_count,
                                const char **bone_names, const int *parents,
                                Matrix *base_relatives, Matrix *inverse_base_absolutes,
                                Matrix *base_positions, Matrix *weights,
                                const Triangle *triangles, int is_mirrored, int corresp_count,
                                const int *correspondences, Matrix *points, double *err)
{
    Matrix *pose_params = get_new_empty_matrix();
    to_pose_params(bone_count, theta, bone_names, pose_params);

    Matrix *vertex_positions = get_new_empty_matrix();
    get_skinned_vertex_positions(bone_count, base_relatives, parents, inverse_base_absolutes,
                                 base_positions, weights, is_mirrored, pose_params,
                                 vertex_positions, 1);

    int i, j;
    for (i = 0; i < corresp_count; i++) {
        const int *verts = triangles[correspondences[i]].verts;
        double const *u = &us[2 * i];
        for (j = 0; j < 3; j++) {
            double hand_point_coord =
                u[0] * vertex_positions->data[j + verts[0] * vertex_positions->nrows] +
                u[1] * vertex_positions->data[j + verts[1] * vertex_positions->nrows] +
                (1.0 - u[0] - u[1]) * vertex_positions->data[j + verts[2] * vertex_positions->nrows];
            err[i * 3 + j] = points->data[j + i * points->nrows] - hand_point_coord;
        }
    }

    delete_matrix(pose_params);
    delete_matrix(vertex_positions);
}

/* ------------------------------------------------------------ wrappers */

/* half the squared norm of the residuals, the least-squares objective */
double hand_loss(double const *theta, int bone_count, const char **bone_names,
                 const int *parents, Matrix *base_relatives, Matrix *inverse_base_absolutes,
                 Matrix *base_positions, Matrix *weights, const Triangle *triangles,
                 int is_mirrored, int corresp_count, const int *correspondences,
                 Matrix *points)
{
    double *err = (double *)malloc(3 * corresp_count * sizeof(double));
    hand_objective(theta, bone_count, bone_names, parents, base_relatives,
                   inverse_base_absolutes, base_positions, weights, triangles, is_mirrored,
                   corresp_count, correspondences, points, err);
    double loss = .5 * square_sum(3 * corresp_count, err);
    free(err);
    return loss;
}

/* the rotation helpers with flat outputs: r[row + 3 * col] */
void rodrigues(double const *angle_axis, double *r)
{
    Matrix *R = get_new_matrix(3, 3);
    angle_axis_to_rotation_matrix(angle_axis, R);
    for (int k = 0; k < 9; k++)
        r[k] = R->data[k];
    delete_matrix(R);
}

void euler(double const *xzy, double *r)
{
    Matrix *R = get_new_empty_matrix();
    euler_angles_to_rotation_matrix(xzy, R);
    for (int k = 0; k < 9; k++)
        r[k] = R->data[k];
    delete_matrix(R);
}

#pragma ad jvp(hand_objective) wrt(theta[14]) out(err[3 * corresp_count])
#pragma ad vjp(hand_objective) wrt(theta[14]) out(err[3 * corresp_count])
#pragma ad jacfwd(hand_objective) wrt(theta[14]) out(err[3 * corresp_count])
#pragma ad jacrev(hand_objective) wrt(theta[14]) out(err[3 * corresp_count])
#pragma ad grad(hand_loss) wrt(theta[14])
#pragma ad hessian(hand_loss) wrt(theta[14])
#pragma ad jvp(hand_objective_complicated) wrt(theta[14], us[2 * corresp_count]) out(err[3 * corresp_count])
#pragma ad vjp(hand_objective_complicated) wrt(theta[14], us[2 * corresp_count]) out(err[3 * corresp_count])
#pragma ad jacrev(hand_objective_complicated) wrt(theta[14], us[2 * corresp_count]) out(err[3 * corresp_count])
#pragma ad jacfwd(rodrigues) wrt(angle_axis[3]) out(r[9])
#pragma ad jacrev(rodrigues) wrt(angle_axis[3]) out(r[9])
#pragma ad jacfwd(euler) wrt(xzy[3]) out(r[9])
#pragma ad jacrev(euler) wrt(xzy[3]) out(r[9])

#include "hand_helpers.ad.h"

/* --------------------------------------------------------------- checks */

enum { BONES = 10, VERTS = 12, CORRESP = 8, NTHETA = 14, NERR = 3 * CORRESP };

/* the made-up model and the data of one fit */
typedef struct Model {
    int parents[BONES];
    Matrix *base_relatives, *inverse_base_absolutes, *base_positions, *weights, *points;
    Triangle triangles[4];
    int correspondences[CORRESP];
    int tri_corresp[CORRESP]; /* the complicated objective: triangle of each point */
    const char *bone_names[BONES];
    int is_mirrored;
} Model;

static void model_init(Model *md, OracleRng *rng)
{
    static const int parents[BONES] = {-1, 0, 1, 2, 3, 4, 1, 6, 7, 8};
    static const int corresp[CORRESP] = {0, 2, 3, 5, 7, 8, 10, 11};
    static const char *names[BONES] = {"root", "wrist", "index1", "index2", "index3",
                                       "index4", "thumb1", "thumb2", "thumb3", "thumb4"};
    memcpy(md->parents, parents, sizeof parents);
    memcpy(md->correspondences, corresp, sizeof corresp);
    for (int i = 0; i < CORRESP; i++)
        md->tri_corresp[i] = (3 * i + 1) % 4;
    for (int i = 0; i < BONES; i++)
        md->bone_names[i] = names[i];
    for (int t = 0; t < 4; t++)
        for (int k = 0; k < 3; k++)
            md->triangles[t].verts[k] = (3 * t + k) % VERTS;
    md->is_mirrored = 0;

    /* bones: a small rotation and a step along the finger */
    md->base_relatives = get_matrix_array(BONES);
    md->inverse_base_absolutes = get_matrix_array(BONES);
    Matrix *R = get_new_matrix(3, 3);
    for (int i = 0; i < BONES; i++) {
        Matrix *m = &md->base_relatives[i];
        double ang[3];
        oracle_fill_uniform(rng, ang, 3, -0.3, 0.3);
        euler_angles_to_rotation_matrix(ang, R);
        resize(m, 4, 4);
        set_identity(m);
        set_block(m, 0, 0, R);
        m->data[0 + 3 * 4] = i == 2 ? 0.2 : i == 6 ? -0.2 : 0.0;
        m->data[1 + 3 * 4] = i == 0 ? 0.0 : i == 1 ? 0.5 : 0.3;
        m->data[2 + 3 * 4] = 0.05 * i;
    }
    delete_matrix(R);
    /* inverse_base_absolutes: the rigid inverses (R^T, -R^T t) of the
     * base pose's absolute transforms */
    Matrix *abs = get_matrix_array(BONES);
    relatives_to_absolutes(BONES, md->base_relatives, md->parents, abs);
    for (int b = 0; b < BONES; b++) {
        Matrix *inv = &md->inverse_base_absolutes[b];
        resize(inv, 4, 4);
        set_identity(inv);
        for (int i = 0; i < 3; i++) {
            inv->data[i + 3 * 4] = 0.0;
            for (int j = 0; j < 3; j++) {
                inv->data[i + j * 4] = abs[b].data[j + i * 4];
                inv->data[i + 3 * 4] -= abs[b].data[j + i * 4] * abs[b].data[j + 3 * 4];
            }
        }
    }
    delete_light_matrix_array(abs, BONES);

    /* vertices (homogeneous), each skinned to three bones */
    md->base_positions = get_new_matrix(4, VERTS);
    md->weights = get_new_matrix(BONES, VERTS);
    fill(md->weights, 0.0);
    for (int v = 0; v < VERTS; v++) {
        oracle_fill_uniform(rng, &md->base_positions->data[4 * v], 3, -1.0, 1.0);
        md->base_positions->data[3 + 4 * v] = 1.0;
        double w[3], sum = 0.0;
        oracle_fill_uniform(rng, w, 3, 0.1, 1.0);
        sum = w[0] + w[1] + w[2];
        for (int k = 0; k < 3; k++)
            md->weights->data[(v + 3 * k) % BONES + v * BONES] += w[k] / sum;
    }
    md->points = get_new_matrix(3, CORRESP);
    oracle_fill_uniform(rng, md->points->data, 3 * CORRESP, -1.0, 1.0);
}

static void model_free(Model *md)
{
    delete_light_matrix_array(md->base_relatives, BONES);
    delete_light_matrix_array(md->inverse_base_absolutes, BONES);
    delete_matrix(md->base_positions);
    delete_matrix(md->weights);
    delete_matrix(md->points);
}

/* flat forms for the oracle's drivers: x = theta, y = err */
static void obj_flat(void *ctx, const double *x, double *y)
{
    Model *md = ctx;
    hand_objective(x, BONES, md->bone_names, md->parents, md->base_relatives,
                   md->inverse_base_absolutes, md->base_positions, md->weights,
                   md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                   md->points, y);
}

static void obj_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Model *md = ctx;
    hand_objective_jvp(x, v, BONES, md->bone_names, md->parents, md->base_relatives,
                       md->inverse_base_absolutes, md->base_positions, md->weights,
                       md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                       md->points, y, ydot);
}

static void obj_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Model *md = ctx;
    hand_objective_vjp(x, xbar, BONES, md->bone_names, md->parents, md->base_relatives,
                       md->inverse_base_absolutes, md->base_positions, md->weights,
                       md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                       md->points, y, w);
}

static void loss_flat(void *ctx, const double *x, double *y)
{
    Model *md = ctx;
    y[0] = hand_loss(x, BONES, md->bone_names, md->parents, md->base_relatives,
                     md->inverse_base_absolutes, md->base_positions, md->weights,
                     md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                     md->points);
}

static double loss_grad_flat(void *ctx, const double *x, double *g)
{
    Model *md = ctx;
    return hand_loss_grad(x, g, BONES, md->bone_names, md->parents, md->base_relatives,
                          md->inverse_base_absolutes, md->base_positions, md->weights,
                          md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                          md->points);
}

/* the whole objective at theta: FD, dot test, Jacobians, gradient */
static void check_objective(Model *md, const double *theta, OracleRng *rng, const char *where)
{
    char name[64], label[128];
    snprintf(name, sizeof name, "hand_objective %s", where);
    OracleProblem p = {name, NTHETA, NERR, obj_flat, obj_jvp_flat, obj_vjp_flat,
                       ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, md, theta, rng, 3, NTHETA);
    oracle_check_vjp(&p, md, theta, rng, 3, NTHETA);

    double err0[NERR], err[NERR], jf[NERR * NTHETA], jr[NERR * NTHETA], col[NERR];
    double jv[NERR * NTHETA], e[NTHETA];
    obj_flat(md, theta, err0);
    for (int j = 0; j < NTHETA; j++) {
        for (int k = 0; k < NTHETA; k++)
            e[k] = k == j;
        obj_jvp_flat(md, theta, e, err, col);
        for (int i = 0; i < NERR; i++)
            jv[i * NTHETA + j] = col[i];
    }
    hand_objective_jacfwd(theta, BONES, md->bone_names, md->parents, md->base_relatives,
                          md->inverse_base_absolutes, md->base_positions, md->weights,
                          md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                          md->points, err, jf);
    snprintf(label, sizeof label, "%s: jacfwd err", name);
    CHECK_VEC_CLOSE(label, err, err0, NERR, 1e-13, 1e-13);
    hand_objective_jacrev(theta, BONES, md->bone_names, md->parents, md->base_relatives,
                          md->inverse_base_absolutes, md->base_positions, md->weights,
                          md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                          md->points, err, jr);
    snprintf(label, sizeof label, "%s: jacrev err", name);
    CHECK_VEC_CLOSE(label, err, err0, NERR, 1e-13, 1e-13);
    double jscale = oracle_norm_inf(jv, NERR * NTHETA);
    snprintf(label, sizeof label, "%s: jacfwd = jvp columns", name);
    CHECK_VEC_CLOSE(label, jf, jv, NERR * NTHETA, ORACLE_RTOL_EXACT, 1e-14 * jscale);
    snprintf(label, sizeof label, "%s: jacrev = jvp columns", name);
    CHECK_VEC_CLOSE(label, jr, jv, NERR * NTHETA, ORACLE_RTOL_EXACT, 1e-14 * jscale);

    /* grad of 1/2 |err|^2 = J^T err */
    double jte[NTHETA], g[NTHETA];
    for (int j = 0; j < NTHETA; j++) {
        jte[j] = 0.0;
        for (int i = 0; i < NERR; i++)
            jte[j] += jv[i * NTHETA + j] * err0[i];
    }
    loss_grad_flat(md, theta, g);
    snprintf(label, sizeof label, "%s: grad loss = J^T err", name);
    CHECK_VEC_CLOSE(label, g, jte, NTHETA, ORACLE_RTOL_EXACT,
                    1e-14 * jscale * oracle_norm_inf(err0, NERR) * NERR);
    snprintf(name, sizeof name, "hand_loss %s", where);
    OracleProblem pl = {name, NTHETA, 1, loss_flat, NULL, NULL, ccad_tape_empty, 0, 0};
    oracle_check_grad(&pl, md, theta, loss_grad_flat, NTHETA);
}


/* the complicated objective: x = theta, then us */
enum { NUS = 2 * CORRESP, NX = NTHETA + NUS };

static void cx_flat(void *ctx, const double *x, double *y)
{
    Model *md = ctx;
    hand_objective_complicated(x, x + NTHETA, BONES, md->bone_names, md->parents,
                               md->base_relatives, md->inverse_base_absolutes,
                               md->base_positions, md->weights, md->triangles, md->is_mirrored,
                               CORRESP, md->tri_corresp, md->points, y);
}

static void cx_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    Model *md = ctx;
    hand_objective_complicated_jvp(x, v, x + NTHETA, v + NTHETA, BONES, md->bone_names,
                                   md->parents, md->base_relatives, md->inverse_base_absolutes,
                                   md->base_positions, md->weights, md->triangles,
                                   md->is_mirrored, CORRESP, md->tri_corresp, md->points, y, ydot);
}

static void cx_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    Model *md = ctx;
    hand_objective_complicated_vjp(x, xbar, x + NTHETA, xbar + NTHETA, BONES, md->bone_names,
                                   md->parents, md->base_relatives, md->inverse_base_absolutes,
                                   md->base_positions, md->weights, md->triangles,
                                   md->is_mirrored, CORRESP, md->tri_corresp, md->points, y, w);
}

/* FD and dot test; jacrev = the jvp columns; the us columns in closed form:
 * d err(i, j) / d us[2i] = -(V0 - V2)_j, / d us[2i+1] = -(V1 - V2)_j for the
 * posed vertices V of triangle i */
static void check_complicated(Model *md, const double *x, OracleRng *rng)
{
    OracleProblem p = {"hand_objective_complicated", NX, NERR, cx_flat, cx_jvp_flat,
                       cx_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, md, x, rng, 3, NX);
    oracle_check_vjp(&p, md, x, rng, 3, NX);

    double err0[NERR], err[NERR], col[NERR], e[NX], jv[NERR * NX], jr[NERR * NX];
    cx_flat(md, x, err0);
    for (int j = 0; j < NX; j++) {
        for (int k = 0; k < NX; k++)
            e[k] = k == j;
        cx_jvp_flat(md, x, e, err, col);
        for (int i = 0; i < NERR; i++)
            jv[i * NX + j] = col[i];
    }
    hand_objective_complicated_jacrev(x, x + NTHETA, BONES, md->bone_names, md->parents,
                                      md->base_relatives, md->inverse_base_absolutes,
                                      md->base_positions, md->weights, md->triangles,
                                      md->is_mirrored, CORRESP, md->tri_corresp, md->points,
                                      err, jr);
    CHECK_VEC_CLOSE("hand_objective_complicated: jacrev err", err, err0, NERR, 1e-13, 1e-13);
    CHECK_VEC_CLOSE("hand_objective_complicated: jacrev = jvp columns", jr, jv, NERR * NX,
                    ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(jv, NERR * NX));

    Matrix *pose_params = get_new_empty_matrix(), *V = get_new_empty_matrix();
    to_pose_params(BONES, x, md->bone_names, pose_params);
    get_skinned_vertex_positions(BONES, md->base_relatives, md->parents,
                                 md->inverse_base_absolutes, md->base_positions, md->weights,
                                 md->is_mirrored, pose_params, V, 1);
    double want[NERR * NUS], got[NERR * NUS];
    memset(want, 0, sizeof want);
    for (int i = 0; i < CORRESP; i++) {
        const int *t = md->triangles[md->tri_corresp[i]].verts;
        for (int j = 0; j < 3; j++) {
            double v2 = V->data[j + 3 * t[2]];
            want[(3 * i + j) * NUS + 2 * i] = -(V->data[j + 3 * t[0]] - v2);
            want[(3 * i + j) * NUS + 2 * i + 1] = -(V->data[j + 3 * t[1]] - v2);
        }
    }
    for (int r = 0; r < NERR; r++)
        for (int c = 0; c < NUS; c++)
            got[r * NUS + c] = jr[r * NX + NTHETA + c];
    CHECK_VEC_CLOSE("hand_objective_complicated: jacrev us columns = -(V0 - V2), -(V1 - V2)",
                    got, want, NERR * NUS, ORACLE_RTOL_EXACT, 1e-15);
    delete_matrix(pose_params);
    delete_matrix(V);
}
/* the Hessian of the loss: its columns against central differences of
 * the gradient, and symmetric */
static void check_hessian(Model *md, const double *theta)
{
    double H[NTHETA * NTHETA], gp[NTHETA], gm[NTHETA], xp[NTHETA], fd[NTHETA], col[NTHETA], g[NTHETA];
    char label[96];
    double y = hand_loss_hessian(theta, BONES, md->bone_names, md->parents, md->base_relatives,
                                 md->inverse_base_absolutes, md->base_positions, md->weights,
                                 md->triangles, md->is_mirrored, CORRESP, md->correspondences,
                                 md->points, H);
    CHECK_CLOSE("hand_loss hessian primal", y, loss_grad_flat(md, theta, g), 1e-13, 0.0);
    double gscale = oracle_norm_inf(g, NTHETA);
    for (int j = 0; j < NTHETA; j++) {
        double h = oracle_fd_step(theta[j], DBL_EPSILON);
        memcpy(xp, theta, sizeof xp);
        xp[j] = theta[j] + h;
        loss_grad_flat(md, xp, gp);
        xp[j] = theta[j] - h;
        loss_grad_flat(md, xp, gm);
        for (int i = 0; i < NTHETA; i++) {
            fd[i] = (gp[i] - gm[i]) / (2 * h);
            col[i] = H[i * NTHETA + j];
        }
        snprintf(label, sizeof label, "hand_loss hessian column %d vs FD of grad", j);
        CHECK_VEC_CLOSE(label, col, fd, NTHETA, ORACLE_RTOL_FD, oracle_fd_atol(gscale));
    }
    double asym = 0.0, hmax = oracle_norm_inf(H, NTHETA * NTHETA);
    for (int i = 0; i < NTHETA; i++)
        for (int j = 0; j < i; j++)
            asym = fmax(asym, fabs(H[i * NTHETA + j] - H[j * NTHETA + i]));
    CHECK_CLOSE("hand_loss hessian symmetric (largest |H_ij - H_ji|)", asym, 0.0, 0.0, 1e-13 * hmax);
}

/* 3x3 row-major helpers for the closed forms */
static void mm3(const double *a, const double *b, double *c)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
}

/* d/da_j of Rodrigues' R = c I + s [k]x + (1 - c) k k^T, k = a / |a|:
 * jac[(r + 3 c) * 3 + j] (the column-major r of rodrigues), by hand:
 * dtheta/da_j = k_j, dk_i/da_j = (delta_ij - k_i k_j) / theta, so
 * dR = -s k_j I + (c k_j [k]x + s [dk]x) + s k_j k k^T + (1 - c)(dk k^T + k dk^T) */
static void rodrigues_jac_hand(const double *a, double *jac)
{
    double th = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    double k[3] = {a[0] / th, a[1] / th, a[2] / th}, s = sin(th), c = cos(th);
    for (int j = 0; j < 3; j++) {
        double dk[3];
        for (int i = 0; i < 3; i++)
            dk[i] = ((i == j) - k[i] * k[j]) / th;
        double X[9] = {0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0};
        double dX[9] = {0, -dk[2], dk[1], dk[2], 0, -dk[0], -dk[1], dk[0], 0};
        for (int r = 0; r < 3; r++)
            for (int q = 0; q < 3; q++) {
                double d = -s * k[j] * (r == q) + c * k[j] * X[3 * r + q] + s * dX[3 * r + q] +
                           s * k[j] * k[r] * k[q] + (1 - c) * (dk[r] * k[q] + k[r] * dk[q]);
                jac[(r + 3 * q) * 3 + j] = d;
            }
    }
}

/* d/dxzy of R = Rz(xzy[1]) Ry(xzy[2]) Rx(xzy[0]): each factor's derivative
 * in its place */
static void euler_jac_hand(const double *xzy, double *jac)
{
    double tx = xzy[0], tz = xzy[1], ty = xzy[2];
    double cx = cos(tx), sx = sin(tx), cy = cos(ty), sy = sin(ty), cz = cos(tz), sz = sin(tz);
    double Rx[9] = {1, 0, 0, 0, cx, -sx, 0, sx, cx}, dRx[9] = {0, 0, 0, 0, -sx, -cx, 0, cx, -sx};
    double Ry[9] = {cy, 0, sy, 0, 1, 0, -sy, 0, cy}, dRy[9] = {-sy, 0, cy, 0, 0, 0, -cy, 0, -sy};
    double Rz[9] = {cz, -sz, 0, sz, cz, 0, 0, 0, 1}, dRz[9] = {-sz, -cz, 0, cz, -sz, 0, 0, 0, 0};
    double t[9], d[3][9];
    mm3(Rz, Ry, t);
    mm3(t, dRx, d[0]); /* xzy[0] = tx */
    mm3(dRz, Ry, t);
    mm3(t, Rx, d[1]);  /* xzy[1] = tz */
    mm3(Rz, dRy, t);
    mm3(t, Rx, d[2]);  /* xzy[2] = ty */
    for (int j = 0; j < 3; j++)
        for (int r = 0; r < 3; r++)
            for (int q = 0; q < 3; q++)
                jac[(r + 3 * q) * 3 + j] = d[j][3 * r + q];
}

static void check_rotations(OracleRng *rng)
{
    double a[3], r[9], r0[9], jf[27], jr[27], want[27];
    char label[96];
    for (int t = 0; t < 3; t++) {
        oracle_fill_uniform(rng, a, 3, -2.0, 2.0);
        rodrigues(a, r0);
        rodrigues_jac_hand(a, want);
        rodrigues_jacfwd(a, r, jf);
        snprintf(label, sizeof label, "rodrigues %d: jacfwd r", t);
        CHECK_VEC_CLOSE(label, r, r0, 9, 0.0, 0.0);
        rodrigues_jacrev(a, r, jr);
        snprintf(label, sizeof label, "rodrigues %d: jacrev r", t);
        CHECK_VEC_CLOSE(label, r, r0, 9, 0.0, 0.0);
        snprintf(label, sizeof label, "rodrigues %d: jacfwd = closed form", t);
        CHECK_VEC_CLOSE(label, jf, want, 27, ORACLE_RTOL_EXACT, 1e-14);
        snprintf(label, sizeof label, "rodrigues %d: jacrev = closed form", t);
        CHECK_VEC_CLOSE(label, jr, want, 27, ORACLE_RTOL_EXACT, 1e-14);

        oracle_fill_uniform(rng, a, 3, -3.0, 3.0);
        euler(a, r0);
        euler_jac_hand(a, want);
        euler_jacfwd(a, r, jf);
        snprintf(label, sizeof label, "euler %d: jacfwd r", t);
        CHECK_VEC_CLOSE(label, r, r0, 9, 0.0, 0.0);
        euler_jacrev(a, r, jr);
        snprintf(label, sizeof label, "euler %d: jacrev r", t);
        CHECK_VEC_CLOSE(label, r, r0, 9, 0.0, 0.0);
        snprintf(label, sizeof label, "euler %d: jacfwd = closed form", t);
        CHECK_VEC_CLOSE(label, jf, want, 27, ORACLE_RTOL_EXACT, 1e-14);
        snprintf(label, sizeof label, "euler %d: jacrev = closed form", t);
        CHECK_VEC_CLOSE(label, jr, want, 27, ORACLE_RTOL_EXACT, 1e-14);
    }
    /* below 1e-4 the code returns the identity: its derivative is 0 */
    double small[3] = {3e-5, -2e-5, 4e-5}, zero[27] = {0};
    rodrigues_jacfwd(small, r, jf);
    CHECK_VEC_CLOSE("rodrigues small angle: jacfwd = 0", jf, zero, 27, 0.0, 0.0);
    rodrigues_jacrev(small, r, jr);
    CHECK_VEC_CLOSE("rodrigues small angle: jacrev = 0", jr, zero, 27, 0.0, 0.0);
    CHECK_TRUE("rodrigues small angle: identity", r[0] == 1 && r[4] == 1 && r[8] == 1 && r[1] == 0);
}

int main(void)
{
    OracleRng rng = oracle_rng(1414);
    Model md;
    double theta[NTHETA];

    check_rotations(&rng);
    model_init(&md, &rng);
    oracle_fill_uniform(&rng, theta, NTHETA, -0.5, 0.5);
    check_objective(&md, theta, &rng, "theta");
    md.is_mirrored = 1;
    oracle_fill_uniform(&rng, theta, NTHETA, -0.5, 0.5);
    check_objective(&md, theta, &rng, "mirrored");
    /* a global rotation below 1e-4: Rodrigues' identity branch */
    md.is_mirrored = 0;
    theta[0] = 2e-5;
    theta[1] = -3e-5;
    theta[2] = 1e-5;
    check_objective(&md, theta, &rng, "small rotation");
    oracle_fill_uniform(&rng, theta, NTHETA, -0.5, 0.5);
    check_hessian(&md, theta);
    double xc[NX];
    oracle_fill_uniform(&rng, xc, NTHETA, -0.5, 0.5);
    oracle_fill_uniform(&rng, xc + NTHETA, NUS, 0.0, 0.5);
    check_complicated(&md, xc, &rng);
    model_free(&md);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
