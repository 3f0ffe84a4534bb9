// scion/graph/model.hpp — basic_model<Graph>: owns a static graph's layers and runs it.
#pragma once

#include <scion/detail/pack.hpp>
#include <scion/core/error.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/tensor.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/shape_inference.hpp>
#include <scion/graph/workspace.hpp>
#include <scion/layers/input_layer.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace scion {

/// A model over the canonical graph `G`: it owns one object per distinct layer, names and builds
/// them, and runs the nodes in order. Front ends (Sequential, ...) derive from it; it knows
/// nothing of their syntax. Copying a model copies its weights.
template <class G>
class basic_model;

template <class In, class... Ls, class Nodes, class Out>
class basic_model<graph::graph<In, graph::layer_list<Ls...>, Nodes, Out>> {
public:
    using graph_type = graph::graph<In, graph::layer_list<Ls...>, Nodes, Out>;
    using layer_tuple = graph::layer_tuple<Ls...>;

    /// Per-sample shapes of every node, computed at compile time.
    static constexpr auto shapes = graph::shapes_v<graph_type>;
    static constexpr std::size_t input_count = In::size;
    static constexpr std::size_t output_count = Out::size;
    /// Number of weight scalars, at compile time.
    static constexpr std::size_t param_count = graph::count_params<graph_type>();

    /// Per-sample shape of input `I` / output `I`.
    template <std::size_t I = 0>
    static constexpr Shape input_shape = In::shapes[I];
    template <std::size_t I = 0>
    static constexpr Shape output_shape = shapes.shapes[Out::ids[I]];

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    /// The seed the model's fresh layers were initialised from.
    [[nodiscard]] scion::seed seed() const noexcept { return seed_; }

    [[nodiscard]] const layer_tuple& layers() const noexcept { return layers_; }
    template <std::size_t I>
    [[nodiscard]] const auto& layer() const noexcept { return graph::get<I>(layers_); }
    template <std::size_t I>
    [[nodiscard]] auto& layer() noexcept { return graph::get<I>(layers_); }
    [[nodiscard]] const layers::InputLayer& input_layer(std::size_t i = 0) const { return inputs_.at(i); }

    /// Runs the model on a batch; allocates the result and its scratch.
    [[nodiscard]] Tensor predict(const Tensor& x) const {
        Tensor y;
        workspace ws;
        predict_into(x, y, ws);
        return y;
    }
    [[nodiscard]] Tensor operator()(const Tensor& x) const { return predict(x); }

    /// Runs the model on a batch, writing into `y` (resized when needed) and using `ws` for
    /// intermediates: after the first call at a batch size, no heap allocation.
    void predict_into(const Tensor& x, Tensor& y, workspace& ws) const { call_into(x, y, ws, layers::call_context{}); }
    /// As above, with the model's own workspace (so: one thread at a time per model).
    void predict_into(const Tensor& x, Tensor& y) { predict_into(x, y, ws_); }

    /// A forward pass with an explicit context, e.g. `{.training = true, .seed = 1, .step = n}`
    /// to run Dropout's training behaviour.
    [[nodiscard]] Tensor call(const Tensor& x, const layers::call_context& ctx) const {
        Tensor y;
        workspace ws;
        call_into(x, y, ws, ctx);
        return y;
    }

    void call_into(const Tensor& x, Tensor& y, workspace& ws, const layers::call_context& ctx) const
        requires(In::size == 1 && Out::size == 1 && graph_type::single_input_calls)
    {
        inputs_[0].check(x.shape(), name_);
        const std::size_t batch = x.shape()[0];
        y.resize(output_shape<0>.prepend(batch));
        std::size_t scratch = 0;
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (!n.is_input) scratch = std::max(scratch, graph::get<n.index>(layers_).scratch_size(batch));
        });
        const std::span<float> mem = ws.get(batch * layout_.per_sample + scratch);
        std::array<float*, graph_type::node_count> data{};
        for (std::size_t i = 0; i < graph_type::node_count; ++i) data[i] = mem.data() + batch * layout_.offset[i];
        data[0] = const_cast<float*>(x.data());  // input nodes are read only
        constexpr std::size_t out_node = Out::ids[0];
        if constexpr (out_node != 0) data[out_node] = y.data();
        const std::span<float> scratch_mem = mem.subspan(batch * layout_.per_sample);
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (!n.is_input) {
                graph::get<n.index>(layers_).forward(
                    ConstTensorView{data[n.inputs[0]], shapes.shapes[n.inputs[0]].prepend(batch)},
                    TensorView{data[I], shapes.shapes[I].prepend(batch)}, scratch_mem, ctx);
            }
        });
        if constexpr (out_node == 0) std::copy(x.data(), x.data() + x.size(), y.data());
    }

    /// All weights, layer by layer, each layer's in Keras order (as Keras's `get_weights`).
    [[nodiscard]] std::vector<Tensor> get_weights() const {
        std::vector<Tensor> all;
        layers_.for_each([&](const auto& l) { append(all, l.get_weights()); });
        return all;
    }

    /// Sets all weights from a list in `get_weights` order. The count and every shape are
    /// checked first: on a mismatch it throws weights_error naming the layer and changes nothing.
    void set_weights(std::span<const Tensor> w) {
        std::array<std::size_t, sizeof...(Ls)> arrays{};  // each layer's number of weight arrays
        std::size_t at = 0, k = 0;
        layers_.for_each([&](const auto& l) { arrays[k++] = check_slice(l, w, at); });
        if (at != w.size())
            throw weights_error("model '" + name_ + "': expected " + std::to_string(at) + " weight arrays, got " +
                                std::to_string(w.size()));
        at = 0;
        k = 0;
        layers_.for_each([&](auto& l) {
            l.set_weights(w.subspan(at, arrays[k]));
            at += arrays[k++];
        });
    }
    void set_weights(const std::vector<Tensor>& w) { set_weights(std::span<const Tensor>(w)); }

    /// Number of weight scalars, counted on the built layers (equals `param_count`).
    [[nodiscard]] std::size_t count_params() const {
        std::size_t n = 0;
        for (const auto& t : get_weights()) n += t.size();
        return n;
    }

    /// The model as Keras's `model.summary()` prints it: one row per layer with its output shape
    /// and parameter count, then the totals (a layer with trainable = false counts as
    /// non-trainable).
    [[nodiscard]] std::string summary() const {
        constexpr std::size_t w1 = 29, w2 = 26, w3 = 10;
        auto pad = [](std::string s, std::size_t w) {
            if (s.size() < w) s.append(w - s.size(), ' ');
            return s;
        };
        const std::string rule(w1 + w2 + w3, '_'), double_rule(w1 + w2 + w3, '=');
        std::string out = "Model: \"" + name_ + "\"\n" + rule + "\n" + pad(" Layer (type)", w1) +
                          pad("Output Shape", w2) + "Param #\n" + double_rule + "\n";
        std::size_t total = 0, frozen = 0;
        for (const auto& in : inputs_)
            out += pad(" " + in.name() + " (InputLayer)", w1) + pad(in.shape().to_batch_string(), w2) + "0\n";
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (!n.is_input) {
                const auto& l = graph::get<n.index>(layers_);
                using L = std::remove_cvref_t<decltype(l)>;
                const std::size_t params = layer_params_[n.index];
                total += params;
                if constexpr (requires { l.config().trainable; })
                    if (!l.config().trainable) frozen += params;
                out += pad(" " + std::string(l.name()) + " (" + std::string(L::class_name) + ")", w1) +
                       pad(shapes.shapes[I].to_batch_string(), w2) + std::to_string(params) + "\n";
            }
        });
        out += double_rule + "\nTotal params: " + std::to_string(total) + "\nTrainable params: " +
               std::to_string(total - frozen) + "\nNon-trainable params: " + std::to_string(frozen) + "\n" + rule + "\n";
        return out;
    }

protected:
    basic_model(std::string name, std::array<std::string, In::size> input_names, layer_tuple layers_in,
                scion::seed s)
        : name_(std::move(name)), seed_(s), layers_(std::move(layers_in)) {
        for (std::size_t i = 0; i < In::size; ++i) {
            layers::InputLayer::config_type c;
            c.name = input_names[i].empty() ? default_input_name(i) : std::move(input_names[i]);
            c.shape = In::shapes[i];
            inputs_.emplace_back(std::move(c));
        }
        name_layers();
        build_layers();
    }

    template <class F>
    static void for_each_node(F&& f) {
        detail::for_each_index<graph_type::node_count>(std::forward<F>(f));
    }

private:
    static constexpr auto layout_ = graph::layout<graph_type>();
    static constexpr auto layer_params_ = graph::layer_params<graph_type>();

    static std::string default_input_name(std::size_t i) {
        return i == 0 ? "input_layer" : "input_layer_" + std::to_string(i);
    }

    // Keras-style automatic names for unnamed layers ("dense", "dense_1", ...), then a check
    // that every name is unique, as Keras requires.
    void name_layers() {
        std::set<std::string> used;
        for (const auto& in : inputs_) used.insert(in.name());
        layers_.for_each([&](const auto& l) { used.insert(std::string(l.name())); });
        std::map<std::string, std::size_t, std::less<>> next;
        layers_.for_each([&](auto& l) { auto_name(l, used, next); });
        std::map<std::string, std::size_t, std::less<>> count;
        for (const auto& in : inputs_) ++count[in.name()];
        layers_.for_each([&](const auto& l) { ++count[std::string(l.name())]; });
        for (const auto& [n, k] : count)
            if (k > 1)
                throw config_error("model '" + name_ + "': the name \"" + n + "\" is used " + std::to_string(k) +
                                   " times in the model. All layer names should be unique.");
    }
    template <class L>
    static void auto_name(L& l, std::set<std::string>& used, std::map<std::string, std::size_t, std::less<>>& next) {
        if (!l.name().empty()) return;
        const std::string base(L::default_name);
        std::size_t& k = next[base];
        std::string candidate;
        do {
            candidate = k == 0 ? base : base + "_" + std::to_string(k);
            ++k;
        } while (used.count(candidate));
        used.insert(candidate);
        l.set_name(candidate);
    }

    // Builds each unbuilt layer at the shape of its first call; a layer that arrives built
    // (copied weights) must have been built for that same shape.
    void build_layers() {
        std::array<bool, sizeof...(Ls)> done{};
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (!n.is_input) {
                if (done[n.index]) return;
                done[n.index] = true;
                auto& l = graph::get<n.index>(layers_);
                constexpr Shape in = shapes.shapes[n.inputs[0]];
                if (!l.built()) {
                    l.build(in, seed_, {});
                } else if (Shape(l.input_shape()) != in) {
                    // A layer that keeps its weights may take a new shape its weights fit
                    // (an LSTM on longer sequences), not one that needs other weights.
                    const std::string was = Shape(l.input_shape()).to_batch_string();
                    bool fits = false;
                    if constexpr (requires { l.rebind(in); }) {
                        try {
                            l.rebind(in);
                            fits = true;
                        } catch (const clone_error&) {
                        }
                    }
                    if (!fits)
                        throw clone_error("model '" + name_ + "': layer '" + std::string(l.name()) +
                                          "' arrives with weights built for input " + was + " but the model feeds it " +
                                          in.to_batch_string() + ", which needs weights of other shapes");
                }
            }
        });
    }

    static void append(std::vector<Tensor>& all, std::vector<Tensor> w) {
        for (auto& t : w) all.push_back(std::move(t));
    }
    // Checks the arrays of `w` from `at` against layer `l`'s weights; returns how many it has.
    template <class L>
    std::size_t check_slice(const L& l, std::span<const Tensor> w, std::size_t& at) const {
        const auto current = l.get_weights();
        for (std::size_t k = 0; k < current.size(); ++k, ++at) {
            if (at >= w.size())
                throw weights_error("model '" + name_ + "': weight list ends at layer '" + std::string(l.name()) +
                                    "' (expected more than " + std::to_string(w.size()) + " arrays)");
            if (w[at].shape() != current[k].shape())
                throw weights_error("model '" + name_ + "': layer '" + std::string(l.name()) + "' weight " +
                                    std::to_string(k) + " has shape " + current[k].shape().to_string() + ", got " +
                                    w[at].shape().to_string() + " (array " + std::to_string(at) + " of the list)");
        }
        return current.size();
    }

    std::string name_;
    scion::seed seed_;
    std::vector<layers::InputLayer> inputs_;
    layer_tuple layers_;
    workspace ws_;
};

} // namespace scion
