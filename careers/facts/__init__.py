"""The rules every path shares, each written once. Pure Python: no Django models, no I/O.

- ``language``: indefinite articles and the generated section headings;
- ``salary``: figure limits, inverted ranges, bounds, currency codes and the default currency,
  money/percent/years formatting, the source line, level meaning;
- ``sections``: the page's sections: block names, labels, which are single or required;
- ``site``: the default organisation name and apply text, and how the apply text is filled in;
- ``characters``: control characters and line breaks in one-line text;
- ``text``: rich text as plain words (``plain_text``).
"""
