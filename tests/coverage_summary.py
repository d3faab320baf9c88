"""A short coverage summary at the end of a `--cov` run: statements and branches covered per top-level app.

pytest-cov prints the total (and enforces `--cov-fail-under`); this adds one line per app, so a drop shows
where it happened. `make coverage-report` prints the per-file table.
"""
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    plugin = config.pluginmanager.getplugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    if controller is None or getattr(controller, "cov", None) is None or hasattr(config, "workerinput"):
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "coverage.json"
        try:
            controller.cov.json_report(outfile=str(out))
        except Exception as error:  # noqa: BLE001 - a summary must never fail the run
            terminalreporter.write_line(f"coverage summary unavailable: {error}")
            return
        files = json.loads(out.read_text())["files"]
    apps: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name, data in files.items():
        app = Path(name).parts[0] if len(Path(name).parts) > 1 else "(root)"
        summary = data["summary"]
        for n, key in enumerate(("num_statements", "covered_lines", "num_branches", "covered_branches")):
            apps[app][n] += summary.get(key, 0)
    terminalreporter.section("coverage by app (lines, branches)", sep="-")
    for app, (lines, covered, branches, taken) in sorted(apps.items()):
        branch = f"{100 * taken / branches:5.1f} %" if branches else "    —  "
        terminalreporter.write_line(f"{app:<18} {100 * covered / max(lines, 1):5.1f} % of {lines:>5} lines   "
                                    f"{branch} of {branches:>4} branches")
