#define PICK 9
#define ARCH_VAL 4
