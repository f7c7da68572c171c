"""Where `hyoka.ingest.meaning.document` finds the outline layout's KPI merging and plan kind.

The code lives in `hyoka.ingest.text.outline.document`; this module goes once meaning/ imports it from there.
"""

from hyoka.ingest.text.outline.document import merge_indicator, plan_kind

__all__ = ["merge_indicator", "plan_kind"]
