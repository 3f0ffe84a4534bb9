// The engine's core: Shape, Tensor, the counter-based RNG, initializers and activations.
#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <scion/detail/gemm_kernel.hpp>

#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>

using namespace scion;

namespace {
double mean(const std::vector<float>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }
double stddev(const std::vector<float>& v) {
    const double m = mean(v);
    double s = 0;
    for (float x : v) s += (x - m) * (x - m);
    return std::sqrt(s / double(v.size()));
}
std::vector<float> fill(const Initializer& init, Shape shape, std::uint64_t s = 1, const char* name = "w") {
    std::vector<float> v(shape.elements());
    init.fill(v, shape, random_stream(seed{s}, name));
    return v;
}
} // namespace

BOOST_AUTO_TEST_SUITE(shapes_and_tensors)

BOOST_AUTO_TEST_CASE(shape_counts_and_edits_dimensions) {
    constexpr Shape s{3, 4, 5};
    static_assert(s.rank() == 3 && s.elements() == 60 && s.back() == 5);
    static_assert(s.prepend(2) == Shape{2, 3, 4, 5});
    static_assert(s.drop_front() == Shape{4, 5});
    static_assert(s.with_back(7) == Shape{3, 4, 7});
    BOOST_TEST(s.to_string() == "(3, 4, 5)");
    BOOST_TEST(Shape{728}.to_batch_string() == "(None, 728)");
    BOOST_CHECK_THROW((Shape{1, 1, 1, 1, 1, 1, 1, 1, 1}), shape_error);
}

BOOST_AUTO_TEST_CASE(tensor_rejects_values_of_the_wrong_count) {
    BOOST_CHECK_THROW(Tensor(Shape{2, 3}, std::vector<float>(5)), shape_error);
    try {
        Tensor(Shape{2, 3}, std::vector<float>(5));
    } catch (const error& e) {
        BOOST_TEST(std::string(e.what()).find("(2, 3)") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(tensor_copies_are_deep) {
    Tensor a(Shape{2, 2}, {1, 2, 3, 4});
    Tensor b = a;
    b[0] = 9;
    BOOST_TEST(a[0] == 1.0f);
    BOOST_TEST(a.data() != b.data());
}

BOOST_AUTO_TEST_CASE(tensor_is_an_eigen_map_without_copy) {
    Tensor a(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
    auto m = a.matrix();
    BOOST_TEST(m.data() == a.data());
    BOOST_TEST(m.rows() == 2);
    BOOST_TEST(m.cols() == 3);
    BOOST_TEST(m(1, 0) == 4.0f);  // row-major, batch first
    m(0, 2) = 30;
    BOOST_TEST(a[2] == 30.0f);
}

// Every float buffer scion allocates starts on a cache line (detail::buffer_alignment): Eigen's
// AVX-512 loads then never straddle two lines.
BOOST_AUTO_TEST_CASE(tensors_and_workspaces_are_cache_line_aligned) {
    for (std::size_t n : {1u, 3u, 17u, 1000u}) {
        const Tensor t(Shape{n});
        BOOST_TEST(reinterpret_cast<std::uintptr_t>(t.data()) % 64 == 0u);
        const Tensor v(Shape{n}, std::vector<float>(n, 1.0f));
        BOOST_TEST(reinterpret_cast<std::uintptr_t>(v.data()) % 64 == 0u);
        workspace ws;
        BOOST_TEST(reinterpret_cast<std::uintptr_t>(ws.get(n).data()) % 64 == 0u);
    }
}

BOOST_AUTO_TEST_CASE(tensor_resize_keeps_its_buffer_when_large_enough) {
    Tensor a(Shape{4, 8});
    const float* p = a.data();
    a.resize(Shape{2, 8});
    a.resize(Shape{4, 8});
    BOOST_TEST(a.data() == p);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rng)

BOOST_AUTO_TEST_CASE(same_seed_and_name_give_the_same_stream) {
    std::vector<float> a(100), b(100), c(100), d(100);
    random_stream(seed{3}, "dense/kernel").uniform(a, -1, 1);
    random_stream(seed{3}, "dense/kernel").uniform(b, -1, 1);
    random_stream(seed{4}, "dense/kernel").uniform(c, -1, 1);
    random_stream(seed{3}, "dense_1/kernel").uniform(d, -1, 1);
    BOOST_TEST(a == b);
    BOOST_TEST(a != c);
    BOOST_TEST(a != d);
}

BOOST_AUTO_TEST_CASE(element_i_depends_on_i_only_not_on_what_was_drawn_before) {
    std::vector<float> longer(1000), shorter(37);
    random_stream(seed{9}, "w").normal(longer, 0, 1);
    // Drawing other streams in between changes nothing: there is no hidden state.
    std::vector<float> other(500);
    random_stream(seed{9}, "x").normal(other, 0, 1);
    random_stream(seed{9}, "w").normal(shorter, 0, 1);
    BOOST_TEST(std::equal(shorter.begin(), shorter.end(), longer.begin()));
}

// The published known answers for Philox4x32-10: Random123 1.14.0 (D. E. Shaw Research,
// github.com/DEShawResearch/random123), file tests/kat_vectors, its three "philox4x32 10" lines
// (counter c0..c3, key k0 k1, then the four result words).
struct philox_kat {
    std::array<std::uint32_t, 4> counter;
    std::array<std::uint32_t, 2> key;
    std::array<std::uint32_t, 4> result;
};
constexpr philox_kat philox_kats[] = {
    {{0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u}, {0x00000000u, 0x00000000u},
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu},
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u},
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};
static_assert(detail::philox4x32_10(philox_kats[0].counter, philox_kats[0].key) == philox_kats[0].result);
static_assert(detail::philox4x32_10(philox_kats[1].counter, philox_kats[1].key) == philox_kats[1].result);
static_assert(detail::philox4x32_10(philox_kats[2].counter, philox_kats[2].key) == philox_kats[2].result);

// Every implementation of the block fills this CPU runs (scalar first), each made the one in use
// in turn; the one in use before is restored at the end.
template <class F>
void for_each_philox_isa(F f) {
    const detail::philox_isa before = detail::philox_isa_in_use();
    for (int i = 0; i <= static_cast<int>(detail::philox_best_isa()); ++i) {
        detail::use_philox_isa(static_cast<detail::philox_isa>(i));
        BOOST_TEST_CONTEXT("philox isa " << i) { f(static_cast<detail::philox_isa>(i)); }
    }
    detail::use_philox_isa(before);
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

BOOST_AUTO_TEST_CASE(philox_matches_the_published_known_answers_in_every_fill) {
    // The constexpr reference is checked by the static_asserts above; here every fill, with the
    // known answer's block at each position of a fill (every lane of every vector group, the
    // first and later passes, a cut last pass). Block b's counter is {b, b >> 32 ^ sub, stream,
    // stream >> 32}: the third answer is also reached through the sub-stream word.
    for_each_philox_isa([](detail::philox_isa isa) {
        for (const philox_kat& kat : philox_kats) {
            const std::uint64_t block = kat.counter[0] | std::uint64_t{kat.counter[1]} << 32;
            const std::uint64_t stream = kat.counter[2] | std::uint64_t{kat.counter[3]} << 32;
            for (std::uint64_t at = 0; at < 70; ++at) {
                std::vector<std::uint32_t> w(4 * (at + 1 + at % 3));
                detail::philox_fill(w, kat.key, stream, block - at, 0, isa);
                BOOST_TEST((std::array{w[4 * at], w[4 * at + 1], w[4 * at + 2], w[4 * at + 3]} == kat.result));
                if (kat.counter[0] >= at) {
                    detail::philox_fill(w, kat.key, stream, kat.counter[0] - at, kat.counter[1], isa);
                    BOOST_TEST((std::array{w[4 * at], w[4 * at + 1], w[4 * at + 2], w[4 * at + 3]} == kat.result));
                }
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(every_block_fill_gives_the_scalar_words) {
    // Every length of 0..40 words and longer ones (cut blocks, cut passes), block numbers that
    // carry into the high word or wrap at 2^64, sub-streams.
    struct where {
        std::uint64_t first;
        std::uint32_t sub;
    };
    const where starts[] = {{0, 0}, {5, 1}, {0xFFFFFFFFu - 6, 0}, {0xFFFFFFFFu - 6, 3}, {~std::uint64_t{0} - 9, 0}};
    const std::array<std::uint32_t, 2> keys[] = {{0, 0}, {0x01234567u, 0x89ABCDEFu}};
    std::vector<std::size_t> lengths(41);
    std::iota(lengths.begin(), lengths.end(), std::size_t{0});
    lengths.insert(lengths.end(), {127, 128, 129, 131, 1021, 4099});
    for_each_philox_isa([&](detail::philox_isa isa) {
        for (const auto& key : keys)
            for (const where& at : starts)
                for (const std::size_t n : lengths) {
                    std::vector<std::uint32_t> want(n), got(n);
                    detail::philox_fill_scalar(want, key, 0x0BADC0FFEE0DDF00ull, at.first, at.sub);
                    detail::philox_fill(got, key, 0x0BADC0FFEE0DDF00ull, at.first, at.sub, isa);
                    BOOST_TEST(same_bits(got, want), "n = " << n << ", first = " << at.first << ", sub = " << at.sub);
                }
    });
}

BOOST_AUTO_TEST_CASE(every_block_fill_gives_the_same_floats) {
    // uniform, normal and truncated_normal through each implementation, to the bit, for lengths
    // 0..40, odd tails and more than one chunk of the fills' buffer.
    std::vector<std::size_t> lengths(41);
    std::iota(lengths.begin(), lengths.end(), std::size_t{0});
    lengths.insert(lengths.end(), {255, 257, 1023, 1025, 2053, 5001});
    const random_stream streams[] = {random_stream(seed{0}, ""), random_stream(seed{3}, "dense/kernel"),
                                     random_stream(seed{0xDEADBEEFCAFEF00Dull}, "lstm/recurrent_kernel")};
    struct draw {
        std::vector<float> u, tiny, huge, n, t;
    };
    auto draw_all = [&](std::size_t len) {
        std::vector<draw> d;
        for (const random_stream& s : streams) {
            draw x{std::vector<float>(len), std::vector<float>(len), std::vector<float>(len), std::vector<float>(len),
                   std::vector<float>(len)};
            s.uniform(x.u, -0.3f, 0.5f);
            s.uniform(x.tiny, -1e-38f, 1e-38f);  // scale * 2^-24 is subnormal: not folded
            s.uniform(x.huge, -3e38f, 3e38f);    // an infinite scale: infinities, and a NaN at 0
            s.normal(x.n, 0.25f, 1.5f);
            s.truncated_normal(x.t, -0.5f, 0.05f);
            d.push_back(std::move(x));
        }
        return d;
    };
    for (const std::size_t len : lengths) {
        std::vector<draw> want;
        for_each_philox_isa([&](detail::philox_isa isa) {
            const std::vector<draw> got = draw_all(len);
            if (isa == detail::philox_isa::scalar) want = got;
            for (std::size_t i = 0; i < got.size(); ++i) {
                BOOST_TEST(same_bits(got[i].u, want[i].u), "uniform, n = " << len << ", stream " << i);
                BOOST_TEST(same_bits(got[i].tiny, want[i].tiny), "tiny uniform, n = " << len << ", stream " << i);
                BOOST_TEST(same_bits(got[i].huge, want[i].huge), "huge uniform, n = " << len << ", stream " << i);
                BOOST_TEST(same_bits(got[i].n, want[i].n), "normal, n = " << len << ", stream " << i);
                BOOST_TEST(same_bits(got[i].t, want[i].t), "truncated_normal, n = " << len << ", stream " << i);
            }
        });
    }
}

BOOST_AUTO_TEST_CASE(the_fills_give_the_recorded_numbers) {
    // Recorded from scion before the fills were vectorised (g++ -O2, no FMA): the numbers a seed
    // gives are part of the contract, on every machine and under every -march. The uniform values
    // also catch a product and sum fused into one FMA (-march=native once changed 4 of these 13).
    // Element 1341 of the truncated normal is the first whose first draw is rejected twice.
    const std::vector<float> uniform = {
        0x1.b043p-9f,   0x1.6266ecp-2f,  0x1.046bap-3f,   0x1.9d25a8p-3f,  0x1.e108bp-2f,  0x1.ebd53p-5f,  0x1.e54488p-2f,
        -0x1.878c6ep-3f, -0x1.a85874p-3f, -0x1.a1f49cp-4f, 0x1.920f84p-3f, -0x1.14ebe4p-2f, -0x1.efa21cp-4f};
    const std::vector<float> normal = {
        0x1.fad82p-1f,  -0x1.b4273ap+0f, -0x1.d804a4p-1f, -0x1.e89174p-1f, -0x1.2b272cp-3f, 0x1.83a534p-2f, 0x1.01e018p-1f,
        0x1.153a44p-1f, 0x1.3313c8p-2f,  0x1.ae795p+1f,   0x1.ad2556p+0f,  0x1.2cb6eap-1f,  -0x1.334bb8p-1f};
    const std::vector<float> truncated = {
        -0x1.0011ccp-1f, -0x1.f0bd5ap-2f, -0x1.00dfacp-1f, -0x1.db2b3p-2f, -0x1.21e858p-1f, -0x1.00e28ep-1f, -0x1.d46f1ap-2f,
        -0x1.e1a59ap-2f, -0x1.e7997cp-2f, -0x1.1f088ap-1f, -0x1.da96d4p-2f, -0x1.11000ap-1f, -0x1.1892f2p-1f};
    const random_stream s(seed{42}, "pin");
    for_each_philox_isa([&](detail::philox_isa) {
        std::vector<float> u(13), n(13), t(1342);
        s.uniform(u, -0.3f, 0.5f);
        s.normal(n, 0.25f, 1.5f);
        s.truncated_normal(t, -0.5f, 0.05f);
        BOOST_TEST(same_bits(u, uniform));
        BOOST_TEST(same_bits(n, normal));
        BOOST_TEST(same_bits(std::vector<float>(t.begin(), t.begin() + 13), truncated));
        BOOST_TEST(t[1341] == -0x1.bfb694p-2f);
    });
}

BOOST_AUTO_TEST_CASE(distributions_have_their_moments) {
    std::vector<float> u(100000), n(100000), t(100000);
    const random_stream s(seed{1}, "moments");
    s.uniform(u, -2, 2);
    s.normal(n, 1, 3);
    s.truncated_normal(t, 0, 1);
    BOOST_TEST(*std::min_element(u.begin(), u.end()) >= -2.0f);
    BOOST_TEST(*std::max_element(u.begin(), u.end()) < 2.0f);
    BOOST_TEST(std::fabs(mean(u)) < 0.02);
    BOOST_TEST(std::fabs(stddev(u) - 4 / std::sqrt(12.0)) < 0.02);
    BOOST_TEST(std::fabs(mean(n) - 1) < 0.03);
    BOOST_TEST(std::fabs(stddev(n) - 3) < 0.03);
    BOOST_TEST(*std::max_element(t.begin(), t.end()) <= 2.0f);
    BOOST_TEST(*std::min_element(t.begin(), t.end()) >= -2.0f);
    BOOST_TEST(std::fabs(stddev(t) - 0.87962566103423978) < 0.01);
}

BOOST_AUTO_TEST_CASE(global_seed_sequence_restarts_and_never_repeats) {
    set_global_seed(123);
    const seed a = next_seed(), b = next_seed();
    set_global_seed(123);
    BOOST_TEST(next_seed().value == a.value);
    BOOST_TEST(next_seed().value == b.value);
    BOOST_TEST(a.value != b.value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(initializers)

BOOST_AUTO_TEST_CASE(glorot_uniform_uses_keras_limit) {
    const Shape shape{300, 100};
    const auto v = fill(Initializer::glorot_uniform(), shape);
    const float limit = std::sqrt(6.0f / (300 + 100));
    BOOST_TEST(*std::max_element(v.begin(), v.end()) <= limit);
    BOOST_TEST(*std::min_element(v.begin(), v.end()) >= -limit);
    BOOST_TEST(*std::max_element(v.begin(), v.end()) > 0.99f * limit);
    BOOST_TEST(std::fabs(stddev(v) - limit / std::sqrt(3.0)) < 0.002);
}

BOOST_AUTO_TEST_CASE(variance_scaling_family_has_keras_variances) {
    const Shape shape{400, 200};
    const double fan_in = 400, fan_out = 200;
    BOOST_TEST(std::fabs(stddev(fill(Initializer::he_normal(), shape)) - std::sqrt(2 / fan_in)) < 0.002);
    BOOST_TEST(std::fabs(stddev(fill(Initializer::he_uniform(), shape)) - std::sqrt(2 / fan_in)) < 0.002);
    BOOST_TEST(std::fabs(stddev(fill(Initializer::lecun_normal(), shape)) - std::sqrt(1 / fan_in)) < 0.002);
    BOOST_TEST(std::fabs(stddev(fill(Initializer::lecun_uniform(), shape)) - std::sqrt(1 / fan_in)) < 0.002);
    BOOST_TEST(std::fabs(stddev(fill(Initializer::glorot_normal(), shape)) - std::sqrt(2 / (fan_in + fan_out))) < 0.002);
    const auto vs = Initializer::variance_scaling(3.0f, Initializer::fan_mode::fan_out, Initializer::distribution::untruncated_normal);
    BOOST_TEST(std::fabs(stddev(fill(vs, shape)) - std::sqrt(3 / fan_out)) < 0.003);
    // Truncated variants never exceed two standard deviations of the untruncated normal.
    const auto he = fill(Initializer::he_normal(), shape);
    const double bound = 2 * std::sqrt(2 / fan_in) / 0.87962566103423978;
    BOOST_TEST(*std::max_element(he.begin(), he.end()) <= bound + 1e-6);
}

BOOST_AUTO_TEST_CASE(constant_family_fills_exact_values) {
    for (float x : fill(Initializer::zeros(), Shape{5})) BOOST_TEST(x == 0.0f);
    for (float x : fill(Initializer::ones(), Shape{5})) BOOST_TEST(x == 1.0f);
    for (float x : fill(Initializer::constant(0.25f), Shape{5})) BOOST_TEST(x == 0.25f);
    const auto u = fill(Initializer::random_uniform(2, 3), Shape{1000});
    BOOST_TEST(*std::min_element(u.begin(), u.end()) >= 2.0f);
    BOOST_TEST(*std::max_element(u.begin(), u.end()) < 3.0f);
}

BOOST_AUTO_TEST_CASE(orthogonal_gives_orthonormal_rows_or_columns) {
    for (const Shape& shape : {Shape{64, 16}, Shape{16, 64}, Shape{32, 32}}) {
        const auto v = fill(Initializer::orthogonal(2.0f), shape);
        const Eigen::Map<const RowMatrix> w(v.data(), Eigen::Index(shape[0]), Eigen::Index(shape[1]));
        const RowMatrix g = shape[0] >= shape[1] ? RowMatrix(w.transpose() * w) : RowMatrix(w * w.transpose());
        const auto k = g.rows();
        BOOST_TEST((g - 4.0f * RowMatrix::Identity(k, k)).cwiseAbs().maxCoeff() < 1e-4f);  // gain 2 squared
    }
}

BOOST_AUTO_TEST_CASE(initializers_round_trip_through_keras_json) {
    const std::vector<Initializer> all{
        Initializer::zeros(), Initializer::ones(), Initializer::constant(0.5f), Initializer::random_uniform(-1, 2),
        Initializer::random_normal(0.5f, 2), Initializer::truncated_normal(0, 0.1f), Initializer::glorot_uniform(),
        Initializer::glorot_normal(), Initializer::he_uniform(), Initializer::he_normal(), Initializer::lecun_uniform(),
        Initializer::lecun_normal(), Initializer::orthogonal(1.5f).with_seed(7),
        Initializer::variance_scaling(2, Initializer::fan_mode::fan_avg, Initializer::distribution::uniform)};
    for (const auto& i : all) BOOST_TEST((Initializer::from_json(i.to_json()) == i));
    BOOST_TEST(Initializer::glorot_uniform().to_json().dump() == R"({"class_name":"GlorotUniform","config":{"seed":null}})");
}

BOOST_AUTO_TEST_CASE(tfjs_variance_scaling_config_is_read) {
    const json j = json::parse(R"({"class_name":"VarianceScaling","config":{"scale":1,"mode":"fanAvg","distribution":"normal","seed":null}})");
    const auto i = Initializer::from_json(j);
    BOOST_TEST((i == Initializer::variance_scaling(1, Initializer::fan_mode::fan_avg, Initializer::distribution::truncated_normal)));
}

BOOST_AUTO_TEST_CASE(unknown_initializer_is_a_config_error_naming_it) {
    try {
        (void)Initializer::from_json(json::parse(R"({"class_name":"Fancy","config":{}})"), "Dense config kernel_initializer");
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(std::string(e.what()).find("Fancy") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("kernel_initializer") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(seeded_initializer_draws_the_same_values_anywhere) {
    const auto i = Initializer::glorot_uniform().with_seed(11);
    std::vector<float> a(50), b(50);
    i.fill(a, Shape{5, 10}, random_stream(seed{11}, ""));
    i.fill(b, Shape{5, 10}, random_stream(seed{11}, ""));
    BOOST_TEST(a == b);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(activations)

BOOST_AUTO_TEST_CASE(names_round_trip_and_aliases_are_accepted) {
    for (auto a : {activation_id::linear, activation_id::relu, activation_id::sigmoid, activation_id::tanh,
                   activation_id::softmax, activation_id::elu, activation_id::selu, activation_id::gelu,
                   activation_id::swish, activation_id::softplus, activation_id::softsign, activation_id::hard_sigmoid,
                   activation_id::exponential})
        BOOST_TEST((activation_from_string(to_string(a)) == a));
    BOOST_TEST((activation_from_string("silu") == activation_id::swish));
    BOOST_TEST((activation_from_string("hardSigmoid") == activation_id::hard_sigmoid));
    BOOST_CHECK_THROW((void)activation_from_string("relu7"), config_error);
}

BOOST_AUTO_TEST_CASE(softmax_normalises_the_last_axis_and_is_stable) {
    Tensor t(Shape{2, 3}, {1000, 1001, 1002, -5, 0, 5});
    apply_activation(activation_id::softmax, t.data(), t.size(), 3);
    for (std::size_t r = 0; r < 2; ++r) BOOST_TEST(std::fabs(t[3 * r] + t[3 * r + 1] + t[3 * r + 2] - 1.0f) < 1e-6f);
    BOOST_TEST(std::isfinite(t[0]));
    BOOST_TEST(t[2] > t[1]);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(products)

// detail::gemm tiles large products so that Eigen never packs on the heap; the tiles must add
// up to the plain product, for sizes that split unevenly in every direction.
BOOST_AUTO_TEST_CASE(tiled_products_equal_the_plain_product) {
    for (const auto [m, k, n] : {std::array<Eigen::Index, 3>{1, 728, 32}, {64, 728, 32}, {97, 1100, 301}, {3, 5, 7}}) {
        const RowMatrix x = RowMatrix::Random(m, k), w = RowMatrix::Random(k, n);
        const RowMatrix expected = x * w;
        RowMatrix y(m, n);
        detail::gemm(y, x, w);
        BOOST_TEST((y - expected).cwiseAbs().maxCoeff() < 1e-3f * float(k) / 100.0f);
        detail::gemm(y, x, w, /*accumulate=*/true);
        BOOST_TEST((y - 2.0f * expected).cwiseAbs().maxCoeff() < 2e-3f * float(k) / 100.0f);
    }
}

// libscion holds one matrix-product kernel per instruction set it was built for (the baseline
// always; AVX2 and AVX-512 in optimised x86-64 builds) and uses the widest the CPU runs. Each
// kernel this CPU runs must compute the plain product: row-major and transposed right operands,
// operands that are blocks of larger matrices, accumulation, and sizes that tile unevenly.
BOOST_AUTO_TEST_CASE(every_kernel_this_cpu_runs_computes_the_product) {
    const auto kernels = detail::gemm_kernels();
    BOOST_TEST_REQUIRE(!kernels.empty());
    BOOST_TEST(kernels[0].isa == "baseline");
    BOOST_TEST(kernels[0].supported);
    BOOST_TEST(detail::active_gemm_kernel().supported);
    BOOST_TEST_MESSAGE("gemm kernels: " << kernels.size() << ", active: " << detail::active_gemm_kernel().isa);
    std::size_t ran = 0;
    for (const detail::gemm_kernel& k : kernels) {
        if (!k.supported) continue;
        ++ran;
        // Matrix-vector shapes (a row, a column, a dot product) go to Eigen's vector kernels
        // directly; a small product (sizes summing under 20) and a row deeper than the tiles'
        // budget (30000) take Eigen's expressions; the rest the tiled matrix product.
        for (const auto [m, d, n] : {std::array<Eigen::Index, 3>{1, 728, 32}, {64, 728, 1}, {1, 32, 1}, {1, 30000, 4},
                                     {1, 10, 5}, {97, 1100, 301}, {3, 5, 7}}) {
            // x and the result are blocks of wider matrices (row strides d + 3 and n + 5).
            const RowMatrix xs = RowMatrix::Random(m, d + 3), wr = RowMatrix::Random(d, n), wt = RowMatrix::Random(n, d);
            const auto x = xs.leftCols(d);
            for (const bool transposed : {false, true}) {
                const RowMatrix expected = transposed ? RowMatrix(x * wt.transpose()) : RowMatrix(x * wr);
                RowMatrix ys = RowMatrix::Constant(m, n + 5, 1.0f);
                detail::gemm_args a;
                a.y = ys.data();
                a.ldy = n + 5;
                a.x = x.data();
                a.ldx = d + 3;
                a.w = transposed ? wt.data() : wr.data();
                a.ldw = transposed ? d : n;
                a.w_col_major = transposed;
                a.rows = m;
                a.depth = d;
                a.cols = n;
                const float tol = 1e-3f * float(d) / 100.0f;
                k.run(a);
                BOOST_TEST((ys.leftCols(n) - expected).cwiseAbs().maxCoeff() < tol, k.isa << " " << m << "x" << d << "x" << n);
                BOOST_TEST((ys.rightCols(5).array() == 1.0f).all());  // nothing written outside y
                a.accumulate = true;
                k.run(a);
                BOOST_TEST((ys.leftCols(n) - 2.0f * expected).cwiseAbs().maxCoeff() < 2.0f * tol, k.isa);
            }
        }
    }
    BOOST_TEST(ran >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()

// The one tensor comparison of the suite (tests/runtime/fixtures.hpp): a NaN output must fail a
// parity check ("<= tol") and a "differs" check ("> tol") alike — std::max(m, |a - b|) keeps m
// for a NaN difference, which let an all-NaN output pass every TF.js comparison.
BOOST_AUTO_TEST_SUITE(the_suites_comparison)

BOOST_AUTO_TEST_CASE(a_nan_output_fails_every_comparison) {
    const Tensor want(Shape{2, 3}, {0.f, 1.f, 2.f, 3.f, 4.f, 5.f});
    Tensor all_nan(Shape{2, 3});
    for (std::size_t i = 0; i < all_nan.size(); ++i) all_nan[i] = std::nanf("");
    Tensor one_nan = want;
    one_nan[4] = std::nanf("");
    for (const Tensor* got : {&all_nan, &one_nan}) {
        const float d = test::max_abs_diff(*got, want);
        BOOST_TEST(std::isnan(d));
        BOOST_TEST(!(d <= 1e-3f));  // a parity check fails
        BOOST_TEST(!(d > 1e-3f));   // and so does a check that two outputs differ
        BOOST_TEST(std::isnan(test::max_abs_diff(std::vector<Tensor>{want, *got}, std::vector<Tensor>{want, want})));
    }
    // NaN in the reference counts too, and the order of arguments does not matter.
    BOOST_TEST(std::isnan(test::max_abs_diff(want, one_nan)));
}

BOOST_AUTO_TEST_CASE(finite_differences_and_shapes) {
    const Tensor a(Shape{3}, {1.f, 2.f, 3.f});
    const Tensor b(Shape{3}, {1.f, 2.5f, 2.f});
    BOOST_TEST(test::max_abs_diff(a, b) == 1.0f);
    BOOST_TEST(test::max_abs_diff(a, a) == 0.0f);
    BOOST_TEST(std::isinf(test::max_abs_diff(a, Tensor(Shape{1, 3}, {1.f, 2.f, 3.f}))));
    BOOST_TEST(std::isinf(test::max_abs_diff(std::vector<Tensor>{a}, std::vector<Tensor>{a, a})));
}

BOOST_AUTO_TEST_SUITE_END()
