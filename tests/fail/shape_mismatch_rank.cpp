// Tests that a layer given an input of the wrong rank is rejected: a second LSTM after an LSTM without return_sequences gets (16), not (time, features).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::rank_mismatch_at_layer<1, 2, 1>
#include <scion/scion.hpp>

using namespace scion;

// Valid: Dense on (20, 8) keeps the time axis, (20, 16), so the LSTM gets the rank 2 it needs.
using Ok = Sequential<Input<20, 8>, Dense<16, act::relu>, LSTM<8>>;
static_assert(param_count_v<Ok> == (8 * 16 + 16) + (4 * 8 * (16 + 8) + 4 * 8));

#ifdef SCION_FAIL
// LSTM<16> without return_sequences outputs (16): rank 1; the next LSTM needs rank 2.
// The second error names rank_mismatch_at_layer<1, 2, 1>: layer 1 expects rank 2, got rank 1.
using Bad = Sequential<Input<20, 8>, LSTM<16>, LSTM<8>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
