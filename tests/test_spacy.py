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


def test_extract_does_not_import_spacy():
    import subprocess
    import sys

    code = "import sys, summarymine; summarymine.extract('培训5000人次'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False"
