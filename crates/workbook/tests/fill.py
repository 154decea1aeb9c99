"""Fill in a carecheck workbook as a person would, with openpyxl (an implementation
independent of the one that wrote it): python3 fill.py IN.xlsx OUT.xlsx SPEC.json

SPEC: {"labels": {"Provider: name": V}, "cells": [[sheet, row, header, V]],
       "rename_sheet": {old: new}, "rename_header": [[sheet, old, new]],
       "hide": [sheet], "add_sheet": [name]}
V is a JSON value, or {"date": "2024-02-01"} / {"datetime": "2024-02-01 21:30"} for a
real spreadsheet date.
"""
import datetime
import json
import sys

import openpyxl


def value(v):
    if isinstance(v, dict) and "date" in v:
        return datetime.datetime.strptime(v["date"], "%Y-%m-%d")
    if isinstance(v, dict) and "datetime" in v:
        return datetime.datetime.strptime(v["datetime"], "%Y-%m-%d %H:%M")
    return v


def main():
    src, out, spec_path = sys.argv[1:4]
    spec = json.load(open(spec_path))
    wb = openpyxl.load_workbook(src)
    provider = wb["Provider"]
    for label, v in spec.get("labels", {}).items():
        for row in range(2, provider.max_row + 1):
            if provider.cell(row, 1).value == label:
                cell = provider.cell(row, 2)
                cell.value = value(v)
                if isinstance(v, dict) and "date" in v:
                    cell.number_format = "yyyy-mm-dd"
                break
        else:
            raise SystemExit(f"no label {label}")
    for sheet, row, header, v in spec.get("cells", []):
        ws = wb[sheet]
        for col in range(1, ws.max_column + 1):
            if ws.cell(1, col).value == header:
                cell = ws.cell(row, col)
                cell.value = value(v)
                if isinstance(v, dict) and "date" in v:
                    cell.number_format = "yyyy-mm-dd"
                if isinstance(v, dict) and "datetime" in v:
                    cell.number_format = "yyyy-mm-dd hh:mm"
                break
        else:
            raise SystemExit(f"no header {header} on {sheet}")
    for sheet, old, new in spec.get("rename_header", []):
        ws = wb[sheet]
        for col in range(1, ws.max_column + 1):
            if ws.cell(1, col).value == old:
                ws.cell(1, col).value = new
    for old, new in spec.get("rename_sheet", {}).items():
        wb[old].title = new
    for name in spec.get("hide", []):
        wb[name].sheet_state = "hidden"
    for name in spec.get("add_sheet", []):
        ws = wb.create_sheet(name)
        ws["A1"] = "my notes"
    wb.save(out)


main()
