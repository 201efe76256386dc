#define BTN_J 0x999
