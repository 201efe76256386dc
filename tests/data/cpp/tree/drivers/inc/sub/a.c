#include <linux/module.h>
#include "x.h"
#include <angled_local.h>
#include "missing.h"
int a = X + Y + ANGLED;
