// The harness's own sanity case: its SCION_FAIL branch compiles, so the normal check must fail (the meson test runs it with --sanity-must-fail).
// expect: SCION_SHAPE_MISMATCH
// It includes only a light header so that it runs in well under a second per compiler.
#include <scion/core/shape.hpp>

static_assert(scion::Shape{20, 8}.rank() == 2);

#ifdef SCION_FAIL
// Valid code: nothing here is rejected, so the harness must report that the expected error
// (SCION_SHAPE_MISMATCH) did not happen, and --sanity-must-fail turns that into a pass.
static_assert(scion::Shape{20, 8}.elements() == 160);
#endif

int main() {}
