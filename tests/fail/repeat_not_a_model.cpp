// Tests that Repeat<N, Block> requires a model type as its block (a layer is not a block).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: requires 'Block' to be a model type with one input and one output
// detail: repeatable_block<scion::Dense<8
#include <scion/scion.hpp>

using namespace scion;

using Block = Sequential<Input<8>, Dense<8, act::relu>>;

int main() {
    Repeat<3, Block> ok;
    (void)ok;
#ifdef SCION_FAIL
    Repeat<3, Dense<8>> bad;
    (void)bad;
#endif
}
