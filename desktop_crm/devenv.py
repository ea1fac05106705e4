"""Set up the project's environment on first use, with nothing but Python 3.11+ and pip.

``python -m desktop_crm`` and ``python -m desktop_crm.devenv test`` call this: when the
dependencies are not importable, it creates ``.venv`` beside the source, installs the locked
versions (``requirements.lock``) and the project, then runs the same command inside it.
Standard library only: it runs before any dependency exists.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
MARKER = VENV / ".desktop_crm-installed"
REQUIRED = ("PySide6", "sqlalchemy", "alembic", "phonenumbers", "email_validator", "babel")
TEST_REQUIRED = ("pytest", "pytestqt", "importlinter", "hypothesis")


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _importable(modules: tuple[str, ...]) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in modules)


def _wanted_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _install() -> None:
    import venv

    python = _venv_python()
    if not python.exists():
        print(f"Creating the environment in {VENV} (first run only)...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the locked dependencies (first run only, a few minutes)...", flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(LOCK)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    MARKER.write_text(_wanted_fingerprint(), encoding="utf-8")


def _environment_current() -> bool:
    return MARKER.exists() and MARKER.read_text(encoding="utf-8") == _wanted_fingerprint()


def ensure_environment(rerun: list[str], *, need_tests: bool = False) -> None:
    """Return when this interpreter has what is needed; otherwise set up ``.venv`` and run
    ``python <rerun> <original arguments>`` there, exiting with its exit code."""
    modules = REQUIRED + (TEST_REQUIRED if need_tests else ())
    if _inside_venv():
        if _environment_current() and _importable(modules):
            return
    elif _importable(modules) and not (ROOT / "pyproject.toml").exists():
        return  # an installed copy (no source checkout): use it as it is
    elif _importable(modules) and not VENV.exists():
        return  # the developer installed the dependencies into this interpreter themselves
    if not LOCK.exists():
        sys.exit(f"Cannot set up the environment: {LOCK} is missing.")
    try:
        if not _environment_current():
            _install()
    except (subprocess.CalledProcessError, OSError) as exc:
        sys.exit(f"Setting up the environment failed: {exc}")
    command = [str(_venv_python()), *rerun, *sys.argv[1:]]
    sys.exit(subprocess.call(command, cwd=os.getcwd()))


def run_tests(args: list[str]) -> int:
    """The whole test suite, headless (Qt's offscreen platform)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env)


def run_lint() -> int:
    """ruff, mypy and the layer contracts."""
    steps = [
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy", "desktop_crm"],
        [str(Path(sys.executable).with_name("lint-imports"))],
    ]
    return max(subprocess.call(step, cwd=ROOT) for step in steps)


def main() -> int:
    args = sys.argv[1:]
    command = args[0] if args else ""
    if command not in ("test", "lint"):
        print("usage: python -m desktop_crm.devenv test [pytest arguments] | lint")
        return 2
    ensure_environment(["-m", "desktop_crm.devenv"], need_tests=True)
    return run_tests(args[1:]) if command == "test" else run_lint()


if __name__ == "__main__":
    sys.exit(main())
