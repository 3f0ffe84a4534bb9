// scion/layers/time_distributed.hpp — TimeDistributed: applies a layer to every step of a
// sequence.
#pragma once

#include <scion/layers/layer_base.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::layers {

/// TimeDistributed's shape rule, from the input (time, ...) and the wrapped layer's rule applied
/// to one step `(...)`: the output is (time, ...wrapped output). The input needs two axes at
/// least (Keras: 3 with the batch axis).
[[nodiscard]] constexpr shape_result time_distributed_output_shape(const Shape& in,
                                                                   const shape_result& step) noexcept {
    if (in.rank() < 2) return shape_result::fail(shape_errc::rank_too_small, 2, in.rank());
    if (in[0] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    if (!step.ok()) return step;
    if (step.shape.rank() + 1 > max_rank) return shape_result::fail(shape_errc::rank_mismatch, max_rank - 1, step.shape.rank());
    return {step.shape.prepend(in[0])};
}

namespace detail {
/// The Keras class name of a wrapped layer: its static `class_name`, or, for a layer whose class
/// is known only at run time (the dynamic path's adapter), its `keras_class_name()`.
template <class L>
[[nodiscard]] std::string wrapped_class_name(const L& l) {
    if constexpr (requires { l.keras_class_name(); }) return std::string(l.keras_class_name());
    else return std::string(L::class_name);
}
} // namespace detail

/// Keras `TimeDistributed` around an engine layer `Inner` (Dense, Conv2D, ... or the dynamic
/// path's adapter over any registered layer): the input (batch, time, ...) is seen as
/// (batch · time, ...) and run through the wrapped layer once, so each step goes through the
/// same weights; the output is (batch, time, ...wrapped output). The weights are the wrapped
/// layer's, named as its own ("kernel", "bias": TensorFlow.js and Keras write them right under
/// the TimeDistributed's name); they are drawn from the streams "<scope><name>/<inner
/// name>/<weight>". The wrapped layer must have one output (config_error otherwise).
///
/// `Inner` provides what an engine layer does: `config_type`, a constructor from it, `config()`,
/// `compute_output_shape`, `build`, `rebind`, `scratch_size`, `forward`, the weights
/// (`get_weights`, `set_weights`, `weight_lists`) and `get_config()`; and either a static
/// `class_name` with `config_from_json(json)` (or `from_config(json)`), or — a class known at
/// run time — `keras_class_name()` and a static `config_from_entry(entry, who)` reading Keras's
/// {"class_name", "config"} entry.
template <class Inner>
class TimeDistributed {
public:
    static constexpr std::string_view class_name = "TimeDistributed";
    static constexpr std::string_view default_name = "time_distributed";
    using layer_type = Inner;

    struct config_type : base_config {
        using layer_type_config = typename Inner::config_type;
        layer_type_config layer{};
    };

    /// Throws config_error when the wrapped layer has several outputs.
    explicit TimeDistributed(config_type cfg) : cfg_(std::move(cfg)), inner_(cfg_.layer) {
        if constexpr (requires { inner_.output_count(); })
            if (inner_.output_count() != 1)
                throw config_error(detail::who(class_name, cfg_.name) + ": wraps " +
                                   detail::wrapped_class_name(inner_) + " layer '" + std::string(inner_.name()) +
                                   "', which has " + std::to_string(inner_.output_count()) +
                                   " outputs; TimeDistributed takes a layer with one output");
    }

    [[nodiscard]] const config_type& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }
    /// The wrapped layer.
    [[nodiscard]] const Inner& layer() const noexcept { return inner_; }

    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] const Shape& input_shape() const noexcept { return input_shape_; }
    [[nodiscard]] const Shape& output_shape() const noexcept { return output_shape_; }
    [[nodiscard]] std::size_t weight_count() const { return inner_.get_weights().size(); }
    [[nodiscard]] std::size_t count_params() const {
        std::size_t n = 0;
        for (const Tensor& t : inner_.get_weights()) n += t.size();
        return n;
    }

    /// (time, ...) -> (time, ...wrapped output); throws shape_error naming this layer (and the
    /// wrapped one's reason) otherwise.
    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        const std::string w = detail::who(class_name, cfg_.name);
        if (in.rank() < 2) return check_shape(time_distributed_output_shape(in, {}), w, in);
        Shape step;
        try {
            step = inner_.compute_output_shape(in.drop_front());
        } catch (const shape_error& e) {
            throw shape_error(w + ": cannot be applied to input shape " + in.to_batch_string() +
                              ": the wrapped layer fails on one step: " + e.what());
        }
        return check_shape(time_distributed_output_shape(in, shape_result{step}), w, in);
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        inner_.build(in.drop_front(), s, std::string(scope) + cfg_.name + "/");
        input_shape_ = in;
        output_shape_ = out;
        built_ = true;
    }
    /// Keeps the wrapped layer's weights for a new input shape they fit (any number of steps);
    /// throws clone_error otherwise.
    void rebind(const Shape& in) {
        if (!built_) throw clone_error(detail::who(class_name, cfg_.name) + ": rebind on a layer that is not built");
        const Shape out = compute_output_shape(in);
        Inner l = inner_;  // all or nothing
        l.rebind(in.drop_front());
        inner_ = std::move(l);
        input_shape_ = in;
        output_shape_ = out;
    }

    void weight_lists(std::vector<weight_list*>& out) { layers::weight_lists(inner_, out); }
    void weight_lists(std::vector<const weight_list*>& out) const { layers::weight_lists(inner_, out); }
    /// The wrapped layer's weight names ("kernel", "bias"), as TF.js and Keras write them after
    /// the TimeDistributed's name.
    [[nodiscard]] std::vector<std::string> weight_names() const { return layers::weight_names(inner_); }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return inner_.get_weights(); }
    void set_weights(std::span<const Tensor> w) { inner_.set_weights(w); }

    /// The wrapped layer's scratch for batch · time samples.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const {
        return inner_.scratch_size(batch * (input_shape_.rank() > 0 ? input_shape_[0] : 0));
    }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& ctx) const {
        const std::size_t rows = x.shape[0] * input_shape_[0];
        inner_.forward(ConstTensorView{x.data, input_shape_.drop_front().prepend(rows)},
                       TensorView{y.data, output_shape_.drop_front().prepend(rows)}, scratch, ctx);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["layer"] = json{{"class_name", detail::wrapped_class_name(inner_)}, {"config", inner_.get_config()}};
        return j;
    }
    /// Reads Keras's and TF.js's config: {"name", ..., "layer": {"class_name", "config"}}.
    /// Throws config_error when the wrapped class is not `Inner`'s (for an engine class).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        namespace d = scion::detail;
        const std::string w = "TimeDistributed config";
        config_type c;
        detail::read_base(c, j, w);
        const json layer = d::get_field<json>(j, "layer", w);
        d::require_object(layer, w + " layer");
        if constexpr (requires { Inner::config_from_entry(layer, w); }) {
            c.layer = Inner::config_from_entry(layer, w);
        } else {
            const auto cls = d::get_field<std::string>(layer, "class_name", w + " layer");
            if (cls != Inner::class_name)
                throw config_error(w + ": wraps a '" + cls + "' layer, expected '" + std::string(Inner::class_name) +
                                   "'");
            const json inner = d::get_field<json>(layer, "config", w + " layer");
            if constexpr (requires { Inner::config_from_json(inner); }) c.layer = Inner::config_from_json(inner);
            else c.layer = Inner::from_config(inner).config();
        }
        return c;
    }
    [[nodiscard]] static TimeDistributed from_config(const json& j) { return TimeDistributed(config_from_json(j)); }

private:
    config_type cfg_;
    Inner inner_;
    bool built_ = false;
    Shape input_shape_{}, output_shape_{};
};

} // namespace scion::layers
