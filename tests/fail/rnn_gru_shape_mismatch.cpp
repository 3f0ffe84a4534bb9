// Tests that a GRU given an input without a time axis is rejected: a GRU after a GRU without return_sequences gets (8), not (time, features).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::rank_mismatch_at_layer<1, 2, 1>
#include <scion/scion.hpp>

using namespace scion;

// Valid: the first GRU returns its sequence, (20, 8).
using Ok = Sequential<Input<20, 3>, GRU<8, return_sequences>, GRU<4>>;
static_assert(param_count_v<Ok> == (3 * 8 * (3 + 8) + 6 * 8) + (3 * 4 * (8 + 4) + 6 * 4));

#ifdef SCION_FAIL
using Bad = Sequential<Input<20, 3>, GRU<8>, GRU<4>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
