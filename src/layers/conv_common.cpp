// src/layers/conv_common.cpp — what every convolution shares: the Keras JSON helpers, the config
// and input checks, the 2D geometry of one sample, and the bias-and-activation step.
#include <scion/layers/conv_common.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace scion::layers {

namespace detail {

// ---- Keras JSON, read and written alike by every convolution ----

json conv_dims_json(std::span<const std::size_t> d) {
    json a = json::array();
    for (std::size_t x : d) a.push_back(x);
    return a;
}

std::size_t conv_read_count(const json& v, std::string_view field, std::string_view who) {
    if (!v.is_number_integer() || (v.is_number_unsigned() ? v.get<std::uint64_t>() > conv_max_value
                                                          : v.get<std::int64_t>() < 1 ||
                                                                v.get<std::int64_t>() > std::int64_t(conv_max_value)))
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    const auto x = v.get<std::uint64_t>();
    if (x == 0)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    return static_cast<std::size_t>(x);
}

std::size_t conv_read_required_count(const json& j, std::string_view field, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null())
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    return conv_read_count(*it, field, who);
}

template <std::size_t R>
conv_dims<R> conv_read_dims(const json& j, std::string_view field, std::optional<conv_dims<R>> fallback,
                            std::string_view who, bool allow_zero) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    }
    const auto one = [&](const json& v) -> std::size_t {
        if (allow_zero && v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == 0) return 0;
        if (allow_zero && v.is_number_unsigned() && v.get<std::uint64_t>() == 0) return 0;
        return conv_read_count(v, field, who);
    };
    if (it->is_number()) return conv_fill<R>(one(*it));
    if (!it->is_array() || it->size() != R)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be an integer or a list of " +
                           std::to_string(R) + " integers, got " + it->dump());
    conv_dims<R> d{};
    for (std::size_t i = 0; i < R; ++i) d[i] = one((*it)[i]);
    return d;
}

template conv_dims<1> conv_read_dims<1>(const json&, std::string_view, std::optional<conv_dims<1>>, std::string_view,
                                        bool);
template conv_dims<2> conv_read_dims<2>(const json&, std::string_view, std::optional<conv_dims<2>>, std::string_view,
                                        bool);

conv_padding conv_read_padding(const json& j, std::string_view who, bool allow_causal) {
    const auto p = scion::detail::get_field_or<std::string>(j, "padding", "valid", who);
    if (p == "valid") return conv_padding::valid;
    if (p == "same") return conv_padding::same;
    if (p == "causal" && allow_causal) return conv_padding::causal;
    throw config_error(std::string(who) + ": unsupported option 'padding' = \"" + p + "\" (" +
                       (allow_causal ? "valid, same or causal" : "valid or same") + ")");
}

void conv_check_data_format(const json& j, std::string_view who) {
    const auto f = scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", who);
    if (f != "channels_last" && f != "channelsLast")
        throw config_error(std::string(who) + ": unsupported option 'data_format' = \"" + f +
                           "\" (scion's convolutions are channels_last)");
}

scion::activation_id conv_read_activation(const json& j, std::string_view who) {
    const auto a = scion::detail::get_field_or<std::string>(j, "activation", "linear", who);
    try {
        return activation_from_string(a);
    } catch (const config_error& e) {
        throw config_error(std::string(who) + ": field 'activation': " + e.what());
    }
}

Initializer conv_read_init(const json& j, std::string_view field, Initializer fallback, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) return fallback;
    return Initializer::from_json(*it, std::string(who) + " " + std::string(field));
}

std::size_t conv_read_groups(const json& j, std::string_view who, bool allowed) {
    const auto it = j.find("groups");
    if (it == j.end() || it->is_null()) return 1;
    const std::size_t g = conv_read_count(*it, "groups", who);
    if (g != 1 && !allowed) throw config_error(std::string(who) + ": unsupported option 'groups' = " + it->dump());
    return g;
}

void conv_require_null(const json& j, std::initializer_list<const char*> fields, std::string_view who) {
    for (const char* k : fields) scion::detail::require_null(j, k, who);
}
void conv_write_null(json& j, std::initializer_list<const char*> fields) {
    for (const char* k : fields) j[k] = nullptr;
}

Shape conv_checked_weight(Shape s, const std::string& who_, std::string_view weight) {
    std::size_t n = 1;
    for (std::size_t d : s) {
        if (d != 0 && n > conv_max_weight / d)
            throw config_error(who_ + ": weight '" + std::string(weight) + "' of shape " + s.to_string() +
                               " would hold more than " + std::to_string(conv_max_weight) + " scalars");
        n *= d;
    }
    return s;
}

// ---- the checks every convolution makes ----

void conv_check_geometry(std::span<const std::size_t> kernel, std::span<const std::size_t> strides,
                         std::span<const std::size_t> dilation, conv_padding p, bool allow_causal,
                         const std::string& who_) {
    const auto positive = [](std::span<const std::size_t> d) {
        for (std::size_t x : d)
            if (x == 0) return false;
        return true;
    };
    if (!positive(kernel)) throw config_error(who_ + ": kernel_size must be positive");
    if (!positive(strides)) throw config_error(who_ + ": strides must be positive");
    if (!positive(dilation)) throw config_error(who_ + ": dilation_rate must be positive");
    if (!allow_causal && p == conv_padding::causal) throw config_error(who_ + ": padding 'causal' is only for Conv1D");
}

void conv_check_fits(const Shape& in, std::span<const std::size_t> kernel, std::span<const std::size_t> dilation,
                     conv_padding p, const std::string& who_) {
    if (p != conv_padding::valid || in.rank() != kernel.size() + 1) return;
    for (std::size_t i = 0; i < kernel.size(); ++i) {
        const std::size_t e = conv_dilated_extent(kernel[i], dilation[i]);
        if (in[i] != 0 && in[i] < e)
            throw shape_error(who_ + ": cannot be applied to input shape " + in.to_batch_string() +
                              ": the kernel spans " + std::to_string(e) + " along axis " + std::to_string(i + 1) +
                              " (dilation included), more than its " + std::to_string(in[i]) +
                              " with padding 'valid'");
    }
}

// ---- the math ----

conv_geometry conv2d_geometry(const Shape& in, const Shape& out, const conv_dims<2>& k, const conv_dims<2>& s,
                              const conv_dims<2>& d, conv_padding p) noexcept {
    conv_geometry g;
    g.h = in[0], g.w = in[1], g.c = in[2];
    g.oh = out[0], g.ow = out[1];
    g.kh = k[0], g.kw = k[1], g.sh = s[0], g.sw = s[1], g.dh = d[0], g.dw = d[1];
    g.pt = conv_padding_before(g.h, k[0], s[0], d[0], p);
    g.pl = conv_padding_before(g.w, k[1], s[1], d[1], p);
    return g;
}

void conv_finish(const TensorView& y, std::size_t channels, const float* bias, scion::activation_id a) {
    const auto n = static_cast<Eigen::Index>(channels);
    if (bias != nullptr) {
        MatrixMap Y(y.data, static_cast<Eigen::Index>(y.size()) / n, n);
        Y.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, n);
    }
    apply_activation(a, y.data, y.size(), channels);
}

} // namespace detail

} // namespace scion::layers
