// scion/dsl/traits.hpp — compile-time facts about a model type: shapes, parameter counts and
// its summary.
#pragma once

#include <scion/dsl/input.hpp>
#include <scion/graph/shape_inference.hpp>
#include <scion/graph/summary.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scion {

/// A static model type: one with a canonical graph.
template <class M>
concept StaticModel = requires { typename M::graph_type; };

/// A model type whose declaration was invalid and has already been reported (an empty shell):
/// the traits give neutral values for it instead of a second error.
template <class M>
concept DiagnosedModel = requires { typename M::invalid_model_diagnosed; };

namespace detail {
template <class M>
constexpr bool check_model() {
    static_assert(StaticModel<M> || DiagnosedModel<M>, "scion's model traits require 'M' to be a static model type "
                                                       "such as scion::Sequential<Input<4>, Dense<2>> "
                                                       "[SCION_NOT_A_MODEL]");
    return StaticModel<M> || DiagnosedModel<M>;
}
template <class M>
constexpr std::size_t param_count_of() {
    if constexpr (StaticModel<M>) return M::param_count;
    else return 0;
}
template <class M, std::size_t I>
constexpr Shape output_shape_of() {
    if constexpr (StaticModel<M>) return M::template output_shape<I>;
    else return Shape{};
}
template <class M, std::size_t I>
constexpr Shape input_shape_of() {
    if constexpr (StaticModel<M>) return M::template input_shape<I>;
    else return Shape{};
}
} // namespace detail

/// The number of weight scalars of model type `M` (Keras's `count_params()`), at compile time.
template <class M>
    requires(detail::check_model<M>())
inline constexpr std::size_t param_count_v = detail::param_count_of<M>();

/// The per-sample output shape of model `M` (output `I`), as a value and as a type `dims<...>`.
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
inline constexpr Shape output_shape_v = detail::output_shape_of<M, I>();
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
using output_shape_t = detail::apply_dims_t<dims, detail::output_shape_of<M, I>()>;

/// The per-sample input shape of model `M` (input `I`), as a value and as a type `dims<...>`.
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
inline constexpr Shape input_shape_v = detail::input_shape_of<M, I>();
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
using input_shape_t = detail::apply_dims_t<dims, detail::input_shape_of<M, I>()>;

namespace detail {
/// The name a model type's objects take when none is given ("sequential", "functional").
template <class M>
struct model_default_name {
    static constexpr std::string_view value = [] {
        if constexpr (requires { M::default_name; }) return std::string_view(M::default_name);
        else return std::string_view("functional");
    }();
};
template <class M>
constexpr auto summary_of() {
    if constexpr (StaticModel<M>)
        return graph::summary_text_v<typename M::graph_type, model_default_name<M>, graph::is_sequential_model<M>>;
    else return graph::static_text<0>{};
}
} // namespace detail

/// Keras's `model.summary()` table of model type `M`, computed at compile time: the string that
/// `M{seed{...}}.summary()` returns for a model under its default name ("sequential",
/// "functional") whose names and layers' configs were not changed at run time. `.view()` gives
/// it as a std::string_view; the text is exactly as long as the table (no fixed cap).
///
/// Whether a layer is trainable is set at run time, so here every layer is trainable; the
/// non-trainable count is what Keras counts in trainable layers (BatchNormalization's moving
/// statistics), as the run-time summary does.
///
///     using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
///     static_assert(summary_v<Classifier>.view().starts_with("Model: \"sequential\""));
template <class M>
    requires(detail::check_model<M>())
inline constexpr auto summary_v = detail::summary_of<M>();

/// `summary_v<M>.view()`.
template <class M>
    requires(detail::check_model<M>())
[[nodiscard]] constexpr std::string_view summary_string() noexcept {
    return summary_v<M>.view();
}

} // namespace scion
