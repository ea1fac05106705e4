"""Where the database lives: the network-drive check that protects SQLite's WAL."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_crm.services.locations import is_on_network_drive

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export /mnt/shop nfs4 rw,relatime 0 0
//nas/share /mnt/nas\\040box cifs rw 0 0
/dev/sdb1 /mnt/shop/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/owner/shop.sqlite3", False),
        ("/mnt/shop/shop.sqlite3", True),
        ("/mnt/shopping/shop.sqlite3", False),  # a longer name is not inside /mnt/shop
        ("/mnt/nas box/crm/shop.sqlite3", True),  # spaces are escaped as \040 in mounts
        ("/mnt/shop/local/shop.sqlite3", False),  # the longest mount point decides
    ],
)
def test_network_file_systems_are_recognised(path: str, network: bool) -> None:
    assert is_on_network_drive(Path(path), MOUNTS) is network


def test_a_real_local_file_is_not_on_a_network_drive(tmp_path: Path) -> None:
    database = tmp_path / "shop.sqlite3"
    database.write_bytes(b"")
    assert is_on_network_drive(database) is False
