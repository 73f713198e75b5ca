/* Cells of many small plain CSV bodies parsed straight into float64, for readers/_batchcsv.py.
 *
 * Why C: the batch path's Python twin (numpy cuts the cells out, orjson parses them as one JSON array, numpy puts
 * them back) runs near 75 MB/s; a big tree holds tens of MB of such cells. It must give exactly what the twin
 * gives: tests/test_csvcells.py compares the two file for file, bit for bit, NaN places included.
 *
 * parse(bodies: list[bytes], fields: int) -> (values: bytes, filled: bytes, rows: bytes)
 *   bodies: each file's text below its header line; fields: the header's count of names.
 *   values: float64 (native order), one per cell of the files kept, row-major, files one after the other;
 *   filled: uint8, 1 where the cell is not empty (a number or "nan"), 0 for an empty cell (its value NaN);
 *   rows:   int64 per body, its count of rows, or -1 when the file is left out (for the per-file reader).
 * A file is left out when a row has another count of cells than `fields` or does not end in '\n', when a cell is
 * neither empty, nor exactly "nan" (a logged NaN, as str(float) writes it), nor a JSON number (RFC 8259 section 6:
 * '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? -- what orjson takes: no '+1', '01', '.5', '1.'),
 * or when a value is infinite (past float range: orjson refuses it), 1e18 or more in size (past int64: pandas
 * decides) or a zero with a minus sign (an integer '-0': pandas reads it as +0.0). The twin leaves those files out
 * too (its chunk refused, then halved down to the file; or its own checks).
 * Each value is Python's float() of the cell (correctly rounded, round-half-even; orjson gives the same on every
 * JSON number but '-0', which is left out): exactly computed in double where the digits and the power of ten are
 * both exact (Clinger's fast path), in x87 extended precision where one rounding to 64 bits then to 53 bits cannot
 * differ from one rounding to 53 bits (the 64-bit result is not a midpoint between two doubles), else by
 * PyOS_string_to_double, the function float() itself calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double P10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#if LDBL_MANT_DIG == 64
#define HAVE_X87 1
static long double LP10[28]; /* 10^0 .. 10^27: exact in a 64-bit significand (5^27 < 2^64) */
#endif

/* float() of the cell [s, end) already checked to be a JSON number; 0 on success. */
static int slow_value(const char *s, const char *end, double *out) {
    char small[64];
    size_t n = (size_t)(end - s);
    char *buf = n < sizeof small ? small : (char *)PyMem_Malloc(n + 1);
    if (buf == NULL) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *stop = NULL;
    double v = PyOS_string_to_double(buf, &stop, NULL); /* NULL: overflow gives +-inf, no exception */
    int bad = (v == -1.0 && PyErr_Occurred()) || stop != buf + n;
    if (buf != small) PyMem_Free(buf);
    if (bad) {
        PyErr_Clear();
        return -1;
    }
    *out = v;
    return 0;
}

/* One cell starting at p (inside a body ending in '\n'): its value and whether it is filled; the end of the cell
 * (its ',' or '\n') in *next; 0 on success, -1 when the cell is none of the kinds taken. */
static int cell(const char *p, const char **next, double *value, uint8_t *filled) {
    const char *s = p;
    if (*p == ',' || *p == '\n') {
        *next = p;
        *value = NAN;
        *filled = 0;
        return 0;
    }
    *filled = 1;
    if (*p == 'n') {
        if (p[1] == 'a' && p[2] == 'n' && (p[3] == ',' || p[3] == '\n')) {
            *next = p + 3;
            *value = NAN;
            return 0;
        }
        return -1;
    }
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    uint64_t w = 0;
    int nd = 0;     /* significant digits taken into w (leading zeros not counted) */
    int nfrac = 0;  /* digits after the point */
    int many = 0;   /* more than 19 significant digits: float() decides */
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (*p >= '0' && *p <= '9') {
            if (nd < 19) {
                w = w * 10 + (uint64_t)(*p - '0');
                nd++;
            } else {
                many = 1;
            }
            p++;
        }
    } else {
        return -1;
    }
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return -1;
        while (*p >= '0' && *p <= '9') {
            if (nd < 19) {
                w = w * 10 + (uint64_t)(*p - '0');
                if (w) nd++;
                nfrac++;
            } else {
                many = 1;
            }
            p++;
        }
    }
    long ex = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        int eneg = 0;
        if (*p == '+' || *p == '-') {
            eneg = *p == '-';
            p++;
        }
        if (!(*p >= '0' && *p <= '9')) return -1;
        int ed = 0;
        while (*p >= '0' && *p <= '9') {
            if (ed < 6) ex = ex * 10 + (*p - '0');
            else many = 1;
            ed++;
            p++;
        }
        if (eneg) ex = -ex;
    }
    if (*p != ',' && *p != '\n') return -1;
    *next = p;
    long e = ex - nfrac;
    double v;
    if (many) {
        if (slow_value(s, p, &v)) return -1;
        *value = v;
        return 0;
    }
    if (w == 0) {
        v = 0.0;
    } else if (w <= (1ULL << 53) && e >= -22 && e <= 22) {
        v = (double)w;
        v = e < 0 ? v / P10[-e] : v * P10[e];
    }
#ifdef HAVE_X87
    else if (e >= -27 && e <= 27) {
        long double x = (long double)w;
        x = e < 0 ? x / LP10[-e] : x * LP10[e];
        v = (double)x;
        if ((long double)v != x) {
            double other = nextafter(v, x > (long double)v ? INFINITY : -INFINITY);
            if (((long double)v + (long double)other) / 2 == x) { /* a midpoint: two roundings may differ */
                if (slow_value(s, p, &v)) return -1;
                *value = v;
                return 0;
            }
        }
    }
#endif
    else {
        if (slow_value(s, p, &v)) return -1;
        *value = v;
        return 0;
    }
    *value = neg ? -v : v;
    return 0;
}

/* The cells of one body into values/filled from cell `at`; its count of rows, or -1 (file left out). */
static Py_ssize_t body_cells(const char *p, Py_ssize_t n, Py_ssize_t fields, double *values, uint8_t *filled) {
    const char *end = p + n;
    Py_ssize_t rows = 0, k = 0;
    if (n == 0 || end[-1] != '\n') return -1;
    while (p < end) {
        for (Py_ssize_t j = 0; j < fields; j++) {
            const char *next;
            double v;
            if (cell(p, &next, &v, &filled[k])) return -1;
            if (isinf(v) || fabs(v) >= 1e18 || (v == 0 && signbit(v))) return -1;
            values[k++] = v;
            if (*next != (j + 1 < fields ? ',' : '\n')) return -1;
            p = next + 1;
        }
        rows++;
    }
    return rows;
}

static PyObject *parse(PyObject *self, PyObject *args) {
    PyObject *bodies;
    Py_ssize_t fields;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &bodies, &fields)) return NULL;
    if (fields < 1) {
        PyErr_SetString(PyExc_ValueError, "fields must be at least 1");
        return NULL;
    }
    Py_ssize_t files = PyList_GET_SIZE(bodies), cap = 0;
    for (Py_ssize_t i = 0; i < files; i++) {
        PyObject *b = PyList_GET_ITEM(bodies, i);
        if (!PyBytes_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "bodies must be a list of bytes");
            return NULL;
        }
        cap += PyBytes_GET_SIZE(b); /* every cell ends in a byte of its own (',' or '\n') */
    }
    double *values = (double *)PyMem_Malloc((size_t)(cap ? cap : 1) * sizeof(double));
    uint8_t *filled = (uint8_t *)PyMem_Malloc((size_t)(cap ? cap : 1));
    PyObject *rows = PyBytes_FromStringAndSize(NULL, files * (Py_ssize_t)sizeof(int64_t));
    if (values == NULL || filled == NULL || rows == NULL) {
        PyMem_Free(values);
        PyMem_Free(filled);
        Py_XDECREF(rows);
        return PyErr_NoMemory();
    }
    int64_t *rows_of = (int64_t *)PyBytes_AS_STRING(rows);
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < files; i++) {
        PyObject *b = PyList_GET_ITEM(bodies, i);
        Py_ssize_t r = body_cells(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b), fields, values + at, filled + at);
        rows_of[i] = r;
        if (r >= 0) at += r * fields;
    }
    PyObject *v = PyBytes_FromStringAndSize((const char *)values, at * (Py_ssize_t)sizeof(double));
    PyObject *f = PyBytes_FromStringAndSize((const char *)filled, at);
    PyMem_Free(values);
    PyMem_Free(filled);
    if (v == NULL || f == NULL) {
        Py_XDECREF(v);
        Py_XDECREF(f);
        Py_DECREF(rows);
        return NULL;
    }
    return Py_BuildValue("(NNN)", v, f, rows);
}

static PyMethodDef methods[] = {
    {"parse", parse, METH_VARARGS,
     "parse(bodies: list[bytes], fields: int) -> (values, filled, rows) as bytes; see the module's C source"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_csvcells", NULL, -1, methods};

PyMODINIT_FUNC PyInit__csvcells(void) {
#ifdef HAVE_X87
    LP10[0] = 1.0L;
    for (int i = 1; i < 28; i++) LP10[i] = LP10[i - 1] * 10.0L;
#endif
    return PyModule_Create(&module);
}
