"""psycopg's cursor, lighter where SQLAlchemy asks it for what it seldom reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import psycopg
from psycopg import ConnectionInfo
from psycopg.pq import ExecStatus
from psycopg.pq.abc import PGresult

# The statuses of a result that has rows (as psycopg's own description decides).
_ROWS = frozenset(s for s in ExecStatus if s.name in ("TUPLES_OK", "SINGLE_TUPLE", "TUPLES_CHUNK"))
Entry = tuple[str, int, None, None, None, None, None]


class Description(Sequence[Entry]):
    """A result's DB-API description, each entry (name, type code, five Nones) made when
    read. SQLAlchemy asks every result for its description but, for a statement it has run
    before, reads nothing of it; psycopg builds a rich Column per column every time."""

    __slots__ = ("_connection", "_result")

    def __init__(self, result: PGresult, connection: ConnectionInfo) -> None:
        self._result = result
        self._connection = connection

    def __len__(self) -> int:
        return self._result.nfields

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        name = (self._result.fname(index) or b"?column?").decode(self._connection.encoding)
        return (name, self._result.ftype(index), None, None, None, None, None)


class Cursor(psycopg.Cursor[Any]):
    """psycopg's client-side cursor with a description made on demand: building psycopg's
    was a sixth of the client's time to log an interaction."""

    @property
    def description(self) -> Description | None:  # type: ignore[override]
        result = self.pgresult
        if result is None or (not result.nfields and result.status not in _ROWS):
            return None
        return Description(result, self.connection.info)
