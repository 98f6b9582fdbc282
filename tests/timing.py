"""Growth of running time, measured as ratios in one run (machines are shared: seconds mean nothing)."""
from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Sequence
from typing import Any

# Linear work doubles; quadratic work quadruples. Between them, this leaves room for noise and caches.
LINEAR = 2.6


def doubling_ratios(run: Callable[[Any], object], inputs: Sequence[Any], *, rounds: int = 3,
                    bound: float = LINEAR) -> list[float]:
    """t(inputs[i + 1]) / t(inputs[i]) for inputs that double in size, each time the best of up to ``rounds``.

    Sizes are timed in turn within each round, so a busy moment spoils one round, not one size.
    Rounds stop early once every ratio is within ``bound`` (a linear stage needs one round, a
    quadratic one is timed ``rounds`` times to be sure).
    """
    best = [float("inf")] * len(inputs)
    ratios: list[float] = []
    for _ in range(rounds):
        for i, data in enumerate(inputs):
            gc.collect()
            started = time.perf_counter()
            run(data)
            best[i] = min(best[i], time.perf_counter() - started)
        ratios = [later / earlier for earlier, later in itertools.pairwise(best)]
        if all(r <= bound for r in ratios):
            break
    return ratios
