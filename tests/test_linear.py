"""Extraction time grows linearly with the text, on hostile families as on prose (issue 12).

Each family is timed at 100, 200 and 400 thousand characters (dense figures at a quarter of
that: each character there carries several times the figures of prose); the time may at most
grow by ``LINEAR`` per doubling, best of three runs (ratios of one run, never seconds).
"""
from __future__ import annotations

import pytest

from paths import bench_module
from summarymine import extract
from summarymine.metadata import describe
from summarymine.normalize import normalize
from summarymine.quantities import quantities
from timing import LINEAR, doubling_ratios

families = bench_module("families")

SIZES = (100_000, 200_000, 400_000)
SCALE = {"dense_figures": 4}


def _texts(family: str, scale: int = 1) -> list[str]:
    return [families.FAMILIES[family](size // scale) for size in SIZES]


def _before_attribution(text: str) -> None:
    norm = normalize(text)
    quantities(text, normalized=norm)
    describe(text, norm, source=None, year=None, org=None)


@pytest.mark.parametrize("family", list(families.FAMILIES))
def test_the_stages_before_attribution_take_linear_time(family):
    ratios = doubling_ratios(_before_attribution, _texts(family))
    assert max(ratios) <= LINEAR, f"{family}: time ×{', ×'.join(f'{r:.2f}' for r in ratios)} per doubling"


@pytest.mark.parametrize("family", list(families.FAMILIES))
def test_extract_takes_linear_time(family):
    extract("全年完成产值3亿元。")  # lexicons and the segmenter loaded before the clock starts
    ratios = doubling_ratios(extract, _texts(family, SCALE.get(family, 1)))
    assert len(ratios) == len(SIZES) - 1 and max(ratios) <= LINEAR, \
        f"{family}: time ×{', ×'.join(f'{r:.2f}' for r in ratios)} per doubling"
