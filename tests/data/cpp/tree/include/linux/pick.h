#ifndef _PICK_H
#define _PICK_H
#ifdef CONFIG_FOO
#define PICK 1
#else
#define PICK 2
#endif
#ifndef DEFAULT_X
#define DEFAULT_X 4
#endif
#define XM(a) a,
#undef XM
#if 0
#define DEAD 1
#endif
#ifndef __KERNEL__
#define USERONLY 1
#endif
#ifdef __ASSEMBLY__
#define ASMONLY 1
#else
#define CONLY 1
#endif
#define ARCH_VAL 3
#endif
