"""The dependency files agree: pyproject.toml, the pinned sources and the hashed locks.

requirements.txt and requirements-dev.txt are the sources; `make lock` compiles them into
requirements.lock and requirements-dev.lock, which `make setup` and `make setup-dev` install
with --require-hashes. A source pin changed without `make lock`, or pyproject.toml left behind,
fails here with the command that fixes it.
"""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# Pinned in requirements.txt so setup uses the same installer everywhere; not a dependency.
INSTALLER = {"pip"}


def source_pins(name: str) -> dict[str, str]:
    """The `name==version` lines of one source file (not those it includes with -r)."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        pins.update(pin(line, name))
    return pins


def pin(text: str, where: str) -> dict[str, str]:
    req = Requirement(text)
    specs = list(req.specifier)
    assert len(specs) == 1 and specs[0].operator == "==", f"{where}: {text!r} is not pinned with =="
    return {canonicalize_name(req.name): specs[0].version}


def lock_entries(name: str) -> dict[str, tuple[str, list[str]]]:
    """Each locked package of a lock file: its version and its hashes."""
    text = (ROOT / name).read_text().replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *options = line.split()
        hashes = [o.removeprefix("--hash=") for o in options if o.startswith("--hash=")]
        ((package, version),) = pin(requirement, name).items()
        entries[package] = (version, hashes)
    return entries


def pyproject_pins(group: str | None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["optional-dependencies"][group] if group else project["dependencies"]
    pins = {}
    for text in declared:
        pins.update(pin(text, "pyproject.toml"))
    return pins


def test_pyproject_declares_the_runtime_pins_of_requirements_txt():
    sources = {k: v for k, v in source_pins("requirements.txt").items() if k not in INSTALLER}
    assert pyproject_pins(None) == sources, (
        "pyproject.toml [project] dependencies differ from requirements.txt"
    )


def test_pyproject_dev_extra_declares_the_pins_of_requirements_dev_txt():
    assert pyproject_pins("dev") == source_pins("requirements-dev.txt"), (
        "pyproject.toml [project.optional-dependencies] dev differs from requirements-dev.txt"
    )


def test_each_lock_pins_every_source_requirement_at_its_version():
    runtime = source_pins("requirements.txt")
    dev = runtime | source_pins("requirements-dev.txt")
    for lock, sources in (("requirements.lock", runtime), ("requirements-dev.lock", dev)):
        locked = {name: version for name, (version, _) in lock_entries(lock).items()}
        stale = {n: (v, locked.get(n)) for n, v in sources.items() if locked.get(n) != v}
        assert not stale, f"{lock} is out of date (source, locked): {stale}; run `make lock`"


def test_dev_lock_pins_the_runtime_lock_packages_at_the_same_versions():
    runtime = {name: v for name, (v, _) in lock_entries("requirements.lock").items()}
    dev = {name: v for name, (v, _) in lock_entries("requirements-dev.lock").items()}
    differ = {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v}
    assert not differ, f"the locks disagree (runtime, dev): {differ}; run `make lock`"


def test_every_locked_package_carries_a_sha256_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = lock_entries(lock)
        assert "django" in entries and "pydantic-core" in entries  # transitive ones too
        unhashed = [name for name, (_, hashes) in entries.items() if not hashes]
        assert not unhashed, f"{lock}: no hash for {unhashed}; run `make lock`"
        assert all(h.startswith("sha256:") for _, hashes in entries.values() for h in hashes)
