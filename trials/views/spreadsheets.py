"""Every CSV the site produces is written here: safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) would be run as a formula by
Excel, LibreOffice and Google Sheets, so it is written with a leading apostrophe (OWASP's
advice against CSV injection). Numbers stay numbers. Files start with a UTF-8 byte-order
mark, without which Excel reads them as Windows-1252 and garbles accents and curly quotes;
``?bom=0`` leaves it out for tools that do not expect one.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(cell: object) -> object:
    """The cell, with text a spreadsheet would take for a formula made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]], *, bom: bool) -> Iterable[str]:
    """The CSV text of ``rows``, a line at a time (the byte-order mark first if ``bom``)."""
    writer = csv.writer(_Line())
    if bom:
        yield BOM
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def wants_bom(request) -> bool:
    return request.GET.get("bom") != "0"


def csv_download(request, rows: Iterable[Iterable[object]], filename: str) -> HttpResponse:
    """A CSV attachment of a few rows, built whole."""
    text = "".join(csv_lines(rows, bom=wants_bom(request)))
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
