"""Reading manifests (CSV, XLSX) and screening them row by row."""
