// A second, independent way to compute `make allnoconfig`, to cross-check the evaluator
// (evaluator.h), which follows scripts/kconfig's lazy, memoised calc_value order.
//
// This one states the result as a fixed point and iterates to it: starting from everything n
// (strings empty), every pass recomputes each symbol from the current values of the others
//
//   * a visible bool/tristate (some prompt condition non-n) sits at its lowest assignable value,
//     which is the value its selectors force (reverse dependency), n when nothing selects it;
//   * an invisible one takes its first active default (limited by that default's condition),
//     raised by `imply` within its own dependencies, and by its selectors;
//   * a choice is on when visible (unless `optional`); its value is the first active `default`
//     that is visible, else its first visible value; an invisible choice value takes defaults;
//   * int/hex/string take their first active default (no user value in allnoconfig), clamped
//     to the first active range;
//   * with MODULES n, m rounds up to y everywhere (prompts, selects, values)
//
// and the passes stop when nothing changes. Which entries are written to .config is derived
// from the final values (visible, selected, or given a non-n default/imply/value default).
#pragma once

#include "kconfig/evaluator.h"
#include "kconfig/model.h"

namespace hw::kconfig {

// `make allnoconfig` without a KCONFIG_ALLCONFIG fragment. `passes` (optional) gets the number
// of passes until the fixed point (a pass limit of 1000 stops oscillation; not seen in 6.1).
Config allnoconfig_walk(const Model& model, int* passes = nullptr);

}  // namespace hw::kconfig
