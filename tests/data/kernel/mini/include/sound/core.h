/* Some CONFIG_ names are plain header constants, not Kconfig symbols. */
#define CONFIG_SND_MAJOR	116	/* standard configuration */
