// tests/runtime/static_fixture.hpp — check_static_fixture<M>(name, tol): a TF.js layers-model
// fixture read as static model type M (scion::load_layers_model<M>, which checks the file's
// topology against M), predicting TF.js's outputs and exactly what the dynamic path predicts;
// and its clone (fresh weights, the same outputs once the weights are copied).
#pragma once

#include <scion/bridge.hpp>
#include <scion/scion.hpp>

#include "layers_fixture.hpp"

namespace scion::test_fixtures {

template <class M>
float check_static_fixture(const std::string& name, float tol) {
    const layers_io io = read_io(name);
    const M s = scion::load_layers_model<M>(layers_dir(name));
    const std::vector<Tensor> y = s.predict(std::span<const Tensor>(io.inputs));
    const float err = check_outputs(y, io.outputs, tol, name + " (static)");
    BOOST_TEST_MESSAGE(name << " (static): max abs error against TF.js " << err);
    const dynamic::Model d = dynamic::load_layers_model(layers_dir(name));
    BOOST_TEST(bitwise_equal(y, d.predict(io.inputs)), name << ": the static and dynamic paths predict differently");

    auto c = scion::clone_model(s);
    const std::vector<Tensor> w = s.get_weights();
    if (!w.empty()) BOOST_TEST(!bitwise_equal(c.get_weights(), w), name << ": the static clone has the file's weights");
    c.set_weights(w);
    BOOST_TEST(bitwise_equal(c.predict(std::span<const Tensor>(io.inputs)), y),
               name << ": the static clone with copied weights predicts differently");
    return err;
}

} // namespace scion::test_fixtures
