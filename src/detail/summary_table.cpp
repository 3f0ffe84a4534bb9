// src/detail/summary_table.cpp — the text of Keras's `model.summary()` table.
#include <scion/detail/summary_table.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::detail {

std::string summary_table(std::string_view model_name, const std::vector<summary_row>& rows, bool wide) {
    // Keras's column widths, widened where a name or a shape would run into the next column.
    std::size_t w1 = 29, w2 = 26;
    for (const summary_row& r : rows) {
        w1 = std::max(w1, r.name.size() + r.class_name.size() + 5);  // " name (class)" and a space
        w2 = std::max(w2, r.shape.size() + 1);
    }
    const std::size_t w3 = wide ? 11 : 10, w4 = wide ? 30 : 0;
    auto pad = [](std::string s, std::size_t w) {
        if (s.size() < w) s.append(w - s.size(), ' ');
        return s;
    };
    const std::string rule(w1 + w2 + w3 + w4, '_'), double_rule(w1 + w2 + w3 + w4, '=');
    std::string out = "Model: \"" + std::string(model_name) + "\"\n" + rule + "\n" + pad(" Layer (type)", w1) +
                      pad("Output Shape", w2) + (wide ? pad("Param #", w3) + "Connected to" : "Param #") + "\n" +
                      double_rule + "\n";
    std::size_t total = 0, frozen = 0;
    for (const summary_row& r : rows) {
        total += r.params;
        frozen += r.trainable ? std::min(r.non_trainable, r.params) : r.params;
        std::string row = pad(" " + r.name + " (" + std::string(r.class_name) + ")", w1) + pad(r.shape, w2);
        if (!wide) {
            out += row + std::to_string(r.params) + "\n";
            continue;
        }
        row += pad(std::to_string(r.params), w3);
        if (r.connected.empty()) {
            out += row + "-\n";
            continue;
        }
        for (std::size_t k = 0; k < r.connected.size(); ++k)
            out += (k == 0 ? row : std::string(w1 + w2 + w3, ' ')) + r.connected[k] + "\n";
    }
    out += double_rule + "\nTotal params: " + std::to_string(total) + "\nTrainable params: " +
           std::to_string(total - frozen) + "\nNon-trainable params: " + std::to_string(frozen) + "\n" + rule + "\n";
    return out;
}

} // namespace scion::detail
