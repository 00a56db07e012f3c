"""The cost of masking: ``persons.to_pandas()`` (masked, the default) beside ``personal="show"``
and ``personal="drop"``, and the same for ``to_arrow()``, at 1,000,000 synthetic persons with
names, valid ID numbers (GB 11643 check characters) and phones.

    .venv/bin/python benchmarks/masking.py [N]

Not part of make test or make bench. Best of three of each; every identity is synthetic.
"""

from __future__ import annotations

import sys
import time

import shanhai as sh

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SURNAMES = "马王李张刘陈杨赵黄周"


def registry(n: int) -> sh.Registry:
    reg = sh.Registry()
    county = reg.add_partner("临夏县", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=county)
    households = n // 4
    reg.add_households({"number": [f"6229011002{i:08d}" for i in range(households)],
                        "village": [village.id] * households, "members": [4] * households})
    ids, years, sexes = [], [], []
    for i in range(n):  # i in mixed radix: year, month, day, sequence: every number another
        year, month, day, serial = 1940 + i % 80, 1 + i // 80 % 12, 1 + i // 960 % 28, i // 26880
        sex = i % 2  # odd sequence: male
        first17 = f"622901{year}{month:02d}{day:02d}{serial * 2 + sex:03d}"
        ids.append(first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11])
        years.append(year)
        sexes.append("male" if sex else "female")
    if len(set(ids)) != n:  # a clash of synthetic numbers: spread the sequence further
        raise SystemExit("synthetic ID numbers clash; choose another N")
    reg.add_persons({"household": [i // 4 for i in range(n)], "birth_year": years, "sex": sexes,
                     "name": [SURNAMES[i % 10] + "某" + "甲乙丙丁"[i % 4] for i in range(n)], "id_number": ids,
                     "phone": [f"139{i:08d}" for i in range(n)]})
    return reg


def best_of_three(run) -> float:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    t = time.perf_counter()
    reg = registry(n)
    print(f"{n:,} persons built in {time.perf_counter() - t:.1f} s")
    for call in ("to_pandas", "to_arrow"):
        for personal in ("show", "mask", "drop"):
            seconds = best_of_three(lambda: getattr(reg.persons, call)(personal=personal))
            print(f"persons.{call}(personal={personal!r}): best of 3 {seconds:.2f} s")


if __name__ == "__main__":
    main()
