// A program outside the tree that uses an installed scion, found only through pkg-config: it
// declares a model type (the header-only static path), converts it to the run-time path (the
// compiled library), saves it as TF.js layers-model files, loads them back, predicts and clones.
#include <scion/bridge.hpp>
#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include <cstdio>
#include <filesystem>

using Net = scion::Sequential<scion::Input<4>, scion::Dense<3, scion::act::relu>, scion::Dense<2>>;
static_assert(scion::param_count_v<Net> == 4 * 3 + 3 + 3 * 2 + 2);

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const Net net{scion::seed{7}};
    const scion::Tensor x(scion::Shape{1, 4}, {0.5f, -1.0f, 2.0f, 0.25f});
    const scion::Tensor want = net.predict(x);
    const scion::dynamic::Model d = scion::to_dynamic(net);
    scion::dynamic::save_layers_model(d, std::filesystem::path(argv[1]) / "net");
    const scion::dynamic::Model back = scion::dynamic::load_layers_model(std::filesystem::path(argv[1]) / "net");
    const scion::Tensor got = back.predict(std::vector<scion::Tensor>{x})[0];
    const scion::dynamic::Model fresh = scion::clone_model(back);
    const bool ok = got == want && fresh.count_params() == Net::param_count && fresh.get_weights() != back.get_weights();
    std::printf("%s: %zu parameters, output (%g, %g)\n", ok ? "ok" : "FAILED", back.count_params(),
                static_cast<double>(got[0]), static_cast<double>(got[1]));
    return ok ? 0 : 1;
}
