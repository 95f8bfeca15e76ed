#ifndef ATTENDANT_CGPIOD_SHIM_H
#define ATTENDANT_CGPIOD_SHIM_H
#include <gpiod.h>
#endif
