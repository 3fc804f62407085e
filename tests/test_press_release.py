"""The founding use case: a foreign-ministry press release coded as a careful human coder would."""

from __future__ import annotations

import pytest

from communique.models import Article


@pytest.fixture(scope="module")
def release(coder, fixtures_dir):
    """The release's text and the coder's reading of it."""
    text = (fixtures_dir / "press-release.txt").read_text(encoding="utf-8")
    from communique.ingest import parse_header

    _, date, source, _ = parse_header(text)
    return text, coder.code(Article(id="release", text=text, date=date, source=source))


def test_required_events(release, countries):
    _, coded = release
    got = countries((e.source.code, e.cameo.code, e.target.code if e.target else None) for e in coded.events)
    assert ("NOR", "04", "KEN") in got  # visit (042) and talks (040)
    assert any(e.cameo.code == "042" and e.source.country == "NOR" and e.target.country == "KEN" for e in coded.events)
    assert any(e.cameo.code == "043" and e.source.country == "KEN" and e.target.country == "NOR" for e in coded.events)
    assert ("NOR", "05", "KEN") in got  # praise in the quote, source is the speaker
    assert ("KEN", "03", "NOR") in got  # Nairobi's intention to broaden cooperation
    assert ("NOR", "03", "KEN") in got and ("KEN", "03", "NOR") in got  # the parties agreed: both ways
    signed = {(e.source.country, e.target.country) for e in coded.events if e.cameo.code == "057"}
    assert signed == {("NOR", "KEN"), ("KEN", "NOR")}


def test_nothing_outside_the_two_countries_and_no_event_from_figures(release):
    text, coded = release
    stat_start = text.index("Norwegian investments")
    stat_end = text.index("\n", stat_start)
    for e in coded.events:
        assert e.source.country in {"NOR", "KEN"}
        assert e.target is None or e.target.country in {"NOR", "KEN"}
        assert not (stat_start <= e.evidence.trigger.start < stat_end), "a figure is not an event"


def test_group_agreement_codes_the_parties_not_the_actors_inside_it(release):
    _, coded = release
    agreed = [e for e in coded.events if e.provenance.pattern.startswith("intent") and e.sentence == 7]
    assert {(e.source.country, e.target.country) for e in agreed} == {("NOR", "KEN"), ("KEN", "NOR")}
    assert all(e.cameo.code == "0311" for e in agreed)  # trade words refine the intent to cooperate
    assert not any(e.cameo.root == "06" for e in coded.events)  # "importance to strengthening" is a topic


def test_officials_are_coded_with_their_governments(release):
    _, coded = release
    by_name = {}
    for e in coded.events:
        for a in (e.source, e.target):
            if a is not None and a.name:
                by_name.setdefault(a.name, set()).add(a.code)
    assert by_name.get("Ingrid Solberg") == {"NORGOV"}
    assert by_name.get("David Otieno") == {"KENGOV"}
    assert by_name.get("Grace Wanjiru") == {"KENGOV"}


def test_place_date_and_offsets(release):
    text, coded = release
    visit = next(e for e in coded.events if e.cameo.code == "042")
    assert visit.location is not None and visit.location.name == "Nairobi" and visit.location.country == "KEN"
    assert visit.location.lat is not None
    assert all(e.date == "2024-09-17" for e in coded.events)
    for e in coded.events:
        trig = e.evidence.trigger
        assert text[trig.start:trig.end] == trig.text
        for a in (e.source, e.target):
            if a is not None and a.text:
                assert text[a.start:a.end] == a.text
