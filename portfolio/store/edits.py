"""The writing half of the contract, written once for every backend: each public write
(add, update, update_many, upsert_many, delete) is validated, ruled (``portfolio.progress``)
and turned into ops (``steps.Op``) here; the backend writes the ops as one step
(``_write``), merging them with what others wrote since (``steps.plan``)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..errors import InvalidProject
from ..i18n import _
from ..progress import apply_rule
from .base import Change
from .base import Repository as RepositoryBase
from .kinds import Kind, get_kind, record_dict
from .steps import Op, issue, same, validated

Raw = dict[str, Any]


class EditingRepository(RepositoryBase):
    """``Repository`` with the public writes made of ops; a backend supplies the three hooks."""

    @abstractmethod
    def _raw_of(self, kind: Kind, code: str) -> Raw:
        """The JSON form of this repository's copy of a record. Raises ``NotFound``."""

    @abstractmethod
    def _has(self, kind: str, code: str) -> bool:
        """Whether a record of ``kind`` has ``code``."""

    @abstractmethod
    def _write(self, action: str, ops: list[Op]) -> list[Change]:
        """Write ``ops`` as one step (atomic, merged, journalled); the changes made."""

    def _edit_op(self, kind: Kind, code: str, changes: dict[str, Any], base: Any,
                 when: date | None, note: str) -> Op | None:
        """The op of one edit, validated and with the progress rule applied; None when it
        changes nothing."""
        current = self._raw_of(kind, code)
        base_raw = record_dict(base) if base is not None else current
        if "code" in changes and changes["code"] != code:
            raise InvalidProject([issue("code", _("the code of a record cannot change"))], code, kind.name)
        candidate = validated(kind, {**base_raw, **changes, "code": code}, code)
        mine = record_dict(candidate)
        explicit = {k for k in changes if mine.get(k) != base_raw.get(k)}
        ruled = apply_rule(base_raw, mine, explicit=explicit, when=when, note=note, code=code,
                           kind=kind.name)
        if ruled != mine:
            mine = record_dict(validated(kind, ruled, code))
        if same(mine, base_raw):
            return None
        return Op(kind, code, base_raw, mine)

    def add(self, fields: dict[str, Any], *, kind: str = "project", when: date | None = None,
            note: str = "") -> Change:
        k = get_kind(kind)
        fields = dict(fields)
        given = fields.get("code") or None
        if given and self._has(k.name, given):
            raise InvalidProject([issue("code", _("code {code} is already used").format(code=given))], given, k.name)
        # validate before taking the lock (a placeholder code when none is given)
        candidate = validated(k, {**fields, "code": given or k.placeholder}, given)
        mine = apply_rule(None, record_dict(candidate), explicit=set(fields), when=when, note=note, code=given,
                          kind=k.name)
        model = validated(k, mine, given)
        return self._write("add", [Op(k, given, None, record_dict(model), model=model)])[0]

    def update(self, code: str, changes: dict[str, Any], *, base: Any = None, when: date | None = None,
               note: str = "", kind: str = "project") -> Change:
        k = get_kind(kind)
        op = self._edit_op(k, code, changes, base, when, note)
        if op is None:
            current = self.get(code, kind)
            return Change("update", code, current, current, k.name)
        return self._write("update", [op])[0]

    def update_many(self, changes: dict[str, dict[str, Any]], *, action: str = "bulk",
                    when: date | Mapping[str, date] | None = None, note: str | Mapping[str, str] = "",
                    kind: str = "project", bases: Mapping[str, Any] | None = None) -> list[Change]:
        k = get_kind(kind)
        ops = []
        for code, fields in changes.items():
            day = when.get(code) if isinstance(when, Mapping) else when
            text = note if isinstance(note, str) else note.get(code, "")
            op = self._edit_op(k, code, fields, (bases or {}).get(code), day, text)
            if op is not None:
                ops.append(op)
        return self._write(action, ops) if ops else []

    def upsert_many(self, records: list[Any], action: str = "import", *, when: date | None = None,
                    kind: str = "project") -> list[Change]:
        k = get_kind(kind)
        ops: list[Op] = []
        for record in self.differing(records, kind):
            if self._has(k.name, record.code):
                fields = {key: v for key, v in record_dict(record).items() if key != "updated_at"}
                op = self._edit_op(k, record.code, fields, None, when, "")
            else:
                mine = apply_rule(None, record_dict(record), explicit=set(), when=when, code=record.code,
                                  kind=k.name)
                model = validated(k, mine, record.code)
                op = Op(k, record.code, None, record_dict(model), model=model)
            if op is not None:
                ops.append(op)
        return self._write(action, ops) if ops else []

    def delete(self, code: str, *, base: Any = None, kind: str = "project") -> Change:
        k = get_kind(kind)
        current = self._raw_of(k, code)
        base_raw = record_dict(base) if base is not None else current
        return self._write("delete", [Op(k, code, base_raw, None)])[0]



