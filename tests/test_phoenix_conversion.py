"""The Phoenix dictionary converter (scripts/convert_phoenix.py) on small invented dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import script_module

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "convert_phoenix.py"
COMMIT = "0123456789abcdef0123456789abcdef01234567"

COUNTRIES = """# Invented country actors for the test.
FREEDONIA_  [FRD]
+FREEDONIAN_
+FREEDONIAN_  # repeated alias

JANE_Q_DOE_  # two dated roles, a fallback and aliases
+JANE_DOE_
+PRESIDENT_DOE_
+JANE_DOE
\t[FRDGOV 990101-050630]
\t[FRDELI > 050630]
\t[FRDELI]
RUFUS_T_FIREFLY_
PRESIDENT_FIREFLY_
\t[FRDGOV <330101]
\t[FRDELI 310101-300101]
\t[---]
# a name line whose roles never come
ORPHAN_NAME_

FREEDONIA_WAR_MINISTRY_ [FRDGOVMIL]
"""

INTERNATIONAL = """SYLVANIA_WATER_BOARD_\t[IGOSYLENV] # an organisation
+SWB_
LEAGUE_OF_PRETEND_STATES_ [IGOLPS 19800101-20101231]
"""

MILNONSTATE = """RED_HAND_BRIGADE_ [FRDREB] #  invented
+RED_HAND_
+BRIGADA_MANO_ROJA_
<!-- a comment
over two lines -->
BLUE_FLAG_ [FRDREB]
"""

AGENTS = """# Invented agents.
!PERSON! = MAN, WOMAN
SPOKES!PERSON! [~GOV]
POLICE {} [~COP]
ARMY [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
HUMAN_RIGHTS_BODY [NGO~] # ns 6/14/01
CITY [~GOV]
BOSS [~BUS]
NO_CODE_HERE
ARMY [~UAF]
"""

LICENCE = "The MIT License (MIT)\n\nCopyright (c) 2014 Somebody\n\nPermission is hereby granted.\n"


@pytest.fixture(scope="module")
def conv():
    """The converter script loaded as a module."""
    with script_module(SCRIPT) as module:
        yield module


@pytest.fixture
def rows(conv):
    """Actor rows of the three invented dictionaries, by id."""
    files = [(conv.ACTOR_FILES[0], COUNTRIES), (conv.ACTOR_FILES[1], INTERNATIONAL), (conv.ACTOR_FILES[2], MILNONSTATE)]
    by_id: dict[str, list] = {}
    for row in conv.actor_rows(files):
        by_id.setdefault(row.id, []).append(row)
    return by_id


def test_dates_read_as_the_reader_does(conv):
    assert conv.parse_date("990101") == "1999-01-01"
    assert conv.parse_date("300101") == "2030-01-01"
    assert conv.parse_date("310101") == "1931-01-01"
    assert conv.parse_date("19270101") == "1927-01-01"
    assert conv.parse_date("201005011") == "2010-05-01"
    with pytest.raises(ValueError):
        conv.parse_date("990231")
    assert conv.parse_role("USAGOV 090120-170120") == conv.Role("USAGOV", "2009-01-20", "2017-01-20")
    assert conv.parse_role("EGYGOV > 140608") == conv.Role("EGYGOV", start="2014-06-08")
    assert conv.parse_role("IRQ <20030320") == conv.Role("IRQ", end="2003-03-20")
    assert conv.parse_role("MNEGOV 20121204") == conv.Role("MNEGOV", start="2012-12-04")
    assert conv.parse_role("IRQOCC 1920030320-20060520") == conv.Role("IRQOCC", "2003-03-20", "2006-05-20")


def test_person_with_dated_roles_and_aliases(rows):
    jane = rows["jane-q-doe"]
    assert [(r.code, r.start, r.end) for r in jane] == [
        ("FRDGOV", "1999-01-01", "2005-06-30"), ("FRDELI", "2005-06-30", ""), ("FRDELI", "", "")]
    assert {r.kind for r in jane} == {"person"}
    assert jane[0].name == "Jane Q Doe"
    assert jane[0].aliases == "Jane Doe | President Doe"
    assert {r.source for r in jane} == {"Phoenix.Countries.actors.txt"}


def test_name_lines_above_shared_roles_are_one_actor(rows):
    firefly = rows["rufus-t-firefly"]
    assert firefly[0].aliases == "President Firefly"
    assert [(r.code, r.start, r.end) for r in firefly] == [
        ("FRDGOV", "", "1933-01-01"), ("FRDELI", "1931-01-01", "2030-01-01")]
    assert "orphan-name" not in rows and "president-firefly" not in rows


def test_states_organisations_and_groups(rows):
    assert [(r.kind, r.name, r.aliases, r.code) for r in rows["freedonia"]] == [
        ("organisation", "Freedonia", "Freedonian", "FRD")]
    assert rows["freedonia-war-ministry"][0].kind == "organisation"
    board = rows["sylvania-water-board"][0]
    assert (board.kind, board.aliases, board.code, board.source) == (
        "organisation", "SWB", "IGOSYLENV", "Phoenix.International.actors.txt")
    league = rows["league-of-pretend-states"][0]
    assert (league.kind, league.start, league.end) == ("organisation", "1980-01-01", "2010-12-31")
    brigade = rows["red-hand-brigade"][0]
    assert (brigade.kind, brigade.name, brigade.aliases, brigade.code) == (
        "group", "Red Hand Brigade", "Red Hand | Brigada Mano Roja", "FRDREB")
    assert rows["blue-flag"][0].kind == "group"


def test_agents(conv):
    pairs = dict(conv.parse_agent_dictionary(AGENTS))
    assert pairs["spokesman"] == pairs["spokeswoman"] == "~GOV" and "spokesmans" not in pairs
    assert pairs["police"] == "~COP" and "polices" not in pairs
    assert pairs["army"] == pairs["armies"] == "~UAF"
    assert pairs["attorneys general"] == "~GOVATG" and "attorney generals" not in pairs
    assert pairs["human rights bodies"] == "NGO~"
    assert pairs["cities"] == "~GOV" and pairs["bosses"] == "~BUS"
    assert not any("no code" in term for term in pairs)


def test_files_carry_provenance_and_rerun_identically(conv, tmp_path):
    checkout = tmp_path / "petrarch2"
    dictionaries = checkout / conv.DICT_DIR
    dictionaries.mkdir(parents=True)
    for name, text in zip(conv.ACTOR_FILES, (COUNTRIES, INTERNATIONAL, MILNONSTATE), strict=True):
        (dictionaries / name).write_text(text, encoding="utf-8")
    (dictionaries / conv.AGENT_FILE).write_text(AGENTS, encoding="utf-8")
    (checkout / "LICENSE").write_text(LICENCE, encoding="utf-8")
    out = tmp_path / "data"
    assert len(conv.convert(checkout, out, COMMIT, "2020-02-02")) == 3
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert conv.convert(checkout, out, COMMIT, None) == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    actors = (out / "actors_phoenix.tsv").read_text(encoding="utf-8").splitlines()
    header = [line for line in actors if line.startswith("#")]
    assert any(COMMIT in line and "2020-02-02" in line for line in header)
    assert "# Copyright (c) 2014 Somebody" in header and "# Permission is hereby granted." in header
    assert actors[len(header)] == "id\tkind\tname\taliases\tcode\tfrom\tto\tsource"
    assert all(line.count("\t") == 7 for line in actors[len(header):])
    agents = (out / "agents_phoenix.tsv").read_text(encoding="utf-8").splitlines()
    assert "term\tcode\tsource" in agents and "spokeswoman\t~GOV\tPhoenix.agents.txt" in agents
    assert (out / "LICENSE.petrarch2.txt").read_text(encoding="utf-8") == LICENCE
