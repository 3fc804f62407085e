"""Actor recognition and coding on sentences written for these tests."""

from __future__ import annotations


def sources(code_text, text):
    triples, coded = code_text(text)
    return {e.source.code for e in coded.events}, coded


def test_country_official_names_and_demonyms(code_text):
    assert sources(code_text, "The Republic of Kazakhstan criticised Moldova.")[0] == {"KAZ"}
    assert sources(code_text, "Kazakh officials criticised Moldova.")[0] == {"KAZGOV"}
    assert sources(code_text, "The Kingdom of Morocco praised Mali.")[0] == {"MAR"}


def test_hyphenated_demonyms_are_both_parties(code_text):
    triples, _ = code_text("Kazakh-Serbian talks took place in Astana on Monday.")
    assert {("KAZ", "040", "SRB"), ("SRB", "040", "KAZ")} <= triples


def test_capitals_and_seats_stand_for_governments(code_text):
    assert sources(code_text, "Belgrade condemned the attack on its embassy.")[0] == {"SRBGOV"}
    assert sources(code_text, "The Kremlin criticised Estonia.")[0] == {"RUSGOV"}


def test_ministries_and_organisations(code_text):
    assert sources(code_text, "The Kazakh MFA condemned the shelling of civilians.")[0] == {"KAZGOV"}
    triples, coded = code_text("The European Union praised Georgia for the reforms.")
    assert ("IGOEU", "051", "GEO") in triples
    assert coded.events[0].source.country == "IGO"


def test_titles_map_to_sectors(code_text):
    triples, _ = code_text("Police arrested three journalists in Minsk.")
    assert ("BLRCOP", "173", "BLRMED") in triples
    assert sources(code_text, "The Serbian parliament condemned the attack.")[0] == {"SRBLEG"}
    assert sources(code_text, "Afghan rebels attacked a police station.")[0] == {"AFGREB"}
    assert sources(code_text, "Minister of Defence of Serbia Petar Ilic criticised Kosovo.")[0] == {"SRBGOV"}


def test_people_and_titles_resolve_within_an_article(code_text):
    text = ("Minister of Foreign Affairs of the Republic of Ghana Kofi Mensah arrived in Lome. "
            "Later, Mensah met the president of Togo. The Ghanaian minister praised Togo for its hospitality.")
    triples, coded = code_text(text)
    later = [e for e in coded.events if e.sentence == 1]
    assert later and later[0].source.code == "GHAGOV"
    assert "coreference" in later[0].source.how
    assert ("GHAGOV", "051", "TGO") in triples


def test_group_words_refer_to_the_parties(code_text):
    text = ("Ecuador's foreign minister visited Lima on Monday. "
            "Both sides agreed to strengthen cooperation in fisheries.")
    triples, coded = code_text(text)
    group = [e for e in coded.events if e.sentence == 1]
    assert {(e.source.country, e.target.country) for e in group} == {("ECU", "PER"), ("PER", "ECU")}
    assert all("group" in e.source.how for e in group)


def test_geographic_names_are_not_actors(code_text):
    triples, _ = code_text("Chile and Peru discussed fishing rights in the Indian Ocean.")
    assert triples == {("CHL", "040", "PER"), ("PER", "040", "CHL")}
