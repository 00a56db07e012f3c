"""Sphinx configuration: the guide pages (Markdown, read by MyST) and the API reference (autodoc).

Build with `make docs` (into build/docs). The API pages document the installed package; the
signatures of the compiled module come from its type stubs (python/shanhai/_core.pyi), since
pybind11 can only say `object` for most parameters.
"""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import shanhai

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "shanhai" / "_core.pyi"
# The package's own classes over the compiled ones: shanhai.Registry with the parts it inherits,
# and the tables. Their annotations use the stubs' names (_MoneyLike, _Node, ...), expanded alike.
CLASSES = [ROOT / "python" / "shanhai" / f for f in ("_registry.py", "_extend.py", "_bulk.py", "_partition.py")]

project = "shanhai"
author = "the shanhai authors"
copyright = "the shanhai authors"
version = release = shanhai.__version__
language = "en"

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}  # notebooks/*.ipynb: downloads, never run here

html_theme = "furo"
html_title = f"shanhai 山海 {release}"

autodoc_typehints = "signature"
autodoc_member_order = "bysource"
autodoc_inherit_docstrings = False  # Mapping's and list's docstrings say nothing about shanhai
python_use_unqualified_type_names = True
python_maximum_signature_line_length = 90  # one parameter a line beyond this: the add_* calls are long

# Nitpicky mode checks every reference. There is no intersphinx (no network at build time), so
# types of the standard library and of numpy, pandas and pyarrow cannot be linked: they stay text.
nitpicky = True
nitpick_ignore_regex = [
    ("py:.*", r"(numpy|pandas|pyarrow|decimal|datetime|pathlib|os|typing|collections\.abc|plotly|matplotlib|lxml)(\..*)?"),
    ("py:.*", r"Path|Decimal"),  # as the pure-Python modules annotate them
    ("py:.*", r"NDArray|np\..*"),  # the tables' column overloads, shown as written in _registry.py
    ("py:.*", r"pd\..*"),  # pandas as the pure-Python modules annotate it (pd.DataFrame)
]


# ---- signatures and property types from the stubs ----------------------------------------------

class Stub:
    """The definitions of _core.pyi, with type aliases expanded into what a reader knows."""

    # names of the stubs that are not importable: shown as what they stand for
    SHOWN_AS = {"_ArrowTable": "pyarrow.Table", "_BinaryReader": "typing.BinaryIO", "_Enum": "object",
                "_Handle": "object", "_Object": "object"}

    def __init__(self, path: Path, classes: list[Path]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        self.qualified: dict[str, str] = {}  # a name as written in the stubs -> as shown in the docs
        self.aliases: dict[str, ast.expr] = {}
        self.defs: dict[str, list[ast.FunctionDef]] = {}  # "Registry.add_flow" -> overloads
        self.bases: dict[str, list[ast.expr]] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module not in ("typing", "collections.abc"):
                for a in node.names:  # from ._results import Report: shanhai.Report, where the docs have it
                    home = node.module if not node.level else "shanhai" if hasattr(shanhai, a.name) else \
                        f"shanhai.{node.module}"
                    self.qualified[a.asname or a.name] = f"{home}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    self.qualified[a.asname or a.name] = a.name
            elif isinstance(node, ast.AnnAssign) and ast.unparse(node.annotation) == "TypeAlias":
                self.aliases[node.target.id] = node.value  # type: ignore[union-attr,assignment]
            elif isinstance(node, ast.FunctionDef):
                self.defs.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ClassDef):
                self.bases[node.name] = node.bases
                if not node.name.startswith("_"):  # the canonical name, exported or not (FlowTable)
                    self.qualified[node.name] = f"shanhai._core.{node.name}"
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        self.defs.setdefault(f"{node.name}.{item.name}", []).append(item)
        for source in classes:  # what the package defines replaces the compiled class's description
            for node in ast.parse(source.read_text(encoding="utf-8")).body:
                if not isinstance(node, ast.ClassDef):
                    continue
                self.bases[node.name] = node.bases
                if node.name == "Registry":
                    self.qualified[node.name] = "shanhai.Registry"
                elif node.name.endswith("Table"):  # PartnerTable, ...: the package's, not the compiled one
                    self.qualified[node.name] = f"shanhai._registry.{node.name}"
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        self.defs[f"{node.name}.{item.name}"] = [item]

    def lookup(self, cls: str, member: str) -> tuple[list[ast.FunctionDef], dict[str, ast.expr]]:
        """The member's definitions, searching the stubs' base classes, and the type variables bound
        on the way (FlowTable(_Table[Flow]): _H is Flow)."""
        bound: dict[str, ast.expr] = {}
        todo = [cls]
        while todo:
            name = todo.pop(0)
            if f"{name}.{member}" in self.defs:
                return self.defs[f"{name}.{member}"], bound
            for base in self.bases.get(name, []):
                if isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name):
                    bound.setdefault("_H", base.slice)
                    base = base.value
                if isinstance(base, ast.Name):
                    todo.append(base.id)
        return [], bound

    def show(self, node: ast.expr, bound: dict[str, ast.expr]) -> str:
        stub = self

        class Expand(ast.NodeTransformer):
            def visit_Name(self, n: ast.Name) -> ast.expr:
                if n.id in bound:
                    return self.visit(copy.deepcopy(bound[n.id]))
                if n.id in stub.aliases:
                    value = stub.aliases[n.id]
                    if n.id.endswith("Name"):  # an enumeration's names: plain text to a reader
                        return ast.Name("str")
                    return self.visit(copy.deepcopy(value))
                shown = stub.SHOWN_AS.get(n.id) or stub.qualified.get(n.id)
                return ast.Name(shown) if shown else n

            def visit_Attribute(self, n: ast.Attribute) -> ast.expr:  # np.int64 -> numpy.int64
                if isinstance(n.value, ast.Name) and n.value.id in stub.qualified:
                    return ast.Name(f"{stub.qualified[n.value.id]}.{n.attr}")
                return n

        return ast.unparse(Expand().visit(copy.deepcopy(node)))

    def signature(self, cls: str | None, member: str) -> tuple[str, str] | None:
        defs, bound = self.lookup(cls, member) if cls else (self.defs.get(member, []), {})
        if not defs:
            return None
        fn = copy.deepcopy(defs[-1])  # of overloads, the last: the most general
        static = any(ast.unparse(d) == "staticmethod" for d in fn.decorator_list)
        args = fn.args
        if cls and not static:
            (args.posonlyargs or args.args).pop(0)
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if a is not None and a.annotation is not None:
                a.annotation = ast.parse(self.show(a.annotation, bound), mode="eval").body
        returns = self.show(fn.returns, bound) if fn.returns is not None else ""
        return f"({ast.unparse(args)})", returns

    def property_type(self, cls: str, member: str) -> str | None:
        defs, bound = self.lookup(cls, member)
        if defs and any(ast.unparse(d) == "property" for d in defs[-1].decorator_list) and defs[-1].returns:
            return self.show(defs[-1].returns, bound)
        return None


STUBS = Stub(STUB, CLASSES)


def stub_key(fullname: str) -> tuple[str | None, str] | None:
    """'shanhai.Registry.add_flow' -> ('Registry', 'add_flow'); 'shanhai.load' -> (None, 'load');
    None for what the stubs do not describe (the pure-Python modules)."""
    parts = fullname.split(".")
    if parts[:2] in (["shanhai", "_core"], ["shanhai", "_registry"]):
        parts = parts[2:]
    elif parts[0] == "shanhai":
        parts = parts[1:]
    if len(parts) == 1 and parts[0] in STUBS.defs:
        return None, parts[0]
    if len(parts) == 2 and parts[0] in STUBS.bases:
        return parts[0], parts[1]
    if len(parts) == 1 and parts[0] in STUBS.bases:
        return parts[0], "__init__"
    return None


def stub_signature(app, what, name, obj, options, signature, return_annotation):
    # results, partitions and figures come from calls, never built by hand: no constructor shown
    if what == "class" and (obj.__module__ in ("shanhai._results", "shanhai._partition")
                            or name == "shanhai.plot.Figure"):
        return "", ""
    key = stub_key(name)
    # a compiled class has no signature to replace (Money's is its __init__'s)
    if key is None or what not in ("method", "function") or signature is None:
        return None
    return STUBS.signature(*key)


def stub_property_type(app, domain, objtype, contentnode):
    """A compiled property's type (pybind11 cannot say it) beside its name, as `:type:` would put it."""
    if domain != "py" or objtype != "property":
        return
    from sphinx import addnodes
    from sphinx.domains.python._annotations import _parse_annotation

    signode = contentnode.parent[0]
    if any(isinstance(n, addnodes.desc_annotation) and n.astext().startswith(":") for n in signode.children):
        return  # typed already (a Python property)
    key = stub_key(f"{signode.get('module')}.{signode.get('fullname')}")
    shown = key and key[0] and STUBS.property_type(key[0], key[1])
    if shown:
        signode += addnodes.desc_annotation(shown, "", addnodes.desc_sig_punctuation("", ":"),
                                            addnodes.desc_sig_space(), *_parse_annotation(shown, app.env))


def drop_nameless_signature(app, what, name, obj, options, lines):
    """pybind11 writes a function set as a class attribute with its signature but no name on the
    docstring's first line, which autodoc then shows as text."""
    if lines and lines[0].startswith("(self") and ") -> " in lines[0]:
        del lines[: 2 if len(lines) > 1 and not lines[1].strip() else 1]


def setup(app):
    app.connect("autodoc-process-signature", stub_signature)
    app.connect("autodoc-process-docstring", drop_nameless_signature)
    app.connect("object-description-transform", stub_property_type)
    return {"parallel_read_safe": True}
