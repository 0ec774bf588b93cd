"""CSV cells a spreadsheet will not run as formulas, read back as they were written.

A spreadsheet opening a CSV file runs a cell that starts with =, +, -, @, a tab or a carriage
return as a formula ("CSV injection": `=HYPERLINK(...)`, `+cmd|' /C calc'!A0`). Export puts
a single quote in front of such a cell, as OWASP recommends and as spreadsheets themselves
mark text; import takes one such quote away again, so a file followup wrote comes back with
the values it had. Phone numbers in followup's own form (+ and digits, E.164) are left as
they are: they cannot run anything, and contact apps import them as numbers.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
E164 = re.compile(r"\+\d{4,15}(?:;ext=\d{1,10})?")


def guarded(cell: str) -> str:
    """The cell as written to a CSV file: quoted in front if a spreadsheet would run it."""
    if cell.startswith(FORMULA_STARTS) and not E164.fullmatch(cell):
        return "'" + cell
    return cell


def unguarded(cell: str) -> str:
    """The cell as read from a CSV file: without the quote `guarded` (or a person at a
    spreadsheet) put in front of a formula's first character."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell
