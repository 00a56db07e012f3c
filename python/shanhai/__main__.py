"""The command line: ``python -m shanhai report [FILE]`` and ``python -m shanhai check FILE``."""

from __future__ import annotations

import argparse
import sys

import shanhai as sh


def _registry(path: str | None) -> sh.Registry:
    return sh.datasets.siming_linxia_2018() if path is None else sh.load(path)


def _partner(reg: sh.Registry, name: str | None) -> sh.Partner | None:
    if name is None:
        return None
    found = [p for p in reg.partners if p.name == name]
    if len(found) != 1:
        raise sh.NotFoundError(f"{'no' if not found else len(found)} partners named '{name}'", table="partners",
                               field="name", reason="duplicate" if found else "not_found")
    return found[0]


def report(args: argparse.Namespace) -> int:
    reg = _registry(args.file)
    rep = reg.report(year=args.year, east=_partner(reg, args.east), west=_partner(reg, args.west))
    sys.stdout.write(rep.to_json() + "\n" if args.json else rep.to_text(lang=args.lang, all=args.all))
    return 0


def check(args: argparse.Namespace) -> int:
    reg = sh.load(args.file)  # a damaged or invalid file fails here with the reason
    findings = reg.check(open_wishes_before=args.open_wishes_before)
    sys.stdout.write(f"{args.file}: {reg!r}\n{findings}\n")
    errors = len(findings.errors)
    sys.stdout.write(f"{errors} errors, {len(findings) - errors} other findings\n")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shanhai", description=sh.__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report", help="the year's report (the 2018 Siming-Linxia data set when no file)")
    r.add_argument("file", nargs="?", help="a saved registry (default: the embedded 2018 Siming-Linxia data set)")
    r.add_argument("--year", type=int, default=None, help="the year (default: 2018 for the embedded data set)")
    r.add_argument("--east", help="name of the eastern partner (money from it and below)")
    r.add_argument("--west", help="name of the western partner (money that reached it and below)")
    r.add_argument("--lang", choices=["zh", "en"], default="zh")
    r.add_argument("--json", action="store_true", help="JSON instead of text")
    r.add_argument("--all", action="store_true", help="also the detail rows that are zero")
    r.set_defaults(run=report)
    c = sub.add_parser("check", help="load a file and check it; exits non-zero when it is not valid")
    c.add_argument("file")
    c.add_argument("--open-wishes-before", help="report wishes still open that were submitted before this date")
    c.set_defaults(run=check)
    args = parser.parse_args(argv)
    if args.command == "report" and args.file is None and args.year is None:
        args.year = 2018
    try:
        status: int = args.run(args)
        return status
    except sh.Error as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
