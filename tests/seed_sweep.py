"""Run tests under many random-data seeds, to prove they don't pass by luck (not part of the suite).

    .venv/bin/python tests/seed_sweep.py 1000 "api/tests/test_discovery.py::test_discover_people"

Each selected test runs once per seed 0..N-1 (the conftest's `random_seed` fixture is parametrized), in one
pytest process; the exit status is pytest's, and a failure names its seed as `[seed]` in the test id.
"""
import sys

import pytest


class SeedSweep:
    def __init__(self, count: int):
        self.count = count

    def pytest_generate_tests(self, metafunc):
        if "random_seed" in metafunc.fixturenames:
            metafunc.parametrize("random_seed", range(self.count), ids=lambda seed: f"seed{seed}")


if __name__ == "__main__":
    count, *args = sys.argv[1:]
    sys.exit(pytest.main(["-q", *args], plugins=[SeedSweep(int(count))]))
