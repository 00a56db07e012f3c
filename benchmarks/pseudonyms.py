"""The cost of pseudonyms: 1,000,000 synthetic ID numbers pseudonymised by the library (C++ HMAC-SHA256,
key states computed once) and by Python's hmac module, one call per value (what a script would do).

    .venv/bin/python benchmarks/pseudonyms.py [N]

Not part of make test or make bench. Both give the same pseudonyms (checked on the first 1,000).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys
import time

import shanhai as sh

KEY = b"benchmark key, not a real one!!"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def synthetic_ids(n: int) -> list[str]:
    out = []
    for i in range(n):
        first17 = f"622901{19500101 + (i // 1000) % 500 * 10000 + i % 28:08d}{i % 1000:03d}"
        out.append(first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11])
    return out


def python_hmac(values: list[str]) -> list[str]:
    prefix = b"id\0"
    return [base64.b32encode(hmac.new(KEY, prefix + v.encode(), hashlib.sha256).digest()[:10]).decode()
            for v in values]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    values = synthetic_ids(n)
    best = {}
    for name, run in (("library (C++)", lambda: sh._core._pseudonymise(KEY, "id", values)),
                      ("Python hmac", lambda: python_hmac(values))):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            out = run()
            times.append(time.perf_counter() - t)
        best[name] = (min(times), out)
        print(f"{name:14} {n:,} pseudonyms: best of 3 {min(times):.2f} s ({n / min(times) / 1e6:.2f} M/s)")
    assert best["library (C++)"][1][:1000] == best["Python hmac"][1][:1000]


if __name__ == "__main__":
    main()
