#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
int new_api;
#else
int old_api;
#endif
int code = LINUX_VERSION_CODE;
