// scion/bridge/to_dynamic.hpp — to_dynamic(static_model): the dynamic twin of a static model,
// with the same graph, names, configs and (copied) weights.
#pragma once

#include <scion/core/error.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/dsl/traits.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/model.hpp>
#include <scion/graph/protocol.hpp>
#include <scion/layers/layer_base.hpp>

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace scion {

namespace detail::bridge {

template <class>
inline constexpr bool dependent_false = false;

/// The engine object a static layer runs (`static_layer::engine()`), when it has one.
template <class L>
concept holds_engine = requires(const L& l) {
    l.engine();
    requires dynamic::engine_layer_type<std::remove_cvref_t<decltype(l.engine())>>;
};

template <class M>
dynamic::Model model_to_dynamic(const M& m, bool nested);

/// The dynamic layer of static layer `l`: a copy of the engine object it holds (the same class
/// the dynamic path runs, with its config, name and weights), the layer itself when it is an
/// engine-style class, or the dynamic twin of a nested model.
template <class L>
dynamic::Layer layer_to_dynamic(const L& l) {
    if constexpr (graph::is_model<L>) {
        return model_to_dynamic(l, true);
    } else if constexpr (holds_engine<L>) {
        return dynamic::Layer(l.engine());
    } else if constexpr (dynamic::engine_layer_type<L>) {
        return dynamic::Layer(l);
    } else {
        static_assert(dependent_false<L>,
                      "scion::to_dynamic: this layer type has no dynamic form: it neither holds an engine layer "
                      "(static_layer<Engine>::engine()) nor is an engine-style layer itself (class_name, "
                      "default_name, name(), set_name() and compute_output_shape(); see "
                      "scion::dynamic::engine_layer_type). Repeat<N, Block> has none: write its blocks out.");
        return {};
    }
}

/// The dynamic model of static model `m`. A nested one (`nested`) is left unbuilt, for the
/// outer model to build; its layers arrive built, so building keeps their weights.
template <class M>
dynamic::Model model_to_dynamic(const M& m, bool nested) {
    using G = typename M::graph_type;
    if (!m.built())
        throw config_error("to_dynamic: model '" + m.name() +
                    "' is not built (it was made to be a layer of another model: convert that model)");
    std::vector<dynamic::Layer> layers;
    layers.reserve(G::layer_count);
    m.layers().for_each([&](const auto& l) { layers.push_back(layer_to_dynamic(l)); });

    if constexpr (graph::is_sequential_model<M>) {
        dynamic::Sequential s(m.name(), m.seed());
        s.add(dynamic::Input(m.input_layer(0).shape(), m.input_layer(0).name()));
        for (const dynamic::Layer& l : layers) s.add(l);
        if (!nested) s.build();
        return s;
    } else {
        // Node by node, in the static node order: every output of each call (a layer with
        // several outputs gives them all; a selection node reads one).
        std::vector<std::vector<dynamic::KerasTensor>> values(G::node_count);
        std::vector<dynamic::KerasTensor> inputs;
        for (std::size_t i = 0; i < G::node_count; ++i) {
            const graph::node_info& n = G::nodes[i];
            switch (n.kind) {
            case graph::node_kind::input: {
                const layers::InputLayer& in = m.input_layer(n.index);
                values[i] = {dynamic::Input(in.shape(), in.name())};
                break;
            }
            case graph::node_kind::call: {
                std::vector<dynamic::KerasTensor> xs;
                for (std::size_t k = 0; k < n.input_count; ++k) xs.push_back(values[n.inputs[k]].front());
                values[i] = layers[n.index].call(xs);
                break;
            }
            case graph::node_kind::select:
                values[i] = {values[n.inputs[0]].at(n.index)};
                break;
            }
        }
        // Inputs in the model's order (input nodes come first, by input number).
        for (std::size_t i = 0; i < G::inputs::size; ++i)
            for (std::size_t j = 0; j < G::node_count; ++j)
                if (G::nodes[j].kind == graph::node_kind::input && G::nodes[j].index == i)
                    inputs.push_back(values[j].front());
        std::vector<dynamic::KerasTensor> outputs;
        for (std::size_t id : G::outputs::ids) outputs.push_back(values[id].front());
        if (nested) return dynamic::Model(std::move(inputs), std::move(outputs), m.name(), dynamic::unbuilt);
        return dynamic::Model(std::move(inputs), std::move(outputs), m.name(), m.seed());
    }
}

} // namespace detail::bridge

/// The dynamic twin of static model `m`: the same graph (inputs with the same names and shapes,
/// every call, shared layers shared, selections of several-output layers, nested models as
/// nested dynamic models), the same layer names and configs, and the same weights, copied: the
/// dynamic model shares no buffer with `m` (weight ties between layers of `m` are kept). A
/// static `Sequential` becomes a `dynamic::Sequential`, any other model a `dynamic::Model`; both
/// carry `m`'s seed. Its JSON is `m.to_json()`, its `summary()` is `m.summary()`, and it
/// predicts what `m` predicts.
///
/// Each layer becomes the engine object it holds (`static_layer::engine()`), so a user layer
/// built on an engine class converts too; a layer with no dynamic form (`Repeat`) is a compile
/// error. Throws config_error when `m` is a model made to be a layer of another and not built.
template <StaticModel M>
[[nodiscard]] auto to_dynamic(const M& m) {
    dynamic::Model d = detail::bridge::model_to_dynamic(m, false);
    layers::copy_ties(m, d.graph());
    if constexpr (graph::is_sequential_model<M>) return dynamic::Sequential(d);
    else return d;
}

} // namespace scion
