// Links every single-header translation unit together: duplicate definitions of non-inline
// functions or variables in headers fail here at link time.
int main() { return 0; }
