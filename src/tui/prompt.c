/* prompt.c: the Lua prompt pane. Readline runs in its callback ("alternate") interface and
 * never touches the terminal: it reads bytes we queue from curses keys (rl_getc_function),
 * its redisplay only marks the pane dirty, its terminal preparation is a no-op and its
 * output stream is /dev/null; completion lists go to the scrollback. Complete lines go to
 * the script's REPL (rm_tui_script.eval), whose output arrives through the write hook
 * (prompt_write) into a ring of scrollback lines that this pane wraps and draws. */
#include <config.h>
#include <errno.h>
#include <sys/stat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "tui/history.h"
#include "tui/tui_internal.h"

#define SB_MAX 4000          /* scrollback lines kept */

typedef struct {
    char *text;
    unsigned char kind;      /* 0 output, 1 error, 2 echo, 3 notice */
} sb_line;

struct prompt {
    wb *w;
    int more;
    int eof;                 /* Ctrl-D on an empty line: the key handler asks to quit */                /* the REPL is collecting a multi-line statement */
    sb_line *lines;          /* ring of SB_MAX */
    int start, n;
    char *partial;           /* output after the last newline */
    size_t plen, pcap;
    int pkind;
    int scroll;              /* rows scrolled back from the newest */
    int hscroll;             /* first column of the input line shown */
    int cur_y, cur_x;        /* where the cursor goes */
    unsigned char queue[64]; /* bytes waiting for readline */
    int qhead, qlen;
    FILE *devnull;
    char *history_file;
    double last_live_draw;
};

/* readline has one global state, so its callbacks find the prompt here */
static prompt *the_prompt;

static const wb_color kind_color[4] = {C_NORMAL, C_ERR, C_ECHO, C_INFO};

/* ---- scrollback ---- */

static void sb_push(prompt *pr, char *text, int kind) {
    int i;
    if (pr->n == SB_MAX) {
        i = pr->start;
        free(pr->lines[i].text);
        pr->start = (pr->start + 1) % SB_MAX;
    } else {
        i = (pr->start + pr->n) % SB_MAX;
        pr->n++;
    }
    pr->lines[i].text = text;
    pr->lines[i].kind = (unsigned char)kind;
}

static void partial_flush(prompt *pr) {
    char *t = malloc(pr->plen + 1);
    if (!t) return;
    memcpy(t, pr->partial ? pr->partial : "", pr->plen);
    t[pr->plen] = 0;
    sb_push(pr, t, pr->pkind);
    pr->plen = 0;
}

static void partial_add(prompt *pr, char c) {
    if (pr->plen + 1 >= pr->pcap) {
        size_t cap = pr->pcap ? 2 * pr->pcap : 256;
        char *p = realloc(pr->partial, cap);
        if (!p) return;
        pr->partial = p;
        pr->pcap = cap;
    }
    pr->partial[pr->plen++] = c;
}

void prompt_append(prompt *pr, const char *s, size_t n, int kind) {
    if (pr->plen && pr->pkind != kind) partial_flush(pr);
    pr->pkind = kind;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            partial_flush(pr);
            pr->pkind = kind;
        } else if (c == '\t') {
            do partial_add(pr, ' ');
            while (pr->plen % 8);
        } else if (c == '\r') {
            continue;
        } else if (c < 0x20 || c == 0x7f) {
            partial_add(pr, '?');   /* escape sequences would scribble on the screen */
        } else {
            partial_add(pr, (char)c);
        }
    }
    pr->w->panes[PANE_PROMPT].dirty = 1;
}

void prompt_notice(wb *w, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    prompt_append(w->pr, buf, (size_t)n, 3);
}

static const char *repl_prompt(wb *w) {
    return w->sc->prompt(w->sc->ctx);
}

/* Script output. While script code runs the main loop is not turning, so output also
   keeps the screen (and the runs' telemetry) moving, a few times a second at most. */
void prompt_write(void *ud, const char *s, size_t n, int is_err) {
    wb *w = ud;
    prompt *pr = w->pr;
    if (!pr) return;
    prompt_append(pr, s, n, is_err ? 1 : 0);
    if (term_in_script && wb_now() - pr->last_live_draw > 0.1) {
        pr->last_live_draw = wb_now();
        wb_tick(pr->w, 1);
        wb_draw(pr->w);
    }
}

/* ---- readline glue ---- */

static int rl_getc_queue(FILE *f) {
    (void)f;
    prompt *pr = the_prompt;
    if (!pr || pr->qlen == 0) return EOF;
    int c = pr->queue[pr->qhead];
    pr->qhead = (pr->qhead + 1) % (int)sizeof pr->queue;
    pr->qlen--;
    return c;
}

static int rl_input_queued(void) { return the_prompt && the_prompt->qlen > 0; }
static void rl_redisplay_mark(void) {
    if (the_prompt) the_prompt->w->panes[PANE_PROMPT].dirty = 1;
}
static void rl_prep_noop(int meta) { (void)meta; }
static void rl_deprep_noop(void) {}

static char **rl_complete_script(const char *text, int start, int end) {
    (void)text;
    rl_attempted_completion_over = 1;   /* no filename completion */
    rl_completion_append_character = '\0';
    if (!the_prompt) return NULL;
    wb *w = the_prompt->w;
    return w->sc->complete(w->sc->ctx, rl_line_buffer, start, end);
}

static void rl_show_matches(char **matches, int num, int max_len) {
    prompt *pr = the_prompt;
    if (!pr) return;
    int width = COLS - 4, colw = max_len + 2, per = width / (colw > 0 ? colw : 1);
    if (per < 1) per = 1;
    char line[1024];
    size_t len = 0;
    for (int i = 1; i <= num; i++) {
        int k = snprintf(line + len, sizeof line - len, "%-*s", colw, matches[i]);
        if (k > 0) len += (size_t)k < sizeof line - len ? (size_t)k : sizeof line - len - 1;
        if (i % per == 0 || i == num) {
            line[len++] = '\n';
            prompt_append(pr, line, len, 3);
            len = 0;
        }
    }
    rl_forced_update_display();
}

static void queue_bytes(prompt *pr, const char *s, int n) {
    for (int i = 0; i < n && pr->qlen < (int)sizeof pr->queue; i++) {
        pr->queue[(pr->qhead + pr->qlen) % (int)sizeof pr->queue] = (unsigned char)s[i];
        pr->qlen++;
    }
}

static void feed_readline(prompt *pr) {
    for (int guard = 0; pr->qlen > 0 && guard < 256; guard++) rl_callback_read_char();
    pr->qlen = 0;
}

static void drain_stdio(void) {
    fflush(stdout);
    fflush(stderr);
}

/* A complete line from readline (NULL: Ctrl-D on an empty line). */
static void on_line(char *line) {
    prompt *pr = the_prompt;
    if (!pr) {
        free(line);
        return;
    }
    wb *w = pr->w;
    if (!line) {
        pr->eof = 1;
        return;
    }
    char *echo = malloc(strlen(line) + 8);
    if (echo) {
        sprintf(echo, "%s%s\n", repl_prompt(w), line);
        prompt_append(pr, echo, strlen(echo), 2);
        free(echo);
    }
    pr->scroll = 0;
    const char *chunk = NULL;
    pr->last_live_draw = wb_now();
    term_in_script = 1;
    int r = w->sc->eval(w->sc->ctx, line, &chunk);
    term_in_script = 0;
    drain_stdio();
    pr->more = r == RM_TUI_MORE;
    if (r == RM_TUI_DONE) rm_history_add(pr->history_file, chunk);
    rl_set_prompt(repl_prompt(w));
    free(line);
    wb_tick(w, 1);
    wb_redraw_all(w);   /* the code may have started runs or shown something */
}

prompt *prompt_new(wb *w, char *err, size_t errlen) {
    prompt *pr = calloc(1, sizeof *pr);
    if (pr) pr->lines = calloc(SB_MAX, sizeof *pr->lines);
    if (!pr || !pr->lines) {
        if (pr) free(pr);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pr->w = w;
    w->pr = pr;
    pr->devnull = fopen("/dev/null", "w");
    if (!pr->devnull) {
        snprintf(err, errlen, "cannot start the Lua prompt");
        prompt_free(pr);
        w->pr = NULL;
        return NULL;
    }
    the_prompt = pr;

    /* readline must not own the terminal: curses does */
    rl_readline_name = "recmem";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;     /* it would export LINES/COLUMNS and confuse curses */
    rl_outstream = pr->devnull;
    rl_instream = stdin;
    rl_getc_function = rl_getc_queue;
    rl_input_available_hook = rl_input_queued;
    rl_redisplay_function = rl_redisplay_mark;
    rl_prep_term_function = rl_prep_noop;
    rl_deprep_term_function = rl_deprep_noop;
    rl_attempted_completion_function = rl_complete_script;
    rl_completion_display_matches_hook = rl_show_matches;
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#~[]})";
    rl_variable_bind("bell-style", "none");
    rl_variable_bind("enable-bracketed-paste", "off");
    /* 8-bit input is text, not Meta-key chords, also outside UTF-8 locales */
    rl_variable_bind("input-meta", "on");
    rl_variable_bind("convert-meta", "off");
    rl_variable_bind("output-meta", "on");
    pr->history_file = rm_history_open(); /* the same file as the plain REPL's */
    rl_callback_handler_install(repl_prompt(w), on_line);
    return pr;
}

void prompt_free(prompt *pr) {
    if (!pr) return;
    if (the_prompt == pr) {
        rl_callback_handler_remove();
        rm_history_close(pr->history_file);
        pr->history_file = NULL;
        the_prompt = NULL;
    }
    rl_outstream = NULL;
    rl_getc_function = rl_getc;
    rl_redisplay_function = rl_redisplay;
    rl_prep_term_function = rl_prep_terminal;
    rl_deprep_term_function = rl_deprep_terminal;
    rl_input_available_hook = NULL;
    rl_completion_display_matches_hook = NULL;
    if (pr->devnull) fclose(pr->devnull);
    for (int i = 0; i < pr->n; i++) free(pr->lines[(pr->start + i) % SB_MAX].text);
    free(pr->lines);
    free(pr->partial);
    free(pr->history_file);
    free(pr);
}

/* Nothing but blanks before the cursor: Tab there moves the focus instead of completing. */
static int prompt_line_empty(void) {
    for (int i = 0; i < rl_point && rl_line_buffer; i++)
        if (rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t') return 0;
    return 1;
}

void prompt_cancel_line(wb *w) {
    prompt *pr = w->pr;
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s^C\n", repl_prompt(w),
             rl_line_buffer ? rl_line_buffer : "");
    prompt_append(pr, buf, strlen(buf), 2);
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    if (pr->more) {
        w->sc->reset(w->sc->ctx);   /* abandon the unfinished statement */
        pr->more = 0;
    }
    rl_set_prompt(repl_prompt(w));
    pr->scroll = 0;
    w->panes[PANE_PROMPT].dirty = 1;
}

/* Every key is the prompt's: text and editing keys go to readline; Tab on an empty line
   and Shift-Tab move the focus to the panes. */
int prompt_key(wb *w, pane *p, int ch) {
    prompt *pr = w->pr;
    int page = p->r.h > 6 ? (p->r.h - 3) / 2 : 1;
    const char *seq = NULL;
    switch (ch) {
    case KEY_BTAB: return K_HANDLED | K_FOCUS_PREV;
    case KEY_PPAGE: pr->scroll += page; p->dirty = 1; return K_HANDLED | K_REDRAW;
    case KEY_NPAGE:
        pr->scroll -= page;
        if (pr->scroll < 0) pr->scroll = 0;
        p->dirty = 1;
        return K_HANDLED | K_REDRAW;
    case '\t':
        if (prompt_line_empty()) return K_HANDLED | K_FOCUS_NEXT;
        break;
    case ' ':   /* on an empty line: the teaching demo's next step, if a guide is set */
        if (rl_end == 0 && !pr->more && script_guide(w) == 0) return K_HANDLED | K_REDRAW;
        break;
    case KEY_UP: seq = "\033[A"; break;
    case KEY_DOWN: seq = "\033[B"; break;
    case KEY_RIGHT: seq = "\033[C"; break;
    case KEY_LEFT: seq = "\033[D"; break;
    case KEY_HOME: seq = "\033[H"; break;
    case KEY_END: seq = "\033[F"; break;
    case KEY_DC: seq = "\033[3~"; break;
    case KEY_BACKSPACE: seq = "\177"; break;
    case KEY_ENTER: seq = "\r"; break;
    default:
        if (ch < 0 || ch > 255) return K_HANDLED;   /* other function keys: ignore */
    }
    if (seq) queue_bytes(pr, seq, (int)strlen(seq));
    else {
        char c = (char)ch;
        queue_bytes(pr, &c, 1);
    }
    pr->scroll = 0;
    feed_readline(pr);
    p->dirty = 1;
    int quit = pr->eof ? K_QUIT : 0;
    pr->eof = 0;
    return K_HANDLED | K_REDRAW | quit;
}

/* ---- drawing ---- */

/* Byte offsets where the wrapped rows of s start (at most max); returns the row count. */
static int wrap_rows(const char *s, int width, int *starts, int max) {
    int rows = 0, off = 0, len = (int)strlen(s);
    do {
        if (rows < max) starts[rows] = off;
        rows++;
        int b = utf8_fit(s + off, width, NULL);
        if (b == 0 && s[off]) b = 1;   /* a character wider than the pane */
        off += b;
    } while (off < len && rows < 10000);
    return rows;
}

void prompt_draw(wb *w, pane *p) {
    prompt *pr = w->pr;
    char title[96], ahead[32] = "";
    if (w->n_ahead) snprintf(ahead, sizeof ahead, "; %d key%s typed ahead", w->n_ahead,
                             w->n_ahead == 1 ? "" : "s");
    snprintf(title, sizeof title, "Lua%s%s%s%s", term_in_script ? "  (running: Ctrl-C interrupts" : "",
             ahead, term_in_script ? ")" : "", pr->scroll ? "  (scrolled back: PgDn)" : "");
    draw_fill(p->r, C_NORMAL);
    draw_box(p->r, title, w->focus == PANE_PROMPT);
    wb_rect in = rect_inner(p->r);
    if (in.h < 1 || in.w < 4) return;
    int width = in.w, avail = in.h - 1;

    /* scrollback, newest at the bottom */
    int total_lines = pr->n + (pr->plen ? 1 : 0);
    int skip = pr->scroll, y = in.y + avail - 1;
    int starts[512];
    for (int li = total_lines - 1; li >= 0 && y >= in.y; li--) {
        const char *text;
        int kind;
        if (li == pr->n) {
            partial_add(pr, 0);   /* terminate the unfinished line without keeping the NUL */
            pr->plen--;
            text = pr->partial;
            kind = pr->pkind;
        } else {
            sb_line *l = &pr->lines[(pr->start + li) % SB_MAX];
            text = l->text;
            kind = l->kind;
        }
        int rows = wrap_rows(text, width, starts, 512);
        for (int r = rows - 1; r >= 0 && y >= in.y; r--) {
            if (skip > 0) {
                skip--;
                continue;
            }
            if (r < 512) draw_text(y, in.x, width, kind_color[kind], text + starts[r]);
            y--;
        }
        if (li == 0 && skip > 0) {   /* scrolled past the oldest line */
            pr->scroll -= skip;
            if (pr->scroll < 0) pr->scroll = 0;
        }
    }

    /* input line */
    const char *pstr = rl_display_prompt ? rl_display_prompt : repl_prompt(w);
    const char *buf = rl_line_buffer ? rl_line_buffer : "";
    int iy = in.y + in.h - 1;
    int pw = draw_text(iy, in.x, width, C_ECHO, pstr);
    int room = width - pw - 1;
    if (room < 1) return;
    int point = rl_point < 0 ? 0 : rl_point;
    if (point > (int)strlen(buf)) point = (int)strlen(buf);
    /* columns before the cursor */
    char *head = strndup(buf, (size_t)point);
    int cur = head ? utf8_width(head) : point;
    free(head);
    if (cur - pr->hscroll >= room) pr->hscroll = cur - room + 1;
    if (cur < pr->hscroll) pr->hscroll = cur;
    if (pr->hscroll < 0) pr->hscroll = 0;
    /* skip hscroll columns */
    int off = utf8_fit(buf, pr->hscroll, NULL);
    draw_text(iy, in.x + pw, room, C_NORMAL, buf + off);
    pr->cur_y = iy;
    pr->cur_x = in.x + pw + cur - pr->hscroll;
}

void prompt_place_cursor(wb *w) {
    int show = w->focus == PANE_PROMPT && w->overlay == OVERLAY_NONE && !w->tiny &&
               w->panes[PANE_PROMPT].visible;
    if (show) {
        move(w->pr->cur_y, w->pr->cur_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
}
