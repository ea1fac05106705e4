"""The headless commands for bringing customers in and out: import, export, personal-data,
erase, audit (exit codes: 0 done, 1 some rows had errors, 2 unusable input or refused)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_crm import cli
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.storage.database import sqlite_url

ROOT = Path(__file__).resolve().parents[2]
ALL = CustomerQuery(archive=ArchiveFilter.ALL)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


ROWS = [
    ["Name", "Phone", "Email"],
    ["José Sánchez", "612 34 56 78", "jose@mail.es"],
    ["Bad Phone", "12", "bad@example.com"],
    ["Ann Lee", "+1 212 555 0199", "ann@example.com"],
]


def _run(db_path: Path, *args: str) -> int:
    return cli.main([args[0], "--database", sqlite_url(db_path), *args[1:]])


def test_import_prints_a_summary_writes_the_errors_and_exits_1(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _csv(tmp_path / "in.csv", ROWS)
    errors = tmp_path / "problems.csv"
    assert _run(db_path, "import", str(source), "--errors", str(errors)) == 1
    out, err = capsys.readouterr()
    assert "2 created, 0 already there, 1 with errors" in out
    assert "Line 3: This phone number" in err or "Line 3: This is not a phone number" in err
    assert str(errors) in out
    written = list(csv.reader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert written[0] == ["Name", "Phone", "Email", "problem"]
    assert written[1][:3] == ROWS[2]
    assert shop.customers.count(ALL) == 2

    # Fixed and imported again: the good rows of the first file are already there.
    _csv(
        tmp_path / "in.csv", [ROWS[0], ["Bad Phone", "699 000 111", "bad@example.com"], *ROWS[1:2]]
    )
    assert _run(db_path, "import", str(source)) == 0
    assert "1 created, 1 already there, 0 with errors" in capsys.readouterr().out


def test_import_of_an_unusable_file_exits_2(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _run(db_path, "import", str(empty)) == 2
    assert "empty" in capsys.readouterr().err
    assert _run(db_path, "import", str(tmp_path / "missing.csv")) == 2
    assert "missing.csv" in capsys.readouterr().err


def test_export_csv_and_vcard_with_filters(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.customers.create(CustomerDraft(name="José Sánchez", email="jose@mail.es", tags=("vip",)))
    shop.customers.create(CustomerDraft(name="Ann Lee", email="ann@example.com"))
    out_csv = tmp_path / "all.csv"
    assert _run(db_path, "export", str(out_csv)) == 0
    assert "2 customers written" in capsys.readouterr().out
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbfname,phone,email")
    vcf = tmp_path / "vip.vcf"
    assert _run(db_path, "export", str(vcf), "--tag", "vip") == 0
    assert vcf.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1
    assert _run(db_path, "export", str(tmp_path / "s.csv"), "--search", "ann") == 0
    assert "1 customers written" in capsys.readouterr().out
    assert _run(db_path, "export", str(tmp_path / "out.xlsx")) == 2
    assert ".csv" in capsys.readouterr().err
    assert [e.action for e in shop.audit.list()] == ["export"] * 3


def test_personal_data_erase_and_audit(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer = shop.customers.create(CustomerDraft(name="José Sánchez", email="jose@mail.es"))
    target = tmp_path / "jose.json"
    assert _run(db_path, "personal-data", str(customer.id), str(target)) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["customer"]["name"] == "José Sánchez"
    assert _run(db_path, "erase", str(customer.id)) == 2
    assert "--yes" in capsys.readouterr().err
    assert shop.customers.get(customer.id).name == "José Sánchez"
    assert _run(db_path, "erase", str(customer.id), "--yes") == 0
    assert shop.customers.get(customer.id).name != "José Sánchez"
    capsys.readouterr()
    assert _run(db_path, "audit") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in lines] == ["erase", "personal_data_export"]
    assert all(f"#{customer.id}" in line for line in lines)
    assert _run(db_path, "erase", "999999", "--yes") == 2


def test_the_import_command_runs_without_qt(shop: Shop, db_path: Path, tmp_path: Path) -> None:
    source = _csv(tmp_path / "in.csv", ROWS[:2])
    code = (
        "import sys\n"
        "from desktop_crm import cli\n"
        f"code = cli.main(['import', {str(source)!r}, '--database', {sqlite_url(db_path)!r}])\n"
        "sys.exit(3 if 'PySide6' in sys.modules else code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 created" in result.stdout
