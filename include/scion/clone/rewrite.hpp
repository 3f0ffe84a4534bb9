// scion/clone/rewrite.hpp — the deployment rewrites on static models, at compile time: which
// calls a rewrite set removes (strip_dropout, strip_noise), which it folds (fold_batch_norm) or
// fuses (fuse_activation) into the layer before them, and the rewritten graph's type. clone_model
// (clone/clone_model.hpp) makes the layers; the arithmetic is the engine's (layers/rewrite.hpp).
#pragma once

#include <scion/core/rewrites.hpp>
#include <scion/dsl/act.hpp>
#include <scion/dsl/functional.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/shape_inference.hpp>
#include <scion/layers/rewrite.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scion::detail {

template <class T>
inline constexpr bool is_rewrite_set = false;
template <rewrites R>
inline constexpr bool is_rewrite_set<rewrite_t<R>> = true;
template <class T>
inline constexpr rewrites rewrites_in = rewrites::none;
template <rewrites R>
inline constexpr rewrites rewrites_in<rewrite_t<R>> = R;
/// Whether a clone function type is a rewrite set (`deploy_t`, or `decltype(deploy)`, const), and
/// which rewrites it holds.
template <class T>
inline constexpr bool is_rewrite = is_rewrite_set<std::remove_cv_t<T>>;
template <class T>
inline constexpr rewrites rewrites_of = rewrites_in<std::remove_cv_t<T>>;

/// Whether layer type L runs an engine class of the list (the engine's lists, layers/rewrite.hpp,
/// which the dynamic path reads too).
template <class L, class List>
constexpr bool runs_engine_in() {
    if constexpr (requires { typename L::engine_type; }) return List::template contains<typename L::engine_type>;
    else return false;
}

template <class L, class Act>
using with_activation_t = typename layer_edit<L>::template with_activation<Act>;

/// What a rewrite set makes of a layer type.
enum class rewrite_role : unsigned char { none, strip, batch_norm, activation };
struct rewrite_facts {
    rewrite_role role = rewrite_role::none;
    int bn_axis = -1;        ///< batch_norm: the layer's Keras axis
    bool fold_host = false;  ///< a BatchNormalization after it folds into it
    bool fuse_host = false;  ///< an Activation after it fuses into it
};

template <class L, rewrites R>
constexpr rewrite_facts rewrite_facts_of() {
    rewrite_facts f;
    if constexpr ((has_rewrite(R, rewrites::strip_dropout) && runs_engine_in<L, layers::dropout_classes>()) ||
                  (has_rewrite(R, rewrites::strip_noise) && runs_engine_in<L, layers::noise_classes>())) {
        f.role = rewrite_role::strip;
    } else if constexpr (has_rewrite(R, rewrites::fold_batch_norm) &&
                         runs_engine_in<L, layers::class_list<layers::BatchNormalization>>() &&
                         requires { L::axis_v; }) {
        f.role = rewrite_role::batch_norm;
        f.bn_axis = L::axis_v;
    } else if constexpr (has_rewrite(R, rewrites::fuse_activation) &&
                         runs_engine_in<L, layers::class_list<layers::Activation>>() &&
                         requires { typename layer_edit<L>::activation_type; }) {
        f.role = rewrite_role::activation;
    }
    if constexpr (requires { L::activation_v; }) {
        if constexpr (L::activation_v == activation_id::linear) {
            f.fold_host = has_rewrite(R, rewrites::fold_batch_norm) && runs_engine_in<L, layers::batch_norm_hosts>() &&
                          requires { typename layer_edit<L>::with_bias; };
            f.fuse_host = has_rewrite(R, rewrites::fuse_activation) && runs_engine_in<L, layers::activation_hosts>() &&
                          requires { typename with_activation_t<L, act::relu>; };
        }
    }
    return f;
}

/// A rewrite of a graph of N nodes and NL layers, as values: the calls removed (each standing
/// for the node it reads, or for the host it was folded or fused into), and what each kept layer
/// becomes.
template <std::size_t N, std::size_t NL>
struct rewrite_plan {
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::array<bool, N + 1> removed{};
    std::array<std::size_t, N + 1> alias{};      ///< the node a removed node's readers read instead
    std::array<std::size_t, N + 1> new_id{};     ///< a kept node's id in the rewritten graph
    std::array<std::size_t, N + 1> kept_nodes{}; ///< the kept nodes, in order
    std::size_t node_count = 0;
    std::array<std::size_t, NL + 1> bn_of{};     ///< the BatchNormalization folded into layer j
    std::array<std::size_t, NL + 1> act_of{};    ///< the Activation fused into layer j
    std::array<std::size_t, NL + 1> new_layer{}; ///< a kept layer's index in the rewritten graph
    std::array<std::size_t, NL + 1> source{};    ///< the original index of rewritten layer J
    std::size_t layer_count = 0;
    bool changed = false;
};

/// The declared names of graph G's input I and layer I (what a clone keeps).
template <class G, std::size_t I>
struct kept_input_name {
    static constexpr std::string_view value = G::input_name(I);
};
template <class G, std::size_t I>
struct kept_layer_name {
    static constexpr std::string_view value = G::layer_name(I);
};

template <class L, bool Fold>
struct folded_type {
    using type = L;
};
template <class L>
struct folded_type<L, true> {
    using type = typename layer_edit<L>::with_bias;
};
template <class L, class Act, bool Fuse>
struct fused_type {
    using type = L;
};
template <class L, class Act>
struct fused_type<L, Act, true> {
    using type = with_activation_t<L, Act>;
};
template <class ActLayer, bool Some>
struct fused_activation {
    using type = act::linear;
};
template <class ActLayer>
struct fused_activation<ActLayer, true> {
    using type = typename layer_edit<ActLayer>::activation_type;
};

/// Rewrite set R applied to graph G (valid: its shapes are known): the plan, and the rewritten
/// graph's type (G itself when the plan changes nothing).
template <class G, rewrites R>
struct rewrite_of;
template <class In, class... Ls, class Nodes, class Out, class Names, rewrites R>
struct rewrite_of<graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>, R> {
    using G = graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>;
    static constexpr std::size_t N = G::node_count, NL = sizeof...(Ls);
    using plan_type = rewrite_plan<N, NL>;
    static constexpr std::size_t none = plan_type::none;
    static constexpr std::array<rewrite_facts, NL + 1> facts{rewrite_facts_of<Ls, R>()..., rewrite_facts{}};

    static constexpr plan_type plan = [] {
        plan_type p;
        constexpr auto& nodes = G::nodes;
        constexpr auto shapes = graph::shapes_v<G>;
        const auto call = [&](std::size_t i) { return nodes[i].kind == graph::node_kind::call; };
        std::array<std::size_t, NL + 1> calls{};  // the call nodes of each layer
        for (std::size_t i = 0; i < N; ++i) {
            p.alias[i] = i;
            if (call(i)) ++calls[nodes[i].index];
        }
        for (std::size_t l = 0; l < NL; ++l) p.bn_of[l] = p.act_of[l] = none;

        // strip_dropout, strip_noise: a removed call stands for what it reads.
        for (std::size_t i = 0; i < N; ++i)
            if (call(i) && nodes[i].input_count == 1 && facts[nodes[i].index].role == rewrite_role::strip) {
                p.removed[i] = true;
                p.alias[i] = p.alias[nodes[i].inputs[0]];
            }
        // How many readers each node has now (a model output counts as one).
        std::array<std::size_t, N + 1> uses{};
        for (std::size_t i = 0; i < N; ++i)
            if (!p.removed[i])
                for (std::size_t k = 0; k < nodes[i].input_count; ++k) ++uses[p.alias[nodes[i].inputs[k]]];
        for (std::size_t k = 0; k < Out::size; ++k) ++uses[p.alias[Out::ids[k]]];

        // fold_batch_norm, then fuse_activation: a call of the role's layer on a call of a host
        // that nothing else reads, whose layer is called there only (its weights change).
        const auto absorb = [&](rewrite_role role, bool rewrite_facts::*host, std::array<std::size_t, NL + 1> plan_type::*of) {
            for (std::size_t i = 0; i < N; ++i) {
                if (!call(i) || p.removed[i] || nodes[i].input_count != 1 || facts[nodes[i].index].role != role) continue;
                const std::size_t h = p.alias[nodes[i].inputs[0]];
                if (!call(h) || !(facts[nodes[h].index].*host) || calls[nodes[h].index] != 1 || uses[h] != 1 ||
                    (p.*of)[nodes[h].index] != none)
                    continue;
                if (role == rewrite_role::batch_norm &&
                    !layers::normalises_last_axis(facts[nodes[i].index].bn_axis, shapes.shapes[h].rank()))
                    continue;
                p.removed[i] = true;
                p.alias[i] = h;
                (p.*of)[nodes[h].index] = nodes[i].index;
                uses[h] = uses[i];
            }
        };
        absorb(rewrite_role::batch_norm, &rewrite_facts::fold_host, &plan_type::bn_of);
        absorb(rewrite_role::activation, &rewrite_facts::fuse_host, &plan_type::act_of);

        // What is kept: the nodes not removed, and the layers they call, in their order.
        std::array<bool, NL + 1> called{};
        for (std::size_t i = 0; i < N; ++i)
            if (call(i) && !p.removed[i]) called[nodes[i].index] = true;
        for (std::size_t l = 0; l < NL; ++l)
            if (called[l]) {
                p.new_layer[l] = p.layer_count;
                p.source[p.layer_count++] = l;
            }
        for (std::size_t i = 0; i < N; ++i)
            if (!p.removed[i]) {
                p.new_id[i] = p.node_count;
                p.kept_nodes[p.node_count++] = i;
            }
        p.changed = p.node_count != N;
        return p;
    }();
    static constexpr bool changed = plan.changed;
    static constexpr std::size_t layer_count = plan.layer_count;

    template <std::size_t I>
    using layer = fn::at_t<I, fn::list<Ls...>>;
    /// Rewritten layer J: its source layer, with a bias where a BatchNormalization folds into
    /// it, with the Activation's activation where one fuses into it (a linear one changes nothing).
    template <std::size_t J>
    struct layer_type {
        static constexpr std::size_t s = plan.source[J], b = plan.bn_of[s], a = plan.act_of[s];
        using act_type = typename fused_activation<layer<a == none ? 0 : a>, a != none>::type;
        using folded = typename folded_type<layer<s>, b != none>::type;
        using type = typename fused_type<folded, act_type, a != none && act_type::id != activation_id::linear>::type;
    };
    template <std::size_t J>
    using layer_t = typename layer_type<J>::type;

    template <std::size_t K, std::size_t I = plan.kept_nodes[K], graph::node_kind Kind = G::nodes[I].kind>
    struct node_type {
        using type = graph::input_node<G::nodes[I].index>;
    };
    template <std::size_t K, std::size_t I>
    struct node_type<K, I, graph::node_kind::select> {
        using type = graph::select_node<plan.new_id[plan.alias[G::nodes[I].inputs[0]]], G::nodes[I].index>;
    };
    template <std::size_t K, std::size_t I>
    struct node_type<K, I, graph::node_kind::call> {
        template <std::size_t... k>
        static graph::call_node<plan.new_layer[G::nodes[I].index], plan.new_id[plan.alias[G::nodes[I].inputs[k]]]...>
            make(std::index_sequence<k...>);
        using type = decltype(make(std::make_index_sequence<G::nodes[I].input_count>{}));
    };

    template <class NodeSeq, class LayerSeq, class OutSeq, class InSeq>
    struct build;
    template <std::size_t... K, std::size_t... J, std::size_t... O, std::size_t... I>
    struct build<std::index_sequence<K...>, std::index_sequence<J...>, std::index_sequence<O...>,
                 std::index_sequence<I...>> {
        using names = std::conditional_t<Names::size == 0, graph::auto_names,
                                         graph::name_list<kept_input_name<G, I>...,
                                                          kept_layer_name<G, plan.source[J]>...>>;
        using type = graph::graph<In, graph::layer_list<layer_t<J>...>, graph::node_list<typename node_type<K>::type...>,
                                  graph::output_list<plan.new_id[plan.alias[Out::ids[O]]]...>, names>;
        using layers = graph::layer_tuple<layer_t<J>...>;
    };
    using built = build<std::make_index_sequence<plan.node_count>, std::make_index_sequence<plan.layer_count>,
                        std::make_index_sequence<Out::size>, std::make_index_sequence<In::size>>;
    /// The rewritten graph (G when nothing changes).
    using graph_type = std::conditional_t<changed, typename built::type, G>;
};

/// A rewrite step over graph G: rewrite_of when `Fn` is a rewrite set and `Run` (the clone is
/// valid so far), else nothing (G itself).
template <class G, class Fn, bool Run = is_rewrite<Fn>>
struct rewrite_step {
    using type = G;
    static constexpr bool changed = false;
    static constexpr std::size_t layer_count = 0;
};
template <class G, class Fn>
struct rewrite_step<G, Fn, true> : rewrite_of<G, rewrites_of<Fn>> {
    using type = typename rewrite_of<G, rewrites_of<Fn>>::graph_type;
};

} // namespace scion::detail
