"""The rules every path shares, each written once. Pure Python: no Django models, no I/O.

- ``language``: indefinite articles and the generated section headings;
- ``salary``: figure limits, inverted ranges, currency codes, money/percent/years formatting,
  level meaning;
- ``characters``: control characters and line breaks in one-line text;
- ``text``: rich text as plain words (``plain_text``).
"""
