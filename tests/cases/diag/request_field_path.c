// EXPECT-EXIT: 1
// EXPECT-DIAG: req_field_path
// EXPECT-STDERR: FILE:26:27: error: clauses name parameters, not what they point to ('ann->weight'); list 'ann' itself with its element count (ann[1] for one struct)
// EXPECT-STDERR: FILE:27:29: error: clauses name parameters, not what they point to ('ann.weight')
/* genann's weights live behind a field of the network: a user asks for
** the gradient with respect to them as they would name them in C. The
** clause names the parameter; the error says how (was: "expected ',' or
** ')' in the clause" under the arrow). */
typedef struct genann {
    int inputs, outputs, total_weights;
    double *weight;
    double *output;
} genann;

double loss(genann const *ann, double const *inputs)
{
    double s = 0;
    for (int j = 0; j < ann->outputs; j++)
        for (int k = 0; k < ann->inputs; k++)
            s += ann->weight[j * ann->inputs + k] * inputs[k];
    return s * s;
}

double loss_v(genann ann, double const *inputs) { return loss(&ann, inputs); }

#pragma ad grad(loss) wrt(ann->weight[ann->total_weights])
#pragma ad grad(loss_v) wrt(ann.weight[ann.total_weights])
