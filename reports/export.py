"""A report page's tables as downloads: CSV (semicolon-separated with a BOM and decimal commas, so
spreadsheet programs set to German open it as columns), one block per table; and XLSX, one sheet per
table, numbers as numbers, the hot spots linked to their tickets."""

import csv
import io
import re
from decimal import Decimal

from django.utils import formats
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .pages import Page

# A cell starting with one of these is read as a formula by spreadsheets; quote it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits for a sheet name: 31 characters, none of these.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text(value) -> str:
    if value is None:
        return ""
    text = formats.number_format(value, use_l10n=True) if isinstance(value, float) else str(value)
    return "'" + text if text.startswith(FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def page_csv(page: Page) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    for i, table in enumerate(page.tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_text(value) for value in row])
    return out.getvalue()


def _xlsx_value(value):
    """Numbers stay numbers (a Decimal average too); names, labels and lazy translations become text."""
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _sheet_name(title: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub("-", title).strip("' ")[:31] or "Tabelle"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def page_xlsx(page: Page, *, link_base: str = "") -> bytes:
    """One sheet per table: its title, the headers in bold, the rows. A row with a link (the hot spots)
    links its first cell to `link_base` + the row's query."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in page.tables:
        sheet = book.create_sheet(_sheet_name(table.title, taken))
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append(list(table.headers))
        for cell in sheet[2]:
            cell.font = bold
        links = table.links or [""] * len(table.rows)
        for row, link in zip(table.rows, links, strict=True):
            sheet.append([_xlsx_value(value) for value in row])
            for cell in sheet[sheet.max_row]:
                # openpyxl writes a string starting with "=" as a formula; a report cell is always text.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
            if link and link_base:
                sheet.cell(row=sheet.max_row, column=1).hyperlink = f"{link_base}?{link}"
        for i, header in enumerate(table.headers, start=1):
            longest = max([len(str(header))] + [len(str(r[i - 1])) for r in table.rows if i <= len(r)])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 50)
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
