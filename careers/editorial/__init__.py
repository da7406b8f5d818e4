"""Editorial rules: the content checks, the editor's checks panel and its live view, the review workflow."""
