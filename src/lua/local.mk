# librmlua: the `recmem` Lua module, the REPL and the script/-e/-i entry points.
noinst_LIBRARIES += src/lua/librmlua.a
src_lua_librmlua_a_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(READLINE_CFLAGS) $(BLAS_CFLAGS)
src_lua_librmlua_a_SOURCES = src/lua/rmlua.h
