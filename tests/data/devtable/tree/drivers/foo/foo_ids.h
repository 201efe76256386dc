/* Test fixture: an x-macro list included inside a table initializer. */
FOO_ENTRY(0x0010)
FOO_ENTRY(FOO_BOARD_C)
