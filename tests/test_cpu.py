"""EXTRACT_PROCESSES=auto: the affinity mask capped by the container's CPU quota (fake cgroup trees)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.config import Settings
from service.cpu import cgroup_cpu_quota, usable_cpus


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def cores(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pretend the node has 16 cores in the affinity mask."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    return 16


def v2_tree(tmp_path: Path, cpu_max: str, own: str = "/", parent_cpu_max: str | None = None) -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    _write(root / own.strip("/") / "cpu.max", cpu_max)
    if parent_cpu_max is not None:
        _write(root / "cpu.max", parent_cpu_max)
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"0::{own}\n")
    return root, proc


def test_cgroup_v2_quota_of_two_cpus_caps_sixteen_cores_to_two(tmp_path, cores):
    root, proc = v2_tree(tmp_path, "200000 100000\n")
    assert cgroup_cpu_quota(root, proc) == 2.0
    assert usable_cpus(root, proc) == 2


def test_cgroup_v2_fractional_quota_rounds_up_and_never_below_one(tmp_path, cores):
    assert usable_cpus(*v2_tree(tmp_path / "a", "150000 100000")) == 2
    assert usable_cpus(*v2_tree(tmp_path / "b", "20000 100000")) == 1


def test_cgroup_v2_without_limit_uses_the_affinity_mask(tmp_path, cores):
    assert usable_cpus(*v2_tree(tmp_path, "max 100000\n")) == 16


def test_cgroup_v2_parent_limit_applies_to_a_child_cgroup(tmp_path, cores):
    root, proc = v2_tree(tmp_path, "max 100000", own="/kubepods/pod1/ctr", parent_cpu_max="300000 100000")
    assert usable_cpus(root, proc) == 3


def test_cgroup_v1_cfs_quota_caps_the_cores(tmp_path, cores):
    root = tmp_path / "cgroup"
    _write(root / "cpu,cpuacct" / "docker" / "abc" / "cpu.cfs_quota_us", "400000\n")
    _write(root / "cpu,cpuacct" / "docker" / "abc" / "cpu.cfs_period_us", "100000\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text("4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n")
    assert cgroup_cpu_quota(root, proc) == 4.0
    assert usable_cpus(root, proc) == 4


def test_cgroup_v1_quota_minus_one_means_no_limit(tmp_path, cores):
    root = tmp_path / "cgroup"
    _write(root / "cpu" / "cpu.cfs_quota_us", "-1\n")
    _write(root / "cpu" / "cpu.cfs_period_us", "100000\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text("2:cpu:/\n")
    assert cgroup_cpu_quota(root, proc) is None
    assert usable_cpus(root, proc) == 16


def test_affinity_smaller_than_the_quota_wins(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert usable_cpus(*v2_tree(tmp_path, "800000 100000")) == 2


def test_extract_processes_auto_resolves_through_the_cgroup_quota(tmp_path, cores, monkeypatch):
    root, proc = v2_tree(tmp_path, "200000 100000")
    monkeypatch.setattr("service.cpu.CGROUP_ROOT", root)
    monkeypatch.setattr("service.cpu.PROC_SELF_CGROUP", proc)
    assert Settings(extract_processes="auto").extraction_processes == 2
    assert Settings(extract_processes=3).extraction_processes == 3
