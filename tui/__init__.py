"""nn-basics: a terminal tutorial for neural-network programming basics.

Kept import-free on purpose: the kernel child imports this package, and it
must start fast without pulling in Textual.
"""

__version__ = "0.1.0"
