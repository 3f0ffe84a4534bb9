// Tests that Input<> (no dimension) is rejected when the Input type is used, here as clone_model's new inputs.
// expect: SCION_BAD_INPUT_SHAPE
// detail: detail::input_dims_ok<>
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<4>, Dense<2>>;

int main() {
    Model model{seed{1}};
    auto ok = clone_model(model, Input<6>{});
    (void)ok;
#ifdef SCION_FAIL
    // Note: written as Sequential<Input<>, Dense<2>> the mistake is reported by the Sequential,
    // with the same token; see bad_input_shape_in_sequential.cpp.
    auto bad = clone_model(model, Input<>{});
    (void)bad;
#endif
}
