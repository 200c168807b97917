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
