"""Each report's tables download as CSV and as XLSX; the XLSX opens and holds the page's figures, as
numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.export import page_csv, page_xlsx
from reports.pages import Page, Table
from tests.reports.conftest import make_jobs

PAGES = ["volumes", "backlog", "phases", "hotspots", "contractors", "satisfaction"]


def _download(client, slug: str, kind: str):
    return client.get(reverse("backoffice:report", args=[slug]), {"format": kind})


@pytest.mark.parametrize("slug", PAGES)
def test_every_report_downloads_as_xlsx_with_one_sheet_per_table(lead_client, slug):
    make_jobs(3)
    page = lead_client.get(reverse("backoffice:report", args=[slug])).context["page"]
    response = _download(lead_client, slug, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{slug}-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == len(page.tables)
    for sheet, table in zip(book.worksheets, page.tables, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert list(rows[1]) == table.headers
        expected = [[v if v is None or isinstance(v, int | float) else str(v) for v in r] for r in table.rows]
        assert [list(r) for r in rows[2:]] == expected


def test_the_contractors_xlsx_holds_the_figures_as_numbers(lead_client):
    make_jobs(4)
    book = load_workbook(io.BytesIO(_download(lead_client, "contractors", "xlsx").content))
    header, row = [list(r) for r in book.worksheets[0].iter_rows(min_row=2, max_row=3, values_only=True)]
    figures = dict(zip(header, row, strict=True))
    assert figures["Aufträge"] == 4
    assert figures["Annahme, Median (h)"] == 3.0  # released 2 h after the report, accepted 3 h later
    assert figures["Bewertungen"] == 4
    assert figures["Ergebnis"] == 2.5  # scores 1, 2, 3, 4


def test_a_hot_spot_row_links_to_its_tickets(lead_client):
    make_jobs(3)
    book = load_workbook(io.BytesIO(_download(lead_client, "hotspots", "xlsx").content))
    link = book.worksheets[0]["A3"].hyperlink.target
    assert link.startswith("http://testserver/backoffice/auswertungen/schwerpunkt/?einheit=")
    assert lead_client.get(link.removeprefix("http://testserver")).status_code == 200


def test_a_cell_that_looks_like_a_formula_stays_text():
    page = Page("x", "x", [], [Table("Tabelle", ["Name", "Zahl"], [['=HYPERLINK("x")', 1.5], ["-", None]])])
    sheet = load_workbook(io.BytesIO(page_xlsx(page))).worksheets[0]
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == '=HYPERLINK("x")'
    assert sheet["B3"].value == 1.5 and sheet["B4"].value is None
    csv = page_csv(page)
    assert "'=HYPERLINK" in csv and "1,5" in csv


def test_sheet_names_are_what_excel_accepts():
    tables = [Table("Median / 90. Perzentil je Team: [Arbeitsstunden] und noch mehr", ["a"], [])] * 2
    book = load_workbook(io.BytesIO(page_xlsx(Page("x", "x", [], tables))))
    names = book.sheetnames
    assert len(set(names)) == 2 and all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_csv_writes_decimal_commas_and_no_none(lead_client):
    make_jobs(4)
    text = _download(lead_client, "contractors", "csv").content.decode("utf-8-sig")
    assert ";3,0;" in text and "None" not in text
