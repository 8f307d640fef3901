/* interp.c: the program's mode switch for everything that is not a subcommand:
 * `recmem script.lua [args]`, `recmem -e chunk`, `recmem -i` (the plain readline REPL with
 * persistent history and completion), `recmem --demo` and bare `recmem` (the workbench on
 * a terminal, else the plain REPL). Shaped like lua.c: it makes the Lua state and runs
 * everything else under one protected call; the Ctrl-C handler only arms the interrupt
 * (rmlua_interrupt), never touches the state itself. */
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "cli/cli.h"
#include "cli/wb_lua.h"
#include "lua/rmlua.h"
#include "tui/history.h"
#include "tui/tui.h"


static const char *progname = "recmem";

/* ---- signals ---- */

static lua_State *volatile signal_L;
static volatile sig_atomic_t evaluating; /* Lua code (or a blocking call) is running */
static volatile sig_atomic_t one_shot;   /* scripts: a second Ctrl-C kills, as in lua.c */
static volatile sig_atomic_t got_sigint, got_winch;

static void on_sigint(int sig) {
    if (!evaluating || !signal_L) {
        got_sigint = 1;
        return;
    }
    /* if the last Ctrl-C was not serviced yet, something is stuck in C: let the next
       one fall through to the default action */
    if (one_shot || rmlua_interrupt_pending(signal_L)) signal(sig, SIG_DFL);
    rmlua_interrupt(signal_L);
}

static void on_sigwinch(int sig) {
    (void)sig;
    got_winch = 1;
}

static void set_handler(int sig, void (*fn)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns EINTR so the REPL sees Ctrl-C */
    sigaction(sig, &sa, NULL);
}

/* Runs the function below narg arguments with Ctrl-C armed. */
static int docall_interruptible(lua_State *L, int narg, int nres) {
    signal_L = L;
    set_handler(SIGINT, on_sigint);
    evaluating = 1;
    int status = rmlua_docall(L, narg, nres);
    evaluating = 0;
    got_sigint = 0;
    return status;
}

/* ---- messages ---- */

static void l_message(const char *msg) {
    fflush(stdout);
    fprintf(stderr, "%s: %s\n", progname, msg);
    fflush(stderr);
}

static int report(lua_State *L, int status) {
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        l_message(msg ? msg : "(error object is not a string)");
        lua_pop(L, 1);
    }
    return status;
}

static void print_usage(const char *badoption) {
    if (badoption) {
        if (badoption[1] == 'e') fprintf(stderr, "%s: '%s' needs an argument\n", progname, badoption);
        else fprintf(stderr, "%s: unrecognized option '%s'\n", progname, badoption);
    }
    fprintf(stderr,
            "usage: %s [options] [script.lua [args]]\n"
            "options:\n"
            "  -e chunk  run the Lua string 'chunk'\n"
            "  -i        enter the plain REPL after running the script and chunks\n"
            "  --demo    start the workbench's teaching demo (needs a terminal)\n"
            "  -         run standard input as a script\n"
            "  --        stop handling options\n"
            "without arguments: the workbench on a terminal, otherwise the REPL.\n"
            "subcommands: recmem --help\n",
            progname);
}

/* ---- running chunks ---- */

static int dochunk(lua_State *L, int status) {
    if (status == LUA_OK) status = docall_interruptible(L, 0, 0);
    return report(L, status);
}

static int dostring(lua_State *L, const char *s, const char *name) {
    return dochunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/* The `arg` table as lua.c makes it: arg[0] the script, arg[1..] its arguments,
   negative indices the interpreter and its options. */
static void create_arg_table(lua_State *L, char **argv, int argc, int script) {
    int narg = argc - (script + 1);
    lua_createtable(L, narg, script + 1);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

static int pushargs(lua_State *L) {
    if (lua_getglobal(L, "arg") != LUA_TTABLE) luaL_error(L, "'arg' is not a table");
    int n = (int)luaL_len(L, -1);
    luaL_checkstack(L, n + 3, "too many arguments to script");
    int i;
    for (i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
    lua_remove(L, -i);
    return n;
}

static int handle_script(lua_State *L, char **argv) {
    const char *fname = argv[0];
    if (!strcmp(fname, "-") && strcmp(argv[-1], "--")) fname = NULL; /* stdin */
    if (fname && !strpbrk(fname, "./") && access(fname, F_OK) != 0) {
        /* a bare word that is no file was most likely meant as a subcommand */
        fprintf(stderr, "recmem: unknown command or script '%s' (see recmem --help)\n", fname);
        return LUA_ERRFILE;
    }
    int status = luaL_loadfile(L, fname);
    if (status == LUA_OK) {
        int n = pushargs(L);
        status = docall_interruptible(L, n, 0);
    }
    return report(L, status);
}

/* ---- the plain REPL ---- */

static lua_State *complete_L;

static char **complete_cb(const char *text, int start, int end) {
    (void)text;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    rl_completion_suppress_append = 1;
    return rmlua_complete(complete_L, rl_line_buffer, start, end);
}

/* readline's input: a Ctrl-C while waiting for a key abandons the line (returns EOF on
   an emptied line, which makes readline return NULL; got_sigint tells it apart).
   The signals are blocked while the flags are checked and unblocked atomically by pselect,
   so a Ctrl-C that lands after readline printed its prompt but before it waits for a key
   is seen at once instead of after the next key. */
static int repl_getc(FILE *f) {
    const int fd = fileno(f);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    for (;;) {
        pthread_sigmask(SIG_BLOCK, &block, &old);
        if (got_sigint) {
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            rl_replace_line("", 0);
            rl_point = rl_end = 0;
            return EOF;
        }
        if (got_winch) {
            got_winch = 0;
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            rl_resize_terminal();
            continue;
        }
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(fd, &rd);
        int ready = pselect(fd + 1, &rd, NULL, NULL, NULL, &old);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (ready < 0) {
            if (errno == EINTR) continue; /* the flags are checked at the top */
            return EOF;
        }
        unsigned char c;
        ssize_t n = read(fd, &c, 1);
        if (n == 1) return c;
        if (n == 0) return EOF;
        if (errno != EINTR) return EOF;
    }
}

/* Asks before leaving a session with unsaved networks or running jobs. 1 = quit. */
static int confirm_quit(lua_State *L, int interactive) {
    if (!interactive) return 1;
    int unsaved = rmlua_unsaved(L);
    int running = (int)rm_joblist_active(rmlua_joblist(L));
    if (!unsaved && !running) return 1;
    char q[200];
    if (unsaved && running)
        snprintf(q, sizeof q, "%d trained network%s not saved and %d run%s still training. Quit anyway? [y/N] ",
                 unsaved, unsaved == 1 ? " is" : "s are", running, running == 1 ? " is" : "s are");
    else if (unsaved)
        snprintf(q, sizeof q, "%d trained network%s not saved. Quit anyway? [y/N] ", unsaved,
                 unsaved == 1 ? " is" : "s are");
    else
        snprintf(q, sizeof q, "%d run%s still training. Quit anyway? [y/N] ", running,
                 running == 1 ? " is" : "s are");
    got_sigint = 0;
    char *ans = readline(q);
    if (got_sigint) {
        got_sigint = 0;
        free(ans);
        fputc('\n', stdout);
        return 0;
    }
    if (!ans) {
        fputc('\n', stdout);
        return 1; /* Ctrl-D at the question: the user asked to leave twice */
    }
    int yes = ans[0] == 'y' || ans[0] == 'Y';
    free(ans);
    return yes;
}

static void repl_tty(lua_State *L, rmlua_repl *r) {
    char *hist = rm_history_open();
    rl_readline_name = "recmem";
    rmlua_set_verbose_default(L, 1); /* a person is watching: show training progress */
    complete_L = L;
    rl_attempted_completion_function = complete_cb;
    rl_completer_word_break_characters = " \t\n\"'`><=;+-*/%^~#&|(){}[],";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_getc_function = repl_getc;
    set_handler(SIGINT, on_sigint);
    set_handler(SIGWINCH, on_sigwinch);
    signal_L = L;
    printf("%s  Lua %s.%s  (Tab completes; Ctrl-C interrupts; Ctrl-D quits; help: man recmem-lua)\n",
           PACKAGE_STRING, LUA_VERSION_MAJOR, LUA_VERSION_MINOR);
    int streak = 0; /* consecutive Ctrl-C on an empty prompt */
    for (;;) {
        got_sigint = 0;
        set_handler(SIGINT, on_sigint); /* a one-shot default may be left from a stuck call */
        char *line = readline(rmlua_repl_prompt(r));
        if (got_sigint) {
            int had_text = (line && *line) || rmlua_repl_pending(r);
            free(line);
            fputc('\n', stdout);
            rmlua_repl_reset(r);
            if (had_text) {
                streak = 0;
                continue;
            }
            if (++streak == 1) {
                puts("(to quit, press Ctrl-C again or Ctrl-D)");
                continue;
            }
            if (confirm_quit(L, 1)) break;
            streak = 0;
            continue;
        }
        if (!line) {
            fputc('\n', stdout);
            if (confirm_quit(L, 1)) break;
            continue;
        }
        streak = 0;
        const char *chunk = NULL;
        evaluating = 1;
        int st = rmlua_repl_feed(r, line, &chunk);
        evaluating = 0;
        free(line);
        if (st == RMLUA_DONE) rm_history_add(hist, chunk);
        fflush(stdout);
    }
    rm_history_close(hist);
}

/* Standard input is not a terminal: read lines, no prompts, no line editing (for pipes
   and tests). Ctrl-C abandons a pending statement. */
static void repl_stream(lua_State *L, rmlua_repl *r) {
    set_handler(SIGINT, on_sigint);
    signal_L = L;
    char *line = NULL;
    size_t cap = 0;
    for (;;) {
        got_sigint = 0;
        errno = 0;
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            if (errno == EINTR || got_sigint) {
                clearerr(stdin);
                rmlua_repl_reset(r);
                continue;
            }
            break;
        }
        evaluating = 1;
        rmlua_repl_feed(r, line, NULL);
        evaluating = 0;
        fflush(stdout);
    }
    free(line);
}

static void do_repl(lua_State *L) {
    rmlua_repl *r = rmlua_repl_new(L);
    if (!r) {
        l_message("out of memory");
        return;
    }
    one_shot = 0;
    if (isatty(STDIN_FILENO)) repl_tty(L, r);
    else repl_stream(L, r);
    rmlua_repl_free(r);
}

/* ---- main ---- */

enum { HAS_E = 1, HAS_I = 2, HAS_DEMO = 4 };

/* Scans options; returns the index of the script (or argc), or -1 on a bad option (its
   index in *bad). */
static int collect_args(int argc, char **argv, int *flags, int *bad) {
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') return i;
        if (!strcmp(a, "-")) return i;
        if (!strcmp(a, "--")) return i + 1 < argc ? i + 1 : argc;
        if (!strcmp(a, "-i")) *flags |= HAS_I;
        else if (!strcmp(a, "--demo")) *flags |= HAS_DEMO;
        else if (!strcmp(a, "-e")) {
            *flags |= HAS_E;
            if (++i >= argc || !argv[i][0] ) {
                *bad = i - 1;
                return -1;
            }
        } else if (!strncmp(a, "-e", 2)) {
            *flags |= HAS_E; /* -echunk */
        } else {
            *bad = i;
            return -1;
        }
    }
    return i;
}

static int run_e_chunks(lua_State *L, char **argv, int script) {
    for (int i = 1; i < script; i++) {
        if (strncmp(argv[i], "-e", 2) || !strcmp(argv[i], "--")) continue;
        const char *chunk = argv[i][2] ? argv[i] + 2 : argv[++i];
        if (dostring(L, chunk, "=(command line)") != LUA_OK) return 0;
    }
    return 1;
}

static int pmain(lua_State *L) {
    int argc = (int)lua_tointeger(L, 1);
    char **argv = lua_touserdata(L, 2);
    int flags = 0, bad = 0;
    int script = collect_args(argc, argv, &flags, &bad);
    if (script < 0) {
        print_usage(argv[bad]);
        lua_pushinteger(L, 2);
        return 1;
    }
    if ((flags & HAS_DEMO) && (flags & (HAS_E | HAS_I) || script < argc)) {
        l_message("--demo cannot be combined with scripts, -e or -i");
        lua_pushinteger(L, 2);
        return 1;
    }
    create_arg_table(L, argv, argc, script < argc ? script : 0);
    one_shot = 1;
    if (!run_e_chunks(L, argv, script)) {
        lua_pushinteger(L, 1);
        return 1;
    }
    if (script < argc) {
        int st = handle_script(L, argv + script);
        if (st != LUA_OK) { /* an unreadable script is bad input (2), an error in it 1 */
            lua_pushinteger(L, st == LUA_ERRFILE ? 2 : 1);
            return 1;
        }
    }
    int status = 0;
    if (flags & HAS_DEMO) {
        if (!rm_tui_available()) {
            l_message("--demo needs a terminal: run it with standard input and output on a "
                      "terminal and TERM set (not \"dumb\")");
            status = 2;
        } else {
            status = cli_workbench(L, 1);
        }
    } else if (flags & HAS_I) {
        do_repl(L);
    } else if (script == argc && !(flags & HAS_E)) {
        if (rm_tui_available()) {
            status = cli_workbench(L, 0);
        } else {
            do_repl(L);
        }
    }
    lua_pushinteger(L, status);
    return 1;
}

int cli_interp(int argc, char **argv) {
    if (argv[0] && argv[0][0]) {
        const char *slash = strrchr(argv[0], '/');
        progname = slash ? slash + 1 : argv[0];
    }
    rm_err e = {0};
    lua_State *L = rmlua_new(&e);
    if (!L) {
        l_message(e.msg);
        return 1;
    }
    lua_pushcfunction(L, pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    int status = lua_pcall(L, 2, 1, 0);
    int code = status == LUA_OK ? (int)lua_tointeger(L, -1) : (report(L, status), 1);
    rmlua_close(L);
    return code;
}
