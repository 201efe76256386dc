#define __BIG_ENDIAN 4321
