/* layout.h: where the workbench's panes go, computed from the terminal's size and the
 * workbench's mode alone (no curses), so the arithmetic is testable (tests/test_layout.c).
 * tui.c applies the result to the panes; a watched sweep's grid or a view then takes the
 * heatmaps' place. */
#ifndef RM_TUI_LAYOUT_H
#define RM_TUI_LAYOUT_H

typedef struct { int y, x, h, w; } wb_rect;

/* Below this the workbench only says that the terminal is too small. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_LINES 16
/* Each of the four heatmaps of the pinned layout needs this much (a box, the period
   names, the time axis and five rows of cells); a smaller terminal shows the compared
   pair alone. */
#define LAYOUT_PIN_MIN_W 36
#define LAYOUT_PIN_MIN_H 9

typedef struct {
    int width, height;   /* the terminal: columns, lines */
    int caption;   /* a caption line under the status line */
    int compare;   /* two heatmaps side by side: the selected run and the next */
    int pinned;    /* a pinned pair above those two (only in compare mode) */
} wb_layout_in;

typedef struct {
    int tiny;          /* too small: nothing below is set */
    int caption_row;   /* -1: none */
    wb_rect heat[2];   /* the heatmap(s); heat[1].w == 0 when not comparing */
    wb_rect pin[2];    /* the pinned pair, .w == 0 when it is not shown */
    int pin_hidden;    /* a pinned pair was asked for but the terminal is too small */
    wb_rect loss, out, prompt;
} wb_layout_out;

void layout_compute(const wb_layout_in *in, wb_layout_out *out);
/* The smallest terminal (columns, lines) that shows the pinned pair with the given caption
   setting. */
void layout_pin_min(int caption, int *min_cols, int *min_lines);

#endif
