obj-$(CONFIG_INC) += inc.o
