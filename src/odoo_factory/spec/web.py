"""Web pages of an addon: HTTP controllers with their routes, and the QWeb templates they
render.

A route either renders a template with the records of a model, answers JSON with chosen
fields of them, or runs a Python body that returns the response. A controller may extend a
controller of another addon (``extends``) and override one of its routes, calling ``super()``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_factory.spec.patterns import CLASS_PATH, IDENT, MODEL_NAME, URL, XMLID

__all__ = ["Controller", "Route", "Template"]

# /path/<int:name>/more — converters Odoo knows, names that are identifiers


HttpMethod = Literal["GET", "POST"]


def _get_only() -> list[HttpMethod]:
    return ["GET"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Route(_Strict):
    """One route of a controller."""

    name: str | None = Field(
        default=None, pattern=IDENT, description="Method name (default: from the url)."
    )
    url: str | None = Field(default=None, pattern=URL, max_length=300)
    auth: Literal["public", "user", "none"] = "user"
    type: Literal["http", "json"] = "http"
    methods: list[HttpMethod] = Field(default_factory=_get_only)
    csrf: bool = True
    template: str | None = Field(default=None, pattern=XMLID, description="QWeb template id.")
    model: str | None = Field(default=None, pattern=MODEL_NAME, description="Records to show.")
    domain: list[Any] = Field(default_factory=list, description="Filter on the records.")
    fields: list[str] = Field(default_factory=list, description="JSON: fields of each record.")
    sudo: bool = Field(default=False, description="Read the records as superuser.")
    override: str | None = Field(
        default=None, pattern=IDENT, description="Route method of the extended controller."
    )
    python: str | None = Field(
        default=None,
        description="Body; `request`, `env`, `kwargs` (and `records` with model) are "
        "available; it returns the response.",
    )

    @property
    def method(self) -> str:
        if self.name:
            return self.name
        if self.override:
            return self.override
        path = re.sub(r"<[a-z]+(\([a-z_.]+\))?:", "<", self.url or "")
        words = re.findall(r"[a-z0-9]+", path.lower())
        return "_".join(["route", *words]) if words else "route_root"

    @model_validator(mode="after")
    def _shape(self) -> Route:
        if self.override is None and self.url is None:
            raise ValueError("a route needs a 'url' (or 'override' of an extended route)")
        if self.override is not None and (self.template or self.model):
            raise ValueError("an override runs its 'python' body; it has no template or model")
        if self.override is not None and not self.python:
            raise ValueError("an override needs a 'python' body (call super() in it)")
        if self.type == "json" and self.template:
            raise ValueError("a JSON route answers data; a template is for 'type: http'")
        if self.template is None and self.model is None and self.python is None:
            raise ValueError("a route renders a 'template', answers a 'model', or runs 'python'")
        if (self.domain or self.fields or self.sudo) and self.model is None:
            raise ValueError("'domain', 'fields' and 'sudo' belong to a route with a 'model'")
        if self.fields and self.type != "json":
            raise ValueError("'fields' choose what a JSON route answers; use 'type: json'")
        return self


class Controller(_Strict):
    """A controller class: ``controllers/<name>.py``."""

    name: str = Field(pattern=IDENT, description="File and class name base.")
    extends: str | None = Field(
        default=None,
        pattern=CLASS_PATH,
        description="Controller to extend: 'addon.module.path.ClassName' "
        "(e.g. portal.controllers.portal.CustomerPortal).",
    )
    routes: list[Route] = Field(min_length=1)

    @model_validator(mode="after")
    def _overrides(self) -> Controller:
        for route in self.routes:
            if route.override and not self.extends:
                raise ValueError(
                    f"route {route.override!r} overrides a route: name the controller it "
                    "extends with 'extends'"
                )
        names = [r.method for r in self.routes]
        if len(names) != len(set(names)):
            raise ValueError("two routes share a method name: give them distinct 'name's")
        return self


class Template(_Strict):
    """A QWeb template (``<template id=...>``); ``body`` is its markup."""

    id: str = Field(pattern=IDENT)
    name: str | None = None
    body: str = Field(min_length=1, max_length=200_000)

    @field_validator("body")
    @classmethod
    def _well_formed(cls, body: str) -> str:
        try:
            ET.fromstring(f"<t>{body}</t>")
        except ET.ParseError as exc:
            raise ValueError(f"the template body is not well-formed XML: {exc}") from None
        return body
