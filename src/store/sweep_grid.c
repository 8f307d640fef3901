/* sweep_grid.c: a sweep's results over two axes (see sweep_grid.h). Each point keeps the
 * identity of its result and claim files (inode, size, mtime: results are replaced by
 * rename, so a new result is a new inode) and what they said; a refresh stats every
 * point's two files and reads only those that changed, plus the claims (whose process may
 * have died without the file changing). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "store/sweep_grid.h"

typedef struct {
    int exists;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} file_id;

struct rm_grid_point {
    size_t cell;              /* index into cells */
    file_id result, claim;
    rm_point_state state;
    int has_z, keep;
    double z;
};

static file_id file_id_of(const char *path) {
    struct stat st;
    file_id f = {0};
    if (stat(path, &st) == 0) {
        f.exists = 1;
        f.ino = st.st_ino;
        f.size = st.st_size;
        f.mtime = st.st_mtim;
    }
    return f;
}

static int file_id_same(const file_id *a, const file_id *b) {
    return a->exists == b->exists && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

void rm_sweep_grid_free(rm_sweep_grid *g) {
    if (!g) return;
    for (size_t i = 0; g->xlab && i < g->nx; i++) free(g->xlab[i]);
    for (size_t i = 0; g->ylab && i < g->ny; i++) free(g->ylab[i]);
    free(g->xlab), free(g->ylab), free(g->xval), free(g->yval);
    free(g->cells), free(g->pts);
    rm_sweep_free(g->sweep);
    free(g);
}

static const json_t *find_axis(const json_t *axes, const char *key) {
    size_t i;
    json_t *a;
    json_array_foreach(axes, i, a)
        if (!strcmp(json_string_value(json_object_get(a, "key")), key)) return a;
    return NULL;
}

/* Picks the two axes: the named ones, or lambda x sigma, or the first two. */
static int pick_axes(const rm_sweep *s, const char *x, const char *y, const json_t *ax[2],
                     rm_err *e) {
    json_t *axes = json_object_get(s->desc, "axes");
    size_t na = json_array_size(axes);
    for (size_t i = 0; i < na; i++)
        if (!json_is_string(json_object_get(json_array_get(axes, i), "key")) ||
            !json_is_array(json_object_get(json_array_get(axes, i), "values")))
            return rm_seterr(e, RM_EFORMAT, "%s/sweep.json: axis %zu has no key or values",
                             s->dir, i);
    if (!x && !y && find_axis(axes, "lambda") && find_axis(axes, "sigma"))
        x = "lambda", y = "sigma";   /* the paper's map */
    const char *names[2] = {x, y};
    for (int k = 0; k < 2; k++) {
        if (names[k]) {
            ax[k] = find_axis(axes, names[k]);
            if (!ax[k])
                return rm_seterr(e, RM_EINVAL, "'%s' is not an axis of sweep %s", names[k],
                                 s->name);
        } else {   /* the first axis not taken by the other */
            ax[k] = NULL;
            for (size_t i = 0; i < na && !ax[k]; i++) {
                const json_t *a = json_array_get(axes, i);
                const char *key = json_string_value(json_object_get(a, "key"));
                if (!names[1 - k] || strcmp(key, names[1 - k])) {
                    if (k == 1 && a == ax[0]) continue;
                    ax[k] = a;
                }
            }
        }
    }
    if (!ax[0] || !ax[1] || ax[0] == ax[1])
        return rm_seterr(e, RM_EINVAL, "a grid needs two different axes (sweep %s has %zu)",
                         s->name, na);
    return RM_OK;
}

/* The axis values as text and numbers. */
static int axis_values(const json_t *axis, size_t *n, char ***lab, double **val, rm_err *e) {
    const json_t *vals = json_object_get(axis, "values");
    *n = json_array_size(vals);
    *lab = calloc(*n ? *n : 1, sizeof **lab);
    *val = calloc(*n ? *n : 1, sizeof **val);
    if (!*lab || !*val) return rm_seterr(e, RM_ENOMEM, "out of memory");
    for (size_t i = 0; i < *n; i++) {
        const json_t *v = json_array_get(vals, i);
        char buf[256];
        rm_sweep_value_text(v, buf, sizeof buf);
        if (!((*lab)[i] = strdup(buf))) return rm_seterr(e, RM_ENOMEM, "out of memory");
        (*val)[i] = json_is_number(v) ? json_number_value(v) : NAN;
    }
    return RM_OK;
}

/* The index of the point's value on the axis; n (no cell) if it has none of them. */
static size_t axis_pos(const json_t *axis, const json_t *pt, size_t n) {
    const json_t *v = json_object_get(pt, json_string_value(json_object_get(axis, "key")));
    json_t *vals = json_object_get(axis, "values"), *a;
    size_t i;
    json_array_foreach(vals, i, a) {
        if (json_equal(a, v)) return i;
        if (json_is_number(a) && json_is_number(v) && json_number_value(a) == json_number_value(v))
            return i;   /* 1 and 1.0 */
    }
    return n;
}

/* Reads point i's state and value afresh. */
static void point_read(rm_sweep_grid *g, size_t i) {
    rm_grid_point *p = &g->pts[i];
    json_t *r;
    p->state = rm_sweep_state(g->sweep, i, &r);
    json_t *z = json_object_get(r, g->zkey);
    p->has_z = p->state == RM_POINT_DONE && json_is_number(z) && isfinite(json_number_value(z));
    p->z = p->has_z ? json_number_value(z) : NAN;
    p->keep = json_is_true(json_object_get(r, "keep"));
    json_decref(r);
}

static void cells_compute(rm_sweep_grid *g) {
    size_t nc = g->nx * g->ny;
    for (size_t c = 0; c < nc; c++) g->cells[c] = (rm_grid_cell){.value = 0};
    memset(g->count, 0, sizeof g->count);
    int want_keep = !strcmp(g->zkey, "si");
    for (size_t i = 0; i < g->sweep->n; i++) {
        const rm_grid_point *p = &g->pts[i];
        g->count[p->state]++;
        if (p->cell >= nc) continue;
        rm_grid_cell *c = &g->cells[p->cell];
        switch (p->state) {
        case RM_POINT_DONE:
            c->done++;
            if (p->has_z && (p->keep || !want_keep)) {
                c->value += p->z;
                c->n_value++;
            }
            break;
        case RM_POINT_FAILED: c->failed++; break;
        case RM_POINT_RUNNING: c->running++; break;
        case RM_POINT_MISSING: c->missing++; break;
        }
    }
    g->zmin = g->zmax = NAN;
    for (size_t k = 0; k < nc; k++) {
        rm_grid_cell *c = &g->cells[k];
        c->value = c->n_value ? c->value / c->n_value : NAN;
        c->state = c->n_value ? RM_CELL_VALUE : c->running ? RM_CELL_RUNNING
                   : c->missing ? RM_CELL_MISSING : c->done ? RM_CELL_NOT_KEPT : RM_CELL_FAILED;
        if (c->n_value && !(c->value >= g->zmin)) g->zmin = c->value;
        if (c->n_value && !(c->value <= g->zmax)) g->zmax = c->value;
    }
}

int rm_sweep_grid_refresh(rm_sweep_grid *g) {
    int changed = 0;
    for (size_t i = 0; i < g->sweep->n; i++) {
        rm_grid_point *p = &g->pts[i];
        char path[4096];
        rm_sweep_path(g->sweep, "results", i, path, sizeof path);
        file_id r = file_id_of(path);
        rm_sweep_path(g->sweep, "running", i, path, sizeof path);
        file_id c = file_id_of(path);
        /* a claim is re-checked every time: its process may be gone */
        if (file_id_same(&r, &p->result) && file_id_same(&c, &p->claim) &&
            !(c.exists && p->state != RM_POINT_DONE && p->state != RM_POINT_FAILED))
            continue;
        rm_point_state was = p->state;
        int had = p->has_z, kept = p->keep;
        double z = p->z;
        p->result = r;
        p->claim = c;
        point_read(g, i);
        if (p->state != was || p->has_z != had || p->keep != kept ||
            (p->has_z && p->z != z))
            changed = 1;
    }
    if (changed) {
        cells_compute(g);
        g->gen++;
    }
    return changed;
}

int rm_sweep_grid_open(const char *dir, const char *x, const char *y, const char *z,
                       rm_sweep_grid **out, rm_err *e) {
    *out = NULL;
    if (!z) z = "si";
    if (strcmp(z, "si") && strcmp(z, "test_infloss"))
        return rm_seterr(e, RM_EINVAL, "'%s' is not a grid value (si or test_infloss)", z);
    rm_sweep_grid *g = calloc(1, sizeof *g);
    if (!g) return rm_seterr(e, RM_ENOMEM, "out of memory");
    int rc = rm_sweep_open(dir, &g->sweep, e);
    const json_t *ax[2];
    if (!rc) rc = pick_axes(g->sweep, x, y, ax, e);
    if (!rc) rc = axis_values(ax[0], &g->nx, &g->xlab, &g->xval, e);
    if (!rc) rc = axis_values(ax[1], &g->ny, &g->ylab, &g->yval, e);
    if (!rc && (!(g->cells = calloc(g->nx && g->ny ? g->nx * g->ny : 1, sizeof *g->cells)) ||
                !(g->pts = calloc(g->sweep->n ? g->sweep->n : 1, sizeof *g->pts))))
        rc = rm_seterr(e, RM_ENOMEM, "out of memory");
    if (rc) {
        rm_sweep_grid_free(g);
        return rc;
    }
    snprintf(g->xkey, sizeof g->xkey, "%s", json_string_value(json_object_get(ax[0], "key")));
    snprintf(g->ykey, sizeof g->ykey, "%s", json_string_value(json_object_get(ax[1], "key")));
    snprintf(g->zkey, sizeof g->zkey, "%s", z);
    g->per_cell = g->nx && g->ny ? (g->sweep->n + g->nx * g->ny - 1) / (g->nx * g->ny) : 0;
    for (size_t i = 0; i < g->sweep->n; i++) {
        const json_t *pt = rm_sweep_point(g->sweep, i);
        size_t px = axis_pos(ax[0], pt, g->nx), py = axis_pos(ax[1], pt, g->ny);
        g->pts[i].cell = px < g->nx && py < g->ny ? px * g->ny + py : g->nx * g->ny;
        g->pts[i].claim.exists = -1;   /* differs from any file: the first refresh reads all */
    }
    rm_sweep_grid_refresh(g);
    cells_compute(g);   /* also when nothing has a result yet */
    *out = g;
    return RM_OK;
}

void rm_sweep_grid_print(const rm_sweep_grid *g, FILE *out) {
    int si = !strcmp(g->zkey, "si");
    fprintf(out, "sweep %s: mean %s (count); rows %s, columns %s\n%10s", g->sweep->name,
            si ? "SI of the kept networks" : "test information loss", g->xkey, g->ykey, g->xkey);
    for (size_t y = 0; y < g->ny; y++) fprintf(out, " %11s", g->ylab[y]);
    fputc('\n', out);
    static const char *const marks[] = {"", "running", "missing", "not kept", "failed"};
    for (size_t x = 0; x < g->nx; x++) {
        fprintf(out, "%10s", g->xlab[x]);
        for (size_t y = 0; y < g->ny; y++) {
            const rm_grid_cell *c = &g->cells[x * g->ny + y];
            char t[32];
            if (c->state == RM_CELL_VALUE) snprintf(t, sizeof t, "%.3f (%d)", c->value, c->n_value);
            else snprintf(t, sizeof t, "%s", marks[c->state]);
            fprintf(out, " %11s", t);
        }
        fputc('\n', out);
    }
    fprintf(out, "%zu points: %zu done, %zu running, %zu failed, %zu missing\n", g->sweep->n,
            g->count[RM_POINT_DONE], g->count[RM_POINT_RUNNING], g->count[RM_POINT_FAILED],
            g->count[RM_POINT_MISSING]);
}
