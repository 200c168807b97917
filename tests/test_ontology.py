"""The project's ontology tables: CAMEO codes, weights, quad classes and the PLOVER crosswalk."""

from __future__ import annotations

from flashpoint.ontology import ontology, quad_class_of_root, validate


def test_tables_validate_cleanly():
    assert validate() == []


def test_every_root_and_about_300_codes():
    table = ontology()
    assert table.roots() == [f"{n:02d}" for n in range(1, 21)]
    assert len(table.codes) >= 300


def test_codes_are_strings_not_numbers():
    table = ontology()
    assert table["010"].name != table["10"].name
    assert table["10"].root == "10" and table["010"].root == "01"


def test_weights_follow_the_stated_convention():
    table = ontology()
    assert table["016"].goldstein == -2.0  # GDELT first (ICEWS has -5.0)
    assert table["1213"].goldstein == -4.0  # GDELT has none: ICEWS
    assert table["0871"].quad_class == 2


def test_plover_mapping_falls_back_to_the_parent():
    table = ontology()
    assert table["041"].plover_type == "CONSULT" and table["041"].plover_mode == "phone"
    assert table["0256"].plover_type == "REQUEST"
    assert table["190"].plover_type == "ASSAULT"
    assert table["010"].plover_type is None


def test_quad_classes_by_root():
    assert [quad_class_of_root(f"{n:02d}") for n in (1, 5, 6, 8, 9, 13, 14, 20)] == [1, 1, 2, 2, 3, 3, 4, 4]


# -- CAMEO -> PLOVER against the PLOVER v2 manual (issue 15, part 6) --------------------------
# Mode names per event type: the manual's mode tables (draft 2.0, Feb 2024) together with the names that
# only the structured v2 codebook has (marked *); martial-law, vandalize and targeted are the manual's only.
V2_MODES = {
    "AGREE": set(), "SUPPORT": set(), "CONCEDE": set(), "COOPERATE": set(), "AID": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},  # return*
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "rights", "expel", "territory", "violence"},  # ban*, rights*
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},  # ban*
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "execute", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "cleansing", "massacre", "unconventional"},  # execute*, assassinate*, cleansing*, massacre*
}
V2_CONTEXTS = set(
    "military intelligence executive legislative election political_institutions pro_democracy pro_autocracy "
    "economic legal reparations human_rights rights_freedoms repression human_security gender lgbt "
    "religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration disasters "
    "natural_resource environment technology terrorism cbrn cyber misinformation crime corruption illegal_drugs "
    "trafficking".split()
)


def _mapping_rows():
    from flashpoint.datafiles import data_path

    with open(data_path("ontology", "cameo_plover.tsv"), encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    return lines[1:]


def test_every_type_and_mode_is_plover_v2():
    assert set(V2_MODES) == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                             "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    table = ontology()
    wrong = [(c.code, c.plover_type, c.plover_mode) for c in table.codes.values()
             if c.plover_mode and (c.plover_type not in V2_MODES or c.plover_mode not in V2_MODES[c.plover_type])]
    assert wrong == []
    rows = _mapping_rows()
    assert len(rows) >= 300
    assert [r[0] for r in rows if r[2] and r[2] not in V2_MODES.get(r[1], set())] == []


def test_every_context_is_a_plover_v2_context():
    bad = [(r[0], x) for r in _mapping_rows() if r[3] for x in r[3].split("|") if x not in V2_CONTEXTS]
    assert bad == []


def _plover(code):
    entry = ontology()[code]
    return entry.plover_type, entry.plover_mode


def test_sanctions_and_embargoes_are_sanction_discontinue():
    assert _plover("163") == ("SANCTION", "discontinue")  # the 2021 crosswalk had COERCE restrict
    assert _plover("1621")[0] == _plover("161")[0] == "SANCTION"


def test_court_findings_of_guilt_are_sanction_convict():
    assert _plover("116") == ("SANCTION", "convict")
    assert _plover("115") == ("ACCUSE", "allege")  # suing is still an accusation


def test_property_destruction_is_assault_destroy():
    assert _plover("1712") == ("ASSAULT", "destroy")
    assert _plover("1711") == ("COERCE", "seize")  # confiscation stays coercion


def test_occupying_territory_is_assault_without_a_mode():
    assert _plover("192") == ("ASSAULT", None)  # v2 'seize' is search, confiscation and raids
    assert _plover("1382") == ("THREATEN", "territory")
    assert _plover("0874") == ("RETREAT", "withdraw")


def test_lifting_a_curfew_or_emergency_is_a_concession():
    assert _plover("0813") == ("CONCEDE", None)
    assert _plover("0814") == ("CONCEDE", None)
    assert _plover("1723") == ("COERCE", "curfew")


def test_yield_splits_into_promised_concessions_and_material_retreats():
    for code in ("035", "0351", "0353", "0356"):  # promises to yield
        assert _plover(code)[0] == "CONCEDE", code
    assert _plover("0831") == ("RETREAT", "resign")
    assert _plover("0841") == ("RETREAT", "release")
    assert _plover("0871") == ("RETREAT", "ceasefire")
    assert _plover("055")[0] == "CONCEDE"  # apologies


def test_denial_of_entry_is_a_rejection_and_expulsion_coercion():
    assert _plover("1245") == ("REJECT", "yield")  # refusing entry to observers, agencies, peacekeepers
    assert _plover("174") == ("COERCE", "deport")


def test_protest_and_force_modes_follow_v2():
    assert _plover("143") == ("PROTEST", "strike")
    assert _plover("175") == ("ASSAULT", "crowd-control")
    assert _plover("195") == ("ASSAULT", "aerial")
    assert _plover("183") == ("ASSAULT", "explosives")
    assert _plover("1831") == ("ASSAULT", "suicide-attack")
    assert _plover("150") == ("MOBILIZE", None)  # weapons tests: CAMEO has no code of their own


def test_appeals_take_the_mode_of_the_matching_demand():
    table = ontology()
    for code in (c for c in table.codes if c.startswith("02") and len(c) > 2):
        assert table[code].plover_type == "REQUEST", code
        assert table[code].plover_mode == table["10" + code[2:]].plover_mode, code
