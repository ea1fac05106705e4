"""The layering rules hold: import-linter's contracts, and no Qt in headless code."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_linter_contracts_are_kept(tmp_path: Path) -> None:
    """pyproject.toml's contracts: layers, Qt only in ui/app, ui never touches storage..."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = (
        [str(lint_imports)]
        if lint_imports.exists()
        else [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
        ]
    )
    result = subprocess.run(
        [*command, "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "broken" not in report.lower() or " 0 broken" in report.lower(), report


def test_the_contracts_cover_the_rules_of_the_design() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = {
        (source, target)
        for contract in contracts
        if contract["type"] == "forbidden"
        for source in contract["source_modules"]
        for target in contract["forbidden_modules"]
    }
    for headless in (
        "desktop_crm.cli",
        "desktop_crm.services",
        "desktop_crm.storage",
        "desktop_crm.domain",
    ):
        assert (headless, "PySide6") in forbidden, headless
    assert ("desktop_crm.ui", "desktop_crm.storage") in forbidden
    assert any(c["type"] == "layers" for c in contracts)


@pytest.mark.parametrize("module", ["desktop_crm.services.shop", "desktop_crm.cli"])
def test_headless_modules_do_not_load_qt(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    result = _run_python(
        f"import sys, {module}; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_help_runs_without_qt() -> None:
    if importlib.util.find_spec("desktop_crm.cli") is None:
        pytest.skip("desktop_crm.cli does not exist yet")
    result = _run_python(
        "import sys\n"
        "from desktop_crm import cli\n"
        "try:\n"
        "    cli.main(['demo', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.exit(1 if 'PySide6' in sys.modules else 0)\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
