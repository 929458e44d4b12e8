"""The units directory's records (kind ``unit``, table ``units``): one per canonical unit
name, with the other names it is written with and, for a group, its members. Stored beside
the projects so that edits get the store's guarantees (lock, atomic save, merge, undo,
journal); ``portfolio.units.Directory`` reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..i18n import N_
from ..text import entering_validator
from .issues import add_labels

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class UnitRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Name  # the canonical name
    aliases: list[Name] = Field(default_factory=list)
    members: list[Name] = Field(default_factory=list)
    updated_at: datetime | None = None

    _entering = model_validator(mode="before")(entering_validator)  # the text sanitiser


FIELD_LABELS: dict[str, str] = {"code": N_("Unit"), "aliases": N_("Aliases"), "members": N_("Members")}
add_labels({k: v for k, v in FIELD_LABELS.items() if k != "code"})
