// scion/graph/model.hpp — basic_model<Graph>: owns a static graph's layers and runs it.
#pragma once

#include <scion/detail/keras_model.hpp>
#include <scion/detail/pack.hpp>
#include <scion/detail/summary_table.hpp>
#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/tensor.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/keras_order.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/names.hpp>
#include <scion/graph/protocol.hpp>
#include <scion/graph/shape_inference.hpp>
#include <scion/graph/workspace.hpp>
#include <scion/layers/input_layer.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace scion {

namespace graph {
/// The Keras class name of layer or model type `L` ("Functional" for a model that names none).
template <class L>
[[nodiscard]] constexpr std::string_view keras_class_name() noexcept {
    if constexpr (requires { L::class_name; }) return L::class_name;
    else return "Functional";
}

/// The Keras config of layer `l`: its `get_config()`, or for a nested model the config of its
/// graph (what Keras writes under "config" for a nested Sequential or Functional).
template <class L>
[[nodiscard]] json keras_config(const L& l) {
    if constexpr (is_model<L>) {
        if constexpr (is_sequential_model<L>) return l.sequential_config();
        else return l.functional_config();
    } else {
        return l.get_config();
    }
}
} // namespace graph

/// A model over the canonical graph `G`: it owns one object per distinct layer, names and builds
/// them, and runs the nodes in order. Front ends (Sequential, Functional, clones) derive from
/// it; it knows nothing of their syntax. Copying a model copies its weights.
///
/// A model is also a layer: used inside another model it is built by that model (weights from
/// the outer seed, under the weight scope "<outer scope><name>/") and runs as one call node.
template <class G>
class basic_model;

template <class In, class... Ls, class Nodes, class Out, class Names>
class basic_model<graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>> {
public:
    using graph_type = graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>;
    using layer_tuple = graph::layer_tuple<Ls...>;

    /// Per-sample shapes of every node, computed at compile time.
    static constexpr auto shapes = graph::shapes_v<graph_type>;
    static constexpr std::size_t input_count = In::size;
    static constexpr std::size_t output_count = Out::size;
    /// Number of weight scalars, at compile time (a shared layer counts once).
    static constexpr std::size_t param_count = graph::count_params<graph_type>();
    /// Of param_count, the scalars Keras's summary counts as non-trainable when every layer is
    /// trainable (BatchNormalization's moving statistics).
    static constexpr std::size_t non_trainable_param_count = graph::count_non_trainable_params<graph_type>();
    /// Multiply-adds per sample of a forward pass, at compile time.
    static constexpr std::size_t mac_count = graph::count_macs<graph_type>();

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

    // ---- running -----------------------------------------------------------------------------

    /// Runs the model on one batch per input. With one output it returns a Tensor, with
    /// several a std::array of them, in the order of the model's outputs.
    template <std::same_as<Tensor>... Xs>
        requires(sizeof...(Xs) == In::size)
    [[nodiscard]] auto predict(const Xs&... xs) const {
        return call(layers::call_context{}, xs...);
    }
    template <std::same_as<Tensor>... Xs>
        requires(sizeof...(Xs) == In::size)
    [[nodiscard]] auto operator()(const Xs&... xs) const {
        return predict(xs...);
    }
    /// Runs the model on a list of inputs (as many as the model has), returning its outputs.
    [[nodiscard]] std::vector<Tensor> predict(std::span<const Tensor> xs) const {
        std::vector<Tensor> ys(Out::size);
        workspace ws;
        call_into(xs, ys, ws, layers::call_context{});
        return ys;
    }

    /// A forward pass with an explicit context, e.g. `{.training = true, .seed = 1, .step = n}`
    /// to run Dropout's training behaviour.
    template <std::same_as<Tensor>... Xs>
        requires(sizeof...(Xs) == In::size)
    [[nodiscard]] auto call(const layers::call_context& ctx, const Xs&... xs) const {
        const std::array<const Tensor*, In::size> in{&xs...};
        std::array<Tensor, Out::size> ys;
        workspace ws;
        alignas(detail::buffer_alignment) float local[detail::stack_scratch_floats];
        run_checked(in, ys.data(), ws, ctx, local);
        if constexpr (Out::size == 1) return std::move(ys[0]);
        else return ys;
    }
    [[nodiscard]] Tensor call(const Tensor& x, const layers::call_context& ctx) const
        requires(In::size == 1 && Out::size == 1)
    {
        return call(ctx, x);
    }

    /// Runs the model writing into `y` (resized when needed) and using `ws` for intermediates:
    /// after the first call at a batch size, no heap allocation.
    void predict_into(const Tensor& x, Tensor& y, workspace& ws) const
        requires(In::size == 1 && Out::size == 1)
    {
        call_into(x, y, ws, layers::call_context{});
    }
    /// As above, with the model's own workspace (so: one thread at a time per model).
    void predict_into(const Tensor& x, Tensor& y)
        requires(In::size == 1 && Out::size == 1)
    {
        predict_into(x, y, ws_);
    }
    /// Several inputs and outputs: `xs` in the order of the model's inputs, `ys` (as many as
    /// it has outputs) resized when needed.
    void predict_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace& ws) const {
        call_into(xs, ys, ws, layers::call_context{});
    }

    void call_into(const Tensor& x, Tensor& y, workspace& ws, const layers::call_context& ctx) const
        requires(In::size == 1 && Out::size == 1)
    {
        const std::array<const Tensor*, 1> in{&x};
        run_checked(in, &y, ws, ctx);
    }
    void call_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace& ws,
                   const layers::call_context& ctx) const {
        if (xs.size() != In::size)
            throw shape_error("model '" + name_ + "': expects " + std::to_string(In::size) + " inputs, got " +
                              std::to_string(xs.size()));
        if (ys.size() != Out::size)
            throw shape_error("model '" + name_ + "': has " + std::to_string(Out::size) + " outputs, given room for " +
                              std::to_string(ys.size()));
        std::array<const Tensor*, In::size> in{};
        for (std::size_t i = 0; i < In::size; ++i) in[i] = &xs[i];
        run_checked(in, ys.data(), ws, ctx);
    }

    // ---- weights -----------------------------------------------------------------------------

    /// All weights, layer by layer in Keras's order of the model's layers (graph::keras_order:
    /// what Keras's and TF.js's `get_weights()` return, so that weight lists move between them),
    /// each layer's in Keras's order.
    [[nodiscard]] std::vector<Tensor> get_weights() const {
        std::vector<Tensor> all;
        for_each_layer_in_keras_order([&](const auto& l) {
            for (auto& t : l.get_weights()) all.push_back(std::move(t));
        });
        return all;
    }

    /// Keras's order of the model's inputs and layers (`model.layers`): what get_weights,
    /// set_weights, summary and the JSON follow. `layers()` and `layer<I>()` keep the graph's
    /// own order (for a chain, the same).
    static constexpr auto keras_layer_order = graph::keras_order<graph_type>();

    /// Sets all weights from a list in `get_weights` order. The count and every shape are
    /// checked first: on a mismatch it throws weights_error naming the layer and changes nothing.
    void set_weights(std::span<const Tensor> w) {
        // Each layer's number of weight arrays, in the order visited (both passes visit alike).
        std::array<std::size_t, sizeof...(Ls)> arrays{};
        std::size_t at = 0, k = 0;
        for_each_layer_in_keras_order([&](const auto& l) { arrays[k++] = check_slice(l, w, at); });
        if (at != w.size())
            throw weights_error("model '" + name_ + "': expected " + std::to_string(at) + " weight arrays, got " +
                                std::to_string(w.size()));
        at = 0;
        k = 0;
        for_each_layer_in_keras_order([&](auto& l) {
            l.set_weights(w.subspan(at, arrays[k]));
            at += arrays[k++];
        });
    }
    void set_weights(const std::vector<Tensor>& w) { set_weights(std::span<const Tensor>(w)); }

    /// Every layer's weight lists, in Keras's layer order (see layers::weight_list).
    void weight_lists(std::vector<layers::weight_list*>& out) {
        for_each_layer_in_keras_order([&](auto& l) { graph::weight_lists(l, out); });
    }
    void weight_lists(std::vector<const layers::weight_list*>& out) const {
        for_each_layer_in_keras_order([&](const auto& l) { graph::weight_lists(l, out); });
    }

    /// Number of weight scalars, counted on the built layers (equals `param_count`).
    [[nodiscard]] std::size_t count_params() const {
        std::size_t n = 0;
        for (const auto& t : get_weights()) n += t.size();
        return n;
    }

    /// The model as Keras's `model.summary()` prints it for a functional model: one row per input
    /// (InputLayer) and per layer with its output shape and parameter count (and, for graphs that
    /// are not a chain, the layers it reads), then the totals (a layer with trainable = false
    /// counts as non-trainable). `Sequential` hides this with its own table, which has no
    /// InputLayer row (as in Keras and TF.js).
    [[nodiscard]] std::string summary() const { return summary_table(true); }

protected:
    /// The summary, with or without the InputLayer rows.
    [[nodiscard]] std::string summary_table(bool input_rows) const {
        std::array<detail::summary_row, sizeof...(Ls) + 1> layer_rows{};
        std::array<bool, sizeof...(Ls) + 1> listed{};
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (n.kind == graph::node_kind::call) {
                if (listed[n.index]) return;
                listed[n.index] = true;
                const auto& l = graph::get<n.index>(layers_);
                using L = std::remove_cvref_t<decltype(l)>;
                detail::summary_row r{std::string(l.name()), L::class_name, shapes.shapes[I].to_batch_string(),
                                      layer_params_[n.index], true, {}};
                if constexpr (requires { l.config().trainable; }) r.trainable = l.config().trainable;
                if constexpr (requires { l.non_trainable_params(); }) r.non_trainable = l.non_trainable_params();
                // Every call of the layer, each with the tensors it reads.
                if (!is_chain)
                    for (std::size_t c = 0; c < graph_type::node_count; ++c) {
                        const graph::node_info& call = graph_type::nodes[c];
                        if (call.kind != graph::node_kind::call || call.index != n.index) continue;
                        for (std::size_t k = 0; k < call.input_count; ++k) r.connected.push_back(tensor_name(call.inputs[k]));
                    }
                layer_rows[n.index] = std::move(r);
            }
        });
        // One row per entry of Keras's `model.layers`.
        std::vector<detail::summary_row> rows;
        for (const graph::listed_layer& e : keras_layer_order) {
            if (!e.input) {
                rows.push_back(std::move(layer_rows[e.index]));
            } else if (input_rows) {
                const auto& in = inputs_[e.index];
                rows.push_back({in.name(), layers::InputLayer::class_name, in.shape().to_batch_string(), 0, true, {}});
            }
        }
        return detail::summary_table(name_, rows, !is_chain);
    }

public:

    // ---- Keras JSON ----------------------------------------------------------------------------

    /// The Keras config of the model as a graph (what Keras writes under "config" for a
    /// Functional model): {"name", "layers": [{"name", "class_name", "config", "inbound_nodes"}
    /// ...], "input_layers", "output_layers"}, inputs and layers in Keras's order of
    /// `model.layers`, each layer with one inbound node per call, in the nested-list form Keras 2,
    /// Keras 3 and TensorFlow.js read (see detail::keras_model_config, the writer of both paths).
    /// Nested models are entries whose config is their own. The same JSON as the dynamic twin's
    /// (`dynamic::Model::get_config`).
    [[nodiscard]] json functional_config() const { return detail::keras_model_config(keras_description(false)); }
    /// The Keras config of the model as a stack (what Keras writes under "config" for a
    /// Sequential model): {"name", "layers": [the InputLayer, then {"class_name", "config"} per
    /// layer]}. Meaningful for a chain (a Sequential's graph).
    [[nodiscard]] json sequential_config() const
        requires(In::size == 1)
    {
        return detail::keras_model_config(keras_description(true));
    }

protected:
    /// The model as its Keras config describes it (detail::keras_model), in the Sequential form
    /// or as a graph: names, classes and configs of the inputs and layers, the calls in node
    /// order, the outputs, and Keras's order of `model.layers`.
    [[nodiscard]] detail::keras_model keras_description(bool sequential) const {
        detail::keras_model m;
        m.name = name_;
        m.sequential = sequential;
        for (const auto& in : inputs_) m.inputs.push_back({in.name(), in.get_config()});
        layers_.for_each([&](const auto& l) {
            using L = std::remove_cvref_t<decltype(l)>;
            m.layers.push_back({std::string(l.name()), std::string(graph::keras_class_name<L>()), graph::keras_config(l),
                                graph::is_model<L>});
        });
        m.order.assign(keras_layer_order.begin(), keras_layer_order.end());
        if (sequential) return m;
        // A node's output as a tensor of the description (a select node: output k of its call).
        std::array<std::size_t, graph_type::node_count> call_of_node{};
        const auto tensor = [&](std::size_t node) {
            const graph::node_info* n = &graph_type::nodes[node];
            std::size_t out = 0;
            if (n->kind == graph::node_kind::select) {
                out = n->index;
                node = n->inputs[0];
                n = &graph_type::nodes[node];
            }
            if (n->kind == graph::node_kind::input) return detail::keras_model::tensor{true, n->index, 0};
            return detail::keras_model::tensor{false, call_of_node[node], out};
        };
        for (std::size_t i = 0; i < graph_type::node_count; ++i) {
            const graph::node_info& n = graph_type::nodes[i];
            if (n.kind != graph::node_kind::call) continue;
            call_of_node[i] = m.calls.size();
            detail::keras_model::call c{n.index, {}};
            for (std::size_t j = 0; j < n.input_count; ++j) c.inputs.push_back(tensor(n.inputs[j]));
            m.calls.push_back(std::move(c));
        }
        for (std::size_t id : Out::ids) m.outputs.push_back(tensor(id));
        return m;
    }

public:
    // ---- the layer protocol: a model used as a layer of another model --------------------------

    /// The model's outputs for inputs of the given shapes: its own output shapes when the shapes
    /// are its input shapes (a static model does not change shape), a failure otherwise.
    static constexpr shape_result infer(const Shape& in) noexcept
        requires(In::size == 1)
    {
        return infer_output(in, 0);
    }
    static constexpr shape_result infer(std::span<const Shape> in) noexcept
        requires(In::size > 1)
    {
        return infer_output(in, 0);
    }
    static constexpr shape_result infer_output(const Shape& in, std::size_t k) noexcept
        requires(In::size == 1)
    {
        return infer_output(std::span<const Shape>(&in, 1), k);
    }
    static constexpr shape_result infer_output(std::span<const Shape> in, std::size_t k) noexcept {
        if (in.size() != In::size) return shape_result::fail(shape_errc::input_count, In::size, in.size());
        for (std::size_t i = 0; i < In::size; ++i) {
            const Shape& want = In::shapes[i];
            if (in[i].rank() != want.rank()) return shape_result::fail(shape_errc::rank_mismatch, want.rank(), in[i].rank());
            for (std::size_t d = 0; d < want.rank(); ++d)
                if (in[i][d] != want[d]) return shape_result::fail(shape_errc::dim_mismatch, want[d], in[i][d]);
        }
        return {shapes.shapes[Out::ids[k]]};
    }

    /// Whether the model's layers are built (a model made on its own always is; a model made to
    /// be a layer of another is built by it).
    [[nodiscard]] bool built() const noexcept { return built_; }
    /// Builds every layer with fresh weights from `s`, under the weight scope `scope` + name + "/".
    void build(const Shape&, scion::seed s, std::string_view scope = {})
        requires(In::size == 1)
    {
        build_all(s, std::string(scope) + name_ + "/");
    }
    void build(std::span<const Shape>, scion::seed s, std::string_view scope = {})
        requires(In::size > 1)
    {
        build_all(s, std::string(scope) + name_ + "/");
    }
    /// Scratch the model needs to run as a layer at batch size `batch`.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        return batch * layout_.per_sample + layer_scratch(batch);
    }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const layers::call_context& ctx) const
        requires(In::size == 1 && Out::size == 1)
    {
        run(&x, &y, scratch, x.shape[0], ctx);
    }
    void forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires(In::size == 1 && Out::size > 1)
    {
        run(&x, ys.data(), scratch, x.shape[0], ctx);
    }
    void forward(std::span<const ConstTensorView> xs, const TensorView& y, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires(In::size > 1 && Out::size == 1)
    {
        run(xs.data(), &y, scratch, xs[0].shape[0], ctx);
    }
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires(In::size > 1 && Out::size > 1)
    {
        run(xs.data(), ys.data(), scratch, xs[0].shape[0], ctx);
    }

    // Copies keep the model's own weight ties (two of its layers sharing weights share them in
    // the copy too) and share nothing with the original.
    basic_model(const basic_model& o)
        : name_(o.name_), seed_(o.seed_), built_(o.built_), inputs_(o.inputs_), layers_(o.layers_), ws_(o.ws_) {
        graph::copy_ties(o, *this);
    }
    basic_model& operator=(const basic_model& o) {
        if (this != &o) {
            basic_model copy(o);
            *this = std::move(copy);
        }
        return *this;
    }
    basic_model(basic_model&&) noexcept = default;
    basic_model& operator=(basic_model&&) noexcept = default;
    ~basic_model() = default;

protected:
    /// A model built with fresh weights from `s` (layers that arrive built keep theirs).
    basic_model(std::string name, std::array<std::string, In::size> input_names, layer_tuple layers_in,
                scion::seed s)
        : basic_model(std::move(name), std::move(input_names), std::move(layers_in), graph::unbuilt) {
        build_all(s, "");
    }
    /// A model whose layers are named but not built (to be built by an outer model).
    basic_model(std::string name, std::array<std::string, In::size> input_names, layer_tuple layers_in,
                graph::unbuilt_t)
        : name_(std::move(name)), layers_(std::move(layers_in)) {
        for (std::size_t i = 0; i < In::size; ++i) {
            layers::InputLayer::config_type c;
            c.name = input_names[i].empty() ? std::string(names_.names[i].view()) : std::move(input_names[i]);
            c.shape = In::shapes[i];
            inputs_.emplace_back(std::move(c));
        }
        name_layers();
    }

    template <class F>
    static void for_each_node(F&& f) {
        detail::for_each_index<graph_type::node_count>(std::forward<F>(f));
    }

private:
    static constexpr auto layout_ = graph::layout<graph_type>();
    static constexpr auto layer_params_ = graph::layer_params<graph_type>();
    static constexpr auto names_ = graph::names_v<graph_type>;
    /// Whether the graph is a chain: one input, each node reading the one before (Sequential's
    /// shape), so that the summary needs no "Connected to" column.
    static constexpr bool is_chain = [] {
        if (In::size != 1) return false;
        for (std::size_t i = 1; i < graph_type::node_count; ++i) {
            const auto& n = graph_type::nodes[i];
            if (n.input_count != 1 || n.inputs[0] != i - 1 || n.kind != graph::node_kind::call) return false;
        }
        return true;
    }();
    /// Each output's node writes straight into the caller's tensor when it is a call node with
    /// one output, listed once among the outputs.
    static constexpr auto direct_ = [] {
        std::array<std::size_t, graph_type::node_count> d{};
        for (auto& x : d) x = Out::size;  // none
        for (std::size_t k = 0; k < Out::size; ++k) {
            const std::size_t i = Out::ids[k];
            const auto& n = graph_type::nodes[i];
            if (n.kind != graph::node_kind::call || d[i] != Out::size) continue;
            if (graph::detail::rules<graph_type>::outputs[n.index] != 1) continue;
            d[i] = k;
        }
        return d;
    }();

    // Shapes of output k of call node i.
    static constexpr Shape node_output_shape(std::size_t i, std::size_t k) {
        if (k == 0) return shapes.shapes[i];
        const graph::node_info& n = graph_type::nodes[i];
        std::array<Shape, graph::max_node_inputs> in{};
        for (std::size_t j = 0; j < n.input_count; ++j) in[j] = shapes.shapes[n.inputs[j]];
        return graph::detail::rules<graph_type>::infer[n.index](in.data(), n.input_count, k).shape;
    }

    // How the summary names a node's output: the input's or the layer's name, with the call
    // number when the layer is called more than once ("encoder[1]"), and the output number when
    // the layer has several outputs ("lstm[2]" for a selection, "lstm[0]" for the node read
    // directly: its output 0; "encoder[1][0]"), as the dynamic summary names them.
    std::string tensor_name(std::size_t node) const {
        const graph::node_info* n = &graph_type::nodes[node];
        if (n->kind == graph::node_kind::input) return inputs_[n->index].name();
        std::size_t output = 0;
        if (n->kind == graph::node_kind::select) {
            output = n->index;
            node = n->inputs[0];
            n = &graph_type::nodes[node];
        }
        std::string s;
        std::size_t k = 0;
        layers_.for_each([&](const auto& l) {
            if (k++ == n->index) s = std::string(l.name());
        });
        std::size_t calls = 0, ordinal = 0;
        for (std::size_t i = 0; i < graph_type::node_count; ++i) {
            const graph::node_info& c = graph_type::nodes[i];
            if (c.kind != graph::node_kind::call || c.index != n->index) continue;
            if (i < node) ++ordinal;
            ++calls;
        }
        if (calls > 1) s += "[" + std::to_string(ordinal) + "]";
        if (graph::detail::rules<graph_type>::outputs[n->index] > 1) s += "[" + std::to_string(output) + "]";
        return s;
    }

    std::size_t layer_scratch(std::size_t batch) const noexcept {
        std::size_t scratch = 0;
        layers_.for_each([&](const auto& l) { scratch = std::max(scratch, l.scratch_size(batch)); });
        return scratch;
    }

    // Checks the inputs, sizes the outputs and the workspace, and runs.
    // The scratch comes from `local` when it fits there, from `ws` otherwise.
    void run_checked(std::span<const Tensor* const> xs, Tensor* ys, workspace& ws, const layers::call_context& ctx,
                     std::span<float> local = {}) const {
        if (!built_) throw error("model '" + name_ + "': not built (it was made to be a layer of another model)");
        const std::size_t batch = xs[0]->shape().rank() == 0 ? 0 : xs[0]->shape()[0];
        std::array<ConstTensorView, In::size> in{};
        for (std::size_t i = 0; i < In::size; ++i) {
            inputs_[i].check(xs[i]->shape(), name_);
            if (xs[i]->shape()[0] != batch)
                throw shape_error("model '" + name_ + "': input '" + inputs_[i].name() + "' has batch size " +
                                  std::to_string(xs[i]->shape()[0]) + ", input '" + inputs_[0].name() + "' has " +
                                  std::to_string(batch));
            in[i] = ConstTensorView{xs[i]->data(), xs[i]->shape()};
        }
        std::array<TensorView, Out::size> out{};
        for (std::size_t k = 0; k < Out::size; ++k) {
            ys[k].resize(shapes.shapes[Out::ids[k]].prepend(batch));
            out[k] = TensorView{ys[k].data(), ys[k].shape()};
        }
        const std::size_t need = scratch_size(batch);
        run(in.data(), out.data(), need <= local.size() ? local.first(need) : ws.get(need), batch, ctx);
    }

    // Runs the nodes in order; `mem` holds the arena then the layers' scratch.
    void run(const ConstTensorView* xs, const TensorView* ys, std::span<float> mem, std::size_t batch,
             const layers::call_context& ctx) const {
        std::array<float*, graph_type::node_count> data{};
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (n.kind == graph::node_kind::input) data[I] = const_cast<float*>(xs[n.index].data);
            else if constexpr (direct_[I] != Out::size) data[I] = ys[direct_[I]].data;
            else data[I] = mem.data() + batch * layout_.offset[I];
        });
        const std::span<float> scratch = mem.subspan(batch * layout_.per_sample);
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (n.kind == graph::node_kind::call) {
                const auto& l = graph::get<n.index>(layers_);
                using L = std::remove_cvref_t<decltype(l)>;
                constexpr std::size_t outs = graph::output_count_v<L>;
                std::array<ConstTensorView, n.input_count> in{};
                for (std::size_t k = 0; k < n.input_count; ++k)
                    in[k] = ConstTensorView{data[n.inputs[k]], shapes.shapes[n.inputs[k]].prepend(batch)};
                std::array<TensorView, outs> out{};
                float* at = data[I];
                for (std::size_t k = 0; k < outs; ++k) {
                    const Shape s = node_output_shape(I, k);
                    out[k] = TensorView{at, s.prepend(batch)};
                    at += batch * scion::detail::arena_floats(s.elements());
                }
                graph::forward(l, in.data(), n.input_count, out.data(), scratch, ctx);
            }
        });
        for (std::size_t k = 0; k < Out::size; ++k) {
            const std::size_t node = Out::ids[k];
            if (direct_[node] == k) continue;
            const float* src = data[node];
            std::copy(src, src + ys[k].size(), ys[k].data);
        }
    }

    // Declared names first (in a functional graph a layer's name is part of its type: a name
    // set on the object at run time gives way to it; rename at the type level with
    // rename<"...">); then Keras-style automatic names for unnamed layers and the check that
    // every name is unique (detail::automatic_names, the dynamic path's rule too: with no names
    // given at run time these are the compile-time names of graph::names_v).
    void name_layers() {
        std::size_t k = 0;
        layers_.for_each([&](auto& l) {
            if (const std::string_view d = graph_type::layer_name(k++); !d.empty()) l.set_name(std::string(d));
        });
        std::vector<detail::name_request> entries;
        entries.reserve(In::size + sizeof...(Ls));
        for (const auto& in : inputs_) entries.push_back({in.name(), layers::InputLayer::default_name});
        layers_.for_each(
            [&](const auto& l) { entries.push_back({l.name(), std::remove_cvref_t<decltype(l)>::default_name}); });
        const std::vector<std::string> names = detail::automatic_names(entries, "model '" + name_ + "'");
        k = In::size;
        layers_.for_each([&](auto& l) {
            if (l.name().empty()) l.set_name(names[k]);
            ++k;
        });
    }

    // Builds each unbuilt layer at the shapes of its first call; a layer that arrives built
    // (copied or shared weights) must have been built for those same shapes.
    void build_all(scion::seed s, const std::string& scope) {
        seed_ = s;
        std::array<bool, sizeof...(Ls)> done{};
        for_each_node([&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
            constexpr graph::node_info n = graph_type::nodes[I];
            if constexpr (n.kind == graph::node_kind::call) {
                if (done[n.index]) return;
                done[n.index] = true;
                auto& l = graph::get<n.index>(layers_);
                std::array<Shape, n.input_count> in{};
                for (std::size_t k = 0; k < n.input_count; ++k) in[k] = shapes.shapes[n.inputs[k]];
                if (!l.built()) {
                    graph::build(l, in.data(), n.input_count, s, scope);
                } else if constexpr (!graph::takes_input_list<std::remove_cvref_t<decltype(l)>> &&
                                     !graph::is_model<std::remove_cvref_t<decltype(l)>>) {
                    if (Shape(l.input_shape()) != in[0]) rebind(l, in[0]);
                }
            }
        });
        built_ = true;
    }
    // A layer that keeps its weights may take a new shape its weights fit (an LSTM on longer
    // sequences), not one that needs other weights.
    template <class L>
    void rebind(L& l, const Shape& in) {
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

    // Calls f on each layer in Keras's order: the tuple's own order for a chain (no dispatch),
    // else layer by layer through an index switch.
    static constexpr bool keras_order_is_index_order_ = graph::keras_order_is_index_order<graph_type>();
    template <class Self, class F>
    static void for_each_layer_in_keras_order_of(Self& self, F&& f) {
        if constexpr (keras_order_is_index_order_) {
            self.layers_.for_each(f);
        } else {
            for (const graph::listed_layer& e : keras_layer_order)
                if (!e.input)
                    [&]<std::size_t... I>(std::index_sequence<I...>) {
                        ((e.index == I ? (void)f(graph::get<I>(self.layers_)) : void()), ...);
                    }(std::index_sequence_for<Ls...>{});
        }
    }
    template <class F>
    void for_each_layer_in_keras_order(F&& f) { for_each_layer_in_keras_order_of(*this, f); }
    template <class F>
    void for_each_layer_in_keras_order(F&& f) const { for_each_layer_in_keras_order_of(*this, f); }

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
    scion::seed seed_{0};
    bool built_ = false;
    std::vector<layers::InputLayer> inputs_;
    layer_tuple layers_;
    workspace ws_;
};

} // namespace scion
