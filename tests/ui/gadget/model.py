"""The gadget model, its labels and its place in the repository."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from portfolio.records.fields import Status
from portfolio.records.issues import add_labels

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class Gadget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[Text, Field(pattern=r"^G\d{2,4}$")]
    name: Annotated[Text, Field(min_length=1)]
    unit: Text = ""
    status: Status = Status.NOT_REPORTED
    updated_at: datetime | None = None


FIELD_LABELS = {"code": "Code", "name": "Gadget", "unit": "Unit", "status": "Status", "updated_at": "Updated"}
add_labels(FIELD_LABELS)

STORE = {"model": Gadget, "table": "gadgets", "prefix": lambda g: "G", "placeholder": "G00"}
