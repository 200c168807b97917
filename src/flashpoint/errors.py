"""The root of Flashpoint's exceptions.

Every error Flashpoint raises on purpose (an input it cannot read, a store it cannot open, a
filter it cannot parse, a cluster it cannot reach) derives from :class:`FlashpointError`, so a
program embedding Flashpoint can catch them all at once and still let real bugs (a TypeError, a
KeyError) through. Each package defines its subclasses next to the code that raises them; this
module imports nothing, so any module may use it.
"""


class FlashpointError(Exception):
    """A problem Flashpoint can name, caused by its inputs, data or environment rather than a bug."""
