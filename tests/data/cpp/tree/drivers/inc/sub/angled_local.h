#define ANGLED 3
