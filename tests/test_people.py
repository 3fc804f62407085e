"""People from the dated leaders file: a surname alone resolves, and the article date chooses the role."""

from __future__ import annotations

from communique.models import Article


def triples(coder, text: str, date: str | None) -> set[tuple[str, str, str | None]]:
    coded = coder.code(Article(id="p", text=text, date=date))
    return {(e.source.code, e.cameo.code[:2], e.target.code if e.target else None) for e in coded.events}


def test_a_surname_alone_codes_the_office_holder(coder):
    got = triples(coder, "Erdogan criticised Greece over the dispute about the islands.", "2024-03-05")
    assert ("TURGOV", "11", "GRC") in got


def test_the_article_date_chooses_the_role_on_both_sides_of_its_end(coder):
    text = "Angela Merkel praised France for its help during the floods."
    in_office = triples(coder, text, "2021-12-07")
    after = triples(coder, text, "2021-12-09")
    assert ("DEUGOV", "05", "FRA") in in_office
    assert ("DEUELI", "05", "FRA") in after and not any(s == "DEUGOV" for s, _, _ in after)


def test_explain_says_which_entry_and_role_coded_a_person(coder):
    from communique.explain import explain_lines

    lines = explain_lines(coder.code(Article(id="p", text="Erdogan criticised Greece.", date="2024-03-05")))
    assert any("person 'Erdogan' (Recep Tayyip Erdoğan: TURGOV on 2024-03-05, role 2014-08-28 to …)" in line
               and "[actors_recent.tsv, line" in line for line in lines), lines
