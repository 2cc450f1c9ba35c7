"""Validation of regency extracts: pandera row schemas, Great Expectations suites, column maps."""
