// Tests that a Reshape with -1 needs a multiple of its known dimensions; the second error reads
// element_count_not_multiple_at_layer<0, 5, 12>: layer 0 needs a multiple of 5, gets 12.
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::element_count_not_multiple_at_layer<0, 5, 12>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<12>, Reshape<-1, 4>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<3, 4>>);

#ifdef SCION_FAIL
using Bad = Sequential<Input<12>, Reshape<-1, 5>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
