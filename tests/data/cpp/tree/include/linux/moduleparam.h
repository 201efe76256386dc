#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H
#define __MODULE_INFO(tag, name, info)					  \
	static const char __UNIQUE_ID(name)[]				  \
	  __used __section(".modinfo") __aligned(1)			  \
	  = __MODULE_INFO_PREFIX __stringify(tag) "=" info
#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)
#endif
