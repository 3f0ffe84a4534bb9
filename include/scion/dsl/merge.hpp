// scion/dsl/merge.hpp — the static DSL's merge layers: Add, Subtract, Multiply, Average, Maximum,
// Minimum and Concatenate<Axis>, which take several inputs in a functional model.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/layers/merge.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion {

/// The base of the DSL's merge layer types, as `static_layer` is of the single-input ones: the
/// engine layer `Engine` holds the config and does the math; the derived type adds the
/// compile-time shape rule `infer(std::span<const Shape>)` and the defaults. Shape rule, build
/// and forward take every input at once, in call order (concept `MultiInputLayer`).
template <class Engine>
class static_merge_layer {
public:
    using engine_type = Engine;
    using config_type = typename Engine::config_type;
    static constexpr std::string_view class_name = Engine::class_name;
    static constexpr std::string_view default_name = Engine::default_name;
    /// How many inputs the layer takes: from `min_inputs` to `max_inputs`
    /// (`layers::unbounded_inputs` when there is no limit).
    static constexpr std::size_t min_inputs = Engine::min_inputs;
    static constexpr std::size_t max_inputs = Engine::max_inputs;

    explicit static_merge_layer(config_type cfg) : impl_(std::move(cfg)) {}

    /// A merge layer has no weights, whatever its inputs.
    static constexpr std::size_t param_count(std::span<const Shape>) noexcept { return 0; }

    [[nodiscard]] const config_type& config() const noexcept { return impl_.config(); }
    [[nodiscard]] std::string_view name() const noexcept { return impl_.name(); }
    void set_name(std::string n) { impl_.set_name(std::move(n)); }
    [[nodiscard]] bool built() const noexcept { return impl_.built(); }
    /// The first input's per-sample shape, once built.
    [[nodiscard]] Shape input_shape() const noexcept { return impl_.input_shape(); }
    [[nodiscard]] Shape output_shape() const noexcept { return impl_.output_shape(); }
    /// Checks the per-sample input shapes (shape_error if the rule rejects them) and marks the
    /// layer built; the seed and scope are unused (no weights).
    void build(std::span<const Shape> in, seed s, std::string_view scope = {}) { impl_.build(in, s, scope); }
    /// Re-targets the layer to new input shapes (clone on new inputs).
    void rebind(std::span<const Shape> in) { impl_.rebind(in); }
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept { return impl_.scratch_size(batch); }
    /// Merges `xs` (batch first, call order) into `y`, which has the output shape and does not
    /// overlap the inputs. Allocates nothing.
    void forward(std::span<const ConstTensorView> xs, const TensorView& y, std::span<float> scratch,
                 const layers::call_context& ctx) const {
        impl_.forward(xs, y, scratch, ctx);
    }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return impl_.get_weights(); }
    /// Accepts only an empty list; weights_error otherwise.
    void set_weights(std::span<const Tensor> w) { impl_.set_weights(w); }
    [[nodiscard]] std::size_t count_params() const noexcept { return impl_.count_params(); }
    [[nodiscard]] json get_config() const { return impl_.get_config(); }
    /// The engine layer: the same class the dynamic path runs.
    [[nodiscard]] const Engine& engine() const noexcept { return impl_; }
    /// The engine layer's weight lists (empty: merges have no weights).
    void weight_lists(std::vector<layers::weight_list*>& out) { impl_.weight_lists(out); }
    void weight_lists(std::vector<const layers::weight_list*>& out) const { impl_.weight_lists(out); }

protected:
    Engine impl_;
};

namespace detail {
/// An element-wise merge type of the DSL: a class over engine `Engine`, all of whose behaviour is
/// the engine's; the shape rule is `layers::elementwise_merge_shape` with the engine's arity.
template <class Derived, class Engine>
class elementwise_merge_type : public static_merge_layer<Engine> {
public:
    using typename static_merge_layer<Engine>::config_type;
    using static_merge_layer<Engine>::min_inputs;
    using static_merge_layer<Engine>::max_inputs;

    static constexpr shape_result infer(std::span<const Shape> in) noexcept {
        return layers::elementwise_merge_shape(in, min_inputs, max_inputs);
    }
    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() { return {}; }
    [[nodiscard]] static Derived from_config(const json& j) { return Derived(Engine::config_from_json(j)); }

protected:
    explicit elementwise_merge_type(config_type cfg) : static_merge_layer<Engine>(std::move(cfg)) {}
};
} // namespace detail

/// Element-wise sum of 2 or more inputs (Keras `Add`). Per-sample shapes broadcast as NumPy
/// (aligned on the last axis; a size of 1, or a missing leading axis, repeats):
///
///     Add{}  on (4) and (4)        → (4)
///     Add{}  on (2, 3) and (1, 3)  → (2, 3)
///     Add{}  on (2, 3) and (3)     → (2, 3)
class Add : public detail::elementwise_merge_type<Add, layers::Add> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Add {};`, stores one).
    using dsl_type = Add;
    Add() : elementwise_merge_type(default_config()) {}
    explicit Add(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// `x0 - x1` (Keras `Subtract`): exactly 2 inputs, broadcast as `Add`.
class Subtract : public detail::elementwise_merge_type<Subtract, layers::Subtract> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Subtract {};`, stores one).
    using dsl_type = Subtract;
    Subtract() : elementwise_merge_type(default_config()) {}
    explicit Subtract(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// Element-wise product of 2 or more inputs (Keras `Multiply`), broadcast as `Add`.
class Multiply : public detail::elementwise_merge_type<Multiply, layers::Multiply> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Multiply {};`, stores one).
    using dsl_type = Multiply;
    Multiply() : elementwise_merge_type(default_config()) {}
    explicit Multiply(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// Element-wise mean of 2 or more inputs (Keras `Average`): their sum times 1/n, broadcast as
/// `Add`.
class Average : public detail::elementwise_merge_type<Average, layers::Average> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Average {};`, stores one).
    using dsl_type = Average;
    Average() : elementwise_merge_type(default_config()) {}
    explicit Average(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// Element-wise maximum of 2 or more inputs (Keras `Maximum`), broadcast as `Add`.
class Maximum : public detail::elementwise_merge_type<Maximum, layers::Maximum> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Maximum {};`, stores one).
    using dsl_type = Maximum;
    Maximum() : elementwise_merge_type(default_config()) {}
    explicit Maximum(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// Element-wise minimum of 2 or more inputs (Keras `Minimum`), broadcast as `Add`.
class Minimum : public detail::elementwise_merge_type<Minimum, layers::Minimum> {
public:
    /// The DSL layer type itself (a named layer, `struct skip : Minimum {};`, stores one).
    using dsl_type = Minimum;
    Minimum() : elementwise_merge_type(default_config()) {}
    explicit Minimum(config_type cfg) : elementwise_merge_type(std::move(cfg)) {}
};

/// Joins 2 or more inputs along `Axis` (Keras `Concatenate(axis=Axis)`). As in Keras, the axis
/// counts the batch axis: 1 is the first per-sample axis, -1 (the default) the last; the batch
/// axis (0, or minus the full rank) is an error of the shape rule. The inputs must have the same
/// rank and the same sizes on every other axis:
///
///     Concatenate<>   on (2, 3) and (2, 4)  → (2, 7)
///     Concatenate<1>  on (2, 3) and (5, 3)  → (7, 3)
template <int Axis = -1>
class Concatenate : public static_merge_layer<layers::Concatenate> {
public:
    /// The DSL layer type itself (a named layer, `struct join : Concatenate<1> {};`, stores one).
    using dsl_type = Concatenate;
    static constexpr int axis = Axis;

    static constexpr shape_result infer(std::span<const Shape> in) noexcept {
        return layers::concatenate_output_shape(in, Axis);
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.axis = Axis;
        return c;
    }
    Concatenate() : static_merge_layer(default_config()) {}
    /// A layer from a config, whose axis must be `Axis`; throws config_error otherwise.
    explicit Concatenate(config_type cfg) : static_merge_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Concatenate from_config(const json& j) {
        return Concatenate(layers::Concatenate::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.axis != Axis)
            throw config_error("Concatenate config does not match the static type: axis is " + std::to_string(c.axis) +
                               ", the type says " + std::to_string(Axis));
        return c;
    }
};

/// Whether T is one of the DSL's merge layer types.
template <class T>
inline constexpr bool is_merge_layer_v = false;
template <>
inline constexpr bool is_merge_layer_v<Add> = true;
template <>
inline constexpr bool is_merge_layer_v<Subtract> = true;
template <>
inline constexpr bool is_merge_layer_v<Multiply> = true;
template <>
inline constexpr bool is_merge_layer_v<Average> = true;
template <>
inline constexpr bool is_merge_layer_v<Maximum> = true;
template <>
inline constexpr bool is_merge_layer_v<Minimum> = true;
template <int Axis>
inline constexpr bool is_merge_layer_v<Concatenate<Axis>> = true;

/// Whether T is a `Concatenate<Axis>`.
template <class T>
inline constexpr bool is_concatenate_v = false;
template <int Axis>
inline constexpr bool is_concatenate_v<Concatenate<Axis>> = true;

} // namespace scion
