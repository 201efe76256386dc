#ifndef _UAPI_INP_H
#define _UAPI_INP_H
#include "inp-codes.h"
#endif
