"""The machinery behind the master-data CSV import, shared by the admin and `manage.py import_masterdata`.

Files come from Excel as often as from other systems: UTF-8 with or without BOM, separated by semicolons
or commas, German decimal commas and dates. Any bad row stops the whole import, so a file is either
imported completely or not at all.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV
from import_export.results import Result
from import_export.widgets import Widget

HEADER_LINES = 1  # the first line of a file holds the column names


class SpreadsheetCSV(CSV):
    """CSV as Excel writes it in Germany (semicolons, BOM) or as other systems write it (commas)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        kwargs.setdefault("delimiter", guess_delimiter(in_stream))
        return super().create_dataset(in_stream, **kwargs)


def guess_delimiter(text: str) -> str:
    """The separator used in the header line: whichever of ; , or tab occurs most."""
    header = text.split("\n", 1)[0]
    return max([";", ",", "\t"], key=header.count) if header else ","


def read_dataset(raw: bytes):
    """Read an uploaded or given file the same way the admin does."""
    return SpreadsheetCSV(encoding="utf-8-sig").create_dataset(raw)


# --- Cells --------------------------------------------------------------------------------------------


class ChoiceWidget(Widget):
    """Accept a choice by its code (BE, flat) or by the label people know (Berlin, Wohnung)."""

    def __init__(self, choices, what: str):
        super().__init__()
        self.choices = list(choices)
        self.what = what
        self.lookup = {}
        for value, label in self.choices:
            self.lookup[str(value).casefold()] = value
            self.lookup[str(label).casefold()] = value

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            allowed = ", ".join(f"{v} ({label})" for v, label in self.choices if v)
            raise ValueError(
                _("„%(value)s“ ist kein gültiger Wert für %(what)s. Erlaubt: %(allowed)s.")
                % {"value": text, "what": self.what, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DecimalCommaWidget(Widget):
    """Numbers as Excel writes them in Germany (72,5 or 1.072,50) or plainly (72.5)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("„%(value)s“ ist keine Zahl.") % {"value": value}) from None


class YesNoWidget(Widget):
    YES = {"ja", "j", "x", "1", "true", "wahr", "yes"}
    NO = {"nein", "n", "0", "false", "falsch", "no", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("„%(value)s“ ist weder ja noch nein.") % {"value": value})


def parse_date(value: str) -> dt.date | None:
    """A date as 31.12.2025 or 2025-12-31; empty gives None."""
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("„%(value)s“ ist kein Datum (erwartet z. B. 01.03.2024).") % {"value": value})


# --- Resources ----------------------------------------------------------------------------------------


class MasterDataResource(resources.ModelResource):
    """Headers matched loosely, cells trimmed, and errors reported under the column the user sees."""

    class Meta:
        abstract = True

    extra_columns: tuple[str, ...] = ()  # columns the resource reads itself, not model fields
    extra_columns_first = False

    def columns(self) -> list[str]:
        own = [field.column_name for field in self.get_user_visible_fields()]
        extra = list(self.extra_columns)
        return extra + own if self.extra_columns_first else own + extra

    def before_import(self, dataset, **kwargs):
        aliases = {}
        for field in self.fields.values():
            aliases[field.column_name.casefold()] = field.column_name
            if field.attribute:
                aliases[field.attribute.casefold()] = field.column_name
        for extra in self.extra_columns:
            aliases[extra.casefold()] = extra
        dataset.headers = [
            aliases.get(str(h).strip().removeprefix("\ufeff").casefold(), str(h).strip())
            for h in dataset.headers
        ]
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = value.strip()
        super().before_import_row(row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Fields already reported, or left empty because another column was wrong, are not checked twice.
        exclude = set(errors) | self.unresolved(instance)
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self.by_column(errors))

    def unresolved(self, instance) -> set[str]:
        """Model fields the row could not fill because of an error reported elsewhere."""
        return set()

    def by_column(self, errors: dict) -> dict:
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        model = self._meta.model
        named = {}
        for key, texts in errors.items():
            if key == NON_FIELD_ERRORS or key in columns.values():
                name = key
            elif key in columns:
                name = columns[key]
            else:
                try:
                    name = str(model._meta.get_field(key).verbose_name)
                except Exception:  # noqa: BLE001 - an error key that is no model field keeps its name
                    name = key
            named.setdefault(name, []).extend(texts)
        return named


# --- Reporting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int  # line in the file as a spreadsheet shows it: the header is line 1
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}


def problems(result: Result) -> list[Problem]:
    """Every reason an import cannot go ahead, one line of plain German each."""
    found = [Problem(line=HEADER_LINES, message=str(e.error)) for e in result.base_errors]
    for row in result.invalid_rows:
        for column, texts in row.error_dict.items():
            for message in texts:
                text = message if column == NON_FIELD_ERRORS else f"{column}: {message}"
                found.append(Problem(line=row.number + HEADER_LINES, message=text))
    for number, errors in result.row_errors():
        for error in errors:
            found.append(Problem(line=number + HEADER_LINES, message=str(error.error)))
    return sorted(found, key=lambda p: p.line)


def import_file(resource: resources.Resource, raw: bytes, *, dry_run: bool) -> Result:
    """Import all rows or none: any bad row rolls the whole file back."""
    dataset = read_dataset(raw)
    return resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )


class MasterDataImportMixin(ImportMixin):
    """Admin import page: CSV only, with a German per-row error list and the expected columns."""

    import_formats = [SpreadsheetCSV]
    import_template_name = "admin/estate/import.html"
    from_encoding = "utf-8-sig"

    def get_import_data_kwargs(self, **kwargs):
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        # The confirm step imports again; if the data changed meanwhile, a bad row still rolls back all.
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("result") is not None:
            context["problems"] = problems(context["result"])
        if "fields_list" in context:
            # Show every column the file may have, including those that are not fields of the model.
            context["fields_list"] = [
                (resource.get_display_name(), resource().columns())
                for resource in self.get_import_resource_classes(request)
            ]
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("Nichts importiert: %(problems)s")
                % {"problems": "; ".join(str(p) for p in problems(result))},
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_import")
            )
        return super().process_result(result, request)
