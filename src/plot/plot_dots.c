/* plot_dots.c: dot plots: each group's values as dots spread sideways (a fixed pattern,
 * so a figure is reproducible), over them the group's mean as a bar and its interval as a
 * line with caps; a reference line (e.g. 0 for paired differences); groups labelled on the
 * x axis. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include "plot/plot_int.h"

void dots_yrange(const plot_panel *p, double *lo, double *hi) {
    double a = INFINITY, b = -INFINITY;
    for (int g = 0; g < p->n_groups; g++) {
        const plot_group *q = &p->groups[g];
        for (int i = 0; i < q->n; i++)
            if (isfinite(q->v[i])) a = fmin(a, q->v[i]), b = fmax(b, q->v[i]);
        if (isfinite(q->lo)) a = fmin(a, q->lo);
        if (isfinite(q->hi)) b = fmax(b, q->hi);
    }
    if (isfinite(p->hline)) a = fmin(a, p->hline), b = fmax(b, p->hline);
    if (!isfinite(a)) a = 0, b = 1;
    range_pad(&a, &b, 0, 0.06);
    range_limit(&a, &b, p->ymin, p->ymax, 0);
    *lo = a, *hi = b;
}

void dots_margins(cairo_t *cr, const plot_panel *p, double area_h, plot_margins *m) {
    double lo, hi;
    dots_yrange(p, &lo, &hi);
    plot_ticks t;
    ticks_make(&t, lo, hi, 0, ticks_for_height(area_h));
    m->left = ticks_width(cr, &t, FONT_TICK);
    m->right = PAD;
}

void dots_draw(cairo_t *cr, const plot_panel *p, const plot_rect *a) {
    double y0, y1;
    dots_yrange(p, &y0, &y1);
    int n = p->n_groups;
    plot_scale xs = {0.5, n + 0.5, 0, a->x, a->x + a->w};
    plot_scale ys = {y0, y1, 0, a->y + a->h, a->y};
    double slot = a->w / n;   /* points per group */
    double spread = fmin(slot * 0.5, 60);
    cairo_save(cr);
    cairo_rectangle(cr, a->x, a->y, a->w, a->h);
    cairo_clip(cr);
    hline_draw(cr, a, &ys, p->hline);
    for (int g = 0; g < n; g++) {
        const plot_group *q = &p->groups[g];
        double cx = scale_map(&xs, g + 1), rgb[3];
        plot_series_color(g, rgb);
        cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.65);
        for (int i = 0; i < q->n; i++) {
            if (!isfinite(q->v[i])) continue;
            /* golden-ratio offsets fill the strip evenly without randomness */
            double off = (fmod(i * 0.6180339887, 1.0) - 0.5) * spread;
            cairo_new_sub_path(cr);
            cairo_arc(cr, cx + off, scale_map(&ys, q->v[i]), 2.8, 0, 2 * M_PI);
            cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        if (isfinite(q->lo) && isfinite(q->hi)) {
            double cap = fmin(slot * 0.12, 8);
            cairo_set_line_width(cr, 1.6);
            cairo_move_to(cr, cx, scale_map(&ys, q->lo));
            cairo_line_to(cr, cx, scale_map(&ys, q->hi));
            cairo_move_to(cr, cx - cap, scale_map(&ys, q->lo));
            cairo_line_to(cr, cx + cap, scale_map(&ys, q->lo));
            cairo_move_to(cr, cx - cap, scale_map(&ys, q->hi));
            cairo_line_to(cr, cx + cap, scale_map(&ys, q->hi));
            cairo_stroke(cr);
        }
        if (isfinite(q->mean)) {
            double hw = fmin(slot * 0.3, 22);
            cairo_set_line_width(cr, 2.6);
            cairo_move_to(cr, cx - hw, scale_map(&ys, q->mean));
            cairo_line_to(cr, cx + hw, scale_map(&ys, q->mean));
            cairo_stroke(cr);
        }
    }
    cairo_restore(cr);
    axis_draw_spines(cr, a);
    double pos[PLOT_MAX_GROUPS];
    char *labels[PLOT_MAX_GROUPS];
    char nums[PLOT_MAX_GROUPS][12];
    int m = n < PLOT_MAX_GROUPS ? n : PLOT_MAX_GROUPS;
    for (int g = 0; g < m; g++) {
        pos[g] = scale_map(&xs, g + 1);
        if (p->groups[g].label) labels[g] = p->groups[g].label;
        else {
            snprintf(nums[g], sizeof nums[g], "%d", g + 1);
            labels[g] = nums[g];
        }
    }
    axis_draw_categories_x(cr, a, pos, labels, m);
    plot_ticks t;
    ticks_make(&t, y0, y1, 0, ticks_for_height(a->h));
    axis_draw_y(cr, a, &ys, &t);
}
