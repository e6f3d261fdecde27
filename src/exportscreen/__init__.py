"""exportscreen: screen export declarations against China's export controls.

The library core lives in the sub-packages; :mod:`exportscreen.cli` is a thin front end over it.
"""

__version__ = "0.1.0"
