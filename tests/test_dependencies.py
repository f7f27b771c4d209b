"""Which app may import which at run time: the lower layers never reach up.

`accounts` says who a user is and what their scope is; every other app builds on it, so it
imports none of them when it runs (type hints under TYPE_CHECKING are fine). Within an app,
the access rules do not depend on the services that call them. The demo sits at the top:
it uses every app, and no app needs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PATHWAYS = Path(__file__).resolve().parent.parent / "pathways"


def _run_time_imports(path: Path) -> set[str]:
    """Modules `path` imports when it runs, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from pathways import demo` imports pathways.demo as surely as its own line.
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _app_sources(app: str) -> list[Path]:
    return [
        p
        for p in (PATHWAYS / app).rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_accounts_imports_no_other_domain_app_at_run_time():
    offenders = {
        f"{path.relative_to(PATHWAYS.parent)} imports {module}"
        for path in _app_sources("accounts")
        for module in _run_time_imports(path)
        if module.startswith(("pathways.activities", "pathways.results", "pathways.reports"))
    }
    assert not offenders, "\n".join(sorted(offenders))


def test_activities_access_rules_do_not_depend_on_the_services():
    imports = _run_time_imports(PATHWAYS / "activities" / "access.py")
    assert "pathways.activities.services" not in imports
    assert "pathways.activities.access" in _run_time_imports(
        PATHWAYS / "activities" / "services.py"
    )


def test_no_app_imports_the_demo_at_run_time():
    """The demo sits above every app: it may use them all, and none of them may need it."""
    apps = [p.name for p in PATHWAYS.iterdir() if (p / "apps.py").exists() and p.name != "demo"]
    offenders = {
        f"{path.relative_to(PATHWAYS.parent)} imports {module}"
        for app in apps
        for path in _app_sources(app)
        for module in _run_time_imports(path)
        if module == "pathways.demo" or module.startswith("pathways.demo.")
    }
    assert apps and not offenders, "\n".join(sorted(offenders))
