"""The index page's view, built as the journeys' pages come back.

An :class:`IndexBuilder` takes each journey's :class:`~cjmap.render.context.IndexEntry` as it
arrives and keeps only what is bounded in memory: the ten top opportunities, the portfolio's
owners and tags, and per row a few numbers to sort by. The journeys table and the portfolio's
rows wait in a :class:`~cjmap.util.spool.Spool` (as ``analyze``'s parts do) and are read
back one at a time, in order, while the page is written. So the index of ten thousand
journeys needs about the memory of the index of a hundred.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, TypeVar, overload

from cjmap.render.context import (
    TOP_OPPORTUNITIES,
    IndexEntry,
    IndexOpportunity,
    IndexRow,
    IndexView,
    PortfolioGroup,
    PortfolioRowView,
    PortfolioView,
    heat_level,
)
from cjmap.render.messages import Formatter
from cjmap.util.spool import Spool

_Row = TypeVar("_Row")


class SpooledRows(Sequence[_Row]):
    """Rows kept in a :class:`Spool`, in the order of ``offsets``, each made again from its
    stored values by ``make`` when it is read (templates loop over them, count them with
    ``|length``, and may take one by its index)."""

    def __init__(self, spool: Spool, offsets: array[int], make: Callable[..., _Row]) -> None:
        self._spool = spool
        self._offsets = offsets
        self._make = make

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> _Row: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[_Row]: ...

    def __getitem__(self, index: int | slice) -> _Row | Sequence[_Row]:
        if isinstance(index, slice):
            return SpooledRows(self._spool, self._offsets[index], self._make)
        return self._make(*self._spool.read(self._offsets[index]))

    def __iter__(self) -> Iterator[_Row]:
        read, make = self._spool.read, self._make
        for offset in self._offsets:
            yield make(*read(offset))

    def __repr__(self) -> str:
        return f"<{len(self)} spooled rows>"


class _Group:
    """One status's portfolio rows as they arrive: where each is spooled and its score."""

    __slots__ = ("offsets", "scores")

    def __init__(self) -> None:
        self.offsets = array("q")
        self.scores = array("d")

    def ranked(self) -> array[int]:
        """The offsets, highest score first; ties in the order the rows came."""
        scores = self.scores
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        return array("q", (self.offsets[i] for i in order))


class IndexBuilder:
    """The index of the journeys given to :meth:`add`, in that order (see the module's
    docstring). :meth:`finish` gives the view; it reads the temporary file until
    :meth:`close` (or the end of a ``with`` block) removes it."""

    def __init__(self, fmt: Formatter) -> None:
        self._fmt = fmt
        self._spool = Spool()
        self._journeys = array("q")
        self._order = 0
        self._top: list[tuple[tuple[float, int, int], IndexOpportunity]] = []
        self._groups: dict[str, _Group] = {}
        from cjmap.analysis.portfolio import STATUSES

        for status in STATUSES:
            self._groups[status] = _Group()
        self._owners: set[str] = set()
        self._tags: set[str] = set()
        self._unowned = False
        self._finished = False

    def add(self, entry: IndexEntry) -> None:
        """Take one journey's entry (the next in the index's order)."""
        if self._finished:
            raise RuntimeError("the index is already finished")
        fmt, spool = self._fmt, self._spool
        self._journeys.append(spool.write(_journey_row(entry, fmt)))
        order = self._order
        self._order += 1
        for rank, opp in enumerate(entry.opportunities):
            if opp.score is not None:
                self._top.append(((-(opp.score or 0.0), order, rank), opp))
        if len(self._top) > 4 * TOP_OPPORTUNITIES:
            self._keep_top()
        for item in entry.portfolio:
            group = self._groups.get(item.status)
            if group is None:
                group = self._groups[item.status] = _Group()
            row = (
                item.id,
                item.text,
                item.href,
                entry.id,
                entry.title,
                entry.href,
                entry.lang,
                item.touchpoint,
                item.pain_points,
                item.score,
                fmt.score(item.score),
                item.owner,
                item.status,
                item.tags,
            )
            group.offsets.append(spool.write(row))
            group.scores.append(item.score or 0.0)
            if item.owner is None:
                self._unowned = True
            else:
                self._owners.add(item.owner)
            self._tags.update(item.tags)

    def _keep_top(self) -> None:
        # The keys are unique (journey, then rank), so the opportunities are never compared.
        self._top.sort(key=lambda item: item[0])
        del self._top[TOP_OPPORTUNITIES:]

    def finish(self) -> IndexView:
        """The index of the entries added: the journeys in the order given; the top
        opportunities, highest score first, ties in journey then ranking order; the
        portfolio grouped by status, highest score first within a group, ties in journey
        then ranking order."""
        self._finished = True
        self._keep_top()
        fmt, spool = self._fmt, self._spool
        top = tuple(
            dataclasses.replace(opp, score_text=fmt.score(opp.score)) for _, opp in self._top
        )
        groups = tuple(
            PortfolioGroup(status, SpooledRows(spool, group.ranked(), PortfolioRowView))
            for status, group in self._groups.items()
            if group.offsets
        )
        portfolio = PortfolioView(
            groups=groups,
            owners=tuple(sorted(self._owners, key=str.casefold)),
            unowned=self._unowned,
            tags=tuple(sorted(self._tags, key=str.casefold)),
            count=sum(len(group.rows) for group in groups),
        )
        journeys = SpooledRows(spool, self._journeys, IndexRow)
        return IndexView(journeys=journeys, opportunities=top, portfolio=portfolio)

    def close(self) -> None:
        """Remove the temporary file (the view of :meth:`finish` can no longer be read)."""
        self._spool.close()

    def __enter__(self) -> IndexBuilder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _journey_row(e: IndexEntry, fmt: Formatter) -> tuple[Any, ...]:
    """The values of the journey's :class:`IndexRow`, in the order of its fields."""
    return (
        e.id,
        e.title,
        e.href,
        e.state,
        e.lang,
        e.file,
        e.personas,
        fmt.friction(e.friction),
        heat_level(e.friction),
        fmt.emotion(e.peak_end, e.scale, with_scale=True),
        e.top_hotspot,
        fmt.friction(e.top_hotspot_friction),
        heat_level(e.top_hotspot_friction),
    )


def build_index(entries: Iterable[IndexEntry], fmt: Formatter) -> IndexView:
    """The index of ``entries`` at once (an :class:`IndexBuilder` fed them all); its
    temporary file is removed once the view is no longer used."""
    builder = IndexBuilder(fmt)
    for entry in entries:
        builder.add(entry)
    return builder.finish()
