// scion/dsl/repeat.hpp — Repeat<N, Block>: a block applied N times, each time with its own weights.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/graph/layer_tuple.hpp>

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scion {

namespace detail {
template <class B>
inline constexpr bool repeatable_block = [] {
    if constexpr (ModelLayer<B>) return B::input_count == 1 && B::output_count == 1;
    else return false;
}();
} // namespace detail

/// `Block` (a model type with one input and one output whose output shape is its input shape)
/// applied `N` times in a row, each repetition with its own weights: a residual stage of N
/// blocks, a deep stack of identical cells. It is one type whatever N is: its compile cost does
/// not grow with N (the N blocks are objects of one type, held in a vector).
///
///     struct bx : Input<16> {};
///     struct bh : Call<Dense<16, act::relu>, bx> {};
///     struct bs : Call<Add, bx, Call<Dense<16>, bh>> {};
///     using Block = Functional<Inputs<bx>, Outputs<bs>>;
///     struct stage : Call<Repeat<50, Block>, x> {};        // 50 residual blocks
///
/// Repetition k is a nested model named "<block>_k"-style (Keras automatic names); its weights
/// come from the model's seed under the scope "<repeat name>/<block name>/".
template <std::size_t N, class Block>
class Repeat {
    static_assert(N >= 1, "scion::Repeat<N, Block> requires N >= 1 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::repeatable_block<Block>,
                  "scion::Repeat<N, Block> requires 'Block' to be a model type with one input and one output, such as "
                  "scion::Sequential<...> or scion::Functional<Inputs<x>, Outputs<y>> [SCION_BAD_LAYER_ARGUMENT]");

public:
    using dsl_type = Repeat;
    using block_type = Block;
    static constexpr std::size_t repeats = N;
    static constexpr std::string_view class_name = "Repeat";
    static constexpr std::string_view default_name = "repeat";

    /// The block's shape rule; repeating needs the block to keep its input's shape.
    static constexpr shape_result infer(const Shape& in) noexcept {
        const shape_result r = Block::infer(in);
        if (!r.ok() || N == 1) return r;
        if (r.shape.rank() != in.rank()) return shape_result::fail(shape_errc::rank_mismatch, in.rank(), r.shape.rank());
        for (std::size_t d = 0; d < in.rank(); ++d)
            if (r.shape[d] != in[d]) return shape_result::fail(shape_errc::dim_mismatch, in[d], r.shape[d]);
        return r;
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return N * Block::param_count; }
    static constexpr std::size_t macs(const Shape&) noexcept { return N * Block::mac_count; }

    /// N blocks, not built (the model that holds the Repeat builds it).
    Repeat() : Repeat(graph::unbuilt) {}
    explicit Repeat(graph::unbuilt_t) {
        blocks_.reserve(N);
        const std::string base(Block::default_name);
        for (std::size_t k = 0; k < N; ++k) {
            blocks_.emplace_back(graph::unbuilt);
            blocks_.back().set_name(k == 0 ? base : base + "_" + std::to_string(k));
        }
    }

    [[nodiscard]] std::string_view name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    [[nodiscard]] bool built() const noexcept { return built_; }
    [[nodiscard]] Shape input_shape() const noexcept { return Block::template input_shape<0>; }
    [[nodiscard]] Shape output_shape() const noexcept { return Block::template output_shape<0>; }

    /// The repetitions, in order.
    [[nodiscard]] std::span<const Block> blocks() const noexcept { return blocks_; }
    [[nodiscard]] std::span<Block> blocks() noexcept { return blocks_; }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const std::string inner = std::string(scope) + name_ + "/";
        for (auto& b : blocks_)
            if (!b.built()) b.build(in, s, inner);
        built_ = true;
    }

    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        std::size_t inner = 0;
        for (const auto& b : blocks_) inner = std::max(inner, b.scratch_size(batch));
        return (N > 1 ? batch * Block::template output_shape<0>.elements() : 0) + inner;
    }
    /// Runs the blocks in turn, alternating between `y` and a scratch buffer so that the last
    /// block writes `y`.
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const layers::call_context& ctx) const {
        const std::size_t batch = x.shape[0];
        const std::size_t tmp_size = N > 1 ? batch * Block::template output_shape<0>.elements() : 0;
        const TensorView tmp{scratch.data(), y.shape};
        const std::span<float> inner = scratch.subspan(tmp_size);
        // With N blocks, block k writes y when N - 1 - k is even, else the scratch buffer.
        ConstTensorView in = x;
        for (std::size_t k = 0; k < N; ++k) {
            const TensorView out = (N - 1 - k) % 2 == 0 ? y : tmp;
            blocks_[k].forward(in, out, inner, ctx);
            in = out;
        }
    }

    [[nodiscard]] std::vector<Tensor> get_weights() const {
        std::vector<Tensor> all;
        for (const auto& b : blocks_)
            for (auto& t : b.get_weights()) all.push_back(std::move(t));
        return all;
    }
    /// Sets the weights of every block in turn; counts and shapes are checked first (through
    /// each block), and nothing changes on a mismatch.
    void set_weights(std::span<const Tensor> w) {
        const std::size_t per_block = blocks_[0].get_weights().size();
        if (w.size() != per_block * N)
            throw weights_error("Repeat layer '" + name_ + "': expected " + std::to_string(per_block * N) +
                                " weight arrays, got " + std::to_string(w.size()));
        std::vector<Block> next = blocks_;
        for (std::size_t k = 0; k < N; ++k) next[k].set_weights(w.subspan(k * per_block, per_block));
        blocks_ = std::move(next);
    }

private:
    std::string name_;
    bool built_ = false;
    std::vector<Block> blocks_;
};

template <class T>
inline constexpr bool is_repeat_v = false;
template <std::size_t N, class B>
inline constexpr bool is_repeat_v<Repeat<N, B>> = true;

} // namespace scion
