#ifndef ATTENDANT_CARGON2_SHIM_H
#define ATTENDANT_CARGON2_SHIM_H
#include <argon2.h>
#endif
