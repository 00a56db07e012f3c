"""Example data sets, each built only through the public API."""

from .siming_linxia import siming_linxia_2018

__all__ = ["siming_linxia_2018"]
