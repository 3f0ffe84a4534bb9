// examples/dynamic.cpp — the runtime fallback: a model built in a loop from a configuration,
// saved and read back as Keras JSON, cloned as Keras clones, and bridged to its static twin.
#include <scion/dynamic.hpp>   // the runtime fallback alone: none of the static path's compile cost
#include <scion/bridge.hpp>    // to_dynamic and model_cast, which know both worlds
#include <scion/scion.hpp>     // the static path, for the typed twin at the end

#include "check.hpp"

#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace dyn = scion::dynamic;
using scion::Tensor;

// -- a configuration known only at run time (read from a file, a flag, a search...)
struct config {
    std::size_t features = 10;
    std::vector<std::size_t> widths{32, 32, 16};
    std::size_t classes = 3;
};

// -- a residual MLP built in a loop: one Dense per width, a skip connection where widths agree
dyn::Model build(const config& c, scion::seed s) {
    auto x = dyn::Input({c.features}, "features");
    auto h = dyn::Dense({.units = c.widths.front(), .activation = "relu", .name = "stem"})(x);
    for (std::size_t i = 1; i < c.widths.size(); ++i) {
        auto next = dyn::Dense({.units = c.widths[i], .activation = "relu", .name = "block_" + std::to_string(i)})(h);
        h = c.widths[i] == c.widths[i - 1] ? dyn::Add({.name = "skip_" + std::to_string(i)})({h, next}) : next;
    }
    auto y = dyn::Dense({.units = c.classes, .activation = "softmax", .name = "classes"})(h);
    return dyn::Model({x}, {y}, "residual_mlp", s);
}

// -- the same graph as a type, for the bridge at the end
namespace typed {
using namespace scion;
struct features : Input<10> {};
struct stem : Call<Dense<32, act::relu>, features> {};
struct block_1 : Call<Dense<32, act::relu>, stem> {};
struct skip_1 : Call<Add, stem, block_1> {};
struct block_2 : Call<Dense<16, act::relu>, skip_1> {};
struct classes : Call<Dense<3, act::softmax>, block_2> {};
using Net = Functional<Inputs<features>, Outputs<classes>>;
} // namespace typed

int main() {
    const config c;
    const dyn::Model model = build(c, scion::seed{7});

    Tensor x(scion::Shape{4, c.features});  // a batch of four samples
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) / 7.0f - 0.5f;

    // -- predict: one tensor per input in, one per output out
    const std::vector<Tensor> y = model.predict({x});
    SCION_CHECK(y.size() == 1 && y[0].shape() == scion::Shape({4, 3}));
    SCION_CHECK(model.count_params() == (10 * 32 + 32) + (32 * 32 + 32) + (32 * 16 + 16) + (16 * 3 + 3));
    SCION_CHECK(model.layers().size() == 5);  // stem, block_1, skip_1, block_2, classes

    // -- Keras JSON out and in: the same architecture, and with the same seed the same weights
    const std::string text = model.to_json();
    const dyn::Model read = dyn::model_from_json(text, scion::seed{7});
    SCION_CHECK(read.to_json() == text);
    SCION_CHECK(read.predict({x})[0] == y[0]);

    // -- clone_model, as Keras 3: fresh weights by default...
    const dyn::Model fresh = scion::clone_model(model);
    SCION_CHECK(fresh.to_json() == text);
    SCION_CHECK(fresh.predict({x})[0] != y[0]);
    fresh.set_weights(model.get_weights());  // ...identical outputs once the weights are copied
    SCION_CHECK(fresh.predict({x})[0] == y[0]);

    // ...or in one step, for a target network (and a name for it, which Keras cannot give)
    const dyn::Model target = scion::clone_model(model, {.clone_function = dyn::copy_weights, .name = "target"});
    SCION_CHECK(target.name() == "target" && target.predict({x})[0] == y[0]);

    // ...on a new input shape: the first kernel is re-created at 6 x 32, the rest as they were
    const dyn::Model narrow = scion::clone_model(model, {.input_tensors = std::vector{dyn::Input({6})}});
    SCION_CHECK(narrow.count_params() == model.count_params() - 4 * 32);

    // ...with a call function that inserts a Dropout after every Dense (inference unchanged)
    const dyn::Model regularised = scion::clone_model(
        model, {.clone_function = dyn::copy_weights,
                .call_function = [](const dyn::Layer& layer, const std::vector<dyn::KerasTensor>& in) {
                    auto out = layer.call(in);
                    if (layer.class_name() == "Dense") out = dyn::Dropout({.rate = 0.2f}).call(out);
                    return out;
                }});
    SCION_CHECK(regularised.layers().size() == 5 + 4);
    SCION_CHECK(regularised.predict({x})[0] == y[0]);

    // -- bridges: the static twin with the dynamic model's weights, checked at run time...
    const typed::Net net = scion::model_cast<typed::Net>(model);
    SCION_CHECK(net.predict(x) == y[0]);
    // ...and back: the static model's dynamic twin has its JSON and weights
    const dyn::Model back = scion::to_dynamic(net);
    SCION_CHECK(back.to_json() == text);

    std::cout << model.summary() << "JSON: " << text.size() << " bytes; clones: fresh, target, on Input(6) ("
              << narrow.count_params() << " parameters), with Dropout (" << regularised.layers().size()
              << " layers); model_cast and to_dynamic round-trip\n";
}
