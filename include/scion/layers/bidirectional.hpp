// scion/layers/bidirectional.hpp — Bidirectional: runs a recurrent layer forwards and backwards.
#pragma once

#include <scion/layers/layer_base.hpp>

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
[[nodiscard]] inline merge_mode merge_mode_from_string(std::string_view s) {
    for (auto m : {merge_mode::concat, merge_mode::sum, merge_mode::mul, merge_mode::ave})
        if (to_string(m) == s) return m;
    throw config_error("Bidirectional config: unsupported merge_mode '" + std::string(s) +
                       "' (concat, sum, mul or ave)");
}

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
/// return_state (config_error).
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
    explicit Bidirectional(config_type cfg)
        : cfg_(checked(std::move(cfg))), forward_(sub_config(false)), backward_(sub_config(true)) {}

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

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return bidirectional_output_shape(shape_result{forward_.compute_output_shape(in)}, cfg_.merge_mode).shape;
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const std::string path = std::string(scope) + cfg_.name + "/";
        forward_.build(in, s, path);
        backward_.build(in, s, path);
    }

    /// Keeps both directions' weights for a new input shape they fit; throws clone_error otherwise.
    void rebind(const Shape& in) {
        Rnn f = forward_, b = backward_;  // all or nothing
        f.rebind(in);
        b.rebind(in);
        forward_ = std::move(f);
        backward_ = std::move(b);
    }

    /// The forward layer's weight lists, then the backward layer's.
    void weight_lists(std::vector<weight_list*>& out) {
        forward_.weight_lists(out);
        backward_.weight_lists(out);
    }
    void weight_lists(std::vector<const weight_list*>& out) const {
        forward_.weight_lists(out);
        backward_.weight_lists(out);
    }

    /// The sub-layers' weight names under their names: "forward_lstm/kernel", ...,
    /// "backward_gru/bias" (Keras's and TF.js's paths below the Bidirectional's name).
    [[nodiscard]] std::vector<std::string> weight_names() const {
        std::vector<std::string> r;
        for (const Rnn* l : {&forward_, &backward_})
            for (const std::string& n : layers::weight_names(*l)) r.push_back(l->name() + "/" + n);
        return r;
    }

    [[nodiscard]] std::vector<Tensor> get_weights() const {
        auto w = forward_.get_weights();
        for (auto& t : backward_.get_weights()) w.push_back(std::move(t));
        return w;
    }
    void set_weights(std::span<const Tensor> w) {
        const std::size_t nf = forward_.weight_count();
        if (w.size() != weight_count())
            throw weights_error(detail::who(class_name, cfg_.name) + ": expected " + std::to_string(weight_count()) +
                                " weight arrays, got " + std::to_string(w.size()));
        Rnn f = forward_, b = backward_;  // all or nothing
        f.set_weights(w.subspan(0, nf));
        b.set_weights(w.subspan(nf));
        forward_ = std::move(f);
        backward_ = std::move(b);
    }

    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        return 2 * batch * forward_.output_shape().elements() +
               std::max(forward_.scratch_size(batch), backward_.scratch_size(batch));
    }

    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& ctx) const {
        const std::size_t batch = x.shape[0];
        const Shape sub = forward_.output_shape().prepend(batch);
        const std::size_t n = sub.elements();
        float* fwd = scratch.data();
        float* bwd = fwd + n;
        const auto rest = scratch.subspan(2 * n);
        forward_.forward(x, TensorView{fwd, sub}, rest, ctx);
        backward_.forward(x, TensorView{bwd, sub}, rest, ctx);
        const std::size_t last = sub.back();
        if (sub.rank() == 3) {  // return_sequences: put the backward steps back in input order
            const std::size_t T = sub[1];
            for (std::size_t b = 0; b < batch; ++b)
                for (std::size_t t = 0; t < T / 2; ++t)
                    std::swap_ranges(bwd + (b * T + t) * last, bwd + (b * T + t + 1) * last,
                                     bwd + (b * T + T - 1 - t) * last);
        }
        const std::size_t rows = n / last;
        switch (cfg_.merge_mode) {
        case merge_mode::concat:
            for (std::size_t r = 0; r < rows; ++r) {
                std::copy(fwd + r * last, fwd + (r + 1) * last, y.data + r * 2 * last);
                std::copy(bwd + r * last, bwd + (r + 1) * last, y.data + r * 2 * last + last);
            }
            return;
        case merge_mode::sum:
            for (std::size_t i = 0; i < n; ++i) y.data[i] = fwd[i] + bwd[i];
            return;
        case merge_mode::mul:
            for (std::size_t i = 0; i < n; ++i) y.data[i] = fwd[i] * bwd[i];
            return;
        case merge_mode::ave:
            for (std::size_t i = 0; i < n; ++i) y.data[i] = 0.5f * (fwd[i] + bwd[i]);
            return;
        }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        Rnn inner(cfg_.layer);
        j["layer"] = json{{"class_name", std::string(Rnn::class_name)}, {"config", inner.get_config()}};
        j["merge_mode"] = std::string(to_string(cfg_.merge_mode));
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        namespace d = scion::detail;
        const std::string w = "Bidirectional config";
        config_type c;
        detail::read_base(c, j, w);
        const json layer = d::get_field<json>(j, "layer", w);
        d::require_object(layer, w + " layer");
        const auto cls = d::get_field<std::string>(layer, "class_name", w + " layer");
        if (cls != Rnn::class_name)
            throw config_error(w + ": wraps a '" + cls + "' layer, expected '" + std::string(Rnn::class_name) + "'");
        c.layer = Rnn::config_from_json(d::get_field<json>(layer, "config", w + " layer"));
        if (const auto it = j.find("merge_mode"); it != j.end() && it->is_null())
            throw config_error(w + ": unsupported merge_mode null (Keras returns both directions' outputs as a list; "
                                   "scion merges them: concat, sum, mul or ave)");
        c.merge_mode = merge_mode_from_string(d::get_field_or<std::string>(j, "merge_mode", "concat", w));
        // Keras 3 writes the forward layer (named "forward_<name>") and the backward layer. A
        // backward layer that is the forward one reading the other way is what scion builds;
        // any other is refused.
        if (const auto it = j.find("backward_layer"); it != j.end() && !it->is_null()) {
            d::require_object(*it, w + " backward_layer");
            const auto bcls = d::get_field<std::string>(*it, "class_name", w + " backward_layer");
            bool same = bcls == Rnn::class_name;
            if (same) {
                auto b = Rnn::config_from_json(d::get_field<json>(*it, "config", w + " backward_layer"));
                b.name = c.layer.name;
                b.go_backwards = !b.go_backwards;
                same = Rnn(b).get_config() == Rnn(c.layer).get_config();
            }
            if (!same)
                throw config_error(w + ": unsupported option 'backward_layer': it is not the wrapped layer reading "
                                       "the other way (scion builds the backward layer from the forward one)");
        }
        return c;
    }
    [[nodiscard]] static Bidirectional from_config(const json& j) { return Bidirectional(config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        if constexpr (requires(const typename Rnn::config_type& l) { l.return_state; })
            if (c.layer.return_state)
                throw config_error(detail::who(class_name, c.name) + ": the wrapped " + std::string(Rnn::class_name) +
                                   " sets return_state, which Bidirectional does not support (Keras would return "
                                   "the merged output and both directions' states)");
        return c;
    }

    // The sub-layers' config: the wrapped one's, named "forward_<name>" and "backward_<name>"
    // (a name that already starts with "forward_", as Keras 3 writes the wrapped layer, keeps it
    // once, as Keras 3 does), the backward one reading the other way.
    typename Rnn::config_type sub_config(bool backward) const {
        auto c = cfg_.layer;
        std::string_view base = cfg_.layer.name.empty() ? Rnn::default_name : std::string_view(cfg_.layer.name);
        if (base.starts_with("forward_")) base.remove_prefix(8);
        c.name = std::string(backward ? "backward_" : "forward_") + std::string(base);
        if (backward) c.go_backwards = !c.go_backwards;
        return c;
    }

    config_type cfg_;
    Rnn forward_, backward_;
};

} // namespace scion::layers
