#define 1X
#define OK_AFTER_BAD 1
