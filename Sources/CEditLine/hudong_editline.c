// Small wrappers over libedit's readline emulation for the REPL.
#include "hudong_editline.h"

static volatile int ctrl_c_pressed = 0;

void hudong_set_completion_function(rl_completion_func_t *function) { rl_attempted_completion_function = function; }

void hudong_set_completion_over(int over) { rl_attempted_completion_over = over; }

void hudong_set_catch_signals(int catch_signals) { rl_catch_signals = catch_signals; }

static int on_ctrl_c(int count, int key) {
    (void)count;
    (void)key;
    ctrl_c_pressed = 1;
    rl_replace_line("", 0);
    fputs("^C", stdout);
    fflush(stdout);
    return rl_newline(1, '\n');
}

void hudong_bind_ctrl_c(void) { rl_bind_key(3, on_ctrl_c); }

int hudong_take_ctrl_c(void) {
    int pressed = ctrl_c_pressed;
    ctrl_c_pressed = 0;
    return pressed;
}
