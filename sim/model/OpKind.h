#pragma once
// OpKind: what a client operation does to a key. A header of its own so that
// resolvers (sim/conflicts) can name a write's kind without the scenario model.

namespace replsim {

enum class OpKind { Set, Insert, Update, Delete, Incr, Read };

}  // namespace replsim
