#ifndef ATTENDANT_CSPANDSP_SHIM_H
#define ATTENDANT_CSPANDSP_SHIM_H
#include <stdint.h>
#include <spandsp.h>
// The IMA ADPCM state's predictor is set at each WAV block start (AttendantDSP/IMAADPCM.swift).
#include <spandsp/private/ima_adpcm.h>
#endif
