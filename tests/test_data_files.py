"""The data files are checked against their schemas when they load; the word lists and versions are data;
user pattern files may carry every section of the shipped one."""

from __future__ import annotations

import re
from dataclasses import fields
from importlib import resources
from pathlib import Path

import pytest
import yaml

from communique import Coder, DataFileError, load_knowledge
from communique.knowledge import Words
from communique.models import Article

DATA = resources.files("communique") / "data"

LOBBY = """# Lobbying as an appeal.
frames:
  lobby:
    verbs: [lobby, nudge]
    default: "020"
    map: {"06": "021", "07": "023", "08": "025", "081": "0251", "085": "0254"}
    target_from_object: true
"""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory that a test may damage."""
    out = tmp_path / "data"
    out.mkdir()
    for f in DATA.iterdir():
        if f.name.endswith((".tsv", ".yaml")):
            (out / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return out


def raises_naming(*parts: str):
    """pytest.raises for a DataFileError whose message holds every part."""
    return pytest.raises(DataFileError, match="(?s)^" + "".join(f"(?=.*{re.escape(p)})" for p in parts))


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of old in a file (and fail the test if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- the shipped data -------------------------------------------------------------------------------------------

def test_shipped_data_loads_and_every_word_list_is_filled():
    k = load_knowledge()
    for f in fields(Words):
        assert len(getattr(k.words, f.name)) > 0, f.name
    assert "say" in k.words.speech_verbs and "urge" in k.words.object_control
    assert {"no", "n't"} <= k.words.negators and "'ll" in k.words.future_aux  # quoted in the file
    assert "on" in k.words.target_preps  # not read as true
    assert k.words.irregular_forms["meet"] == ("met",)
    assert all(isinstance(w, str) for f in fields(Words) if f.name != "irregular_forms"
               for w in getattr(k.words, f.name))
    assert (DATA / "words.yaml").read_text(encoding="utf-8").startswith("# ")


def test_versions_come_from_the_files(data_copy):
    k = load_knowledge()
    patterns = yaml.safe_load((DATA / "patterns.yaml").read_text(encoding="utf-8"))["version"]
    words = yaml.safe_load((DATA / "words.yaml").read_text(encoding="utf-8"))["version"]
    assert k.versions == {"patterns": patterns, "words": words, "cameo": "1.1b3", "crosswalk": "2026.12"}
    edit(data_copy / "cameo.tsv", "# version: 1.1b3", "# version: 1.2")
    edit(data_copy / "plover_crosswalk.tsv", "# version: 2026.12", "# version: 2027.01")
    edit(data_copy / "patterns.yaml", f'version: "{patterns}"', 'version: "2027.01.1"')
    changed = load_knowledge(data_dir=data_copy)
    assert changed.versions["cameo"] == "1.2" and changed.versions["crosswalk"] == "2027.01"
    assert changed.versions["patterns"] == "2027.01.1"
    edit(data_copy / "cameo.tsv", "# version: 1.2\n", "")
    with raises_naming("cameo.tsv", "version"):
        load_knowledge(data_dir=data_copy)


# ---- user pattern files -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "key"), [
    ('patterns:\n  - {id: snub, code: "125", verbs: [snub]}\n  - {id: rebuke, code: "111", verb: [rebuke]}\n',
     3, "verb"),
    ("frames:\n  lobby:\n    verbs: [lobby]\n    defualt: \"020\"\n", 4, "defualt"),
    ('refinements:\n  mine:\n    - {code_prefix: "07", code: "073", word: [tent]}\n', 3, "word"),
    ('pattern:\n  - {id: snub, code: "125", verbs: [snub]}\n', 1, "pattern"),
])
def test_a_misspelt_key_in_a_user_file_names_file_line_and_key(tmp_path, text, line, key):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with raises_naming(f"unknown key '{key}'", f"({path}, line {line})", "known keys:"):
        load_knowledge([path])


@pytest.mark.parametrize(("text", "parts"), [
    ('patterns:\n  - {id: snub, verbs: [snub]}\n', ("pattern 'snub'", "line 2", "'code'")),
    ("frames:\n  lobby:\n    verbs: [lobby]\n", ("frame 'lobby'", "line 2", "'default'")),
    ('patterns:\n  - {id: snub, code: "125", verbs: snub}\n', ("'verbs'", "line 2", "list")),
    ('patterns:\n  - {id: snub, code: "125", verbs: [snub], symmetric: "yes"}\n', ("'symmetric'", "true or false")),
    ('patterns:\n  - {id: snub, code: "125", verbs: [snub], refine: snubbing}\n', ("line 2", "'snubbing'")),
    ('frames:\n  lobby:\n    default: "020"\n    map: {"08": "@pester"}\n', ("line 4", "'@pester'")),
    ('patterns:\n  - {id: snub, code: "125", code: "126"}\n', ("line 2", "'code' appears twice")),
    ('patterns:\n  - {id: snub, code: "125"\n', ("line 3",)),
])
def test_other_faults_of_a_user_file_name_file_and_line(tmp_path, text, parts):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with raises_naming(str(path), *parts):
        load_knowledge([path])


def test_a_user_file_adding_a_frame_codes_a_new_event(tmp_path, coder):
    path = tmp_path / "lobby.yaml"
    path.write_text(LOBBY, encoding="utf-8")
    text = "France lobbied Germany to ease sanctions on Iran."

    def triples(c: Coder) -> set[tuple[str, str, str | None]]:
        coded = c.code(Article(id="lobby", text=text, date="2024-06-12"))
        return {(e.source.code, e.cameo.code, e.target.code if e.target else None) for e in coded.events}

    assert ("FRA", "0254", "DEU") not in triples(coder)
    k = load_knowledge([path])
    assert set(k.frames) == {"intent", "appeal", "demand", "reject", "threaten", "lobby"}
    assert triples(Coder(nlp=coder.nlp, knowledge=k)) == {("FRA", "0254", "DEU")}


def test_user_sections_merge_over_the_shipped_ones(tmp_path):
    shipped = load_knowledge()
    path = tmp_path / "mine.yaml"
    path.write_text('version: "mine-1"\nlight_verbs: [orchestrate]\n'
                    'frames:\n  threaten:\n    verbs: [menace]\n    default: "130"\n'
                    'refinements:\n  snub:\n    - {code_prefix: "12", code: "125", words: [visit]}\n'
                    'patterns:\n  - {id: snub, code: "120", verbs: [snub], refine: snub}\n', encoding="utf-8")
    k = load_knowledge([path])
    assert k.light_verbs == shipped.light_verbs | {"orchestrate"}
    assert k.frames["threaten"].verbs == {"menace"} and k.frames["intent"] == shipped.frames["intent"]
    assert set(k.refinements) == set(shipped.refinements) | {"snub"}
    assert k.patterns[:-1] == shipped.patterns and k.patterns[-1].refine == "snub"
    assert k.versions == shipped.versions


# ---- the shipped files, damaged ---------------------------------------------------------------------------------

def test_a_misspelt_key_in_the_shipped_patterns_names_line_and_key(data_copy):
    path = data_copy / "patterns.yaml"
    edit(path, '{id: visit-noun, code: "042", nouns:', '{id: visit-noun, code: "042", nounz:')
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "nounz" in text)
    with raises_naming("unknown key 'nounz' in pattern 'visit-noun'", f"(patterns.yaml, line {line})"):
        load_knowledge(data_dir=data_copy)


@pytest.mark.parametrize(("old", "new", "parts"), [
    ("negators:", "negatorz:", ("unknown key 'negatorz'", "words.yaml, line")),
    ('negators: ["n\'t", never, "no", not]', "negators: [\"n't\", never, no, not]",
     ("'negators'", "words.yaml, line", "False", "quotes")),
    ("fail_verbs: [cease, fail, stop]\n", "", ("words.yaml", "'fail_verbs'")),
])
def test_faults_of_the_word_file_name_line_and_key(data_copy, old, new, parts):
    edit(data_copy / "words.yaml", old, new)
    with raises_naming(*parts):
        load_knowledge(data_dir=data_copy)


@pytest.mark.parametrize(("old", "new", "parts"), [
    ("name\tcode\n", "name\n", ("seats.tsv, line 4", "missing column 'code'")),
    ("name\tcode\n", "name\tcode\tcity\n", ("seats.tsv, line 4", "unknown column 'city'")),
    ("Kremlin\tRUSGOV\n", "Kremlin\tRUSGOV\tMoscow\n", ("seats.tsv, line 5", "3 fields", "2 columns")),
    ("Kremlin\tRUSGOV\n", "Kremlin\n", ("seats.tsv, line 5", "1 field where", "2 columns")),
])
def test_faults_of_a_table_name_file_line_and_column(data_copy, old, new, parts):
    edit(data_copy / "seats.tsv", old, new)
    with raises_naming(*parts):
        load_knowledge(data_dir=data_copy)


def test_a_field_that_is_not_a_number_names_its_line_and_column(data_copy):
    path = data_copy / "sectors.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, text in enumerate(lines) if not text.startswith("#")) + 1  # the first row after the header
    cells = lines[n].split("\t")
    cells[-1] = "high"
    lines[n] = "\t".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with raises_naming(f"sectors.tsv, line {n + 1}", "'priority'", "'high'"):
        load_knowledge(data_dir=data_copy)


def test_the_data_copy_loads_like_the_package(data_copy):
    assert load_knowledge(data_dir=data_copy) == load_knowledge()


def test_an_unquoted_on_in_a_word_list_is_refused(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("patterns:\n  - {id: lean-on, code: \"020\", verbs: [lean], preps: [on]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine\.yaml, line 2.*quote words such as \"on\""):
        load_knowledge([path])


def test_shipped_patterns_keep_on_as_a_word():
    k = load_knowledge()
    assert all(not isinstance(x, bool) for p in k.patterns for x in p.preps)
    assert "on" in next(p for p in k.patterns if p.id == "call-on").preps
