/* The raw view's sort (combine_raw.py): the rows of many pieces put in (dir, tag) pair order, stably, in one
 * counting pass and one scatter, straight from each piece's own arrays.
 *
 * Why C: numpy needs the pieces' columns concatenated (three copies), each row's pair rank looked up, a stable
 * argsort of the ranks and three gathers by it -- about ten passes over a big tree's 3.6M rows; a counting sort
 * reads each row once and writes it once where it goes. It must give exactly what combine_raw's numpy path gives
 * (tests/test_combine_raw.py compares the two on generated and real pieces).
 *
 * series_sort(codes, steps, values, walls, table, offsets, n_pairs)
 *     -> (counts: bytearray, steps: bytearray, values: bytearray, walls: bytearray, back: bytearray) | None
 *   codes/steps: lists of int64 buffers, values/walls: lists of float64 buffers, one of each per piece, of one
 *   length per piece; table: int64 buffer, the pair rank of each piece's own tag code k at table[offsets[p] + k]
 *   (offsets: int64 per piece; offsets[p + 1] - offsets[p], or len(table) - offsets[p] for the last, is the piece's
 *   count of tags), every rank in [0, n_pairs). A row whose code is -1 holds no point and is left out.
 *   counts: int64 per pair rank, its rows; steps/values/walls: the rows kept, ordered by pair rank, each pair's rows
 *   in the pieces' order then the rows' order (a stable sort); back: int64, the pair ranks whose steps go back
 *   somewhere in that order (the caller sorts their rows again, stably by step, as combine_order.sorted_order).
 *   None when numpy's path must decide: a code below -1 or past its piece's tags.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer codes, steps, values, walls;
    int got;
} Piece;

static void release(Piece *pieces, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (pieces[i].got >= 1) PyBuffer_Release(&pieces[i].codes);
        if (pieces[i].got >= 2) PyBuffer_Release(&pieces[i].steps);
        if (pieces[i].got >= 3) PyBuffer_Release(&pieces[i].values);
        if (pieces[i].got >= 4) PyBuffer_Release(&pieces[i].walls);
    }
}

static int get(PyObject *list, Py_ssize_t i, Py_buffer *view, Py_ssize_t itemsize) {
    if (PyObject_GetBuffer(PyList_GET_ITEM(list, i), view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len % itemsize != 0) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "a column's size is no whole number of items");
        return -1;
    }
    return 0;
}

static PyObject *series_sort(PyObject *self, PyObject *args) {
    PyObject *codes_l, *steps_l, *values_l, *walls_l, *result = NULL, *none_reason = NULL;
    Py_buffer table, offsets;
    Py_ssize_t n_pairs;
    if (!PyArg_ParseTuple(args, "O!O!O!O!y*y*n", &PyList_Type, &codes_l, &PyList_Type, &steps_l, &PyList_Type,
                          &values_l, &PyList_Type, &walls_l, &table, &offsets, &n_pairs))
        return NULL;
    Py_ssize_t np_ = PyList_GET_SIZE(codes_l);
    Piece *pieces = NULL;
    int64_t *counts = NULL, *cursor = NULL;
    PyObject *counts_b = NULL, *steps_b = NULL, *values_b = NULL, *walls_b = NULL, *back_b = NULL;
    const int64_t *tab = (const int64_t *)table.buf, *off = (const int64_t *)offsets.buf;
    Py_ssize_t ntab = table.len / 8;
    if (PyList_GET_SIZE(steps_l) != np_ || PyList_GET_SIZE(values_l) != np_ || PyList_GET_SIZE(walls_l) != np_ ||
        offsets.len / 8 != np_ || n_pairs < 0) {
        PyErr_SetString(PyExc_ValueError, "one codes, steps, values, walls and offset per piece");
        goto fail;
    }
    pieces = PyMem_Calloc(np_ ? np_ : 1, sizeof(Piece));
    counts = PyMem_Calloc(n_pairs + 1, sizeof(int64_t));
    cursor = PyMem_Calloc(n_pairs + 1, sizeof(int64_t));
    if (pieces == NULL || counts == NULL || cursor == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        Piece *pc = &pieces[p];
        if (get(codes_l, p, &pc->codes, 8) < 0) goto fail;
        pc->got = 1;
        if (get(steps_l, p, &pc->steps, 8) < 0) goto fail;
        pc->got = 2;
        if (get(values_l, p, &pc->values, 8) < 0) goto fail;
        pc->got = 3;
        if (get(walls_l, p, &pc->walls, 8) < 0) goto fail;
        pc->got = 4;
        Py_ssize_t n = pc->codes.len;
        if (pc->steps.len != n || pc->values.len != n || pc->walls.len != n) {
            PyErr_SetString(PyExc_ValueError, "a piece's columns differ in length");
            goto fail;
        }
        int64_t lo = off[p], hi = p + 1 < np_ ? off[p + 1] : (int64_t)ntab;
        if (lo < 0 || hi < lo || hi > ntab) {
            PyErr_SetString(PyExc_ValueError, "offsets out of the table");
            goto fail;
        }
    }
    /* pass 1: rows per pair rank */
    for (Py_ssize_t p = 0; p < np_; p++) {
        const int64_t *c = (const int64_t *)pieces[p].codes.buf;
        Py_ssize_t n = pieces[p].codes.len / 8;
        int64_t lo = off[p], size = (p + 1 < np_ ? off[p + 1] : (int64_t)ntab) - lo;
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t k = c[i];
            if (k == -1)
                continue;
            if (k < -1 || k >= size)
                goto give_none;
            int64_t r = tab[lo + k];
            if (r < 0 || r >= n_pairs) {
                PyErr_SetString(PyExc_ValueError, "a pair rank out of range");
                goto fail;
            }
            counts[r]++;
        }
    }
    int64_t total = 0;
    for (Py_ssize_t r = 0; r < n_pairs; r++) {
        cursor[r] = total;
        total += counts[r];
    }
    counts_b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(n_pairs * 8));
    steps_b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(total * 8));
    values_b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(total * 8));
    walls_b = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(total * 8));
    if (counts_b == NULL || steps_b == NULL || values_b == NULL || walls_b == NULL)
        goto fail;
    if (n_pairs)
        memcpy(PyByteArray_AS_STRING(counts_b), counts, (size_t)n_pairs * 8);
    int64_t *os = (int64_t *)PyByteArray_AS_STRING(steps_b);
    double *ov = (double *)PyByteArray_AS_STRING(values_b), *ow = (double *)PyByteArray_AS_STRING(walls_b);
    /* pass 2: each row where its pair's rows go, in order */
    for (Py_ssize_t p = 0; p < np_; p++) {
        const int64_t *c = (const int64_t *)pieces[p].codes.buf, *s = (const int64_t *)pieces[p].steps.buf;
        const double *v = (const double *)pieces[p].values.buf, *w = (const double *)pieces[p].walls.buf;
        Py_ssize_t n = pieces[p].codes.len / 8;
        int64_t lo = off[p];
        for (Py_ssize_t i = 0; i < n; i++) {
            int64_t k = c[i];
            if (k == -1)
                continue;
            int64_t at = cursor[tab[lo + k]]++;
            os[at] = s[i];
            ov[at] = v[i];
            ow[at] = w[i];
        }
    }
    /* the pairs whose steps go back somewhere: the caller sorts their rows again by step (stably) */
    {
        Py_ssize_t nbad = 0;
        int64_t at = 0;
        for (Py_ssize_t r = 0; r < n_pairs; r++) {
            int64_t end = at + counts[r];
            for (int64_t i = at + 1; i < end; i++)
                if (os[i] < os[i - 1]) {
                    cursor[nbad++] = r; /* the cursors are spent: reused for the list */
                    break;
                }
            at = end;
        }
        back_b = PyByteArray_FromStringAndSize((const char *)cursor, nbad * 8);
        if (back_b == NULL)
            goto fail;
    }
    result = PyTuple_Pack(5, counts_b, steps_b, values_b, walls_b, back_b);
    goto done;
give_none:
    none_reason = Py_None;
    Py_INCREF(none_reason);
    result = none_reason;
    goto done;
fail:
    result = NULL;
done:
    Py_XDECREF(counts_b);
    Py_XDECREF(steps_b);
    Py_XDECREF(values_b);
    Py_XDECREF(walls_b);
    Py_XDECREF(back_b);
    if (pieces != NULL) {
        release(pieces, np_);
        PyMem_Free(pieces);
    }
    PyMem_Free(counts);
    PyMem_Free(cursor);
    PyBuffer_Release(&table);
    PyBuffer_Release(&offsets);
    return result;
}

static PyMethodDef methods[] = {
    {"series_sort", series_sort, METH_VARARGS,
     "series_sort(codes, steps, values, walls, table, offsets, n_pairs) -> (counts, steps, values, walls, back) | None"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_rawsort", NULL, -1, methods};

PyMODINIT_FUNC PyInit__rawsort(void) { return PyModule_Create(&module); }
