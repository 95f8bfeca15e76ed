#ifndef ATTENDANT_CSPANDSP_SHIM_H
#define ATTENDANT_CSPANDSP_SHIM_H
#include <stdint.h>
#include <spandsp.h>
#endif
