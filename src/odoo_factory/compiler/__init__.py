"""The compiler: a module specification in, a version-correct Odoo addon out."""

from __future__ import annotations

from odoo_factory.compiler.build import BuildResult, build_addon, render_addon

__all__ = ["BuildResult", "build_addon", "render_addon"]
