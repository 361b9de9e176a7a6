"""Processes seen through /proc (Linux): a parent's children, whether one still runs, their CPU time.

Shared by the benchmarks and the test that kills the importer; no Django here.
"""

import os
from pathlib import Path


def _stats():
    """(pid, fields after the command name) of every process; the name may hold spaces and parentheses."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            yield int(stat.parent.name), stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue


def children_of(parent: int) -> set[int]:
    return {pid for pid, fields in _stats() if int(fields[1]) == parent}


def children_cpu_seconds(parent: int) -> float:
    """User and system CPU time used so far by the children of `parent`."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum((int(f[11]) + int(f[12])) / ticks for _pid, f in _stats() if int(f[1]) == parent)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_line(pid: int) -> str:
    """A process's command line, words joined by spaces ("" once it has gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""
