"""Loading, validating and fingerprinting the YAML rules (control lists, measures, vocabularies)."""
