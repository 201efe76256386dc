#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#define MODULE_ALIAS_CHARDEV_MAJOR(major) MODULE_ALIAS("char-major-" __stringify(major) "-*")
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#ifdef MODULE
#define MODULE_DEVICE_TABLE(type, name) extern typeof(name) __mod_##type##__##name##_device_table
#else
#define MODULE_DEVICE_TABLE(type, name)
#endif
#endif
