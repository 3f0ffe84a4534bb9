// src/dynamic/layers/recurrent.cpp — the dynamic path's recurrent factories, TimeDistributed's adapter, and their registration.
#include <scion/dynamic/layers/recurrent.hpp>

#include <memory>
#include <string>
#include <utility>

namespace scion::dynamic {

Layer SimpleRNN(const simple_rnn_options& o) {
    return Layer(layers::SimpleRNN(layers::detail::with_activation_ids(o, activation_from_string)));
}

Layer GRU(const gru_options& o) {
    return Layer(layers::GRU(layers::detail::with_activation_ids(o, activation_from_string)));
}

Layer LSTM(const lstm_options& o) {
    return Layer(layers::LSTM(layers::detail::with_activation_ids(o, activation_from_string)));
}

Layer Bidirectional(const Layer& rnn, const bidirectional_options& o) {
    if (const auto* l = rnn.as<layers::LSTM>()) return detail::make_bidirectional(*l, o);
    if (const auto* l = rnn.as<layers::GRU>()) return detail::make_bidirectional(*l, o);
    if (const auto* l = rnn.as<layers::SimpleRNN>()) return detail::make_bidirectional(*l, o);
    throw config_error("Bidirectional layer '" + o.name + "': wraps a recurrent layer (LSTM, GRU or SimpleRNN), got " +
                       std::string(rnn.class_name()) + " layer '" + rnn.name() + "'");
}

namespace detail {

any_layer::config_type any_layer::config_from_entry(const json& entry, const std::string& who) {
    const auto cls = scion::detail::get_field<std::string>(entry, "class_name", who + " layer");
    const json cfg = scion::detail::get_field<json>(entry, "config", who + " layer");
    const auto f = registry::instance().find(cls);
    if (!f)
        throw config_error(who + ": wraps a layer of unknown class '" + cls +
                           "' (register it with scion::dynamic::register_layer)");
    return {(*f)(cfg).ptr()};
}

std::shared_ptr<layer_interface> any_layer::make(const config_type& c) {
    if (!c.prototype) throw config_error("TimeDistributed: no wrapped layer");
    return c.prototype->from_config();
}

} // namespace detail

Layer TimeDistributed(const Layer& layer, const time_distributed_options& o) {
    using TD = layers::TimeDistributed<detail::any_layer>;
    TD::config_type c;
    c.name = o.name;
    c.trainable = o.trainable;
    c.layer.prototype = layer.impl().from_config();
    return Layer(TD(std::move(c)));
}

namespace detail {

Layer bidirectional_from_config(const json& j) {
    const std::string w = "Bidirectional config";
    const json layer = scion::detail::get_field<json>(j, "layer", w);
    scion::detail::require_object(layer, w + " layer");
    const auto cls = scion::detail::get_field<std::string>(layer, "class_name", w + " layer");
    if (cls == layers::LSTM::class_name) return Layer(layers::Bidirectional<layers::LSTM>::from_config(j));
    if (cls == layers::GRU::class_name) return Layer(layers::Bidirectional<layers::GRU>::from_config(j));
    if (cls == layers::SimpleRNN::class_name) return Layer(layers::Bidirectional<layers::SimpleRNN>::from_config(j));
    throw config_error(w + ": wraps a '" + cls + "' layer; Bidirectional takes LSTM, GRU or SimpleRNN");
}

void register_recurrent_layers(registry& r) {
    r.add_builtin<layers::SimpleRNN>();
    r.add_builtin<layers::GRU>();
    r.add_builtin<layers::LSTM>();
    r.add("Bidirectional", &bidirectional_from_config);
    r.add_builtin<layers::TimeDistributed<any_layer>>();
}

} // namespace detail

} // namespace scion::dynamic

template class scion::dynamic::engine_layer<scion::layers::SimpleRNN>;
template class scion::dynamic::engine_layer<scion::layers::GRU>;
template class scion::dynamic::engine_layer<scion::layers::LSTM>;
template class scion::dynamic::engine_layer<scion::layers::Bidirectional<scion::layers::LSTM>>;
template class scion::dynamic::engine_layer<scion::layers::Bidirectional<scion::layers::GRU>>;
template class scion::dynamic::engine_layer<scion::layers::Bidirectional<scion::layers::SimpleRNN>>;
template class scion::dynamic::engine_layer<scion::layers::TimeDistributed<scion::dynamic::detail::any_layer>>;
