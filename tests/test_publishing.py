"""The deploy workflow: least privilege, time limits, no stored credentials,
actions pinned by commit and Python packages by hash."""

from __future__ import annotations

import re

import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.M)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def test_least_privilege_per_job():
    flow = workflow()
    assert flow["permissions"] == {}, "the token has no permissions unless a job asks"
    jobs = flow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        assert "permissions" in job, name
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        assert not writes or name == "deploy", (name, writes)


def test_every_job_has_a_time_limit():
    for name, job in workflow()["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 30, name


def test_checkout_keeps_no_credentials_and_actions_are_pinned_by_commit():
    for name, job in workflow()["jobs"].items():
        for step in steps(job):
            if "uses" not in step:
                continue
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if step["uses"].startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, name


def test_installs_are_hash_pinned():
    jobs = workflow()["jobs"]
    for name, lock_file in (("build", LOCK), ("test", DEV_LOCK)):
        installs = [step["run"] for step in steps(jobs[name]) if "pip install" in step.get("run", "")]
        assert installs and all("--require-hashes" in run and f"-r {lock_file.name}" in run for run in installs), installs
    _check_lock(LOCK, ROOT / "requirements.txt")
    _check_lock(DEV_LOCK, ROOT / "requirements.txt", ROOT / "requirements-dev.txt")


def test_fast_tests_pass_before_the_site_is_built():
    jobs = workflow()["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    runs = [step.get("run", "") for step in steps(jobs["test"])]
    assert any(re.search(r"python -m pytest -m \"not browser\b", run) for run in runs), runs


def _check_lock(lock_file, *requirement_files):
    lock = lock_file.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock[lock.index("\n", lock.index("==") - 80):].strip())
    for entry in entries:
        if entry.startswith("#"):
            continue
        assert PIN.match(entry) and "--hash=sha256:" in entry, entry[:80]
    locked = {name.lower().replace("_", "-"): version for name, version in PIN.findall(lock)}
    wanted = [pin for path in requirement_files for pin in PIN.findall(path.read_text(encoding="utf-8"))]
    assert wanted
    for name, version in wanted:
        assert locked.get(name.lower().replace("_", "-")) == version, f"{name}=={version} not in {lock_file.name}"
