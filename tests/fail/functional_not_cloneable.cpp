// Tests that the default clone of a functional model meets a layer that cannot be rebuilt from a config (a user layer without config_type), and says so.
// expect: SCION_NOT_CLONEABLE
// detail: scion::diagnostic::not_cloneable_at_position<1, Identity>
// detail: require every layer to be Cloneable
// detail: clone_model_impl<scion::Functional<scion::Inputs<x>, scion::Outputs<y>
#include <scion/scion.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace scion;

// A user layer with the Layer interface but no config: usable in a model, not cloneable by default.
struct Identity {
    static constexpr std::string_view class_name = "Identity";
    static constexpr std::string_view default_name = "identity";
    static constexpr shape_result infer(const Shape& in) noexcept { return {in}; }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    std::string name_;
    Shape in_{};
    bool built_ = false;
    [[nodiscard]] std::string_view name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] Shape input_shape() const noexcept { return in_; }
    void build(const Shape& in, seed, std::string_view = {}) { in_ = in; built_ = true; }
    [[nodiscard]] std::size_t scratch_size(std::size_t) const noexcept { return 0; }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const layers::call_context&) const {
        for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = x.data[i];
    }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return {}; }
    void set_weights(std::span<const Tensor>) {}
};

struct x : Input<4> {};
struct h : Call<Dense<8>, x> {};
struct i : Call<Identity, h> {};
struct y : Call<Dense<2>, i> {};
using Graph = Functional<Inputs<x>, Outputs<y>>;

int main() {
    Graph g{seed{1}};
    auto copied = clone_model(g, keep_inputs, copy_weights{});  // a clone function that copies: fine
    (void)copied;
#ifdef SCION_FAIL
    auto fresh = clone_model(g);
    (void)fresh;
#endif
}
