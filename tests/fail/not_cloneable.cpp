// Tests that clone_model's default clone function (fresh_weights) rejects a user layer that satisfies Layer but not Cloneable.
// expect: SCION_NOT_CLONEABLE
// detail: scion::diagnostic::not_cloneable_at_position<1, Identity>
// detail: require every layer to be Cloneable
// detail: clone_model_impl<scion::Sequential<scion::Input<4>, scion::Dense<8
#include <scion/scion.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace scion;

// A user layer: the identity, with a shape rule and a run-time object, but no config_type,
// config() or constructor from a config, so fresh_weights cannot rebuild it.
class Identity {
public:
    static constexpr std::string_view class_name = "Identity";
    static constexpr std::string_view default_name = "identity";
    static constexpr shape_result infer(const Shape& in) noexcept { return {in}; }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] std::string_view name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] Shape input_shape() const noexcept { return in_; }
    void build(const Shape& in, seed, std::string_view) {
        in_ = in;
        built_ = true;
    }
    [[nodiscard]] std::size_t scratch_size(std::size_t) const noexcept { return 0; }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const layers::call_context&) const {
        for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = x.data[i];
    }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return {}; }
    void set_weights(std::span<const Tensor>) {}

private:
    std::string name_;
    bool built_ = false;
    Shape in_{};
};
static_assert(Layer<Identity> && !Cloneable<Identity>);

using Model = Sequential<Input<4>, Dense<8>, Identity, Dense<2>>;

int main() {
    Model model{seed{1}};
    // Valid: copy_weights keeps the layer objects, it does not rebuild them from a config.
    auto copy = clone_model(model, keep_inputs, copy_weights{});
    (void)copy;
#ifdef SCION_FAIL
    // The default clone rebuilds every layer from its config: Identity has none.
    auto fresh = clone_model(model);
    (void)fresh;
#endif
}
