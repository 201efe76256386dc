#include "y.h"
#define X 1
