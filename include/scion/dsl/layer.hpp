// scion/dsl/layer.hpp — the Layer and Cloneable concepts, and static_layer, the base of the DSL's
// layer types.
#pragma once

#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/layers/layer_base.hpp>

#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace scion {

/// What a type must provide to be a layer of a static model:
///   - a compile-time shape rule `static constexpr shape_result infer(Shape)` and
///     `static constexpr std::size_t param_count(Shape)` (per-sample shapes);
///   - `class_name` and `default_name` (Keras's class name and automatic-name prefix);
///   - a run-time object: name, build, forward, weights.
/// Every layer of the DSL satisfies it; a user layer that does can be used in a model.
template <class L>
concept Layer = std::is_class_v<L> && std::copy_constructible<L> &&
    requires(L& l, const L& cl, const Shape& s, const ConstTensorView& x, const TensorView& y, std::span<float> scratch,
             const layers::call_context& ctx, std::span<const Tensor> w) {
        { L::infer(s) } -> std::same_as<shape_result>;
        { L::param_count(s) } -> std::convertible_to<std::size_t>;
        { L::class_name } -> std::convertible_to<std::string_view>;
        { L::default_name } -> std::convertible_to<std::string_view>;
        { cl.name() } -> std::convertible_to<std::string_view>;
        l.set_name(std::string{});
        { cl.built() } -> std::same_as<bool>;
        { cl.input_shape() } -> std::convertible_to<Shape>;
        l.build(s, seed{0}, std::string_view{});
        { cl.scratch_size(std::size_t{}) } -> std::convertible_to<std::size_t>;
        cl.forward(x, y, scratch, ctx);
        { cl.get_weights() } -> std::same_as<std::vector<Tensor>>;
        l.set_weights(w);
    };

/// A layer that takes several inputs (the merge layers: Add, Concatenate, ...): the same as
/// Layer, except that the shape rule, the parameter count, build and forward take every input at
/// once, as spans in call order.
template <class L>
concept MultiInputLayer = std::is_class_v<L> && std::copy_constructible<L> &&
    requires(L& l, const L& cl, std::span<const Shape> s, std::span<const ConstTensorView> xs, const TensorView& y,
             std::span<float> scratch, const layers::call_context& ctx, std::span<const Tensor> w) {
        { L::infer(s) } -> std::same_as<shape_result>;
        { L::param_count(s) } -> std::convertible_to<std::size_t>;
        { L::class_name } -> std::convertible_to<std::string_view>;
        { L::default_name } -> std::convertible_to<std::string_view>;
        { cl.name() } -> std::convertible_to<std::string_view>;
        l.set_name(std::string{});
        { cl.built() } -> std::same_as<bool>;
        l.build(s, seed{0}, std::string_view{});
        { cl.scratch_size(std::size_t{}) } -> std::convertible_to<std::size_t>;
        cl.forward(xs, y, scratch, ctx);
        { cl.get_weights() } -> std::same_as<std::vector<Tensor>>;
        l.set_weights(w);
    };

namespace detail {
template <class L>
inline constexpr bool has_several_outputs_v = [] {
    if constexpr (requires { L::output_count; }) return L::output_count > 1;
    else return false;
}();
} // namespace detail

/// A model type used as a layer of another model (a nested Sequential or Functional).
template <class L>
concept ModelLayer = requires {
    typename L::graph_type;
    L::input_count;
    L::output_count;
};

/// Anything a model can call: a layer, a merge layer, or a nested model.
template <class L>
concept AnyLayer = Layer<L> || MultiInputLayer<L> || ModelLayer<L>;

/// What a Sequential can stack: a layer with one input and one output (not LSTM<..., return_state>,
/// as in Keras), or a model with one input and one output.
template <class L>
concept UnaryLayer = (Layer<L> && !detail::has_several_outputs_v<L>) ||
                     (ModelLayer<L> && L::input_count == 1 && L::output_count == 1);

/// A layer that can be rebuilt from its config with fresh weights: Keras's default clone,
/// `from_config(get_config())`, done on the config struct (no JSON round trip).
template <class L>
concept Cloneable = (Layer<L> || MultiInputLayer<L>) && requires(const L& cl) {
    typename L::config_type;
    { cl.config() } -> std::convertible_to<const typename L::config_type&>;
    L(cl.config());
};

/// A layer whose config can be written as Keras JSON.
template <class L>
concept Serializable = (Layer<L> || MultiInputLayer<L>) && requires(const L& cl) {
    { cl.get_config() } -> std::same_as<json>;
};

namespace detail {
/// Whether a layer type's own template arguments are valid. Each DSL layer template specializes
/// it with the conditions of its static_asserts, so that a model can tell — without
/// instantiating the layer — that the layer reports its own error, and stay silent about it.
template <class T>
inline constexpr bool arguments_ok_v = true;
} // namespace detail

/// The base of the DSL's layer types: the engine layer `Engine` holds the config, the weights
/// and the math; the derived type adds the compile-time shape rule and the defaults its
/// template arguments select.
template <class Engine>
class static_layer {
public:
    using engine_type = Engine;
    using config_type = typename Engine::config_type;
    static constexpr std::string_view class_name = Engine::class_name;
    static constexpr std::string_view default_name = Engine::default_name;

    explicit static_layer(config_type cfg) : impl_(std::move(cfg)) {}

    [[nodiscard]] const config_type& config() const noexcept { return impl_.config(); }
    [[nodiscard]] std::string_view name() const noexcept { return impl_.name(); }
    void set_name(std::string n) { impl_.set_name(std::move(n)); }
    [[nodiscard]] bool built() const noexcept { return impl_.built(); }
    [[nodiscard]] Shape input_shape() const noexcept { return impl_.input_shape(); }
    [[nodiscard]] Shape output_shape() const noexcept { return impl_.output_shape(); }
    void build(const Shape& in, seed s, std::string_view scope = {}) { impl_.build(in, s, scope); }
    /// Keeps the built weights for a new input shape they fit (clone on new inputs with
    /// weights kept); throws clone_error otherwise.
    void rebind(const Shape& in) { impl_.rebind(in); }
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept { return impl_.scratch_size(batch); }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const layers::call_context& ctx) const {
        impl_.forward(x, y, scratch, ctx);
    }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return impl_.get_weights(); }
    void set_weights(std::span<const Tensor> w) { impl_.set_weights(w); }
    [[nodiscard]] std::size_t count_params() const noexcept { return impl_.count_params(); }
    /// Parameters no training changes (see layers::non_trainable_params).
    [[nodiscard]] std::size_t non_trainable_params() const { return layers::non_trainable_params(impl_); }
    [[nodiscard]] json get_config() const { return impl_.get_config(); }
    /// The weights' names after "<layer name>/", as model files write them (see layers::weight_names).
    [[nodiscard]] std::vector<std::string> weight_names() const { return layers::weight_names(impl_); }
    /// The engine layer's weight lists (see layers::weight_list).
    void weight_lists(std::vector<layers::weight_list*>& out) { impl_.weight_lists(out); }
    void weight_lists(std::vector<const layers::weight_list*>& out) const { impl_.weight_lists(out); }
    /// The engine layer: the same class the dynamic path runs.
    [[nodiscard]] const Engine& engine() const noexcept { return impl_; }

protected:
    Engine impl_;
};

} // namespace scion
