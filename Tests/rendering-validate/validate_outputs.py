#!/usr/bin/env python3
"""Open the Rendering module's output with real clients and check it against expected.json.

Usage: validate_outputs.py DIR   (DIR holds the rendered files and expected.json, written by
RenderValidationTests). Clients: Python's csv module and pandas for CSV (plain and gzip),
openpyxl (+ zipfile for charts) for XLSX, html.parser for HTML. Exit 0 when every check
passes, 1 with one line per failure otherwise, 2 when a Python package is missing
(install: python3 -m pip install -r scripts/requirements-test.txt).
"""
import csv
import datetime as dt
import gzip
import io
import json
import math
import os
import re
import sys
import zipfile
from html.parser import HTMLParser

try:
    import openpyxl
    import pandas as pd
    from zoneinfo import ZoneInfo
except ImportError as e:  # never skip: the Swift test fails on exit 2
    print(f"MISSING PYTHON PACKAGE: {e}. Run: python3 -m pip install -r scripts/requirements-test.txt")
    sys.exit(2)

FAILURES = []
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_LIMIT = 32767


def fail(msg):
    FAILURES.append(msg)


def neutralised(text):
    """The OWASP rule, written independently of the Swift code."""
    return "'" + text if text and text.startswith(TRIGGERS) else text


def places_of(fmt):
    return {"integer": 0, "duration": 0}.get(fmt["kind"], fmt.get("places", 6))


# ---------------------------------------------------------------- CSV
def expected_csv_cells(value, fmt, zone):
    """The CSV fields one model value becomes (two for local timestamps)."""
    local = fmt["kind"] == "timestamp" and fmt.get("local")
    if value is None:
        return ["", ""] if local else [""]
    if "text" in value:
        return [neutralised(value["text"])] + ([""] if local else [])
    if "number" in value:
        return [("number", value["number"], places_of(fmt))] + ([""] if local else [])
    if "date" in value:
        return [value["date"]]
    if "instant" in value:
        t = dt.datetime.fromtimestamp(value["instant"], dt.timezone.utc)
        cells = [t.strftime("%Y-%m-%dT%H:%M:%SZ")]
        if local:
            cells.append(t.astimezone(zone).isoformat())
        return cells
    raise ValueError(value)


def check_csv(directory, table, zone):
    path = os.path.join(directory, table["file"])
    raw = open(path, "rb").read()
    if table.get("gzip"):
        if raw[:2] != b"\x1f\x8b":
            fail(f"{table['file']}: not gzip")
            return
        raw = gzip.decompress(raw)
    if not raw.endswith(b"\r\n"):
        fail(f"{table['file']}: records must end with CRLF")
    text = raw.decode("utf-8")  # strict: invalid UTF-8 fails here
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = []
    for c in table["columns"]:
        header.append(c["key"])
        if c["format"]["kind"] == "timestamp" and c["format"].get("local"):
            header.append(c["key"] + "_local")
    if rows[0] != header:
        fail(f"{table['file']}: header {rows[0]} != {header}")
    data = rows[1:]
    if len(data) != len(table["rows"]):
        fail(f"{table['file']}: {len(data)} rows, expected {len(table['rows'])}")
    for r, (got, want) in enumerate(zip(data, table["rows"])):
        expected = []
        for value, col in zip(want, table["columns"]):
            expected += expected_csv_cells(value, col["format"], zone)
        if len(got) != len(expected):
            fail(f"{table['file']} row {r + 1}: {len(got)} fields, expected {len(expected)}")
            continue
        for c, (g, e) in enumerate(zip(got, expected)):
            if isinstance(e, tuple):
                _, number, places = e
                try:
                    ok = abs(float(g) - number) <= 0.5 * 10 ** -places + 1e-9 * max(1, abs(number))
                except ValueError:
                    ok = False
                if not ok or g.startswith("'"):
                    fail(f"{table['file']} row {r + 1} col {c + 1}: {g!r} is not the number {number}")
            elif g != e:
                fail(f"{table['file']} row {r + 1} col {c + 1}: {g[:80]!r} != {e[:80]!r}")
    # pandas reads the same values (strings compared; numeric columns must parse as numbers).
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, compression="infer", encoding="utf-8")
    if list(frame.columns) != header:
        fail(f"{table['file']}: pandas header {list(frame.columns)}")
    elif frame.values.tolist() != data:
        fail(f"{table['file']}: pandas reads different values than csv")
    for c in table["columns"]:
        if c["format"]["kind"] in ("integer", "decimal", "percent", "duration"):
            try:
                pd.to_numeric(frame[c["key"]].replace("", float("nan")))
            except Exception as e:  # noqa: BLE001
                fail(f"{table['file']}: column {c['key']} is not numeric for pandas: {e}")


def check_summary_csv(directory, expected):
    rows = list(csv.DictReader(open(os.path.join(directory, "summary.csv"), newline="", encoding="utf-8")))
    by_key = {r["key"]: r for r in rows}
    for k in expected["kpis"]:
        row = by_key.get(k["key"])
        if row is None:
            fail(f"summary.csv: KPI {k['key']} missing")
            continue
        v = k["value"]
        if v is None and row["value"] != "":
            fail(f"summary.csv: {k['key']} should be empty")
        if v and "number" in v and abs(float(row["value"]) - v["number"]) > 0.01 * max(1, abs(v["number"])) ** 0:
            if abs(float(row["value"]) - v["number"]) > 0.5:
                fail(f"summary.csv: {k['key']} = {row['value']} expected {v['number']}")
    if by_key.get("time_zone", {}).get("value") != expected["time_zone"]:
        fail("summary.csv: time_zone row missing")


# ---------------------------------------------------------------- XLSX
NUMBER_FORMATS = {
    "integer": lambda f: "#,##0",
    "decimal": lambda f: "#,##0." + "0" * f["places"] if f["places"] else "#,##0",
    "percent": lambda f: "0." + "0" * f["places"] + "%" if f["places"] else "0%",
    "duration": lambda f: "[h]:mm:ss",
    "timestamp": lambda f: "yyyy-mm-dd hh:mm:ss",
    "date": lambda f: "yyyy-mm-dd",
}


def check_no_formulas(wb, name):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    fail(f"{name} {ws.title}!{cell.coordinate}: formula {cell.value!r}")
                if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS) and not cell.quotePrefix:
                    fail(f"{name} {ws.title}!{cell.coordinate}: {cell.value[:40]!r} lacks the quote prefix")


def check_xlsx(directory, spec, zone, title):
    path = os.path.join(directory, spec["file"])
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != spec["sheets"]:
        fail(f"{spec['file']}: sheets {wb.sheetnames} != {spec['sheets']}")
        return
    check_no_formulas(wb, spec["file"])
    summary = wb["Summary"]
    if summary["A1"].value != title:
        fail(f"{spec['file']}: Summary!A1 {summary['A1'].value!r}")
    labels = [c.value for c in summary["A"] if c.value]
    for needed in ("Tenant", "Period", "Time zone", "Generated at (UTC)", "Key figures", "Notes"):
        if needed not in labels:
            fail(f"{spec['file']}: Summary lacks {needed!r}")
    if not any("32,767" in str(v) for v in labels):
        fail(f"{spec['file']}: Summary does not note the 32,767-character truncation")
    for table in spec["tables"]:
        ws = wb[table["sheet"]]
        if ws.freeze_panes != "A2":
            fail(f"{table['sheet']}: freeze panes {ws.freeze_panes}")
        if not (ws.auto_filter.ref or "").startswith("A1:"):
            fail(f"{table['sheet']}: no autofilter ({ws.auto_filter.ref})")
        headers = [c.value for c in ws[1]][: len(table["columns"])]
        for h, col in zip(headers, table["columns"]):
            if not str(h).startswith(col["title"]):
                fail(f"{table['sheet']}: header {h!r} for {col['title']!r}")
        for r, (values, breached) in enumerate(zip(table["rows"], table["breached"]), start=2):
            for c, (value, col) in enumerate(zip(values, table["columns"]), start=1):
                cell = ws.cell(row=r, column=c)
                check_xlsx_cell(table["sheet"], cell, value, col["format"], zone)
                if breached and (cell.fill is None or not str(cell.fill.fgColor.rgb).upper().endswith("FFC7CE")):
                    fail(f"{table['sheet']}!{cell.coordinate}: breached row without red fill")
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
        if len(charts) != spec["chart_count"]:
            fail(f"{spec['file']}: {len(charts)} charts, expected {spec['chart_count']}")
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        for sheet in spec["chart_sheets"]:
            rid = re.search(r'<sheet name="%s" sheetId="\d+" r:id="(rId\d+)"' % re.escape(sheet), workbook)
            target = rid and re.search(r'Id="%s" Type="[^"]+" Target="([^"]+)"' % rid.group(1), rels)
            xml = target and z.read("xl/" + target.group(1)).decode()
            if not xml or "<drawing r:id=" not in xml:
                fail(f"{spec['file']}: sheet {sheet} has no chart drawing")


def xlsx_unescape(value):
    """OOXML escapes CR as _x000D_ in cell text; Excel and LibreOffice decode it, openpyxl
    (for inline strings) does not, so decode it here."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def check_xlsx_cell(sheet, cell, value, fmt, zone):
    where = f"{sheet}!{cell.coordinate}"
    kind = fmt["kind"]
    if value is None:
        if cell.value not in (None, ""):
            fail(f"{where}: expected blank, got {cell.value!r}")
        return
    if "text" in value:
        text = value["text"]
        if cell.data_type != "s" or not isinstance(cell.value, str):
            fail(f"{where}: text stored as {cell.data_type}")
            return
        if len(text.encode("utf-16-le")) // 2 > XLSX_LIMIT:
            if len(cell.value) > XLSX_LIMIT or not cell.value.startswith(text[:1000]) or "truncated" not in cell.value:
                fail(f"{where}: long text not cut with a marker")
        elif xlsx_unescape(cell.value) != text:
            fail(f"{where}: {cell.value[:60]!r} != {text[:60]!r}")
        if text.startswith(TRIGGERS) and not cell.quotePrefix:
            fail(f"{where}: {text[:30]!r} without quotePrefix")
        return
    expected_format = NUMBER_FORMATS[kind](fmt) if kind in NUMBER_FORMATS else None
    if expected_format and cell.number_format != expected_format:
        fail(f"{where}: number format {cell.number_format!r} != {expected_format!r}")
    if "number" in value:
        n = value["number"]
        want = n / 100 if kind == "percent" else n / 86400 if kind == "duration" else n
        if isinstance(cell.value, dt.timedelta) and kind == "duration":  # openpyxl reads [h]:mm:ss as timedelta
            if abs(cell.value.total_seconds() - n) > 0.001:
                fail(f"{where}: duration {cell.value} != {n} s")
            return
        if cell.data_type != "n" or not isinstance(cell.value, (int, float)) or not math.isclose(cell.value, want, rel_tol=1e-9, abs_tol=1e-9):
            fail(f"{where}: {cell.value!r} ({cell.data_type}) != number {want}")
    elif "instant" in value:
        t = dt.datetime.fromtimestamp(value["instant"], dt.timezone.utc)
        want = (t.astimezone(zone) if fmt.get("local") else t).replace(tzinfo=None)
        if not isinstance(cell.value, dt.datetime) or abs((cell.value - want).total_seconds()) > 1:
            fail(f"{where}: {cell.value!r} != {want}")
    elif "date" in value:
        if not isinstance(cell.value, dt.datetime) or cell.value.date().isoformat() != value["date"]:
            fail(f"{where}: {cell.value!r} != date {value['date']}")


def check_xlsx_limits(directory, split, truncated):
    wb = openpyxl.load_workbook(os.path.join(directory, split["file"]))
    if wb.sheetnames[: len(split["sheets_prefix"])] != split["sheets_prefix"]:
        fail(f"split.xlsx: sheets {wb.sheetnames}")
    rows = sum(wb[s].max_row - 1 for s in wb.sheetnames if s.startswith("Devices"))
    if rows != split["devices_rows"]:
        fail(f"split.xlsx: {rows} device rows over all parts, expected {split['devices_rows']}")
    for s in wb.sheetnames:
        if s.startswith("Devices") and wb[s]["A1"].value != "Device":
            fail(f"split.xlsx: sheet {s} lacks the header")
    check_no_formulas(wb, "split.xlsx")
    notes = " ".join(str(c.value) for c in wb["Summary"]["A"] if c.value)
    if split["note"] not in notes:
        fail("split.xlsx: Summary does not say the table continues on other sheets")
    wb = openpyxl.load_workbook(os.path.join(directory, truncated["file"]))
    if wb["Devices"].max_row != 11 or "Devices (2)" in wb.sheetnames:
        fail(f"truncated.xlsx: Devices has {wb['Devices'].max_row} rows")
    notes = " ".join(str(c.value) for c in wb["Summary"]["A"] if c.value)
    if truncated["note"] not in notes:
        fail("truncated.xlsx: Summary does not say the table was truncated")


# ---------------------------------------------------------------- HTML
class Collector(HTMLParser):
    FORBIDDEN = {"script", "iframe", "object", "embed", "link", "base", "form", "frame", "applet", "input"}
    URL_ATTRS = {"src", "href", "srcset", "action", "background", "poster", "xlink:href", "formaction", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in self.FORBIDDEN:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in self.URL_ATTRS and not value.startswith("data:image/"):
                self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
                self.problems.append(f"style with a URL on <{tag}>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("meta refresh")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def check_html(directory, spec):
    raw = open(os.path.join(directory, spec["file"]), "rb").read().decode("utf-8")
    if re.search(r"<\s*script", raw, re.I):
        fail("HTML contains <script")
    for m in re.finditer(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", raw, re.I):
        fail(f"HTML fetches an external resource: {raw[m.start():m.start() + 60]!r}")
    if re.search(r"url\(\s*['\"]?(?:https?:)?//", raw, re.I):
        fail("HTML CSS fetches an external URL")
    parser = Collector()
    parser.feed(raw)
    parser.close()
    for p in parser.problems:
        fail(f"HTML: {p}")
    text = "".join(parser.text).replace("\r\n", "\n").replace("\r", "\n")
    for s in spec["must_contain"]:
        if s.replace("\r\n", "\n").replace("\r", "\n") not in text:
            fail(f"HTML: value {s[:50]!r} is not shown as text")
    if "<svg" not in raw:
        fail("HTML has no inline SVG chart")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 64
    directory = sys.argv[1]
    expected = json.load(open(os.path.join(directory, "expected.json"), encoding="utf-8"))
    zone = ZoneInfo(expected["time_zone"])
    for table in expected["csv"]:
        check_csv(directory, table, zone)
    check_summary_csv(directory, expected)
    check_xlsx(directory, expected["xlsx"], zone, expected["title"])
    check_xlsx_limits(directory, expected["xlsx_split"], expected["xlsx_truncated"])
    check_html(directory, expected["html"])
    for f in FAILURES[:200]:
        print("FAIL", f)
    print(f"validate_outputs: {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
