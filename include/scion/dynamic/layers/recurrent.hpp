// scion/dynamic/layers/recurrent.hpp — the recurrent layers of the dynamic path (SimpleRNN,
// GRU, LSTM), and the wrappers Bidirectional and TimeDistributed.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/bidirectional.hpp>
#include <scion/layers/gru.hpp>
#include <scion/layers/lstm.hpp>
#include <scion/layers/simple_rnn.hpp>
#include <scion/layers/time_distributed.hpp>

#include <memory>
#include <string>
#include <utility>

namespace scion::dynamic {

/// SimpleRNN's options (Keras's constructor arguments and defaults).
struct simple_rnn_options {
    std::size_t units = 0;
    std::string activation = "tanh";
    bool use_bias = true;
    bool return_sequences = false;
    bool return_state = false;
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
/// GRU's options (Keras's constructor arguments and defaults: reset_after true, recurrent
/// activation sigmoid; TensorFlow.js's GRU is reset_after false, hard_sigmoid).
struct gru_options {
    std::size_t units = 0;
    std::string activation = "tanh";
    std::string recurrent_activation = "sigmoid";
    bool use_bias = true;
    bool reset_after = true;
    bool return_sequences = false;
    bool return_state = false;
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
struct lstm_options {
    std::size_t units = 0;
    std::string activation = "tanh";
    std::string recurrent_activation = "sigmoid";
    bool use_bias = true;
    bool unit_forget_bias = true;
    bool return_sequences = false;
    bool return_state = false;
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
struct bidirectional_options {
    std::string merge_mode = "concat";
    std::string name{};
    bool trainable = true;
};
struct time_distributed_options {
    std::string name{};
    bool trainable = true;
};

/// Keras `SimpleRNN`: `dynamic::SimpleRNN({.units = 8, .return_sequences = true})`.
[[nodiscard]] inline Layer SimpleRNN(const simple_rnn_options& o) {
    auto c = detail::base_of<layers::simple_rnn_config>(o);
    c.units = o.units;
    c.activation = activation_from_string(o.activation);
    c.use_bias = o.use_bias;
    c.return_sequences = o.return_sequences;
    c.return_state = o.return_state;
    c.go_backwards = o.go_backwards;
    c.kernel_initializer = o.kernel_initializer;
    c.recurrent_initializer = o.recurrent_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::SimpleRNN(std::move(c)));
}
/// Keras `GRU`: `dynamic::GRU({.units = 8, .reset_after = false})`.
[[nodiscard]] inline Layer GRU(const gru_options& o) {
    auto c = detail::base_of<layers::gru_config>(o);
    c.units = o.units;
    c.activation = activation_from_string(o.activation);
    c.recurrent_activation = activation_from_string(o.recurrent_activation);
    c.use_bias = o.use_bias;
    c.reset_after = o.reset_after;
    c.return_sequences = o.return_sequences;
    c.return_state = o.return_state;
    c.go_backwards = o.go_backwards;
    c.kernel_initializer = o.kernel_initializer;
    c.recurrent_initializer = o.recurrent_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::GRU(std::move(c)));
}
[[nodiscard]] inline Layer LSTM(const lstm_options& o) {
    auto c = detail::base_of<layers::lstm_config>(o);
    c.units = o.units;
    c.activation = activation_from_string(o.activation);
    c.recurrent_activation = activation_from_string(o.recurrent_activation);
    c.use_bias = o.use_bias;
    c.unit_forget_bias = o.unit_forget_bias;
    c.return_sequences = o.return_sequences;
    c.return_state = o.return_state;
    c.go_backwards = o.go_backwards;
    c.kernel_initializer = o.kernel_initializer;
    c.recurrent_initializer = o.recurrent_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::LSTM(std::move(c)));
}

namespace detail {
template <class Rnn>
Layer make_bidirectional(const Rnn& rnn, const bidirectional_options& o) {
    typename layers::Bidirectional<Rnn>::config_type c;
    c.name = o.name;
    c.trainable = o.trainable;
    c.layer = rnn.config();
    c.merge_mode = layers::merge_mode_from_string(o.merge_mode);
    return Layer(layers::Bidirectional<Rnn>(std::move(c)));
}
} // namespace detail

/// Bidirectional around a recurrent layer (an LSTM, a GRU or a SimpleRNN): its config (name
/// included) becomes the forward layer's, weights are fresh. Throws config_error for any other
/// layer, and for a recurrent layer with return_state.
[[nodiscard]] inline Layer Bidirectional(const Layer& rnn, const bidirectional_options& o = {}) {
    if (const auto* l = rnn.as<layers::LSTM>()) return detail::make_bidirectional(*l, o);
    if (const auto* l = rnn.as<layers::GRU>()) return detail::make_bidirectional(*l, o);
    if (const auto* l = rnn.as<layers::SimpleRNN>()) return detail::make_bidirectional(*l, o);
    throw config_error("Bidirectional layer '" + o.name + "': wraps a recurrent layer (LSTM, GRU or SimpleRNN), got " +
                       std::string(rnn.class_name()) + " layer '" + rnn.name() + "'");
}

namespace detail {

/// TimeDistributed's wrapped layer on the dynamic path: any dynamic layer (an engine class, a
/// registered user layer) behind the engine interface layers::TimeDistributed needs, so that
/// the wrapper's math is the static path's. A copy is a deep copy (value semantics).
class any_layer {
public:
    /// The wrapped layer's config: a prototype, never built, that the layer is made from (a
    /// fresh layer of the same config: Keras's from_config(get_config())).
    struct config_type {
        std::shared_ptr<const layer_interface> prototype;
    };

    explicit any_layer(const config_type& c) : l_(make(c)) {}
    any_layer(const any_layer& o) : l_(o.l_->copy()) {}
    any_layer& operator=(const any_layer& o) {
        if (this != &o) l_ = o.l_->copy();
        return *this;
    }
    any_layer(any_layer&&) noexcept = default;
    any_layer& operator=(any_layer&&) noexcept = default;
    ~any_layer() = default;

    /// The wrapped layer's config (a prototype of this layer).
    [[nodiscard]] config_type config() const { return {l_->from_config()}; }
    [[nodiscard]] std::string_view keras_class_name() const noexcept { return l_->class_name(); }
    [[nodiscard]] const std::string& name() const noexcept { return l_->name(); }
    [[nodiscard]] std::size_t output_count() const noexcept { return l_->output_count(); }
    [[nodiscard]] bool built() const noexcept { return l_->built(); }
    /// The dynamic layer itself.
    [[nodiscard]] const layer_interface& get() const noexcept { return *l_; }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return l_->output_shape({&in, 1}, 0); }
    void build(const Shape& in, seed s, std::string_view scope) { l_->build({&in, 1}, s, scope); }
    void rebind(const Shape& in) { l_->rebind({&in, 1}); }
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept { return l_->scratch_size(batch); }
    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const layers::call_context& ctx) const {
        l_->forward({&x, 1}, {&y, 1}, scratch, ctx);
    }

    [[nodiscard]] std::vector<Tensor> get_weights() const { return l_->get_weights(); }
    void set_weights(std::span<const Tensor> w) { l_->set_weights(w); }
    [[nodiscard]] std::vector<std::string> weight_names() const { return l_->weight_names(); }
    void weight_lists(std::vector<layers::weight_list*>& out) { l_->weight_lists(out); }
    void weight_lists(std::vector<const layers::weight_list*>& out) const {
        std::as_const(*l_).weight_lists(out);
    }
    [[nodiscard]] json get_config() const { return l_->get_config(); }

    /// The config of a Keras entry {"class_name": ..., "config": ...}, through the registry;
    /// throws config_error naming `who` and the class when it is not registered.
    [[nodiscard]] static config_type config_from_entry(const json& entry, const std::string& who) {
        const auto cls = scion::detail::get_field<std::string>(entry, "class_name", who + " layer");
        const json cfg = scion::detail::get_field<json>(entry, "config", who + " layer");
        const auto f = registry::instance().find(cls);
        if (!f)
            throw config_error(who + ": wraps a layer of unknown class '" + cls +
                               "' (register it with scion::dynamic::register_layer)");
        return {(*f)(cfg).ptr()};
    }

private:
    static std::shared_ptr<layer_interface> make(const config_type& c) {
        if (!c.prototype) throw config_error("TimeDistributed: no wrapped layer");
        return c.prototype->from_config();
    }
    std::shared_ptr<layer_interface> l_;
};

} // namespace detail

/// Keras `TimeDistributed` around any layer with one input and one output (registered or not):
/// `dynamic::TimeDistributed(dynamic::Dense({.units = 4}))`. The layer's config (name included)
/// is the wrapped layer's; weights are fresh. Throws config_error for a layer with several
/// outputs.
[[nodiscard]] inline Layer TimeDistributed(const Layer& layer, const time_distributed_options& o = {}) {
    using TD = layers::TimeDistributed<detail::any_layer>;
    TD::config_type c;
    c.name = o.name;
    c.trainable = o.trainable;
    c.layer.prototype = layer.impl().from_config();
    return Layer(TD(std::move(c)));
}

namespace detail {

/// Bidirectional from its Keras config, for the recurrent class it wraps.
inline Layer bidirectional_from_config(const json& j) {
    const std::string w = "Bidirectional config";
    const json layer = scion::detail::get_field<json>(j, "layer", w);
    scion::detail::require_object(layer, w + " layer");
    const auto cls = scion::detail::get_field<std::string>(layer, "class_name", w + " layer");
    if (cls == layers::LSTM::class_name) return Layer(layers::Bidirectional<layers::LSTM>::from_config(j));
    if (cls == layers::GRU::class_name) return Layer(layers::Bidirectional<layers::GRU>::from_config(j));
    if (cls == layers::SimpleRNN::class_name) return Layer(layers::Bidirectional<layers::SimpleRNN>::from_config(j));
    throw config_error(w + ": wraps a '" + cls + "' layer; Bidirectional takes LSTM, GRU or SimpleRNN");
}

/// Registers the family's engine classes (called once, by the registry).
inline void register_recurrent_layers(registry& r) {
    r.add_builtin<layers::SimpleRNN>();
    r.add_builtin<layers::GRU>();
    r.add_builtin<layers::LSTM>();
    r.add("Bidirectional", &bidirectional_from_config);
    r.add_builtin<layers::TimeDistributed<any_layer>>();
}

} // namespace detail

} // namespace scion::dynamic
