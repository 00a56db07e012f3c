"""Shared fixtures: the embedded 2018 data set and the small pair registry of the README's example."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import shanhai as sh


@pytest.fixture
def seed() -> sh.Registry:
    """The embedded 2018 Siming-Linxia data set (a fresh registry for every test)."""
    return sh.datasets.siming_linxia_2018()


def build_pair() -> SimpleNamespace:
    """The registry of the README's Python example, built call by call as written there, with a
    project, a household and their records beside it."""
    reg = sh.Registry()
    siming = reg.add_partner("思明区", kind="district", side="east", code="350203")
    linxia = reg.add_partner("临夏市", kind="county", side="west", code="622901")
    fuhan = reg.add_partner("枹罕镇", kind="town", parent=linxia)
    wangping = reg.add_partner("王坪村", kind="village", parent=fuhan)
    pairing = reg.pair(siming, linxia, kind="east_west", since="2017-08")

    total = reg.add_flow(siming, linxia, "984万", date="2018", kind="fiscal", purpose="industry")
    part = reg.add_flow(siming, wangping, "34万", date="2018-05", kind="fiscal", purpose="industry",
                        parent=total)
    ws = reg.add_project("扶贫车间", sector="industry", location=linxia, outputs={"workshops": 20})
    h = reg.add_household("622901100201000001", village=wangping, members=4, status="poor")
    one = reg.add_benefit(h, via=ws, kind="employment", persons=1, date="2018-09")
    aggregate = reg.add_benefit(None, via=ws, kind="employment", persons=900, date="2018")
    exchange = reg.add_exchange(siming, linxia, role="teacher", person_times=8, batches=2, date="2018")
    training = reg.add_training(siming, location=linxia, role="teacher", trainees=800, date="2018")
    w = reg.add_wish(h, "书包和文具", cost="300元", date="2018-12")
    reg.claim_wish(w, by=siming, date="2018-12-28")
    reg.fulfil_wish(w, date="2019-01-10")
    event = reg.add_event("signing", date="2017-08", partners=[siming, linxia])
    return SimpleNamespace(
        reg=reg, siming=siming, linxia=linxia, fuhan=fuhan, wangping=wangping, pairing=pairing,
        total=total, part=part, ws=ws, h=h, benefit=one, aggregate=aggregate, exchange=exchange,
        training=training, wish=w, event=event,
    )


@pytest.fixture
def pair() -> SimpleNamespace:
    """The README example registry and every handle it made (reg, siming, linxia, total, part, ...)."""
    return build_pair()


WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # GB 11643: 2^(17-i) mod 11


def synthetic_id(area: str, born: str, sequence: int) -> str:
    """A synthetic citizen ID number (never a real person's): a 6-digit area code, a birth date
    yyyymmdd, a 3-digit sequence (odd: male, even: female) and the check character GB 11643
    computes from them (written here from the standard, not taken from the library)."""
    first17 = f"{area}{born}{sequence:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def synthetic_id_ending(area: str, born: str, check: str, sequence: int = 0) -> str:
    """The first synthetic ID number from `sequence` on whose check character is `check`."""
    while not synthetic_id(area, born, sequence).endswith(check):
        sequence += 1
    return synthetic_id(area, born, sequence)
