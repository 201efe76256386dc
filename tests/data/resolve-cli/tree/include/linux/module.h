#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#ifdef MODULE
#define MODULE_DEVICE_TABLE(type, name) extern typeof(name) __mod_##type##__##name##_device_table
#else
#define MODULE_DEVICE_TABLE(type, name)
#endif
#endif
