"""CAMEO conventions and argument structures, on sentences written for these tests."""

from __future__ import annotations

import pytest


def test_future_visit_is_intent_both_ways(code_text):
    triples, coded = code_text("The Peruvian president will visit Ecuador next week.")
    assert ("PERGOV", "036", "ECU") in triples
    assert all(e.modality == "future" for e in coded.events)
    assert not any(c == "042" for _, c, _ in triples)


def test_visit_yields_host_event(code_text):
    triples, _ = code_text("The Ghanaian foreign minister visited Lome on Friday.")
    assert ("GHAGOV", "042", "TGOGOV") in triples
    assert ("TGOGOV", "043", "GHAGOV") in triples


def test_reciprocal_signing_in_both_directions(code_text):
    triples, _ = code_text("Peru and Ecuador signed a border agreement.")
    assert triples == {("PER", "057", "ECU"), ("ECU", "057", "PER")}


def test_passive_signing_between_parties(code_text):
    triples, _ = code_text("A fisheries accord was signed between the governments of Iceland and Norway.")
    assert ("ISLGOV", "057", "NORGOV") in triples and ("NORGOV", "057", "ISLGOV") in triples


def test_compound_actor_one_event_per_member(code_text):
    triples, _ = code_text("Hungarian and Slovak officials met in Budapest on Monday.")
    assert triples == {("HUNGOV", "040", "SVKGOV"), ("SVKGOV", "040", "HUNGOV")}
    triples, _ = code_text("Sweden condemned Iran and Syria over the executions.")
    assert {("SWE", "111", "IRN"), ("SWE", "111", "SYR")} <= triples


def test_negated_event_is_not_coded_and_explained(code_text):
    triples, coded = code_text("Peru did not sign the treaty with Bolivia.")
    assert triples == set()
    reasons = [d.reason for s in coded.sentences for d in s.decisions]
    assert any("negated" in r for r in reasons)
    assert coded.status.reason == "no events"


def test_reported_speech_codes_the_reported_event(code_text, countries):
    triples, coded = code_text("The Chilean foreign minister said Bolivian troops attacked Peruvian border posts.")
    assert countries(triples) == {("BOL", "19", "PER")}
    assert coded.events[0].modality == "reported"


def test_passive_with_agent(code_text):
    triples, _ = code_text("Bolivia was criticised by Chile.")
    assert triples == {("CHL", "111", "BOL")}


def test_nominal_visit_with_possessive(code_text):
    triples, _ = code_text("Ghana's visit to Togo ended on Friday.")
    assert ("GHA", "042", "TGO") in triples


def test_talks_held_between(code_text):
    triples, _ = code_text("Talks were held between Ghana and Togo.")
    assert triples == {("GHA", "040", "TGO"), ("TGO", "040", "GHA")}


def test_frames_compose_with_the_complement(code_text, countries):
    triples, _ = code_text("Canada threatened to impose sanctions on Venezuela.")
    assert ("CAN", "1312", "VEN") in triples
    triples, _ = code_text("The Egyptian minister urged Sudan to release the detained journalists.")
    assert ("EGYGOV", "0253", "SDN") in triples
    triples, _ = code_text("Argentina refused to meet British negotiators.")
    assert countries(triples) == {("ARG", "12", "GBR")}


def test_object_controlled_subject(code_text):
    triples, _ = code_text("Washington accused Tehran of supporting militias.")
    assert triples == {("USAGOV", "112", "IRNGOV")}


def test_every_root_has_patterns(coder):
    roots = {p.code[:2] for p in coder.k.patterns}
    assert roots >= {f"{r:02d}" for r in range(1, 21)}


def test_date_moves_with_weekday(code_text):
    _, coded = code_text("Ghana and Togo signed a trade agreement on Monday.", date="2024-06-12")
    assert {e.date for e in coded.events} == {"2024-06-10"}


def test_quote_speaker_is_the_source_of_praise(code_text):
    text = ('"Peru is a reliable partner and a close friend of our nation," said Chilean Foreign Minister '
            'Ana Reyes.')
    triples, _ = code_text(text)
    assert ("CHLGOV", "051", "PER") in triples


def test_plover_and_cameo_fields(code_text):
    _, coded = code_text("Poland and Lithuania held joint military exercises near the border.")
    ev = coded.events[0]
    assert ev.cameo.code == "062" and ev.cameo.root == "06" and ev.cameo.quad_class == 2
    assert ev.cameo.goldstein == 7.4
    assert ev.plover.type == "COOPERATE" and "military" in ev.plover.context


def test_prefilter_loses_nothing(coder, repo_root, fixtures_dir):
    """Parsing only trigger sentences gives the same events as parsing every sentence."""
    from communique import Coder, read_inputs
    from communique.models import Article

    everything = Coder(nlp=coder.nlp, knowledge=coder.k, parse_all=True)
    arts = [a for a in read_inputs([str(repo_root / "samples"), str(fixtures_dir)]) if isinstance(a, Article)]
    fast = [(e.event_id, e.cameo.code) for c in coder.pipe(arts) for e in c.events]
    full = [(e.event_id, e.cameo.code) for c in everything.pipe(arts) for e in c.events]
    assert fast == full and len(fast) > 20
    skipped = sum(not s.parsed for c in coder.pipe(arts) for s in c.sentences)
    assert skipped > 0


def test_dateline_gives_the_place(code_text):
    _, coded = code_text("NAIROBI, June 3 - Kenya and Uganda signed a deal on rail transport.")
    assert {e.location.name for e in coded.events} == {"Nairobi"}
    assert coded.events[0].location.how.startswith("dateline")


def test_participle_detail_is_not_a_second_event(code_text):
    triples, coded = code_text("Ecuadorian troops shelled rebel camps near the border, killing nine fighters.")
    assert [e.cameo.code for e in coded.events] == ["194"]  # one event, the shelling (its toll names the target)
    assert any("elaborates" in d.reason or "a participle on it names the target" in d.reason
               for s in coded.sentences for d in s.decisions)


def test_up_to_a_number_is_still_the_object(code_text, countries):
    triples, _ = code_text("Somali gunmen kidnapped up to twelve Kenyan teachers on Sunday.")
    assert countries(triples) == {("SOM", "18", "KEN")}
    # aid workers are coded as the aid organisations they work for, whatever their nationality
    triples, _ = code_text("Somali gunmen kidnapped up to twelve Kenyan aid workers on Sunday.")
    assert countries(triples) == {("SOM", "18", "NGO")}


def test_domestic_event_targets_the_place_it_happens(code_text, countries):
    triples, _ = code_text("Israeli troops remained on alert in the West Bank on Monday.")
    assert countries(triples) == {("ISR", "15", "PSE")}
    triples, _ = code_text("Thousands of Peruvian farmers demonstrated against the new water law.")
    assert countries(triples) == {("PER", "14", "PER")}


def test_locations_are_not_targets(code_text, countries):
    triples, _ = code_text("French police arrested two Belgian smugglers in Marseille.")
    assert countries(triples) == {("FRA", "17", "BEL")}


NEW_TEXT = [  # one sentence per kind of event, written for this test: (sentence, source, root, target)
    ("Brazil and Argentina agreed to coordinate their positions ahead of the summit.", "BRA", "03", "ARG"),
    ("Norway offered to host peace talks between the Colombian government and the rebels.", "NOR", "03", "COL"),
    ("The Indian prime minister telephoned his Japanese counterpart on Thursday.", "IND", "04", "JPN"),
    ("Qatar mediated between Hamas and Israel over the release of hostages.", "QAT", "04", "PSE"),
    ("Egypt hosted the Sudanese army chief in Cairo for talks on the war.", "EGY", "04", "SDN"),
    ("Germany welcomed the decision by Poland to extend the border agreement.", "DEU", "05", "POL"),
    ("Sweden apologized to Finland for the incident at the border.", "SWE", "05", "FIN"),
    ("France and Italy signed a treaty on cross-border rail links.", "ITA", "05", "FRA"),
    ("Russia and Belarus held joint naval drills in the Baltic Sea.", "RUS", "06", "BLR"),
    ("The United Nations delivered food aid to refugees in Chad.", "IGO", "07", "TCD"),
    ("Myanmar released 200 political prisoners on Monday.", "MMR", "08", "MMR"),
    # The former minister's country is not in the sentence: an unresolved actor, not a guessed one.
    ("South Korean prosecutors opened an investigation into the former defence minister.", "KOR", "09", "---"),
    ("Ukraine demanded that Russia withdraw its troops from the occupied territories.", "UKR", "10", "RUS"),
    ("China condemned the visit of the American delegation to Taiwan.", "CHN", "11", "USA"),
    ("Iran rejected the French proposal to resume nuclear talks.", "IRN", "12", "FRA"),
    ("North Korea threatened to launch missiles toward Japan.", "PRK", "13", "JPN"),
    ("Thousands of Serbian students protested against the government in Belgrade.", "SRB", "14", "SRB"),
    ("Armenia put its troops on high alert along the border with Azerbaijan.", "ARM", "15", "AZE"),
    ("Lithuania expelled three Russian diplomats on Friday.", "LTU", "16", "RUS"),
    ("Turkish police detained dozens of Kurdish activists in Istanbul.", "TUR", "17", "TUR"),
    ("Gunmen abducted a Nigerian police officer in the north of the country.", "NGA", "18", "NGA"),
    ("Israeli aircraft bombed targets in southern Lebanon overnight.", "ISR", "19", "LBN"),
    ("Pakistan and India exchanged artillery fire across the Line of Control.", "PAK", "19", "IND"),
    ("The Kenyan government imposed a curfew in Nairobi after the riots.", "KEN", "17", "KEN"),
]


@pytest.mark.parametrize(("text", "source", "root", "target"), NEW_TEXT, ids=[t[0][:30] for t in NEW_TEXT])
def test_codes_new_text_across_the_roots(code_text, countries, text, source, root, target):
    triples, _ = code_text(text)
    assert (source, root, target) in countries(triples)


def test_long_runs_do_not_grow_the_vocabulary(coder):
    """New names and numbers in a stream of articles leave spaCy's string store as it was (memory stays flat)."""
    import random

    from communique import Coder
    from communique.models import Article

    rng = random.Random(5)

    def name() -> str:
        return "".join(rng.choice("bdgkmnprstvz") + rng.choice("aeiou") for _ in range(4)).title()

    def articles(prefix: str, n: int) -> list[Article]:
        return [Article(id=f"{prefix}{i}", date="2024-03-04",
                        text=f"{name()} {name()}, the head of the {name()} bank, said profits reached "
                             f"{rng.randint(10**5, 10**7)} dollars.\nGhana accused Togo of harbouring rebels.")
                for i in range(n)]

    small_batches = Coder(nlp=coder.nlp, knowledge=coder.k, batch_size=4, sentences_per_batch=16,
                          articles_per_batch=16)
    first = articles("a", 120)
    coded = list(small_batches.pipe(first))
    strings = len(coder.nlp.vocab.strings)
    later = articles("b", 120)
    coded += list(small_batches.pipe(later))
    assert len(coder.nlp.vocab.strings) == strings
    assert later[-1].text.split()[0] not in coder.nlp.vocab.strings
    # and coding is unchanged by it: every article still has its accusation, with its names in the evidence
    assert all({(e.source.code, e.cameo.code[:2], e.target.code) for e in c.events} == {("GHA", "11", "TGO")}
               for c in coded)
    alone = coder.code(later[7])
    assert [e.event_id for e in alone.events] == [e.event_id for e in coded[127].events]


def test_articles_without_events_do_not_pile_up(coder):
    """A long stream with nothing to parse is still coded batch by batch, not held in memory to the end."""
    from communique.models import Article

    taken = []

    def stream():
        for i in range(100_000):
            taken.append(i)
            yield Article(id=f"w{i}", text=f"Rain is expected in the hills on day {i}.\nThe harvest was good.")

    coded = coder.pipe(stream())
    first = next(coded)
    assert first.article.id == "w0" and not first.events
    assert len(taken) <= coder.articles_per_batch
    coded.close()
