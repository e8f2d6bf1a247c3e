// Shim over the system libedit (libedit-dev): readline-style line editing and history.
#ifndef HUDONG_CEDITLINE_SHIM_H
#define HUDONG_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>

// libedit's settings are C globals; Swift 6 rejects touching them directly (shared mutable
// state), so the REPL sets them through these functions, once, on its own thread.
static inline void hudong_set_completion_function(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}
static inline void hudong_set_completion_over(int over) { rl_attempted_completion_over = over; }
#endif
