"""Metric mapping on the two cross-year series, against the gold `metric` ids (issue 3).

The gold rows of the 科技局 2012-2014 and 农业农村局 2019-2021 files carry a `metric` key: the
taxonomy id an annotator gave the figure from the text and the taxonomy's definitions, or null when
no entry fits. A gold row is paired with a predicted figure by the rule of ../shared/eval/score.py
(spans overlap, same value within 1e-6 relative, same unit after simplification); mapping accuracy is
the share of paired rows whose predicted `metric` equals the gold one (null equals null).

Run with `-s` to see the per-file accuracy, every mismatch and the metrics that line up.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from paths import CORPUS, shared
from summarymine import extract
from summarymine.compare import compare
from summarymine.taxonomy import default_taxonomy

SERIES = {
    "科技局 2012-2014": ["kjj_2012_zh-hant", "kjj_2013_zh-hans", "kjj_2014_zh-hant"],
    "农业农村局 2019-2021": ["nyj_2019_zh-hans", "nyj_2020_zh-hans", "nyj_2021_zh-hans"],
}
STEMS = [stem for stems in SERIES.values() for stem in stems]
MIN_ACCURACY = 0.95
MIN_ALIGNED = 5


def _scorer():
    """The shared scorer, so that gold rows are paired with predictions by exactly its rule."""
    path = shared("eval", "score.py")
    spec = importlib.util.spec_from_file_location("summarymine_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold(stem: str) -> list[dict]:
    text = (CORPUS / "gold" / f"{stem}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def docs():
    return {stem: extract((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"), source=f"{stem}.txt")
            for stem in STEMS}


def _pairs(stem: str, doc, score) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """(gold row, prediction) for each gold row with a `metric` key that a prediction matches; and the rest."""
    preds = [m.to_dict() for m in doc.metrics]
    for m, metric in zip(preds, doc.metrics):
        m["reason"] = metric.metric_reason
    used: set[int] = set()
    pairs, unmatched = [], []
    for g in _gold(stem):
        if g.get("optional"):
            continue
        for i, m in enumerate(preds):
            if i in used or not score.overlaps(g, m):
                continue
            same_unit = score.norm_unit(m.get("unit")) == score.norm_unit(g["unit"])
            if score.same_value(m.get("value"), g["value"]) and same_unit:
                used.add(i)
                if "metric" in g:
                    pairs.append((g, m))
                break
        else:
            if "metric" in g:
                unmatched.append(g)
    return pairs, unmatched


def test_gold_metric_ids_exist():
    known = set(default_taxonomy().entries)
    bad = [f"{stem}:{g['n']} {g['text']} -> {g['metric']}" for stem in STEMS for g in _gold(stem)
           if g.get("metric") is not None and g["metric"] not in known]
    missing = [f"{stem}:{g['n']} {g['text']}" for stem in STEMS for g in _gold(stem)
               if not g.get("optional") and "metric" not in g]
    assert not bad, "gold metric ids not in taxonomy.yaml:\n" + "\n".join(bad)
    assert not missing, "non-optional gold rows without a `metric` key:\n" + "\n".join(missing)


def test_mapping_accuracy(docs):
    score = _scorer()
    lines, mismatches = [], []
    total_ok = total = total_rows = 0
    for stem in STEMS:
        pairs, unmatched = _pairs(stem, docs[stem], score)
        ok = sum(1 for g, m in pairs if m.get("metric") == g["metric"])
        total_ok, total, total_rows = total_ok + ok, total + len(pairs), total_rows + len(pairs) + len(unmatched)
        lines.append(f"{stem}: {ok}/{len(pairs)} = {ok / len(pairs):.3f}"
                     + (f" ({len(unmatched)} gold rows not extracted)" if unmatched else ""))
        for g, m in pairs:
            if m.get("metric") != g["metric"]:
                mismatches.append(f"  {stem}:{g['n']} {g['text']!r}  gold {g['metric']}  predicted {m.get('metric')}"
                                  f"  (subject {m.get('subject')!r}; {m.get('reason')})")
    accuracy = total_ok / total
    lines.append(f"total: {total_ok}/{total} = {accuracy:.3f}")
    report = "\n".join(lines + ["mismatches:"] + mismatches)
    print(report)
    assert total >= 0.9 * total_rows, f"only {total} of {total_rows} gold rows were extracted\n{report}"
    assert accuracy >= MIN_ACCURACY, f"mapping accuracy {accuracy:.3f} < {MIN_ACCURACY}\n{report}"


@pytest.mark.parametrize("series", list(SERIES))
def test_series_line_up(docs, series):
    stems = SERIES[series]
    series_docs = [docs[stem] for stem in stems]
    years = {doc.info.year for doc in series_docs}
    assert len(years) == 3 and None not in years, f"{series}: document years {years}"
    table = compare(series_docs).table
    results = table[table["kind"] == "result"]
    by_metric = results.groupby(["org", "metric"])["year"].agg(set)
    aligned = sorted(key for key, got in by_metric.items() if years <= got)
    lines = [f"{series}: {len(aligned)} metrics with a result in each of {sorted(years)}"]
    for org, metric in aligned:
        rows = results[(results["org"] == org) & (results["metric"] == metric)].sort_values("year")
        values = ", ".join(f"{y}: {v:g} {u}" for y, v, u in zip(rows["year"], rows["value"], rows["unit"]))
        lines.append(f"  {metric}  {values}")
    print("\n".join(lines))
    assert len(aligned) >= MIN_ALIGNED, "\n".join(lines)
