"""Actor knowledge as a user meets it: dated groups, user dictionaries, unresolved actors, learned actors, and the
rules for events between two actors of one country. Every text is written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique import Article
from communique.actor_files import read_actor_file
from communique.knowledge import load_knowledge


def events_of(out: str) -> list[dict]:
    """The JSON events of a code run's stdout."""
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def triples(coder, text: str, date: str | None) -> set[tuple[str, str, str | None]]:
    coded = coder.code(Article(id="t", text=text, date=date))
    return {(e.source.code, e.cameo.code[:2], e.target.code if e.target else None) for e in coded.events}


def test_a_groups_dated_status_is_honoured_on_both_sides_of_its_boundary(coder):
    text = "The Taliban condemned the American air strike."
    before = triples(coder, text, "2021-08-14")
    after = triples(coder, text, "2021-08-15")
    assert ("AFGREB", "11", "USA") in before and not any(s == "AFGGOV" for s, _, _ in before)
    assert ("AFGGOV", "11", "USA") in after and not any(s == "AFGREB" for s, _, _ in after)


def test_a_persons_role_follows_the_article_date(coder):
    text = "Putin criticised Georgia."
    assert ("RUSGOV", "11", "GEO") in triples(coder, text, "2005-03-01")  # president then
    assert ("RUSGOV", "11", "GEO") in triples(coder, text, "2010-03-01")  # prime minister then


def test_a_transliteration_and_a_surname_alone_resolve(coder):
    assert ("LBNREB", "04", "UKRGOV") in triples(coder, "The Hizballah leader met officials in Kiev.", "2024-03-01")
    assert ("UKRGOV", "05", "DEUGOV") in triples(coder, "Zelensky thanked Scholz.", "2024-03-01")
    assert ("LBY", "13", "TCD") in triples(coder, "Qaddafi threatened Chad.", "2024-03-01")  # dead: country only


def test_a_user_entry_overrides_a_built_in_one(run_cli, tmp_path):
    own = tmp_path / "mine.tsv"
    own.write_text("# A reading that does not accept the 2021 change of status.\n"
                   "name\taliases\tcode\tfrom\tto\tkind\nTaliban\tthe Taliban\tAFGREB\t\t\tarmed group\n",
                   encoding="utf-8")
    text = "The Taliban condemned the American air strike."
    built_in = events_of(run_cli("code", "-", "--date", "2023-05-02", "-q", stdin=text).stdout)
    mine = events_of(run_cli("code", "-", "--date", "2023-05-02", "-q", "--actors", own, stdin=text).stdout)
    assert [e["source"]["code"] for e in built_in] == ["AFGGOV"]
    assert [e["source"]["code"] for e in mine] == ["AFGREB"]
    assert mine[0]["source"]["entry"].startswith(f"{own}, line 3")


def test_an_unknown_name_is_kept_unresolved_and_resolved_only_drops_it(run_cli, tmp_path):
    text = "Ilse Marwick condemned the attack on the Kenyan embassy."
    kept = events_of(run_cli("code", "-", "-q", stdin=text).stdout)
    assert len(kept) == 1
    source = kept[0]["source"]
    assert (source["code"], source["country"], source["resolved"], source["text"]) == ("---", "---", False,
                                                                                     "Ilse Marwick")
    assert kept[0]["target"]["code"].startswith("KEN") and kept[0]["target"]["resolved"] is True
    assert events_of(run_cli("code", "-", "-q", "--resolved-only", stdin=text).stdout) == []
    # In a database the event is stored; every query can leave it out.
    db = tmp_path / "e.duckdb"
    corpus = tmp_path / "a.jsonl"
    corpus.write_text(json.dumps({"id": "u", "text": text + " Chile praised Peru.", "date": "2024-02-01"}) + "\n",
                      encoding="utf-8")
    assert run_cli("code", corpus, "--db", db, "-q").returncode == 0
    every = json.loads(run_cli("events", db, "--format", "json").stdout)
    resolved = json.loads(run_cli("events", db, "--format", "json", "--resolved-only").stdout)
    assert {r["source_code"] for r in every} == {"---", "CHL"}
    assert {r["source_code"] for r in resolved} == {"CHL"}
    dyads = run_cli("dyads", db, "--resolved-only", "--format", "csv").stdout
    assert "---" not in dyads and "CHL" in dyads


def test_explain_names_the_entry_and_role_or_why_none(coder):
    from communique.explain import explain_lines

    coded = coder.code(Article(id="x", text="The Taliban condemned Ilse Marwick.", date="2022-01-01"))
    lines = "\n".join(explain_lines(coded))
    assert "Taliban: AFGGOV on 2022-01-01, role 2021-08-15 to …" in lines and "[groups.tsv, line" in lines
    assert "unresolved: no entry for 'Ilse Marwick'" in lines and "resolved false" in lines


def test_a_domestic_self_dyad_is_coded_and_a_non_domestic_one_is_not(coder):
    protest = triples(coder, "Serbian students protested in Belgrade on Sunday.", "2024-03-01")
    assert ("SRBEDU", "14", "SRB") in protest  # a protest is domestic by nature: the country is the target
    arrest = triples(coder, "Turkish police detained Turkish activists in Ankara.", "2024-03-01")
    assert any(s == "TURCOP" and r == "17" and t and t.startswith("TUR") for s, r, t in arrest)
    assert triples(coder, "Kenya praised the Kenyan decision.", "2024-03-01") == set()  # KEN -> KEN: not coded
    agree = triples(coder, "Serbia agreed to cooperate on Sunday.", "2024-03-01")
    assert all(t is None for _, _, t in agree)  # no invented SRB -> SRB


def test_a_role_takes_its_country_from_the_article_not_from_a_guess(coder):
    text = "Kenyan police fired tear gas at protesters in Nairobi. Police later detained several protesters."
    coded = coder.code(Article(id="k", text=text, date="2024-06-20"))
    second = [e for e in coded.events if e.sentence == 1]
    assert second and all(e.source.code == "KENCOP" for e in second)
    assert "earlier 'COP' actor" in second[0].source.how
    # A spokesperson is not coded as the other country the sentence names.
    lone = triples(coder, "A spokesperson criticised China over the raid.", "2024-06-20")
    assert all(not s.startswith("CHN") for s, _, _ in lone)


def test_a_learned_actors_file_round_trips_through_actors(run_cli, tmp_path):
    corpus = tmp_path / "news.jsonl"
    rows = [{"id": "n1", "date": "2024-04-02",
             "text": "Foreign Minister Aldona Virbickaite of Lithuania said on Tuesday that talks would resume."},
            {"id": "n2", "date": "2024-05-09",
             "text": "Lithuania's foreign minister, Aldona Virbickaite, visited Warsaw on Thursday."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    learned = tmp_path / "learned.tsv"
    result = run_cli("actors", "learn", corpus, "-o", learned)
    assert result.returncode == 0, result.stderr
    assert "learned from 2 article(s)" in result.stderr
    check = run_cli("actors", "check", learned)
    assert check.returncode == 0 and "no errors" in check.stdout
    entries = read_actor_file(learned, countries=load_knowledge().countries).entries
    assert [(e.name, e.roles[0].code) for e in entries] == [("Aldona Virbickaite", "LTUGOV")]
    text = "Virbickaite criticised Belarus over the border closure."
    without = events_of(run_cli("code", "-", "-q", "--date", "2024-06-01", stdin=text).stdout)
    with_file = events_of(run_cli("code", "-", "-q", "--date", "2024-06-01", "--actors", learned, stdin=text).stdout)
    assert [e["source"]["code"] for e in without] == ["---"]
    assert [(e["source"]["code"], e["target"]["code"]) for e in with_file] == [("LTUGOV", "BLR")]


def test_actors_check_reports_every_problem_with_its_line(run_cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,code,from,to\nAnna Kowal,POLGOV,2023-12-13,\nBad Code,polgov,,\n"
                   "Late Start,POLGOV,2024-05-01,2023-01-01\nNo Country,ZZZGOV,,\n", encoding="utf-8")
    result = run_cli("actors", "check", bad)
    assert result.returncode == 1
    assert "bad.csv, line 3: code 'polgov'" in result.stdout
    assert "bad.csv, line 4: from (2024-05-01) is after to (2023-01-01)" in result.stdout
    assert "bad.csv, line 5: code 'ZZZGOV' starts with 'ZZZ'" in result.stdout
    assert "4 row(s), 1 actor(s)" in result.stdout
    # A malformed file given to --actors stops the run before anything is coded, with the same lines.
    run = run_cli("code", "-", "--actors", bad, stdin="Chile praised Peru.")
    assert run.returncode == 2 and "bad.csv, line 3" in run.stderr


def test_a_yaml_dictionary_with_several_roles(tmp_path, run_cli):
    own = tmp_path / "people.yaml"
    own.write_text("- name: Maren Holtvik\n  aliases: [Holtvik]\n  roles:\n"
                   "    - {code: NORLEG, from: 2017-10-02, to: 2021-10-14}\n"
                   "    - {code: NORGOV, from: 2021-10-14}\n", encoding="utf-8")
    assert run_cli("actors", "check", own).returncode == 0
    early = run_cli("actors", "lookup", "Holtvik", "--date", "2019-01-01", "--actors", own).stdout
    late = run_cli("actors", "lookup", "Holtvik", "--date", "2022-01-01", "--actors", own).stdout
    assert "codes as NORLEG" in early and "codes as NORGOV" in late
    assert "people.yaml, line 1 (maren-holtvik)" in late


@pytest.mark.parametrize("name", ["actors_recent.tsv", "groups.tsv"])
def test_the_shipped_dictionaries_have_no_problems(name):
    data = Path(__file__).resolve().parents[1] / "src" / "communique" / "data"
    got = read_actor_file(data / name, name, load_knowledge().countries)
    assert [str(p) for p in got.problems if p.fatal] == []
    assert got.entries


def test_two_unknown_people_are_not_one_event(run_cli, tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "date": "2024-02-01", "source": f"Wire {i}",
                                          "text": f"{who} criticised Peru over the dam."}) + "\n"
                              for i, who in enumerate(["Zorblat Quenwick", "Pellam Vorquist", "Pellam Vorquist"])))
    db = tmp_path / "u.duckdb"
    assert run_cli("code", corpus, "--db", db, "-q").returncode == 0
    rows = json.loads(run_cli("events", db, "--format", "json", "--all-columns").stdout)
    assert sorted((r["source_name"], r["num_mentions"]) for r in rows) == [("Pellam Vorquist", 2),
                                                                          ("Zorblat Quenwick", 1)]


def test_he_refers_to_the_last_person_not_to_an_institution(coder):
    text = ("The British embassy in Nairobi announced the agreement, which President William Ruto later confirmed. "
            "He thanked Norway for its support.")
    assert triples(coder, text, "2024-05-02") == {("KENGOV", "05", "NOR")}


def test_a_role_word_that_modifies_a_thing_is_no_actor(coder):
    got = triples(coder, "Georgia appealed to its partner Turkey for military assistance.", "2024-05-02")
    assert got == {("GEO", "02", "TUR")}  # "military assistance" is not an unresolved military


def test_every_actor_says_what_its_code_rests_on(coder):
    text = ("The Taliban criticised Putin. Kenyan police arrested Ilse Marwick in Nairobi. "
            "She condemned the arrest.")
    coded = coder.code(Article(id="b", text=text, date="2024-05-02"))
    basis = {(a.text, a.basis) for e in coded.events for a in (e.source, e.target) if a is not None}
    assert {("The Taliban", "group"), ("Putin", "person"), ("Kenyan police", "gazetteer")} <= basis
    assert any(t.startswith("Ilse Marwick") and b == "unresolved" for t, b in basis)
    assert any(b == "pronoun" for t, b in basis if t == "She")


def test_a_names_place_is_not_its_country(coder):
    got = triples(coder, "Kenyan police arrested Ilse Marwick in Nairobi.", "2024-05-02")
    assert got == {("KENCOP", "17", "---")}  # not KENCOP -> KENGOV: Nairobi is where, not who


def test_a_region_is_an_actor_of_no_state(coder, run_cli, tmp_path):
    assert triples(coder, "Western powers condemned the missile test by North Korea.", None) == {
        ("WST", "11", "PRK")}
    # a user's dictionary may code a region (CAMEO's region codes) as it may an organisation
    own = tmp_path / "regions.csv"
    own.write_text("name,code,from,to\nNordic Council of Elders,SCNGOV,,\n", encoding="utf-8")
    assert run_cli("actors", "check", own).returncode == 0


def test_a_role_of_the_world_or_a_critic_of_a_seat(coder):
    assert triples(coder, "Leaders around the world condemned the arrest of Kremlin critic Ilya Sorin.", None) == {
        ("---GOV", "11", "RUSOPP")}


def test_phoenix_international_organisations_are_read_without_replacing_ours(coder):
    # an NGO only the converted Phoenix file names
    assert triples(coder, "Catholic Relief Services delivered food to refugees in Chad.", None) == {
        ("NGOUSACHRCTH", "07", "TCDREF")}
    # its "The EU" (IGOEUREEC) does not replace groups.tsv's "the EU" at the start of a sentence
    assert triples(coder, "The EU imposed sanctions on Belarus.", "2024-01-10") == {("IGOEU", "16", "BLR")}
