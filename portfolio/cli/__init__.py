"""The command line (``portfolio COMMAND``); see ``base`` for what the commands share."""

from ..i18n import _
from .base import EXIT_ERROR, EXIT_USAGE, UsageError, build_parser, interrupted, main, parse_args, run

__all__ = ["EXIT_ERROR", "EXIT_USAGE", "UsageError", "_", "build_parser", "interrupted", "main", "parse_args", "run"]
