"""Search and social presentation: <head> metadata, schema.org JSON-LD, social cards, robots.txt."""
