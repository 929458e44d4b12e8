"""The ``portfolio`` console script: no command opens the terminal UI, any command runs the
core CLI (which never imports Textual, so ``portfolio list`` starts fast)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from portfolio import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse_args(argv)
    if args.command is not None:
        return cli.run(args)
    from portfolio.errors import PortfolioError
    from portfolio.paths import resolve_db

    from .app import make_app

    try:
        app = make_app(resolve_db(getattr(args, "db", None)))
    except PortfolioError as exc:
        print(cli._("Error: {message}").format(message=exc), file=sys.stderr)
        return cli.EXIT_ERROR
    app.run()
    return int(app.return_code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
