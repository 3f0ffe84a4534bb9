// The TF.js layers-model format: reading TF.js's own files (shards, nested models, quantized
// weights), every way a file can be wrong, saving all-or-nothing, the static path's files, and
// TensorFlow.js loading what scion saved.
#define BOOST_TEST_MODULE scion_layers_files
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

using namespace scion;
using namespace scion::test_fixtures;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

template <class E>
auto message_has(std::initializer_list<std::string> parts) {
    return [v = std::vector<std::string>(parts)](const E& e) {
        const std::string w = e.what();
        for (const auto& p : v)
            if (!has(w, p)) {
                BOOST_TEST_MESSAGE("message lacks '" << p << "': " << w);
                return false;
            }
        return true;
    };
}

/// A copy of fixture `name` in a scratch folder, to damage.
struct fixture_copy {
    scratch_dir dir;
    fs::path model;
    explicit fixture_copy(const std::string& name) : dir("copy-" + name), model(dir.path / name) {
        fs::copy(layers_dir(name), model, fs::copy_options::recursive);
    }
    json manifest_doc() const { return json::parse(std::ifstream(model / "model.json")); }
    void write_doc(const json& j) const { std::ofstream(model / "model.json") << j.dump(); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The MLP of files_sharded_mlp as a static type (a Sequential takes its layer names from the file).
using sharded_mlp = Sequential<Input<6>, Dense<16, act::relu>, Dense<4, act::softmax>>;

} // namespace

BOOST_AUTO_TEST_SUITE(reading_tfjs_files)

BOOST_AUTO_TEST_CASE(weights_split_across_shards) {
    // 6*16+16+16*4+4 floats in three shards of 256 bytes: weights straddle shard boundaries.
    BOOST_TEST(std::distance(fs::directory_iterator(layers_dir("files_sharded_mlp")), fs::directory_iterator()) == 5);
    check_layers_fixture("files_sharded_mlp", 1e-6f);
}

BOOST_AUTO_TEST_CASE(nested_model_and_shared_layer) { check_layers_fixture("files_nested", 1e-6f); }

BOOST_AUTO_TEST_CASE(static_model_from_the_same_files) { check_static_fixture<sharded_mlp>("files_sharded_mlp", 1e-6f); }

BOOST_AUTO_TEST_CASE(static_type_that_differs_is_refused_naming_the_layer) {
    using wrong = Sequential<Input<6>, Dense<16, act::tanh>, Dense<4, act::softmax>>;
    BOOST_CHECK_EXCEPTION((void)load_layers_model<wrong>(layers_dir("files_sharded_mlp")), config_error,
                          message_has<config_error>({"hidden", "activation"}));
    using other_shape = Sequential<Input<7>, Dense<16, act::relu>, Dense<4, act::softmax>>;
    BOOST_CHECK_EXCEPTION((void)load_layers_model<other_shape>(layers_dir("files_sharded_mlp")), config_error,
                          message_has<config_error>({"input", "(None, 6)", "(None, 7)"}));
}

BOOST_AUTO_TEST_CASE(model_json_path_or_folder) {
    const auto a = dynamic::load_layers_model(layers_dir("files_nested"));
    const auto b = dynamic::load_layers_model(layers_dir("files_nested") / "model.json");
    BOOST_TEST(a.to_json() == b.to_json());
    BOOST_TEST(bitwise_equal(a.get_weights(), b.get_weights()));
}

BOOST_AUTO_TEST_CASE(weights_go_to_layers_by_name_not_by_position) {
    // Reverse the manifest and the shard bytes entry by entry: the same model comes back.
    fixture_copy c("files_nested");
    json doc = c.manifest_doc();
    json& specs = doc["weightsManifest"][0]["weights"];
    const std::string data = slurp(c.model / "group1-shard1of1.bin");
    std::vector<std::string> chunks;
    std::size_t at = 0;
    for (const json& s : specs) {
        std::size_t n = 4;
        for (const json& d : s["shape"]) n *= d.get<std::size_t>();
        chunks.push_back(data.substr(at, n));
        at += n;
    }
    std::reverse(specs.begin(), specs.end());
    std::string reversed;
    for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) reversed += *it;
    c.write_doc(doc);
    std::ofstream(c.model / "group1-shard1of1.bin", std::ios::binary) << reversed;
    const auto a = dynamic::load_layers_model(layers_dir("files_nested"));
    const auto b = dynamic::load_layers_model(c.model);
    BOOST_TEST(bitwise_equal(a.get_weights(), b.get_weights()));
}

BOOST_AUTO_TEST_CASE(quantized_weights_are_dequantized) {
    // head/bias (4 floats) stored as uint8 with scale 0.5 and min -1, then as float16.
    fixture_copy c("files_sharded_mlp");
    json doc = c.manifest_doc();
    json& specs = doc["weightsManifest"][0]["weights"];
    BOOST_TEST_REQUIRE(specs.back()["name"] == "head/bias");
    const std::string data = slurp(c.model / "group1-shard1of3.bin") + slurp(c.model / "group1-shard2of3.bin") +
                             slurp(c.model / "group1-shard3of3.bin");
    const std::string head = data.substr(0, data.size() - 16);
    specs.back()["quantization"] = {{"dtype", "uint8"}, {"scale", 0.5}, {"min", -1.0}};
    doc["weightsManifest"][0]["paths"] = {"all.bin"};
    for (int i = 1; i <= 3; ++i) fs::remove(c.model / ("group1-shard" + std::to_string(i) + "of3.bin"));
    c.write_doc(doc);
    std::ofstream(c.model / "all.bin", std::ios::binary) << head << std::string("\x00\x01\x02\x07", 4);
    auto m = dynamic::load_layers_model(c.model);
    const Tensor bias = m.get_layer("head").get_weights()[1];
    BOOST_TEST(bias.values()[0] == -1.0f);
    BOOST_TEST(bias.values()[1] == -0.5f);
    BOOST_TEST(bias.values()[2] == 0.0f);
    BOOST_TEST(bias.values()[3] == 2.5f);

    // float16: 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800, 65504 = 0x7bff (little-endian bytes).
    specs.back()["quantization"] = {{"dtype", "float16"}};
    c.write_doc(doc);
    std::ofstream(c.model / "all.bin", std::ios::binary) << head << std::string("\x00\x3c\x00\xc0\x00\x38\xff\x7b", 8);
    m = dynamic::load_layers_model(c.model);
    const Tensor half = m.get_layer("head").get_weights()[1];
    BOOST_TEST(half.values()[0] == 1.0f);
    BOOST_TEST(half.values()[1] == -2.0f);
    BOOST_TEST(half.values()[2] == 0.5f);
    BOOST_TEST(half.values()[3] == 65504.0f);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_files)

BOOST_AUTO_TEST_CASE(missing_model_json) {
    const scratch_dir d("missing");
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(d.path), file_error,
                          message_has<file_error>({(d.path / "model.json").string(), "no such file"}));
}

BOOST_AUTO_TEST_CASE(missing_shard_names_the_file) {
    fixture_copy c("files_sharded_mlp");
    fs::remove(c.model / "group1-shard2of3.bin");
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"group1-shard2of3.bin", "is missing"}));
}

BOOST_AUTO_TEST_CASE(short_shard_names_the_file_and_the_weight) {
    fixture_copy c("files_sharded_mlp");
    fs::resize_file(c.model / "group1-shard3of3.bin", 200);  // 8 bytes short: head/bias is cut
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"group1-shard3of3.bin", "is short", "'head/bias'"}));
}

BOOST_AUTO_TEST_CASE(shards_longer_than_the_manifest) {
    fixture_copy c("files_sharded_mlp");
    std::ofstream(c.model / "group1-shard3of3.bin", std::ios::binary | std::ios::app) << "abcd";
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"model.json", "more bytes", "do not match the manifest"}));
}

BOOST_AUTO_TEST_CASE(manifest_shape_that_the_layer_cannot_take) {
    fixture_copy c("files_sharded_mlp");
    json doc = c.manifest_doc();
    doc["weightsManifest"][0]["weights"][0]["shape"] = {16, 6};  // hidden/kernel transposed
    c.write_doc(doc);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), weights_error,
                          message_has<weights_error>({"'hidden/kernel'", "(16, 6)", "Dense layer 'hidden'", "(6, 16)"}));
}

BOOST_AUTO_TEST_CASE(weight_the_model_needs_is_absent) {
    fixture_copy c("files_sharded_mlp");
    json doc = c.manifest_doc();
    doc["weightsManifest"][0]["weights"].erase(3);  // head/bias
    c.write_doc(doc);
    fs::resize_file(c.model / "group1-shard3of3.bin", 208 - 16);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), weights_error,
                          message_has<weights_error>({"no weight 'head/bias'", "Dense layer 'head'"}));
}

BOOST_AUTO_TEST_CASE(weight_no_layer_takes) {
    fixture_copy c("files_sharded_mlp");
    json doc = c.manifest_doc();
    doc["weightsManifest"][0]["weights"].push_back({{"name", "ghost/bias"}, {"shape", {1}}, {"dtype", "float32"}});
    c.write_doc(doc);
    std::ofstream(c.model / "group1-shard3of3.bin", std::ios::binary | std::ios::app) << std::string(4, '\0');
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), weights_error,
                          message_has<weights_error>({"'ghost/bias'", "belongs to no layer"}));
}

BOOST_AUTO_TEST_CASE(malformed_json_graph_models_and_escaping_paths) {
    fixture_copy c("files_nested");
    const json good = c.manifest_doc();
    std::ofstream(c.model / "model.json") << "{\"format\": \"layers-model\", ";
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"model.json", "not valid JSON"}));
    json g = good;
    g["format"] = "graph-model";
    c.write_doc(g);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"graph-model", "layers models"}));
    json p = good;
    p["weightsManifest"][0]["paths"] = {"../elsewhere.bin"};
    c.write_doc(p);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"../elsewhere.bin", "leaves the model's folder"}));
    json d = good;
    d["weightsManifest"][0]["weights"][0]["dtype"] = "string";
    c.write_doc(d);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), file_error,
                          message_has<file_error>({"'shared/kernel'", "dtype 'string'"}));
    json t = good;
    t["modelTopology"]["config"]["layers"][2]["class_name"] = "NoSuchLayer";
    c.write_doc(t);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), config_error,
                          message_has<config_error>({"model.json", "NoSuchLayer"}));
}

BOOST_AUTO_TEST_CASE(a_config_asking_for_more_than_memory_is_refused_before_allocating) {
    // fully_conv's Conv2D with 2^24 filters of 64x64 ('same' padding): 2^36 kernel values.
    fixture_copy c("files_fully_conv");
    json doc = c.manifest_doc();
    json& layers = doc["modelTopology"]["config"]["layers"];
    BOOST_TEST_REQUIRE(layers[0]["class_name"] == "Conv2D");
    layers[0]["config"]["filters"] = std::uint64_t{1} << 24;
    layers[0]["config"]["kernel_size"] = {64, 64};
    c.write_doc(doc);
    BOOST_CHECK_EXCEPTION((void)dynamic::load_layers_model(c.model), config_error,
                          message_has<config_error>({"model.json", "'conv'", "more than"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(saving)

BOOST_AUTO_TEST_CASE(static_model_saves_what_its_dynamic_twin_saves) {
    const sharded_mlp m{seed{7}};
    const scratch_dir d("static-save");
    save_layers_model(m, d.path / "s");
    dynamic::save_layers_model(to_dynamic(m), d.path / "d");
    BOOST_TEST(slurp(d.path / "s" / "model.json") == slurp(d.path / "d" / "model.json"));
    const auto back = load_layers_model<sharded_mlp>(d.path / "s");
    BOOST_TEST(bitwise_equal(back.get_weights(), m.get_weights()));
}

BOOST_AUTO_TEST_CASE(shards_are_split_at_the_size_asked) {
    const auto m = dynamic::load_layers_model(layers_dir("files_sharded_mlp"));
    const scratch_dir d("shards");
    dynamic::save_layers_model(m, d.path / "m", {.shard_bytes = 100});
    std::size_t files = 0, bytes = 0;
    for (const auto& e : fs::directory_iterator(d.path / "m"))
        if (e.path().extension() == ".bin") {
            ++files;
            bytes += fs::file_size(e.path());
            BOOST_TEST(fs::file_size(e.path()) <= 100u);
        }
    BOOST_TEST(bytes == 4u * (6 * 16 + 16 + 16 * 4 + 4));
    BOOST_TEST(files == (bytes + 99) / 100);
    BOOST_TEST(bitwise_equal(dynamic::load_layers_model(d.path / "m").get_weights(), m.get_weights()));
}

BOOST_AUTO_TEST_CASE(saving_over_a_model_replaces_it) {
    const auto a = dynamic::load_layers_model(layers_dir("files_sharded_mlp"));
    const auto b = dynamic::load_layers_model(layers_dir("files_nested"));
    const scratch_dir d("replace");
    dynamic::save_layers_model(a, d.path / "m", {.shard_bytes = 64});
    dynamic::save_layers_model(b, d.path / "m");
    BOOST_TEST(dynamic::load_layers_model(d.path / "m").to_json() == b.to_json());
    std::size_t bins = 0;
    for (const auto& e : fs::directory_iterator(d.path / "m")) bins += e.path().extension() == ".bin";
    BOOST_TEST(bins == 1u);  // no shard of the old model is left behind
    BOOST_TEST(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()) == 1);  // no temporaries
}

BOOST_AUTO_TEST_CASE(a_folder_with_other_files_is_not_replaced) {
    const auto a = dynamic::load_layers_model(layers_dir("files_sharded_mlp"));
    const scratch_dir d("other-files");
    fs::create_directories(d.path / "m");
    std::ofstream(d.path / "m" / "notes.txt") << "keep me";
    BOOST_CHECK_EXCEPTION(dynamic::save_layers_model(a, d.path / "m"), file_error,
                          message_has<file_error>({"notes.txt", "other than model.json"}));
    BOOST_TEST(slurp(d.path / "m" / "notes.txt") == "keep me");
    BOOST_CHECK_EXCEPTION(dynamic::save_layers_model(a, d.path / "m" / "notes.txt"), file_error,
                          message_has<file_error>({"it is a file"}));
    BOOST_CHECK_EXCEPTION(dynamic::save_layers_model(a, d.path / "no" / "such" / "m"), file_error,
                          message_has<file_error>({"does not exist"}));
}

BOOST_AUTO_TEST_CASE(a_save_that_fails_midway_leaves_the_old_model_whole) {
    // The file-size limit makes the second shard's write fail (EFBIG), as a full disk would.
    const auto old_model = dynamic::load_layers_model(layers_dir("files_nested"));
    const auto big = dynamic::load_layers_model(layers_dir("files_sharded_mlp"));
    const scratch_dir d("midway");
    dynamic::save_layers_model(old_model, d.path / "m");
    const std::string before = slurp(d.path / "m" / "model.json");

    std::signal(SIGXFSZ, SIG_IGN);
    rlimit saved{};
    getrlimit(RLIMIT_FSIZE, &saved);
    rlimit small = saved;
    small.rlim_cur = 300;
    BOOST_TEST_REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false;
    try {
        dynamic::save_layers_model(big, d.path / "m", {.shard_bytes = 1024});
    } catch (const file_error& e) {
        threw = has(e.what(), "cannot write");
        BOOST_TEST_MESSAGE(e.what());
    }
    setrlimit(RLIMIT_FSIZE, &saved);
    BOOST_TEST(threw);
    BOOST_TEST(slurp(d.path / "m" / "model.json") == before);
    BOOST_TEST(bitwise_equal(dynamic::load_layers_model(d.path / "m").get_weights(), old_model.get_weights()));
    BOOST_TEST(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()) == 1);  // no temporaries
}

BOOST_AUTO_TEST_SUITE_END()

