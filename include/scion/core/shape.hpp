// scion/core/shape.hpp — Shape, a small constexpr list of dimensions, and shape_result.
#pragma once

#include <scion/core/error.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>

namespace scion {

/// The largest rank scion handles (batch axis included).
inline constexpr std::size_t max_rank = 8;

/// A tensor shape: up to `max_rank` dimensions, usable at compile time and as a template
/// argument (its members are public so that it is a structural type; use the accessors).
/// Unused entries are always zero, so `==` compares shapes.
struct Shape {
    std::array<std::size_t, max_rank> dims_{};
    std::size_t rank_ = 0;

    constexpr Shape() = default;
    constexpr Shape(std::initializer_list<std::size_t> dims) {
        for (std::size_t d : dims) push_back(d);
    }
    template <class It>
    constexpr Shape(It first, It last) {
        for (; first != last; ++first) push_back(static_cast<std::size_t>(*first));
    }

    [[nodiscard]] constexpr std::size_t rank() const noexcept { return rank_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return rank_ == 0; }
    [[nodiscard]] constexpr std::size_t operator[](std::size_t i) const noexcept { return dims_[i]; }
    [[nodiscard]] constexpr std::size_t back() const noexcept { return dims_[rank_ - 1]; }
    [[nodiscard]] constexpr std::size_t front() const noexcept { return dims_[0]; }
    [[nodiscard]] constexpr const std::size_t* begin() const noexcept { return dims_.data(); }
    [[nodiscard]] constexpr const std::size_t* end() const noexcept { return dims_.data() + rank_; }

    /// Number of elements: the product of the dimensions (1 for rank 0).
    [[nodiscard]] constexpr std::size_t elements() const noexcept {
        std::size_t n = 1;
        for (std::size_t i = 0; i < rank_; ++i) n *= dims_[i];
        return n;
    }

    constexpr void push_back(std::size_t d) {
        if (rank_ == max_rank) throw_rank_overflow();
        dims_[rank_++] = d;
    }
    constexpr void set(std::size_t i, std::size_t d) noexcept { dims_[i] = d; }

    /// This shape with `d` in front (adds the batch axis).
    [[nodiscard]] constexpr Shape prepend(std::size_t d) const {
        Shape s;
        s.push_back(d);
        for (std::size_t x : *this) s.push_back(x);
        return s;
    }
    /// This shape without its first axis (drops the batch axis).
    [[nodiscard]] constexpr Shape drop_front() const noexcept {
        Shape s;
        for (std::size_t i = 1; i < rank_; ++i) s.dims_[s.rank_++] = dims_[i];
        return s;
    }
    /// This shape with its last dimension replaced.
    [[nodiscard]] constexpr Shape with_back(std::size_t d) const noexcept {
        Shape s = *this;
        s.dims_[rank_ - 1] = d;
        return s;
    }

    friend constexpr bool operator==(const Shape&, const Shape&) = default;

    /// "(3, 728)"; `batch_free` writes "(None, 728)" for a shape given without batch axis.
    [[nodiscard]] std::string to_string() const;
    /// Keras's notation for a per-sample shape: "(None, 728)".
    [[nodiscard]] std::string to_batch_string() const;

private:
    static void throw_rank_overflow();
};

/// Why a shape rule rejected its input.
enum class shape_errc : unsigned char {
    ok,
    rank_mismatch,   ///< the input must have exactly `expected` axes, it has `actual`
    rank_too_small,  ///< the input must have at least `expected` axes, it has `actual`
    size_mismatch,   ///< the input must hold `expected` elements, it holds `actual`
    not_divisible,   ///< the input must hold a multiple of `expected` elements, it holds `actual`
    zero_dimension,  ///< a dimension or unit count is zero
    input_count,     ///< the layer takes `expected` inputs (at least, for merges), it was given `actual`
    dim_mismatch,    ///< inputs disagree on an axis: `expected` on the first input, `actual` on another
    bad_axis,        ///< the axis `actual` (batch axis counted) is not valid for inputs of rank `expected`
    shared_weights,  ///< a shared layer holds `expected` weight scalars; this call's inputs need `actual`
};

/// The result of a layer's shape rule: the output shape (per sample, no batch axis), or why
/// there is none. Shape rules are constexpr functions shared by the static and dynamic paths.
struct shape_result {
    Shape shape{};
    shape_errc errc = shape_errc::ok;
    std::size_t expected = 0;
    std::size_t actual = 0;

    [[nodiscard]] constexpr bool ok() const noexcept { return errc == shape_errc::ok; }
    [[nodiscard]] static constexpr shape_result fail(shape_errc e, std::size_t expected,
                                                     std::size_t actual) noexcept {
        shape_result r;
        r.errc = e;
        r.expected = expected;
        r.actual = actual;
        return r;
    }
    /// A sentence describing the failure, for run-time error messages.
    [[nodiscard]] std::string describe() const;
};

} // namespace scion
