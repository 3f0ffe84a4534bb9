// examples/weight_policies.cpp — what a clone's layers hold: fresh weights (the default, seeded
// or not) or a copy of the original's, e.g. for a DQN-style target network.
#include <scion/scion.hpp>

#include "check.hpp"

#include <iostream>

using namespace scion;

using QNet = Sequential<Input<4>, Dense<64, act::relu>, Dense<64, act::relu>, Dense<2>>;

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

    std::cout << "target network copies weights; seeded clones are reproducible; ensembles differ\n";
}
