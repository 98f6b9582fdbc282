"""Growth of running time, measured as ratios in one run (machines are shared: seconds mean nothing)."""
from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from typing import Any

# Linear work doubles; quadratic work quadruples. Between them, this leaves room for noise and caches.
LINEAR = 2.6


def doubling_ratios(run: Callable[[Any], object], inputs: Sequence[Any], *, rounds: int = 3,
                    bound: float = LINEAR) -> list[float]:
    """t(inputs[i + 1]) / t(inputs[i]) for inputs that double in size, each time the best of up to ``rounds``.

    A ratio over ``bound`` is measured again, both sizes, up to ``rounds`` times, so a busy moment
    does not fail a linear stage. One that stays over it ends the measure: the larger inputs of a
    quadratic stage are not timed (they would take minutes), and the ratios so far come back.
    """
    best = [float("inf")] * len(inputs)

    def clock(i: int) -> None:
        # The collector is kept out of the measure: a full collection walks every object of the test session, a
        # cost that grows with the session, not with the input.
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            run(inputs[i])
            best[i] = min(best[i], time.perf_counter() - started)
        finally:
            gc.enable()

    ratios: list[float] = []
    clock(0)
    for i in range(1, len(inputs)):
        clock(i)
        for _ in range(rounds - 1):
            if best[i] / best[i - 1] <= bound:
                break
            clock(i - 1)
            clock(i)
        ratios.append(best[i] / best[i - 1])
        if ratios[-1] > bound:
            break
    return ratios
