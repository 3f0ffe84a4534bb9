// scion/graph/protocol.hpp — how the graph algorithms and the executor talk to a layer type,
// whatever its number of inputs and outputs.
#pragma once

#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/core/error.hpp>
#include <scion/layers/layer_base.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scion::graph {

/// A layer whose shape rule, build and forward pass take all its inputs at once (merges, nested
/// models with several inputs); other layers take exactly one input.
template <class L>
concept takes_input_list = requires(std::span<const Shape> s) { L::infer(s); };

/// A layer with several outputs declares `static constexpr std::size_t output_count` and the
/// rule `infer_output(inputs, k)`; its forward pass writes a span of outputs.
template <class L>
concept has_several_outputs = requires { L::output_count; } && (L::output_count > 1);

template <class L>
inline constexpr std::size_t output_count_v = [] {
    if constexpr (has_several_outputs<L>) return std::size_t{L::output_count};
    else return std::size_t{1};
}();

/// Output `k` of layer type L on inputs `in[0..n)`, per sample.
template <class L>
constexpr shape_result infer_output(const Shape* in, std::size_t n, std::size_t k) {
    if constexpr (takes_input_list<L>) {
        if constexpr (has_several_outputs<L>) return L::infer_output(std::span<const Shape>(in, n), k);
        else return L::infer(std::span<const Shape>(in, n));
    } else {
        if (n != 1) return shape_result::fail(shape_errc::input_count, 1, n);
        if constexpr (has_several_outputs<L>) return L::infer_output(in[0], k);
        else return L::infer(in[0]);
    }
}

/// A model used as a layer: its counts are constants, not functions of its input shapes.
template <class L>
concept is_model = requires { typename L::graph_type; };

/// Weight scalars of layer type L on inputs `in[0..n)`.
template <class L>
constexpr std::size_t param_count(const Shape* in, std::size_t n) {
    if constexpr (is_model<L>) return L::param_count;
    else if constexpr (takes_input_list<L>) return L::param_count(std::span<const Shape>(in, n));
    else return L::param_count(in[0]);
}

/// Multiply-adds per sample of layer type L on inputs `in[0..n)`: `L::macs` when the layer
/// declares it, 0 otherwise (element-wise layers, as Keras's FLOP counters do).
template <class L>
constexpr std::size_t macs(const Shape* in, std::size_t n) {
    if constexpr (is_model<L>) return L::mac_count;
    else if constexpr (takes_input_list<L>) {
        if constexpr (requires(std::span<const Shape> s) { L::macs(s); })
            return L::macs(std::span<const Shape>(in, n));
        else return 0;
    } else {
        if constexpr (requires(const Shape& s) { L::macs(s); }) return L::macs(in[0]);
        else return 0;
    }
}

/// Builds layer `l` for inputs `in[0..n)` with weights from seed `s` in weight scope `scope`.
template <class L>
void build(L& l, const Shape* in, std::size_t n, seed s, std::string_view scope) {
    if constexpr (takes_input_list<L>) l.build(std::span<const Shape>(in, n), s, scope);
    else l.build(in[0], s, scope);
}

/// Runs layer `l` on inputs `xs[0..n)`, writing its outputs `ys[0..output_count)`.
template <class L>
void forward(const L& l, const ConstTensorView* xs, std::size_t n, const TensorView* ys, std::span<float> scratch,
             const layers::call_context& ctx) {
    if constexpr (takes_input_list<L>) {
        if constexpr (has_several_outputs<L>)
            l.forward(std::span<const ConstTensorView>(xs, n), std::span<const TensorView>(ys, L::output_count), scratch,
                      ctx);
        else l.forward(std::span<const ConstTensorView>(xs, n), ys[0], scratch, ctx);
    } else {
        if constexpr (has_several_outputs<L>)
            l.forward(xs[0], std::span<const TensorView>(ys, L::output_count), scratch, ctx);
        else l.forward(xs[0], ys[0], scratch, ctx);
    }
}

/// Appends layer `l`'s weight lists (none for a layer type that does not expose them).
template <class L>
void weight_lists(L& l, std::vector<layers::weight_list*>& out) {
    if constexpr (requires { l.weight_lists(out); }) l.weight_lists(out);
}
template <class L>
void weight_lists(const L& l, std::vector<const layers::weight_list*>& out) {
    if constexpr (requires { l.weight_lists(out); }) l.weight_lists(out);
}

/// Makes `dst`'s weights `src`'s (the same lists from now on): a change through one is seen by
/// the other. `dst` and `src` have the same layer structure (the same type, or engine classes
/// with weights of the same shapes); throws weights_error otherwise.
template <class D, class S>
void share_weights(D& dst, const S& src) {
    std::vector<layers::weight_list*> d;
    std::vector<const layers::weight_list*> s;
    weight_lists(dst, d);
    weight_lists(src, s);
    bool fits = d.size() == s.size();
    for (std::size_t k = 0; fits && k < d.size(); ++k) {
        fits = d[k]->size() == s[k]->size();
        for (std::size_t i = 0; fits && i < d[k]->size(); ++i) fits = (*d[k])[i].shape() == (*s[k])[i].shape();
    }
    if (!fits)
        throw weights_error("share_weights: layer '" + std::string(dst.name()) + "' and layer '" +
                            std::string(src.name()) + "' do not hold weights of the same shapes");
    for (std::size_t k = 0; k < d.size(); ++k) d[k]->share(*s[k]);
}

/// Gives `to` the weight ties of `from` (a model or layer of the same structure): wherever two
/// weight lists of `from` are one list, the corresponding lists of `to` become one list too.
template <class F, class T>
void copy_ties(const F& from, T& to) {
    std::vector<const layers::weight_list*> f;
    std::vector<layers::weight_list*> t;
    weight_lists(from, f);
    weight_lists(to, t);
    if (f.size() != t.size()) return;
    std::unordered_map<const void*, std::size_t> first;
    for (std::size_t k = 0; k < f.size(); ++k) {
        const auto [at, fresh] = first.emplace(f[k]->id(), k);
        if (!fresh) t[k]->share(*t[at->second]);
    }
}

} // namespace scion::graph
