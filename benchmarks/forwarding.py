"""The cost of the Python Registry's forwarding: add_flow per call and totals on a synthetic
registry of FLOWS flows (default 1,000,000). Prints one line per figure; run it before and after
a change to the package's classes.

    .venv/bin/python benchmarks/forwarding.py
"""

from __future__ import annotations

import os
import time

import shanhai as sh


def best(fn: object, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    flows = int(os.environ.get("FLOWS", "1000000"))
    calls = int(os.environ.get("CALLS", "200000"))
    reg = sh.Registry()
    east = reg.add_partner("东部示例区", kind="district", side="east")
    west = reg.add_partner("西部示例县", kind="county", side="west")

    def add() -> None:
        for _ in range(calls):
            reg.add_flow(east, west, "1万", date="2018", kind="fiscal")

    per_call = best(add, 3) / calls
    print(f"add_flow: {per_call * 1e9:.0f} ns a call ({calls} calls, best of 3)")
    core = getattr(reg, "_reg", None)  # the compiled registry behind the package's class
    if core is not None:  # the forwarding alone: the same calls, interleaved, through each
        n = calls // 4
        through = {"shanhai.Registry": reg, "compiled": core}
        for name, target in through.items():
            flow_ns = best(lambda: [target.add_flow(east, west, 10000, date="2018", kind="fiscal") for _ in range(n)])
            len_ns = best(lambda: [len(target.flows) for _ in range(n)])
            print(f"{name}: add_flow {flow_ns / n * 1e9:.0f} ns, len(reg.flows) {len_ns / n * 1e9:.0f} ns a call")

    start = time.perf_counter()
    big = sh.datasets.synthetic(households=flows // 2, flows=flows, persons=False, history=False)
    print(f"synthetic: {len(big.flows)} flows in {time.perf_counter() - start:.2f} s")
    print(f"totals(): {best(lambda: big.totals()) * 1e3:.1f} ms (best of 5)")
    print(f"totals(by='year'): {best(lambda: big.totals(by='year')) * 1e3:.1f} ms (best of 5)")
    print(f"len(flows) x 100000: {best(lambda: [len(big.flows) for _ in range(100000)]) * 1e3:.1f} ms (best of 5)")


if __name__ == "__main__":
    main()
