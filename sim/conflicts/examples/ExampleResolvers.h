#pragma once
// Two example custom resolvers, registered by name like any user's would be
// (docs/custom-resolvers.md explains how to add a third):
//   * "cart-union" (write-time): values are comma-separated item lists, as
//     in DDIA's shopping cart; concurrent carts merge into the sorted union
//     of their items, and a delete (emptying the cart) loses to a write.
//   * "max-value" (read-time): settles siblings by keeping the largest value
//     (numerically when all are integers, else in text order) — a "high
//     score" rule.

namespace replsim {

class ResolverRegistry;
void registerExampleResolvers(ResolverRegistry& registry);

}  // namespace replsim
