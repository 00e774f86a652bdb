"""`manage.py import_masterdata`: a good file imports, a file with one bad row imports nothing."""

import pytest
from django.core.management import CommandError, call_command

from estate.models import Building, Party, Property, Tenancy, Unit
from tests import factories


def run(tmp_path, kind: str, text: str, encoding: str = "utf-8", **options):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode(encoding))
    call_command("import_masterdata", "--kind", kind, str(path), **options)


def test_properties_import_from_a_comma_file(tmp_path, db, capsys):
    factories.PropertyFeatureFactory(code="aufzug")
    run(
        tmp_path,
        "properties",
        "Liegenschaft,Bezeichnung,Straße,PLZ,Ort,Bundesland,Ausstattung\n"
        "WE100,Wohnanlage Am Park,Parkstraße 1,10115,Berlin,BE,aufzug\n"
        "WE101,Seeblick,Seeweg 2,20095,Hamburg,Hamburg,\n",
    )
    assert Property.objects.get(code="WE101").state == "HH"
    assert list(Property.objects.get(code="WE100").features.values_list("code", flat=True)) == ["aufzug"]
    assert "2 neu" in capsys.readouterr().out


def test_units_import_from_an_excel_semicolon_file_with_bom(tmp_path, db):
    prop = factories.PropertyFactory(code="WE200")
    run(
        tmp_path,
        "units",
        "Liegenschaft;Straße;Hausnummer;Einheit;Art;Lage;Zimmer;Wohnfläche\r\n"
        "WE200;Parkstraße;1;0001;Wohnung;EG links;2,5;61,30\r\n"
        "WE200;Parkstraße;1;0002;Stellplatz;;;\r\n"
        "WE200;Parkstraße;3;0001;flat;1. OG;3;1.072,50\r\n",
        encoding="utf-8-sig",
    )
    assert Building.objects.filter(property=prop).count() == 2
    unit = Unit.objects.get(building__house_number="3", number="0001")
    assert str(unit.area) == "1072.50"
    assert Unit.objects.get(building__house_number="1", number="0002").kind == Unit.Kind.PARKING


def test_same_file_twice_changes_nothing(tmp_path, db, capsys):
    factories.PropertyFactory(code="WE200")
    text = "Liegenschaft;Straße;Hausnummer;Einheit\nWE200;Parkstraße;1;0001\n"
    run(tmp_path, "units", text)
    run(tmp_path, "units", text)
    assert Unit.objects.count() == 1
    assert "1 unverändert" in capsys.readouterr().out


def test_parties_import_with_their_tenancy(tmp_path, db):
    unit = factories.UnitFactory(number="0007", building__property__code="WE300")
    run(
        tmp_path,
        "parties",
        "Personennummer;Vorname;Nachname;E-Mail;Liegenschaft;Einheit;Mietbeginn;Vertragsnummer\n"
        "P-1;Erika;Mustermann;erika@example.org;WE300;0007;01.03.2024;MV-17\n"
        "P-2;Max;Meier;;;;;\n",
    )
    tenancy = Tenancy.objects.get(party__number="P-1")
    assert (tenancy.unit, str(tenancy.start), tenancy.contract_number) == (unit, "2024-03-01", "MV-17")
    assert Party.objects.filter(number="P-2", tenancies__isnull=True).exists()


def test_one_bad_row_imports_nothing_and_names_line_and_reason(tmp_path, db, capsys):
    factories.UnitFactory(number="0007", building__property__code="WE300")
    with pytest.raises(CommandError, match="Nichts importiert"):
        run(
            tmp_path,
            "parties",
            "Personennummer;Vorname;Nachname;E-Mail;Liegenschaft;Einheit;Mietbeginn\n"
            "P-1;Erika;Mustermann;erika@example.org;WE300;0007;01.03.2024\n"
            "P-2;Max;Meier;max-at-example;;;\n"
            "P-3;Jan;Jansen;jan@example.org;WE999;0001;01.01.2025\n",
        )
    errors = capsys.readouterr().err
    assert "Zeile 3: E-Mail: " in errors and "gültige E-Mail-Adresse" in errors
    assert "Zeile 4: Liegenschaft: Die Liegenschaft „WE999“ gibt es nicht." in errors
    assert not Party.objects.exists()
    assert not Tenancy.objects.exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("WE1,,Weg 1,10115,Berlin,BE", "Zeile 2: Bezeichnung: Dieses Feld darf nicht leer sein."),
        ("WE1,Anlage,Weg 1,10115,Berlin,XX", "Zeile 2: Bundesland: „XX“ ist kein gültiger Wert"),
    ],
)
def test_missing_value_or_unknown_state_stops_the_properties_import(tmp_path, db, capsys, row, reason):
    with pytest.raises(CommandError):
        run(
            tmp_path,
            "properties",
            f"Liegenschaft,Bezeichnung,Straße,PLZ,Ort,Bundesland\n{row}\nWE2,Gut,Weg 2,10115,Berlin,BE\n",
        )
    assert reason in capsys.readouterr().err
    assert not Property.objects.exists()


def test_units_of_an_unknown_property_import_nothing(tmp_path, db, capsys):
    factories.PropertyFactory(code="WE200")
    with pytest.raises(CommandError):
        run(
            tmp_path,
            "units",
            "Liegenschaft;Straße;Hausnummer;Einheit\nWE200;Parkstraße;1;0001\nWE404;Ring;2;0001\n",
        )
    assert "Zeile 3: Liegenschaft: Die Liegenschaft „WE404“ gibt es nicht." in capsys.readouterr().err
    assert not Unit.objects.exists()
    assert not Building.objects.exists()


def test_headers_match_loosely_and_english_field_names_work(tmp_path, db):
    run(
        tmp_path,
        "properties",
        " code ;NAME;street;postcode;city;state\nWE1;Am Park;Parkstraße 1;10115;Berlin;by\n",
    )
    assert Property.objects.get(code="WE1").state == "BY"
