"""Frontmatter rules for the coach's posts and pages, runnable without MkDocs.

`python -m coachsite.frontmatter` checks the whole site; the MkDocs hook `hooks/frontmatter.py`
runs the same check before every build.
"""

from __future__ import annotations

from .check import check_file, check_site, markdown_files
from .report import Problem, Report, Severity
from .schema import PageFrontmatter, PostFrontmatter
from .settings import SettingsError, SiteSettings, load_settings

__all__ = [
    "PageFrontmatter",
    "PostFrontmatter",
    "Problem",
    "Report",
    "SettingsError",
    "Severity",
    "SiteSettings",
    "check_file",
    "check_site",
    "load_settings",
    "markdown_files",
]
