// scion/layers/advanced_activations.hpp — ReLU, LeakyReLU, PReLU, ELU, Softmax (being written).
#pragma once
