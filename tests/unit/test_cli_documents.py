"""The headless document command: a PDF written whole, from the same generate() the app uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_crm import cli
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.shop import Shop
from desktop_crm.storage.database import sqlite_url
from tests.unit.documents.pdf_check import page_count, pdf_text


def _run(db_path: Path, *args: str) -> int:
    return cli.main(["document", "--database", sqlite_url(db_path), *args])


def test_comment_cards_in_a_batch_are_written_to_the_file(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cards.pdf"
    assert _run(db_path, "comment_card", str(target), "--count", "6", "--per-sheet", "2") == 0
    assert page_count(target.read_bytes()) == 3
    assert "000001-" in pdf_text(target.read_bytes())
    out, _err = capsys.readouterr()
    assert "3 pages written to" in out


def test_guarantee_letters_for_everyone_who_bought_since_a_day(
    shop: Shop, db_path: Path, tmp_path: Path
) -> None:
    for name, day in (("Пётр Иванов", date(2026, 11, 20)), ("王小明", date(2026, 11, 2))):
        customer = shop.customers.create(CustomerDraft(name, address="Somewhere 1"))
        shop.purchases.add(customer.id, day, "City bike", Decimal("300"))
    target = tmp_path / "letters.pdf"
    assert _run(db_path, "guarantee_letter", str(target), "--bought-since", "2026-11-16") == 0
    text = pdf_text(target.read_bytes())
    assert "Пётр Иванов" in text and "王小明" not in text
    assert page_count(target.read_bytes()) == 1


def test_letters_without_customers_are_refused_and_nothing_is_written(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "letters.pdf"
    assert _run(db_path, "guarantee_letter", str(target)) == 2
    assert not target.exists()
    assert "--customer" in capsys.readouterr().err


def test_an_unwritable_target_is_reported_without_a_traceback(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "brochure.pdf"
    assert _run(db_path, "brochure", str(target)) == 2
    assert "could not be read or written" in capsys.readouterr().err
