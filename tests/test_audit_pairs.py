"""The audit's pairs of targets and outcomes against answer keys written blind (corpus/gold/audit)."""
from __future__ import annotations

import pytest

from audit_keys import pairs
from paths import CORPUS, read_table, shared

FLOORS = read_table("audit_pair_floors.tsv")
pytestmark = pytest.mark.slow  # extracts and audits a body's whole series


@pytest.mark.parametrize("key,documents,right,wrong,agrees,paired_without", FLOORS, ids=[r[0] for r in FLOORS])
def test_targets_pair_with_the_outcome_a_reader_finds(key, documents, right, wrong, agrees, paired_without):
    folder, _, pattern = documents.rpartition("/")
    files = sorted(shared(*folder.split("/")).glob(pattern))
    score = pairs(CORPUS / "gold" / "audit" / key, files)
    assert score.with_outcome >= 10, score.counts  # a key with few outcomes would measure little
    assert score.share("right") >= float(right), (score.counts, score.wrong)
    assert score.share("wrong") <= float(wrong), score.wrong
    judged = score.counts["verdict agrees"] + score.counts["verdict differs"]
    assert score.counts["verdict agrees"] / judged >= float(agrees), score.counts
    assert score.paired_without_outcome() <= float(paired_without), score.counts
