#!/usr/bin/env python3
"""Parses a node-exporter textfile with prometheus_client's own parser and prints its samples as JSON.

    parse_textfile.py FILE

Output: {"families": [{"name", "type", "help"}], "samples": [{"name", "labels", "value"}]}.
Exits 1 (with the reason on stderr) when the file does not parse, a metric family appears twice
(its HELP/TYPE lines split), a sample has no family of its own, or a line does not end in a newline.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    if text and not text.endswith("\n"):
        sys.exit("the file does not end with a newline")
    for kind in ("HELP", "TYPE"):
        names = [line.split()[2] for line in text.splitlines() if line.startswith("# %s " % kind)]
        if len(names) != len(set(names)):
            sys.exit("a metric has two %s lines (node-exporter rejects the file)" % kind)
    families, samples, seen = [], [], set()
    try:
        for family in text_string_to_metric_families(text):
            if family.name in seen:
                sys.exit("metric family %s appears twice" % family.name)
            seen.add(family.name)
            if family.type == "unknown":
                sys.exit("metric family %s has no TYPE" % family.name)
            families.append({"name": family.name, "type": family.type, "help": family.documentation})
            for s in family.samples:
                if s.name != family.name:
                    sys.exit("sample %s outside its family %s" % (s.name, family.name))
                samples.append({"name": s.name, "labels": dict(s.labels), "value": s.value})
    except ValueError as e:
        sys.exit("does not parse: %s" % e)
    json.dump({"families": families, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    main()
