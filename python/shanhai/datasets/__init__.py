"""Example data sets: the seed report (built only through the public API) and a synthetic
national programme (generated in C++, deterministic per seed)."""

from __future__ import annotations

from collections.abc import Callable

from .._core import _synthetic
from .._registry import Registry
from .siming_linxia import siming_linxia_2018



def synthetic(households: int = 100_000, flows: int = 50_000, seed: int = 1, *, first_year: int = 2016,
              last_year: int = 2020, persons: bool = True, identities: bool = True, history: bool = True, workers: int = 30,
              months: int = 12, trained: int = 5, progress: bool | Callable[[str, int, int], object] | None = None) -> Registry:
    """A synthetic national programme shaped like the real one: eastern provinces down to streets,
    western provinces down to villages (about 300 households each), east-west and street-village
    pairings, chains of parent flows (parts and pass-throughs), pooled county funds, dividends to
    households, workshop projects, benefits, exchanges, trainings and micro-wishes; and the
    household registry:

    - ``persons``: every household's members (3 a household on average), head first, with
      relation, sex, birth year, health, education and labour that fit together;
    - ``identities``: the persons' names, ID numbers (GB 11643, valid, each once, agreeing with
      birth year and sex) and, for most adults, mobile numbers: synthetic, generated, never a
      real person's (common surnames and given names, a western province's prefix);
    - ``history``: every household's status history: registered 2014–2017, exited 2014–2020, and
      one in twelve monitored after 2020 (unstable, marginal or in hardship); the households'
      ``status`` and ``exit_year`` are its first entry and its exit;
    - ``workers`` a workshop, each a member of a household of the workshop's county, employed
      month by month (runs of up to ``months``), with wages;
    - benefits: dividends as each household received them, trainings (``trained`` percent of
      households), and aggregate records of the street-paired villages.

    Every row goes in through the registry's validating insertions. The same seed gives the same
    registry, byte for byte, on every machine and any number of cores. The national size, 30
    million households (90 million persons, 64 million status changes, 7.7 million employment
    months) and 10 million flows, takes about 30 s on 2 cores and 4 GiB without identities, and
    about 5.5 minutes and 10.5 GiB at peak with them (each person's ID number is checked and
    indexed as ``add_person`` does, one person at a time). ``progress=True`` shows a
    progress bar; a callable ``(what, done, total)`` is told instead."""
    return Registry._wrap(_synthetic(households, flows, seed, first_year, last_year, persons, identities, history, workers, months, trained,
                      progress))


__all__ = ["siming_linxia_2018", "synthetic"]
