// scion/layers/bidirectional.hpp — Bidirectional: runs a recurrent layer forwards and backwards.
#pragma once

#include <scion/layers/gru.hpp>
#include <scion/layers/layer_base.hpp>
#include <scion/layers/lstm.hpp>
#include <scion/layers/simple_rnn.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace scion::layers {

/// How Bidirectional merges its two directions (Keras `merge_mode`).
enum class merge_mode : unsigned char { concat, sum, mul, ave };

[[nodiscard]] constexpr std::string_view to_string(merge_mode m) noexcept {
    constexpr std::array<std::string_view, 4> names{"concat", "sum", "mul", "ave"};
    return names[static_cast<std::size_t>(m)];
}
[[nodiscard]] merge_mode merge_mode_from_string(std::string_view s);

/// Bidirectional's shape rule, from the wrapped layer's output shape.
[[nodiscard]] constexpr shape_result bidirectional_output_shape(const shape_result& inner, merge_mode m) noexcept {
    if (!inner.ok() || m != merge_mode::concat) return inner;
    return {inner.shape.with_back(2 * inner.shape.back())};
}

/// Keras `Bidirectional` around a recurrent engine layer `Rnn` (SimpleRNN, GRU or LSTM: any
/// engine class whose config has go_backwards and return_state). The backward layer is a
/// copy of the forward layer's config with go_backwards flipped; with return_sequences its
/// output is reversed in time before merging, so both directions line up with the input steps.
/// Sub-layers are named "forward_<name>" and "backward_<name>"; weights are the forward layer's
/// then the backward layer's, each in its own Keras order. The wrapped layer may not set
/// return_state (config_error). The members are defined in libscion, for SimpleRNN, GRU and
/// LSTM (explicit instantiations).
template <class Rnn>
class Bidirectional {
public:
    static constexpr std::string_view class_name = "Bidirectional";
    static constexpr std::string_view default_name = "bidirectional";
    using layer_type = Rnn;

    struct config_type : base_config {
        typename Rnn::config_type layer{};
        layers::merge_mode merge_mode = layers::merge_mode::concat;
    };

    /// Throws config_error when the wrapped layer's config sets return_state: Keras would give
    /// five outputs (the merged output and each direction's states), which scion does not support.
    explicit Bidirectional(config_type cfg);

    [[nodiscard]] const config_type& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }
    [[nodiscard]] const Rnn& forward_layer() const noexcept { return forward_; }
    [[nodiscard]] const Rnn& backward_layer() const noexcept { return backward_; }

    [[nodiscard]] bool built() const noexcept { return forward_.built(); }
    [[nodiscard]] const Shape& input_shape() const noexcept { return forward_.input_shape(); }
    [[nodiscard]] Shape output_shape() const noexcept {
        return bidirectional_output_shape(shape_result{forward_.output_shape()}, cfg_.merge_mode).shape;
    }
    [[nodiscard]] std::size_t weight_count() const noexcept { return forward_.weight_count() + backward_.weight_count(); }
    [[nodiscard]] std::size_t count_params() const noexcept { return forward_.count_params() + backward_.count_params(); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;

    void build(const Shape& in, seed s, std::string_view scope = {});

    /// Keeps both directions' weights for a new input shape they fit; throws clone_error otherwise.
    void rebind(const Shape& in);

    /// The forward layer's weight lists, then the backward layer's.
    void weight_lists(std::vector<weight_list*>& out);
    void weight_lists(std::vector<const weight_list*>& out) const;

    /// The sub-layers' weight names under their names: "forward_lstm/kernel", ...,
    /// "backward_gru/bias" (Keras's and TF.js's paths below the Bidirectional's name).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] std::vector<Tensor> get_weights() const;
    void set_weights(std::span<const Tensor> w);

    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept;

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& ctx) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Bidirectional from_config(const json& j);

private:
    static config_type checked(config_type c);

    // The sub-layers' config: the wrapped one's, named "forward_<name>" and "backward_<name>"
    // (a name that already starts with "forward_", as Keras 3 writes the wrapped layer, keeps it
    // once, as Keras 3 does), the backward one reading the other way.
    typename Rnn::config_type sub_config(bool backward) const;

    config_type cfg_;
    Rnn forward_, backward_;
};

// Defined in libscion (src/layers/bidirectional.cpp) for the three recurrent layers.
extern template class Bidirectional<LSTM>;
extern template class Bidirectional<GRU>;
extern template class Bidirectional<SimpleRNN>;

} // namespace scion::layers
