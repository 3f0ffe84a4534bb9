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

// The recurrent layers' options are their engine configs' fields with activations by Keras name
// (layers::basic_lstm_config<std::string>, ...): one struct per layer for both, so a new
// argument is declared once, with its Keras default.

/// SimpleRNN's options (Keras's constructor arguments and defaults, then name and trainable).
using simple_rnn_options = layers::basic_simple_rnn_config<std::string>;
/// GRU's options (Keras's constructor arguments and defaults: reset_after true, recurrent
/// activation sigmoid; TensorFlow.js's GRU is reset_after false, hard_sigmoid).
using gru_options = layers::basic_gru_config<std::string>;
/// LSTM's options (Keras's constructor arguments and defaults, then name and trainable).
using lstm_options = layers::basic_lstm_config<std::string>;
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
[[nodiscard]] Layer SimpleRNN(const simple_rnn_options& o);
/// Keras `GRU`: `dynamic::GRU({.units = 8, .reset_after = false})`.
[[nodiscard]] Layer GRU(const gru_options& o);
[[nodiscard]] Layer LSTM(const lstm_options& o);

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
[[nodiscard]] Layer Bidirectional(const Layer& rnn, const bidirectional_options& o = {});

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
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const layers::call_context& ctx) const {
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
    [[nodiscard]] static config_type config_from_entry(const json& entry, const std::string& who);

private:
    static std::shared_ptr<layer_interface> make(const config_type& c);
    std::shared_ptr<layer_interface> l_;
};

} // namespace detail

/// Keras `TimeDistributed` around any layer with one input and one output (registered or not):
/// `dynamic::TimeDistributed(dynamic::Dense({.units = 4}))`. The layer's config (name included)
/// is the wrapped layer's; weights are fresh. Throws config_error for a layer with several
/// outputs.
[[nodiscard]] Layer TimeDistributed(const Layer& layer, const time_distributed_options& o = {});

namespace detail {

/// Bidirectional from its Keras config, for the recurrent class it wraps.
Layer bidirectional_from_config(const json& j);

/// Registers the family's engine classes (called once, by the registry).
void register_recurrent_layers(registry& r);

} // namespace detail

// Defined in libscion (src/dynamic/layers/recurrent.cpp).
extern template class engine_layer<layers::SimpleRNN>;
extern template class engine_layer<layers::GRU>;
extern template class engine_layer<layers::LSTM>;
extern template class engine_layer<layers::Bidirectional<layers::LSTM>>;
extern template class engine_layer<layers::Bidirectional<layers::GRU>>;
extern template class engine_layer<layers::Bidirectional<layers::SimpleRNN>>;
extern template class engine_layer<layers::TimeDistributed<detail::any_layer>>;

} // namespace scion::dynamic
