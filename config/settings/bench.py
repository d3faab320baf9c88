"""Benchmarks only (bench/http_bench.py): production settings with the API's rate limits out of the way,
so a load generator on one address measures the app rather than the 429s."""
from .production import *  # noqa: F403
from .production import REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {scope: "1000000/minute" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
}
