// src/layers/bidirectional.cpp — Bidirectional's member definitions, instantiated for LSTM, GRU and SimpleRNN.
#include <scion/layers/bidirectional.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace scion::layers {

merge_mode merge_mode_from_string(std::string_view s) {
    for (auto m : {merge_mode::concat, merge_mode::sum, merge_mode::mul, merge_mode::ave})
        if (to_string(m) == s) return m;
    throw config_error("Bidirectional config: unsupported merge_mode '" + std::string(s) +
                       "' (concat, sum, mul or ave)");
}

template <class Rnn>
Bidirectional<Rnn>::Bidirectional(config_type cfg)
    : cfg_(checked(std::move(cfg))), forward_(sub_config(false)), backward_(sub_config(true)) {}

template <class Rnn>
Shape Bidirectional<Rnn>::compute_output_shape(const Shape& in) const {
    return bidirectional_output_shape(shape_result{forward_.compute_output_shape(in)}, cfg_.merge_mode).shape;
}

template <class Rnn>
void Bidirectional<Rnn>::build(const Shape& in, seed s, std::string_view scope) {
    const std::string path = std::string(scope) + cfg_.name + "/";
    forward_.build(in, s, path);
    backward_.build(in, s, path);
}

template <class Rnn>
void Bidirectional<Rnn>::rebind(const Shape& in) {
    Rnn f = forward_, b = backward_;  // all or nothing
    f.rebind(in);
    b.rebind(in);
    forward_ = std::move(f);
    backward_ = std::move(b);
}

template <class Rnn>
void Bidirectional<Rnn>::weight_lists(std::vector<weight_list*>& out) {
    forward_.weight_lists(out);
    backward_.weight_lists(out);
}
template <class Rnn>
void Bidirectional<Rnn>::weight_lists(std::vector<const weight_list*>& out) const {
    forward_.weight_lists(out);
    backward_.weight_lists(out);
}

template <class Rnn>
std::vector<std::string> Bidirectional<Rnn>::weight_names() const {
    std::vector<std::string> r;
    for (const Rnn* l : {&forward_, &backward_})
        for (const std::string& n : layers::weight_names(*l)) r.push_back(l->name() + "/" + n);
    return r;
}

template <class Rnn>
std::vector<Tensor> Bidirectional<Rnn>::get_weights() const {
    auto w = forward_.get_weights();
    for (auto& t : backward_.get_weights()) w.push_back(std::move(t));
    return w;
}
template <class Rnn>
void Bidirectional<Rnn>::set_weights(std::span<const Tensor> w) {
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

template <class Rnn>
std::size_t Bidirectional<Rnn>::scratch_size(std::size_t batch) const noexcept {
    return 2 * batch * forward_.output_shape().elements() +
           std::max(forward_.scratch_size(batch), backward_.scratch_size(batch));
}

template <class Rnn>
void Bidirectional<Rnn>::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch,
                                 const call_context& ctx) const {
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

template <class Rnn>
json Bidirectional<Rnn>::get_config() const {
    json j = detail::write_base(cfg_);
    Rnn inner(cfg_.layer);
    j["layer"] = json{{"class_name", std::string(Rnn::class_name)}, {"config", inner.get_config()}};
    j["merge_mode"] = std::string(to_string(cfg_.merge_mode));
    return j;
}

template <class Rnn>
typename Bidirectional<Rnn>::config_type Bidirectional<Rnn>::config_from_json(const json& j) {
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

template <class Rnn>
Bidirectional<Rnn> Bidirectional<Rnn>::from_config(const json& j) {
    return Bidirectional(config_from_json(j));
}

template <class Rnn>
typename Bidirectional<Rnn>::config_type Bidirectional<Rnn>::checked(config_type c) {
    if constexpr (requires(const typename Rnn::config_type& l) { l.return_state; })
        if (c.layer.return_state)
            throw config_error(detail::who(class_name, c.name) + ": the wrapped " + std::string(Rnn::class_name) +
                               " sets return_state, which Bidirectional does not support (Keras would return "
                               "the merged output and both directions' states)");
    return c;
}

template <class Rnn>
typename Rnn::config_type Bidirectional<Rnn>::sub_config(bool backward) const {
    auto c = cfg_.layer;
    std::string_view base = cfg_.layer.name.empty() ? Rnn::default_name : std::string_view(cfg_.layer.name);
    if (base.starts_with("forward_")) base.remove_prefix(8);
    c.name = std::string(backward ? "backward_" : "forward_") + std::string(base);
    if (backward) c.go_backwards = !c.go_backwards;
    return c;
}

template class Bidirectional<LSTM>;
template class Bidirectional<GRU>;
template class Bidirectional<SimpleRNN>;

} // namespace scion::layers
