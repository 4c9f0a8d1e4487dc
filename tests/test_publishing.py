"""The deploy workflow: least privilege, time limits, no stored credentials,
actions pinned by commit and Python packages by hash."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
LOCK = ROOT / "requirements.lock"
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
    runs = [step["run"] for job in workflow()["jobs"].values() for step in steps(job) if "run" in step]
    installs = [run for run in runs if "pip install" in run]
    assert installs and all("--require-hashes" in run and "-r requirements.lock" in run for run in installs), installs
    lock = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock[lock.index("\n", lock.index("==") - 80):].strip())
    for entry in entries:
        if entry.startswith("#"):
            continue
        assert PIN.match(entry) and "--hash=sha256:" in entry, entry[:80]
    locked = {name.lower().replace("_", "-"): version for name, version in PIN.findall(lock)}
    wanted = PIN.findall((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    assert wanted
    for name, version in wanted:
        assert locked.get(name.lower().replace("_", "-")) == version, f"{name}=={version} not in requirements.lock"
