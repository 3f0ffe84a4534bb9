// scion/dsl/advanced_activations.hpp — ReLU, LeakyReLU, PReLU, ELU, Softmax (being written).
#pragma once
