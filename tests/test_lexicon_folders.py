"""A user's lexicon folder (``Lexicons.load``) extends every bundled lexicon, and every column counts."""
import pytest

from paths import read_table
from summarymine import LexiconError, extract
from summarymine.lexicon import Lexicons

MUTATIONS = [[cell.replace("\\n", "\n") for cell in row] for row in read_table("lexicon_mutations.tsv")]


def _field(text: str, figure: str, field: str) -> str:
    if field.startswith("document."):
        value = extract(text).to_dict()["document"][field.removeprefix("document.")]
        return "-" if value is None else str(value)
    for m in extract(text).to_dict()["metrics"]:
        if m["text"].startswith(figure):
            value = m[field]
            return "-" if value is None else str(value)
    return "ABSENT"


@pytest.fixture
def folder(tmp_path):
    yield tmp_path
    Lexicons.reset()


@pytest.mark.parametrize("file,row,text,figure,field,bundled,mutated", MUTATIONS,
                         ids=[f"{r[0]}:{r[1]}" for r in MUTATIONS])
def test_a_row_of_a_user_folder_changes_the_reading(folder, file, row, text, figure, field, bundled, mutated):
    assert _field(text, figure, field) == bundled
    (folder / file).write_text(row.replace("|", "\t") + "\n", encoding="utf-8")
    Lexicons.load(folder)
    assert _field(text, figure, field) == mutated
    Lexicons.reset()
    assert _field(text, figure, field) == bundled


def test_every_lexicon_file_is_mutated_by_some_row():
    from importlib import resources

    shipped = {p.name for p in resources.files("summarymine").joinpath("lexicons").iterdir()}
    mutated = {row[0] for row in MUTATIONS}
    # The taxonomy has tests of its own (test_taxonomy.py, test_mapping.py) and is given with --taxonomy.
    assert shipped - mutated == {"taxonomy.yaml"}, shipped - mutated


@pytest.mark.parametrize("name,content,message", [
    ("units.tsv", "坛\t坛\n", "units.tsv:1: expected 3 to 6 tab-separated fields, found 2"),
    ("status.tsv", "力推\tsoon\tbefore\n", "status.tsv:1: 'soon' is not one of"),
    ("notes.tsv", "x\n", "not a lexicon summarymine reads"),
    ("cues.tsv", "告捷\toutcome_word\twon\n", "outcome_word '告捷' gives 'won'; a word of outcome gives one of exceeded, met, missed"),
    ("taxonomy.yaml", "[]\n", "a taxonomy is given with --taxonomy"),
    ("forms.tsv", "表\t件\tcolumns\t甲|乙\t数\trow:丙=甲..乙\n", "forms.tsv:1: 'row:丙=甲..乙' is no total of rows or columns"),
    ("forms.tsv", "表\t件\tdiagonal\t甲\t数\t-\n", "forms.tsv:1: 'diagonal' is not one of"),
])
def test_a_bad_folder_is_refused_with_file_line_and_reason_and_changes_nothing(folder, name, content, message):
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message.replace("(", r"\(")):
        Lexicons.load(folder)
    assert Lexicons.folders() == ()
    assert _field("新建学校5所。", "5所", "unit") == "所"


def test_the_cli_reads_with_a_lexicon_folder(tmp_path, capsys):
    import json

    from summarymine.cli import main

    (tmp_path / "units.tsv").write_text("坛\t坛\tcount\n", encoding="utf-8")
    (tmp_path / "status.tsv").write_text("力推\ttarget\tbefore\n", encoding="utf-8")
    (tmp_path / "nonfigures.tsv").write_text("name\tafter\t^专班\t个\n", encoding="utf-8")
    doc = tmp_path.parent / f"{tmp_path.name}.txt"
    doc.write_text("全年酿造黄酒300坛。力推新建学校5所。成立3个专班。", encoding="utf-8")
    assert main(["extract", str(doc), "--format", "json"]) == 0
    bundled = {m["text"]: m for m in json.loads(capsys.readouterr().out)["metrics"]}
    assert main(["extract", str(doc), "--format", "json", "--lexicons", str(tmp_path)]) == 0
    own = {m["text"]: m for m in json.loads(capsys.readouterr().out)["metrics"]}
    assert "300坛" not in bundled and own["300坛"]["unit"] == "坛"
    assert bundled["5所"]["status"] == "achieved" and own["5所"]["status"] == "target"
    assert "3个" in bundled and "3个" not in own
    assert Lexicons.folders() == ()  # the command's folder is gone after it


def test_the_cli_refuses_a_bad_folder_with_its_reason(tmp_path, capsys):
    from summarymine.cli import main

    (tmp_path / "units.tsv").write_text("坛\t坛\n", encoding="utf-8")
    doc = tmp_path.parent / f"{tmp_path.name}.txt"
    doc.write_text("新建学校5所。", encoding="utf-8")
    assert main(["extract", str(doc), "--lexicons", str(tmp_path)]) == 2
    assert "units.tsv:1: expected 3 to 6 tab-separated fields, found 2" in capsys.readouterr().err
