"""Tables as files for spreadsheets: CSV (UTF-8 with a byte order mark, so that Excel shows
Vietnamese letters) and XLSX (numbers as numbers). Either way a cell of text is never run
as a formula: a spreadsheet runs text starting with = + - @ (or a tab or carriage return)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value):
    """What a file holds for `value`: numbers stay numbers, None is an empty cell, a
    boolean is 1 or 0, anything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def neutralise(value):
    """The CSV cell for `value`; text a spreadsheet would run as a formula gets a leading
    apostrophe."""
    value = cell_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Lines:
    """A file-like object whose writes are handed back one by one (for streaming)."""

    def write(self, text):
        return text


def csv_lines(header, rows):
    """The CSV text line by line, the byte order mark first: one header row, then a line
    per row."""
    writer = csv.writer(_Lines())
    yield "\ufeff" + writer.writerow([str(title) for title in header])
    for row in rows:
        yield writer.writerow([neutralise(value) for value in row])


def csv_text(header, rows):
    return "".join(csv_lines(header, rows))


def xlsx_bytes(sheets):
    """A workbook of `sheets`, each (title, header, rows): the header row in bold and kept
    in view, numbers as numbers, text always as text (never a formula)."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(title))
        sheet.freeze_panes = "B2"
        widths = [len(str(h)) for h in header]
        lines = [_xlsx_cells(sheet, header, widths, Font(bold=True))]
        lines += [_xlsx_cells(sheet, row, widths) for row in rows]
        # Column widths must be set before the first row is written.
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(8, min(width, 60) + 2)
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cells(sheet, values, widths, font=None):
    """The row's cells; `widths` grows to the longest text of each column."""
    cells = []
    for i, value in enumerate(values):
        value = cell_value(value)
        cell = WriteOnlyCell(sheet, value=None if value == "" else value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would write "=…" as a formula
            if i < len(widths):
                widths[i] = max(widths[i], len(value))
        if font:
            cell.font = font
        cells.append(cell)
    return cells


def sheet_title(title):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return cleaned[:31] or "Sheet"


def attachment(content, content_type, filename):
    """A download named `filename` (ASCII: file names here are slugs)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, header, rows):
    return attachment(csv_lines(header, rows), CSV_TYPE, filename)


def xlsx_response(filename, sheets):
    return attachment(xlsx_bytes(sheets), XLSX_TYPE, filename)
