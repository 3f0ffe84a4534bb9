// src/dynamic/model.cpp — the dynamic graph (detail::graph_model) and dynamic::Model / dynamic::Sequential.
#include <scion/dynamic/model.hpp>
#include <scion/graph/workspace.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail {

void graph_model::set_graph(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs) {
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
    // Automatic names follow the order of first call (as the static path's); then the layers
    // are listed as Keras lists them.
    layers_ = std::move(layers);
    name_all();
    order_as_keras();
    plan();
    built_ = false;
}

// Keras's `model.layers` order: scion::detail::keras_order, the static path's algorithm, over
// this graph's nodes (the inputs', then the calls).
void graph_model::order_as_keras() {
    const std::size_t n_in = inputs_.size(), n_nodes = n_in + calls_.size(), n_all = n_in + layers_.size();
    std::unordered_map<const node*, std::size_t> id;
    std::unordered_map<const layer_interface*, std::size_t> layer_index;
    for (std::size_t i = 0; i < n_in; ++i) id.emplace(inputs_[i].node().get(), i);
    for (std::size_t c = 0; c < calls_.size(); ++c) id.emplace(calls_[c], n_in + c);
    for (std::size_t l = 0; l < layers_.size(); ++l) layer_index.emplace(layers_[l].get(), l);
    std::vector<std::size_t> entity(n_nodes), edge_begin(n_nodes + 1), edges, outputs;
    for (std::size_t i = 0; i < n_in; ++i) entity[i] = i;
    for (std::size_t c = 0; c < calls_.size(); ++c) {
        entity[n_in + c] = n_in + layer_index.at(calls_[c]->layer.get());
        edge_begin[n_in + c] = edges.size();
        for (const KerasTensor& t : calls_[c]->inputs) edges.push_back(id.at(t.node().get()));
    }
    edge_begin[n_nodes] = edges.size();
    for (const KerasTensor& y : outputs_) outputs.push_back(id.at(y.node().get()));
    std::vector<std::size_t> scratch(scion::detail::keras_order_scratch_size(n_nodes, n_all));
    keras_order_.assign(n_all, {});
    scion::detail::keras_order({n_in, layers_.size(), entity, edge_begin, edges, outputs}, scratch, keras_order_);
    std::vector<std::shared_ptr<layer_interface>> ordered;
    for (scion::detail::listed_layer& e : keras_order_) {
        if (e.input) continue;
        ordered.push_back(layers_[e.index]);
        e.index = ordered.size() - 1;
    }
    layers_ = std::move(ordered);
}

void graph_model::build_all(seed s, const std::string& scope) {
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

void graph_model::ensure_built() {
    if (built_.load(std::memory_order_acquire)) return;
    const std::lock_guard<std::mutex> lock(build_mutex_);
    if (!built_.load(std::memory_order_relaxed)) build_all(seed_, "");  // sets built_ last
}

namespace {
// Views of the tensors one step reads or writes: on the stack for up to 8 (every layer but a
// merge of more), on the heap beyond. A forward pass then allocates nothing for its bookkeeping.
// The stack slots are left uninitialised (a view is constructed in its slot when set): zeroing
// them on every step was a tenth of the executor's time at batch 1.
template <class View>
class step_views {
    static_assert(std::is_trivially_copyable_v<View> && std::is_trivially_destructible_v<View>);

public:
    step_views() noexcept {} // NOLINT: the slots stay uninitialised on purpose
    step_views(const step_views&) = delete;
    step_views& operator=(const step_views&) = delete;
    ~step_views() = default;

    // Keeps the first min(n, size) views.
    void resize(std::size_t n) {
        const std::size_t keep = std::min(n, size_);
        if (n <= slots) {
            if (data_ != stack_.v) std::memcpy(static_cast<void*>(stack_.v), data_, keep * sizeof(View));
            data_ = stack_.v;
        } else {
            if (data_ == stack_.v) heap_.assign(data_, data_ + keep);
            if (heap_.size() < n) heap_.resize(n);
            data_ = heap_.data();
        }
        size_ = n;
    }
    // Views are written in place from their parts: a view built elsewhere and copied in was
    // read back, 72 bytes of shape at a time, before the stores of its parts had landed (a
    // store-forwarding stall per view, measured at batch 1).
    void set(std::size_t i, auto* data, const Shape& shape) noexcept {
        ::new (static_cast<void*>(data_ + i)) View{data, shape};
    }
    void push_back(const View& v) {
        resize(size_ + 1);
        std::construct_at(data_ + size_ - 1, v);
    }
    // Appends a view of `data` with `batched`'s shape and `batch` as its first axis.
    void push_back(auto* data, const Shape& batched, std::size_t batch) {
        resize(size_ + 1);
        set(size_ - 1, data, batched);
        data_[size_ - 1].shape.set(0, batch);
    }
    void clear() noexcept { size_ = 0; }
    operator std::span<const View>() const noexcept { return {data_, size_}; } // NOLINT: a view converts

private:
    static constexpr std::size_t slots = 8;
    union slots_t {
        slots_t() noexcept {} // NOLINT: uninitialised
        View v[slots];
    } stack_;
    std::vector<View> heap_;
    View* data_ = stack_.v;
    std::size_t size_ = 0;
};
} // namespace

void graph_model::predict_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace* ws,
                               const layers::call_context& ctx) const {
    if (!built_) throw config_error(model_who() + ": not built (it was made to be a layer of another model)");
    if (xs.size() != inputs_.size())
        throw shape_error(model_who() + ": expects " + std::to_string(inputs_.size()) + " inputs, got " +
                          std::to_string(xs.size()));
    if (ys.size() != outputs_.size())
        throw shape_error(model_who() + ": has " + std::to_string(outputs_.size()) + " outputs, given room for " +
                          std::to_string(ys.size()));
    const std::size_t batch = xs.empty() || xs[0].rank() == 0 ? 0 : xs[0].shape()[0];
    step_views<ConstTensorView> in;
    in.resize(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const layers::InputLayer& il = *inputs_[i].node()->input;
        il.check(xs[i].shape(), name_);
        if (xs[i].shape()[0] != batch)
            throw shape_error(model_who() + ": input '" + il.name() + "' has batch size " +
                              std::to_string(xs[i].shape()[0]) + ", input '" + inputs_[0].layer_name() +
                              "' has " + std::to_string(batch));
        in.set(i, xs[i].data(), xs[i].shape());
    }
    step_views<TensorView> out;
    out.resize(ys.size());
    for (std::size_t k = 0; k < ys.size(); ++k) {
        ys[k].resize(values_[outs_[k]].shape.prepend(batch));
        out.set(k, ys[k].data(), ys[k].shape());
    }
    const std::size_t need = scratch_size(batch);
    if (ws != nullptr) {
        run(in, out, ws->get(need), batch, ctx);
        return;
    }
    // predict: small scratch on the stack, larger in a buffer of this call.
    alignas(scion::detail::buffer_alignment) float local[scion::detail::stack_scratch_floats];
    const bool fits = need <= scion::detail::stack_scratch_floats;
    scion::detail::float_buffer heap(fits ? 0 : need);
    run(in, out, fits ? std::span<float>(local, need) : std::span<float>(heap), batch, ctx);
}

std::vector<Tensor> graph_model::predict(std::span<const Tensor> xs, const layers::call_context& ctx) const {
    std::vector<Tensor> ys(outputs_.size());
    predict_into(xs, ys, nullptr, ctx);
    return ys;
}

std::string graph_model::summary() const {
    std::vector<scion::detail::summary_row> rows;
    // One row per entry of Keras's `model.layers`; a Sequential model's layers do not list its
    // input (Keras 2, Keras 3, TF.js): no InputLayer row.
    const bool wide = !is_chain();
    for (const scion::detail::listed_layer& e : keras_order_) {
        if (e.input) {
            if (sequential_) continue;
            const KerasTensor& x = inputs_[e.index];
            rows.push_back({x.layer_name(), layers::InputLayer::class_name, x.shape().to_batch_string(), 0, true, {}});
            continue;
        }
        const auto& l = layers_[e.index];
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

scion::detail::keras_model graph_model::keras_description() const {
    scion::detail::keras_model m;
    m.name = name_;
    m.sequential = sequential_;
    for (const KerasTensor& x : inputs_) m.inputs.push_back({x.layer_name(), x.node()->input->get_config()});
    for (const auto& l : layers_)
        m.layers.push_back({l->name(), std::string(l->class_name()), l->get_config(),
                            dynamic_cast<const graph_model*>(l.get()) != nullptr});
    m.order = keras_order_;
    if (sequential_) return m;
    std::unordered_map<const node*, std::size_t> input_index, call_index;
    std::unordered_map<const layer_interface*, std::size_t> layer_index;
    for (std::size_t i = 0; i < inputs_.size(); ++i) input_index.emplace(inputs_[i].node().get(), i);
    for (std::size_t l = 0; l < layers_.size(); ++l) layer_index.emplace(layers_[l].get(), l);
    const auto tensor = [&](const KerasTensor& t) {
        if (t.is_input()) return scion::detail::keras_model::tensor{true, input_index.at(t.node().get()), 0};
        return scion::detail::keras_model::tensor{false, call_index.at(t.node().get()), t.index()};
    };
    for (const node* c : calls_) {
        call_index.emplace(c, m.calls.size());
        scion::detail::keras_model::call call{layer_index.at(c->layer.get()), {}};
        for (const KerasTensor& t : c->inputs) call.inputs.push_back(tensor(t));
        m.calls.push_back(std::move(call));
    }
    for (const KerasTensor& y : outputs_) m.outputs.push_back(tensor(y));
    return m;
}

json graph_model::get_config() const { return scion::detail::keras_model_config(keras_description()); }

Shape graph_model::output_shape(std::span<const Shape> in, std::size_t k) const {
    if (in.size() != inputs_.size())
        throw shape_error(model_who() + ": takes " + std::to_string(inputs_.size()) + " inputs, got " +
                          std::to_string(in.size()));
    for (std::size_t i = 0; i < in.size(); ++i)
        if (in[i] != inputs_[i].shape())
            throw shape_error(model_who() + ": input '" + inputs_[i].layer_name() + "' expects shape " +
                              inputs_[i].shape().to_batch_string() + ", got " + in[i].to_batch_string());
    return outputs_.at(k).shape();
}

void graph_model::build(std::span<const Shape> in, seed s, std::string_view scope) {
    (void)output_shape(in, 0);
    build_all(s, std::string(scope) + name_ + "/");
}

std::vector<Shape> graph_model::built_shapes() const {
    std::vector<Shape> r;
    for (const KerasTensor& x : inputs_) r.push_back(x.shape());
    return r;
}

std::size_t graph_model::scratch_size(std::size_t batch) const noexcept {
    std::size_t s = 0;
    for (const auto& l : layers_) s = std::max(s, l->scratch_size(batch));
    return batch * per_sample_ + s;
}

void graph_model::forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys,
                          std::span<float> scratch, const layers::call_context& ctx) const {
    run(xs, ys, scratch, xs.empty() ? 0 : xs[0].shape[0], ctx);
}

std::vector<Tensor> graph_model::get_weights() const {
    std::vector<Tensor> all;
    for (const auto& l : layers_)
        for (Tensor& t : l->get_weights()) all.push_back(std::move(t));
    return all;
}

void graph_model::set_weights(std::span<const Tensor> w) {
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

std::size_t graph_model::count_params() const {
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

std::size_t graph_model::non_trainable_params() const {
    std::size_t n = 0;
    for (const auto& l : layers_) n += l->trainable() ? l->non_trainable_params() : l->count_params();
    return n;
}

std::vector<std::string> graph_model::weight_names() const {
    std::vector<std::string> r;
    for (const auto& l : layers_)
        for (const std::string& n : l->weight_names()) r.push_back(l->name() + "/" + n);
    return r;
}

void graph_model::weight_lists(std::vector<layers::weight_list*>& out) {
    for (const auto& l : layers_) l->weight_lists(out);
}

void graph_model::weight_lists(std::vector<const layers::weight_list*>& out) const {
    for (const auto& l : layers_) std::as_const(*l).weight_lists(out);
}

std::string graph_model::model_who() const {
    return std::string(sequential_ ? "Sequential" : "model") + " '" + name_ + "'";
}

std::string graph_model::shapes_string(const std::vector<Shape>& s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + s[i].to_batch_string();
    return r;
}

bool graph_model::is_chain() const {
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

std::size_t graph_model::call_ordinal(const node* n) const {
    std::size_t k = 0;
    for (const node* c : calls_) {
        if (c == n) return k;
        if (c->layer == n->layer) ++k;
    }
    return 0;
}

std::size_t graph_model::call_total(const layer_interface* l) const {
    return static_cast<std::size_t>(
        std::count_if(calls_.begin(), calls_.end(), [&](const node* c) { return c->layer.get() == l; }));
}

std::string graph_model::tensor_name(const KerasTensor& t) const {
    if (t.is_input()) return t.layer_name();
    const node* n = t.node().get();
    std::string s = n->layer->name();
    if (call_total(n->layer.get()) > 1) s += "[" + std::to_string(call_ordinal(n)) + "]";
    if (n->layer->output_count() > 1) s += "[" + std::to_string(t.index()) + "]";
    return s;
}

void graph_model::name_all() {
    if (!built_)  // re-name from scratch until built (a layer popped since is gone)
        for (const auto& w : auto_named_)
            if (const auto l = w.lock()) l->set_name({});
    auto_named_.clear();
    std::vector<scion::detail::name_request> entries;
    entries.reserve(inputs_.size() + layers_.size());
    for (const KerasTensor& x : inputs_) entries.push_back({x.node()->input->name(), layers::InputLayer::default_name});
    for (const auto& l : layers_) entries.push_back({l->name(), l->default_name()});
    const std::vector<std::string> names = scion::detail::automatic_names(entries, model_who());
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
        auto& il = const_cast<layers::InputLayer&>(*inputs_[i].node()->input);
        if (il.name().empty()) il.set_name(names[i]);
    }
    for (std::size_t k = 0; k < layers_.size(); ++k)
        if (layers_[k]->name().empty()) {
            layers_[k]->set_name(names[inputs_.size() + k]);
            auto_named_.push_back(layers_[k]);
        }
}

void graph_model::plan() {
    values_.clear();
    steps_.clear();
    outs_.clear();
    std::unordered_map<const node*, std::size_t> first_value;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
        first_value.emplace(inputs_[i].node().get(), values_.size());
        values_.push_back({inputs_[i].shape(), inputs_[i].shape().prepend(0), 0, i});
    }
    std::size_t offset = 0;
    for (const node* c : calls_) {
        step s;
        s.layer = c->layer.get();
        for (const KerasTensor& t : c->inputs) s.in.push_back(first_value.at(t.node().get()) + t.index());
        first_value.emplace(c, values_.size());
        for (const Shape& sh : c->shapes) {
            s.out.push_back(values_.size());
            values_.push_back({sh, sh.prepend(0), offset, none});
            offset += scion::detail::arena_floats(sh.elements());
        }
        steps_.push_back(std::move(s));
    }
    per_sample_ = offset;
    for (const KerasTensor& y : outputs_) outs_.push_back(first_value.at(y.node().get()) + y.index());
}

void graph_model::run(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> mem,
                      std::size_t batch, const layers::call_context& ctx) const {
    const std::span<float> scratch = mem.subspan(batch * per_sample_);
    const auto arena = [&](const value& val) { return mem.data() + batch * val.offset; };  // a call's output
    step_views<ConstTensorView> in;
    step_views<TensorView> out;
    for (const step& s : steps_) {
        in.clear();
        out.clear();
        for (std::size_t v : s.in) {
            const value& val = values_[v];
            if (val.input != none) in.push_back(xs[val.input]);
            else in.push_back(static_cast<const float*>(arena(val)), val.batched, batch);
        }
        for (std::size_t v : s.out) out.push_back(arena(values_[v]), values_[v].batched, batch);
        s.layer->forward(in, out, scratch, ctx);
    }
    for (std::size_t k = 0; k < outs_.size(); ++k) {
        const value& val = values_[outs_[k]];
        const float* src = val.input != none ? xs[val.input].data : arena(val);
        std::copy(src, src + ys[k].size(), ys[k].data);
    }
}

std::shared_ptr<layer_interface> graph_model::copy() const {
    auto m = remap([](const std::shared_ptr<layer_interface>& l) { return l->copy(); });
    // Ties between layers (two layers holding one weight list) survive the copy.
    layers::copy_ties(*this, *m);
    m->seed_ = seed_;
    m->built_ = built_.load();
    return m;
}

std::shared_ptr<layer_interface> graph_model::from_config() const {
    auto m = remap([](const std::shared_ptr<layer_interface>& l) { return l->from_config(); });
    m->seed_ = seed_;
    return m;
}

} // namespace detail

bool Layer::is_model() const { return dynamic_cast<const detail::graph_model*>(impl_.get()) != nullptr; }

Model::Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name, scion::seed s)
    : Model(std::move(inputs), std::move(outputs), std::move(name), unbuilt) {
    graph().build_all(s, "");
}

Model::Model(std::vector<KerasTensor> inputs, std::vector<KerasTensor> outputs, std::string name, unbuilt_t)
    : Layer(std::make_shared<detail::graph_model>(std::move(name), false)) {
    graph().set_graph(std::move(inputs), std::move(outputs));
}

Model::Model(const Layer& l) : Layer(l) {
    if (!l.is_model()) throw config_error("dynamic::Model: layer '" + l.name() + "' is a " + std::string(l.class_name()) +
                                   ", not a model");
}

std::vector<Tensor> Model::predict(const std::vector<Tensor>& xs) const {
    return call(layers::call_context{}, xs);
}

std::vector<Tensor> Model::call(const layers::call_context& ctx, const std::vector<Tensor>& xs) const {
    graph().ensure_built();
    return graph().predict(xs, ctx);
}

void Model::predict_into(std::span<const Tensor> xs, std::span<Tensor> ys, workspace& ws) const {
    graph().ensure_built();
    graph().predict_into(xs, ys, &ws, layers::call_context{});
}

void Model::predict_into(const Tensor& x, Tensor& y, workspace& ws) const {
    predict_into(std::span<const Tensor>(&x, 1), std::span<Tensor>(&y, 1), ws);
}

std::vector<Tensor> Model::get_weights() const {
    graph().ensure_built();
    return graph().get_weights();
}

void Model::set_weights(std::span<const Tensor> w) const {
    graph().ensure_built();
    graph().set_weights(w);
}

std::size_t Model::count_params() const {
    graph().ensure_built();
    return graph().count_params();
}

std::string Model::summary() const {
    graph().ensure_built();
    return graph().summary();
}

json Model::to_json_value() const {
    graph().ensure_built();
    return scion::detail::keras_model_json(graph().keras_description());
}

std::vector<Layer> Model::layers() const {
    std::vector<Layer> r;
    for (const auto& l : graph().layers()) r.emplace_back(l);
    return r;
}

Layer Model::get_layer(std::string_view name) const {
    for (const auto& l : graph().layers())
        if (l->name() == name) return Layer(l);
    throw config_error("model '" + this->name() + "': no layer named '" + std::string(name) + "'");
}

Model Model::copy() const {
    graph().ensure_built();
    return Model(std::static_pointer_cast<detail::graph_model>(graph().copy()));
}

Sequential::Sequential(std::string name, scion::seed s) {
    impl_ = std::make_shared<detail::graph_model>(std::move(name), true);
    graph().set_seed(s);
    graph().set_graph({}, {});
}

Sequential::Sequential(KerasTensor input, std::initializer_list<Layer> layers, std::string name,
                       scion::seed s)
    : Sequential(std::move(name), s) {
    add(std::move(input));
    for (const Layer& l : layers) add(l);
}

Sequential::Sequential(const Model& m) : Model(m) {
    if (!m.is_sequential()) throw config_error("dynamic::Sequential: model '" + m.name() + "' is not a Sequential");
}

void Sequential::add(KerasTensor input) {
    if (!input.is_input()) throw config_error(who() + ": add() takes an Input tensor or a layer");
    if (!graph().inputs().empty())
        throw config_error(who() + ": already has an input; an Input can only be added first");
    graph().set_graph({input}, {input});
}

void Sequential::add(const Layer& layer) {
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

void Sequential::pop() {
    const auto& outs = graph().outputs();
    if (outs.empty() || outs.front().is_input()) throw config_error(who() + ": pop() on a model without layers");
    const KerasTensor prev = outs.front().node()->inputs.front();
    std::vector<KerasTensor> ins = graph().inputs();
    graph().set_graph(std::move(ins), {prev});
}

} // namespace scion::dynamic
