"""The notebooks of docs/notebooks run top to bottom in a kernel of this Python, without errors."""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "docs" / "notebooks").glob("*.ipynb"))
KERNEL = "shanhai-tests"
CELL_TIMEOUT = 120  # seconds, per cell
# The real captures some notebooks read: shared/ beside the repository (SHANHAI_SHARED names it elsewhere).
SHARED = Path(os.environ.get("SHANHAI_SHARED") or Path(__file__).resolve().parents[3] / "shared")
NEEDS_SHARED = {"07_real_data_in"}


def test_the_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_siming_linxia_report.ipynb", "02_where_did_the_money_go.ipynb",
        "03_checking_a_published_figure.ipynb", "04_larger_scale.ipynb", "05_an_offices_year.ipynb",
        "06_dayao_2023.ipynb", "07_real_data_in.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_outputs_are_committed(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel spec that starts this very interpreter (the .venv's), whatever else is installed."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "shanhai tests", "language": "python"}))
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(root))
    patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    patch.setenv("MPLBACKEND", "agg")
    yield KERNEL
    patch.undo()


@functools.cache
def wired_on_import() -> bool:
    """Whether a fresh ``import shanhai`` installs the display and plot modules (asked of a new
    interpreter: the test modules of this run may have installed them here already)."""
    probe = "import shanhai; print(hasattr(shanhai, 'plot') and hasattr(shanhai.Report, '_repr_html_'))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"


def setup_cell():
    """Until the package wires its display and plot modules on import, the kernel does it first."""
    if wired_on_import():
        return None
    return nbformat.v4.new_code_cell(
        "import shanhai, shanhai.display, shanhai.plot\nshanhai.display.install(); shanhai.plot.install()")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, kernel, tmp_path, monkeypatch):
    if path.stem in NEEDS_SHARED:
        if not (SHARED / "data").is_dir():
            pytest.skip(f"{path.name} reads the real captures, which are not at {SHARED}")
        monkeypatch.setenv("SHANHAI_SHARED", str(SHARED))
    nb = nbformat.read(path, as_version=4)
    first = setup_cell()
    if first is not None:
        nb.cells.insert(0, first)
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=CELL_TIMEOUT, allow_errors=False,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Warning" not in out.text, f"{path.name}: a warning in\n{cell.source}\n{out.text}"
    shown = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "execute_result"]
    assert shown and any("text/html" in out.data for out in shown)
