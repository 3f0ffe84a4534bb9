// Tests that Bidirectional's merge mode must be one of scion::merge.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::Bidirectional<L, Merge> requires 'Merge' to be scion::merge::concat, sum, mul or ave
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::sum>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<4>>);

#ifdef SCION_FAIL
using Bad = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, int>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
