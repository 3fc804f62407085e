"""Learning people introduced with a title and a country (communique.learn), with the real spaCy model and the
shipped knowledge. Every article here is invented: invented people, real countries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from communique.actor_files import load_actor_file
from communique.errors import CommuniqueError, OutputError
from communique.ingest import read_inputs
from communique.knowledge import load_knowledge
from communique.learn import COLUMNS, LearnedActor, LearnResult, actor_rows, learn_actors, write_actor_file
from communique.models import Article, DocStatus
from communique.nlp import load_model

HEADER = "id\tkind\tname\taliases\tcode\tfrom\tto\toffice\tsource\tfirst_seen\tlast_seen\tmentions\tevidence"

CORPUS = [
    Article(id="w1", date="2024-03-04", origin="wire.jsonl:1", text=(
        "Foreign Minister Anna Kowal of Poland said on Monday that the border talks would resume next week. "
        "The weather in the region stayed cold.\n\n"
        "Poland's defence minister, Jan Nowicki, met army officers in Lublin on Tuesday.")),
    Article(id="w2", date="2024-03-11", origin="wire.jsonl:2", text=(
        "Polish Foreign Minister Anna Kowal arrived in Prague for a two-day visit. "
        "General Piotr Zielinski, Poland's army chief, inspected the troops near the eastern border.")),
    Article(id="w3", date="2024-02-19", origin="wire.jsonl:3", text=(
        "Marta Lindqvist, the foreign minister of Sweden, called for calm in the Baltic. "
        "Henrik Aalto, Finland's interior minister, visited the port. "
        "Finland's defence minister Otto Virtanen said the exercise went well.")),
    Article(id="w4", date="2024-04-02", origin="wire.jsonl:4", text=(
        "A spokesman said Minister Tomas Brandt would attend the summit. "
        "French President Emmanuel Macron met the delegation in Paris. "
        "Former Polish president Adam Wrona attended the ceremony. "
        "Polish opposition leader Ewa Mazur criticised the budget.")),
    Article(id="w5", date="2024-05-20", origin="wire.jsonl:5", text=(
        "Ewa Mazur, Poland's prime minister, flew to Brussels. "
        "Poland's defence minister Jan Nowicki stayed in Warsaw.")),
    Article(id="w6", date=None, origin="notes.txt", text="Nothing here names an office at all."),
    DocStatus(None, "broken.html", "skipped", "unreadable: permission denied"),
]


@pytest.fixture(scope="module")
def nlp():
    """The real English pipeline, loaded once for this module."""
    return load_model()


@pytest.fixture(scope="module")
def knowledge():
    """The shipped knowledge, loaded once for this module."""
    return load_knowledge()


@pytest.fixture(scope="module")
def learned(nlp, knowledge) -> LearnResult:
    """What the invented corpus teaches."""
    return learn_actors(iter(CORPUS), nlp, knowledge)


def by_key(result: LearnResult) -> dict[tuple[str, str], LearnedActor]:
    """The learned entries by (name, code)."""
    return {(a.name, a.code): a for a in result.actors}


def test_counts_articles_and_skipped_documents(learned):
    assert learned.articles == 6
    assert learned.skipped == 1


def test_learns_each_introduction_shape(learned):
    got = by_key(learned)
    assert set(got) == {
        ("Anna Kowal", "POLGOV"),  # "Foreign Minister X of Poland" and "Polish Foreign Minister X"
        ("Jan Nowicki", "POLGOV"),  # "Poland's defence minister, X," and "Poland's defence minister X"
        ("Piotr Zielinski", "POLMIL"),  # "General X, Poland's army chief,": the sector from the title word
        ("Marta Lindqvist", "SWEGOV"),  # "X, the foreign minister of Sweden,"
        ("Henrik Aalto", "FINGOV"),  # "X, Finland's interior minister,"
        ("Otto Virtanen", "FINGOV"),
        ("Ewa Mazur", "POLOPP"),  # one person with two codes: an entry per code
        ("Ewa Mazur", "POLGOV"),
    }
    assert got[("Anna Kowal", "POLGOV")].office == "foreign minister"
    assert got[("Jan Nowicki", "POLGOV")].office == "defence minister"
    assert got[("Piotr Zielinski", "POLMIL")].office == "general"
    assert got[("Ewa Mazur", "POLOPP")].office == "opposition leader"
    assert all(a.country == a.code[:3] for a in learned.actors)
    assert [a.name for a in learned.actors] == sorted(a.name for a in learned.actors)


def test_not_learned_without_country_known_or_former(learned):
    names = {a.name for a in learned.actors}
    assert "Tomas Brandt" not in names  # a title but no country
    assert "Emmanuel Macron" not in names  # already in the shipped leaders file
    assert "Adam Wrona" not in names  # a former president holds no office now


def test_repeated_person_counts_and_dates(learned):
    kowal = by_key(learned)[("Anna Kowal", "POLGOV")]
    assert (kowal.mentions, kowal.documents) == (2, 2)
    assert (kowal.first_seen, kowal.last_seen) == ("2024-03-04", "2024-03-11")
    assert kowal.origin == "w1 (wire.jsonl:1)"
    assert kowal.evidence == ("Foreign Minister Anna Kowal of Poland said on Monday that the border talks would "
                              "resume next week.")
    nowicki = by_key(learned)[("Jan Nowicki", "POLGOV")]
    assert (nowicki.mentions, nowicki.documents, nowicki.first_seen, nowicki.last_seen) == (
        2, 2, "2024-03-04", "2024-05-20")
    mazur = by_key(learned)
    assert (mazur[("Ewa Mazur", "POLOPP")].first_seen, mazur[("Ewa Mazur", "POLGOV")].first_seen) == (
        "2024-04-02", "2024-05-20")


def test_more_shapes_and_refusals(nlp, knowledge):
    texts = [
        "The ambassador of Hungary to Poland, Gabor Kiss, was summoned on Friday.",  # title phrase, comma, name
        "South Korean Defence Minister Kim Min-jun met his counterpart.",  # hyphenated given name
        "Prime Minister Lena Hoxha of Albania and President Ivo Berisha of Kosovo met.",  # two in one sentence
        "Interior Minister Jan Lis of Poland's ruling party spoke.",  # "of Poland's ...": not the person's country
        "NATO Secretary General Ruud Smit arrived.",  # an organisation, not a country
        "Poland's president, Anna Kowal and Jan Nowak met.",  # not closed: a list, not an appositive
        "Polish Prime Minister Jan Nowak and Czech President Karel Dvorak of Hungary met.",  # two countries: refused
    ]
    result = learn_actors([Article(id=f"t{i}", text=t) for i, t in enumerate(texts)], nlp, knowledge)
    got = {(a.name, a.code, a.office) for a in result.actors}
    assert got == {("Gabor Kiss", "HUNGOV", "ambassador"), ("Kim Min-jun", "KORGOV", "defence minister"),
                   ("Lena Hoxha", "ALBGOV", "prime minister"), ("Ivo Berisha", "XKXGOV", "president"),
                   ("Jan Nowak", "POLGOV", "prime minister")}


def test_long_sentence_evidence_is_cut(nlp, knowledge):
    filler = "the talks, which had been delayed several times by disagreements over the agenda and the venue, "
    text = "After " + filler * 4 + "Polish Foreign Minister Anna Kowal said the meeting would go ahead."
    actor = learn_actors([Article(id="long", text=text)], nlp, knowledge).actors[0]
    assert actor.name == "Anna Kowal"
    assert len(actor.evidence) <= 300
    assert "Anna Kowal said" in actor.evidence and actor.evidence.startswith("…")
    assert actor.first_seen is None and actor.last_seen is None


def test_write_actor_file(learned, knowledge, tmp_path):
    path = tmp_path / "learned.tsv"
    write_actor_file(learned.actors, path, articles=learned.articles, knowledge=knowledge,
                     today=dt.date(2024, 6, 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    assert lines[:len(comments)] == comments and all(line.startswith("# ") for line in comments)
    assert "learned by communique from 6 articles on 2024-06-01" in comments[0]
    assert any("review" in line.lower() for line in comments)
    assert any("from, to" in line and "empty" in line for line in comments)
    assert body[0] == HEADER and tuple(body[0].split("\t")) == COLUMNS
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in body[1:]]
    assert len(rows) == len(learned.actors)
    kowal = next(r for r in rows if r["name"] == "Anna Kowal")
    assert kowal == {
        "id": "anna-kowal", "kind": "person", "name": "Anna Kowal", "aliases": "Kowal", "code": "POLGOV",
        "from": "", "to": "", "office": "foreign minister", "source": "learned from w1 (wire.jsonl:1)",
        "first_seen": "2024-03-04", "last_seen": "2024-03-11", "mentions": "2",
        "evidence": "Foreign Minister Anna Kowal of Poland said on Monday that the border talks would resume next "
                    "week."}
    mazur = [r for r in rows if r["name"] == "Ewa Mazur"]  # one person, two codes: one id, the latest seen first
    assert [r["code"] for r in mazur] == ["POLGOV", "POLOPP"] and {r["id"] for r in mazur} == {"ewa-mazur"}
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)
    assert not list(tmp_path.glob(".*.tmp"))
    # the coder's dictionary loader reads it back: one entry per person, a role per code
    entries = {e.name: e for e in load_actor_file(path, countries=knowledge.countries)}
    assert set(entries) == {a.name for a in learned.actors}
    assert [r.code for r in entries["Ewa Mazur"].roles] == ["POLGOV", "POLOPP"]
    assert entries["Anna Kowal"].aliases == ("Kowal",)


def test_rows_ids_aliases_and_clean_fields(knowledge):
    def actor(name: str, code: str = "POLGOV", evidence: str = "text") -> LearnedActor:
        return LearnedActor(name, code, "minister", code[:3], 1, 1, None, None, evidence, "a1")

    rows = actor_rows([actor("Jose Luis Pardo"), actor("José Luis Pardo", "ESPGOV"), actor("Karel Novak", "CZEGOV"),
                       actor("Jana Novak", "SVKGOV"), actor("Omar Jordan", "JORGOV"),
                       actor("Lea Weiss", evidence="one\ttwo\nthree\r\nfour")], knowledge)
    assert [r["id"] for r in rows] == ["jose-luis-pardo", "jose-luis-pardo-2", "karel-novak", "jana-novak",
                                       "omar-jordan", "lea-weiss"]
    assert [r["aliases"] for r in rows] == ["", "", "", "", "", "Weiss"]  # shared surnames and known names left out
    assert rows[-1]["evidence"] == "one two three four"
    earlier = LearnedActor("Iva Horak", "CZEGOV", "minister", "CZE", 3, 2, "2023-01-05", "2023-02-01", "x", "a1")
    later = LearnedActor("Iva Horak", "CZEOPP", "opposition leader", "CZE", 1, 1, "2024-06-01", "2024-06-01", "y", "a2")
    assert [(r["id"], r["code"]) for r in actor_rows([earlier, later])] == [("iva-horak", "CZEOPP"),
                                                                           ("iva-horak", "CZEGOV")]
    assert all("\t" not in v and "\n" not in v for r in rows for v in r.values())


def test_write_errors_are_output_errors(learned, tmp_path):
    with pytest.raises(OutputError) as caught:
        write_actor_file(learned.actors, tmp_path / "missing" / "out.tsv", articles=1)
    assert isinstance(caught.value, CommuniqueError)
    assert not (tmp_path / "missing").exists()


def test_from_files_with_an_unreadable_record(nlp, knowledge, tmp_path):
    src = tmp_path / "news.jsonl"
    good = {"id": "n1", "date": "2023-11-05", "text": "Czech Interior Minister Pavel Dvorak visited Bratislava."}
    src.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    result = learn_actors(read_inputs([str(src)]), nlp, knowledge)
    assert (result.articles, result.skipped) == (1, 1)
    (actor,) = result.actors
    assert (actor.name, actor.code, actor.office, actor.first_seen) == ("Pavel Dvorak", "CZEGOV",
                                                                        "interior minister", "2023-11-05")
    assert actor.origin.startswith("n1 (") and str(src) in actor.origin
    out = tmp_path / "people.tsv"
    write_actor_file(result.actors, out, articles=result.articles)
    assert Path(out).read_text(encoding="utf-8").count("\n") >= 2
