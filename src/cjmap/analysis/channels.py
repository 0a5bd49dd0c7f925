"""Channel switches: where consecutive touchpoints change channel."""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.document.model import Journey


@dataclass(frozen=True, slots=True)
class ChannelSwitch:
    """The customer moves from one channel to another between two touchpoints."""

    from_touchpoint: str
    to_touchpoint: str
    from_channel: str
    to_channel: str


def channel_switches(journey: Journey) -> tuple[ChannelSwitch, ...]:
    """Each change of channel between a touchpoint and the previous one that names a
    channel (touchpoints without a channel are skipped; case and surrounding spaces are
    ignored when comparing)."""
    switches: list[ChannelSwitch] = []
    previous: tuple[str, str] | None = None
    for _, tp in journey.touchpoints():
        if tp.channel is None or not tp.channel.strip():
            continue
        if previous is not None and _same(previous[1]) != _same(tp.channel):
            switches.append(ChannelSwitch(previous[0], tp.id, previous[1], tp.channel))
        previous = (tp.id, tp.channel)
    return tuple(switches)


def _same(channel: str) -> str:
    return channel.strip().casefold()
