// examples/clone_bidirectional.cpp — the seed's clone_function example: wrap every LSTM of a
// model in a Bidirectional while cloning, with the new type computed at compile time.
#include <scion/scion.hpp>

#include "check.hpp"

#include <iostream>
#include <type_traits>

using namespace scion;

// A sequence tagger: 20 steps of 8 features, an LSTM, a softmax over 4 classes.
using Tagger = Sequential<Input<20, 8>, LSTM<16>, Dense<4, act::softmax>>;

// Keras:  clone_model(model, clone_function=lambda l: Bidirectional(l) if isinstance(l, LSTM)
//                                                   else l.__class__.from_config(l.get_config()))
// In scion the clone function is a generic lambda; its return type for each layer type decides
// the clone's type, its return value is the clone's layer.
inline constexpr auto make_bidirectional = [](const auto& layer) {
    if constexpr (is_lstm_v<std::remove_cvref_t<decltype(layer)>>)
        return Bidirectional{layer};        // wraps the LSTM's config; fresh weights
    else
        return fresh_weights{}(layer);      // the default clone: same config, fresh weights
};

using BiTagger = clone_model_t<Tagger, keep_inputs_t, decltype(make_bidirectional)>;
static_assert(std::is_same_v<BiTagger, Sequential<Input<20, 8>, Bidirectional<LSTM<16>>, Dense<4, act::softmax>>>);
// Two LSTMs now, and the Dense reads 32 features instead of 16: all re-inferred.
static_assert(param_count_v<BiTagger> == 2 * (4 * 16 * (8 + 16) + 4 * 16) + (32 * 4 + 4));

int main() {
    Tagger tagger{seed{1}};
    BiTagger bi = clone_model(tagger, keep_inputs, make_bidirectional);

    // The wrapped LSTM keeps its config: the forward layer is "forward_lstm" with 16 units.
    const auto& wrapper = bi.layer<0>();
    SCION_CHECK(wrapper.engine().forward_layer().name() == "forward_lstm");
    SCION_CHECK(wrapper.engine().forward_layer().config().units == 16);
    SCION_CHECK(wrapper.engine().backward_layer().config().go_backwards);

    Tensor x(Shape{3, 20, 8});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 17) / 17.0f;
    const Tensor p = bi.predict(x);
    SCION_CHECK(p.shape() == Shape({3, 4}));
    for (std::size_t r = 0; r < 3; ++r) {     // each row is a probability distribution
        const float sum = p[4 * r] + p[4 * r + 1] + p[4 * r + 2] + p[4 * r + 3];
        SCION_CHECK(sum > 0.9999f && sum < 1.0001f);
    }

    std::cout << "Tagger:   " << param_count_v<Tagger> << " parameters\n"
              << "BiTagger: " << param_count_v<BiTagger> << " parameters, layers '" << bi.layer<0>().name() << "' and '"
              << bi.layer<1>().name() << "'\n";
}
