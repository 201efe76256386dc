/* Test fixture: the module.h macros extraction sees (written for the tests). */
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_ALIAS_FS(NAME) MODULE_ALIAS("fs-" NAME)
