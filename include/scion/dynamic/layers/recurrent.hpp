// scion/dynamic/layers/recurrent.hpp — the recurrent layers of the dynamic path: LSTM and
// Bidirectional.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/bidirectional.hpp>
#include <scion/layers/lstm.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

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
/// Bidirectional around a recurrent layer (an LSTM); throws config_error for any other layer.
[[nodiscard]] inline Layer Bidirectional(const Layer& rnn, const bidirectional_options& o = {}) {
    const auto* lstm = rnn.as<layers::LSTM>();
    if (!lstm)
        throw config_error("Bidirectional layer '" + o.name + "': wraps a recurrent layer (LSTM), got " +
                           std::string(rnn.class_name()) + " layer '" + rnn.name() + "'");
    layers::Bidirectional<layers::LSTM>::config_type c;
    c.name = o.name;
    c.trainable = o.trainable;
    c.layer = lstm->config();
    c.merge_mode = layers::merge_mode_from_string(o.merge_mode);
    return Layer(layers::Bidirectional<layers::LSTM>(std::move(c)));
}

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
inline void register_recurrent_layers(registry& r) {
    r.add_builtin<layers::LSTM>();
    r.add_builtin<layers::Bidirectional<layers::LSTM>>();
}
} // namespace detail

} // namespace scion::dynamic
