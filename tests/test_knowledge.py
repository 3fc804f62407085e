"""The shipped knowledge files: complete, consistent, with provenance; and user pattern files."""

from __future__ import annotations

from importlib import resources

import pytest

from communique import DataFileError, load_knowledge
from communique.knowledge import ROLE_SECTORS


@pytest.fixture(scope="module")
def k():
    return load_knowledge()


def test_every_data_file_states_its_provenance():
    for f in (resources.files("communique") / "data").iterdir():
        if f.name.endswith((".tsv", ".yaml")):
            first = f.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("#"), f.name


def test_cameo_table_and_crosswalk_cover_each_other(k):
    assert len(k.cameo) > 280
    assert {c.root for c in k.cameo.values()} == {f"{r:02d}" for r in range(1, 21)}
    assert set(k.plover) == set(k.cameo)
    assert k.cameo["057"].goldstein == 8 and k.cameo["195"].quad_class == 4
    assert k.plover["057"].type == "SUPPORT" and k.plover["042"].mode == "visit"
    plover_types = {p.type for p in k.plover.values() if p.type}
    assert len(plover_types) == 16


def test_patterns_and_frames_point_at_real_codes(k):
    for p in k.patterns:
        assert p.code in k.cameo, p.id
        assert p.verbs or p.nouns or p.adjectives, p.id
        assert p.reverse is None or p.reverse in k.cameo
    for f in k.frames.values():
        for code in [f.default, *f.mapping.values()]:
            assert code.startswith("@") or code in k.cameo, (f.name, code)
    for rows in k.refinements.values():
        for r in rows:
            assert r.code.startswith("+") or r.code in k.cameo
    assert len({p.id for p in k.patterns}) == len(k.patterns)


def test_gazetteer_facts(k):
    assert k.terms["Kazakh"].country == "KAZ"
    assert k.terms["Republic of Serbia"].country == "SRB"
    assert k.terms["Belgrade"].code == "SRBGOV"
    assert k.terms["Kremlin"].code == "RUSGOV"
    assert k.terms["EAEU"].code == "IGOEAEU"
    assert k.places["Belgrade"].lat == pytest.approx(44.8, abs=0.1)
    assert {r.sector for r in k.roles.values()} <= set(ROLE_SECTORS)


def test_user_pattern_file_extends_and_bad_ones_fail_clearly(tmp_path, coder):
    extra = tmp_path / "mine.yaml"
    extra.write_text('patterns:\n  - {id: snub, code: "125", verbs: [snub]}\n')
    k2 = load_knowledge([extra])
    assert any(p.id == "snub" for p in k2.patterns)
    from communique import Coder
    from communique.models import Article

    c2 = Coder(nlp=coder.nlp, knowledge=k2)
    coded = c2.code(Article(id="a", text="Chile snubbed Peru at the summit."))
    assert {(e.source.code, e.cameo.code, e.target.code) for e in coded.events} == {("CHL", "125", "PER")}
    bad = tmp_path / "bad.yaml"
    bad.write_text('patterns:\n  - {id: oops, code: "999", verbs: [oops]}\n')
    with pytest.raises(DataFileError, match="999"):
        load_knowledge([bad])
