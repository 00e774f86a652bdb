"""The photos field of the portal's forms (a report, a reply): every photo is checked by tickets.uploads,
each refused one is named with its reason, and the photos that were fine are kept for the form's next
try, so the person sends the rest again without choosing them again."""

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tickets.uploads import (
    MAX_PHOTOS,
    CleanImage,
    UploadRefused,
    clean_image,
    kept_photos_load,
    kept_photos_store,
)


class PhotosValue(NamedTuple):
    files: list
    kept: list[str]
    # A file part without a file name reaches us as plain text under the field's name (Django's parser
    # keeps no file without one): counted, so the person hears that a photo did not arrive.
    unnamed: int = 0


class PhotosInput(forms.FileInput):
    """A multiple file input, followed by the photos kept from the last try (as hidden tokens)."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.checked: list[tuple[str | None, CleanImage]] = []

    def value_from_datadict(self, data, files, name) -> PhotosValue:
        chosen = super().value_from_datadict(data, files, name) or []
        if not isinstance(chosen, list | tuple):
            chosen = [chosen]
        kept = data.getlist(f"{name}_kept") if hasattr(data, "getlist") else []
        unnamed = [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else []
        return PhotosValue(files=[f for f in chosen if f], kept=kept[:MAX_PHOTOS], unnamed=len(unnamed))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in files and f"{name}_kept" not in data

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, None, attrs, renderer)
        if not self.checked:
            return html
        # Photos are put aside only now, when the form is shown again: a form sent whole never needs it.
        fresh = [image for token, image in self.checked if token is None]
        tokens = iter(kept_photos_store(fresh))
        kept = []
        for token, image in self.checked:
            token = token or next(tokens, None)
            if token:
                kept.append((token, image.name))
        if not kept:
            return html
        hidden = format_html_join(
            "", '<input type="hidden" name="{}_kept" value="{}">', ((name, t) for t, _n in kept)
        )
        names = ", ".join(shown for _t, shown in kept)
        note = format_html(
            '<p class="p-muted">{}</p>',
            _("Schon ausgewählt, wird mitgesendet: %(names)s") % {"names": names},
        )
        return html + hidden + note


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos; each is checked and re-encoded by tickets.uploads."""

    widget = PhotosInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(required=False, **kwargs)

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data) -> bool:
        return bool(data and (data.files or data.kept))

    def clean(self, data, initial=None) -> list[CleanImage]:
        value = data if isinstance(data, PhotosValue) else PhotosValue(files=[data] if data else [], kept=[])
        kept, missing = kept_photos_load(value.kept)
        checked: list[tuple[str | None, CleanImage]] = list(kept)
        self.widget.checked = checked
        if len(kept) + len(value.files) > MAX_PHOTOS:
            raise ValidationError(_("Bitte höchstens %(n)d Fotos auf einmal.") % {"n": MAX_PHOTOS})
        refusals = []
        if value.unnamed:
            refusals.append(
                _(
                    "Ein Foto kam ohne lesbaren Dateinamen an. "
                    "Bitte geben Sie ihm einen Namen und wählen Sie es noch einmal."
                )
            )
        if missing:
            refusals.append(
                _("Ein vorhin ausgewähltes Foto ist nicht mehr da; bitte wählen Sie es noch einmal.")
            )
        for upload in value.files:
            try:
                checked.append((None, clean_image(upload)))
            except UploadRefused as refused:
                refusals.append(refused.message)
        if refusals:
            if checked:
                refusals.append(
                    _("Die übrigen Fotos sind behalten; Sie müssen sie nicht noch einmal auswählen.")
                )
            raise ValidationError(refusals)
        return [image for _token, image in checked]
