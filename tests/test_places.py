"""Geocoding on articles of our own: the event's place from its own phrase, ambiguous names settled by the story,
datelines, actor places, regions, and why a place is missing."""

from __future__ import annotations

import pytest

from communique.explain import explain_lines

# (text, the place name the event is at, its country, a point near it)
AMBIGUOUS = [
    ("Lebanese troops arrested 12 gunmen in Tripoli on Sunday, officials in Beirut said.",
     "Tripoli", "LBN", (34.43, 35.84)),
    ("Libyan police arrested 12 smugglers in Tripoli on Sunday.", "Tripoli", "LBY", (32.89, 13.19)),
    ("Police arrested 12 protesters in Georgia after a march through Atlanta, the governor said.",
     "Georgia", "USA", (33.38, -83.98)),
    ("Georgian police detained 30 opposition activists in Georgia after a rally in Tbilisi.",
     "Georgia", "GEO", None),
    ("Pakistani police arrested dozens of traders in Hyderabad, a day after a strike in Karachi.",
     "Hyderabad", "PAK", (25.40, 68.38)),
    ("Indian police detained 40 students in Hyderabad on Tuesday.", "Hyderabad", "IND", (17.38, 78.46)),
    ("Chilean police fired tear gas at protesters in Santiago on Friday.", "Santiago", "CHL", (-33.46, -70.65)),
    ("Police arrested 20 people in Santiago, Dominican Republic, on Saturday.",
     "Santiago de los Caballeros", "DOM", (19.45, -70.69)),
    ("Venezuelan soldiers arrested 15 people in Valencia after protests in Caracas.", "Valencia", "VEN",
     (10.16, -68.00)),
    ("Spanish police arrested 15 people in Valencia after protests in Madrid.", "Valencia", "ESP", (39.47, -0.38)),
]


@pytest.mark.parametrize("text,name,country,point", AMBIGUOUS, ids=[f"{a[1]}-{a[2]}" for a in AMBIGUOUS])
def test_an_ambiguous_name_is_settled_by_the_story(code_text, text, name, country, point):
    _, coded = code_text(text)
    assert coded.events, text
    loc = coded.events[0].location
    assert (loc.name, loc.country) == (name, country)
    if point is None:
        assert loc.kind == "country" and loc.geo_type == 1
    else:
        assert loc.lat == pytest.approx(point[0], abs=0.05) and loc.lon == pytest.approx(point[1], abs=0.05)
        assert loc.region and loc.full_name.endswith(loc.region + ", " + coded_country_name(loc))
    assert text[loc.start:loc.end] in (name, "Santiago")


def coded_country_name(loc) -> str:
    """The country part of a GDELT full name."""
    return loc.full_name.rsplit(", ", 1)[1]


def test_the_trigger_place_with_coordinates_region_and_gdelt_codes(code_text):
    text = "Russian forces shelled Kharkiv on Tuesday. At least 17 people were killed and 40 were wounded."
    _, coded = code_text(text)
    (event,) = coded.events
    loc = event.location
    assert (loc.name, loc.country, loc.kind, loc.region) == ("Kharkiv", "UKR", "city", "Kharkiv")
    assert loc.lat == pytest.approx(49.98, abs=0.05) and loc.lon == pytest.approx(36.25, abs=0.05)
    assert (loc.fips, loc.adm1, loc.geo_type) == ("UP", "UP07", 4) and loc.feature_id == str(loc.geonames_id)
    assert "shelled Kharkiv" in loc.how
    # the counts of the next sentence belong to the shelling
    assert {(c.kind, c.value, c.at_least) for c in event.counts} == {("killed", 17, True), ("wounded", 40, False)}
    assert event.source_location.kind == "country" and event.source_location.name == "Russia"


def test_a_region_named_as_such(code_text):
    _, coded = code_text("Pakistani troops arrested 20 militants in Sindh province on Monday.")
    loc = coded.events[0].location
    assert (loc.name, loc.kind, loc.country, loc.geo_type, loc.adm1) == ("Sindh", "region", "PAK", 5, "PK05")
    assert loc.feature_id == "PK05" and loc.geonames_id is None


def test_a_country_in_a_topic_is_not_the_place(code_text):
    _, coded = code_text("France accused Iran of fuelling the war in Lebanon.")
    assert coded.events and all(e.location is None for e in coded.events)
    lines = explain_lines(coded)
    assert any("place: none" in line and "Lebanon" in line for line in lines)


def test_an_actor_has_the_place_of_its_own_phrase(code_text):
    _, coded = code_text("The Kharkiv governor accused Russian forces of shelling residential areas.")
    event = coded.events[0]
    assert (event.source.code, event.cameo.root) == ("UKRGOV", "11")
    assert event.source_location.name == "Kharkiv" and event.source_location.geo_type == 4
    assert event.target_location.kind == "country" and event.target_location.country == "RUS"


@pytest.mark.parametrize("dateline", ["KHARKIV, Ukraine (Reuters) — ", "Kharkiv, 12 March (Ukrinform) - ",
                                      "KHARKIV — "])
def test_a_dateline_sets_the_place_and_is_no_actor(code_text, dateline):
    text = dateline + "Russian forces shelled the city overnight, killing five people."
    _, coded = code_text(text)
    (event,) = coded.events
    assert (event.location.name, event.location.country) == ("Kharkiv", "UKR")
    assert event.location.how.startswith("dateline") and event.location.start == 0
    end = len(dateline.rstrip())
    actors = [a for t in coded.sentences for a in t.actors] + [a for e in coded.events for a in (e.source, e.target)
                                                               if a is not None]
    assert all(a.start >= end for a in actors if a.text), "the dateline is never an actor"
    assert event.counts and event.counts[0].value == 5
    assert any("dateline" in line and "not read for actors" in line for line in explain_lines(coded))


def test_an_opening_name_with_a_comma_is_no_dateline(code_text):
    triples, coded = code_text("Greece, like most other members, criticised the new rules.")
    assert any(s.startswith("GRC") for s, _c, _t in triples)
    assert all(e.location is None for e in coded.events)


def test_a_place_missing_from_the_gazetteer_is_explained(code_text):
    _, coded = code_text("Kenyan police arrested forty people in Qurtubaville on Monday.")
    assert coded.events and coded.events[0].location is None
    assert any("'in Qurtubaville': not in the gazetteer" in line for line in explain_lines(coded))


def test_a_capital_elsewhere_is_no_government(code_text):
    # Tripoli in Lebanon is no seat of the Libyan government
    triples, _ = code_text("Lebanese troops clashed with Tripoli gunmen after a raid near Beirut.")
    assert triples
    assert not any(code.startswith("LBY") for t in triples for code in (t[0], t[2] or ""))


def test_a_dateline_after_a_headline_or_on_its_own_line(code_text):
    for text in ("Kharkiv under fire\n\nKYIV, Ukraine (AP) — Russian forces shelled the city overnight.",
                 "KYIV, Ukraine (AP) —\n\nRussian forces shelled the city overnight."):
        _, coded = code_text(text)
        (event,) = coded.events
        assert (event.source.code, event.cameo.code) == ("RUSMIL", "194"), text
        assert (event.location.name, event.location.basis) == ("Kyiv", "dateline")
        assert all(a.text != "KYIV" for t in coded.sentences for a in t.actors)


def test_names_with_letters_beyond_ascii(code_text):
    _, coded = code_text("BOGOTÁ, Colombia (AP) — Colombian troops attacked rebel camps.")
    assert coded.events[0].location.name == "Bogotá" and coded.events[0].location.basis == "dateline"
    _, coded = code_text("Police in İstanbul detained 20 protesters.")
    assert (coded.events[0].location.name, coded.events[0].location.country) == ("Istanbul", "TUR")
    _, coded = code_text("Kharkiv’s governor accused Russia of shelling the city.")
    assert coded.events[0].source.code == "UKRGOV"  # a curly possessive is still the place's


def test_a_visit_is_placed_at_its_destination(code_text):
    _, coded = code_text("The German chancellor visited Kyiv on Monday.")
    assert {(e.cameo.code, e.location.name, e.location.basis) for e in coded.events} >= {("042", "Kyiv", "phrase")}


def test_an_actor_name_is_no_town_and_a_sea_no_region(code_text):
    _, coded = code_text("Hamas accused Israel of violating the truce.")
    assert coded.events[0].source_location.country != "DEU"  # Hamm's alias is not the group
    triples, coded = code_text("Houthi rebels attacked a tanker in the Red Sea.")
    assert all(e.location is None or e.location.country not in ("SDN", "EGY") for e in coded.events)
    assert not any(t[2] and t[2].startswith(("SDN", "EGY")) for t in triples)


def test_a_name_nothing_settles_makes_no_actor(code_text):
    # Victoria is a capital (Seychelles), a state (Australia) and a city (Hong Kong): no government is invented
    triples, _ = code_text("Floods in Victoria killed 3 people.")
    assert not any(s.startswith("SYC") for s, _c, _t in triples)
    _, coded = code_text("The UN envoy met the EU envoy in Tripoli on Monday.")
    assert coded.events
    for e in coded.events:
        assert e.location.country == "LBY"  # the largest, flagged for checking
    assert any("ambiguous: check it" in line for line in explain_lines(coded))


def test_a_country_opening_a_sentence_is_no_dateline(code_text):
    triples, coded = code_text("Jordan, a key ally — officials said — condemned Israel.")
    assert ("JOR", "111", "ISR") in triples
    assert all(e.location is None for e in coded.events)


def test_a_direction_before_a_country(code_text):
    _, coded = code_text("Russian forces shelled towns in Eastern Ukraine.")
    assert coded.events[0].location.country == "UKR" and coded.events[0].location.basis == "clause"
