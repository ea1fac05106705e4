"""desktop_crm: customer care for small shops, offline, on one PC.

This module must import nothing beyond the standard library: ``python -m desktop_crm``
runs it before the environment with the dependencies exists.
"""

__version__ = "0.1.0"
