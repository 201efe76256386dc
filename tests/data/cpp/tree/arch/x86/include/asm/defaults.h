#ifdef CONFIG_Z
#define DEFAULT_X 5
#endif
#define ARCH_VAL 1
