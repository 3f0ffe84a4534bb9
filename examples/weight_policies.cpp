// examples/weight_policies.cpp — what a clone's layers hold: fresh weights (the default, seeded
// or not) or a copy of the original's, e.g. for a DQN-style target network; and a copy rewritten
// for deployment (BatchNormalization folded, activations fused, Dropout removed).
#include <scion/scion.hpp>

#include "check.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <ratio>
#include <type_traits>
#include <vector>

using namespace scion;

using QNet = Sequential<Input<4>, Dense<64, act::relu>, Dense<64, act::relu>, Dense<2>>;

// ---- Rewrites for deployment ---------------------------------------------------------------------
// A network as it was trained: BatchNormalization after the convolution and the Dense layer,
// separate ReLU layers, Dropout.
using Trained = Sequential<Input<28, 28, 1>, Conv2D<8, kernel_size<3>>, BatchNormalization<>, Activation<act::relu>,
                           Dropout<std::ratio<1, 4>>, Flatten, Dense<16>, BatchNormalization<>, Activation<act::relu>,
                           Dense<10>>;
// Rewritten for deployment: each BatchNormalization folded into the kernel and bias of the layer
// before it, each ReLU fused into that layer, the Dropout gone. The clone's type says so.
using Deployed = clone_model_t<Trained, keep_inputs_t, deploy_t>;
static_assert(std::is_same_v<Deployed, Sequential<Input<28, 28, 1>, Conv2D<8, kernel_size<3>, act::relu>, Flatten,
                                                  Dense<16, act::relu>, Dense<10>>>);
// One rewrite at a time, or a set made with |.
static_assert(std::is_same_v<clone_model_t<Trained, keep_inputs_t, decltype(strip_dropout | fold_batch_norm)>,
                             Sequential<Input<28, 28, 1>, Conv2D<8, kernel_size<3>>, Activation<act::relu>, Flatten,
                                        Dense<16>, Activation<act::relu>, Dense<10>>>);

int main() {
    QNet online{seed{42}};
    const Tensor state(Shape{1, 4}, {0.1f, -0.2f, 0.03f, 0.5f});

    // A target network: the same weights, in buffers of its own.
    QNet target = clone_model(online, keep_inputs, copy_weights{});
    SCION_CHECK(target.predict(state) == online.predict(state));

    // Training the online network (here: overwriting its weights) leaves the target as it was.
    const Tensor before = target.predict(state);
    online.set_weights(QNet{seed{43}}.get_weights());
    SCION_CHECK(target.predict(state) == before);
    SCION_CHECK(online.predict(state) != before);

    // Fresh weights from a seed are reproducible: the same as constructing with that seed.
    QNet a = clone_model(online, keep_inputs, fresh_weights{seed{5}});
    QNet b{seed{5}};
    SCION_CHECK(a.get_weights() == b.get_weights());

    // An ensemble: clones without a seed draw distinct seeds from the global sequence.
    QNet m1 = clone_model(online), m2 = clone_model(online);
    SCION_CHECK(m1.get_weights() != m2.get_weights());

    // -- deployment: the trained network's statistics (set here by hand) move into the kernels
    Trained trained{seed{7}};
    const auto filled = [](float v) { return Tensor(Shape{8}, std::vector<float>(8, v)); };
    trained.layer<1>().set_weights(std::vector<Tensor>{filled(1.5f), filled(0.25f),     // gamma, beta
                                                       filled(-0.1f), filled(0.4f)});  // moving mean, variance
    const Deployed deployed = clone_model(trained, deploy);
    Tensor image(Shape{2, 28, 28, 1});
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = std::sin(0.1f * static_cast<float>(i));
    const Tensor y = trained.predict(image), z = deployed.predict(image);
    float worst = 0;
    for (std::size_t i = 0; i < y.size(); ++i) worst = std::max(worst, std::fabs(y[i] - z[i]));
    SCION_CHECK(worst < 1e-5f);  // the same function, to rounding
    SCION_CHECK(deployed.layer<0>().name() == "conv2d");

    std::cout << "target network copies weights; seeded clones are reproducible; ensembles differ; deployed "
                 "copies compute the same outputs with fewer layers\n";
}
