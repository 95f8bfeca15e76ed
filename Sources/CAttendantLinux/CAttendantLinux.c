#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include "CAttendantLinux.h"

int c_attendant_pin_current_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}
