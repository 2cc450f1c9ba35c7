"""mutasi: nightly ASN personnel consolidation, indices and mutation recommendations."""

__version__ = "0.1.0"
