"""Translations of the spec's terms: per language, the text of each term (a msgid of the
addon's ``i18n/<module>.pot``) in that language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints

if TYPE_CHECKING:
    from odoo_factory.spec.semantics import _Checker

__all__ = [
    "LANG_CODE",
    "LangCode",
    "Translations",
    "check_i18n_and_company_data",
    "po_file_name",
]

# A res.lang code: a language, optionally a country and a script or variant (sr@latin).
LANG_CODE = r"^[a-z]{2,3}(_[A-Z]{2}|_[0-9]{3})?(@[a-z]+)?$"

LangCode = Annotated[str, StringConstraints(pattern=LANG_CODE)]
Term = Annotated[str, StringConstraints(min_length=1)]

Translations = Annotated[
    dict[LangCode, dict[Term, str]],
    Field(
        description="Per language code (fr_FR, de, pt_BR): {term: translation}; the terms "
        "are the msgids of the addon's i18n/<module>.pot (labels, selection values, help, "
        "view texts, menus, messages)."
    ),
]


def po_file_name(lang: str) -> str:
    """The file Odoo loads for ``lang`` in every series: ``fr`` for fr_FR (the language
    equals its country, ``odoo.tools.get_iso_codes``), else the code itself (pt_BR)."""
    base, _, country = lang.partition("_")
    if country and base == country.split("@")[0].lower():
        return base
    return lang


def check_i18n_and_company_data(checker: _Checker) -> None:
    """Languages have a .po file each, system parameters are declared once, and a
    per-company sequence numbers a field."""
    spec = checker.spec
    files: dict[str, str] = {}
    for lang in spec.translations or {}:
        name = po_file_name(lang)
        if name in files:
            checker.fail(
                ("translations", lang),
                f"{lang!r} and {files[name]!r} would share the file i18n/{name}.po",
                "give each language once: Odoo loads i18n/fr.po for fr_FR and fr_BE alike",
            )
        files[name] = lang
    checker.unique(
        [(p.key, ("parameters", i, "key")) for i, p in enumerate(spec.parameters)],
        "system parameter",
    )
    for i, seq in enumerate(spec.sequences):
        if seq.per_company and not seq.field:
            checker.fail(
                ("sequences", i, "per_company"),
                "a per-company sequence needs 'field': the record's company picks the sequence",
                "add field: model.field, the field numbered on create",
            )
