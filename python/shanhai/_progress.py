"""The progress bar behind ``progress=True``: one bar per stage of a long call (validating rows,
adding flows, making households ...), in a notebook or a terminal."""

from __future__ import annotations

from typing import Any


class Bar:
    """A callable ``(what, done, total)`` that draws a bar for each ``what`` it is told of."""

    def __init__(self) -> None:
        from tqdm.auto import tqdm

        self._tqdm = tqdm
        self._what: str | None = None
        self._bar: Any = None  # a tqdm bar (tqdm ships no types)

    def __call__(self, what: str, done: int, total: int) -> None:
        if what != self._what:
            self.close()
            self._what = what
            self._bar = self._tqdm(total=total, desc=what, unit=" rows", unit_scale=True, leave=True)
        self._bar.update(done - self._bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
            self._what = None
