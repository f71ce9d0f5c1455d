"""Test-suite hooks: print the extra environments' timings (tests/test_envs.py) at the end of the run."""


def pytest_terminal_summary(terminalreporter):
    """Show what tools/test_envs.py printed (kernel versions, seconds per notebook), also under pytest-xdist."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])
               if getattr(r, "when", "") == "call" and "envs" in getattr(r, "keywords", {})]  # the slow runs only
    if not reports:
        return
    terminalreporter.section("notebook environments (tools/test_envs.py)")
    for report in reports:
        text = "".join(content for title, content in report.sections if "stdout" in title).strip()
        terminalreporter.write_line(f"{report.nodeid}: {report.outcome}")
        for line in text.splitlines():
            terminalreporter.write_line("    " + line)
