import warnings

import pytest
import spacy

from paths import shared
from summarymine import extract


def test_component_puts_the_same_figures_in_doc_spans():
    text = shared("seed", "000_c8039014f39d426f.txt").read_text(encoding="utf-8")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("summarymine")
    doc = nlp(text)
    spans = doc.spans["summarymine"]
    metrics = extract(text).metrics
    assert len(spans) == len(metrics)
    for span, metric in zip(spans, metrics):
        record = metric.to_dict()
        assert span.start_char <= record["start"] and record["end"] <= span.end_char
        assert span._.value == record["value"] and span._.unit == record["unit"]
        assert span._.subject == record["subject"] and span._.summarymine == record
    assert doc._.summarymine["script"] == "traditional"


@pytest.mark.slow
def test_extract_does_not_import_spacy():
    import subprocess
    import sys

    code = "import sys, summarymine; summarymine.extract('培训5000人次'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False"


def nlp_with_summarymine():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("summarymine")
    return nlp


def test_spans_are_labelled_by_measure_and_every_contract_field_is_an_extension():
    from summarymine.results import METRIC_FIELDS

    text = "全年完成投资1.5亿元，同比增长12%，占全市比重30%，完成年度目标的120%。"
    doc = nlp_with_summarymine()(text)
    spans = doc.spans["summarymine"]
    assert [(s.label_, s.text) for s in spans] == [
        ("AMOUNT", "1.5亿元"), ("GROWTH", "12%"), ("SHARE", "30%"), ("COMPLETION", "120%")]
    metrics = extract(text).metrics
    for span, metric in zip(spans, metrics):
        record = metric.to_dict()
        assert list(record) == list(METRIC_FIELDS)  # results.py's list is the contract's
        assert {field: span._.get(field) for field in METRIC_FIELDS} == record


def test_a_document_that_breaks_goes_to_the_error_handler():
    nlp = nlp_with_summarymine()
    component = nlp.get_pipe("summarymine")
    real = component._extract

    def breaks_on_boom(text, **kw):
        if "boom" in text:
            raise RuntimeError("boom")
        return real(text, **kw)

    component._extract = breaks_on_boom
    failed = []
    nlp.set_error_handler(lambda name, _proc, docs, exc: failed.append((name, [d.text for d in docs], str(exc))))
    done = list(nlp.pipe(["培训5000人次。", "boom", "新增就业300人。"]))
    assert failed == [("summarymine", ["boom"], "boom")]
    assert [len(d.spans["summarymine"]) for d in done] == [1, 1]
    nlp.set_error_handler(spacy.util.raise_error)
    with pytest.raises(RuntimeError, match="boom"):
        list(nlp.pipe(["boom"]))


def test_an_extension_another_component_owns_is_left_to_it_with_a_warning():
    from spacy.tokens import Span

    from summarymine.errors import SummarymineWarning

    Span.remove_extension("unit")
    Span.set_extension("unit", default="theirs")
    try:
        with pytest.warns(SummarymineWarning, match=r"span\._\.unit is registered by another component"):
            doc = nlp_with_summarymine()("完成投资1.5亿元。")
        span = doc.spans["summarymine"][0]
        assert span._.unit == "theirs" and span._.summarymine["unit"] == "元"
    finally:
        Span.remove_extension("unit")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp_with_summarymine()  # registers its own again, silently
    doc = nlp_with_summarymine()("完成投资1.5亿元。")
    assert doc.spans["summarymine"][0]._.unit == "元"
