// scion/dynamic/model.hpp — dynamic::Model (a functional graph of layers made at run time) and
// dynamic::Sequential; both are layers of other models.
#pragma once

#include <scion/detail/keras_model.hpp>
#include <scion/detail/keras_order.hpp>
#include <scion/detail/summary_table.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/graph/workspace.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace scion::dynamic {

/// Tag: a model made to be a layer of another, not built until that model builds it (from its
/// seed, under the weight scope "<outer scope><name>/", as a nested static model is).
struct unbuilt_t {
    explicit constexpr unbuilt_t() = default;
};
inline constexpr unbuilt_t unbuilt{};

namespace detail {

/// One step of the executor: a call of `layer` reading values `in` and writing values `out`.
struct step {
    layer_interface* layer = nullptr;
    std::vector<std::size_t> in, out;
};
/// A value: a model input (`input` < inputs) or an output of a call, kept in the arena at
/// `offset` (per sample) with per-sample `shape`; `batched` is `shape` behind a batch axis (of
/// size 0 until a call sets it), from which the executor's views are copied.
struct value {
    Shape shape;
    Shape batched;
    std::size_t offset = 0;
    std::size_t input = std::numeric_limits<std::size_t>::max();
};

/// A node of the static lowering's walk: a call (sel = none) or the selection of output `sel`
/// of a call of a layer with several outputs.
struct vnode {
    const node* n;
    std::size_t sel;
    friend bool operator==(const vnode&, const vnode&) = default;
};
struct vnode_hash {
    std::size_t operator()(const vnode& v) const noexcept {
        return std::hash<const void*>()(v.n) ^ (v.sel * 0x9E3779B97F4A7C15ULL);
    }
};

/// The graph of a dynamic model, and the model as a layer: it implements layer_interface so
/// that a model is a layer of another model.
class graph_model final : public layer_interface {
public:
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

    graph_model(std::string name, bool sequential) : name_(std::move(name)), sequential_(sequential) {}

    // ---- the graph ------------------------------------------------------------------------------

    /// Takes the graph from `inputs` to `outputs`: orders the calls (as the static lowering
    /// does: by depth, walking from the outputs), names unnamed inputs and layers in order of
    /// first call, checks that names are unique and that every input the outputs need is listed,
    /// and lists the layers in Keras's order (order_as_keras).
    void set_graph(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs);
    /// Lists `layers_` (and the inputs, in `keras_order_`) as Keras lists a model's `layers`
    /// (scion::detail::keras_order, the static path's algorithm): by decreasing depth from the
    /// outputs, ties in the order a depth-first walk from the outputs meets them. What
    /// get_weights, set_weights, summary and get_config follow.
    void order_as_keras();

    // ---- building -------------------------------------------------------------------------------

    /// Builds every unbuilt layer at the shapes of its first call, from `s` under `scope`; a
    /// layer that arrives built keeps its weights (re-targeted when the shapes changed and its
    /// weights fit them).
    void build_all(seed s, const std::string& scope);
    /// Builds the model from its own seed unless it is built (a Sequential on first use). Safe
    /// from several threads at once on one model (threads predicting on one const Sequential):
    /// one builds, the others wait for it.
    void ensure_built();
    void set_seed(seed s) noexcept { seed_ = s; }
    [[nodiscard]] seed model_seed() const noexcept { return seed_; }

    // ---- running --------------------------------------------------------------------------------

    [[nodiscard]] std::vector<Tensor> predict(std::span<const Tensor> xs, const layers::call_context& ctx) const;
    // Checks the inputs, sizes `ys` (one per output) and runs, with scratch from `ws` (nullptr:
    // from the stack when small, else a buffer of this call).
    void predict_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace* ws,
                      const layers::call_context& ctx) const;

    // ---- names, layers, weights -----------------------------------------------------------------

    [[nodiscard]] const std::vector<std::shared_ptr<layer_interface>>& layers() const noexcept { return layers_; }
    [[nodiscard]] const std::vector<KerasTensor>& inputs() const noexcept { return inputs_; }
    [[nodiscard]] const std::vector<KerasTensor>& outputs() const noexcept { return outputs_; }
    /// The calls in execution order.
    [[nodiscard]] const std::vector<const node*>& calls() const noexcept { return calls_; }
    [[nodiscard]] bool is_sequential() const noexcept { return sequential_; }

    [[nodiscard]] std::string summary() const;

    // ---- layer_interface --------------------------------------------------------------------------

    [[nodiscard]] std::string_view class_name() const noexcept override {
        return sequential_ ? "Sequential" : "Functional";
    }
    [[nodiscard]] std::string_view default_name() const noexcept override {
        return sequential_ ? "sequential" : "functional";
    }
    [[nodiscard]] const std::string& name() const noexcept override { return name_; }
    void set_name(std::string n) override { name_ = std::move(n); }
    [[nodiscard]] bool trainable() const noexcept override { return trainable_; }
    void set_trainable(bool t) noexcept { trainable_ = t; }

    /// The Keras config: for a Sequential {"name", "layers": [InputLayer, layers...]}; for a
    /// graph {"name", "layers": [{"name", "class_name", "config", "inbound_nodes"}...],
    /// "input_layers", "output_layers"} with inbound nodes in the nested-list form that Keras 2,
    /// Keras 3 and TensorFlow.js all read.
    [[nodiscard]] json get_config() const override;
    /// The model as its Keras config describes it (the description detail::keras_model_config
    /// writes, for both paths): inputs, layers in Keras's order, calls in execution order, outputs.
    [[nodiscard]] scion::detail::keras_model keras_description() const;
    [[nodiscard]] bool has_config() const noexcept override { return true; }

    [[nodiscard]] std::size_t output_count() const noexcept override { return outputs_.size(); }
    [[nodiscard]] Shape output_shape(std::span<const Shape> in, std::size_t k) const override;
    [[nodiscard]] bool built() const noexcept override { return built_; }
    void build(std::span<const Shape> in, seed s, std::string_view scope) override;
    [[nodiscard]] std::vector<Shape> built_shapes() const override;
    void rebind(std::span<const Shape> in) override { (void)output_shape(in, 0); }
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept override;
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const override;

    [[nodiscard]] std::vector<Tensor> get_weights() const override;
    void set_weights(std::span<const Tensor> w) override;
    [[nodiscard]] std::size_t count_params() const override;
    [[nodiscard]] std::size_t non_trainable_params() const override;
    /// "<layer name>/<weight name>" for every layer's weights, in get_weights() order.
    [[nodiscard]] std::vector<std::string> weight_names() const override;
    void weight_lists(std::vector<layers::weight_list*>& out) override;
    void weight_lists(std::vector<const layers::weight_list*>& out) const override;

    /// A deep copy: the same graph over copies of the layers (weights copied; ties between
    /// layers kept).
    [[nodiscard]] std::shared_ptr<layer_interface> copy() const override;
    /// The same graph over layers rebuilt from their configs (nested models too), unbuilt.
    [[nodiscard]] std::shared_ptr<layer_interface> from_config() const override;

    [[nodiscard]] const std::type_info& type() const noexcept override { return typeid(graph_model); }
    [[nodiscard]] const void* address() const noexcept override { return this; }

    /// Rebuilds this model's graph with each layer replaced by `map(layer)` (called once per
    /// distinct layer), on the given inputs (or copies of its own). What clones are made of.
    template <class Map>
    [[nodiscard]] std::shared_ptr<graph_model> remap(Map&& map) const {
        auto m = std::make_shared<graph_model>(name_, sequential_);
        m->trainable_ = trainable_;
        std::unordered_map<const node*, std::shared_ptr<const node>> done;
        std::vector<KerasTensor> ins;
        for (const KerasTensor& x : inputs_) {
            auto n = std::make_shared<node>(*x.node());
            done.emplace(x.node().get(), n);
            ins.emplace_back(std::move(n), 0);
        }
        std::unordered_map<const layer_interface*, std::shared_ptr<layer_interface>> mapped;
        auto tensor = [&](const KerasTensor& t) { return KerasTensor(done.at(t.node().get()), t.index()); };
        for (const node* c : calls_) {
            auto [it, fresh] = mapped.try_emplace(c->layer.get());
            if (fresh) it->second = map(c->layer);
            auto n = std::make_shared<node>(*c);
            n->layer = it->second;
            for (KerasTensor& t : n->inputs) t = tensor(t);
            done.emplace(c, std::move(n));
        }
        std::vector<KerasTensor> outs;
        for (const KerasTensor& y : outputs_) outs.push_back(tensor(y));
        m->set_graph(std::move(ins), std::move(outs));
        return m;
    }

private:
    [[nodiscard]] std::string model_who() const;
    static std::string shapes_string(const std::vector<Shape>& s);

    [[nodiscard]] bool is_chain() const;

    /// Which call of its layer node `n` is (0 for the first, in execution order).
    [[nodiscard]] std::size_t call_ordinal(const node* n) const;
    [[nodiscard]] std::size_t call_total(const layer_interface* l) const;
    /// How the summary names a tensor, as the static summary does: "dense", "encoder[1]" (the
    /// second call of a shared layer), "lstm[2]" (output 2 of a layer with several outputs).
    [[nodiscard]] std::string tensor_name(const KerasTensor& t) const;

    // Keras-style automatic names for unnamed inputs and layers, in order ("dense", "dense_1",
    // ... skipping names in use), and the check that every name is unique:
    // scion::detail::automatic_names, the static path's rule too.
    void name_all();

    // The executor's plan: a value per input and per call output, an arena offset for each
    // call output, one step per call.
    void plan();

    void run(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> mem,
             std::size_t batch, const layers::call_context& ctx) const;

    std::string name_;
    bool sequential_ = false;
    bool trainable_ = true;
    /// Atomic, with build_mutex_: a const model is built on first use (ensure_built), and
    /// predict may be called on it from several threads at once.
    std::atomic<bool> built_{false};
    std::mutex build_mutex_;
    seed seed_{0};
    std::vector<KerasTensor> inputs_, outputs_;
    std::vector<const node*> calls_;
    /// The layers, in Keras's order (see order_as_keras).
    std::vector<std::shared_ptr<layer_interface>> layers_;
    /// Keras's `model.layers` with the inputs: each entry an input (index into inputs_) or a layer
    /// (index into layers_).
    std::vector<scion::detail::listed_layer> keras_order_;
    std::vector<std::weak_ptr<layer_interface>> auto_named_;
    std::vector<value> values_;
    std::vector<step> steps_;
    std::vector<std::size_t> outs_;
    std::size_t per_sample_ = 0;
};

} // namespace detail

/// A model made at run time (Keras's functional `Model(inputs, outputs)`): several inputs and
/// outputs, merges, skips, shared layers, nested models. A handle, as Layer is: copies of a
/// Model are the same model (use `copy()` or `clone_model` for another). A Model is a Layer: call
/// it on symbolic tensors to nest it in another model.
class Model : public Layer {
public:
    /// The model from `inputs` to `outputs`, built with fresh weights from `s`: the same seed
    /// gives the weights a static model of the same graph and names has with that seed.
    Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name = "functional",
          seed s = next_seed());
    /// As above, not built: a model to be a layer of another, which builds it from its seed.
    Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name, unbuilt_t);
    /// The model that `impl` is (shares it).
    explicit Model(std::shared_ptr<detail::graph_model> impl) : Layer(std::move(impl)) {}
    /// The model a Layer handle holds; throws error when the layer is not a model.
    explicit Model(const Layer& l);

    /// Runs the model: one tensor per input, batch first; returns one tensor per output.
    [[nodiscard]] std::vector<Tensor> predict(const std::vector<Tensor>& xs) const;
    /// A forward pass with an explicit context (e.g. Dropout's training behaviour).
    [[nodiscard]] std::vector<Tensor> call(const layers::call_context& ctx, const std::vector<Tensor>& xs) const;
    /// Runs the model writing into `ys` (one per output, resized when needed) with the
    /// intermediates in `ws`: after the first call at a batch size it allocates nothing, as the
    /// static path's predict_into. One workspace per thread; the model may be shared.
    void predict_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace& ws) const;
    /// One input, one output; throws shape_error when the model has more.
    void predict_into(const Tensor& x, Tensor& y, workspace& ws) const;
    using Layer::call;

    /// All weights, layer by layer, each in Keras order (Keras's `get_weights`).
    [[nodiscard]] std::vector<Tensor> get_weights() const;
    /// Sets all weights from a `get_weights`-ordered list; checks count and shapes first, and
    /// on a mismatch throws weights_error naming the layer and changes nothing.
    void set_weights(std::span<const Tensor> w) const;
    void set_weights(const std::vector<Tensor>& w) const { set_weights(std::span<const Tensor>(w)); }
    [[nodiscard]] std::size_t count_params() const;
    /// The summary as Keras prints it (the static path's layout).
    [[nodiscard]] std::string summary() const;
    /// The Keras JSON of the architecture: {"class_name": "Functional" or "Sequential", "config": ...}.
    [[nodiscard]] json to_json_value() const;
    [[nodiscard]] std::string to_json(int indent = -1) const { return to_json_value().dump(indent); }

    /// The distinct layers, in order of first call (inputs not included), as Keras's `layers`.
    [[nodiscard]] std::vector<Layer> layers() const;
    /// The layer called `name`; throws config_error naming the model when there is none.
    [[nodiscard]] Layer get_layer(std::string_view name) const;
    /// The model-level trainable flag (Keras `model.trainable`); clones keep it (keras#11022).
    void set_trainable(bool t) const { graph().set_trainable(t); }
    [[nodiscard]] const std::vector<KerasTensor>& inputs() const { return graph().inputs(); }
    [[nodiscard]] const std::vector<KerasTensor>& outputs() const { return graph().outputs(); }
    [[nodiscard]] bool is_sequential() const { return graph().is_sequential(); }
    /// The seed the model's fresh layers were initialised from.
    [[nodiscard]] scion::seed seed() const { return graph().model_seed(); }

    /// Another model with the same graph and copies of the layers (weights copied, not shared).
    [[nodiscard]] Model copy() const;

    [[nodiscard]] detail::graph_model& graph() const { return static_cast<detail::graph_model&>(impl()); }

protected:
    Model() = default;
};

/// A linear stack of layers (Keras's `Sequential`): `add` an Input, then layers. Layers are
/// named and built when the model is first used (or by `build()`), from the model's seed.
class Sequential : public Model {
public:
    explicit Sequential(std::string name = "sequential", scion::seed s = next_seed());
    /// A Sequential of `layers` (the first may be an Input tensor's shape, given as `input`).
    Sequential(KerasTensor input, std::initializer_list<Layer> layers, std::string name = "sequential",
               scion::seed s = next_seed());
    /// The Sequential that `m` is (shares it); throws error when it is a functional model.
    explicit Sequential(const Model& m);

    /// Sets the model's input (Keras: `add(Input(shape))`); only as the first addition.
    void add(KerasTensor input);
    /// Appends a layer: called on the last output, so a shape error names it at once. A layer
    /// with several outputs cannot be a step of a Sequential.
    void add(const Layer& layer);
    /// Removes the last layer (Keras `pop`); throws error on a model without layers.
    void pop();
    /// Names and builds the layers now (otherwise done on first use).
    void build() { graph().ensure_built(); }

private:
    std::string who() const { return "Sequential '" + name() + "'"; }
};

} // namespace scion::dynamic
