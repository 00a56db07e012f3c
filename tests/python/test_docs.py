"""The documentation site (docs/, Sphinx) builds with every warning an error and every reference
resolved, as `make docs` builds it, and its API pages leave out no call of the registry."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import shanhai as sh

DOCS = Path(__file__).resolve().parents[2] / "docs"


def text_of(page: Path) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body)))


def test_every_registry_call_is_on_the_api_page():
    page = (DOCS / "api" / "shanhai.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"\.\. auto(?:method|property):: (\w+)", page))
    public = {name for name in dir(sh.Registry) if not name.startswith("_")}
    assert public <= listed, f"add {sorted(public - listed)} to shanhai.Registry in docs/api/shanhai.rst"
    assert listed <= public, f"docs/api/shanhai.rst lists {sorted(listed - public)}, which Registry lacks"


def test_every_report_indicator_is_on_the_page_for_entering_a_year():
    page = (DOCS / "entering-a-year.md").read_text(encoding="utf-8")
    keys = list(sh.datasets.siming_linxia_2018().report(year=2018).keys())
    # a key is there by name, or as one of a family written `area.name.<kind>`
    missing = [k for k in keys if f"`{k}`" not in page and f"`{k.rsplit('.', 1)[0]}.<" not in page
               and f"`.{k.rsplit('.', 1)[1]}`" not in page]
    assert not missing, f"docs/entering-a-year.md: say what feeds {missing}"


def test_the_docs_build_without_a_warning(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E", "-q",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"sphinx (as in `make docs`) failed:\n{out.stdout}{out.stderr}"
    site = tmp_path / "html"
    for page in ("index", "guide", "files", "performance", "notebooks", "api/index", "api/shanhai",
                 "api/datasets", "api/plot", "api/display", "api/spreadsheets", "api/iati"):
        assert (site / f"{page}.html").is_file(), page
    assert "Counting honestly" in text_of(site / "guide.html")
    assert len(list((site / "_downloads").rglob("*.ipynb"))) == len(list((DOCS / "notebooks").glob("*.ipynb")))
    api = text_of(site / "api" / "shanhai.html")
    # the compiled calls carry the types of the stubs, not pybind11's "object"
    assert "amount: Money | str | int | decimal.Decimal" in api
    assert "property parent: Flow | None" in api
    assert "source: object" not in api
