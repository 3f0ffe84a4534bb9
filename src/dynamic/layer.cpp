// src/dynamic/layer.cpp — dynamic::KerasTensor, dynamic::Input and dynamic::Layer::call.
#include <scion/dynamic/layer.hpp>

#include <algorithm>

namespace scion::dynamic {

namespace detail {

std::size_t tensor_depth(const KerasTensor& t) {
    // Reading output k > 0 of a several-output layer goes through a selection node one level
    // deeper, as `Get<node, k>` does in the static graph (so both paths order layers alike).
    const node& n = *t.node();
    return n.layer && n.layer->output_count() > 1 ? n.depth + 1 : n.depth;
}

} // namespace detail

const Shape& KerasTensor::shape() const {
    if (!node_) throw config_error("KerasTensor: empty (default-constructed) tensor");
    return node_->shapes.at(index_);
}
std::string KerasTensor::layer_name() const {
    if (!node_) return {};
    return node_->layer ? node_->layer->name() : node_->input->name();
}

KerasTensor Input(Shape shape, std::string name) {
    for (std::size_t d : shape)
        if (d == 0) throw shape_error("Input '" + name + "': shape " + shape.to_batch_string() + " has a zero axis");
    layers::InputLayer::config_type c;
    c.name = std::move(name);
    c.shape = shape;
    auto n = std::make_shared<detail::node>();
    n->input.emplace(std::move(c));
    n->shapes = {shape};
    return KerasTensor(std::move(n), 0);
}

std::vector<KerasTensor> Layer::call(std::span<const KerasTensor> xs) const {
    layer_interface& l = impl();
    if (xs.empty()) throw shape_error(l.who() + ": called on no inputs");
    std::vector<Shape> in;
    in.reserve(xs.size());
    std::size_t depth = 0;
    for (const KerasTensor& x : xs) {
        if (!x) throw config_error(l.who() + ": called on an empty KerasTensor");
        in.push_back(x.shape());
        depth = std::max(depth, detail::tensor_depth(x));
    }
    auto n = std::make_shared<detail::node>();
    n->layer = impl_;
    n->inputs.assign(xs.begin(), xs.end());
    n->depth = depth + 1;
    const std::size_t outs = l.output_count();
    for (std::size_t k = 0; k < outs; ++k) n->shapes.push_back(l.output_shape(in, k));
    std::shared_ptr<const detail::node> cn = std::move(n);
    std::vector<KerasTensor> r;
    r.reserve(outs);
    for (std::size_t k = 0; k < outs; ++k) r.emplace_back(cn, k);
    return r;
}

} // namespace scion::dynamic
