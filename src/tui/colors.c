/* colors.c: the workbench's colour schemes. Panes name a semantic role (wb_color); a scheme
 * table says how each role looks with 256 colours, 8 colours, or none (NO_COLOR or a
 * monochrome terminal). Also the heatmap's colour map: inferno (defined once in
 * src/plot/plot_colors.c, shared with the figures) matched to the xterm-256 palette,
 * with an 8-colour ramp and shade characters as fallbacks. */
#include <config.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "plot/plot.h"
#include "tui/tui_internal.h"

typedef struct { short fg, bg; attr_t attr; attr_t mono; } role_style;

/* fg/bg are curses colours (-1 = terminal default); mono is used without colour. */
static const role_style roles[C_COUNT] = {
    [C_NORMAL]       = {-1, -1, A_NORMAL, A_NORMAL},
    [C_BORDER]       = {COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
    [C_BORDER_FOCUS] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [C_TITLE]        = {-1, -1, A_BOLD, A_BOLD},
    [C_STATUS]       = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [C_STATUS_KEY]   = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    [C_STATUS_WARN]  = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
    [C_AXIS]         = {-1, -1, A_DIM, A_NORMAL},
    [C_LOSS]         = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [C_IL]           = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [C_RUN_B]        = {COLOR_MAGENTA, -1, A_BOLD, A_NORMAL},
    [C_OUT_Y]        = {COLOR_CYAN, -1, A_BOLD, A_NORMAL},
    [C_OUT_TARGET]   = {COLOR_YELLOW, -1, A_NORMAL, A_BOLD},
    [C_PERIOD]       = {COLOR_BLUE, -1, A_BOLD, A_UNDERLINE},
    [C_ERR]          = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [C_ECHO]         = {-1, -1, A_BOLD, A_BOLD},
    [C_INFO]         = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [C_HELP]         = {-1, -1, A_NORMAL, A_NORMAL},
    [C_CAPTION]      = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
};

#define HEAT_BASE 24           /* first pair of the heatmap (roles use 1..C_COUNT) */
#define HEAT_MAX_LEVELS 16

static wb_scheme scheme = SCHEME_MONO;
static int utf8 = 0;
static int heat_levels = 5;
static int heat_colour = 0;    /* heatmap pairs were initialised */
static short heat_color[HEAT_MAX_LEVELS];

static void heat_map_256(void) {
    heat_levels = HEAT_MAX_LEVELS;
    for (int i = 0; i < heat_levels; i++) {
        unsigned char rgb[3];
        plot_inferno((double)i / (heat_levels - 1), rgb);
        heat_color[i] = (short)plot_xterm256(rgb);
    }
    heat_color[0] = 16;  /* true black: silent units vanish */
}

static void heat_map_8(void) {
    static const short ramp[] = {COLOR_BLACK, COLOR_BLUE, COLOR_MAGENTA, COLOR_RED,
                                 COLOR_YELLOW, COLOR_WHITE};
    heat_levels = (int)(sizeof ramp / sizeof ramp[0]);
    memcpy(heat_color, ramp, sizeof ramp);
}

static int locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

void colors_init(void) {
    utf8 = locale_is_utf8();
    const char *nc = getenv("NO_COLOR");
    int want = !(nc && *nc) && has_colors();
    scheme = SCHEME_MONO;
    heat_levels = 5;
    heat_colour = 0;
    if (!want || start_color() == ERR) return;
    use_default_colors();
    if (COLORS >= 256 && COLOR_PAIRS >= HEAT_BASE + HEAT_MAX_LEVELS * HEAT_MAX_LEVELS) {
        scheme = SCHEME_256;
        heat_map_256();
    } else if (COLORS >= 8 && COLOR_PAIRS >= HEAT_BASE + 36) {
        scheme = SCHEME_8;
        heat_map_8();
    } else if (COLORS >= 8 && COLOR_PAIRS > C_COUNT) {
        scheme = SCHEME_8;     /* roles in colour, heatmap in shades */
        heat_levels = 0;
    } else {
        return;
    }
    for (int i = 1; i < C_COUNT; i++) init_pair((short)i, roles[i].fg, roles[i].bg);
    if (heat_levels == 0) {
        heat_levels = 5;
        return;
    }
    for (int a = 0; a < heat_levels; a++)
        for (int b = 0; b < heat_levels; b++)
            init_pair((short)(HEAT_BASE + a * heat_levels + b), heat_color[a], heat_color[b]);
    heat_colour = 1;
}

int colors_utf8(void) { return utf8; }

short colors_pair(wb_color c) { return scheme == SCHEME_MONO ? 0 : (short)c; }

attr_t colors_attr(wb_color c) {
    if (scheme == SCHEME_MONO) return roles[c].mono;
    return roles[c].attr | (c ? COLOR_PAIR(c) : 0);
}

/* Half blocks need two colours per cell, hence colour and Unicode. */
static int heat_in_colour(void) { return heat_colour; }

int colors_heat_levels(void) { return heat_levels; }
int colors_heat_halves(void) { return heat_in_colour() && utf8 ? 2 : 1; }

void colors_heat_cell(cchar_t *cc, int upper, int lower) {
    if (upper < 0) upper = 0;
    if (upper >= heat_levels) upper = heat_levels - 1;
    if (lower >= heat_levels) lower = heat_levels - 1;
    wchar_t s[2] = {L' ', 0};
    if (heat_in_colour()) {
        short pair;
        if (lower >= 0 && utf8) {
            s[0] = 0x2580;  /* upper half block: fg above, bg below */
            pair = (short)(HEAT_BASE + upper * heat_levels + lower);
        } else {
            pair = (short)(HEAT_BASE + upper * heat_levels + upper);
        }
        setcchar(cc, s, A_NORMAL, pair, NULL);
        return;
    }
    /* no colour: brightness as shade characters */
    static const wchar_t shades_u[5] = {L' ', 0x2591, 0x2592, 0x2593, 0x2588};
    static const wchar_t shades_a[5] = {L' ', L'.', L':', L'*', L'#'};
    int k = heat_levels > 1 ? (upper * 4 + (heat_levels - 1) / 2) / (heat_levels - 1) : 0;
    s[0] = utf8 ? shades_u[k] : shades_a[k];
    setcchar(cc, s, A_NORMAL, 0, NULL);
}
