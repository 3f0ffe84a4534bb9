// scion/scion.hpp — the umbrella header: everything scion offers, grouped as its architecture.
#pragma once

// 1. Engine — tensors, activations, initializers, reproducible randomness, and one class per
//    layer kind holding its config, weights and math. Usable without any template machinery.
#include <scion/core/activations.hpp>
#include <scion/core/error.hpp>
#include <scion/core/initializers.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/advanced_activations.hpp>
#include <scion/layers/bidirectional.hpp>
#include <scion/layers/conv.hpp>
#include <scion/layers/dense.hpp>
#include <scion/layers/dropout.hpp>
#include <scion/layers/embedding.hpp>
#include <scion/layers/flatten.hpp>
#include <scion/layers/gru.hpp>
#include <scion/layers/input_layer.hpp>
#include <scion/layers/layer_base.hpp>
#include <scion/layers/lstm.hpp>
#include <scion/layers/merge.hpp>
#include <scion/layers/noise.hpp>
#include <scion/layers/normalization.hpp>
#include <scion/layers/pooling.hpp>
#include <scion/layers/reshape.hpp>
#include <scion/layers/reshaping.hpp>
#include <scion/layers/simple_rnn.hpp>
#include <scion/layers/time_distributed.hpp>

// 2. Type-level graph — the canonical flat graph, its compile-time algorithms, and the model
//    that runs it.
#include <scion/graph/graph.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/model.hpp>
#include <scion/graph/names.hpp>
#include <scion/graph/protocol.hpp>
#include <scion/graph/shape_inference.hpp>
#include <scion/graph/summary.hpp>
#include <scion/graph/workspace.hpp>

// 3. DSL — the syntax of static models.
#include <scion/dsl/act.hpp>
#include <scion/dsl/activation.hpp>
#include <scion/dsl/advanced_activations.hpp>
#include <scion/dsl/bidirectional.hpp>
#include <scion/dsl/conv.hpp>
#include <scion/dsl/dense.hpp>
#include <scion/dsl/dropout.hpp>
#include <scion/dsl/embedding.hpp>
#include <scion/dsl/flatten.hpp>
#include <scion/dsl/functional.hpp>
#include <scion/dsl/gru.hpp>
#include <scion/dsl/initializers.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/lstm.hpp>
#include <scion/dsl/merge.hpp>
#include <scion/dsl/named.hpp>
#include <scion/dsl/noise.hpp>
#include <scion/dsl/normalization.hpp>
#include <scion/dsl/options.hpp>
#include <scion/dsl/pooling.hpp>
#include <scion/dsl/repeat.hpp>
#include <scion/dsl/reshape.hpp>
#include <scion/dsl/reshaping.hpp>
#include <scion/dsl/sequential.hpp>
#include <scion/dsl/simple_rnn.hpp>
#include <scion/dsl/time_distributed.hpp>
#include <scion/dsl/traits.hpp>

// 4. Clone — clone_model_t / clone_model and the weight policies.
#include <scion/clone/clone_model.hpp>
#include <scion/clone/policies.hpp>
