"""The type stubs of the compiled module (python/shanhai/_core.pyi) match it and are usable.

mypy's stubtest compares the stubs with the module, but it cannot read the signatures of
compiled functions; so the parameters of every binding are also compared here with the
signature pybind11 writes into its docstring, the enumerations' name literals with their
members, and the column() overloads with the dtypes the columns really have.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import shanhai as sh
from shanhai import _core

ROOT = Path(__file__).resolve().parents[2]
STUB = ROOT / "python" / "shanhai" / "_core.pyi"
ALLOWLIST = Path(__file__).with_name("stubtest_allowlist.txt")
INSTALLED = Path(sh.__file__).parent
README = ROOT / "README.md"

HOW_TO_FIX = (
    "The type stubs python/shanhai/_core.pyi no longer match the compiled module shanhai._core.\n"
    "Update the stubs to the bindings in python/src (or the package's classes over them in\n"
    "python/shanhai/_registry.py), run `make install-py`, then `.venv/bin/python -m pytest tests/python/test_typing.py`.\n"
    "Only what typing cannot express goes to tests/python/stubtest_allowlist.txt, with a comment.\n"
)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


# ---- the stubs are installed and agree with the module ----------------------------------------

def test_the_installed_package_carries_the_stubs():
    assert (INSTALLED / "py.typed").is_file(), f"{INSTALLED} has no py.typed: check wheel.packages in pyproject.toml"
    installed = INSTALLED / "_core.pyi"
    assert installed.is_file(), f"{INSTALLED} has no _core.pyi: check wheel.packages in pyproject.toml"
    assert installed.read_text(encoding="utf-8") == STUB.read_text(encoding="utf-8"), (
        "the installed _core.pyi differs from python/shanhai/_core.pyi: run `make install-py`")


def test_stubtest_finds_no_difference(tmp_path):
    out = run(["-m", "mypy.stubtest", "shanhai._core", "--allowlist", str(ALLOWLIST)], cwd=tmp_path)
    if out.returncode != 0:
        pytest.fail(f"{HOW_TO_FIX}\nmypy.stubtest says:\n{out.stdout}{out.stderr}", pytrace=False)


def stub_tree() -> ast.Module:
    return ast.parse(STUB.read_text(encoding="utf-8"))


def stub_functions() -> dict[str, list[ast.FunctionDef]]:
    """'load', 'Registry.add_flow', ... -> the stub's definitions (several for overloads)."""
    out: dict[str, list[ast.FunctionDef]] = {}
    for node in stub_tree().body:
        if isinstance(node, ast.FunctionDef):
            out.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    out.setdefault(f"{node.name}.{item.name}", []).append(item)
    return out


NO_DEFAULT = object()


def stub_params(fn: ast.FunctionDef, method: bool) -> list[tuple[str, str, object]]:
    """(name, 'positional' or 'keyword', default) of each parameter, self left out."""
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults = [NO_DEFAULT] * (len(positional) - len(a.defaults)) + [
        ast.literal_eval(d) for d in a.defaults]
    params = [(p.arg, "positional", d) for p, d in zip(positional, defaults)]
    params += [(p.arg, "keyword", NO_DEFAULT if d is None else ast.literal_eval(d))
               for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    return params[1:] if method else params


def split_top(text: str) -> list[str]:
    """Splits a parameter list at the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def binding_signatures(func: object) -> list[list[tuple[str, str, object]]]:
    """The parameters of a pybind11 function as its docstring gives them: the signature on the
    first line, or one numbered line per overload after "Overloaded function."."""
    lines = (getattr(func, "__doc__", None) or "").splitlines()
    if len(lines) > 1 and lines[1] == "Overloaded function.":
        return [binding_params(m.group(1)) for line in lines if (m := re.fullmatch(r"\d+\. (.*)", line))]
    return [binding_params(lines[0])]


def binding_params(signature: str) -> list[tuple[str, str, object]]:
    match = re.fullmatch(r"\w*\((.*)\)(?: -> .*)?", signature)  # a function set as an attribute has no name there
    assert match, f"no pybind11 signature in {signature!r}"
    kind, params = "positional", []
    for part in split_top(match.group(1)):
        if part in ("*", "/"):
            kind = "keyword" if part == "*" else kind
            continue
        name, _, rest = part.partition(":")
        default: object = NO_DEFAULT
        if " = " in rest:
            text = rest.split(" = ", 1)[1]
            try:
                default = ast.literal_eval(text)
            except ValueError:
                default = text
        params.append((name.strip(), kind, default))
    return params[1:] if params and params[0][0] == "self" else params


def bindings() -> dict[str, tuple[object, bool]]:
    """Every compiled function of the module ('load', 'Registry.add_flow', 'Money.from_fen', ...) and
    whether it takes self."""
    compiled = ("builtin_function_or_method", "instancemethod")
    out = {n: (f, False) for n, f in vars(_core).items() if type(f).__name__ in compiled}
    for cname, cls in vars(_core).items():
        if not isinstance(cls, type):
            continue
        for name, f in vars(cls).items():
            static = isinstance(f, staticmethod)
            f = f.__func__ if static else f
            if type(f).__name__ in compiled and (not name.startswith("__") or name == "__init__"):
                out[f"{cname}.{name}"] = (f, not static)
    return out


def compare_params(name: str, mine: list[tuple[str, str, object]], theirs: list[tuple[str, str, object]]) -> list[str]:
    if [(n, k) for n, k, _ in mine] != [(n, k) for n, k, _ in theirs]:
        return [f"{name}: stub {[(n, k) for n, k, _ in mine]}\n  binding {[(n, k) for n, k, _ in theirs]}"]
    problems = []
    for (n, _, mine_default), (_, _, their_default) in zip(mine, theirs):
        if (mine_default is NO_DEFAULT) != (their_default is NO_DEFAULT) or (
                mine_default not in (NO_DEFAULT, Ellipsis) and mine_default != their_default):
            shown = [None if d is NO_DEFAULT else d for d in (mine_default, their_default)]
            problems.append(f"{name}({n}): default in the stub {shown[0]!r}, in the binding {shown[1]!r}")
    return problems


def test_every_binding_has_the_stubs_parameters():
    stubs = stub_functions()
    problems = []
    for name, (func, method) in sorted(bindings().items()):
        if name not in stubs:
            continue  # a public name missing from the stubs is stubtest's finding; private ones may be left out
        ours, theirs = [stub_params(f, method) for f in stubs[name]], binding_signatures(func)
        if len(theirs) > 1 and len(ours) != len(theirs):
            problems.append(f"{name}: {len(theirs)} overloads in the binding, {len(ours)} in the stub")
            continue
        if len(theirs) == 1:
            ours = ours[-1:]  # overloads in the stubs only refine one binding (FlowTable.column)
        for mine, their in zip(ours, theirs):
            problems += compare_params(name, mine, their)
    assert not problems, HOW_TO_FIX + "\n".join(problems)


def test_enumeration_names_match_their_members():
    problems = []
    for node in stub_tree().body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            match = re.fullmatch(r"_(\w+)Name", node.target.id)
            if not match:
                continue
            value = ast.literal_eval(ast.unparse(node.value.slice))  # type: ignore[union-attr]
            names = [value] if isinstance(value, str) else list(value)
            members = list(getattr(_core, match.group(1)).__members__)
            if names != members:
                problems.append(f"{node.target.id} is {names},\n  {match.group(1)} has {members}")
    assert not problems, HOW_TO_FIX + "\n".join(problems)


def test_column_overloads_give_the_real_dtypes():
    reg = sh.Registry()
    tables = {type(getattr(reg, t)).__name__: getattr(reg, t) for t in sh._extend.TABLES}
    problems = []
    for node in stub_tree().body:
        if not (isinstance(node, ast.ClassDef) and node.name in tables):
            continue
        table, typed = tables[node.name], {}
        for fn in node.body:
            if isinstance(fn, ast.FunctionDef) and fn.name == "column":
                literal = ast.unparse(fn.args.args[1].annotation)  # type: ignore[arg-type]
                if literal.startswith("Literal["):
                    dtype = re.fullmatch(r"NDArray\[np\.(\w+)\]", ast.unparse(fn.returns))  # type: ignore[arg-type]
                    for name in ast.literal_eval(f"[{literal[8:-1]}]"):
                        typed[name] = dtype.group(1) if dtype else "?"
        for name in table._raw_columns():
            try:
                real = table.column(name).dtype
            except sh.ValidationError:  # text and lists: no numpy view
                real = None
            said = typed.get(name)
            if real is None and said is not None or real is not None and (
                    said is None or (real.kind == "V") != (said == "void")
                    or said != "void" and real != np.dtype(getattr(np, said))
                    and not (real.kind == "S" and said == "bytes_")):  # codes of fixed width: S3
                problems.append(f"{node.name}.column({name!r}): stub {said}, runtime {real}")
    assert not problems, HOW_TO_FIX + "\n".join(problems)


# ---- the stubs are usable: typed code checks, and mistakes are caught -------------------------

TYPED = """
from decimal import Decimal
from typing import Any, assert_type

import numpy as np
import numpy.typing as npt
import pandas as pd

import shanhai as sh

reg = sh.Registry()
east = reg.add_partner("思明区", kind=sh.PartnerKind.district, side="east")
west = reg.add_partner("临夏市", kind="county", side=sh.Side.west)
flow = reg.add_flow(east, west, Decimal("12.5"), date="2018-05", kind="fiscal")
assert_type(flow.amount, sh.Money)
assert_type(flow.amount.fen, int)
assert_type(flow.parent, sh.Flow | None)
kind: str = flow.kind  # a name, as a Literal of the FlowKind names
assert_type(reg.flows[0], sh.Flow)
assert_type(list(reg.partners), list[sh.Partner])
assert_type(reg.flows.column("amount"), npt.NDArray[np.int64])
assert_type(reg.households.column("exit_year"), npt.NDArray[np.int16])
assert_type(reg.totals(by="kind", year=2018)["fiscal"], sh.Money)
assert_type(reg.totals(by=["source", "kind"]).total, sh.Money)
assert_type(reg.report(year=2018, east=east)["funds.total"], Any)  # an int or Money, by indicator
assert_type(reg.trace(east).outflow, sh.Money)
assert_type(reg.flows.to_pandas(), pd.DataFrame)
assert_type(reg.check().errors, list[sh.Finding])
assert_type(reg.add_flows({"source": [0], "target": [1], "amount": ["1万"]}), range)
assert_type(sh.load("pair.shanhai"), sh.Registry)
"""

MISTAKES = """
import numpy as np
import numpy.typing as npt

import shanhai as sh

reg = sh.Registry()
p = reg.add_partner("x", kind="villag")  # E: not a kind of partner
reg.add_flow(p, p, 12.5)  # E: money never goes through a float
reg.add_flow(p, p, "1万", kind=sh.Sector.industry)  # E: a sector is no kind of flow
reg.add_flow(p, p, "1万", "2018")  # E: date is a keyword
reg.add_household("1", village=None)  # E: a household needs its village
reg.totals(by="colour")  # E: no such field
reg.report(year="2018")  # E: years are ints
reg.save("pair.shanhai", format="json")  # E: no such format
fen: int = reg.flows[0].amount  # E: Money is not an int
floats: npt.NDArray[np.float64] = reg.flows.column("amount")  # E: money columns are int64 fen
"""


@pytest.fixture(scope="module")
def mypy_run(tmp_path_factory) -> dict[str, list[str]]:
    """One mypy --strict run over the README's example, TYPED and MISTAKES: errors by file."""
    folder = tmp_path_factory.mktemp("typed")
    readme = "\n".join(re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S))
    files = {"readme_example.py": readme, "typed.py": TYPED, "mistakes.py": MISTAKES}
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    out = run(["-m", "mypy", "--strict", "--no-color-output", "--cache-dir", str(folder / ".cache"), *files],
              cwd=folder)
    errors: dict[str, list[str]] = {name: [] for name in files}
    for line in out.stdout.splitlines():
        name = line.split(":", 1)[0]
        if name in errors and ": error:" in line:
            errors[name].append(line)
    assert out.returncode in (0, 1) and "mistakes.py" in out.stdout, out.stdout + out.stderr
    return errors


def test_typed_code_checks(mypy_run):
    found = mypy_run["readme_example.py"] + mypy_run["typed.py"]
    assert not found, HOW_TO_FIX + "mypy --strict on typed code that uses shanhai:\n" + "\n".join(found)


def test_mistakes_are_caught(mypy_run):
    expected = {i for i, line in enumerate(MISTAKES.splitlines(), 1) if "# E:" in line}
    reported = {int(line.split(":")[1]) for line in mypy_run["mistakes.py"]}
    missed = [MISTAKES.splitlines()[i - 1] for i in sorted(expected - reported)]
    extra = [line for line in mypy_run["mistakes.py"] if int(line.split(":")[1]) not in expected]
    assert not missed and not extra, (HOW_TO_FIX + "mypy should flag exactly the lines marked # E:\n"
                                      + "not flagged:\n" + "\n".join(missed) + "\nunexpected:\n" + "\n".join(extra))
