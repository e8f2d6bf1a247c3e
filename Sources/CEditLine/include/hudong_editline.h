// Hudong's use of the system libedit (libedit-dev): readline-style editing and history.
#ifndef HUDONG_EDITLINE_H
#define HUDONG_EDITLINE_H

#include <stdio.h>
#include <editline/readline.h>

/// Sets libedit's completion callback (a C global Swift 6 may not touch directly).
void hudong_set_completion_function(rl_completion_func_t *function);
/// Tells libedit the completion callback has produced all completions.
void hudong_set_completion_over(int over);
/// Leaves SIGINT to the program: libedit must not catch and re-raise it.
void hudong_set_catch_signals(int catch_signals);
/// Binds Ctrl-C at the prompt: clear the line, show ^C, return an empty line and remember it.
void hudong_bind_ctrl_c(void);
/// Whether Ctrl-C was pressed at the prompt since the last call (and forgets it).
int hudong_take_ctrl_c(void);

#endif
