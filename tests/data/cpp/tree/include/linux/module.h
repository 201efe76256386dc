#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#include <linux/moduleparam.h>
#include <linux/mod_devicetable.h>

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)

#ifdef MODULE
#define MODULE_DEVICE_TABLE(type, name)					\
extern typeof(name) __mod_##type##__##name##_device_table		\
  __attribute__ ((unused, alias(__stringify(name))))
#else
#define MODULE_DEVICE_TABLE(type, name)
#endif
#endif
