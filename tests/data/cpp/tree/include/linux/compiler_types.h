/* Forced into every unit by scripts/Makefile.lib (-include). */
#define __forced_attr 42
