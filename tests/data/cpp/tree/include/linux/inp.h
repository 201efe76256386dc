#ifndef _INP_H
#define _INP_H
#include <uapi/linux/inp.h>
#endif
