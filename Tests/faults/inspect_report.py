#!/usr/bin/env python3
"""Inspects a report folder independently of the Swift code; prints one JSON object.

    inspect_report.py DIR

{"csv": {"devices.csv": [[header...], [row...], ...], ...},      every CSV parsed with Python's csv
 "csv_violations": [...],   cells starting with = + - @ TAB CR that are not plain numbers (OWASP CSV injection)
 "xlsx_violations": [...],  formula cells (openpyxl data_type 'f', or <f> elements in the sheet XML)
 "xlsx_strings": [...],     every string cell value of every XLSX
 "xlsx_opened": N}
"""
import csv
import gzip
import io
import json
import os
import re
import sys
import zipfile

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def main():
    root = sys.argv[1]
    out = {"csv": {}, "csv_violations": [], "xlsx_violations": [], "xlsx_strings": [], "xlsx_opened": 0}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name.endswith(".csv") or name.endswith(".csv.gz"):
            raw = open(path, "rb").read()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
            out["csv"][name] = rows
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if cell and cell[0] in "=+-@\t\r" and not NUMBER.match(cell):
                        out["csv_violations"].append([name, r, c, cell[:80]])
        elif name.endswith(".xlsx"):
            import openpyxl
            wb = openpyxl.load_workbook(path)
            out["xlsx_opened"] += 1
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":
                            out["xlsx_violations"].append([name, ws.title, cell.coordinate, str(cell.value)[:80]])
                        elif isinstance(cell.value, str):
                            out["xlsx_strings"].append(cell.value)
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                        xml = z.read(member).decode("utf-8")
                        for m in re.finditer(r"<f[ >]", xml):
                            out["xlsx_violations"].append([name, member, m.start(), xml[m.start():m.start() + 80]])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
