// scion/layers/layer_base.hpp — what every engine layer shares: call context, weight storage
// and checks, and the common part of the Keras config.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/initializers.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

/// Engine layers: one class per layer kind, owning its config, its weights, its initialisation
/// and its forward math. They know nothing of the static DSL; both the static and the dynamic
/// paths run these classes.
namespace scion::layers {

/// How a forward pass is run. `training` switches layers such as Dropout to their training
/// behaviour; `seed` and `step` make the training-time randomness reproducible.
struct call_context {
    bool training = false;
    std::uint64_t seed = 0;
    std::uint64_t step = 0;
};

/// The fields every Keras layer config carries.
struct base_config {
    std::string name;       ///< empty: the model gives a Keras-style automatic name
    bool trainable = true;
};

namespace detail {

void read_base(base_config& c, const json& j, std::string_view who);

json write_base(const base_config& c);

/// "layer 'dense_1'" — how messages name a layer.
std::string who(std::string_view class_name, std::string_view name);

} // namespace detail

/// A layer's weight arrays. Copying copies the arrays (a copied layer never aliases the
/// original's buffers); `share` makes two lists one, so that a change through either is seen by
/// both — what scion::share_weights and weight ties are made of.
class weight_list {
public:
    weight_list() : p_(std::make_shared<std::vector<Tensor>>()) {}
    weight_list(const weight_list& o) : p_(std::make_shared<std::vector<Tensor>>(*o.p_)) {}
    weight_list& operator=(const weight_list& o) {
        if (this != &o) p_ = std::make_shared<std::vector<Tensor>>(*o.p_);
        return *this;
    }
    weight_list(weight_list&&) noexcept = default;
    weight_list& operator=(weight_list&&) noexcept = default;
    ~weight_list() = default;

    [[nodiscard]] std::size_t size() const noexcept { return p_->size(); }
    [[nodiscard]] Tensor& operator[](std::size_t i) noexcept { return (*p_)[i]; }
    [[nodiscard]] const Tensor& operator[](std::size_t i) const noexcept { return (*p_)[i]; }
    [[nodiscard]] auto begin() const noexcept { return p_->cbegin(); }
    [[nodiscard]] auto end() const noexcept { return p_->cend(); }
    void clear() { p_->clear(); }
    void reserve(std::size_t n) { p_->reserve(n); }
    void push_back(Tensor t) { p_->push_back(std::move(t)); }
    [[nodiscard]] const std::vector<Tensor>& get() const noexcept { return *p_; }
    operator const std::vector<Tensor>&() const noexcept { return *p_; }  // NOLINT: reads as the list

    /// Makes this list the same list as `o` (shared from now on).
    void share(const weight_list& o) noexcept { p_ = o.p_; }
    /// Whether the two are one list.
    [[nodiscard]] bool shares_with(const weight_list& o) const noexcept { return p_ == o.p_; }
    /// An identity for the list: equal for shared lists.
    [[nodiscard]] const void* id() const noexcept { return p_.get(); }
    /// How many layers hold this list.
    [[nodiscard]] long use_count() const noexcept { return p_.use_count(); }

private:
    std::shared_ptr<std::vector<Tensor>> p_;
};

/// Weight storage and state shared by every layer: built or not, the per-sample input and
/// output shapes it was built for, and its weight arrays in Keras order.
class weight_store {
public:
    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] const Shape& input_shape() const noexcept { return input_shape_; }
    [[nodiscard]] const Shape& output_shape() const noexcept { return output_shape_; }
    [[nodiscard]] std::size_t weight_count() const noexcept { return weights_.size(); }
    [[nodiscard]] const std::vector<Tensor>& weights() const noexcept { return weights_.get(); }
    /// The layer's weight lists (one here; composite layers list their parts'), in order: what
    /// share_weights and weight ties work on.
    void weight_lists(std::vector<weight_list*>& out) { out.push_back(&weights_); }
    void weight_lists(std::vector<const weight_list*>& out) const { out.push_back(&weights_); }
    /// The number of scalars in all weights.
    [[nodiscard]] std::size_t count_params() const noexcept;

protected:
    /// Allocates the named weights and fills each from the stream "<scope><name>/<weight>" of
    /// `s`, or from the initializer's own seed if it has one.
    struct weight_def {
        std::string_view name;
        Shape shape;
        const Initializer* init;
    };
    void allocate(std::span<const weight_def> defs, seed s, std::string_view path);

    /// Replaces the weights after checking count and shapes; on any mismatch it throws
    /// weights_error naming the layer and the weight, and changes nothing.
    void assign(std::span<const Tensor> given, std::string_view who_);

    /// Re-targets built weights to per-sample input `in` (e.g. a longer sequence), which is
    /// possible when the weights needed at `in` have the shapes the layer already holds.
    void rebind_weights(const Shape& in, const Shape& out, std::span<const weight_def> defs, std::string_view who_);

    void mark_built(Shape in, Shape out) {
        input_shape_ = in;
        output_shape_ = out;
        built_ = true;
    }

    bool built_ = false;
    Shape input_shape_{}, output_shape_{};
    weight_list weights_;
};

/// What every engine layer class has in common, given its config struct: the config, the name,
/// weights in and out, and — for layers without weights or scratch — build, rebind and
/// scratch_size. `Derived` provides `class_name` and `compute_output_shape`; layers with
/// weights or scratch define their own build, rebind and scratch_size.
template <class Derived, class Config>
class basic_layer : public weight_store {
public:
    using config_type = Config;

    explicit basic_layer(Config cfg) : cfg_(std::move(cfg)) {}

    [[nodiscard]] const Config& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }

    [[nodiscard]] std::vector<Tensor> get_weights() const { return weights_.get(); }
    void set_weights(std::span<const Tensor> w) { assign(w, who()); }

    void build(const Shape& in, seed, std::string_view = {}) { mark_built(in, derived().compute_output_shape(in)); }
    void rebind(const Shape& in) { mark_built(in, derived().compute_output_shape(in)); }
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept { return 0; }

protected:
    /// "Dense layer 'dense_1'": how messages name this layer.
    [[nodiscard]] std::string who() const { return detail::who(Derived::class_name, cfg_.name); }
    [[nodiscard]] const Derived& derived() const noexcept { return static_cast<const Derived&>(*this); }

    Config cfg_;
};

/// The forward pass of layers that change only the shape (Flatten, Reshape): copies the data.
void copy_through(const ConstTensorView& x, const TensorView& y);

/// The names of layer `l`'s weights in get_weights() order, as Keras and TF.js write them after
/// "<layer name>/": the layer's own `weight_names()`, or "0", "1", ... for a layer without one.
template <class L>
[[nodiscard]] std::vector<std::string> weight_names(const L& l) {
    if constexpr (requires { l.weight_names(); }) {
        return l.weight_names();
    } else if constexpr (requires { l.get_weights(); }) {
        std::vector<std::string> r;
        for (std::size_t i = 0; i < l.get_weights().size(); ++i) r.push_back(std::to_string(i));
        return r;
    } else {
        return {};
    }
}

/// How many of layer `l`'s parameters no training changes even when the layer is trainable
/// (BatchNormalization's moving statistics): its own `non_trainable_params()`, or 0.
template <class L>
[[nodiscard]] std::size_t non_trainable_params(const L& l) {
    if constexpr (requires { l.non_trainable_params(); }) return l.non_trainable_params();
    else return 0;
}

/// Throws shape_error for a failed shape rule, naming the layer.
Shape check_shape(const shape_result& r, std::string_view who_, const Shape& in);

/// Appends layer `l`'s weight lists (none for a layer type that does not expose them).
template <class L>
void weight_lists(L& l, std::vector<layers::weight_list*>& out) {
    if constexpr (requires { l.weight_lists(out); }) l.weight_lists(out);
}
template <class L>
void weight_lists(const L& l, std::vector<const layers::weight_list*>& out) {
    if constexpr (requires { l.weight_lists(out); }) l.weight_lists(out);
}

/// Makes `dst`'s weights `src`'s (the same lists from now on): a change through one is seen by
/// the other. `dst` and `src` have the same layer structure (the same type, or engine classes
/// with weights of the same shapes); throws weights_error otherwise.
template <class D, class S>
void share_weights(D& dst, const S& src) {
    std::vector<layers::weight_list*> d;
    std::vector<const layers::weight_list*> s;
    weight_lists(dst, d);
    weight_lists(src, s);
    bool fits = d.size() == s.size();
    for (std::size_t k = 0; fits && k < d.size(); ++k) {
        fits = d[k]->size() == s[k]->size();
        for (std::size_t i = 0; fits && i < d[k]->size(); ++i) fits = (*d[k])[i].shape() == (*s[k])[i].shape();
    }
    if (!fits)
        throw weights_error("share_weights: layer '" + std::string(dst.name()) + "' and layer '" +
                            std::string(src.name()) + "' do not hold weights of the same shapes");
    for (std::size_t k = 0; k < d.size(); ++k) d[k]->share(*s[k]);
}

/// Gives `to` the weight ties of `from` (a model or layer of the same structure): wherever two
/// weight lists of `from` are one list, the corresponding lists of `to` become one list too.
template <class F, class T>
void copy_ties(const F& from, T& to) {
    std::vector<const layers::weight_list*> f;
    std::vector<layers::weight_list*> t;
    weight_lists(from, f);
    weight_lists(to, t);
    if (f.size() != t.size()) return;
    std::unordered_map<const void*, std::size_t> first;
    for (std::size_t k = 0; k < f.size(); ++k) {
        const auto [at, fresh] = first.emplace(f[k]->id(), k);
        if (!fresh) t[k]->share(*t[at->second]);
    }
}

} // namespace scion::layers
