"""How many CPUs this process may really use: the affinity mask, capped by the cgroup CPU quota.

In a container with a CPU limit (`docker run --cpus`, a Kubernetes `limits.cpu`) the affinity mask and
`os.cpu_count()` still show every core of the node; the limit is a CFS quota in the cgroup. Sizing a
pool of ~260 MB spaCy processes by the node's cores would start dozens of models on a big node and
then throttle them to the quota. Both cgroup versions are read:

- v2: `cpu.max` holds `"<quota> <period>"` (microseconds) or `"max <period>"` for no limit;
- v1: `cpu.cfs_quota_us` (-1 for no limit) and `cpu.cfs_period_us` in the `cpu` controller's folder.

Every cgroup from the process's own up to the root is read and the smallest limit wins, as the kernel
enforces them all. A fractional quota is rounded up (1.5 CPUs -> 2 processes): a CPU-bound process
throttled to half a core still adds throughput, and a limit below one CPU still gets one process.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")


def usable_cpus(cgroup_root: Path | None = None, proc_self_cgroup: Path | None = None) -> int:
    """The number of CPUs this process can use: min(affinity, ceil(cgroup quota)), at least 1."""
    affinity = len(os.sched_getaffinity(0))
    quota = cgroup_cpu_quota(cgroup_root or CGROUP_ROOT, proc_self_cgroup or PROC_SELF_CGROUP)
    if quota is None:
        return max(1, affinity)
    return max(1, min(affinity, math.ceil(quota)))


def cgroup_cpu_quota(cgroup_root: Path = CGROUP_ROOT, proc_self_cgroup: Path = PROC_SELF_CGROUP) -> float | None:
    """The CPU limit in CPUs (quota / period) from cgroup v2 or v1, or None when there is none."""
    try:
        lines = proc_self_cgroup.read_text().splitlines()
    except OSError:
        lines = []
    limits: list[float] = []
    for line in lines:
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if hierarchy == "0" and controllers == "":  # cgroup v2, the unified hierarchy
            limits += _limits(cgroup_root, path, _v2_limit)
        elif "cpu" in controllers.split(","):  # cgroup v1, the cpu controller's own hierarchy
            for folder in (controllers, "cpu", "cpu,cpuacct"):
                if (cgroup_root / folder).is_dir():
                    limits += _limits(cgroup_root / folder, path, _v1_limit)
                    break
    if not lines:  # no /proc (or unreadable): the root of the namespace is all we can read
        limits += [q for q in (_v2_limit(cgroup_root), _v1_limit(cgroup_root / "cpu")) if q is not None]
    return min(limits) if limits else None


def _limits(root: Path, path: str, read: Callable[[Path], float | None]) -> list[float]:
    """Limits of the cgroup at `root/path` and of each parent up to `root`.

    Inside a container `path` is often not visible under `root`; the namespace's root folder is then
    the process's own cgroup, and it is read too.
    """
    found: list[float] = []
    folder = root / path.strip("/")
    while True:
        if folder.is_dir() and (limit := read(folder)) is not None:
            found.append(limit)
        if folder == root or root not in folder.parents:
            break
        folder = folder.parent
    return found


def _v2_limit(folder: Path) -> float | None:
    try:
        quota, period = (folder / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max" or int(period) <= 0:
        return None
    return int(quota) / int(period)


def _v1_limit(folder: Path) -> float | None:
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text().strip())
        period = int((folder / "cpu.cfs_period_us").read_text().strip())
    except (OSError, ValueError):
        return None
    if quota <= 0 or period <= 0:
        return None
    return quota / period
