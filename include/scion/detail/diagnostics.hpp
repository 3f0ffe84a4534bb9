// scion/detail/diagnostics.hpp — the catalogue of compile-time diagnostics (implementation
// detail). Every static_assert of scion carries one of the tokens below in its message; each is
// documented, with cause and fix, in docs/errors.md.
//
//   SCION_SHAPE_MISMATCH              a layer cannot take the shape its input gives it
//   SCION_NOT_A_LAYER                 a model was given a type that is not a layer
//   SCION_SEQUENTIAL_NEEDS_INPUT      Sequential's first argument is not scion::Input<...>
//   SCION_BAD_INPUT_SHAPE             Input<...> with no dimension, a zero, or too many axes
//   SCION_NOT_A_MODEL                 clone_model / model traits used on a non-model type
//   SCION_NOT_CLONEABLE               the default clone meets a layer without a config
//   SCION_CLONE_FN_NOT_CALLABLE       the clone function cannot be called with a layer
//   SCION_CLONE_FN_RESULT_NOT_A_LAYER the clone function returns something that is not a layer
//   SCION_BAD_CLONE_INPUTS            `inputs` is neither scion::keep_inputs nor scion::Input<...>
//   SCION_COPY_WEIGHTS_SHAPE_CHANGED  copy_weights with new inputs that need weights of other shapes
//   SCION_NOT_AN_ACTIVATION           an activation argument is not a scion::act type
//   SCION_NOT_AN_INITIALIZER          an initializer argument is not a scion::init type
//   SCION_UNKNOWN_OPTION              a layer was given an option it does not take
//   SCION_BAD_LAYER_ARGUMENT          a layer argument is out of range (units 0, rate >= 1, ...)
//   SCION_BIDIRECTIONAL_NEEDS_RNN     Bidirectional wraps a layer that is not recurrent
//   SCION_NOT_A_NODE                  a Call, Get or Outputs argument is not a graph node
//   SCION_FUNCTIONAL_INPUTS           Inputs<...> is empty, repeats a node, or lists a non-input
//   SCION_UNLISTED_INPUT              an output depends on an input node not listed in Inputs<...>
//   SCION_DUPLICATE_NAME              two layers or inputs of a model declare the same name
//   SCION_MERGE_ARITY                 a merge layer is called on a number of inputs it does not take
//   SCION_CALL_ARITY                  a one-input layer is called on several inputs (or none)
//   SCION_GET_OUT_OF_RANGE            Get<Node, K> asks for an output the node's layer does not have
//   SCION_CALL_FUNCTION_SEQUENTIAL    call_function<F> given to clone a Sequential (it has no call sites)
//   SCION_REWRITE_AS_OPTION           a rewrite set (scion::deploy, ...) given among clone_model's options
#pragma once

#include <scion/core/shape.hpp>

#include <cstddef>

namespace scion::diagnostic {

// These templates are declared and never defined, on purpose. When scion finds an error it
// names one of them with the numbers of the error as template arguments, so that the compiler's
// error line shows them, for example:
//     incomplete type 'scion::diagnostic::rank_mismatch_at_layer<0, 2, 1>'
// reads: layer 0 (the first after the input, counting from 0) expects rank 2 and got rank 1.

/// Layer `Layer` needs an input of exactly rank `Expected` (batch axis not counted), got `Actual`.
template <std::size_t Layer, std::size_t Expected, std::size_t Actual>
struct rank_mismatch_at_layer;
/// Layer `Layer` needs an input of rank at least `Expected`, got `Actual`.
template <std::size_t Layer, std::size_t Expected, std::size_t Actual>
struct rank_too_small_at_layer;
/// Layer `Layer` needs `Expected` elements per sample, got `Actual` (Reshape).
template <std::size_t Layer, std::size_t Expected, std::size_t Actual>
struct element_count_mismatch_at_layer;
/// Layer `Layer` needs a multiple of `Divisor` elements per sample, got `Actual` (Reshape with -1).
template <std::size_t Layer, std::size_t Divisor, std::size_t Actual>
struct element_count_not_multiple_at_layer;
/// Layer `Layer` meets or makes a zero-sized dimension.
template <std::size_t Layer>
struct zero_dimension_at_layer;
/// The type at position `Position` of a model's layer list is not a layer.
template <std::size_t Position, class T>
struct not_a_layer_at_position;
/// The clone function cannot be called with the layer at `Position`, of type `T`.
template <std::size_t Position, class T>
struct clone_fn_not_callable_with_layer;
/// The clone function returns `R`, not a layer, for the layer at `Position`.
template <std::size_t Position, class R>
struct clone_fn_returns_non_layer_at_position;
/// The layer at `Position`, of type `T`, has no config, so the default clone cannot rebuild it.
template <std::size_t Position, class T>
struct not_cloneable_at_position;
/// copy_weights keeps the weights of layer `Layer`, but on the new inputs it would need `New`
/// parameters instead of `Old`.
template <std::size_t Layer, std::size_t Old, std::size_t New>
struct copy_weights_params_change_at_layer;
/// The option at `Option` (counted from 0 after the clone function `CloneFn`) is a rewrite set,
/// which belongs in the clone function's place.
template <std::size_t Option, class CloneFn>
struct rewrite_set_given_as_option;

/// Layer `Layer` merges inputs that disagree on an axis: `First` on its first input, `Other` on another.
template <std::size_t Layer, std::size_t First, std::size_t Other>
struct inputs_disagree_at_layer;
/// Layer `Layer` uses an axis (`Axis`, batch axis counted) its inputs of rank `Rank` do not have.
template <std::size_t Layer, std::size_t Rank, std::size_t Axis>
struct bad_axis_at_layer;
/// Layer `Layer` is given `Given` inputs; it takes `Expected` (at least, for merges).
template <std::size_t Layer, std::size_t Expected, std::size_t Given>
struct wrong_input_count_at_layer;
/// Layer `Layer` is shared and its weights (`First` scalars) do not fit a later call's inputs (`Here`).
template <std::size_t Layer, std::size_t First, std::size_t Here>
struct shared_layer_needs_other_weights_at_layer;

// Functional graphs: the node (a struct of the user's program) is the first argument.

/// Node `Node` has a layer whose input has rank `Actual` where rank `Expected` is needed.
template <class Node, std::size_t Expected, std::size_t Actual>
struct rank_mismatch_at_node;
template <class Node, std::size_t Expected, std::size_t Actual>
struct rank_too_small_at_node;
template <class Node, std::size_t Expected, std::size_t Actual>
struct element_count_mismatch_at_node;
template <class Node, std::size_t Divisor, std::size_t Actual>
struct element_count_not_multiple_at_node;
template <class Node>
struct zero_dimension_at_node;
/// Node `Node` merges inputs that disagree on an axis: `First` on its first input, `Other` on another.
template <class Node, std::size_t First, std::size_t Other>
struct inputs_disagree_at_node;
/// Node `Node` uses an axis (`Axis`, batch axis counted) its inputs of rank `Rank` do not have.
template <class Node, std::size_t Rank, std::size_t Axis>
struct bad_axis_at_node;
/// Node `Node` gives its layer `Given` inputs; the layer takes `Expected` (at least, for merges).
template <class Node, std::size_t Expected, std::size_t Given>
struct wrong_input_count_at_node;
/// Node `Node` is Get<..., Asked - 1> on a layer with `Outputs` outputs.
template <class Node, std::size_t Outputs, std::size_t Asked>
struct output_index_out_of_range_at_node;
/// Node `Node` calls a shared layer whose weights (`First` scalars, built at its first call) do
/// not fit this call's inputs, which need `Here`.
template <class Node, std::size_t First, std::size_t Here>
struct shared_layer_needs_other_weights_at_node;
/// Input node `Node` is reached from the outputs but not listed in Inputs<...>.
template <class Node>
struct input_not_listed_in_Inputs;
/// `Declarer` (a node, a named layer or an input) declares a name that another one declares too.
template <class Declarer>
struct name_declared_twice;

// ---- a failed shape rule, as the type that names it ----------------------------------------------
// One mapping from shape_errc to the diagnostic type, for both places an error can be: the layer
// at position I of a Sequential (`at_layer<I>`) or node `Node` of a functional graph
// (`at_node<Node>`).

template <std::size_t I>
struct at_layer {
    template <std::size_t E, std::size_t A> using rank_mismatch = rank_mismatch_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using rank_too_small = rank_too_small_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using size_mismatch = element_count_mismatch_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using not_divisible = element_count_not_multiple_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using dim_mismatch = inputs_disagree_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using bad_axis = bad_axis_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using input_count = wrong_input_count_at_layer<I, E, A>;
    template <std::size_t E, std::size_t A> using shared_weights = shared_layer_needs_other_weights_at_layer<I, E, A>;
    template <std::size_t, std::size_t> using zero_dimension = zero_dimension_at_layer<I>;
};
template <class Node>
struct at_node {
    template <std::size_t E, std::size_t A> using rank_mismatch = rank_mismatch_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using rank_too_small = rank_too_small_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using size_mismatch = element_count_mismatch_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using not_divisible = element_count_not_multiple_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using dim_mismatch = inputs_disagree_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using bad_axis = bad_axis_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using input_count = wrong_input_count_at_node<Node, E, A>;
    template <std::size_t E, std::size_t A> using shared_weights = shared_layer_needs_other_weights_at_node<Node, E, A>;
    template <std::size_t, std::size_t> using zero_dimension = zero_dimension_at_node<Node>;
};

template <class Where, shape_errc E, std::size_t Expected, std::size_t Actual>
struct shape_error_type {
    using type = typename Where::template zero_dimension<Expected, Actual>;
};
#define SCION_SHAPE_ERROR_TYPE(errc)                                                   \
    template <class Where, std::size_t Expected, std::size_t Actual>                   \
    struct shape_error_type<Where, shape_errc::errc, Expected, Actual> {               \
        using type = typename Where::template errc<Expected, Actual>;                  \
    };
SCION_SHAPE_ERROR_TYPE(rank_mismatch)
SCION_SHAPE_ERROR_TYPE(rank_too_small)
SCION_SHAPE_ERROR_TYPE(size_mismatch)
SCION_SHAPE_ERROR_TYPE(not_divisible)
SCION_SHAPE_ERROR_TYPE(dim_mismatch)
SCION_SHAPE_ERROR_TYPE(bad_axis)
SCION_SHAPE_ERROR_TYPE(input_count)
SCION_SHAPE_ERROR_TYPE(shared_weights)
#undef SCION_SHAPE_ERROR_TYPE

/// The undefined type that spells out shape error `E` (with its numbers) at `Where`.
template <class Where, shape_errc E, std::size_t Expected, std::size_t Actual>
using shape_error_t = typename shape_error_type<Where, E, Expected, Actual>::type;

} // namespace scion::diagnostic
