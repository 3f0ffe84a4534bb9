// scion/graph/summary.hpp — Keras's `model.summary()` table, computed at compile time as a
// string sized exactly to fit it.
#pragma once

#include <scion/core/shape.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/keras_order.hpp>
#include <scion/graph/names.hpp>
#include <scion/graph/shape_inference.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace scion::graph {

/// A string of exactly `N` characters held in a fixed array (one more for a terminating NUL),
/// usable at compile time.
template <std::size_t N>
struct static_text {
    std::array<char, N + 1> chars{};

    [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars.data(), N}; }
    [[nodiscard]] constexpr const char* c_str() const noexcept { return chars.data(); }
};

namespace detail {

/// Where the summary is written: with no buffer it only counts (the first pass, which sizes the
/// text), with one it writes (the second pass). Both passes run the same code, so they agree.
struct text_sink {
    char* out = nullptr;
    std::size_t size = 0;

    constexpr void put(std::string_view s) {
        if (out != nullptr)
            for (char c : s) out[size++] = c;
        else size += s.size();
    }
    constexpr void fill(char c, std::size_t n) {
        if (out != nullptr)
            for (std::size_t i = 0; i < n; ++i) out[size++] = c;
        else size += n;
    }
    /// Spaces up to column `width` of the cell that began at `start` (nothing when the cell is
    /// already as wide: cells are never cut).
    constexpr void pad_from(std::size_t start, std::size_t width) {
        if (size - start < width) fill(' ', width - (size - start));
    }
    constexpr void put_number(std::size_t n) {
        char digits[24]{};
        std::size_t k = 0;
        do {
            digits[k++] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        char in_order[24]{};
        for (std::size_t i = 0; i < k; ++i) in_order[i] = digits[k - 1 - i];
        put(std::string_view(in_order, k));
    }
    /// A per-sample shape in Keras's notation, batch axis first: "(None, 12)".
    constexpr void put_batch_shape(const Shape& s) {
        put("(None");
        for (std::size_t i = 0; i < s.rank(); ++i) {
            put(", ");
            put_number(s[i]);
        }
        put(")");
    }
};

/// The class name of each layer of a graph (Keras's `class_name`: "Dense", "Sequential", ...).
template <class G>
struct class_names;
template <class In, class... Ls, class Nodes, class Out, class Names>
struct class_names<graph<In, layer_list<Ls...>, Nodes, Out, Names>> {
    static constexpr std::array<std::string_view, sizeof...(Ls) + 1> values{std::string_view(Ls::class_name)...,
                                                                             std::string_view{}};
};

/// What the summary needs beyond names and shapes, computed once per graph in one pass over the
/// nodes: each layer's parameters and number of calls, and for each call node which call of its
/// layer it is and the next node that calls the same layer (so that the "Connected to" column
/// lists a layer's calls without searching the nodes again).
template <class G>
struct summary_facts {
    static constexpr std::size_t none = G::node_count;
    bool chain = true;  ///< one input, each node calling a layer on the node before it (Sequential's shape)
    std::size_t total_params = 0;
    std::size_t non_trainable_params = 0;
    std::array<std::size_t, G::layer_count + 1> params{};
    std::array<std::size_t, G::layer_count + 1> calls{};
    std::array<std::size_t, G::node_count + 1> ordinal{};
    std::array<std::size_t, G::node_count + 1> next_call{};
};

template <class G>
[[nodiscard]] constexpr summary_facts<G> make_summary_facts() {
    summary_facts<G> f;
    const auto params = layer_params<G>();
    const auto frozen = layer_non_trainable_params<G>();
    for (std::size_t l = 0; l < G::layer_count; ++l) {
        f.params[l] = params[l];
        f.total_params += params[l];
        f.non_trainable_params += frozen[l] < params[l] ? frozen[l] : params[l];
    }
    f.chain = G::inputs::size == 1;
    std::array<std::size_t, G::layer_count + 1> last{};
    for (auto& x : last) x = f.none;
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        f.next_call[i] = f.none;
        if (i != 0 && (n.kind != node_kind::call || n.input_count != 1 || n.inputs[0] != i - 1)) f.chain = false;
        if (n.kind != node_kind::call) continue;
        f.ordinal[i] = f.calls[n.index]++;
        if (last[n.index] != f.none) f.next_call[last[n.index]] = i;
        last[n.index] = i;
    }
    return f;
}

template <class G>
inline constexpr summary_facts<G> summary_facts_v = make_summary_facts<G>();

/// How the summary names the tensor a node outputs: the input's or the layer's name, with the
/// call number when the layer is called more than once ("encoder[1]"), and the output number when
/// the layer has several outputs ("tower[1]" for a Get<node, 1>, "tower[0]" for the node read
/// directly, which is its output 0; "encoder[1][0]").
template <class G>
constexpr void put_tensor_name(text_sink& out, std::size_t node) {
    const summary_facts<G>& f = summary_facts_v<G>;
    const node_info* n = &G::nodes[node];
    if (n->kind == node_kind::input) {
        out.put(names_v<G>.names[n->index].view());
        return;
    }
    std::size_t output = 0;
    if (n->kind == node_kind::select) {
        output = n->index;
        node = n->inputs[0];  // a call node: one level, never deeper
        n = &G::nodes[node];
    }
    out.put(names_v<G>.names[G::inputs::size + n->index].view());
    if (f.calls[n->index] > 1) {
        out.put("[");
        out.put_number(f.ordinal[node]);
        out.put("]");
    }
    if (rules<G>::outputs[n->index] > 1) {
        out.put("[");
        out.put_number(output);
        out.put("]");
    }
}

/// Writes the summary of G under the model name `model_name`: the table `basic_model::summary()`
/// prints for a freshly built model whose names were not changed at run time. A Sequential
/// model (`sequential`) has no InputLayer row, as in Keras and TF.js (its `layers` do not list
/// the input); a functional model has one per input. One loop over the inputs, one over the nodes
/// (each layer's calls followed through `next_call`): linear in the size of the graph.
template <class G>
constexpr void write_summary(text_sink& out, std::string_view model_name, bool sequential) {
    const summary_facts<G>& f = summary_facts_v<G>;
    const auto& names = names_v<G>.names;
    const auto& shapes = shapes_v<G>.shapes;
    constexpr std::size_t ni = G::inputs::size;
    const bool wide = !f.chain;
    // Keras's column widths, widened where a name or a shape would run into the next column
    // (as detail::summary_table does at run time).
    std::size_t w1 = 29, w2 = 26;
    for (std::size_t i = 0; i < (sequential ? 0 : ni); ++i) {
        text_sink m{};
        m.put_batch_shape(G::inputs::shapes[i]);
        w1 = w1 > names[i].view().size() + 15 ? w1 : names[i].view().size() + 15;
        w2 = w2 > m.size + 1 ? w2 : m.size + 1;
    }
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.kind != node_kind::call || f.ordinal[i] != 0) continue;
        text_sink m{};
        m.put_batch_shape(shapes[i]);
        const std::size_t len = names[ni + n.index].view().size() + class_names<G>::values[n.index].size() + 5;
        w1 = w1 > len ? w1 : len;
        w2 = w2 > m.size + 1 ? w2 : m.size + 1;
    }
    const std::size_t w3 = wide ? 11 : 10, w4 = wide ? 30 : 0, width = w1 + w2 + w3 + w4;

    out.put("Model: \"");
    out.put(model_name);
    out.put("\"\n");
    out.fill('_', width);
    out.put("\n");
    std::size_t at = out.size;
    out.put(" Layer (type)");
    out.pad_from(at, w1);
    at = out.size;
    out.put("Output Shape");
    out.pad_from(at, w2);
    at = out.size;
    out.put("Param #");
    if (wide) {
        out.pad_from(at, w3);
        out.put("Connected to");
    }
    out.put("\n");
    out.fill('=', width);
    out.put("\n");

    // One row per entry of Keras's `model.layers` (graph::keras_order), a layer's at its first call.
    constexpr auto order = keras_order<G>();
    constexpr auto first = first_calls<G>();
    for (const listed_layer& e : order) {
        if (e.input) {
            if (sequential) continue;
            const std::size_t i = e.index;
            at = out.size;
            out.put(" ");
            out.put(names[i].view());
            out.put(" (InputLayer)");
            out.pad_from(at, w1);
            at = out.size;
            out.put_batch_shape(G::inputs::shapes[i]);
            out.pad_from(at, w2);
            at = out.size;
            out.put("0");
            if (wide) {
                out.pad_from(at, w3);
                out.put("-");
            }
            out.put("\n");
            continue;
        }
        const std::size_t i = first[e.index];
        const node_info& n = G::nodes[i];
        at = out.size;
        out.put(" ");
        out.put(names[ni + n.index].view());
        out.put(" (");
        out.put(class_names<G>::values[n.index]);
        out.put(")");
        out.pad_from(at, w1);
        at = out.size;
        out.put_batch_shape(shapes[i]);
        out.pad_from(at, w2);
        at = out.size;
        out.put_number(f.params[n.index]);
        if (!wide) {
            out.put("\n");
            continue;
        }
        out.pad_from(at, w3);
        // Every call of the layer, each with the tensors it reads, one per line.
        bool first_line = true;
        for (std::size_t c = i; c != f.none; c = f.next_call[c]) {
            const node_info& call = G::nodes[c];
            for (std::size_t k = 0; k < call.input_count; ++k) {
                if (!first_line) out.fill(' ', w1 + w2 + w3);
                put_tensor_name<G>(out, call.inputs[k]);
                out.put("\n");
                first_line = false;
            }
        }
        if (first_line) out.put("-\n");
    }

    out.fill('=', width);
    out.put("\nTotal params: ");
    out.put_number(f.total_params);
    out.put("\nTrainable params: ");
    out.put_number(f.total_params - f.non_trainable_params);
    out.put("\nNon-trainable params: ");
    out.put_number(f.non_trainable_params);
    out.put("\n");
    out.fill('_', width);
    out.put("\n");
}

template <class G, class ModelName, bool Sequential>
inline constexpr std::size_t summary_length_v = [] {
    text_sink counter;
    write_summary<G>(counter, ModelName::value, Sequential);
    return counter.size;
}();

} // namespace detail

/// The summary of graph G as a compile-time string: the table that `basic_model::summary()`
/// prints at run time for a freshly built model of that graph named `ModelName::value` (a type
/// with a `static constexpr std::string_view value`, as in `name_list`), whose names were not
/// changed at run time — layer and input names from `names_v<G>`, shapes from `shapes_v<G>`,
/// parameter counts from `layer_params<G>()`, and the "Connected to" column for graphs that are
/// not a chain.
///
/// `Sequential`: the table of a Sequential model (no InputLayer row, as Keras and TF.js print it);
/// otherwise a functional model's (one InputLayer row per input).
///
/// Whether a layer is trainable is run-time configuration (`config().trainable`), unknown here:
/// every layer counts as trainable, and "Non-trainable params" counts what Keras counts as
/// non-trainable in trainable layers (BatchNormalization's moving statistics). A model whose
/// layers were frozen or renamed at run time prints a different table.
///
/// Computed in two passes over the same code: the first counts the characters, the second writes
/// them into a `static_text` of exactly that size.
template <class G, class ModelName, bool Sequential = false>
inline constexpr auto summary_text_v = [] {
    static_text<detail::summary_length_v<G, ModelName, Sequential>> text;
    detail::text_sink writer{text.chars.data()};
    detail::write_summary<G>(writer, ModelName::value, Sequential);
    return text;
}();

} // namespace scion::graph
