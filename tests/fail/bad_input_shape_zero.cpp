// Tests that Input<0> (a zero dimension) is rejected when the Input type is used (Input<0>::shape).
// expect: SCION_BAD_INPUT_SHAPE
// detail: detail::input_dims_ok<0>
#include <scion/scion.hpp>

using namespace scion;

static_assert(Input<3, 1>::shape == Shape{3, 1});

#ifdef SCION_FAIL
// Note: written as Sequential<Input<0>, Dense<2>> the mistake is reported by the Sequential,
// with the same token; see bad_input_shape_in_sequential.cpp.
static_assert(Input<0>::shape.rank() == 1);
#endif

int main() {}
