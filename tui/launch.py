"""The ``portfolio`` console script: no command opens the terminal UI, any command runs the
core CLI (which never imports Textual, so ``portfolio list`` starts fast)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from portfolio import cli

BACKGROUND_LOAD_BYTES = 5_000_000  # about 5,000 projects: loads in a blink below that


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse_args(argv)
    if args.command is not None:
        return cli.run(args)
    from portfolio.errors import DatabaseError, PortfolioError
    from portfolio.paths import resolve_db

    from .app import make_app

    db = resolve_db(getattr(args, "db", None))
    if not db.exists():
        print(cli._("Error: {message}").format(message=DatabaseError(db, cli._("the file does not exist"))),
              file=sys.stderr)
        return cli.EXIT_ERROR
    if db.stat().st_size > BACKGROUND_LOAD_BYTES:
        app = make_app(db, background_load=True)  # a large file loads behind a loading screen
    else:
        try:
            app = make_app(db)  # errors are printed before the terminal is taken over
        except PortfolioError as exc:
            print(cli._("Error: {message}").format(message=exc), file=sys.stderr)
            return cli.EXIT_ERROR
    app.run()
    if app.load_error:
        print(cli._("Error: {message}").format(message=app.load_error), file=sys.stderr)
    return int(app.return_code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
