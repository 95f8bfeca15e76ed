#ifndef C_ATTENDANT_LINUX_H
#define C_ATTENDANT_LINUX_H

/// Pins the calling thread to one CPU. Returns 0 or an errno value.
/// (sched_setaffinity and CPU_SET need _GNU_SOURCE, which Swift's Glibc does not define.)
int c_attendant_pin_current_thread(int cpu);

#include <spawn.h>

/// Makes a spawned child start in `directory` (glibc's posix_spawn_file_actions_addchdir_np,
/// a GNU extension). Returns 0 or an errno value.
int c_attendant_spawn_chdir(posix_spawn_file_actions_t *actions, const char *directory);

#endif
