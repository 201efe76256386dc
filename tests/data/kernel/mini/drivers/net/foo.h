#define FOO_DEVICE_ID	0x1234
enum foo_board { board_a, board_b };
