// Tests that Reshape to a shape with another element count is rejected: Reshape<5, 5> (25) on 12 features.
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::element_count_mismatch_at_layer<0, 25, 12>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

// Valid: 12 = 3 * 4, and 12 = 2 * 6 with the -1 inferred.
using Ok = Sequential<Input<12>, Reshape<3, 4>, Flatten, Reshape<-1, 6>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<2, 6>>);

#ifdef SCION_FAIL
// The second error names element_count_mismatch_at_layer<0, 25, 12>: layer 0 needs 25
// elements per sample and gets 12.
Sequential<Input<12>, Reshape<5, 5>> model{seed{1}};
#endif

int main() {}
