// Static test: clone_model_t over functional graphs — the clone's type, layers, names, shapes and
// parameter counts, computed at compile time. A static test passes if it compiles.
#include <scion/scion.hpp>

#include <ratio>
#include <type_traits>

using namespace scion;

namespace residual {
struct x : Input<10> {};
struct h : Call<Dense<12, act::relu>, x> {};
struct r : Call<Dense<10>, h> {};
struct s : Call<Add, x, r> {};
struct y : Call<Dense<4, act::sigmoid>, s> {};
using Res = Functional<Inputs<x>, Outputs<y, h>>;
} // namespace residual
using residual::Res;

// The default clone, copy_weights and share_weights keep the type.
static_assert(std::is_same_v<clone_model_t<Res>, Res>);
static_assert(std::is_same_v<clone_model_t<Res, keep_inputs_t, copy_weights>, Res>);
static_assert(std::is_same_v<clone_model_t<Res, keep_inputs_t, share_weights>, Res>);
static_assert(std::is_same_v<clone_model_t<Res, Inputs<Input<10>>>, Res>);  // same shape, no new name
static_assert(std::is_same_v<clone_model_t<Res, Input<10>>, Res>);

// New inputs: shapes re-inferred (here a rank-3 input: Dense acts on the last axis).
struct x3 : Input<5, 10> {};
using Res3 = clone_model_t<Res, Inputs<x3>>;
static_assert(!std::is_same_v<Res3, Res>);
static_assert(output_shape_v<Res3, 0> == Shape{5, 4});
static_assert(output_shape_v<Res3, 1> == Shape{5, 12});
static_assert(param_count_v<Res3> == param_count_v<Res>);
static_assert(Res3::graph_type::input_name(0) == "x3");   // a named input node brings its name
static_assert(Res3::graph_type::layer_name(0) == "h");    // layers keep theirs
static_assert(Res3::mac_count == 5 * Res::mac_count);

// A clone function that changes a layer type: the clone's shapes follow the new layer.
inline constexpr auto widen_h = [](const auto& l) {
    using L = std::remove_cvref_t<decltype(l)>;
    if constexpr (std::is_same_v<L, Dense<12, act::relu>>) return Dense<20, act::relu>{};
    else return fresh_weights{}(l);
};
using Wide = clone_model_t<Res, keep_inputs_t, decltype(widen_h)>;
static_assert(std::is_same_v<Wide, GraphModel<Wide::graph_type>>);
static_assert(output_shape_v<Wide, 1> == Shape{20});
static_assert(param_count_v<Wide> == (10 * 20 + 20) + (20 * 10 + 10) + (10 * 4 + 4));
static_assert(std::is_same_v<clone_model_t<Wide>, Wide>);  // a clone of a clone

// Shared layers stay shared: the clone function runs once per distinct layer.
namespace siamese {
struct encoder : Dense<5, act::elu> {};
struct a : Input<6> {};
struct b : Input<6> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
struct d : Call<Concatenate<>, ea, eb> {};
struct o : Call<Dense<1>, d> {};
using Siamese = Functional<Inputs<a, b>, Outputs<o>>;
} // namespace siamese
using siamese::Siamese;
static_assert(Siamese::graph_type::layer_count == 3);
static_assert(param_count_v<Siamese> == (6 * 5 + 5) + (10 * 1 + 1));
inline constexpr auto widen_encoder = [](const auto& l) {
    using L = std::remove_cvref_t<decltype(l)>;
    if constexpr (std::is_same_v<L, Dense<5, act::elu>>) return rename<"encoder_wide">(Dense<7, act::elu>{});
    else return fresh_weights{}(l);
};
using Siamese7 = clone_model_t<Siamese, keep_inputs_t, decltype(widen_encoder)>;
static_assert(Siamese7::graph_type::layer_count == 3);                // still one encoder
static_assert(Siamese7::graph_type::layer_name(0) == "encoder_wide");  // renamed
static_assert(param_count_v<Siamese7> == (6 * 7 + 7) + (14 * 1 + 1));
// Two new inputs, matched in order.
struct a2 : Input<3> {};
struct b2 : Input<3> {};
using Siamese3 = clone_model_t<Siamese, Inputs<a2, b2>>;
static_assert(param_count_v<Siamese3> == (3 * 5 + 5) + (10 * 1 + 1));
static_assert(Siamese3::graph_type::input_name(1) == "b2");

// Nested models: cloned whole by default, with the same function at every depth if recursive.
using Inner = Sequential<Input<6>, Dense<3, act::tanh>>;
namespace nested {
struct i : Input<6> {};
struct n : Call<Inner, i> {};
struct o : Call<Dense<2>, n> {};
using Outer = Functional<Inputs<i>, Outputs<o>>;
struct j : Input<6> {};
struct m : Call<Outer, j> {};
using Outer2 = Functional<Inputs<j>, Outputs<m>>;  // three levels: Outer2 > Outer > Inner
} // namespace nested
using nested::Outer;
using nested::Outer2;
inline constexpr auto tanh_to_relu = [](const auto& l) {
    using L = std::remove_cvref_t<decltype(l)>;
    if constexpr (std::is_same_v<L, Dense<3, act::tanh>>) return Dense<3, act::relu>{};
    else return fresh_weights{}(l);
};
static_assert(std::is_same_v<clone_model_t<Outer2, keep_inputs_t, decltype(tanh_to_relu)>, Outer2>);
using Deep = clone_model_t<Outer2, keep_inputs_t, decltype(tanh_to_relu), recursive_t>;
using DeepOuter = graph::layer_at_t<0, Deep::layer_tuple>;
using DeepInner = graph::layer_at_t<0, DeepOuter::layer_tuple>;
static_assert(std::is_same_v<DeepInner, Sequential<Input<6>, Dense<3, act::relu>>>);
static_assert(param_count_v<Deep> == param_count_v<Outer2>);

// A call function: a Dropout after every Dense (3 Dense -> 3 Dense + 3 Dropout), same counts.
namespace mlp {
struct x : Input<8> {};
struct h1 : Call<Dense<16, act::relu>, x> {};
struct h2 : Call<Dense<16, act::relu>, h1> {};
struct y : Call<Dense<3>, h2> {};
using Mlp = Functional<Inputs<x>, Outputs<y>>;
} // namespace mlp
using mlp::Mlp;
struct dropout_after_dense {
    template <class Layer, class... In>
    using call = std::conditional_t<is_dense_v<layer_storage_t<Layer>>, Call<Dropout<std::ratio<1, 5>>, Call<Layer, In...>>,
                                    Call<Layer, In...>>;
};
using Mlp6 = clone_model_t<Mlp, keep_inputs_t, fresh_weights, call_function<dropout_after_dense>>;
static_assert(Mlp6::graph_type::layer_count == 6);
static_assert(param_count_v<Mlp6> == param_count_v<Mlp>);
static_assert(Mlp6::graph_type::layer_name(0) == "h1");
static_assert(Mlp6::graph_type::layer_name(1).empty());  // the inserted Dropout: an automatic name
static_assert(graph::names_v<Mlp6::graph_type>.names[2].view() == "dropout");
// A call function and recursion together reach nested functional models.
using Outer2Drop = clone_model_t<Outer2, keep_inputs_t, fresh_weights, call_function<dropout_after_dense>, recursive_t>;
static_assert(Outer2Drop::graph_type::layer_count == 1);                                   // the nested Outer
static_assert(graph::layer_at_t<0, Outer2Drop::layer_tuple>::graph_type::layer_count == 3);  // Inner, o, dropout

// Repeat: one type whatever N.
namespace block {
struct bx : Input<16> {};
struct bh : Call<Dense<16, act::relu>, bx> {};
struct bs : Call<Add, bx, Call<Dense<16>, bh>> {};
using Block = Functional<Inputs<bx>, Outputs<bs>>;
struct x : Input<16> {};
struct st : Call<Repeat<40, Block>, x> {};
struct y : Call<Dense<2>, st> {};
using Stack = Functional<Inputs<x>, Outputs<y>>;
} // namespace block
static_assert(param_count_v<block::Stack> == 40 * 2 * (16 * 16 + 16) + (16 * 2 + 2));
static_assert(block::Stack::mac_count == 40 * 2 * 16 * 16 + 16 * 2);
static_assert(std::is_same_v<clone_model_t<block::Stack>, block::Stack>);



// Multiply-adds: Dense and LSTM count their products; Bidirectional both directions.
using Tagger = Sequential<Input<20, 8>, Bidirectional<LSTM<16, return_sequences>>, Dense<4>>;
static_assert(Tagger::mac_count == 2 * 20 * 4 * 16 * (8 + 16) + 20 * 32 * 4);
int main() {}
