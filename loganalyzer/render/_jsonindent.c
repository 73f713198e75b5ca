/* indent2(compact: bytes) -> bytes: compact JSON, as json.dumps(..., separators=(",", ":")) writes it with the C
 * encoder, indented as json.dumps(..., indent=2) writes it (render/json_indent.py says why; its fallback without
 * this module is json.dumps(indent=2) itself, and tests/test_json_indent.py compares the two byte for byte).
 *
 * One pass: inside a string every byte is copied (a backslash and the byte after it together, so an escaped quote
 * never ends the string); outside, "{" / "[" not closed at once and "," are followed by a newline and two spaces
 * per level, "}" / "]" not closing an empty container are preceded by one, ":" is followed by a space. Compact
 * JSON has no other whitespace outside strings, and no byte of a multi-byte UTF-8 sequence is ASCII.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    char *buf;
    Py_ssize_t len, cap;
} Out;

static int grow(Out *o, Py_ssize_t need) {
    if (o->len + need <= o->cap)
        return 0;
    Py_ssize_t cap = o->cap * 2;
    if (cap < o->len + need)
        cap = o->len + need;
    char *b = PyMem_Realloc(o->buf, (size_t)cap);
    if (!b) {
        PyErr_NoMemory();
        return -1;
    }
    o->buf = b;
    o->cap = cap;
    return 0;
}

static int newline(Out *o, Py_ssize_t level) {
    if (level < 0) /* more closers than openers: not the encoder's output, but never a negative memset */
        level = 0;
    if (grow(o, 1 + 2 * level) < 0)
        return -1;
    o->buf[o->len++] = '\n';
    memset(o->buf + o->len, ' ', (size_t)(2 * level));
    o->len += 2 * level;
    return 0;
}

static PyObject *indent2(PyObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    const char *s = view.buf;
    Py_ssize_t n = view.len, i = 0, level = 0;
    Out o = {NULL, 0, 0};
    if (grow(&o, n + n / 2 + 64) < 0)
        goto fail;
    while (i < n) {
        char c = s[i];
        if (c == '"') { /* a string, copied whole */
            Py_ssize_t j = i + 1;
            while (j < n && s[j] != '"')
                j += s[j] == '\\' ? 2 : 1; /* an escape and the byte it escapes */
            j = j < n ? j + 1 : n;
            if (grow(&o, j - i) < 0)
                goto fail;
            memcpy(o.buf + o.len, s + i, (size_t)(j - i));
            o.len += j - i;
            i = j;
            continue;
        }
        switch (c) {
        case '{':
        case '[':
            if (grow(&o, 2) < 0)
                goto fail;
            o.buf[o.len++] = c;
            if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']')) { /* empty: "{}" / "[]" */
                o.buf[o.len++] = s[i + 1];
                i += 2;
                continue;
            }
            if (newline(&o, ++level) < 0)
                goto fail;
            break;
        case '}':
        case ']':
            if (newline(&o, --level) < 0 || grow(&o, 1) < 0)
                goto fail;
            o.buf[o.len++] = c;
            break;
        case ',':
            if (grow(&o, 1) < 0)
                goto fail;
            o.buf[o.len++] = ',';
            if (newline(&o, level) < 0)
                goto fail;
            break;
        case ':':
            if (grow(&o, 2) < 0)
                goto fail;
            o.buf[o.len++] = ':';
            o.buf[o.len++] = ' ';
            break;
        default: { /* a number, true, false, null: up to the next structural byte */
            Py_ssize_t j = i + 1;
            while (j < n && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != ':')
                j++;
            if (grow(&o, j - i) < 0)
                goto fail;
            memcpy(o.buf + o.len, s + i, (size_t)(j - i));
            o.len += j - i;
            i = j;
            continue;
        }
        }
        i++;
    }
    PyBuffer_Release(&view);
    PyObject *result = PyBytes_FromStringAndSize(o.buf, o.len);
    PyMem_Free(o.buf);
    return result;
fail:
    PyBuffer_Release(&view);
    PyMem_Free(o.buf);
    return NULL;
}

static PyMethodDef methods[] = {
    {"indent2", indent2, METH_O, "Compact JSON (separators=(',', ':')) indented as json.dumps(indent=2) writes it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_jsonindent", NULL, -1, methods};

PyMODINIT_FUNC PyInit__jsonindent(void) { return PyModule_Create(&module); }
