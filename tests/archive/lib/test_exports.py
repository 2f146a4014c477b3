"""The one CSV and XLSX writer: Excel reads the letters, numbers stay numbers, and no
cell of text runs as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from archive.lib.exports import csv_text, neutralise, sheet_title, xlsx_bytes

FORMULAS = ["=1+1", "+84 912", "-x", "@SUM(A1)", "\tcmd", '=HYPERLINK("http://x","bấm")']


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Hội nghị", "Hội nghị"),
        (None, ""),
        (-5, -5),
        (True, 1),
    ],
)
def test_csv_cells_neutralise_formulas(value, cell):
    assert neutralise(value) == cell


def test_csv_has_a_byte_order_mark_and_one_header_row():
    text = csv_text(["Tỉnh", "2024"], [["Hà Nội", 3], ["=cmd", None]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["Tỉnh", "2024"],
        ["Hà Nội", "3"],
        ["'=cmd", ""],
    ]


def test_xlsx_keeps_numbers_and_text_and_runs_no_formula():
    rows = [["Hà Nội", 3100], *[[f, None] for f in FORMULAS]]
    content = xlsx_bytes(
        [
            ("Bảng: số [liệu]", ["Tỉnh", "2024"], rows),
            ("Bộ lọc", ["Mục", "Giá trị"], [["Năm", "2024"]]),
        ]
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Bảng  số  liệu", "Bộ lọc"]
    table = workbook.worksheets[0]
    rows = list(table.iter_rows(values_only=True))
    assert rows[0] == ("Tỉnh", "2024")
    assert rows[1] == ("Hà Nội", 3100) and isinstance(rows[1][1], int)
    assert [row[0] for row in rows[2:]] == FORMULAS
    assert all(table.cell(row=i, column=1).data_type == "s" for i in range(3, 3 + len(FORMULAS)))
    assert rows[2][1] is None


def test_sheet_titles_fit_excel():
    assert sheet_title("a" * 40) == "a" * 31
    assert sheet_title("") == "Sheet"
