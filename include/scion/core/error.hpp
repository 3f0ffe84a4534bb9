// scion/core/error.hpp — the exceptions scion throws at run time.
#pragma once

#include <stdexcept>
#include <string>

namespace scion {

/// Base of every exception scion throws. Catch this to handle any scion failure.
/// Messages name the layer or model, then the expected and the actual value.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A tensor of the wrong shape reached a model or a layer.
class shape_error : public error {
public:
    using error::error;
};

/// A configuration (a config struct or Keras JSON) is malformed or unsupported.
class config_error : public error {
public:
    using error::error;
};

/// `set_weights` was given the wrong number of arrays or an array of the wrong shape.
class weights_error : public error {
public:
    using error::error;
};

/// A clone could not be built: duplicate layer names, a layer built for another input, ...
class clone_error : public error {
public:
    using error::error;
};

/// A tensor holding a value a layer cannot take reached it: an Embedding id that is not an
/// index of its table (the counterpart of shape_error for values rather than shapes).
class value_error : public error {
public:
    using error::error;
};

/// A model file could not be read or written: missing, short, inconsistent with its manifest,
/// or a save that failed (the message names the file, and the weight where one is concerned).
class file_error : public error {
public:
    using error::error;
};

} // namespace scion
