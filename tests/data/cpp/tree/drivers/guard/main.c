#include "local.h"
#include "local.h"
int after;
