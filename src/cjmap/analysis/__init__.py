"""``cjmap analyze``: the numbers of spec section 5 (:mod:`cjmap.analysis.run` and one module per
kind of number), and the formats that show them (:mod:`cjmap.analysis.formats`)."""
