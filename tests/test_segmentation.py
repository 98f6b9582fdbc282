"""The project's segmenter cuts as jieba's POS tokenizer does (HMM off), word for word and tag for tag."""
from __future__ import annotations

import marshal
import re
from functools import cache

import pytest

from paths import CORPUS, shared
from summarymine import lexicon
from summarymine.segmentation import TAG_BITS, DictionarySegmenter, JiebaSegmenter, load_dictionary

# Every clause of these documents, as attribution would segment the text around a figure: simplified and
# traditional script, tables, PDF wraps, digits and Latin letters among the characters.
DOCUMENTS = [CORPUS / "kjj_2013_zh-hans.txt", CORPUS / "jyj_2018_zh-hant.txt", CORPUS / "mdtb_2023_gzzj_zh-hans.txt",
             CORPUS / "pdfx_2024_jxbg_zh-hans.txt"]
CLAUSE = re.compile(r"[^，。；：！？\n]{1,80}")


@cache
def both() -> tuple[DictionarySegmenter, JiebaSegmenter]:
    return DictionarySegmenter(), JiebaSegmenter()


def clauses() -> list[str]:
    docs = [*DOCUMENTS, shared("realdocs", "china_statecouncil_2016_govreport.txt"),
            shared("archive", "hebei", "hebei_province_2021_govreport.txt")]
    return sorted({m.group() for path in docs for m in CLAUSE.finditer(path.read_text(encoding="utf-8"))})


def test_every_clause_of_the_corpus_is_cut_as_jieba_cuts_it():
    ours, jieba = both()
    texts = clauses()
    assert len(texts) > 2000
    differ = [t for t in texts if ours.words(t) != jieba.words(t)]
    assert not differ, [(t, ours.words(t), jieba.words(t)) for t in differ[:5]]


@pytest.mark.parametrize("text", ["全年实现地区生产总值2100亿元", "GDP增长6.5%左右", "在园幼儿3.2万人", "COVID-19 疫苗 9.8万剂次",
                                  "ＡＢＣ公司", "　全角空格\r\n换行", ""])
def test_edge_cases_are_cut_as_jieba_cuts_them(text):
    ours, jieba = both()
    assert ours.words(text) == jieba.words(text)


def test_a_corrupt_cache_is_read_again_from_the_dictionary(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon.tempfile, "gettempdir", lambda: str(tmp_path))
    first = load_dictionary()
    caches = list(tmp_path.glob("summarymine-*.cache"))
    assert len(caches) == 1 and not list(tmp_path.glob("*.tmp"))
    caches[0].write_bytes(b"\x00not marshal")
    again = load_dictionary()
    assert again.read_all() == first.read_all() and again.total == first.total
    tags, firsts, text, (values, _, _), total, longest = marshal.loads(caches[0].read_bytes())
    assert len(firsts) == len(longest) and len(values) == 8 * len(first.entries)
    assert longest == first.longest and total == first.total


def test_the_words_of_a_character_are_unpacked_when_a_cut_needs_them():
    d = load_dictionary()
    assert not d.entries
    DictionarySegmenter(d).words("农田水利")
    assert d.freq("农田") > 0 and "农" not in d.unread and "工" in d.unread


def test_an_added_word_stays_when_the_words_of_its_character_are_unpacked():
    def tag(d, word):
        return d.tags[d.entries[word] & ((1 << TAG_BITS) - 1)]

    d = load_dictionary()
    d.add("中国", 7, "n")
    d.read("中")
    assert (d.freq("中国"), tag(d, "中国")) == (7, "n") and d.freq("中心") > 0
    # Without a tag, the word keeps jieba's, which is unpacked for it.
    d = load_dictionary()
    d.add("北京", 7, None)
    assert (d.freq("北京"), tag(d, "北京")) == (7, "ns")


def test_an_unwritable_cache_folder_costs_only_the_parse(tmp_path, monkeypatch):
    missing = tmp_path / "no" / "such" / "folder"
    monkeypatch.setattr(lexicon.tempfile, "gettempdir", lambda: str(missing))
    assert load_dictionary().total > 0 and not missing.exists()


def test_a_user_word_without_frequency_gets_the_frequency_jieba_suggests(tmp_path):
    from summarymine.lexicon import Lexicons

    (tmp_path / "words.txt").write_text("蘑菇产业园\n菌菇大棚 5\n", encoding="utf-8")
    Lexicons.load(tmp_path)
    try:
        ours, jieba = DictionarySegmenter(), JiebaSegmenter()
        for text in ("建设蘑菇产业园3个", "新建菌菇大棚120座", "蘑菇产业园区"):
            assert ours.words(text) == jieba.words(text)
        assert ("蘑菇产业园", "x") in ours.words("建设蘑菇产业园3个")
    finally:
        Lexicons.reset()
