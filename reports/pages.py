"""Each report as what a page, the CSV and the monthly PDF show: a title, its charts and its tables (the
same figures, for screen readers and downloads). Views and the PDF only pick a page and a scope."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts
from .backlog import backlog
from .contractors import contractors
from .hotspots import hotspots
from .phases import phases
from .satisfaction import satisfaction
from .scope import Scope
from .stats import with_room
from .volumes import volumes


@dataclass
class Table:
    """A report's table: cells are numbers as numbers (None where there is no figure), so the page, the CSV
    and the XLSX each write them in their own way."""

    title: str
    headers: list[str]
    rows: list[list]
    links: list[str] = field(default_factory=list)  # per row: the query of the tickets behind it

    @property
    def lines(self) -> list[tuple[object, list, str]]:
        """(first cell, other cells, link query) per row, as the template writes them."""
        links = self.links or [""] * len(self.rows)
        return [(row[0], row[1:], link) for row, link in zip(self.rows, links, strict=True)]


@dataclass
class Page:
    slug: str
    title: str
    charts: list[SafeString]
    tables: list[Table]
    summary: list[tuple[str, object]] = field(default_factory=list)


def _period(day, grain: str) -> str:
    if grain == "week":
        return _("KW %(week)s/%(year)s") % {"week": day.isocalendar().week, "year": day.isocalendar().year}
    return formats.date_format(day, "m/Y")


def volumes_page(scope: Scope) -> Page:
    data = volumes(scope)
    labels = [_period(row["period"], scope.grain) for row in data["series"]]
    names = {
        "new": _("neu"),
        "done": _("erledigt"),
        "rejected": _("abgelehnt"),
        "reopened": _("wieder geöffnet"),
    }
    chart = charts.bar_chart(
        _("Meldungen je Zeitraum"),
        labels,
        [(names[key], [row[key] for row in data["series"]]) for key in names],
    )
    series = Table(
        _("Meldungen je Zeitraum"),
        [_("Zeitraum"), *names.values()],
        [[label, *(row[key] for key in names)] for label, row in zip(labels, data["series"], strict=True)],
    )
    channels = Table(
        _("Neue Meldungen nach Eingangskanal"),
        [_("Kanal"), _("Anzahl")],
        [[row["channel"], row["n"]] for row in data["channels"]],
    )
    categories = Table(
        _("Neue Meldungen nach Kategorie"),
        [_("Kategorie"), _("Anzahl")],
        [[row["category"], row["n"]] for row in data["categories"]],
    )
    summary = [(names[key], data["totals"][key]) for key in names]
    return Page("volumes", _("Mengen"), [chart], [series, channels, categories], summary)


def backlog_page(scope: Scope) -> Page:
    data = backlog(scope)
    chart = charts.hbar_chart(
        _("Offene Meldungen nach Alter in Arbeitstagen"),
        list(zip(data["labels"], data["totals"], strict=True)),
    )
    table = Table(
        _("Offene Meldungen nach Alter in Arbeitstagen, je Team"),
        [
            _("Team"),
            *data["labels"],
            _("gesamt"),
            _("Median (Arbeitstage)"),
            _("90. Perzentil (Arbeitstage)"),
        ],
        [[str(t["team"]), *t["buckets"], t["total"], t["median"], t["p90"]] for t in data["teams"]],
    )
    return Page("backlog", _("Rückstand"), [chart], [table], [(_("offen"), data["total"])])


def phases_page(scope: Scope) -> Page:
    data = phases(scope)
    chart = charts.hbar_chart(
        _("Median der Arbeitsstunden je Phase"),
        [(row["label"], row["median"]) for row in data["phases"]],
        unit=" h",
    )
    overall = Table(
        _("Arbeitsstunden je Phase"),
        [_("Phase"), _("Meldungen"), _("Median (h)"), _("90. Perzentil (h)")],
        [[row["label"], row["n"], row["median"], row["p90"]] for row in data["phases"]],
    )
    teams = Table(
        _("Median / 90. Perzentil je Team (Arbeitsstunden)"),
        [
            _("Team"),
            *(
                f"{row['label']}: {figure}"
                for row in data["phases"]
                for figure in (_("Median (h)"), _("90. Perzentil (h)"))
            ),
        ],
        [[str(t["team"]), *(v for pair in t["values"] for v in pair)] for t in data["teams"]],
    )
    summary = [
        (_("gemeldet im Zeitraum"), data["total"]),
        (_("Antwort in der Frist (%)"), data["responded_share"]),
        (_("Erledigt in der Frist (%)"), data["done_share"]),
    ]
    return Page("phases", _("Bearbeitungszeiten"), [chart], [overall, teams], summary)


def hotspots_page(scope: Scope) -> Page:
    data = hotspots(scope)
    headers = [_("Ort"), _("Anliegen"), _("12 Monate"), _("24 Monate")]
    tables = [
        Table(
            _("Wohnungen: dasselbe Anliegen mehrfach"),
            headers,
            [[r["place"], r["item"], r["n12"], r["n24"]] for r in data["units"]],
            [r["querystring"] for r in data["units"]],
        ),
        Table(
            _("Gebäude: dasselbe Anliegen mehrfach"),
            headers,
            [[r["place"], r["item"], r["n12"], r["n24"]] for r in data["buildings"]],
            [r["querystring"] for r in data["buildings"]],
        ),
    ]
    chart = charts.hbar_chart(
        _("Häufigste Wiederholungen in Wohnungen (12 Monate)"),
        [(f"{r['item']} – {r['place']}"[:40], r["n12"]) for r in data["units"][:10]],
    )
    return Page("hotspots", _("Schwerpunkte"), [chart], tables)


def contractors_page(scope: Scope) -> Page:
    rows = contractors(scope)["contractors"]
    table = Table(
        _("Handwerker im Zeitraum (erledigte Aufträge)"),
        [
            _("Handwerker"),
            _("Aufträge"),
            _("Annahme, Median (h)"),
            _("Erledigung, Median (h)"),
            _("Erledigung, 90. Perzentil (h)"),
            _("in der Frist"),
            _("Nacharbeit 30 Tage"),
            _("Nacharbeit 90 Tage"),
            _("Bewertungen"),
            _("Ergebnis"),
            _("Pünktlichkeit"),
            _("Sauberkeit"),
        ],
        [
            [
                r["name"],
                r["jobs"],
                r["accept_median"],
                r["done_median"],
                r["done_p90"],
                r["in_time"],
                r["recalls30"],
                r["recalls90"],
                r["ratings"],
                r["score"],
                r["punctuality"],
                r["tidiness"],
            ]
            for r in rows
        ],
    )
    chart = charts.hbar_chart(
        _("Nacharbeit innerhalb von 90 Tagen (% der Aufträge)"),
        [(r["name"][:32], r["recall_share"]) for r in rows[:12]],
        unit=" %",
    )
    return Page("contractors", _("Handwerker"), [chart], [table])


def satisfaction_page(scope: Scope) -> Page:
    data = satisfaction(scope)
    labels = [_period(row["period"], "month") for row in data["months"]]
    chart = charts.bar_chart(
        _("Zufriedenheit und Aufwand je Monat (1–5)"),
        labels,
        [
            (_("Ergebnis"), [r["score"] for r in data["months"]]),
            (_("Aufwand"), [r["effort"] for r in data["months"]]),
        ],
    )
    headers = [_("Bewertungen"), _("Ergebnis (5 = sehr gut)"), _("Aufwand (1 = sehr leicht)"), _("niedrig")]
    months = Table(
        _("Bewertungen je Monat"),
        [_("Monat"), *headers],
        [
            [label, r["n"], r["score"], r["effort"], r["low"]]
            for label, r in zip(labels, data["months"], strict=True)
        ],
    )
    teams = Table(
        _("Bewertungen je Team"),
        [_("Team"), *headers],
        [[r["name"], r["n"], r["score"], r["effort"], r["low"]] for r in data["teams"]],
    )
    contractors_table = Table(
        _("Bewertungen je Handwerker"),
        [_("Handwerker"), *headers, _("Pünktlichkeit"), _("Sauberkeit")],
        [
            [
                r["name"],
                r["n"],
                r["score"],
                r["effort"],
                r["low"],
                r["punctuality"],
                r["tidiness"],
            ]
            for r in data["contractors"]
        ],
    )
    overall, checks = data["overall"], data["checks"]
    summary = [
        (_("Bewertungen"), overall["n"]),
        (_("Ergebnis im Mittel"), round(overall["score"], 2) if overall["score"] else None),
        (_("Aufwand im Mittel"), round(overall["effort"], 2) if overall["effort"] else None),
        (_("Qualitätsprüfungen"), checks["n"]),
        (_("nicht abgenommen"), checks["failed"]),
    ]
    return Page("satisfaction", _("Zufriedenheit"), [chart], [months, teams, contractors_table], summary)


PAGES: dict[str, tuple[Callable[[Scope], Page], object]] = {
    "volumes": (volumes_page, gettext_lazy("Mengen")),
    "backlog": (backlog_page, gettext_lazy("Rückstand")),
    "phases": (phases_page, gettext_lazy("Bearbeitungszeiten")),
    "hotspots": (hotspots_page, gettext_lazy("Schwerpunkte")),
    "contractors": (contractors_page, gettext_lazy("Handwerker")),
    "satisfaction": (satisfaction_page, gettext_lazy("Zufriedenheit")),
}


@with_room
def build(slug: str, scope: Scope) -> Page:
    return PAGES[slug][0](scope)
