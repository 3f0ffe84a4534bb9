// scion/dynamic/layer.hpp — the runtime fallback's layers: one polymorphic interface over the
// engine layers (the same classes, math and initialisers as the static path), a shared handle
// (`dynamic::Layer`) and symbolic tensors (`dynamic::KerasTensor`) that record calls.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/layers/input_layer.hpp>
#include <scion/layers/layer_base.hpp>

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

/// The runtime fallback: models built at run time (in a loop, from a configuration, from a
/// Keras file) over the same engine layers as the static path. It depends on the engine only.
namespace scion::dynamic {

/// What the dynamic graph needs of a layer, whatever its kind: the interface every engine
/// layer is wrapped in (see `engine_layer`) and that dynamic models implement too (a model is a
/// layer of another).
class layer_interface {
public:
    layer_interface() = default;
    layer_interface(const layer_interface&) = delete;
    layer_interface& operator=(const layer_interface&) = delete;
    virtual ~layer_interface() = default;

    [[nodiscard]] virtual std::string_view class_name() const noexcept = 0;
    [[nodiscard]] virtual std::string_view default_name() const noexcept = 0;
    [[nodiscard]] virtual const std::string& name() const noexcept = 0;
    virtual void set_name(std::string n) = 0;
    [[nodiscard]] virtual bool trainable() const noexcept = 0;

    /// The Keras config (`get_config()`); throws config_error for a layer that has none.
    [[nodiscard]] virtual json get_config() const = 0;
    [[nodiscard]] virtual bool has_config() const noexcept = 0;

    /// How many tensors a call returns (3 for an LSTM with return_state).
    [[nodiscard]] virtual std::size_t output_count() const noexcept = 0;
    /// Per-sample shape of output `k` for per-sample inputs `in`; throws shape_error naming the
    /// layer when it cannot take them.
    [[nodiscard]] virtual Shape output_shape(std::span<const Shape> in, std::size_t k) const = 0;

    [[nodiscard]] virtual bool built() const noexcept = 0;
    /// Allocates and initialises the weights for inputs `in`, from the stream
    /// "<scope><name>/<weight>" of `s` (the static path's streams: same seed, same weights).
    virtual void build(std::span<const Shape> in, seed s, std::string_view scope) = 0;
    /// The input shapes the layer was built for.
    [[nodiscard]] virtual std::vector<Shape> built_shapes() const = 0;
    /// Keeps the built weights for new inputs `in` (an LSTM on longer sequences); throws
    /// clone_error when `in` needs weights of other shapes.
    virtual void rebind(std::span<const Shape> in) = 0;
    [[nodiscard]] virtual std::size_t scratch_size(std::size_t batch) const noexcept = 0;
    /// Runs the layer: `xs` its inputs, `ys` its outputs (batch first, sized by the caller).
    virtual void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch,
                         const layers::call_context& ctx) const = 0;

    [[nodiscard]] virtual std::vector<Tensor> get_weights() const = 0;
    /// Checks count and shapes, then assigns; throws weights_error and changes nothing otherwise.
    virtual void set_weights(std::span<const Tensor> w) = 0;
    [[nodiscard]] virtual std::size_t count_params() const = 0;
    /// Parameters no training changes even when the layer is trainable (BatchNormalization's
    /// moving statistics).
    [[nodiscard]] virtual std::size_t non_trainable_params() const = 0;
    /// The names of the weights, in get_weights() order, relative to the layer as Keras and
    /// TF.js write them after "<layer name>/" ("kernel", "moving_mean", "forward_lstm/kernel");
    /// what model files match weights by.
    [[nodiscard]] virtual std::vector<std::string> weight_names() const = 0;
    virtual void weight_lists(std::vector<layers::weight_list*>& out) = 0;
    virtual void weight_lists(std::vector<const layers::weight_list*>& out) const = 0;

    /// A deep copy: same config, same weights (not shared).
    [[nodiscard]] virtual std::shared_ptr<layer_interface> copy() const = 0;
    /// Keras's `from_config(get_config())`: same config and name, not built (fresh weights when
    /// built). Throws clone_error for a layer that cannot be rebuilt from its config.
    [[nodiscard]] virtual std::shared_ptr<layer_interface> from_config() const = 0;

    /// The engine object's type and address (for typed access: `Layer::as<L>()`).
    [[nodiscard]] virtual const std::type_info& type() const noexcept = 0;
    [[nodiscard]] virtual const void* address() const noexcept = 0;

    /// "Dense layer 'dense_1'": how messages name the layer.
    [[nodiscard]] std::string who() const { return layers::detail::who(class_name(), name()); }
};

/// An engine-style layer class: a class name, a default name, a name, and a shape rule for one
/// input or for a list of inputs. Anything else (weights, config, several outputs) is optional.
template <class L>
concept engine_layer_type =
    std::copy_constructible<L> && requires(const L& l, L& m) {
        { L::class_name } -> std::convertible_to<std::string_view>;
        { L::default_name } -> std::convertible_to<std::string_view>;
        { l.name() } -> std::convertible_to<std::string_view>;
        m.set_name(std::string());
    } && (requires(const L& l, const Shape& s) { l.compute_output_shape(s); } ||
          requires(const L& l, std::span<const Shape> s) { l.compute_output_shape(s); });

namespace detail {

template <class L>
concept takes_list = requires(const L& l, std::span<const Shape> s) { l.compute_output_shape(s); };
template <class L>
concept multi_output = requires(const L& l) {
    { l.output_count() } -> std::convertible_to<std::size_t>;
};

} // namespace detail

/// The dynamic face of engine layer `L`: the calls of `layer_interface` forwarded to the same
/// object the static path runs.
template <engine_layer_type L>
class engine_layer final : public layer_interface {
public:
    explicit engine_layer(L l);

    [[nodiscard]] L& get() noexcept;
    [[nodiscard]] const L& get() const noexcept;

    [[nodiscard]] std::string_view class_name() const noexcept override;
    [[nodiscard]] std::string_view default_name() const noexcept override;
    [[nodiscard]] const std::string& name() const noexcept override;
    void set_name(std::string n) override;
    [[nodiscard]] bool trainable() const noexcept override;

    [[nodiscard]] json get_config() const override;
    [[nodiscard]] bool has_config() const noexcept override;

    [[nodiscard]] std::size_t output_count() const noexcept override;
    [[nodiscard]] Shape output_shape(std::span<const Shape> in, std::size_t k) const override;

    [[nodiscard]] bool built() const noexcept override;
    void build(std::span<const Shape> in, seed s, std::string_view scope) override;
    [[nodiscard]] std::vector<Shape> built_shapes() const override;
    void rebind(std::span<const Shape> in) override;
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept override;
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const override;

    [[nodiscard]] std::vector<Tensor> get_weights() const override;
    void set_weights(std::span<const Tensor> w) override;
    [[nodiscard]] std::size_t count_params() const override;
    [[nodiscard]] std::vector<std::string> weight_names() const override;
    [[nodiscard]] std::size_t non_trainable_params() const override;
    void weight_lists(std::vector<layers::weight_list*>& out) override;
    void weight_lists(std::vector<const layers::weight_list*>& out) const override;

    [[nodiscard]] std::shared_ptr<layer_interface> copy() const override;
    [[nodiscard]] std::shared_ptr<layer_interface> from_config() const override;

    [[nodiscard]] const std::type_info& type() const noexcept override;
    [[nodiscard]] const void* address() const noexcept override;

private:
    L l_;
    std::vector<Shape> shapes_;  // what a list-taking layer was built for
};

// engine_layer's members are defined out of the class body (so not implicitly inline): an
// `extern template class engine_layer<X>;` then really keeps them out of users' translation
// units for the built-in layers, whose instantiations libscion holds. They stay in the header
// for layer types of users' own.

template <engine_layer_type L>
engine_layer<L>::engine_layer(L l) : l_(std::move(l)) {}

template <engine_layer_type L>
L& engine_layer<L>::get() noexcept {
    return l_;
}
template <engine_layer_type L>
const L& engine_layer<L>::get() const noexcept {
    return l_;
}

template <engine_layer_type L>
std::string_view engine_layer<L>::class_name() const noexcept {
    return L::class_name;
}
template <engine_layer_type L>
std::string_view engine_layer<L>::default_name() const noexcept {
    return L::default_name;
}
template <engine_layer_type L>
const std::string& engine_layer<L>::name() const noexcept {
    return l_.name();
}
template <engine_layer_type L>
void engine_layer<L>::set_name(std::string n) {
    l_.set_name(std::move(n));
}
template <engine_layer_type L>
bool engine_layer<L>::trainable() const noexcept {
    if constexpr (requires { l_.config().trainable; }) return l_.config().trainable;
    else return true;
}

template <engine_layer_type L>
json engine_layer<L>::get_config() const {
    if constexpr (requires { l_.get_config(); }) return l_.get_config();
    else throw config_error(who() + ": has no get_config(), so it cannot be written as a Keras config");
}
template <engine_layer_type L>
bool engine_layer<L>::has_config() const noexcept {
    return requires { l_.get_config(); };
}

template <engine_layer_type L>
std::size_t engine_layer<L>::output_count() const noexcept {
    if constexpr (detail::multi_output<L>) return l_.output_count();
    else return 1;
}
template <engine_layer_type L>
Shape engine_layer<L>::output_shape(std::span<const Shape> in, std::size_t k) const {
    if constexpr (detail::takes_list<L>) {
        return l_.compute_output_shape(in);
    } else {
        if (in.size() != 1)
            throw shape_error(who() + ": takes 1 input, got " + std::to_string(in.size()));
        if constexpr (detail::multi_output<L>) return l_.compute_output_shape(in[0], k);
        else return l_.compute_output_shape(in[0]);
    }
}

template <engine_layer_type L>
bool engine_layer<L>::built() const noexcept {
    if constexpr (requires { l_.built(); }) return l_.built();
    else return true;
}
template <engine_layer_type L>
void engine_layer<L>::build(std::span<const Shape> in, seed s, std::string_view scope) {
    if constexpr (detail::takes_list<L>) {
        l_.build(in, s, scope);
        shapes_.assign(in.begin(), in.end());
    } else {
        if (in.size() != 1) throw shape_error(who() + ": takes 1 input, got " + std::to_string(in.size()));
        if constexpr (requires { l_.build(in[0], s, scope); }) l_.build(in[0], s, scope);
        shapes_.assign(in.begin(), in.end());
    }
}
template <engine_layer_type L>
std::vector<Shape> engine_layer<L>::built_shapes() const {
    if constexpr (!detail::takes_list<L> && requires { l_.input_shape(); })
        if (l_.built()) return {Shape(l_.input_shape())};
    return shapes_;
}
template <engine_layer_type L>
void engine_layer<L>::rebind(std::span<const Shape> in) {
    if constexpr (detail::takes_list<L> && requires { l_.rebind(in); }) {
        l_.rebind(in);
        shapes_.assign(in.begin(), in.end());
    } else if constexpr (!detail::takes_list<L> && requires { l_.rebind(in[0]); }) {
        if (in.size() != 1) throw shape_error(who() + ": takes 1 input, got " + std::to_string(in.size()));
        l_.rebind(in[0]);
        shapes_.assign(in.begin(), in.end());
    } else if constexpr (!requires { l_.get_weights(); }) {
        build(in, seed{0}, {});  // no weights: nothing to keep
    } else {
        throw clone_error(who() + ": cannot be re-targeted to new input shapes with its weights");
    }
}
template <engine_layer_type L>
std::size_t engine_layer<L>::scratch_size(std::size_t batch) const noexcept {
    if constexpr (requires { l_.scratch_size(batch); }) return l_.scratch_size(batch);
    else return 0;
}
template <engine_layer_type L>
void engine_layer<L>::forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys,
                              std::span<float> scratch, const layers::call_context& ctx) const {
    if constexpr (detail::takes_list<L>) {
        if constexpr (detail::multi_output<L>) l_.forward(xs, ys, scratch, ctx);
        else l_.forward(xs, ys[0], scratch, ctx);
    } else if constexpr (detail::multi_output<L>) {
        if (ys.size() > 1) l_.forward(xs[0], ys, scratch, ctx);
        else l_.forward(xs[0], ys[0], scratch, ctx);
    } else {
        l_.forward(xs[0], ys[0], scratch, ctx);
    }
}

template <engine_layer_type L>
std::vector<Tensor> engine_layer<L>::get_weights() const {
    if constexpr (requires { l_.get_weights(); }) return l_.get_weights();
    else return {};
}
template <engine_layer_type L>
void engine_layer<L>::set_weights(std::span<const Tensor> w) {
    if constexpr (requires { l_.set_weights(w); }) l_.set_weights(w);
    else if (!w.empty())
        throw weights_error(who() + ": has no weights, got " + std::to_string(w.size()) + " arrays");
}
template <engine_layer_type L>
std::size_t engine_layer<L>::count_params() const {
    std::size_t n = 0;
    for (const Tensor& t : get_weights()) n += t.size();
    return n;
}
template <engine_layer_type L>
std::vector<std::string> engine_layer<L>::weight_names() const {
    return layers::weight_names(l_);
}
template <engine_layer_type L>
std::size_t engine_layer<L>::non_trainable_params() const {
    return layers::non_trainable_params(l_);
}
template <engine_layer_type L>
void engine_layer<L>::weight_lists(std::vector<layers::weight_list*>& out) {
    layers::weight_lists(l_, out);
}
template <engine_layer_type L>
void engine_layer<L>::weight_lists(std::vector<const layers::weight_list*>& out) const {
    layers::weight_lists(l_, out);
}

template <engine_layer_type L>
std::shared_ptr<layer_interface> engine_layer<L>::copy() const {
    auto c = std::make_shared<engine_layer>(l_);
    c->shapes_ = shapes_;
    layers::copy_ties(l_, c->l_);
    return c;
}
template <engine_layer_type L>
std::shared_ptr<layer_interface> engine_layer<L>::from_config() const {
    if constexpr (requires { L(l_.config()); }) {
        return std::make_shared<engine_layer>(L(l_.config()));
    } else if constexpr (requires { L::from_config(l_.get_config()); }) {
        return std::make_shared<engine_layer>(L::from_config(l_.get_config()));
    } else {
        throw clone_error(who() + ": cannot be rebuilt from its config (it has neither a constructor from "
                                  "config() nor a static from_config(json)); give it one, or pass clone_model a "
                                  "clone_function that makes this layer");
    }
}

template <engine_layer_type L>
const std::type_info& engine_layer<L>::type() const noexcept {
    return typeid(L);
}
template <engine_layer_type L>
const void* engine_layer<L>::address() const noexcept {
    return &l_;
}

class Layer;
class Model;

namespace detail {
struct node;
} // namespace detail

/// A symbolic tensor (Keras's KerasTensor): output `index` of a call of a layer, or a model
/// input, with its per-sample shape. Calling layers on symbolic tensors records a graph;
/// `dynamic::Model(inputs, outputs)` turns it into a model.
class KerasTensor {
public:
    KerasTensor() = default;

    /// Per-sample shape (no batch axis).
    [[nodiscard]] const Shape& shape() const;
    /// The name Keras's summary gives the tensor: the input's or layer's name.
    [[nodiscard]] std::string layer_name() const;
    [[nodiscard]] bool is_input() const;
    [[nodiscard]] std::size_t index() const noexcept { return index_; }
    [[nodiscard]] explicit operator bool() const noexcept { return node_ != nullptr; }
    [[nodiscard]] const std::shared_ptr<const detail::node>& node() const noexcept { return node_; }

    friend bool operator==(const KerasTensor& a, const KerasTensor& b) noexcept {
        return a.node_ == b.node_ && a.index_ == b.index_;
    }

    KerasTensor(std::shared_ptr<const detail::node> n, std::size_t index) : node_(std::move(n)), index_(index) {}

private:
    std::shared_ptr<const detail::node> node_;
    std::size_t index_ = 0;
};

namespace detail {

/// A node of a dynamic graph: one call of a layer on symbolic tensors, or a model input.
struct node {
    std::shared_ptr<layer_interface> layer;        ///< null for an input
    std::optional<layers::InputLayer> input;       ///< set for an input
    std::vector<KerasTensor> inputs;               ///< what the call reads
    std::vector<Shape> shapes;                     ///< per-sample shape of each output
    std::size_t depth = 0;                         ///< longest path from an input (as the static lowering)
};

[[nodiscard]] std::size_t tensor_depth(const KerasTensor& t);

} // namespace detail

inline bool KerasTensor::is_input() const { return node_ && !node_->layer; }

/// A model input of per-sample shape `shape` (Keras `Input(shape=...)`). An empty name gets
/// Keras's automatic one ("input_layer", "input_layer_1", ...) from the model.
[[nodiscard]] KerasTensor Input(Shape shape, std::string name = {});

/// A layer of the dynamic path: a shared handle to one layer object. Copies of a handle are the
/// same layer (as Python references are): calling it at two sites shares it, weights and all.
/// Any engine layer can be wrapped (`Layer(layers::Dense(cfg))`); the factories in
/// dynamic/layers.hpp (`dynamic::Dense({.units = 12})`) make the built-in ones.
class Layer {
public:
    Layer() = default;
    // The derived_from test comes first: for a Layer (copying a Model) it ends the check before
    // engine_layer_type<Layer> asks whether Layer is copyable, which clang++ would recurse on.
    template <class L>
        requires(!std::derived_from<std::remove_cvref_t<L>, Layer> && engine_layer_type<L>)
    explicit Layer(L l) : impl_(std::make_shared<engine_layer<L>>(std::move(l))) {}
    explicit Layer(std::shared_ptr<layer_interface> impl) : impl_(std::move(impl)) {}

    /// Calls the layer on symbolic tensors, recording the call; returns its output (its first
    /// output for a layer with several: use `call` to get them all). Throws shape_error naming
    /// the layer when it cannot take the inputs' shapes.
    KerasTensor operator()(const KerasTensor& x) const { return call({&x, 1}).front(); }
    KerasTensor operator()(std::initializer_list<KerasTensor> xs) const { return call(xs).front(); }
    KerasTensor operator()(const std::vector<KerasTensor>& xs) const { return call(xs).front(); }
    /// Every output of the call, in order (an LSTM with return_state: sequence or last output,
    /// then the states h and c).
    [[nodiscard]] std::vector<KerasTensor> call(std::span<const KerasTensor> xs) const;
    [[nodiscard]] std::vector<KerasTensor> call(std::initializer_list<KerasTensor> xs) const {
        return call(std::span<const KerasTensor>(xs.begin(), xs.size()));
    }
    [[nodiscard]] std::vector<KerasTensor> call(const std::vector<KerasTensor>& xs) const {
        return call(std::span<const KerasTensor>(xs));
    }

    [[nodiscard]] explicit operator bool() const noexcept { return impl_ != nullptr; }
    [[nodiscard]] std::string_view class_name() const { return impl().class_name(); }
    [[nodiscard]] const std::string& name() const { return impl().name(); }
    void set_name(std::string n) const { impl().set_name(std::move(n)); }
    [[nodiscard]] bool trainable() const { return impl().trainable(); }
    [[nodiscard]] json get_config() const { return impl().get_config(); }
    [[nodiscard]] std::size_t output_count() const { return impl().output_count(); }
    [[nodiscard]] bool built() const { return impl().built(); }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return impl().get_weights(); }
    void set_weights(std::span<const Tensor> w) const { impl().set_weights(w); }
    void set_weights(const std::vector<Tensor>& w) const { impl().set_weights(std::span<const Tensor>(w)); }
    [[nodiscard]] std::size_t count_params() const { return impl().count_params(); }
    /// Whether the model this is, is a dynamic model (a layer that is a graph of layers).
    [[nodiscard]] bool is_model() const;

    /// The engine object, when the layer is an `L` (nullptr otherwise).
    template <class L>
    [[nodiscard]] const L* as() const noexcept {
        if (!impl_ || impl_->type() != typeid(L)) return nullptr;
        return static_cast<const L*>(impl_->address());
    }
    template <class L>
    [[nodiscard]] L* as() noexcept {
        return const_cast<L*>(std::as_const(*this).template as<L>());
    }

    [[nodiscard]] layer_interface& impl() const {
        if (!impl_) throw config_error("dynamic::Layer: empty handle");
        return *impl_;
    }
    [[nodiscard]] const std::shared_ptr<layer_interface>& ptr() const noexcept { return impl_; }

    /// The same layer object (not: an equal config).
    friend bool operator==(const Layer& a, const Layer& b) noexcept { return a.impl_ == b.impl_; }

protected:
    std::shared_ptr<layer_interface> impl_;
};

} // namespace scion::dynamic
