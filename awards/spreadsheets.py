"""Text from applicants in spreadsheets: never read as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (CSV files)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_append_text_safe(sheet, values) -> None:
    """Append a row; text starting like a formula is stored as text, not as a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
