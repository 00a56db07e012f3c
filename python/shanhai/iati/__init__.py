"""IATI, the International Aid Transparency Initiative's activity standard: ``write`` exports a
registry as IATI 2.03 activities (``reg.to_iati``), ``read`` reads the activities publishers
publish and counts each transfer that two of them report once (``read_activities``), and
``registry`` puts them in a registry (``read_iati``)."""

from . import read, registry, write
from .read import Activities, Activity, Link, Skipped, Transaction, read_activities
from .registry import read_iati
from .write import (EXTENSION_NS, ORG_TYPES, SECTOR_CODES, TRANSACTION_TYPES, iati_xml, to_iati,
                    validate)

__all__ = ["Activities", "Activity", "EXTENSION_NS", "Link", "ORG_TYPES", "SECTOR_CODES", "Skipped",
           "TRANSACTION_TYPES", "Transaction", "iati_xml", "read", "read_activities", "read_iati", "registry",
           "to_iati", "validate", "write"]
