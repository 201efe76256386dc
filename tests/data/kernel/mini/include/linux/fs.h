#ifndef _LINUX_FS_H
#define _LINUX_FS_H
#define MODULE_ALIAS_FS(NAME) MODULE_ALIAS("fs-" NAME)
#endif
