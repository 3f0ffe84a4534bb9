// tests/runtime/test_spatial_reshaping.cpp — the reshaping layers' TF.js fixtures (ZeroPadding2D,
// Cropping2D, UpSampling2D, RepeatVector, Permute, and a sequence model) on the dynamic and static
// paths, and the dynamic factories of the whole family against their static twins. The rest of
// the family's tests are in test_spatial.cpp (split to keep each file's compile time short).
#define BOOST_TEST_MODULE scion_spatial2
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using scion::test_fixtures::check_layers_fixture;
using scion::test_fixtures::check_static_fixture;

namespace {
constexpr float tol = 1e-5f;
} // namespace

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

namespace fx {
using reshape_zero_padding2d = Sequential<Input<3, 4, 2>, ZeroPadding2D<1, 2, 0, 3>>;
using reshape_zero_padding2d_int = Sequential<Input<2, 3, 2>, ZeroPadding2D<2>>;
using reshape_cropping2d = Sequential<Input<5, 6, 2>, Cropping2D<1, 0, 2, 1>>;
using reshape_upsampling2d_nearest = Sequential<Input<3, 4, 2>, UpSampling2D<2, 3>>;
using reshape_upsampling2d_bilinear = Sequential<Input<3, 4, 2>, UpSampling2D<2, 3, interpolation_bilinear>>;
using reshape_upsampling2d_bilinear3 = Sequential<Input<4, 5, 1>, UpSampling2D<3, 3, interpolation_bilinear>>;
using reshape_repeat_vector = Sequential<Input<5>, RepeatVector<3>>;
using reshape_permute_2d = Sequential<Input<4, 3>, Permute<2, 1>>;
using reshape_permute_3d = Sequential<Input<2, 3, 4>, Permute<3, 1, 2>>;
using reshape_sequence =
    Sequential<Input<6>, Dense<8, act::tanh>, RepeatVector<4>, Permute<2, 1>, Dense<5>,
               AveragePooling1D<pool_size<3>, strides<2>, padding_same>, MaxPooling1D<>, GlobalMaxPooling1D<>, Dense<2>>;
} // namespace fx

#define SCION_SPATIAL_FIXTURE(name)                                                                                    \
    BOOST_AUTO_TEST_CASE(name) {                                                                                       \
        check_layers_fixture(#name, tol);                                                                              \
        check_static_fixture<fx::name>(#name, tol);                                                                    \
    }

BOOST_AUTO_TEST_SUITE(tfjs_reshaping)
SCION_SPATIAL_FIXTURE(reshape_zero_padding2d)
SCION_SPATIAL_FIXTURE(reshape_zero_padding2d_int)
SCION_SPATIAL_FIXTURE(reshape_cropping2d)
SCION_SPATIAL_FIXTURE(reshape_upsampling2d_nearest)
SCION_SPATIAL_FIXTURE(reshape_upsampling2d_bilinear)
SCION_SPATIAL_FIXTURE(reshape_upsampling2d_bilinear3)
SCION_SPATIAL_FIXTURE(reshape_repeat_vector)
SCION_SPATIAL_FIXTURE(reshape_permute_2d)
SCION_SPATIAL_FIXTURE(reshape_permute_3d)
SCION_SPATIAL_FIXTURE(reshape_sequence)
BOOST_AUTO_TEST_SUITE_END()


// ---- the dynamic factories against the static types -------------------------------------------------

BOOST_AUTO_TEST_CASE(dynamic_factories_are_the_static_types_twins) {
    using S = Sequential<Input<6, 6, 2>, Dense<3>, ZeroPadding2D<1, 0, 2, 1>, MaxPooling2D<pool_size<2>, padding_same>,
                         UpSampling2D<2, 1, interpolation_bilinear>, Cropping2D<1, 1>,
                         AveragePooling2D<pool_size<3, 2>, strides<1>>, GlobalMaxPooling2D<keepdims>, Flatten,
                         RepeatVector<3>, Permute<2, 1>, AveragePooling1D<pool_size<2>, strides<1>, padding_same>,
                         MaxPooling1D<>, GlobalAveragePooling1D<>, Dense<2>>;
    d::Sequential q("sequential", seed{5});
    q.add(d::Input({6, 6, 2}));
    q.add(d::Dense({.units = 3}));
    q.add(d::ZeroPadding2D({.padding = {1, 0, 2, 1}}));
    q.add(d::MaxPooling2D({.pool_size = {2}, .padding = "same"}));
    q.add(d::UpSampling2D({.size = {2, 1}, .interpolation = "bilinear"}));
    q.add(d::Cropping2D({.cropping = {1, 1}}));
    q.add(d::AveragePooling2D({.pool_size = {3, 2}, .strides = {1}}));
    q.add(d::GlobalMaxPooling2D({.keepdims = true}));
    q.add(d::Flatten());
    q.add(d::RepeatVector({.n = 3}));
    q.add(d::Permute({.dims = {2, 1}}));
    q.add(d::AveragePooling1D({.pool_size = 2, .strides = 1, .padding = "same"}));
    q.add(d::MaxPooling1D());
    q.add(d::GlobalAveragePooling1D());
    q.add(d::Dense({.units = 2}));
    const S s{seed{5}};
    BOOST_TEST(q.summary() == s.summary());
    BOOST_TEST(q.to_json() == to_dynamic(s).to_json());
    Tensor x(Shape{2, 6, 6, 2});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * static_cast<float>(i));
    const Tensor ys = s.predict(x);
    const Tensor yd = q.predict(std::vector<Tensor>{x})[0];
    BOOST_TEST(scion::test_fixtures::bitwise_equal({ys}, {yd}));
    // Cast back: the dynamic model is the static type.
    const S back = model_cast<S>(d::Model(q));
    BOOST_TEST(scion::test_fixtures::bitwise_equal({back.predict(x)}, {ys}));
}
