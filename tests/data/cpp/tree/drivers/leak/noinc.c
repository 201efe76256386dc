int v = VENDOR_ID;
int b = BTN_J;
