// scion/dsl/functional.hpp — functional graphs as types: named node structs, Call and Get, and
// Functional<Inputs<...>, Outputs<...>>, lowered to the flat canonical graph.
#pragma once

#include <scion/core/json.hpp>
#include <scion/detail/diagnostics.hpp>
#include <scion/detail/pack.hpp>
#include <scion/detail/type_name.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/named.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/model.hpp>
#include <scion/graph/names.hpp>
#include <scion/graph/shape_inference.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scion {

/// The inputs of a functional model, in order: input nodes (`struct x : Input<10> {};`).
template <class... Nodes>
struct Inputs {
    static constexpr std::size_t size = sizeof...(Nodes);
};
/// The outputs of a functional model, in order: any nodes.
template <class... Nodes>
struct Outputs {
    static constexpr std::size_t size = sizeof...(Nodes);
};

namespace detail {
template <class T>
inline constexpr bool is_specialization_of_inputs = false;
template <class... T>
inline constexpr bool is_specialization_of_inputs<Inputs<T...>> = true;
template <class T>
inline constexpr bool is_specialization_of_outputs = false;
template <class... T>
inline constexpr bool is_specialization_of_outputs<Outputs<T...>> = true;

template <class T>
concept input_node = requires {
    typename T::input_type;
    T::shape;
};
template <class T>
concept call_node = requires { typename T::call_type; };
template <class T>
concept get_node = requires { typename T::get_type; };
template <class T>
concept graph_node = input_node<T> || call_node<T> || get_node<T>;

template <class... Ts>
constexpr std::size_t call_depth() {
    if constexpr (sizeof...(Ts) == 0 || !all_of({graph_node<Ts>...})) return 0;
    else {
        std::size_t d = 0;
        for (std::size_t x : {std::size_t{Ts::node_depth}...}) d = x > d ? x : d;
        return d + 1;
    }
}
} // namespace detail

/// A node of a functional graph: layer `L` called on the nodes `Ins...`. Declare each node as
/// its own struct, so that types stay one level deep however large the graph is:
///
///     struct x : Input<10> {};
///     struct h : Call<Dense<12, act::relu>, x> {};     // the layer is named "h"
///     struct s : Call<Add, x, h> {};                    // a merge: several inputs
///
/// `L` is any layer, a merge layer, a model type (nested), or a named layer: a layer type
/// declared once (`struct encoder : Dense<5> {};`) and called at several nodes is one layer.
/// A layer written at the call (`Dense<12, act::relu>`) takes the node's name.
template <class L, class... Ins>
struct Call {
    static_assert(sizeof...(Ins) >= 1 && sizeof...(Ins) <= graph::max_node_inputs,
                  "scion::Call<Layer, Inputs...> takes 1 to 16 input nodes [SCION_CALL_ARITY]");
    static_assert(detail::all_of({detail::graph_node<Ins>...}),
                  "scion::Call<Layer, Inputs...> requires every input to be a node: a struct deriving from "
                  "scion::Input<...>, scion::Call<...> or scion::Get<...> [SCION_NOT_A_NODE]");
    static_assert(!detail::arguments_ok_v<layer_storage_t<L>> || AnyLayer<layer_storage_t<L>>,
                  "scion::Call<Layer, Inputs...> requires 'Layer' to be a layer type such as scion::Dense<8>, a merge "
                  "layer such as scion::Add, or a model type [SCION_NOT_A_LAYER]");

    using call_type = Call;
    using layer_type = L;
    /// Longest path from an input. Computed where the node is declared (the static_assert
    /// below makes it so), from its inputs' depths computed where they were declared: lowering
    /// a graph never recurses through it.
    static constexpr std::size_t node_depth = detail::call_depth<Ins...>();
    static_assert(node_depth != 0 || sizeof...(Ins) == 0 || !detail::all_of({detail::graph_node<Ins>...}));
};

/// Output `K` of a node whose layer has several outputs (a nested model with two heads):
/// `struct h : Get<enc, 1> {};`. A node used directly stands for its output 0.
template <class Node, std::size_t K>
struct Get {
    static_assert(detail::graph_node<Node>,
                  "scion::Get<Node, K> requires 'Node' to be a node [SCION_NOT_A_NODE]");
    using get_type = Get;
    using source = Node;
    static constexpr std::size_t output = K;
    static constexpr std::size_t node_depth = detail::call_depth<Node>();
    static_assert(node_depth != 0 || !detail::graph_node<Node>);
};

namespace detail::fn {

template <class... Ts>
struct list {
    static constexpr std::size_t size = sizeof...(Ts);
};

// Type identity is compared with std::is_same, never with the addresses of per-type variables:
// g++ with -fsanitize=undefined does not treat such comparisons as constant expressions.

/// Row `T` of the identity matrix of `Us...`: whether T is each of them.
template <class T, class... Us>
inline constexpr std::array<bool, sizeof...(Us) + 1> same_row{std::is_same_v<T, Us>..., false};

/// For each type, the index of its first occurrence in the list.
template <class... Ts>
constexpr std::array<std::size_t, sizeof...(Ts) + 1> first_occurrences() {
    constexpr std::array<std::array<bool, sizeof...(Ts) + 1>, sizeof...(Ts) + 1> same{same_row<Ts, Ts...>...,
                                                                                         std::array<bool, sizeof...(Ts) + 1>{}};
    std::array<std::size_t, sizeof...(Ts) + 1> first{};
    for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
        first[i] = i;
        for (std::size_t j = 0; j < i; ++j)
            if (same[i][j]) {
                first[i] = j;
                break;
            }
    }
    return first;
}

template <std::size_t I, class T>
struct indexed {
    using type = T;
};
template <class Seq, class... Ts>
struct indexer;
template <std::size_t... I, class... Ts>
struct indexer<std::index_sequence<I...>, Ts...> : indexed<I, Ts>... {};
template <std::size_t I, class T>
indexed<I, T> pick(const indexed<I, T>&);
template <std::size_t I, class List>
struct at;
template <std::size_t I, class... Ts>
struct at<I, list<Ts...>> {
    using type = typename decltype(pick<I>(indexer<std::index_sequence_for<Ts...>, Ts...>{}))::type;
};
template <std::size_t I, class List>
using at_t = typename at<I, List>::type;

template <class... Ls>
struct concat {
    using type = list<>;
};
template <class... A>
struct concat<list<A...>> {
    using type = list<A...>;
};
template <class... A, class... B, class... Rest>
struct concat<list<A...>, list<B...>, Rest...> : concat<list<A..., B...>, Rest...> {};

/// Indices of a list to keep, as a constexpr value.
template <std::size_t N>
struct selection {
    std::array<std::size_t, N + 1> idx{};
    std::size_t count = 0;
};
template <class List, auto Sel, class Seq = std::make_index_sequence<Sel.count>>
struct select;
template <class List, auto Sel, std::size_t... I>
struct select<List, Sel, std::index_sequence<I...>> {
    using type = list<at_t<Sel.idx[I], List>...>;
};

template <class List>
struct dedup;
template <class... Ts>
struct dedup<list<Ts...>> {
    static constexpr selection<sizeof...(Ts)> sel = [] {
        constexpr auto first = first_occurrences<Ts...>();
        selection<sizeof...(Ts)> s;
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (first[i] == i) s.idx[s.count++] = i;
        return s;
    }();
    using type = typename select<list<Ts...>, sel>::type;
};

template <class Node>
struct parents_of {
    using type = list<>;
};
template <class Node>
    requires call_node<Node>
struct parents_of<Node> {
    template <class L, class... Ins>
    static list<Ins...> get(const Call<L, Ins...>*);
    using type = decltype(get(static_cast<const Node*>(nullptr)));
};
template <class Node>
    requires get_node<Node>
struct parents_of<Node> {
    using type = list<typename Node::source>;
};

/// One step of the walk from the outputs: the pending nodes of depth D form level D; the
/// others stay pending, joined by the inputs of level D.
template <class Pending, std::size_t D>
struct peel;
template <class... Ps, std::size_t D>
struct peel<list<Ps...>, D> {
    static constexpr std::array<std::size_t, sizeof...(Ps) + 1> depths{Ps::node_depth..., 0};
    static constexpr auto split(bool at_level) {
        selection<sizeof...(Ps)> s;
        for (std::size_t i = 0; i < sizeof...(Ps); ++i)
            if ((depths[i] == D) == at_level) s.idx[s.count++] = i;
        return s;
    }
    static constexpr selection<sizeof...(Ps)> level_sel = split(true), rest_sel = split(false);
    using level = typename select<list<Ps...>, level_sel>::type;
    template <class... L>
    static auto with_parents(list<L...>*) ->
        typename dedup<typename concat<typename select<list<Ps...>, rest_sel>::type,
                                       typename parents_of<L>::type...>::type>::type;
    using rest = decltype(with_parents(static_cast<level*>(nullptr)));
};

/// The state after K steps from the outputs (K = 0: the outputs, deduplicated). Each step's
/// level is the nodes of depth D - K + 1.
template <class Outs, std::size_t D, std::size_t K>
struct walk_state {
    using step = peel<typename walk_state<Outs, D, K - 1>::pending, D - K + 1>;
    using level = typename step::level;
    using pending = typename step::rest;
};
template <class Outs, std::size_t D>
struct walk_state<Outs, D, 0> {
    using level = list<>;
    using pending = typename dedup<Outs>::type;
};
/// Instantiates the steps in order, as bases (each one finds the step before it complete): no
/// template recursion as deep as the graph.
template <class Outs, std::size_t D, class Seq = std::make_index_sequence<D + 1>>
struct walk;
template <class Outs, std::size_t D, std::size_t... K>
struct walk<Outs, D, std::index_sequence<K...>> : walk_state<Outs, D, K>... {
    static constexpr std::array<std::size_t, D + 1> level_sizes{walk_state<Outs, D, K>::level::size...};
};

template <class T, class List>
struct index_in;
template <class T, class... Ts>
struct index_in<T, list<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr auto row = same_row<T, Ts...>;
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (row[i]) return i;
        return sizeof...(Ts);
    }();
};

template <class T>
constexpr bool is_named_node() {
    if constexpr (input_node<T>) return !std::is_same_v<T, typename T::input_type>;
    else if constexpr (call_node<T>) return !std::is_same_v<T, typename T::call_type>;
    else if constexpr (get_node<T>) return !std::is_same_v<T, typename T::get_type>;
    else return false;
}

/// The declared name of a node's layer: the named layer's name, or the node struct's name.
template <class Node>
struct layer_name_source {
    using L = typename Node::layer_type;
    static constexpr std::string_view value = [] {
        if constexpr (is_named_layer_v<L>) return declared_layer_name<L>();
        else if constexpr (requires { Node::node_name; }) return std::string_view(Node::node_name);
        else if constexpr (is_named_node<Node>()) return detail::type_name<Node>();
        else return std::string_view{};
    }();
};
template <class Node>
struct input_name_source {
    static constexpr std::string_view value = [] {
        if constexpr (requires { Node::node_name; }) return std::string_view(Node::node_name);
        else if constexpr (is_named_node<Node>()) return detail::type_name<Node>();
        else return std::string_view{};
    }();
};

template <class Node>
constexpr bool calls_named_layer() {
    if constexpr (call_node<Node>) return is_named_layer_v<typename Node::layer_type>;
    else return false;
}

/// The named layer a node calls (void when its layer is its own).
template <class Node, bool = calls_named_layer<Node>()>
struct shared_layer_of {
    using type = void;
};
template <class Node>
struct shared_layer_of<Node, true> {
    using type = typename Node::layer_type;
};

/// Functional<Inputs<Is...>, Outputs<Os...>> lowered to the canonical graph.
template <class InList, class OutList>
struct lowering;
template <class... Is, class... Os>
struct lowering<list<Is...>, list<Os...>> {
    static constexpr std::size_t depth = [] {
        std::size_t d = 0;
        for (std::size_t x : {std::size_t{Os::node_depth}...}) d = x > d ? x : d;
        return d;
    }();
    using walked = walk<list<Os...>, depth>;
    static_assert(sizeof(walked) > 0);  // instantiates the steps, in order, before any is used
    static constexpr auto level_sizes = walked::level_sizes;
    template <std::size_t Depth>
    using level_t = typename walk_state<list<Os...>, depth, depth - Depth + 1>::level;
    /// The inputs the outputs depend on (depth 0), whether listed or not.
    using reached_inputs = typename walk_state<list<Os...>, depth, depth>::pending;

    static constexpr std::size_t input_count = sizeof...(Is);
    /// offsets[d]: id of the first node of depth d (inputs first, then depth 1, 2, ...).
    static constexpr std::array<std::size_t, depth + 2> offsets = [] {
        std::array<std::size_t, depth + 2> o{};
        o[0] = 0;
        o[1] = input_count;
        for (std::size_t d = 1; d <= depth; ++d) o[d + 1] = o[d] + level_sizes[depth - d + 1];
        return o;
    }();
    static constexpr std::size_t node_count = offsets[depth + 1];

    /// The first reached input that is not listed in Inputs<...> (reached_inputs::size if none).
    static constexpr std::size_t unlisted = [] {
        return [&]<class... R>(list<R...>*) {
            const std::array<bool, sizeof...(R) + 1> listed{(index_in<R, list<Is...>>::value < input_count)..., true};
            for (std::size_t i = 0; i < sizeof...(R); ++i)
                if (!listed[i]) return i;
            return sizeof...(R);
        }(static_cast<reached_inputs*>(nullptr));
    }();

    template <class P>
    static constexpr std::size_t id_of() {
        if constexpr (P::node_depth == 0) return index_in<P, list<Is...>>::value;
        else return offsets[P::node_depth] + index_in<P, level_t<P::node_depth>>::value;
    }

    /// Node type at id I: an input (ids below input_count), else the node of its level.
    template <std::size_t I, bool = (I < input_count)>
    struct node_at {
        using type = at_t<I, list<Is...>>;
    };
    template <std::size_t I>
    struct node_at<I, false> {
        static constexpr std::size_t d = [] {
            std::size_t x = 1;
            while (offsets[x + 1] <= I) ++x;
            return x;
        }();
        using type = at_t<I - offsets[d], level_t<d>>;
    };
    template <std::size_t I>
    using node_t = typename node_at<I>::type;

    // Distinct layers: a named layer is one layer at every call; any other layer is its node's.
    template <class Seq>
    struct layers_of;
    template <std::size_t... I>
    struct layers_of<std::index_sequence<I...>> {
        static constexpr std::array<bool, sizeof...(I) + 1> call{call_node<node_t<I>>..., false};
        static constexpr std::array<bool, sizeof...(I) + 1> shared{calls_named_layer<node_t<I>>()..., false};
        // The nodes that call named layers, and which of them call the same one (compared
        // among themselves only: usually few).
        static constexpr selection<sizeof...(I)> shared_nodes = [] {
            selection<sizeof...(I)> sel;
            for (std::size_t i = 0; i < sizeof...(I); ++i)
                if (shared[i]) sel.idx[sel.count++] = i;
            return sel;
        }();
        template <std::size_t... K>
        static constexpr auto firsts(std::index_sequence<K...>) {
            return first_occurrences<typename shared_layer_of<node_t<shared_nodes.idx[K]>>::type...>();
        }
        static constexpr auto shared_first = firsts(std::make_index_sequence<shared_nodes.count>{});
    };
    struct layer_table {
        std::array<std::size_t, node_count + 1> layer_of{};
        std::array<std::size_t, node_count + 1> first_call{};
        std::size_t count = 0;
    };
    static constexpr layer_table table = [] {
        using info = layers_of<std::make_index_sequence<node_count>>;
        layer_table t;
        std::size_t k = 0;  // position among the nodes that call named layers
        for (std::size_t i = 0; i < node_count; ++i) {
            if (!info::call[i]) continue;
            std::size_t found = t.count;
            if (info::shared[i]) {
                const std::size_t first = info::shared_first[k++];
                if (info::shared_nodes.idx[first] != i) found = t.layer_of[info::shared_nodes.idx[first]];
            }
            if (found == t.count) t.first_call[t.count++] = i;
            t.layer_of[i] = found;
        }
        return t;
    }();

    template <std::size_t I, class Node = node_t<I>>
    struct canonical {
        using type = graph::input_node<I>;
    };
    template <std::size_t I, class Node>
        requires call_node<Node>
    struct canonical<I, Node> {
        template <class... P>
        static graph::call_node<table.layer_of[I], id_of<P>()...> make(list<P...>*);
        using type = decltype(make(static_cast<typename parents_of<Node>::type*>(nullptr)));
    };
    template <std::size_t I, class Node>
        requires get_node<Node>
    struct canonical<I, Node> {
        using type = graph::select_node<id_of<typename Node::source>(), Node::output>;
    };

    template <class NodeSeq, class LayerSeq>
    struct build;
    template <std::size_t... N, std::size_t... L>
    struct build<std::index_sequence<N...>, std::index_sequence<L...>> {
        using type = graph::graph<
            graph::input_list<Is::shape...>,
            graph::layer_list<layer_storage_t<typename node_t<table.first_call[L]>::layer_type>...>,
            graph::node_list<typename canonical<N>::type...>, graph::output_list<id_of<Os>()...>,
            graph::name_list<input_name_source<Is>..., layer_name_source<node_t<table.first_call[L]>>...>>;
        /// The node types, by id (for diagnostics).
        using nodes = list<node_t<N>...>;
    };
    using built = build<std::make_index_sequence<node_count>, std::make_index_sequence<table.count>>;
    using type = typename built::type;
};

} // namespace detail::fn

/// A functional model over the canonical graph `G`: what a functional model lowers to, and the
/// type of clones whose layers or inputs differ from the original's (`clone_model_t`). It runs,
/// clones, nests and counts like any model; `Functional<Inputs<...>, Outputs<...>>` derives from it.
/// (Not `scion::Model`: programs that say `using namespace scion;` often name their own model
/// type `Model`.)
template <class G>
class GraphModel : public basic_model<G> {
    using base = basic_model<G>;

public:
    using typename base::layer_tuple;
    using dsl_type = GraphModel;
    static constexpr std::string_view class_name = "Functional";
    static constexpr std::string_view default_name = "functional";

    /// Fresh weights from the next seed of the global sequence (see set_global_seed).
    GraphModel() : GraphModel(next_seed()) {}
    /// Fresh weights from `s`: the same seed gives the same weights, on every run.
    explicit GraphModel(seed s) : GraphModel(layer_tuple(graph::unbuilt), s) {}
    /// A model to be used as a layer of another: unnamed (the outer model names it), not built.
    explicit GraphModel(graph::unbuilt_t) : base("", {}, layer_tuple(graph::unbuilt), graph::unbuilt) {}
    /// A model from layer objects (one per distinct layer, in the graph's layer order): unbuilt
    /// ones are built with fresh weights from `s`, built ones keep theirs.
    explicit GraphModel(layer_tuple layers, seed s = next_seed(), std::string name = "functional",
                   std::array<std::string, G::inputs::size> input_names = {})
        : base(std::move(name), std::move(input_names), std::move(layers), s) {}
    GraphModel(layer_tuple layers, graph::unbuilt_t, std::string name = "functional",
          std::array<std::string, G::inputs::size> input_names = {})
        : base(std::move(name), std::move(input_names), std::move(layers), graph::unbuilt) {}

    /// Keras JSON of the model's architecture: {"class_name": "Functional", "config": {"name",
    /// "layers", "input_layers", "output_layers"}} (see basic_model::functional_config), as
    /// Sequential::get_config gives {"class_name": "Sequential", ...}. The same JSON as the
    /// dynamic twin's (`dynamic::Model::to_json`); every layer must have a `get_config()`.
    [[nodiscard]] json get_config() const {
        return detail::keras_model_json(this->keras_description(false));
    }
    [[nodiscard]] std::string to_json(int indent = -1) const { return get_config().dump(indent); }
};

namespace detail {

/// Whether Functional<Ins, Outs> is a valid model, and the graph it lowers to (void if not): a
/// pure computation, so that an invalid model can choose an empty base and report each problem
/// once.
template <class Ins, class Outs>
struct functional_check {
    static constexpr bool inputs_ok = false, outputs_ok = false, ok = false;
    using graph_type = void;
    template <bool = false>
    struct lower {
        using lowering = void;
    };
};
template <class... Is, class... Os>
struct functional_check<Inputs<Is...>, Outputs<Os...>> {
    static constexpr bool inputs_ok = sizeof...(Is) >= 1 && all_of({input_node<Is>...}) && [] {
        constexpr auto first = fn::first_occurrences<Is...>();
        for (std::size_t i = 0; i < sizeof...(Is); ++i)
            if (first[i] != i) return false;
        return true;
    }();
    static constexpr bool outputs_ok = sizeof...(Os) >= 1 && all_of({graph_node<Os>...});

    template <bool Nodes = inputs_ok && outputs_ok>
    struct lower {
        static constexpr bool listed = false, named = false, shaped = false;
        using lowering = void;
        using type = void;
    };
    template <bool Nodes>
        requires Nodes
    struct lower<Nodes> {
        using lowering = fn::lowering<fn::list<Is...>, fn::list<Os...>>;
        using type = typename lowering::type;
        static constexpr bool listed = lowering::unlisted == lowering::reached_inputs::size;
        static constexpr bool named = listed && graph::names_v<type>.unique;
        static constexpr bool shaped = named && graph::shapes_v<type>.ok;
    };
    static constexpr bool ok = lower<>::shaped;
    using graph_type = typename lower<>::type;
};

/// The layer type a node calls (void for inputs and selections).
template <class Node, bool = call_node<Node>>
struct node_layer {
    using type = void;
};
template <class Node>
struct node_layer<Node, true> {
    using type = layer_storage_t<typename Node::layer_type>;
};

// Each check is two classes: one whose static_assert carries the token, then one naming the
// culprit. clang stops reading a class at its first failed static_assert, so the line naming the
// node would never be printed if both were in one class.

// A failed shape rule at a node: which token depends on the failure; then a line naming the node.
template <class Lowering>
struct node_shape_facts {
    using G = typename Lowering::type;
    static constexpr auto table = graph::shapes_v<G>;
    static constexpr std::size_t at = table.error_node;
    using node = typename Lowering::template node_t<at>;
    using layer = typename node_layer<node>::type;
    static constexpr shape_errc errc = table.error.errc;
    static constexpr bool count = !table.ok && errc == shape_errc::input_count;
    static constexpr bool select = get_node<node>;
    static constexpr bool merge = graph::takes_input_list<layer>;
};
template <class Lowering, class F = node_shape_facts<Lowering>>
struct node_shape_token {
    static constexpr bool count = F::count, select = F::select, merge = F::merge;
    static_assert(!count || !select, "scion::Get<Node, K> requires K to be less than the number of outputs of "
                                     "Node's layer [SCION_GET_OUT_OF_RANGE]; the next error names the node");
    static_assert(!count || select || !merge,
                  "scion: a merge layer is called on a number of inputs it does not take (Subtract takes 2, the "
                  "other merges 2 or more) [SCION_MERGE_ARITY]; the next error names the node");
    static_assert(!count || select || merge,
                  "scion: a layer that takes one input is called on several [SCION_CALL_ARITY]; merge them first "
                  "(Concatenate, Add, ...); the next error names the node");
    static_assert(F::table.ok || count, "scion: a layer of this model cannot take the shapes its inputs give it "
                                        "[SCION_SHAPE_MISMATCH]; the next error names the node and the sizes");
};
template <class Lowering>
struct check_node_shapes : node_shape_facts<Lowering> {
    using F = node_shape_facts<Lowering>;
    using typename F::node;
    using typename F::layer;
    static constexpr auto table = F::table;
    static constexpr auto errc = F::errc;
    static constexpr bool count = F::count, select = F::select;
    static_assert(sizeof(node_shape_token<Lowering>) > 0);
    // The type named on this line spells out the error: the node (a struct of your program),
    // then the numbers.
    static_assert(
        sizeof(std::conditional_t<
               table.ok, int,
               std::conditional_t<
                   count,
                   std::conditional_t<select,
                                      diagnostic::output_index_out_of_range_at_node<node, table.error.expected,
                                                                                   table.error.actual>,
                                      diagnostic::wrong_input_count_at_node<node, table.error.expected,
                                                                            table.error.actual>>,
                   diagnostic::shape_error_t<diagnostic::at_node<node>, errc, table.error.expected, table.error.actual>>>) > 0);
};

// The type that declares entry `i` of the name table (an input node, or a layer's first node's
// named layer or node).
template <class Lowering, std::size_t I, bool = (I < Lowering::input_count)>
struct name_declarer {
    using type = typename Lowering::template node_t<I>;
};
template <class Lowering, std::size_t I>
struct name_declarer<Lowering, I, false> {
    using node = typename Lowering::template node_t<Lowering::table.first_call[I - Lowering::input_count]>;
    using type = std::conditional_t<is_named_layer_v<typename node::layer_type>, typename node::layer_type, node>;
};

template <bool Unique>
struct duplicate_name_token {
    static_assert(Unique, "scion: two layers or inputs of this model declare the same name "
                          "[SCION_DUPLICATE_NAME]; Keras requires unique names. The next error names one of "
                          "the two declarations");
};
template <class Lowering>
struct check_names {
    static constexpr auto names = graph::names_v<typename Lowering::type>;
    static_assert(sizeof(duplicate_name_token<names.unique>) > 0);
    static_assert(sizeof(std::conditional_t<names.unique, int,
                                            diagnostic::name_declared_twice<
                                                typename name_declarer<Lowering, names.duplicate>::type>>) > 0);
};

template <bool Listed>
struct unlisted_input_token {
    static_assert(Listed, "scion::Functional<Inputs<...>, Outputs<...>>: an output depends on an input node that is "
                          "not listed in Inputs<...> [SCION_UNLISTED_INPUT]; the next error names it");
};
template <class Lowering>
struct check_listed {
    static constexpr bool ok = Lowering::unlisted == Lowering::reached_inputs::size;
    static_assert(sizeof(unlisted_input_token<ok>) > 0);
    static_assert(sizeof(std::conditional_t<ok, int,
                                            diagnostic::input_not_listed_in_Inputs<fn::at_t<
                                                ok ? 0 : Lowering::unlisted,
                                                typename fn::concat<typename Lowering::reached_inputs,
                                                                    fn::list<void>>::type>>>) > 0);
    static constexpr bool named = ok && graph::names_v<typename Lowering::type>.unique;
    static_assert(sizeof(std::conditional_t<ok, check_names<Lowering>, int>) > 0);
    static_assert(sizeof(std::conditional_t<named, check_node_shapes<Lowering>, int>) > 0);
};

/// Every diagnostic of Functional<Ins, Outs>, each reported once, in order: the inputs and
/// outputs lists, unlisted inputs, names, then shapes.
template <class Ins, class Outs>
struct diagnose_functional {
    static_assert(is_specialization_of_inputs<Ins>,
                  "scion::Functional<Ins, Outs> requires 'Ins' to be scion::Inputs<input nodes...> "
                  "[SCION_FUNCTIONAL_INPUTS]");
    static_assert(is_specialization_of_outputs<Outs>,
                  "scion::Functional<Ins, Outs> requires 'Outs' to be scion::Outputs<nodes...> [SCION_NOT_A_NODE]");
    using check = functional_check<Ins, Outs>;
    static_assert(!is_specialization_of_inputs<Ins> || check::inputs_ok,
                  "scion::Inputs<...> requires one or more distinct input nodes (structs deriving from "
                  "scion::Input<...>) [SCION_FUNCTIONAL_INPUTS]");
    static_assert(!is_specialization_of_inputs<Ins> || !is_specialization_of_outputs<Outs> || check::outputs_ok,
                  "scion::Outputs<...> requires one or more nodes (structs deriving from scion::Input, scion::Call or "
                  "scion::Get) [SCION_NOT_A_NODE]");
    static_assert(sizeof(std::conditional_t<check::inputs_ok && check::outputs_ok,
                                            check_listed<typename check::template lower<>::lowering>, int>) > 0);
};

template <bool Valid, class Ins, class Outs>
struct functional_base {
    using type = GraphModel<typename functional_check<Ins, Outs>::graph_type>;
};
template <class Ins, class Outs>
struct functional_base<false, Ins, Outs> {
    struct type {
        using invalid_model_diagnosed = void;  // see DiagnosedModel
        template <class... A>
        explicit type(A&&...) {}
    };
};

} // namespace detail

/// A model over a graph of layer calls (Keras's functional API), declared as a type. Nodes are
/// structs; the model names its inputs and outputs:
///
///     struct x : Input<10> {};
///     struct h : Call<Dense<12, act::relu>, x> {};
///     struct r : Call<Dense<10>, h> {};
///     struct s : Call<Add, x, r> {};                  // skip connection
///     struct y : Call<Dense<4, act::sigmoid>, s> {};
///     using Res = Functional<Inputs<x>, Outputs<y, h>>;
///     Res model{seed{7}};
///     auto [out_y, out_h] = model.predict(batch);      // two outputs: a std::array
///
/// The graph is lowered at compile time to a flat list of nodes; shapes, parameter counts and
/// multiply-adds are compile-time constants, and every error is a compile error naming the node.
template <class Ins, class Outs>
class Functional
    : public detail::functional_base<detail::functional_check<Ins, Outs>::ok, Ins, Outs>::type {
    using base = typename detail::functional_base<detail::functional_check<Ins, Outs>::ok, Ins, Outs>::type;
    static_assert(sizeof(detail::diagnose_functional<Ins, Outs>) > 0);

public:
    using dsl_type = Functional;
    using inputs_type = Ins;
    using outputs_type = Outs;
    using base::base;
    Functional() : base(next_seed()) {}
};

} // namespace scion
