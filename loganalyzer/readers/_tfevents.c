/* Fast decoder for TensorBoard event files (TFRecord framing + the few protobuf fields loganalyzer needs).
 *
 * Why C: per-record Python work dominates reading event files (a Python loop tops out near 300k events/s);
 * this loop checks every CRC and pulls scalars out at tens of millions of events/s. It must produce exactly
 * what the pure-Python decoder in _tfevents_py.py produces: tests compare the two on every file.
 *
 * decode(buffer, details: bool) -> dict, see _tfevents_py.decode for the meaning of each key.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

/* ---------------------------------------------------------------- CRC-32C (Castagnoli) */
static uint32_t crc_table[8][256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : (c >> 1);
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = crc_table[0][i];
        for (int t = 1; t < 8; t++) {
            c = crc_table[0][c & 0xff] ^ (c >> 8);
            crc_table[t][i] = c;
        }
    }
}

static uint32_t crc_sw(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n && ((uintptr_t)p & 7)) { c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8); n--; }
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        w ^= c;
        c = crc_table[7][w & 0xff] ^ crc_table[6][(w >> 8) & 0xff] ^ crc_table[5][(w >> 16) & 0xff] ^
            crc_table[4][(w >> 24) & 0xff] ^ crc_table[3][(w >> 32) & 0xff] ^ crc_table[2][(w >> 40) & 0xff] ^
            crc_table[1][(w >> 48) & 0xff] ^ crc_table[0][(w >> 56) & 0xff];
        p += 8; n -= 8;
    }
    while (n--) c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

#if defined(__GNUC__) && defined(__x86_64__) && (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define HAVE_HW_CRC 1
__attribute__((target("sse4.2"))) static uint32_t crc_hw(const uint8_t *p, size_t n) {
    uint64_t c = 0xFFFFFFFFu;
    while (n >= 8) { uint64_t w; memcpy(&w, p, 8); c = __builtin_ia32_crc32di(c, w); p += 8; n -= 8; }
    uint32_t c32 = (uint32_t)c;
    while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
    return c32 ^ 0xFFFFFFFFu;
}
#endif

static int use_hw_crc = 0;

static inline uint32_t crc32c(const uint8_t *p, size_t n) {
#ifdef HAVE_HW_CRC
    if (use_hw_crc) return crc_hw(p, n);
#endif
    return crc_sw(p, n);
}

static inline uint32_t masked_crc(const uint8_t *p, size_t n) {
    uint32_t c = crc32c(p, n);
    return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
}

static inline uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; } /* little-endian hosts */
static inline uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ---------------------------------------------------------------- growable buffers */
typedef struct { char *data; size_t len, cap; } Buf;

static int buf_put(Buf *b, const void *src, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return -1;
        b->data = d; b->cap = cap;
    }
    memcpy(b->data + b->len, src, n);
    b->len += n;
    return 0;
}

/* ---------------------------------------------------------------- tag table (open addressing) */
typedef struct {
    const uint8_t **ptr;  /* tag bytes point into the input buffer, alive for the whole call */
    uint32_t *len;
    const uint8_t **plugin; /* plugin name of the first value with metadata, or NULL */
    uint32_t *plugin_len;
    uint32_t n, cap;      /* entries */
    int32_t *slots;       /* hash slots -> entry index, -1 empty */
    uint32_t nslots;
} Tags;

static uint64_t fnv(const uint8_t *p, uint32_t n) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ull; }
    return h;
}

static int tags_grow_slots(Tags *t) {
    uint32_t ns = t->nslots ? t->nslots * 2 : 64;
    int32_t *s = malloc(sizeof(int32_t) * ns);
    if (!s) return -1;
    for (uint32_t i = 0; i < ns; i++) s[i] = -1;
    for (uint32_t e = 0; e < t->n; e++) {
        uint64_t h = fnv(t->ptr[e], t->len[e]) & (ns - 1);
        while (s[h] >= 0) h = (h + 1) & (ns - 1);
        s[h] = (int32_t)e;
    }
    free(t->slots);
    t->slots = s; t->nslots = ns;
    return 0;
}

/* index of the tag, adding it if new; -1 on memory error */
static int32_t tags_index(Tags *t, const uint8_t *p, uint32_t n) {
    if (t->n * 2 >= t->nslots && tags_grow_slots(t) < 0) return -1;
    uint64_t h = fnv(p, n) & (t->nslots - 1);
    while (t->slots[h] >= 0) {
        int32_t e = t->slots[h];
        if (t->len[e] == n && memcmp(t->ptr[e], p, n) == 0) return e;
        h = (h + 1) & (t->nslots - 1);
    }
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        const uint8_t **np_ = realloc(t->ptr, sizeof(*np_) * cap); if (!np_) return -1; t->ptr = np_;
        uint32_t *nl = realloc(t->len, sizeof(*nl) * cap); if (!nl) return -1; t->len = nl;
        const uint8_t **pp = realloc(t->plugin, sizeof(*pp) * cap); if (!pp) return -1; t->plugin = pp;
        uint32_t *pl = realloc(t->plugin_len, sizeof(*pl) * cap); if (!pl) return -1; t->plugin_len = pl;
        t->cap = cap;
    }
    uint32_t e = t->n++;
    t->ptr[e] = p; t->len[e] = n; t->plugin[e] = NULL; t->plugin_len[e] = 0;
    t->slots[h] = (int32_t)e;
    return (int32_t)e;
}

static void tags_free(Tags *t) { free(t->ptr); free(t->len); free(t->plugin); free(t->plugin_len); free(t->slots); }

/* ---------------------------------------------------------------- protobuf wire format */
/* read a varint; returns new position or NULL when malformed */
static inline const uint8_t *varint(const uint8_t *p, const uint8_t *end, uint64_t *out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (p >= end) return NULL;
        uint8_t b = *p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) { *out = v; return p; }
    }
    return NULL;
}

/* skip a field of the given wire type; NULL when malformed */
static inline const uint8_t *skip_field(const uint8_t *p, const uint8_t *end, int wt) {
    uint64_t v;
    switch (wt) {
    case 0: return varint(p, end, &v);
    case 1: return (end - p >= 8) ? p + 8 : NULL;
    case 2: p = varint(p, end, &v); if (!p || v > (uint64_t)(end - p)) return NULL; return p + v;
    case 5: return (end - p >= 4) ? p + 4 : NULL;
    default: return NULL; /* groups (3, 4) never occur in these protos */
    }
}

/* a length-delimited field: sets *s and *n; NULL when malformed */
static inline const uint8_t *bytes_field(const uint8_t *p, const uint8_t *end, const uint8_t **s, uint64_t *n) {
    p = varint(p, end, n);
    if (!p || *n > (uint64_t)(end - p)) return NULL;
    *s = p;
    return p + *n;
}

/* ---------------------------------------------------------------- tensor scalars */
enum { DT_FLOAT = 1, DT_DOUBLE = 2, DT_INT32 = 3, DT_UINT8 = 4, DT_INT16 = 5, DT_INT8 = 6, DT_INT64 = 9,
       DT_BOOL = 10, DT_BFLOAT16 = 14, DT_UINT16 = 17, DT_HALF = 19, DT_UINT32 = 22, DT_UINT64 = 23 };

static double half_to_double(uint16_t h) {
    int sign = h >> 15, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
    double v;
    if (exp == 0) v = ldexp((double)man, -24);
    else if (exp == 31) v = man ? NAN : INFINITY;
    else v = ldexp((double)(man | 0x400), exp - 25);
    return sign ? -v : v;
}

static double bf16_to_double(uint16_t h) {
    uint32_t bits = (uint32_t)h << 16; float f; memcpy(&f, &bits, 4); return (double)f;
}

static int item_size(int dt) {
    switch (dt) {
    case DT_FLOAT: case DT_INT32: case DT_UINT32: return 4;
    case DT_DOUBLE: case DT_INT64: case DT_UINT64: return 8;
    case DT_INT16: case DT_UINT16: case DT_HALF: case DT_BFLOAT16: return 2;
    case DT_INT8: case DT_UINT8: case DT_BOOL: return 1;
    default: return 0;
    }
}

static double from_content(int dt, const uint8_t *p) {
    switch (dt) {
    case DT_FLOAT: { float f; memcpy(&f, p, 4); return f; }
    case DT_DOUBLE: { double d; memcpy(&d, p, 8); return d; }
    case DT_INT32: return (double)(int32_t)rd32(p);
    case DT_UINT32: return (double)rd32(p);
    case DT_INT64: return (double)(int64_t)rd64(p);
    case DT_UINT64: return (double)rd64(p);
    case DT_INT16: { int16_t v; memcpy(&v, p, 2); return v; }
    case DT_UINT16: { uint16_t v; memcpy(&v, p, 2); return v; }
    case DT_HALF: { uint16_t v; memcpy(&v, p, 2); return half_to_double(v); }
    case DT_BFLOAT16: { uint16_t v; memcpy(&v, p, 2); return bf16_to_double(v); }
    case DT_INT8: return (double)(int8_t)p[0];
    case DT_UINT8: return (double)p[0];
    case DT_BOOL: return p[0] ? 1.0 : 0.0;
    }
    return NAN;
}

/* The first element of a repeated numeric field given as one packed run or a single unpacked value.
 * kind: 'f' fixed32 float, 'd' fixed64 double, 'v' varint. Returns 1 when a value was found. */
static int first_packed(const uint8_t *p, const uint8_t *end, int wt, char kind, uint64_t *raw) {
    if (wt == 2) {
        const uint8_t *s; uint64_t n;
        if (!bytes_field(p, end, &s, &n) || n == 0) return 0;
        if (kind == 'f') { if (n < 4) return 0; *raw = rd32(s); return 1; }
        if (kind == 'd') { if (n < 8) return 0; *raw = rd64(s); return 1; }
        return varint(s, s + n, raw) != NULL;
    }
    if (kind == 'f' && wt == 5 && end - p >= 4) { *raw = rd32(p); return 1; }
    if (kind == 'd' && wt == 1 && end - p >= 8) { *raw = rd64(p); return 1; }
    if (kind == 'v' && wt == 0) return varint(p, end, raw) != NULL;
    return 0;
}

/* Parse a TensorProto; if it is a rank-0 numeric tensor with a value, store it and return 1;
 * 0 when not a scalar; -1 when malformed. The value comes from tensor_content when present, else from the
 * typed *_val field that matches the dtype (first element), as TensorFlow's make_ndarray reads it. */
static int tensor_scalar(const uint8_t *p, const uint8_t *end, double *out) {
    int dt = 0, rank = 0;
    int have[18] = {0};
    uint64_t raw[18] = {0};
    const uint8_t *content = NULL; uint64_t content_n = 0;
    while (p < end) {
        uint64_t key;
        p = varint(p, end, &key);
        if (!p) return -1;
        int field = (int)(key >> 3), wt = (int)(key & 7);
        const uint8_t *next = skip_field(p, end, wt);
        if (!next) return -1;
        if (field == 1 && wt == 0) { uint64_t v = 0; varint(p, end, &v); dt = (int)v; }
        else if (field == 2 && wt == 2) {
            const uint8_t *s = NULL; uint64_t n = 0; bytes_field(p, end, &s, &n);
            const uint8_t *q = s, *qe = s + n;
            while (q < qe) {
                uint64_t k2; q = varint(q, qe, &k2); if (!q) return -1;
                const uint8_t *q2 = skip_field(q, qe, (int)(k2 & 7)); if (!q2) return -1;
                if ((k2 >> 3) == 2) rank++;
                q = q2;
            }
        }
        else if (field == 4 && wt == 2) { bytes_field(p, end, &content, &content_n); }
        else if (field >= 5 && field <= 17 && !have[field]) {
            char kind = 0;
            if (field == 5) kind = 'f';
            else if (field == 6) kind = 'd';
            else if (field == 7 || field == 10 || field == 11 || field == 13 || field == 16 || field == 17) kind = 'v';
            if (kind && first_packed(p, end, wt, kind, &raw[field])) have[field] = 1;
        }
        p = next;
    }
    if (rank != 0) return 0;
    int isz = item_size(dt);
    if (!isz) return 0;
    if (content_n > 0) {
        if (content_n < (uint64_t)isz) return 0;
        *out = from_content(dt, content);
        return 1;
    }
    /* a scalar with no value field is zero (proto defaults), as TensorFlow's make_ndarray reads it */
    *out = 0.0;
    switch (dt) {
    case DT_FLOAT: if (!have[5]) return 1; { uint32_t b = (uint32_t)raw[5]; float f; memcpy(&f, &b, 4); *out = f; } return 1;
    case DT_DOUBLE: if (!have[6]) return 1; { double d; memcpy(&d, &raw[6], 8); *out = d; } return 1;
    case DT_HALF: if (!have[13]) return 1; *out = half_to_double((uint16_t)raw[13]); return 1;
    case DT_BFLOAT16: if (!have[13]) return 1; *out = bf16_to_double((uint16_t)raw[13]); return 1;
    case DT_INT32: case DT_INT16: case DT_INT8: if (!have[7]) return 1; *out = (double)(int32_t)raw[7]; return 1;
    case DT_UINT8: case DT_UINT16: if (!have[7]) return 1; *out = (double)(uint32_t)raw[7]; return 1;
    case DT_INT64: if (!have[10]) return 1; *out = (double)(int64_t)raw[10]; return 1;
    case DT_BOOL: if (!have[11]) return 1; *out = raw[11] ? 1.0 : 0.0; return 1;
    case DT_UINT32: if (!have[16]) return 1; *out = (double)(uint32_t)raw[16]; return 1;
    case DT_UINT64: if (!have[17]) return 1; *out = (double)raw[17]; return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- decoder state */
typedef struct {
    const uint8_t *base;
    int details;
    Tags tags;
    Buf tag_index, steps, values, walls;
    size_t npoints;
    PyObject *problems, *restarts, *histograms, *hparams;
    PyObject *file_version;
    Py_ssize_t records;
} State;

static int add_problem(State *st, Py_ssize_t offset, const char *msg) {
    PyObject *t = Py_BuildValue("(ns)", offset, msg);
    if (!t) return -1;
    int r = PyList_Append(st->problems, t);
    Py_DECREF(t);
    return r;
}

static int add_point(State *st, int32_t tag, int64_t step, double value, double wall) {
    if (buf_put(&st->tag_index, &tag, 4) || buf_put(&st->steps, &step, 8) || buf_put(&st->values, &value, 8) ||
        buf_put(&st->walls, &wall, 8)) { PyErr_NoMemory(); return -1; }
    st->npoints++;
    return 0;
}

/* Summary.Value; returns 0 ok, 1 malformed, -1 Python error */
static int decode_value(State *st, const uint8_t *p, const uint8_t *end, int64_t step, double wall) {
    const uint8_t *tag = NULL; uint64_t tag_n = 0;
    const uint8_t *plugin = NULL; uint64_t plugin_n = 0; int has_plugin = 0;
    const uint8_t *content = NULL; uint64_t content_n = 0;
    int kind = 0; /* 2 simple, 5 histo, 8 tensor: the last one set wins, as in protobuf oneofs */
    float simple = 0; const uint8_t *sub = NULL; uint64_t sub_n = 0;
    while (p < end) {
        uint64_t key;
        p = varint(p, end, &key);
        if (!p) return 1;
        int field = (int)(key >> 3), wt = (int)(key & 7);
        const uint8_t *next = skip_field(p, end, wt);
        if (!next) return 1;
        if (field == 1 && wt == 2) bytes_field(p, end, &tag, &tag_n);
        else if (field == 2 && wt == 5) { uint32_t b = rd32(p); memcpy(&simple, &b, 4); kind = 2; }
        else if ((field == 5 || field == 8) && wt == 2) { bytes_field(p, end, &sub, &sub_n); kind = field; }
        else if ((field == 3 || field == 4 || field == 6) && wt == 2) { kind = 0; sub = NULL; }
        else if (field == 9 && wt == 2) {
            const uint8_t *m = NULL; uint64_t mn = 0; bytes_field(p, end, &m, &mn);
            const uint8_t *q = m, *qe = m + mn;
            while (q < qe) { /* SummaryMetadata */
                uint64_t k2; q = varint(q, qe, &k2); if (!q) return 1;
                const uint8_t *q2 = skip_field(q, qe, (int)(k2 & 7)); if (!q2) return 1;
                if ((k2 >> 3) == 1 && (k2 & 7) == 2) { /* PluginData */
                    const uint8_t *d = NULL; uint64_t dn = 0; bytes_field(q, qe, &d, &dn);
                    const uint8_t *r = d, *re = d + dn;
                    while (r < re) {
                        uint64_t k3; r = varint(r, re, &k3); if (!r) return 1;
                        const uint8_t *r2 = skip_field(r, re, (int)(k3 & 7)); if (!r2) return 1;
                        if ((k3 >> 3) == 1 && (k3 & 7) == 2) { bytes_field(r, re, &plugin, &plugin_n); has_plugin = 1; }
                        else if ((k3 >> 3) == 2 && (k3 & 7) == 2) bytes_field(r, re, &content, &content_n);
                        r = r2;
                    }
                }
                q = q2;
            }
        }
        p = next;
    }
    int32_t ti = tags_index(&st->tags, tag ? tag : (const uint8_t *)"", (uint32_t)tag_n);
    if (ti < 0) { PyErr_NoMemory(); return -1; }
    if (has_plugin && st->tags.plugin[ti] == NULL) {
        st->tags.plugin[ti] = plugin ? plugin : (const uint8_t *)"";
        st->tags.plugin_len[ti] = (uint32_t)plugin_n;
    }
    if (kind == 2) return add_point(st, ti, step, (double)simple, wall) < 0 ? -1 : 0;
    if (kind == 8) {
        double v;
        int r = tensor_scalar(sub, sub + sub_n, &v);
        if (r < 0) return 1;
        if (r == 1) return add_point(st, ti, step, v, wall) < 0 ? -1 : 0;
        if (st->details && st->tags.plugin[ti] && st->tags.plugin_len[ti] == 10 &&
            memcmp(st->tags.plugin[ti], "histograms", 10) == 0) {
            PyObject *t = Py_BuildValue("(iLdnns)", ti, (long long)step, wall, (Py_ssize_t)(sub - st->base),
                                        (Py_ssize_t)sub_n, "tensor");
            if (!t || PyList_Append(st->histograms, t) < 0) { Py_XDECREF(t); return -1; }
            Py_DECREF(t);
        }
    } else if (kind == 5 && st->details) {
        PyObject *t = Py_BuildValue("(iLdnns)", ti, (long long)step, wall, (Py_ssize_t)(sub - st->base),
                                    (Py_ssize_t)sub_n, "histo");
        if (!t || PyList_Append(st->histograms, t) < 0) { Py_XDECREF(t); return -1; }
        Py_DECREF(t);
    }
    if (st->details && has_plugin && plugin_n == 7 && memcmp(plugin, "hparams", 7) == 0 && content) {
        PyObject *t = Py_BuildValue("(inn)", ti, (Py_ssize_t)(content - st->base), (Py_ssize_t)content_n);
        if (!t || PyList_Append(st->hparams, t) < 0) { Py_XDECREF(t); return -1; }
        Py_DECREF(t);
    }
    return 0;
}

/* one Event record; returns 0 ok, 1 malformed, -1 Python error */
static int decode_event(State *st, const uint8_t *p, const uint8_t *end) {
    double wall = 0.0; int64_t step = 0;
    const uint8_t *summaries[8]; uint64_t summary_n[8]; int nsum = 0;
    int session_start = 0;
    const uint8_t *fv = NULL; uint64_t fv_n = 0;
    const uint8_t *start = p;
    while (p < end) {
        uint64_t key;
        p = varint(p, end, &key);
        if (!p) return 1;
        int field = (int)(key >> 3), wt = (int)(key & 7);
        const uint8_t *next = skip_field(p, end, wt);
        if (!next) return 1;
        if (field == 1 && wt == 1) { uint64_t b = rd64(p); memcpy(&wall, &b, 8); }
        else if (field == 2 && wt == 0) { uint64_t v = 0; varint(p, end, &v); step = (int64_t)v; }
        else if (field == 3 && wt == 2) bytes_field(p, end, &fv, &fv_n);
        else if (field == 5 && wt == 2) {
            if (nsum == 8) return 1;
            bytes_field(p, end, &summaries[nsum], &summary_n[nsum]); nsum++;
        }
        else if (field == 7 && wt == 2) {
            const uint8_t *s = NULL; uint64_t n = 0; bytes_field(p, end, &s, &n);
            const uint8_t *q = s, *qe = s + n;
            while (q < qe) {
                uint64_t k2; q = varint(q, qe, &k2); if (!q) return 1;
                const uint8_t *q2 = skip_field(q, qe, (int)(k2 & 7)); if (!q2) return 1;
                if (k2 == 8) { uint64_t status = 0; varint(q, qe, &status); session_start = (status == 1); }
                q = q2;
            }
        }
        p = next;
    }
    (void)start;
    if (fv && st->file_version == Py_None) {
        PyObject *s = PyUnicode_DecodeUTF8((const char *)fv, (Py_ssize_t)fv_n, "replace");
        if (!s) return -1;
        Py_DECREF(st->file_version);
        st->file_version = s;
    }
    if (session_start) {
        PyObject *t = Py_BuildValue("(nL)", (Py_ssize_t)st->npoints, (long long)step);
        if (!t || PyList_Append(st->restarts, t) < 0) { Py_XDECREF(t); return -1; }
        Py_DECREF(t);
    }
    /* validate every summary before emitting any of its points, so a malformed record adds nothing */
    size_t mark_points = st->npoints;
    Py_ssize_t mark_h = PyList_GET_SIZE(st->histograms), mark_hp = PyList_GET_SIZE(st->hparams);
    for (int i = 0; i < nsum; i++) {
        const uint8_t *q = summaries[i], *qe = summaries[i] + summary_n[i];
        while (q < qe) {
            uint64_t k2; q = varint(q, qe, &k2); if (!q) goto malformed;
            const uint8_t *q2 = skip_field(q, qe, (int)(k2 & 7)); if (!q2) goto malformed;
            if ((k2 >> 3) == 1 && (k2 & 7) == 2) {
                const uint8_t *v = NULL; uint64_t vn = 0; bytes_field(q, qe, &v, &vn);
                int r = decode_value(st, v, v + vn, step, wall);
                if (r < 0) return -1;
                if (r > 0) goto malformed;
            }
            q = q2;
        }
    }
    return 0;
malformed:
    /* roll back what this record added */
    st->npoints = mark_points;
    st->tag_index.len = mark_points * 4; st->steps.len = mark_points * 8;
    st->values.len = mark_points * 8; st->walls.len = mark_points * 8;
    if (PyList_SetSlice(st->histograms, mark_h, PyList_GET_SIZE(st->histograms), NULL) < 0) return -1;
    if (PyList_SetSlice(st->hparams, mark_hp, PyList_GET_SIZE(st->hparams), NULL) < 0) return -1;
    return 1;
}

/* is there a plausible record at pos (valid header CRC, and valid data CRC or running past the end)? */
static int record_at(const uint8_t *b, size_t n, size_t pos) {
    if (n - pos < 12) return 0;
    if (masked_crc(b + pos, 8) != rd32(b + pos + 8)) return 0;
    uint64_t len = rd64(b + pos);
    if (len > n - pos - 12 || n - pos - 12 - len < 4) return 1; /* truncated tail: reported by the main loop */
    return masked_crc(b + pos + 12, (size_t)len) == rd32(b + pos + 12 + len);
}

static PyObject *decode(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer view;
    int details = 0;
    if (!PyArg_ParseTuple(args, "y*|p", &view, &details)) return NULL;
    State st;
    memset(&st, 0, sizeof(st));
    st.base = view.buf;
    st.details = details;
    st.problems = PyList_New(0); st.restarts = PyList_New(0);
    st.histograms = PyList_New(0); st.hparams = PyList_New(0);
    Py_INCREF(Py_None); st.file_version = Py_None;
    PyObject *result = NULL;
    if (!st.problems || !st.restarts || !st.histograms || !st.hparams) goto done;

    const uint8_t *b = view.buf;
    size_t n = (size_t)view.len, pos = 0;
    char msg[320];
    while (pos < n) {
        if (n - pos < 12) {
            snprintf(msg, sizeof msg, "truncated record at end of file (%zu of 12 header bytes)", n - pos);
            if (add_problem(&st, (Py_ssize_t)pos, msg) < 0) goto done;
            break;
        }
        if (masked_crc(b + pos, 8) != rd32(b + pos + 8)) {
            size_t q = pos + 1;
            while (q < n && !record_at(b, n, q)) q++;
            if (q >= n) {
                snprintf(msg, sizeof msg, "corrupt record header (length CRC mismatch); no valid record in the "
                         "remaining %zu bytes", n - pos);
                if (add_problem(&st, (Py_ssize_t)pos, msg) < 0) goto done;
                break;
            }
            snprintf(msg, sizeof msg, "corrupt record header (length CRC mismatch); skipped %zu bytes", q - pos);
            if (add_problem(&st, (Py_ssize_t)pos, msg) < 0) goto done;
            pos = q;
            continue;
        }
        uint64_t len = rd64(b + pos);
        if (len > n - pos - 12 || n - pos - 12 - len < 4) {
            if (len <= n - pos - 12)  /* its data whole, the checksum after it not: the writer stopped mid-record */
                snprintf(msg, sizeof msg, "truncated record at end of file (header says %llu bytes, all present, "
                         "but %zu of the 4 checksum bytes after them: the writer stopped mid-record; this last "
                         "record is not read, the records before it are)", (unsigned long long)len, n - pos - 12 - len);
            else
                snprintf(msg, sizeof msg, "truncated record at end of file (header says %llu bytes, %zu present)",
                         (unsigned long long)len, n - pos - 12);
            if (add_problem(&st, (Py_ssize_t)pos, msg) < 0) goto done;
            break;
        }
        const uint8_t *data = b + pos + 12;
        if (masked_crc(data, (size_t)len) != rd32(data + len)) {
            if (add_problem(&st, (Py_ssize_t)pos, "record data CRC mismatch; record skipped") < 0) goto done;
        } else {
            st.records++;
            int r = decode_event(&st, data, data + len);
            if (r < 0) goto done;
            if (r > 0 && add_problem(&st, (Py_ssize_t)pos, "malformed event record; record skipped") < 0) goto done;
        }
        pos += 16 + (size_t)len;
    }

    {
        PyObject *tags = PyList_New(st.tags.n), *plugins = PyList_New(st.tags.n);
        if (!tags || !plugins) { Py_XDECREF(tags); Py_XDECREF(plugins); goto done; }
        for (uint32_t i = 0; i < st.tags.n; i++) {
            PyObject *s = PyUnicode_DecodeUTF8((const char *)st.tags.ptr[i], st.tags.len[i], "replace");
            PyObject *pl = st.tags.plugin[i]
                ? PyUnicode_DecodeUTF8((const char *)st.tags.plugin[i], st.tags.plugin_len[i], "replace")
                : PyUnicode_FromString("");
            if (!s || !pl) { Py_XDECREF(s); Py_XDECREF(pl); Py_DECREF(tags); Py_DECREF(plugins); goto done; }
            PyList_SET_ITEM(tags, i, s);
            PyList_SET_ITEM(plugins, i, pl);
        }
        result = Py_BuildValue(
            "{s:N,s:N,s:y#,s:y#,s:y#,s:y#,s:O,s:O,s:O,s:O,s:O,s:n}",
            "tags", tags, "plugins", plugins,
            "tag_index", st.tag_index.data ? st.tag_index.data : "", (Py_ssize_t)st.tag_index.len,
            "step", st.steps.data ? st.steps.data : "", (Py_ssize_t)st.steps.len,
            "value", st.values.data ? st.values.data : "", (Py_ssize_t)st.values.len,
            "wall_time", st.walls.data ? st.walls.data : "", (Py_ssize_t)st.walls.len,
            "problems", st.problems, "restarts", st.restarts, "histograms", st.histograms,
            "hparams", st.hparams, "file_version", st.file_version, "records", st.records);
    }
done:
    PyBuffer_Release(&view);
    tags_free(&st.tags);
    free(st.tag_index.data); free(st.steps.data); free(st.values.data); free(st.walls.data);
    Py_XDECREF(st.problems); Py_XDECREF(st.restarts); Py_XDECREF(st.histograms); Py_XDECREF(st.hparams);
    Py_XDECREF(st.file_version);
    return result;
}

static PyObject *py_masked_crc(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) return NULL;
    uint32_t c = masked_crc(view.buf, (size_t)view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(c);
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_VARARGS, "decode(buffer, details=False) -> dict of columns; see _tfevents_py.decode"},
    {"masked_crc", py_masked_crc, METH_VARARGS, "masked CRC-32C of a buffer, as TFRecord stores it"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tfevents", NULL, -1, methods};

PyMODINIT_FUNC PyInit__tfevents(void) {
    crc_init();
#ifdef HAVE_HW_CRC
    __builtin_cpu_init();
    use_hw_crc = __builtin_cpu_supports("sse4.2");
#endif
    return PyModule_Create(&module);
}
