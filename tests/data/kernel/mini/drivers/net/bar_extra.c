int bar_extra;
