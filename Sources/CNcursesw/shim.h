// The only C in dialpad-okta: ncursesw's wide API, and the macros and globals Swift cannot import.
#ifndef DIALPAD_OKTA_CNCURSESW_SHIM_H
#define DIALPAD_OKTA_CNCURSESW_SHIM_H

// pkg-config's -D_XOPEN_SOURCE=600 is dropped by SwiftPM, so the wide API must be enabled here.
// NCURSES_WIDECHAR alone does it: defining _XOPEN_SOURCE here would change how glibc's own
// headers (ucontext.h via signal.h) are declared, and clash with Swift's Glibc module.
#define NCURSES_WIDECHAR 1

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *dpo_stdscr(void) { return stdscr; }
/// The character set of the current locale ("UTF-8" under a UTF-8 locale).
static inline const char *dpo_codeset(void) { return nl_langinfo(CODESET); }
static inline int dpo_lines(void) { return LINES; }
static inline int dpo_cols(void) { return COLS; }
static inline int dpo_colors(void) { return COLORS; }
static inline attr_t dpo_a_bold(void) { return A_BOLD; }
static inline attr_t dpo_a_dim(void) { return A_DIM; }
static inline attr_t dpo_a_reverse(void) { return A_REVERSE; }
static inline attr_t dpo_a_underline(void) { return A_UNDERLINE; }
static inline int dpo_key_resize(void) { return KEY_RESIZE; }
static inline int dpo_key_f(int n) { return KEY_F(n); }
static inline SCREEN *dpo_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Draws one grapheme (up to 4 code points) with attributes and a colour pair.
static inline int dpo_put(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

// What a fatal signal needs to give the terminal back: the termios from before ncurses and the
// bytes that leave the alternate screen and show the cursor. Only async-signal-safe calls below.
struct dpo_restore_state {
    struct termios termios;
    int has_termios;
    char bytes[128];
    size_t length;
};

// Storage lives in a function: Swift emits the bodies of a header's inline functions, not its
// static variables.
static inline struct dpo_restore_state *dpo_restore_state(void) {
    static struct dpo_restore_state state;
    return &state;
}

static inline void dpo_save_terminal(void) {
    struct dpo_restore_state *state = dpo_restore_state();
    if (tcgetattr(STDIN_FILENO, &state->termios) == 0) state->has_termios = 1;
}

static inline void dpo_set_restore_bytes(const char *bytes) {
    struct dpo_restore_state *state = dpo_restore_state();
    size_t length = strlen(bytes);
    if (length >= sizeof(state->bytes)) length = sizeof(state->bytes) - 1;
    memcpy(state->bytes, bytes, length);
    state->length = length;
}

static inline void dpo_restore_terminal_now(void) {
    struct dpo_restore_state *state = dpo_restore_state();
    if (state->length > 0) {
        ssize_t written = write(STDOUT_FILENO, state->bytes, state->length);
        (void)written;
    }
    if (state->has_termios) tcsetattr(STDIN_FILENO, TCSAFLUSH, &state->termios);
}

static inline void dpo_fatal_signal(int number) {
    dpo_restore_terminal_now();
    signal(number, SIG_DFL);
    raise(number);
}

/// Termination and crash signals restore the terminal first, then die of the same signal.
static inline void dpo_install_restore_handlers(void) {
    int signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (size_t index = 0; index < sizeof(signals) / sizeof(signals[0]); index++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = dpo_fatal_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = (int)SA_RESETHAND;
        sigaction(signals[index], &action, NULL);
    }
}

static inline void dpo_remove_restore_handlers(void) {
    int signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (size_t index = 0; index < sizeof(signals) / sizeof(signals[0]); index++) signal(signals[index], SIG_DFL);
}

static inline const char *dpo_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return NULL;
    return value;
}

#endif
