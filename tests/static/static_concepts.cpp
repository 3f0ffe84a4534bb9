// Static test: scion's concepts (Layer, Cloneable, Serializable, ActivationType,
// InitializerType, RecurrentLayer, StaticModel) accept what they should and reject the rest,
// and a user-defined layer that satisfies Layer (but not Cloneable) works inside a Sequential.
// A static test passes if it compiles; main() does nothing.
#include <scion/scion.hpp>

#include <algorithm>
#include <cstddef>
#include <ratio>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace scion;

namespace {

// ---------------------------------------------------------------------------------------------
// A minimal user layer: multiplies each feature by a learned scale (one weight vector, as long
// as the last axis). It has everything Layer asks for (see include/scion/dsl/layer.hpp) and
// nothing more: no config_type / config() / constructor from a config (so not Cloneable) and
// no get_config() (so not Serializable).
class FeatureScale {
public:
    static constexpr std::string_view class_name = "FeatureScale";
    static constexpr std::string_view default_name = "feature_scale";

    // The compile-time shape rule: any input of rank >= 1, output of the same shape; one
    // weight per feature of the last axis.
    static constexpr shape_result infer(const Shape& in) noexcept {
        if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
        return {in};
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept { return in.back(); }

    [[nodiscard]] std::string_view name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] Shape input_shape() const noexcept { return input_shape_; }
    void build(const Shape& in, seed, std::string_view) {
        input_shape_ = in;
        scale_ = Tensor(Shape{in.back()}, std::vector<float>(in.back(), 1.0f));
        built_ = true;
    }
    [[nodiscard]] std::size_t scratch_size(std::size_t) const noexcept { return 0; }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const layers::call_context&) const {
        const std::size_t f = scale_.size();
        for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = x.data[i] * scale_[i % f];
    }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return {scale_}; }
    void set_weights(std::span<const Tensor> w) {
        if (w.size() != 1 || w[0].shape() != scale_.shape()) throw weights_error("FeatureScale: bad weights");
        scale_ = w[0];
    }

private:
    std::string name_;
    bool built_ = false;
    Shape input_shape_{};
    Tensor scale_;
};

static_assert(Layer<FeatureScale>);
static_assert(!Cloneable<FeatureScale>);
static_assert(!Serializable<FeatureScale>);
static_assert(!RecurrentLayer<FeatureScale>);

// It can be used in a Sequential; shapes and counts are inferred through its rule.
//   (4) -> Dense<8> (8): 4*8 + 8 = 40 -> FeatureScale (8): 8 -> Dense<2> (2): 8*2 + 2 = 18.
//   total 40 + 8 + 18 = 66
using WithUserLayer = Sequential<Input<4>, Dense<8, act::relu>, FeatureScale, Dense<2>>;
static_assert(param_count_v<WithUserLayer> == 66);
static_assert(std::is_same_v<output_shape_t<WithUserLayer>, dims<2>>);
static_assert(StaticModel<WithUserLayer>);
//   (3, 5) -> FeatureScale (3, 5): 5 params -> LSTM<2> (2): 4*2*(5 + 2) + 4*2 = 56 + 8 = 64.  total 69
using UserThenLstm = Sequential<Input<3, 5>, FeatureScale, LSTM<2>>;
static_assert(param_count_v<UserThenLstm> == 69);
static_assert(std::is_same_v<output_shape_t<UserThenLstm>, dims<2>>);
// The model is not serializable: get_config() and to_json() need every layer Serializable.
template <class M>
concept HasGetConfig = requires(const M& m) { m.get_config(); };
template <class M>
concept HasToJson = requires(const M& m) { m.to_json(); };
static_assert(!HasGetConfig<WithUserLayer> && !HasToJson<WithUserLayer>);
static_assert(HasGetConfig<Sequential<Input<4>, Dense<2>>> && HasToJson<Sequential<Input<4>, Dense<2>>>);
// The default clone (fresh_weights) needs Cloneable layers: clone_model_t<WithUserLayer> is a
// compile error (SCION_NOT_CLONEABLE, tests/fail/not_cloneable.cpp). copy_weights handles it.
static_assert(std::is_same_v<clone_model_t<WithUserLayer, keep_inputs_t, copy_weights>, WithUserLayer>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const WithUserLayer&>(), keep_inputs, copy_weights{})),
                             WithUserLayer>);

// ---------------------------------------------------------------------------------------------
// Layer: every layer of the DSL is one.
static_assert(Layer<Dense<4>> && Layer<Dense<4, act::relu, no_bias>>);
static_assert(Layer<LSTM<4>> && Layer<LSTM<4, return_sequences, go_backwards>>);
static_assert(Layer<Bidirectional<LSTM<4>>> && Layer<Bidirectional<LSTM<4>, merge::ave>>);
static_assert(Layer<Flatten> && Layer<Reshape<2, -1>> && Layer<Dropout<>> && Layer<Activation<act::relu>>);

// ... and these are not.
struct ForwardOnly {  // just a forward(), no shape rule, no weights, no names
    void forward(ConstTensorView, TensorView, std::span<float>, const layers::call_context&) const {}
};
struct ShapeRuleOnly {  // a shape rule but no run-time object
    static constexpr shape_result infer(const Shape& in) noexcept { return {in}; }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
};
static_assert(!Layer<int>);
static_assert(!Layer<float*>);
static_assert(!Layer<ForwardOnly>);
static_assert(!Layer<ShapeRuleOnly>);
static_assert(!Layer<Sequential<Input<4>, Dense<2>>>);  // a model is not a layer
static_assert(!Layer<Input<4>>);
static_assert(!Layer<act::relu>);
static_assert(!Layer<init::zeros>);
static_assert(!Layer<no_bias>);
static_assert(!Layer<layers::Dense>);  // the engine layer has no compile-time shape rule
static_assert(!Layer<layers::LSTM>);
static_assert(!Layer<Dense<4>&>);  // a reference is not a class type
static_assert(!Layer<void>);

// Cloneable: the DSL's layers are; the user layer above and non-layers are not.
static_assert(Cloneable<Dense<4>> && Cloneable<LSTM<4>> && Cloneable<Bidirectional<LSTM<4>, merge::sum>>);
static_assert(Cloneable<Flatten> && Cloneable<Reshape<3, 4>> && Cloneable<Dropout<std::ratio<1, 3>>>);
static_assert(Cloneable<Activation<act::softmax>>);
static_assert(!Cloneable<int> && !Cloneable<ForwardOnly> && !Cloneable<layers::Dense>);

// Serializable: the DSL's layers write Keras JSON.
static_assert(Serializable<Dense<4>> && Serializable<LSTM<4>> && Serializable<Bidirectional<LSTM<4>>>);
static_assert(Serializable<Flatten> && Serializable<Reshape<3, 4>> && Serializable<Dropout<>>);
static_assert(Serializable<Activation<act::gelu>>);
static_assert(!Serializable<int> && !Serializable<layers::Dense>);  // get_config alone is not enough

// RecurrentLayer: LSTM only. Bidirectional is not itself recurrent (it cannot be nested).
static_assert(RecurrentLayer<LSTM<4>> && RecurrentLayer<LSTM<4, return_sequences>>);
static_assert(!RecurrentLayer<Dense<4>>);
static_assert(!RecurrentLayer<Bidirectional<LSTM<4>>>);
static_assert(!RecurrentLayer<Flatten>);
static_assert(!RecurrentLayer<int>);
static_assert(!RecurrentLayer<layers::LSTM>);  // is_recurrent, but not a Layer

// ---------------------------------------------------------------------------------------------
// ActivationType: every scion::act type, and any type with a static activation_id `id`.
static_assert(ActivationType<act::linear> && ActivationType<act::relu> && ActivationType<act::sigmoid>);
static_assert(ActivationType<act::tanh> && ActivationType<act::softmax> && ActivationType<act::elu>);
static_assert(ActivationType<act::selu> && ActivationType<act::gelu> && ActivationType<act::swish>);
static_assert(ActivationType<act::silu> && ActivationType<act::softplus> && ActivationType<act::softsign>);
static_assert(ActivationType<act::hard_sigmoid> && ActivationType<act::exponential>);
static_assert(std::is_same_v<act::silu, act::swish>);
struct my_relu {
    static constexpr activation_id id = activation_id::relu;
};
static_assert(ActivationType<my_relu>);
static_assert(Dense<4, my_relu>::activation_v == activation_id::relu);
static_assert(!ActivationType<int>);
static_assert(!ActivationType<init::he_normal>);
static_assert(!ActivationType<Dense<4>>);
static_assert(!ActivationType<activation_id>);  // the enum itself is not an activation type
struct wrong_id {
    static constexpr int id = 1;  // an int does not convert to the scoped enum
};
static_assert(!ActivationType<wrong_id>);

// InitializerType: every scion::init type, and any type with `static Initializer make()`.
static_assert(InitializerType<init::zeros> && InitializerType<init::ones> && InitializerType<init::glorot_uniform>);
static_assert(InitializerType<init::glorot_normal> && InitializerType<init::he_uniform> &&
              InitializerType<init::he_normal>);
static_assert(InitializerType<init::lecun_uniform> && InitializerType<init::lecun_normal>);
static_assert(InitializerType<init::constant<>> && InitializerType<init::constant<std::ratio<1, 2>>>);
static_assert(InitializerType<init::random_uniform<>> && InitializerType<init::random_normal<>>);
static_assert(InitializerType<init::truncated_normal<>> && InitializerType<init::orthogonal<>>);
struct my_init {
    static Initializer make() { return Initializer::constant(0.5f); }
};
static_assert(InitializerType<my_init>);
static_assert(Layer<Dense<4, act::linear, kernel_initializer<my_init>>>);
static_assert(!InitializerType<int>);
static_assert(!InitializerType<act::relu>);
static_assert(!InitializerType<Initializer>);  // no static make()
struct wrong_make {
    static float make() { return 0.0f; }
};
static_assert(!InitializerType<wrong_make>);

// ---------------------------------------------------------------------------------------------
// StaticModel: Sequential and its clones are; layers and other types are not.
static_assert(StaticModel<Sequential<Input<4>, Dense<2>>>);
static_assert(StaticModel<Sequential<Input<10, 8>, LSTM<4>>>);
static_assert(StaticModel<clone_model_t<Sequential<Input<4>, Dense<2>>, Input<7>>>);
static_assert(!StaticModel<int>);
static_assert(!StaticModel<Dense<2>>);
static_assert(!StaticModel<Input<4>>);
static_assert(!StaticModel<FeatureScale>);

// The is_*_v traits.
static_assert(is_lstm_v<LSTM<4>> && is_lstm_v<LSTM<4, return_sequences>> && !is_lstm_v<Dense<4>>);
static_assert(!is_lstm_v<Bidirectional<LSTM<4>>> && is_bidirectional_v<Bidirectional<LSTM<4>>>);
static_assert(is_dense_v<Dense<4, act::relu, no_bias>> && !is_dense_v<LSTM<4>>);
static_assert(is_input_v<Input<3, 2>> && !is_input_v<Dense<3>>);
static_assert(is_sequential_v<Sequential<Input<4>, Dense<2>>> && !is_sequential_v<Dense<2>>);
static_assert(is_ratio_v<std::ratio<1, 2>> && !is_ratio_v<int>);

} // namespace

int main() {}
