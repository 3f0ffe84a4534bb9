// tests/runtime/test_conv.cpp — the convolutions on the engine and the dynamic path: every
// conv_* TensorFlow.js fixture (load, predict, clone, save and load again), hand-computed values
// where TF.js cannot run the layer (groups, output_padding, dilated transposes), Keras configs
// (TF.js's, Keras 2's and 3's) and the errors misuse gets. The static path (DSL types, compile-time
// shape rules, static fixtures) is in test_conv_static.cpp.
#define BOOST_TEST_MODULE conv
#include <boost/test/unit_test.hpp>

#include "layers_fixture.hpp"

#include <scion/dynamic.hpp>
#include <scion/layers/conv.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

using namespace scion;
namespace d = scion::dynamic;
namespace L = scion::layers;
using scion::test_fixtures::check_layers_fixture;
using scion::test_fixtures::random_tensor;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

using scion::test_fixtures::says;


/// Runs engine layer `l` (built) on `x`, with scratch and output sized as a model would.
template <class Layer>
Tensor run(const Layer& l, const Tensor& x) {
    Tensor y(l.output_shape().prepend(x.shape()[0]));
    std::vector<float> scratch(l.scratch_size(x.shape()[0]));
    l.forward(x.view(), y.view(), scratch, {});
    return y;
}

/// A built engine layer from `cfg`, on per-sample input `in`, with random weights.
template <class Layer, class Config>
Layer built(Config cfg, Shape in, unsigned seed_value = 1) {
    cfg.name = std::string(Layer::default_name);
    Layer l(std::move(cfg));
    l.build(in, seed{seed_value});
    std::vector<Tensor> w = l.get_weights();
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = random_tensor(w[i].shape(), seed_value * 31 + unsigned(i));
    l.set_weights(w);
    return l;
}

float max_diff(const Tensor& a, const Tensor& b) { return scion::test_fixtures::max_error(a, b); }

double dot(const Tensor& a, const Tensor& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i]) * double(b[i]);
    return s;
}

L::conv_config<2> conv2d_cfg(std::size_t filters, L::conv_dims<2> k) {
    L::conv_config<2> c;
    c.filters = filters;
    c.kernel_size = k;
    return c;
}

json layer_config_of(const std::string& fixture, std::size_t index = 0) {
    const json m = scion::test_fixtures::read_json("layers/" + fixture + "/model.json");
    return m.at("modelTopology").at("config").at("layers").at(index);
}

} // namespace

// ---- TensorFlow.js fixtures: the dynamic path (load, predict within 1e-5, clone, save, reload) ----------

BOOST_AUTO_TEST_CASE(conv1d_valid_matches_tfjs) { check_layers_fixture("conv_1d_valid", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv1d_same_strided_relu_matches_tfjs) { check_layers_fixture("conv_1d_same_strided", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv1d_dilated_without_bias_matches_tfjs) { check_layers_fixture("conv_1d_dilated", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv1d_causal_dilated_matches_tfjs_on_the_left_padded_input) {
    check_layers_fixture("conv_1d_causal", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv1d_causal_strided_matches_tfjs_on_the_left_padded_input) {
    check_layers_fixture("conv_1d_causal_strided", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_valid_matches_tfjs) { check_layers_fixture("conv_2d_valid", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_same_strided_matches_tfjs) { check_layers_fixture("conv_2d_same_strided", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_same_with_an_even_kernel_pads_as_tfjs) {
    check_layers_fixture("conv_2d_same_even_kernel", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_valid_strided_matches_tfjs) { check_layers_fixture("conv_2d_valid_strided", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_dilated_same_matches_tfjs) { check_layers_fixture("conv_2d_dilated_same", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_dilated_valid_matches_tfjs) { check_layers_fixture("conv_2d_dilated_valid", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_pointwise_softmax_matches_tfjs) { check_layers_fixture("conv_2d_pointwise", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_pointwise_strided_matches_tfjs) {
    check_layers_fixture("conv_2d_pointwise_strided", 1e-5f);
}
BOOST_AUTO_TEST_CASE(two_stacked_conv2d_match_tfjs) { check_layers_fixture("conv_2d_stack", 1e-5f); }
BOOST_AUTO_TEST_CASE(depthwise_same_strided_with_multiplier_matches_tfjs) {
    check_layers_fixture("conv_depthwise_same_strided", 1e-5f);
}
BOOST_AUTO_TEST_CASE(depthwise_valid_matches_tfjs) { check_layers_fixture("conv_depthwise_valid", 1e-5f); }
BOOST_AUTO_TEST_CASE(depthwise_dilated_matches_tfjs_depthwise_op) {
    check_layers_fixture("conv_depthwise_dilated", 1e-5f);
}
BOOST_AUTO_TEST_CASE(depthwise_dilated_valid_matches_tfjs_depthwise_op) {
    check_layers_fixture("conv_depthwise_dilated_valid", 1e-5f);
}
BOOST_AUTO_TEST_CASE(separable_same_with_multiplier_matches_tfjs) {
    check_layers_fixture("conv_separable_same", 1e-5f);
}
BOOST_AUTO_TEST_CASE(separable_strided_matches_tfjs) { check_layers_fixture("conv_separable_strided", 1e-5f); }
BOOST_AUTO_TEST_CASE(separable_dilated_matches_tfjs) { check_layers_fixture("conv_separable_dilated", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_transpose_valid_matches_tfjs) { check_layers_fixture("conv_transpose_valid", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_transpose_same_matches_tfjs) { check_layers_fixture("conv_transpose_same", 1e-5f); }
BOOST_AUTO_TEST_CASE(conv2d_transpose_same_even_kernel_matches_tfjs) {
    check_layers_fixture("conv_transpose_same_even_kernel", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_transpose_rectangular_matches_tfjs) {
    check_layers_fixture("conv_transpose_rect", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_transpose_kernel_smaller_than_stride_matches_tfjs) {
    check_layers_fixture("conv_transpose_small_kernel", 1e-5f);
}
BOOST_AUTO_TEST_CASE(small_cnn_matches_tfjs) { check_layers_fixture("conv_cnn", 1e-5f); }

// ---- hand-computed values -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(conv1d_causal_sees_only_the_past) {
    // kernel (2, 1, 1) = [1, 10]: y[t] = x[t - 1] + 10 x[t], with x[-1] = 0.
    L::conv_config<1> c;
    c.filters = 1;
    c.kernel_size = {2};
    c.padding = L::conv_padding::causal;
    c.use_bias = false;
    L::Conv1D l(c);
    l.build(Shape{4, 1}, seed{1});
    l.set_weights(std::vector<Tensor>{Tensor(Shape{2, 1, 1}, {1.0f, 10.0f})});
    const Tensor y = run(l, Tensor(Shape{1, 4, 1}, {1, 2, 3, 4}));
    BOOST_TEST(y == Tensor(Shape{1, 4, 1}, {10, 21, 32, 43}));
}

/// Conv2D by its definition, in double: y[b, oy, ox, f] = act(bias[f] + Σ x[b, iy, ix, c] · k[ky, kx, c - c0, f])
/// over the taps inside the input, with channels c of f's group.
Tensor reference_conv2d(const L::conv_config<2>& c, const std::vector<Tensor>& w, const Tensor& x, const Shape& out) {
    const std::size_t batch = x.shape()[0], h = x.shape()[1], wd = x.shape()[2], ch = x.shape()[3];
    const std::size_t cg = ch / c.groups, fg = c.filters / c.groups;
    const std::size_t pt = L::conv_padding_before(h, c.kernel_size[0], c.strides[0], c.dilation_rate[0], c.padding);
    const std::size_t pl = L::conv_padding_before(wd, c.kernel_size[1], c.strides[1], c.dilation_rate[1], c.padding);
    Tensor y(out.prepend(batch));
    std::size_t i = 0;
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t oy = 0; oy < out[0]; ++oy)
            for (std::size_t ox = 0; ox < out[1]; ++ox)
                for (std::size_t f = 0; f < c.filters; ++f, ++i) {
                    double s = c.use_bias ? w[1][f] : 0.0;
                    for (std::size_t ky = 0; ky < c.kernel_size[0]; ++ky)
                        for (std::size_t kx = 0; kx < c.kernel_size[1]; ++kx) {
                            const auto iy = std::ptrdiff_t(oy * c.strides[0] + ky * c.dilation_rate[0]) - std::ptrdiff_t(pt);
                            const auto ix = std::ptrdiff_t(ox * c.strides[1] + kx * c.dilation_rate[1]) - std::ptrdiff_t(pl);
                            if (iy < 0 || ix < 0 || iy >= std::ptrdiff_t(h) || ix >= std::ptrdiff_t(wd)) continue;
                            for (std::size_t k = 0; k < cg; ++k)
                                s += double(x[((b * h + std::size_t(iy)) * wd + std::size_t(ix)) * ch + (f / fg) * cg + k]) *
                                     double(w[0][((ky * c.kernel_size[1] + kx) * cg + k) * c.filters + f]);
                        }
                    y[i] = c.activation == activation_id::relu ? std::max(0.0f, float(s)) : float(s);
                }
    return y;
}

BOOST_AUTO_TEST_CASE(conv_forward_over_chunks_of_samples_gives_each_samples_outputs) {
    // forward runs the output rows of several samples per matrix product, a chunk at a time (its
    // scratch_size grows with the batch, up to a cap): chunks that start and end inside a sample
    // and a last, shorter chunk give each sample what it gets alone, and the convolution's
    // definition, for every kind of geometry.
    struct variant {
        const char* what;
        L::conv_config<2> cfg;
        Shape in;
    };
    std::vector<variant> vs;
    auto base = conv2d_cfg(8, {3, 3});
    base.activation = activation_id::relu;
    vs.push_back({"valid, one channel", base, Shape{12, 11, 1}});
    vs.push_back({"valid, four channels", base, Shape{9, 9, 4}});
    auto same = base;
    same.padding = L::conv_padding::same;
    same.strides = {2, 1};
    vs.push_back({"same, strides (2, 1)", same, Shape{9, 8, 4}});
    auto dil = conv2d_cfg(6, {2, 3});
    dil.padding = L::conv_padding::same;
    dil.dilation_rate = {2, 2};
    dil.use_bias = false;
    vs.push_back({"same, even kernel, dilation 2, no bias", dil, Shape{10, 9, 3}});
    auto grp = conv2d_cfg(6, {3, 2});
    grp.groups = 3;
    grp.strides = {1, 2};
    vs.push_back({"groups 3, strides (1, 2)", grp, Shape{8, 9, 6}});
    vs.push_back({"pointwise", conv2d_cfg(5, {1, 1}), Shape{9, 9, 4}});
    for (const variant& v : vs) {
        BOOST_TEST_CONTEXT(v.what) {
            const auto l = built<L::Conv2D>(v.cfg, v.in, 5);
            if (v.cfg.kernel_size != L::conv_dims<2>{1, 1})
                BOOST_TEST(l.scratch_size(40) > l.scratch_size(1), "no chunk of several samples");
            for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{40}}) {
                const Tensor x = random_tensor(v.in.prepend(batch), unsigned(batch));
                const Tensor y = run(l, x);
                BOOST_TEST(max_diff(y, reference_conv2d(v.cfg, l.get_weights(), x, l.output_shape())) <= 1e-5f);
                // Each sample alone, its outputs put where the batch's are.
                const std::size_t in_n = v.in.elements(), out_n = l.output_shape().elements();
                Tensor alone(y.shape());
                for (std::size_t b = 0; b < batch; ++b) {
                    Tensor xb(v.in.prepend(1));
                    std::copy_n(x.values().begin() + std::ptrdiff_t(b * in_n), in_n, xb.values().begin());
                    const Tensor yb = run(l, xb);
                    std::copy_n(yb.values().begin(), out_n, alone.values().begin() + std::ptrdiff_t(b * out_n));
                }
                // Equal up to the last bits of the largest outputs: the product's kernel may take
                // a row of a tall product down another path of its register blocking than alone.
                const float worst = max_diff(y, alone);
                const float scale = std::max(1.0f, max_diff(alone, Tensor(alone.shape())));
                BOOST_TEST(worst <= 1e-6f * scale,
                           "batch " << batch << ": a sample differs from its own run by " << worst << " (outputs up to "
                                    << scale << ")");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(conv2d_with_groups_equal_to_channels_is_a_depthwise_conv2d) {
    // groups = channels = filters: kernel (3, 3, 1, 4) holds the same numbers in the same order as
    // DepthwiseConv2D's (3, 3, 4, 1), and both compute channel c from channel c alone.
    auto cfg = conv2d_cfg(4, {3, 3});
    cfg.groups = 4;
    cfg.padding = L::conv_padding::same;
    cfg.strides = {2, 1};
    const auto g = built<L::Conv2D>(cfg, Shape{6, 5, 4}, 3);
    BOOST_TEST(g.get_weights()[0].shape() == (Shape{3, 3, 1, 4}));
    L::depthwise_conv2d_config dc;
    dc.kernel_size = {3, 3};
    dc.padding = L::conv_padding::same;
    dc.strides = {2, 1};
    L::DepthwiseConv2D dw(dc);
    dw.build(Shape{6, 5, 4}, seed{1});
    const auto w = g.get_weights();
    dw.set_weights(std::vector<Tensor>{Tensor(Shape{3, 3, 4, 1}, std::vector<float>(w[0].values().begin(), w[0].values().end())), w[1]});
    const Tensor x = random_tensor(Shape{2, 6, 5, 4}, 7);
    BOOST_TEST(max_diff(run(g, x), run(dw, x)) <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(conv2d_with_two_groups_is_two_convolutions_side_by_side) {
    // groups 2: input channels [0, 3) give filters [0, 2), channels [3, 6) give filters [2, 4).
    auto cfg = conv2d_cfg(4, {2, 3});
    cfg.groups = 2;
    cfg.dilation_rate = {1, 2};
    const Shape in{5, 7, 6};
    const auto g = built<L::Conv2D>(cfg, in, 5);
    const Tensor x = random_tensor(in.prepend(2), 9);
    const Tensor y = run(g, x);
    const std::vector<Tensor> w = g.get_weights();
    const Tensor& k = w[0];  // (2, 3, 3, 4)
    const Tensor& b = w[1];
    for (std::size_t half = 0; half < 2; ++half) {
        auto hc = conv2d_cfg(2, {2, 3});
        hc.dilation_rate = {1, 2};
        hc.name = "half";
        L::Conv2D h(hc);
        h.build(Shape{5, 7, 3}, seed{1});
        Tensor hk(Shape{2, 3, 3, 2});
        for (std::size_t tap = 0; tap < 6; ++tap)
            for (std::size_t c = 0; c < 3; ++c)
                for (std::size_t f = 0; f < 2; ++f) hk[(tap * 3 + c) * 2 + f] = k[(tap * 3 + c) * 4 + half * 2 + f];
        h.set_weights(std::vector<Tensor>{hk, Tensor(Shape{2}, {b[half * 2], b[half * 2 + 1]})});
        Tensor hx(Shape{2, 5, 7, 3});
        for (std::size_t p = 0; p < 2 * 5 * 7; ++p)
            for (std::size_t c = 0; c < 3; ++c) hx[p * 3 + c] = x[p * 6 + half * 3 + c];
        const Tensor hy = run(h, hx);
        Tensor yh(hy.shape());
        for (std::size_t p = 0; p < hy.size() / 2; ++p)
            for (std::size_t f = 0; f < 2; ++f) yh[p * 2 + f] = y[p * 4 + half * 2 + f];
        const float worst = test_fixtures::max_abs_diff(hy, yh);
        BOOST_TEST(worst <= 1e-6f, "group " << half);
    }
}

BOOST_AUTO_TEST_CASE(conv2d_transpose_scatters_each_pixel_through_the_kernel) {
    // One row [a, b], kernel (1, 3) = [k0, k1, k2], strides (1, 2): pixel i lands at 2i + tap.
    const float a = 2, b = -3, k0 = 1, k1 = 10, k2 = 100;
    const auto make = [&](L::conv_padding p, std::optional<L::conv_dims<2>> op) {
        L::conv2d_transpose_config c;
        c.filters = 1;
        c.kernel_size = {1, 3};
        c.strides = {1, 2};
        c.padding = p;
        c.output_padding = op;
        c.use_bias = false;
        L::Conv2DTranspose l(c);
        l.build(Shape{1, 2, 1}, seed{1});
        l.set_weights(std::vector<Tensor>{Tensor(Shape{1, 3, 1, 1}, {k0, k1, k2})});
        return run(l, Tensor(Shape{1, 1, 2, 1}, {a, b}));
    };
    const std::vector<float> full{a * k0, a * k1, a * k2 + b * k0, b * k1, b * k2};
    // valid: 2 * 2 + max(3 - 2, 0) = 5 columns.
    BOOST_TEST(make(L::conv_padding::valid, std::nullopt) == Tensor(Shape{1, 1, 5, 1}, full));
    // valid, output_padding 1: (2 - 1) * 2 + 3 + 1 = 6 columns, the last one empty.
    std::vector<float> six = full;
    six.push_back(0);
    BOOST_TEST(make(L::conv_padding::valid, L::conv_dims<2>{0, 1}) == Tensor(Shape{1, 1, 6, 1}, six));
    // same: 2 * 2 = 4 columns, nothing cropped before (TensorFlow puts the odd padding after).
    const Tensor four(Shape{1, 1, 4, 1}, {full[0], full[1], full[2], full[3]});
    BOOST_TEST(make(L::conv_padding::same, std::nullopt) == four);
    // same, output_padding 1: (2 - 1) * 2 + 3 % 2 + 1 = 4 columns, as above.
    BOOST_TEST(make(L::conv_padding::same, L::conv_dims<2>{0, 1}) == four);
    // same, output_padding 0: 3 columns, one cropped before.
    BOOST_TEST(make(L::conv_padding::same, L::conv_dims<2>{0, 0}) == Tensor(Shape{1, 1, 3, 1}, {full[1], full[2], full[3]}));
}

BOOST_AUTO_TEST_CASE(conv2d_transpose_dilates_its_kernel) {
    // One row [a, b], kernel (1, 2) = [k0, k1] dilated by 2 (extent 3), strides 1, valid: 4 columns,
    // pixel i lands at i + 2 * tap.
    L::conv2d_transpose_config c;
    c.filters = 1;
    c.kernel_size = {1, 2};
    c.dilation_rate = {1, 2};
    c.use_bias = false;
    L::Conv2DTranspose l(c);
    l.build(Shape{1, 2, 1}, seed{1});
    l.set_weights(std::vector<Tensor>{Tensor(Shape{1, 2, 1, 1}, {3.0f, 5.0f})});
    BOOST_TEST(run(l, Tensor(Shape{1, 1, 2, 1}, {1.0f, 2.0f})) == Tensor(Shape{1, 1, 4, 1}, {3, 6, 5, 10}));
}

BOOST_AUTO_TEST_CASE(conv2d_transpose_is_the_adjoint_of_conv2d_with_the_same_kernel) {
    // <conv(x), y> = <x, conv_transpose(y)> for every geometry: the transpose's output length,
    // cropping, dilation and output padding all follow from the convolution it transposes.
    struct geometry {
        L::conv_dims<2> k, s, d;
        L::conv_padding p;
        std::optional<L::conv_dims<2>> op;
    };
    const std::vector<geometry> cases{
        {{3, 3}, {2, 2}, {1, 1}, L::conv_padding::valid, std::nullopt},
        {{3, 2}, {2, 3}, {1, 1}, L::conv_padding::same, std::nullopt},
        {{3, 3}, {2, 2}, {1, 1}, L::conv_padding::valid, L::conv_dims<2>{1, 0}},
        {{3, 3}, {3, 2}, {1, 1}, L::conv_padding::same, L::conv_dims<2>{2, 1}},
        {{2, 3}, {1, 1}, {2, 3}, L::conv_padding::valid, std::nullopt},
        {{3, 2}, {1, 2}, {2, 1}, L::conv_padding::same, L::conv_dims<2>{0, 1}},
        {{4, 4}, {1, 1}, {1, 1}, L::conv_padding::same, std::nullopt},
    };
    const Shape small{3, 4, 2};  // the transpose's input, the convolution's output
    std::size_t n = 0;
    for (const auto& g : cases) {
        L::conv2d_transpose_config tc;
        tc.filters = 3;
        tc.kernel_size = g.k;
        tc.strides = g.s;
        tc.dilation_rate = g.d;
        tc.padding = g.p;
        tc.output_padding = g.op;
        tc.use_bias = false;
        const auto t = built<L::Conv2DTranspose>(tc, small, unsigned(11 + n));
        const Shape big = t.output_shape();
        auto cc = conv2d_cfg(2, g.k);
        cc.strides = g.s;
        cc.dilation_rate = g.d;
        cc.padding = g.p;
        cc.use_bias = false;
        L::Conv2D conv(cc);
        conv.build(big, seed{1});
        BOOST_TEST_REQUIRE(conv.output_shape() == small, "case " << n);
        conv.set_weights(t.get_weights());  // (kh, kw, 3, 2): the same array for both
        const Tensor x = random_tensor(big.prepend(2), unsigned(40 + n));
        const Tensor y = random_tensor(small.prepend(2), unsigned(60 + n));
        const double lhs = dot(run(conv, x), y), rhs = dot(x, run(t, y));
        BOOST_TEST(std::fabs(lhs - rhs) <= 1e-4 * (1 + std::fabs(lhs)), "case " << n << ": " << lhs << " vs " << rhs);
        ++n;
    }
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    auto c2 = conv2d_cfg(8, {3, 3});
    c2.padding = L::conv_padding::same;
    c2.groups = 2;
    const auto conv = built<L::Conv2D>(c2, Shape{9, 9, 4});
    const auto point = built<L::Conv2D>(conv2d_cfg(5, {1, 1}), Shape{9, 9, 4});
    L::depthwise_conv2d_config dc;
    dc.kernel_size = {3, 3};
    dc.depth_multiplier = 2;
    const auto dw = built<L::DepthwiseConv2D>(dc, Shape{9, 9, 4});
    L::separable_conv2d_config sc;
    sc.filters = 6;
    sc.kernel_size = {3, 3};
    const auto sep = built<L::SeparableConv2D>(sc, Shape{9, 9, 4});
    L::conv2d_transpose_config tc;
    tc.filters = 3;
    tc.kernel_size = {3, 3};
    tc.strides = {2, 2};
    const auto tr = built<L::Conv2DTranspose>(tc, Shape{9, 9, 4});
    const Tensor x = random_tensor(Shape{16, 9, 9, 4}, 3);
    const auto check = [&](const auto& l, const char* what) {
        Tensor y(l.output_shape().prepend(16));
        std::vector<float> scratch(l.scratch_size(16));
        const std::size_t before = g_news.load();
        l.forward(x.view(), y.view(), scratch, {});
        BOOST_TEST(g_news.load() == before, what << " allocated in forward");
    };
    check(conv, "Conv2D");
    check(point, "Conv2D 1x1");
    check(dw, "DepthwiseConv2D");
    check(sep, "SeparableConv2D");
    check(tr, "Conv2DTranspose");
}

// ---- the dynamic path: factories, twins of the engine, clone on a new input shape ---------------------

BOOST_AUTO_TEST_CASE(dynamic_factories_build_the_engine_layers_with_kerass_defaults) {
    const auto x = d::Input({12, 12, 3}, "image");
    auto h = d::Conv2D({.filters = 8, .kernel_size = {3}, .strides = {2}, .padding = "same", .activation = "relu"})(x);
    h = d::SeparableConv2D({.filters = 6, .kernel_size = {3, 3}, .depth_multiplier = 2})(h);
    h = d::DepthwiseConv2D({.kernel_size = {2}, .use_bias = false})(h);
    h = d::Conv2DTranspose({.filters = 2, .kernel_size = {3}, .strides = {2}, .padding = "same", .output_padding = {1}})(h);
    const d::Model m({x}, {h}, "cnn", seed{4});
    BOOST_TEST(m.outputs()[0].shape() == (Shape{6, 6, 2}));
    const auto& ls = m.layers();
    BOOST_TEST_REQUIRE(ls.size() == 4u);
    BOOST_TEST(ls[0].name() == "conv2d");
    BOOST_TEST(ls[1].name() == "separable_conv2d");
    BOOST_TEST(ls[2].name() == "depthwise_conv2d");
    BOOST_TEST(ls[3].name() == "conv2d_transpose");
    BOOST_TEST(ls[0].impl().weight_names() == std::vector<std::string>({"kernel", "bias"}));
    BOOST_TEST(ls[1].impl().weight_names() == std::vector<std::string>({"depthwise_kernel", "pointwise_kernel", "bias"}));
    BOOST_TEST(ls[2].impl().weight_names() == std::vector<std::string>({"depthwise_kernel"}));
    BOOST_TEST(m.count_params() == std::size_t{(27 * 8 + 8) + (9 * 16 + 16 * 6 + 6) + 4 * 6 + (9 * 2 * 6 + 2)});
    const auto* conv = ls[0].as<L::Conv2D>();
    BOOST_TEST_REQUIRE(conv != nullptr);
    BOOST_TEST((conv->config().kernel_size == L::conv_dims<2>{3, 3}));
    BOOST_TEST((conv->config().kernel_initializer == Initializer::glorot_uniform()));

    const auto s = d::Input({20, 3});
    const d::Model m1({s}, {d::Conv1D({.filters = 4, .kernel_size = {5}, .padding = "causal", .dilation_rate = {2}})(s)});
    BOOST_TEST(m1.outputs()[0].shape() == (Shape{20, 4}));

    // Same seed, same weights, same outputs: the dynamic model and the engine layer it wraps.
    const Tensor xin = random_tensor(Shape{2, 12, 12, 3}, 8);
    const Tensor y = m.predict({xin})[0];
    const d::Model again = scion::clone_model(m, {.seed = seed{4}});
    BOOST_TEST(test_fixtures::bitwise_equal(again.get_weights(), m.get_weights()));
    BOOST_TEST(again.predict({xin})[0] == y);
}

BOOST_AUTO_TEST_CASE(a_conv_model_cloned_on_a_larger_image_keeps_its_weights) {
    const auto x = d::Input({8, 8, 3});
    const auto h = d::Conv2D({.filters = 4, .kernel_size = {3}, .padding = "same"})(x);
    const auto y = d::DepthwiseConv2D({.kernel_size = {3}, .strides = {2}})(h);
    const d::Model m({x}, {y}, "m", seed{1});
    const d::Model big = scion::clone_model(m, {.input_tensors = std::vector<d::KerasTensor>{d::Input({16, 12, 3})},
                                                .clone_function = d::copy_weights});
    BOOST_TEST(big.outputs()[0].shape() == (Shape{7, 5, 4}));
    BOOST_TEST(test_fixtures::bitwise_equal(big.get_weights(), m.get_weights()));
    // Fewer channels need other kernels: refused, naming the layer.
    BOOST_CHECK_EXCEPTION((void)scion::clone_model(m, {.input_tensors = std::vector<d::KerasTensor>{d::Input({16, 12, 2})},
                                                 .clone_function = d::copy_weights}),
                          scion::error, says<scion::error>({"conv2d"}));
}



// ---- configs ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(configs_round_trip_through_json) {
    const auto round_trip = [](const auto& l) {
        using E = std::remove_cvref_t<decltype(l)>;
        const json j = l.get_config();
        BOOST_TEST(E::from_config(j).get_config() == j, std::string(E::class_name) << ": " << j.dump());
    };
    L::conv_config<1> c1;
    c1.name = "c1";
    c1.filters = 3;
    c1.kernel_size = {4};
    c1.padding = L::conv_padding::causal;
    c1.dilation_rate = {3};
    c1.groups = 3;
    c1.activation = activation_id::gelu;
    c1.kernel_initializer = Initializer::he_normal().with_seed(5);
    round_trip(L::Conv1D(c1));
    auto c2 = conv2d_cfg(6, {3, 2});
    c2.name = "c2";
    c2.strides = {2, 1};
    c2.padding = L::conv_padding::same;
    c2.use_bias = false;
    c2.trainable = false;
    round_trip(L::Conv2D(c2));
    L::depthwise_conv2d_config dc;
    dc.name = "dw";
    dc.kernel_size = {3, 3};
    dc.depth_multiplier = 4;
    dc.dilation_rate = {2, 2};
    dc.depthwise_initializer = Initializer::he_uniform();
    round_trip(L::DepthwiseConv2D(dc));
    L::separable_conv2d_config sc;
    sc.name = "sep";
    sc.filters = 5;
    sc.kernel_size = {1, 3};
    sc.depth_multiplier = 2;
    sc.activation = activation_id::relu;
    sc.pointwise_initializer = Initializer::lecun_normal();
    round_trip(L::SeparableConv2D(sc));
    L::conv2d_transpose_config tc;
    tc.name = "up";
    tc.filters = 2;
    tc.kernel_size = {3, 3};
    tc.strides = {2, 2};
    tc.output_padding = L::conv_dims<2>{1, 0};
    tc.dilation_rate = {1, 1};
    round_trip(L::Conv2DTranspose(tc));
    tc.output_padding.reset();
    tc.strides = {1, 1};
    tc.dilation_rate = {2, 1};
    round_trip(L::Conv2DTranspose(tc));
}

BOOST_AUTO_TEST_CASE(get_config_writes_the_fields_tfjs_writes) {
    // For every layer of the fixtures: scion reads TF.js's config and writes back the same keys
    // (TF.js's first layer adds batch_input_shape and dtype) with the same values (initializers
    // aside: TF.js writes its defaults as VarianceScaling).
    const std::vector<std::pair<std::string, std::size_t>> layers_of{
        {"conv_1d_causal", 0},      {"conv_2d_dilated_same", 0},  {"conv_depthwise_dilated", 0},
        {"conv_separable_strided", 0}, {"conv_transpose_rect", 0}, {"conv_cnn", 0},
        {"conv_cnn", 1},            {"conv_cnn", 2},
    };
    for (const auto& [fixture, index] : layers_of) {
        const json entry = layer_config_of(fixture, index);
        const std::string cls = entry.at("class_name");
        const json tfjs = entry.at("config");
        const json ours = d::layer_from_config(cls, tfjs).get_config();
        for (const auto& [k, v] : tfjs.items()) {
            if (k == "batch_input_shape" || k == "dtype") continue;
            BOOST_TEST(ours.contains(k), fixture << " " << cls << ": scion does not write '" << k << "'");
            if (ours.contains(k) && !contains(k, "initializer"))
                BOOST_TEST(ours[k] == v, fixture << " " << cls << " '" << k << "': " << ours[k] << " vs TF.js " << v);
        }
        for (const auto& [k, v] : ours.items()) {
            // TF.js 4.22 leaves SeparableConv2D's depth_multiplier out (and cannot reload such files).
            if (k == "dtype" || (cls == "SeparableConv2D" && k == "depth_multiplier")) continue;
            BOOST_TEST(tfjs.contains(k), fixture << " " << cls << ": TF.js does not write '" << k << "'");
        }
    }
}

BOOST_AUTO_TEST_CASE(keras_configs_load) {
    // Keras 2.x's Conv2D config (integers where tuples are allowed, groups, a dtype string).
    const json k2 = json::parse(R"({"name": "conv2d_7", "trainable": true, "dtype": "float32", "filters": 16,
        "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last",
        "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
        "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
        "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null})");
    const auto c2 = L::Conv2D::from_config(k2);
    BOOST_TEST(c2.name() == "conv2d_7");
    BOOST_TEST((c2.config().kernel_size == L::conv_dims<2>{3, 3}));
    BOOST_TEST((c2.config().padding == L::conv_padding::same));
    BOOST_TEST((c2.config().activation == activation_id::relu));
    // Keras 3's Conv1D config: integers for the per-axis fields, module/registered_name
    // initializers, causal padding, groups.
    const json k3 = json::parse(R"({"name": "conv1d", "trainable": true, "filters": 8, "kernel_size": 5,
        "strides": 1, "padding": "causal", "data_format": "channels_last", "dilation_rate": 2, "groups": 2,
        "activation": "linear", "use_bias": false,
        "kernel_initializer": {"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed": 7},
                               "registered_name": null},
        "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
        "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
        "kernel_constraint": null, "bias_constraint": null})");
    const auto c1 = L::Conv1D::from_config(k3);
    BOOST_TEST((c1.config().kernel_size == L::conv_dims<1>{5}));
    BOOST_TEST((c1.config().dilation_rate == L::conv_dims<1>{2}));
    BOOST_TEST(c1.config().groups == 2u);
    BOOST_TEST((c1.config().padding == L::conv_padding::causal));
    BOOST_TEST((c1.config().kernel_initializer == Initializer::he_normal().with_seed(7)));
    // Keras 3's Conv2DTranspose: output_padding and dilation_rate, which TF.js does not write.
    const json kt = json::parse(R"({"name": "up", "filters": 4, "kernel_size": [3, 3], "strides": [2, 2],
        "padding": "same", "output_padding": [1, 1], "data_format": "channels_last", "dilation_rate": [1, 1],
        "activation": "sigmoid", "use_bias": true})");
    const auto t = L::Conv2DTranspose::from_config(kt);
    BOOST_TEST((t.config().output_padding == std::optional<L::conv_dims<2>>(L::conv_dims<2>{1, 1})));
    BOOST_TEST(t.compute_output_shape(Shape{5, 5, 3}) == (Shape{10, 10, 4}));
    // Keras 2's DepthwiseConv2D writes groups 1 (and no filters).
    const json kd = json::parse(R"({"name": "dw", "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
        "depth_multiplier": 2, "groups": 1, "data_format": null, "activation": "linear", "use_bias": true})");
    BOOST_TEST(L::DepthwiseConv2D::from_config(kd).compute_output_shape(Shape{5, 5, 3}) == (Shape{3, 3, 6}));
}

// ---- errors name the layer and the field --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unsupported_config_values_throw_config_error_naming_the_field) {
    json j = L::Conv2D(conv2d_cfg(4, {3, 3})).get_config();
    const auto fails = [](const json& cfg, std::vector<std::string> parts) {
        BOOST_CHECK_EXCEPTION((void)L::Conv2D::from_config(cfg), config_error, says<config_error>(std::move(parts)));
    };
    json cf = j;
    cf["data_format"] = "channels_first";
    fails(cf, {"Conv2D config", "data_format", "channels_first"});
    json g = j;
    g["groups"] = 3;
    fails(g, {"Conv2D", "filters (4)", "groups (3)"});
    json causal = j;
    causal["padding"] = "causal";
    fails(causal, {"Conv2D config", "padding", "causal"});
    json k3 = j;
    k3["kernel_size"] = json::array({3, 3, 3});
    fails(k3, {"Conv2D config", "kernel_size", "2 integers"});
    json k0 = j;
    k0["kernel_size"] = json::array({3, 0});
    fails(k0, {"Conv2D config", "kernel_size", "from 1"});
    json neg = j;
    neg["strides"] = -1;
    fails(neg, {"Conv2D config", "strides"});
    json reg = j;
    reg["kernel_regularizer"] = json{{"class_name", "L2"}, {"config", {{"l2", 0.01}}}};
    fails(reg, {"Conv2D config", "kernel_regularizer"});
    json act = j;
    act["activation"] = "swoosh";
    fails(act, {"Conv2D config", "activation", "swoosh"});
    json nof = j;
    nof.erase("filters");
    fails(nof, {"Conv2D config", "filters"});

    json t = json::parse(R"({"name": "up", "filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2})");
    BOOST_CHECK_EXCEPTION((void)L::Conv2DTranspose::from_config(t), config_error,
                          says<config_error>({"Conv2DTranspose layer 'up'", "output_padding (2)", "stride (2)"}));
    t["output_padding"] = nullptr;
    t["padding"] = "full";
    BOOST_CHECK_EXCEPTION((void)L::Conv2DTranspose::from_config(t), config_error,
                          says<config_error>({"Conv2DTranspose config", "padding", "full"}));
    const json dw = json::parse(R"({"name": "dw", "kernel_size": 3, "groups": 2})");
    BOOST_CHECK_EXCEPTION((void)L::DepthwiseConv2D::from_config(dw), config_error,
                          says<config_error>({"DepthwiseConv2D config", "groups"}));
    const json sep = json::parse(R"({"name": "s", "filters": 2, "kernel_size": 3, "data_format": "channels_first"})");
    BOOST_CHECK_EXCEPTION((void)L::SeparableConv2D::from_config(sep), config_error,
                          says<config_error>({"SeparableConv2D config", "data_format"}));
    // And through the dynamic loader, which names the class.
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("Conv2D", cf), config_error, says<config_error>({"data_format"}));
}

BOOST_AUTO_TEST_CASE(dynamic_factories_refuse_bad_options_naming_the_layer) {
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 4, .name = "c"}), config_error,
                          says<config_error>({"Conv2D layer 'c'", "kernel_size"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 4, .kernel_size = {3}, .data_format = "channels_first", .name = "c"}),
                          config_error, says<config_error>({"Conv2D layer 'c'", "channels_first"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 4, .kernel_size = {3, 3, 3}, .name = "c"}), config_error,
                          says<config_error>({"Conv2D layer 'c'", "kernel_size", "1 or 2 values"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 0, .kernel_size = {3}, .name = "c"}), config_error,
                          says<config_error>({"Conv2D layer 'c'", "filters"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 4, .kernel_size = {3}, .padding = "causal", .name = "c"}),
                          config_error, says<config_error>({"Conv2D layer 'c'", "causal", "Conv1D"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv1D({.filters = 4, .kernel_size = {3}, .padding = "full", .name = "c"}),
                          config_error, says<config_error>({"Conv1D layer 'c'", "padding 'full'"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv1D({.filters = 4, .kernel_size = {3}, .groups = 3, .name = "c"}), config_error,
                          says<config_error>({"Conv1D layer 'c'", "groups"}));
    BOOST_CHECK_EXCEPTION((void)d::DepthwiseConv2D({.kernel_size = {3}, .depth_multiplier = 0, .name = "dw"}),
                          config_error, says<config_error>({"DepthwiseConv2D layer 'dw'", "depth_multiplier"}));
    BOOST_CHECK_EXCEPTION((void)d::SeparableConv2D({.filters = 2, .kernel_size = {3}, .activation = "nope", .name = "s"}),
                          config_error, says<config_error>({"SeparableConv2D layer 's'", "nope"}));
    BOOST_CHECK_EXCEPTION(
        (void)d::Conv2DTranspose({.filters = 2, .kernel_size = {3}, .strides = {2, 1}, .output_padding = {1}, .name = "up"}),
        config_error, says<config_error>({"Conv2DTranspose layer 'up'", "output_padding (1)", "stride (1)"}));
}

BOOST_AUTO_TEST_CASE(inputs_a_layer_cannot_take_throw_shape_error_naming_the_layer) {
    const auto x = d::Input({4, 4, 3});
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 2, .kernel_size = {5}, .name = "big"})(x), shape_error,
                          says<shape_error>({"Conv2D layer 'big'", "(None, 4, 4, 3)", "kernel spans 5", "'valid'"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 2, .kernel_size = {2}, .dilation_rate = {4}, .name = "dil"})(x),
                          shape_error, says<shape_error>({"Conv2D layer 'dil'", "kernel spans 5"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2D({.filters = 4, .kernel_size = {1}, .groups = 2, .name = "g"})(x), shape_error,
                          says<shape_error>({"Conv2D layer 'g'", "3 channels", "groups (2)"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv1D({.filters = 2, .kernel_size = {3}, .name = "seq"})(x), shape_error,
                          says<shape_error>({"Conv1D layer 'seq'", "rank 2", "rank 3"}));
    BOOST_CHECK_EXCEPTION((void)d::DepthwiseConv2D({.kernel_size = {3}, .name = "dw"})(d::Input({10, 3})), shape_error,
                          says<shape_error>({"DepthwiseConv2D layer 'dw'", "rank 3"}));
    BOOST_CHECK_EXCEPTION((void)d::SeparableConv2D({.filters = 2, .kernel_size = {6}, .name = "s"})(x), shape_error,
                          says<shape_error>({"SeparableConv2D layer 's'", "kernel spans 6"}));
    BOOST_CHECK_EXCEPTION((void)d::Conv2DTranspose({.filters = 2, .kernel_size = {3}, .name = "up"})(d::Input({4, 4})),
                          shape_error, says<shape_error>({"Conv2DTranspose layer 'up'", "rank 3"}));
    // padding "same" takes any size.
    BOOST_TEST(d::Conv2D({.filters = 2, .kernel_size = {5}, .padding = "same"})(x).shape() == (Shape{4, 4, 2}));
}

BOOST_AUTO_TEST_CASE(weights_of_the_wrong_shape_throw_weights_error_naming_the_layer) {
    auto l = built<L::Conv2D>(conv2d_cfg(4, {3, 3}), Shape{6, 6, 2});
    BOOST_CHECK_EXCEPTION(l.set_weights(std::vector<Tensor>{Tensor(Shape{3, 3, 4, 2}), Tensor(Shape{4})}), weights_error,
                          says<weights_error>({"Conv2D layer 'conv2d'", "(3, 3, 2, 4)", "(3, 3, 4, 2)"}));
    L::separable_conv2d_config sc;
    sc.filters = 2;
    sc.kernel_size = {3, 3};
    auto s = built<L::SeparableConv2D>(sc, Shape{6, 6, 2});
    BOOST_CHECK_EXCEPTION(s.set_weights(std::vector<Tensor>{Tensor(Shape{3, 3, 2, 1})}), weights_error,
                          says<weights_error>({"SeparableConv2D layer 'separable_conv2d'", "expected 3"}));
}
