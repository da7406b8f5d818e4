"""Log formatting that keeps one record on one line, whatever text the record quotes."""

from __future__ import annotations

import logging

from careers.facts.characters import escape_control_characters


class SingleLineFormatter(logging.Formatter):
    """Escapes CR, LF and other control characters in the message, so input cannot forge lines.

    Applied to the handler rather than at each call, so every logger (ours, Django's,
    Wagtail's) gets it and no new ``logger.info("… %s", user_value)`` can forget it.
    A traceback, appended after the message, keeps its own line breaks.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        return escape_control_characters(line)
