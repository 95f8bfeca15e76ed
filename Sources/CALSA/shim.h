#ifndef ATTENDANT_CALSA_SHIM_H
#define ATTENDANT_CALSA_SHIM_H
#include <alsa/asoundlib.h>
#endif
