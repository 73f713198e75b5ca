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
 * read(bodies: list[bytes], fields: int, x: int, strict: bool, need_used: bool)
 *   -> (codes: bytearray, steps: bytearray, values: bytearray, points: bytes, used: bytes)
 *   each kept file's points, as _batchcsv._tail cuts them: x is the step column (every cell a whole number;
 *   strict: strictly increasing within the file (Keras, plain CSV), else never going back (Lightning)); a point
 *   per filled cell of the other columns, row by row, in header order; codes (int64) number the file's columns
 *   holding a number (used), steps int64, values float64; points: int64 per body, its count of points or -1 (left
 *   out: a cell or row fault as for parse, a step fault, or need_used and no column holding a number); used: uint8
 *   per body and value column (header order, x left out), all 0 for a file left out.
 * counts_up(body: bytes, sep: bytes) -> bool
 *   _blocks._counts_up's twin (the common Keras log told without a parse): the lines of body (split at '\n', a
 *   last empty one dropped) each start with the counter of the line before plus one, then sep; the first with
 *   1-15 ASCII digits then sep, and its value plus the count of lines below 10**15. sep must be non-empty, hold no
 *   '\n' and not start with a digit (ValueError; the Python twin takes the others).
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

/* The points of one parsed file (rows x fields cells in v/f) appended at out_*; their count, or -1 when the file
 * has a fault of its own: a step cell empty, NaN or not whole, the step going back (strict: or staying), no
 * column with a number (need_used). used[]: per value column (header order, x left out), whether it has one. */
static Py_ssize_t file_points(const double *v, const uint8_t *f, Py_ssize_t rows, Py_ssize_t fields, Py_ssize_t x,
                              int strict, int need_used, uint8_t *used, int64_t *code_of, int64_t *out_codes,
                              int64_t *out_steps, double *out_values) {
    int any = 0;
    memset(used, 0, (size_t)fields);
    for (Py_ssize_t r = 0; r < rows; r++) {
        double c = v[r * fields + x];
        if (!f[r * fields + x] || c != c || floor(c) != c) return -1;
        if (r > 0) {
            double before = v[(r - 1) * fields + x];
            if (c < before || (strict && c <= before)) return -1;
        }
        for (Py_ssize_t j = 0; j < fields; j++) {
            if (j != x && f[r * fields + j]) used[j] = 1;
        }
    }
    int64_t code = 0;
    for (Py_ssize_t j = 0; j < fields; j++) {
        code_of[j] = used[j] ? code : -1;
        if (j != x && used[j]) {
            code++;
            any = 1;
        }
    }
    if (need_used && !any) return -1;
    Py_ssize_t n = 0;
    for (Py_ssize_t r = 0; r < rows; r++) {
        int64_t step = (int64_t)v[r * fields + x];
        for (Py_ssize_t j = 0; j < fields; j++) {
            if (j == x || !f[r * fields + j]) continue;
            out_codes[n] = code_of[j];
            out_steps[n] = step;
            out_values[n] = v[r * fields + j];
            n++;
        }
    }
    return n;
}

static PyObject *read_points(PyObject *self, PyObject *args) {
    PyObject *bodies;
    Py_ssize_t fields, x;
    int strict, need_used;
    if (!PyArg_ParseTuple(args, "O!nnpp", &PyList_Type, &bodies, &fields, &x, &strict, &need_used)) return NULL;
    if (fields < 1 || fields > 100000 || x < 0 || x >= fields) {
        PyErr_SetString(PyExc_ValueError, "need 0 <= x < fields <= 100000");
        return NULL;
    }
    Py_ssize_t files = PyList_GET_SIZE(bodies), cap = 1, longest = 1;
    for (Py_ssize_t i = 0; i < files; i++) {
        PyObject *b = PyList_GET_ITEM(bodies, i);
        if (!PyBytes_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "bodies must be a list of bytes");
            return NULL;
        }
        cap += PyBytes_GET_SIZE(b); /* a point per cell at most, a cell per byte at most */
        if (PyBytes_GET_SIZE(b) > longest) longest = PyBytes_GET_SIZE(b);
    }
    double *cells = PyMem_Malloc((size_t)longest * sizeof(double));
    uint8_t *filled = PyMem_Malloc((size_t)longest), *used_of = PyMem_Malloc((size_t)fields);
    int64_t *code_of = PyMem_Malloc((size_t)fields * sizeof(int64_t));
    PyObject *codes = PyByteArray_FromStringAndSize(NULL, cap * 8), *steps = PyByteArray_FromStringAndSize(NULL, cap * 8);
    PyObject *values = PyByteArray_FromStringAndSize(NULL, cap * 8);
    PyObject *points = PyBytes_FromStringAndSize(NULL, files * 8);
    PyObject *used = PyBytes_FromStringAndSize(NULL, files * (fields - 1));
    PyObject *result = NULL;
    if (!cells || !filled || !used_of || !code_of || !codes || !steps || !values || !points || !used) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *co = (int64_t *)PyByteArray_AS_STRING(codes), *st = (int64_t *)PyByteArray_AS_STRING(steps);
    double *va = (double *)PyByteArray_AS_STRING(values);
    int64_t *np_of = (int64_t *)PyBytes_AS_STRING(points);
    uint8_t *us = (uint8_t *)PyBytes_AS_STRING(used);
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < files; i++) {
        PyObject *b = PyList_GET_ITEM(bodies, i);
        Py_ssize_t rows = body_cells(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b), fields, cells, filled);
        Py_ssize_t n = rows < 0 ? -1 : file_points(cells, filled, rows, fields, x, strict, need_used, used_of,
                                                   code_of, co + at, st + at, va + at);
        np_of[i] = n;
        for (Py_ssize_t j = 0, k = 0; j < fields; j++) {
            if (j != x) us[i * (fields - 1) + k++] = n < 0 ? 0 : used_of[j];
        }
        if (n > 0) at += n;
    }
    if (PyByteArray_Resize(codes, at * 8) < 0 || PyByteArray_Resize(steps, at * 8) < 0 ||
        PyByteArray_Resize(values, at * 8) < 0)
        goto done;
    result = Py_BuildValue("(OOOOO)", codes, steps, values, points, used);
done:
    PyMem_Free(cells);
    PyMem_Free(filled);
    PyMem_Free(used_of);
    PyMem_Free(code_of);
    Py_XDECREF(codes);
    Py_XDECREF(steps);
    Py_XDECREF(values);
    Py_XDECREF(points);
    Py_XDECREF(used);
    return result;
}

static PyObject *counts_up(PyObject *self, PyObject *args) {
    Py_buffer b, s;
    if (!PyArg_ParseTuple(args, "y*y*", &b, &s))
        return NULL;
    const unsigned char *p = (const unsigned char *)b.buf, *end = p + b.len;
    const unsigned char *sep = (const unsigned char *)s.buf;
    Py_ssize_t slen = s.len;
    int ok = 0;
    if (slen < 1 || (unsigned)(sep[0] - '0') < 10u || memchr(sep, '\n', (size_t)slen) != NULL) {
        PyBuffer_Release(&b);
        PyBuffer_Release(&s);
        PyErr_SetString(PyExc_ValueError, "sep must be non-empty, without a newline, and not start with a digit");
        return NULL;
    }
    /* the lines: '\n' count + 1, less a last empty one */
    Py_ssize_t nlines = 0;
    for (const unsigned char *q = p; q < end; q++) {
        const unsigned char *nl = memchr(q, '\n', (size_t)(end - q));
        if (nl == NULL)
            break;
        nlines++;
        q = nl;
    }
    nlines += 1;
    if (b.len == 0 || end[-1] == '\n')
        nlines -= 1;
    if (nlines < 1)
        goto done;
    long long expect = -1;
    const unsigned char *pos = p;
    for (Py_ssize_t i = 0; i < nlines; i++) {
        const unsigned char *line_end = memchr(pos, '\n', (size_t)(end - pos));
        if (line_end == NULL)
            line_end = end;
        Py_ssize_t d = 0;
        long long v = 0;
        while (pos + d < line_end && (unsigned)(pos[d] - '0') < 10u && d <= 15) {
            v = v * 10 + (pos[d] - '0');
            d++;
        }
        if (d == 0 || d > 15 || line_end - (pos + d) < slen || memcmp(pos + d, sep, (size_t)slen) != 0)
            goto done;
        if (i == 0) {
            if (v + nlines >= 1000000000000000LL)
                goto done;
            expect = v;
            if (pos[0] == '0' && d > 1)  /* "007": int() gives 7, but the line does not start with "7" */
                goto done;
        } else if (v != expect || (pos[0] == '0' && d > 1)) {
            goto done;
        }
        expect++;
        pos = line_end + 1;
    }
    ok = 1;
done:
    PyBuffer_Release(&b);
    PyBuffer_Release(&s);
    return PyBool_FromLong(ok);
}

/* empty_cell(body) -> bool: _batchcsv._empty_cell's twin: whether a comma starts or ends a line of ``body`` or
   follows another (an empty cell). One pass over the bytes (~1 ns a byte; four ``bytes.__contains__`` of two-byte
   needles cost ~2.6 ns a byte each on digit-heavy text). */
static PyObject *empty_cell(PyObject *self, PyObject *args) {
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*", &b))
        return NULL;
    const unsigned char *p = (const unsigned char *)b.buf;
    Py_ssize_t n = b.len;
    int found = 0;
    unsigned char prev = '\n';  /* the start of the body is the start of a line */
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if ((c == ',' && (prev == ',' || prev == '\n')) || (c == '\n' && prev == ',')) {
            found = 1;
            break;
        }
        prev = c;
    }
    PyBuffer_Release(&b);
    return PyBool_FromLong(found);
}

static PyMethodDef methods[] = {
    {"empty_cell", empty_cell, METH_VARARGS, "empty_cell(body) -> bool; _batchcsv._empty_cell's twin (C source)"},
    {"counts_up", counts_up, METH_VARARGS, "counts_up(body, sep) -> bool; _blocks._counts_up's twin (C source)"},
    {"parse", parse, METH_VARARGS,
     "parse(bodies: list[bytes], fields: int) -> (values, filled, rows) as bytes; see the module's C source"},
    {"read", read_points, METH_VARARGS,
     "read(bodies, fields, x, strict, need_used) -> (codes, steps, values, points, used); see the C source"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_csvcells", NULL, -1, methods};

PyMODINIT_FUNC PyInit__csvcells(void) {
#ifdef HAVE_X87
    LP10[0] = 1.0L;
    for (int i = 1; i < 28; i++) LP10[i] = LP10[i - 1] * 10.0L;
#endif
    return PyModule_Create(&module);
}
