"""MLS0xx: the tool's own diagnostics (unparseable cells, unreadable files, unused suppressions)."""
