/*
 * Automatically generated file; DO NOT EDIT.
 * Mini x86 kernel
 */
#define CONFIG_FOO_MODULE 1
#define CONFIG_BAR_MODULE 1
#define CONFIG_MODULES 1
#define CONFIG_NET 1
#define CONFIG_FOO_CORE_MODULE 1
#define CONFIG_FOO_EXTRA 1
