#ifndef C_ATTENDANT_LINUX_H
#define C_ATTENDANT_LINUX_H

/// Pins the calling thread to one CPU. Returns 0 or an errno value.
/// (sched_setaffinity and CPU_SET need _GNU_SOURCE, which Swift's Glibc does not define.)
int c_attendant_pin_current_thread(int cpu);

#endif
