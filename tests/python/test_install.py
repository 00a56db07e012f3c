"""Building without Boost.Serialization stops at once, naming the library and how to get it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOW = ("libboost-serialization-dev", "brew install boost", "boost-cpp", "Boost_ROOT")


@pytest.mark.skipif(shutil.which("cmake") is None, reason="needs cmake")
@pytest.mark.parametrize("python", ["OFF", "ON"], ids=["library", "pip-install"])
def test_configuring_without_boost_says_what_to_install(tmp_path, python):
    """CMAKE_DISABLE_FIND_PACKAGE_Boost hides Boost as a machine without it would; SHANHAI_PYTHON=ON
    is what pip install . configures."""
    proc = subprocess.run(["cmake", "-S", str(ROOT), "-B", str(tmp_path), "-DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON",
                           "-DSHANHAI_TESTS=OFF", f"-DSHANHAI_PYTHON={python}"],
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    message = " ".join(out.split())  # CMake wraps the message
    assert "shanhai needs Boost.Serialization" in message, out
    for how in HOW:
        assert how in message, (how, out)
    assert "BoostConfig.cmake" not in out  # CMake's own message, which names none of it
    assert "pybind11" not in out and "Python" not in out.replace("pip install", "")  # stopped before looking further


def test_the_readme_says_the_same():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"## Installing\n(.*?)\n## ", readme, re.S)
    assert section, "README has no Installing section"
    for how in HOW:
        assert how in section.group(1), how
    assert "Boost.Serialization" in section.group(1)
