// scion/dsl/time_distributed.hpp — TimeDistributed (being written).
#pragma once
