"""What every bench script shares: Django set up on the local settings, printing and timing."""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def timed(label: str, fn, repeat: int) -> list[float]:
    """Run `fn(i)` `repeat` times; print the median and 95th percentile in milliseconds."""
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    out(f"  {label:<52} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms   (n={repeat})")
    return samples
