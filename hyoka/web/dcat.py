"""The open-data catalogue (/catalog.json) as DCAT in JSON-LD, for CKAN-based portals to harvest.

Pure Python (no Django): the view gathers one ``Dataset`` per published plan and this module writes the
catalogue. ckanext-dcat reads JSON-LD with the W3C DCAT vocabulary: a ``dcat:Catalog`` whose
``dcat:dataset`` are ``dcat:Dataset`` with ``dct:identifier``, ``dct:title``, ``dct:publisher``,
``dct:license``, ``dct:modified`` and ``dcat:distribution`` (each with ``dcat:downloadURL`` and
``dcat:mediaType``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dct:conformsTo": {"@type": "@id"},
}


@dataclass(frozen=True)
class Distribution:
    title: str
    url: str
    media_type: str  # IANA media type: text/csv, application/json
    format: str  # CSV, JSON
    conforms_to: str = ""  # a URL describing the file's columns or schema


@dataclass(frozen=True)
class Dataset:
    identifier: str  # stable: <municipality code>-plan-<plan id>
    title: str
    description: str
    publisher: str  # the municipality, 東京都あきる野市
    municipality_code: str  # 全国地方公共団体コード
    landing_page: str
    modified: datetime | None  # None when unknown: the key is left out
    keywords: tuple[str, ...] = ()
    distributions: tuple[Distribution, ...] = field(default_factory=tuple)


def catalog_document(
    *, url: str, title: str, description: str, license_url: str, datasets: list[Dataset]
) -> dict[str, Any]:
    """The catalogue as a JSON-LD object: every dataset and distribution carries the licence."""
    modified = max((d.modified for d in datasets if d.modified is not None), default=None)
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "dct:license": license_url,
        "dcat:dataset": [_dataset(d, license_url) for d in datasets],
    }
    if modified is not None:
        catalog["dct:modified"] = modified.isoformat()
    return catalog


def _dataset(d: Dataset, license_url: str) -> dict[str, Any]:
    return {
        "@id": d.landing_page,
        "@type": "dcat:Dataset",
        "dct:identifier": d.identifier,
        "dct:title": d.title,
        "dct:description": d.description,
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": d.publisher},
        "dct:spatial": d.municipality_code,
        "dct:license": license_url,
        **({"dct:modified": d.modified.isoformat()} if d.modified is not None else {}),
        "dcat:landingPage": d.landing_page,
        "dcat:keyword": list(d.keywords),
        "dcat:distribution": [
            {
                "@id": x.url,
                "@type": "dcat:Distribution",
                "dct:title": x.title,
                "dcat:downloadURL": x.url,
                "dcat:mediaType": x.media_type,
                "dct:format": x.format,
                "dct:license": license_url,
                **({"dct:conformsTo": x.conforms_to} if x.conforms_to else {}),
            }
            for x in d.distributions
        ],
    }
