"""``cjmap render``: journeys as pages. :mod:`cjmap.render.run` drives it, :mod:`~.context`
builds the view of a journey and of the index, :mod:`~.formats` writes each output."""
