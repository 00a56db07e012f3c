"""Merge: registries, or the parts of a partitioned registry, put back together into one registry
(the rules are in include/shanhai/merge.hpp and docs/performance.md).

    whole = sh.merge(reg.partition(8))                  # the whole again, byte for byte
    both = sh.merge([linxia, hezheng])                  # two offices' registries, one after the other
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import _core
from ._errors import ValidationError, WrongTypeError
from ._partition import Partition
from ._registry import Registry


def merge(registries: Iterable[Registry] | Iterable[Partition], *,
          progress: bool | Callable[[str, int, int], object] | None = None) -> Registry:
    """One registry from registries with disjoint rows, built and validated like a loaded file.

    Registries of their own: the rows of each follow those of the registries before it, every
    reference renumbered. Partners are the frame each office's registry repeats: a partner
    identical in name, kind, side, parent and code to one of an earlier registry is that partner
    (and its note must agree); partners of one registry are never joined. A target equal to one of
    an earlier registry is that target; another value for the same indicator and year conflicts.
    A household registered in two registries (the same registry number) means they overlap.

    Partitions (``Registry.partition``): every row goes back to its id in the whole, placeholders
    are dropped, partners and targets must be the same in every part, and the parts must hold
    every row of the whole once: merging all the parts gives the whole back, equal byte for byte
    (``to_bytes()``), without its published figures (``expect_total``), which partitions leave with
    the whole.

    Overlapping or conflicting inputs raise ValidationError naming the table and row; the inputs
    are never changed. ``progress``: True for a progress bar, or a callable (what, done, total)
    told of the merged rows as they are validated.
    """
    if isinstance(registries, (Registry, Partition)) or not isinstance(registries, Iterable):
        raise WrongTypeError(f"merge: expected a list of registries or of partitions, got {registries!r}",
                             field="registries", reason="wrong_type")
    items: list[object] = list(registries)
    parts = [r for r in items if isinstance(r, Partition)]
    if items and len(parts) == len(items):
        return Registry._wrap(_core._merge_parts([(p.registry._reg, p.ids, p.placeholders) for p in parts], progress))
    whole = [r for r in items if isinstance(r, Registry)]
    if len(whole) == len(items):
        return Registry._wrap(_core._merge([r._reg for r in whole], progress))
    if all(isinstance(r, (Registry, Partition)) for r in items):
        raise ValidationError("merge: registries and partitions cannot be merged together: a partition's rows go "
                              "back to their ids in its whole, a registry's after the rows before it",
                              field="registries", reason="mismatch")
    other = next(r for r in items if not isinstance(r, (Registry, Partition)))
    raise WrongTypeError(f"merge: expected registries or partitions, got {type(other).__name__}",
                         field="registries", reason="wrong_type")
