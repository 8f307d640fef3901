/* term.c: terminal ownership in one place (htop's CRT.c habit). Set-up takes the screen with
 * curses, captures fds 1 and 2 into pipes (so printf, io.write and library messages land
 * in the prompt's scrollback instead of scribbling over the screen), and installs signal
 * handlers. Handlers only restore the terminal or raise a flag: crash and termination
 * signals write the precomputed terminfo reset strings and the saved termios with
 * async-signal-safe calls, then re-raise; Ctrl-Z leaves and re-enters curses; Ctrl-C
 * interrupts running script code (or asks the main loop to cancel the line). */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include "tui/tui_internal.h"

volatile sig_atomic_t term_in_script = 0;

static volatile sig_atomic_t active = 0;       /* curses owns the screen */
static volatile sig_atomic_t pending_int = 0, pending_tstp = 0, resumed_in_handler = 0;
static const rm_tui_script *volatile sig_script;
static struct termios saved_tios, prog_tios;
static int have_tios = 0;
static int tty_fd = -1;                        /* where the terminal output goes */
static FILE *tty_out;
static SCREEN *screen;
static int saved_fd[2] = {-1, -1};             /* the original stdout and stderr */
static int cap_rd[2] = {-1, -1};               /* read ends of the capture pipes */
static int sig_pipe[2] = {-1, -1};
static char reset_seq[256], enter_seq[256];    /* terminfo strings for the handlers */
static size_t reset_len, enter_len;

static const int fatal_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                 SIGTERM, SIGHUP, SIGQUIT};
#define N_FATAL (sizeof fatal_sigs / sizeof fatal_sigs[0])
static struct sigaction old_fatal[N_FATAL], old_int, old_tstp;

static void wake(void) {
    int saved = errno;
    if (sig_pipe[1] >= 0) (void)!write(sig_pipe[1], "s", 1);
    errno = saved;
}

/* Async-signal-safe: puts the terminal back as the shell expects it. */
static void restore_raw(void) {
    if (tty_fd >= 0 && reset_len) (void)!write(tty_fd, reset_seq, reset_len);
    if (have_tios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
}

static void on_fatal(int sig) {
    if (active) {
        active = 0;
        restore_raw();
        if (saved_fd[1] >= 0) dup2(saved_fd[1], STDERR_FILENO);
        static const char msg[] = "recmem: terminal restored after a fatal signal\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_int(int sig) {
    (void)sig;
    const rm_tui_script *sc = sig_script;
    if (term_in_script && sc) {
        sc->interrupt(sc->ctx);   /* async-signal-safe by contract */
        return;
    }
    pending_int = 1;
    wake();
}

/* Ctrl-Z. Idle: the main loop suspends cleanly with endwin. Inside Lua code the loop is
   not running, so the handler leaves the screen itself, stops, and re-enters on fg. */
static void on_tstp(int sig) {
    if (!term_in_script || !active) {
        pending_tstp = 1;
        wake();
        return;
    }
    int saved = errno;
    restore_raw();
    signal(SIGTSTP, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGTSTP);
    /* continued */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_tstp;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTSTP, &sa, NULL);
    if (have_tios) tcsetattr(STDIN_FILENO, TCSANOW, &prog_tios);
    if (tty_fd >= 0 && enter_len) (void)!write(tty_fd, enter_seq, enter_len);
    resumed_in_handler = 1;
    wake();
    errno = saved;
    (void)sig;
}

static void add_cap(char *buf, size_t *len, size_t cap, const char *name) {
    const char *s = tigetstr((char *)name);
    if (!s || s == (char *)-1) return;
    size_t n = strlen(s);
    if (*len + n < cap) {
        memcpy(buf + *len, s, n);
        *len += n;
    }
}

static int capture_fd(int fd, int slot) {
    int p[2];
    if (pipe(p) < 0) return -1;
    /* A full pipe must never block a writer (a worker thread, say): excess is dropped. */
    for (int i = 0; i < 2; i++) {
        fcntl(p[i], F_SETFL, fcntl(p[i], F_GETFL) | O_NONBLOCK);
        fcntl(p[i], F_SETFD, FD_CLOEXEC);
    }
    saved_fd[slot] = dup(fd);
    if (saved_fd[slot] < 0 || dup2(p[1], fd) < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    close(p[1]);
    cap_rd[slot] = p[0];
    return 0;
}

static void uncapture(int fd, int slot) {
    if (saved_fd[slot] >= 0) {
        dup2(saved_fd[slot], fd);
        close(saved_fd[slot]);
        saved_fd[slot] = -1;
    }
    if (cap_rd[slot] >= 0) {
        close(cap_rd[slot]);
        cap_rd[slot] = -1;
    }
}

/* os.exit() from the prompt (or any exit()) while curses owns the screen. */
static void term_atexit(void) {
    if (active) term_stop();
}

int term_start(char *err, size_t errlen) {
    static int atexit_done = 0;
    if (!atexit_done && atexit(term_atexit) == 0) atexit_done = 1;
    setlocale(LC_CTYPE, "");
    fflush(stdout);
    fflush(stderr);
    have_tios = tcgetattr(STDIN_FILENO, &saved_tios) == 0;

    if (pipe(sig_pipe) < 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }

    /* curses writes to its own copy of the terminal so fd 1 can be captured */
    tty_fd = dup(STDOUT_FILENO);
    tty_out = tty_fd >= 0 ? fdopen(tty_fd, "w") : NULL;
    if (!tty_out) {
        snprintf(err, errlen, "cannot open the terminal: %s", strerror(errno));
        term_stop();
        return -1;
    }
    fcntl(tty_fd, F_SETFD, FD_CLOEXEC);

    /* our SIGTSTP handler must exist before newterm, so curses does not install its own */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_tstp;
    sigaction(SIGTSTP, &sa, &old_tstp);
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, &old_int);
    sa.sa_handler = on_fatal;
    for (size_t i = 0; i < N_FATAL; i++) sigaction(fatal_sigs[i], &sa, &old_fatal[i]);

    screen = newterm(NULL, tty_out, stdin);
    if (!screen) {
        snprintf(err, errlen, "curses cannot use this terminal (TERM=%s)",
                 getenv("TERM") ? getenv("TERM") : "");
        term_stop();
        return -1;
    }
    set_term(screen);
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    colors_init();
    if (have_tios) tcgetattr(STDIN_FILENO, &prog_tios);
    reset_len = enter_len = 0;
    add_cap(reset_seq, &reset_len, sizeof reset_seq, "sgr0");
    add_cap(reset_seq, &reset_len, sizeof reset_seq, "cnorm");
    add_cap(reset_seq, &reset_len, sizeof reset_seq, "rmkx");
    add_cap(reset_seq, &reset_len, sizeof reset_seq, "rmcup");
    add_cap(enter_seq, &enter_len, sizeof enter_seq, "smcup");
    add_cap(enter_seq, &enter_len, sizeof enter_seq, "smkx");
    active = 1;

    if (capture_fd(STDOUT_FILENO, 0) < 0 || capture_fd(STDERR_FILENO, 1) < 0) {
        snprintf(err, errlen, "cannot capture output: %s", strerror(errno));
        term_stop();
        return -1;
    }
    return 0;
}

void term_stop(void) {
    fflush(stdout);
    fflush(stderr);
    uncapture(STDOUT_FILENO, 0);
    uncapture(STDERR_FILENO, 1);
    if (screen) {
        endwin();
        delscreen(screen);
        screen = NULL;
    }
    active = 0;
    if (have_tios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
    if (tty_out) {
        fclose(tty_out);   /* closes tty_fd */
        tty_out = NULL;
        tty_fd = -1;
    }
    for (size_t i = 0; i < N_FATAL; i++) sigaction(fatal_sigs[i], &old_fatal[i], NULL);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTSTP, &old_tstp, NULL);
    for (int i = 0; i < 2; i++)
        if (sig_pipe[i] >= 0) close(sig_pipe[i]), sig_pipe[i] = -1;
    sig_script = NULL;
}

int term_input_fd(void) { return STDIN_FILENO; }
int term_capture_fd(int which) { return cap_rd[which]; }
int term_signal_fd(void) { return sig_pipe[0]; }
void term_set_script(const rm_tui_script *s) { sig_script = s; }

/* Follows a size change that happened while curses was not looking. */
static void term_resync_size(void) {
    struct winsize ws;
    if (ioctl(tty_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
}

int term_signals(void) {
    char buf[64];
    while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof buf) > 0) {
    }
    int r = 0;
    if (pending_int) {
        pending_int = 0;
        r |= TERM_SIG_INT;
    }
    if (resumed_in_handler) {
        resumed_in_handler = 0;
        term_resync_size();
        clearok(curscr, TRUE);
        r |= TERM_SIG_RESUMED;
    }
    if (pending_tstp) {
        pending_tstp = 0;
        endwin();
        active = 0;
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTSTP, &sa, &old);
        raise(SIGTSTP);
        /* continued by fg */
        sigaction(SIGTSTP, &old, NULL);
        active = 1;
        refresh();   /* re-enters program mode */
        term_resync_size();
        clearok(curscr, TRUE);
        r |= TERM_SIG_RESUMED;
    }
    return r;
}
