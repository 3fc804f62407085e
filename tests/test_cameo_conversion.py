"""The CAMEO verb dictionary converter (scripts/convert_cameo_verbs.py) on a small invented dictionary, and the
shipped verbs_petrarch.yaml it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import script_module

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "convert_cameo_verbs.py"
SHIPPED = ROOT / "src" / "communique" / "data" / "verbs_petrarch.yaml"
CAMEO = ROOT / "src" / "communique" / "data" / "cameo.tsv"
COMMIT = "0123456789abcdef0123456789abcdef01234567"

DICTIONARY = """# Invented verb dictionary for the test.
# The MIT License (MIT)
#
# Copyright (c) 2020 Invented Dictionary Makers
#
####### SYNONYM SETS #######

&REFUGEE
+REFUGEE
+DISPLACED_PERSON
+EVACUEE_

&WEAPON
+ROCKET
+CRUISE_MISSILE
+MISSILE

####### VERB PATTERNS #######

---  FLEE   [---]  ---
FLEE {FLEES FLEEING FLED }
ABANDON  [070]   # a verb with its own code
ESCAPE
+BREAK_OUT [---]
- * &REFUGEE                     [073]   # EVACUATE
- &REFUGEE *                     [075]
- * {LITTLE SIGN} (OF FADING)    [012]
- * HOMES                        [---]
- * (TO)                         [042:043]
- * (FOR HELP)                   [:020]
- * CAMP                         [0799]
- * TENTS                        [073]
- * TENTS                        [074]   # the later line with the same parts wins

---  FIRE   [190]  ---
FIRE
LAUNCH
SHOOT {SHOOTS SHOT SHOOTING }
+BRING_DOWN {+BRINGS_DOWN +BROUGHT_DOWN } [190]
- * &WEAPON                      [194]
- * (AT {POLICE STATION})        [190]
- * UP <!-- an inline comment --> CROWD  [145]
- $ * &WEAPON (TO +)             [1950]

---  BRING   [---]  ---
BRING {BRINGS BRINGING BROUGHT }
ESCAPE   # listed again: this block's entry replaces the one above
- * AID                          [070]
~ a (a b ATTACK) SAY = a b 015
"""

LICENCE = "The MIT License (MIT)\n\nCopyright (c) 2014 Somebody\n\nPermission is hereby granted.\n"

SHIPPED_PATTERNS = """version: "test"
patterns:
  - {id: launch-missile, code: "194", verbs: [launch], objects: [missile]}
frames: {}
light_verbs: [hold]
passive_verbs: []
occur_verbs: []
"""


@pytest.fixture(scope="module")
def conv():
    """The converter script loaded as a module."""
    with script_module(SCRIPT) as module:
        yield module


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """An extracted copy of the invented source: the dictionary and a LICENSE."""
    root = tmp_path_factory.mktemp("petrarch2")
    folder = root / "petrarch2" / "data" / "dictionaries"
    folder.mkdir(parents=True)
    (folder / "CAMEO.2.0.txt").write_text(DICTIONARY, encoding="utf-8")
    (root / "LICENSE").write_text(LICENCE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """An invented shipped pattern file that already handles 'launch'."""
    path = tmp_path_factory.mktemp("shipped") / "patterns.yaml"
    path.write_text(SHIPPED_PATTERNS, encoding="utf-8")
    return path


def run(conv, checkout: Path, out: Path, *extra: str) -> dict:
    """Run the command line on the invented source; the YAML it wrote."""
    assert conv.main([str(checkout), "-o", str(out), "--commit", COMMIT, "--date", "2026-01-02",
                      "--cameo", str(CAMEO), *extra]) == 0
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def by_code(spec: dict) -> dict[str, list[dict]]:
    """The patterns of a written file grouped by code."""
    out: dict[str, list[dict]] = {}
    for p in spec["patterns"]:
        out.setdefault(p["code"], []).append(p)
    return out


@pytest.fixture(scope="module")
def everything(conv, checkout, shipped, tmp_path_factory) -> tuple[Path, dict]:
    """Every kind written, the invented shipped file's verb allowed."""
    out = tmp_path_factory.mktemp("all") / "verbs.yaml"
    spec = run(conv, checkout, out, "--keep", *conv.KINDS, "--shipped", str(shipped))
    return out, spec


def test_header_records_source_licence_and_version(everything):
    out, spec = everything
    text = out.read_text(encoding="utf-8")
    assert f"at commit {COMMIT}, by scripts/convert_cameo_verbs.py on 2026-01-02." in text
    assert "# The MIT License (MIT)\n#\n# Copyright (c) 2014 Somebody\n#\n# Permission is hereby granted.\n" in text
    assert "Copyright (c) 2020 Invented Dictionary Makers" in text  # the dictionary's own notice is named too
    assert spec["version"] == "petrarch2-0123456"
    assert set(spec) == {"version", "patterns"}


def test_verb_codes(everything):
    codes = by_code(everything[1])
    assert {"id": "p2-flee-1", "code": "070", "verbs": ["abandon"]} in codes["070"]
    fire = [p for p in codes["190"] if "objects" not in p]
    assert {"verbs": ["bring"], "words": ["down"]} in [{k: v for k, v in p.items() if k in ("verbs", "words")}
                                                       for p in fire]  # +BRING_DOWN's own code
    block = next(p for p in fire if "words" not in p)
    assert block["verbs"] == ["fire", "launch", "shoot"]  # the block's code for its other verbs
    assert not any(p.get("verbs") == ["break"] for p in everything[1]["patterns"])  # [---] gives nothing


def test_pattern_lines(everything):
    codes = by_code(everything[1])
    flee_verbs = ["abandon", "flee"]  # 'escape' belongs to the later block that lists it again
    evacuate = [p for p in codes["073"]]
    assert {"verbs": flee_verbs, "objects": ["evacuee", "refugee", "refugees"]} in [
        {k: v for k, v in p.items() if k in ("verbs", "objects", "words")} for p in evacuate]
    assert any(p["objects"] == ["person"] and p["words"] == ["displaced"] for p in evacuate)  # a member phrase
    subject = [p for p in codes["075"]]
    assert any(p.get("subjects") == ["evacuee", "refugee", "refugees"] and "objects" not in p for p in subject)
    sign = codes["012"][0]
    assert (sign["objects"], sign["words"]) == (["sign"], ["fading", "little"])
    rush = codes["042"][0]  # [042:043]: the active code; a bare (TO) asks for the preposition
    assert (rush["preps"], rush["requires_prep"], "objects" in rush) == (["to"], True, False)
    assert codes["074"][0]["objects"] == ["tents"]  # the later of two lines with the same parts
    assert codes["07"][0]["objects"] == ["camp"]  # 0799 is not in cameo.tsv: its nearest parent
    station = next(p for p in codes["190"] if p.get("objects") == ["station"])
    assert (station["words"], station["preps"], station["requires_prep"]) == (["police"], ["at"], True)
    crowd = codes["145"][0]
    assert (crowd["objects"], crowd["words"]) == (["crowd"], ["up"])
    weapon = codes["194"][0]
    assert weapon["objects"] == ["missile", "missiles", "rocket", "rockets"]  # 'cruise missile' adds nothing
    assert codes["195"][0]["objects"] == ["missile", "missiles", "rocket", "rockets"]  # 1950 -> 195, slots dropped
    aid = next(p for p in codes["070"] if p.get("objects"))
    assert (aid["verbs"], aid["objects"], aid["words_absent"]) == (["bring", "escape"], ["aid"], ["down"])
    assert "042:043" not in str(everything[1]) and "020" not in codes  # passive-only [:020] left out
    assert not any("homes" in p.get("objects", []) for p in everything[1]["patterns"])  # [---] lines left out


def test_ids_are_unique_and_readable(everything):
    ids = [p["id"] for p in everything[1]["patterns"]]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(("p2-flee-", "p2-fire-", "p2-bring-")) for i in ids)


def test_counts_in_header(everything):
    text = everything[0].read_text(encoding="utf-8")
    assert "#   pattern line with the null code ---: 1" in text
    assert "#   pattern line with a passive-only code: 1" in text
    assert "#   pattern line replaced by a later one with the same parts: 1" in text
    assert "#   transformation line (~): 1" in text
    assert "0799->07 (1)" in text and "1950->195 (1)" in text


def test_defaults_leave_out_measured_kinds(conv, checkout, shipped, tmp_path):
    spec = run(conv, checkout, tmp_path / "verbs.yaml", "--shipped", str(shipped))
    text = (tmp_path / "verbs.yaml").read_text(encoding="utf-8")
    patterns = spec["patterns"]
    assert patterns, "the constrained pattern lines stay"
    for p in patterns:
        assert any(k in p for k in ("subjects", "words", "requires_prep")), p  # no verb-only, no object-only
        assert "launch" not in p["verbs"]  # the shipped file handles 'launch'
    assert "# Left out, verbs alone with their own code:" in text
    assert "# Left out, pattern lines asking for an object only:" in text


def test_unchanged_output_keeps_its_date(conv, checkout, shipped, tmp_path):
    out = tmp_path / "verbs.yaml"
    run(conv, checkout, out, "--shipped", str(shipped))
    first = out.read_bytes()
    assert conv.main([str(checkout), "-o", str(out), "--commit", COMMIT, "--cameo", str(CAMEO),
                      "--shipped", str(shipped)]) == 0
    assert out.read_bytes() == first


def test_parser_pieces(conv):
    assert conv.split_word("CEASE-FIRE") == ["cease", "fire"]
    assert conv.split_word("F-16") == ["f-16"]
    assert conv.split_word("AIR_STRIKE") == ["air", "strike"]
    assert conv.plural("crisis") is None and conv.plural("policy") == "policies" and conv.plural("box") == "boxes"
    verb = conv.parse_verb("WIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED } [1711]", 1)
    assert (verb.stem, verb.extra, verb.code) == ("tap", ("wire",), "1711")
    with pytest.raises(ValueError):
        conv.parse_pattern(" * VENTURE (WITH VISIT)   VISIT) [042]", 1)


def test_converted_file_loads(everything):
    from communique.knowledge import load_knowledge

    k = load_knowledge([everything[0]])
    assert any(p.id == "p2-flee-1" and p.code == "070" for p in k.patterns)


def test_shipped_file_loads():
    if not SHIPPED.is_file():
        pytest.skip("verbs_petrarch.yaml has not been converted")
    from communique.knowledge import load_knowledge

    k = load_knowledge([SHIPPED])
    ids = [p.id for p in k.patterns]
    assert len(ids) == len(set(ids)), "pattern ids must be unique across patterns.yaml and verbs_petrarch.yaml"
    ours = [p for p in k.patterns if p.id.startswith("p2-")]
    assert ours and all(p.verbs for p in ours)
    text = SHIPPED.read_text(encoding="utf-8")
    assert "# The MIT License (MIT)" in text and "676801cd9cb2924bbbad09f86d15c9323e7097bf" in text
