// Tests that a functional node whose layer gets an input of the wrong rank is rejected, naming the node: an LSTM after a Dense on (10) gets rank 1, not (time, features).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::rank_mismatch_at_node<again, 2, 1>
#include <scion/scion.hpp>

using namespace scion;

struct seq : Input<20, 8> {};
struct proj : Call<Dense<16, act::relu>, seq> {};  // (20, 16): Dense keeps the time axis
struct enc : Call<LSTM<8>, proj> {};               // (8)
using Ok = Functional<Inputs<seq>, Outputs<enc>>;
static_assert(param_count_v<Ok> == (8 * 16 + 16) + (4 * 8 * (16 + 8) + 4 * 8));

#ifdef SCION_FAIL
// enc outputs (8), rank 1; the LSTM at node again needs rank 2. The next error names the node:
//   g++: incomplete type 'scion::diagnostic::rank_mismatch_at_node<again, 2, 1>'
struct again : Call<LSTM<4>, enc> {};
using Bad = Functional<Inputs<seq>, Outputs<again>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
