#ifndef ATTENDANT_CALSA_SHIM_H
#define ATTENDANT_CALSA_SHIM_H
#include <alsa/asoundlib.h>

/* alsa-lib prints its own errors to stderr, from whichever thread meets them; the
   appliance reports every failure itself, with the board file's line, and its media
   thread must not write to files. A handler that drops them (variadic: C only). */
static void attendant_alsa_drop_error(const char *file, int line, const char *function,
                                      int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static inline void attendant_alsa_silence_errors(void) {
    snd_lib_error_set_handler(attendant_alsa_drop_error);
}
#endif
