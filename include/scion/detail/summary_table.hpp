// scion/detail/summary_table.hpp — the text of Keras's `model.summary()`, given its rows: one
// layout for the static and the dynamic path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::detail {

/// One row of a summary: an input or a layer, with the tensors it reads ("Connected to").
struct summary_row {
    std::string name;
    std::string_view class_name;
    std::string shape;        ///< as Shape::to_batch_string: "(None, 12)"
    std::size_t params = 0;
    bool trainable = true;
    std::vector<std::string> connected;  ///< empty: "-"
    std::size_t non_trainable = 0;       ///< of a trainable layer: params no training changes (moving statistics)
};

/// Keras's table: a header, one row per entry (a row with several inputs takes one line per
/// input), and the totals (a non-trainable row counts as non-trainable params, and so do a
/// trainable row's `non_trainable` ones). `wide` adds the
/// "Connected to" column, which Keras shows for graphs that are not a chain.
[[nodiscard]] std::string summary_table(std::string_view model_name, const std::vector<summary_row>& rows,
                                        bool wide);

} // namespace scion::detail
