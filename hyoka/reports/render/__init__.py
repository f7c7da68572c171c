"""Renderers of the report model: ``pdf``, ``xlsx`` and ``html``, each ``render(report) -> bytes``."""
