# librmtui: the ncurses workbench.
noinst_LIBRARIES += src/tui/librmtui.a
src_tui_librmtui_a_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(CURSES_CFLAGS) $(READLINE_CFLAGS)
src_tui_librmtui_a_SOURCES = src/tui/tui.h
