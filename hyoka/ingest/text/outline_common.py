"""Where `hyoka.ingest.meaning` (document.py, stream.py) finds the outline layout's heading matching.

The code lives in `hyoka.ingest.text.outline.headings`; this module goes once meaning/ imports it from there.
"""

from hyoka.ingest.text.outline.headings import level_rank, match_heading

__all__ = ["level_rank", "match_heading"]
