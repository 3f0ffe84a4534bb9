// scion/layers/merge.hpp — the merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum
// (element-wise, with broadcasting) and Concatenate (along one axis).
#pragma once

#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::layers {

/// The `max_inputs` of a merge layer that takes any number of inputs (from its `min_inputs` on).
inline constexpr std::size_t unbounded_inputs = std::numeric_limits<std::size_t>::max();

/// The shape rule of the element-wise merges (Add, Subtract, Multiply, Average, Maximum,
/// Minimum), as TensorFlow.js's `Merge.computeElementwiseOpOutputShape`: NumPy broadcasting of
/// the per-sample shapes. Shapes are aligned on their last axis; a shorter shape is read with
/// leading axes of size 1 (tfjs expands it at axis 1, just after the batch axis); on each axis the
/// sizes must be equal or one of them 1, and the output takes the other. `(2, 3)` and `(3)` give
/// `(2, 3)`; `(2, 1)` and `(1, 3)` give `(2, 3)`.
///
/// Errors:
///   - `input_count`: fewer than `min_inputs` inputs (expected = `min_inputs`) or more than
///     `max_inputs` (expected = `max_inputs`); actual = the number given.
///   - `dim_mismatch`: two sizes on one axis differ and neither is 1; expected = the size the
///     inputs before it agree on (the first input's, broadcast), actual = the conflicting size.
[[nodiscard]] constexpr shape_result elementwise_merge_shape(std::span<const Shape> in, std::size_t min_inputs,
                                                             std::size_t max_inputs) noexcept {
    if (in.size() < min_inputs) return shape_result::fail(shape_errc::input_count, min_inputs, in.size());
    if (in.size() > max_inputs) return shape_result::fail(shape_errc::input_count, max_inputs, in.size());
    if (in.empty()) return {Shape{}};
    Shape out = in[0];
    for (std::size_t i = 1; i < in.size(); ++i) {
        const Shape& s = in[i];
        const Shape& longer = s.rank() > out.rank() ? s : out;
        const std::size_t rank = longer.rank();
        Shape next = longer;
        for (std::size_t k = 0; k < rank; ++k) {
            // axis k of the result, read from the end of each shape
            const std::size_t from_end = rank - k;
            const std::size_t a = from_end <= out.rank() ? out[out.rank() - from_end] : 1;
            const std::size_t b = from_end <= s.rank() ? s[s.rank() - from_end] : 1;
            if (a == b || b == 1) next.set(k, a);
            else if (a == 1) next.set(k, b);
            else return shape_result::fail(shape_errc::dim_mismatch, a, b);
        }
        out = next;
    }
    return {out};
}

/// The shape rule of Concatenate, as Keras: `axis` counts the batch axis (0 is the batch axis,
/// which cannot be used; negative values count from the end, -1 is the last axis). All inputs
/// must have the same rank and the same sizes on every axis but `axis`; the output's size on
/// `axis` is the sum of the inputs'. `(2, 3)` and `(2, 4)` on axis -1 give `(2, 7)`.
///
/// Errors, checked in this order:
///   - `input_count`: fewer than 2 inputs (expected = 2, actual = the number given).
///   - `rank_mismatch`: an input's rank differs from the first input's (expected = the first
///     input's per-sample rank, actual = the other's).
///   - `bad_axis`: the axis is the batch axis or out of range. expected = the inputs' full rank,
///     batch axis included (per-sample rank + 1); actual = the normalized axis, `axis` if it is
///     ≥ 0, `axis + expected` if it is negative — so 0 means the batch axis (given as 0 or as
///     `-expected`), and a value ≥ expected means too large. An axis below `-expected` stays
///     negative after normalization and is stored in two's complement: read it back with
///     `static_cast<std::ptrdiff_t>(actual)`.
///   - `dim_mismatch`: a size on another axis differs from the first input's (expected = the
///     first input's size, actual = the other's).
[[nodiscard]] constexpr shape_result concatenate_output_shape(std::span<const Shape> in, int axis) noexcept {
    if (in.size() < 2) return shape_result::fail(shape_errc::input_count, 2, in.size());
    const Shape& first = in[0];
    for (const Shape& s : in)
        if (s.rank() != first.rank()) return shape_result::fail(shape_errc::rank_mismatch, first.rank(), s.rank());
    const auto full_rank = static_cast<long long>(first.rank()) + 1;
    const long long a = axis < 0 ? axis + full_rank : axis;
    if (a <= 0 || a >= full_rank)
        return shape_result::fail(shape_errc::bad_axis, static_cast<std::size_t>(full_rank), static_cast<std::size_t>(a));
    const auto per_sample = static_cast<std::size_t>(a - 1);
    Shape out = first;
    std::size_t total = 0;
    for (const Shape& s : in) {
        for (std::size_t k = 0; k < s.rank(); ++k)
            if (k != per_sample && s[k] != first[k]) return shape_result::fail(shape_errc::dim_mismatch, first[k], s[k]);
        total += s[per_sample];
    }
    out.set(per_sample, total);
    return {out};
}

/// The config of the element-wise merge layers (Keras: only the base fields).
struct merge_config : base_config {};

/// The config of `Concatenate` (Keras: `axis`, batch axis counted, default -1).
struct concatenate_config : base_config {
    int axis = -1;
};

namespace detail {

/// Throws shape_error for a failed merge shape rule, naming the layer and every input shape.
Shape check_merge_shape(const shape_result& r, std::string_view who_, std::span<const Shape> in);

/// Applies `f(y_element, x_element)` to every element of `y`, reading `x` broadcast to `y`'s
/// shape: the batch axes are aligned, the per-sample axes right-aligned (missing leading axes
/// and axes of size 1 repeat). Allocates nothing.
template <class F>
void broadcast_apply(const ConstTensorView& x, const TensorView& y, F f) noexcept {
    const std::size_t total = y.size();
    const std::size_t rank = y.shape.rank();
    if (total == 0 || rank == 0) {
        if (total == 1) f(y.data[0], x.data[0]);
        return;
    }
    const std::size_t xrank = x.shape.rank();
    std::array<std::size_t, max_rank> stride{};
    std::size_t run = 1;  // x's stride on its axis j
    for (std::size_t k = rank - 1; k >= 1; --k) {
        if (k + xrank >= rank + 1) {  // x has this axis: j = k + xrank - rank >= 1
            const std::size_t d = x.shape[k + xrank - rank];
            stride[k] = d == 1 ? 0 : run;
            run *= d;
        }
    }
    stride[0] = (xrank == 0 || x.shape[0] == 1) ? 0 : run;

    const std::size_t last = y.shape[rank - 1];
    const std::size_t step = stride[rank - 1];
    std::array<std::size_t, max_rank> index{};
    std::size_t offset = 0;
    float* out = y.data;
    for (std::size_t row = 0, rows = total / last; row < rows; ++row, out += last) {
        const float* in = x.data + offset;
        if (step == 0)
            for (std::size_t i = 0; i < last; ++i) f(out[i], in[0]);
        else if (step == 1)
            for (std::size_t i = 0; i < last; ++i) f(out[i], in[i]);
        else
            for (std::size_t i = 0; i < last; ++i) f(out[i], in[i * step]);
        for (std::size_t k = rank - 1; k-- > 0;) {  // the next row: an odometer over the other axes
            offset += stride[k];
            if (++index[k] < y.shape[k]) break;
            offset -= stride[k] * index[k];
            index[k] = 0;
        }
    }
}

/// The operation of an element-wise merge.
enum class merge_op : unsigned char { add, subtract, multiply, average, maximum, minimum };

/// y = op(xs[0], xs[1], ...), folded left to right as TensorFlow.js does ((x0 op x1) op x2 ...;
/// Average sums, then multiplies by 1/n). `y` has the broadcast output shape and must not
/// overlap any input. Allocates nothing.
void elementwise_merge_forward(merge_op op, std::span<const ConstTensorView> xs, const TensorView& y) noexcept;

} // namespace detail

/// What every merge layer shares: no weights, no scratch, and build, rebind and forward over a
/// list of inputs. `Derived` provides `class_name`, `default_name`, `min_inputs`, `max_inputs`
/// and `compute_output_shape(std::span<const Shape>)`.
template <class Derived, class Config>
class merge_layer : public basic_layer<Derived, Config> {
    using base = basic_layer<Derived, Config>;

public:
    using base::base;

    /// Checks the per-sample input shapes and marks the layer built; `input_shape()` is then the
    /// first input's shape and `output_shape()` the merged shape.
    void build(std::span<const Shape> in, seed, std::string_view = {});
    /// Re-targets the layer to new input shapes (it has no weights: this is build again).
    void rebind(std::span<const Shape> in) { build(in, seed{0}); }
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept { return 0; }

    /// Accepts only an empty list (a merge layer has no weights), built or not; throws
    /// weights_error otherwise.
    void set_weights(std::span<const Tensor> w);

    [[nodiscard]] json get_config() const;
};

/// The element-wise merges; `Derived::op` is the operation.
template <class Derived>
class elementwise_merge : public merge_layer<Derived, merge_config> {
    using base = merge_layer<Derived, merge_config>;

public:
    using base::base;

    [[nodiscard]] Shape compute_output_shape(std::span<const Shape> in) const;

    /// y = op(xs...), broadcasting; xs and y are batch-first row-major views, y already has the
    /// output shape (batch included) and does not overlap the inputs. Allocates nothing.
    void forward(std::span<const ConstTensorView> xs, const TensorView& y, std::span<float> /*scratch*/,
                 const call_context& /*ctx*/) const;

    [[nodiscard]] static merge_config config_from_json(const json& j);
    [[nodiscard]] static Derived from_config(const json& j) { return Derived(config_from_json(j)); }
};

/// Element-wise sum of its inputs (Keras `Add`), 2 or more, broadcast.
class Add : public elementwise_merge<Add> {
public:
    static constexpr std::string_view class_name = "Add";
    static constexpr std::string_view default_name = "add";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;
    static constexpr detail::merge_op op = detail::merge_op::add;
    explicit Add(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// `x0 - x1` (Keras `Subtract`): exactly 2 inputs, broadcast.
class Subtract : public elementwise_merge<Subtract> {
public:
    static constexpr std::string_view class_name = "Subtract";
    static constexpr std::string_view default_name = "subtract";
    static constexpr std::size_t min_inputs = 2, max_inputs = 2;
    static constexpr detail::merge_op op = detail::merge_op::subtract;
    explicit Subtract(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// Element-wise product of its inputs (Keras `Multiply`), 2 or more, broadcast.
class Multiply : public elementwise_merge<Multiply> {
public:
    static constexpr std::string_view class_name = "Multiply";
    static constexpr std::string_view default_name = "multiply";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;
    static constexpr detail::merge_op op = detail::merge_op::multiply;
    explicit Multiply(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// Element-wise mean of its inputs (Keras `Average`), 2 or more, broadcast: the sum times 1/n.
class Average : public elementwise_merge<Average> {
public:
    static constexpr std::string_view class_name = "Average";
    static constexpr std::string_view default_name = "average";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;
    static constexpr detail::merge_op op = detail::merge_op::average;
    explicit Average(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// Element-wise maximum of its inputs (Keras `Maximum`), 2 or more, broadcast.
class Maximum : public elementwise_merge<Maximum> {
public:
    static constexpr std::string_view class_name = "Maximum";
    static constexpr std::string_view default_name = "maximum";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;
    static constexpr detail::merge_op op = detail::merge_op::maximum;
    explicit Maximum(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// Element-wise minimum of its inputs (Keras `Minimum`), 2 or more, broadcast.
class Minimum : public elementwise_merge<Minimum> {
public:
    static constexpr std::string_view class_name = "Minimum";
    static constexpr std::string_view default_name = "minimum";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;
    static constexpr detail::merge_op op = detail::merge_op::minimum;
    explicit Minimum(config_type cfg) : elementwise_merge(std::move(cfg)) {}
};

/// Joins its inputs along one axis (Keras `Concatenate`), 2 or more; see
/// `concatenate_output_shape` for the axis convention.
class Concatenate : public merge_layer<Concatenate, concatenate_config> {
public:
    static constexpr std::string_view class_name = "Concatenate";
    static constexpr std::string_view default_name = "concatenate";
    static constexpr std::size_t min_inputs = 2, max_inputs = unbounded_inputs;

    explicit Concatenate(config_type cfg) : merge_layer(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(std::span<const Shape> in) const;

    /// Copies each input's block in turn along the axis; xs and y are batch-first row-major
    /// views, y already has the output shape and does not overlap the inputs. Allocates nothing.
    void forward(std::span<const ConstTensorView> xs, const TensorView& y, std::span<float> /*scratch*/,
                 const call_context& /*ctx*/) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Concatenate from_config(const json& j) { return Concatenate(config_from_json(j)); }
};

// The member functions of the merge bases are defined once, in src/layers/merge.cpp.
extern template class merge_layer<Add, merge_config>;
extern template class merge_layer<Subtract, merge_config>;
extern template class merge_layer<Multiply, merge_config>;
extern template class merge_layer<Average, merge_config>;
extern template class merge_layer<Maximum, merge_config>;
extern template class merge_layer<Minimum, merge_config>;
extern template class merge_layer<Concatenate, concatenate_config>;
extern template class elementwise_merge<Add>;
extern template class elementwise_merge<Subtract>;
extern template class elementwise_merge<Multiply>;
extern template class elementwise_merge<Average>;
extern template class elementwise_merge<Maximum>;
extern template class elementwise_merge<Minimum>;

} // namespace scion::layers
