"""Shared pytest hooks for summarymine's tests."""

# --------------------------------------------------------------------------- peer suite summary


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    """The in-scope pass rate of each ../shared/peers file, when test_peers.py was collected."""
    import sys
    from pathlib import Path

    module = next((m for m in list(sys.modules.values())
                   if Path(getattr(m, "__file__", None) or "").name == "test_peers.py"
                   and hasattr(m, "peer_summary_lines")), None)
    if module is None:
        return
    terminalreporter.write_sep("=", "peer cases (../shared/peers): in-scope pass rate per file")
    for line in module.peer_summary_lines():
        terminalreporter.write_line(line)
