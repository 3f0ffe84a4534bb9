// scion/dynamic/model.hpp — dynamic::Model (a functional graph of layers made at run time) and
// dynamic::Sequential; both are layers of other models.
#pragma once

#include <scion/detail/summary_table.hpp>
#include <scion/dynamic/layer.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
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
/// `offset` (per sample) with per-sample `shape`.
struct value {
    Shape shape;
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
    /// does: by depth, walking from the outputs), lists the distinct layers in order of first
    /// call, names unnamed inputs and layers, and checks that names are unique and that every
    /// input the outputs need is listed.
    void set_graph(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs) {
        const std::string who = model_who();
        for (const KerasTensor& x : inputs) {
            if (!x) throw config_error(who + ": an input is an empty KerasTensor");
            if (!x.is_input())
                throw config_error(who + ": input '" + x.layer_name() +
                            "' is not an Input: a model's inputs must be tensors made by dynamic::Input");
        }
        for (std::size_t i = 0; i < inputs.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (inputs[i] == inputs[j])
                    throw config_error(who + ": input '" + inputs[i].layer_name() + "' is listed twice");
        for (const KerasTensor& y : outputs)
            if (!y) throw config_error(who + ": an output is an empty KerasTensor");
        if (outputs.empty() && !sequential_) throw config_error(who + ": a model needs at least one output");

        // The walk from the outputs, by depth, over the static lowering's nodes: a call of a
        // layer with several outputs is read through one selection node per output.
        auto of = [](const KerasTensor& t) {
            const node* n = t.node().get();
            return n->layer && n->layer->output_count() > 1 ? vnode{n, t.index()} : vnode{n, none};
        };
        auto depth = [](const vnode& v) { return v.sel == none ? v.n->depth : v.n->depth + 1; };
        std::vector<vnode> pending;
        {
            std::unordered_set<vnode, vnode_hash> seen;
            for (const KerasTensor& y : outputs)
                if (seen.insert(of(y)).second) pending.push_back(of(y));
        }
        std::size_t max_depth = 0;
        for (const vnode& v : pending) max_depth = std::max(max_depth, depth(v));
        std::vector<std::vector<vnode>> levels(max_depth + 1);
        for (std::size_t d = max_depth; d >= 1; --d) {
            std::vector<vnode> rest;
            for (const vnode& v : pending) (depth(v) == d ? levels[d] : rest).push_back(v);
            std::unordered_set<vnode, vnode_hash> seen(rest.begin(), rest.end());
            for (const vnode& v : levels[d]) {
                if (v.sel != none) {
                    if (const vnode p{v.n, none}; seen.insert(p).second) rest.push_back(p);
                    continue;
                }
                for (const KerasTensor& t : v.n->inputs)
                    if (const vnode p = of(t); seen.insert(p).second) rest.push_back(p);
            }
            pending = std::move(rest);
        }
        // What remains are inputs (depth 0): each must be listed.
        for (const vnode& v : pending) {
            const bool listed = std::any_of(inputs.begin(), inputs.end(),
                                            [&](const KerasTensor& x) { return x.node().get() == v.n; });
            if (!listed)
                throw config_error(who + ": the outputs depend on input '" + v.n->input->name() +
                            "', which is not among the model's inputs (graph disconnected)");
        }

        inputs_ = std::move(inputs);
        outputs_ = std::move(outputs);
        calls_.clear();
        for (std::size_t d = 1; d <= max_depth; ++d)
            for (const vnode& v : levels[d])
                if (v.sel == none) calls_.push_back(v.n);
        std::vector<std::shared_ptr<layer_interface>> layers;
        {
            std::unordered_set<const layer_interface*> seen;
            for (const node* c : calls_)
                if (seen.insert(c->layer.get()).second) layers.push_back(c->layer);
        }
        for (const auto& l : layers)
            if (l.get() == this) throw config_error(who + ": a model cannot be a layer of itself");
        // A shared layer takes one input shape at all its calls.
        std::unordered_map<const layer_interface*, const node*> first;
        for (const node* c : calls_) {
            const auto [at, fresh] = first.emplace(c->layer.get(), c);
            if (fresh) continue;
            const node* f = at->second;
            for (std::size_t k = 0; k < c->inputs.size() && k < f->inputs.size(); ++k)
                if (c->inputs[k].shape() != f->inputs[k].shape() || c->inputs.size() != f->inputs.size())
                    throw shape_error(who + ": shared " + c->layer->who() + " is called on input " +
                                      c->inputs[k].shape().to_batch_string() + " after being called on " +
                                      f->inputs[k].shape().to_batch_string() +
                                      "; a shared layer takes the same input shapes at every call");
        }
        layers_ = std::move(layers);
        name_all();
        plan();
        built_ = false;
    }

    // ---- building -------------------------------------------------------------------------------

    /// Builds every unbuilt layer at the shapes of its first call, from `s` under `scope`; a
    /// layer that arrives built keeps its weights (re-targeted when the shapes changed and its
    /// weights fit them).
    void build_all(seed s, const std::string& scope) {
        seed_ = s;
        std::unordered_set<const layer_interface*> done;
        for (const node* c : calls_) {
            layer_interface& l = *c->layer;
            if (!done.insert(&l).second) continue;
            std::vector<Shape> in;
            for (const KerasTensor& t : c->inputs) in.push_back(t.shape());
            if (auto* m = dynamic_cast<graph_model*>(&l)) {
                m->build_all(s, scope + m->name() + "/");
                continue;
            }
            if (!l.built()) l.build(in, s, scope);
            else if (l.built_shapes() != in) {
                try {
                    l.rebind(in);
                } catch (const clone_error&) {
                    throw clone_error(model_who() + ": " + l.who() + " arrives with weights built for input " +
                                      shapes_string(l.built_shapes()) + " but the model feeds it " +
                                      shapes_string(in) + ", which needs weights of other shapes");
                }
            }
        }
        built_ = true;
    }
    void ensure_built() {
        if (!built_) build_all(seed_, "");
    }
    void set_seed(seed s) noexcept { seed_ = s; }
    [[nodiscard]] seed model_seed() const noexcept { return seed_; }

    // ---- running --------------------------------------------------------------------------------

    [[nodiscard]] std::vector<Tensor> predict(std::span<const Tensor> xs, const layers::call_context& ctx) const {
        const std::string who = model_who();
        if (!built_) throw config_error(who + ": not built (it was made to be a layer of another model)");
        if (xs.size() != inputs_.size())
            throw shape_error(who + ": expects " + std::to_string(inputs_.size()) + " inputs, got " +
                              std::to_string(xs.size()));
        const std::size_t batch = xs.empty() || xs[0].rank() == 0 ? 0 : xs[0].shape()[0];
        std::vector<ConstTensorView> in(xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const layers::InputLayer& il = *inputs_[i].node()->input;
            il.check(xs[i].shape(), name_);
            if (xs[i].shape()[0] != batch)
                throw shape_error(who + ": input '" + il.name() + "' has batch size " +
                                  std::to_string(xs[i].shape()[0]) + ", input '" + inputs_[0].layer_name() +
                                  "' has " + std::to_string(batch));
            in[i] = xs[i].view();
        }
        std::vector<Tensor> ys(outputs_.size());
        std::vector<TensorView> out(ys.size());
        for (std::size_t k = 0; k < ys.size(); ++k) {
            ys[k].resize(values_[outs_[k]].shape.prepend(batch));
            out[k] = ys[k].view();
        }
        std::vector<float> mem(scratch_size(batch));
        run(in, out, mem, batch, ctx);
        return ys;
    }

    // ---- names, layers, weights -----------------------------------------------------------------

    [[nodiscard]] const std::vector<std::shared_ptr<layer_interface>>& layers() const noexcept { return layers_; }
    [[nodiscard]] const std::vector<KerasTensor>& inputs() const noexcept { return inputs_; }
    [[nodiscard]] const std::vector<KerasTensor>& outputs() const noexcept { return outputs_; }
    /// The calls in execution order.
    [[nodiscard]] const std::vector<const node*>& calls() const noexcept { return calls_; }
    [[nodiscard]] bool is_sequential() const noexcept { return sequential_; }

    [[nodiscard]] std::string summary() const {
        std::vector<scion::detail::summary_row> rows;
        for (const KerasTensor& x : inputs_)
            rows.push_back({x.layer_name(), layers::InputLayer::class_name, x.shape().to_batch_string(), 0, true, {}});
        const bool wide = !is_chain();
        for (const auto& l : layers_) {
            scion::detail::summary_row r{l->name(), l->class_name(), {}, l->count_params(), l->trainable(), {},
                                         l->non_trainable_params()};
            bool first = true;
            for (const node* c : calls_) {
                if (c->layer != l) continue;
                if (first) r.shape = c->shapes[0].to_batch_string();
                first = false;
                if (wide)
                    for (const KerasTensor& t : c->inputs) r.connected.push_back(tensor_name(t));
            }
            rows.push_back(std::move(r));
        }
        return scion::detail::summary_table(name_, rows, wide);
    }

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
    [[nodiscard]] json get_config() const override {
        json layers_json = json::array();
        if (sequential_) {
            for (const KerasTensor& x : inputs_)
                layers_json.push_back(json{{"class_name", "InputLayer"}, {"config", x.node()->input->get_config()}});
            for (const auto& l : layers_)
                layers_json.push_back(json{{"class_name", std::string(l->class_name())}, {"config", l->get_config()}});
            return json{{"name", name_}, {"layers", layers_json}};
        }
        // A reference names the layer, which of its calls (node index) and which output. A
        // nested model's calls are counted from 1: in Keras 2 and TensorFlow.js a model's node 0
        // is the one its own construction made, and their readers expect the outer calls after it.
        auto ref = [&](const KerasTensor& t) {
            std::size_t node_index = 0;
            if (!t.is_input()) {
                const node* n = t.node().get();
                node_index = call_ordinal(n) + (dynamic_cast<const graph_model*>(n->layer.get()) ? 1 : 0);
            }
            return json::array({t.layer_name(), node_index, t.index(), json::object()});
        };
        for (const KerasTensor& x : inputs_)
            layers_json.push_back(json{{"name", x.layer_name()},
                                       {"class_name", "InputLayer"},
                                       {"config", x.node()->input->get_config()},
                                       {"inbound_nodes", json::array()}});
        for (const auto& l : layers_) {
            json inbound = json::array();
            for (const node* c : calls_) {
                if (c->layer != l) continue;
                json call = json::array();
                for (const KerasTensor& t : c->inputs) call.push_back(ref(t));
                inbound.push_back(std::move(call));
            }
            layers_json.push_back(json{{"name", l->name()},
                                       {"class_name", std::string(l->class_name())},
                                       {"config", l->get_config()},
                                       {"inbound_nodes", std::move(inbound)}});
        }
        json ins = json::array(), outs = json::array();
        for (const KerasTensor& x : inputs_) ins.push_back(json::array({x.layer_name(), 0, 0}));
        for (const KerasTensor& y : outputs_) {
            json r = ref(y);
            r.erase(3);
            outs.push_back(std::move(r));
        }
        return json{{"name", name_}, {"layers", layers_json}, {"input_layers", ins}, {"output_layers", outs}};
    }
    [[nodiscard]] bool has_config() const noexcept override { return true; }

    [[nodiscard]] std::size_t output_count() const noexcept override { return outputs_.size(); }
    [[nodiscard]] Shape output_shape(std::span<const Shape> in, std::size_t k) const override {
        if (in.size() != inputs_.size())
            throw shape_error(model_who() + ": takes " + std::to_string(inputs_.size()) + " inputs, got " +
                              std::to_string(in.size()));
        for (std::size_t i = 0; i < in.size(); ++i)
            if (in[i] != inputs_[i].shape())
                throw shape_error(model_who() + ": input '" + inputs_[i].layer_name() + "' expects shape " +
                                  inputs_[i].shape().to_batch_string() + ", got " + in[i].to_batch_string());
        return outputs_.at(k).shape();
    }
    [[nodiscard]] bool built() const noexcept override { return built_; }
    void build(std::span<const Shape> in, seed s, std::string_view scope) override {
        (void)output_shape(in, 0);
        build_all(s, std::string(scope) + name_ + "/");
    }
    [[nodiscard]] std::vector<Shape> built_shapes() const override {
        std::vector<Shape> r;
        for (const KerasTensor& x : inputs_) r.push_back(x.shape());
        return r;
    }
    void rebind(std::span<const Shape> in) override { (void)output_shape(in, 0); }
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept override {
        std::size_t s = 0;
        for (const auto& l : layers_) s = std::max(s, l->scratch_size(batch));
        return batch * per_sample_ + s;
    }
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const override {
        run(xs, ys, scratch, xs.empty() ? 0 : xs[0].shape[0], ctx);
    }

    [[nodiscard]] std::vector<Tensor> get_weights() const override {
        std::vector<Tensor> all;
        for (const auto& l : layers_)
            for (Tensor& t : l->get_weights()) all.push_back(std::move(t));
        return all;
    }
    void set_weights(std::span<const Tensor> w) override {
        // Check everything first: on a mismatch nothing changes.
        std::vector<std::size_t> counts;
        std::size_t at = 0;
        for (const auto& l : layers_) {
            const std::vector<Tensor> cur = l->get_weights();
            for (std::size_t k = 0; k < cur.size(); ++k, ++at) {
                if (at >= w.size())
                    throw weights_error(model_who() + ": weight list ends at layer '" + l->name() +
                                        "' (expected more than " + std::to_string(w.size()) + " arrays)");
                if (w[at].shape() != cur[k].shape())
                    throw weights_error(model_who() + ": layer '" + l->name() + "' weight " + std::to_string(k) +
                                        " has shape " + cur[k].shape().to_string() + ", got " +
                                        w[at].shape().to_string() + " (array " + std::to_string(at) +
                                        " of the list)");
            }
            counts.push_back(cur.size());
        }
        if (at != w.size())
            throw weights_error(model_who() + ": expected " + std::to_string(at) + " weight arrays, got " +
                                std::to_string(w.size()));
        at = 0;
        for (std::size_t i = 0; i < layers_.size(); ++i) {
            layers_[i]->set_weights(w.subspan(at, counts[i]));
            at += counts[i];
        }
    }
    [[nodiscard]] std::size_t count_params() const override {
        // A layer held twice (shared) counts once; so do weight lists shared between layers.
        std::vector<const layers::weight_list*> lists;
        weight_lists(lists);
        std::unordered_set<const void*> seen;
        std::size_t n = 0;
        for (const auto* wl : lists)
            if (seen.insert(wl->id()).second)
                for (const Tensor& t : *wl) n += t.size();
        return n;
    }
    [[nodiscard]] std::size_t non_trainable_params() const override {
        std::size_t n = 0;
        for (const auto& l : layers_) n += l->trainable() ? l->non_trainable_params() : l->count_params();
        return n;
    }
    /// "<layer name>/<weight name>" for every layer's weights, in get_weights() order.
    [[nodiscard]] std::vector<std::string> weight_names() const override {
        std::vector<std::string> r;
        for (const auto& l : layers_)
            for (const std::string& n : l->weight_names()) r.push_back(l->name() + "/" + n);
        return r;
    }
    void weight_lists(std::vector<layers::weight_list*>& out) override {
        for (const auto& l : layers_) l->weight_lists(out);
    }
    void weight_lists(std::vector<const layers::weight_list*>& out) const override {
        for (const auto& l : layers_) std::as_const(*l).weight_lists(out);
    }

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
    [[nodiscard]] std::string model_who() const {
        return std::string(sequential_ ? "Sequential" : "model") + " '" + name_ + "'";
    }
    static std::string shapes_string(const std::vector<Shape>& s) {
        std::string r;
        for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + s[i].to_batch_string();
        return r;
    }

    [[nodiscard]] bool is_chain() const {
        if (sequential_) return true;
        if (inputs_.size() != 1) return false;
        const node* prev = inputs_[0].node().get();
        for (const node* c : calls_) {
            if (c->inputs.size() != 1 || c->inputs[0].node().get() != prev || c->layer->output_count() != 1)
                return false;
            prev = c;
        }
        return true;
    }

    /// Which call of its layer node `n` is (0 for the first, in execution order).
    [[nodiscard]] std::size_t call_ordinal(const node* n) const {
        std::size_t k = 0;
        for (const node* c : calls_) {
            if (c == n) return k;
            if (c->layer == n->layer) ++k;
        }
        return 0;
    }
    [[nodiscard]] std::size_t call_total(const layer_interface* l) const {
        return static_cast<std::size_t>(
            std::count_if(calls_.begin(), calls_.end(), [&](const node* c) { return c->layer.get() == l; }));
    }
    /// How the summary names a tensor, as the static summary does: "dense", "encoder[1]" (the
    /// second call of a shared layer), "lstm[2]" (output 2 of a layer with several outputs).
    [[nodiscard]] std::string tensor_name(const KerasTensor& t) const {
        if (t.is_input()) return t.layer_name();
        const node* n = t.node().get();
        std::string s = n->layer->name();
        if (call_total(n->layer.get()) > 1) s += "[" + std::to_string(call_ordinal(n)) + "]";
        if (n->layer->output_count() > 1) s += "[" + std::to_string(t.index()) + "]";
        return s;
    }

    // Keras-style automatic names for unnamed inputs and layers, in order ("dense", "dense_1",
    // ... skipping names in use), as the static path computes them; then a check that every
    // name is unique.
    void name_all() {
        if (!built_)  // re-name from scratch until built (a layer popped since is gone)
            for (const auto& w : auto_named_)
                if (const auto l = w.lock()) l->set_name({});
        auto_named_.clear();
        std::set<std::string, std::less<>> used;
        for (const KerasTensor& x : inputs_) used.insert(x.node()->input->name());
        for (const auto& l : layers_) used.insert(l->name());
        std::map<std::string, std::size_t, std::less<>> next;
        auto fresh_name = [&](std::string_view base) {
            std::size_t& n = next[std::string(base)];
            std::string candidate;
            do {
                candidate = n == 0 ? std::string(base) : std::string(base) + "_" + std::to_string(n);
                ++n;
            } while (used.count(candidate));
            used.insert(candidate);
            return candidate;
        };
        for (const KerasTensor& x : inputs_) {
            auto& il = const_cast<layers::InputLayer&>(*x.node()->input);
            if (il.name().empty()) il.set_name(fresh_name("input_layer"));
        }
        for (const auto& l : layers_)
            if (l->name().empty()) {
                l->set_name(fresh_name(l->default_name()));
                auto_named_.push_back(l);
            }
        std::map<std::string, std::size_t, std::less<>> count;
        for (const KerasTensor& x : inputs_) ++count[x.layer_name()];
        for (const auto& l : layers_) ++count[l->name()];
        for (const auto& [nm, c] : count)
            if (c > 1)
                throw config_error(model_who() + ": the name \"" + nm + "\" is used " + std::to_string(c) +
                                   " times in the model. All layer names should be unique.");
    }

    // The executor's plan: a value per input and per call output, an arena offset for each
    // call output, one step per call.
    void plan() {
        values_.clear();
        steps_.clear();
        outs_.clear();
        std::unordered_map<const node*, std::size_t> first_value;
        for (std::size_t i = 0; i < inputs_.size(); ++i) {
            first_value.emplace(inputs_[i].node().get(), values_.size());
            values_.push_back({inputs_[i].shape(), 0, i});
        }
        std::size_t offset = 0;
        for (const node* c : calls_) {
            step s;
            s.layer = c->layer.get();
            for (const KerasTensor& t : c->inputs) s.in.push_back(first_value.at(t.node().get()) + t.index());
            first_value.emplace(c, values_.size());
            for (const Shape& sh : c->shapes) {
                s.out.push_back(values_.size());
                values_.push_back({sh, offset, none});
                offset += scion::detail::arena_floats(sh.elements());
            }
            steps_.push_back(std::move(s));
        }
        per_sample_ = offset;
        for (const KerasTensor& y : outputs_) outs_.push_back(first_value.at(y.node().get()) + y.index());
    }

    void run(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> mem,
             std::size_t batch, const layers::call_context& ctx) const {
        const std::span<float> scratch = mem.subspan(batch * per_sample_);
        std::vector<ConstTensorView> in;
        std::vector<TensorView> out;
        auto view = [&](std::size_t v) {
            const value& val = values_[v];
            if (val.input != none) return xs[val.input];
            return ConstTensorView{mem.data() + batch * val.offset, val.shape.prepend(batch)};
        };
        for (const step& s : steps_) {
            in.clear();
            out.clear();
            for (std::size_t v : s.in) in.push_back(view(v));
            for (std::size_t v : s.out)
                out.push_back(TensorView{mem.data() + batch * values_[v].offset, values_[v].shape.prepend(batch)});
            s.layer->forward(in, out, scratch, ctx);
        }
        for (std::size_t k = 0; k < outs_.size(); ++k) {
            const ConstTensorView src = view(outs_[k]);
            std::copy(src.data, src.data + ys[k].size(), ys[k].data);
        }
    }

    std::string name_;
    bool sequential_ = false;
    bool trainable_ = true;
    bool built_ = false;
    seed seed_{0};
    std::vector<KerasTensor> inputs_, outputs_;
    std::vector<const node*> calls_;
    std::vector<std::shared_ptr<layer_interface>> layers_;
    std::vector<std::weak_ptr<layer_interface>> auto_named_;
    std::vector<value> values_;
    std::vector<step> steps_;
    std::vector<std::size_t> outs_;
    std::size_t per_sample_ = 0;
};

inline std::shared_ptr<layer_interface> graph_model::copy() const {
    auto m = remap([](const std::shared_ptr<layer_interface>& l) { return l->copy(); });
    // Ties between layers (two layers holding one weight list) survive the copy.
    layers::copy_ties(*this, *m);
    m->seed_ = seed_;
    m->built_ = built_;
    return m;
}
inline std::shared_ptr<layer_interface> graph_model::from_config() const {
    auto m = remap([](const std::shared_ptr<layer_interface>& l) { return l->from_config(); });
    m->seed_ = seed_;
    return m;
}

} // namespace detail

inline bool Layer::is_model() const { return dynamic_cast<const detail::graph_model*>(impl_.get()) != nullptr; }

/// A model made at run time (Keras's functional `Model(inputs, outputs)`): several inputs and
/// outputs, merges, skips, shared layers, nested models. A handle, as Layer is: copies of a
/// Model are the same model (use `copy()` or `clone_model` for another). A Model is a Layer: call
/// it on symbolic tensors to nest it in another model.
class Model : public Layer {
public:
    /// The model from `inputs` to `outputs`, built with fresh weights from `s`: the same seed
    /// gives the weights a static model of the same graph and names has with that seed.
    Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name = "functional",
          seed s = next_seed())
        : Model(std::move(inputs), std::move(outputs), std::move(name), unbuilt) {
        graph().build_all(s, "");
    }
    /// As above, not built: a model to be a layer of another, which builds it from its seed.
    Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name, unbuilt_t)
        : Layer(std::make_shared<detail::graph_model>(std::move(name), false)) {
        graph().set_graph(std::move(inputs), std::move(outputs));
    }
    /// The model that `impl` is (shares it).
    explicit Model(std::shared_ptr<detail::graph_model> impl) : Layer(std::move(impl)) {}
    /// The model a Layer handle holds; throws error when the layer is not a model.
    explicit Model(const Layer& l) : Layer(l) {
        if (!l.is_model()) throw config_error("dynamic::Model: layer '" + l.name() + "' is a " + std::string(l.class_name()) +
                                       ", not a model");
    }

    /// Runs the model: one tensor per input, batch first; returns one tensor per output.
    [[nodiscard]] std::vector<Tensor> predict(const std::vector<Tensor>& xs) const {
        return call(layers::call_context{}, xs);
    }
    /// A forward pass with an explicit context (e.g. Dropout's training behaviour).
    [[nodiscard]] std::vector<Tensor> call(const layers::call_context& ctx, const std::vector<Tensor>& xs) const {
        graph().ensure_built();
        return graph().predict(xs, ctx);
    }
    using Layer::call;

    /// All weights, layer by layer, each in Keras order (Keras's `get_weights`).
    [[nodiscard]] std::vector<Tensor> get_weights() const {
        graph().ensure_built();
        return graph().get_weights();
    }
    /// Sets all weights from a `get_weights`-ordered list; checks count and shapes first, and
    /// on a mismatch throws weights_error naming the layer and changes nothing.
    void set_weights(std::span<const Tensor> w) const {
        graph().ensure_built();
        graph().set_weights(w);
    }
    void set_weights(const std::vector<Tensor>& w) const { set_weights(std::span<const Tensor>(w)); }
    [[nodiscard]] std::size_t count_params() const {
        graph().ensure_built();
        return graph().count_params();
    }
    /// The summary as Keras prints it (the static path's layout).
    [[nodiscard]] std::string summary() const {
        graph().ensure_built();
        return graph().summary();
    }
    /// The Keras JSON of the architecture: {"class_name": "Functional" or "Sequential", "config": ...}.
    [[nodiscard]] json to_json_value() const {
        graph().ensure_built();
        return json{{"class_name", std::string(impl().class_name())}, {"config", graph().get_config()}};
    }
    [[nodiscard]] std::string to_json(int indent = -1) const { return to_json_value().dump(indent); }

    /// The distinct layers, in order of first call (inputs not included), as Keras's `layers`.
    [[nodiscard]] std::vector<Layer> layers() const {
        std::vector<Layer> r;
        for (const auto& l : graph().layers()) r.emplace_back(l);
        return r;
    }
    /// The layer called `name`; throws config_error naming the model when there is none.
    [[nodiscard]] Layer get_layer(std::string_view name) const {
        for (const auto& l : graph().layers())
            if (l->name() == name) return Layer(l);
        throw config_error("model '" + this->name() + "': no layer named '" + std::string(name) + "'");
    }
    /// The model-level trainable flag (Keras `model.trainable`); clones keep it (keras#11022).
    void set_trainable(bool t) const { graph().set_trainable(t); }
    [[nodiscard]] const std::vector<KerasTensor>& inputs() const { return graph().inputs(); }
    [[nodiscard]] const std::vector<KerasTensor>& outputs() const { return graph().outputs(); }
    [[nodiscard]] bool is_sequential() const { return graph().is_sequential(); }
    /// The seed the model's fresh layers were initialised from.
    [[nodiscard]] scion::seed seed() const { return graph().model_seed(); }

    /// Another model with the same graph and copies of the layers (weights copied, not shared).
    [[nodiscard]] Model copy() const {
        graph().ensure_built();
        return Model(std::static_pointer_cast<detail::graph_model>(graph().copy()));
    }

    [[nodiscard]] detail::graph_model& graph() const { return static_cast<detail::graph_model&>(impl()); }

protected:
    Model() = default;
};

/// A linear stack of layers (Keras's `Sequential`): `add` an Input, then layers. Layers are
/// named and built when the model is first used (or by `build()`), from the model's seed.
class Sequential : public Model {
public:
    explicit Sequential(std::string name = "sequential", scion::seed s = next_seed()) {
        impl_ = std::make_shared<detail::graph_model>(std::move(name), true);
        graph().set_seed(s);
        graph().set_graph({}, {});
    }
    /// A Sequential of `layers` (the first may be an Input tensor's shape, given as `input`).
    Sequential(KerasTensor input, std::initializer_list<Layer> layers, std::string name = "sequential",
               scion::seed s = next_seed())
        : Sequential(std::move(name), s) {
        add(std::move(input));
        for (const Layer& l : layers) add(l);
    }
    /// The Sequential that `m` is (shares it); throws error when it is a functional model.
    explicit Sequential(const Model& m) : Model(m) {
        if (!m.is_sequential()) throw config_error("dynamic::Sequential: model '" + m.name() + "' is not a Sequential");
    }

    /// Sets the model's input (Keras: `add(Input(shape))`); only as the first addition.
    void add(KerasTensor input) {
        if (!input.is_input()) throw config_error(who() + ": add() takes an Input tensor or a layer");
        if (!graph().inputs().empty())
            throw config_error(who() + ": already has an input; an Input can only be added first");
        graph().set_graph({input}, {input});
    }
    /// Appends a layer: called on the last output, so a shape error names it at once. A layer
    /// with several outputs cannot be a step of a Sequential.
    void add(const Layer& layer) {
        if (!layer) throw config_error(who() + ": add() given an empty layer");
        if (graph().inputs().empty())
            throw config_error(who() + ": add an Input first (e.g. add(dynamic::Input({10}))): a Sequential needs its input "
                                "shape to place layer '" + layer.name() + "'");
        if (layer.output_count() != 1)
            throw config_error(who() + ": " + layer.impl().who() + " has " + std::to_string(layer.output_count()) +
                        " outputs; all layers in a Sequential model should have a single output tensor");
        const KerasTensor y = layer(graph().outputs().front());
        std::vector<KerasTensor> ins = graph().inputs();
        graph().set_graph(std::move(ins), {y});
    }
    /// Removes the last layer (Keras `pop`); throws error on a model without layers.
    void pop() {
        const auto& outs = graph().outputs();
        if (outs.empty() || outs.front().is_input()) throw config_error(who() + ": pop() on a model without layers");
        const KerasTensor prev = outs.front().node()->inputs.front();
        std::vector<KerasTensor> ins = graph().inputs();
        graph().set_graph(std::move(ins), {prev});
    }
    /// Names and builds the layers now (otherwise done on first use).
    void build() { graph().ensure_built(); }

private:
    std::string who() const { return "Sequential '" + name() + "'"; }
};

} // namespace scion::dynamic
