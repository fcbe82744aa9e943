#!/usr/bin/env python3
"""Line and branch coverage of chosen source folders, from one or more Cobertura reports (coverlet's).

    scripts/coverage-summary.py [--files] REPORT.xml [REPORT.xml ...]

--files also prints each file of those folders.

A line reported by several classes (an async method's state machine, a lambda's closure) counts once, with the
most hits and the most branches covered that any report gives it.
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

# The folders whose coverage we track, and the assemblies reported as a whole.
FOLDERS = ["StellarMemory.Core/Storage/", "StellarMemory.Functions/PortableHost/"]
ASSEMBLIES = ["StellarMemory.Core", "StellarMemory.Functions"]


def read(paths):
    # (file, line) -> [hits, branches covered, branches]
    lines = defaultdict(lambda: [0, 0, 0])
    packages = {}
    for path in paths:
        root = ET.parse(path).getroot()
        for package in root.iter("package"):
            for cls in package.iter("class"):
                filename = cls.get("filename").replace("\\", "/")
                packages[filename] = package.get("name")
                for line in cls.iter("line"):
                    entry = lines[(filename, int(line.get("number")))]
                    entry[0] = max(entry[0], int(line.get("hits")))
                    if line.get("branch") == "True":
                        # condition-coverage="50% (1/2)"
                        covered, total = line.get("condition-coverage").split("(")[1].rstrip(")").split("/")
                        entry[1] = max(entry[1], int(covered))
                        entry[2] = max(entry[2], int(total))
    return lines, packages


def summary(name, entries):
    entries = list(entries)
    lines = len(entries)
    covered = sum(1 for hits, _, _ in entries if hits > 0)
    branches = sum(total for _, _, total in entries)
    taken = sum(done for _, done, _ in entries)
    def pct(part, whole):
        return f"{100 * part / whole:5.1f}%" if whole else "    -"
    return f"{name:40} lines {pct(covered, lines)} ({covered}/{lines})   branches {pct(taken, branches)} ({taken}/{branches})"


def main():
    arguments = sys.argv[1:]
    files = "--files" in arguments
    reports = [a for a in arguments if a != "--files"]
    if not reports:
        sys.exit(__doc__)
    lines, packages = read(reports)
    for folder in FOLDERS:
        print(summary(folder, (v for (f, _), v in lines.items() if folder in f)))
        if files:
            for name in sorted({f for f, _ in lines if folder in f}):
                print(summary("  " + name.split(folder)[1], (v for (f, _), v in lines.items() if f == name)))
    for assembly in ASSEMBLIES:
        print(summary(assembly, (v for (f, _), v in lines.items() if packages.get(f) == assembly)))


if __name__ == "__main__":
    main()
