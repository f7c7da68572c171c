"""How text is compared when searching and filtering: NFKC (全角ＡＢＣ１ = ABC1, ﾈｳﾎﾞﾗ = ネウボラ), case-folded.
A stored search column (hyoka.plans.fields.SearchTextField) and a typed query go through the same function."""

import unicodedata


def normalise(text: str) -> str:
    """For matching: NFKC and case-folded; search, list filters and the search column share it."""
    return unicodedata.normalize("NFKC", text).casefold()
