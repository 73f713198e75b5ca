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
 * from_text(data: bytes-like, at: int) -> (end: int, tags, codes, steps, numbers: bytes) | None
 *   ``points`` of the log_history array read straight from the file's text (no list of dicts built: orjson's
 *   objects and their freeing were ~3/4 of a 25 KB file's read). ``at``: the offset of the '[' that opens the
 *   array; ``end``: the offset just past its ']'. Only the plainest kind of array is taken, else None (the caller
 *   then parses the whole file as before): whitespace ' ', '\t', '\n', '\r'; a non-empty array of flat objects;
 *   keys and string values of printable ASCII without '\\'; no key twice in an object; values JSON numbers,
 *   strings, true, false, null; no integer of 19 digits or more; at most MAX_SHAPES shapes of at most MAX_KEYS
 *   keys; every shape with a "step" whose every value is an integer in (-2**63, 2**63); no key with numbers in some entries of a shape and other values in others. The
 *   points are then ``points``' of the list orjson gives, but for the values: ``numbers`` is their text as a JSON
 *   array, for orjson to read (the very numbers it gives in the whole file; a correctly rounded parse in C is
 *   slower than orjson's). tests/test_hfhistory.py compares the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
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

/* ------------------------------------------------------------------ from_text */

#define MAX_KEYS 128

typedef struct {
    Py_ssize_t nkeys;
    const char *key[MAX_KEYS];
    Py_ssize_t klen[MAX_KEYS];
    Py_ssize_t step;
    uint8_t num[MAX_KEYS], other[MAX_KEYS];  /* some entry's value there is a number / anything else */
    int64_t code[MAX_KEYS];
} TShape;

typedef struct {
    const char *p, *end;
} Cur;

static void ws(Cur *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t')) c->p++;
}

/* a string of printable ASCII without '\\': its text (between the quotes); 0 when not of that kind */
static int plain_string(Cur *c, const char **s, Py_ssize_t *len) {
    if (c->p >= c->end || *c->p != '"') return 0;
    const char *q = c->p + 1;
    while (q < c->end && *q != '"') {
        unsigned char b = (unsigned char)*q;
        if (b < 0x20 || b >= 0x7f || b == '\\') return 0;
        q++;
    }
    if (q >= c->end) return 0;
    *s = c->p + 1;
    *len = q - (c->p + 1);
    c->p = q + 1;
    return 1;
}

/* a JSON number (its grammar only: the caller's orjson gives its value, as it does in the whole file): kind 1 an
 * integer of at most 18 digits (its value in *iv), 2 any other number; 0 when no JSON number, or an integer of 19
 * digits or more */
static int number(Cur *c, int64_t *iv) {
    const char *q = c->p;
    int is_float = 0, neg = 0;
    if (q < c->end && *q == '-') { neg = 1; q++; }
    if (q >= c->end) return 0;
    const char *digits = q;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') { while (q < c->end && *q >= '0' && *q <= '9') q++; }
    else return 0;
    Py_ssize_t nint = q - digits;
    if (q < c->end && *q == '.') {
        is_float = 1;
        q++;
        const char *f = q;
        while (q < c->end && *q >= '0' && *q <= '9') q++;
        if (q == f) return 0;
    }
    if (q < c->end && (*q == 'e' || *q == 'E')) {
        is_float = 1;
        q++;
        if (q < c->end && (*q == '+' || *q == '-')) q++;
        const char *e = q;
        while (q < c->end && *q >= '0' && *q <= '9') q++;
        if (q == e) return 0;
    }
    if (!is_float) {
        if (nint >= 19) return 0;
        int64_t v = 0;
        for (const char *r = digits; r < digits + nint; r++) v = v * 10 + (*r - '0');
        *iv = neg ? -v : v;
    }
    c->p = q;
    return is_float ? 2 : 1;
}

static int literal(Cur *c, const char *word, Py_ssize_t n) {
    if (c->end - c->p < n || memcmp(c->p, word, (size_t)n) != 0) return 0;
    c->p += n;
    return 1;
}

static int shape_is(const TShape *s, const char **key, const Py_ssize_t *klen, Py_ssize_t nkeys) {
    if (s->nkeys != nkeys) return 0;
    for (Py_ssize_t k = 0; k < nkeys; k++)
        if (s->klen[k] != klen[k] || memcmp(s->key[k], key[k], (size_t)klen[k]) != 0) return 0;
    return 1;
}

static PyObject *from_text(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t at;
    if (!PyArg_ParseTuple(args, "y*n", &view, &at)) return NULL;
    PyObject *result = NULL, *tags = NULL, *codes = NULL, *steps = NULL, *values = NULL;
    TShape *shapes = NULL;  /* grown as shapes appear (a file holds a handful) */
    Py_ssize_t cap_shapes = 0;
    int *shape_of = NULL;
    int64_t *entry_step = NULL;
    uint8_t *kind = NULL;     /* per value slot: 0 other, 1 number */
    Py_ssize_t *span = NULL;  /* per value slot: offset and length of its number's text */
    Py_ssize_t nshapes = 0, nentries = 0, cap_e = 0, nslots = 0, cap_s = 0, total = 0;
    const char *key[MAX_KEYS];
    Py_ssize_t klen[MAX_KEYS];
    Cur c = {(const char *)view.buf + at, (const char *)view.buf + view.len};
    if (at < 0 || at >= view.len || *c.p != '[') goto none;
    c.p++;
    ws(&c);
    if (c.p < c.end && *c.p == ']') goto none;  /* empty: the per-entry loop says it */
    for (;;) {
        ws(&c);
        if (c.p >= c.end || *c.p != '{') goto none;
        c.p++;
        ws(&c);
        Py_ssize_t nkeys = 0, first_slot = nslots, step_at = -1;
        int64_t step = 0;
        int step_ok = 1;
        if (c.p < c.end && *c.p == '}') c.p++;
        else for (;;) {
            const char *k;
            Py_ssize_t kl;
            ws(&c);
            if (!plain_string(&c, &k, &kl) || nkeys >= MAX_KEYS) goto none;
            for (Py_ssize_t j = 0; j < nkeys; j++)
                if (klen[j] == kl && memcmp(key[j], k, (size_t)kl) == 0) goto none;  /* a key twice */
            key[nkeys] = k;
            klen[nkeys] = kl;
            ws(&c);
            if (c.p >= c.end || *c.p != ':') goto none;
            c.p++;
            ws(&c);
            if (nslots >= cap_s) {
                Py_ssize_t cap = cap_s ? cap_s * 2 : 4096;
                uint8_t *k2 = PyMem_Realloc(kind, (size_t)cap);
                if (k2 == NULL) { PyErr_NoMemory(); goto done; }
                kind = k2;
                Py_ssize_t *v2 = PyMem_Realloc(span, (size_t)cap * 2 * sizeof(Py_ssize_t));
                if (v2 == NULL) { PyErr_NoMemory(); goto done; }
                span = v2;
                cap_s = cap;
            }
            int is_step = kl == 4 && memcmp(k, "step", 4) == 0;
            if (c.p >= c.end) goto none;
            char ch = *c.p;
            if (ch == '"') {
                const char *sv;
                Py_ssize_t sl;
                if (!plain_string(&c, &sv, &sl)) goto none;
                kind[nslots] = 0;
                if (is_step) step_ok = 0;
            } else if (ch == 't' || ch == 'f' || ch == 'n') {
                if (!(literal(&c, "true", 4) || literal(&c, "false", 5) || literal(&c, "null", 4))) goto none;
                kind[nslots] = 0;
                if (is_step) step_ok = 0;
            } else {
                int64_t iv = 0;
                const char *from = c.p;
                int got = number(&c, &iv);
                if (got == 0) goto none;
                kind[nslots] = 1;
                span[2 * nslots] = from - (const char *)view.buf;
                span[2 * nslots + 1] = c.p - from;
                if (is_step) {
                    if (got != 1) step_ok = 0;
                    step = iv;
                }
            }
            if (is_step) step_at = nkeys;
            nslots++;
            nkeys++;
            ws(&c);
            if (c.p < c.end && *c.p == ',') { c.p++; continue; }
            if (c.p < c.end && *c.p == '}') { c.p++; break; }
            goto none;
        }
        if (step_at < 0 || !step_ok) goto none;  /* no step, or one that is no integer: the per-entry loop */
        /* its shape: the previous entry's, else any seen, else a new one */
        int found = -1;
        if (nentries && shape_is(&shapes[shape_of[nentries - 1]], key, klen, nkeys)) found = shape_of[nentries - 1];
        for (Py_ssize_t j = 0; found < 0 && j < nshapes; j++)
            if (shape_is(&shapes[j], key, klen, nkeys)) found = (int)j;
        if (found < 0) {
            if (nshapes >= MAX_SHAPES) goto none;
            if (nshapes >= cap_shapes) {
                Py_ssize_t cap = cap_shapes ? cap_shapes * 2 : 4;
                TShape *s2 = PyMem_Realloc(shapes, (size_t)cap * sizeof(TShape));
                if (s2 == NULL) { PyErr_NoMemory(); goto done; }
                shapes = s2;
                cap_shapes = cap;
            }
            TShape *s = &shapes[nshapes];
            s->nkeys = nkeys;
            s->step = step_at;
            for (Py_ssize_t j = 0; j < nkeys; j++) {
                s->key[j] = key[j];
                s->klen[j] = klen[j];
                s->num[j] = s->other[j] = 0;
            }
            found = (int)nshapes++;
        }
        TShape *s = &shapes[found];
        for (Py_ssize_t j = 0; j < nkeys; j++) {
            if (kind[first_slot + j]) s->num[j] = 1;
            else s->other[j] = 1;
        }
        if (nentries >= cap_e) {
            Py_ssize_t cap = cap_e ? cap_e * 2 : 512;
            int *s2 = PyMem_Realloc(shape_of, (size_t)cap * sizeof(int));
            if (s2 == NULL) { PyErr_NoMemory(); goto done; }
            shape_of = s2;
            int64_t *e2 = PyMem_Realloc(entry_step, (size_t)cap * sizeof(int64_t));
            if (e2 == NULL) { PyErr_NoMemory(); goto done; }
            entry_step = e2;
            cap_e = cap;
        }
        shape_of[nentries] = found;
        entry_step[nentries] = step;
        nentries++;
        ws(&c);
        if (c.p < c.end && *c.p == ',') { c.p++; continue; }
        if (c.p < c.end && *c.p == ']') { c.p++; break; }
        goto none;
    }
    /* the tags: shapes in order of their first entry, keys in order; a key of numbers and other values: None */
    tags = PyList_New(0);
    if (tags == NULL) goto done;
    Py_ssize_t per_shape[MAX_SHAPES];
    for (Py_ssize_t j = 0; j < nshapes; j++) {
        TShape *s = &shapes[j];
        per_shape[j] = 0;
        for (Py_ssize_t k = 0; k < s->nkeys; k++) {
            s->code[k] = -1;
            if (k == s->step || !s->num[k]) continue;
            if (s->other[k]) goto none;
            per_shape[j]++;
            Py_ssize_t n = PyList_GET_SIZE(tags), t;
            for (t = 0; t < n; t++) {
                PyObject *name = PyList_GET_ITEM(tags, t);
                if (PyUnicode_GET_LENGTH(name) == s->klen[k] &&
                    memcmp(PyUnicode_DATA(name), s->key[k], (size_t)s->klen[k]) == 0) break;
            }
            if (t == n) {
                PyObject *name = PyUnicode_FromStringAndSize(s->key[k], s->klen[k]);
                if (name == NULL) goto done;
                int bad = PyList_Append(tags, name);
                Py_DECREF(name);
                if (bad < 0) goto done;
            }
            s->code[k] = t;
        }
    }
    for (Py_ssize_t e = 0; e < nentries; e++) total += per_shape[shape_of[e]];
    codes = PyByteArray_FromStringAndSize(NULL, total * 8);
    steps = PyByteArray_FromStringAndSize(NULL, total * 8);
    if (codes == NULL || steps == NULL) goto done;
    {
        int64_t *co = (int64_t *)PyByteArray_AS_STRING(codes), *st = (int64_t *)PyByteArray_AS_STRING(steps);
        Py_ssize_t slot = 0, out = 0, chars = 0;
        for (Py_ssize_t e = 0; e < nentries; e++) {
            const TShape *s = &shapes[shape_of[e]];
            for (Py_ssize_t k = 0; k < s->nkeys; k++, slot++)
                if (s->code[k] >= 0) chars += span[2 * slot + 1] + 1;
        }
        values = PyBytes_FromStringAndSize(NULL, total ? chars + 1 : 2);  /* "[n,n,...]": the values' text */
        if (values == NULL) goto done;
        char *tx = PyBytes_AS_STRING(values);
        *tx++ = '[';
        slot = 0;
        for (Py_ssize_t e = 0; e < nentries; e++) {
            const TShape *s = &shapes[shape_of[e]];
            for (Py_ssize_t k = 0; k < s->nkeys; k++, slot++) {
                if (s->code[k] < 0) continue;
                co[out] = s->code[k];
                st[out] = entry_step[e];
                memcpy(tx, (const char *)view.buf + span[2 * slot], (size_t)span[2 * slot + 1]);
                tx += span[2 * slot + 1];
                *tx++ = ',';
                out++;
            }
        }
        if (out) tx[-1] = ']';
        else *tx = ']';
    }
    result = Py_BuildValue("(nOOOO)", (Py_ssize_t)(c.p - (const char *)view.buf), tags, codes, steps, values);
    goto done;
none:
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(tags);
    Py_XDECREF(codes);
    Py_XDECREF(steps);
    Py_XDECREF(values);
    PyMem_Free(shapes);
    PyMem_Free(shape_of);
    PyMem_Free(entry_step);
    PyMem_Free(kind);
    PyMem_Free(span);
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"has_digit_run", has_digit_run, METH_VARARGS,
     "has_digit_run(data, n) -> bool: n ASCII digits in a row somewhere in data"},
    {"points", points, METH_O, "points(history: list) -> (tags, codes, steps, values) | None; see the C source"},
    {"from_text", from_text, METH_VARARGS,
     "from_text(data, at) -> (end, tags, codes, steps, numbers) | None: the points of the array at data[at]; see the C source"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hfhistory", NULL, -1, methods};

PyMODINIT_FUNC PyInit__hfhistory(void) { return PyModule_Create(&module); }
