/* HuggingFace ``log_history`` (the parsed list of dicts) read a shape at a time, for readers/hf_trainer_state.py.
 *
 * Why C: the Python twin (hf_trainer_state._points_by_shape: tuples of keys, zip, sets of types, numpy) costs
 * ~0.25 ms for a file of 200 entries; a big tree holds thousands. It must give exactly what the twin gives:
 * tests/test_hfhistory.py compares the two on real Trainer files, the trees and generated histories.
 *
 * points(history: list) -> (tags: list[str], codes: bytearray, steps: bytearray, values: bytearray) | None
 *   A shape is a sequence of keys (an entry's keys in their order); shapes are taken in the order of their first
 *   entry. In each shape, a key other than "step" whose column holds only numbers (exact int or float; bool is
 *   not a number) is a tag, one whose column holds no number is skipped, one with both gives None. Tag codes are
 *   given in that order of shapes and keys. The points come entry by entry in list order, each entry's tags in its
 *   key order: codes (int64), steps (int64: the entry's "step"), values (float64: float() of the number; an int
 *   past float range gives None). None too when the list is empty, an item is no exact dict, a shape has no
 *   "step", or a step is no exact int in (-2**63, 2**63).
 *   NotImplemented when the list holds more than MAX_SHAPES shapes (the twin reads it).
 *
 * has_digit_run(data: bytes-like, n: int) -> bool
 *   Whether ``data`` holds ``n`` (>= 1) ASCII digits in a row: hf_trainer_state's twin maps every digit to 0 and
 *   anything else to a space, then searches for n zeros (a copy of the file and a search at ~2 ns a byte; this
 *   tests the last byte of each n-byte window and scans back from it: no copy, a few bytes a window).
 *
 * eval_twins(history: list) -> set[int] | None | NotImplemented
 *   _repeated_evals._same_step_py: the indices of the evaluation entries (a key starting "eval_"/"test_", or
 *   holding "\0eval_"/"\0test_": the twin searches its keys joined by NUL) that share their "step" (not None,
 *   compared as dict keys compare) with another evaluation entry. NotImplemented (the twin decides: None for an
 *   unhashable step) for an item that is no exact dict, a step that is no int, float, str, bool or None, or a key
 *   of a repeated step's entry that is no exact str.
 *   Why C: the twin's four passes of Python over a 400-entry history cost ~65 us a file (perf35, issue 12).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#define MAX_SHAPES 64

typedef struct {
    PyObject *first;   /* its first entry (borrowed): the keys, in order */
    Py_ssize_t nkeys;
    Py_ssize_t step;   /* index of "step" among the keys, -1 when absent */
    uint8_t *kept;     /* per key: 1 when a tag */
    int64_t *code;     /* per key: the tag's code */
    Py_ssize_t ntags;
} Shape;

/* Whether entry `d` has exactly the keys of shape `s`, in the same order. -1 on error. */
static int same_keys(PyObject *d, const Shape *s) {
    if (PyDict_GET_SIZE(d) != s->nkeys) return 0;
    Py_ssize_t i = 0, j = 0;
    PyObject *k1, *k2, *v;
    while (PyDict_Next(d, &i, &k1, &v) && PyDict_Next(s->first, &j, &k2, &v)) {
        if (k1 == k2) continue;
        int eq = PyObject_RichCompareBool(k1, k2, Py_EQ);
        if (eq != 1) return eq;
    }
    return 1;
}

static int is_number(PyObject *v) { return PyFloat_CheckExact(v) || PyLong_CheckExact(v); }

static PyObject *points(PyObject *self, PyObject *arg) {
    if (!PyList_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "points() takes a list");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(arg);
    if (n == 0) Py_RETURN_NONE;
    Shape shapes[MAX_SHAPES];
    Py_ssize_t nshapes = 0;
    int *shape_of = PyMem_Malloc((size_t)n * sizeof(int));
    PyObject *result = NULL, *tags = NULL, *pystep = NULL;
    PyObject *codes = NULL, *steps = NULL, *values = NULL;
    if (shape_of == NULL) return PyErr_NoMemory();
    pystep = PyUnicode_InternFromString("step");
    if (pystep == NULL) goto done;
    /* the shapes, in the order of their first entry */
    for (Py_ssize_t e = 0; e < n; e++) {
        PyObject *d = PyList_GET_ITEM(arg, e);
        if (!PyDict_CheckExact(d)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        int found = -1;
        int prev = e ? shape_of[e - 1] : -1;
        if (prev >= 0) {
            int eq = same_keys(d, &shapes[prev]);
            if (eq < 0) goto done;
            if (eq) found = prev;
        }
        for (Py_ssize_t s = 0; found < 0 && s < nshapes; s++) {
            if (s == prev) continue;
            int eq = same_keys(d, &shapes[s]);
            if (eq < 0) goto done;
            if (eq) found = (int)s;
        }
        if (found < 0) {
            if (nshapes == MAX_SHAPES) {
                result = Py_NewRef(Py_NotImplemented);
                goto done;
            }
            Shape *s = &shapes[nshapes];
            s->first = d;
            s->nkeys = PyDict_GET_SIZE(d);
            s->step = -1;
            s->ntags = 0;
            s->kept = PyMem_Calloc((size_t)s->nkeys + 1, 1);
            s->code = PyMem_Calloc((size_t)s->nkeys + 1, sizeof(int64_t));
            nshapes++;
            if (s->kept == NULL || s->code == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            found = (int)(nshapes - 1);
        }
        shape_of[e] = found;
    }
    /* per shape: where "step" is; per key: number, text or both over the shape's entries */
    Py_ssize_t total = 0;
    tags = PyList_New(0);
    PyObject *codes_of = PyDict_New(); /* key -> code, across shapes */
    if (tags == NULL || codes_of == NULL) {
        Py_XDECREF(codes_of);
        goto done;
    }
    for (Py_ssize_t s = 0; s < nshapes; s++) {
        Shape *sh = &shapes[s];
        Py_ssize_t i = 0, k = 0;
        PyObject *key, *v;
        while (PyDict_Next(sh->first, &i, &key, &v)) {
            int eq = PyObject_RichCompareBool(key, pystep, Py_EQ);
            if (eq < 0) {
                Py_DECREF(codes_of);
                goto done;
            }
            if (eq && sh->step < 0) sh->step = k;
            k++;
        }
        if (sh->step < 0) {
            Py_DECREF(codes_of);
            result = Py_NewRef(Py_None);
            goto done;
        }
        uint8_t *num = PyMem_Calloc((size_t)sh->nkeys + 1, 1), *other = PyMem_Calloc((size_t)sh->nkeys + 1, 1);
        if (num == NULL || other == NULL) {
            PyMem_Free(num);
            PyMem_Free(other);
            Py_DECREF(codes_of);
            PyErr_NoMemory();
            goto done;
        }
        int bad = 0;
        for (Py_ssize_t e = 0; e < n && !bad; e++) {
            if (shape_of[e] != s) continue;
            Py_ssize_t j = 0;
            k = 0;
            while (PyDict_Next(PyList_GET_ITEM(arg, e), &j, &key, &v)) {
                if (k == sh->step) {
                    int overflow = 0;
                    long long x = PyLong_CheckExact(v) ? PyLong_AsLongLongAndOverflow(v, &overflow) : 0;
                    if (!PyLong_CheckExact(v) || overflow || x == LLONG_MIN) bad = 1;
                } else if (is_number(v)) {
                    num[k] = 1;
                } else {
                    other[k] = 1;
                }
                k++;
            }
        }
        for (k = 0; k < sh->nkeys && !bad; k++) {
            if (k != sh->step && num[k] && other[k]) bad = 1;
        }
        if (!bad) {
            Py_ssize_t j = 0;
            k = 0;
            while (PyDict_Next(sh->first, &j, &key, &v)) {
                if (k != sh->step && num[k]) {
                    PyObject *c = PyDict_GetItemWithError(codes_of, key);
                    Py_ssize_t code;
                    if (c == NULL) {
                        if (PyErr_Occurred()) {
                            bad = -1;
                            break;
                        }
                        code = PyList_GET_SIZE(tags);
                        PyObject *pc = PyLong_FromSsize_t(code);
                        if (pc == NULL || PyDict_SetItem(codes_of, key, pc) < 0 || PyList_Append(tags, key) < 0) {
                            Py_XDECREF(pc);
                            bad = -1;
                            break;
                        }
                        Py_DECREF(pc);
                    } else {
                        code = PyLong_AsSsize_t(c);
                    }
                    sh->kept[k] = 1;
                    sh->code[k] = code;
                    sh->ntags++;
                }
                k++;
            }
        }
        PyMem_Free(num);
        PyMem_Free(other);
        if (bad) {
            Py_DECREF(codes_of);
            if (bad > 0) result = Py_NewRef(Py_None);
            goto done;
        }
    }
    Py_DECREF(codes_of);
    for (Py_ssize_t e = 0; e < n; e++) total += shapes[shape_of[e]].ntags;
    codes = PyByteArray_FromStringAndSize(NULL, total * 8);
    steps = PyByteArray_FromStringAndSize(NULL, total * 8);
    values = PyByteArray_FromStringAndSize(NULL, total * 8);
    if (codes == NULL || steps == NULL || values == NULL) goto done;
    int64_t *co = (int64_t *)PyByteArray_AS_STRING(codes), *st = (int64_t *)PyByteArray_AS_STRING(steps);
    double *va = (double *)PyByteArray_AS_STRING(values);
    Py_ssize_t at = 0;
    for (Py_ssize_t e = 0; e < n; e++) {
        Shape *sh = &shapes[shape_of[e]];
        if (!sh->ntags) continue;
        PyObject *d = PyList_GET_ITEM(arg, e), *key, *v;
        Py_ssize_t j = 0, k = 0, first = at;
        int64_t step = 0;
        while (PyDict_Next(d, &j, &key, &v)) {
            if (k == sh->step) {
                step = (int64_t)PyLong_AsLongLong(v);
            } else if (sh->kept[k]) {
                double x = PyFloat_CheckExact(v) ? PyFloat_AS_DOUBLE(v) : PyLong_AsDouble(v);
                if (x == -1.0 && PyErr_Occurred()) {
                    if (!PyErr_ExceptionMatches(PyExc_OverflowError)) goto done;
                    PyErr_Clear(); /* an int past float range: the twin's numpy raises OverflowError too */
                    result = Py_NewRef(Py_None);
                    goto done;
                }
                co[at] = sh->code[k];
                va[at] = x;
                at++;
            }
            k++;
        }
        for (Py_ssize_t p = first; p < at; p++) st[p] = step;
    }
    result = Py_BuildValue("(OOOO)", tags, codes, steps, values);
done:
    for (Py_ssize_t s = 0; s < nshapes; s++) {
        PyMem_Free(shapes[s].kept);
        PyMem_Free(shapes[s].code);
    }
    PyMem_Free(shape_of);
    Py_XDECREF(pystep);
    Py_XDECREF(tags);
    Py_XDECREF(codes);
    Py_XDECREF(steps);
    Py_XDECREF(values);
    return result;
}

static PyObject *has_digit_run(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y*n", &view, &n))
        return NULL;
    const unsigned char *p = (const unsigned char *)view.buf;
    Py_ssize_t len = view.len;
    int found = 0;
    if (n < 1) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "n must be >= 1");
        return NULL;
    }
    /* a window of n bytes holds a run when its last byte and the n - 1 before it are digits: test the last one
     * first and scan back; the window then starts after the last non-digit found (most windows: one byte) */
    Py_ssize_t start = 0;
    while (start + n <= len) {
        Py_ssize_t j = start + n - 1;
        while (j >= start && (unsigned)(p[j] - '0') < 10u)
            j--;
        if (j < start) {
            found = 1;
            break;
        }
        start = j + 1;
    }
    PyBuffer_Release(&view);
    return PyBool_FromLong(found);
}

/* Whether str `k` holds ASCII `w` (5 chars) at `at`. */
static int holds_at(PyObject *k, Py_ssize_t at, const char *w) {
    int kind = PyUnicode_KIND(k);
    const void *data = PyUnicode_DATA(k);
    for (int i = 0; i < 5; i++)
        if (PyUnicode_READ(kind, data, at + i) != (Py_UCS4)(unsigned char)w[i]) return 0;
    return 1;
}

/* eval_twins' test of one entry: 1 evaluation, 0 not, -2 a key that is no exact str (the twin decides) */
static int is_eval_entry(PyObject *d) {
    Py_ssize_t i = 0;
    PyObject *k, *v;
    while (PyDict_Next(d, &i, &k, &v)) {
        if (!PyUnicode_CheckExact(k)) return -2;
        Py_ssize_t len = PyUnicode_GET_LENGTH(k);
        int kind = PyUnicode_KIND(k);
        const void *data = PyUnicode_DATA(k);
        /* "\0" + the keys joined by "\0" holds "\0eval_": at the key's start, or after a NUL inside it */
        for (Py_ssize_t at = 0; at + 5 <= len; at++) {
            if (at > 0 && PyUnicode_READ(kind, data, at - 1) != 0) continue;
            if (holds_at(k, at, "eval_") || holds_at(k, at, "test_")) return 1;
        }
    }
    return 0;
}

/* Adds `step` to `twice` when `seen` has it already, else to `seen`. -1 on error. */
static int count_step(PyObject *seen, PyObject *twice, PyObject *step) {
    int had = PySet_Contains(seen, step);
    if (had < 0) return -1;
    return had ? PySet_Add(twice, step) : PySet_Add(seen, step);
}

static PyObject *eval_twins(PyObject *self, PyObject *arg) {
    if (!PyList_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "eval_twins() takes a list");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(arg);
    PyObject *pystep = NULL, *seen = NULL, *twice = NULL, *evals = NULL, *shared = NULL, *result = NULL;
    PyObject **steps = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(PyObject *));
    signed char *eval = PyMem_Malloc((size_t)(n ? n : 1));
    if (steps == NULL || eval == NULL) {
        PyMem_Free(steps);
        PyMem_Free(eval);
        return PyErr_NoMemory();
    }
    pystep = PyUnicode_InternFromString("step");
    seen = PySet_New(NULL);    /* the steps met (the twin's Counter, None left out) */
    twice = PySet_New(NULL);   /* ... met again */
    evals = PySet_New(NULL);   /* the steps of evaluation entries, of the steps held twice */
    shared = PySet_New(NULL);  /* ... met again */
    if (pystep == NULL || seen == NULL || twice == NULL || evals == NULL || shared == NULL) goto done;
    for (Py_ssize_t e = 0; e < n; e++) {
        PyObject *d = PyList_GET_ITEM(arg, e);
        if (!PyDict_CheckExact(d)) {
            result = Py_NewRef(Py_NotImplemented);
            goto done;
        }
        PyObject *step = PyDict_GetItemWithError(d, pystep);
        if (step == NULL && PyErr_Occurred()) goto done;
        if (step != NULL && step != Py_None && !PyLong_CheckExact(step) && !PyFloat_CheckExact(step) &&
                !PyUnicode_CheckExact(step) && !PyBool_Check(step)) {
            result = Py_NewRef(Py_NotImplemented);  /* a list, a dict (unhashable: None) or another object */
            goto done;
        }
        steps[e] = step == Py_None ? NULL : step;  /* borrowed: hashing these runs no Python code */
        if (steps[e] != NULL && count_step(seen, twice, step) < 0) goto done;
    }
    for (Py_ssize_t e = 0; e < n; e++) {
        eval[e] = 0;
        if (steps[e] == NULL) continue;
        int again = PySet_Contains(twice, steps[e]);
        if (again < 0) goto done;
        if (!again) continue;
        int is = is_eval_entry(PyList_GET_ITEM(arg, e));
        if (is == -2) {
            result = Py_NewRef(Py_NotImplemented);
            goto done;
        }
        eval[e] = (signed char)is;
        if (is && count_step(evals, shared, steps[e]) < 0) goto done;
    }
    result = PySet_New(NULL);
    if (result == NULL) goto done;
    for (Py_ssize_t e = 0; e < n; e++) {
        if (!eval[e]) continue;
        int in = PySet_Contains(shared, steps[e]);
        if (in < 0) {
            Py_CLEAR(result);
            goto done;
        }
        if (!in) continue;
        PyObject *index = PyLong_FromSsize_t(e);
        if (index == NULL || PySet_Add(result, index)) {
            Py_XDECREF(index);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(index);
    }
done:
    PyMem_Free(steps);
    PyMem_Free(eval);
    Py_XDECREF(pystep);
    Py_XDECREF(seen);
    Py_XDECREF(twice);
    Py_XDECREF(evals);
    Py_XDECREF(shared);
    return result;
}

static PyMethodDef methods[] = {
    {"has_digit_run", has_digit_run, METH_VARARGS,
     "has_digit_run(data, n) -> bool: n ASCII digits in a row somewhere in data"},
    {"points", points, METH_O, "points(history: list) -> (tags, codes, steps, values) | None; see the C source"},
    {"eval_twins", eval_twins, METH_O, "eval_twins(history: list) -> set[int] | None | NotImplemented; see the C source"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hfhistory", NULL, -1, methods};

PyMODINIT_FUNC PyInit__hfhistory(void) { return PyModule_Create(&module); }
