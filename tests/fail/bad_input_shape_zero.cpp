// Tests that Input<0> (a zero dimension) is rejected when the Input type is used (Input<0>::shape).
// expect: SCION_BAD_INPUT_SHAPE
#include <scion/scion.hpp>

using namespace scion;

static_assert(Input<3, 1>::shape == Shape{3, 1});

#ifdef SCION_FAIL
// Note: written as Sequential<Input<0>, Dense<2>> the mistake is reported as
// SCION_SHAPE_MISMATCH (zero_dimension_at_layer<0>) instead; see docs/errors.md.
static_assert(Input<0>::shape.rank() == 1);
#endif

int main() {}
