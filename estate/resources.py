"""CSV import of master data: properties, units with their building, and parties with their tenancy.

Rows are matched by natural keys a housing company already has in its old system (property number,
address plus unit number, person number), so importing the same file twice changes nothing.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import ManyToManyWidget

from .imports import ChoiceWidget, DecimalCommaWidget, MasterDataResource, YesNoWidget, parse_date
from .models import GERMAN_STATES, Building, Party, Property, PropertyFeature, Tenancy, Unit

MISSING = gettext_lazy("Pflichtangabe fehlt.")


def find_property(code: str, errors: dict, column: str = "Liegenschaft") -> Property | None:
    if not code:
        errors[column] = [str(MISSING)]
        return None
    prop = Property.objects.filter(code=code).first()
    if prop is None:
        errors[column] = [
            _("Die Liegenschaft „%(code)s“ gibt es nicht. Bitte zuerst die Liegenschaften importieren.")
            % {"code": code}
        ]
    return prop


def merge(errors: dict, error: ValidationError) -> dict:
    return error.update_error_dict(errors)


class PropertyResource(MasterDataResource):
    """Liegenschaften: Liegenschaft;Bezeichnung;Straße;PLZ;Ort;Bundesland;Ausstattung;Zugangshinweise"""

    code = Field(attribute="code", column_name="Liegenschaft")
    name = Field(attribute="name", column_name="Bezeichnung")
    street = Field(attribute="street", column_name="Straße")
    postcode = Field(attribute="postcode", column_name="PLZ")
    city = Field(attribute="city", column_name="Ort")
    state = Field(
        attribute="state", column_name="Bundesland", widget=ChoiceWidget(GERMAN_STATES, "Bundesland")
    )
    features = Field(
        attribute="features",
        column_name="Ausstattung",
        widget=ManyToManyWidget(PropertyFeature, field="code", separator=","),
    )
    access_notes = Field(attribute="access_notes", column_name="Zugangshinweise")

    class Meta:
        model = Property
        name = gettext_lazy("Liegenschaften")
        fields = ["code", "name", "street", "postcode", "city", "state", "features", "access_notes"]
        import_id_fields = ["code"]
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = merge(errors, error)
        # Features are saved after the row; check them now so an unknown one stops the import.
        codes = {c.strip() for c in (row.get("Ausstattung") or "").split(",") if c.strip()}
        unknown = sorted(
            codes - set(PropertyFeature.objects.filter(code__in=codes).values_list("code", flat=True))
        )
        if unknown:
            errors["Ausstattung"] = [
                _("Unbekanntes Ausstattungsmerkmal: %(codes)s.") % {"codes": ", ".join(unknown)}
            ]
        if errors:
            raise ValidationError(errors)


class UnitResource(MasterDataResource):
    """Mieteinheiten: Liegenschaft;Straße;Hausnummer;PLZ;Ort;Einheit;Art;Lage;Zimmer;Wohnfläche

    The building is found by property, street and house number, and created when it is new.
    """

    extra_columns = ("Liegenschaft", "Straße", "Hausnummer", "PLZ", "Ort")
    extra_columns_first = True

    number = Field(attribute="number", column_name="Einheit")
    kind = Field(
        attribute="kind",
        column_name="Art",
        widget=ChoiceWidget(Unit.Kind.choices, "Art"),
        default=Unit.Kind.FLAT,
    )
    floor = Field(attribute="floor", column_name="Lage")
    rooms = Field(attribute="rooms", column_name="Zimmer", widget=DecimalCommaWidget())
    area = Field(attribute="area", column_name="Wohnfläche", widget=DecimalCommaWidget())

    class Meta:
        model = Unit
        name = gettext_lazy("Mieteinheiten")
        fields = ["number", "kind", "floor", "rooms", "area"]
        import_id_fields = ["number"]
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        return (
            Unit.objects.filter(
                building__property__code=row.get("Liegenschaft") or "",
                building__street=row.get("Straße") or "",
                building__house_number=row.get("Hausnummer") or "",
                number=row.get("Einheit") or "",
            )
            .select_related("building")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = merge(errors, error)
        prop = find_property(row.get("Liegenschaft") or "", errors)
        for column in ("Straße", "Hausnummer"):
            if not row.get(column):
                errors[column] = [str(MISSING)]
        if prop is not None and not errors.keys() & {"Straße", "Hausnummer"}:
            instance.building = self.building(prop, row, errors)
        if errors:
            raise ValidationError(errors)

    def building(self, prop: Property, row: dict, errors: dict) -> Building | None:
        building = Building.objects.filter(
            property=prop, street=row["Straße"], house_number=row["Hausnummer"]
        ).first()
        if building is not None:
            return building
        building = Building(
            property=prop,
            street=row["Straße"],
            house_number=row["Hausnummer"],
            postcode=row.get("PLZ") or prop.postcode,
            city=row.get("Ort") or prop.city,
        )
        try:
            building.full_clean()
        except ValidationError as error:
            names = {"street": "Straße", "house_number": "Hausnummer", "postcode": "PLZ", "city": "Ort"}
            for key, messages in error.message_dict.items():
                errors.setdefault(names.get(key, key), []).extend(messages)
            return None
        # Saved now so the unit can point at it; a bad row anywhere rolls the whole file back.
        building.save()
        return building

    def unresolved(self, instance) -> set[str]:
        return set() if instance.building_id else {"building"}


class PartyResource(MasterDataResource):
    """Personen: Personennummer;Art;Anrede;Vorname;Nachname;Firma;E-Mail;Telefon;Sprache;
    Straße und Hausnummer;PLZ;Ort;Post per Brief - and, for a tenant, the tenancy:
    Liegenschaft;Einheit;Mietbeginn;Mietende;Vertragsnummer (Gebäude-Straße and Gebäude-Hausnummer where
    a unit number occurs in more than one building of the property).
    """

    extra_columns = (
        "Liegenschaft",
        "Einheit",
        "Gebäude-Straße",
        "Gebäude-Hausnummer",
        "Mietbeginn",
        "Mietende",
        "Vertragsnummer",
    )

    number = Field(attribute="number", column_name="Personennummer")
    kind = Field(
        attribute="kind",
        column_name="Art",
        widget=ChoiceWidget(Party.Kind.choices, "Art"),
        default=Party.Kind.PERSON,
    )
    salutation = Field(attribute="salutation", column_name="Anrede")
    first_name = Field(attribute="first_name", column_name="Vorname")
    last_name = Field(attribute="last_name", column_name="Nachname")
    company_name = Field(attribute="company_name", column_name="Firma")
    email = Field(attribute="email", column_name="E-Mail")
    phone = Field(attribute="phone", column_name="Telefon")
    language = Field(
        attribute="language",
        column_name="Sprache",
        widget=ChoiceWidget(settings.LANGUAGES, "Sprache"),
        default="de",
    )
    street = Field(attribute="street", column_name="Straße und Hausnummer")
    postcode = Field(attribute="postcode", column_name="PLZ")
    city = Field(attribute="city", column_name="Ort")
    prefers_letters = Field(attribute="prefers_letters", column_name="Post per Brief", widget=YesNoWidget())

    class Meta:
        model = Party
        name = gettext_lazy("Personen mit Mietverhältnis")
        fields = [
            "number",
            "kind",
            "salutation",
            "first_name",
            "last_name",
            "company_name",
            "email",
            "phone",
            "language",
            "street",
            "postcode",
            "city",
            "prefers_letters",
        ]
        import_id_fields = ["number"]
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = merge(errors, error)
        if not instance.number:
            errors["Personennummer"] = [str(MISSING)]
        if not instance.last_name and not instance.company_name:
            errors[NON_FIELD_ERRORS] = [_("Bitte einen Nachnamen oder eine Firma angeben.")]
        instance._import_tenancy = self.tenancy(row, errors)
        if errors:
            raise ValidationError(errors)

    def tenancy(self, row: dict, errors: dict) -> dict | None:
        """The tenancy the row asks for, or None when the row names no unit."""
        code, number = row.get("Liegenschaft") or "", row.get("Einheit") or ""
        if not code and not number:
            return None
        prop = find_property(code, errors)
        if not number:
            errors["Einheit"] = [str(MISSING)]
        dates = {}
        for column in ("Mietbeginn", "Mietende"):
            try:
                dates[column] = parse_date(row.get(column) or "")
            except ValueError as error:
                errors[column] = [str(error)]
        if "Mietbeginn" in dates and dates["Mietbeginn"] is None:
            errors["Mietbeginn"] = [str(MISSING)]
        if dates.get("Mietbeginn") and dates.get("Mietende") and dates["Mietende"] < dates["Mietbeginn"]:
            errors["Mietende"] = [_("Das Mietende liegt vor dem Mietbeginn.")]
        if prop is None or not number:
            return None
        units = Unit.objects.filter(building__property=prop, number=number)
        if row.get("Gebäude-Straße"):
            units = units.filter(building__street=row["Gebäude-Straße"])
        if row.get("Gebäude-Hausnummer"):
            units = units.filter(building__house_number=row["Gebäude-Hausnummer"])
        found = list(units[:2])
        if not found:
            errors["Einheit"] = [
                _("Die Einheit „%(number)s“ gibt es in der Liegenschaft „%(code)s“ nicht.")
                % {"number": number, "code": code}
            ]
            return None
        if len(found) > 1:
            errors["Einheit"] = [
                _(
                    "Die Einheit „%(number)s“ gibt es in mehreren Gebäuden der Liegenschaft „%(code)s“. "
                    "Bitte Gebäude-Straße und Gebäude-Hausnummer angeben."
                )
                % {"number": number, "code": code}
            ]
            return None
        return {
            "unit": found[0],
            "start": dates.get("Mietbeginn"),
            "end": dates.get("Mietende"),
            "contract_number": row.get("Vertragsnummer") or "",
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        wanted = getattr(instance, "_import_tenancy", None)
        if wanted and not Tenancy.objects.filter(party_id=instance.pk, **wanted).exists():
            return False  # the person is unchanged, but the tenancy is new
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        wanted = getattr(instance, "_import_tenancy", None)
        if wanted:
            Tenancy.objects.update_or_create(
                party=instance,
                unit=wanted["unit"],
                start=wanted["start"],
                defaults={"end": wanted["end"], "contract_number": wanted["contract_number"]},
            )


RESOURCES = {"properties": PropertyResource, "units": UnitResource, "parties": PartyResource}
