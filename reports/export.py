"""A report page's tables as CSV (semicolon-separated with a BOM, so spreadsheet programs set to German
open it as columns), one block per table."""

import csv
import io

from .pages import Page

# A cell starting with one of these is read as a formula by spreadsheets; quote it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
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
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()
