"""``python -m desktop_crm`` or ``desktop-crm``: CLI commands go to cli.py, the rest opens the app.

Run from a source checkout without the dependencies installed, it first sets up ``.venv``
(see devenv.py) and runs itself there.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # The app takes only options; a first word that is not one names a CLI command. (The
    # CLI's imports are not loaded for the app: start-up time counts.)
    if (args and not args[0].startswith("-")) or args in (["-h"], ["--help"]):
        from desktop_crm import cli

        if args[0] in ("-h", "--help"):
            cli.print_overview()
            return 0
        return cli.main(args)
    from desktop_crm import app

    return app.main(args)


if __name__ == "__main__":
    from desktop_crm.devenv import ensure_environment

    ensure_environment(["-m", "desktop_crm"])
    sys.exit(main())
