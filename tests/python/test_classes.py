"""The package's classes are real Python classes over the compiled ones: shanhai.Registry and its
tables hold the compiled objects and forward to them; nothing is attached to a compiled class."""

from __future__ import annotations

import copy
import inspect
import pickle
import types

import shanhai as sh
from shanhai import _core


def test_nothing_is_attached_to_a_compiled_class():
    for name, cls in vars(_core).items():
        if not isinstance(cls, type):
            continue
        python = [attr for attr, value in vars(cls).items() if isinstance(value, types.FunctionType)]
        assert not python, f"_core.{name} carries Python functions {python}"


def test_the_registry_forwards_every_compiled_call():
    compiled = {name for name in dir(_core.Registry) if not name.startswith("_")}
    assert compiled <= set(dir(sh.Registry)), sorted(compiled - set(dir(sh.Registry)))
    assert sh.Registry.__module__ == "shanhai._registry"
    for name in compiled:  # each forwarder says what it takes, for help() and editors
        member = inspect.getattr_static(sh.Registry, name)
        if isinstance(member, types.FunctionType):
            assert len(inspect.signature(member).parameters) >= 1, name
            assert member.__doc__, name


def test_the_registry_and_its_tables_are_the_packages():
    reg = sh.datasets.siming_linxia_2018()
    assert isinstance(reg, sh.Registry) and not isinstance(reg, _core.Registry)
    assert isinstance(reg._reg, _core.Registry)
    for name in sh._extend.TABLES:
        view = getattr(reg, name)
        assert isinstance(view, sh.Table) and type(view).__name__ == type(view._view).__name__, name
        assert len(view) == len(getattr(reg._reg, name))
    assert isinstance(sh.from_bytes(reg.to_bytes()), sh.Registry)
    assert isinstance(sh.Registry.from_bytes(reg.to_bytes()), sh.Registry)
    assert isinstance(sh.merge([reg, sh.Registry()]), sh.Registry)
    assert all(isinstance(p.registry, sh.Registry) for p in reg.partition(2))


def test_copies_and_pickles_keep_the_bytes():
    reg = sh.datasets.siming_linxia_2018()
    for other in (copy.copy(reg), copy.deepcopy(reg), pickle.loads(pickle.dumps(reg))):
        assert isinstance(other, sh.Registry) and other is not reg
        assert other.to_bytes() == reg.to_bytes()
