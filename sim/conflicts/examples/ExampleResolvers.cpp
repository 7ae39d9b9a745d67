#include "sim/conflicts/examples/ExampleResolvers.h"

#include "sim/conflicts/ResolverRegistry.h"
#include "sim/conflicts/examples/CartUnionResolver.h"
#include "sim/conflicts/examples/MaxValueReadResolver.h"

namespace replsim {

void registerExampleResolvers(ResolverRegistry& registry) {
  registry.registerWriteResolver("cart-union", "example: comma-separated carts merge into the union of their items",
                                 [](const ConflictsSpec&) { return std::make_unique<CartUnionResolver>(); });
  registry.registerReadResolver("max-value", "example: siblings settle to the largest value",
                                std::make_shared<MaxValueReadResolver>());
}

}  // namespace replsim
